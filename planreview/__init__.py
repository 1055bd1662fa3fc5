"""planreview: read a plan, score it against a checklist, draft the county's response.

The pipeline is read → match → score → render; each stage is its own subpackage, and
``planreview.api`` is the service layer that the command line (``planreview.cli``) and the web
app (``planreview.web``) call. The names below are imported when first used, so that
``import planreview`` (and every command) loads only what it needs.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

__all__ = ["Block", "BlockKind", "Document", "Page", "__version__", "read_document"]


def __getattr__(name: str) -> Any:
    if name in ("Block", "BlockKind", "Document", "Page"):
        from . import model

        return getattr(model, name)
    if name == "read_document":
        from .read import read_document

        return read_document
    raise AttributeError(f"module 'planreview' has no attribute {name!r}")

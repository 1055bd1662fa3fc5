"""planreview: read a plan, score it against a checklist, draft the county's response.

The pipeline is read → match → score → render; each stage is its own subpackage and the
click CLI (``planreview.cli``) is a thin layer over these functions.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .model import Block, BlockKind, Document, Page
from .read import read_document

__all__ = ["Block", "BlockKind", "Document", "Page", "__version__", "read_document"]

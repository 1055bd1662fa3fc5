"""planreview's per-user cache folder: compiled templates and validated checklists.

The cache only saves time; it never changes a result. Entries are keyed by a checksum of
their source, so an edited checklist or template is parsed afresh. The folder is
``$PLANREVIEW_CACHE_DIR``, else ``$XDG_CACHE_HOME/planreview``, else ``~/.cache/planreview``,
readable by its owner only; ``PLANREVIEW_NO_CACHE=1`` turns it off. Where it cannot be made,
planreview runs without it.
"""

from __future__ import annotations

import contextlib
import os
from functools import lru_cache
from pathlib import Path


def cache_dir(kind: str) -> Path | None:
    """The cache folder for one kind of entry, created if need be; None when there is none."""
    root = _root()
    if root is None:
        return None
    folder = root / kind
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
    except OSError:
        return None
    return folder


@lru_cache(maxsize=1)
def _root() -> Path | None:
    if os.environ.get("PLANREVIEW_NO_CACHE"):
        return None
    given = os.environ.get("PLANREVIEW_CACHE_DIR")
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    root = Path(given) if given else base / "planreview"
    try:
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        if hasattr(os, "getuid") and root.stat().st_uid != os.getuid():
            return None  # somebody else's folder: never read what another user could have written
    except (OSError, RuntimeError):
        return None
    return root


def write_atomic(path: Path, data: bytes) -> None:
    """Write a cache entry so that no reader ever sees half of it; a failure only costs time."""
    import tempfile

    with contextlib.suppress(OSError):
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)

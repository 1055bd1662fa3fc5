"""Older and other word-processor formats (.doc, .odt, .rtf) through LibreOffice.

LibreOffice runs headless, with a throw-away user profile (so it neither touches nor waits for
the user's own, and two workers never share one), converts the file to DOCX in a temporary
folder, and is stopped after ``PLANREVIEW_CONVERT_SECONDS`` (default 120). The DOCX is then
read like any other Word file.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import CorruptDocument, UnsupportedFormat
from ..messages import say

CONVERTED = frozenset({".doc", ".odt", ".rtf"})
"""Extensions read through LibreOffice."""


def soffice() -> str | None:
    """The LibreOffice program (``soffice`` or ``libreoffice``) on the PATH, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _timeout() -> float:
    try:
        return float(os.environ.get("PLANREVIEW_CONVERT_SECONDS", "120"))
    except ValueError:
        return 120.0


@contextmanager
def converted_to_docx(path: Path) -> Iterator[Path]:
    """Convert ``path`` (.doc, .odt, .rtf) to a temporary DOCX and yield its path.

    Raises ``UnsupportedFormat`` (exit 4) when LibreOffice is not installed, naming how to
    install it, and ``CorruptDocument`` (exit 5) when LibreOffice cannot open the file or does
    not finish within the time limit. The temporary folder is removed afterwards.
    """
    program = soffice()
    ext = path.suffix.lower()
    if program is None:
        raise UnsupportedFormat(say("convert_missing", path=path, ext=ext), path=str(path))
    with tempfile.TemporaryDirectory(prefix="planreview-convert-") as tmp:
        work = Path(tmp)
        # A plain ASCII name: LibreOffice's command line and output naming stay predictable.
        source = work / f"plan{ext}"
        shutil.copyfile(path, source)
        cmd = [
            program,
            "--headless",
            "--norestore",
            "--nolockcheck",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        proc = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, start_new_session=True
        )
        try:
            proc.communicate(timeout=_timeout())
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)  # LibreOffice starts helpers; stop the whole group
            proc.communicate()
            raise CorruptDocument(say("convert_timeout", path=path, seconds=int(_timeout())), path=str(path)) from None
        result = work / "out" / "plan.docx"
        if proc.returncode != 0 or not result.is_file() or result.stat().st_size == 0:
            raise CorruptDocument(say("convert_failed", path=path), path=str(path))
        yield result

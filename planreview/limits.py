"""Limits checked before work, for every input: what a plan or a settings file may cost.

A county runs planreview on whatever arrives (and later on anyone's upload), so every input
is measured before it is read: its size, its pages and their dimensions, a DOCX's unpacked
size and entry count, a YAML file's aliases and nesting, a template's render budget, the
time a batch worker may spend on one plan. Each limit has a default and an environment
variable that raises (or lowers) it; the README lists them.

A plan over a limit raises ``LimitExceeded`` (exit code 16) naming the limit and how to
raise it; a checklist, settings, overrides or template file over a limit raises its own
file's error (9, 11, 12, 10) with the same wording.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import LimitExceeded, PlanreviewError
from .messages import say


@dataclass(frozen=True)
class Limit:
    """One limit: its name for messages, its environment variable, default and unit."""

    key: str
    env: str
    default: float
    unit: str
    """The unit of the environment variable's value: "MiB", "s", "pt" or "" (a count)."""
    what: tuple[str, str]
    """What is limited, in nynorsk and bokmål ("filstorleik", "filstørrelse")."""

    def value(self) -> float:
        """The limit in force: the environment variable when it is a positive number, else the default."""
        raw = os.environ.get(self.env, "").strip()
        if raw:
            try:
                v = float(raw)
            except ValueError:
                return self.default
            if v > 0:
                return v
        return self.default

    def nbytes(self) -> int:
        """For a MiB limit: the limit in bytes."""
        return int(self.value() * 1024 * 1024)

    def count(self) -> int:
        return int(self.value())

    def shown(self) -> str:
        v = self.value()
        number = f"{v:g}"
        return f"{number} {self.unit}".strip()


FILE_SIZE = Limit("file_size", "PLANREVIEW_MAX_FILE_MB", 256, "MiB", ("filstorleik", "filstørrelse"))
PAGES = Limit("pages", "PLANREVIEW_MAX_PAGES", 5000, "", ("tal på sider", "antall sider"))
PAGE_SIDE = Limit("page_side", "PLANREVIEW_MAX_PAGE_PT", 14400, "pt", ("sidestorleik", "sidestørrelse"))
TEXT_CHARS = Limit(
    "text_chars",
    "PLANREVIEW_MAX_TEXT_MCHARS",
    20,
    "M",
    ("tekstmengd (millionar teikn)", "tekstmengde (millioner tegn)"),
)
DOCX_UNZIPPED = Limit(
    "docx_unzipped", "PLANREVIEW_MAX_UNZIPPED_MB", 256, "MiB", ("utpakka storleik", "utpakket størrelse")
)
DOCX_PART = Limit("docx_part", "PLANREVIEW_MAX_XML_MB", 64, "MiB", ("storleik på XML-del", "størrelse på XML-del"))
DOCX_ENTRIES = Limit(
    "docx_entries", "PLANREVIEW_MAX_ZIP_ENTRIES", 5000, "", ("tal på delar i fila", "antall deler i filen")
)
CONFIG_SIZE = Limit("config_size", "PLANREVIEW_MAX_CONFIG_MB", 4, "MiB", ("filstorleik", "filstørrelse"))
YAML_NODES = Limit(
    "yaml_nodes", "PLANREVIEW_MAX_YAML_NODES", 200000, "", ("YAML-nodar etter alias", "YAML-noder etter alias")
)
YAML_DEPTH = Limit("yaml_depth", "PLANREVIEW_MAX_YAML_DEPTH", 32, "", ("YAML-djupn", "YAML-dybde"))
RENDER_CHARS = Limit(
    "render_chars",
    "PLANREVIEW_MAX_RENDER_MCHARS",
    8,
    "M",
    ("tekst laga av malen (millionar teikn)", "tekst laget av malen (millioner tegn)"),
)
RENDER_SECONDS = Limit("render_seconds", "PLANREVIEW_MAX_RENDER_S", 10, "s", ("tid for malen", "tid for malen"))
PLAN_SECONDS = Limit("plan_seconds", "PLANREVIEW_MAX_PLAN_S", 60, "s", ("tid per plan", "tid per plan"))
PAGE_SECONDS = Limit(
    "page_seconds", "PLANREVIEW_MAX_PAGE_S", 0.5, "s", ("tid per side (tillegg)", "tid per side (tillegg)")
)
MEMORY = Limit("memory", "PLANREVIEW_MAX_MEMORY_MB", 768, "MiB", ("minne per plan", "minne per plan"))
BATCH_UPLOAD = Limit(
    "batch_upload",
    "PLANREVIEW_MAX_BATCH_MB",
    1024,
    "MiB",
    ("storleik på ei opplasting av mange planar", "størrelse på en opplasting av mange planer"),
)
BATCH_FILES = Limit(
    "batch_files",
    "PLANREVIEW_MAX_BATCH_FILES",
    1000,
    "",
    ("tal på planar i ei opplasting", "antall planer i en opplasting"),
)
RENDER_MEMORY = Limit("render_memory", "PLANREVIEW_MAX_RENDER_MB", 256, "MiB", ("minne for malen", "minne for malen"))

ALL: tuple[Limit, ...] = (
    FILE_SIZE,
    PAGES,
    PAGE_SIDE,
    TEXT_CHARS,
    DOCX_UNZIPPED,
    DOCX_PART,
    DOCX_ENTRIES,
    CONFIG_SIZE,
    YAML_NODES,
    YAML_DEPTH,
    RENDER_CHARS,
    RENDER_SECONDS,
    RENDER_MEMORY,
    BATCH_UPLOAD,
    BATCH_FILES,
    PLAN_SECONDS,
    PAGE_SECONDS,
    MEMORY,
)


def exceeded(
    limit: Limit, path: Path | str, found: str, error: type[PlanreviewError] = LimitExceeded
) -> PlanreviewError:
    """The error for ``path`` going over ``limit`` (``found`` says by how much), in the chosen målform."""
    from .messages import current_malform

    what = limit.what[0] if current_malform() == "nn" else limit.what[1]
    return error(
        say("limit", path=path, what=what, found=found, limit=limit.shown(), env=limit.env),
        path=str(path),
    )


def mib(n: int) -> str:
    """A byte count as MiB for messages ("312 MiB")."""
    return f"{n / 1024 / 1024:.0f} MiB"


# --- time ----------------------------------------------------------------------------------


class _Timeout(BaseException):
    """Raised by the alarm inside the guarded code; turned into the caller's error at the edge.

    A BaseException, so that no ``except Exception`` on the way swallows it.
    """


_active: list[list[float]] = []
"""The deadline (time.monotonic) of the time limit in force, in a one-item list; empty when none."""


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float, make_error: Any) -> Iterator[None]:
    """Run the block under a wall-clock limit of ``seconds``; over it, raise ``make_error()``.

    The alarm (SIGALRM) interrupts Python code between bytecodes, so a loop in a template or
    a reader that runs away is stopped; a single C call finishes first. Only the main thread
    of a process can take signals: elsewhere the block runs without this limit (the other
    limits still hold). Inside another time limit the outer one stays in force.
    ``extend_time`` moves the deadline (a reader that has counted the pages).
    """
    if seconds <= 0 or _active or not _can_alarm():
        yield
        return

    fired = False

    def on_alarm(signum: int, frame: Any) -> None:
        nonlocal fired
        fired = True
        raise _Timeout()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    _active.append([time.monotonic() + seconds])
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Timeout:
        raise make_error() from None
    except BaseException:
        if fired:
            # The alarm's exception was turned into another on its way out: ctypes reports one
            # raised while it converts a call's arguments (pypdfium2) as ``ArgumentError``.
            raise make_error() from None
        raise
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        _active.clear()
        signal.signal(signal.SIGALRM, previous)


def extend_time(seconds: float) -> None:
    """Give the time limit in force ``seconds`` more (no-op without one)."""
    if _active and seconds > 0 and _can_alarm():
        _active[0][0] += seconds
        signal.setitimer(signal.ITIMER_REAL, max(0.001, _active[0][0] - time.monotonic()))


def deadline() -> float | None:
    """The deadline (``time.monotonic()`` seconds) of the time limit in force, None without one."""
    return _active[0][0] if _active else None


def allow_pages(pages: int) -> None:
    """A reader that knows the page count scales the plan's time limit by it."""
    extend_time(PAGE_SECONDS.value() * max(0, pages))


def plan_seconds(pages: int) -> float:
    """The time one plan of ``pages`` pages may take: ``PLAN_SECONDS`` + ``PAGE_SECONDS`` per page."""
    return PLAN_SECONDS.value() + PAGE_SECONDS.value() * max(0, pages)


def plan_time_limit(path: Path | str) -> Any:
    """The time limit for reading and scoring one plan (``PLAN_SECONDS``, plus ``PAGE_SECONDS``
    per page once the reader has counted them); over it, LimitExceeded (exit 16)."""
    return time_limit(
        PLAN_SECONDS.value(),
        lambda: exceeded(PLAN_SECONDS, path, f"> {PLAN_SECONDS.shown()} + {PAGE_SECONDS.shown()}/side"),
    )


# --- memory ------------------------------------------------------------------------------


def _data_bytes() -> int | None:
    """This process's data segment (VmData: heap and private mappings), or None where unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def data_bytes() -> int | None:
    """This process's data segment in bytes (what the memory limit counts), or None where unknown."""
    return _data_bytes()


def memory_left() -> int | None:
    """Bytes the memory limit in force (RLIMIT_DATA) still leaves this process, or None when no
    limit is set or the platform cannot tell."""
    try:
        import resource
    except ImportError:  # pragma: no cover - not Linux
        return None
    soft, _ = resource.getrlimit(resource.RLIMIT_DATA)
    now = _data_bytes()
    if soft == resource.RLIM_INFINITY or now is None:
        return None
    return max(0, soft - now)


_memory_windows: list[int] = []


@contextmanager
def memory_limit(headroom: int, make_error: Any) -> Iterator[None]:
    """Run the block with at most ``headroom`` bytes more heap than the process has now; past
    it an allocation fails, and the MemoryError becomes ``make_error()``.

    The kernel enforces it (RLIMIT_DATA, which counts heap and private mappings, so C
    libraries such as PDFium are held too); the limit in force before is put back after the
    block. A backstop under the limits checked before work: whatever input nobody foresaw
    ends as a clear error, not a machine out of memory. Inside another memory limit the
    tighter one holds. Does nothing where the platform has no such limit.
    """
    try:
        import resource
    except ImportError:  # pragma: no cover - not Linux
        yield
        return
    now = _data_bytes()
    if now is None or headroom <= 0:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_DATA)
    want = now + headroom
    if hard != resource.RLIM_INFINITY:
        want = min(want, hard)
    if soft != resource.RLIM_INFINITY and soft <= want:
        want = soft  # an outer limit is tighter: keep it
    try:
        resource.setrlimit(resource.RLIMIT_DATA, (want, hard))
    except (ValueError, OSError):
        yield
        return
    _memory_windows.append(want)
    try:
        yield
    except MemoryError:
        raise make_error() from None
    finally:
        _memory_windows.pop()
        with suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))


def narrow_memory(share: float) -> None:
    """In a helper process forked inside a memory limit: keep ``share`` of what the window leaves
    (the parent keeps its own window), so that parent and helper together stay within about
    1 + ``share`` times the limit. No-op outside a limit."""
    if not _memory_windows:
        return
    import resource

    now = _data_bytes()
    if now is None:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    want = now + max(0, int((_memory_windows[-1] - now) * share))
    with suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_DATA, (want, hard))


def plan_memory_limit(path: Path | str) -> Any:
    """The memory a plan may take while it is read and scored (``PLANREVIEW_MAX_MEMORY_MB``)."""
    return memory_limit(MEMORY.nbytes(), lambda: exceeded(MEMORY, path, "MemoryError"))


def memory_error(path: Path | str, error: type[PlanreviewError] = LimitExceeded) -> PlanreviewError:
    """The error for a MemoryError while working on ``path``."""
    return exceeded(MEMORY, path, "MemoryError", error)


@contextmanager
def plan_limits(path: Path | str) -> Iterator[None]:
    """Time and memory limits for reading, scoring and writing one plan."""
    with plan_memory_limit(path), plan_time_limit(path):
        yield

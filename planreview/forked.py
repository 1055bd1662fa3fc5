"""Work in a forked helper process beside this one (POSIX only), for one review on a machine with
two or more cores.

Two kinds of work use it. Reading a long PDF: this process reads from the first page on, a helper
from the last page back, until they meet (``planreview.read.pdf``); the helper opens the file
itself (PDFium keeps a document's file position; two processes must not share one) and sends each
page back as soon as it is read, so whichever process is slower (the helper's start, pages that
cost more, other work this process does meanwhile) simply reads fewer pages. And the letter's
searches of the plan's whole text (``render.compose.PlanText``), made while this process scores
the plan (``planreview.api.review``). A helper sends its results back pickled through a pipe.

Nothing depends on a helper: one that fails, is killed or sends nothing leaves its work to this
process, which then raises for bad input the same error as without a helper. A helper is bounded
like its parent: it inherits the memory limit, ends at the parent's deadline (its own alarm, with
the default action) and is killed when the parent no longer needs it (``stop``).
"""

from __future__ import annotations

import gc
import os
import pickle
import select
import signal
import struct
import sys
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from . import limits

MIN_PAGES = 8
"""Pages a document must have for a helper to be worth forking (its start costs about as much as
reading two pages)."""

HELPER_MEMORY = 0.5
"""A helper's share of what the plan's memory window leaves at the fork (``limits.narrow_memory``):
it holds one page at a time; a page it cannot hold is left to the review, under the review's own
limit."""

_HEADER = struct.Struct("<I")
_DEFERRED = {signal.SIGALRM, signal.SIGINT}
"""Signals held back while a helper is forked (see ``Helper.start``)."""


def _detach(parent: int, keep: int) -> None:
    """In a new helper: end with the parent (Linux: the kernel sends SIGKILL when the parent dies,
    however it dies), and hold none of the command's standard streams (a caller reading them
    sees their end when the review ends, not when the helper does); ``keep`` is the helper's pipe."""
    if sys.platform.startswith("linux"):
        import ctypes

        with suppress(OSError, AttributeError):
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before that
        os._exit(1)
    null = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        if fd not in (null, keep):
            os.dup2(null, fd)
    if null > 2:
        os.close(null)


def can_fork() -> bool:
    """Whether a helper can be forked safely: a POSIX system, and this process runs no other thread
    (a fork copies only the calling thread; a lock another thread held would stay locked)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def default_jobs() -> int:
    """Processes for reading one plan: 2 where this process may use two cores or more, else 1."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return 2 if cores >= 2 else 1


class Helper:
    """A forked helper process (``start``) and what it has sent so far (``poll``)."""

    def __init__(self, pid: int, fd: int) -> None:
        self.pid = pid
        self.fd = fd
        self.finished = False
        """The helper has closed its end: it sent all it will (or failed)."""
        self._buffer = b""

    @classmethod
    def start(cls, work: Callable[[Callable[[Any], None]], None]) -> Helper | None:
        """Fork a helper that runs ``work(send)``, where ``send(item)`` sends one picklable item back
        at once; None when no helper can be forked (no fork here, other threads running, or the
        system refuses a process)."""
        if not can_fork():
            return None
        deadline = limits.deadline()
        parent = os.getpid()
        # The time limit's alarm and Ctrl-C wait until the helper is started and known: raised
        # inside the fork (its at-fork hooks) an exception is dropped and the alarm spent, and
        # raised before ``start`` returns the helper would be left running.
        held = signal.pthread_sigmask(signal.SIG_BLOCK, _DEFERRED)
        helper: Helper | None = None
        try:
            r, w = os.pipe()
            try:
                pid = os.fork()
            except OSError:
                os.close(r)
                os.close(w)
                return None
            if pid == 0:  # the helper: never returns into the caller's code
                cls._run(work, parent, w, r, deadline, held)
            os.close(w)
            os.set_blocking(r, False)
            helper = cls(pid, r)
        finally:
            try:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a deferred signal is raised here
            except BaseException:
                if helper is not None:
                    helper.stop()
                raise
        return helper

    @staticmethod
    def _run(
        work: Callable[[Callable[[Any], None]], None],
        parent: int,
        w: int,
        r: int,
        deadline: float | None,
        mask: set[int | signal.Signals],
    ) -> None:
        """The helper's life: ``work(send)``, then the end of the process (never returns)."""
        code = 1
        try:
            os.close(r)
            _detach(parent, w)
            gc.disable()  # a collection would touch, and so copy, every page of the parent's memory
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.signal(signal.SIGALRM, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
            if deadline is not None:
                signal.setitimer(signal.ITIMER_REAL, max(0.001, deadline - time.monotonic()))
            limits.narrow_memory(HELPER_MEMORY)

            def send(item: Any) -> None:
                data = pickle.dumps(item, protocol=pickle.HIGHEST_PROTOCOL)
                view = memoryview(_HEADER.pack(len(data)) + data)
                while view:
                    view = view[os.write(w, view) :]

            work(send)
            code = 0
        except BaseException:  # noqa: BLE001 - the parent does the work itself
            pass
        finally:
            os._exit(code)

    def poll(self) -> list[Any]:
        """The items the helper has sent since the last poll, in order, without waiting."""
        if self.finished:
            return []
        while True:
            try:
                chunk = os.read(self.fd, 1 << 20)
            except BlockingIOError:
                break
            except OSError:
                chunk = b""
            if not chunk:
                self.finished = True
                break
            self._buffer += chunk
        items: list[Any] = []
        buf = self._buffer
        pos = 0
        while len(buf) - pos >= _HEADER.size:
            (size,) = _HEADER.unpack_from(buf, pos)
            if len(buf) - pos - _HEADER.size < size:
                break
            start = pos + _HEADER.size
            # the helper is this very program forked a moment ago: its pickles are trusted data
            items.append(pickle.loads(buf[start : start + size]))
            pos = start + size
        self._buffer = buf[pos:]
        return items

    def collect(self) -> list[Any]:
        """Every item the helper sends until it ends (waiting for it); then the helper is reaped."""
        items: list[Any] = []
        waiter = select.poll()  # not select(): it fails on descriptors past 1023
        waiter.register(self.fd, select.POLLIN)
        try:
            while True:
                items.extend(self.poll())
                if self.finished:
                    break
                waiter.poll()
        finally:
            self.stop()
        return items

    def stop(self) -> None:
        """End the helper if it still runs, and reap it (no zombie is left)."""
        if self.fd >= 0:
            with suppress(OSError):
                os.close(self.fd)
            self.fd = -1
        if self.pid > 0:
            with suppress(OSError):
                os.kill(self.pid, signal.SIGKILL)
            with suppress(ChildProcessError):
                os.waitpid(self.pid, 0)
            self.pid = 0

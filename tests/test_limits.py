"""The time limit and Ctrl-C keep their meaning when a library turns their exception into another.

ctypes reports an exception raised while it converts a call's arguments (pypdfium2 converts
arguments in Python) as ``ctypes.ArgumentError``; an alarm or a Ctrl-C that lands there must still
end the command as «over the time limit» or «interrupted», not as an internal error.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import time
from collections.abc import Callable
from typing import Any

import pytest

from planreview import limits
from planreview.cli import run_safely
from planreview.errors import ExitCode


class _Slow:
    """A ctypes argument type whose conversion runs Python code until ``until()`` holds."""

    until: Callable[[], bool] = staticmethod(lambda: True)

    @classmethod
    def from_param(cls, obj: Any) -> int:
        end = time.monotonic() + 5
        while not cls.until() and time.monotonic() < end:
            pass
        return int(obj)


def _call_through_ctypes() -> None:
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    libc.abs.argtypes = [_Slow]
    libc.abs(-1)


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs SIGALRM")
def test_an_alarm_inside_a_ctypes_conversion_is_still_the_time_limit() -> None:
    _Slow.until = staticmethod(lambda: False)  # spin until the alarm interrupts the conversion
    try:
        with pytest.raises(TimeoutError, match="over"), limits.time_limit(0.05, lambda: TimeoutError("over")):
            _call_through_ctypes()
    finally:
        _Slow.until = staticmethod(lambda: True)


def test_an_error_without_an_alarm_stays_itself() -> None:
    with pytest.raises(ValueError, match="own"), limits.time_limit(5, lambda: TimeoutError("over")):
        raise ValueError("own")


def test_ctrl_c_inside_a_ctypes_conversion_ends_as_interrupted(capsys: pytest.CaptureFixture[str]) -> None:
    sent: list[bool] = []

    def until() -> bool:
        if not sent:
            sent.append(True)
            os.kill(os.getpid(), signal.SIGINT)
        return False  # spin until the signal's exception interrupts the conversion

    def go() -> int:
        _Slow.until = staticmethod(until)
        try:
            _call_through_ctypes()
        finally:
            _Slow.until = staticmethod(lambda: True)
        return 0

    with pytest.raises(SystemExit) as stop:
        run_safely(go, debug=False)
    assert stop.value.code == int(ExitCode.INTERRUPTED)
    assert "Traceback" not in capsys.readouterr().err
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler

"""A render budget for templates a county writes itself (the Word letter).

Jinja's sandbox stops a template from reaching Python's internals, but not from asking for a
huge string (``'x' * 3000000000``), a huge power, a format width of a billion, or from looping
or recursing without end. A letter template runs here:

* in a sandbox whose ``*``, ``**``, ``%`` and ``+`` check the size of what they would make
  before making it, whose calls check the size of what they return, and whose output is
  counted while it is joined (``PLANREVIEW_MAX_RENDER_MCHARS`` million characters);
* under a time limit (``PLANREVIEW_MAX_RENDER_S``) and a memory limit
  (``PLANREVIEW_MAX_RENDER_MB`` more than the process had), see ``planreview.limits``.

Anything over budget raises ``RenderBudgetExceeded``, which the letter turns into a
TemplateProblem (exit 10) naming the template and the limit.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from .. import limits
from ..errors import TemplateProblem

_FORMAT_NUMBER = re.compile(r"%[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_BINOPS = {"*": operator.mul, "**": operator.pow, "%": operator.mod, "+": operator.add}
_UNSAFE_STR = {"format", "format_map"}  # a width in the format string cannot be checked before


class RenderBudgetExceeded(SecurityError):
    """A template asked for more than its render budget; ``limit`` is the one it went over."""

    def __init__(self, limit: limits.Limit, found: str) -> None:
        super().__init__(f"{limit.key}: {found}")
        self.limit = limit
        self.found = found


def _max_chars() -> int:
    return int(limits.RENDER_CHARS.value() * 1_000_000)


def _sized(value: Any) -> int | None:
    return len(value) if isinstance(value, (str, bytes, list, tuple)) else None


def _check_size(n: int) -> None:
    if n > _max_chars():
        raise RenderBudgetExceeded(limits.RENDER_CHARS, f"{n:,}".replace(",", " "))


def budgeted_concat(pieces: Iterable[str]) -> str:
    """``"".join`` that stops as soon as the output passes the budget."""
    out: list[str] = []
    total = 0
    limit = _max_chars()
    for piece in pieces:
        total += len(piece)
        if total > limit:
            raise RenderBudgetExceeded(limits.RENDER_CHARS, f"> {limit:,}".replace(",", " "))
        out.append(piece)
    return "".join(out)


class BudgetSandbox(SandboxedEnvironment):
    """A sandbox whose operators, calls and output are held to the render budget."""

    intercepted_binops = frozenset(_BINOPS)
    concat = staticmethod(budgeted_concat)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        """Check what ``left operator right`` would make before making it."""
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                size = _sized(seq)
                if size is not None and isinstance(n, int):
                    _check_size(size * max(0, n))
            if isinstance(left, int) and isinstance(right, int):
                _check_size((left.bit_length() + right.bit_length()) // 8)
        elif operator == "**":
            if isinstance(left, (int, float)) and isinstance(right, (int, float)):
                base = abs(int(left)) if isinstance(left, int) else 2
                if abs(right) > 10_000 or base.bit_length() * abs(right) > 1_000_000:
                    raise RenderBudgetExceeded(limits.RENDER_CHARS, f"{left} ** {right}")
        elif operator == "%" and isinstance(left, str):
            for m in _FORMAT_NUMBER.finditer(left):
                for part in m.groups():
                    if part == "*" or (part and int(part) > 10_000):
                        raise RenderBudgetExceeded(limits.RENDER_CHARS, m.group(0)[:20])
        elif operator == "+":
            a, b = _sized(left), _sized(right)
            if a is not None and b is not None:
                _check_size(a + b)
        return _BINOPS[operator](left, right)

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, str) and attr in _UNSAFE_STR:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """A sandboxed call whose result is held to the budget."""
        result = super().call(__context, __obj, *args, **kwargs)
        size = _sized(result)
        if size is not None:
            _check_size(size)
        return result


@contextmanager
def render_budget(path: Path | str) -> Iterator[None]:
    """Time and memory limits for rendering a template ``path``; over them, TemplateProblem."""

    def over(limit: limits.Limit, found: str) -> Any:
        return lambda: limits.exceeded(limit, path, found, TemplateProblem)

    seconds = limits.RENDER_SECONDS
    with (
        limits.memory_limit(limits.RENDER_MEMORY.nbytes(), over(limits.RENDER_MEMORY, "MemoryError")),
        limits.time_limit(seconds.value(), over(seconds, f"> {seconds.shown()}")),
    ):
        yield


def over_budget(path: Path | str, exc: RenderBudgetExceeded) -> TemplateProblem:
    """The TemplateProblem for a template that went over its budget."""
    err = limits.exceeded(exc.limit, path, exc.found, TemplateProblem)
    assert isinstance(err, TemplateProblem)
    return err

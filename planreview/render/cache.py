"""Compiled templates kept between runs and between plans.

Compiling the report and letter templates costs more than rendering them (tens of
milliseconds each). Jinja's bytecode cache keeps the compiled code in planreview's per-user
cache folder (see ``planreview.cachedir``), keyed by the template's name and a checksum of
its source, so an edited or county-specific template is compiled afresh. Each kind of
environment has its own file names, because autoescaping changes the code.
"""

from __future__ import annotations

import contextlib
import hashlib
from typing import Any

from jinja2 import BytecodeCache, FileSystemBytecodeCache, FunctionLoader

from ..cachedir import cache_dir
from .budget import BudgetSandbox


class _BestEffortCache(FileSystemBytecodeCache):
    """A cache that never fails a run: a full or read-only cache folder only costs time."""

    def dump_bytecode(self, bucket: Any) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)

    def load_bytecode(self, bucket: Any) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - a damaged or foreign file, whatever the error: compile again
            bucket.reset()


def bytecode_cache(kind: str) -> BytecodeCache | None:
    """The bytecode cache for one kind of environment, or None where there is no cache folder."""
    folder = cache_dir("templates")
    return _BestEffortCache(str(folder), f"{kind}-%s.cache") if folder is not None else None


class SourceCachingEnvironment(BudgetSandbox):
    """A sandbox (held to the render budget) whose ``from_string`` compiles each distinct source once.

    docxtpl compiles the letter's XML parts with ``from_string`` for every plan; here such a
    source becomes a named template (its checksum), so it is compiled once per process and
    its code is kept in the bytecode cache between runs.
    """

    def __init__(self, **options: Any) -> None:
        self._sources: dict[str, str] = {}
        super().__init__(
            loader=FunctionLoader(self._sources.get),
            bytecode_cache=bytecode_cache("letter-budget"),  # budget checks are compiled in
            cache_size=64,
            **options,
        )

    def from_string(self, source: Any, globals: Any = None, template_class: Any = None) -> Any:
        if not isinstance(source, str) or globals is not None or template_class is not None:
            return super().from_string(source, globals, template_class)
        name = "src-" + hashlib.sha256(source.encode("utf-8")).hexdigest()
        self._sources.setdefault(name, source)
        return self.get_template(name)

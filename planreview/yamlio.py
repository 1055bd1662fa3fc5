"""Reading the project's YAML files (checklists, settings, overrides) with line numbers for errors."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import limits
from .errors import PlanreviewError
from .messages import current_malform, say, shown


def t(nn: str, nb: str) -> str:
    """The nynorsk or bokmål text, by the målform chosen for messages."""
    return nn if current_malform() == "nn" else nb


def read_config(path: Path, error: type[PlanreviewError], what: tuple[str, str]) -> bytes:
    """The bytes of a checklist, settings, overrides, mapping or labels file, after checking that
    it is a regular file within ``PLANREVIEW_MAX_CONFIG_MB``; errors are ``error`` (the file's own
    exit code) and name the file."""
    try:
        st = os.stat(path)
    except OSError:
        st = None
    if st is None or stat.S_ISDIR(st.st_mode):
        raise error(
            t(f"{path}: {what[0]} finst ikkje. Sjekk namnet.", f"{path}: {what[1]} finnes ikke. Sjekk navnet."),
            path=str(path),
        )
    if not stat.S_ISREG(st.st_mode):
        raise error(say("not_regular", path=path, kind=t("ikkje ei vanleg fil", "ikke en vanlig fil")), path=str(path))
    if st.st_size > limits.CONFIG_SIZE.nbytes():
        raise limits.exceeded(limits.CONFIG_SIZE, path, limits.mib(st.st_size), error)
    try:
        with path.open("rb") as fh:
            return fh.read(limits.CONFIG_SIZE.nbytes() + 1)
    except OSError as exc:
        raise error(say("unreadable", path=path, detail=exc.strerror or exc), path=str(path)) from None


_PLAIN_TAGS = {f"tag:yaml.org,2002:{n}" for n in ("str", "int", "float", "bool", "null", "seq", "map")}


def check_events(events: Iterable[Any], path: Path, error: type[PlanreviewError]) -> None:
    """Bound a YAML stream before it is built: the number of nodes counting every alias as the
    nodes it repeats (``PLANREVIEW_MAX_YAML_NODES``; stops "billion laughs"), the nesting depth
    (``PLANREVIEW_MAX_YAML_DEPTH``), no alias to a node that contains it, and no tags other than
    YAML's plain ones (``!!python/object`` and the like are refused, never built).
    ``events`` come from ruamel's or PyYAML's parser; raises ``error`` naming file and line.
    """
    max_nodes = limits.YAML_NODES.count()
    max_depth = limits.YAML_DEPTH.count()
    total = 0
    sizes: dict[str, int] = {}
    open_: list[tuple[str | None, int]] = []
    for ev in events:
        kind = type(ev).__name__
        mark = getattr(ev, "start_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else str(path)
        tag = getattr(ev, "tag", None)
        if tag is not None and str(tag) != "!" and str(tag) not in _PLAIN_TAGS:
            raise error(
                where
                + t(
                    f": merket «{shown(tag)}» er ikkje tillate. Skriv verdien som vanleg tekst, tal eller liste.",
                    f": merket «{shown(tag)}» er ikke tillatt. Skriv verdien som vanlig tekst, tall eller liste.",
                ),
                path=str(path),
            )
        if kind == "ScalarEvent":
            total += 1
            if ev.anchor:
                sizes[ev.anchor] = 1
        elif kind in ("MappingStartEvent", "SequenceStartEvent"):
            total += 1
            open_.append((ev.anchor, total))
            if len(open_) > max_depth:
                raise limits.exceeded(limits.YAML_DEPTH, where, f"> {max_depth}", error)
        elif kind in ("MappingEndEvent", "SequenceEndEvent"):
            anchor, start = open_.pop()
            if anchor:
                sizes[anchor] = total - start + 1
        elif kind == "AliasEvent":
            if any(anchor == ev.anchor for anchor, _ in open_):
                raise error(
                    where
                    + t(
                        f": aliaset «*{ev.anchor}» viser til seg sjølv. Skriv verdien ut.",
                        f": aliaset «*{ev.anchor}» viser til seg selv. Skriv verdien ut.",
                    ),
                    path=str(path),
                )
            total += sizes.get(ev.anchor, 1)
        if total > max_nodes:
            raise limits.exceeded(limits.YAML_NODES, where, f"> {max_nodes}", error)


def load_yaml(path: Path, error: type[PlanreviewError], what: tuple[str, str]) -> Any:
    """A ruamel round-trip tree (it keeps line numbers); errors name the file and the line.

    ``what`` names the file in nynorsk and bokmål ("sjekklista", "sjekklisten"). The file is
    bounded first (``read_config``, ``check_events``), so no alias bomb, deep nesting or
    unsafe tag is ever built.
    """
    from ruamel.yaml import YAML  # imported here: a valid checklist is read by libyaml, without it
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    raw = read_config(path, error, what)
    try:
        text = raw.decode("utf-8-sig")
        check_events(YAML(typ="rt").parse(text), path, error)
        return YAML(typ="rt").load(text)
    except UnicodeDecodeError:
        raise error(
            t(f"{path}: er ikkje UTF-8. Lagra fila som UTF-8.", f"{path}: er ikke UTF-8. Lagre filen som UTF-8."),
            path=str(path),
        ) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f":{mark.line + 1}" if mark else ""
        problem = (exc.problem or exc.context or "").strip()
        raise error(
            f"{path}{line}: ugyldig YAML: {problem}. "
            + t("Rett feilen på denne linja.", "Rett feilen på denne linjen."),
            path=str(path),
        ) from None
    except (YAMLError, ValueError, RecursionError) as exc:
        raise error(f"{path}: ugyldig YAML: {shown(exc)}", path=str(path)) from None


def plain(node: Any) -> Any:
    """The ruamel tree as plain dicts, lists and scalars."""
    if isinstance(node, dict):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if hasattr(node, "value") and not isinstance(node, (str, int, float, bool)):
        return node.value
    return node


def line_of(node: Any, loc: tuple[Any, ...]) -> int | None:
    """The 1-based line of the deepest node on ``loc`` (a pydantic error location) that exists."""
    line: int | None = None
    for key in loc:
        lc = getattr(node, "lc", None)
        try:
            if isinstance(key, int) and isinstance(node, list):
                if lc is not None and key < len(node):
                    line = lc.item(key)[0] + 1
                node = node[key]
            elif isinstance(node, dict) and key in node:
                if lc is not None:
                    line = lc.key(key)[0] + 1
                node = node[key]
            else:
                if lc is not None and line is None:
                    line = lc.line + 1
                break
        except (KeyError, IndexError, TypeError, AttributeError):
            break
    return line

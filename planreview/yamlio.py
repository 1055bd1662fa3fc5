"""Reading the project's YAML files (checklists, settings, overrides) with line numbers for errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .errors import PlanreviewError
from .messages import current_malform


def t(nn: str, nb: str) -> str:
    """The nynorsk or bokmål text, by the målform chosen for messages."""
    return nn if current_malform() == "nn" else nb


def load_yaml(path: Path, error: type[PlanreviewError], what: tuple[str, str]) -> Any:
    """A ruamel round-trip tree (it keeps line numbers); errors name the file and the line.

    ``what`` names the file in nynorsk and bokmål ("sjekklista", "sjekklisten").
    """
    if not path.is_file():
        raise error(
            t(f"{path}: {what[0]} finst ikkje. Sjekk namnet.", f"{path}: {what[1]} finnes ikke. Sjekk navnet."),
            path=str(path),
        )
    try:
        return YAML(typ="rt").load(path.read_text(encoding="utf-8"))
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
    except YAMLError as exc:
        raise error(f"{path}: ugyldig YAML: {exc}", path=str(path)) from None


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

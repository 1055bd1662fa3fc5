"""Letter settings (sender, recipient, references, date, case officer) and planner overrides.

Both come from small YAML files validated at the edge; errors name the file, the line and
what to do. A setting that is not given stays a visible blank in the letter: nothing is invented.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from ..errors import PlanreviewError, SettingsError
from ..messages import shown
from ..yamlio import line_of, load_yaml, plain
from ..yamlio import t as _t

if TYPE_CHECKING:  # pydantic validates a settings file; settings without one do not need it
    from pydantic import ConfigDict, ValidationError

BLANK = "[fyll inn]"


@dataclass(frozen=True)
class LetterSettings:
    """What the letter says about sender, recipient and case; validated from YAML by pydantic."""

    __pydantic_config__: ClassVar[ConfigDict] = {"extra": "forbid"}

    county: str | None = None
    """Sender, e.g. "Møre og Romsdal fylkeskommune"."""
    unit: str | None = None
    """The county's unit, e.g. "Samfunnsutvikling"."""
    address: str | None = None
    recipient: str | None = None
    recipient_address: str | None = None
    our_ref: str | None = None
    your_ref: str | None = None
    date: str | None = None
    case_officer: str | None = None
    contact: str | None = None
    """E-mail or phone of the case officer."""
    plan_name: str | None = None
    plan_stage: str | None = None
    """«høyringsutkast», «offentleg ettersyn» or «vedteken»; overrides what is read from the plan."""
    plan_type: str | None = None
    """«planstrategi», «planprogram», «samfunnsdel», «handlingsdel», «kommunedelplan», «temaplan»."""
    regional_basis: str | None = None
    """The regional plan or strategy the county's advice rests on, e.g. «Regional planstrategi 2024–2028»."""
    copy_to: str | None = None
    """The letter's «Kopi til» line, e.g. «Statsforvaltaren i Møre og Romsdal» (a YAML list is joined)."""

    def __post_init__(self) -> None:
        from ..score.plantype import parse_plan_type, parse_stage

        if self.plan_type and parse_plan_type(self.plan_type) is None:
            raise ValueError(
                _t(
                    f"plantypen «{self.plan_type}» er ukjend (planstrategi, planprogram, samfunnsdel, handlingsdel, "
                    "kommunedelplan, temaplan)",
                    f"plantypen «{self.plan_type}» er ukjent (planstrategi, planprogram, samfunnsdel, handlingsdel, "
                    "kommunedelplan, temaplan)",
                )
            )
        if self.plan_stage and parse_stage(self.plan_stage) is None:
            raise ValueError(
                _t(
                    f"planstadiet «{self.plan_stage}» er ukjend (høyringsutkast, offentleg ettersyn, vedteken)",
                    f"planstadiet «{self.plan_stage}» er ukjent (høringsutkast, offentlig ettersyn, vedtatt)",
                )
            )

    def merged(self, **options: str | None) -> LetterSettings:
        """These settings with the options that were given on the command line."""
        return replace(self, **{k: v for k, v in options.items() if v})


def _load_yaml(path: Path, error: type[PlanreviewError], what: tuple[str, str]) -> tuple[Any, Any]:
    tree = load_yaml(path, error, what)
    return tree, plain(tree)


_HINTS: dict[str, tuple[str, str]] = {
    "missing": ("nøkkelen manglar", "nøkkelen mangler"),
    "string_type": ("skal vere tekst", "skal være tekst"),
    "int_type": ("skal vere eit heiltal (0–3)", "skal være et heltall (0–3)"),
    "int_parsing": ("skal vere eit heiltal (0–3)", "skal være et heltall (0–3)"),
    "list_type": ("skal vere ei liste", "skal være en liste"),
    "model_type": ("skal vere nøkkel: verdi-par", "skal være nøkkel: verdi-par"),
    "dict_type": ("skal vere nøkkel: verdi-par", "skal være nøkkel: verdi-par"),
    "too_short": ("er tom eller for kort", "er tom eller for kort"),
    "string_too_short": ("er tom eller for kort", "er tom eller for kort"),
    "string_too_long": ("er for lang", "er for lang"),
    "too_long": ("er for lang", "er for lang"),
    "greater_than_equal": ("er for lite (0–3)", "er for lite (0–3)"),
    "less_than_equal": ("er for stort (0–3)", "er for stort (0–3)"),
}


def _validation_message(path: Path, tree: Any, exc: ValidationError, allowed: list[str]) -> str:
    """One line for the first error: ``file:line: key: what is wrong (what is allowed)``, in the chosen målform."""
    err = exc.errors(include_url=False)[0]
    loc = tuple(err["loc"])
    line = line_of(tree, loc)
    where = f"{path}:{line}" if line else str(path)
    key = ".".join(str(k) for k in loc) or _t("(øvst)", "(øverst)")
    if err["type"] == "extra_forbidden":
        return (
            where
            + ": "
            + _t(f"ukjend nøkkel «{key}» (tillatne: ", f"ukjent nøkkel «{key}» (tillatte: ")
            + ", ".join(allowed)
            + ")"
        )
    if err["type"] == "value_error":
        return f"{where}: {key}: {err['msg'].removeprefix('Value error, ')}"
    hint = _HINTS.get(err["type"])
    got = err.get("input")
    got_text = ""
    if isinstance(got, (str, int, float)) and err["type"] != "missing":
        got_show = str(got).lower() if isinstance(got, bool) else shown(str(got)[:60])
        got_text = _t(", fekk «", ", fikk «") + f"{got_show}»"
    if hint:
        text = _t(*hint)
    else:
        from ..checklist import validation_hint

        text = validation_hint(err["type"])  # pydantic's own messages are English
    return f"{where}: {key}: {text}{got_text}"


SETTING_MAX_CHARS = 1000
"""The longest text a setting may hold (a name, an address, a reference)."""


def _setting_text(path: Path, tree: Any, key: str, value: Any) -> str | None:
    """A setting's value as text: text, a number or a date (as written) are taken; a map, a list,
    true/false or anything else is refused with file:line, so nothing odd is printed in a letter."""
    line = line_of(tree, (key,))
    where = f"{path}:{line}" if line else str(path)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float, date)):
        kind = (
            "true/false"
            if isinstance(value, bool)
            else _t("nøkkel-verdi-par", "nøkkel-verdi-par")
            if isinstance(value, dict)
            else _t("ei liste", "en liste")
            if isinstance(value, list)
            else _t("ein ukjend type", "en ukjent type")
        )
        raise SettingsError(
            where
            + _t(
                f": {key}: skal vere tekst (fekk {kind}). Skriv verdien på éi linje, t.d. «{key}: Fjordvik kommune».",
                f": {key}: skal være tekst (fikk {kind}). Skriv verdien på én linje, f.eks. «{key}: Fjordvik kommune».",
            ),
            path=str(path),
        )
    text = " ".join(str(value).split())
    if len(text) > SETTING_MAX_CHARS:
        raise SettingsError(
            where
            + _t(
                f": {key}: er for lang ({len(text)} teikn, høgst {SETTING_MAX_CHARS}).",
                f": {key}: er for lang ({len(text)} tegn, høyst {SETTING_MAX_CHARS}).",
            ),
            path=str(path),
        )
    return text or None


def load_settings(path: Path | None) -> LetterSettings:
    """Letter settings from a YAML file of ``key: text`` pairs (keys: the fields of LetterSettings).

    Raises SettingsError (exit 11) naming file:line for unknown keys, values that are not text
    (maps, lists, true/false, tags), over-long values, alias bombs or deep nesting.
    """
    if path is None:
        return LetterSettings()
    tree, data = _load_yaml(path, SettingsError, ("innstillingsfila", "innstillingsfilen"))
    if data is None:
        return LetterSettings()
    if not isinstance(data, dict):
        raise SettingsError(
            _t(f"{path}: skal vere nøkkel: verdi-par.", f"{path}: skal være nøkkel: verdi-par."), path=str(path)
        )
    allowed = [f.name for f in fields(LetterSettings)]
    for key in data:
        if key not in allowed:
            line = line_of(tree, (key,))
            raise SettingsError(
                (f"{path}:{line}" if line else str(path))
                + ": "
                + _t(f"ukjend nøkkel «{shown(key)}» (tillatne: ", f"ukjent nøkkel «{shown(key)}» (tillatte: ")
                + ", ".join(allowed)
                + ")",
                path=str(path),
            )
    values: dict[str, str | None] = {}
    for key, value in data.items():
        if key == "copy_to" and isinstance(value, list):  # «Kopi til» may list several receivers
            value = ", ".join(t for item in value if (t := _setting_text(path, tree, key, item)))
        values[key] = _setting_text(path, tree, key, value)
    from pydantic import TypeAdapter, ValidationError

    try:
        return TypeAdapter(LetterSettings).validate_python(values)
    except ValidationError as exc:
        raise SettingsError(_validation_message(path, tree, exc, allowed), path=str(path)) from None


def __getattr__(name: str) -> Any:
    # The planner's corrections moved to ``render.overrides`` (they need pydantic, letter settings not).
    if name in ("OverrideEntry", "OverridesFile", "load_overrides", "check_overrides", "apply_overrides"):
        from . import overrides

        return getattr(overrides, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

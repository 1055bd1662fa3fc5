"""Checklists: YAML files validated on load (file:line errors), compiled into frozen dataclasses."""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from ..errors import ChecklistError
from ..match.terms import TermMatcher
from ..yamlio import check_events, line_of, load_yaml, plain, read_config
from ..yamlio import t as _t

if TYPE_CHECKING:  # pydantic validates a checklist that is not in the cache yet, and reports errors
    from pydantic import BaseModel

__all__ = [
    "Checklist",
    "Criterion",
    "Flag",
    "ScaleLevel",
    "Theme",
    "builtin_checklists",
    "default_checklist_path",
    "load_checklist",
    "package_dir",
    "require_malform",
]


def package_dir(name: str) -> Path:
    """``checklists``/``templates`` inside the installed package, or beside it in a checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / name, here.parent / name):
        if candidate.is_dir():
            return candidate
    return here / name


def default_checklist_path() -> Path:
    return package_dir("checklists") / "integrering.yaml"


def builtin_checklists() -> list[Path]:
    return sorted(package_dir("checklists").glob("*.yaml"))


def _both(terms: Mapping[str, list[str]]) -> list[str]:
    return list(dict.fromkeys([*terms["nb"], *terms["nn"]]))


# The texts of a compiled checklist: plain frozen dataclasses, built from data that
# ``schema.ChecklistSpec`` validated (so a cached checklist is compiled without pydantic).


@dataclass(frozen=True, slots=True)
class Text:
    """A text in bokmål and nynorsk. A county's own checklist may give only one målform; asking
    for the other is refused before anything is written (see ``missing_texts``)."""

    nb: str | None = None
    nn: str | None = None

    def get(self, lang: str) -> str:
        """The text in ``lang`` ("nn" or "nb"); a missing målform is a bug here (checked on load)."""
        value = self.nn if lang == "nn" else self.nb
        if value is None:
            raise LookupError(f"no {lang} text: {self!r}")
        return value


@dataclass(frozen=True, slots=True)
class TextList:
    """Texts in bokmål and nynorsk (questions, indicators, sources, laws)."""

    nb: tuple[str, ...] = ()
    nn: tuple[str, ...] = ()

    def get(self, lang: str) -> list[str]:
        """The texts in ``lang`` ("nn" or "nb")."""
        return list(self.nn if lang == "nn" else self.nb)


@dataclass(frozen=True, slots=True)
class Response:
    """What the letter says about a criterion: praise, the gap, the recommendation."""

    praise: Text
    gap: Text
    recommendation: Text


@dataclass(frozen=True, slots=True)
class Guidance:
    """The planner's guidance for a theme or criterion."""

    questions: TextList = TextList()
    indicators: TextList = TextList()
    sources: TextList | tuple[str, ...] = TextList()
    """Statistics and research sources: per målform, or one list of names the same in both."""
    legal: TextList | tuple[str, ...] = TextList()
    """Laws and regulations: per målform, or one list the same in both."""

    def sources_in(self, lang: str) -> list[str]:
        """The sources in ``lang``."""
        return self.sources.get(lang) if isinstance(self.sources, TextList) else list(self.sources)

    def legal_in(self, lang: str) -> list[str]:
        """The laws and regulations in ``lang``."""
        return self.legal.get(lang) if isinstance(self.legal, TextList) else list(self.legal)


@dataclass(frozen=True, slots=True)
class ScaleLevel:
    """One level of the scale (0–3) with its label and description."""

    level: int
    label: Text
    description: Text


def _text(data: Mapping[str, Any]) -> Text:
    return Text(data["nb"], data["nn"])


def _texts(data: Mapping[str, Any] | list[str]) -> TextList | tuple[str, ...]:
    return TextList(tuple(data["nb"]), tuple(data["nn"])) if isinstance(data, Mapping) else tuple(data)


def _text_list(data: Mapping[str, Any]) -> TextList:
    return TextList(tuple(data["nb"]), tuple(data["nn"]))


def _guidance(data: Mapping[str, Any]) -> Guidance:
    return Guidance(
        _text_list(data["questions"]), _text_list(data["indicators"]), _texts(data["sources"]), _texts(data["legal"])
    )


@dataclass(frozen=True)
class Criterion:
    id: str
    theme: str
    question: Text
    weight: float
    terms: TermMatcher
    broad: TermMatcher | None
    """Broad words that count half when themes compete (returned with a leading «~»)."""
    context: str
    shared: bool
    numbers: bool
    exclusions: TermMatcher | None
    guidance: Guidance | None
    response: Response
    examples_match: tuple[str, ...]
    examples_no_match: tuple[str, ...]


@dataclass(frozen=True)
class Theme:
    id: str
    title: Text
    guidance: Guidance
    criteria: tuple[Criterion, ...]
    short: Text | None = None
    max_level: int = 3


@dataclass(frozen=True)
class DocTypeRule:
    id: str
    title_terms: TermMatcher
    max_level: int
    label: Text


@dataclass(frozen=True)
class Flag:
    id: str
    kind: str
    title: Text
    message: Text
    recommendation: Text
    terms: TermMatcher | None


@dataclass(frozen=True)
class Checklist:
    """A compiled checklist: everything the matcher and scorer need."""

    id: str
    version: str
    title: Text
    source: str
    path: str
    scale: tuple[ScaleLevel, ...]
    strong: TermMatcher
    weak: TermMatcher
    context_only: TermMatcher
    population_exclusions: TermMatcher | None
    plan_reference: str | None
    """Criterion id a plan named after the population counts for (see the checklist format)."""
    roles: tuple[tuple[str, TermMatcher], ...]
    commitment: TermMatcher
    strategy_starts: frozenset[str]
    weak_modality: TermMatcher
    no_measures: TermMatcher | None
    min_words: int
    announcement: TermMatcher
    operational: tuple[tuple[str, TermMatcher], ...]
    doc_types: tuple[DocTypeRule, ...]
    themes: tuple[Theme, ...]
    flags: tuple[Flag, ...]

    def theme(self, theme_id: str) -> Theme:
        return next(t for t in self.themes if t.id == theme_id)

    def criterion(self, criterion_id: str) -> Criterion:
        return self._criteria[criterion_id]

    @cached_property
    def _criteria(self) -> dict[str, Criterion]:
        return {c.id: c for t in self.themes for c in t.criteria}

    def label(self, level: int, malform: str) -> str:
        return next(s.label for s in self.scale if s.level == level).get(malform)

    def missing_texts(self, lang: str) -> list[str]:
        """Where a user-facing text lacks målform ``lang`` (``themes.medverknad.title`` …)."""
        out: list[str] = []

        def text(where: str, value: Text) -> None:
            if (value.nn if lang == "nn" else value.nb) is None:
                out.append(where)

        def texts(where: str, value: TextList | list[str]) -> None:
            if isinstance(value, TextList) and (value.nb or value.nn) and not value.get(lang):
                out.append(where)

        def guidance(where: str, g: Guidance | None) -> None:
            if g is not None:
                for name in ("questions", "indicators", "sources", "legal"):
                    texts(f"{where}.guidance.{name}", getattr(g, name))

        text("title", self.title)
        for s in self.scale:
            text(f"scale[{s.level}].label", s.label)
            text(f"scale[{s.level}].description", s.description)
        for d in self.doc_types:
            text(f"doc_types.{d.id}.label", d.label)
        for t in self.themes:
            text(f"themes.{t.id}.title", t.title)
            if t.short is not None:
                text(f"themes.{t.id}.short", t.short)
            guidance(f"themes.{t.id}", t.guidance)
            for c in t.criteria:
                text(f"{c.id}.question", c.question)
                for name in ("praise", "gap", "recommendation"):
                    text(f"{c.id}.response.{name}", getattr(c.response, name))
                guidance(c.id, c.guidance)
        for f in self.flags:
            for name in ("title", "message", "recommendation"):
                text(f"flags.{f.id}.{name}", getattr(f, name))
        return out


def require_malform(checklist: Checklist, lang: str) -> None:
    """Refuse (ChecklistError, exit 9) a checklist that lacks texts in målform ``lang``."""
    missing = checklist.missing_texts(lang)
    if missing:
        shown = ", ".join(missing[:4]) + (f" (+{len(missing) - 4})" if len(missing) > 4 else "")
        name = {"nn": "nynorsk", "nb": "bokmål"}[lang]
        other = "nb" if lang == "nn" else "nn"
        raise ChecklistError(
            _t(
                f"{checklist.path}: sjekklista har ikkje tekst på {name} for {shown}. "
                f"Legg inn «{lang}:»-tekstane, eller bruk --malform {other}.",
                f"{checklist.path}: sjekklisten har ikke tekst på {name} for {shown}. "
                f"Legg inn «{lang}:»-tekstene, eller bruk --malform {other}.",
            ),
            path=checklist.path,
        )


def compile_checklist(data: Mapping[str, Any], path: str) -> Checklist:
    """Compile a validated checklist, given as plain data (``ChecklistSpec.model_dump()``: every
    key present, defaults filled in), into what the matcher and scorer need."""
    prot = data["protected"]

    def tm(terms: list[str], *, fuzzy: bool = False) -> TermMatcher:
        return TermMatcher.compile(terms, prot, fuzzy=fuzzy)

    def exact(terms: list[str]) -> TermMatcher:
        return TermMatcher.compile(terms, prot, stemming=False)

    def flag(f: Mapping[str, Any]) -> Flag:
        return Flag(
            f["id"],
            f["kind"],
            _text(f["title"]),
            _text(f["message"]),
            _text(f["recommendation"]),
            tm(_both(f["terms"])) if f["terms"] else None,
        )

    themes = tuple(
        Theme(
            t["id"],
            _text(t["title"]),
            _guidance(t["guidance"]),
            tuple(
                Criterion(
                    id=c["id"],
                    theme=t["id"],
                    question=_text(c["question"]),
                    weight=c["weight"],
                    terms=tm(_both(c["terms"])),
                    broad=tm(_both(c["broad"])) if c["broad"] else None,
                    context=c["context"],
                    shared=c["shared"],
                    numbers=c["numbers"],
                    exclusions=tm(c["exclusions"]) if c["exclusions"] else None,
                    guidance=_guidance(c["guidance"]) if c["guidance"] is not None else None,
                    response=Response(
                        _text(c["response"]["praise"]),
                        _text(c["response"]["gap"]),
                        _text(c["response"]["recommendation"]),
                    ),
                    examples_match=tuple(c["examples"]["match"]),
                    examples_no_match=tuple(c["examples"]["no_match"]),
                )
                for c in t["criteria"]
            ),
            _text(t["short"]) if t["short"] is not None else None,
            t["max_level"],
        )
        for t in data["themes"]
    )
    pop = data["population"]
    roles, statements, operational = data["roles"], data["statements"], data["operational"]
    return Checklist(
        id=data["id"],
        version=data["version"],
        title=_text(data["title"]),
        source=data["source"],
        path=path,
        scale=tuple(
            ScaleLevel(s["level"], _text(s["label"]), _text(s["description"]))
            for s in sorted(data["scale"], key=lambda s: s["level"])
        ),
        strong=tm(_both(pop["strong"]), fuzzy=True),
        weak=tm(_both(pop["weak"])),
        context_only=tm(_both(pop["context_only"])),
        population_exclusions=tm(pop["exclusions"]) if pop["exclusions"] else None,
        plan_reference=pop["plan_reference"],
        roles=tuple(
            (name, exact(roles[name]))
            for name in ("definition", "measure", "followup", "strategy", "goal", "knowledge")
            if roles[name]
        ),
        commitment=exact(statements["commitment"]),
        strategy_starts=frozenset(statements["strategy_starts"]),
        weak_modality=exact(statements["weak"]),
        no_measures=exact(statements["no_measures"]) if statements["no_measures"] else None,
        min_words=statements["min_words"],
        announcement=exact(statements["announcement"]),
        operational=tuple(
            (name, exact(operational[name])) for name in ("owner", "deadline", "resources", "indicator", "followup")
        ),
        doc_types=tuple(
            DocTypeRule(d["id"], tm(d["title_terms"]), d["max_level"], _text(d["label"])) for d in data["doc_types"]
        ),
        themes=themes,
        flags=tuple(flag(f) for f in data["flags"]),
    )


# --- loading with file:line errors -------------------------------------------------------

_ALLOWED_HINT: dict[str, tuple[str, str]] = {
    "missing": ("nøkkelen manglar", "nøkkelen mangler"),
    "extra_forbidden": ("ukjend nøkkel", "ukjent nøkkel"),
    "string_type": ("skal vere tekst", "skal være tekst"),
    "int_type": ("skal vere eit heiltal", "skal være et heltall"),
    "int_parsing": ("skal vere eit heiltal", "skal være et heltall"),
    "float_type": ("skal vere eit tal", "skal være et tall"),
    "float_parsing": ("skal vere eit tal", "skal være et tall"),
    "list_type": ("skal vere ei liste", "skal være en liste"),
    "dict_type": ("skal vere ein nøkkel-verdi-struktur", "skal være en nøkkel-verdi-struktur"),
    "model_type": ("skal vere ein nøkkel-verdi-struktur", "skal være en nøkkel-verdi-struktur"),
    "literal_error": ("ugyldig verdi", "ugyldig verdi"),
    "too_short": ("for kort", "for kort"),
    "too_long": ("for lang", "for lang"),
    "string_pattern_mismatch": ("feil form", "feil form"),
    "greater_than": ("for lite", "for lite"),
    "less_than_equal": ("for stort", "for stort"),
    "greater_than_equal": ("for lite", "for lite"),
    "bool_type": ("skal vere ja eller nei (true/false)", "skal være ja eller nei (true/false)"),
    "bool_parsing": ("skal vere ja eller nei (true/false)", "skal være ja eller nei (true/false)"),
    "string_too_short": ("for kort", "for kort"),
    "string_too_long": ("for lang", "for lang"),
    "value_error": ("ugyldig", "ugyldig"),
}


def validation_hint(err_type: str) -> str:
    """A pydantic error type in the current målform («nøkkelen manglar», «skal vere eit heiltal» …)."""
    pair = _ALLOWED_HINT.get(err_type)
    return _t(*pair) if pair else _t("ugyldig verdi", "ugyldig verdi")


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    from pydantic import BaseModel

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed where an unknown key was found."""
    from .schema import ChecklistSpec

    model: type[BaseModel] | None = ChecklistSpec
    for key in loc[:-1]:
        if isinstance(key, int) or model is None:
            continue
        field = model.model_fields.get(str(key))
        model = _inner_model(field.annotation) if field is not None else None
    return list(model.model_fields) if model is not None else []


def _loc_text(loc: tuple[Any, ...]) -> str:
    out = ""
    for key in loc:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out or _t("(øvst)", "(øverst)")


def _quoted_line(path: Path, message: str, after: int | None) -> int | None:
    """The line of the last «value» a validator message quotes (duplicate ids, misplaced criteria)."""
    quoted = re.findall(r"«([^»]+)»", message)
    if not quoted:
        return None
    rows = path.read_text(encoding="utf-8").splitlines()
    hits = [i for i, row in enumerate(rows, 1) if quoted[0] in row and (after is None or i >= after)]
    if not hits:
        return None
    return hits[-1] if after is None else hits[0]


def _format_error(path: Path, tree: Any, err: Any) -> str:
    loc = tuple(err["loc"])
    line = line_of(tree, loc)
    if err["type"] == "value_error":
        line = _quoted_line(path, err["msg"], line if loc else None) or line
    where = f"{path}:{line}" if line else str(path)
    hint_pair = _ALLOWED_HINT.get(err["type"])
    hint = _t(*hint_pair) if hint_pair else err["type"]
    msg = err["msg"]
    if err["type"] == "value_error":
        msg = msg.removeprefix("Value error, ")
        return f"{where}: {_loc_text(loc)}: {msg}"
    ctx = err.get("ctx") or {}
    allowed = ""
    if "expected" in ctx:
        allowed = _t(" (tillatne: ", " (tillatte: ") + f"{ctx['expected']})"
    elif err["type"] == "extra_forbidden":
        allowed = _t(" (tillatne nøklar: ", " (tillatte nøkler: ") + ", ".join(_allowed_keys(loc)) + ")"
    got = err.get("input")
    got_text = ""
    if isinstance(got, (str, int, float)) and err["type"] != "missing":
        got_text = _t(", fekk «", ", fikk «") + f"{got}»"
    return f"{where}: {_loc_text(loc)}: {hint}{allowed}{got_text}"


def load_checklist(path: str | Path | None = None) -> Checklist:
    """Load and compile a checklist; ``None`` means the built-in default."""
    p = Path(path) if path is not None else default_checklist_path()
    if not p.is_file():
        return _load_cached(str(p), 0)
    return _load_cached(str(p.resolve()), p.stat().st_mtime_ns)


@lru_cache(maxsize=16)
def _load_cached(path_str: str, mtime_ns: int) -> Checklist:
    """Load once per file version (the modification time is part of the key)."""
    path = Path(path_str)
    fast = _fast_load(path)
    if fast is not None:
        return fast
    from pydantic import ValidationError

    from .schema import ChecklistSpec

    tree = load_yaml(path, ChecklistError, ("sjekklista", "sjekklisten"))
    if not isinstance(tree, dict):
        raise ChecklistError(
            _t(
                f"{path}: sjekklista må vere ein YAML-struktur med nøklar.",
                f"{path}: sjekklisten må være en YAML-struktur med nøkler.",
            ),
            path=str(path),
        )
    try:
        spec = ChecklistSpec.model_validate(plain(tree))
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        first = _format_error(path, tree, errors[0])
        more = _t(f" (+{len(errors) - 1} fleire feil)", f" (+{len(errors) - 1} flere feil)") if len(errors) > 1 else ""
        raise ChecklistError(first + more, path=str(path)) from None
    return compile_checklist(spec.model_dump(), str(path))


def _libyaml_load(text: str) -> Any:
    import yaml

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class StrictLoader(base):
        """libyaml, but a key written twice is an error (as in ruamel), not silently overwritten."""

        def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
            keys = [self.construct_object(k, deep=deep) for k, _ in node.value]
            if len(keys) != len(set(map(str, keys))):
                raise ValueError("duplicate key")
            return dict(super().construct_mapping(node, deep=deep))

    return yaml.load(text, Loader=StrictLoader)


def _parsed(raw: bytes, path: Path) -> Any:
    """The checklist's YAML as plain data, parsed by libyaml after it was bounded (aliases,
    nesting, tags)."""
    import yaml

    text = raw.decode("utf-8")
    check_events(yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)), path, ChecklistError)
    return _libyaml_load(text)


@lru_cache(maxsize=1)
def _format_key() -> bytes:
    """What a cached checklist's form depends on besides its text: planreview's version and the
    code that validates it (the schema and the normalisation its terms are checked with), so a
    changed schema never reads an entry that an older one wrote."""
    from .. import __version__

    key = hashlib.sha256(__version__.encode())
    here = Path(__file__).resolve().parent
    for source in (here / "schema.py", here.parent / "read" / "normalise.py"):
        with contextlib.suppress(OSError):
            key.update(source.read_bytes())
    return key.digest()


def _cache_entry(raw: bytes) -> Path | None:
    """The cache file of a checklist with this exact text (None without a cache folder)."""
    from ..cachedir import cache_dir

    folder = cache_dir("checklists")
    return folder / f"{hashlib.sha256(raw + _format_key()).hexdigest()}.json" if folder else None


def _fast_load(path: Path) -> Checklist | None:
    """A valid checklist from the cache or through libyaml; None sends it the slow way, which
    reports errors with file:line.

    The cache holds a checklist only after pydantic validated it: its entry is the validated
    form (``ChecklistSpec.model_dump()``, as JSON), keyed by a checksum of the file's text and
    of the code that validated it (``_format_key``). A hit is compiled straight from it,
    without importing pydantic; an entry that cannot be read or compiled is ignored (and
    written anew). The cache folder is its owner's only (``cachedir``)."""
    try:
        raw = read_config(path, ChecklistError, ("sjekklista", "sjekklisten"))
    except Exception:  # noqa: BLE001 - any problem: the careful path reports it with file:line
        return None
    entry = _cache_entry(raw)
    if entry is not None:
        with contextlib.suppress(Exception):  # a damaged or foreign entry only costs time
            return compile_checklist(json.loads(entry.read_bytes()), str(path))
    try:
        from .schema import ChecklistSpec

        data = ChecklistSpec.model_validate(_parsed(raw, path)).model_dump()
    except Exception:  # noqa: BLE001 - any problem: the careful path below reports it with file:line
        return None
    checklist = compile_checklist(data, str(path))
    if entry is not None:
        from ..cachedir import write_atomic

        with contextlib.suppress(TypeError, ValueError):
            text = json.dumps(data, ensure_ascii=False)
            if json.loads(text) == data:  # only what JSON keeps exactly
                write_atomic(entry, text.encode("utf-8"))
    return checklist

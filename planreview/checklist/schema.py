"""The checklist file format, validated with pydantic at the edge (unknown keys rejected)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator, model_validator

from ..messages import current_malform
from ..read.normalise import norm


def _t(nn: str, nb: str) -> str:
    return nn if current_malform() == "nn" else nb


def _check_terms(terms: list[str]) -> list[str]:
    for term in terms:
        check_term(term)
    return terms


TermList = Annotated[list[str], AfterValidator(_check_terms)]
"""A list of search terms, each checked to be able to match normalised text."""


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(Strict):
    """A text in bokmål and nynorsk. A county's own checklist may give only one målform; asking
    for the other is refused before anything is written (see ``missing_texts``)."""

    nb: str | None = Field(default=None, min_length=1)
    nn: str | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _one_at_least(self) -> Text:
        if self.nb is None and self.nn is None:
            raise ValueError(_t("teksten treng «nb» eller «nn»", "teksten trenger «nb» eller «nn»"))
        return self

    def get(self, lang: str) -> str:
        """The text in ``lang`` ("nn" or "nb"); a missing målform is a bug here (checked on load)."""
        value = self.nn if lang == "nn" else self.nb
        if value is None:
            raise LookupError(f"no {lang} text: {self!r}")
        return value


class TextList(Strict):
    """Texts in bokmål and nynorsk (questions, indicators, sources, laws)."""

    nb: list[str] = Field(default_factory=list)
    nn: list[str] = Field(default_factory=list)

    def get(self, lang: str) -> list[str]:
        return list(self.nn if lang == "nn" else self.nb)


class Terms(Strict):
    """Search terms in both målformer (matching uses both)."""

    nb: list[str] = Field(min_length=1)
    nn: list[str] = Field(min_length=1)

    @field_validator("nb", "nn")
    @classmethod
    def _terms_can_match(cls, terms: list[str]) -> list[str]:
        for term in terms:
            check_term(term)
        seen: set[str] = set()
        for term in terms:
            if term in seen:
                raise ValueError(_t(f"«{term}» står to gonger", f"«{term}» står to ganger"))
            seen.add(term)
        return terms


def check_term(term: str) -> None:
    """Raise ValueError when a term can never match normalised plan text."""
    if not term.strip():
        raise ValueError(_t("tom term", "tom term"))
    if norm(term) != term:
        raise ValueError(
            _t(
                f"«{term}» kan aldri treffe: skriv han med små bokstavar, vanlege bindestrekar og eitt mellomrom "
                f"(«{norm(term)}»)",
                f"«{term}» kan aldri treffe: skriv den med små bokstaver, vanlige bindestreker og ett mellomrom "
                f"(«{norm(term)}»)",
            )
        )
    words = term.split()
    for word in words:
        core = word.strip("*")
        if "*" in core:
            raise ValueError(
                _t(
                    f"«{term}»: * berre i starten eller slutten av eit ord",
                    f"«{term}»: * bare i starten eller slutten av et ord",
                )
            )
        if (len(core) < 2 and len(words) == 1) or not any(c.isalnum() for c in core):
            raise ValueError(_t(f"«{term}» kan aldri treffe eit ord", f"«{term}» kan aldri treffe et ord"))
        if not all(c.isalnum() or c in "-.§'/" for c in core):
            raise ValueError(
                _t(f"«{term}» har teikn som ikkje finst i ord", f"«{term}» har tegn som ikke finnes i ord")
            )


class Response(Strict):
    praise: Text
    gap: Text
    recommendation: Text


class Examples(Strict):
    match: list[str] = Field(min_length=1)
    no_match: list[str] = Field(min_length=1)


class Guidance(Strict):
    questions: TextList = Field(default_factory=TextList)
    indicators: TextList = Field(default_factory=TextList)
    sources: TextList | list[str] = Field(default_factory=TextList)
    """Statistics and research sources: per målform, or one list of names the same in both."""
    legal: TextList | list[str] = Field(default_factory=TextList)
    """Laws and regulations: per målform, or one list the same in both."""

    def sources_in(self, lang: str) -> list[str]:
        return self.sources.get(lang) if isinstance(self.sources, TextList) else list(self.sources)

    def legal_in(self, lang: str) -> list[str]:
        return self.legal.get(lang) if isinstance(self.legal, TextList) else list(self.legal)


class CriterionSpec(Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+(\.[a-z0-9_]+)+$")
    question: Text
    weight: float = Field(gt=0, le=10)
    terms: Terms
    broad: Terms | None = None
    """Broad words of the theme («helse», «barn og unge»): they count as half a word when themes
    compete for a sentence, so a specific word of another theme wins."""
    context: Literal["sentence", "paragraph", "section"] = "sentence"
    shared: bool = False
    """Counts (as a mention) alongside other themes when two or more of its own words are in the sentence:
    a share of the population is demography wherever it stands."""
    numbers: bool = False
    """A count or share in a sentence that names the population explicitly («72 flyktningar», «12 prosent»)
    counts as one of the criterion's words."""
    exclusions: TermList = Field(default_factory=list)
    guidance: Guidance | None = None
    response: Response
    examples: Examples


class ThemeSpec(Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$")
    title: Text
    short: Text | None = None
    """A short name for running text in the letter («arbeid og kvalifisering»); the title when absent."""
    max_level: int = Field(default=3, ge=1, le=3)
    """The highest level the theme can reach: 1 for a theme that the plan's knowledge base covers
    (a goal about it belongs to another theme)."""
    guidance: Guidance = Field(default_factory=Guidance)
    criteria: list[CriterionSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _criteria_in_theme(self) -> ThemeSpec:
        for c in self.criteria:
            if not c.id.startswith(self.id + "."):
                raise ValueError(
                    _t(
                        f"kriteriet «{c.id}» må starte med «{self.id}.»",
                        f"kriteriet «{c.id}» må starte med «{self.id}.»",
                    )
                )
        return self


class ScaleLevel(Strict):
    level: int = Field(ge=0, le=3)
    label: Text
    description: Text


class Population(Strict):
    strong: Terms
    weak: Terms
    context_only: Terms
    exclusions: TermList = Field(default_factory=list)
    plan_reference: str | None = None
    """Criterion id that a plan named after the population («Plan for integrering») counts for, as a
    mention (or a planned effort when the plan is announced); None: such names are not evidence."""


class Roles(Strict):
    definition: TermList = Field(default_factory=list)
    """Headings of glossaries and definitions («Begrep»): what stands under them is not evidence."""
    knowledge: TermList = Field(min_length=1)
    goal: TermList = Field(min_length=1)
    strategy: TermList = Field(min_length=1)
    measure: TermList = Field(min_length=1)
    followup: TermList = Field(min_length=1)


class Statements(Strict):
    commitment: TermList = Field(min_length=1)
    strategy_starts: TermList = Field(default_factory=list)
    weak: TermList = Field(min_length=1)
    no_measures: TermList = Field(default_factory=list)
    min_words: int = Field(default=6, ge=1, le=50)
    announcement: TermList = Field(default_factory=list)
    """Words that announce a plan to be made or revised («skal reviderast», «utarbeidast»)."""


class Operational(Strict):
    owner: TermList = Field(min_length=1)
    deadline: TermList = Field(min_length=1)
    resources: TermList = Field(min_length=1)
    indicator: TermList = Field(min_length=1)
    followup: TermList = Field(min_length=1)


class DocType(Strict):
    id: str
    title_terms: TermList = Field(min_length=1)
    max_level: int = Field(default=3, ge=0, le=3)
    label: Text


FlagKind = Literal["only_knowledge", "undifferentiated", "no_district_link", "no_measures", "no_followup"]


class FlagSpec(Strict):
    id: str = Field(pattern=r"^[A-Z]+-\d+$")
    kind: FlagKind
    title: Text
    message: Text
    recommendation: Text
    terms: Terms | None = None

    @model_validator(mode="after")
    def _terms_when_needed(self) -> FlagSpec:
        if self.kind in ("undifferentiated", "no_district_link") and self.terms is None:
            raise ValueError(
                _t(
                    f"flagget «{self.id}» av typen {self.kind} treng «terms»",
                    f"flagget «{self.id}» av typen {self.kind} trenger «terms»",
                )
            )
        return self


class ChecklistSpec(Strict):
    id: str = Field(pattern=r"^[a-z0-9_\-]+$")
    version: str = Field(min_length=1)
    title: Text
    source: str
    scale: list[ScaleLevel] = Field(min_length=4, max_length=4)
    population: Population
    protected: list[str] = Field(default_factory=list)
    roles: Roles
    statements: Statements
    operational: Operational
    doc_types: list[DocType] = Field(default_factory=list)
    themes: list[ThemeSpec] = Field(min_length=1)
    flags: list[FlagSpec] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> ChecklistSpec:
        seen: set[str] = set()
        for item in (
            [t.id for t in self.themes] + [c.id for t in self.themes for c in t.criteria] + [f.id for f in self.flags]
        ):
            if item in seen:
                raise ValueError(_t(f"id-en «{item}» er brukt to gonger", f"id-en «{item}» er brukt to ganger"))
            seen.add(item)
        if sorted(s.level for s in self.scale) != [0, 1, 2, 3]:
            raise ValueError("skalaen må ha nivå 0, 1, 2 og 3")
        ids = {c.id for t in self.themes for c in t.criteria}
        for key in ("plan_reference",):
            ref = getattr(self.population, key)
            if ref is not None and ref not in ids:
                raise ValueError(
                    _t(
                        f"population.{key} «{ref}» er ikkje id-en til eit kriterium",
                        f"population.{key} «{ref}» er ikke id-en til et kriterium",
                    )
                )
        return self

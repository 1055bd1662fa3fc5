"""Norway's municipalities by number and name: the register bundled as data (``municipalities.csv``).

357 municipalities (the structure in force from 1 January 2024): the four-digit number, the
name, the Sámi parallel name where the municipality has one, the county (number and name) and
the municipality's official målform: nynorsk (``nn``), bokmål (``nb``) or language-neutral
(``neutral``, no choice made). A municipality's name is the same in nynorsk and bokmål.
Where the data comes from and how it was checked: the README, *The municipality register*.

Used for the letter's recipient, the web app's history, the batch matrix (a name gives the
number and a number the name) and the målform of a municipality's self-assessment report.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

Malform = Literal["nn", "nb", "neutral"]

DATA = Path(__file__).with_name("municipalities.csv")
COLUMNS = ("number", "name", "sami_name", "county_number", "county", "malform")


@dataclass(frozen=True, slots=True)
class Municipality:
    number: str
    """Four digits; the first two are the county's number."""
    name: str
    """The name in Norwegian, as in «Herøy kommune» (two municipalities may share one: see ``county``)."""
    sami_name: str | None
    """The Sámi parallel name (``Guovdageaidnu`` for Kautokeino), where there is one."""
    county_number: str
    county: str
    malform: Malform
    """The municipality's official målform: nn, nb, or neutral (it has not chosen)."""

    @property
    def kommune(self) -> str:
        """«Gol kommune»."""
        return f"{self.name} kommune"

    def shown(self) -> str:
        """«Herøy kommune (1515)»."""
        return f"{self.kommune} ({self.number})"

    def written_in(self, fallback: str | None = None) -> Literal["nn", "nb"]:
        """The målform to write to this municipality in: its own, or for a neutral one ``fallback``
        (the plan's own målform, say), else nynorsk."""
        if self.malform in ("nn", "nb"):
            return self.malform
        return "nb" if fallback == "nb" else "nn"


@lru_cache(maxsize=1)
def municipalities() -> tuple[Municipality, ...]:
    """Every municipality, by number. The file is checked as it is read (ValueError if it is damaged)."""
    text = DATA.read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO("".join(ln for ln in text.splitlines(True) if not ln.startswith("#"))))
    if tuple(rows.fieldnames or ()) != COLUMNS:
        raise ValueError(f"{DATA}: the columns must be {', '.join(COLUMNS)}")
    out: list[Municipality] = []
    for row in rows:
        number, malform = row["number"], row["malform"]
        if not re.fullmatch(r"\d{4}", number) or not number.startswith(row["county_number"]):
            raise ValueError(f"{DATA}: bad number {number!r}")
        if malform not in ("nn", "nb", "neutral"):
            raise ValueError(f"{DATA}: bad målform {malform!r} for {number}")
        out.append(
            Municipality(
                number=number,
                name=row["name"],
                sami_name=row["sami_name"] or None,
                county_number=row["county_number"],
                county=row["county"],
                malform=malform,  # type: ignore[arg-type]
            )
        )
    return tuple(sorted(out, key=lambda m: m.number))


@lru_cache(maxsize=1)
def _by_number() -> dict[str, Municipality]:
    return {m.number: m for m in municipalities()}


def _key(name: str) -> str:
    text = " ".join(name.replace("\u00ad", "").split()).casefold()
    text = re.sub(r"\s+(kommune|kommunen|suohkan|gielda|tjïelte|tjielte)$", "", text)
    text = re.sub(r"^(kommunen\s+)", "", text)
    return text.strip(" .,")


@lru_cache(maxsize=1)
def _by_name() -> dict[str, tuple[Municipality, ...]]:
    names: dict[str, list[Municipality]] = {}
    for m in municipalities():
        for n in {m.name, m.sami_name} - {None}:
            names.setdefault(_key(str(n)), []).append(m)
    return {k: tuple(v) for k, v in names.items()}


def by_number(number: str | int | None) -> Municipality | None:
    """The municipality with this number (``"0301"``, ``"301"`` and ``301`` are the same), or None."""
    if number is None:
        return None
    text = str(number).strip()
    if not text.isdigit() or not 3 <= len(text) <= 4:
        return None
    return _by_number().get(text.zfill(4))


def by_name(name: str | None, county: str | None = None) -> Municipality | None:
    """The municipality called ``name`` («Gol», «Gol kommune», «Guovdageaidnu»), or None when there
    is none or the name is shared (Herøy, Våler) and ``county`` (a name or number) does not settle it."""
    if not name:
        return None
    found = _by_name().get(_key(name), ())
    if len(found) > 1 and county:
        c = _key(county).removesuffix(" fylke").removesuffix(" fylkeskommune")
        found = tuple(m for m in found if c in (m.county_number, m.county.casefold()))
    return found[0] if len(found) == 1 else None


_PARENS = re.compile(r"^(.*?)\s*\(([^)]*)\)\s*$")


def identify(name: str | None = None, number: str | None = None) -> Municipality | None:
    """The municipality that a plan or a mapping names: by ``number`` when it is a known one, else by
    ``name`` («Herøy kommune (Møre og Romsdal)», «Gol kommune»)."""
    found = by_number(number)
    if found is not None:
        return found
    if not name:
        return None
    m = _PARENS.match(name)
    if m:
        return by_number(m.group(2)) or by_name(m.group(1), m.group(2))
    return by_name(name)


def _fold(text: str) -> str:
    """Lower case with the Norwegian letters spelt in ASCII, as in file names (å → a, ø → o, æ → ae)."""
    text = text.casefold()
    for a, b in (("æ", "ae"), ("ø", "o"), ("å", "a"), ("á", "a"), ("č", "c"), ("đ", "d"), ("ŋ", "n")):
        text = text.replace(a, b)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


@lru_cache(maxsize=1)
def _by_folded() -> dict[str, tuple[Municipality, ...]]:
    names: dict[str, list[Municipality]] = {}
    for m in municipalities():
        for n in {m.name, m.sami_name} - {None}:
            for key in {_fold(str(n)), _fold(str(n)).replace("a", "aa") if "å" in str(n).casefold() else None} - {None}:
                names.setdefault(str(key), []).append(m)
    return {k: tuple(v) for k, v in names.items()}


@lru_cache(maxsize=1)
def _named_pattern() -> re.Pattern[str]:
    names = sorted({n for m in municipalities() for n in (m.name, m.sami_name) if n}, key=len, reverse=True)
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?<![\w-])({alternatives})(?:\s+kommunes?(?:styre)?|-samfunnet)(?![\w-])", re.IGNORECASE)


def named_in(texts: list[str], filename: str | None = None) -> Municipality | None:
    """The municipality a plan is about, from its own words when they say «Hol kommune»,
    «Hol kommunestyre» or «Nore og Uvdal-samfunnet» (the one named most often in ``texts``, the
    title and first pages, if it is named more often than any other), else from the first words
    of its ``filename`` («hole-samfunnsdel-2018-2030.pdf») when the plan names it too."""
    counts: dict[str, int] = {}
    for text in texts:
        for m in _named_pattern().finditer(text):
            found = by_name(m.group(1))
            if found is not None:
                counts[found.number] = counts.get(found.number, 0) + 1
    if counts:
        ranked = sorted(counts.items(), key=lambda kv: -kv[1])
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            return by_number(ranked[0][0])
    if filename:
        words = _fold(Path(filename).stem.replace("_", " ")).split()
        words = [w for w in words if not w.isdigit()]
        body = " ".join(texts)
        for n in (3, 2, 1):
            found_all = _by_folded().get(" ".join(words[:n]), ())
            if len(found_all) == 1 and re.search(rf"(?<!\w){re.escape(found_all[0].name)}(?!\w)", body):
                return found_all[0]
    return None


COUNTY_PREFIXES = {"03", "11", "15", "18", "31", "32", "33", "34", "39", "40", "42", "46", "50", "55", "56"}
"""The first two digits of a municipality number in the counties of 2024."""

_DOC_NUMBER = re.compile(r"(?:kommune\s*\(|kommunenr\.?\s*|kommunenummer\s*)(\d{4})", re.I)


def number_in_document(doc: Any) -> str | None:
    """A municipality number printed in the first pages ("Gol kommune (3324)", "kommunenummer 1515")."""
    for page in doc.pages[:3]:
        for block in page.blocks:
            m = _DOC_NUMBER.search(block.text)
            if m and m.group(1)[:2] in COUNTY_PREFIXES:
                return m.group(1)
    return None

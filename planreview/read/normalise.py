"""Text normalisation shared by the readers: line joining, hyphens, normalised form."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

SOFT_HYPHEN = "\u00ad"
# PDFium reports a hyphen it generated at a line break as U+0002 (see join_lines).

# Words that follow a suspended compound part: "plan- og bygningslova", "barne- eller ungdomsskule",
# "frå barne- til ungdomsskulen". Not «som» or «enn»: "der-" + "som" is «dersom», "etter-" + "som"
# «ettersom»; no compound is suspended before them.
SUSPENSION_WORDS = frozenset({"og", "eller", "til", "samt", "and", "or"})
_LETTER_BEFORE_HYPHEN = re.compile(r"([^\W\d_])[-\u00ad\u0002]$")
_FIRST_WORD = re.compile(r"^([^\W\d_]+)")


_INVISIBLE_RE = re.compile("[\u00ad\u0002\u200b\ufeff]")
_DASH_QUOTE_RE = re.compile("[\u2013\u2014\u2011\u2212\u2010«»\u201c\u201d\u2019\u2018]")
_DASH_QUOTE = {
    "\u2013": "-",
    "\u2014": "-",
    "\u2011": "-",
    "\u2212": "-",
    "\u2010": "-",
    "«": '"',
    "»": '"',
    "\u201c": '"',
    "\u201d": '"',
    "\u2019": "'",
    "\u2018": "'",
}


_UNSAFE_RE = re.compile("[\x00-\x08\x0e-\x1b\x7f\ud800-\udfff\ufffe\uffff]")
"""Characters that XML (the letter) cannot hold or UTF-8 cannot write: control characters and
lone surrogates (from a damaged font's character map or a damaged file)."""


@lru_cache(maxsize=8192)
def clean(text: str) -> str:
    """NFC, no soft hyphens or zero-width characters, single spaces. Control characters and lone
    surrogates (which XML and UTF-8 cannot hold) become U+FFFD: in a PDF they are glyphs without a
    map to Unicode, and the garbage check (``read.garbage``) must still see them. Text files drop
    stray control bytes before this (``read.text``).

    Remembered for recent texts: the reader cleans each line several times on its way to a block."""
    if _UNSAFE_RE.search(text):
        text = _UNSAFE_RE.sub("\ufffd", text)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        if _INVISIBLE_RE.search(text):
            text = _INVISIBLE_RE.sub("", text)
    return " ".join(text.split())  # str.split and re's \s know the same white space


def norm(text: str) -> str:
    """The matching form: cleaned, dashes and quotes unified, casefolded."""
    text = clean(text)
    if _DASH_QUOTE_RE.search(text):
        text = _DASH_QUOTE_RE.sub(lambda m: _DASH_QUOTE[m.group(0)], text)
    return text.casefold()


def join_lines(lines: list[str]) -> str:
    """Join printed lines into running text, rejoining words broken at a line end.

    "integrerings-" + "arbeidet" → "integreringsarbeidet", but "plan-" + "og bygningslova"
    stays "plan- og bygningslova", "NAV-" + "kontor" becomes "NAV-kontor" and "Fastlands-" +
    "Norge" "Fastlands-Norge".
    """
    out = ""
    for raw in lines:
        line = unicodedata.normalize("NFC", raw).replace("\u200b", "").strip()
        if not line:
            continue
        if not out:
            out = line
            continue
        soft = out.endswith((SOFT_HYPHEN, "\u0002"))
        m = _LETTER_BEFORE_HYPHEN.search(out[-2:])  # the end alone: out has no line break to end in
        first = _FIRST_WORD.match(line)
        if m and first and (line[0].islower() or soft):
            if first.group(1).casefold() in SUSPENSION_WORDS:
                out = out[:-1] + "- " + line  # suspended compound: "plan- og"
            elif m.group(1).isupper() and not soft:
                out = out + line  # "NAV-" + "kontor" → "NAV-kontor"
            else:
                out = out[:-1] + line  # a word broken at the line end
        elif out[-1:] == "-" and out[-2:-1].isdigit() and line[0].isdigit():
            out = out + line  # "2018-" + "2030"
        elif m and first and line[0].isupper() and not out[:-1].endswith(" "):
            out = out[:-1] + "-" + line  # a compound with a name: "Fastlands-" + "Norge" → "Fastlands-Norge"
        else:
            out = out + " " + line
    return clean(out)

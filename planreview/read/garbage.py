"""Is this text language? Garbage detection for extracted text.

A PDF whose font has no usable ToUnicode map, a custom font encoding, ligatures mapped to
U+FFFD, random bytes named ``.txt`` or a text file in an unexpected encoding all give "text"
that is not language. Scoring such text would tell the planner that the plan says nothing about
immigrants, so a page of it is treated like a page without text (OCR it or say so), and a
document that is mostly garbage is refused.

The test is statistical and cheap (one pass over the characters):

* characters that no font maps to language: control characters, unassigned code points,
  private-use code points (symbol fonts without a map) and U+FFFD;
* letters outside the Latin script (a font's glyph numbers read as CJK or other scripts);
* implausible letter statistics for Norwegian (or English): the share of vowels among the
  letters, and how often vowels and consonants alternate inside words, which in real
  language is far more often than in shuffled or shifted letters;
* no common function words at all in a long run of words.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

_ALLOWED_CONTROL = frozenset("\t\n\r\f\u0002\ufffe\u00ad")
"""Control-like characters readers produce for good reasons (PDFium's hyphen markers, soft hyphens)."""
_VOWELS = frozenset("aeiouyæøåéèêóòôàáäöü")
_WORD = re.compile(r"[^\W\d_]{2,}")
_RUN = re.compile("[" + "".join(sorted(_VOWELS)) + "]+|[^ " + "".join(sorted(_VOWELS)) + "]+")
"""A run of vowels or of other letters in words joined by spaces: a word's vowel–consonant
alternations are its runs less one."""
FUNCTION_WORDS = frozenset(
    (
        "og i er det som på til for av med at ein en eit et ikkje ikke å om vi dei de har skal vil kan frå fra "
        "ved eller men så der den no nå også òg seg sin sitt sine mot etter under over mellom blir vert vere være "
        "kommunen the and of to in is for that with on as are be by this"
    ).split()
)
"""Words that make up a quarter of running Norwegian (both målformer) or English text."""


@dataclass(frozen=True, slots=True)
class TextQuality:
    """Character and word counts of a text, for telling language from garbage."""

    chars: int
    """Characters that are not white space."""
    bad: int
    """Control, unassigned, private-use and replacement characters."""
    letters: int
    latin: int
    """Letters of the Latin script."""
    vowels: int
    """Latin vowels (Norwegian and common accented ones)."""
    words: int
    """Runs of two or more letters."""
    known: int
    """Words that are common function words."""
    pairs: int
    """Adjacent letter pairs inside words."""
    alternations: int
    """Adjacent letter pairs where a vowel meets a consonant."""

    @property
    def bad_share(self) -> float:
        return self.bad / self.chars if self.chars else 0.0


def quality(text: str) -> TextQuality:
    """Count what ``garbage_reason`` needs: each distinct character and word is looked at once."""
    chars = bad = letters = latin = vowels = 0
    for ch, n in Counter(text).items():
        if ch.isspace() and ch not in "\u00ad":
            continue
        chars += n
        if ch.isalpha():
            letters += n
            if ch.isascii() or "LATIN" in unicodedata.name(ch, ""):
                latin += n
                if ch.lower() in _VOWELS:
                    vowels += n
            continue
        if ch in _ALLOWED_CONTROL:
            continue
        if ch == "\ufffd" or unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs"):
            bad += n
    found = _WORD.findall(text.casefold())
    words = len(found)
    known = sum(1 for w in found if w in FUNCTION_WORDS)
    joined = " ".join(found)
    pairs = len(joined) - 2 * words + 1 if words else 0  # each word's letters less one
    alternations = len(_RUN.findall(joined)) - words
    return TextQuality(chars, bad, letters, latin, vowels, words, known, pairs, alternations)


MIN_CHARS = 12
"""Texts shorter than this are not judged (a page number, a lone label)."""


def garbage_reason(text: str) -> str | None:
    """Why ``text`` is not language, or None when it reads as language (or is too short to judge).

    Reasons: ``"unmapped"`` (control, private-use, unassigned or replacement characters: a
    font without a usable map to Unicode), ``"script"`` (letters of another script: glyph
    numbers read as characters), ``"letters"`` (letter statistics no Norwegian or English text
    has: shifted or random letters).
    """
    q = quality(text)
    if q.chars < MIN_CHARS:
        return None
    if q.bad_share >= 0.05:
        return "unmapped"
    if q.letters >= 30 and q.latin < 0.5 * q.letters:
        return "script"
    if q.words >= 15 and q.latin:
        vowel_share = q.vowels / q.latin
        alternation = q.alternations / max(1, q.pairs)
        if not 0.2 <= vowel_share <= 0.65:
            return "letters"
        if q.words >= 25 and alternation < 0.5:
            return "letters"
        if q.words >= 60 and q.known == 0 and alternation < 0.55:
            return "letters"
    return None


_ODD = r"[^\x00-\x7f’‘–—‐‑·•…«»\u00ad\ufffe\u00a0\u2009\u202f]"
_ODD_CHAR = re.compile(_ODD)
_ODD_IN_WORD = re.compile(rf"(?<=[^\W\d_])({_ODD})(?=[^\W\d_])")
_BROKEN = r"[\ufffd\x00-\x01\x03-\x08\x0e-\x1f]"
_BROKEN_CHAR = re.compile(_BROKEN)
_BROKEN_WORD = re.compile(rf"[^\W\d_]{_BROKEN}|{_BROKEN}[^\W\d_]")


def damage_reason(text: str) -> str | None:
    """Why some words of an otherwise readable ``text`` are wrong, or None.

    ``"replacement"``: letters next to U+FFFD or control characters (ligatures such as «fi»
    without a map: «\ufffdnansiering»); ``"symbols"``: symbols inside words, as when a font's
    own encoding puts «¿» where «ø» should be («tilb¿d»). Either in at least two places and in
    at least 2 % of the words. Such a page is worth OCR; without OCR its text is kept and named
    in a warning.
    """
    # The word scans run only when the characters they look for are in the text at all.
    broken = len(_BROKEN_WORD.findall(text)) if _BROKEN_CHAR.search(text) else 0
    if broken >= 2 and broken >= 0.02 * len(_WORD.findall(text)):
        return "replacement"
    if not any(not ch.isalpha() and _ODD_CHAR.match(ch) for ch in set(text)):
        return None
    odd = sum(1 for ch in _ODD_IN_WORD.findall(text) if not ch.isalpha())
    if odd >= 2 and odd >= 0.02 * len(_WORD.findall(text)):
        return "symbols"
    return None


def is_garbage(text: str) -> bool:
    """True when ``text`` is long enough to judge and is not language (see ``garbage_reason``)."""
    return garbage_reason(text) is not None

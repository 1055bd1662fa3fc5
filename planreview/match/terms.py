"""Norwegian term matching: compound parts, inflections (Snowball) and bounded fuzziness.

Text is matched in its normalised form (NFC, casefolded, dashes and quotes unified).
A term is one of:

* ``word``   — the word and its inflections: the token or its Snowball stem equals the
  word or its stem ("bustad" ~ "bustader", "ansvar" ~ "ansvaret");
* ``word*``  — tokens that start with it; ``*word`` — that end with it; ``*word*`` —
  that contain it ("*innvandr*" ~ "arbeidsinnvandrarane", never "vandre");
* a phrase of such words separated by spaces ("rett og plikt", "ukrainsk* flyktning*").

Protected terms (law names) match only exactly. Fuzzy matching, for OCR errors and
spelling variants, is limited to one edit after the first five letters of long prefix terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
from rapidfuzz.distance import Levenshtein

FUZZY_FIXED = 5
"""Letters at the start of a word that fuzzy matching never changes (they also drive the prefilter)."""
WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_STEMMER = snowballstemmer.stemmer("norwegian")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def tokens(text: str) -> tuple[str, ...]:
    return tuple(WORD.findall(text))


def _word_regex(word: str, protected: bool) -> str:
    pre, suf = word.startswith("*"), word.endswith("*")
    core = re.escape(word.strip("*"))
    if protected:
        return rf"(?<![\w-]){core}(?![\w])"
    if pre and suf:
        return rf"[\w-]*{core}[\w-]*"
    if suf:
        return rf"(?<![\w-]){core}[\w-]*"
    if pre:
        return rf"[\w-]*{core}(?![\w])"
    # plain word inside a phrase: allow a short inflection ending
    return rf"(?<![\w-]){core}(?:e|a|en|et|ar|er|ane|ene|ne|t|s)?(?![\w])"


@dataclass(frozen=True, slots=True)
class TermMatcher:
    """A compiled set of terms; ``find`` returns the matched words in text order.

    Single words are checked token by token (prefix, suffix and infix tests are plain string
    operations); phrases and protected terms go through one regular expression.
    """

    terms: tuple[str, ...]
    regex: re.Pattern[str] | None
    forms: frozenset[str]
    """Plain single words and their stems: a token matches when it or its stem is one of them."""
    exact: frozenset[str] = frozenset()
    """Single words that match only as written."""
    prefixes: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    infixes: tuple[str, ...] = ()
    fuzzy: tuple[str, ...] = ()
    """Fixed prefixes (≥ 7 letters) that may match with one edit (OCR errors, spelling variants)."""
    firsts: tuple[str, ...] = ()
    """The fixed start of each phrase's first word: the regex runs only when one is in the text."""
    prefilter: re.Pattern[str] | None = None
    """Literal pieces one of which any match must contain: text without them is skipped at C speed."""
    _seen: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def compile(
        cls, terms: Iterable[str], protected: Iterable[str] = (), *, fuzzy: bool = False, stemming: bool = True
    ) -> TermMatcher:
        """Compile terms; with ``stemming=False`` plain words match only as written (function words, verbs)."""
        terms = tuple(dict.fromkeys(terms))
        prot = set(protected)
        parts: list[str] = []
        firsts: list[str] = []
        longest: list[str] = []
        forms: set[str] = set()
        exact: set[str] = set()
        pre: list[str] = []
        suf: list[str] = []
        inf: list[str] = []
        fz: list[str] = []
        for term in terms:
            words = term.split()
            single = len(words) == 1 and WORD.fullmatch(term.strip("*")) is not None
            if single:
                core = term.strip("*")
                if term.startswith("*") and term.endswith("*"):
                    inf.append(core)
                elif term.endswith("*"):
                    pre.append(core)
                elif term.startswith("*"):
                    suf.append(core)
                elif not stemming or term in prot or term.endswith(("lova", "loven")):
                    exact.add(term)
                else:
                    forms.add(term)
                    forms.add(stem(term))
                if fuzzy and term.endswith("*") and len(core) >= 7:
                    fz.append(core)
                continue
            firsts.append(words[0].strip("*")[:4])
            longest.append(max((w.strip("*") for w in words), key=len))
            if not stemming and "*" not in term:
                parts.append(r"\s+".join(_word_regex(w, True) for w in words))
            else:
                parts.append(r"\s+".join(_word_regex(w, term in prot) for w in words))
        parts.sort(key=len, reverse=True)
        regex = re.compile("|".join(parts)) if parts else None
        # Fuzzy prefixes already contained in another term need no fuzziness of their own.
        fz = [c for c in fz if not any(o != c and o in c for o in (*pre, *inf))]
        pieces = set(longest)
        pieces |= set(pre) | set(inf) | set(suf) | set(exact)
        pieces |= {stem(f) or f for f in forms}
        pieces |= {c[:FUZZY_FIXED] for c in fz}
        pieces.discard("")
        prefilter = (
            re.compile("|".join(re.escape(p) for p in sorted(pieces, key=len, reverse=True))) if pieces else None
        )
        return cls(
            terms,
            regex,
            frozenset(forms),
            frozenset(exact),
            tuple(pre),
            tuple(suf),
            tuple(inf),
            tuple(fz),
            tuple(sorted(set(firsts))),
            prefilter,
        )

    def _phrases(self, text: str) -> bool:
        return self.regex is not None and any(f in text for f in self.firsts)

    def _token_hit(self, tok: str) -> bool:
        hit = self._seen.get(tok)
        if hit is None:
            if len(self._seen) > 300_000:
                self._seen.clear()
            hit = self._seen[tok] = self._token_test(tok) or (bool(self.fuzzy) and len(tok) >= 8 and self._near(tok))
        return hit

    def _token_test(self, tok: str) -> bool:
        if tok in self.exact:
            return True
        if self.prefixes and tok.startswith(self.prefixes):
            return True
        if self.suffixes and tok.endswith(self.suffixes):
            return True
        if self.infixes and any(core in tok for core in self.infixes):
            return True
        return bool(self.forms) and (tok in self.forms or stem(tok) in self.forms)

    def find(self, text: str, toks: tuple[str, ...] | None = None) -> list[str]:
        out: list[str] = []
        if self.prefilter is None or not self.prefilter.search(text):
            return out
        if self._phrases(text):
            out.extend(m.group(0) for m in self.regex.finditer(text))  # type: ignore[union-attr]
        for tok in toks if toks is not None else tokens(text):
            if self._token_hit(tok):
                out.append(tok)
        return out

    def _near(self, tok: str) -> bool:
        """One edit after the first five letters of a long fixed prefix (OCR: "flyktnlnger" ~ "flyktning*")."""
        for pre in self.fuzzy:
            if tok[:FUZZY_FIXED] != pre[:FUZZY_FIXED]:
                continue
            n = len(pre)
            if any(Levenshtein.distance(tok[:k], pre, score_cutoff=1) <= 1 for k in (n - 1, n, n + 1)):
                return True
        return False

    def search(self, text: str, toks: tuple[str, ...] | None = None) -> bool:
        if self.prefilter is None or not self.prefilter.search(text):
            return False
        if self._phrases(text) and self.regex.search(text):  # type: ignore[union-attr]
            return True
        return any(self._token_hit(tok) for tok in (toks if toks is not None else tokens(text)))

    def mask(self, text: str) -> str:
        """``text`` with every match blanked out (for exclusions)."""
        if not self.search(text):
            return text
        if self.regex is not None:
            text = self.regex.sub(lambda m: " " * len(m.group(0)), text)
        if self.exact or self.prefixes or self.suffixes or self.infixes or self.forms:
            text = WORD.sub(lambda m: " " * len(m.group(0)) if self._token_hit(m.group(0)) else m.group(0), text)
        return text

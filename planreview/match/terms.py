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
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import snowballstemmer

FUZZY_FIXED = 5
"""Letters at the start of a word that fuzzy matching never changes (they also drive the prefilter)."""
WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_STEMMER = snowballstemmer.stemmer("norwegian")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    return str(_STEMMER.stemWord(word))


def tokens(text: str) -> tuple[str, ...]:
    return tuple(WORD.findall(text))


_Trie = dict[str, "_Trie"]


def word_trie(words: Iterable[str]) -> str:
    """A regular expression that matches exactly the alternation of ``words`` (literal text), longest
    first, with their common starts written once (``bo(?:lig|stad(?:er)?)``): the regex engine tries
    each start once, not each word. At one place it matches the longest word it can, then shorter
    ones, as an alternation sorted longest first does (``re.escape``d, no flags needed)."""
    root: _Trie = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        alternatives = [re.escape(ch) + emit(node[ch]) for ch in sorted(node) if ch]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        if "" not in node:
            return body
        return body + "?" if len(alternatives) == 1 and len(body) == 1 else "(?:" + body + ")?"

    return emit(root)


_COMMON = frozenset(
    "alle andre anna annan annen av behov bruk bruke brukt etter fleire flere for forbindelse fra frå har i "
    "kom kome komne kjem kommer kommet kort med mellom nye og over på samband skal som til ulike under ved".split()
)
"""Words too common in plans to look a phrase up by: a phrase is looked up by another of its words."""


def _lookup_part(words: Iterable[str]) -> str:
    """The part of a phrase to look it up by (every match holds it): the longest word that is not
    common in plans, else the longest word («tolk» in «behov for tolk»)."""
    return max(words, key=lambda w: (w not in _COMMON, len(w)))


def _fewest_pieces(pieces: Iterable[str]) -> tuple[str, ...]:
    """The pieces that contain no other piece (a text holds one of ``pieces`` exactly when it holds one
    of these), shortest first."""
    out: list[str] = []
    for piece in sorted(set(pieces), key=lambda p: (len(p), p)):
        if piece and not any(o in piece for o in out):
            out.append(piece)
    return tuple(out)


def _letters_apart(a: str, b: str) -> int:
    """How many letters must be taken out of ``a`` and ``b`` together so that both hold the same
    letters (counted, in any order). One edit gives at most 2: a replaced letter takes one out of
    each, an added or dropped letter one out of one."""
    ca, cb = Counter(a), Counter(b)
    return sum((ca - cb).values()) + sum((cb - ca).values())


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
    operations); phrases and protected terms are regular expressions, matched as one alternation
    of them, longest first (``regex``). Each is compiled when first needed, and only for text
    that holds every fixed part of its words: most of a checklist's phrases are in no plan, and
    compiling them all would cost a review more than matching does.
    """

    terms: tuple[str, ...]
    phrases: tuple[tuple[str, tuple[str, ...]], ...]
    """Each phrase's regular expression, longest first, with the fixed parts of its words (every
    match holds them all)."""
    forms: frozenset[str]
    """Plain single words and their stems: a token matches when it or its stem is one of them."""
    exact: frozenset[str] = frozenset()
    """Single words that match only as written."""
    prefixes: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    infixes: tuple[str, ...] = ()
    fuzzy: tuple[str, ...] = ()
    """Fixed prefixes (≥ 7 letters) that may match with one edit (OCR errors, spelling variants)."""
    pieces: tuple[str, ...] = ()
    """Literal text one piece of which every match holds (see ``may_match``)."""
    _seen: dict[str, bool] = field(default_factory=dict, compare=False, repr=False)
    _compiled: dict[str | int, re.Pattern[str]] = field(default_factory=dict, compare=False, repr=False)
    _index: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """Lookup tables made on first need: "phrases" (each phrase's longest fixed part → the phrases
    holding it) and "fuzzy" (first letters → the fuzzy prefixes that start with them)."""

    @property
    def regex(self) -> re.Pattern[str] | None:
        """The phrases and protected terms as one regular expression, longest first."""
        if not self.phrases:
            return None
        return self._pattern("regex", "|".join(source for source, _ in self.phrases))

    def may_match(self, text: str) -> bool:
        """Whether ``text`` holds one of the literal ``pieces`` that every match contains: text that
        does not is skipped with a few substring tests in C (cheaper than compiling a pattern of them)."""
        return any(map(text.__contains__, self.pieces))

    def _pattern(self, key: str | int, source: str) -> re.Pattern[str]:
        compiled = self._compiled.get(key)
        if compiled is None:
            compiled = self._compiled[key] = re.compile(source)
        return compiled

    @classmethod
    def compile(
        cls, terms: Iterable[str], protected: Iterable[str] = (), *, fuzzy: bool = False, stemming: bool = True
    ) -> TermMatcher:
        """Compile terms; with ``stemming=False`` plain words match only as written (function words, verbs)."""
        terms = tuple(dict.fromkeys(terms))
        prot = set(protected)
        parts: list[tuple[str, tuple[str, ...]]] = []
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
            longest.append(_lookup_part(w.strip("*") for w in words))
            fixed = tuple(dict.fromkeys(w.strip("*") for w in words))
            if not stemming and "*" not in term:
                parts.append((r"\s+".join(_word_regex(w, True) for w in words), fixed))
            else:
                parts.append((r"\s+".join(_word_regex(w, term in prot) for w in words), fixed))
        parts.sort(key=lambda part: len(part[0]), reverse=True)
        # Fuzzy prefixes already contained in another term need no fuzziness of their own.
        fz = [c for c in fz if not any(o != c and o in c for o in (*pre, *inf))]
        pieces = set(longest)
        pieces |= set(pre) | set(inf) | set(suf) | set(exact)
        pieces |= {stem(f) or f for f in forms}
        pieces |= {c[:FUZZY_FIXED] for c in fz}
        pieces.discard("")
        return cls(
            terms,
            tuple(parts),
            frozenset(forms),
            frozenset(exact),
            tuple(pre),
            tuple(suf),
            tuple(inf),
            tuple(fz),
            _fewest_pieces(pieces),
        )

    def _candidates(self, text: str) -> list[int]:
        """The phrases that can match ``text``: those whose words' fixed parts are all in it, in
        the order of ``phrases`` (looked up by each phrase's longest part: one substring test for
        all the phrases that share it)."""
        by_part: dict[str, tuple[int, ...]] | None = self._index.get("phrases")
        if by_part is None:
            grouped: dict[str, list[int]] = {}
            for i, (_, fixed) in enumerate(self.phrases):
                grouped.setdefault(_lookup_part(fixed), []).append(i)
            by_part = self._index["phrases"] = {part: tuple(ids) for part, ids in grouped.items()}
        phrases = self.phrases
        found = [
            i for part, ids in by_part.items() if part in text for i in ids if all(w in text for w in phrases[i][1])
        ]
        found.sort()
        return found

    def _phrase_matches(self, text: str, candidates: list[int]) -> Iterator[re.Match[str]]:
        """The matches of ``regex`` in ``text``, in text order, from the ``candidates`` alone (no
        other phrase can match). As in the alternation, the leftmost match wins, and of matches
        that start at the same place the one of the longer phrase (the first in ``phrases``)."""
        regexes = [self._pattern(i, self.phrases[i][0]) for i in candidates]
        if len(regexes) == 1:
            yield from regexes[0].finditer(text)
            return
        found = [rx.search(text) for rx in regexes]
        pos = 0
        while True:
            best: re.Match[str] | None = None
            for k, rx in enumerate(regexes):
                m = found[k]
                if m is not None and m.start() < pos:
                    m = found[k] = rx.search(text, pos)
                if m is not None and (best is None or m.start() < best.start()):
                    best = m
            if best is None:
                return
            yield best
            pos = best.end()

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
        if not self.may_match(text):
            return out
        candidates = self._candidates(text)
        if candidates:
            out.extend(m.group(0) for m in self._phrase_matches(text, candidates))
        for tok in toks if toks is not None else tokens(text):
            if self._token_hit(tok):
                out.append(tok)
        return out

    def _near(self, tok: str) -> bool:
        """One edit after the first five letters of a long fixed prefix (OCR: "flyktnlnger" ~ "flyktning*")."""
        by_start: dict[str, tuple[str, ...]] | None = self._index.get("fuzzy")
        if by_start is None:
            heads: dict[str, list[str]] = {}
            for pre in self.fuzzy:
                heads.setdefault(pre[:FUZZY_FIXED], []).append(pre)
            by_start = self._index["fuzzy"] = {k: tuple(v) for k, v in heads.items()}
        for pre in by_start.get(tok[:FUZZY_FIXED], ()):
            n = len(pre)
            # one edit changes the length by at most one and the letter counts by at most two in all (one
            # out, one in): a word that differs more cannot match, and most that share the first five
            # letters are such words («integreres» is three edits from «integrering»)
            starts = [
                start
                for start in dict.fromkeys(tok[:k] for k in (n - 1, n, n + 1))
                if abs(len(start) - n) <= 1 and _letters_apart(start, pre) <= 2
            ]
            if not starts:
                continue
            # rapidfuzz is imported here, on the first word that may be one edit away: most reviews
            # never need it, and its import would cost every command's start-up
            from rapidfuzz.distance import Levenshtein

            if any(Levenshtein.distance(start, pre, score_cutoff=1) <= 1 for start in starts):
                return True
        return False

    def search(self, text: str, toks: tuple[str, ...] | None = None) -> bool:
        if not self.may_match(text):
            return False
        if any(self._pattern(i, self.phrases[i][0]).search(text) for i in self._candidates(text)):
            return True
        return any(self._token_hit(tok) for tok in (toks if toks is not None else tokens(text)))

    def mask(self, text: str) -> str:
        """``text`` with every match blanked out (for exclusions)."""
        if not self.search(text):
            return text
        candidates = self._candidates(text)
        if candidates:
            spans = [m.span() for m in self._phrase_matches(text, candidates)]
            for start, end in reversed(spans):
                text = text[:start] + " " * (end - start) + text[end:]
        if self.exact or self.prefixes or self.suffixes or self.infixes or self.forms:
            text = WORD.sub(lambda m: " " * len(m.group(0)) if self._token_hit(m.group(0)) else m.group(0), text)
        return text

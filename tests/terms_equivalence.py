"""Dev script (not a test): do the term matchers give what an earlier version of them gave?

    .venv/bin/python tests/terms_equivalence.py [--rev main] [PDF or folder ...]

Loads ``planreview/match/terms.py`` as it stood at git revision ``--rev`` beside the current one,
compiles every matcher of the default checklist with both (the same terms, protected terms and
options), and compares ``find`` (with and without the text's tokens), ``search`` and ``mask`` on
every block of every document given (by default all corpus and real-world PDFs under
``/work/shared``). Prints each difference and a summary; exits 1 when any was found.

For changes that must not change what is matched (speed-ups of ``TermMatcher``).
"""

from __future__ import annotations

import subprocess
import sys
import time
import types
from pathlib import Path
from typing import Any

import click

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIRS = (Path("/work/shared/corpus"), Path("/work/shared/realpdf"))


def _old_terms(rev: str) -> types.ModuleType:
    """``planreview.match.terms`` as it stood at ``rev`` (it imports nothing from planreview)."""
    source = subprocess.run(
        ["git", "show", f"{rev}:planreview/match/terms.py"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    module = types.ModuleType("old_terms")
    sys.modules["old_terms"] = module  # dataclasses look their module up
    exec(compile(source, f"{rev}:planreview/match/terms.py", "exec"), module.__dict__)
    return module


def _matcher_pairs(old: types.ModuleType) -> list[tuple[str, Any, Any]]:
    """(terms, current matcher, old matcher) for every matcher the default checklist compiles."""
    from planreview.checklist import _load_cached, default_checklist_path
    from planreview.match import terms

    calls: list[tuple[tuple[Any, ...], dict[str, Any], Any]] = []
    compile_new = terms.TermMatcher.compile.__func__

    def recording(cls: type, *args: Any, **kwargs: Any) -> Any:
        matcher = compile_new(cls, *args, **kwargs)
        calls.append((args, kwargs, matcher))
        return matcher

    terms.TermMatcher.compile = classmethod(recording)
    try:
        _load_cached.cache_clear()
        _load_cached(str(default_checklist_path().resolve()), -1)
    finally:
        terms.TermMatcher.compile = classmethod(compile_new)
        _load_cached.cache_clear()
    out = []
    for args, kwargs, matcher in calls:
        args = tuple(tuple(a) if not isinstance(a, str) else a for a in args)
        out.append((" | ".join(matcher.terms)[:80], matcher, old.TermMatcher.compile(*args, **kwargs)))
    return out


def _texts(paths: tuple[Path, ...]) -> list[str]:
    from planreview.read import read_document

    files: list[Path] = []
    for p in paths or DEFAULT_DIRS:
        files.extend(sorted(p.rglob("*.pdf")) if p.is_dir() else [p])
    texts: list[str] = []
    for f in files:
        texts.extend(b.norm for b in read_document(f).blocks())
    return list(dict.fromkeys(texts))


@click.command()
@click.option("--rev", default="main", show_default=True, help="Git revision whose terms.py is the reference.")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def main(rev: str, paths: tuple[Path, ...]) -> None:
    """Compare the term matchers with those of ``--rev`` on every block of PATHS."""
    from planreview.match.terms import tokens

    old = _old_terms(rev)
    pairs = _matcher_pairs(old)
    texts = _texts(paths)
    click.echo(f"{len(pairs)} matchers, {len(texts)} distinct block texts")
    t = time.perf_counter()
    differences = 0
    found = 0
    for name, new, ref in pairs:
        for text in texts:
            toks = tokens(text)
            got = (new.find(text), new.find(text, toks), new.search(text), new.search(text, toks), new.mask(text))
            want = (ref.find(text), ref.find(text, toks), ref.search(text), ref.search(text, toks), ref.mask(text))
            found += bool(want[0])
            if got != want:
                differences += 1
                click.echo(f"DIFF [{name}] {text[:100]!r}\n  now {got[:4]!r}\n  was {want[:4]!r}")
    click.echo(
        f"{differences} differences; {found} (matcher, text) pairs with matches; {time.perf_counter() - t:.0f} s"
    )
    sys.exit(1 if differences else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# The two set-up commands of the README:
#   bash run.sh demo   # review an example plan (creates .venv on first use)
#   bash run.sh test   # lint, type-check and run the whole test suite
set -euo pipefail
cd "$(dirname "$0")"

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.planreview-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[dev]"
  touch "$stamp"
fi

case "${1:-demo}" in
  demo)
    shift || true
    example=${1:-examples/fjordvik-samfunnsdel-nn.pdf}
    name=$(basename "${example%.*}")
    .venv/bin/planreview review "$example" --out "ut/$name" \
      --county "Møre og Romsdal fylkeskommune" --case-officer "Kari Nordmann"
    ;;
  test)
    shift || true
    .venv/bin/ruff check planreview tests examples templates
    .venv/bin/ruff format --check planreview tests examples templates
    .venv/bin/mypy
    .venv/bin/python -m pytest "$@"
    ;;
  *)
    echo "usage: bash run.sh [demo [FILE] | test [PYTEST ARGS]]" >&2
    exit 2
    ;;
esac

"""The Jinja environment of the web app's pages: autoescaped (plan text is data), templates and
static files in the package."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader, select_autoescape

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"


def _local_time(value: str | None) -> str:
    """An ISO time (UTC) as Norwegian local time, «30.11.2026 20:45»."""
    if not value:
        return ""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    try:
        from zoneinfo import ZoneInfo

        moment = moment.astimezone(ZoneInfo("Europe/Oslo"))
    except Exception:  # noqa: BLE001 - no time zone data: show UTC
        pass
    return moment.strftime("%d.%m.%Y %H:%M")


@lru_cache(maxsize=1)
def environment() -> Environment:
    from ..checklist import package_dir

    # the pages' own templates, and the report's (``rapport/comparison.html.j2``: a comparison is
    # shown with the same markup as ``planreview compare --format html``)
    loader = ChoiceLoader(
        [FileSystemLoader(str(TEMPLATES)), PrefixLoader({"rapport": FileSystemLoader(str(package_dir("templates")))})]
    )
    env = Environment(
        loader=loader,
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["local_time"] = _local_time
    return env

"""A planner in the browser (Playwright and Debian's chromium): drop a plan on the page, reject a
quote with a reason, download the letter and find the quote gone; plan text never runs; the
batch overviews keep the plan column in view at 1280 px."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path

import docx
import pytest
from test_web_server import request, server, upload

ROOT = Path(__file__).parent.parent
CHROMIUM = Path("/usr/bin/chromium")
EXAMPLE = ROOT / "examples" / "fjordvik-samfunnsdel-nn.pdf"
REVISED = ROOT / "examples" / "fjordvik-samfunnsdel-nn-revidert.pdf"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed"),
]

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def letter_text(path: Path) -> str:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return " ".join(" ".join(parts).split())


DROP = """([name, b64]) => {
  const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
  const dt = new DataTransfer();
  dt.items.add(new File([bytes], name, {type: "application/pdf"}));
  const zone = document.getElementById("drop");
  zone.dispatchEvent(new DragEvent("dragover", {dataTransfer: dt, bubbles: true, cancelable: true}));
  zone.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
  return document.getElementById("file").files.length;
}"""


def test_upload_reject_a_quote_and_the_letter_no_longer_has_it(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    with server(tmp_path / "planreview.sqlite3") as base, sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(base + "/")
            assert page.locator("html").get_attribute("lang") == "nn"
            dropped = page.evaluate(DROP, [EXAMPLE.name, base64.b64encode(EXAMPLE.read_bytes()).decode()])
            assert dropped == 1
            assert page.locator("#file-name").inner_text() == EXAMPLE.name
            page.get_by_role("button", name="Last opp og vurder").click()
            page.wait_for_selector("table.scorecard", timeout=120_000)
            assert page.locator("table.scorecard tbody tr").count() == 9

            with page.expect_download() as info:
                page.locator("#dl-letter-nn").click()
            before = tmp_path / "før.docx"
            info.value.save_as(before)
            letter = letter_text(before)
            quotes = page.locator("li.quote")
            target = None
            for i in range(quotes.count()):
                text = " ".join(quotes.nth(i).locator("blockquote.evidence").inner_text().split())
                if len(text) > 40 and text[:60] in letter:
                    target = i, text
                    break
            assert target is not None, "no quote on the page is in the letter"
            i, quote = target
            item = quotes.nth(i)
            # see the quote in its page first
            item.get_by_role("link", name="Vis i sida").click()
            dialog = page.locator("#page-dialog")
            dialog.locator("mark").first.wait_for()
            assert quote[:30] in " ".join(dialog.locator("mark").first.inner_text().split())
            page.keyboard.press("Escape")
            item.locator("summary", has_text="Avvis sitatet").click()
            item.get_by_label("Grunn").fill("Sitatet gjeld eit anna tema.")
            item.get_by_role("button", name="Avvis sitatet").click()
            page.wait_for_selector("#rettingar table", timeout=120_000)
            assert "Sitatet gjeld eit anna tema." in page.locator("#rettingar").inner_text()
            assert quote not in [" ".join(t.split()) for t in page.locator("blockquote.evidence").all_inner_texts()]
            with page.expect_download() as info:
                page.locator("#dl-letter-nn").click()
            after = tmp_path / "etter.docx"
            info.value.save_as(after)
            assert quote[:60] not in letter_text(after)
            assert "fråsegn om integrering" in letter_text(after)
            assert errors == []

            # the revised plan as the next version: compare the two from the history page
            first = page.url.rsplit("/", 1)[1].split("?")[0]
            status, revised = upload(base, REVISED.name, REVISED.read_bytes())
            assert status == 200, revised
            link = json.dumps({"previous_id": first}).encode()
            res = request(
                f"{base}/api/v1/reviews/{revised['id']}/previous", link, {"Content-Type": "application/json"}, "PUT"
            )
            assert res[0] == 200
            page.goto(f"{base}/historikk")
            assert page.locator(f'input[name="etter"][value="{revised["id"]}"]').is_checked()
            assert page.locator(f'input[name="for"][value="{first}"]').is_checked()
            page.get_by_role("button", name="Samanlikn").click()
            page.wait_for_selector("table.scorecard.compare", timeout=120_000)
            assert page.locator("h1").inner_text() == "Samanlikning av to versjonar av planen"
            assert page.locator('tr[data-theme="folkehelse"]').get_attribute("data-after") == "3"
            assert errors == []

            # plan text is data: nothing in it runs
            hostile = (
                "# Samfunnsdelen for Testvik kommune\n\nInnvandrarar utgjer 12 prosent.\n\n"
                'Nokre skreiv <script>window.__pwned = 1</script> og <img src=x onerror="window.__pwned=2"> '
                "i innspela om flyktningar.\n"
            )
            status, body = upload(base, "testvik.md", hostile.encode("utf-8"))
            assert status == 200
            page.goto(f"{base}/reviews/{body['id']}")
            assert page.evaluate("() => window.__pwned") is None
            assert "<script>window.__pwned" in page.locator("main").inner_text()

            # a tablet in bokmål
            tablet = browser.new_page(viewport={"width": 820, "height": 1180})
            tablet.goto(f"{base}/malform/nb?neste=/reviews/{body['id']}")
            assert tablet.locator("html").get_attribute("lang") == "nb"
            assert tablet.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
            tablet.close()
        finally:
            browser.close()


def _plan_column_stays(page: object, wrap: str, cell: str) -> None:
    x0 = page.locator(cell).first.bounding_box()["x"]  # type: ignore[attr-defined]
    width = page.evaluate(f"() => document.querySelector('{wrap}').scrollWidth")  # type: ignore[attr-defined]
    client = page.evaluate(f"() => document.querySelector('{wrap}').clientWidth")  # type: ignore[attr-defined]
    assert width > client, "the themes should need scrolling in this test"
    page.evaluate(f"() => {{ document.querySelector('{wrap}').scrollLeft = 10000; }}")  # type: ignore[attr-defined]
    page.wait_for_timeout(100)  # type: ignore[attr-defined]
    x1 = page.locator(cell).first.bounding_box()["x"]  # type: ignore[attr-defined]
    assert abs(x1 - x0) < 1, (x0, x1)
    assert page.evaluate(f"() => document.querySelector('{wrap}').scrollLeft") > 0  # type: ignore[attr-defined]


def test_the_batch_overview_keeps_the_plan_column_at_1280px(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    from click.testing import CliRunner

    from planreview.cli import cli

    plans = tmp_path / "planar"
    plans.mkdir()
    for name in ("fjordvik-samfunnsdel-nn.md", "granlia-planstrategi-nb.md", "bjorkvik-planprogram-nn.md"):
        (plans / name).write_bytes((ROOT / "examples" / name).read_bytes())
    out = tmp_path / "ut"
    args = ["batch", str(plans), "--out", str(out), "--quiet", "--format", "json", "--jobs", "1"]
    res = CliRunner().invoke(cli, args)
    assert res.exit_code == 0, res.output
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto((out / "index.html").as_uri())
            _plan_column_stays(page, ".wrap", "td.plan")
            rows = page.locator("#matrix tbody tr")
            assert rows.count() == 3
        finally:
            browser.close()
    # the web app's matrix does the same
    with server(tmp_path / "planreview.sqlite3") as base, sync_api.sync_playwright() as p:
        import urllib.request
        import uuid

        boundary = uuid.uuid4().hex
        body = b""
        for f in plans.iterdir():
            body += (
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{f.name}"\r\n\r\n'.encode()
                + f.read_bytes()
                + b"\r\n"
            )
        body += f"--{boundary}--\r\n".encode()
        req = urllib.request.Request(
            f"{base}/api/v1/batches", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )
        with urllib.request.urlopen(req, timeout=60) as r:
            batch = json.loads(r.read())
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(f"{base}/samla/{batch['id']}")
            page.wait_for_selector("#matrix", timeout=120_000)
            _plan_column_stays(page, ".matrix-wrap", "tbody th.c2")
            # sort by a theme, then filter
            page.locator("#matrix thead button.sort").nth(2).click()
            assert page.locator("#matrix thead th").nth(2).get_attribute("aria-sort") == "ascending"
            page.fill("#matrix-filter", "granlia")
            assert page.locator("#matrix tbody tr:not([hidden])").count() == 1
        finally:
            browser.close()


_ = io

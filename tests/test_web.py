"""The web app and its HTTP API, in-process (FastAPI's test client) with real worker processes."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

import docx
import pytest

pytest.importorskip("fastapi")
from fastapi.testclient import TestClient

from planreview import api
from planreview.errors import ExitCode
from planreview.web.app import ServeConfig, create_app
from planreview.web.store import MIGRATIONS, Store
from planreview.web.texts import TEXTS

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "fjordvik-samfunnsdel-nn.pdf"

HOSTILE = """# Samfunnsdelen for Testvik kommune

Høyringsutkast.

## 1 Kunnskapsgrunnlag

Innvandrarar utgjer 12 prosent av befolkninga i Testvik.

Nokre skreiv <script>window.__pwned = 1</script> og <img src=x onerror="window.__pwned=2"> i innspela om flyktningar.

## 2 Arbeid

### Mål

- Fleire flyktningar skal kome i arbeid etter introduksjonsprogrammet.
"""


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("web") / "planreview.sqlite3"
    app = create_app(ServeConfig(db=db, workers=2, allowed_hosts=("testserver",)))
    with TestClient(app) as c:
        yield c


def upload(client: TestClient, name: str, data: bytes, *, wait: int = 120, **params: str) -> tuple[int, dict]:
    """Upload as a script does (no session cookie, so no CSRF token needed)."""
    client.cookies.clear()
    query = "&".join([f"wait={wait}", *(f"{k}={v}" for k, v in params.items())])
    res = client.post(f"/api/v1/reviews?{query}", files={"file": (name, data, "application/octet-stream")})
    return res.status_code, res.json()


@pytest.fixture(scope="module")
def done(client: TestClient) -> dict:
    status, body = upload(client, EXAMPLE.name, EXAMPLE.read_bytes())
    assert status == 200, body
    assert body["status"] == "done"
    return body


def letter_text(data: bytes) -> str:
    d = docx.Document(io.BytesIO(data))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_create_and_get_give_the_cli_json(client: TestClient, done: dict) -> None:
    assert re.fullmatch(r"[0-9a-f]{32}", done["id"])
    res = client.get(f"/api/v1/reviews/{done['id']}")
    assert res.status_code == 200 and res.json()["status"] == "done"
    web_json = client.get(f"/api/v1/reviews/{done['id']}/review.json").json()
    cli = subprocess.run(
        [sys.executable, "-m", "planreview", "review", EXAMPLE.name, "--format", "json", "--out", "-"],
        cwd=EXAMPLE.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    assert web_json == json.loads(cli.stdout)
    assert res.json()["review"] == web_json
    listed = client.get("/api/v1/reviews").json()
    assert done["id"] in [r["id"] for r in listed]


def test_without_wait_the_answer_is_202_and_the_status_says_queued_or_running(client: TestClient) -> None:
    plan = (ROOT / "examples" / "granlia-planstrategi-nb.md").read_bytes()
    res = client.post("/api/v1/reviews", files={"file": ("granlia.md", plan)})
    assert res.status_code in (200, 202), res.text
    body = res.json()
    assert body["status"] in ("queued", "running", "done")
    assert body["links"]["self"] == f"/api/v1/reviews/{body['id']}"


def test_downloads_letter_report_json_in_both_malformer(client: TestClient, done: dict) -> None:
    rid = done["id"]
    nn = client.get(f"/api/v1/reviews/{rid}/letter.docx")
    assert nn.status_code == 200 and nn.content[:2] == b"PK"
    assert "fråsegn om integrering" in letter_text(nn.content)
    nb = client.get(f"/api/v1/reviews/{rid}/letter.docx?malform=nb")
    assert nb.status_code == 200 and "uttalelse om integrering" in letter_text(nb.content)
    assert "hoeringsuttalelse.docx" in nb.headers["content-disposition"]
    report = client.get(f"/api/v1/reviews/{rid}/report.html")
    assert report.status_code == 200 and report.text.startswith("<!doctype html>")
    assert "attachment" in report.headers["content-disposition"]
    assert client.get(f"/api/v1/reviews/{rid}/report.md").text.startswith("#")
    page = client.get(f"/api/v1/reviews/{rid}/pages/0").json()
    assert page["index"] == 0 and page["blocks"]


def _quote_in_letter(client: TestClient, review: dict) -> tuple[str, str]:
    """A quote of the review that the letter quotes (so rejecting it must change the letter)."""
    letter = letter_text(client.get(f"/api/v1/reviews/{review['id']}/letter.docx").content)
    flat = " ".join(letter.split())
    for theme in review["review"]["themes"]:
        for e in theme["evidence"]:
            piece = " ".join(e["text"].split())[:60]
            if len(piece) > 30 and piece in flat:
                return theme["id"], e["text"]
    raise AssertionError("no quote of the review is in the letter")


def test_correct_rejects_a_quote_and_the_letter_no_longer_has_it(client: TestClient, tmp_path: Path) -> None:
    status, review = upload(client, "fjordvik-2.pdf", EXAMPLE.read_bytes())
    assert status == 200
    theme, quote = _quote_in_letter(client, review)
    piece = " ".join(quote.split())[:60]
    body = {"corrections": [{"theme": theme, "drop_evidence": quote, "reason": "Sitatet gjeld eit anna tema."}]}
    res = client.put(f"/api/v1/reviews/{review['id']}/corrections", json=body)
    assert res.status_code == 200, res.text
    corrected = res.json()
    assert all(quote != e["text"] for t in corrected["themes"] for e in t["evidence"])
    assert corrected["changes"][0]["reason"] == "Sitatet gjeld eit anna tema."
    letter = " ".join(letter_text(client.get(f"/api/v1/reviews/{review['id']}/letter.docx").content).split())
    assert piece not in letter
    # stored with who and when; the same model as the overrides file
    listed = client.get(f"/api/v1/reviews/{review['id']}/corrections").json()
    assert listed[0]["by"] == "lokal" and listed[0]["at"] and listed[0]["drop_evidence"] == quote
    yaml_text = client.get(f"/api/v1/reviews/{review['id']}/corrections.yaml").text
    overrides = tmp_path / "rettingar.yaml"
    overrides.write_text(yaml_text, encoding="utf-8")
    command = [sys.executable, "-m", "planreview", "review", "fjordvik-2.pdf", "--format", "json", "--out", "-"]
    command += ["--overrides", str(overrides)]
    cli = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert cli.returncode == int(ExitCode.NOT_FOUND)  # no such file here: copy the plan and run again
    (tmp_path / "fjordvik-2.pdf").write_bytes(EXAMPLE.read_bytes())
    cli = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, check=True)
    assert json.loads(cli.stdout)["themes"] == corrected["themes"]
    # the review's GET shows the corrected result
    assert client.get(f"/api/v1/reviews/{review['id']}").json()["review"]["themes"] == corrected["themes"]


def test_a_correction_that_does_not_fit_is_exit_12_and_changes_nothing(client: TestClient, done: dict) -> None:
    rid = done["id"]
    before = client.get(f"/api/v1/reviews/{rid}/corrections").json()
    res = client.post(
        f"/api/v1/reviews/{rid}/corrections",
        json={"drop_evidence": "dette står ikkje i planen", "reason": "Prøve."},
    )
    assert res.status_code == 422
    err = res.json()["error"]
    assert err["code"] == int(ExitCode.OVERRIDES) and "finst ikkje i noko sitat" in err["message"]
    res = client.post(f"/api/v1/reviews/{rid}/corrections", json={"theme": "ukjent", "level": 1, "reason": "Prøve."})
    assert res.status_code == 422 and res.json()["error"]["code"] == int(ExitCode.OVERRIDES)
    res = client.post(f"/api/v1/reviews/{rid}/corrections", json={"theme": "demografi", "level": 7, "reason": "x"})
    assert res.status_code == 422
    assert client.get(f"/api/v1/reviews/{rid}/corrections").json() == before


def test_change_a_level_and_withdraw_it(client: TestClient) -> None:
    _status, review = upload(client, "fjordvik-3.pdf", EXAMPLE.read_bytes())
    rid = review["id"]
    res = client.post(
        f"/api/v1/reviews/{rid}/corrections", json={"theme": "sysselsetting", "level": 1, "reason": "Ikkje vedteke."}
    )
    assert res.status_code == 200, res.text
    assert next(t for t in res.json()["themes"] if t["id"] == "sysselsetting")["level"] == 1
    cid = client.get(f"/api/v1/reviews/{rid}/corrections").json()[0]["id"]
    res = client.delete(f"/api/v1/reviews/{rid}/corrections/{cid}")
    assert res.status_code == 200
    assert next(t for t in res.json()["themes"] if t["id"] == "sysselsetting")["level"] == 3
    history = client.get(f"/api/v1/reviews/{rid}/corrections?all=true").json()
    assert history[0]["withdrawn_by"] == "lokal" and history[0]["withdrawn_at"]


_OFFICE = shutil.which("soffice") is not None or shutil.which("libreoffice") is not None
BAD = [
    ("plan.xyz", ExitCode.UNSUPPORTED, 415),
    # an .odt is read through LibreOffice: a broken one is damaged; without LibreOffice it cannot be read
    ("plan.odt", ExitCode.CORRUPT if _OFFICE else ExitCode.UNSUPPORTED, 422 if _OFFICE else 415),
    ("not-a-pdf.pdf", ExitCode.CORRUPT, 422),
    ("truncated.pdf", ExitCode.CORRUPT, 422),
    ("encrypted.pdf", ExitCode.ENCRYPTED, 422),
    ("not-a-zip.docx", ExitCode.CORRUPT, 422),
    ("empty.pdf", ExitCode.EMPTY, 422),
    ("empty.txt", ExitCode.EMPTY, 422),
    ("garbage.txt", ExitCode.ENCODING, 422),
]


@pytest.mark.parametrize(("name", "code", "http"), BAD, ids=[b[0] for b in BAD])
def test_bad_uploads_get_the_cli_code_and_message(
    client: TestClient, fixtures: Path, name: str, code: ExitCode, http: int
) -> None:
    cli = subprocess.run(
        [sys.executable, "-m", "planreview", "review", name, "--format", "json", "--out", "-"],
        cwd=fixtures,
        capture_output=True,
        text=True,
        check=False,
    )
    assert cli.returncode == int(code)
    status, body = upload(client, name, (fixtures / name).read_bytes())
    assert status == http, body
    assert body["error"]["code"] == int(code)
    assert body["error"]["message"] == cli.stderr.strip()
    assert "Traceback" not in json.dumps(body)


def test_bad_uploads_in_bokmal(client: TestClient, fixtures: Path) -> None:
    status, body = upload(client, "encrypted.pdf", (fixtures / "encrypted.pdf").read_bytes(), malform="nb")
    assert status == 422 and "passordbeskyttet" in body["error"]["message"]


def test_an_upload_over_the_size_limit_is_exit_16(
    client: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLANREVIEW_MAX_FILE_MB", "0.01")  # 10 KiB
    plan = tmp_path / "stor.txt"
    plan.write_text("Innvandrarar og integrering. " * 2000, encoding="utf-8")
    cli = subprocess.run(
        [sys.executable, "-m", "planreview", "review", plan.name, "--format", "json", "--out", "-"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert cli.returncode == int(ExitCode.LIMIT)
    before = sorted(_uploads(client))
    status, body = upload(client, plan.name, plan.read_bytes())
    assert status == 413 and body["error"]["code"] == int(ExitCode.LIMIT)
    assert body["error"]["message"] == cli.stderr.strip()
    # a body far over the limit is refused before it is read
    res = client.post("/api/v1/reviews", content=b"x" * (3 << 20), headers={"content-type": "multipart/form-data"})
    assert res.status_code == 413 and res.json()["error"]["code"] == int(ExitCode.LIMIT)
    # nothing of either was kept
    assert sorted(_uploads(client)) == before


def _uploads(client: TestClient) -> list[Path]:
    web = client.app.state.web  # type: ignore[attr-defined]
    return list((web.store.files / "uploads").iterdir())


def test_uploads_are_stored_under_generated_names(client: TestClient, done: dict) -> None:
    names = [p.name for p in _uploads(client)]
    assert names and all(re.fullmatch(r"[0-9a-f]{32}\.(pdf|md|txt|text|docx|odt|doc|rtf)", n) for n in names), names
    _status, body = upload(client, "../../etc/passwd.txt", b"Innvandrarar i planen.\n")
    assert body.get("filename") in ("passwd.txt", None)
    assert all(re.fullmatch(r"[0-9a-f]{32}\.(pdf|md|txt|text|docx|odt|doc|rtf)", p.name) for p in _uploads(client))


def test_errors_are_json_in_norwegian(client: TestClient) -> None:
    res = client.get("/api/v1/reviews/0123456789abcdef")
    assert res.status_code == 404 and res.json()["error"]["code"] == int(ExitCode.NOT_FOUND)
    res = client.post("/api/v1/reviews", files={"other": ("x.pdf", b"x")})
    assert res.status_code == 400 and "Ingen fil er lasta opp" in res.json()["error"]["message"]
    res = client.post("/api/v1/reviews?malform=nb", files={"other": ("x.pdf", b"x")})
    assert "Ingen fil er lastet opp" in res.json()["error"]["message"]


def test_openapi_and_checklists(client: TestClient) -> None:
    doc = client.get("/openapi.json").json()
    for path in (
        "/api/v1/reviews",
        "/api/v1/reviews/{review_id}",
        "/api/v1/reviews/{review_id}/corrections",
        "/api/v1/reviews/{review_id}/letter.docx",
        "/api/v1/checklists",
        "/api/v1/batches",
    ):
        assert path in doc["paths"], path
    lists = client.get("/api/v1/checklists").json()
    assert lists[0]["id"] == "integrering" and set(lists[0]["malformer"]) == {"nn", "nb"}
    found = client.get("/api/v1/municipalities?q=Volda").json()
    assert found == [
        {
            "number": "1577",
            "name": "Volda",
            "sami_name": None,
            "county_number": "15",
            "county": "Møre og Romsdal",
            "malform": "nn",
        }
    ]


# --- pages -----------------------------------------------------------------------------------------------


class _Visible(HTMLParser):
    """The text a reader sees (and hears: titles, labels, placeholders), without the plan's own text."""

    SKIP: ClassVar[set[str]] = {"script", "style", "blockquote", "template"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    VOID: ClassVar[set[str]] = {"br", "img", "input", "meta", "link", "hr", "source", "wbr"}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in self.VOID:
            if not self.skip:
                self.parts.extend(str(a[k]) for k in ("title", "aria-label", "placeholder", "alt") if a.get(k))
            return
        if self.skip:
            self.skip += 1  # nested in a skipped element
            return
        if tag in self.SKIP or (a.get("class") or "").split()[:1] in (["why"], ["sub"], ["where"]):
            self.skip = 1
            return
        self.parts.extend(str(a[k]) for k in ("title", "aria-label", "placeholder", "alt") if a.get(k))

    def handle_endtag(self, tag: str) -> None:
        if self.skip and tag not in self.VOID:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def visible(html: str, *remove: str) -> str:
    parser = _Visible()
    parser.feed(html)
    text = " ".join(parser.parts)
    for r in remove:
        text = text.replace(r, " ")
    return text


def test_every_text_is_in_both_malformer() -> None:
    for key, forms in TEXTS.items():
        assert set(forms) == {"nn", "nb"} and all(forms.values()), key


@pytest.mark.parametrize("lang", ["nn", "nb"])
def test_pages_keep_to_one_malform(client: TestClient, done: dict, lang: str) -> None:
    from test_malform import check

    client.cookies.set("planreview_malform", lang)
    try:
        title = done["title"]
        for url in ("/", f"/reviews/{done['id']}", "/historikk", "/samla", "/innstillingar"):
            res = client.get(url)
            assert res.status_code == 200, url
            assert f'<html lang="{lang}">' in res.text
            shown = visible(res.text, title, done["filename"], "Fjordvik kommune")
            try:
                check(shown, lang, url)
            except AssertionError:
                print(shown)
                raise
    finally:
        client.cookies.delete("planreview_malform")


def _csrf(html: str) -> str:
    m = re.search(r'name="_csrf" value="([^"]+)"', html)
    assert m
    return m.group(1)


def test_forms_need_the_csrf_token(client: TestClient, done: dict) -> None:
    client.cookies.clear()
    page = client.get(f"/reviews/{done['id']}")
    token = _csrf(page.text)
    res = client.post("/innstillingar", data={"county": "Møre og Romsdal fylkeskommune"})
    assert res.status_code == 403
    res = client.post("/innstillingar", data={"county": "Vestland fylkeskommune", "_csrf": "feil"})
    assert res.status_code == 403
    res = client.post(
        "/innstillingar", data={"county": "Møre og Romsdal fylkeskommune", "_csrf": token}, follow_redirects=False
    )
    assert res.status_code == 303
    assert client.get("/api/v1/settings").json()["county"] == "Møre og Romsdal fylkeskommune"
    # a cookie-borne API call that changes something needs the token as a header
    res = client.put("/api/v1/settings", json={"county": "X fylkeskommune"})
    assert res.status_code == 403
    body = {"county": "Møre og Romsdal fylkeskommune"}
    res = client.put("/api/v1/settings", json=body, headers={"X-CSRF-Token": token})
    assert res.status_code == 200


def test_another_site_cannot_post_and_unknown_hosts_are_refused(client: TestClient) -> None:
    res = client.post(
        "/api/v1/reviews", files={"file": ("x.md", b"Innvandrarar.")}, headers={"Origin": "https://evil.example"}
    )
    assert res.status_code == 403 and res.json()["error"]["kind"] == "CrossOrigin"
    res = client.get("/api/v1/reviews", headers={"Host": "evil.example"})
    assert res.status_code == 421


def test_plan_text_is_escaped_on_every_page(client: TestClient) -> None:
    status, review = upload(client, "testvik.md", HOSTILE.encode("utf-8"))
    assert status == 200, review
    page = client.get(f"/reviews/{review['id']}").text
    assert "<script>window.__pwned" not in page and "&lt;script&gt;window.__pwned" in page
    assert "<img src=x" not in page
    index = next(i for i, p in enumerate([client.get(f"/api/v1/reviews/{review['id']}/pages/0").json()]) if p["blocks"])
    shown = client.get(f"/reviews/{review['id']}/sider/{index}?sitat=flyktningar").text
    assert "<script>window" not in shown and "&lt;script&gt;" in shown and "<mark>" in shown
    assert "script-src 'self'" in client.get("/").headers["content-security-policy"]


def test_page_flow_upload_correct_and_history(client: TestClient) -> None:
    client.cookies.clear()
    home = client.get("/")
    token = _csrf(home.text)
    res = client.post(
        "/reviews",
        data={"_csrf": token, "mode": "county"},
        files={"file": (EXAMPLE.name, EXAMPLE.read_bytes(), "application/pdf")},
        follow_redirects=False,
    )
    assert res.status_code == 303
    url = res.headers["location"]
    rid = url.rsplit("/", 1)[1]
    web = client.app.state.web  # type: ignore[attr-defined]
    import asyncio

    asyncio.run(web.service.wait(rid, 120))
    page = client.get(url).text
    assert "table" in page and "scorecard" in page
    res = client.post(
        f"/reviews/{rid}/rettingar",
        data={"_csrf": token, "kind": "level", "theme": "demografi", "level": "0", "reason": "Tala er gamle."},
        follow_redirects=False,
    )
    assert res.status_code == 303, res.text
    page = client.get(url).text
    assert "Tala er gamle." in page
    history = client.get("/historikk").text
    assert "Fjordvik kommune" in history and rid in history


def test_a_new_version_is_linked_to_the_earlier_one(client: TestClient, done: dict) -> None:
    status, newer = upload(client, "fjordvik-samfunnsdel-v2.pdf", EXAMPLE.read_bytes())
    assert status == 200
    got = client.get(f"/api/v1/reviews/{newer['id']}").json()
    assert got["previous_id"] is not None
    res = client.put(f"/api/v1/reviews/{newer['id']}/previous", json={"previous_id": None})
    assert res.status_code == 200 and res.json()["previous_id"] is None
    assert client.get(f"/api/v1/reviews/{newer['id']}").json()["previous_id"] is None


def test_self_assessment_uses_the_municipalitys_malform(client: TestClient) -> None:
    plan = "# Kommuneplanens samfunnsdel for Bærum kommune\n\nInnvandrere utgjør 25 prosent av innbyggerne.\n"
    res = client.post(
        "/api/v1/reviews?wait=120",
        files={"file": ("baerum.md", plan.encode("utf-8"))},
        data={"mode": "self"},
    )
    body = res.json()
    assert res.status_code == 200 and body["municipality_number"] == "3201"
    assert body["malform"] == "nb"  # Bærum writes bokmål
    report = client.get(f"/api/v1/reviews/{body['id']}/report.html").text
    assert "Egenvurdering" in report


def test_batch_upload_with_a_zip_gives_the_matrix(client: TestClient, tmp_path: Path) -> None:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.write(ROOT / "examples" / "fjordvik-samfunnsdel-nn.md", "planar/fjordvik.md")
        zf.writestr("../../utanfor.md", "# Plan for Gol kommune\n\nInnvandrarar utgjer 10 prosent.\n")
        zf.writestr("ikkje-plan.exe", b"MZ")
    res = client.post(
        "/api/v1/batches",
        files=[
            ("files", ("planar.zip", buf.getvalue(), "application/zip")),
            ("files", ("granlia.md", (ROOT / "examples" / "granlia-planstrategi-nb.md").read_bytes(), "text/markdown")),
        ],
    )
    assert res.status_code == 202, res.text
    bid = res.json()["id"]
    import time

    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        body = client.get(f"/api/v1/batches/{bid}").json()
        if body["status"] in ("done", "error"):
            break
        time.sleep(0.5)
    assert body["status"] == "done", body
    assert len(body["rows"]) == 3 and body["ok"] == 3
    names = {r["kommune"] for r in body["rows"]}
    assert {"Fjordvik kommune", "Gol kommune"} <= names
    csv_text = client.get(f"/api/v1/batches/{bid}/matrix.csv").text
    assert csv_text.startswith("file,kommune,kommunenummer,title,status")
    assert client.get(f"/api/v1/batches/{bid}/matrix.xlsx").content[:2] == b"PK"
    web = client.app.state.web  # type: ignore[attr-defined]
    inputs = sorted(p.name for p in (web.store.batch_dir(bid) / "in").iterdir())
    assert all(re.fullmatch(r"\d{4}-[\w.-]+\.(md|pdf|docx|txt)", n) for n in inputs), inputs
    page = client.get(f"/samla/{bid}").text
    assert 'id="matrix"' in page and "Gol kommune" in page


def test_the_schema_is_versioned_and_migrations_run_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "a.sqlite3"
    store = Store(db)
    assert store.version() == len(MIGRATIONS)
    store.add_batch("b1", "kari", "nn", 1)
    extra = "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('ein')"
    import planreview.web.store as store_module

    monkeypatch.setattr(store_module, "MIGRATIONS", (*MIGRATIONS, extra))
    again = Store(db)
    assert again.version() == len(MIGRATIONS) + 1
    Store(db)  # a third open runs nothing again
    with again.connect() as con:
        assert con.execute("SELECT count(*) FROM notes").fetchone()[0] == 1
    assert again.batch("b1") is not None  # the data is kept
    monkeypatch.setattr(store_module, "MIGRATIONS", MIGRATIONS[:0])
    with pytest.raises(RuntimeError, match="newer planreview"):
        Store(db)


def test_review_json_api_matches_the_service_layer(done: dict) -> None:
    result = api.review(EXAMPLE, lang="nn")
    assert api.review_json(result)["themes"] == done["review"]["themes"]


# --- two versions compared (issue 14) ----------------------------------------------------------------------

REVISED = ROOT / "examples" / "fjordvik-samfunnsdel-nn-revidert.pdf"
DROPPED = "Sidan 2022 har kommunen busett 46 flyktningar frå Ukraina."
"""The demografi sentence the revised example plan no longer has."""

LAUVVIK = """# Kommuneplanens samfunnsdel for Lauvvik kommune

Høyringsutkast 2027.

## 1 Kunnskapsgrunnlag

Innvandrarar utgjer 14 prosent av innbyggjarane i Lauvvik, og dei fleste bur nær sentrum.

## 2 Folkehelse

Kommunen vil arbeide for god helse i heile befolkninga.
"""

LAUVVIK_REVISED = (
    LAUVVIK
    + """
### Mål

Innvandrarar skal ha like god tilgang til helsetenester som andre innbyggjarar, med tolk når det trengst.

### Tiltak

Helsestasjonen gir alle nykomne flyktningar ein helsesamtale med kvalifisert tolk innan to månader.
"""
)

LAUVVIK_HOSTILE = LAUVVIK_REVISED.replace(
    "og dei fleste bur nær sentrum.",
    "og dei fleste bur nær sentrum.\n\nInnbyggjarar skreiv <script>window.__pwned = 3</script> og "
    '<img src=y onerror="window.__pwned=4"> i innspela om busetjing av flyktningar.',
)


def _versions_of_one_plan(client: TestClient, old: tuple[str, bytes], new: tuple[str, bytes]) -> tuple[str, str]:
    """Two uploads linked as versions of one plan (the newer to the earlier): their ids."""
    status, first = upload(client, *old)
    assert status == 200, first
    status, second = upload(client, *new)
    assert status == 200, second
    res = client.put(f"/api/v1/reviews/{second['id']}/previous", json={"previous_id": first["id"]})
    assert res.status_code == 200 and res.json()["previous_id"] == first["id"]
    return first["id"], second["id"]


@pytest.fixture(scope="module")
def fjordvik_versions(client: TestClient) -> tuple[str, str]:
    """The example plan and its revision (a goal and a measure for folkehelse, a demografi sentence
    gone), uploaded as two versions of one plan."""
    return _versions_of_one_plan(client, (EXAMPLE.name, EXAMPLE.read_bytes()), (REVISED.name, REVISED.read_bytes()))


def test_history_offers_to_compare_the_two_newest_versions(client: TestClient, fjordvik_versions: tuple) -> None:
    old, new = fjordvik_versions
    client.cookies.clear()
    page = client.get("/historikk").text
    assert 'action="/samanlikn"' in page and ">Samanlikn</button>" in page
    assert re.search(rf'name="for" value="{old}"[^>]*checked', page)
    assert re.search(rf'name="etter" value="{new}"[^>]*checked', page)
    assert 'aria-label="Før: ' in page and 'aria-label="Etter: ' in page
    review_page = client.get(f"/reviews/{new}").text
    assert f'href="/samanlikn?for={old}&amp;etter={new}"' in review_page


def test_the_comparison_page_shows_what_changed(client: TestClient, fjordvik_versions: tuple) -> None:
    old, new = fjordvik_versions
    client.cookies.clear()
    res = client.get(f"/samanlikn?for={old}&etter={new}")
    assert res.status_code == 200, res.text
    page = res.text
    assert "<h1>Samanlikning av to versjonar av planen</h1>" in page
    assert '<tr data-theme="folkehelse" data-before="0" data-after="3">' in page
    assert "<h3>Folkehelse: 0 → 3</h3>" in page
    assert DROPPED in page and "Sitat som er borte" in page
    assert "Tilrådingane i fråsegna av" in page  # the earlier letter's recommendations, followed or not
    assert f'href="/reviews/{old}"' in page and f'href="/reviews/{new}"' in page
    # the stored plan was read again: every sentence of it is known, not only the saved quotes
    assert "Den førre versjonen er ei lagra vurdering" not in page


@pytest.mark.parametrize("lang", ["nn", "nb"])
def test_the_comparison_page_keeps_to_the_pages_malform(
    client: TestClient, fjordvik_versions: tuple, lang: str
) -> None:
    from test_malform import check

    old, new = fjordvik_versions
    client.cookies.set("planreview_malform", lang)
    try:
        res = client.get(f"/samanlikn?for={old}&etter={new}")
        history = client.get("/historikk")
    finally:
        client.cookies.delete("planreview_malform")
    assert res.status_code == 200, res.text
    assert f'<html lang="{lang}">' in res.text
    heading = {"nn": "Samanlikning av to versjonar av planen", "nb": "Sammenligning av to versjoner av planen"}
    assert f"<h1>{heading[lang]}</h1>" in res.text
    assert ("Sammenlign</button>" in history.text) == (lang == "nb")
    titles = {r["title"] for r in client.get("/api/v1/reviews").json() if r["title"]}
    for page, url in ((res.text, "/samanlikn"), (history.text, "/historikk")):
        shown = visible(page, *titles, EXAMPLE.name, REVISED.name, "Fjordvik kommune")
        try:
            check(shown, lang, url)
        except AssertionError:
            print(shown)
            raise


def test_the_api_gives_the_comparison_json(client: TestClient, fjordvik_versions: tuple, tmp_path: Path) -> None:
    old, new = fjordvik_versions
    client.cookies.clear()
    res = client.get(f"/api/v1/reviews/{new}/compare/{old}")
    assert res.status_code == 200, res.text
    data = res.json()
    assert {"old", "new", "themes", "flags", "advice", "notes"} <= set(data)
    fh = next(t for t in data["themes"] if t["id"] == "folkehelse")
    assert (fh["before"], fh["after"]) == (0, 3) and len(fh["added"]) == 2
    demografi = next(t for t in data["themes"] if t["id"] == "demografi")
    assert [q["text"] for q in demografi["removed"]] == [DROPPED]
    assert (data["old"]["source"], data["new"]["source"]) == (EXAMPLE.name, REVISED.name)
    assert data["advice"]["recommendations"] and "old_quotes_only" not in data["notes"]
    assert "/api/v1/reviews/{review_id}/compare/{previous_id}" in client.get("/openapi.json").json()["paths"]
    summary = client.get(f"/api/v1/reviews/{new}").json()
    assert summary["links"]["compare_previous"] == f"/api/v1/reviews/{new}/compare/{old}"
    # the same as «planreview compare» of the two review JSONs with their plans beside them
    saved = []
    for rid, plan in ((old, EXAMPLE), (new, REVISED)):
        shutil.copy(plan, tmp_path / plan.name)
        path = tmp_path / f"{rid}-vurdering.json"
        path.write_bytes(client.get(f"/api/v1/reviews/{rid}/review.json").content)
        saved.append(path)
    cli = api.compare(saved[0], saved[1]).to_json()
    for side in ("old", "new"):
        cli[side]["source"] = data[side]["source"]
    assert cli == data
    # in bokmål: the reviews are made again in bokmål, and the flags and recommendations say it in bokmål
    nb = client.get(f"/api/v1/reviews/{new}/compare/{old}?malform=nb").json()
    assert next(t for t in nb["themes"] if t["id"] == "folkehelse")["after"] == 3
    assert nb["advice"]["malform"] == "nb" and data["advice"]["malform"] == "nn"


def test_comparison_errors_are_json_in_norwegian(client: TestClient, fjordvik_versions: tuple) -> None:
    old, new = fjordvik_versions
    client.cookies.clear()
    res = client.get(f"/api/v1/reviews/{new}/compare/0123456789abcdef")
    assert res.status_code == 404 and res.json()["error"]["code"] == int(ExitCode.NOT_FOUND)
    assert "«0123456789abcdef» finst ikkje" in res.json()["error"]["message"]
    res = client.get(f"/api/v1/reviews/{new}/compare/{new}?malform=nb")
    assert res.status_code == 400 and res.json()["error"]["message"] == "Velg to ulike versjoner å sammenligne."
    assert client.get(f"/samanlikn?for={old}").status_code == 400
    # a review scored against another checklist: the command line's exit code 9 and message
    status, other = upload(client, "lauvvik.md", LAUVVIK.encode("utf-8"))
    assert status == 200, other
    data = other["review"]
    data["checklist"]["id"] = "anna-sjekkliste"
    web = client.app.state.web  # type: ignore[attr-defined]
    with web.store.connect() as con:
        con.execute("UPDATE reviews SET result_json = ? WHERE id = ?", (json.dumps(data), other["id"]))
    res = client.get(f"/api/v1/reviews/{new}/compare/{other['id']}")
    assert res.status_code == 422, res.text
    err = res.json()["error"]
    assert err["code"] == int(ExitCode.CHECKLIST) and err["kind"] == "ChecklistError"
    assert err["message"].startswith("lauvvik.md: er vurdert etter sjekklista «anna-sjekkliste», ikkje «integrering».")
    page = client.get(f"/samanlikn?for={other['id']}&etter={new}")
    assert page.status_code == 422 and "er vurdert etter sjekklista «anna-sjekkliste»" in page.text
    assert "<h1>Versjonane kunne ikkje samanliknast</h1>" in page.text


def test_plan_text_is_escaped_on_the_comparison_page(client: TestClient) -> None:
    old, new = _versions_of_one_plan(
        client, ("lauvvik.md", LAUVVIK.encode("utf-8")), ("lauvvik-revidert.md", LAUVVIK_HOSTILE.encode("utf-8"))
    )
    data = client.get(f"/api/v1/reviews/{new}/compare/{old}").json()
    added = [q["text"] for t in data["themes"] for q in t["added"]]
    assert any("<script>window.__pwned = 3</script>" in q for q in added), added
    page = client.get(f"/samanlikn?for={old}&etter={new}").text
    assert "<script>window.__pwned" not in page and "&lt;script&gt;window.__pwned = 3&lt;/script&gt;" in page
    assert "<img src=y" not in page


def test_the_comparison_needs_a_login(tmp_path: Path) -> None:
    from planreview.web.auth import add_token, add_user

    users = tmp_path / "brukarar.yaml"
    add_user(users, "kari", "eit langt passord", name="Kari Nordmann")
    token = add_token(users, "kari", label="Sak")
    app = create_app(ServeConfig(db=tmp_path / "db.sqlite3", workers=1, users=users, allowed_hosts=("testserver",)))
    with TestClient(app) as c:
        ids = []
        for name, plan in (("lauvvik.md", LAUVVIK), ("lauvvik-2.md", LAUVVIK_REVISED)):
            res = c.post("/api/v1/reviews?wait=120", files={"file": (name, plan.encode("utf-8"))})
            assert res.status_code == 401  # no token, no login
            res = c.post(
                "/api/v1/reviews?wait=120",
                files={"file": (name, plan.encode("utf-8"))},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert res.status_code == 200, res.text
            ids.append(res.json()["id"])
        old, new = ids
        res = c.put(
            f"/api/v1/reviews/{new}/previous", json={"previous_id": old}, headers={"Authorization": f"Bearer {token}"}
        )
        assert res.status_code == 200
        url = f"/samanlikn?for={old}&etter={new}"
        # refused without a login: the page sends to the login (and back here after it), the API says 401
        res = c.get(url, follow_redirects=False)
        assert res.status_code == 303
        assert res.headers["location"] == f"/logg-inn?neste=/samanlikn%3Ffor%3D{old}%26etter%3D{new}"
        res = c.get(f"/api/v1/reviews/{new}/compare/{old}")
        assert res.status_code == 401 and res.json()["error"]["kind"] == "Unauthorized"
        res = c.get(f"/api/v1/reviews/{new}/compare/{old}", headers={"Authorization": "Bearer pr_feil"})
        assert res.status_code == 401
        assert "Samanlikn" not in c.get("/historikk").text
        # with a token, and after logging in
        res = c.get(f"/api/v1/reviews/{new}/compare/{old}", headers={"Authorization": f"Bearer {token}"})
        assert res.status_code == 200, res.text
        assert next(t for t in res.json()["themes"] if t["id"] == "folkehelse")["after"] > 0
        login = c.get("/logg-inn?neste=" + url)
        res = c.post(
            "/logg-inn",
            data={"_csrf": _csrf(login.text), "username": "kari", "password": "eit langt passord", "next": url},
            follow_redirects=False,
        )
        assert res.status_code == 303 and res.headers["location"] == url
        page = c.get(url)
        assert page.status_code == 200 and '<tr data-theme="folkehelse" data-before="0"' in page.text
        assert 'name="etter"' in c.get("/historikk").text

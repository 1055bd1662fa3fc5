"""The bad-input corpus: every way a plan, a settings, overrides, checklist, mapping or template
file, an output folder or a batch folder can be wrong, each with the exit code the README
promises and a piece of text its one line must contain.

The files are generated here (nothing binary is committed): ``build(folder)`` writes them and
returns the cases. ``tests/test_bad_inputs.py`` runs each case as ``planreview …`` in its own
process under a memory ceiling and checks the exit code, one clear line on stderr, no
traceback, and that nothing half-written is left. Run directly to see every case with its
exit code, seconds and peak memory (the figures in the README):

    .venv/bin/python tests/badinputs.py            # table of all cases
"""

from __future__ import annotations

import io
import os
import resource
import shutil
import signal
import struct
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

EXAMPLE_PDF = ROOT / "examples" / "fjordvik-samfunnsdel-nn.pdf"
EXAMPLE_DOCX = ROOT / "examples" / "granlia-planstrategi-nb.docx"
EXAMPLE_MD = ROOT / "examples" / "fjordvik-samfunnsdel-nn.md"

_PEAK = """
import atexit, os, runpy, sys
def _peak():
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                with open(os.environ["PLANREVIEW_PEAK_FILE"], "w") as out:
                    out.write(line.split()[1])
atexit.register(_peak)
sys.argv = ["planreview", *sys.argv[1:]]
runpy.run_module("planreview", run_name="__main__", alter_sys=True)
"""
"""Runs planreview and writes its own peak resident memory (VmHWM, KiB) at exit: ru_maxrss of a
child counts the forking parent's memory too."""

CEILING = 3 * 1024**3
"""Address-space ceiling of each case's process: a bomb that got past its limit fails its case
(its message would not name the limit) instead of taking the machine."""


@dataclass
class Case:
    """One bad input: the command, the exit code and a piece of text the error line must contain."""

    id: str
    args: list[str]
    code: int
    needle: str = ""
    """Text the stderr line (or, for batch summaries, stdout) must contain: the file or the limit."""
    env: dict[str, str] = field(default_factory=dict)
    fsize: int | None = None
    """RLIMIT_FSIZE for the process (a full disk)."""
    check: Callable[[Path], str | None] | None = None
    """Extra check after the run; returns a problem or None."""
    out: Path | None = None
    """An output folder that must hold no half-written temporary folders afterwards."""


def _zip_edit(src: Path, dst: Path, changes: dict[str, bytes | None]) -> None:
    """Copy a ZIP, replacing (bytes), adding, or removing (None) entries."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in changes:
                continue
            zout.writestr(info.filename, zin.read(info.filename))
        for name, body in changes.items():
            if body is not None:
                zout.writestr(name, body)


def _docx(path: Path, *paragraphs: str) -> Path:
    import docx

    d = docx.Document()
    for text in paragraphs:
        d.add_paragraph(text)
    d.save(str(path))
    return path


def _with_notes(base: Path, dst: Path, part: str, body: bytes) -> None:
    """A DOCX with a footnotes or endnotes part (and its relationship)."""
    kind = "footnotes" if "foot" in part else "endnotes"
    with zipfile.ZipFile(base) as z:
        rels = z.read("word/_rels/document.xml.rels").decode()
        ct = z.read("[Content_Types].xml").decode()
    rel = (
        f'<Relationship Id="rIdN9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/{kind}" Target="{kind}.xml"/>'
    )
    ctype = (
        f'<Override PartName="/word/{kind}.xml" ContentType="application/vnd.openxmlformats-'
        f'officedocument.wordprocessingml.{kind}+xml"/>'
    )
    _zip_edit(
        base,
        dst,
        {
            "word/_rels/document.xml.rels": rels.replace("</Relationships>", rel + "</Relationships>").encode(),
            "[Content_Types].xml": ct.replace("</Types>", ctype + "</Types>").encode(),
            f"word/{kind}.xml": body,
        },
    )


def _lying_zip(dst: Path) -> None:
    """A DOCX whose document.xml says it unpacks to 1 000 bytes but inflates to 64 MiB."""
    raw = io.BytesIO()
    big = b"<w:p/>" * (64 * 1024 * 1024 // 6)
    with zipfile.ZipFile(EXAMPLE_DOCX) as zin, zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            body = big if info.filename == "word/document.xml" else zin.read(info.filename)
            zout.writestr(info.filename, body)
    data = bytearray(raw.getvalue())
    true_size = struct.pack("<I", len(big))
    fake = struct.pack("<I", 1000)
    name = b"word/document.xml"
    # Local header: uncompressed size at offset 22; central directory entry: at offset 24.
    i = data.find(b"PK\x03\x04")
    while i >= 0:
        if data[i + 30 : i + 30 + len(name)] == name and data[i + 22 : i + 26] == true_size:
            data[i + 22 : i + 26] = fake
        i = data.find(b"PK\x03\x04", i + 4)
    j = data.find(b"PK\x01\x02")
    while j >= 0:
        if data[j + 46 : j + 46 + len(name)] == name:
            data[j + 24 : j + 28] = fake
        j = data.find(b"PK\x01\x02", j + 4)
    dst.write_bytes(bytes(data))


def _pdf_pages(path: Path, pages: int, text: str = "Kommunen skal busetje flyktningar.") -> Path:
    from fpdf import FPDF

    pdf = FPDF(unit="pt", format="A4")
    pdf.add_font("DejaVu", "", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("DejaVu", size=11)
    for n in range(pages):
        pdf.add_page()
        pdf.text(60, 80, f"{text} Side {n + 1}.")
    pdf.output(str(path))
    return path


def _dense_page(chars: int) -> bytes:
    """A one-page PDF with about ``chars`` characters of text in lines of 360 (written by hand:
    fpdf2 takes minutes for such a page)."""
    line = b"(" + b"Ord og meir tekst " * 20 + b") Tj T* "
    content = b"BT /F1 1 Tf 1 TL 10 800 Td " + line * (chars // 360 + 1) + b"ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for k, body in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % k + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(pdf)


def _yaml_bomb(key_prefix: str = "") -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join(["*" + prev] * 9) + "]")
    if key_prefix:
        lines = [key_prefix + line for line in lines]
    return "\n".join(lines) + "\n"


def _template(path: Path, *paragraphs: str) -> Path:
    return _docx(path, "{{ county }} {{ date }} {{ recipient }}", *paragraphs)


def _no_temp_left(folder: Path) -> Callable[[Path], str | None]:
    def check(_: Path) -> str | None:
        left = [p for p in folder.rglob(".planreview-*")] if folder.exists() else []
        return f"half-written: {left}" if left else None

    return check


def build(folder: Path) -> list[Case]:
    """Write the corpus into ``folder`` and return its cases."""
    import make_fixtures

    folder.mkdir(parents=True, exist_ok=True)
    fx = make_fixtures.build(folder / "fixtures")
    f = folder
    cases: list[Case] = []

    def add(id: str, args: list[str], code: int, needle: str = "", **kw: object) -> None:
        cases.append(Case(id, [str(a) for a in args], code, needle, **kw))  # type: ignore[arg-type]

    # --- plans: what the reader refuses, and what it must read ------------------------------
    add("missing", ["inspect", f / "finst-ikkje.pdf"], 3, "finst-ikkje.pdf")
    (f / "mappe.pdf").mkdir(exist_ok=True)
    add("folder", ["inspect", f / "mappe.pdf"], 3, "mappe.pdf")
    fifo = f / "fifo.pdf"
    if not fifo.exists():
        os.mkfifo(fifo)
    add("fifo", ["inspect", fifo], 4, "fifo.pdf")
    for name, target in (("zero.txt", "/dev/zero"), ("urandom.pdf", "/dev/urandom"), ("broken.pdf", f / "no-such")):
        link = f / name
        if not link.is_symlink():
            link.symlink_to(target)
    add("link-dev-zero", ["inspect", f / "zero.txt"], 4, "zero.txt")
    add("link-dev-urandom", ["review", f / "urandom.pdf", "--out", f / "ut-urandom"], 4, "urandom.pdf")
    add("broken-link", ["inspect", f / "broken.pdf"], 3, "broken.pdf")
    # an .odt is read through LibreOffice: a broken one is damaged (5); without LibreOffice, 4 says how to install it
    has_office = shutil.which("soffice") is not None or shutil.which("libreoffice") is not None
    add("broken-odt", ["inspect", fx / "plan.odt"], 5 if has_office else 4, "plan.odt")
    (f / "plan.xyz").write_text("Berre tekst.\n", encoding="utf-8")
    add("unsupported-xyz", ["inspect", f / "plan.xyz"], 4, "plan.xyz")
    (f / "utan-ending").write_text("Berre tekst.\n", encoding="utf-8")
    add("no-extension", ["inspect", f / "utan-ending"], 4, "utan-ending")
    add("text-named-pdf", ["inspect", fx / "not-a-pdf.pdf"], 5, "not-a-pdf.pdf")
    (f / "html.pdf").write_text("<!DOCTYPE html><html><body>Feil side</body></html>\n", encoding="utf-8")
    add("html-named-pdf", ["inspect", f / "html.pdf"], 5, "html.pdf")
    add("truncated-pdf", ["inspect", fx / "truncated.pdf"], 5, "avkorta")
    add("empty-pdf", ["inspect", fx / "empty.pdf"], 7, "empty.pdf")
    add("encrypted-pdf", ["inspect", fx / "encrypted.pdf"], 6, "passordverna")
    add("scanned-only-pdf", ["inspect", _scanned_only(f / "skanna.pdf")], 7, "skanna.pdf")
    good = EXAMPLE_PDF.read_bytes()
    (f / "trailing-3k.pdf").write_bytes(good + b"\r\n" + os.urandom(3000))
    add("pdf-trailing-bytes", ["inspect", f / "trailing-3k.pdf"], 0)
    (f / "trailing-html.pdf").write_bytes(good + b"\n<html>" + b"x" * 5000 + b"</html>\n")
    add("pdf-trailing-html", ["review", f / "trailing-html.pdf", "--format", "json", "--out", "-"], 0)
    (f / "incremental.pdf").write_bytes(_incremental(good))
    add("pdf-incremental-update", ["inspect", f / "incremental.pdf"], 0)
    (f / "bad-xref.pdf").write_bytes(_bad_xref(good))
    add("pdf-broken-xref", ["inspect", f / "bad-xref.pdf"], 0)
    (f / "huge-page.pdf").write_bytes(_mediabox(good, b"[0 0 2000000000 2000000000]"))
    add("pdf-2e9pt-page", ["inspect", f / "huge-page.pdf"], 16, "PLANREVIEW_MAX_PAGE_PT")
    (f / "wide-page.pdf").write_bytes(_mediabox(good, b"[0 0 99999 842]"))
    add("pdf-wide-page", ["review", f / "wide-page.pdf", "--out", f / "ut-wide"], 16, "PLANREVIEW_MAX_PAGE_PT")
    (f / "dense-page.pdf").write_bytes(_dense_page(10_000_000))
    add(
        "pdf-10m-chars-one-page",
        ["review", f / "dense-page.pdf", "--out", f / "ut-dense"],
        16,
        "PLANREVIEW_MAX_MEMORY_MB",
    )
    _pdf_pages(f / "sider-12.pdf", 12)
    add(
        "pdf-too-many-pages",
        ["inspect", f / "sider-12.pdf"],
        16,
        "PLANREVIEW_MAX_PAGES",
        env={"PLANREVIEW_MAX_PAGES": "10"},
    )
    add(
        "file-over-size",
        ["review", EXAMPLE_PDF, "--format", "json", "--out", "-"],
        16,
        "PLANREVIEW_MAX_FILE_MB",
        env={"PLANREVIEW_MAX_FILE_MB": "0.01"},
    )
    add(
        "pdf-over-text-limit",
        ["inspect", f / "sider-12.pdf"],
        16,
        "PLANREVIEW_MAX_TEXT_MCHARS",
        env={"PLANREVIEW_MAX_TEXT_MCHARS": "0.0001"},
    )

    # DOCX
    add("docx-not-zip", ["inspect", fx / "not-a-zip.docx"], 5, "not-a-zip.docx")
    (f / "tom.docx").write_bytes(b"")
    add("docx-empty", ["inspect", f / "tom.docx"], 7, "tom.docx")
    bomb = f / "zip-bomb.docx"
    _zip_edit(EXAMPLE_DOCX, bomb, {"word/media/fill.bin": b"\0" * (300 * 1024 * 1024)})
    add("docx-zip-bomb", ["review", bomb, "--out", f / "ut-bomb"], 16, "PLANREVIEW_MAX_UNZIPPED_MB")
    big_xml = f / "big-part.docx"
    _zip_edit(EXAMPLE_DOCX, big_xml, {"word/styles.xml": b"<a>" + b" " * (70 * 1024 * 1024) + b"</a>"})
    add("docx-huge-xml-part", ["inspect", big_xml], 16, "PLANREVIEW_MAX_XML_MB")
    many = f / "many-entries.docx"
    _zip_edit(EXAMPLE_DOCX, many, {f"customXml/x{i}.xml": b"<x/>" for i in range(6000)})
    add("docx-too-many-entries", ["inspect", many], 16, "PLANREVIEW_MAX_ZIP_ENTRIES")
    _lying_zip(f / "lying-sizes.docx")
    add("docx-lying-sizes", ["inspect", f / "lying-sizes.docx"], 5, "lying-sizes.docx")
    base = _docx(f / "base.docx", "Kommunen skal busetje flyktningar og gi dei norskopplæring.")
    _with_notes(base, f / "bad-footnotes.docx", "footnotes", b"<w:footnotes><w:footnote")
    add("docx-damaged-footnotes", ["inspect", f / "bad-footnotes.docx"], 5, "footnotes.xml")
    _with_notes(base, f / "bad-endnotes.docx", "endnotes", b"\x00\x01garbage")
    add("docx-damaged-endnotes", ["inspect", f / "bad-endnotes.docx"], 5, "endnotes.xml")
    bomb_notes = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
        b'<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
        b'<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">]>'
        b'<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b'<w:footnote w:id="1"><w:p><w:r><w:t>&h;</w:t></w:r></w:p></w:footnote></w:footnotes>'
    )
    _with_notes(base, f / "entity-footnotes.docx", "footnotes", bomb_notes)
    add("docx-entity-bomb-footnotes", ["inspect", f / "entity-footnotes.docx"], 5, "footnotes.xml")
    xxe_notes = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY s SYSTEM "file:///etc/passwd">]>'
        b'<w:footnotes xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b'<w:footnote w:id="1"><w:p><w:r><w:t>&s;</w:t></w:r></w:p></w:footnote></w:footnotes>'
    )
    _with_notes(base, f / "xxe-footnotes.docx", "footnotes", xxe_notes)
    add("docx-xxe-footnotes", ["inspect", "--json", f / "xxe-footnotes.docx"], 0, check=_no_passwd)
    with zipfile.ZipFile(base) as z:
        doc_xml = z.read("word/document.xml")
    xxe_doc = doc_xml.replace(
        b"<w:document", b'<!DOCTYPE w:document [<!ENTITY s SYSTEM "file:///etc/passwd">]><w:document', 1
    ).replace(b"flyktningar", b"flyktningar &s;", 1)
    _zip_edit(base, f / "xxe-document.docx", {"word/document.xml": xxe_doc})
    add("docx-xxe-document", ["inspect", "--json", f / "xxe-document.docx"], 0, check=_no_passwd)
    _zip_edit(
        base, f / "bad-core.docx", {"docProps/core.xml": _core(b"<dcterms:created>ikkje ein dato</dcterms:created>")}
    )
    add("docx-core-bad-date", ["review", f / "bad-core.docx", "--format", "json", "--out", "-"], 0)
    _zip_edit(base, f / "core-title-elements.docx", {"docProps/core.xml": _core(b"<dc:title><x>1</x></dc:title>")})
    add("docx-core-odd-title", ["inspect", f / "core-title-elements.docx"], 0)
    _zip_edit(base, f / "core-broken.docx", {"docProps/core.xml": b"<cp:coreProperties"})
    add("docx-core-not-xml", ["inspect", f / "core-broken.docx"], 5, "core-broken.docx")
    _zip_edit(base, f / "no-document.docx", {"word/document.xml": None})
    add("docx-no-document-part", ["inspect", f / "no-document.docx"], 5, "no-document.docx")
    (f / "other.zip.docx").write_bytes(_plain_zip())
    add("docx-plain-zip", ["inspect", f / "other.zip.docx"], 5, "other.zip.docx")
    outline = doc_xml.replace(b"<w:p>", b'<w:p><w:pPr><w:outlineLvl w:val="x"/></w:pPr>', 1)
    _zip_edit(base, f / "outline-junk.docx", {"word/document.xml": outline})
    add("docx-outline-level-junk", ["inspect", f / "outline-junk.docx"], 0)

    # Text
    (f / "odd-utf16.txt").write_bytes(b"\xff\xfe" + "Flyktningar".encode("utf-16-le") + b"X")
    add("utf16-odd-length", ["inspect", f / "odd-utf16.txt"], 8, "odd-utf16.txt")
    (f / "utf16-surrogate.txt").write_bytes(b"\xff\xfe" + b"A\x00\x00\xd8B\x00")
    add("utf16-lone-surrogate", ["inspect", f / "utf16-surrogate.txt"], 8, "utf16-surrogate.txt")
    add("text-not-utf8", ["inspect", fx / "garbage.txt"], 8, "garbage.txt")
    add("text-empty", ["inspect", fx / "empty.txt"], 7, "empty.txt")
    (f / "control.txt").write_bytes(
        "Kommunen skal busetje flyktningar\x00 og gi dei\x07 norskopplæring.\x1b\n".encode() + b"\x7f\n"
    )
    add("text-control-chars-letter", ["review", f / "control.txt", "--out", f / "ut-control"], 0)
    add(
        "text-over-limit",
        ["inspect", EXAMPLE_MD],
        16,
        "PLANREVIEW_MAX_TEXT_MCHARS",
        env={"PLANREVIEW_MAX_TEXT_MCHARS": "0.001"},
    )
    odd = Path(os.fsdecode(bytes(f / "plan-") + b"\xe6\xf8\xe5-latin1.md"))
    shutil.copy(EXAMPLE_MD, odd)
    add("name-not-utf8-review", ["review", odd, "--out", f / "ut-latin1"], 0)
    add("name-not-utf8-missing", ["inspect", Path(str(odd) + ".pdf")], 3, "latin1")
    title = f / "formel.md"
    title.write_text('# =HYPERLINK("http://x.invalid","klikk")\n\nFlyktningar skal busetjast.\n', encoding="utf-8")

    # --- review options and output ----------------------------------------------------------
    add("stdout-docx", ["review", EXAMPLE_MD, "--out", "-", "--format", "docx"], 2, "--out -")
    add("stdout-two-formats", ["review", EXAMPLE_MD, "--out", "-", "--format", "json", "--format", "md"], 2, "--out -")
    add("stdout-default-json", ["review", EXAMPLE_MD, "--out", "-"], 0, check=_stdout_json)
    (f / "ut-er-fil").write_text("ikkje ei mappe\n", encoding="utf-8")
    add("out-is-a-file", ["review", EXAMPLE_MD, "--out", f / "ut-er-fil"], 13, "ut-er-fil")
    add("out-under-a-file", ["review", EXAMPLE_MD, "--out", f / "ut-er-fil" / "under"], 13, "under")
    add(
        "disk-full",
        ["review", EXAMPLE_PDF, "--out", f / "ut-full"],
        13,
        "ut-full",
        fsize=20_000,
        out=f / "ut-full",
    )

    # --- settings (11) ------------------------------------------------------------------------
    settings_cases = {
        "alias-bomb": (_yaml_bomb(), "PLANREVIEW_MAX_YAML_NODES"),
        "alias-bomb-unused": ("county: Fylket\n" + "\n".join("#" + x for x in []) + _yaml_bomb("x_"), "YAML"),
        "python-tag": ("county: !!python/object/apply:os.system ['echo hei']\n", "python/object"),
        "custom-tag": ("county: !fylke Møre\n", "!fylke"),
        "map-value": ("county:\n  namn: Møre\n", "county"),
        "list-value": ("county: [Møre, Romsdal]\n", "county"),
        "bool-value": ("county: true\n", "county"),
        "unknown-key": ("fylke: Møre\n", "fylke"),
        "deep-nesting": ("county: " + "[" * 200 + "]" * 200 + "\n", "PLANREVIEW_MAX_YAML_DEPTH"),
        "recursive-alias": ("county: &a [*a]\n", "*a"),
        "not-yaml": ("county: [Møre\n", "ugyldig YAML"),
        "top-list": ("- county\n", "nøkkel"),
        "too-long": ("county: " + "x" * 5000 + "\n", "county"),
        "two-documents": ("county: a\n---\ncounty: b\n", "ugyldig YAML"),
    }
    for name, (text, needle) in settings_cases.items():
        p = f / f"settings-{name}.yaml"
        p.write_text(text, encoding="utf-8")
        add(f"settings-{name}", ["review", EXAMPLE_MD, "--settings", p, "--out", f / f"ut-s-{name}"], 11, needle)
    (f / "settings-latin1.yaml").write_bytes("county: Møre\n".encode("latin-1"))
    add("settings-not-utf8", ["review", EXAMPLE_MD, "--settings", f / "settings-latin1.yaml"], 11, "UTF-8")
    add("settings-is-folder", ["review", EXAMPLE_MD, "--settings", f / "mappe.pdf"], 11, "mappe.pdf")
    add("settings-missing", ["review", EXAMPLE_MD, "--settings", f / "nei.yaml"], 11, "nei.yaml")
    fifo_yaml = f / "settings-fifo.yaml"
    if not fifo_yaml.exists():
        os.mkfifo(fifo_yaml)
    add("settings-fifo", ["review", EXAMPLE_MD, "--settings", fifo_yaml], 11, "settings-fifo.yaml")
    (f / "settings-big.yaml").write_text("county: x\n" + "#" * 100_000 + "\n", encoding="utf-8")
    add(
        "settings-over-size",
        ["review", EXAMPLE_MD, "--settings", f / "settings-big.yaml"],
        11,
        "PLANREVIEW_MAX_CONFIG_MB",
        env={"PLANREVIEW_MAX_CONFIG_MB": "0.01"},
    )

    # --- overrides (12) -----------------------------------------------------------------------
    head = "overrides:\n  - "
    overrides_cases = {
        "level-true": (head + "theme: demografi\n    level: true\n    reason: Fordi.\n    by: Kari\n", "level"),
        "level-string": (head + "theme: demografi\n    level: '2'\n    reason: Fordi.\n    by: Kari\n", "level"),
        "level-five": (head + "theme: demografi\n    level: 5\n    reason: Fordi.\n    by: Kari\n", "level"),
        "drop-empty": (head + 'drop_evidence: ""\n    reason: Fordi.\n    by: Kari\n', "drop_evidence"),
        "drop-blank": (head + 'drop_evidence: "   "\n    reason: Fordi.\n    by: Kari\n', "drop_evidence"),
        "unknown-criterion": (
            head + "criterion: demografi.nei\n    level: 1\n    reason: Fordi.\n    by: Kari\n",
            "demografi.nei",
        ),
        "criterion-other-theme": (
            head
            + "theme: demografi\n    criterion: medverknad.planprosess\n    level: 1\n"
            + "    reason: Fordi.\n    by: Kari\n",
            "medverknad.planprosess",
        ),
        "unknown-theme": (head + "theme: vêr\n    level: 1\n    reason: Fordi.\n    by: Kari\n", "vêr"),
        "no-reason": (head + "theme: demografi\n    level: 1\n    by: Kari\n", "reason"),
        "empty-list": ("overrides: []\n", "overrides"),
        "not-a-list": ("overrides: demografi\n", "overrides"),
        "unknown-key": (head + "theme: demografi\n    nivå: 1\n    reason: Fordi.\n    by: Kari\n", "nivå"),
        "alias-bomb": (_yaml_bomb(), "PLANREVIEW_MAX_YAML_NODES"),
        "python-tag": ("overrides: !!python/object/new:list []\n", "python/object"),
        "empty-file": ("", "overrides"),
    }
    for name, (text, needle) in overrides_cases.items():
        p = f / f"overrides-{name}.yaml"
        p.write_text(text, encoding="utf-8")
        add(f"overrides-{name}", ["review", EXAMPLE_MD, "--overrides", p, "--out", f / f"ut-o-{name}"], 12, needle)

    # --- checklists (9) -----------------------------------------------------------------------
    for name, text, needle in (
        ("alias-bomb", _yaml_bomb(), "PLANREVIEW_MAX_YAML_NODES"),
        ("python-tag", "id: !!python/object/apply:os.system ['echo hei']\n", "python/object"),
        ("deep", "id: " + "[" * 100 + "]" * 100 + "\n", "PLANREVIEW_MAX_YAML_DEPTH"),
        ("not-a-map", "- berre\n- ei liste\n", "sjekklista"),
    ):
        p = f / f"checklist-{name}.yaml"
        p.write_text(text, encoding="utf-8")
        add(f"checklist-{name}", ["checklist", "check", p], 9, needle)
        add(f"checklist-{name}-review", ["review", EXAMPLE_MD, "--checklist", p, "--out", f / "ut-c"], 9, needle)
    fifo_cl = f / "checklist-fifo.yaml"
    if not fifo_cl.exists():
        os.mkfifo(fifo_cl)
    add("checklist-fifo", ["checklist", "check", fifo_cl], 9, "checklist-fifo.yaml")

    # --- templates (10) -----------------------------------------------------------------------
    templates = {
        "multiply": ("{{ 'x' * 3000000000 }}", "PLANREVIEW_MAX_RENDER_MCHARS"),
        "power": ("{{ 10 ** 100000000 }}", "PLANREVIEW_MAX_RENDER_MCHARS"),
        "format-width": ("{{ '%999999999d' % 1 }}", "PLANREVIEW_MAX_RENDER_MCHARS"),
        "list-multiply": ("{{ (sections * 100000000)|length }}", "PLANREVIEW_MAX_RENDER_MCHARS"),
        "center": ("{{ county|center(900000000) }}", "PLANREVIEW_MAX_RENDER_MB"),
        "range": ("{% for i in range(10**9) %}x{% endfor %}", "malen"),
        "recursion": ("{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}", "RecursionError"),
        "undefined-chain": ("{{ county.nei.ikkje }}", "nei"),
        "division": ("{{ 1 / 0 }}", "ZeroDivisionError"),
        "loop-time": (
            "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
            "PLANREVIEW_MAX_RENDER_S",
        ),
        "output": ("{% for i in range(99999) %}{{ county * 100 }}{% endfor %}", "PLANREVIEW_MAX_RENDER_MCHARS"),
        "sandbox-escape": ("{{ county.__class__.__mro__[1].__subclasses__() }}", "malen"),
        "str-format": ("{{ '{:>999999999}'.format(county) }}", "malen"),
        "syntax": ("{% for x in %}", "malen"),
        "unknown-field": ("{{ passord }}", "passord"),
        "include": ("{% include 'letter.docx' %}", "malen"),
    }
    for name, (code, needle) in templates.items():
        p = _template(f / f"template-{name}.docx", code)
        env = {"PLANREVIEW_MAX_RENDER_S": "2"} if name == "loop-time" else {}
        add(f"template-{name}", ["template", "check", p], 10, needle, env=env)
    add(
        "template-multiply-review",
        ["review", EXAMPLE_MD, "--template", f / "template-multiply.docx", "--out", f / "ut-t"],
        10,
        "PLANREVIEW_MAX_RENDER_MCHARS",
        out=f / "ut-t",
        check=_no_temp_left(f / "ut-t"),
    )
    add(
        "template-recursion-review",
        ["review", EXAMPLE_MD, "--template", f / "template-recursion.docx", "--out", f / "ut-t2"],
        10,
        "RecursionError",
        out=f / "ut-t2",
    )
    tbomb = f / "template-zip-bomb.docx"
    _zip_edit(f / "template-multiply.docx", tbomb, {"word/media/fill.bin": b"\0" * (300 * 1024 * 1024)})
    add("template-zip-bomb", ["template", "check", tbomb], 10, "PLANREVIEW_MAX_UNZIPPED_MB")
    add("template-not-docx", ["template", "check", fx / "not-a-zip.docx"], 10, "not-a-zip.docx")
    add("template-fifo", ["template", "check", fifo], 10, "fifo.pdf")

    # --- labels for evaluate (15) -------------------------------------------------------------
    (f / "labels-deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (f / "labels-number.json").write_text("42", encoding="utf-8")
    (f / "labels-bad-entry.json").write_text('[{"doc": "a", "themes": ["x"]}]', encoding="utf-8")
    fifo_labels = f / "labels-fifo.json"
    if not fifo_labels.exists():
        os.mkfifo(fifo_labels)
    for name in ("deep", "number", "bad-entry", "fifo"):
        add(f"labels-{name}", ["evaluate", f, "--labels", f / f"labels-{name}.json"], 15, f"labels-{name}.json")
    add("labels-folder", ["evaluate", f, "--labels", f / "mappe.pdf"], 15, "mappe.pdf")

    # --- batch ------------------------------------------------------------------------------
    county = f / "fylket"
    (county / "nord").mkdir(parents=True, exist_ok=True)
    (county / "sor").mkdir(exist_ok=True)
    shutil.copy(EXAMPLE_MD, county / "nord" / "1515_heroy.md")
    shutil.copy(EXAMPLE_MD, county / "sor" / "1515_heroy.md")  # the same bytes in another folder
    shutil.copy(EXAMPLE_PDF, county / "sor" / "plan.pdf")
    shutil.copy(EXAMPLE_DOCX, county / "sor" / "plan.docx")
    shutil.copy(title, county / "sor" / "formel.md")
    shutil.copy(odd, Path(os.fsdecode(bytes(county / "sor") + b"/\xe6-latin1.md")))
    for name, target in (("fifo.pdf", None), ("zero.txt", "/dev/zero"), ("borte.pdf", county / "nei")):
        link = county / "sor" / name
        if link.exists() or link.is_symlink():
            continue
        if target is None:
            os.mkfifo(link)
        else:
            link.symlink_to(target)
    add(
        "batch-odd-entries",
        ["batch", county, "--out", f / "ut-batch", "--jobs", "2", "--quiet", "--format", "json"],
        14,
        "fifo.pdf",
        check=_batch_rows,
    )
    mapping = {
        "short-row": ("file;kommune;kommunenummer\n1515_heroy.md;Herøy\n", ":2"),
        "bad-number": ("file,kommune,kommunenummer\n1515_heroy.md,Herøy,15x5\n", "15x5"),
        "wrong-columns": ("namn,nummer\nx,1\n", "kommunenummer"),
        "duplicate": ("file,kommune,kommunenummer\na.md,A,1515\na.md,B,1516\n", "a.md"),
    }
    for name, (text, needle) in mapping.items():
        p = f / f"mapping-{name}.csv"
        p.write_text(text, encoding="utf-8")
        add(f"mapping-{name}", ["batch", county / "nord", "--out", f / f"ut-m-{name}", "--mapping", p], 11, needle)
    (f / "mapping-latin1.csv").write_bytes("file;kommune;kommunenummer\na.md;Herøy;1515\n".encode("latin-1"))
    add(
        "mapping-not-utf8",
        ["batch", county / "nord", "--out", f / "ut-m-l", "--mapping", f / "mapping-latin1.csv"],
        11,
        "UTF-8",
    )
    add(
        "batch-settings-bomb",
        ["batch", county / "nord", "--out", f / "ut-b-s", "--settings", f / "settings-alias-bomb.yaml"],
        11,
        "PLANREVIEW_MAX_YAML_NODES",
    )
    add("batch-out-is-file", ["batch", county / "nord", "--out", f / "ut-er-fil", "--quiet"], 13, "ut-er-fil")
    junk = f / "ut-junk"
    junk.mkdir(exist_ok=True)
    (junk / "results.jsonl").write_bytes(
        b'[1,2]\n{"key": 5}\n\xff\xfe\n{"key": "k", "file": "x", "status": "ok", "assessment": {"themes": [1]}}\n'
        b'{"key": "a", "file": "b", "status": "ok", "assessment": {"themes": [{"id": "x", "level": "3"}]}}\n'
        b'{"key": "halv'
    )
    add("batch-junk-results", ["batch", county / "nord", "--out", junk, "--quiet", "--format", "json"], 0)

    # --- saved reviews for compare / review --previous, and batch --compare-to --------------------
    review = {
        "document": {"title": "Testvik", "source": "", "sha256": ""},
        "checklist": {"id": "integrering", "version": "2026.11"},
        "themes": [],
    }
    import json as _json

    (f / "review-broken.json").write_text('{"document": {"title": ', encoding="utf-8")
    (f / "review-list.json").write_text("[1, 2, 3]", encoding="utf-8")
    (f / "review-no-themes.json").write_text(_json.dumps({k: v for k, v in review.items() if k != "themes"}))
    (f / "review-bad-level.json").write_text(
        _json.dumps({**review, "themes": [{"id": "demografi", "level": "3", "evidence": []}]})
    )
    (f / "review-other-checklist.json").write_text(
        _json.dumps({**review, "checklist": {"id": "fylkets-eiga", "version": "1"}})
    )
    (f / "review-deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    (f / "review-latin1.json").write_bytes('{"document": {"title": "Ærøy"}}'.encode("latin-1"))
    (f / "review-big.json").write_bytes(b'{"pad": "' + b"x" * (5 * 1024 * 1024) + b'"}')
    fifo_json = f / "review-fifo.json"
    if not fifo_json.exists():
        os.mkfifo(fifo_json)
    new = EXAMPLE_MD
    for name, code, needle in (
        ("broken", 5, "review-broken.json"),
        ("list", 4, "review-list.json"),
        ("no-themes", 4, "«themes»"),
        ("bad-level", 4, "«themes[0].level»"),
        ("other-checklist", 9, "fylkets-eiga"),
        ("deep", 5, "review-deep.json"),
        ("latin1", 5, "review-latin1.json"),
        ("big", 16, "PLANREVIEW_MAX_CONFIG_MB"),
        ("fifo", 4, "review-fifo.json"),
    ):
        add(f"compare-{name}", ["compare", f / f"review-{name}.json", new], code, needle)
    add("compare-missing", ["compare", f / "finst-ikkje.json", new], 3, "finst-ikkje.json")
    add("compare-missing-new", ["compare", new, f / "finst-ikkje.pdf"], 3, "finst-ikkje.pdf")
    add(
        "previous-not-a-review",
        ["review", new, "--previous", f / "review-list.json", "--out", f / "ut-prev"],
        4,
        "review-list.json",
        out=f / "ut-prev",
        check=lambda _: "written" if (f / "ut-prev").exists() else None,
    )
    add("previous-broken", ["review", new, "--previous", f / "review-broken.json", "--out", "-"], 5, "review-broken")
    add(
        "compare-to-missing",
        ["batch", county / "nord", "--out", f / "ut-ct", "--compare-to", f / "finst-ikkje"],
        3,
        "finst-ikkje",
    )
    (f / "ikkje-batch").mkdir(exist_ok=True)
    add(
        "compare-to-no-results",
        ["batch", county / "nord", "--out", f / "ut-ct", "--compare-to", f / "ikkje-batch"],
        3,
        "results.jsonl",
    )
    add("compare-to-is-out", ["batch", county / "nord", "--out", junk, "--compare-to", junk], 2, "--compare-to")
    return cases


def _core(inner: bytes) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        b'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' + inner + b"</cp:coreProperties>"
    )


def _plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "Dette er ein vanleg ZIP-fil.")
    return out.getvalue()


def _mediabox(pdf: bytes, box: bytes) -> bytes:
    import re

    return re.sub(rb"/MediaBox\s*\[[^\]]*\]", b"/MediaBox " + box, pdf)


def _incremental(pdf: bytes) -> bytes:
    """The PDF with an incremental update appended (a new Info dictionary and a second xref)."""
    import re

    startxref = int(re.findall(rb"startxref\s+(\d+)", pdf)[-1])
    size = int(re.findall(rb"/Size\s+(\d+)", pdf)[-1])
    root = re.findall(rb"/Root\s+(\d+\s+\d+\s+R)", pdf)[-1]
    body = pdf + b"\n"
    offset = len(body)
    body += f"{size} 0 obj\n<< /Title (Oppdatert plan) >>\nendobj\n".encode()
    xref = len(body)
    body += f"xref\n{size} 1\n{offset:010d} 00000 n \n".encode()
    body += b"trailer\n<< /Size " + str(size + 1).encode() + b" /Root " + root + b" /Info "
    body += f"{size} 0 R /Prev {startxref} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return body


def _bad_xref(pdf: bytes) -> bytes:
    """The PDF with its cross-reference offsets wrong (PDFium rebuilds them)."""
    import re

    return re.sub(rb"(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m.group(1)) + 7), pdf)


def _scanned_only(path: Path) -> Path:
    from fpdf import FPDF
    from PIL import Image

    img = Image.new("RGB", (200, 100), "white")
    src = path.with_suffix(".png")
    img.save(src)
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.image(str(src), x=50, y=50, w=400)
    pdf.output(str(path))
    return path


def _no_passwd(_: Path) -> str | None:
    return None  # the runner checks stdout for "root:" (see test_bad_inputs)


def _stdout_json(_: Path) -> str | None:
    return None  # the runner checks that stdout is JSON


def _batch_rows(folder: Path) -> str | None:
    """Every entry has its own row; the two identical plans both; distinct output folders; CSV safe."""
    import csv

    out = folder / "ut-batch"
    with (out / "matrix.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    files = [r["file"] for r in rows]
    if len(files) != 9 or len(set(files)) != 9:
        return f"rows: {files}"
    status = {Path(r["file"]).name: r["status"] for r in rows}
    for name in ("fifo.pdf", "zero.txt", "borte.pdf"):
        if status.get(name) != "error":
            return f"{name}: {status.get(name)}"
    ok = [r["file"] for r in rows if r["status"] == "ok"]
    if len(ok) != 6:
        return f"ok rows: {ok}"
    formula = next(r for r in rows if r["file"].endswith("formel.md"))
    if formula["title"].startswith("="):
        return f"formula not neutralised: {formula['title']}"
    folders = sorted(p.name for p in (out / "plans").iterdir())
    if len(folders) != 6:
        return f"output folders: {folders}"
    return None


@dataclass
class Result:
    code: int
    stdout: str
    stderr: str
    seconds: float
    peak_mib: float


def run(case: Case, folder: Path, index: int = 0) -> Result:
    """Run one case as its own ``planreview`` process under the memory ceiling; the result
    has that process's own peak memory (ru_maxrss through wait4) and its wall time."""
    import threading

    env = {**os.environ, **case.env}
    env.pop("PLANREVIEW_FAULT_CRASH_ON", None)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (CEILING, CEILING))
        if case.fsize is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (case.fsize, case.fsize))

    logs = folder / "_logs"
    logs.mkdir(exist_ok=True)
    out_path, err_path = logs / f"{index}-{case.id}.out", logs / f"{index}-{case.id}.err"
    peak_path = logs / f"{index}-{case.id}.peak"
    env["PLANREVIEW_PEAK_FILE"] = str(peak_path)
    started = time.monotonic()
    with out_path.open("wb") as out, err_path.open("wb") as err:
        proc = subprocess.Popen(
            [sys.executable, "-c", _PEAK, *case.args],
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            env=env,
            cwd=folder,
            preexec_fn=limit,
        )
        timer = threading.Timer(180, proc.kill)
        timer.start()
        try:
            _, status, _usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        proc.returncode = os.waitstatus_to_exitcode(status)
    try:
        peak = int(peak_path.read_text()) / 1024
    except (OSError, ValueError):
        peak = 0.0
    return Result(
        proc.returncode,
        out_path.read_bytes().decode("utf-8", "replace"),
        err_path.read_bytes().decode("utf-8", "replace"),
        time.monotonic() - started,
        peak,
    )


def main() -> int:
    import tempfile

    with tempfile.TemporaryDirectory(prefix="planreview-bad-") as tmp:
        folder = Path(tmp)
        cases = build(folder)
        worst: list[tuple[float, str]] = []
        bad = 0
        print(f"{'case':<36} {'want':>4} {'got':>4} {'s':>6} {'MiB':>6}")
        for c in cases:
            r = run(c, folder)
            flag = "" if r.code == c.code else "  <-- MISMATCH"
            bad += bool(flag)
            worst.append((r.peak_mib, c.id))
            print(f"{c.id:<36} {c.code:>4} {r.code:>4} {r.seconds:>6.1f} {r.peak_mib:>6.0f}{flag}")
        worst.sort(reverse=True)
        print(
            f"{len(cases)} cases, {bad} mismatches; highest peaks: "
            + ", ".join(f"{n} {m:.0f} MiB" for m, n in worst[:5])
        )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

"""Render the example plans (*.md here) as PDF and DOCX, the way municipalities publish them.

Usage: python examples/build_examples.py [NAME.md ...]

The source format is small Markdown: ``#``/``##``/``###`` headings, ``-`` bullets,
``| a | b |`` table rows (the first row is the header), blank lines between paragraphs and
``===`` for a page break. The PDF gets a running header (the plan's title) and a footer
"Side N av M"; the DOCX uses Word's heading and list styles.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).parent
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FIXED_DATE = datetime(2026, 10, 14, tzinfo=UTC)  # reproducible files


@dataclass
class Item:
    kind: str  # h1 h2 h3 p li table page
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)


def parse(source: str) -> list[Item]:
    items: list[Item] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            items.append(Item("p", " ".join(para)))
            para.clear()

    for raw in source.splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line == "===":
            flush()
            items.append(Item("page"))
        elif line.startswith("#"):
            flush()
            level = len(line) - len(line.lstrip("#"))
            items.append(Item(f"h{level}", line[level:].strip()))
        elif line.startswith("- "):
            flush()
            items.append(Item("li", line[2:].strip()))
        elif line.startswith("|"):
            flush()
            cells = [c.strip() for c in line.strip("|").split("|")]
            if items and items[-1].kind == "table":
                items[-1].rows.append(cells)
            else:
                items.append(Item("table", rows=[cells]))
        else:
            para.append(line)
    flush()
    return items


def build_pdf(items: list[Item], title: str, out: Path) -> None:
    from fpdf import FPDF

    class Plan(FPDF):
        def header(self) -> None:
            self.set_font("DejaVu", size=8)
            self.set_text_color(90, 90, 90)
            self.set_xy(56, 28)
            self.cell(0, 10, title)
            self.set_text_color(0, 0, 0)
            self.set_xy(56, 70)

        def footer(self) -> None:
            self.set_font("DejaVu", size=8)
            self.set_text_color(90, 90, 90)
            self.set_xy(56, -40)
            self.cell(0, 10, f"Side {self.page_no()} av {{nb}}", align="C")
            self.set_text_color(0, 0, 0)

    pdf = Plan(unit="pt", format="A4")
    pdf.set_creation_date(FIXED_DATE)
    pdf.set_title(title)
    pdf.set_lang("no")
    pdf.set_margins(56, 70, 56)
    pdf.set_auto_page_break(True, margin=70)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.add_page()
    sizes = {"h1": 17.0, "h2": 13.5, "h3": 11.5}
    first = True
    for item in items:
        if item.kind == "page":
            pdf.add_page()
        elif item.kind in sizes:
            size = 22.0 if first else sizes[item.kind]
            first = False
            pdf.ln(8)
            pdf.set_font("DejaVu", "B", size)
            pdf.multi_cell(0, size * 1.3, item.text)
            pdf.ln(4)
        elif item.kind == "p":
            pdf.set_font("DejaVu", size=10)
            pdf.multi_cell(0, 13.5, item.text)
            pdf.ln(7)
        elif item.kind == "li":
            pdf.set_font("DejaVu", size=10)
            pdf.set_x(66)
            pdf.cell(12, 13.5, "•")
            pdf.multi_cell(0, 13.5, item.text)
            pdf.ln(3)
        elif item.kind == "table":
            pdf.set_font("DejaVu", size=9)
            pdf.ln(4)
            ncols = max(len(r) for r in item.rows)
            widths = (2.2, *([1.0] * (ncols - 1))) if ncols > 2 else None
            with pdf.table(line_height=12, text_align="LEFT", first_row_as_headings=True, col_widths=widths) as table:
                for row in item.rows:
                    r = table.row()
                    for cell in row:
                        r.cell(cell)
            pdf.ln(10)
    pdf.output(str(out))


def build_docx(items: list[Item], title: str, out: Path) -> None:
    import docx
    from docx.enum.text import WD_BREAK

    d = docx.Document()
    d.core_properties.title = title
    d.core_properties.created = FIXED_DATE.replace(tzinfo=None)
    d.core_properties.modified = FIXED_DATE.replace(tzinfo=None)
    d.core_properties.author = "planreview examples"
    section = d.sections[0]
    section.header.paragraphs[0].text = title
    for item in items:
        if item.kind == "page":
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif item.kind.startswith("h"):
            d.add_heading(item.text, level=int(item.kind[1]))
        elif item.kind == "p":
            d.add_paragraph(item.text)
        elif item.kind == "li":
            d.add_paragraph(item.text, style="List Bullet")
        elif item.kind == "table":
            table = d.add_table(rows=len(item.rows), cols=max(len(r) for r in item.rows))
            table.style = "Table Grid"
            for r, row in enumerate(item.rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
    d.save(str(out))


def build(source: Path) -> list[Path]:
    items = parse(source.read_text(encoding="utf-8"))
    title = next(i.text for i in items if i.kind == "h1")
    pdf, docx_path = source.with_suffix(".pdf"), source.with_suffix(".docx")
    build_pdf(items, title, pdf)
    build_docx(items, title, docx_path)
    return [pdf, docx_path]


if __name__ == "__main__":
    sources = [Path(a) for a in sys.argv[1:]] or sorted(HERE.glob("*.md"))
    for src in sources:
        for path in build(src):
            print(path)

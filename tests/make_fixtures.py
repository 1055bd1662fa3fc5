"""Generate the small reader fixtures (PDF, DOCX, text, broken files) the tests use.

Run directly to write them to a folder: ``python tests/make_fixtures.py OUTDIR``. The test
suite calls ``build(outdir)`` once per session. Every text here is written for planreview.
"""

from __future__ import annotations

import ctypes
import io
import sys
from pathlib import Path

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


def _pdf(orientation: str = "P") -> object:
    from fpdf import FPDF

    pdf = FPDF(orientation=orientation, unit="pt", format="A4")
    pdf.set_auto_page_break(False)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_font("DejaVu", size=10)
    return pdf


def _lines(pdf: object, lines: list[str], x: float = 56, y: float = 80, step: float = 13, size: float = 10) -> float:
    pdf.set_font("DejaVu", size=size)  # type: ignore[attr-defined]
    for line in lines:
        if line:
            pdf.text(x, y, line)  # type: ignore[attr-defined]
        y += step
    return y


def hyphens_pdf(out: Path) -> None:
    pdf = _pdf()
    pdf.add_page()  # type: ignore[attr-defined]
    _lines(
        pdf,
        [
            "Kommunen skal styrkje integrerings-",
            "arbeidet i alle einingar og tenester. Etter plan-",
            "og bygningslova skal kommunen sikre medverknad. Barne-",
            "og ungdomsskulen får ansvar for tiltaket, saman med NAV-",
            "kontoret og vaksenopplæringa. Innvandrar\u00ad",
            "befolkninga veks kvart år.",
        ],
    )
    pdf.output(str(out))  # type: ignore[attr-defined]


LEFT = [
    "Venstre spalte byrjar her med ein lang",
    "setning om busetjing av flyktningar i",
    "kommunen og korleis vi tek imot dei.",
    "Vaksenopplæringa gir norskopplæring",
    "på dagtid og kveldstid for alle som",
    "treng det, også arbeidsinnvandrarar.",
    "Biblioteket er ein viktig møteplass",
    "for nye innbyggjarar i bygda vår.",
    "Slutten på venstre spalte kjem her.",
]
RIGHT = [
    "Høgre spalte handlar om arbeid og",
    "kvalifisering. NAV og næringslivet",
    "samarbeider om praksisplassar for",
    "deltakarar i introduksjonsprogrammet.",
    "Målet er at fleire kjem i arbeid",
    "eller utdanning etter programmet.",
    "Kommunen rapporterer på måltala",
    "kvart år i årsmeldinga si.",
    "Slutten på høgre spalte kjem her.",
]


def _table(pdf: object, rows: list[tuple[str, ...]], **options: object) -> None:
    """A ruled table at the current position, by fpdf2's table builder (``options`` go to it)."""
    with pdf.table(**options) as table:  # type: ignore[attr-defined]
        for row in rows:
            r = table.row()
            for cell in row:
                r.cell(cell)


def two_columns_pdf(out: Path) -> None:
    pdf = _pdf()
    pdf.add_page()  # type: ignore[attr-defined]
    pdf.set_font("DejaVu", "B", 16)  # type: ignore[attr-defined]
    pdf.text(56, 60, "Integrering i to spalter")  # type: ignore[attr-defined]
    # Interleave the drawing order so only geometry can give the right reading order.
    y = 100.0
    for left, right in zip(LEFT, RIGHT, strict=True):
        pdf.set_font("DejaVu", size=10)  # type: ignore[attr-defined]
        pdf.text(56, y, left)  # type: ignore[attr-defined]
        pdf.text(310, y, right)  # type: ignore[attr-defined]
        y += 13
    pdf.output(str(out))  # type: ignore[attr-defined]


TABLE_ROWS = [
    ("Tiltak", "Ansvar", "Frist"),
    ("Språkkafé på biblioteket", "Kultureininga", "2026"),
    ("Praksisplassar i kommunen", "NAV og personal", "2027"),
    ("Velkomstbrev på fleire språk", "Servicetorget", "2025"),
]


def table_pdf(out: Path) -> None:
    pdf = _pdf()
    pdf.add_page()  # type: ignore[attr-defined]
    _lines(pdf, ["Handlingsdel for integrering", "", "Tabellen viser tiltaka med ansvar og frist."], y=70)
    pdf.set_xy(56, 120)  # type: ignore[attr-defined]
    _table(pdf, TABLE_ROWS, col_widths=(220, 150, 80), width=450, line_height=16)
    _lines(pdf, ["Tiltaka blir følgde opp i årsmeldinga."], y=260)
    pdf.output(str(out))  # type: ignore[attr-defined]


COLUMN_LEFT = [
    "Kommunen har teke imot fleire flyktningar dei",
    "siste åra, og dei fleste har busett seg i sen-",
    "trum. Vaksenopplæringa har difor fått fleire",
    "deltakarar enn før. Kommunen vil styrkje norsk-",
    "opplæringa med fleire lærarar og kveldskurs.",
    "Frivillige lag har starta leksehjelp for barn",
    "og unge, og biblioteket held open språkkafé",
    "kvar veke. Arbeidet held fram i heile plan-",
    "perioden med støtte frå kommunen.",
]
COLUMN_RIGHT = [
    "Talet på sysselsette innvandrarar har auka,",
    "men mange arbeider deltid. Kommunen vil i",
    "samarbeid med NAV gje fleire praksisplassar",
    "i dei kommunale einingane. Alle nye arbeids-",
    "takarar skal få ein fadder det første året.",
    "Kommunen vil òg sjå på korleis fleire kan få",
    "fast tilsetjing etter introduksjonsprogram-",
    "met. Resultata blir lagde fram i årsmeldinga",
    "kvart år.",
]


def columns_under_table_pdf(out: Path) -> None:
    """A table of figures with dot leaders across the page, its source line, and two columns of
    running text below it (as in a white paper): the table's rows share their lines with
    figures, so the gutter is not free all the way down the page."""
    pdf = _pdf()
    pdf.add_page()  # type: ignore[attr-defined]
    _lines(pdf, ["Tabell 1 Folketal etter bakgrunn, 1. januar"], y=70)
    y = 100.0
    for label, figures in (
        ("Innvandrarar", ("412", "455", "498")),
        ("Norskfødde med innvandrarforeldre", ("120", "131", "140")),
        ("Resten av folketalet", ("6 210", "6 188", "6 170")),
        ("I alt", ("6 742", "6 774", "6 808")),
    ):
        _lines(pdf, [label + " " + "." * (70 - len(label))], y=y)
        for x, figure in zip((400, 450, 500), figures, strict=True):
            pdf.text(x, y, figure)  # type: ignore[attr-defined]
        y += 14
    _lines(pdf, ["Kjelde: SSB."], y=y + 4)
    y += 40
    for left, right in zip(COLUMN_LEFT, COLUMN_RIGHT, strict=True):
        pdf.text(56, y, left)  # type: ignore[attr-defined]
        pdf.text(310, y, right)  # type: ignore[attr-defined]
        y += 13
    pdf.output(str(out))  # type: ignore[attr-defined]


PROSE_TABLE_ROWS = [
    ("Mål for integreringsarbeidet", "Slik vil kommunen nå målet"),
    ("Alle nye innbyggjarar lærer norsk", "Fleire kveldskurs i vaksenopplæringa"),
    ("Fleire kjem i arbeid etter programmet", "Praksisplassar i dei kommunale einingane"),
    ("Barn og unge deltek i fritida", "Fritidskortet blir gjort kjent for alle"),
    ("Gode bustader for nye innbyggjarar", "Fleire utleigebustader nær sentrum"),
    ("Innbyggjarane møter ei open kommune", "Informasjon på fleire språk på nettsida"),
    ("Frivillige lag får fleire medlemmer", "Lag og foreiningar får støtte til opne dagar"),
    ("Helsetenestene når alle grupper", "Tolk blir bestilt når det trengst"),
]


def prose_table_pdf(out: Path) -> None:
    """A ruled table of two columns whose cells are lines of prose: a table, not two columns."""
    pdf = _pdf()
    pdf.add_page()  # type: ignore[attr-defined]
    _lines(pdf, ["Mål og tiltak for integrering"], y=70)
    pdf.set_xy(56, 100)  # type: ignore[attr-defined]
    _table(pdf, PROSE_TABLE_ROWS, col_widths=(240, 240), width=480, line_height=18)
    pdf.output(str(out))  # type: ignore[attr-defined]


def rotated_header_table_pdf(out: Path) -> None:
    """A ruled table whose column headers are set up the page (turned by 90°)."""
    pdf = _pdf()
    pdf.add_page()  # type: ignore[attr-defined]
    _lines(pdf, ["Tiltak i handlingsdelen"], y=60)
    xs = [56, 300, 360, 420, 480]
    ys = [80, 170, 190, 210, 230]
    for x in xs:
        pdf.line(x, ys[0], x, ys[-1])  # type: ignore[attr-defined]
    for y in ys:
        pdf.line(xs[0], y, xs[-1], y)  # type: ignore[attr-defined]
    pdf.set_font("DejaVu", size=9)  # type: ignore[attr-defined]
    pdf.text(60, 160, "Tiltak")  # type: ignore[attr-defined]
    for x, label in zip(xs[1:-1], ("Ansvarleg", "Frist", "Kostnad"), strict=True):
        with pdf.rotation(90, x + 35, 165):  # type: ignore[attr-defined]
            pdf.text(x + 35, 165, label)  # type: ignore[attr-defined]
    rows = (
        ("Språkkafé på biblioteket", "Kultur", "2026", "50 000"),
        ("Praksisplassar i kommunen", "NAV", "2027", "200 000"),
        ("Velkomstbrev på fleire språk", "Service", "2025", "10 000"),
    )
    for row, y in zip(rows, ys[1:-1], strict=True):
        for x, text in zip(xs[:-1], row, strict=True):
            pdf.text(x + 4, y + 14, text)  # type: ignore[attr-defined]
    pdf.output(str(out))  # type: ignore[attr-defined]


def continued_table_pdf(out: Path) -> None:
    """A ruled table that starts near the foot of page 1 and runs on to the top of page 2, its
    header row repeated there (as Word and fpdf2 do); its status column is in lower case."""
    pdf = _pdf()
    pdf.add_page()  # type: ignore[attr-defined]
    _lines(pdf, ["Handlingsdel for integrering", "", "Tabellen viser tiltaka med ansvar og frist."], y=70)
    pdf.set_auto_page_break(True, margin=60)  # type: ignore[attr-defined]
    pdf.set_xy(56, 640)  # type: ignore[attr-defined]
    rows = [("Tiltak", "Ansvar", "Status")]
    rows += [(f"Tiltak nummer {i} for nye innbyggjarar", "Kommunen", ("pågår", "ok")[i % 2]) for i in range(1, 13)]
    _table(pdf, rows, col_widths=(260, 120, 70), width=450, line_height=16, repeat_headings=1)
    pdf.output(str(out))  # type: ignore[attr-defined]


SPLIT_ROW_TABLE = (
    [("Tiltak", "Ansvar"), ("Opne språkkafé på biblioteket kvar veke.", "Kultureininga")],
    ("Kommunen skal tilby språkpraksis i alle kommunale", "Personalavdelinga"),
    ("einingar som tek imot nye innbyggjarar.", ""),
    [("Velkomstbrev på fleire språk til nye innbyggjarar.", "Servicetorget")],
)
"""A ruled table whose third row breaks across the page: its cells' text runs on at the top
of page 2, under the header row repeated there (Word's «allow row to break across pages»)."""


def split_row_table_pdf(out: Path) -> None:
    before, first_part, rest, after = SPLIT_ROW_TABLE
    pdf = _pdf()
    pdf.add_page()  # type: ignore[attr-defined]
    _lines(pdf, ["Handlingsdel 2026–2029", "", "Tiltaka under gjeld integrering av nye innbyggjarar."], y=90)
    _grid(pdf, 56, 700, (324, 140), [*before, first_part], row_height=22)
    pdf.add_page()  # type: ignore[attr-defined]
    _grid(pdf, 56, 90, (324, 140), [before[0], rest, *after], row_height=22)
    _lines(pdf, ["Tiltaka blir følgde opp i årsmeldinga."], y=170)
    pdf.output(str(out))  # type: ignore[attr-defined]


BESIDE_CHART = [
    "Delen av innbyggjarane med innvandrarbak-",
    "grunn har auka jamt det siste tiåret, og dei",
    "fleste som kjem, blir buande i kommunen i",
    "mange år. Kommunen vil difor sjå busetjing,",
    "norskopplæring og arbeid i samanheng, slik",
    "at nye innbyggjarar raskt kan ta del i lokal-",
    "samfunnet og arbeidslivet her.",
]
FIGURE_TABLE = [
    ("Innvandrarar busette i kommunen i alt", "412", "455"),
    ("Flyktningar busette dei siste fem åra", "120", "131"),
    ("Deltakarar i introduksjonsprogrammet i år", "35", "41"),
    ("Elevar med særskild norskopplæring i skulen", "48", "52"),
    ("Vaksne i norskopplæring ved vaksenopplæringa", "60", "64"),
    ("Tilsette i kommunen med utanlandsk bakgrunn", "90", "97"),
    ("Lag og foreiningar med tilbod på fleire språk", "4", "6"),
    ("Barn i barnehage med anna morsmål enn norsk", "30", "33"),
]


def column_beside_chart_pdf(out: Path) -> None:
    """A column of running text with a bar chart to its right, the chart's axis labels on the
    text's lines."""
    pdf = _pdf()
    pdf.add_page()  # type: ignore[attr-defined]
    _lines(pdf, ["Busetjing og integrering"], y=80)
    y = 120.0
    for line, tick in zip(BESIDE_CHART, ("40", "", "30", "", "20", "", "10"), strict=True):
        pdf.text(56, y, line)  # type: ignore[attr-defined]
        if tick:
            pdf.text(330, y, tick)  # type: ignore[attr-defined]
        y += 13
    for k, h in enumerate((30, 45, 60)):
        pdf.rect(360 + 40 * k, y - 13 - h, 24, h, style="F")  # type: ignore[attr-defined]
    _lines(pdf, ["2021      2022      2023"], x=360, y=y + 2)
    pdf.output(str(out))  # type: ignore[attr-defined]


def figure_table_pdf(out: Path) -> None:
    """A table of labels and figures without rules, the figures far to the right."""
    pdf = _pdf()
    pdf.add_page()  # type: ignore[attr-defined]
    _lines(pdf, ["Tabell 2 Nøkkeltal for integrering"], y=80)
    y = 104.0
    for label, a, b in FIGURE_TABLE:
        pdf.text(56, y, label)  # type: ignore[attr-defined]
        pdf.text(420, y, a)  # type: ignore[attr-defined]
        pdf.text(480, y, b)  # type: ignore[attr-defined]
        y += 14
    pdf.output(str(out))  # type: ignore[attr-defined]


def ruled_header_pdf(out: Path) -> None:
    """Two pages whose running header is a small ruled grid inside the header band."""
    pdf = _pdf()
    for n in (1, 2):
        pdf.add_page()  # type: ignore[attr-defined]
        xs, ys = (56, 250, 420, 540), (18, 34, 50)
        for x in xs:
            pdf.line(x, ys[0], x, ys[-1])  # type: ignore[attr-defined]
        for y in ys:
            pdf.line(xs[0], y, xs[-1], y)  # type: ignore[attr-defined]
        pdf.set_font("DejaVu", size=8)  # type: ignore[attr-defined]
        for x, y, text in (
            (60, 29, "Vikfjord kommune"),
            (254, 29, "Kommuneplan"),
            (424, 29, "Dato"),
            (60, 45, "Samfunnsdelen"),
            (254, 45, "Høyringsutkast"),
            (424, 45, f"Side {n}"),
        ):
            pdf.text(x, y, text)  # type: ignore[attr-defined]
        _lines(pdf, ["Kommunen vil gje alle nye innbyggjarar eit godt tilbod om norskopplæring."], y=120)
    pdf.output(str(out))  # type: ignore[attr-defined]


AROUND_LEFT = [
    "Kommunen tek imot fleire nye innbyggjarar",
    "enn før, og dei fleste vil bu her over tid.",
    "Difor treng vi fleire utleigebustader nær",
    "skule, arbeid og butikkar i sentrum.",
]
AROUND_RIGHT = [
    "Frivillige lag gjer ein stor innsats for",
    "at nye innbyggjarar skal finne seg til rette.",
    "Kommunen vil støtte laga med lokale og",
    "med informasjon på fleire språk.",
]


def columns_around_table_pdf(out: Path) -> None:
    """Two columns of running text above and below a ruled table across the page; one line of
    the left column reaches into the gutter."""
    pdf = _pdf()
    pdf.add_page()  # type: ignore[attr-defined]

    def columns(y: float, left: list[str], right: list[str]) -> None:
        for a, b in zip(left, right, strict=True):
            pdf.text(56, y, a)  # type: ignore[attr-defined]
            pdf.text(310, y, b)  # type: ignore[attr-defined]
            y += 13

    columns(
        90,
        [*AROUND_LEFT[:2], "Difor treng vi fleire utleigebustader nær jern-", "banestasjonen, skule og butikkar."],
        AROUND_RIGHT,
    )
    pdf.set_xy(56, 160)  # type: ignore[attr-defined]
    _table(pdf, TABLE_ROWS, col_widths=(220, 150, 110), width=480, line_height=16)
    pdf.set_font("DejaVu", size=8)  # type: ignore[attr-defined]
    pdf.text(60, 160 + 16 * len(TABLE_ROWS) + 12, "Kjelde: kommunen.")  # type: ignore[attr-defined]
    pdf.set_font("DejaVu", size=10)  # type: ignore[attr-defined]
    columns(260, AROUND_LEFT, AROUND_RIGHT)
    pdf.output(str(out))  # type: ignore[attr-defined]


TEXT_TABLE = [("Tiltak", "Ansvar", "Frist")] + [
    (f"Opne språkkafé nummer {i} på biblioteket", "Kulturkontoret", str(2025 + i % 3)) for i in range(1, 10)
]


def text_table_pdf(out: Path) -> None:
    """A table of short texts without rules, nine rows: a table, not two columns."""
    pdf = _pdf()
    pdf.add_page()  # type: ignore[attr-defined]
    y = 100.0
    for a, b, c in TEXT_TABLE:
        pdf.text(56, y, a)  # type: ignore[attr-defined]
        pdf.text(330, y, b)  # type: ignore[attr-defined]
        pdf.text(480, y, c)  # type: ignore[attr-defined]
        y += 15
    pdf.output(str(out))  # type: ignore[attr-defined]


LIST_LEFT = [
    "– fleire i arbeid",
    "– betre norskkunnskap",
    "– trygge bustader",
    "– aktive lag",
    "– god helse",
    "– gode skular",
    "– fleire lærlingar",
    "– opne møteplassar",
]
LIST_RIGHT = [
    "– fleire tolkar",
    "– kortare ventetid",
    "– fleire fadderar",
    "– ope bibliotek",
    "– språkkafé",
    "– leksehjelp",
    "– sommarjobb",
    "– fritidskort",
]


def two_column_list_pdf(out: Path) -> None:
    """A list of short items set in two columns."""
    pdf = _pdf()
    pdf.add_page()  # type: ignore[attr-defined]
    _lines(pdf, ["Kommunen vil arbeide for desse måla i planperioden:"], y=80)
    for i, (a, b) in enumerate(zip(LIST_LEFT, LIST_RIGHT, strict=True)):
        pdf.text(56, 110 + 14 * i, a)  # type: ignore[attr-defined]
        pdf.text(300, 110 + 14 * i, b)  # type: ignore[attr-defined]
    pdf.output(str(out))  # type: ignore[attr-defined]


def _grid(
    pdf: object, x: float, y: float, widths: tuple[float, ...], rows: list[tuple[str, ...]], row_height: float = 18
) -> None:
    """A ruled table drawn by hand: a line under and over every row, one at every column edge."""
    xs = [x]
    for w in widths:
        xs.append(xs[-1] + w)
    for i, row in enumerate(rows):
        for c, text in enumerate(row):
            if text:
                pdf.text(xs[c] + 3, y + row_height * i + 13, text)  # type: ignore[attr-defined]
    for i in range(len(rows) + 1):
        pdf.line(xs[0], y + row_height * i, xs[-1], y + row_height * i)  # type: ignore[attr-defined]
    for xx in xs:
        pdf.line(xx, y, xx, y + row_height * len(rows))  # type: ignore[attr-defined]


SERVICES = [
    "barnehage",
    "skule",
    "vaksenopplæring",
    "bibliotek",
    "helsestasjon",
    "tannhelse",
    "barnevern",
    "busetjing",
    "flyktningteneste",
    "NAV-kontor",
]


def lower_case_rows_pdf(out: Path) -> None:
    """A ruled table whose first column is in lower case, running on to page 2 with its header
    repeated: every row is a row of its own."""
    pdf = _pdf()
    header = ("Teneste", "Ansvar", "Status")
    pdf.add_page()  # type: ignore[attr-defined]
    _grid(pdf, 56, 560, (180, 150, 100), [header] + [(t, "Kommunen", "i gang") for t in SERVICES[:7]])
    pdf.add_page()  # type: ignore[attr-defined]
    _grid(pdf, 56, 90, (180, 150, 100), [header] + [(t, "Kommunen", "i gang") for t in SERVICES[7:]])
    pdf.output(str(out))  # type: ignore[attr-defined]


def table_in_column_pdf(out: Path) -> None:
    """Two columns of running text; a small ruled table stands inside the left one."""
    pdf = _pdf()
    pdf.add_page()  # type: ignore[attr-defined]
    for i, line in enumerate(COLUMN_RIGHT):
        pdf.text(310, 90 + 13 * i, line)  # type: ignore[attr-defined]
    for i, line in enumerate(COLUMN_LEFT[:4]):
        pdf.text(56, 90 + 13 * i, line)  # type: ignore[attr-defined]
    _grid(
        pdf,
        56,
        150,
        (120, 60, 50),
        [("Tiltak", "Ansvar", "År"), ("Språkkafé", "Kultur", "2026"), ("Leksehjelp", "Skule", "2027")],
    )
    for i, line in enumerate(COLUMN_LEFT[4:]):
        pdf.text(56, 220 + 13 * i, line)  # type: ignore[attr-defined]
    pdf.output(str(out))  # type: ignore[attr-defined]


def framed_page_pdf(out: Path) -> None:
    """A page framed by rules: a box around it, a rule under the title and one between two
    columns of running text (a layout, not a table)."""
    pdf = _pdf()
    pdf.add_page()  # type: ignore[attr-defined]
    pdf.rect(46, 50, 504, 420)  # type: ignore[attr-defined]
    pdf.line(46, 80, 550, 80)  # type: ignore[attr-defined]
    pdf.line(298, 80, 298, 470)  # type: ignore[attr-defined]
    pdf.set_font("DejaVu", "B", 14)  # type: ignore[attr-defined]
    pdf.text(56, 72, "Integrering i Vikfjord")  # type: ignore[attr-defined]
    pdf.set_font("DejaVu", size=10)  # type: ignore[attr-defined]
    for i, (a, b) in enumerate(zip(COLUMN_LEFT + COLUMN_LEFT[:6], COLUMN_RIGHT + COLUMN_RIGHT[:6], strict=True)):
        pdf.text(56, 100 + 13 * i, a)  # type: ignore[attr-defined]
        pdf.text(308, 100 + 13 * i, b)  # type: ignore[attr-defined]
    pdf.output(str(out))  # type: ignore[attr-defined]


def scanned_pdf(out: Path) -> None:
    from PIL import Image, ImageDraw

    img = Image.new("L", (600, 800), 255)
    draw = ImageDraw.Draw(img)
    for i in range(20):
        draw.rectangle((50, 50 + i * 35, 550, 62 + i * 35), fill=40)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    pdf = _pdf()
    pdf.add_page()  # type: ignore[attr-defined]
    _lines(pdf, ["Første side har tekst om integrering og busetjing."])
    pdf.add_page()  # type: ignore[attr-defined]
    buf.seek(0)
    pdf.image(buf, x=40, y=40, w=500)  # type: ignore[attr-defined]
    pdf.add_page()  # type: ignore[attr-defined]
    _lines(pdf, ["Tredje side har tekst att."])
    pdf.output(str(out))  # type: ignore[attr-defined]


def encrypted_pdf(out: Path) -> None:
    pdf = _pdf()
    pdf.set_encryption(owner_password="eigar", user_password="hemmeleg")  # type: ignore[attr-defined]
    pdf.add_page()  # type: ignore[attr-defined]
    _lines(pdf, ["Denne teksten er verna med passord."])
    pdf.output(str(out))  # type: ignore[attr-defined]


def headings_pdf(out: Path) -> None:
    """Headings by font size, a running header and a "Side N av M" footer on four pages."""
    pdf = _pdf()
    body = (
        "Kommunen vil leggje til rette for at alle innbyggjarar kan delta i arbeidslivet og i "
        "lokalsamfunnet. Dette gjeld også innvandrarar som har budd her kort tid."
    )
    for n in range(1, 5):
        pdf.add_page()  # type: ignore[attr-defined]
        pdf.set_font("DejaVu", size=8)  # type: ignore[attr-defined]
        pdf.text(56, 30, "Kommuneplan for Testvik – samfunnsdelen")  # type: ignore[attr-defined]
        pdf.text(270, 815, f"Side {n} av 4")  # type: ignore[attr-defined]
        y = 90.0
        if n == 1:
            pdf.set_font("DejaVu", "B", 22)  # type: ignore[attr-defined]
            pdf.text(56, y, "Samfunnsdelen for Testvik")  # type: ignore[attr-defined]
            y += 40
        pdf.set_font("DejaVu", "B", 16)  # type: ignore[attr-defined]
        pdf.text(56, y, f"Kapittel {n}: Arbeid og kvalifisering" if n % 2 else f"Kapittel {n}: Oppvekst")  # type: ignore[attr-defined]
        y += 28
        pdf.set_font("DejaVu", "B", 13)  # type: ignore[attr-defined]
        pdf.text(56, y, "Mål")  # type: ignore[attr-defined]
        y += 20
        pdf.set_font("DejaVu", size=10)  # type: ignore[attr-defined]
        pdf.set_xy(56, y - 9)  # type: ignore[attr-defined]
        pdf.multi_cell(480, 13, body)  # type: ignore[attr-defined]
        y += 50
        pdf.set_font("DejaVu", "B", 13)  # type: ignore[attr-defined]
        pdf.text(56, y, "Strategiar")  # type: ignore[attr-defined]
        y += 20
        pdf.set_xy(56, y - 9)  # type: ignore[attr-defined]
        pdf.set_font("DejaVu", size=10)  # type: ignore[attr-defined]
        pdf.multi_cell(480, 13, "• Kommunen skal tilby praksisplassar til deltakarar i introduksjonsprogrammet.")  # type: ignore[attr-defined]
        pdf.set_x(56)  # type: ignore[attr-defined]
        pdf.multi_cell(480, 13, "• Vi vil samarbeide med næringslivet om språkpraksis.")  # type: ignore[attr-defined]
    pdf.output(str(out))  # type: ignore[attr-defined]


def toc_pdf(out: Path) -> None:
    pdf = _pdf()
    pdf.add_page()  # type: ignore[attr-defined]
    _lines(
        pdf,
        [
            "Innhald",
            "1 Innleiing ........................................ 3",
            "2 Kunnskapsgrunnlag ............................... 4",
            "3 Mål og strategiar ............................... 7",
        ],
    )
    pdf.add_page()  # type: ignore[attr-defined]
    _lines(pdf, ["1 Innleiing", "Planen gjeld for heile kommunen og skal rullerast kvart fjerde år."])
    pdf.output(str(out))  # type: ignore[attr-defined]


def page_labels_pdf(out: Path) -> None:
    pdf = _pdf()
    for i in range(3):
        pdf.add_page()  # type: ignore[attr-defined]
        if i == 0:
            pdf.set_page_label(label_style="r")  # type: ignore[attr-defined]
        if i == 1:
            pdf.set_page_label(label_style="D", label_start=1)  # type: ignore[attr-defined]
        _lines(pdf, [f"Innhald på den {i + 1}. sida i dokumentet."])
    pdf.output(str(out))  # type: ignore[attr-defined]


def overskrift_docx(out: Path) -> None:
    """A DOCX with custom "Overskrift N" styles, a list, a table and explicit page breaks."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_BREAK

    d = docx.Document()
    styles = d.styles
    for n in (1, 2):
        st = styles.add_style(f"Overskrift {n}", WD_STYLE_TYPE.PARAGRAPH)
        st.font.bold = True
        st.font.size = docx.shared.Pt(18 - 3 * n)
    d.add_paragraph("Kommuneplanens samfunnsdel for Testvik", style="Title")
    d.add_paragraph("Innleiing", style="Overskrift 1")
    d.add_paragraph("Planen viser korleis kommunen vil ta imot nye innbyggjarar.")
    d.add_paragraph("Mål for integrering", style="Overskrift 2")
    d.add_paragraph("Fleire flyktningar skal kome i arbeid.", style="List Bullet")
    d.add_paragraph("Alle barn skal gå i barnehage.", style="List Bullet")
    p = d.add_paragraph()
    p.add_run().add_break(WD_BREAK.PAGE)
    d.add_paragraph("Tiltak", style="Overskrift 1")
    table = d.add_table(rows=2, cols=3)
    for c, text in enumerate(("Tiltak", "Ansvar", "Frist")):
        table.cell(0, c).text = text
    for c, text in enumerate(("Språkkafé", "Biblioteket", "2026")):
        table.cell(1, c).text = text
    d.add_paragraph("Kommunen rapporterer på tiltaka kvart år.")
    d.save(str(out))


def no_breaks_docx(out: Path) -> None:
    import docx

    d = docx.Document()
    d.add_heading("Plan utan sideskift", level=1)
    d.add_paragraph("Denne planen har ingen sideskift, så sidetalet er ukjent.")
    d.save(str(out))


_NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


def _run(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def _textbox_run(text: str, *, fallback: bool = True) -> str:
    """A run holding a text box as Word writes it: DrawingML, with a VML copy as fallback."""
    box = f"<w:txbxContent><w:p>{_run(text)}</w:p></w:txbxContent>"
    drawing = (
        '<w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" '
        'behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        '<wp:extent cx="2000000" cy="500000"/><wp:wrapSquare wrapText="bothSides"/><wp:docPr id="9" name="Tekstboks"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<wps:wsp><wps:txbx>{box}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>"
        "</wp:anchor></w:drawing>"
    )
    vml = f'<w:pict><v:shape style="width:150pt;height:40pt"><v:textbox>{box}</v:textbox></v:shape></w:pict>'
    if not fallback:
        return f"<w:r>{vml}</w:r>"
    return (
        '<w:r><mc:AlternateContent><mc:Choice Requires="wps">'
        f"{drawing}</mc:Choice><mc:Fallback>{vml}</mc:Fallback></mc:AlternateContent></w:r>"
    )


def word_draft_docx(out: Path) -> None:
    """A Word draft on hearing: content controls, text boxes (DrawingML + VML fallback, and
    VML alone) and tracked changes (an insertion to read, a deletion not to)."""
    import docx
    from docx.oxml import parse_xml

    d = docx.Document()
    d.add_heading("Høyringsutkast til samfunnsdelen", level=1)
    body = d.element.body
    anchor = d.add_paragraph("Kommunen vil ta imot flyktningar i åra som kjem.")._p
    xml = [
        # A paragraph inside a block-level content control
        f'<w:sdt {_NS}><w:sdtPr><w:alias w:val="Samandrag"/></w:sdtPr><w:sdtContent>'
        f"<w:p>{_run('Innhaldskontroll: Vaksenopplæringa skal gi norskopplæring på kveldstid.')}</w:p>"
        "</w:sdtContent></w:sdt>",
        # An inline content control in the middle of a sentence
        f"<w:p {_NS}>{_run('Planen gjeld for ')}<w:sdt><w:sdtPr/><w:sdtContent>"
        f"{_run('Testvik kommune')}</w:sdtContent></w:sdt>{_run(' og blir rullert kvart fjerde år.')}</w:p>",
        # A paragraph with a text box (DrawingML with VML fallback) and one with a VML-only box
        f"<w:p {_NS}>{_run('Faktaboksen står ved sida av teksten.')}"
        f"{_textbox_run('Tekstboks: Introduksjonsprogrammet har 40 deltakarar.')}</w:p>",
        f"<w:p {_NS}>{_run('Ein eldre faktaboks følgjer.')}"
        f"{_textbox_run('Gammal boks: Språkkafeen er open kvar tysdag.', fallback=False)}</w:p>",
        # Tracked changes: an insertion and a deletion in one paragraph
        f"<w:p {_NS}>{_run('Kommunen skal ')}"
        '<w:ins w:id="1" w:author="Saksbehandlar" w:date="2026-01-10T10:00:00Z">'
        f"{_run('saman med NAV ')}</w:ins>"
        '<w:del w:id="2" w:author="Saksbehandlar" w:date="2026-01-10T10:00:00Z">'
        '<w:r><w:delText xml:space="preserve">kanskje </w:delText></w:r></w:del>'
        f"{_run('skaffe praksisplassar til alle deltakarar.')}</w:p>",
        # A whole paragraph inserted as a tracked change (runs in w:ins)
        f'<w:p {_NS}><w:ins w:id="3" w:author="Saksbehandlar" w:date="2026-01-10T10:00:00Z">'
        f"{_run('Innsett avsnitt: Biblioteket blir ein møteplass for nye innbyggjarar.')}</w:ins></w:p>",
    ]
    for chunk in xml:
        anchor.addnext(parse_xml(chunk))
        anchor = anchor.getnext()
    assert body is not None
    d.save(str(out))


GARBLED_LINES = [
    "Kommunen skal styrkje integreringsarbeidet i alle einingar og tenester.",
    "Flyktningar og andre innvandrarar skal få tilbod om norskopplæring.",
    "Vaksenopplæringa og NAV samarbeider om praksisplassar i næringslivet.",
    "Målet er at fleire går over i arbeid eller utdanning etter programmet.",
]
LIGATURE_LINES = [
    "Kommunen har \ufb01nansiering til \ufb02eire tiltak for nye innbyggjarar.",
    "Det o\ufb00entlege tilbodet skal vere e\ufb00ektivt og \ufb02eksibelt.",
    "Introduksjonsprogrammet gir de\ufb01nerte mål for kvar deltakar.",
    "Kommunen skal \ufb01nne \ufb02eire praksisplassar i e\ufb00ektive team.",
]


def _uncompressed_pdf(lines: list[str], pages: int = 1) -> bytes:
    pdf = _pdf()
    pdf.set_compression(False)  # type: ignore[attr-defined]
    for _ in range(pages):
        pdf.add_page()  # type: ignore[attr-defined]
        _lines(pdf, lines * 3, step=14)
    return bytes(pdf.output())  # type: ignore[attr-defined]


def _remap(raw: bytes, mapping: dict[str, str]) -> bytes:
    """Change the ToUnicode map: every glyph mapped to a key's code point maps to its value instead
    (same length, so the PDF's cross-reference table stays right)."""
    for old, new in mapping.items():
        raw = raw.replace(f"> <{ord(old):04X}>".encode(), f"> <{ord(new):04X}>".encode())
    return raw


def garbled_pdfs(outdir: Path) -> None:
    """PDFs whose text layer is not language, as public bug reports describe them."""
    raw = _uncompressed_pdf(GARBLED_LINES, pages=2)
    # A font without a ToUnicode map: PDFium reads glyph numbers as control characters.
    (outdir / "no-tounicode.pdf").write_bytes(raw.replace(b"/ToUnicode", b"/XoUnicode"))
    # A font of its own encoding for æ, ø and å: the letters come out as symbols.
    (outdir / "custom-aeoeaa.pdf").write_bytes(_remap(raw, {"æ": "¾", "ø": "¿", "å": "½"}))
    # Ligatures (ﬁ, ﬂ, ﬀ) mapped to U+FFFD.
    lig = _uncompressed_pdf(LIGATURE_LINES)
    (outdir / "ligatures-fffd.pdf").write_bytes(
        _remap(lig, {"\ufb00": "\ufffd", "\ufb01": "\ufffd", "\ufb02": "\ufffd"})
    )
    (outdir / "ligatures.pdf").write_bytes(lig)


SCAN_TEXT = [
    "Kommunen skal ta imot flyktningar og gi dei ein god start i bygda. Vaksenopplæringa",
    "tilbyr norskopplæring på dagtid og kveldstid, og NAV skaffar praksisplassar i lokale",
    "verksemder. Biblioteket er ein viktig møteplass for nye innbyggjarar, og frivillige",
    "driv språkkafé kvar tysdag. Målet er at fleire innvandrarar kjem i arbeid eller",
    "utdanning innan to år etter at dei er busette i kommunen.",
]


def scanned_text_pdf(out: Path) -> None:
    """A page with text, then a page that is only an image of printed text (a scan)."""
    from PIL import Image, ImageDraw, ImageFont

    dpi = 200
    img = Image.new("L", (int(8.27 * dpi), int(11.69 * dpi)), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(FONT_DIR / "DejaVuSerif.ttf"), size=int(11 / 72 * dpi))
    bold = ImageFont.truetype(str(FONT_DIR / "DejaVuSans-Bold.ttf"), size=int(15 / 72 * dpi))
    y = int(1.2 * dpi)
    draw.text((int(0.9 * dpi), y), "Busetjing av flyktningar", font=bold, fill=0)
    y += int(0.45 * dpi)
    for line in SCAN_TEXT:
        draw.text((int(0.9 * dpi), y), line, font=font, fill=0)
        y += int(16 / 72 * dpi)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    pdf = _pdf()
    pdf.add_page()  # type: ignore[attr-defined]
    _lines(pdf, ["Første side har tekst om integrering og busetjing i kommunen."])
    pdf.add_page()  # type: ignore[attr-defined]
    buf.seek(0)
    pdf.image(buf, x=0, y=0, w=595.28, h=841.89)  # type: ignore[attr-defined]
    pdf.output(str(out))  # type: ignore[attr-defined]


ODT_CONTENT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">
<office:body><office:text>
<text:h text:outline-level="1">Busetjing og integrering</text:h>
<text:p>Kommunen skal busetje flyktningar og gi alle vaksne norskopplæring.</text:p>
<text:h text:outline-level="2">Tiltak</text:h>
<text:p>Vaksenopplæringa startar eit kveldskurs i 2026.</text:p>
</office:text></office:body></office:document-content>
"""


def odt_and_rtf(outdir: Path) -> None:
    """A minimal OpenDocument text and an RTF file, as other word processors save plans."""
    import zipfile

    with zipfile.ZipFile(outdir / "plan-lo.odt", "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        z.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
            'manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.text"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
        z.writestr("content.xml", ODT_CONTENT)
    rtf = (
        r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Times New Roman;}}"
        r"\f0\fs24 Kommunen skal gi flyktningar praksisplass i l\'f8pet av introduksjonsprogrammet.\par "
        r"Frivilligsentralen driv spr\'e5kkaf\'e9 for nye innbyggjarar.\par }"
    )
    (outdir / "plan-lo.rtf").write_text(rtf, encoding="ascii")


def landscape_pdf(out: Path) -> None:
    """Landscape pages whose running header (two lines, the second below 7.5 % of the page
    height) and page number are set as on a portrait page."""
    pdf = _pdf("L")
    for n in range(1, 5):
        pdf.add_page()  # type: ignore[attr-defined]
        pdf.set_font("DejaVu", size=11)  # type: ignore[attr-defined]
        pdf.text(95, 36, "Testvik kommune")  # type: ignore[attr-defined]
        pdf.text(95, 49, "Plan- og bygningsetaten")  # type: ignore[attr-defined]
        pdf.set_font("DejaVu", "B", 14)  # type: ignore[attr-defined]
        pdf.text(95, 110, f"Kapittel {n}: Bustader og integrering")  # type: ignore[attr-defined]
        _lines(
            pdf,
            [
                "Kommunen vil byggje fleire utleigebustader for flyktningar og andre nye innbyggjarar.",
                "Bustadene skal liggje nær skule, butikk og kollektivtilbod i sentrum av kommunen.",
            ],
            x=95,
            y=140,
        )
        pdf.set_font("DejaVu", size=10)  # type: ignore[attr-defined]
        pdf.text(760, 570, f"Side {n}")  # type: ignore[attr-defined]
    pdf.output(str(out))  # type: ignore[attr-defined]


def chart_pdf(out: Path) -> None:
    """Prose, then a line chart drawn as text: tick values on both axes, years below, a legend,
    the caption, and prose again."""
    pdf = _pdf()
    pdf.add_page()  # type: ignore[attr-defined]
    y = _lines(
        pdf,
        [
            "Folketalet i kommunen har auka dei siste åra, og veksten kjem mest frå innvandring.",
            "Figuren under viser utviklinga for innvandrarar og for heile folketalet.",
        ],
        y=80,
    )
    y += 20
    pdf.set_draw_color(120)  # type: ignore[attr-defined]
    pdf.rect(90, y - 8, 380, 5 * 24)  # type: ignore[attr-defined]
    for k, tick in enumerate(["40", "30", "20", "10", "0"]):
        pdf.text(60, y + k * 24, tick)  # type: ignore[attr-defined]
        pdf.text(490, y + k * 24, tick)  # type: ignore[attr-defined]
    y += 5 * 24 + 6
    for k, year in enumerate(["2020", "2021", "2022", "2023"]):
        pdf.text(100 + k * 110, y, year)  # type: ignore[attr-defined]
    y += 16
    pdf.text(110, y, "Innvandrarar")  # type: ignore[attr-defined]
    pdf.text(260, y, "Heile folketalet")  # type: ignore[attr-defined]
    y += 22
    _lines(
        pdf,
        [
            "Figur 1 Folketal etter bakgrunn, prosentvis endring. Kjelde: SSB.",
            "",
            "Kommunen vil difor leggje vekt på busetjing og integrering i heile planperioden.",
        ],
        y=y,
    )
    pdf.output(str(out))  # type: ignore[attr-defined]


INDESIGN_LEFT = [
    ("b", "Kommunen har teke imot mange flyktningar dei"),
    ("b", "siste åra, og fleire skal busetjast i 2026."),
    ("b", "Innvandrarar utgjer ein stor del av veksten i"),
    ("b", "folketalet, og dei fleste er i arbeid etter fem"),
    ("b", "år i kommunen. Kommunen vil halde fram med"),
    ("b", "eit breitt tilbod i vaksenopplæringa."),
    ("", ""),
    ("h", "Fleire flyktningar skal kome i arbeid"),
    ("h", "etter programmet"),
    ("b", "Vaksenopplæringa og NAV samarbeider om"),
    ("b", "praksisplassar, og kommunen skaffar kvart år"),
    ("b", "15 nye praksisplassar i dei kommunale"),
    ("b", "einingane og i lokale verksemder som vil"),
    ("b", "vere med på arbeidet med kvalifisering."),
]
INDESIGN_RIGHT = [
    ("b", "Høgre spalte handlar om bustader. Kommunen"),
    ("b", "vil byggje fleire utleigebustader for nye"),
    ("b", "innbyggjarar, òg for flyktningar som vil bu"),
    ("b", "her over tid. Bustadene skal liggje nær"),
    ("b", "skule, butikk og kollektivtilbod i sentrum,"),
    ("b", "slik at det er lett å kome seg til arbeid."),
    ("b", "Kommunen samarbeider med Husbanken om"),
    ("b", "startlån til familiar som vil eige sin eigen"),
    ("b", "bustad, og følgjer opp tiltaka i årsmeldinga."),
]


def indesign_pdf(out: Path) -> None:
    """Two columns as InDesign writes them: every run set at font size 1 and scaled by its text
    matrix, a centred title across the gutter, a sub-heading in another font wrapped onto two
    lines, and a line that starts with a number in the middle of a sentence. Built with PDFium."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = pdfium.PdfDocument.new()
    page = doc.new_page(595, 842)

    def put(font: bytes, text: str, x: float, y: float, size: float) -> None:
        obj = raw.FPDFPageObj_NewTextObj(doc.raw, font, 1.0)
        buf = ctypes.create_string_buffer((text + "\x00").encode("utf-16-le"))
        raw.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)))
        raw.FPDFPageObj_Transform(obj, size, 0, 0, size, x, y)
        raw.FPDFPage_InsertObject(page.raw, obj)

    put(b"Times-Bold", "Kommuneplanens samfunnsdel 2026–2038", 150, 770, 18)
    put(b"Times-Roman", "Høyringsutkast frå formannskapet", 215, 745, 12)
    put(b"Times-Roman", "Vedteke lagt ut til offentleg ettersyn 1. mars 2026", 180, 728, 10)
    for x, column in ((56, INDESIGN_LEFT), (310, INDESIGN_RIGHT)):
        y = 690.0
        for style, text in column:
            if text:
                put(b"Helvetica-Oblique" if style == "h" else b"Times-Roman", text, x, y, 10)
            y -= 13
    raw.FPDFPage_GenerateContent(page.raw)
    doc.save(str(out))
    doc.close()


def text_files(outdir: Path) -> None:
    (outdir / "pages.txt").write_text(
        "1 Innleiing\nPlanen gjeld heile kommunen. Integrerings-\narbeidet er viktig.\n\f"
        "2 Mål\nKommunen skal auke sysselsetjinga blant innvandrarar.\n\f",
        encoding="utf-8",
    )
    (outdir / "latin1.txt").write_bytes(
        "Innvandrarar og flyktningar i Ørsta får tilbod om norskopplæring på kveldstid.\n".encode("cp1252") * 5
    )
    (outdir / "garbage.txt").write_bytes(bytes(range(128, 256)) * 40 + b"\x00\x81\x8d\x8f\x90\x9d" * 50)
    import random

    rng = random.Random(12)
    # Random text that is valid UTF-8: letters and spaces, and code points from many scripts.
    letters = "abcdefghijklmnopqrstuvwxyzæøå      "
    (outdir / "random-letters.txt").write_text("".join(rng.choice(letters) for _ in range(4000)), encoding="utf-8")
    (outdir / "random-unicode.txt").write_text(
        "".join(chr(rng.randrange(0x20, 0x3000)) for _ in range(3000)), encoding="utf-8", errors="surrogatepass"
    )
    utf32 = "Kommunen skal busetje flyktningar og gi norskopplæring til alle innvandrarar.\n" * 5
    (outdir / "utf32.txt").write_bytes(utf32.encode("utf-32"))  # with a byte-order mark
    (outdir / "utf32-nobom.txt").write_bytes(utf32.encode("utf-32-le"))
    (outdir / "utf16-nobom.txt").write_bytes(utf32.encode("utf-16-le"))
    (outdir / "empty.txt").write_text("   \n\n \f \n", encoding="utf-8")
    (outdir / "heading.md").write_text(
        "# Samfunnsdelen\n\n## Mål\n\nKommunen skal busetje flyktningar.\n", encoding="utf-8"
    )


def broken_files(outdir: Path) -> None:
    (outdir / "not-a-pdf.pdf").write_text("Dette er berre tekst, ikkje ein PDF.\n", encoding="utf-8")
    good = (outdir / "hyphens.pdf").read_bytes()
    (outdir / "truncated.pdf").write_bytes(good[: len(good) // 2])
    (outdir / "not-a-zip.docx").write_text("Dette er ikkje eit Word-dokument.", encoding="utf-8")
    (outdir / "empty.pdf").write_bytes(b"")
    (outdir / "plan.odt").write_bytes(b"PK\x03\x04 not really")
    (outdir / "plan.xyz").write_text("Ein plan i eit format ingen kjenner.", encoding="utf-8")


LONG_TOPICS = [
    ("Busetjing", "Kommunen buset flyktningar etter oppmodinga frå IMDi og har busett {n} personar sidan 2020."),
    ("Arbeid", "Introduksjonsprogrammet gir {n} deltakarar praksis i lokale verksemder kvart år."),
    ("Skule", "Grunnskulen gir særskild norskopplæring til {n} elevar med eit anna morsmål."),
    ("Bustad", "Kommunen har {n} utleigebustader, og fleire av dei går til nyleg busette familiar."),
    ("Helse", "Helsestasjonen held {n} kurs i året for foreldre som er nye i landet."),
    ("Frivilligheit", "Frivilligsentralen driv språkkafé med {n} frivillige kvar veke."),
]


def long_plan_pdf(out: Path) -> None:
    """Fourteen pages of plan text (headings, paragraphs, lists, a ruled table, a running footer);
    page 12 is A3. For reading one plan in two processes."""
    pdf = _pdf()
    for k in range(14):
        pdf.add_page(format="A3" if k == 11 else "A4")  # type: ignore[attr-defined]
        title, sentence = LONG_TOPICS[k % len(LONG_TOPICS)]
        pdf.set_font("DejaVu", "B", 16)  # type: ignore[attr-defined]
        pdf.text(56, 70, f"{k + 1}. {title} i Langvik")  # type: ignore[attr-defined]
        lines = [sentence.format(n=10 + 7 * k), "Planen skal følgjast opp i handlingsdelen kvart år.", ""]
        lines += [f"• Tiltak {k + 1}.{j}: eit tiltak med ansvar, frist og ressursar." for j in range(1, 4)]
        y = _lines(pdf, lines, y=100)
        if k == 5:
            pdf.set_xy(56, y + 10)  # type: ignore[attr-defined]
            _table(pdf, TABLE_ROWS, width=400, col_widths=(200, 120, 80))
        pdf.set_font("DejaVu", size=8)  # type: ignore[attr-defined]
        pdf.text(56, 1150 if k == 11 else 810, f"Kommuneplanen for Langvik – side {k + 1}")  # type: ignore[attr-defined]
    pdf.output(str(out))  # type: ignore[attr-defined]


def build(outdir: Path) -> Path:
    outdir.mkdir(parents=True, exist_ok=True)
    hyphens_pdf(outdir / "hyphens.pdf")
    two_columns_pdf(outdir / "two-columns.pdf")
    table_pdf(outdir / "table.pdf")
    columns_under_table_pdf(outdir / "columns-under-table.pdf")
    prose_table_pdf(outdir / "prose-table.pdf")
    rotated_header_table_pdf(outdir / "rotated-header-table.pdf")
    continued_table_pdf(outdir / "continued-table.pdf")
    split_row_table_pdf(outdir / "split-row-table.pdf")
    column_beside_chart_pdf(outdir / "column-beside-chart.pdf")
    figure_table_pdf(outdir / "figure-table.pdf")
    ruled_header_pdf(outdir / "ruled-header.pdf")
    columns_around_table_pdf(outdir / "columns-around-table.pdf")
    text_table_pdf(outdir / "text-table.pdf")
    two_column_list_pdf(outdir / "two-column-list.pdf")
    lower_case_rows_pdf(outdir / "lower-case-rows.pdf")
    table_in_column_pdf(outdir / "table-in-column.pdf")
    framed_page_pdf(outdir / "framed-page.pdf")
    scanned_pdf(outdir / "scanned.pdf")
    encrypted_pdf(outdir / "encrypted.pdf")
    headings_pdf(outdir / "headings.pdf")
    toc_pdf(outdir / "toc.pdf")
    page_labels_pdf(outdir / "page-labels.pdf")
    long_plan_pdf(outdir / "long-plan.pdf")
    overskrift_docx(outdir / "overskrift.docx")
    no_breaks_docx(outdir / "no-breaks.docx")
    word_draft_docx(outdir / "word-draft.docx")
    garbled_pdfs(outdir)
    odt_and_rtf(outdir)
    indesign_pdf(outdir / "indesign-columns.pdf")
    chart_pdf(outdir / "chart.pdf")
    landscape_pdf(outdir / "landscape.pdf")
    scanned_text_pdf(outdir / "scanned-text.pdf")
    text_files(outdir)
    broken_files(outdir)
    return outdir


if __name__ == "__main__":
    print(build(Path(sys.argv[1] if len(sys.argv) > 1 else "tests/_generated")))

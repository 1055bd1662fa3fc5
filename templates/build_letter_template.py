"""Build the default Word letter template (templates/letter.docx) for docxtpl.

Run: python templates/build_letter_template.py

A county can instead open letter.docx in Word, put in its own letterhead, logo and fonts,
keep the {{ fields }} it wants, and pass it with ``planreview review --template``.
``planreview template check`` lists the fields a template uses and the ones it lacks.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).parent


def build(out: Path) -> Path:
    d = docx.Document()
    d.core_properties.title = "Fråsegn / høringsuttalelse (mal)"
    d.core_properties.author = "planreview"
    section = d.sections[0]
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = Cm(2.0)
    styles = d.styles
    styles["Normal"].font.name = "Calibri"
    styles["Normal"].font.size = Pt(11)
    for name, size in (("Heading 1", 15), ("Heading 2", 12.5)):
        styles[name].font.size = Pt(size)
        styles[name].font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)

    head = d.add_table(rows=1, cols=2)
    head.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = head.rows[0].cells
    left.paragraphs[0].add_run("{{ county }}").bold = True
    left.add_paragraph("{{ unit }}")
    left.add_paragraph("{{ address }}")
    right.paragraphs[0].add_run("{{ words.our_ref }}: {{ our_ref }}")
    right.add_paragraph("{{ words.your_ref }}: {{ your_ref }}")
    right.add_paragraph("{{ words.date }}: {{ date }}")
    right.add_paragraph("{{ words.case_officer }}: {{ case_officer }}")

    d.add_paragraph("")
    d.add_paragraph("{{ words.to }}: {{ recipient }}")
    d.add_paragraph("{{ recipient_address }}")
    d.add_heading("{{ title }}", level=1)

    d.add_paragraph("{%p for s in sections %}")
    d.add_heading("{{ s.heading }}", level=2)
    d.add_paragraph("{%p for para in s.paragraphs %}")
    d.add_paragraph("{{ para }}")
    d.add_paragraph("{%p endfor %}")
    d.add_paragraph("{%p for item in s.bullets %}")
    d.add_paragraph("{{ item }}", style="List Bullet")
    d.add_paragraph("{%p endfor %}")
    d.add_paragraph("{%p endfor %}")

    d.add_paragraph("")
    d.add_paragraph("{{ closing }}")
    d.add_paragraph("")
    d.add_paragraph("{{ case_officer }}")
    d.add_paragraph("{{ unit }}, {{ county }}")
    d.add_paragraph("{{ words.contact }}: {{ contact }}")
    d.add_paragraph("")
    d.add_paragraph("{{ words.copy_to }}: {{ copy_to }}")

    footer = section.footer.paragraphs[0]
    footer.text = "{{ county }} – {{ title }}"
    d.save(str(out))
    return out


if __name__ == "__main__":
    print(build(HERE / "letter.docx"))

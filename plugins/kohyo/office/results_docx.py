"""意見の概要と市の考え方 as an editable Word file: what officials revise before a committee.

The same columns and grouping as the results page (consultations/results.py): one table per
part of the draft, a row per published opinion group (「ほか同趣旨N件」), numbered as on the
site, and the counts before them. Only published text goes in: the summary, the response,
the category and the part of the draft — never a submitter's data.
"""

from __future__ import annotations

import datetime as dt
import io

from .. import dates
from ..consultations.model import Consultation
from ..consultations.results import representatives
from ..consultations.sections import Section
from ..consultations.stats import Stats
from . import fixed_zip_times

GOTHIC, MINCHO = "BIZ UDPGothic", "BIZ UDPMincho"
COLUMNS = (("No.", 12), ("意見の概要", 112), ("市の考え方", 112), ("区分", 25))  # mm, A4 landscape text width


def _fonts(style_or_run, family: str, size: float | None = None, bold: bool | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = style_or_run.font
    font.name = family
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    element = style_or_run.element if hasattr(style_or_run, "element") else style_or_run._element
    fonts = element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), family)


def _table(doc, head: list[str], rows: list[list[str]], widths_mm: list[float]):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    table = doc.add_table(rows=1, cols=len(head))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    header = table.rows[0]
    header_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the header row again on every page the table runs onto
    repeat.set(qn("w:val"), "true")
    header_pr.append(repeat)
    for cell, text in zip(header.cells, head):
        cell.text = ""
        _fonts(cell.paragraphs[0].add_run(text), GOTHIC, 10, True)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            lines = str(text).split("\n")
            cell.text = ""
            for i, line in enumerate(lines):
                paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                _fonts(paragraph.add_run(line), MINCHO, 10)
    for column, width in zip(table.columns, widths_mm):  # the grid LibreOffice lays out by
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm):
            cell.width = Mm(width)
    for cell in header.cells:  # the header row shaded, as on the site
        shade = OxmlElement("w:shd")
        for key, value in (("val", "clear"), ("color", "auto"), ("fill", "E6EEF5")):
            shade.set(qn(f"w:{key}"), value)
        cell._tc.get_or_add_tcPr().append(shade)
    return table


def results_docx(c: Consultation, sections: dict[str, Section], stats: Stats) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    m = c.meta
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE  # four columns of prose want the width
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin = section.bottom_margin = Mm(15)
    _fonts(doc.styles["Normal"], MINCHO, 10.5)
    for name, size in (("Title", 18), ("Heading 1", 14), ("Heading 2", 12)):
        _fonts(doc.styles[name], GOTHIC, size, True)
        doc.styles[name].font.italic = False
        doc.styles[name].font.color.rgb = None
    title = f"{m['title']}の結果"
    doc.add_paragraph(title, style="Title")
    department = c.page.department.name if c.page.department else ""
    doc.add_paragraph(f"意見の概要と市の考え方　{dates.format_date(m['results_date'])}　{department}")

    doc.add_heading("意見の提出状況", level=1)
    _table(doc, ["区分", "件数"], [
        ["意見提出者数", f"{stats.submitters}人・団体（個人 {stats.individuals}人、団体 {stats.groups}団体）"],
        ["意見件数", f"{stats.opinions}件"],
        ["類似意見", f"同じ趣旨の意見 {stats.similar_opinions}件を {stats.similar_groups}件にまとめて掲載"],
    ], [60, 201])
    doc.add_paragraph("")
    _table(doc, ["反映区分", "意見件数"], [[cat, f"{n}件"] for cat, n in stats.by_category], [60, 40])

    doc.add_heading("意見の概要と市の考え方", level=1)
    if not c.opinions:
        doc.add_paragraph("提出された意見はありませんでした。")
    doc.add_paragraph("同じ趣旨のご意見はまとめて掲載し、「ほか同趣旨N件」と記載しています。")
    shown = sorted(representatives(c), key=lambda item: (sections[item[0].target].order, item[0].id))
    number = 0
    for label in dict.fromkeys(o.target for o, _ in shown):
        doc.add_heading(sections[label].title, level=2)
        rows = []
        for o, similar in (item for item in shown if item[0].target == label):
            number += 1
            rows.append([str(number), o.summary + (f"\n（ほか同趣旨{similar}件）" if similar else ""), o.response,
                         o.category])
        _table(doc, [h for h, _ in COLUMNS], rows, [w for _, w in COLUMNS])

    when = dt.datetime.combine(m["results_date"], dt.time(), dt.timezone.utc)
    props = doc.core_properties
    props.title, props.subject = title, "意見の概要と市の考え方"
    props.author = props.last_modified_by = department
    props.created = props.modified = props.last_printed = when
    props.revision, props.language, props.keywords, props.comments = 1, "ja-JP", "パブリックコメント, 意見募集", ""
    props.category = ""
    out = io.BytesIO()
    doc.save(out)
    return fixed_zip_times(out.getvalue())

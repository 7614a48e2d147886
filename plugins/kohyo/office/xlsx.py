"""Consultation data as an Excel workbook in the shape officials tabulate it: one row per
published opinion, and a summary sheet with the counts. Dates are real date cells (西暦),
and the same data always gives the same bytes."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from ..consultations.model import Consultation
from . import fixed_zip_times
from ..consultations.sections import Section
from ..consultations.stats import Stats

OPINION_COLUMNS = (("No.", 6), ("提出者番号", 10), ("受付日", 12), ("提出方法", 12), ("年代", 10),
                   ("個人・団体", 10), ("該当箇所", 40), ("意見の概要", 60), ("市の考え方", 60), ("反映区分", 14),
                   ("類似意見のまとめ", 12))


def _sheet(book: Workbook, title: str, header: list[str], rows: list[list], widths: list[int]):
    sheet = book.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    return sheet


def consultation_workbook(c: Consultation, sections: dict[str, Section], stats: Stats) -> bytes:
    book = Workbook()
    book.remove(book.active)
    rows = [[o.id, o.submission, o.received, o.channel, o.age, o.kind, sections[o.target].title, o.summary,
             o.response, o.category, o.group] for o in sorted(c.opinions, key=lambda o: o.id)]
    opinions = _sheet(book, "意見一覧", [h for h, _ in OPINION_COLUMNS], rows, [w for _, w in OPINION_COLUMNS])
    for row in opinions.iter_rows(min_row=2):
        row[2].number_format = "yyyy-mm-dd"
        for cell in row:  # long texts wrap inside their column, every row read from its top
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    opinions.auto_filter.ref = opinions.dimensions  # officials sort and filter by 区分, 箇所…
    _printable(opinions)
    summary = [["意見提出者数", stats.submitters], ["　うち個人", stats.individuals], ["　うち団体", stats.groups],
               ["意見件数", stats.opinions], [], ["提出方法", "提出者数", "意見件数"],
               *[[ch, s, o] for ch, s, o in stats.by_channel], [], ["反映区分", "意見件数"],
               *[[cat, n] for cat, n in stats.by_category], [], ["該当箇所", "意見件数"],
               *[[sec.title, n] for sec, n in stats.by_section]]
    _sheet(book, "集計", ["項目", "件数", ""], summary, [50, 12, 12])
    book.properties.creator = c.page.department.name if c.page.department else ""
    return _save(book, f"{c.meta['title']}の結果", c.meta.get("results_date") or c.meta["end"])


def _printable(sheet) -> None:
    """Printed as officials hand it out: A4 landscape, as wide as the paper, the header on every page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


def table_workbook(title: str, header: list[str], rows: list[list[str]], unit: str, when: dt.date) -> bytes:
    """A chart's data: numbers as numbers, so officials can total and re-chart them."""
    from ..charts.data import number

    def cell(value: str, first: bool):
        if first:
            return value
        try:
            value = number(value)
        except ValueError:
            return value
        return int(value) if value is not None and value.is_integer() else value

    book = Workbook()
    book.remove(book.active)
    body = [[cell(v, i == 0) for i, v in enumerate(row)] for row in rows]
    sheet = _sheet(book, "データ", header, body, [max(12, min(40, 2 * max(len(h), 6))) for h in header])
    for row in sheet.iter_rows(min_row=2, min_col=2):
        for c in row:
            c.number_format = "#,##0" if isinstance(c.value, int) else "#,##0.0##"
    if unit:
        sheet.cell(row=len(rows) + 3, column=1, value=f"単位：{unit}")
    return _save(book, title, when)


def _save(book: Workbook, title: str, when: dt.date) -> bytes:
    book.properties.title = title
    book.properties.created = book.properties.modified = dt.datetime.combine(when, dt.time())
    buffer = io.BytesIO()
    # Not book.save(): it stamps "modified" with the clock. The writer keeps the date set above.
    ExcelWriter(book, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()
    return fixed_zip_times(buffer.getvalue())

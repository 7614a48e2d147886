"""Editable office outputs: Excel workbooks (openpyxl) and Word documents (pandoc)."""

from __future__ import annotations

import csv
import io
import zipfile


def csv_bytes(header: list, rows: list[list]) -> bytes:
    """CSV as Excel opens it without asking: UTF-8 with BOM, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def fixed_zip_times(data: bytes) -> bytes:
    """Office files are zips whose members carry the clock's time; fix them so builds repeat."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()

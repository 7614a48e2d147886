"""The output formats, in the order their download links are listed. Adding a format: one
module in formats/ and one line here."""

from __future__ import annotations

from .formats import minutes, pdf, powerpoint, results, word

FORMATS = [
    pdf.WEB,
    pdf.PRINT,
    word.WORD,
    powerpoint.POWERPOINT,
    results.XLSX,
    results.CSV,
    results.DOCX,
    minutes.MINUTES,
]

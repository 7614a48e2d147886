"""A consultation's published results (意見の概要と市の考え方) as Excel, CSV and Word, listed on
its consultation page and its results page."""

from __future__ import annotations

from ..format import RESULTS, Context, Format, Rendered

# What the three are made by; the consultation's model (opinions, changes, sections) is the rest of the key.
_CODE = ("consultations/results.py", "consultations/stats.py", "consultations/sections.py", "office/__init__.py")


def _applies(c, ctx: Context) -> bool:
    return f"{c.folder}/results.md" in ctx.project.pages


def _parts(c, ctx: Context) -> list:
    from importlib.metadata import version

    # The model's dataclasses print every field: opinions, changes, resolved sections, the page.
    return [repr(c), repr(c.sections), version("openpyxl"), version("python-docx")]


def _renderer(name: str, write):
    def render(consultations: list, ctx: Context):
        from ...consultations.stats import compute

        return {(name, c.id): Rendered(write(c, compute(c, c.sections))) for c in consultations}, []
    return render


def _xlsx(c, stats) -> bytes:
    from ...office.xlsx import consultation_workbook

    return consultation_workbook(c, c.sections, stats)


def _csv(c, stats) -> bytes:
    from ...consultations.results import results_csv

    return results_csv(c, c.sections)


def _docx(c, stats) -> bytes:
    from ...office.results_docx import results_docx

    return results_docx(c, c.sections, stats)


def _format(name: str, file: str, kind: str, download: str, write, code: str) -> Format:
    return Format(name=name, subject=RESULTS, code=_CODE + (code,), applies=_applies, key_parts=_parts,
                  render=_renderer(name, write), place=lambda c: f"{c.page.url}{file}", kind=kind,
                  download=download, purpose="意見の概要と市の考え方", owner=lambda c: f"{c.id}-results")


XLSX = _format("results-xlsx", "results.xlsx", "Excel", "xlsx", _xlsx, "office/xlsx.py")
CSV = _format("results-csv", "results.csv", "CSV", "csv", _csv, "consultations/results.py")
DOCX = _format("results-docx", "results.docx", "Word", "docx", _docx, "office/results_docx.py")

"""A publication's PDF settings, from its front matter with defaults."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.project import Publication

_PAPER_MM = {"A4": (210, 297), "A3": (297, 420), "B5": (182, 257), "B4": (257, 364)}
GAP_MM = 12  # between columns (document.html.j2)


@dataclass(frozen=True)
class PdfOptions:
    enabled: bool
    paper: str
    orientation: str
    columns: int
    duplex: bool
    watermark: str  # the word to show faintly on every page, or ""
    print_pdf: bool
    print_standard: str  # "PDF/X-4" or "PDF/X-1a"
    print_watermark: bool = False  # the watermark in the print PDF too (off: print shops print fixed text)
    layout: str = "book"  # "book": cover, contents, chapters, colophon; "sheet": exactly one page

    @property
    def sheet(self) -> bool:
        return self.layout == "sheet"

    @property
    def sheet_label(self) -> str:
        """The page in an editor's words: 「A3 横・3段組み」."""
        return f"{self.paper} {'横' if self.landscape else '縦'}" + (f"・{self.columns}段組み" if self.columns > 1 else "")

    @property
    def margin_mm(self) -> int:
        """Side margin of the page (print.css): a sheet has no running head and needs less."""
        return 12 if self.sheet else 18

    @property
    def page_size(self) -> str:
        return f"{self.paper} {self.orientation}"

    @property
    def text_width_pt(self) -> float:
        """Width of one column of text: the paper less print.css's side margins and 12 mm gaps."""
        short, long = _PAPER_MM[self.paper]
        width = long if self.landscape else short
        return (width - 2 * self.margin_mm - GAP_MM * (self.columns - 1)) / self.columns * 72 / 25.4

    @property
    def page_mm(self) -> tuple[int, int]:
        """(width, height) of the page in millimetres."""
        short, long = _PAPER_MM[self.paper]
        return (long, short) if self.landscape else (short, long)

    @property
    def landscape(self) -> bool:
        return self.orientation == "landscape"


def sheet_columns(paper: str, orientation: str) -> int:
    """A sheet's columns unless the editor sets them. A3 (and B4) landscape: three, so a line
    holds about 30 full-width characters at 11 pt, in the range Japanese text reads easily,
    and a chart at column width is still large; two columns would make lines of about 45
    characters across a wide sheet. A4 and B5 landscape: two. Portrait: one, read top to bottom."""
    if orientation != "landscape":
        return 1
    return 3 if paper in ("A3", "B4") else 2


def options_for(pub: Publication) -> PdfOptions:
    m = pub.meta
    layout = m.get("layout", "book")
    sheet = layout == "sheet"
    # A sheet is an A3 landscape summary unless the editor says otherwise: `paper: A4` alone
    # makes an A4 portrait leaflet.
    paper = m.get("paper", "A3" if sheet else "A4")
    orientation = m.get("orientation", "landscape" if sheet and paper in ("A3", "B4") else "portrait")
    columns = m.get("columns", sheet_columns(paper, orientation) if sheet else 1)
    return PdfOptions(
        enabled=m.get("pdf", True),
        paper=paper,
        orientation=orientation,
        columns=max(1, min(3, columns)),
        watermark=pub.status if m.get("watermark", pub.is_draft) and pub.is_draft else "",
        print_pdf=m.get("print_pdf", True),
        print_standard=m.get("print_standard", "PDF/X-4"),
        print_watermark=m.get("print_watermark", False),
        layout=layout,
        duplex=False if sheet else m.get("duplex", False),
    )

"""A publication's PDF settings, from its front matter with defaults."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.project import Publication

_PAPER_MM = {"A4": (210, 297), "A3": (297, 420), "B5": (182, 257), "B4": (257, 364)}


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

    @property
    def page_size(self) -> str:
        return f"{self.paper} {self.orientation}"

    @property
    def text_width_pt(self) -> float:
        """Width of one column of text: the paper less print.css's 18 mm side margins and 12 mm gaps."""
        short, long = _PAPER_MM[self.paper]
        width = long if self.landscape else short
        return (width - 36 - 12 * (self.columns - 1)) / self.columns * 72 / 25.4

    @property
    def page_mm(self) -> tuple[int, int]:
        """(width, height) of the page in millimetres."""
        short, long = _PAPER_MM[self.paper]
        return (long, short) if self.landscape else (short, long)

    @property
    def landscape(self) -> bool:
        return self.orientation == "landscape"


def options_for(pub: Publication) -> PdfOptions:
    m = pub.meta
    return PdfOptions(
        enabled=m.get("pdf", True),
        paper=m.get("paper", "A4"),
        orientation=m.get("orientation", "portrait"),
        columns=max(1, min(3, m.get("columns", 1))),
        duplex=m.get("duplex", False),
        watermark=pub.status if m.get("watermark", pub.is_draft) and pub.is_draft else "",
        print_pdf=m.get("print_pdf", True),
        print_standard=m.get("print_standard", "PDF/X-4"),
        print_watermark=m.get("print_watermark", False),
    )

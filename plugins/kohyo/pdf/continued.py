"""「（続く）」 and 「（続き）」 on a code block split across pages or columns.

WeasyPrint generates ::before and ::after content only on a box's first and last fragment,
so the marks cannot come from generated content. Instead every code block carries both marks
as background images (css(), after print.css), which WeasyPrint draws inside Artifact marked content:
printed and found by search and pdftotext, never part of the structure tree a screen reader
reads. After layout, and before anything is written, each fragment keeps only the marks it
needs: the first of a split block 「（続く）」 at its foot, the last 「（続き）」 at its head, one in
the middle both, and a block that was not split neither. The layout is not touched, so this
costs no second render.
"""

from __future__ import annotations

import base64
from functools import lru_cache

CONTINUED, CONTINUES = "（続き）", "（続く）"  # at the head of a later fragment, at the foot of an earlier one
LABEL_PX = (48, 11)  # the label's box in CSS px; print.css keeps pre's top and bottom padding this high


@lru_cache(maxsize=None)
def label_url(text: str) -> str:
    """The label as an SVG image with real text (in BIZ UDPGothic), right-aligned in its box."""
    width, height = LABEL_PX
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}"><text x="{width}" y="{height - 2}" text-anchor="end" '
           f'font-family="BIZ UDPGothic" font-size="9" fill="#4a5260">{text}</text></svg>')
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def css() -> str:
    """pre's two label layers over its tint: the head label first (the top layer)."""
    return (f'pre {{ background: url("{label_url(CONTINUED)}") no-repeat right 2.5mm top 0.4mm, '
            f'url("{label_url(CONTINUES)}") no-repeat right 2.5mm bottom 0.4mm, #f3f4f6; }}')


def _pre_fragments(document) -> dict[int, list]:
    """Every code block's fragments in reading order (pages, then columns), by element."""
    from weasyprint.formatting_structure import boxes

    fragments: dict[int, list] = {}
    for page in document.pages:
        for box in page._page_box.descendants():
            if isinstance(box, boxes.BlockBox) and box.element_tag == "pre" and box.element is not None:
                fragments.setdefault(id(box.element), []).append(box)
    return fragments


def mark_continued(document) -> int:
    """Keep each fragment's marks as described above; returns how many blocks were split."""
    split = 0
    for parts in _pre_fragments(document).values():
        split += len(parts) > 1
        for i, box in enumerate(parts):
            background = box.background
            # The two label layers of css() over the tint (a last layer without image), unless
            # a publication's print.css restyled pre.
            layers = background.layers if background is not None else []
            if [layer.image is not None for layer in layers] != [True, True, False]:
                continue
            head, foot, tint = layers
            box.background = background._replace(layers=[
                head if i > 0 else head._replace(image=None),
                foot if i < len(parts) - 1 else foot._replace(image=None), tint])
    return split

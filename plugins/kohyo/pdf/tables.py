"""Column widths for the print tables, from the real font metrics.

WeasyPrint's automatic table layout lays out every cell's text twice (its narrowest and
widest forms) and is the largest single cost of printing a long plan. This applies the
same rule as CSS automatic layout (every column at least its longest unbreakable run, the
rest shared by the columns' preferred widths) with advance widths read from the fonts, and
writes the result as a <colgroup> for `table-layout: fixed`.
"""

from __future__ import annotations

import re

from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from .fonts import text_width_pt

SIZE_PT = 8.8  # print.css: table font size
PADDING_PT = 2 * 1.5 * 72 / 25.4 + 1  # 1.5 mm each side, and the border
_UNBREAKABLE = re.compile(r"[\x21-\x7e]+")  # numbers and Latin words; Japanese breaks anywhere


def _widths(texts: list[str], family: str) -> tuple[float, float]:
    """(minimum, preferred) width in points of a column holding `texts`."""
    minimum = max((text_width_pt(run, family, SIZE_PT) for t in texts for run in _UNBREAKABLE.findall(t)),
                  default=0.0)
    preferred = max((text_width_pt(t.strip(), family, SIZE_PT) for t in texts), default=0.0)
    # A lone CJK character is also unbreakable.
    minimum = max(minimum, text_width_pt("国", family, SIZE_PT))
    return minimum + PADDING_PT, max(minimum, preferred) + PADDING_PT


def _image_pt(cell, available_pt: float) -> float:
    """Width in points the images of a cell take on the site (their own size, 1 px = 0.75 pt),
    so a column holding an image is not shrunk to a thumbnail by the text-only widths."""
    total = 0.0
    for img in cell.find_all("img"):
        px = _px(img.get("width")) or _file_px(img.get("src", ""))
        total += min(px * 0.75, available_pt)
    return min(total, available_pt)


def _px(value) -> float:
    match = re.fullmatch(r"\s*([\d.]+)\s*(px)?\s*", str(value or ""))
    return float(match.group(1)) if match else 0.0


def _file_px(src: str) -> float:
    """Intrinsic width of a local image file (file: URI, see assemble.local_images), or 0."""
    if not src.startswith("file:"):
        return 0.0
    path = Path(unquote(urlsplit(src).path))
    try:
        if path.suffix.lower() == ".svg":
            head = path.read_text(encoding="utf-8", errors="replace")[:4000]
            tag = re.search(r"<svg\b[^>]*>", head)
            if tag is None:
                return 0.0
            width = re.search(r'\bwidth="([\d.]+)(px)?"', tag.group(0))
            if width:
                return float(width.group(1))
            box = re.search(r'\bviewBox="[\d.\s-]+?\s([\d.]+)\s+[\d.]+"', tag.group(0))
            return float(box.group(1)) if box else 0.0
        from PIL import Image

        with Image.open(path) as image:
            return float(image.width)
    except (OSError, ValueError, ImportError):
        return 0.0


def column_spans(table, available_pt: float) -> list[tuple[float, float]] | None:
    """(minimum, preferred) width in points of each column of `table`; None when the table is
    left to WeasyPrint's own layout (one column, or merged cells). `kohyo check` uses the same
    estimate to report a table that cannot fit before any PDF is rendered."""
    rows = [r.find_all(["th", "td"], recursive=False) for r in table.find_all("tr")]
    columns = max((len(r) for r in rows), default=0)
    if columns < 2 or any(c.get("colspan") for r in rows for c in r):
        return None
    spans = []
    for i in range(columns):
        head = [r[i].get_text() for r in rows if i < len(r) and r[i].name == "th"]
        body = [r[i].get_text() for r in rows if i < len(r) and r[i].name == "td"]
        h, b = _widths(head, "BIZ UDPGothic"), _widths(body, "BIZ UDPMincho")
        image = max((_image_pt(r[i], available_pt) for r in rows if i < len(r)), default=0.0)
        image += PADDING_PT if image else 0.0
        spans.append((max(h[0], b[0], image), max(h[1], b[1], image)))
    return spans


def narrowest_pt(table) -> float:
    """The least width in points `table` can take without text running out of its cells: the
    print tables break text anywhere (print.css: overflow-wrap), so a column can shrink to its
    widest single character and the cell padding, and no further. `kohyo check` compares it
    with the page's text width before any PDF is rendered."""
    rows = [r.find_all(["th", "td"], recursive=False) for r in table.find_all("tr")]
    total = 0.0
    for i in range(max((len(r) for r in rows), default=0)):
        widest = max((text_width_pt(c, "BIZ UDPGothic" if r[i].name == "th" else "BIZ UDPMincho", SIZE_PT)
                      for r in rows if i < len(r) and not r[i].get("colspan") for c in set(r[i].get_text().strip())),
                     default=0.0)
        total += widest + PADDING_PT
    return total


_SHINKYU_SHARES = {3: (10, 45, 45), 4: (9, 36, 36, 19)}  # No. | 修正前 | 修正後 (| 理由)


def set_column_widths(doc: BeautifulSoup, available_pt: float) -> None:
    for table in doc.find_all("table"):
        spans = column_spans(table, available_pt)
        if spans is not None and "kohyo-shinkyu" in (table.get("class") or []):
            # A 新旧対照表: the two texts side by side in equal columns, as the form is printed
            # (by content, an empty 理由 column would shrink to one character).
            spans = [(w, w) for w in _SHINKYU_SHARES[len(spans)]]
        if spans is None:
            continue
        least = sum(m for m, _ in spans)
        most = sum(p for _, p in spans)
        if most <= available_pt:
            widths = [p for _, p in spans]
            if table.find_parent("details", class_="kohyo-chart-data") is not None:
                # A chart's data is a reference: as wide as it needs, not the page's width.
                table["style"] = f"width: {max(most, available_pt / 2):.1f}pt"
        elif least >= available_pt:
            widths = [m for m, _ in spans]
        else:  # as CSS does: the minimums, plus the rest in proportion to what each wants more
            extra = available_pt - least
            widths = [m + extra * (p - m) / (most - least) for m, p in spans]
        group = doc.new_tag("colgroup")
        for w in widths:
            group.append(doc.new_tag("col", attrs={"style": f"width: {100 * w / sum(widths):.2f}%"}))
        caption = table.find("caption", recursive=False)
        if caption is not None:
            caption.insert_after(group)
        else:
            table.insert(0, group)

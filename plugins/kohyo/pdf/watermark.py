"""The draft watermark as outlines, not text: seen on every page, never read aloud or copied.

Glyph outlines come from the installed BIZ UD Gothic through fontTools and become an SVG
page background, so screen readers, copy and paste and search see only the document.
"""

from __future__ import annotations

import base64
from functools import lru_cache

from .fonts import font_file


@lru_cache(maxsize=None)
def watermark_url(text: str, angle: int = -30) -> str:
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.pens.transformPen import TransformPen
    from fontTools.ttLib import TTFont

    with TTFont(font_file("BIZ UDPGothic")) as font:
        glyphs, cmap = font.getGlyphSet(), font.getBestCmap()
        ascent = font["hhea"].ascent
        pen, x = SVGPathPen(glyphs), 0
        for char in text:
            name = cmap.get(ord(char))
            if name is None:
                continue
            # Font units have y up; SVG has y down.
            glyphs[name].draw(TransformPen(pen, (1, 0, 0, -1, x, ascent)))
            x += glyphs[name].width
        height = ascent - font["hhea"].descent
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {x} {height}">'
           f'<g transform="rotate({angle} {x / 2} {height / 2})"><path fill="#b00000" fill-opacity="0.07" '
           f'd="{pen.getCommands()}"/></g></svg>')
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()

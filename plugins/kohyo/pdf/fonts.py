"""Which characters the print fonts can draw, so a missing glyph fails the build, not the reader."""

from __future__ import annotations

import subprocess
import unicodedata
from functools import lru_cache

# The families print.css uses; every character of the text must be in at least one of them.
# Symbola (Debian fonts-symbola, 1.3 MB) is the fallback of every stack: monochrome emoji and
# symbols (✅ ❌ ⚠ ☑ 📌 …) the Japanese fonts lack.
PRINT_FAMILIES = ("BIZ UDPMincho", "BIZ UDPGothic", "BIZ UDGothic", "Symbola")


@lru_cache(maxsize=None)
def font_file(family: str) -> str:
    """The file fontconfig picks for `family`; an error if the family itself is not installed."""
    out = subprocess.run(["fc-match", "-f", "%{family}\t%{file}", family], capture_output=True, text=True,
                         check=True).stdout
    names, path = out.split("\t", 1)
    if family not in names.split(","):
        raise FileNotFoundError(f"フォント「{family}」がインストールされていません（scripts/setup.sh を実行してください）")
    return path


@lru_cache(maxsize=None)
def covered() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    points: set[int] = set()
    for family in PRINT_FAMILIES:
        with TTFont(font_file(family), lazy=True) as font:
            points.update(font.getBestCmap())
    return frozenset(points)


def _variation_selector(c: str) -> bool:
    """U+FE00–FE0F (U+FE0F asks for emoji, U+FE0E for text presentation), U+E0100–E01EF and the
    Mongolian ones: they choose how the character before them is drawn and have no glyph of
    their own, so no font needs to cover them."""
    code = ord(c)
    return 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF or 0x180B <= code <= 0x180D or code == 0x180F


def missing_characters(text: str) -> list[str]:
    """Characters of `text` no print font has, in order of first appearance."""
    have = covered()
    return [c for c in dict.fromkeys(text)
            if ord(c) not in have and not c.isspace() and unicodedata.category(c) not in ("Cc", "Cf")
            and not _variation_selector(c)]


def fingerprint() -> list[tuple[str, int]]:
    """Identifies the installed print fonts for the PDF cache key."""
    import os

    return [(font_file(f), os.path.getsize(font_file(f))) for f in PRINT_FAMILIES]


@lru_cache(maxsize=None)
def advances(family: str) -> tuple[dict[int, int], int]:
    """Advance width of every character of `family` in font units, and the units per em."""
    from fontTools.ttLib import TTFont

    with TTFont(font_file(family), lazy=True) as font:
        hmtx = font["hmtx"].metrics
        widths = {code: hmtx[name][0] for code, name in font.getBestCmap().items()}
        return widths, font["head"].unitsPerEm


def text_width_pt(text: str, family: str, size_pt: float) -> float:
    widths, per_em = advances(family)
    default = per_em  # a missing glyph is caught elsewhere; count it as one em here
    return sum(widths.get(ord(c), default) for c in text) * size_pt / per_em

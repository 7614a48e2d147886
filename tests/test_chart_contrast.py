"""Chart colours (JIS X 8341-3 / WCAG 2.1: 1.4.1, 1.4.3, 1.4.11): marks at least 3:1 against the
white page, text at least 4.5:1 against what it sits on, series that touch told apart by more
than colour. Checked on real Matplotlib output."""

from __future__ import annotations

import re

import matplotlib
from matplotlib.colors import to_hex

from kohyo.charts.chart import Chart, Series
from kohyo.charts.draw import _RC, _figure, HATCHES, LABEL_ON_MARK, PALETTE, render


def _luminance(colour: str) -> float:
    h = colour.lstrip("#")[:6]

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(int(h[i:i + 2], 16) / 255) for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


SIX = [Series(name, [float(10 + i), float(20 - i), float(5 + i)]) for i, name in
       enumerate(["家庭", "業務", "産業", "運輸", "廃棄物", "吸収"])]


def test_every_palette_colour_is_a_visible_mark_and_carries_white_text():
    for colour in PALETTE:
        assert _contrast(colour, "#ffffff") >= 3, colour
        assert _contrast(LABEL_ON_MARK, colour) >= 4.5, colour


def test_six_stacked_series_differ_by_pattern_too():
    chart = Chart("stacked-bar", "ロードマップ", ["2026", "2028", "2030"], SIX, unit="件", alt="説明")
    with matplotlib.rc_context(_RC):
        ax = _figure(chart).axes[0]
        looks = {(to_hex(c.patches[0].get_facecolor()), c.patches[0].get_hatch() or "")
                 for c in ax.containers}
    assert len(looks) == 6
    assert len({hatch for _, hatch in looks}) == 6  # distinct without colour
    svg = render(chart)[0].decode("utf-8")
    patterns = set(re.findall(r'<pattern id="([^"]+)"', svg))
    assert len(patterns) >= 5, patterns  # one series may be plain; the others are hatched
    used = set(re.findall(r"fill: url\(#([^)]+)\)", svg))
    assert patterns <= used


def test_pie_labels_have_contrast_on_their_wedges():
    chart = Chart("pie", "内訳", ["家庭", "業務", "産業", "運輸", "廃棄物", "その他"],
                  [Series("割合", [30.0, 25.0, 20.0, 12.0, 8.0, 5.0])], unit="%", alt="説明")
    with matplotlib.rc_context(_RC):
        ax = _figure(chart).axes[0]
        labels = [t for t in ax.texts if t.get_text().endswith("%")]
        assert len(labels) == 6
        for text in labels:
            behind = to_hex(text.get_bbox_patch().get_facecolor())
            assert _contrast(to_hex(text.get_color()), behind) >= 4.5, (text.get_text(), behind)
        assert len({w.get_hatch() or "" for w in ax.patches if w.get_hatch() is not None}) >= 5


def test_axis_and_value_text_has_contrast_on_white():
    chart = Chart("bar", "比較", ["2022", "2026", "2030"], SIX[:3], unit="件", alt="説明")
    with matplotlib.rc_context(_RC):
        fig = _figure(chart)
        texts = [t for t in fig.findobj(matplotlib.text.Text) if t.get_text().strip()]
        assert texts
        for text in texts:
            assert _contrast(to_hex(text.get_color()), "#ffffff") >= 4.5, text.get_text()

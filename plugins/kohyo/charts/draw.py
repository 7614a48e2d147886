"""Charts drawn with Matplotlib: an SVG for the site and the PDFs (text kept as text, in the
BIZ UD font), a PNG for Word. The same data always gives the same bytes."""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

import matplotlib
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from .chart import Chart

# Okabe & Ito's hues, darkened until every one is at least 4.5:1 against white (WCAG 1.4.11
# asks 3:1 of marks; 4.5:1 also lets white labels sit on any of them, 1.4.3). Darkened hues lose
# their differences in lightness, so series that touch (stacked bars, pie wedges, grouped bars)
# are also told apart by a hatch pattern (HATCHES), lines by marker and dash (1.4.1).
PALETTE = ("#0072B2", "#B84F00", "#007A5A", "#A3427A", "#8A6300", "#5B3C9E", "#595959", "#000000")
HATCHES = ("", "///", "...", "xxx", "\\\\\\", "ooo", "---", "+++")
LABEL_ON_MARK = "#ffffff"  # at least 4.5:1 on every PALETTE colour
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
LINESTYLES = ("-", "--", "-.", ":", "-", "--", "-.", ":")
_RC = {
    "svg.fonttype": "none",  # text stays text: searchable, and set in BIZ UD by the PDF engine
    "svg.hashsalt": "kohyo",  # fixed element ids
    "font.family": "sans-serif",
    "font.sans-serif": ["BIZ UDPGothic", "Hiragino Sans", "Yu Gothic", "Meiryo", "Noto Sans CJK JP", "sans-serif"],
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#444444",
    "axes.labelcolor": "#222222",
    "xtick.color": "#222222",
    "ytick.color": "#222222",
    "text.color": "#222222",
    "legend.frameon": False,
    "hatch.linewidth": 0.8,
}
SIZE_IN = (6.3, 3.3)  # the A4 text width; the site scales it to the column


def _grouped(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 or value == int(value) else f"{value:,.1f}"


def _axis_label(chart: Chart) -> str:
    if chart.y_label and chart.unit:
        return f"{chart.y_label}（{chart.unit}）"
    return chart.y_label or (f"（{chart.unit}）" if chart.unit else "")


def _bars(ax, chart: Chart, stacked: bool, horizontal: bool) -> None:
    n, count = len(chart.series), len(chart.categories)
    positions = list(range(count))
    width = 0.7 if stacked or n == 1 else 0.8 / n
    base = [0.0] * count
    for i, s in enumerate(chart.series):
        values = [v or 0.0 for v in s.values]
        offset = 0 if stacked or n == 1 else (i - (n - 1) / 2) * width
        where = [p + offset for p in positions]
        draw = ax.barh if horizontal else ax.bar
        extra = {"left": base} if horizontal and stacked else {"bottom": base} if stacked else {}
        bars = draw(where, values, width if not horizontal else width, label=s.name, color=PALETTE[i % 8],
                    edgecolor="white", linewidth=0.5, hatch=HATCHES[i % 8] if n > 1 else None, **extra)
        if not stacked:
            ax.bar_label(bars, labels=[_grouped(v) if v is not None else "" for v in s.values], padding=2, fontsize=7.5)
        base = [b + v for b, v in zip(base, values)]
    if stacked:
        for p, total in zip(positions, base):
            xy = (total, p) if horizontal else (p, total)
            ax.annotate(_grouped(total), xy, xytext=(3, 0) if horizontal else (0, 3), textcoords="offset points",
                        ha="left" if horizontal else "center", va="center" if horizontal else "bottom", fontsize=7.5)
    ticks = ax.set_yticks if horizontal else ax.set_xticks
    ticks(positions, chart.categories)
    value_axis = ax.xaxis if horizontal else ax.yaxis
    value_axis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if v == int(v) else f"{v:,.1f}"))
    ax.grid(axis="x" if horizontal else "y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    if horizontal:
        ax.invert_yaxis()  # the first row of the CSV on top, as in the table
        ax.set_xlabel(_axis_label(chart))
        if chart.x_label:
            ax.set_ylabel(chart.x_label)
    else:
        ax.set_ylabel(_axis_label(chart))
        if chart.x_label:
            ax.set_xlabel(chart.x_label)
        if count > 6:
            ax.tick_params(axis="x", labelrotation=0, labelsize=8)


def _line(ax, chart: Chart) -> None:
    positions = list(range(len(chart.categories)))
    for i, s in enumerate(chart.series):
        points = [(p, v) for p, v in zip(positions, s.values) if v is not None]
        ax.plot([p for p, _ in points], [v for _, v in points], label=s.name, color=PALETTE[i % 8],
                marker=MARKERS[i % 8], linestyle=LINESTYLES[i % 8], linewidth=1.6, markersize=4.5)
    ax.set_xticks(positions, chart.categories)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if v == int(v) else f"{v:,.1f}"))
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_ylabel(_axis_label(chart))
    if chart.x_label:
        ax.set_xlabel(chart.x_label)


def _pie(ax, chart: Chart, donut: bool) -> None:
    values = [v or 0.0 for v in chart.series[0].values]
    total = sum(values)

    def label(pct: float) -> str:
        return f"{pct:.1f}%" if pct >= 3 else ""

    wedges, _texts, autotexts = ax.pie(
        values, labels=None, colors=[PALETTE[i % 8] for i in range(len(values))], startangle=90, counterclock=False,
        autopct=label, pctdistance=0.8 if donut else 0.65,
        wedgeprops={"edgecolor": "white", "linewidth": 1, **({"width": 0.4} if donut else {})})
    for i, (wedge, text) in enumerate(zip(wedges, autotexts)):
        wedge.set_hatch(HATCHES[i % 8])
        text.set_color(LABEL_ON_MARK)
        text.set_fontsize(8)
        text.set_fontweight("bold")
        # The label sits on a plain patch of its wedge's colour, not on the hatch lines.
        text.set_bbox({"boxstyle": "round,pad=0.15", "facecolor": PALETTE[i % 8], "edgecolor": "none"})
    if donut:
        ax.text(0, 0, f"合計\n{_grouped(total)}{chart.unit}", ha="center", va="center", fontsize=9)
    ax.legend(wedges, [f"{c}（{_grouped(v)}{chart.unit}）" for c, v in zip(chart.categories, values)],
              loc="center left", bbox_to_anchor=(1.0, 0.5))
    ax.set_aspect("equal")


def _figure(chart: Chart) -> Figure:
    rows = len(chart.categories)
    fig = Figure(figsize=(SIZE_IN[0], min(5.0, 0.9 + 0.28 * rows)) if chart.kind == "hbar" else SIZE_IN)
    ax = fig.add_subplot()
    if chart.kind in ("pie", "donut"):
        _pie(ax, chart, chart.kind == "donut")
        return fig
    if chart.kind == "line":
        _line(ax, chart)
    else:
        _bars(ax, chart, stacked=chart.kind == "stacked-bar", horizontal=chart.kind == "hbar")
    if len(chart.series) > 1:
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.14 if chart.kind != "hbar" else -0.2),
                  ncol=min(len(chart.series), 6), handlelength=2.2 if chart.kind == "line" else 1.2)
    return fig


def render(chart: Chart) -> tuple[bytes, bytes]:
    """(SVG, PNG) of the chart."""
    with matplotlib.rc_context(_RC):
        fig = _figure(chart)
        svg, png = io.StringIO(), io.BytesIO()
        fig.savefig(svg, format="svg", bbox_inches="tight", pad_inches=0.08, metadata={"Date": None})
        fig.savefig(png, format="png", dpi=200, bbox_inches="tight", pad_inches=0.08, metadata={"Software": None})
    return _describe(svg.getvalue(), chart).encode("utf-8"), png.getvalue()


def _describe(svg: str, chart: Chart) -> str:
    """Name the drawing inside the file too, so a downloaded SVG still says what it shows."""
    head = re.search(r"<svg\b[^>]*>", svg)
    assert head is not None
    opening = head.group(0).replace("<svg ", '<svg role="img" aria-labelledby="chart-title chart-desc" ', 1)
    named = f'\n <title id="chart-title">{escape(chart.title)}</title>\n <desc id="chart-desc">{escape(chart.alt)}</desc>'
    return svg[:head.start()] + opening + named + svg[head.end():]

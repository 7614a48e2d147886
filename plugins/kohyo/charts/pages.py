"""Chart blocks become figures: an SVG (site and PDF), a PNG (Word), the data as CSV and Excel,
and Markdown that shows the figure, its numbered caption, its data table and downloads.

Runs once per build, before any page is rendered, so every output renders the same Markdown.
Drawn charts are kept in the cache by what they are made from; an unchanged chart is not
drawn again (Matplotlib is imported only when one must be).
"""

from __future__ import annotations

import html
import json
import posixpath
from importlib.metadata import version
from pathlib import Path, PurePosixPath

from ..model.project import Page, Project
from ..office import csv_bytes
from ..problems import Problem
from ..render.markdown import literal
from . import blocks, data
from .blocks import Block
from .chart import Chart, Series

NEEDS_ONE_SERIES = ("pie", "donut")


class Drawer:
    """Draws the project's charts, registers their files in `project.assets`, and keeps the
    cache to the charts of this build."""

    def __init__(self, project: Project, cache=None):
        self.project, self.cache = project, cache  # cache: kohyo.outputs.cache.Cache

    def expand_pages(self) -> list[Problem]:
        """Expand every page's chart blocks; return what is wrong with them."""
        problems: list[Problem] = []
        for src in sorted(self.project.pages):
            page = self.project.pages[src]
            found = blocks.find(page.body)
            if found:
                problems += self._expand(page, found)
        return problems

    def figure(self, src: str, ident: str, chart, table: tuple[list[str], list[list[str]]], when) -> str:
        """Draw `chart` for the page at `src`; return the Markdown that shows it."""
        base = posixpath.join(posixpath.dirname(src), "charts", PurePosixPath(src).stem, ident)
        svg, png = self._drawn(chart)
        from ..office.xlsx import table_workbook

        files = {".svg": svg, ".png": png, ".csv": csv_bytes(*table),
                 ".xlsx": table_workbook(chart.title, table[0], table[1], unit=chart.unit, when=when)}
        for ext, content in files.items():
            self.project.assets[base + ext] = content
        rel = posixpath.relpath(base, posixpath.dirname(src) or ".")
        return figure_markdown(ident, chart, rel, table, {ext: len(files[ext]) for ext in (".csv", ".xlsx")})

    def _expand(self, page: Page, found: list[Block]) -> list[Problem]:
        project = self.project
        problems: list[Problem] = []
        shown = project.shown(page.src)
        lines = page.body.splitlines()
        out: list[str] = []
        previous, seen = 0, set()
        for n, block in enumerate(found, start=1):
            out += lines[previous:block.start]
            previous = block.end + 1
            here = [Problem(shown, page.body_line + i, "chart-block", m) for i, m in block.errors]
            ident = block.options.get("id") or f"chart-{n}"
            if ident in seen:
                here.append(Problem(shown, page.body_line + block.option_lines.get("id", block.start), "chart-block",
                                    f"図の ID「{ident}」がこのページで2回使われています。別の ID にしてください。"))
            seen.add(ident)
            if here:
                problems += here
                continue
            try:
                chart, table = _chart(project, page, block)
            except _Located as e:
                problems.append(Problem(e.path or shown, e.line or page.body_line + block.start, "chart-data",
                                        e.message))
                continue
            out.append(self.figure(page.src, ident, chart, table, page.updated or project.build_date))
        out += lines[previous:]
        page.markdown = "\n".join(out) + "\n"
        return problems

    def _drawn(self, chart) -> tuple[bytes, bytes]:
        """The chart's SVG and PNG, from the build's cache when it was drawn before."""
        from ..outputs.cache import cache_key

        parts = [json.loads(json.dumps(chart.__dict__, default=lambda o: o.__dict__)), version("matplotlib")]
        keys = [cache_key(f"chart{ext}", parts, ("charts/draw.py",)) for ext in (".svg", ".png")]
        hits = [self.cache.get(key) for key in keys] if self.cache is not None else [None]
        if all(hits):
            return hits[0][0], hits[1][0]
        from .draw import render

        svg, png = render(chart)
        if self.cache is not None:
            for key, data in zip(keys, (svg, png)):
                self.cache.stage(key, data)
        return svg, png


class _Located(Exception):
    def __init__(self, message: str, path: str = "", line: int = 0):
        super().__init__(message)
        self.message, self.path, self.line = message, path, line


def _chart(project: Project, page: Page, block: Block):
    option = block.options
    data_line = page.body_line + block.option_lines.get("data", block.start)
    path = _data_path(project, page, str(option["data"]))
    if path is None or not path.is_file():
        raise _Located(f"グラフのデータ「{option['data']}」が見つかりません。このページのフォルダからの相対パスで、"
                       "content フォルダの中の CSV ファイルを指定してください。", line=data_line)
    csv_shown = project.shown(path.relative_to(project.content_dir).as_posix())
    try:
        table = data.read(path)
    except data.DataError as e:
        raise _Located(e.message, csv_shown, e.line) from e
    x = str(option.get("x") or table.header[0])
    ys = [str(v) for v in option.get("y") or [h for h in table.header if h != x]]
    available = "、".join(f"「{h}」" for h in table.header)
    for name, key in [(x, "x")] + [(y, "y") for y in ys]:
        if name not in table.header:
            raise _Located(f"列「{name}」が {csv_shown} にありません。CSV の1行目にある列: {available}。",
                           line=page.body_line + block.option_lines.get(key, block.start))
    if option["type"] in NEEDS_ONE_SERIES and len(ys) != 1:
        raise _Located(f"{blocks.TYPES[option['type']]}には値の列を1つだけ指定してください（y: 列の名前）。"
                       f"いまは {len(ys)} 列です。", line=page.body_line + block.option_lines.get("y", block.start))
    series = []
    for y in ys:
        values = []
        for cell, line in zip(table.column(y), table.lines):
            try:
                value = data.number(cell)
            except ValueError:
                raise _Located(f"列「{y}」の値「{cell}」が数値ではありません。数字だけを書いてください"
                               "（桁区切りのカンマは使えます。値がないときは空欄か「－」）。", csv_shown, line) from None
            if value is not None and value < 0 and option["type"] in NEEDS_ONE_SERIES:
                raise _Located(f"{blocks.TYPES[option['type']]}にマイナスの値「{cell}」は使えません。", csv_shown, line)
            values.append(value)
        series.append(Series(y, values))
    chart = Chart(kind=option["type"], title=block.title, categories=table.column(x), series=series,
                  unit=str(option.get("unit") or ""), y_label=str(option.get("y_label") or ""),
                  x_label=str(option.get("x_label") or ""), alt=block.alt)
    rows = [list(row) for row in zip(table.column(x), *(table.column(y) for y in ys))]
    return chart, ([x] + ys, rows)


def _data_path(project: Project, page: Page, name: str) -> Path | None:
    base = "" if name.startswith("/") else posixpath.dirname(page.src)
    rel = posixpath.normpath(posixpath.join(base, name.lstrip("/")))
    return None if rel.startswith("..") else project.content_dir / rel


def _alt(text: str) -> str:
    """An image's alt text inside `![...]`, shown as written: Markdown would read `&amp;` or
    `&lt;` in it as entities, so `&` and `<` are escaped too."""
    text = html.escape(text, quote=False)
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def figure_markdown(ident: str, chart, rel: str, table: tuple[list[str], list[list[str]]],
                    sizes: dict[str, int]) -> str:
    """The figure as Markdown every output renders: image, numbered caption (pymdownx
    caption, renumbered by chapter later), data downloads, and the data as a table. The title
    and alt text are the editor's text, never markup: escaped for Markdown and HTML alike."""
    header, rows = table
    kb = {ext: f"{-(-size // 1024):,}KB" for ext, size in sizes.items()}
    table_md = "\n".join(["| " + " | ".join(literal(h) for h in header) + " |",
                          "|" + "|".join([":--"] + ["--:"] * (len(header) - 1)) + "|",
                          *["| " + " | ".join(literal(c) or " " for c in row) + " |" for row in rows]])
    unit = f"\n\n単位：{literal(chart.unit)}\n{{: .kohyo-chart-unit }}" if chart.unit else ""
    return f"""![{_alt(chart.alt)}]({rel}.svg){{ .kohyo-chart-image }}

/// figure-caption
    attrs: {{id: {ident}, class: kohyo-chart}}
{literal(chart.title)}
///

グラフのデータ：[CSV（{kb['.csv']}）]({rel}.csv)　[Excel（{kb['.xlsx']}）]({rel}.xlsx)
{{: .kohyo-chart-downloads }}

<details class="kohyo-chart-data" markdown>
<summary>「{html.escape(chart.title)}」のデータ（表）</summary>

{table_md}{unit}

</details>
"""


def page_charts(project: Project, page: Page) -> dict[str, Chart]:
    """The page's charts by figure id, read again from their CSV: formats that draw a chart
    themselves (PowerPoint's native charts) take the numbers, not the picture. Blocks with
    problems were reported when the page was expanded and are left out here."""
    out: dict[str, Chart] = {}
    for n, block in enumerate(blocks.find(page.body), start=1):
        ident = block.options.get("id") or f"chart-{n}"
        if block.errors or ident in out:
            continue
        try:
            out[str(ident)] = _chart(project, page, block)[0]
        except _Located:
            continue
    return out

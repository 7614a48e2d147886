"""Charts from CSV: one SVG for the site and the PDFs, numbered, described, with their data."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from openpyxl import load_workbook
from pypdf import PdfReader

from conftest import ROOT, run_kohyo, write

SVG = "{http://www.w3.org/2000/svg}"
CHAPTERS = sorted((ROOT / "content/climate-plan").glob("[0-9]*.md"))


def _charts(site: Path) -> list[tuple[Path, BeautifulSoup]]:
    found = []
    for chapter in CHAPTERS:
        html = (site / "climate-plan" / chapter.stem / "index.html").read_text(encoding="utf-8")
        found += [(chapter, f) for f in BeautifulSoup(html, "html.parser").select("figure.kohyo-chart")]
    return found


def test_the_climate_plan_shows_at_least_six_numbered_described_charts(site):
    charts = _charts(site)
    assert len(charts) >= 6
    titles = [f.figcaption.get_text(" ", strip=True) for _, f in charts]
    for needed in ("温室効果ガス排出量の推移", "削減目標", "部門別削減内訳のロードマップ"):
        assert any(needed in t for t in titles), titles
    for chapter, figure in charts:
        number = int(chapter.stem.split("-")[0])
        assert re.match(rf"図{number}-\d+\s", figure.figcaption.get_text().strip()), figure.figcaption
        img = figure.find("img")
        assert img["src"].endswith(".svg") and len(img["alt"]) > 20, img
        data = figure.find_next_sibling("details", class_="kohyo-chart-data")
        assert data is not None and data.find("table") is not None, "the data is on the page as a table"
        downloads = figure.find_next_sibling("p", class_="kohyo-chart-downloads")
        assert [a["href"].rsplit(".", 1)[1] for a in downloads.find_all("a")] == ["csv", "xlsx"]


def test_each_svg_parses_and_names_its_title_and_series_as_text(site):
    page = site / "climate-plan/09-roadmap"
    figure = BeautifulSoup((page / "index.html").read_text(encoding="utf-8"), "html.parser").select_one("#fig-roadmap")
    svg_path = (page / figure.find("img")["src"]).resolve()
    root = ET.parse(svg_path).getroot()
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title").text == "部門別削減内訳のロードマップ"
    assert "2050年度には30万t-CO2" in root.find(f"{SVG}desc").text
    texts = {"".join(t.itertext()).strip() for t in root.iter(f"{SVG}text")}
    assert {"家庭", "業務", "運輸", "産業", "廃棄物", "その他ガス", "2035"} <= texts
    assert "BIZ UDPGothic" in svg_path.read_text(encoding="utf-8"), "set in the BIZ UD font"


def test_the_pdfs_draw_the_sites_charts(site, sample_build):
    """The donut's legend text exists only in its SVG: finding it in both PDFs shows that
    they embed the chart the site serves, drawn as vectors with real text."""
    svg = (site / "climate-plan/charts/03-emissions/fig-sector-share.svg").read_text(encoding="utf-8")
    assert "その他ガス（20万t-CO2）" in svg
    for pdf in (site / "climate-plan/climate-plan.pdf", sample_build / "print/climate-plan-print.pdf"):
        text = "".join(p.extract_text() for p in PdfReader(pdf).pages)
        assert "その他ガス（20万t-CO2）" in text, pdf
        assert re.search(r"図3-3\s+部門別の構成比（2022年度）", text), pdf


def test_chart_data_downloads_match_the_csv(site):
    source = list(csv.reader(io.StringIO((ROOT / "content/climate-plan/data/roadmap.csv").read_text(encoding="utf-8"))))
    folder = site / "climate-plan/charts/09-roadmap"
    data = (folder / "fig-roadmap.csv").read_bytes()
    assert data.startswith("\ufeff".encode()), "UTF-8 with BOM for Excel"
    assert list(csv.reader(io.StringIO(data.decode("utf-8-sig")))) == source
    sheet = load_workbook(folder / "fig-roadmap.xlsx").active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == source[0]
    assert sum(r[1] for r in rows[1:len(source)]) == sum(int(r[1]) for r in source[1:]), "numbers, not text"
    assert any(r[0] == "単位：万t-CO2" for r in rows)


def test_consultation_results_chart_channels_and_categories(site):
    page = site / "consultations/ict-strategy/results"
    soup = BeautifulSoup((page / "index.html").read_text(encoding="utf-8"), "html.parser")
    opinions = len(yaml.safe_load((ROOT / "content/consultations/ict-strategy/opinions.yml").read_text(encoding="utf-8")))
    for ident, title in (("fig-by-channel", "提出方法別の意見件数"), ("fig-by-category", "反映区分別の意見件数")):
        figure = soup.select_one(f"#{ident}")
        assert re.match(rf"図\d+\s+{title}", figure.figcaption.get_text().strip())
        svg = ET.parse((page / figure.find("img")["src"]).resolve()).getroot()
        rows = list(csv.reader(io.StringIO((page / figure.find("img")["src"].replace(".svg", ".csv")).resolve()
                                           .read_text(encoding="utf-8-sig"))))
        assert sum(int(r[-1]) for r in rows[1:]) == opinions, "every opinion counted once"
        texts = {"".join(t.itertext()).strip() for t in svg.iter(f"{SVG}text")}
        assert {r[0] for r in rows[1:]} <= texts, "each channel or category is labelled"


def test_the_same_data_draws_the_same_bytes():
    from kohyo.charts.chart import Chart, Series
    from kohyo.charts.draw import render

    chart = Chart("stacked-bar", "テスト", ["2022", "2030"], [Series("家庭", [352, 163]), Series("業務", [303, 142])],
                  unit="万t-CO2", alt="説明")
    first, again = render(chart), render(chart)
    assert first == again
    other = render(Chart("stacked-bar", "テスト", ["2022", "2030"], [Series("家庭", [352, 160]),
                                                                     Series("業務", [303, 142])], unit="万t-CO2"))
    assert other[0] != first[0]


BLOCK = """## 2 グラフ

/// chart | 部門別の排出量
    data: {data}
    type: {type}
    y: [家庭, 業務]

家庭が最も多い。
///
"""  # written after 6 lines of 01-first.md: `/// chart` is line 9, its options 10-12


def _chapter_with_chart(mini: Path, **kw) -> None:
    options = {"data": "data/sectors.csv", "type": "bar", **kw}
    write(mini / "content/plan/01-first.md", "---\ntitle: 最初の章\n---\n\n" + "## 1 目標 {#targets}\n\n"
          + BLOCK.format(**options))


def _csv(mini: Path, text: str = "年度,家庭,業務\n2022,352,303\n2030,163,142\n") -> None:
    (mini / "content/plan/data").mkdir(parents=True, exist_ok=True)
    (mini / "content/plan/data/sectors.csv").write_text(text, encoding="utf-8")


def _problems(mini: Path) -> list[tuple[str, str]]:
    result = run_kohyo("check", cwd=mini)
    assert result.returncode != 0
    return re.findall(r"^(\S+:\d+): \[([a-z-]+)\]", result.stderr, re.M)


def test_a_valid_chart_block_checks_and_builds(mini):
    _csv(mini)
    _chapter_with_chart(mini)
    result = run_kohyo("build", "--no-pdf", cwd=mini)
    assert result.returncode == 0, result.stderr
    html = (mini / "build/site/plan/01-first/index.html").read_text(encoding="utf-8")
    assert "図1-1" in html and "部門別の排出量" in html
    assert (mini / "build/site/plan/charts/01-first/chart-1.svg").is_file()


@pytest.mark.parametrize("case, where, code", [
    ("missing file", "content/plan/01-first.md:10", "chart-data"),
    ("unknown column", "content/plan/01-first.md:12", "chart-data"),
    ("not a number", "content/plan/data/sectors.csv:3", "chart-data"),
    ("unknown type", "content/plan/01-first.md:11", "chart-block"),
    ("no text alternative", "content/plan/01-first.md:9", "chart-block"),
])
def test_invalid_chart_blocks_fail_at_the_right_place(mini, case, where, code):
    _csv(mini, "年度,家庭,業務\n2022,352,303\n2030,約160,142\n" if case == "not a number" else
         "年度,家庭,事業所\n2022,352,303\n" if case == "unknown column" else "年度,家庭,業務\n2022,352,303\n")
    _chapter_with_chart(mini, data="data/none.csv" if case == "missing file" else "data/sectors.csv",
                        type="radar" if case == "unknown type" else "bar")
    if case == "no text alternative":
        path = mini / "content/plan/01-first.md"
        path.write_text(path.read_text(encoding="utf-8").replace("家庭が最も多い。\n", ""), encoding="utf-8")
    assert _problems(mini) == [(where, code)]


def test_titles_cells_and_alt_text_show_exactly_as_written():
    from mkdocs.config import load_config

    from kohyo.charts.chart import Chart, Series
    from kohyo.charts.pages import figure_markdown
    from kohyo.mkdocs.plugin import renderer_for

    written = "排出量(2022) *注* <b>[1]</b> | &"
    chart = Chart("bar", written, ["a"], [Series("b", [1])], unit="t", alt=written)
    html = renderer_for(load_config(str(ROOT / "mkdocs.yml"))).render(
        figure_markdown("fig-x", chart, "charts/x/fig-x", (["項目", written], [[written, "1"]]), {".csv": 1, ".xlsx": 1}))
    soup = BeautifulSoup(html, "html.parser")
    assert soup.img["alt"] == written
    assert soup.summary.get_text() == f"「{written}」のデータ（表）"
    assert [c.get_text() for c in soup.select("details table th, details table td")] == ["項目", written, written, "1"]

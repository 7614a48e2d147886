"""Editable PowerPoint slides (`powerpoint: true`): built from a small project and opened with
python-pptx as an official's PowerPoint would open them."""

from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Emu

from conftest import BUILD_DATE, run_kohyo, write

FONT = "BIZ UDPGothic"
LONG = "".join(f"市民の皆さんの暮らしを支えるため、第{i}の取組として地域の事業者と協力して省エネルギー機器の導入を進める。"
               for i in range(1, 41))
CHAPTER = f"""
---
title: 最初の章
---

<!-- 発表メモ 章の始めに話すこと。 -->

## 1 目標 {{#targets}}

本文です。ICT（情報通信技術）と data の活用を進める。

- 一つ目の項目
- 二つ目の項目
    - 入れ子の項目

<!-- 発表メモ
最初に目標を説明する。
数字は表で示す。
-->

| 部門 | 2016年度 | 2022年度 |
|---|---:|---:|
| 家庭 | 420 | 352 |
| 業務 | 365 | 303 |

/// table-caption
部門別の排出量
///

<!-- slide: 取組の柱 -->

柱ごとに説明します。

## 2 長い節

{LONG}

/// chart | 部門別の排出量の推移
    data: data/sectors.csv
    type: stacked-bar
    unit: 万t-CO2
    id: fig-sectors

家庭と業務の排出量は減っている。
///

/// chart | 排出量の推移
    data: data/sectors.csv
    type: line
    y: 家庭
    id: fig-trend

家庭の排出量は減っている。
///

## 3 大きな表

| 番号 | 取組 | 内容 |
|---:|---|---|
{chr(10).join(f"| {i} | 取組{i} | 省エネルギー機器の導入と住宅の断熱改修を進め、家庭の排出量を減らす。 |" for i in range(1, 31))}

/// table-caption
取組の一覧
///

## 4 画像

![札幌市の位置を示した地図](images/map.png)

/// figure-caption
札幌市の位置
///
"""
CSV = "年度,家庭,業務\n2016,420,365\n2022,352,303\n2030,163,142\n"


def _project(mini: Path, slides: str | None = None) -> Path:
    index = (mini / "content/plan/index.md").read_text(encoding="utf-8")
    extra = "powerpoint: true\n" + (f'slides: "{slides}"\n' if slides else "")
    (mini / "content/plan/index.md").write_text(index.replace("department:", extra + "department:", 1),
                                                encoding="utf-8")
    write(mini / "content/plan/01-first.md", CHAPTER)
    (mini / "content/plan/data").mkdir(parents=True, exist_ok=True)
    (mini / "content/plan/data/sectors.csv").write_text(CSV, encoding="utf-8")
    (mini / "content/plan/images").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (400, 300), (0, 114, 178)).save(mini / "content/plan/images/map.png")
    return mini


def _build(root: Path) -> Path:
    out = root / "build"
    result = run_kohyo("build", "--output", str(out), "--build-date", BUILD_DATE, cwd=root)
    assert result.returncode == 0, result.stderr + result.stdout
    return out / "site"


def _mini(root: Path) -> Path:
    """The `mini` project of conftest, made once for this module (a build costs seconds)."""
    from conftest import ROOT

    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", root / "overrides")
    shutil.copytree(ROOT / "content" / "_data", root / "content" / "_data")
    c = root / "content"
    write(c / "index.md", """
        ---
        type: portal
        title: テストのトップページ
        updated: 2026-11-01
        department: public-relations
        ---

        [計画](plan/index.md)
        """)
    write(c / "plan" / "index.md", """
        ---
        type: publication
        title: テスト計画（素案）
        status: 素案
        published: 2026-11-16
        department: climate-policy
        ---

        概要です。[第1章](01-first.md)、[第2章](02-second.md)。
        """)
    write(c / "plan" / "02-second.md", """
        ---
        title: 二番目の章
        ---

        ## 1 詳細 {#detail}

        本文です。
        """)
    return root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = _project(_mini(tmp_path_factory.mktemp("pptx")))
    return root, _build(root)


def _deck(site: Path) -> Presentation:
    return Presentation(str(site / "plan/plan.pptx"))


def _titles(deck) -> list[str]:
    return [s.shapes.title.text_frame.text if s.shapes.title is not None else "" for s in deck.slides]


def test_slides_follow_the_sections(built):
    titles = _titles(_deck(built[1]))
    base = [re.sub("（続き）$", "", t) for t in titles]
    assert titles[0] == "テスト計画（素案）"
    # Each section once, in order; 「（続き）」 slides only right after their own section.
    assert list(dict.fromkeys(base[1:])) == ["概要", "第1章　最初の章", "1 目標", "取組の柱", "2 長い節", "3 大きな表",
                                             "4 画像", "第2章　二番目の章", "1 詳細"]
    for before, title in zip(base, titles[1:]):
        if title.endswith("（続き）"):
            assert re.sub("（続き）$", "", title) == before
    first_of_each = [t for t in titles if not t.endswith("（続き）")]
    assert len(first_of_each) == len(set(first_of_each))


def test_a_long_section_continues_on_continuation_slides(built):
    deck = _deck(built[1])
    titles = _titles(deck)
    assert titles.count("2 長い節（続き）") >= 2
    text = "".join(sh.text_frame.text for s, t in zip(deck.slides, titles) if t.startswith("2 長い節")
                   for sh in s.shapes if sh.has_text_frame and sh.name == "本文")
    assert re.sub(r"\s", "", text) == re.sub(r"\s", "", LONG), "every sentence, once, in order"


def _wrapped_lines(text: str, width: float, size: float, bold: bool) -> int:
    """An independent measure: characters laid end to end with the font's advances, Latin words
    kept whole, a line broken when the next one would pass the edge."""
    from kohyo.pdf.fonts import text_width_pt

    factor = 1.06 if bold else 1.0
    lines, used = 1, 0.0
    for token in re.findall(r"[!-~]+|\s|.", text):
        w = text_width_pt(token, FONT, size) * factor
        if used + w > width and used > 0 and not token.isspace():
            lines, used = lines + 1, 0.0
        used += w
    return lines


def test_no_text_frame_holds_more_than_fits(built):
    deck = _deck(built[1])
    checked = 0
    for slide in deck.slides:
        frames = [(sh.text_frame, sh.width, sh.height, sh.text_frame) for sh in slide.shapes if sh.has_text_frame]
        # A table cell's margins are the cell's (a:tcPr), its height the row's.
        frames += [(c.text_frame, col.width, row.height, c) for sh in slide.shapes if sh.has_table
                   for row in sh.table.rows for c, col in zip(row.cells, sh.table.columns)]
        for frame, width, height, margins in frames:
            if not frame.text.strip():
                continue
            inset_x = margins.margin_left + margins.margin_right
            inset_y = margins.margin_top + margins.margin_bottom
            needed = 0.0
            for p in frame.paragraphs:
                runs = [r for r in p.runs if r.text]
                if not runs:
                    continue
                size = runs[0].font.size.pt
                ppr = p._p.pPr
                mar_l = Emu(int(ppr.get("marL", 0))).pt if ppr is not None else 0
                line = p.line_spacing.pt
                before = p.space_before.pt if p.space_before is not None else 0
                n = _wrapped_lines("".join(r.text for r in runs), Emu(width - inset_x).pt - mar_l, size,
                                   bool(runs[0].font.bold))
                needed += before + n * line
            assert needed <= Emu(height - inset_y).pt + 0.5, (frame.text[:40], needed, Emu(height - inset_y).pt)
            checked += 1
    assert checked > 20


def test_tables_are_powerpoint_tables_split_with_their_header(built):
    deck = _deck(built[1])
    tables = [(t, sh.table) for s, t in zip(deck.slides, _titles(deck)) for sh in s.shapes if sh.has_table]
    first = next(table for t, table in tables if t == "1 目標")
    assert [[c.text for c in r.cells] for r in first.rows] == [["部門", "2016年度", "2022年度"], ["家庭", "420", "352"],
                                                              ["業務", "365", "303"]]
    big = [table for t, table in tables if t.startswith("3 大きな表")]
    assert len(big) >= 2, "30 rows do not fit one slide"
    assert all(table.rows[0].cells[1].text == "取組" for table in big), "the header row on every piece"
    numbers = [int(r.cells[0].text) for table in big for r in list(table.rows)[1:]]
    assert numbers == list(range(1, 31))
    for slide in deck.slides:  # nothing below the slide's edge
        for sh in slide.shapes:
            if sh.has_table:
                assert sh.top + sum(r.height for r in sh.table.rows) <= deck.slide_height


def test_charts_are_native_charts_with_the_csv_values(built):
    deck = _deck(built[1])
    charts = {sh.name: sh for s in deck.slides for sh in s.shapes if sh.has_chart}
    rows = [line.split(",") for line in CSV.strip().split("\n")]
    stacked = charts["図1-1　部門別の排出量の推移"].chart
    assert list(stacked.plots[0].categories) == [r[0] for r in rows[1:]]
    assert [(s.name, list(s.values)) for s in stacked.plots[0].series] == [
        (rows[0][i], [float(r[i]) for r in rows[1:]]) for i in (1, 2)]
    assert stacked.chart_type == 52  # XL_CHART_TYPE.COLUMN_STACKED
    line = charts["図1-2　排出量の推移"].chart
    assert [list(s.values) for s in line.plots[0].series] == [[float(r[1]) for r in rows[1:]]]
    assert line.chart_type == 65  # XL_CHART_TYPE.LINE_MARKERS
    descr = charts["図1-1　部門別の排出量の推移"]._element.nvGraphicFramePr.cNvPr.get("descr")
    assert descr == "家庭と業務の排出量は減っている。"


def test_pictures_carry_their_alt_text(built):
    deck = _deck(built[1])
    pictures = [sh for s in deck.slides for sh in s.shapes if sh.shape_type == 13]  # MSO_SHAPE_TYPE.PICTURE
    assert len(pictures) == 1
    assert pictures[0]._element.nvPicPr.cNvPr.get("descr") == "札幌市の位置を示した地図"


def test_every_run_is_biz_ud_for_latin_and_east_asian_text(built):
    deck = _deck(built[1])
    runs = 0
    for slide in deck.slides:
        for sh in slide.shapes:
            frames = [sh.text_frame] if sh.has_text_frame else []
            frames += [c.text_frame for r in sh.table.rows for c in r.cells] if sh.has_table else []
            for frame in frames:
                for run in (r for p in frame.paragraphs for r in p.runs):
                    rpr = run._r.rPr
                    assert rpr.find(qn("a:latin")).get("typeface") == FONT
                    assert rpr.find(qn("a:ea")).get("typeface") == FONT
                    runs += 1
    assert runs > 50


def test_speaker_notes_come_from_the_marked_comments_and_stay_off_the_page(built):
    root, site = built
    deck = _deck(site)
    notes = {t: s.notes_slide.notes_text_frame.text for s, t in zip(deck.slides, _titles(deck)) if s.has_notes_slide}
    assert notes["1 目標"] == "最初に目標を説明する。\n数字は表で示す。"
    assert notes["第1章　最初の章"] == "章の始めに話すこと。"
    article = BeautifulSoup((site / "plan/01-first/index.html").read_text(encoding="utf-8"), "html.parser").article
    assert "発表メモ" not in article.get_text() and "最初に目標" not in article.get_text()


def test_slide_size_is_16_9_and_the_publication_page_links_the_file(built):
    root, site = built
    deck = _deck(site)
    assert (deck.slide_width, deck.slide_height) == (12192000, 6858000)
    page = BeautifulSoup((site / "plan/index.html").read_text(encoding="utf-8"), "html.parser")
    link = page.select_one('.kohyo-downloads a[href$="plan.pptx"]')
    size = (site / "plan/plan.pptx").stat().st_size
    assert link is not None and f"編集用（PowerPoint：{-(-size // 1024):,}KB）" in link.get_text()
    title_slide = deck.slides[0]
    text = " ".join(sh.text_frame.text for sh in title_slide.shapes if sh.has_text_frame)
    department = yaml.safe_load((root / "content/_data/departments.yml").read_text(encoding="utf-8"))["climate-policy"]
    assert "【素案】" in text and "令和8年（2026年）11月16日" in text and department["name"] in text
    assert deck.core_properties.created.date().isoformat() == "2026-11-16"


def test_same_input_same_bytes_and_a4_on_request(built):
    root, site = built
    first = hashlib.sha256((site / "plan/plan.pptx").read_bytes()).hexdigest()
    index = root / "content/plan/index.md"
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("powerpoint: true\n", "powerpoint: true\nslides: A4\n"), encoding="utf-8")
    shutil.rmtree(root / "build" / ".cache", ignore_errors=True)
    deck = _deck(_build(root))
    assert (round(Emu(deck.slide_width).mm), round(Emu(deck.slide_height).mm)) == (297, 210)
    assert _titles(deck)[:3] == ["テスト計画（素案）", "概要", "第1章　最初の章"]
    index.write_text(text, encoding="utf-8")
    shutil.rmtree(root / "build" / ".cache", ignore_errors=True)  # made again, not copied from the cache
    assert hashlib.sha256((_build(root) / "plan/plan.pptx").read_bytes()).hexdigest() == first


SAMPLES = {"ict-strategy-summary": (12192000, 6858000), "climate-plan": (10692000, 7560000)}


@pytest.mark.parametrize("pub", sorted(SAMPLES))
def test_sample_slides_are_linked_and_their_charts_hold_the_csv(site, pub):
    from conftest import ROOT
    from kohyo.charts import blocks, data

    path = site / pub / f"{pub}.pptx"
    deck = Presentation(str(path))
    assert (deck.slide_width, deck.slide_height) == SAMPLES[pub]
    page = BeautifulSoup((site / pub / "index.html").read_text(encoding="utf-8"), "html.parser")
    link = page.select_one(f'.kohyo-downloads a[href$="{pub}.pptx"]')
    assert link is not None and f"編集用（PowerPoint：{-(-path.stat().st_size // 1024):,}KB）" in link.get_text()
    charts = [sh for s in deck.slides for sh in s.shapes if sh.has_chart]
    expected = 0
    for md in sorted((ROOT / "content" / pub).glob("[0-9]*.md")):
        for block in blocks.find(md.read_text(encoding="utf-8")):
            expected += 1
            table = data.read(md.parent / block.options["data"])
            x = block.options.get("x") or table.header[0]
            ys = block.options.get("y") or [h for h in table.header if h != x]
            ys = [ys] if isinstance(ys, str) else ys
            shape = next(sh for sh in charts if sh.name.endswith(block.title))
            plot = shape.chart.plots[0]
            assert list(plot.categories) == table.column(x)
            assert [(s.name, list(s.values)) for s in plot.series] == [
                (y, [data.number(v) for v in table.column(y)]) for y in ys]
    assert len(charts) == expected


def test_a_picture_powerpoint_cannot_read_stops_the_build_with_a_message(mini):
    index = mini / "content/plan/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("department:", "pdf: false\npowerpoint: true\ndepartment:", 1),
                     encoding="utf-8")
    (mini / "content/plan/images").mkdir()
    (mini / "content/plan/images/broken.png").write_bytes(b"\x89PNG\r\n\x1a\n not really a picture")
    chapter = mini / "content/plan/02-second.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n![壊れた画像](images/broken.png)\n", encoding="utf-8")
    result = run_kohyo("build", "--output", str(mini / "build"), "--build-date", BUILD_DATE, cwd=mini)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    line = index.read_text(encoding="utf-8").splitlines().index("powerpoint: true") + 1
    assert f"content/plan/index.md:{line}: [powerpoint-failed]" in output
    assert "「テスト計画（素案）」の PowerPoint ファイルを作れませんでした" in output and "Traceback" not in output
    assert not (mini / "build/site").exists(), "nothing half-published"


# ---------------------------------------------------------------- how the sample's slides are cut

SOURCE_LINE = re.compile(r"^\s*(出典|資料|※|[（(]?注[0-9０-９]*[）)：:\s　])")


def _body(slide) -> list:
    return [sh for sh in slide.shapes if sh != slide.shapes.title and sh.name != "見出しの線"]


def _is_heading(paragraph) -> bool:
    runs = [r for r in paragraph.runs if r.text]
    return bool(runs) and bool(runs[0].font.bold) and paragraph._p.pPr.find(qn("a:buChar")) is None


def _slide_lines(slide) -> int:
    """How much a slide holds, in lines of text and table rows; a chart or picture counts as full."""
    n = 0
    for sh in _body(slide):
        if sh.has_table:
            n += len(sh.table.rows) - 1
        elif sh.has_chart or sh.shape_type == 13:
            n += 99
        elif sh.has_text_frame:
            for p in sh.text_frame.paragraphs:
                runs = [r for r in p.runs if r.text]
                if runs:
                    mar_l = Emu(int(p._p.pPr.get("marL", 0))).pt
                    n += _wrapped_lines(p.text, Emu(sh.width).pt - 10 - mar_l, runs[0].font.size.pt,
                                        bool(runs[0].font.bold))
    return n


def test_sample_slides_keep_headings_and_sources_with_their_content(site):
    deck = Presentation(str(site / "climate-plan/climate-plan.pptx"))
    slides = list(deck.slides)[1:]
    titles = _titles(deck)[1:]
    for n, (slide, title) in enumerate(zip(slides, titles), start=2):
        body = _body(slide)
        assert body, (n, title)
        last = body[-1]
        if last.has_text_frame and last.name == "本文":
            paragraphs = [p for p in last.text_frame.paragraphs if p.text.strip()]
            assert not _is_heading(paragraphs[-1]), f"slide {n} ends with the heading {paragraphs[-1].text}"
        first = body[0]
        if first.has_text_frame and first.name == "本文":
            assert not SOURCE_LINE.match(first.text_frame.paragraphs[0].text), \
                f"slide {n} opens with the source line {first.text_frame.paragraphs[0].text[:30]}"
        section_last = n - 1 == len(titles) or not titles[n - 1].endswith("（続き）")
        if not section_last:
            assert _slide_lines(slide) >= 3, f"slide {n} ({title}) holds {_slide_lines(slide)} lines"


def test_sample_table_pieces_share_their_rows_and_tables_are_readable(site):
    for pub in SAMPLES:
        deck = Presentation(str(site / pub / f"{pub}.pptx"))
        pieces: dict[str, list[int]] = {}
        for slide in deck.slides:
            shapes = _body(slide)
            for i, sh in enumerate(shapes):
                if sh.has_table:
                    caption = shapes[i - 1].text_frame.text if i and shapes[i - 1].name == "表の表題" else ""
                    pieces.setdefault(re.sub("（続き）$", "", caption), []).append(len(sh.table.rows) - 1)
                    sizes = {r.font.size.pt for row in sh.table.rows for c in row.cells
                             for p in c.text_frame.paragraphs for r in p.runs}
                    # 14 pt; 12 where that keeps a table whole on its slide; 10.5 only for wide tables.
                    least = 14 if pub == "ict-strategy-summary" else 12 if len(sh.table.columns) <= 6 else 10.5
                    assert min(sizes) >= least, (pub, caption, sizes)
        for caption, rows in pieces.items():
            if caption and len(rows) > 1:
                assert min(rows) * 2 >= max(rows), (caption, rows)  # no continuation of a few rows

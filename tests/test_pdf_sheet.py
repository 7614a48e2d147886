"""One-sheet PDFs (`layout: sheet`, issue #12) and code blocks marked as continued across pages.

Each test builds a real project with the `kohyo` command and reads what it wrote: page boxes
with pikepdf, text with pdftotext, the tag tree as a screen reader follows it.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup

from conftest import BUILD_DATE, ROOT, run_kohyo, write
from test_pdf_tags import pdfua_problems, structure

MM = 72 / 25.4
A3_LANDSCAPE = (420 * MM, 297 * MM)
A4_PORTRAIT = (210 * MM, 297 * MM)


def _build(project: Path):
    return run_kohyo("build", "--build-date", BUILD_DATE, cwd=project)


def _size(box) -> tuple[float, float]:
    x0, y0, x1, y1 = (float(v) for v in box)
    return x1 - x0, y1 - y0


def _text(pdf: Path, page: int | None = None) -> str:
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return subprocess.run(["pdftotext", *pages, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _tree_text(pdf: Path) -> str:
    """All the text the structure tree reaches (each element's, so repeated)."""
    with pikepdf.open(pdf) as doc:
        return "".join(text for _, text, _ in structure(doc))


@pytest.fixture
def summary(tmp_path) -> Path:
    """The bundled climate plan summary with what it needs from the sample (its chart's data,
    the plan and the consultation it links to); the plan's own PDF is not made, to stay quick."""
    project = tmp_path / "summary"
    (project / "content/consultations").mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    for part in ("_data", "climate-plan", "climate-plan-summary", "consultations/climate-plan"):
        shutil.copytree(ROOT / "content" / part, project / "content" / part)
    shutil.copy(ROOT / "content/consultations/index.md", project / "content/consultations/index.md")
    index = project / "content/climate-plan/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("\nword: true\n", "\npdf: false\n"), encoding="utf-8")
    write(project / "content/index.md", """
        ---
        type: portal
        title: テストのトップページ
        updated: 2026-11-01
        department: public-relations
        ---

        [計画](climate-plan/index.md)
        """)
    result = _build(project)
    assert result.returncode == 0, result.stderr + result.stdout
    return project / "build"


def test_the_climate_plan_summary_is_one_a3_landscape_sheet(summary):
    web = summary / "site/climate-plan-summary/climate-plan-summary.pdf"
    printed = summary / "print/climate-plan-summary-print.pdf"
    with pikepdf.open(web) as pdf:
        assert len(pdf.pages) == 1
        assert _size(pdf.pages[0].MediaBox) == pytest.approx(A3_LANDSCAPE, abs=0.5)
    with pikepdf.open(printed) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0].obj
        assert _size(page.TrimBox) == pytest.approx(A3_LANDSCAPE, abs=0.5)  # finished size, トンボ outside it
        assert _size(page.MediaBox)[0] > A3_LANDSCAPE[0] + 20 * MM
    text = _text(web)
    # The title band instead of a cover; no contents, colophon or page number.
    assert "札幌市気候変動対策行動計画（改定素案）A3 概要版" in text and "素案" in text
    assert "令和8年（2026年）11月16日" in text and "環境政策課" in text
    for absent in ("目次", "発行者", "問い合わせ先", "- 1 -"):
        assert absent not in text, absent
    # The key figure and the chart: a figure in the tag tree with its alt text, drawn as
    # vectors (no raster image in the file).
    assert "65%削減" in text and "2035年度" in text
    with pikepdf.open(web) as pdf:
        figures = [elem for role, _, elem in structure(pdf) if role == "/Figure"]
        assert figures and all(str(f.get("/Alt", "")).strip() for f in figures)
    assert "市域全体の温室効果ガス排出量の削減目標" in text
    images = subprocess.run(["pdfimages", "-list", str(web)], capture_output=True, text=True).stdout
    assert len(images.strip().splitlines()) == 2, images  # the header lines only
    assert pdfua_problems(web) == []


def test_the_climate_plan_and_its_summary_link_each_other(summary):
    plan = BeautifulSoup((summary / "site/climate-plan/index.html").read_text(encoding="utf-8"), "html.parser")
    links = [a for a in plan.select("article a[href]") if "climate-plan-summary/" in a["href"]]
    assert links and "A3 概要版（1枚）" in links[0].get_text()
    sheet = BeautifulSoup((summary / "site/climate-plan-summary/index.html").read_text(encoding="utf-8"),
                          "html.parser")
    assert any(re.search(r"(^|/)climate-plan/(index\.html)?$", a["href"]) for a in sheet.select("article a[href]"))
    # Its one-page PDF is offered for download with its page count.
    assert "1ページ" in sheet.get_text()


def _sheet(mini: Path, sections: int, **fields: str) -> Path:
    """A sheet publication in the mini project with `sections` sections, each a heading, a
    paragraph and a list item; every line says which section it is in."""
    meta = {"type": "publication", "title": "テスト概要版（1枚）", "status": "素案", "published": "2026-11-16",
            "department": "climate-policy", "layout": "sheet", **fields}
    para = "温室効果ガスの排出削減に向けて、市民・事業者・行政が連携して取り組む必要がある。" * 3
    body = "".join(f"## {n} 取組の柱{n}\n\n{para}第{n}節。\n\n- 項目{n}です\n\n" for n in range(1, sections + 1))
    path = mini / "content/sheet/index.md"
    write(path, "---\n" + "".join(f"{k}: {v}\n" for k, v in meta.items()) + "---\n\n" + body)
    return path


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(folder).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def test_an_overflowing_sheet_fails_with_where_and_how_much(mini):
    index = _sheet(mini, 6)
    good = _build(mini)
    assert good.returncode == 0, good.stderr + good.stdout
    before = _digest(mini / "build/site")
    _sheet(mini, 40)
    bad = _build(mini)
    assert bad.returncode != 0
    found = re.findall(r"^(content/sheet/index\.md):(\d+): \[pdf-sheet-overflow\] (.*)$", bad.stderr, re.M)
    assert len(found) == 1, bad.stderr
    assert "pdf-page-fill" not in bad.stderr  # a sheet's pages are not a book's: one fault, said once
    _, line, message = found[0]
    # The line named is where the first page ends: the text the message quotes is on it, and
    # it is well into the sheet (six sections fit, forty do not).
    quoted = re.search(r"この行の「(.+?)」から後", message).group(1)
    source = index.read_text(encoding="utf-8").splitlines()[int(line) - 1]
    assert quoted[:6] in source, (quoted, source)
    section = int(re.search(r"(?:取組の柱|第|項目)(\d+)", source).group(1))
    assert 6 < section < 40
    # How much: a share of the sheet and a height, and what to do.
    percent = int(re.search(r"約 (\d+)% はみ出しています", message).group(1))
    assert 100 < percent < 400  # forty sections are several times what one page holds
    assert re.search(r"約 \d+ mm", message)
    assert "A3 横・3段組み" in message and "短く" in message
    assert "前回のビルドのまま" in bad.stderr
    assert _digest(mini / "build/site") == before


def test_overflow_in_a_chapter_names_the_chapter(mini):
    _sheet(mini, 2, paper="A4", orientation="landscape")
    para = "市民・事業者・行政が連携して、暖房と給湯の脱炭素化を進める。" * 6
    write(mini / "content/sheet/01-detail.md", "---\ntitle: 詳細\n---\n\n" + "".join(
        f"## {n} 詳細の節\n\n{para}（詳細{n}）\n\n" for n in range(1, 13)))  # section n: heading on line 4n + 1, text on 4n + 3
    result = _build(mini)
    assert result.returncode != 0
    found = re.findall(r"^content/sheet/01-detail\.md:(\d+): \[pdf-sheet-overflow\] .*A4 横・2段組み.*$",
                       result.stderr, re.M)
    assert len(found) == 1, result.stderr
    line = int(found[0])
    assert line > 7 and (line - 1) % 4 in (0, 2), line  # a section's heading or text, not the first


def test_the_editor_guide_lists_the_layout_and_its_problem(mini):
    from kohyo.render.guide import front_matter_markdown, problem_codes_markdown

    rows = [row for row in front_matter_markdown() if row.startswith("| `layout` |")]
    assert rows and "sheet" in rows[0] and "1ページ" in rows[0]
    assert any("`pdf-sheet-overflow`" in row and "収まらない" in row for row in problem_codes_markdown())


def test_an_a4_portrait_leaflet(mini):
    _sheet(mini, 3, paper="A4")
    result = _build(mini)
    assert result.returncode == 0, result.stderr + result.stdout
    web = mini / "build/site/sheet/sheet.pdf"
    with pikepdf.open(web) as pdf:
        assert len(pdf.pages) == 1
        assert _size(pdf.pages[0].MediaBox) == pytest.approx(A4_PORTRAIT, abs=0.5)
    with pikepdf.open(mini / "build/print/sheet-print.pdf") as pdf:
        assert len(pdf.pages) == 1
        assert _size(pdf.pages[0].obj.TrimBox) == pytest.approx(A4_PORTRAIT, abs=0.5)
    text = _text(web)
    assert "テスト概要版（1枚）" in text and "取組の柱3" in text and "目次" not in text
    # One column by default on portrait paper: the sections come one under the other.
    layout = subprocess.run(["pdftotext", "-layout", str(web), "-"], capture_output=True, text=True).stdout
    assert not any("取組の柱1" in ln and "取組の柱2" in ln for ln in layout.splitlines())


CODE_LINES = 90


def test_a_code_block_split_across_pages_is_marked_continued(mini):
    para = "温室効果ガスの排出削減に向けて、市民・事業者・行政が連携して取り組む必要がある。" * 4
    code = "\n".join(f"line {i:03d} = compute(value_{i}, option='x')" for i in range(1, CODE_LINES + 1))
    write(mini / "content/plan/01-first.md", f"""---
title: 最初の章
---

## 1 目標 {{#targets}}

{para}

```
short = "not split"
```

{para}

{para}

```
{code}
```

{para}
""")
    result = _build(mini)
    assert result.returncode == 0, result.stderr + result.stdout
    web = mini / "build/site/plan/plan.pdf"
    with pikepdf.open(web) as pdf:
        count = len(pdf.pages)
    pages = [_text(web, n) for n in range(1, count + 1)]
    holding = [i for i, t in enumerate(pages) if re.search(r"line \d{3} = compute", t)]
    assert len(holding) >= 2, "the block is long enough to be split"
    first, last = holding[0], holding[-1]
    # 「（続く）」 at the foot of every part but the last, 「（続き）」 at the head of every part but
    # the first, and nothing on the short block or any other page.
    for i, text in enumerate(pages):
        assert text.count("（続く）") == (first <= i < last), (i, text)
        assert text.count("（続き）") == (first < i <= last), (i, text)
    lines = pages[first].splitlines()
    assert lines.index("（続く）") > max(n for n, ln in enumerate(lines) if ln.startswith("line "))
    lines = pages[first + 1].splitlines()
    assert lines.index("（続き）") < min(n for n, ln in enumerate(lines) if ln.startswith("line "))
    # Drawn, but not content: a screen reader following the tags reads the code without them.
    tree = _tree_text(web)
    assert "line 001" in tree and f"line {CODE_LINES:03d}" in tree
    assert "続く" not in tree and "続き" not in tree
    # The print PDF shows them too.
    printed = _text(mini / "build/print/plan-print.pdf")
    assert printed.count("（続く）") == printed.count("（続き）") == last - first


def test_a_code_block_split_across_a_sheets_columns_is_marked_too(mini):
    path = _sheet(mini, 2)
    code = "\n".join(f"step {i:03d}: run(task_{i})" for i in range(1, 75))
    path.write_text(path.read_text(encoding="utf-8") + f"```\n{code}\n```\n\n最後の段落です。\n", encoding="utf-8")
    result = _build(mini)
    assert result.returncode == 0, result.stderr + result.stdout
    web = mini / "build/site/sheet/sheet.pdf"
    text = _text(web)
    assert "step 001" in text and "step 074" in text and "最後の段落です" in text
    # One page, the block in two columns: a foot label low in the left one, a head label high
    # in the next.
    assert text.count("（続く）") == text.count("（続き）") == 1
    bbox = subprocess.run(["pdftotext", "-bbox", str(web), "-"], capture_output=True, text=True).stdout
    at = {w: (float(x), float(y)) for x, y, w in
          re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>([^<]*)</word>', bbox)}
    assert at["（続く）"][0] < at["（続き）"][0] and at["（続く）"][1] > at["（続き）"][1] + 200

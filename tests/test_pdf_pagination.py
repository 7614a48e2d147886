"""Pagination without holes (issue #12): every PDF page inside a chapter is at least half full.

The build enforces the rule (engine.check_page_fill); these tests build real projects, a
generated corpus of mixed content and small faults, and read the PDFs kohyo wrote.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
from pathlib import Path

from pypdf import PdfReader

from conftest import BUILD_DATE, ROOT, run_kohyo, write

spec = importlib.util.spec_from_file_location("gen_corpus", ROOT / "scripts" / "gen_corpus.py")
gen_corpus = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen_corpus)


def _build(project: Path):
    return run_kohyo("build", "--output", str(project / "build"), "--build-date", BUILD_DATE, cwd=project)


def _pdf(project: Path, pub: str) -> PdfReader:
    return PdfReader(next((project / "build").glob(f"releases/*/site/{pub}/{pub}.pdf")))


def test_generated_corpus_has_no_stranded_pages(tmp_path):
    project = gen_corpus.generate_mixed(tmp_path / "mixed", chapters=4, seed=7)
    result = _build(project)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "pdf-page-fill" not in out
    reader = _pdf(project, "mixed")
    texts = [page.extract_text() for page in reader.pages]
    assert len(texts) >= 12  # long enough that headings, notes and tables meet page ends
    # The introduction (index.md) is in the PDF, after the contents and before chapter 1.
    intro = next(i for i, t in enumerate(texts) if "この計画の序文です" in t)
    first = next(i for i, t in enumerate(texts) if "混在試験の章 1" in t and i > 1)
    assert 1 < intro < first
    # The running head uses short_title.
    assert "改ページ試験" in texts[first + 1] and "改ページ試験用の計画" not in texts[first + 1]


def test_wao_space_is_a_fixed_quarter_em(tmp_path):
    project = gen_corpus.generate_mixed(tmp_path / "mixed", chapters=1, seed=3)
    long = "温室効果ガスの排出削減に向けて、市民・事業者・行政が連携して取り組む必要がある。" * 4
    write(project / "content" / "mixed" / "01-chapter.md", f"""
        ---
        title: 和欧間
        ---

        本市は GX の推進と ZEB 化を進め、2030 年度までに排出量を削減する。{long}

        ```
        python scripts/tool.py{" --option" * 20} --last
        short line
        ```
        """)
    result = _build(project)
    assert result.returncode == 0, result.stdout + result.stderr
    pdf = next((project / "build").glob("releases/*/site/mixed/mixed.pdf"))
    words = re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)"[^>]*>([^<]*)</word>',
                       subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True).stdout)
    at = next(i for i, w in enumerate(words) if w[3] == "本市は")
    line = [w for w in words[at:] if w[1] == words[at][1]]
    assert [w[3] for w in line[:4]] == ["本市は", "GX", "の推進と", "ZEB"]
    # Spaces stay U+0020 for copy and search, in the text and elsewhere (the page number).
    page = PdfReader(pdf).pages[3].extract_text()
    assert "本市は GX の推進と ZEB 化" in page and "- 4 -" in page and "\u2005" not in page
    # A justified line: without fixed 和欧間 spaces the line's slack all goes into them.
    gaps = [float(b[0]) - float(a[2]) for a, b in zip(line, line[1:])]
    assert all(10.5 * 0.2 < g < 10.5 * 0.3 for g in gaps), gaps
    # A code line longer than its box is broken at the box's edge and marked ⤵ there; the text
    # itself is all there.
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    first = next(line for line in text.splitlines() if line.startswith("python scripts/tool.py"))
    assert first.endswith("⤵")
    assert f"python scripts/tool.py{' --option' * 20} --last\nshort line" in text.replace("⤵\n", "")


def _mini_with(mini: Path, chapter: str, css: str = "") -> Path:
    write(mini / "content" / "plan" / "01-first.md", chapter)
    if css:
        write(mini / "content" / "plan" / "print.css", css)
    return mini


def test_a_page_ending_high_in_a_chapter_fails_with_its_line(mini):
    # A forced break before every section leaves the first page of the chapter nearly empty.
    _mini_with(mini, """
        ---
        title: 最初の章
        ---

        ## 1 目標 {#targets}

        本文です。

        ## 2 次の節

        [第2章の節](02-second.md#detail)を参照。
        """, css="h2 + h2, p + h2 { break-before: page; }\n")
    result = _build(mini)
    out = result.stdout + result.stderr
    assert result.returncode != 0, out
    assert re.search(r"content/plan/01-first\.md:9: \[pdf-page-fill\] 「plan」の PDF: 1?\dページ目が本文の\d+%で終わり", out), out
    assert "Traceback" not in out


def test_a_tall_unbreakable_figure_is_a_warning_naming_it(mini):
    write(mini / "content" / "plan" / "tall.svg",
          '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="820"><rect width="400" height="820" fill="#ccc"/></svg>\n')
    paragraph = "気候変動対策の推進に当たっては、市民・事業者・行政が連携して取り組む必要がある。" * 6
    _mini_with(mini, f"""
        ---
        title: 最初の章
        ---

        ## 1 目標 {{#targets}}

        {paragraph}

        {paragraph}

        ![高さのある説明図](tall.svg)

        本文です。[第2章の節](02-second.md#detail)を参照。
        """)
    result = _build(mini)
    out = result.stdout + result.stderr
    assert result.returncode == 0, out
    assert "pdf-page-fill" not in out
    assert re.search(r"content/plan/01-first\.md:11: .*「図：高さのある説明図」は分けられないまとまり", out), out


def test_an_image_in_a_table_cell_keeps_its_size(tmp_path):
    from bs4 import BeautifulSoup

    from kohyo.pdf.tables import set_column_widths

    image = tmp_path / "fig.svg"
    image.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="240" height="120"></svg>\n', encoding="utf-8")
    doc = BeautifulSoup(f"<table><tr><th>区分</th><th>図</th><th>説明</th></tr>"
                        f"<tr><td>家庭</td><td><img src='{image.as_uri()}' alt='図'></td>"
                        f"<td>{'説明の文章。' * 30}</td></tr></table>", "html.parser")
    set_column_widths(doc, 480.0)
    widths = [float(c["style"].split(":")[1].rstrip("%")) for c in doc.find_all("col")]
    # 240 px = 180 pt of 480 pt: the site shows it at that size, so the column is at least that wide
    # (text-only widths gave it the width of one character: a 5 mm thumbnail).
    assert widths[1] / 100 * 480 >= 180, widths

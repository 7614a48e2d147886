"""The PDFs officials download and print shops print, inspected with pypdf."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import BUILD_DATE, ROOT, run_kohyo, write

PUBS = {  # id: (title, minimum pages, page size in points)
    "ict-strategy": ("第2次札幌市ICT活用戦略", 20, (595, 842)),
    "ict-strategy-summary": ("第2次札幌市ICT活用戦略（素案）概要版", 2, (1191, 842)),
    "climate-plan": ("札幌市気候変動対策行動計画（改定素案）", 40, (595, 842)),
}
CLOSING = "。、）」』】〕，．！？"


def web_pdf(sample_build: Path, pub: str) -> PdfReader:
    return PdfReader(sample_build / "site" / pub / f"{pub}.pdf")


def print_pdf(sample_build: Path, pub: str) -> PdfReader:
    return PdfReader(sample_build / "print" / f"{pub}-print.pdf")


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def _outline_titles(items) -> list[str]:
    out = []
    for item in items:
        out += _outline_titles(item) if isinstance(item, list) else [item.title]
    return out


@pytest.mark.parametrize("pub", sorted(PUBS))
def test_web_pdf_is_tagged_japanese_with_metadata(sample_build, pub):
    title, min_pages, (w, h) = PUBS[pub]
    reader = web_pdf(sample_build, pub)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "ja"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    meta = reader.metadata
    assert meta.title == title
    assert meta.author.startswith("札幌市")
    assert meta.subject and meta.get("/Keywords")
    assert min_pages <= len(reader.pages) <= 200
    box = reader.pages[3].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (w, h)


@pytest.mark.parametrize("pub", sorted(PUBS))
def test_outline_mirrors_the_chapters_and_sections(sample_build, site, pub):
    reader = web_pdf(sample_build, pub)
    titles = _outline_titles(reader.outline)
    chapters = [a.get_text(strip=True) for a in BeautifulSoup(
        (site / pub / "index.html").read_text(encoding="utf-8"), "html.parser").select("nav.kohyo-chapters li a")]
    top = [t for t in titles if t in chapters]
    assert top == chapters  # every chapter, in order
    sections = sum(len(BeautifulSoup((site / pub / Path(u).name / "index.html").read_text(encoding="utf-8"),
                                     "html.parser").select("article h2[id]")) - 1  # minus the contact block
                   for u in [a["href"] for a in BeautifulSoup((site / pub / "index.html").read_text(encoding="utf-8"),
                                                              "html.parser").select("nav.kohyo-chapters li a")])
    assert len(titles) >= len(chapters) + sections


@pytest.mark.parametrize("pub", sorted(PUBS))
def test_every_font_is_embedded_and_subset(sample_build, pub):
    reader = web_pdf(sample_build, pub)
    seen = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descendant = font.get("/DescendantFonts")
            descriptor = (descendant[0].get_object() if descendant else font)["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
            seen.add(str(font["/BaseFont"]))
    assert seen and all(re.match(r"^/[A-Z]{6}\+BIZ-UD", name) for name in seen), seen


def _plain_sentences(markdown: str, count: int) -> list[str]:
    """Sentences from the source that carry no Markdown markup."""
    found, in_chart = [], False
    for line in markdown.split("---", 2)[-1].splitlines():
        if line.startswith("/// chart") or (in_chart and line.strip() == "///"):
            in_chart = line.startswith("/// chart")  # a chart's text alternative is not printed text
            continue
        if not in_chart and len(line) > 30 and not re.search(r"[\[\]*|#!:`>（）「」]|^\s*[-\d]", line):
            found.append(line.split("。")[0][:20])
    return found[:count]


@pytest.mark.parametrize("pub,chapter", [("climate-plan", "03-emissions.md"), ("ict-strategy", "04-policies.md"),
                                         ("climate-plan", "06-adaptation.md")])
def test_japanese_text_extracts_as_written(sample_build, pub, chapter):
    text = re.sub(r"\s+", "", text_of(web_pdf(sample_build, pub)))
    sentences = _plain_sentences((ROOT / "content" / pub / chapter).read_text(encoding="utf-8"), 5)
    assert len(sentences) >= 3
    for sentence in sentences:
        assert re.sub(r"\s+", "", sentence) in text


@pytest.mark.parametrize("pub", sorted(PUBS))
def test_no_line_starts_with_a_closing_mark(sample_build, pub):
    lines = [ln.strip() for ln in text_of(web_pdf(sample_build, pub)).splitlines() if ln.strip()]
    bad = [ln[:20] for ln in lines if ln[0] in CLOSING]
    assert len(lines) > 100
    assert bad == []


@pytest.mark.parametrize("pub", sorted(PUBS))
def test_print_pdf_has_bleed_and_output_intent_and_same_pagination(sample_build, pub):
    printed, web = print_pdf(sample_build, pub), web_pdf(sample_build, pub)
    assert len(printed.pages) == len(web.pages)
    page = printed.pages[2]
    trim, bleed = page.trimbox, page.bleedbox
    for t, b in zip((trim.left, trim.bottom), (bleed.left, bleed.bottom)):
        assert float(t) - float(b) == pytest.approx(8.5, abs=0.1)  # 3 mm
    intent = printed.trailer["/Root"]["/OutputIntents"][0].get_object()
    assert intent["/S"] == "/GTS_PDFX"
    assert not (sample_build / "site" / f"{pub}-print.pdf").exists(), "print PDFs are not published"


def test_cover_toc_and_colophon(sample_build):
    reader = web_pdf(sample_build, "climate-plan")
    cover = reader.pages[0].extract_text()
    assert "札幌市気候変動対策行動計画（改定素案）" in cover.replace("\n", "")
    assert "素案" in cover and "令和8年（2026年）11月16日（月曜日）" in cover
    assert "札幌市環境局環境都市推進部環境政策課" in cover
    toc = reader.pages[1].extract_text()
    assert "目次" in toc
    # Chapter 1 listed with a page number that is where chapter 1 really starts.
    m = re.search(r"第1章\s*計画の基本的事項[.\s…]*?(\d+)", toc)
    assert m, toc[:300]
    start = int(m.group(1))
    assert "第1章" in reader.pages[start - 1].extract_text()
    assert f"- {start} -" in reader.pages[start - 1].extract_text()
    colophon = reader.pages[-1].extract_text()
    assert "発行" in colophon and "011-211-2872" in colophon


def test_figures_and_tables_are_numbered_by_chapter_in_site_and_pdf(sample_build, site):
    page = BeautifulSoup((site / "climate-plan/03-emissions/index.html").read_text(encoding="utf-8"), "html.parser")
    first = page.select_one("figure.kohyo-table > table > caption").get_text(" ", strip=True)
    assert first.startswith("表3-1")
    assert "表3-1" in text_of(web_pdf(sample_build, "climate-plan"))


def test_publication_page_lists_the_pdf_with_real_size_and_pages(sample_build, site):
    for pub, (title, _, _) in PUBS.items():
        page = BeautifulSoup((site / pub / "index.html").read_text(encoding="utf-8"), "html.parser")
        link = page.select_one(".kohyo-downloads a")
        pdf = site / pub / link["href"]
        size_kb = -(-pdf.stat().st_size // 1024)
        pages = len(PdfReader(pdf).pages)
        assert link.get_text(strip=True) == f"{title} 全文（PDF：{size_kb:,}KB／{pages}ページ）"


def test_text_pages_average_at_most_30_kb(sample_build):
    """Per A4 page of paper: an A3 page of the summary carries the text of two A4 pages."""
    a4 = 595.28 * 841.89
    for pub in PUBS:
        path = sample_build / "site" / pub / f"{pub}.pdf"
        reader = PdfReader(path)
        a4_pages = sum(float(p.mediabox.width) * float(p.mediabox.height) for p in reader.pages) / a4
        assert path.stat().st_size / a4_pages <= 30 * 1024


def test_a_rebuild_without_changes_renders_no_pdf(tmp_path):
    out = tmp_path / "build"
    first = run_kohyo("build", "--output", str(out), "--build-date", BUILD_DATE, cwd=ROOT)
    assert first.returncode == 0, first.stderr
    assert "公表物 5 件（新たに作成 5 件" in first.stderr
    cache = {p: p.stat().st_mtime_ns for p in (out / ".cache").iterdir()}
    second = run_kohyo("build", "--output", str(out), "--build-date", BUILD_DATE, cwd=ROOT)
    assert second.returncode == 0, second.stderr
    assert "新たに作成 0 件、前回から再利用 5 件" in second.stderr
    assert {p: p.stat().st_mtime_ns for p in (out / ".cache").iterdir()} == cache
    assert (out / "site/climate-plan/climate-plan.pdf").stat().st_size > 100_000


# No silent failure: each fault stops the build with the publication and page named.

def _pdf_fault(mini: Path, body: str) -> str:
    write(mini / "content/plan/01-first.md", "---\ntitle: 最初の章\n---\n\n## 1 目標 {#targets}\n\n" + body + "\n")
    result = run_kohyo("build", "--build-date", BUILD_DATE, cwd=mini)
    assert result.returncode != 0
    assert not (mini / "build/site").exists(), "nothing is published"
    return result.stderr


def test_a_character_no_font_has_fails_with_file_and_line(mini):
    err = _pdf_fault(mini, "本文です。\n\n溶ける顔🫠の絵文字（Unicode 14：同梱のどのフォントにもない）。")
    assert "content/plan/01-first.md:9: [pdf-missing-glyph]" in err
    assert "U+1FAE0" in err


def test_an_image_that_cannot_be_loaded_fails(mini):
    (mini / "content/plan/images").mkdir(parents=True)
    (mini / "content/plan/images/broken.png").write_bytes(b"not a png")
    err = _pdf_fault(mini, "![壊れた画像の説明](images/broken.png)")
    assert "[pdf-resource]" in err and "broken.png" in err and "「plan」" in err


def test_content_wider_than_the_page_fails(mini):
    err = _pdf_fault(mini, "URL: " + "https://example.jp/" + "a" * 400)
    assert "content/plan/01-first.md:7: [pdf-overflow]" in err  # its own line (kohyo check finds it first)


def test_a_toc_entry_without_page_and_a_short_outline_fail(mini):
    write(mini / "content/plan/print.css", "#ch-01-first--targets { display: none; }\n")
    result = run_kohyo("build", "--build-date", BUILD_DATE, cwd=mini)
    assert result.returncode != 0
    assert "[pdf-toc]" in result.stderr and "[pdf-outline]" in result.stderr


def test_cross_references_and_duplex_chapters(mini):
    """An empty link to a table shows its number in site and PDF; duplex chapters start on the right."""
    write(mini / "content/plan/index.md", "---\ntype: publication\ntitle: テスト計画（素案）\nstatus: 素案\n"
          "published: 2026-11-16\ndepartment: climate-policy\nduplex: true\nprint_pdf: false\n---\n\n概要です。\n")
    write(mini / "content/plan/02-second.md", "---\ntitle: 二番目の章\n---\n\n## 1 詳細 {#detail}\n\n"
          "目標は[](01-first.md#tbl-goal)のとおり。\n")
    write(mini / "content/plan/01-first.md", "---\ntitle: 最初の章\n---\n\n## 1 目標 {#targets}\n\n"
          "| 年度 | 目標 |\n|---|---:|\n| 2030 | 55% |\n\n/// table-caption\n    attrs: {id: tbl-goal}\n"
          "削減目標\n///\n\n[](#tbl-goal)に示す。\n")
    result = run_kohyo("build", "--build-date", BUILD_DATE, cwd=mini)
    assert result.returncode == 0, result.stderr
    second = BeautifulSoup((mini / "build/site/plan/02-second/index.html").read_text(encoding="utf-8"),
                           "html.parser")
    assert second.select_one('article a[href$="#tbl-goal"]').get_text(strip=True) == "表1-1"
    reader = PdfReader(mini / "build/site/plan/plan.pdf")
    text = text_of(reader)
    assert "目標は表2" not in text and "目標は表1-1のとおり" in re.sub(r"\s", "", text)
    starts = [reader.get_destination_page_number(item) + 1 for item in reader.outline
              if not isinstance(item, list) and item.title.startswith("第")]
    assert len(starts) == 2 and all(n % 2 == 1 for n in starts), starts


def test_footnotes_print_at_the_foot_of_the_citing_page_or_the_next(sample_build):
    """GCPM lets a note that does not fit follow on the next page; it is never lost or moved to the end."""
    pages = [p.extract_text() for p in web_pdf(sample_build, "climate-plan").pages]
    calls, notes = {}, {}
    for number, text in enumerate(pages):
        for n in re.findall(r"※(\d+)(?!\d|\u3000)", text):
            calls.setdefault(n, number)
        for n in re.findall(r"※(\d+)\u3000", text):
            notes.setdefault(n, number)
    assert len(calls) >= 3 and calls.keys() == notes.keys()
    assert {n: notes[n] - calls[n] for n in calls if notes[n] - calls[n] not in (0, 1)} == {}

"""Editable Word versions: the structure of the site's chapters, in a file officials can revise."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docx import Document
from docx.oxml.ns import qn

from conftest import ROOT

WORD_PUBLICATIONS = {"climate-plan": ("A4", False), "ict-strategy": ("A4", False), "ict-strategy-summary": ("A3", True)}
PAPER_MM = {"A4": (210, 297), "A3": (297, 420)}


def _chapters(site: Path, pub: str) -> list[BeautifulSoup]:
    """The chapters as the publication page lists them: a final version's generated 新旧対照表 too."""
    page = BeautifulSoup((site / pub / "index.html").read_text(encoding="utf-8"), "html.parser")
    urls = [a["href"] for a in page.select("nav.kohyo-chapters li a")]
    return [BeautifulSoup((site / pub / url / "index.html").read_text(encoding="utf-8"), "html.parser")
            .select_one("article") for url in urls]


def test_only_publications_with_word_enabled_have_one(site):
    enabled = {p.parent.name for p in (ROOT / "content").glob("*/index.md")
               if re.search(r"^word: true$", p.read_text(encoding="utf-8"), re.M)}
    assert enabled == set(WORD_PUBLICATIONS)
    assert sorted(p.parent.name for p in site.glob("*/*.docx")) == sorted(enabled)


@pytest.mark.parametrize("pub", sorted(WORD_PUBLICATIONS))
def test_the_publication_page_links_its_word_file_with_its_size(site, pub):
    page = BeautifulSoup((site / pub / "index.html").read_text(encoding="utf-8"), "html.parser")
    link = page.select_one(f'.kohyo-downloads a[href$="{pub}.docx"]')
    assert link is not None
    size = (site / pub / f"{pub}.docx").stat().st_size
    assert f"編集用（Word：{-(-size // 1024):,}KB）" in link.get_text()


@pytest.mark.parametrize("pub", sorted(WORD_PUBLICATIONS))
def test_the_word_file_keeps_headings_tables_and_pictures(site, pub):
    doc = Document(str(site / pub / f"{pub}.docx"))
    chapters = _chapters(site, pub)
    headings = [(p.style.name, p.text.strip()) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    expected = []
    for article in chapters:
        expected.append(("Heading 1", article.h1.get_text(strip=True).rstrip("¶")))
        for h in article.find_all(["h2", "h3"]):
            if h.find_parent(class_=re.compile(r"^kohyo-")) is not None:
                continue  # the template's own parts (問い合わせ先, opinions on this page), not the chapter
            expected.append((f"Heading {h.name[1]}", h.get_text().replace("¶", "").strip()))
    assert [h for h in headings if h[0] in ("Heading 1", "Heading 2", "Heading 3")] == expected
    site_tables = sum(len(a.find_all("table")) for a in chapters)
    assert len(doc.tables) == site_tables, "every table, as a Word table (not inside another)"
    charts = sum(len(a.select("figure.kohyo-chart")) for a in chapters)
    images = sum(len(a.select("img")) for a in chapters)
    assert len(doc.inline_shapes) == images and images >= charts
    first_table = chapters[0].find("table") or next(a.find("table") for a in chapters if a.find("table"))
    cells = [c.get_text(strip=True) for c in first_table.find("tr").find_all(["th", "td"])]
    assert any([c.text.strip() for c in t.rows[0].cells] == cells for t in doc.tables)


def test_charts_and_footnotes_arrive_as_pictures_and_word_footnotes(site):
    path = site / "climate-plan/climate-plan.docx"
    with zipfile.ZipFile(path) as z:
        media = [n for n in z.namelist() if n.startswith("word/media/")]
        footnotes = z.read("word/footnotes.xml").decode("utf-8")
    assert len(media) >= 7 and all(n.endswith(".png") for n in media), media
    chapter3 = (ROOT / "content/climate-plan/03-emissions.md").read_text(encoding="utf-8")
    note = re.search(r"^\[\^1\]: (.{12})", chapter3, re.M).group(1)
    assert note in footnotes


@pytest.mark.parametrize("pub", sorted(WORD_PUBLICATIONS))
def test_styles_are_japanese_biz_ud_on_the_pdfs_paper(site, pub):
    doc = Document(str(site / pub / f"{pub}.docx"))
    for name, family in (("Heading 1", "BIZ UDPGothic"), ("Body Text", "BIZ UDPMincho"),
                         ("Table Caption", "BIZ UDPGothic")):
        fonts = doc.styles[name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == family, name
    paper, landscape = WORD_PUBLICATIONS[pub]
    short, long = PAPER_MM[paper]
    section = doc.sections[0]
    width, height = (long, short) if landscape else (short, long)
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (width, height)
    assert doc.core_properties.title and doc.core_properties.author

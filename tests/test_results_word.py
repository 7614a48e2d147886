"""意見の概要と市の考え方 as Word: the results page's table, editable, with its counts and no
submitter's data; and the results page lists every download of the results."""

from __future__ import annotations

import re
import zipfile

import pytest
import yaml
from bs4 import BeautifulSoup
from docx import Document
from docx.oxml.ns import qn

from conftest import BUILD_DATE, run_kohyo
from test_consultations import DEMO_KEY, PRIVATE_VALUES, ROWS, _consultation, _import, _respond, _sheet


@pytest.fixture(autouse=True)
def _privacy_key(monkeypatch):
    monkeypatch.setenv("KOHYO_PRIVACY_KEY", DEMO_KEY)


@pytest.fixture
def published(mini, tmp_path):
    folder = _consultation(mini)
    assert _import(mini, _sheet(tmp_path / "in.csv")).returncode == 0
    _respond(folder)
    assert run_kohyo("consult", "publish", "--consultation", "plan", "--date", "2027-01-20", cwd=mini).returncode == 0
    result = run_kohyo("build", "--build-date", BUILD_DATE, cwd=mini)
    assert result.returncode == 0, result.stderr
    return mini


def test_one_row_per_published_opinion_group_with_the_counts(published):
    folder = published / "build/site/consultations/plan"
    doc = Document(str(folder / "results.docx"))
    records = yaml.safe_load((published / "content/consultations/plan/opinions.yml").read_text(encoding="utf-8"))
    groups = {r.get("group") or f"#{r['id']}" for r in records}
    opinion_tables = [t for t in doc.tables if [c.text for c in t.rows[0].cells] == ["No.", "意見の概要", "市の考え方", "区分"]]
    rows = [[c.text for c in r.cells] for t in opinion_tables for r in list(t.rows)[1:]]
    assert len(rows) == len(groups) == 3
    assert [r[0] for r in rows] == ["1", "2", "3"]
    assert any("（ほか同趣旨1件）" in r[1] for r in rows)
    assert "<script>alert('x')</script>を表示しないこと & 説明を。" in [r[1] for r in rows], "text as written"
    # The site's grouping: a heading per part of the draft, in the page's order.
    page = BeautifulSoup((folder / "results/index.html").read_text(encoding="utf-8"), "html.parser")
    site_groups = [h.get_text().replace("¶", "").strip() for h in page.select("article h3[id^='op-']")]
    word_groups = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert word_groups == site_groups and len(word_groups) == len(opinion_tables)
    counts = {r.cells[0].text: r.cells[1].text for t in doc.tables for r in t.rows if len(r.cells) == 2}
    assert counts["意見提出者数"] == "3人・団体（個人 2人、団体 1団体）"
    assert counts["意見件数"] == "4件" and counts["修正"] == "1件"
    section = doc.sections[0]
    assert section.page_width > section.page_height, "A4 landscape for the wide table"
    assert doc.styles["Normal"].element.rPr.rFonts.get(qn("w:eastAsia")) == "BIZ UDPMincho"


def test_no_private_field_reaches_the_word_file(published):
    with zipfile.ZipFile(published / "build/site/consultations/plan/results.docx") as z:
        text = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith(".xml"))
    for value in PRIVATE_VALUES + [row[0] for row in ROWS]:
        assert value not in text


def test_the_results_page_lists_all_four_downloads(published):
    folder = published / "build/site/consultations/plan"
    page = BeautifulSoup((folder / "results/index.html").read_text(encoding="utf-8"), "html.parser")
    links = {a["href"].rsplit(".", 1)[-1]: a.get_text(strip=True)
             for a in page.select("article .kohyo-downloads a[download]")}
    assert set(links) == {"pdf", "xlsx", "csv", "docx"}
    size = (folder / "results.docx").stat().st_size
    assert links["docx"] == f"意見の概要と市の考え方（Word：{-(-size // 1024):,}KB）"
    assert re.fullmatch(r"全文（PDF：[\d,]+KB／\d+ページ）", links["pdf"])
    consultation = BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert consultation.select_one('a[href$="results.docx"]') is not None

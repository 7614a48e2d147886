"""The bundled sample tells a plan's whole life: the ICT strategy was kept as its 素案, consulted
on, and made final with `kohyo stage`; the built site shows the kept draft, the generated
新旧対照表 (in the results as well) and the expert meetings. Read from the one sample build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import ROOT
from kohyo.shinkyu import plain

DRAFT = ROOT / "versions/ict-strategy/2024-12-16-素案"
FINAL = ROOT / "versions/ict-strategy/2025-03-27-確定"
CHAPTERS = sorted((ROOT / "content/ict-strategy").glob("*.md"))


def _soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def _flat(text: str) -> str:
    """Text without whitespace or a list marker/table bars, to find a cell's text in a Markdown file."""
    return re.sub(r"\s+|^[-*]\s", "", text)


def _side(cell, drop: str) -> str:
    """A 新旧対照表 cell as the text it stands for: the screen-reader markers and the other side's
    marks left out."""
    for sr in cell.select(".kohyo-sr, .kohyo-shinkyu__none"):
        sr.decompose()
    for mark in cell.find_all(drop):
        mark.decompose()
    return _flat(cell.get_text(""))


def test_kept_versions_are_the_draft_and_the_final(site):
    assert (DRAFT / "files/ict-strategy.pdf").is_file() and (FINAL / "files/ict-strategy.pdf").is_file()
    draft_index = (DRAFT / "source/index.md").read_text(encoding="utf-8")
    assert "status: 素案" in draft_index and "title: 第2次札幌市ICT活用戦略（素案）" in draft_index
    index = (ROOT / "content/ict-strategy/index.md").read_text(encoding="utf-8")
    assert "status: 確定" in index and "published: 2025-03-27" in index
    assert "title: 第2次札幌市ICT活用戦略\n" in index and "short_title: ICT活用戦略\n" in index
    assert not (FINAL / "source/meetings").exists(), "meetings are not part of the kept document"
    for path in CHAPTERS:  # the final text no longer calls itself 素案 where it means itself
        assert "この素案" not in path.read_text(encoding="utf-8") and "素案は次の" not in path.read_text(encoding="utf-8")


def test_shinkyu_rows_are_real_changes_between_the_kept_draft_and_the_final_text(site):
    # The table shows passages without their Markdown marks (kohyo.shinkyu.plain).
    old = "".join(_flat(plain(p.read_text(encoding="utf-8"))) for p in sorted((DRAFT / "source").glob("*.md")))
    new = "".join(_flat(plain(p.read_text(encoding="utf-8"))) for p in CHAPTERS)
    rows = _soup(site, "ict-strategy/shinkyu").select("table.kohyo-shinkyu tbody tr")
    changed = []
    for row in rows:
        no, before, after = row.find_all("td")[:3]
        b, a = _side(before, "ins"), _side(after, "del")
        assert b != a, no.get_text()
        if b and a:
            changed.append((b, a))
        # Each side is the text of its own version, and not the other's.
        assert not b or b in old, b[:40]
        assert not a or a in new, a[:40]
    assert len(changed) >= 3, changed
    assert sum(1 for b, a in changed if b not in new and a not in old) >= 3
    text = _soup(site, "ict-strategy/shinkyu").select_one("article").get_text()
    assert "](" not in text and "index.md" not in text  # links shown as their text
    # The opinions that caused changes link to their rows.
    anchors = {s["id"] for s in _soup(site, "ict-strategy/shinkyu").select("table.kohyo-shinkyu span[id]")}
    assert {"change-c1", "change-c2", "change-c3", "change-c4", "change-c5", "change-c6"} <= anchors


def test_kept_draft_pdf_is_reachable_from_the_publication_page_byte_for_byte(site):
    page = _soup(site, "ict-strategy")
    links = {a["href"] for a in page.select("#kohyo-versions a")} | {a["href"] for a in page.select(".kohyo-status a")}
    assert "versions/2024-12-16-素案/ict-strategy.pdf" in links
    assert "versions/2025-03-27-確定/ict-strategy.pdf" in links
    served = site / "ict-strategy/versions/2024-12-16-素案/ict-strategy.pdf"
    assert served.read_bytes() == (DRAFT / "files/ict-strategy.pdf").read_bytes()
    assert "（素案）" in PdfReader(served).metadata.title


def test_final_pdf_carries_the_shinkyu_and_no_draft_title(sample_build):
    reader = PdfReader(sample_build / "site/ict-strategy/ict-strategy.pdf")
    assert reader.metadata.title == "第2次札幌市ICT活用戦略"
    text = "".join(p.extract_text() for p in reader.pages[-8:])
    assert "新旧対照表" in text and "修正前" in text and "修正後" in text


def test_consultation_page_links_the_draft_that_was_consulted_on(site):
    page = _soup(site, "consultations/ict-strategy")
    section = page.find(id="kohyo-targets-title").parent
    first = section.select_one("li")
    assert first.a["href"] == "../../ict-strategy/versions/2024-12-16-素案/ict-strategy.pdf"
    assert first.a.get_text() == "第2次札幌市ICT活用戦略（素案）"
    assert "確定した版" in first.get_text() and first.find("a", href="../../ict-strategy/")


def test_results_state_the_differences_with_their_reasons(site):
    """行政手続法43条1項4号: the results say how the final text differs from the draft."""
    page = _soup(site, "consultations/ict-strategy/results")
    heading = page.find(id="changes")
    tables = []
    for el in heading.find_next_siblings():
        if el.name == "h2":
            break
        tables += el.select("table") if el.name != "table" else [el]
    rows = [tr for t in tables for tr in t.select("tbody tr")]
    shinkyu_rows = _soup(site, "ict-strategy/shinkyu").select("table.kohyo-shinkyu tbody tr")
    assert len(rows) >= len(shinkyu_rows) >= 3
    marked = [tr for tr in rows if tr.find("ins") or tr.find("del")]
    assert len(marked) == len(shinkyu_rows)
    hrefs = {a["href"] for tr in rows for a in tr.find_all("a")}
    for record in ("c1", "c2", "c3", "c4", "c5", "c6"):
        assert f"../../../ict-strategy/shinkyu/#change-{record}" in hrefs
    text = " ".join(tr.get_text(" ", strip=True) for tr in rows)
    assert "よく使われる手続（年間の申請件数が多い50の手続）" in text  # the 概要版's record, from changes.yml


def test_meetings_are_built_and_listed(site):
    pub = _soup(site, "ict-strategy")
    assert pub.find("a", href="meetings/")
    listing = _soup(site, "ict-strategy/meetings")
    meetings = [a["href"] for a in listing.select("a") if re.match(r"^\d{4}-\d{2}-\d{2}-dai\dkai/$", a["href"])]
    assert meetings[:2] == ["2024-05-28-dai1kai/", "2024-08-22-dai2kai/"]
    for url in meetings[:2]:
        page = _soup(site, f"ict-strategy/meetings/{url}")
        assert "議事要旨" in page.get_text()
        materials = [a["href"] for a in page.select("#kohyo-materials ~ ul a")]
        assert materials and all((site / "ict-strategy/meetings" / url / m).resolve().is_file() for m in materials)
        assert (site / "ict-strategy/meetings" / url / "minutes.docx").stat().st_size > 5000


@pytest.mark.parametrize("name", ["dai1kai-shiryo1.pdf", "dai2kai-shiryo1.pdf"])
def test_meeting_materials_are_tagged_pdfs(site, name):
    reader = PdfReader(site / "ict-strategy/meetings/files" / name)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "ja" and "/StructTreeRoot" in root
    assert reader.metadata.title.startswith("資料1 ")

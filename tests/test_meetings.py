"""会議 (meetings) of a publication: listed on its page and its meeting list, each with its
agenda, materials and minutes, the minutes also as Word; faults reported with file:line."""

from __future__ import annotations

import io
import re
from pathlib import Path

from conftest import BUILD_DATE, run_kohyo, write

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _meetings(mini: Path) -> None:
    folder = mini / "content/plan/meetings"
    write(folder / "index.md", """
        ---
        type: meeting-list
        title: テスト計画有識者会議
        updated: 2026-11-10
        department: climate-policy
        ---

        会議の資料と議事録です。
        """)
    # The second meeting's file sorts first by name: the list must follow the dates.
    write(folder / "a-dai2kai.md", """
        ---
        title: 第2回 有識者会議
        date: 2026-10-20
        time: "10:00-12:00"
        venue: 本庁舎18階 会議室
        agenda: [素案について]
        updated: 2026-11-01
        ---

        ## 議事要旨

        委員から素案を了承する意見があった。
        """)
    write(folder / "b-dai1kai.md", """
        ---
        title: 第1回 有識者会議
        date: 2026-08-05
        time: "14:00-16:00"
        venue: 本庁舎18階 第1常任委員会会議室
        agenda:
          - 現状と課題について
          - 骨子案について
        materials:
          - {title: 資料1 骨子案（PDF）, url: files/shiryo1.pdf}
        updated: 2026-08-20
        ---

        ## 議事要旨

        ### (1) 現状と課題について

        委員から、利用率で評価すべきとの意見があった。
        """)
    (folder / "files").mkdir()
    (folder / "files/shiryo1.pdf").write_bytes(PDF)


def test_meetings_listed_with_minutes_as_word(mini):
    _meetings(mini)
    result = run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=mini)
    assert result.returncode == 0, result.stderr + result.stdout
    site = mini / "build/site"
    pub = (site / "plan/index.html").read_text(encoding="utf-8")
    section = pub.split('id="kohyo-meetings-title"', 1)[1].split("</section>", 1)[0]
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', section)
    assert [t for _, t in links[:2]] == ["第1回 有識者会議", "第2回 有識者会議"]  # by date
    assert links[0][0] == "meetings/b-dai1kai/" and "令和8年（2026年）8月5日" in section
    listing = (site / "plan/meetings/index.html").read_text(encoding="utf-8").split('class="kohyo-meetings"', 1)[1]
    assert listing.index("第1回 有識者会議") < listing.index("第2回 有識者会議")
    page = (site / "plan/meetings/b-dai1kai/index.html").read_text(encoding="utf-8")
    assert "14:00～16:00" in page and "本庁舎18階 第1常任委員会会議室" in page
    assert re.search(r"<ol><li>現状と課題について</li><li>骨子案について</li></ol>", page)
    href = re.search(r'<a href="([^"]+)">資料1 骨子案（PDF）</a>', page)[1]
    assert (site / "plan/meetings/b-dai1kai" / href).resolve().read_bytes() == PDF
    assert "利用率で評価すべき" in page
    word = re.search(r'<a href="([^"]+)" download>第1回 有識者会議 議事録（Word：\d+KB）</a>', page)
    assert word, "the minutes' Word download"
    docx_path = (site / "plan/meetings/b-dai1kai" / word[1]).resolve()
    first = docx_path.read_bytes()

    from docx import Document

    doc = Document(io.BytesIO(first))
    texts = [p.text for p in doc.paragraphs]
    assert "第1回 有識者会議" in texts[0] or doc.core_properties.title == "第1回 有識者会議"
    assert "現状と課題について" in texts and "骨子案について" in texts
    assert "(1) 現状と課題について" in texts and any("利用率で評価すべき" in t for t in texts)
    heading = next(p for p in doc.paragraphs if p.text == "(1) 現状と課題について")
    assert heading.style.name.startswith("Heading")
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "本庁舎18階 第1常任委員会会議室" in cells
    # The same input gives the same Word bytes (dated from the page, not the clock).
    again = run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=mini)
    assert again.returncode == 0
    assert (site / "plan/meetings/b-dai1kai/minutes.docx").read_bytes() == first


def test_meeting_faults_have_file_and_line(mini):
    _meetings(mini)
    (mini / "content/plan/meetings/files/shiryo1.pdf").unlink()
    write(mini / "content/lost/index.md", """
        ---
        type: meeting-list
        title: 迷子の会議
        updated: 2026-11-10
        department: climate-policy
        ---
        """)
    result = run_kohyo("check", "--build-date", BUILD_DATE, cwd=mini)
    assert result.returncode == 1
    assert "content/plan/meetings/b-dai1kai.md:9: [broken-link]" in result.stderr
    assert "content/lost/index.md:2: [invalid-value]" in result.stderr


def test_the_meeting_sample_builds(mini):
    """The sample's meetings (content/ict-strategy/meetings) work in any publication's folder;
    tests/test_lifecycle_sample.py reads them in the sample build itself."""
    import shutil

    from conftest import ROOT

    shutil.copytree(ROOT / "content/ict-strategy/meetings", mini / "content/plan/meetings")
    result = run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=mini)
    assert result.returncode == 0, result.stderr + result.stdout
    page = (mini / "build/site/plan/index.html").read_text(encoding="utf-8")
    assert "第1回 札幌市ICT活用戦略有識者会議" in page and "第2回 札幌市ICT活用戦略有識者会議" in page
    assert (mini / "build/site/plan/meetings/2024-08-22-dai2kai/minutes.docx").is_file()

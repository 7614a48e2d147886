"""A plan's stages: `kohyo stage` keeps what was published, the site serves every kept version,
the 新旧対照表 is generated from the kept draft, and change records are checked against it.

One clone of the sample walks the whole life (two builds with PDFs: the 素案 and the 確定);
the tests below read what each step left."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from conftest import BUILD_DATE, ROOT, run_kohyo

DRAFT = "2024-12-16-素案"
FINAL = "2025-03-27-確定"
CHANGED_OLD = "保育所の入所に関する申請、審査、結果通知までの一連の手続をオンライン化し、AIを活用した入所選考の効率化を図る。"
CHANGED_NEW = ("保育所の入所に関する申請、審査、結果通知までの一連の手続をオンライン化するとともに、入所選考の事務にAIを"
               "活用して効率化を図る。入所の判断は職員が行う。")
ADDED = "各局区の取組の状況は、年に一度、市のホームページで公表する。"
REMOVED_ROW = "| 生産年齢人口（15～64歳） | 124.6 | 121.6 | 119.2 | 114.8 | 99.5 | 88.3 |"
KEPT_ROW = "| 年少人口（0～14歳） | 22.0 | 21.4 | 20.3 | 18.6 | 16.8 | 15.2 |"
PREVIOUS_PARAGRAPH = "デジタル戦略推進局は、各局区が取組を円滑に進められる"

# The change records of the three edits (ids the sample's opinions refer to), plus two about
# passages left as they were.
CHANGES = f"""\
- id: C1
  target: 第4章2
  location: 第4章 2 施策1-2 主な取組（3つ目）
  before: {CHANGED_OLD}
  after: {CHANGED_NEW}
  reason: 入所の判断は職員が行うことを明記しました。
- id: C2
  target: 第5章1
  location: 第5章 1 推進体制
  before: {{previous}}
  after: {ADDED}
  reason: 取組の状況の公表を追記しました。
- id: C4
  target: 第2章
  location: 第2章 人口の推移の表
  before: "{REMOVED_ROW}"
  after: "{KEPT_ROW}"
  reason: 重複する行を削除しました。
- id: C5
  target: 第2章
  location: 第2章 人口の推移の表
  before: "{KEPT_ROW}"
  after: "{KEPT_ROW}"
  reason: 修正はありません。
- id: C6
  target: 第2章
  location: 第2章 人口の推移の表
  before: "{KEPT_ROW}"
  after: "{KEPT_ROW}"
  reason: 修正はありません。
"""


SAMPLE_DRAFT = ROOT / "versions/ict-strategy" / DRAFT / "source"


def _clone(dest: Path) -> Path:
    """What git tracks (as CI checks it out), without the sample's own kept versions, and with
    the ICT strategy's text put back as its kept 素案 (the sample itself has moved on to 確定)."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for rel in files.decode().split("\0"):
        if rel and (ROOT / rel).is_file() and not rel.startswith("versions/"):
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, dest / rel)
    for path in SAMPLE_DRAFT.glob("*.md"):
        shutil.copy2(path, dest / "content/ict-strategy" / path.name)
    return dest


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _stage(clone: Path, *args: str):
    return run_kohyo("stage", *args, "--build-date", BUILD_DATE, cwd=clone)


def _snapshot(clone: Path) -> dict:
    """Every file a refused command must leave alone."""
    files = [clone / "content/ict-strategy/index.md"] + sorted((clone / "versions").rglob("*"))
    return {p: p.read_bytes() if p.is_file() else None for p in files}


@pytest.fixture(scope="module")
def life(tmp_path_factory) -> dict:
    clone = _clone(tmp_path_factory.mktemp("stages") / "clone")
    c = clone / "content"
    out = {"clone": clone}
    # No build yet: refused, nothing written.
    assert run_kohyo("build", "--build-date", BUILD_DATE, cwd=clone).returncode == 0
    out["draft_page"] = (clone / "build/site/ict-strategy/index.html").read_text(encoding="utf-8")
    out["draft_stage"] = _stage(clone, "ict-strategy", "素案", "--date", "2024-12-16")
    out["draft_pdf"] = (clone / "build/site/ict-strategy/ict-strategy.pdf").read_bytes()
    before = _snapshot(clone)
    out["twice"] = _stage(clone, "ict-strategy", "素案", "--date", "2024-12-16")
    out["twice_kept"] = _snapshot(clone) == before

    # 確定 while the consultation's results are not out.
    consultation = c / "consultations/ict-strategy/index.md"
    original = consultation.read_text(encoding="utf-8")
    consultation.write_text(original.replace("consultation_status: 結果公表", "consultation_status: 検討中")
                            .replace("results_date: 2025-03-27\n", ""), encoding="utf-8")
    before = _snapshot(clone)
    out["unpublished"] = _stage(clone, "ict-strategy", "確定", "--date", "2025-03-27")
    out["unpublished_kept"] = _snapshot(clone) == before
    out["unpublished_line"] = original.split("\n").index("consultation_status: 結果公表") + 1
    consultation.write_text(original, encoding="utf-8")

    # The three edits, and change records that describe them.
    _replace(c / "ict-strategy/04-policies.md", CHANGED_OLD, CHANGED_NEW)
    promotion = c / "ict-strategy/05-promotion.md"
    previous = next(p for p in promotion.read_text(encoding="utf-8").split("\n\n") if p.startswith(PREVIOUS_PARAGRAPH))
    _replace(promotion, previous, previous + "\n\n" + ADDED)
    _replace(c / "ict-strategy/02-current-issues.md", REMOVED_ROW + "\n", "")
    changes = c / "consultations/ict-strategy/changes.yml"
    changes.write_text(CHANGES.replace("{previous}", previous.strip()), encoding="utf-8")

    # A content error (a broken link) refuses, with its place.
    chapter = c / "ict-strategy/03-vision.md"
    chapter_text = chapter.read_text(encoding="utf-8")
    chapter.write_text(chapter_text + "\n[どこにもない](no-such-page.md)\n", encoding="utf-8")
    before = _snapshot(clone)
    out["errors"] = _stage(clone, "ict-strategy", "確定", "--date", "2025-03-27")
    out["errors_kept"] = _snapshot(clone) == before
    out["errors_line"] = len(chapter_text.split("\n")) + 1
    chapter.write_text(chapter_text, encoding="utf-8")

    out["final_stage"] = _stage(clone, "ict-strategy", "確定", "--date", "2025-03-27")
    out["final_build"] = clone / "build/site"
    before = _snapshot(clone)
    out["backwards"] = _stage(clone, "ict-strategy", "素案", "--date", "2025-04-01")
    out["backwards_kept"] = _snapshot(clone) == before
    # The next build serves both kept versions (no PDFs needed for that).
    site = tmp_path_factory.mktemp("stages-site") / "build"
    out["site_build"] = run_kohyo("build", "--no-pdf", "--output", str(site), "--build-date", BUILD_DATE, cwd=clone)
    out["site"] = site / "site"
    return out


def test_freezing_keeps_sources_and_published_files(life):
    assert life["draft_stage"].returncode == 0, life["draft_stage"].stderr
    kept = life["clone"] / "versions/ict-strategy" / DRAFT
    assert (kept / "files/ict-strategy.pdf").read_bytes() == life["draft_pdf"]
    assert (kept / "files/ict-strategy.docx").is_file()
    assert CHANGED_OLD in (kept / "source/04-policies.md").read_text(encoding="utf-8")
    assert REMOVED_ROW in (kept / "source/02-current-issues.md").read_text(encoding="utf-8")
    assert not (kept / "source/meetings").exists()  # the meetings go on; they are no part of the text


def test_final_stage_sets_front_matter_and_keeps_the_final_files(life):
    result = life["final_stage"]
    assert result.returncode == 0, result.stderr + result.stdout
    index = (life["clone"] / "content/ict-strategy/index.md").read_text(encoding="utf-8")
    assert "\nstatus: 確定\n" in index and "\npublished: 2025-03-27\n" in index
    final = life["clone"] / "versions/ict-strategy" / FINAL
    assert (final / "files/ict-strategy.pdf").read_bytes() != life["draft_pdf"]
    assert CHANGED_NEW in (final / "source/04-policies.md").read_text(encoding="utf-8")


def test_old_pdf_is_served_byte_identical_at_its_url(life):
    assert life["site_build"].returncode == 0, life["site_build"].stderr
    for site in (life["final_build"], life["site"]):
        served = site / "ict-strategy/versions" / DRAFT / "ict-strategy.pdf"
        assert served.read_bytes() == life["draft_pdf"]


def test_version_list_shows_both(life):
    soup = BeautifulSoup((life["site"] / "ict-strategy/index.html").read_text(encoding="utf-8"), "html.parser")
    rows = soup.select("#kohyo-versions tbody tr")
    assert [r.find("td").get_text(strip=True) for r in rows] == ["素案", "確定（現在の版）"]
    assert "令和6年（2024年）12月16日" in rows[0].get_text()
    links = [a["href"] for a in rows[0].find_all("a")]
    assert f"versions/{DRAFT}/ict-strategy.pdf" in links
    assert re.search(r"素案（PDF：[\d,]+KB）", rows[0].get_text())
    # The banner of the current (final) stage links the previous version.
    banner = soup.select_one(".kohyo-status--final")
    assert banner is not None and "前の版：素案" in banner.get_text()
    assert any(a["href"].endswith(f"versions/{DRAFT}/ict-strategy.pdf") for a in banner.find_all("a"))


def _shinkyu_rows(html: str):
    soup = BeautifulSoup(html, "html.parser")
    return soup, soup.select("table.kohyo-shinkyu tbody tr")


def test_shinkyu_shows_exactly_the_three_changes(life):
    soup, rows = _shinkyu_rows((life["site"] / "ict-strategy/shinkyu/index.html").read_text(encoding="utf-8"))
    assert len(rows) == 3, [r.get_text(" ", strip=True)[:80] for r in rows]
    by_text = {r.get_text(): r for r in rows}
    changed = next(r for t, r in by_text.items() if "入所選考" in t)
    before, after = changed.find_all("td")[1:3]
    assert [d.get_text() for d in before.find_all("del")] and \
        "".join(i.get_text() for i in after.find_all("ins")).count("入所の判断は職員が行う") == 1
    assert "（追加）" in after.get_text() and "（削除）" in before.get_text()  # read out, not only underlined
    assert "保育所の入所に関する申請" not in "".join(i.get_text() for i in after.find_all("ins"))  # unchanged text unmarked
    # An added or removed passage is shown after the unchanged one before it, on both sides.
    added = next(r for t, r in by_text.items() if ADDED in t)
    assert added.find_all("td")[1].find("del") is None and PREVIOUS_PARAGRAPH in added.find_all("td")[1].get_text()
    assert added.find_all("td")[2].find("ins").get_text().endswith(ADDED + "（追加ここまで）")
    assert PREVIOUS_PARAGRAPH not in added.find_all("td")[2].find("ins").get_text()
    removed = next(r for t, r in by_text.items() if "生産年齢人口" in t)
    assert removed.find_all("td")[2].find("ins") is None and "年少人口" in removed.find_all("td")[2].get_text()
    assert "生産年齢人口" in removed.find_all("td")[1].find("del").get_text()
    assert "|" not in removed.get_text() and "年少人口（0～14歳）｜22.0" in removed.get_text()  # cells, not Markdown
    # Reasons from the change records, each record's anchor on its entry.
    assert "入所の判断は職員が行うことを明記しました" in changed.find_all("td")[3].get_text()
    assert soup.find(id="change-c1") in changed.find_all("span")
    assert "そのほかの節に変更はありません" in soup.get_text()
    headings = [h.get_text() for h in soup.select("article h2")]
    assert any(h.startswith("第4章") and "2 基本方針1" in h for h in headings)
    # Linked from the publication page.
    page = (life["site"] / "ict-strategy/index.html").read_text(encoding="utf-8")
    assert 'href="shinkyu/"' in page


def test_final_pdf_and_word_carry_the_shinkyu(life):
    pdf = PdfReader(life["clone"] / "versions/ict-strategy" / FINAL / "files/ict-strategy.pdf")
    text = "".join(page.extract_text() for page in pdf.pages[-6:])
    # Read as a reader does: a phrase may wrap in its column, or hold the small change words.
    read = re.sub(r"\s|（(追加|削除)(ここまで)?）", "", text)
    assert "新旧対照表" in text and "入所の判断は職員が行う" in read and "（追加）" in text
    with zipfile.ZipFile(life["clone"] / "versions/ict-strategy" / FINAL / "files/ict-strategy.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "新旧対照表" in xml and "（削除）" in xml and "<w:u " in xml


def test_refusals_write_nothing(life):
    twice = life["twice"]
    assert twice.returncode == 1 and "二度保存できません" in twice.stderr and life["twice_kept"]
    unpublished = life["unpublished"]
    assert unpublished.returncode == 1 and life["unpublished_kept"]
    assert f"content/consultations/ict-strategy/index.md:{life['unpublished_line']}:" in unpublished.stderr
    assert "結果がまだ公表されていません" in unpublished.stderr
    errors = life["errors"]
    assert errors.returncode == 1 and life["errors_kept"]
    assert f"content/ict-strategy/03-vision.md:{life['errors_line']}: [broken-link]" in errors.stderr
    backwards = life["backwards"]
    assert backwards.returncode == 1 and "段階を戻すことはできません" in backwards.stderr and life["backwards_kept"]
    for result in (twice, unpublished, errors, backwards):
        assert "Traceback" not in result.stderr and "何も書き込んでいません" in result.stderr


def test_stage_words_left_in_the_final_version_are_reported(life):
    result = run_kohyo("check", "--build-date", BUILD_DATE, cwd=life["clone"])
    assert re.search(r"content/ict-strategy/index\.md:\d+: \[stage-word\].*素案", result.stdout + result.stderr)


@pytest.mark.parametrize("old, new, line, side", [
    (f"before: {CHANGED_OLD}", "before: 素案にはない文です。", 1, "before"),
    (f"after: {ADDED}", "after: 本文にはない文です。", 7, "after"),
])
def test_change_record_not_in_the_texts_fails_with_its_line(life, tmp_path, old, new, line, side):
    clone = life["clone"]
    changes = clone / "content/consultations/ict-strategy/changes.yml"
    original = changes.read_text(encoding="utf-8")
    try:
        changes.write_text(original.replace(old, new), encoding="utf-8")
        result = run_kohyo("build", "--no-pdf", "--output", str(tmp_path / "build"), "--build-date", BUILD_DATE,
                           cwd=clone)
    finally:
        changes.write_text(original, encoding="utf-8")
    assert result.returncode == 1
    record = "C1" if side == "before" else "C2"
    assert f"content/consultations/ict-strategy/changes.yml:{line}: [change-record] 修正箇所 {record} の {side}" in result.stderr
    assert "Traceback" not in result.stderr


def test_results_page_links_each_record_to_its_entry(life):
    soup = BeautifulSoup((life["site"] / "consultations/ict-strategy/results/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a")]
    for record in ("c1", "c2", "c4"):
        assert f"../../../ict-strategy/shinkyu/#change-{record}" in hrefs
    assert "../../../ict-strategy/shinkyu/#change-c5" not in hrefs  # no change in the text: no entry


def test_closed_consultation_is_said_on_the_draft_and_chapters_link_the_pdf(life):
    soup = BeautifulSoup(life["draft_page"], "html.parser")
    note = soup.select_one(".kohyo-status__closed")
    assert note is not None and "終了しました" in note.get_text()
    assert note.find("a")["href"] == "../consultations/ict-strategy/results/"
    chapter = BeautifulSoup((life["final_build"] / "ict-strategy/03-vision/index.html").read_text(encoding="utf-8"),
                            "html.parser")
    link = chapter.select_one(".kohyo-chapter-pdf a")
    assert link is not None and link["href"] == "../ict-strategy.pdf" and "PDF" in link.get_text()


def test_results_state_the_changes_and_the_consultation_links_the_draft(life):
    """After 確定: the results list the 新旧対照表's changes themselves (行政手続法43条), and the
    consultation page offers the draft citizens commented on, not the final text."""
    soup = BeautifulSoup((life["site"] / "consultations/ict-strategy/results/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    section = []
    for el in soup.find(id="changes").find_next_siblings():
        if el.name == "h2":
            break
        section += el.select("tbody tr")
    marked = [tr for tr in section if tr.find("ins") or tr.find("del")]
    assert len(marked) == 3, [tr.get_text(" ", strip=True)[:60] for tr in section]
    assert any("入所の判断は職員が行うことを明記しました" in tr.get_text() for tr in marked)
    page = BeautifulSoup((life["site"] / "consultations/ict-strategy/index.html").read_text(encoding="utf-8"),
                         "html.parser")
    first = page.find(id="kohyo-targets-title").parent.select_one("li")
    assert first.a["href"] == f"../../ict-strategy/versions/{DRAFT}/ict-strategy.pdf"
    assert first.a.get_text() == "第2次札幌市ICT活用戦略（素案）"
    assert first.find("a", href="../../ict-strategy/") is not None


def test_stage_words_warn_where_the_final_text_names_itself_not_where_it_tells_its_history(tmp_path):
    """The sample's final strategy tells how its 素案 was made (策定経過): no warning for that;
    a sentence in which the document still calls itself the draft is named with its line."""
    clone = tmp_path / "final"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for rel in files.decode().split("\0"):
        if rel and (ROOT / rel).is_file():
            (clone / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, clone / rel)
    clean = run_kohyo("check", "--build-date", BUILD_DATE, cwd=clone)
    assert clean.returncode == 0 and "[stage-word]" not in clean.stdout + clean.stderr, clean.stderr
    chapter = clone / "content/ict-strategy/03-vision.md"
    lines = chapter.read_text(encoding="utf-8").split("\n")
    lines[-1:] = ["", "この素案では、目指す姿を三つに分けて示します。", "", "素案の公表は令和6年12月でした。", ""]
    chapter.write_text("\n".join(lines), encoding="utf-8")
    result = run_kohyo("check", "--build-date", BUILD_DATE, cwd=clone)
    found = re.findall(r"content/ict-strategy/03-vision\.md:(\d+): \[stage-word\]", result.stdout + result.stderr)
    assert found == [str(len(lines) - 3)], result.stdout + result.stderr


def test_a_rewritten_sentence_is_one_marked_change_not_scattered_characters():
    """Characters the old and new sentence share by chance are not shown as kept text: a reader
    follows one underline per change (and a one-digit change stays one digit)."""
    from kohyo.shinkyu import marked

    left, right = marked("この素案は、パブリックコメント（意見募集）のために公表するものです。令和6年",
                         "策定に当たっては、令和6年")
    assert left.count("<del") == 1 and right.count("<ins") == 1, (left, right)
    assert left.endswith("令和6年") and right.endswith("令和6年")
    left, right = marked("令和7年1月に始めます。", "令和8年1月に始めます。")
    assert re.sub(r"<span class=\"kohyo-sr\">[^<]*</span>", "", right) == \
        '令和<ins class="kohyo-shinkyu__ins">8</ins>年1月に始めます。'

"""`kohyo new` makes pages that are right: a chapter goes before the unnumbered appendices and
into the publication's chapter list; a seminar is held on the day its name says and stays a
draft, in no list, feed or calendar, until the scaffold's stand-in text is replaced; stand-in
text left in a listed page is a warning in check and stops the build."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import icalendar
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import BUILD_DATE, ROOT, run_kohyo, write
from kohyo.scaffold import PLACEHOLDERS

SEMINARS = "content/center/seminars"


def _soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def _fill(path: Path) -> None:
    """Replace every placeholder of the scaffold, as the editor does."""
    text = path.read_text(encoding="utf-8")
    for placeholder in PLACEHOLDERS:
        text = text.replace(placeholder, "記入した内容です。")
    path.write_text(text, encoding="utf-8")


def _front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("\n---", 1)[0].lstrip("-"))


def _build(project: Path, on: str = BUILD_DATE):
    return run_kohyo("build", "--no-pdf", "--build-date", on, cwd=project)


@pytest.mark.parametrize("appendix,expected", [("03-appendix.md", "02b-column.md"), ("09-appendix.md", "03-column.md")])
def test_a_new_chapter_goes_before_the_appendix_and_into_the_chapter_list(mini, appendix, expected):
    plan = mini / "content/plan"
    write(plan / appendix, "---\ntitle: 資料編\nnumbered: false\n---\n\n## 用語集\n\n本文です。\n")
    write(plan / "index.md", f"""
        ---
        type: publication
        title: テスト計画（素案）
        status: 素案
        published: 2026-11-16
        department: climate-policy
        ---

        この計画は次の章で構成しています。

        - [第1章 最初の章](01-first.md)
        - [第2章 二番目の章](02-second.md)
        - [資料編]({appendix})
        """)
    made = run_kohyo("new", "chapter", "plan/11-column.md", "--title", "コラム", cwd=mini)
    assert made.returncode == 0, made.stderr
    assert not (plan / "11-column.md").exists() and (plan / expected).is_file()
    assert expected in made.stdout and "第3章 コラム" in made.stdout
    items = [line for line in (plan / "index.md").read_text(encoding="utf-8").splitlines() if line.startswith("- ")]
    assert items == ["- [第1章 最初の章](01-first.md)", "- [第2章 二番目の章](02-second.md)",
                     f"- [第3章 コラム]({expected})", f"- [資料編]({appendix})"]

    # The scaffold's text stops the build, at its line, until it is replaced.
    stopped = _build(mini)
    assert stopped.returncode == 1
    assert f"content/plan/{expected}:7: [placeholder]" in stopped.stderr, stopped.stderr
    _fill(plan / expected)
    built = _build(mini)
    assert built.returncode == 0, built.stderr
    site = mini / "build/site"
    assert _soup(site, f"plan/{expected[:-3]}").h1.get_text(strip=True).startswith("第3章")
    assert "第" not in _soup(site, f"plan/{appendix[:-3]}").h1.get_text(strip=True)
    listed = [a.get_text(strip=True) for a in _soup(site, "plan").select("article li a")]
    assert listed[:4] == ["第1章 最初の章", "第2章 二番目の章", "第3章 コラム", "資料編"]


def test_chapters_added_one_after_another_keep_their_order_before_the_appendix(mini):
    plan = mini / "content/plan"
    write(plan / "03-appendix.md", "---\ntitle: 資料編\nnumbered: false\n---\n\n本文です。\n")
    for slug in ("zeta", "zulu"):
        assert run_kohyo("new", "chapter", f"plan/{slug}", "--title", slug, cwd=mini).returncode == 0
    assert sorted(p.name for p in plan.glob("*.md")) == [
        "01-first.md", "02-second.md", "02b-zeta.md", "02c-zulu.md", "03-appendix.md", "index.md"]


def test_a_chapter_named_without_a_number_gets_the_next_one(mini):
    made = run_kohyo("new", "chapter", "plan/column", "--title", "コラム", cwd=mini)
    assert made.returncode == 0, made.stderr
    assert (mini / "content/plan/03-column.md").is_file()
    assert "章の一覧がない" in made.stdout or "一覧には加えていません" in made.stdout  # the mini index has none


def test_a_chapter_added_in_the_middle_renumbers_the_list(mini):
    plan = mini / "content/plan"
    write(plan / "index.md", """
        ---
        type: publication
        title: テスト計画（素案）
        status: 素案
        published: 2026-11-16
        department: climate-policy
        ---

        - [第1章　最初の章](01-first.md)
        - [第2章　二番目の章](02-second.md)
        """)
    made = run_kohyo("new", "chapter", "plan/01-insert.md", "--title", "挿入", cwd=mini)
    assert made.returncode == 0, made.stderr
    items = [line for line in (plan / "index.md").read_text(encoding="utf-8").splitlines() if line.startswith("- ")]
    assert items == ["- [第1章　最初の章](01-first.md)", "- [第2章　挿入](01-insert.md)",
                     "- [第3章　二番目の章](02-second.md)"]


@pytest.fixture
def center(tmp_path) -> Path:
    for name in ("mkdocs.yml", "sites.yml"):  # the center is a site of its own (sites.yml)
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "overrides", tmp_path / "overrides")
    shutil.copytree(ROOT / "content" / "_data", tmp_path / "content" / "_data")
    shutil.copytree(ROOT / "content" / "center", tmp_path / "content" / "center")
    write(tmp_path / "content/index.md", """
        ---
        type: portal
        title: テストのトップページ
        updated: 2026-11-01
        department: public-relations
        ---

        [センター](https://www.city.sapporo.jp/kohyo/center/)
        """)
    return tmp_path


def _seminar_titles(site: Path) -> tuple[set[str], set[str], set[str]]:
    """Titles of the seminars on the seminar list, on the center's landing page, in the calendar."""
    listed = {a.get_text(strip=True) for a in _soup(site, "center/seminars").select(".kohyo-card__title")}
    landing = {a.get_text(strip=True) for a in _soup(site, "center").select(".kohyo-seminar a")}
    calendar = icalendar.Calendar.from_ical((site / "center/seminars/seminars.ics").read_bytes())
    return listed, landing, {str(e["SUMMARY"]) for e in calendar.walk("VEVENT")}


def test_a_new_seminar_is_held_on_the_day_its_name_says_and_is_a_draft_until_filled(center):
    today = dt.date.today()  # the scaffold opens applications today; build as of today as well
    day = today + dt.timedelta(days=45)
    name = f"{day.isoformat()}-roumu"
    made = run_kohyo("new", "seminar", name, "--title", "労務管理セミナー", cwd=center)
    assert made.returncode == 0, made.stderr
    assert "下書き" in made.stdout
    path = center / SEMINARS / f"{name}.md"
    meta = _front(path)
    assert meta["date"] == day
    assert meta["apply_start"] <= today <= meta["apply_deadline"] < day

    news = f"{today.isoformat()}-oshirase"
    assert run_kohyo("new", "news", news, "--title", "新しいテストのお知らせ", cwd=center).returncode == 0
    assert _front(center / f"content/center/news/{news}.md")["published"] == today

    checked = run_kohyo("check", "--build-date", today.isoformat(), cwd=center)
    assert checked.returncode == 0, checked.stderr
    assert f"下書き: {SEMINARS}/{name}.md:" in checked.stdout and "（講師の肩書きと名前）" in checked.stdout

    built = _build(center, today.isoformat())
    assert built.returncode == 0, built.stderr
    site = center / "build/site"
    for titles in _seminar_titles(site):
        assert "労務管理セミナー" not in titles
    assert not (site / "center/seminars" / name).exists(), "a draft is not published"
    feed = (site / "center/news/feed.xml").read_text(encoding="utf-8")
    assert "新しいテストのお知らせ" not in feed and not (site / "center/news" / news).exists()

    _fill(path)
    _fill(center / f"content/center/news/{news}.md")
    checked = run_kohyo("check", "--build-date", today.isoformat(), cwd=center)
    assert checked.returncode == 0 and "下書き" not in checked.stdout, checked.stdout + checked.stderr
    built = _build(center, today.isoformat())
    assert built.returncode == 0, built.stderr
    listed, landing, calendar = _seminar_titles(site)
    assert "労務管理セミナー" in listed and "労務管理セミナー" in landing and "労務管理セミナー" in calendar
    assert _soup(site, f"center/seminars/{name}").h1.get_text(strip=True) == "労務管理セミナー"
    assert "新しいテストのお知らせ" in (site / "center/news/feed.xml").read_text(encoding="utf-8")


@pytest.mark.parametrize("name,words", [
    ("2027-02-30-roumu", ["2027-02-30", "実在しない日付"]),
    ("roumu", ["開催日から始めます", "2027-02-10-roumu"]),
    ("2027-2-10-roumu", ["開催日から始めます"]),
])
def test_a_seminar_name_without_a_real_date_is_refused(center, name, words):
    made = run_kohyo("new", "seminar", name, cwd=center)
    assert made.returncode == 1 and "Traceback" not in made.stderr
    for word in words:
        assert word in made.stderr
    assert not list((center / SEMINARS).glob(f"*{name}*"))


def test_placeholder_text_in_a_listed_page_warns_in_check_and_stops_the_build(mini):
    made = run_kohyo("new", "page", "notes.md", "--title", "お知らせ", cwd=mini)
    assert made.returncode == 0, made.stderr
    checked = run_kohyo("check", cwd=mini)
    assert checked.returncode == 0, checked.stderr
    assert "注意" in checked.stderr
    assert "content/notes.md:5: [placeholder]" in checked.stderr  # description: このページの内容を一文で書きます。
    assert "content/notes.md:8: [placeholder]" in checked.stderr  # ここに本文を書きます。
    stopped = _build(mini)
    assert stopped.returncode == 1 and "content/notes.md:5: [placeholder]" in stopped.stderr
    assert "前回のビルドのまま" in stopped.stderr or not (mini / "build/site").exists()
    _fill(mini / "content/notes.md")
    assert run_kohyo("check", cwd=mini).stderr == ""
    assert _build(mini).returncode == 0


def test_every_archetype_holds_a_registered_placeholder():
    """A placeholder added to an archetype must be registered, or it would pass check unseen."""
    from importlib import resources

    for archetype in (resources.files("kohyo") / "archetypes").iterdir():
        text = archetype.read_text(encoding="utf-8")
        assert any(p in text for p in PLACEHOLDERS), archetype.name

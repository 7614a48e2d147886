"""Front matter is text, never markup (issue #11): a title, description, venue, speaker or chart
title holding `</script><script>` or `"><img onerror=...>` shows as those very characters on every
page, in <title>, the navigation, meta description and the search index; the feed and the
calendar stay valid with quotes, line breaks and the control characters Word pastes.

One project is built twice, once with attack strings in every text field and once with harmless
text of the same shape; the attacked site must hold exactly the scripts and event handlers of
the clean one."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, run_kohyo, write

BUILD_DATE = "2026-11-21"
ATTACKS = ("</script><script>window.__pwned=1</script>", '"><img src=x onerror=window.__pwned=1>',
           "</title><script>window.__pwned=1</script>")
# Legitimate text that must survive exactly: brackets, an ampersand, both quotes, an entity-like word.
PLAIN = "「A&B」の'引用'と\"引用\"&amp;"
# What Word pastes into a field (vertical tab for a manual line break, form feed) and a NUL.
# The loader refuses control characters and line breaks in one-line fields (test_robustness);
# the feed and calendar writers drop control characters on their own as well
# (test_feed_and_calendar_text_drops_control_characters).
CONTROL = "（一行目・四行目）"


def text(label: str, evil: bool) -> str:
    """A field's value: the label, legitimate punctuation and either the attacks or plain text."""
    return label + PLAIN + ("".join(ATTACKS) if evil else "普通の文字です。")


def y(value) -> str:
    """A YAML scalar (JSON is YAML): quotes, backslashes and control characters escaped."""
    return json.dumps(value, ensure_ascii=False)


def make_project(root: Path, evil: bool) -> Path:
    """The mini project's configuration and theme, a publication with a chart, and the center's
    content with one item of each kind whose every text field carries `text(...)`."""
    t = lambda label: y(text(label, evil))  # noqa: E731
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", root / "overrides")
    shutil.copytree(ROOT / "content" / "_data", root / "content" / "_data")
    shutil.copytree(ROOT / "content" / "center", root / "content" / "center")
    shutil.copy(ROOT / "sites.yml", root / "sites.yml")  # the center is a site of its own
    c = root / "content"
    write(c / "index.md", f"""
        ---
        type: portal
        title: {t("トップ")}
        description: {t("トップの説明")}
        updated: 2026-11-01
        department: public-relations
        ---

        [計画](plan/index.md)と[センター](https://www.city.sapporo.jp/kohyo/center/)。
        """)
    write(c / "plan" / "index.md", f"""
        ---
        type: publication
        title: {t("計画")}
        short_title: {t("計画の短い名前")}
        subtitle: {t("計画の副題")}
        description: {t("計画の説明")}
        keywords: [{t("キーワード")}]
        status: 素案
        published: 2026-11-16
        department: climate-policy
        ---

        概要です。[第1章](01-first.md)。
        """)
    write(c / "plan" / "01-first.md", f"""
        ---
        title: {t("章")}
        description: {t("章の説明")}
        ---

        ## 1 排出量 {{#emissions}}

        /// chart | {text("グラフ", evil)}
            data: data/trend.csv
            type: line
            unit: 万t

        {text("グラフの代替テキスト", evil)}
        ///
        """)
    write(c / "plan" / "data" / "trend.csv", "年度,排出量\n2013,1240\n2014,1228\n")
    write(c / "center" / "seminars" / "2026-12-17-test.md", f"""
        ---
        title: {t("セミナー")}
        date: 2026-12-17
        time: "14:00-16:00"
        format: 会場・オンライン
        venue: {t("会場")}
        venue_address: {t("所在地")}
        capacity: 30
        audience: {t("対象")}
        speaker: {t("講師")}
        apply_start: 2026-11-02
        apply_deadline: 2026-12-15
        description: {y(text("セミナーの説明", evil) + CONTROL)}
        updated: 2026-11-02
        ---

        本文です。
        """)
    write(c / "center" / "seminars" / "2026-10-20-past.md", f"""
        ---
        title: {t("終わったセミナー")}
        date: 2026-10-20
        time: "14:00-15:00"
        format: 会場
        venue: {t("過去の会場")}
        apply_start: 2026-09-20
        apply_deadline: 2026-10-18
        description: {t("終わったセミナーの説明")}
        materials:
          - title: {t("資料")}
            url: files/2026-09-08-shiryo.pdf
        archive:
          - title: {t("録画")}
            url: https://www.youtube.com/watch?v=test
        updated: 2026-10-21
        ---

        本文です。
        """)
    write(c / "center" / "news" / "2026-11-20-test.md", f"""
        ---
        title: {y(text("お知らせ", evil))}
        published: 2026-11-20
        category: センターから
        description: {y(text("お知らせの説明", evil) + CONTROL)}
        ---

        本文です。
        """)
    write(c / "center" / "experts" / "test.md", f"""
        ---
        title: {t("専門家")}
        name_kana: {t("ふりがな")}
        roles: [窓口相談の専門家]
        qualifications: [{t("資格")}]
        specialties: [年次有給休暇]
        photo: {{src: images/nishida.svg, alt: {t("写真の説明")}}}
        description: {t("専門家の説明")}
        updated: 2026-11-16
        ---

        本文です。
        """)
    write(c / "center" / "cases" / "test.md", f"""
        ---
        title: {t("事例")}
        published: 2026-11-20
        industry: 建設業
        company_size: 10～29人
        themes: [年次有給休暇]
        description: {t("事例の説明")}
        ---

        本文です。
        """)
    return root


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[bool, Path]:
    """{evil: built site} for the attacked project and its clean twin."""
    out = {}
    for evil in (False, True):
        root = make_project(tmp_path_factory.mktemp("evil" if evil else "clean"), evil)
        result = run_kohyo("build", "--no-pdf", "--output", str(root / "build"), "--build-date", BUILD_DATE, cwd=root)
        assert result.returncode == 0, result.stderr + result.stdout
        out[evil] = root / "build" / "site"
    return out


def _pages(site: Path) -> dict[str, BeautifulSoup]:
    return {p.relative_to(site).as_posix(): BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser")
            for p in sorted(site.rglob("*.html"))}


def _active(page: BeautifulSoup) -> Counter:
    """What can run in a page: each script (type, src) and each element's on* attribute."""
    found = Counter(("script", s.get("type", ""), s.get("src", "")) for s in page.find_all("script"))
    found.update((el.name, attr, "") for el in page.find_all(True) for attr in el.attrs if attr.lower().startswith("on"))
    found.update(("element", el.name, "") for el in page.find_all(["img", "iframe", "object", "embed", "svg"]))
    return found


def test_no_attack_adds_a_script_an_element_or_an_event_handler(sites):
    clean, evil = _pages(sites[False]), _pages(sites[True])
    assert clean.keys() == evil.keys()
    assert len(evil) > 20
    differing = {url: _active(evil[url]) - _active(clean[url]) for url in evil if _active(evil[url]) != _active(clean[url])}
    assert differing == {}
    for url, page in evil.items():
        for script in page.find_all("script"):
            if "__pwned" in script.get_text():  # only as data, in the seminar's JSON-LD
                assert script["type"] == "application/ld+json", url
                assert ATTACKS[0] in json.dumps(json.loads(script.get_text()), ensure_ascii=False)


def _visible(page: BeautifulSoup) -> str:
    return page.body.get_text(" ")


@pytest.mark.parametrize("url, label", [
    ("index.html", "トップ"), ("plan/index.html", "計画"), ("plan/index.html", "計画の副題"),
    ("index.html", "計画の説明"), ("plan/01-first/index.html", "章"), ("plan/01-first/index.html", "グラフ"),
    ("center/seminars/2026-12-17-test/index.html", "会場"), ("center/seminars/2026-12-17-test/index.html", "所在地"),
    ("center/seminars/2026-12-17-test/index.html", "対象"), ("center/seminars/2026-12-17-test/index.html", "講師"),
    ("center/seminars/index.html", "セミナー"), ("center/index.html", "セミナー"), ("center/index.html", "お知らせ"),
    ("center/seminars/archive/index.html", "終わったセミナー"), ("center/seminars/archive/index.html", "録画"),
    ("center/seminars/2026-10-20-past/index.html", "資料"), ("center/news/index.html", "お知らせの説明"),
    ("center/experts/index.html", "専門家"), ("center/experts/test/index.html", "ふりがな"),
    ("center/experts/test/index.html", "資格"), ("center/cases/index.html", "事例の説明"),
])
def test_the_attack_text_is_shown_as_written(sites, url, label):
    page = BeautifulSoup((sites[True] / url).read_text(encoding="utf-8"), "html.parser")
    assert text(label, True) in _visible(page)


def test_titles_navigation_meta_and_search_show_text_once_escaped(sites):
    site = sites[True]
    pages = _pages(site)
    seminar = pages["center/seminars/2026-12-17-test/index.html"]
    assert seminar.title.get_text() == text("セミナー", True) + " - 札幌働き方改革推進支援センター"  # the center is a site of its own (sites.yml)
    assert seminar.h1.get_text() == text("セミナー", True)
    assert seminar.find("meta", attrs={"name": "description"})["content"].startswith(text("セミナーの説明", True))
    assert text("セミナー", True) in [a.get_text(strip=True) for a in seminar.select(".md-nav a, .md-footer a")] or \
        text("セミナー", True) in seminar.select_one(".md-header__topic:last-child").get_text(strip=True)
    chapter = pages["plan/01-first/index.html"]
    nav = [el.get_text(" ", strip=True) for el in chapter.select(".md-nav__link, .md-tabs__link")]
    assert any(text("計画の短い名前", True) in n for n in nav), "section named after its publication"
    assert any(text("章", True) in n for n in nav)
    assert chapter.select_one("img.kohyo-chart-image")["alt"] == text("グラフの代替テキスト", True)
    assert chapter.select_one("figcaption").get_text().strip().endswith(text("グラフ", True))
    for url, page in pages.items():  # nothing shown escaped twice
        shown = page.get_text(" ") + " ".join(v for el in page.find_all(True) for v in el.attrs.values()
                                              if isinstance(v, str))
        assert "&lt;" not in shown and "&amp;amp;" not in shown and "&quot;" not in shown, url
    titles = {}
    for root in (site, site / "center"):  # the city's and the center's site (sites.yml), each its own index
        index = json.loads((root / "search" / "search_index.json").read_text(encoding="utf-8"))
        for doc in index["docs"]:  # Material's search shows titles as HTML
            assert "<script" not in doc["title"] and "<img" not in doc["title"], doc["location"]
        titles[root.name] = {BeautifulSoup(d["title"], "html.parser").get_text() for d in index["docs"]}
    assert text("セミナー", True) in titles["center"]


def test_the_feed_parses_strictly_with_control_characters_and_markup(sites):
    import feedparser

    data = (sites[True] / "center/news/feed.xml").read_bytes()
    root = ET.fromstring(data)
    atom = "{http://www.w3.org/2005/Atom}"
    entry = next(e for e in root.findall(f"{atom}entry") if "お知らせ「" in e.findtext(f"{atom}title"))
    assert entry.findtext(f"{atom}title").startswith(text("お知らせ", True))
    summary = entry.findtext(f"{atom}summary")
    assert summary.startswith(text("お知らせの説明", True)) and "一行目" in summary and "四行目" in summary
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert any(e.title.startswith(text("お知らせ", True)) for e in feed.entries)


def test_the_calendar_parses_with_control_characters_and_markup(sites):
    import icalendar

    for ics in ("center/seminars/seminars.ics", "center/seminars/2026-12-17-test/2026-12-17-test.ics"):
        data = (sites[True] / ics).read_bytes()
        assert all(b >= 0x20 or b in b"\r\n\t" for b in data), ics
        cal = icalendar.Calendar.from_ical(data)
        event = next(e for e in cal.walk("VEVENT") if str(e["SUMMARY"]).startswith("セミナー"))
        assert str(event["SUMMARY"]) == text("セミナー", True)
        assert text("会場", True) in str(event["LOCATION"])
        description = str(event["DESCRIPTION"])
        assert description.startswith(text("セミナーの説明", True)) and "一行目" in description and "四行目" in description


def test_feed_and_calendar_text_drops_control_characters():
    from kohyo.center.feed import plain

    assert plain("一行目\v二行目\f三行目\x00\x01\x1f\r\n四行目\x7f") == "一行目\n二行目\n三行目\n四行目"

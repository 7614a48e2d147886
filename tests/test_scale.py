"""Content that grows linearly (issue #15): posts stay out of the navigation, on paged archives.

The sample is built twice without PDFs, side by side: as it is, and with 1,000 generated news
posts and 300 seminars (scripts/bench_scale.py generates them; the benchmark times the same
builds, tests never do). Then a project with 20 publications is opened in Chromium at 1280 and
375 px: the section tabs must all fit, and the drawer must list every publication.
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import json
import posixpath
import threading
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from lxml import html as lhtml

from conftest import BUILD_DATE, ROOT, SITE_PATH, _SiteHandler, run_kohyo, write

_spec = importlib.util.spec_from_file_location("bench_scale", ROOT / "scripts" / "bench_scale.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)

NEWS, SEMINARS = 1000, 300
PER_PAGE = 20


def _build(project: Path) -> Path:
    out = project / "build"
    result = run_kohyo("build", "--no-pdf", "--output", str(out), "--build-date", BUILD_DATE, cwd=project)
    assert result.returncode == 0, result.stderr + result.stdout
    return out / "site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("scale")
    sample = bench.project_copy(base / "sample")
    grown = bench.project_copy(base / "grown")
    bench.generate(grown, NEWS, SEMINARS)
    return {"sample": _build(sample), "grown": _build(grown)}


def _page(site: Path, url: str):
    return lhtml.fromstring((site / url / "index.html").read_bytes())


def _resolve(from_url: str, href: str) -> str:
    """A link on the page at `from_url` (a site path: 'center/news/') as a site path."""
    path = unquote(urlsplit(href).path)
    joined = posixpath.normpath(posixpath.join(from_url, path)) if path else from_url.rstrip("/")
    return "" if joined == "." else joined.strip("/") + ("/" if not posixpath.splitext(joined)[1] else "")


def _exists(site: Path, url: str) -> bool:
    return (site / url / "index.html").is_file() if url == "" or url.endswith("/") else (site / url).is_file()


def _posts(site: Path, kind: str) -> set[str]:
    return {p.parent.relative_to(site).as_posix() + "/" for p in (site / "center" / kind).glob("*-gen-*/index.html")}


def _walk_archive(site: Path, first: str) -> list[tuple[str, list[str]]]:
    """Every page of one paged archive, following 次へ from its first page: (url, links)."""
    pages, url = [], first
    while url:
        tree = _page(site, url)
        links = [_resolve(url, a.get("href")) for a in tree.xpath("//article//a[@href]")]
        broken = [a.get("href") for a in tree.xpath("//article//a[@href]")
                  if not a.get("href").startswith(("http", "mailto:", "tel:", "#"))
                  and not _exists(site, _resolve(url, a.get("href")))]
        assert broken == [], f"{url}: {broken}"
        pages.append((url, links))
        following = tree.xpath("//nav[contains(@class, 'kohyo-pages')]//a[normalize-space() = '次へ']/@href")
        url = _resolve(url, following[0]) if following else None
        assert len(pages) <= NEWS, "the pages link in a circle"
    return pages


def test_a_chapter_page_does_not_grow_with_posts(sites):
    sizes = {name: (site / bench.CHAPTER).stat().st_size for name, site in sites.items()}
    assert 0.9 <= sizes["grown"] / sizes["sample"] <= 1.1, sizes


def test_posts_are_in_no_page_navigation_but_in_search(sites):
    site = sites["grown"]
    posts = _posts(site, "news") | _posts(site, "seminars")
    assert len(_posts(site, "news")) == NEWS and len(_posts(site, "seminars")) == SEMINARS
    archives = {p.parent.relative_to(site).as_posix() + "/" for folder in ("news/archive", "news/category",
                                                                            "seminars/archive/")
                for p in (site / "center" / folder).rglob("index.html")}
    archives.discard("center/seminars/archive/")  # 過去のセミナー: one page of the latest, in the navigation
    assert len(archives) > 20
    for path in sorted(site.rglob("index.html")):
        url = path.parent.relative_to(site).as_posix() + "/" if path.parent != site else ""
        tree = lhtml.fromstring(path.read_bytes())
        nav = tree.xpath("//nav[contains(@class, 'md-nav--primary')]//a/@href | //nav[contains(@class, 'md-tabs')]//a/@href")
        listed = {_resolve(url, href) for href in nav} & (posts | archives)
        assert not listed, f"{url} lists in its navigation: {sorted(listed)[:3]}"
    # The center is a site of its own (sites.yml), with its own search index under center/.
    index = json.loads((site / "center" / "search" / "search_index.json").read_text(encoding="utf-8"))
    searched = {"center/" + d["location"].split("#")[0] for d in index["docs"]}
    assert posts <= searched, sorted(posts - searched)[:3]


def test_a_post_leads_back_to_its_list_and_to_its_neighbours(sites):
    site = sites["grown"]
    first, second, third = sorted(_posts(site, "news"))[:3]  # file names start with the date
    tree = _page(site, second)
    crumbs = [_resolve(second, h) for h in tree.xpath("//nav[contains(@class, 'md-path')]//a/@href")]
    assert "center/news/" in crumbs
    footer = {a.get("rel") or a.get("aria-label"): _resolve(second, a.get("href"))
              for a in tree.xpath("//nav[contains(@class, 'md-footer__inner')]/a")}
    assert sorted(footer.values()) == sorted([first, third]), footer


def test_news_archives_list_every_post_exactly_once(sites):
    site = sites["grown"]
    posts = _posts(site, "news") | {p.parent.relative_to(site).as_posix() + "/"
                                    for p in (site / "center" / "news").glob("20*/index.html")}
    listing = _page(site, "center/news/")
    newest = listing.xpath("//ul[contains(@class, 'kohyo-entries')]/li")
    assert len(newest) == PER_PAGE, "the list shows the newest posts only"
    for heading in ("kohyo-by-year", "kohyo-by-category"):
        firsts = [_resolve("center/news/", h) for h in listing.xpath(
            f"//section[@aria-labelledby='{heading}']//a/@href")]
        assert len(firsts) > 1, heading
        seen = []
        for first in firsts:
            for url, links in _walk_archive(site, first):
                on_page = [link for link in links if link in posts]
                assert 0 < len(on_page) <= PER_PAGE, url
                seen += on_page
        assert len(seen) == len(posts) and set(seen) == posts, heading


def test_past_seminars_are_archived_by_fiscal_year_exactly_once(sites):
    site = sites["grown"]
    seminars = _posts(site, "seminars")
    ended = {url for url in seminars if "終了" in " ".join(_page(site, url).xpath(
        "//p[contains(@class, 'kohyo-seminar-status')]//text()"))}
    assert len(ended) > PER_PAGE * 3
    archive = _page(site, "center/seminars/archive/")
    years = [_resolve("center/seminars/archive/", h) for h in archive.xpath("//p/a[contains(., '年度')]/@href")]
    assert len(years) >= 4
    seen = []
    for first in years:
        for url, links in _walk_archive(site, first):
            seen += [link for link in links if link in seminars]
    assert len(seen) == len(ended) and set(seen) == ended


def test_the_feed_keeps_the_latest_twenty(sites):
    import feedparser

    feed = feedparser.parse((sites["grown"] / "center" / "news" / "feed.xml").read_bytes())
    assert len(feed.entries) == 20
    assert feed.entries[0].published.startswith("2026-11-20")


# --- twenty publications: tabs at 1280 px, the drawer at 375 px -------------------------------

SHORT_TITLES = ["総合計画", "ICT活用戦略", "気候変動対策行動計画", "子ども・子育て支援計画", "地域福祉計画",
                "高齢者保健福祉計画", "障がい者プラン", "健康づくり基本計画", "食育推進計画", "教育振興基本計画",
                "文化芸術基本計画", "スポーツ推進計画", "観光まちづくりプラン", "産業振興ビジョン", "農業基本計画",
                "都市計画マスタープラン", "総合交通計画", "住宅マスタープラン", "みどりの基本計画", "一般廃棄物処理基本計画"]
DEPARTMENTS = ["ict-planning", "climate-policy", "public-relations", "work-style-center"]


@pytest.fixture(scope="module")
def twenty(tmp_path_factory):
    project = tmp_path_factory.mktemp("twenty")
    import shutil

    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    shutil.copytree(ROOT / "content" / "_data", project / "content" / "_data")
    c = project / "content"
    write(c / "index.md", """
        ---
        type: portal
        title: テストのトップページ
        updated: 2026-11-01
        department: public-relations
        ---

        公表資料の一覧です。
        """)
    write(c / "consultations" / "index.md", """
        ---
        type: consultation-list
        title: パブリックコメント（意見募集）
        short_title: パブリックコメント
        updated: 2026-11-16
        department: public-relations
        order: 30
        ---

        意見募集の一覧です。
        """)
    for n, short in enumerate(SHORT_TITLES, 1):
        write(c / f"plan{n:02d}" / "index.md", f"""
            ---
            type: publication
            title: 札幌市{short}（素案）
            short_title: {short}（素案）
            status: 素案
            published: 2026-11-16
            department: {DEPARTMENTS[n % len(DEPARTMENTS)]}
            order: {n}
            ---

            {short}の概要です。
            """)
        write(c / f"plan{n:02d}" / "01-first.md", """
            ---
            title: 計画の概要
            ---

            本文です。
            """)
    site = _build(project)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_SiteHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{SITE_PATH}"
    httpd.shutdown()


@pytest.fixture
def at_width(browser):
    contexts = []

    def open_page(width: int):
        context = browser.new_context(viewport={"width": width, "height": 800}, locale="ja-JP")
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


TABS_FIT = """() => {
  const list = document.querySelector('.md-tabs__list'), box = list.getBoundingClientRect();
  return {overflow: list.scrollWidth - list.clientWidth,
          tabs: [...list.querySelectorAll('.md-tabs__link')].map(a => {
            const r = a.getBoundingClientRect();
            return {text: a.textContent.trim(), cut: a.scrollWidth > a.clientWidth + 1 || r.right > box.right + 1
                    || r.right > document.documentElement.clientWidth};
          })};
}"""


@pytest.mark.parametrize("url", ["", "plan07/"])
def test_twenty_publications_leave_every_tab_whole_at_1280(at_width, twenty, url):
    pg = at_width(1280)
    pg.goto(twenty + url)
    pg.wait_for_load_state("networkidle")
    fit = pg.evaluate(TABS_FIT)
    assert fit["overflow"] <= 0, fit
    assert [t["text"] for t in fit["tabs"] if t["cut"]] == [], fit
    assert "計画・公表資料" in [t["text"] for t in fit["tabs"]]
    assert len(fit["tabs"]) <= 6
    cards = pg.locator(".kohyo-portal .kohyo-card__title").all_inner_texts() if url == "" else []
    if url == "":
        assert len(cards) == 20, "the portal lists every publication, by department"
        assert pg.locator(".kohyo-portal h3.kohyo-portal__department").count() == len(DEPARTMENTS)


def test_the_drawer_lists_twenty_publications_at_375(at_width, twenty):
    pg = at_width(375)
    pg.goto(twenty + "plan07/")
    pg.wait_for_load_state("networkidle")
    pg.locator('label.md-header__button[for="__drawer"]').click()
    pg.wait_for_timeout(400)
    drawer = pg.locator(".md-sidebar--primary nav.md-nav--primary")
    shown = [t.strip() for t in drawer.locator("a.md-nav__link, label.md-nav__link").all_inner_texts()]
    missing = [s for s in SHORT_TITLES if not any(f"{s}（素案）" == t for t in shown)]
    assert missing == [], shown
    link = drawer.locator("a.md-nav__link", has_text="都市計画マスタープラン（素案）").first
    link.scroll_into_view_if_needed()
    assert link.is_visible()
    box = link.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375 + 1, box

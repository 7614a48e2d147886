"""The built site in a real Chromium, as a citizen meets it: search, requests, keyboard, phones."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from kohyo.accessibility import PAGE_SAMPLES

PAGES = list(PAGE_SAMPLES.values())


def _outside(requests: list[str]) -> list[str]:
    return [u for u in requests if urlsplit(u).hostname not in ("127.0.0.1", None)
            and not u.startswith(("data:", "blob:"))]


@pytest.mark.parametrize("url", PAGES)
def test_pages_load_without_errors_or_outside_requests(page, server, url):
    page.goto(server + url)
    page.wait_for_load_state("networkidle")
    assert _outside(page.requests_seen) == []
    assert page.errors_seen == []


def test_the_404_page_is_styled_and_leads_home(page, server):
    response = page.goto(server + "no-such-page/")
    assert response.status == 404
    page.wait_for_load_state("networkidle")
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") != "static"
    assert page.locator("h1").inner_text().strip() == "ページが見つかりません"
    assert _outside(page.requests_seen) == []
    assert [e for e in page.errors_seen if "404" not in e] == []


DOWNLOAD_TYPES = {"pdf": ("application/pdf", b"%PDF-"),
                  "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK"),
                  "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", b"PK")}


def test_every_download_link_resolves_to_its_file(page, server, site):
    pub_pages = sorted({p.parent for p in site.glob("*/*.pdf")})
    assert pub_pages
    for folder in pub_pages:
        page.goto(server + folder.name + "/")
        links = page.locator(".kohyo-downloads a[download]").all()
        assert links, folder.name
        for link in links:
            href = link.evaluate("a => a.href")
            response = page.request.get(href)
            assert response.status == 200
            kind = href.rsplit(".", 1)[-1]
            assert response.headers["content-type"] == DOWNLOAD_TYPES[kind][0], href
            assert response.body().startswith(DOWNLOAD_TYPES[kind][1]), href


def test_japanese_search_finds_a_word_and_opens_the_page(page, server):
    page.goto(server)
    page.get_by_placeholder("検索").click()
    page.keyboard.type("灯油")
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15000)
    hrefs = [a.get_attribute("href") for a in page.locator(".md-search-result__item a").all()]
    assert any("climate-plan/" in h for h in hrefs), hrefs
    first_climate = page.locator('.md-search-result__item a[href*="climate-plan/"]').first
    first_climate.click()
    page.wait_for_load_state()
    assert "/climate-plan/" in page.url
    assert "灯油" in page.locator("article").inner_text()


def test_skip_link_reaches_the_main_content(page, server):
    page.goto(server + "climate-plan/01-basics/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "コンテンツにスキップ"
    page.keyboard.press("Enter")
    target = page.evaluate("decodeURIComponent(location.hash.slice(1))")
    assert target
    assert page.evaluate("id => document.getElementById(id).closest('article') !== null", target)


@pytest.mark.parametrize("url", PAGES)
def test_no_horizontal_scroll_on_a_phone(browser, server, url):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="ja-JP")
    pg = context.new_page()
    pg.goto(server + url)
    overflow = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0

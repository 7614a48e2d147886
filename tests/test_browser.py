"""The built site in a real Chromium, as a citizen meets it: search, requests, keyboard, phones."""

from __future__ import annotations

import functools
import http.server
import threading
from urllib.parse import urlsplit

import pytest

playwright = pytest.importorskip("playwright.sync_api")

CHROMIUM = "/usr/bin/chromium"
# Flags that keep Chromium from calling home on a closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(locale="ja-JP")
    pg = context.new_page()
    pg.requests_seen, pg.errors_seen = [], []
    pg.on("request", lambda r: pg.requests_seen.append(r.url))
    pg.on("console", lambda m: m.type == "error" and pg.errors_seen.append(m.text))
    pg.on("pageerror", lambda e: pg.errors_seen.append(str(e)))
    pg.on("requestfailed", lambda r: pg.errors_seen.append(f"failed: {r.url}"))
    yield pg
    context.close()


PAGES = ["", "climate-plan/", "climate-plan/03-emissions/", "ict-strategy-summary/02-vision/",
         "center/", "guide/02-front-matter/"]


@pytest.mark.parametrize("url", PAGES)
def test_pages_load_without_errors_or_outside_requests(page, server, url):
    page.goto(server + url)
    page.wait_for_load_state("networkidle")
    outside = [u for u in page.requests_seen if urlsplit(u).hostname not in ("127.0.0.1", None)
               and not u.startswith(("data:", "blob:"))]
    assert outside == []
    assert page.errors_seen == []


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


@pytest.mark.parametrize("url", ["", "climate-plan/03-emissions/", "guide/02-front-matter/"])
def test_no_horizontal_scroll_on_a_phone(browser, server, url):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="ja-JP")
    pg = context.new_page()
    pg.goto(server + url)
    overflow = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    context.close()
    assert overflow <= 0

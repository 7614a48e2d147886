"""The keyboard user's path (JIS X 8341-3 / WCAG 2.1.1, 2.4.1, 2.4.2, 2.4.3, 2.4.7, 3.1.1): every
page type tabbed through in a real Chromium at desktop, tablet and phone widths.

The sample is built once without PDFs (they play no part in keyboard use) into a temporary
folder and served under the path it is published at, as tests/conftest.py serves the full build."""

from __future__ import annotations

import functools
import http.server
import threading
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import BUILD_DATE, ROOT, SITE_PATH, _SiteHandler, run_kohyo

# One page of each page type.
PAGE_TYPES = {
    "portal": "",
    "publication": "climate-plan/",
    "chapter": "climate-plan/03-emissions/",
    "consultations": "consultations/",
    "consultation": "consultations/climate-plan/",
    "results": "consultations/ict-strategy/results/",
    "center": "center/",
    "seminars": "center/seminars/",
    "seminar": "center/seminars/2026-12-03-chingin-hikiage/",
    "news": "center/news/",
    "experts": "center/experts/",
    "expert": "center/experts/nishida/",
    "cases": "center/cases/",
    "guide": "guide/02-front-matter/",
    "404": "no-such-page/",
}
WIDTHS = (1280, 1024, 375)
MAX_TABS = 60

# What the focused element looks like: a focus stop the reader cannot see is a failure.
FOCUSED = """async () => {
  // Transitions started by the focus (Material fades the skip link in) run to their end first.
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  await Promise.all(document.getAnimations().map(a => a.finished.catch(() => null)));
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const r = el.getBoundingClientRect();
  const vw = document.documentElement.clientWidth, vh = window.innerHeight;
  let clipped = false;
  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    const s = getComputedStyle(p);
    if (s.overflowX === "visible" && s.overflowY === "visible") continue;
    const q = p.getBoundingClientRect();
    if (r.right <= q.left || r.left >= q.right || r.bottom <= q.top || r.top >= q.bottom) clipped = true;
  }
  return {
    desc: el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
          (el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : "") +
          " " + (el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 30),
    size: r.width > 0 && r.height > 0,
    onscreen: r.right > 0 && r.bottom > 0 && r.left < vw && r.top < vh,
    visible: el.checkVisibility({opacityProperty: true, visibilityProperty: true}),
    clipped: clipped,
  };
}"""


@pytest.fixture(scope="session")
def quick_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("kbd") / "build"
    result = run_kohyo("build", "--no-pdf", "--output", str(out), "--build-date", BUILD_DATE, cwd=ROOT)
    assert result.returncode == 0, result.stderr + result.stdout
    return out / "site"


@pytest.fixture(scope="session")
def quick_server(quick_site):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(_SiteHandler, directory=str(quick_site)))
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


def _tab_through(pg) -> list[str]:
    """Tab until focus leaves the page or returns to where it began; every stop must be seen."""
    problems, first = [], None
    for i in range(MAX_TABS):
        pg.keyboard.press("Tab")
        stop = pg.evaluate(FOCUSED)
        if stop is None:
            break
        if first is None:
            first = stop["desc"]
        elif stop["desc"] == first:
            break
        faults = [k for k in ("size", "onscreen", "visible") if not stop[k]] + (["clipped"] if stop["clipped"] else [])
        if faults:
            problems.append(f"Tab {i + 1}: {stop['desc']} ({', '.join(faults)})")
    return problems


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_every_tab_stop_is_visible(at_width, quick_server, kind, width):
    pg = at_width(width)
    pg.goto(quick_server + PAGE_TYPES[kind])
    pg.wait_for_load_state("networkidle")
    assert _tab_through(pg) == []


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_skip_link_is_first_and_lands_at_the_heading(at_width, quick_server, kind):
    pg = at_width(1024)
    pg.goto(quick_server + PAGE_TYPES[kind])
    pg.wait_for_load_state("networkidle")
    pg.keyboard.press("Tab")
    assert pg.evaluate("document.activeElement.textContent.trim()") == "コンテンツにスキップ"
    pg.keyboard.press("Enter")
    pg.wait_for_timeout(300)
    # Focus is at the start of the main content: the draft notice and the h1 are after it, and
    # the h1 is on screen below the sticky header.
    assert pg.evaluate("""() => {
      const start = document.activeElement, h1 = document.querySelector("article h1");
      return start.contains(h1) || !!(start.compareDocumentPosition(h1) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    notice = pg.locator(".kohyo-status")
    if notice.count():
        assert pg.evaluate("""() => document.activeElement.contains(document.querySelector('.kohyo-status'))""")
    box = pg.evaluate("(() => { const r = document.querySelector('article h1').getBoundingClientRect(); "
                      "const h = document.querySelector('.md-header').getBoundingClientRect(); "
                      "return [r.top, h.bottom, innerHeight]; })()")
    top, header_bottom, height = box
    assert header_bottom - 1 <= top < height, box


@pytest.mark.parametrize("width", (1024, 375))
def test_menu_button_opens_and_closes_the_drawer_by_keyboard(at_width, quick_server, width):
    pg = at_width(width)
    pg.goto(quick_server + PAGE_TYPES["chapter"])
    pg.wait_for_load_state("networkidle")
    drawer = ".md-sidebar--primary"
    assert pg.evaluate(f"document.querySelector('{drawer}').inert")
    button = pg.locator('label.md-header__button[for="__drawer"]')
    button.focus()
    assert pg.evaluate("document.activeElement.getAttribute('for')") == "__drawer"
    assert button.get_attribute("aria-expanded") == "false"
    pg.keyboard.press("Enter")
    pg.wait_for_timeout(400)
    assert pg.evaluate("document.getElementById('__drawer').checked")
    assert not pg.evaluate(f"document.querySelector('{drawer}').inert")
    assert button.get_attribute("aria-expanded") == "true"
    # Focus moved into the open drawer, onto a link the reader can see.
    assert pg.evaluate(f"document.querySelector('{drawer}').contains(document.activeElement)")
    stop = pg.evaluate(FOCUSED)
    assert stop["visible"] and stop["onscreen"] and stop["size"], stop
    pg.keyboard.press("Escape")
    pg.wait_for_timeout(400)
    assert not pg.evaluate("document.getElementById('__drawer').checked")
    assert pg.evaluate(f"document.querySelector('{drawer}').inert")
    assert pg.evaluate("document.activeElement.getAttribute('for')") == "__drawer"
    pg.keyboard.press(" ")
    pg.wait_for_timeout(400)
    assert pg.evaluate("document.getElementById('__drawer').checked")


def test_drawer_is_reachable_when_the_window_widens(at_width, quick_server):
    pg = at_width(1024)
    pg.goto(quick_server + PAGE_TYPES["chapter"])
    pg.wait_for_load_state("networkidle")
    assert pg.evaluate("document.querySelector('.md-sidebar--primary').inert")
    pg.set_viewport_size({"width": 1280, "height": 800})
    pg.wait_for_timeout(300)
    assert not pg.evaluate("document.querySelector('.md-sidebar--primary').inert")


def test_404_page_is_japanese(at_width, quick_server):
    pg = at_width(1280)
    response = pg.goto(quick_server + "no-such-page/")
    assert response.status == 404
    assert pg.evaluate("document.documentElement.lang") == "ja"
    h1 = pg.locator("article h1").inner_text().strip()
    assert h1 == "ページが見つかりません"
    body = pg.locator("article").inner_text()
    assert "Not found" not in body
    assert "トップページ" in body
    assert pg.title().startswith("ページが見つかりません")


class _Title(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inside, self.text = False, ""

    def handle_starttag(self, tag, attrs):
        self.inside = tag == "title"

    def handle_endtag(self, tag):
        self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.text += data


def _title(path: Path) -> str:
    parser = _Title()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.text.strip()


def test_every_page_title_is_unique_and_names_its_publication(quick_site):
    titles: dict[str, list[str]] = {}
    for path in sorted(quick_site.rglob("*.html")):
        if path.name == "index.html" or path.name == "404.html":
            titles.setdefault(_title(path), []).append(path.relative_to(quick_site).as_posix())
    assert len(titles) > 40
    assert {t: p for t, p in titles.items() if len(p) > 1} == {}
    assert _title(quick_site / "climate-plan/10-appendix/index.html").startswith("資料編 - 気候変動行動計画（改定素案） - ")
    assert _title(quick_site / "climate-plan/03-emissions/index.html").startswith("第3章　温室効果ガス排出状況 - 気候変動行動計画（改定素案） - ")
    # The h1 stays the chapter's own title.
    assert "<h1" in (quick_site / "climate-plan/10-appendix/index.html").read_text(encoding="utf-8")
    home = _title(quick_site / "index.html")
    assert home.count("札幌市 計画・公表資料") == 1, home


def _luminance(rgb) -> float:
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _rgb(css: str, under=(255, 255, 255)) -> tuple[float, float, float]:
    """A computed `rgb()`/`rgba()` colour, composited on the colour under it."""
    parts = [float(x) for x in css[css.index("(") + 1:css.index(")")].replace("/", ",").split(",")]
    alpha = parts[3] if len(parts) > 3 else 1.0
    return tuple(alpha * c + (1 - alpha) * u for c, u in zip(parts[:3], under))


def test_search_count_is_announced_and_every_search_state_has_contrast(at_width, quick_server):
    pg = at_width(1280)
    pg.goto(quick_server + PAGE_TYPES["chapter"])
    pg.wait_for_load_state("networkidle")
    meta = pg.locator(".md-search-result__meta")
    assert meta.get_attribute("aria-live") == "polite"
    assert meta.get_attribute("role") == "status"
    pg.get_by_placeholder("検索").click()
    pg.keyboard.type("灯油")
    pg.keyboard.press("End")  # Material searches on keyup; typed kana, as an IME commits them, send none
    pg.locator(".md-search-result__item").first.wait_for(timeout=15000)
    assert "件" in meta.inner_text()
    colour, band = pg.evaluate("(() => { const s = getComputedStyle(document.querySelector('.md-search-result__meta'));"
                               " return [s.color, s.backgroundColor]; })()")
    band_rgb = _rgb(band)
    assert _contrast(_rgb(colour, band_rgb), band_rgb) >= 4.5, (colour, band)
    pg.keyboard.press("ArrowDown")
    pg.wait_for_timeout(300)
    selected = pg.evaluate("""(() => { const el = document.activeElement, s = getComputedStyle(el);
      return [el.className, s.outlineStyle, s.outlineWidth, s.outlineColor, s.backgroundColor]; })()""")
    assert "md-search-result__link" in selected[0], selected
    assert selected[1] == "solid" and float(selected[2].rstrip("px")) >= 2, selected
    # The frame tells the selected result from the others (white) and from its own tint.
    assert _contrast(_rgb(selected[3]), (255, 255, 255)) >= 3, selected
    assert _contrast(_rgb(selected[3]), _rgb(selected[4])) >= 3, selected

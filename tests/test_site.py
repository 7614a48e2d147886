"""The built sample site, inspected as its readers and editors would."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, run_kohyo
from kohyo.model.schema import FIELDS
from kohyo.problems import CODES

PUBLICATIONS = {  # id: (title, chapters) -- the ICT strategy is final: its 新旧対照表 is its last chapter
    "ict-strategy": ("第2次札幌市ICT活用戦略", 7),
    "ict-strategy-summary": ("第2次札幌市ICT活用戦略（素案）概要版", 3),
    "climate-plan": ("札幌市気候変動対策行動計画（改定素案）", 10),
    "climate-plan-summary": ("札幌市気候変動対策行動計画（改定素案）A3 概要版", 0),
}
STAGES = {"ict-strategy": "確定", "ict-strategy-summary": "素案", "climate-plan": "素案", "climate-plan-summary": "素案"}
DRAFTS = [pub for pub, stage in STAGES.items() if stage != "確定"]
ERA_DATE = re.compile(r"(令和|平成)(\d+|元)年（\d{4}年）\d{1,2}月\d{1,2}日（[月火水木金土日]曜日）")


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def content_pages(site: Path) -> list[Path]:
    """Every page an editor wrote (not the 404 page or search assets)."""
    return sorted(p for p in site.rglob("index.html") if "assets" not in p.parts and "search" not in p.parts)


def test_every_publication_and_chapter_is_a_page(site):
    for pub, (title, chapters) in PUBLICATIONS.items():
        page = soup(site, pub)
        assert page.h1.get_text(strip=True) == title
        toc = page.select("nav.kohyo-chapters li a")
        assert len(toc) == chapters
        for link in toc:
            assert (site / pub / link["href"] / "index.html").is_file(), link["href"]


def test_chapters_are_numbered_in_file_order_and_appendices_are_not(site):
    titles = [a.get_text(strip=True) for a in soup(site, "climate-plan").select("nav.kohyo-chapters li a")]
    assert titles[:3] == ["第1章　計画の基本的事項", "第2章　気候変動の現状と将来予測", "第3章　温室効果ガス排出状況"]
    assert titles[-1] == "資料編"
    assert soup(site, "climate-plan/05-mitigation").h1.get_text(strip=True).startswith("第5章　")


def test_the_portal_lists_each_publication_with_status_and_dates(site):
    cards = soup(site, ".").select("li.kohyo-card")
    titles = {c.select_one(".kohyo-card__title").get_text(strip=True): c for c in cards}
    assert set(titles) == {t for t, _ in PUBLICATIONS.values()}
    for pub, (title, _) in PUBLICATIONS.items():
        card = titles[title]
        assert card.select_one(".kohyo-card__status").get_text(strip=True) == STAGES[pub]
        assert ERA_DATE.search(card.get_text())
    climate = titles["札幌市気候変動対策行動計画（改定素案）"].get_text()
    assert "令和8年（2026年）11月16日（月曜日）" in climate
    assert "札幌市環境局環境都市推進部環境政策課" in climate


def test_every_page_of_a_draft_says_it_is_a_draft(site):
    for pub in DRAFTS:
        for page in sorted((site / pub).rglob("index.html")):
            banner = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(".kohyo-status")
            assert banner is not None, page
            assert "素案" in banner.get_text() and "確定したものではありません" in banner.get_text()
    assert soup(site, "center").select_one(".kohyo-status") is None, "only drafts carry the banner"


def test_every_page_of_the_final_strategy_says_it_is_final(site):
    """Its document pages (not its meetings, which are no part of the text) say 確定 and link the 素案."""
    pages = [p for p in sorted((site / "ict-strategy").rglob("index.html")) if "meetings" not in p.parts]
    assert len(pages) == 8  # the publication page, six chapters, the 新旧対照表
    for page in pages:
        banner = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one(".kohyo-status")
        assert banner is not None and "確定" in banner.get_text(), page
        assert "確定したものではありません" not in banner.get_text(), page
        assert banner.find("a", href=re.compile(r"versions/2024-12-16-素案/ict-strategy\.pdf$")), page


def test_every_content_page_shows_updated_date_and_contact(site):
    pages = content_pages(site)
    assert len(pages) >= 30
    for page in pages:
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        info = html.select_one(".kohyo-page-info")
        assert info is not None, page
        assert ERA_DATE.search(info.select_one(".kohyo-updated").get_text()), page
        contact = info.select_one(".kohyo-contact address")
        assert contact.select_one(".kohyo-contact__name").get_text(strip=True), page
        assert contact.select_one('a[href^="tel:"]'), page


def test_chapters_inherit_the_publication_department_and_date(site):
    info = soup(site, "ict-strategy/04-policies").select_one(".kohyo-page-info").get_text()
    assert "札幌市デジタル戦略推進局スマートシティ推進部デジタル企画課" in info
    assert "令和7年（2025年）3月27日（木曜日）" in info  # the date it was made final
    assert "011-211-2136" in info


def test_breadcrumbs_lead_back_to_the_publication(site):
    crumbs = [a.get_text(strip=True) for a in soup(site, "climate-plan/04-targets").select(".md-path a")]
    assert crumbs[-1] == "気候変動行動計画（改定素案）"


def test_the_ui_is_japanese(site):
    page = soup(site, "climate-plan/01-basics")
    assert page.html["lang"] == "ja"
    assert page.select_one('input[name="query"]')["placeholder"] == "検索"


def test_search_index_is_japanese_and_holds_the_content(site):
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["ja"]
    texts = " ".join(d["text"] for d in index["docs"] if d["location"].startswith("climate-plan/"))
    assert "ゼロカーボン" in texts and "灯油" in texts


def test_no_resource_is_loaded_from_another_host(site):
    """Scripts, styles, fonts and images all come from the site itself."""
    offenders = []
    for page in sorted(site.rglob("*.html")):
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"),
                          ("source", "src"), ("video", "src"), ("audio", "src")):
            for el in html.find_all(tag):
                url = el.get(attr) or ""
                if tag == "link" and "stylesheet" not in (el.get("rel") or []) and "preconnect" not in (el.get("rel") or []):
                    continue
                if re.match(r"^(https?:)?//", url):
                    offenders.append(f"{page.relative_to(site)}: <{tag} {attr}={url}>")
    for css in sorted(site.rglob("*.css")):
        offenders += [f"{css.relative_to(site)}: {u}" for u in
                      re.findall(r"url\(\s*['\"]?((?:https?:)?//[^)'\"]+)", css.read_text(encoding="utf-8"))]
    assert offenders == []
    assert "fonts.googleapis.com" not in (site / "index.html").read_text(encoding="utf-8")


def test_tables_have_numbered_captions(site):
    figures = soup(site, "climate-plan/03-emissions").select("figure")
    captions = [f.table.caption.get_text(" ", strip=True) for f in figures if f.table is not None]
    assert len(captions) >= 5
    assert all(re.match(r"^表\d+", c) for c in captions), captions


def test_editor_guide_lists_every_field_and_error_code(site):
    """The guide is generated from the schema, so it cannot drift from what `kohyo check` enforces."""
    fields = soup(site, "guide/02-front-matter").get_text()
    for name in FIELDS:
        assert f"{name}" in fields, name
    codes = soup(site, "guide/03-errors").get_text()
    for code in CODES:
        assert code in codes, code


def test_same_input_gives_the_same_bytes(tmp_path):
    outputs = []
    for n in (1, 2):
        out = tmp_path / f"build{n}"
        result = run_kohyo("build", "--output", str(out), cwd=ROOT, env={"SOURCE_DATE_EPOCH": "1795132800"})
        assert result.returncode == 0, result.stderr
        # build/site and build/print lead into this build's release folder, whose name is its own.
        outputs.append({f"{part}/{p.relative_to((out / part).resolve()).as_posix()}": p.read_bytes()
                        for part in ("site", "print", ".cache") for p in (out / part).resolve().rglob("*")
                        if p.is_file()})
    assert outputs[0].keys() == outputs[1].keys()
    assert any(k.endswith(".pdf") for k in outputs[0]) and "site/index.html" in outputs[0]
    differing = [k for k in outputs[0] if outputs[0][k] != outputs[1][k]]
    assert differing == []


@pytest.mark.parametrize("kind,path,title", [
    ("chapter", "plan/03-third.md", "三番目の章"),
    ("page", "notes.md", "お知らせ"),
])
def test_new_page_from_an_archetype_builds(mini, kind, path, title):
    from kohyo.scaffold import PLACEHOLDERS

    made = run_kohyo("new", kind, path, "--title", title, cwd=mini)
    assert made.returncode == 0, made.stderr
    made = mini / "content" / path
    assert made.is_file()
    text = made.read_text(encoding="utf-8")
    for placeholder in PLACEHOLDERS:  # the build stops on the scaffold's text (tests/test_scaffold.py)
        text = text.replace(placeholder, "記入した内容です。")
    made.write_text(text, encoding="utf-8")
    built = run_kohyo("build", cwd=mini)
    assert built.returncode == 0, built.stderr
    url = path.removesuffix(".md")
    page = BeautifulSoup((mini / "build/site" / url / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert title in page.h1.get_text()

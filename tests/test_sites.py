"""Several sites from one project (sites.yml): the sample builds the city's publication site and
the support center's homepage, each with its own identity, into the one build/site; links between
them are checked, and a faulty sites.yml is named with its line."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import BUILD_DATE, ROOT, run_kohyo, write

SITES = {s["id"]: s for s in yaml.safe_load((ROOT / "sites.yml").read_text(encoding="utf-8"))["sites"]}
CITY, CENTER = SITES["city"], SITES["center"]
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
HEADER = re.compile(r'<span class="md-ellipsis">\s*([^<]*?)\s*</span>')


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The bundled sample's sites (no PDFs: only the sites are read here), as `make build` makes them."""
    out = tmp_path_factory.mktemp("sites") / "build"
    result = run_kohyo("build", "--no-pdf", "--output", str(out), "--build-date", BUILD_DATE, cwd=ROOT)
    assert result.returncode == 0, result.stderr + result.stdout
    return out / "site"


def _pages(site: Path, center: bool) -> dict[str, str]:
    """Built HTML pages of the city site (center=False) or of the center's (under center/)."""
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))
            if p.relative_to(site).as_posix().startswith(f"{CENTER['path']}/") == center}


def test_both_sites_are_built_into_the_one_layout(built):
    assert (built / "index.html").is_file() and (built / CENTER["path"] / "index.html").is_file()
    for site in (built, built / CENTER["path"]):  # each its own search index and sitemap
        assert (site / "search" / "search_index.json").is_file() and (site / "sitemap.xml").is_file()
    sitemap = (built / CENTER["path"] / "sitemap.xml").read_text(encoding="utf-8")
    assert CENTER["site_url"] + "seminars/" in sitemap and "climate-plan" not in sitemap
    assert f"{CENTER['site_url']}center/" not in sitemap  # the center is the root of its own site
    assert not (built / "center" / "center").exists()


@pytest.mark.parametrize("which", ["city", "center"])
def test_each_site_has_its_own_name_in_title_and_header(built, which):
    own = SITES[which]
    pages = _pages(built, which == "center")
    assert len(pages) > 20
    for rel, html in pages.items():
        title = TITLE.search(html).group(1)
        assert title == own["name"] or title.endswith(f" - {own['name']}"), (rel, title)
        assert own["name"] in HEADER.findall(html)[:2], rel  # Material's header topic: the site's name
        assert f"© {own['publisher']}" in html, rel


def test_center_pages_carry_no_text_of_the_city_identity(built):
    city_marks = [CITY["name"], f"© {CITY['publisher']}", CITY["contact"]["name"], CITY["contact"]["email"],
                  CITY["description"], *(s["url"] for s in CITY["sns"])]
    for rel, html in _pages(built, True).items():
        found = [mark for mark in city_marks if mark in html]
        assert not found, (rel, found)
    index = (built / CENTER["path"] / "search/search_index.json").read_text(encoding="utf-8")
    assert not [mark for mark in city_marks if mark in index]


def test_city_pages_name_the_center_only_in_links_to_it(built):
    """The city's portal links the center's site on purpose; the editor guide (for staff) explains
    where the center's content lives. Nothing else on the city's site speaks as the center."""
    center_marks = [CENTER["operator"], f"{CENTER['commissioned_by']}委託事業", CENTER["contact"]["email"],
                    CENTER["description"], *(s["url"] for s in CENTER["sns"])]
    cross = re.compile(r'<a [^>]*href="' + re.escape(CENTER["site_url"]) + r'[^"]*"[^>]*>.*?</a>', re.S)
    linked = 0
    for rel, html in _pages(built, False).items():
        assert not [mark for mark in center_marks if mark in html], rel
        linked += len(cross.findall(html))
        if not rel.startswith("guide/"):
            body = cross.sub("", html)
            assert CENTER["name"] not in body, rel
    assert linked, "the city's portal links the center's site"
    portal = (built / "index.html").read_text(encoding="utf-8")
    assert f'href="{CENTER["site_url"]}"' in portal


def test_center_pages_state_the_operator_and_the_commissioning_bureau(built):
    line = f"運営：{CENTER['operator']}（{CENTER['commissioned_by']}委託事業）"
    assert line == "運営：株式会社ほっかいどう労務サポート（北海道労働局委託事業）"  # the sample's values
    for rel, html in _pages(built, True).items():
        assert line in html, rel


def test_each_site_has_its_own_colours_logo_contact_and_sns(built):
    for site, html in ((CITY, (built / "index.html").read_text(encoding="utf-8")),
                       (CENTER, (built / CENTER["path"] / "index.html").read_text(encoding="utf-8"))):
        style = re.search(r"<style>:root\{([^<]*)\}</style>", html).group(1)
        assert f"--md-primary-fg-color:{site['colours']['primary']};" in style
        assert f"--md-accent-fg-color:{site['colours']['accent']};" in style
        footer = html[html.index('class="md-copyright"'):]
        assert site["contact"]["name"] in footer and site["contact"]["tel"] in footer
        for sns in site["sns"]:
            assert f'href="{sns["url"]}"' in footer and sns["name"] in footer
    center_logo = (built / CENTER["path"] / "index.html").read_text(encoding="utf-8")
    city_logo = (built / "index.html").read_text(encoding="utf-8")
    logo = re.compile(r'class="md-header__button md-logo".*?(<svg.*?</svg>)', re.S)
    assert logo.search(center_logo).group(1) != logo.search(city_logo).group(1)


def test_organisation_names_come_from_configuration_not_code():
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "plugins/kohyo").rglob("*.py")
                     if p.name != "problems.py" and not p.name.endswith("schema.py"))  # editor help
    # Examples in editor help (例: …) may name the sample city; no generated text does.
    literals = re.findall(r"[\"']([^\"'\n]*札幌市[^\"'\n]*)[\"']", code)
    assert [s for s in literals if "例" not in s] == []


# --- small two-site projects, broken on purpose ---------------------------------------------

OTHER_URL = "https://other.example.jp/"


@pytest.fixture
def two_sites(mini) -> Path:
    """The mini project as the city site, plus a one-page second site in content/other."""
    write(mini / "sites.yml", f"""
        sites:
          - id: city
            name: テスト市 公表資料
            organisation: テスト市
            content: content
            site_url: https://www.city.example.jp/kohyo/
          - id: other
            name: テスト支援センター
            organisation: テスト支援センター
            content: content/other
            site_url: {OTHER_URL}
            path: other
            operator: 株式会社テスト運営
            commissioned_by: テスト労働局
        """)
    write(mini / "content/other/index.md", """
        ---
        title: センターのページ
        updated: 2026-11-01
        department: public-relations
        ---

        ## 相談の窓口 {#desk}

        本文です。
        """)
    index = mini / "content/index.md"
    index.write_text(index.read_text(encoding="utf-8") + f"\n[センターの窓口]({OTHER_URL}#desk)\n", encoding="utf-8")
    return mini


def test_a_cross_site_link_that_does_not_resolve_fails_the_build_with_file_and_line(two_sites):
    out = two_sites / "build"
    good = run_kohyo("build", "--no-pdf", "--output", str(out), "--build-date", BUILD_DATE, cwd=two_sites)
    assert good.returncode == 0, good.stderr
    assert (out / "site/other/index.html").is_file()
    assert "運営：株式会社テスト運営（テスト労働局委託事業）" in (out / "site/other/index.html").read_text(encoding="utf-8")
    before = (out / "site/index.html").read_bytes()
    index = two_sites / "content/index.md"
    lines = index.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines, 1) if OTHER_URL in line)
    index.write_text(index.read_text(encoding="utf-8").replace(f"{OTHER_URL}#desk", f"{OTHER_URL}#nowhere")
                     + f"\n[ない]({OTHER_URL}gone/)\n", encoding="utf-8")
    bad = run_kohyo("build", "--no-pdf", "--output", str(out), "--build-date", BUILD_DATE, cwd=two_sites)
    assert bad.returncode != 0
    found = re.findall(r"^(\S+:\d+): \[([a-z-]+)\] (.+)$", bad.stderr, re.M)
    assert [(w, c) for w, c, _ in found] == [(f"content/index.md:{at}", "cross-site-link"),
                                            (f"content/index.md:{len(lines) + 1}", "cross-site-link")], bad.stderr
    assert "#nowhere" in found[0][2] and "テスト支援センター" in found[0][2]
    assert "Traceback" not in bad.stderr
    assert (out / "site/index.html").read_bytes() == before, "the last good build stays published"


SITES_FAULTS = {
    # name: (replace this in the two-site sites.yml, with this, expected line)
    "bad-colour": ("    path: other\n", "    path: other\n    colours:\n      primary: blue\n", 13),
    "pale-colour": ("    path: other\n", "    path: other\n    colours:\n      primary: \"#00897b\"\n", 13),
    "unknown-key": ("    path: other\n", "    path: other\n    colour: blue\n", 13),
    "duplicate-id": ("  - id: other", "  - id: city", 7),
    "missing-folder": ("content: content/other", "content: content/nothing", 10),
    "bad-url": (f"site_url: {OTHER_URL}", "site_url: other.example.jp", 11),
    "operator-without-bureau": ("    commissioned_by: テスト労働局\n", "", 13),
}


@pytest.mark.parametrize("fault", sorted(SITES_FAULTS))
def test_a_bad_sites_entry_is_named_in_japanese_with_its_line(two_sites, fault):
    old, new, line = SITES_FAULTS[fault]
    path = two_sites / "sites.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    for command in (["check"], ["build", "--no-pdf", "--output", str(two_sites / "build")]):
        result = run_kohyo(*command, "--build-date", BUILD_DATE, cwd=two_sites)
        assert result.returncode != 0
        found = re.findall(r"^(\S+:\d+): \[([a-z-]+)\] (.+)$", result.stderr, re.M)
        assert [(w, c) for w, c, _ in found] == [(f"sites.yml:{line}", "sites-config")], result.stderr
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", found[0][2]) and "Traceback" not in result.stderr
    assert not (two_sites / "build" / "site").exists()


def test_a_relative_link_into_another_site_is_told_its_address(two_sites):
    index = two_sites / "content/index.md"
    lines = index.read_text(encoding="utf-8").rstrip("\n").split("\n")
    index.write_text("\n".join(lines + ["[窓口](other/index.md#desk)"]) + "\n", encoding="utf-8")
    result = run_kohyo("check", "--build-date", BUILD_DATE, cwd=two_sites)
    assert result.returncode != 0
    found = re.findall(r"^(\S+:\d+): \[([a-z-]+)\] (.+)$", result.stderr, re.M)
    assert [(w, c) for w, c, _ in found] == [(f"content/index.md:{len(lines) + 1}", "broken-link")], result.stderr
    assert "テスト支援センター" in found[0][2] and f"{OTHER_URL}#desk" in found[0][2]

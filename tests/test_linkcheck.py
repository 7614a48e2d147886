"""The built site is checked link by link before it replaces the published one."""

from __future__ import annotations

import re

from conftest import BUILD_DATE, run_kohyo, write
from kohyo.linkcheck import check_site


def test_broken_links_anchors_and_resources_are_found(tmp_path):
    site = tmp_path / "site"
    write(site / "index.html", """
        <html><head><link rel="stylesheet" href="assets/none.css"></head><body><h2 id="x">x</h2>
        <a href="a/">ok</a> <a href="a/#y">ok</a> <a href="a/#zz">bad anchor</a> <a href="b/">missing</a>
        <a href="#x">ok</a> <a href="https://example.jp/">external</a> <a href="/kohyo/a/">ok</a>
        </body></html>
        """)
    write(site / "a/index.html", '<html><body><h2 id="y">y</h2><a href="../index.html#x">up</a></body></html>')
    found = sorted((p.line, re.search(r"リンク「([^」]+)」", p.message).group(1)) for p in check_site(site, "/kohyo/"))
    assert found == [(1, "assets/none.css"), (2, "a/#zz"), (2, "b/")]
    assert all(p.path == "site/index.html" and p.code == "site-link" for p in check_site(site, "/kohyo/"))


def test_the_sample_site_has_no_broken_link(site):
    assert check_site(site, "/kohyo/") == []


def test_a_template_with_a_broken_link_fails_the_build_and_keeps_the_old_site(mini):
    good = run_kohyo("build", "--build-date", BUILD_DATE, cwd=mini)
    assert good.returncode == 0, good.stderr
    before = (mini / "build/site/index.html").read_bytes()
    partial = mini / "overrides/partials/kohyo-page-info.html"
    partial.write_text(partial.read_text(encoding="utf-8") + '<a href="{{ base_url }}/nowhere/">x</a>\n',
                       encoding="utf-8")
    bad = run_kohyo("build", "--build-date", BUILD_DATE, cwd=mini)
    assert bad.returncode != 0
    assert "[site-link]" in bad.stderr and "nowhere/" in bad.stderr
    assert (mini / "build/site/index.html").read_bytes() == before

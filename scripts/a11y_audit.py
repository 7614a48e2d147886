"""Run the automated accessibility test and record it for the 試験結果 page.

    .venv/bin/python scripts/a11y_audit.py        (or: make a11y)

Builds the site, serves it on 127.0.0.1 under its published path, runs axe-core (bundled
with axe-playwright-python, never from a CDN) with the WCAG 2.1 A and AA rules in Debian's
Chromium on every page the site has (each page type's sample named as such), and writes
content/_data/accessibility.yml.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "plugins"))

from kohyo.accessibility import PAGE_SAMPLES, RESULTS_FILE  # noqa: E402

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_version() -> str:
    import axe_playwright_python

    head = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")[:300]
    return re.search(r"axe v([\d.]+)", head).group(1)


def site_pages(site: Path) -> list[str]:
    """Every page of the built site, as URLs under the site root, the samples first."""
    found = sorted(str(p.parent.relative_to(site)) + "/" for p in site.rglob("index.html")
                   if not {"assets", "search"} & set(p.relative_to(site).parts))
    found = ["" if u == "./" else u for u in found]
    samples = list(PAGE_SAMPLES.values())
    return samples + [u for u in found if u not in samples] + (["404.html"] if (site / "404.html").is_file() else [])


def audit(site: Path, base_url: str) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    from conftest import CHROMIUM, CHROMIUM_ARGS

    results = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        kinds = {url: kind for kind, url in PAGE_SAMPLES.items()}
        for url in site_pages(site):
            kind = kinds.get(url, "ページ不存在（404）" if url == "404.html" else "")
            page = browser.new_page()
            page.goto(base_url + url)
            report = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}).response
            results.append({"type": kind, "url": url, "violations": len(report["violations"]),
                            "passes": len(report["passes"]),
                            "violated_rules": sorted(v["id"] for v in report["violations"])})
            page.close()
        browser.close()
    return results


def main() -> None:
    import functools
    import http.server
    import threading

    from conftest import SITE_PATH, _SiteHandler

    out = Path(tempfile.mkdtemp(prefix="kohyo-a11y-")) / "build"
    subprocess.run([sys.executable, "-m", "kohyo.cli", "build", "--no-pdf", "--output", str(out)], cwd=ROOT,
                   check=True)
    site = out / "site"
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_SiteHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        pages = audit(site, f"http://127.0.0.1:{httpd.server_address[1]}{SITE_PATH}")
    finally:
        httpd.shutdown()
    total = len(site_pages(site))
    data = {
        "date": dt.date.today(),
        "technologies": ["HTML", "CSS", "JavaScript", "WAI-ARIA", "PDF"],
        "selection": "サイトの全ページ（ページの種類ごとの代表ページには種類を記載）",
        "tool": f"axe-core {axe_version()}（WCAG 2.1 レベル A・AA の規則）による自動試験、Chromium で表示して実施",
        "total_pages": total,
        "pages": pages,
    }
    target = ROOT / "content" / RESULTS_FILE
    target.write_text("# make a11y が書き出す自動試験の結果です。手で直さないでください。\n"
                      + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    bad = [p for p in pages if p["violations"]]
    print(f"{target}: {len(pages)} ページを試験、違反のあるページ {len(bad)}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()

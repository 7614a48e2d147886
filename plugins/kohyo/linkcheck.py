"""Check the built site as a reader's browser would follow it: every internal link, anchor,
stylesheet, script and image must resolve to something in the site.

`kohyo check` validates what editors write; this catches what templates, navigation and
generated files add, and runs on the staged site before it replaces the published one.
"""

from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .problems import Problem

# MkDocs and Material write every attribute in double quotes, so a scan finds what an HTML
# parser would, an order of magnitude faster on a results page of thousands of opinions.
_ID = re.compile(r'\sid="([^"]+)"')
_HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"')
_SRC = re.compile(r'<(?:img|script|source|iframe|video|audio)\s[^>]*?src="([^"]*)"')
_LINK = re.compile(r'<link\s[^>]*?>')


def _scan(page: str) -> tuple[set[str], list[str]]:
    """(ids, URLs the page links to or loads) of one built page."""
    urls = _HREF.findall(page) + _SRC.findall(page)
    for tag in _LINK.findall(page):
        rel = re.search(r'rel="([^"]*)"', tag)
        href = re.search(r'href="([^"]*)"', tag)
        if href and rel and {"stylesheet", "icon", "manifest"} & set(rel.group(1).split()):
            urls.append(href.group(1))
    return set(_ID.findall(page)), [html.unescape(u) for u in urls]

_SKIP_SCHEMES = ("http", "https", "mailto", "tel", "data", "javascript")


def _target(page: str, url: str, base_path: str) -> tuple[str, str] | None:
    """(site file, fragment) a URL on `page` points to; None for what leaves the site."""
    parts = urlsplit(url)
    if parts.scheme in _SKIP_SCHEMES or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return page, unquote(parts.fragment)
    if path.startswith("/"):
        if not path.startswith(base_path):
            return "", ""  # outside the site's own path: reported as missing
        path = path[len(base_path):]
    else:
        path = posixpath.join(posixpath.dirname(page), path)
    path = posixpath.normpath(path).lstrip("./") if path not in (".", "") else ""
    if path in ("", ".") or url.split("#")[0].split("?")[0].endswith("/"):
        path = posixpath.join(path, "index.html") if path not in ("", ".") else "index.html"
    return path, unquote(parts.fragment)


def check_site(site_dir: Path, base_path: str = "/") -> list[Problem]:
    base_path = base_path if base_path.endswith("/") else base_path + "/"
    pages = {p.relative_to(site_dir).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site_dir.rglob("*.html"))}
    found = {rel: _scan(text) for rel, text in pages.items()}
    problems = []
    for rel, (_, urls) in found.items():
        text = pages[rel].splitlines()
        for url in dict.fromkeys(urls):
            where = _target(rel, url, base_path)
            if where is None or url in ("#", ""):
                continue
            target, fragment = where
            if not target or not (site_dir / target).is_file():
                if target and (site_dir / target / "index.html").is_file():
                    target = f"{target}/index.html"
                else:
                    problems.append(_problem(site_dir, rel, text, url, "の行き先がありません"))
                    continue
            if fragment and target.endswith(".html") and fragment not in found[target][0]:
                problems.append(_problem(site_dir, rel, text, url, f"の「#{fragment}」が行き先のページにありません"))
    return problems


def _problem(site_dir: Path, rel: str, text: list[str], url: str, what: str) -> Problem:
    line = next((i + 1 for i, ln in enumerate(text) if f'"{url}"' in ln), 1)
    return Problem(f"{site_dir.name}/{rel}", line, "site-link",
                   f"ページ /{rel.removesuffix('index.html')} のリンク「{url}」{what}。"
                   "テンプレートや自動で作られる部分の誤りです。")

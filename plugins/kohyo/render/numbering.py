"""Figure and table numbers by chapter (図3-1, 表3-2) and the cross-references that cite them.

Applied to each page's rendered HTML once, so the site and the PDF show the same numbers.
Captions come from pymdownx.blocks.caption, which numbers per page ("表1　"); a chapter
page gets its chapter number in front. An empty link to a figure or table, `[](#tbl-targets)`
or `[](04-targets.md#tbl-targets)`, is filled with the label it points to.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote, urlsplit

_TOKEN = re.compile(r'<figure\b[^>]*?\bid="(?P<id>[^"]+)"|<span class="caption-prefix">(?P<kind>[図表])(?P<n>\d+)(?P<sep>[^<]*)</span>')
_EMPTY_LINK = re.compile(r'<a href="(?P<href>[^"]*#[^"]+)">\s*</a>')


def number_captions(html: str, chapter: int | None) -> tuple[str, dict[str, str]]:
    """Renumber caption prefixes for `chapter`; return the new HTML and {figure id: label}."""
    labels: dict[str, str] = {}
    last_id: list[str | None] = [None]

    def replace(m: re.Match) -> str:
        if m["id"]:
            last_id[0] = m["id"]
            return m.group(0)
        label = f"{m['kind']}{chapter}-{m['n']}" if chapter is not None else f"{m['kind']}{m['n']}"
        if last_id[0]:
            labels[last_id[0]] = label
            last_id[0] = None
        return f'<span class="caption-prefix">{label}{m["sep"]}</span>'

    return _TOKEN.sub(replace, html), labels


def resolve(page_url: str, href: str) -> tuple[str, str] | None:
    """(target page URL, fragment) of a site-relative link on the page at `page_url`."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith("/"):
        return None
    if not parts.path:
        return page_url, unquote(parts.fragment)
    target = posixpath.normpath(posixpath.join("/" + page_url, parts.path)).lstrip("/")
    target = "" if target in (".", "") else target.rstrip("/") + "/"
    return target, unquote(parts.fragment)


def fill_references(html: str, page_url: str, labels: dict[str, dict[str, str]]) -> str:
    """Give empty links to figures and tables their label as text."""
    def replace(m: re.Match) -> str:
        where = resolve(page_url, m["href"].replace("&amp;", "&"))
        label = labels.get(where[0], {}).get(where[1]) if where else None
        return f'<a href="{m["href"]}">{label}</a>' if label else m.group(0)

    return _EMPTY_LINK.sub(replace, html)

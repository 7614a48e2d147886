"""The center's news as an Atom feed (RFC 4287), written with the standard library.

Every URL is absolute (from site_url) as feed readers need; dates come from front matter
(`updated`, else `published`), so the feed changes only when the news does.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from urllib.parse import urljoin

from .model import JST, Center

ATOM = "http://www.w3.org/2005/Atom"
FEED_FILE = "feed.xml"


# Characters XML 1.0 forbids (C0 controls but tab and line breaks, lone surrogates, U+FFFE/FFFF)
# and that iCalendar's TEXT forbids as well. Word pastes U+000B for a manual line break and
# U+000C for a page break: those become line breaks, the rest are dropped.
_BREAKS = re.compile("[\v\f\x1c-\x1e\x85\u2028\u2029]")
_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def plain(text: str) -> str:
    """Front matter text fit for XML and iCalendar: line breaks kept, control characters gone."""
    return _FORBIDDEN.sub("", _BREAKS.sub("\n", str(text).replace("\r\n", "\n").replace("\r", "\n")))


def feed_path(center: Center) -> str | None:
    """Site path of the feed, beside the news listing; None without a listing."""
    listing = center.lists.get("news-list")
    return f"{listing.url}{FEED_FILE}" if listing else None


def _stamp(day: dt.date) -> str:
    return dt.datetime.combine(day, dt.time(), JST).isoformat()


def atom(center: Center, site_url: str, limit: int = 20) -> bytes:
    listing = center.lists["news-list"]
    author = (listing.department.name if listing.department else "") or center.organisation
    items = center.news[:limit]
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "ja"})

    def sub(parent, tag, text=None, **attrs):
        el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: plain(v) for k, v in attrs.items()})
        if text is not None:
            el.text = plain(text)
        return el

    sub(feed, "id", urljoin(site_url, listing.url))
    sub(feed, "title", f"{author} {listing.title}")
    newest = max([p.updated or p.meta["published"] for p in items] + [listing.updated or center.build_date])
    sub(feed, "updated", _stamp(newest))
    sub(feed, "link", href=urljoin(site_url, listing.url), rel="alternate", type="text/html")
    sub(feed, "link", href=urljoin(site_url, feed_path(center)), rel="self", type="application/atom+xml")
    sub(sub(feed, "author"), "name", author)
    for page in items:
        entry = sub(feed, "entry")
        url = urljoin(site_url, page.url)
        sub(entry, "id", url)
        sub(entry, "title", page.title)
        sub(entry, "link", href=url, rel="alternate", type="text/html")
        sub(entry, "published", _stamp(page.meta["published"]))
        sub(entry, "updated", _stamp(page.updated or page.meta["published"]))
        sub(entry, "category", term=page.meta["category"], label=page.meta["category"])
        sub(entry, "summary", page.meta["description"], type="text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"

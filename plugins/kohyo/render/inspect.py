"""What a rendered page holds that checks care about: ids, links, images, headings, and HTML
the raw-HTML policy refuses (render/rawhtml.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from .rawhtml import Finding, findings


@dataclass
class Inspection:
    ids: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # href values, in order
    images: list[tuple[str, str | None]] = field(default_factory=list)  # (src, alt)
    h1: list[str] = field(default_factory=list)
    headings: list[tuple[int, str, str]] = field(default_factory=list)  # (level, id, text) of h2-h3
    raw_html: list[Finding] = field(default_factory=list)  # what the raw-HTML policy refuses


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.result = Inspection()
        self._h1_depth = 0
        self._h1_text: list[str] = []
        self._in_permalink = False  # the toc extension's "¶" is not part of a heading's text
        self._heading: tuple[int, str, list[str]] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.result.ids.append(a["id"])
        if tag == "a" and "headerlink" in (a.get("class") or "").split():
            self._in_permalink = True
        if tag == "a" and a.get("href") is not None:
            self.result.links.append(a["href"])
        elif tag == "img":
            self.result.images.append((a.get("src") or "", a.get("alt")))
        elif tag == "h1":
            self._h1_depth += 1
            self._h1_text = []
        elif tag in ("h2", "h3") and a.get("id"):
            self._heading = (int(tag[1]), a["id"], [])

    def handle_data(self, data):
        if self._h1_depth and not self._in_permalink:
            self._h1_text.append(data)
        if self._heading and not self._in_permalink:
            self._heading[2].append(data)

    def handle_endtag(self, tag):
        if tag == "a":
            self._in_permalink = False
        if self._heading and tag == f"h{self._heading[0]}":
            level, ident, text = self._heading
            self.result.headings.append((level, ident, "".join(text).strip()))
            self._heading = None
        if tag == "h1" and self._h1_depth:
            self._h1_depth -= 1
            self.result.h1.append("".join(self._h1_text).strip())


def inspect(html: str) -> Inspection:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    collector.result.raw_html = findings(html)
    return collector.result

"""One print document per publication, assembled from the chapters' rendered site HTML.

The chapter HTML is exactly what the site shows (principle 1); only what paper needs changes:
ids are made unique across chapters, links between chapters become links inside the PDF,
links to other pages become absolute URLs, footnotes move to the foot of the page, and images
are read from content/ (or, for charts kohyo drew, from where the build put them). The steps
every format shares are kohyo.outputs.document's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import jinja2
from bs4 import BeautifulSoup

from .. import dates
from ..model.project import Publication
from ..outputs.document import Prepared, prepare
from . import continued
from .options import PdfOptions
from .tables import set_column_widths
from .watermark import watermark_url


@dataclass(frozen=True)
class ChapterRef:
    id: str  # element id of the chapter in the print document
    src: str  # content file, for messages
    title: str


@dataclass
class PrintDocument:
    html: str
    chapters: list[ChapterRef] = field(default_factory=list)
    toc_targets: list[str] = field(default_factory=list)  # ids the TOC points to
    bookmarked_headings: int = 0  # headings that must appear in the PDF outline
    texts: dict[str, str] = field(default_factory=dict)  # content src -> its text, for the font check


def _template_env() -> jinja2.Environment:
    loader = jinja2.FileSystemLoader(str(resources.files("kohyo") / "pdf" / "templates"))
    return jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True)


def print_css(extra: Path | None = None) -> str:
    """The package's print stylesheet, plus a publication's own print.css if it has one."""
    css = (resources.files("kohyo") / "pdf" / "templates" / "print.css").read_text(encoding="utf-8")
    css += "\n/* code blocks split across pages: continued.py */\n" + continued.css() + "\n"
    if extra is not None and extra.is_file():
        css += "\n/* publication override */\n" + extra.read_text(encoding="utf-8")
    return css


def _footnotes_in_place(doc: BeautifulSoup) -> None:
    """Footnotes go where they are cited; CSS floats them to the foot of the page."""
    notes = {li.get("id"): li for li in doc.select("div.footnote li[id]")}
    for ref in doc.select("sup[id^='fnref'] > a.footnote-ref"):
        li = notes.get((ref.get("href") or "").lstrip("#"))
        if li is None:
            continue
        for back in li.select("a.footnote-backref"):
            back.decompose()
        note = doc.new_tag("span", attrs={"class": "footnote"})
        for child in list(li.children):
            if child.name is None and not child.strip():
                continue  # a stray newline would put the ※ marker on a line of its own
            if child.name == "p":
                child.name = "span"
            note.append(child)
        ref.parent.replace_with(note)
    for block in doc.select("div.footnote"):
        block.decompose()


def _prepare_chapter(prepared: Prepared, html: str, page_url: str, cid: str, available_pt: float) -> BeautifulSoup:
    doc = prepared.chapter(html, page_url, cid, before=_footnotes_in_place)
    set_column_widths(doc, available_pt)  # after local_images: an image in a cell sizes its column
    wao_spacing(doc)
    wrap_code(doc, available_pt)
    return doc


CODE_PT = 8.5  # print.css: pre font size (BIZ UDGothic: half-width 0.5 em, full-width 1 em)
CODE_INSET_PT = 2 * 2.5 * 72 / 25.4 + 2 * 0.6 + 2  # print.css: pre padding and border, and a margin


def wrap_code(doc: BeautifulSoup, available_pt: float) -> None:
    """A code line longer than the box is broken where the box ends, marked ⤵ (print.css
    .kohyo-wrap), so a reader can tell a wrapped line from two lines."""
    columns = (available_pt - CODE_INSET_PT) / CODE_PT - 1  # one column kept for the mark
    for pre in doc.find_all("pre"):
        col = 0.0
        for node in list(pre.find_all(string=True)):
            pieces, run = [], ""
            for ch in str(node):
                if ch == "\n":
                    col = 0.0
                    run += ch
                    continue
                width = 0.5 if ord(ch) < 0x1100 or 0xff61 <= ord(ch) <= 0xff9f else 1.0
                if col + width > columns:
                    mark = doc.new_tag("span", attrs={"class": "kohyo-wrap", "aria-hidden": "true"})
                    pieces += [run, mark]
                    run, col = "\n", 0.0
                run += ch
                col += width
            if not pieces:
                continue
            pieces.append(run)
            for piece in pieces:
                node.insert_before(piece)
            node.extract()


_CJK = "\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff01-\uff60"
_WAO = re.compile(f"(?<=[{_CJK}]) (?=[A-Za-z0-9])|(?<=[A-Za-z0-9]) (?=[{_CJK}])")


def wao_spacing(doc: BeautifulSoup) -> None:
    """和欧間: a space between Japanese and Latin text becomes a fixed quarter em (JIS X 4051).

    WeasyPrint justifies a line only by stretching the U+0020 and U+00A0 of its text, so in a
    Japanese line all the slack went into its one or two such spaces. U+2005 (four-per-em
    space) is not stretched; the fonts have no glyph for it, so HarfBuzz draws their space glyph
    a quarter em wide, and tags.plain_spaces maps that glyph back to U+0020 for copy, search
    and screen readers."""
    for node in doc.find_all(string=_WAO):
        if node.find_parent(["pre", "code", "script", "style"]) is not None:
            continue
        node.replace_with(_WAO.sub("\u2005", str(node)))


def assemble(pub: Publication, html_by_src: dict[str, str], options: PdfOptions, site_url: str,
             image_dirs: tuple[Path, ...], organisation: str) -> PrintDocument:
    """`image_dirs`: where images are looked for, in order (content/, then the site kohyo
    writes charts to)."""
    prepared = prepare(pub, html_by_src, site_url, image_dirs)
    chapters, chapter_ids = prepared.chapters, prepared.chapter_ids
    parts, refs, toc, targets, headings = [], [], [], [], 0
    organisation = pub.publisher(organisation)
    texts = {pub.index.src: " ".join([pub.title, pub.meta.get("subtitle", ""), pub.department.name,
                                      pub.department.address, pub.author, organisation])}
    for chapter in chapters:
        cid = chapter_ids[chapter.url]
        body = _prepare_chapter(prepared, html_by_src[chapter.src], chapter.url, cid, options.text_width_pt)
        sections = [(h["id"], h.get_text(" ", strip=True)) for h in body.find_all("h2", id=True)]
        headings += 1 + len(body.find_all(["h2", "h3"]))
        toc.append((cid, chapter.display_title, sections))
        targets += [cid] + [sid for sid, _ in sections]
        parts.append((cid, chapter.display_title, str(body)))
        refs.append(ChapterRef(cid, chapter.src, chapter.display_title))
        texts[chapter.src] = chapter.display_title + body.get_text()
    intro = ""
    if pub.index.src in html_by_src:
        # The publication's own introduction (its index.md), after the contents, as the editor wrote it.
        body = _prepare_chapter(prepared, html_by_src[pub.index.src], pub.index.url, "ch-intro",
                                options.text_width_pt)
        if body.get_text(strip=True):
            intro = str(body)
            texts[pub.index.src] += " " + body.get_text()
            if options.sheet:
                headings += len(body.find_all(["h2", "h3"]))  # in a sheet's outline, under its title
    d = pub.department
    html = _template_env().get_template("document.html.j2").render(
        pub=pub, options=options, chapters=parts, intro=intro,
        running_title=pub.meta.get("short_title") or pub.title,
        watermark=watermark_url(options.watermark) if options.watermark else "", toc=toc, organisation=organisation,
        department=d, author=pub.author, published=dates.format_date(pub.published), issued=dates.format_month(pub.published),
        created=pub.published.isoformat(), modified=pub.updated.isoformat(),
        keywords=", ".join(pub.meta.get("keywords", [])),
        subject=pub.meta.get("description") or pub.meta.get("subtitle") or pub.title,
    )
    if options.sheet:  # no contents page: nothing to point to, and the sheet's title is bookmarked
        return PrintDocument(html=html, chapters=refs, toc_targets=[], bookmarked_headings=headings + 1, texts=texts)
    # The TOC title is bookmarked too.
    return PrintDocument(html=html, chapters=refs, toc_targets=targets, bookmarked_headings=headings + 1,
                         texts=texts)

"""The prepared publication every format starts from: its chapters in order with their ids in
the output, and each chapter's site HTML made ready to leave the site (permalink marks gone,
links between chapters kept inside the document, other links absolute, images read from
files). Captions are numbered before (render.numbering, on the site's HTML); what one format
alone needs (the PDF's footnotes at the foot of the page, Word's DPUB-ARIA notes, no notes on
slides) is its `before` step, run before the links are rewritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable

from bs4 import BeautifulSoup

from ..render.numbering import resolve


def chapter_id(src: str) -> str:
    return "ch-" + PurePosixPath(src).stem


def _absolute(site_url: str, url: str, fragment: str) -> str:
    return site_url.rstrip("/") + "/" + url + (f"#{fragment}" if fragment else "")


def relink(doc: BeautifulSoup, page_url: str, cid: str, chapter_ids: dict[str, str], site_url: str) -> None:
    """Ids made unique across chapters; links between chapters stay inside the document,
    links to other pages become absolute URLs."""
    for el in doc.find_all(id=True):
        el["id"] = f"{cid}--{el['id']}"
    for a in doc.find_all("a", href=True):
        where = resolve(page_url, a["href"])
        if where is None:
            continue
        url, fragment = where
        if url in chapter_ids:
            a["href"] = f"#{chapter_ids[url]}--{fragment}" if fragment else f"#{chapter_ids[url]}"
        else:
            a["href"] = _absolute(site_url, url, fragment)


def local_images(doc: BeautifulSoup, page_url: str, image_dirs: tuple[Path, ...], swap: dict | None = None) -> None:
    """Images read from files: the first of `image_dirs` that has them. `swap` changes a
    file's suffix where a format is not understood (".svg": ".png" for Word)."""
    for img in doc.find_all("img", src=True):
        where = resolve(page_url, img["src"])
        if where is None:
            continue
        rel = where[0].rstrip("/")
        for old, new in (swap or {}).items():
            if rel.endswith(old) and any((d / (rel[:-len(old)] + new)).is_file() for d in image_dirs):
                rel = rel[:-len(old)] + new
        img["src"] = next((d / rel for d in image_dirs if (d / rel).is_file()), image_dirs[0] / rel).as_uri()


@dataclass(frozen=True)
class Prepared:
    """One publication as every format reads it."""
    pub: object  # model.project.Publication
    chapters: tuple  # the chapters that have HTML, in order
    chapter_ids: dict[str, str]  # chapter URL -> its id in the output
    html_by_src: dict[str, str]
    site_url: str
    image_dirs: tuple[Path, ...]  # content/, then the charts kohyo drew

    @property
    def intro_html(self) -> str | None:
        return self.html_by_src.get(self.pub.index.src)

    def chapter(self, html: str, page_url: str, cid: str, *, before: Callable | None = None,
                swap: dict | None = None) -> BeautifulSoup:
        """A chapter's HTML (or the introduction's, cid "ch-intro") ready for a format."""
        doc = BeautifulSoup(html, "html.parser")
        for link in doc.select("a.headerlink"):
            link.decompose()
        if before is not None:
            before(doc)
        relink(doc, page_url, cid, self.chapter_ids, self.site_url)
        local_images(doc, page_url, self.image_dirs, swap)
        return doc


def prepare(pub, html_by_src: dict[str, str], site_url: str, image_dirs: tuple[Path, ...]) -> Prepared:
    chapters = tuple(c for c in pub.chapters if c.src in html_by_src)
    return Prepared(pub, chapters, {c.url: chapter_id(c.src) for c in chapters}, html_by_src, site_url, image_dirs)


def content_files(project, pub) -> list:
    """The files beside a publication's pages (images), by name, size and time, and those kohyo
    made for them (charts): part of every publication format's cache key."""
    folder = project.content_dir / pub.folder
    files = sorted((p.relative_to(folder).as_posix(), p.stat().st_size, p.stat().st_mtime_ns)
                   for p in folder.rglob("*") if p.is_file() and p.suffix != ".md")
    return files + list(project.assets_under(pub.folder))

"""会議 (meetings) of a publication: the expert meetings whose materials are published and whose
minutes are kept in Word.

Meetings live in content/<publication>/meetings/: an index.md of type meeting-list makes every
other file there one meeting (a collection, as seminars are), and the folder names the
publication, so no field can point at a publication that does not exist. A meeting's page body
is its minutes; they also become a Word file, from the page's rendered HTML through pandoc, in
the publication's page size and fonts (the same reference document as the publication's Word).
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import urljoin

from .dates import format_date
from .model.project import Page, Publication

WORD_NAME = "minutes.docx"


@dataclass(frozen=True)
class MeetingView:
    title: str
    url: str
    date: str  # 令和6年（2024年）8月5日（月曜日）
    time: str  # 14:00～16:00, or ""
    venue: str
    agenda: tuple[str, ...]
    materials: tuple[tuple[str, str], ...]  # (title, https:// URL or path inside content/)
    word: str  # site-relative URL of the minutes as Word, "" when not made (preview)
    word_label: str


def content_path(page_src: str, relative: str) -> str:
    """A path written in a page's front matter (relative to its file), as a path inside content/."""
    return posixpath.normpath(posixpath.join(str(PurePosixPath(page_src).parent), relative))


def _time(meta: dict) -> str:
    text = meta.get("time", "")
    return text.replace("-", "～").replace(" ", "") if text else ""


def meeting_view(page: Page, words: dict[str, tuple[str, int]] | None = None) -> MeetingView:
    m = page.meta
    word, size = (words or {}).get(page.src, ("", 0))
    from .site import download_label

    return MeetingView(
        title=page.title, url=page.url, date=format_date(m["date"]) if m.get("date") else "", time=_time(m),
        venue=m.get("venue", ""), agenda=tuple(m.get("agenda", ())),
        materials=tuple((v["title"], v["url"] if "://" in v["url"] else content_path(page.src, v["url"]))
                        for v in m.get("materials", ())),
        word=word, word_label=download_label("Word", size, purpose="議事録") if word else "")


def meetings_of(pub: Publication | None, words: dict | None = None) -> list[MeetingView]:
    return [meeting_view(p, words) for p in pub.meetings] if pub else []


def publication_of(project, page: Page) -> Publication | None:
    """The publication a page lists meetings for: its own, its meeting list's, or its meeting's."""
    if page.type == "publication":
        return page.publication
    folder = page.src.rsplit("/", 1)[0]
    return next((p for p in project.publications if p.meeting_list is not None
                 and p.meeting_list.src.rsplit("/", 1)[0] == folder), None)


def minutes_html(page: Page, pub: Publication, html: str, site_url: str) -> str:
    """The minutes as one HTML document for pandoc: facts first, then the page body. Links are
    made absolute (the Word file leaves the site); pictures become their alt text."""
    from html import escape

    from bs4 import BeautifulSoup

    doc = BeautifulSoup(html, "html.parser")
    for link in doc.select("a.headerlink"):
        link.decompose()
    base = urljoin(site_url or "https://example.invalid/", page.url)
    for a in doc.find_all("a", href=True):
        if not a["href"].startswith("#"):
            a["href"] = urljoin(base, a["href"])
    for img in doc.find_all("img"):
        img.replace_with(f"［図：{img.get('alt', '')}］")
    v = meeting_view(page)
    facts = [("日時", f"{v.date}　{v.time}".strip()), ("会場", v.venue)]
    rows = "".join(f"<tr><th>{escape(k)}</th><td>{escape(x)}</td></tr>" for k, x in facts if x)
    agenda = "".join(f"<li>{escape(a)}</li>" for a in v.agenda)
    root = site_url or "https://example.invalid/"
    materials = "".join(f'<li><a href="{escape(urljoin(root, u))}">{escape(t)}</a></li>' for t, u in v.materials)
    return (f'<html lang="ja"><head><title>{escape(page.title)}</title></head><body>'
            f"<p>{escape(pub.title)}</p><table>{rows}</table>"
            + (f"<h2>議題</h2><ol>{agenda}</ol>" if agenda else "")
            + (f"<h2>資料</h2><ul>{materials}</ul>" if materials else "")
            + f"<h2>議事録</h2>{doc}</body></html>")


def minutes_docx(page: Page, pub: Publication, html: str, site_url: str) -> bytes:
    from .office import fixed_zip_times
    from .office.docx import pandoc_path, reference_docx
    from .pdf.options import options_for

    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "reference.docx").write_bytes(reference_docx(options_for(pub)))
        (Path(tmp) / "in.html").write_text(minutes_html(page, pub, html, site_url), encoding="utf-8")
        # --sandbox: pandoc reads only the files named here. Dated from the meeting's page, not the clock.
        day = page.updated or page.meta.get("date") or dt.date(2000, 1, 1)
        epoch = int(dt.datetime.combine(day, dt.time(), dt.timezone.utc).timestamp())
        subprocess.run([pandoc_path(), "in.html", "--from", "html", "--to", "docx", "--output", "out.docx",
                        "--reference-doc", "reference.docx", "--sandbox", "--metadata", "lang=ja-JP"],
                       cwd=tmp, check=True, capture_output=True, env={**os.environ, "SOURCE_DATE_EPOCH": str(epoch)})
        return fixed_zip_times((Path(tmp) / "out.docx").read_bytes())

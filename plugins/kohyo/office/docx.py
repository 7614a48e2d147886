"""A publication as an editable Word file, converted by pandoc from the site's chapter HTML.

Officials revise drafts in Word, so the file keeps the structure rather than the PDF's
look: chapter headings as 見出し 1, sections as 見出し 2/3 (numbered as the editors numbered
them), tables as Word tables, charts as pictures, footnotes as Word footnotes. A reference
document made here from pandoc's own gives the styles the BIZ UD fonts and the page the
size of the publication's PDF.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import mimetypes
import os
import re
import zipfile
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from .. import dates
from ..model.project import Publication
from ..outputs.document import Prepared
from ..pdf.options import PdfOptions
from ..pdf.tables import set_column_widths
from . import fixed_zip_times

GOTHIC, MINCHO = "BIZ UDPGothic", "BIZ UDPMincho"
# Style names as pandoc writes them; Word shows its built-in ones in Japanese (見出し 1, 本文…).
_HEADINGS = ("Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Heading 4", "TOC Heading")
_BODY = ("Normal", "Body Text", "First Paragraph", "Compact", "Footnote Text", "Author", "Date", "Abstract")
_CAPTIONS = ("Caption", "Image Caption", "Table Caption")


def pandoc_path() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def reference_docx(options: PdfOptions) -> bytes:
    """pandoc's reference document with Japanese fonts, sizes and the PDF's page."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    default = subprocess.run([pandoc_path(), "--print-default-data-file", "reference.docx"],
                             capture_output=True, check=True).stdout
    doc = Document(io.BytesIO(default))

    def font(style, family: str, size: float | None = None, bold: bool | None = None) -> None:
        style.font.name = family
        if size:
            style.font.size = Pt(size)
        if bold is not None:
            style.font.bold = bold
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)
        fonts.set(qn("w:eastAsia"), family)

    names = {s.name: s for s in doc.styles}
    for name, size in zip(_HEADINGS, (20, 14, 16, 13, 11.5, 10.5, 14)):
        if name in names:
            font(names[name], GOTHIC, size, True)
            names[name].font.color.rgb = RGBColor(0x1A, 0x1A, 0x1A)  # not the default theme blue
            names[name].font.italic = False  # slanted kana and kanji read badly
    for name in _BODY:
        if name in names:
            font(names[name], MINCHO, 10.5 if name != "Footnote Text" else 8.5)
    for name in _CAPTIONS:
        if name in names:
            font(names[name], GOTHIC, 9.5, True)
            names[name].font.italic = False
    names["Heading 1"].paragraph_format.page_break_before = True  # each chapter on a new page, as in the PDF
    if "Table" in names:  # ruled tables, as official documents print them
        borders = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            line = OxmlElement(f"w:{edge}")
            for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "555555")):
                line.set(qn(f"w:{key}"), value)
            borders.append(line)
        table_pr = names["Table"].element.find(qn("w:tblPr"))
        if table_pr is None:
            table_pr = OxmlElement("w:tblPr")
            names["Table"].element.append(table_pr)
        table_pr.append(borders)
    width, height = options.page_mm
    for section in doc.sections:
        section.orientation = WD_ORIENT.LANDSCAPE if options.landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(width), Mm(height)
        section.left_margin = section.right_margin = Mm(18)
        section.top_margin = section.bottom_margin = Mm(20)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _notes_and_figures(doc: BeautifulSoup) -> None:
    """Word's own step of the shared preparation, before links are rewritten."""
    # Python-Markdown's footnotes in the DPUB-ARIA form pandoc reads as real footnotes.
    for sup in doc.select("sup[id^='fnref']"):
        a = sup.find("a", class_="footnote-ref")
        if a is None:
            continue
        ref = doc.new_tag("a", attrs={"href": a["href"], "class": "footnote-ref", "id": sup["id"],
                                      "role": "doc-noteref"})
        ref.append(doc.new_tag("sup"))
        ref.sup.string = a.get_text()
        sup.replace_with(ref)
    for block in doc.select("div.footnote"):
        block.name = "section"
        block.attrs = {"class": "footnotes", "role": "doc-endnotes"}
        for back in block.select("a.footnote-backref"):
            back.decompose()
    for figure in doc.select("figure.kohyo-table"):  # a Word table with its caption, not a table in a table
        table = figure.find("table")
        if table is not None and figure.get("id"):
            table["id"] = figure["id"]
        figure.unwrap()
    for details in doc.select("details"):  # a chart's data table: shown, not folded
        details.name = "div"
        if details.summary:
            details.summary.name = "p"


def publication_html(prepared: Prepared, text_width_pt: float) -> str:
    parts = []
    for chapter in prepared.chapters:
        cid = prepared.chapter_ids[chapter.url]
        # pandoc needs a raster image for Word
        body = prepared.chapter(prepared.html_by_src[chapter.src], chapter.url, cid, before=_notes_and_figures,
                                swap={".svg": ".png"})
        set_column_widths(body, text_width_pt)
        parts.append(f'<h1 id="{cid}">{html.escape(chapter.display_title)}</h1>\n{body}')
    return "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\"><title>{}</title></head><body>\n{}\n</body></html>" \
        .format(html.escape(prepared.pub.title), "\n".join(parts))


def _images_inline(html: str, image_dirs: tuple[Path, ...]) -> str:
    """Images as data: URLs, read here and only from `image_dirs` (content/, the site's charts).

    pandoc runs with --sandbox, which lets it read no file but its input and reference
    document (and no URL): so a `file:///etc/…` image in a chapter reaches nothing, and the
    images kohyo allows come in the input itself. Same bytes in, same data URL out."""
    roots = [os.path.realpath(d) for d in image_dirs]

    def place(m: re.Match) -> str:
        source = Path(os.path.realpath(unquote(urlsplit(m.group(1)).path)))
        kind = mimetypes.guess_type(source.name)[0] or ""
        if not (kind.startswith("image/") and source.is_file() and any(source.is_relative_to(r) for r in roots)):
            return 'src=""'  # `kohyo check` refuses such images; never read one for Word
        return f'src="data:{kind};base64,{base64.b64encode(source.read_bytes()).decode()}"'

    return re.sub(r'src="(file://[^"]+)"', place, html)


def _without_data_urls(data: bytes) -> bytes:
    """pandoc copies an image's src into the picture's description: for a data: URL that is
    the whole image a second time, as text. The alt text Word shows is kept (wp:docPr)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = source.read(info.filename)
            if info.filename == "word/document.xml":
                member = re.sub(rb'descr="data:[^"]*"', b'descr=""', member)
            target.writestr(info, member)
    return out.getvalue()


def publication_docx(prepared: Prepared, options: PdfOptions) -> bytes:
    pub, image_dirs = prepared.pub, prepared.image_dirs
    html = publication_html(prepared, options.text_width_pt * options.columns)
    meta = {"title": pub.title, "subtitle": pub.meta.get("subtitle", ""), "author": pub.author,
            "date": dates.format_date(pub.published), "lang": "ja-JP", "toc-title": "目次"}
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "reference.docx").write_bytes(reference_docx(options))
        (Path(tmp) / "in.html").write_text(_images_inline(html, image_dirs), encoding="utf-8")
        # --sandbox: pandoc reads only the files named here, never one a chapter points to.
        args = [pandoc_path(), "in.html", "--from", "html", "--to", "docx", "--output", "out.docx",
                "--reference-doc", "reference.docx", "--toc", "--toc-depth", "2", "--sandbox"]
        for key, value in meta.items():
            if value:
                args += ["--metadata", f"{key}={value}"]
        # pandoc dates the file and its parts from SOURCE_DATE_EPOCH: same input, same bytes.
        epoch = int(dt.datetime.combine(pub.updated, dt.time(), dt.timezone.utc).timestamp())
        subprocess.run(args, cwd=tmp, check=True, capture_output=True,
                       env={**os.environ, "SOURCE_DATE_EPOCH": str(epoch)})
        return fixed_zip_times(_without_data_urls((Path(tmp) / "out.docx").read_bytes()))


def key_parts(project, pub: Publication, html_by_src: dict[str, str], site_url: str) -> list:
    """What a publication's Word file is made from besides kohyo's code: its cache key."""
    from importlib.metadata import version

    from ..outputs.document import content_files
    from ..pdf.options import options_for

    return [[html_by_src.get(c.src, "") for c in pub.chapters], pub.meta, options_for(pub).__dict__, site_url,
            content_files(project, pub), pub.department.__dict__, version("pypandoc-binary")]

"""Render one print document with WeasyPrint, in a worker process, and check the result.

Nothing here fails silently: a failed image or stylesheet load, an outline that does not
mirror the headings, a TOC entry without a page, or content wider than the page box each
become a problem naming the chapter, and the PDF is not published.

WeasyPrint reads only what the build allows (url_fetcher): files inside content/, kohyo's
own templates and this build's staged site (charts), and image data: URLs. Nothing from the
network, nothing from elsewhere on disk, and no file attachments: a PDF is public.
"""

from __future__ import annotations

import logging
import re
import os
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from . import continued, marks, tags

VARIANTS = {"web": "pdf/ua-1", "PDF/X-4": "pdf/x-4", "PDF/X-1a": "pdf/x-1a"}
BLEED_PX = 3 / 25.4 * 96  # 3 mm in CSS pixels


@dataclass(frozen=True)
class Job:
    """One publication: laid out once, written as the web PDF and, if asked, the print PDF."""
    pub_id: str
    html: str
    css: str
    base_url: str
    web_out: str
    print_out: str  # "" for no print PDF
    print_standard: str
    chapters: tuple[tuple[str, str], ...]  # (chapter element id, content src)
    toc_targets: tuple[str, ...]
    bookmarked_headings: int
    allowed_dirs: tuple[str, ...] = ()  # the only folders WeasyPrint may read files from
    print_watermark: bool = False  # keep the draft watermark in the print PDF too
    sheet: str = ""  # a one-sheet layout: what the one page is, e.g. "A3 横・3段組み"; "" for a book
    columns: int = 1
    paper: str = "A4"


@dataclass
class Outcome:
    job: Job
    pages: int = 0
    # (code, src, Japanese message[, text to find the source line by])
    problems: list[tuple] = field(default_factory=list)
    warnings: list[tuple[str, str, str]] = field(default_factory=list)  # (src, text to find its line, message)
    missing_glyphs: dict[str, list[str]] = field(default_factory=dict)  # src -> characters no font has
    refused: list[tuple[str, str, str]] = field(default_factory=list)  # (src, text to find its line, message)


_FAILED_IMAGE = re.compile(r"^Failed to load image at '([^']+)'")  # weasyprint/images.py
PRINT_CSS = "print.css"  # Outcome.refused src: the publication's print.css, not a chapter
_REFUSED = "kohyo-refused"  # marks WeasyPrint's own warning about a fetch kohyo refused


def fetch_refusal(url: str, allowed_dirs: tuple[str, ...]) -> str | None:
    """Why WeasyPrint may not read `url` (in Japanese), or None when it may."""
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme == "data":
        return None if url[5:].lstrip().lower().startswith("image/") else "data: で読み込めるのは画像だけです"
    if scheme != "file":
        return f"{scheme}: の URL からは読み込みません（PDF にはインターネット上のものなどを入れません）"
    parts = urlsplit(url)
    # Symlinks and ".." resolved first: a link inside content/ may point anywhere.
    path = Path(os.path.realpath(url2pathname(parts.path)))
    if parts.netloc in ("", "localhost") and \
            any(path.is_relative_to(os.path.realpath(d)) for d in allowed_dirs):
        return None
    return "content フォルダの外のファイルは PDF に入れられません"


def url_fetcher(allowed_dirs: tuple[str, ...], refused: list[tuple[str, str]] | None = None):
    """A WeasyPrint 70 URLFetcher that reads only what fetch_refusal allows; each refusal is
    appended to `refused` as (url, reason) and WeasyPrint reports the resource as not loaded."""
    from weasyprint.urls import URLFetcher

    class _Fetcher(URLFetcher):
        def fetch(self, url, headers=None):
            reason = fetch_refusal(url, allowed_dirs)
            if reason is not None:
                if refused is not None:
                    refused.append((url, reason))
                raise ValueError(f"{_REFUSED}: {reason}")
            return super().fetch(url, headers)

    return _Fetcher(allowed_protocols=("file", "data"), allow_redirects=False)


def _where(job: Job, url: str) -> tuple[str, str]:
    """(content src, text to find the line by) of the chapter that asked for `url`: the print
    document holds it as written or as a file URI, so look for the URL, its path, its name."""
    path = unquote(urlsplit(url).path)
    candidates = [c for c in (url, unquote(url), path, path.rsplit("/", 1)[-1]) if c]
    starts = sorted((job.html.find(f'id="{cid}"'), src) for cid, src in job.chapters)
    for needle in candidates:
        at = job.html.find(needle)
        if at >= 0:
            owners = [src for start, src in starts if 0 <= start < at]
            return (owners[-1] if owners else (job.chapters[0][1] if job.chapters else "")), needle
        if job.css.find(needle) >= 0:
            return PRINT_CSS, needle  # the publication's own print.css asked for it
    return (job.chapters[0][1] if job.chapters else ""), candidates[-1]


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        self.messages.append(record.getMessage())


def _count(nodes) -> int:
    return sum(1 + _count(children) for _label, _target, children, _state in nodes)


def _chapter_of_pages(document, chapters) -> list[str]:
    """The content src each page belongs to (the chapter whose start is at or before it)."""
    starts = dict(chapters)
    current, owners = "", []
    for page in document.pages:
        for anchor in page.anchors:
            if anchor in starts:
                current = starts[anchor]
        owners.append(current)
    return owners


def _overflow(page) -> str | None:
    """Text of the first box that sticks out past the right edge of the page's content area;
    for anything inside a table, the table's first text, which finds the table's source line."""
    from weasyprint.formatting_structure import boxes

    root = page._page_box
    # 2 px (0.5 mm): collapsed table borders lie half outside the content width by design.
    right = root.content_box_x() + root.width + 2

    def sticks_out(box) -> bool:
        return isinstance(box, (boxes.TextBox, boxes.ReplacedBox, boxes.TableBox)) and \
            box.position_x + box.margin_width() > right

    for box in root.descendants():
        if isinstance(box, boxes.MarginBox) or box.style["position"] in ("absolute", "fixed"):
            continue
        if isinstance(box, boxes.TableBox) and (sticks_out(box) or any(map(sticks_out, box.descendants()))):
            return _first_text(box) or _alt(box) or "表"
        if sticks_out(box):
            return getattr(box, "text", None) or _alt(box) or type(box).__name__
    return None


MIN_FILL = 0.5  # a page inside a chapter ends no higher than half its body height
COLOPHON_ID = "kohyo-colophon"  # document.html.j2: the colophon, which is no chapter


def _flow(box):
    """The page's main flow in document order: running heads and footnotes left out."""
    from weasyprint.formatting_structure import boxes

    yield box
    for child in getattr(box, "children", ()):
        if not isinstance(child, (boxes.MarginBox, boxes.FootnoteAreaBox)):
            yield from _flow(child)


def _content_bottom(page) -> float:
    """Lowest edge of the page's main-flow content, as a fraction of its body height."""
    from weasyprint.formatting_structure import boxes

    root = page._page_box
    top, low = root.content_box_y(), root.content_box_y()
    for box in _flow(root):
        if isinstance(box, (boxes.LineBox, boxes.ReplacedBox, boxes.TableRowBox)):
            low = max(low, box.position_y + box.margin_height())
    return (low - top) / root.height


def _footnote_height(page) -> float:
    from weasyprint.formatting_structure import boxes

    return sum(child.margin_height() for child in page._page_box.children
               if isinstance(child, boxes.FootnoteAreaBox) and child.children)


def _first_text(box) -> str:
    """The first run of text in `box` (a few characters), to find its source line by."""
    from weasyprint.formatting_structure import boxes

    for b in _flow(box):
        # Not a footnote call or marker: generated text is not in the source.
        if isinstance(b, boxes.TextBox) and len(b.text.strip()) >= 2 and "::" not in (b.element_tag or ""):
            return b.text.strip()[:12].replace("\u2005", " ")  # 和欧間 (assemble.wao_spacing)
    return ""


def _alt(box) -> str:
    """The alt text of the first image in `box`, or ""."""
    from weasyprint.formatting_structure import boxes

    for b in _flow(box):
        element = getattr(b, "element", None)
        if isinstance(b, boxes.ReplacedBox) and element is not None:
            return element.get("alt", "")
    return ""


def _image_name(box) -> str:
    """A name for a block without text: 「図：説明」 from its image's alt text."""
    alt = _alt(box)
    return f"図：{alt[:20]}" if alt else "表や図"


def _unbreakable(box) -> bool:
    """A box the page break cannot go through (a block kept with the next counts as one)."""
    from weasyprint.formatting_structure import boxes

    return isinstance(box, (boxes.LineBox, boxes.ReplacedBox, boxes.TableRowBox)) or \
        box.style["break_inside"] in ("avoid", "avoid-page") or \
        (isinstance(box, boxes.BlockBox) and box.style["break_after"] in ("avoid", "avoid-page"))


def _first_block(page):
    """(height in px, name, first box, last box) of what opens `page` and could not be split: the first
    unbreakable box, with the boxes chained before it by break-after: avoid (a heading kept
    with its text)."""
    from weasyprint.formatting_structure import boxes

    root = page._page_box
    top = root.content_box_y()
    bottom, name, taken, first = top, "", None, None
    for box in _flow(root):
        if box is root or isinstance(box, boxes.TextBox) or not _unbreakable(box):
            continue
        if taken is not None and _inside(box, taken):
            continue
        bottom = max(bottom, box.position_y + box.margin_height())
        name = name or _first_text(box) or _image_name(box)
        first = first or box
        if box.style["break_after"] not in ("avoid", "avoid-page") or isinstance(box, boxes.LineBox):
            return bottom - top, name, first, box
        taken = box
    return bottom - top, name, first, None


def _inside(box, outer) -> bool:
    return box is not outer and outer.position_y <= box.position_y and \
        box.position_y + box.margin_height() <= outer.position_y + outer.margin_height() + 0.01


def check_page_fill(document, chapters) -> tuple[list[tuple], list[tuple[str, str, str]]]:
    """A page inside a chapter must be filled to at least half its body height.

    Returns (problems, warnings). When what opens the next page is a single unbreakable block
    (a chart, a box, a table row, with a heading kept to it) taller than the space the short
    page had left, WeasyPrint (no page floats) could not do better: a warning naming the block.
    Any other short page is a pagination fault: a `pdf-page-fill` problem at the source line
    of the block that opens the next page.
    """
    starts = dict(chapters)
    first_pages: dict[int, str] = {}  # page index -> src of the chapter starting there
    seen: set[str] = set()
    end = len(document.pages)
    for i, page in enumerate(document.pages):
        if COLOPHON_ID in page.anchors:
            end = min(end, i)
        new = [a for a in page.anchors if a in starts and a not in seen]
        if new:  # a chapter's id appears on every page its section spans: its first is its start
            seen.update(new)
            first_pages[i] = starts[new[0]]
    bounds = sorted(first_pages) + [end]
    problems, warnings = [], []
    for k in range(len(bounds) - 1):
        src = first_pages[bounds[k]]
        pages = list(range(bounds[k], bounds[k + 1]))
        fills = {i: _content_bottom(document.pages[i]) for i in pages}
        # Blank pages at the end (a chapter starting on a right-hand page) do not count.
        while pages and fills[pages[-1]] <= 0.001:
            pages.pop()
        for i in pages[:-1]:  # the last page of a chapter may be short
            if fills[i] >= MIN_FILL:
                continue
            page, following = document.pages[i], document.pages[i + 1]
            root = page._page_box
            space = root.height * (1 - fills[i]) - _footnote_height(page)
            extent, name, first, block = _first_block(following)
            opening = first if first is not None else following._page_box
            needle = _first_text(opening) or _alt(opening)[:20]
            percent = round(100 * fills[i])
            if block is not None and extent > space:
                warnings.append((src, needle, f"{i + 1}ページ目は本文の{percent}%で終わっています。"
                                 f"次のページの「{name}」は分けられないまとまりで、残りの余白に入らないためです。"))
            else:
                problems.append(("pdf-page-fill", src,
                                 f"{i + 1}ページ目が本文の{percent}%で終わり、章の途中なのに下半分が空白です"
                                 f"（次のページは「{needle or name}」から始まります）。"
                                 "改ページの不具合です。この行の前後の見出し・表・図・注を確かめ、直らなければ"
                                 "このメッセージを kohyo の担当者に知らせてください。", needle))
    return problems, warnings


def _column_heights(page, columns: int) -> list[float]:
    """Height (px) the main flow takes in each column of `page`, from the top of its first
    line to the bottom of its last."""
    from weasyprint.formatting_structure import boxes

    root = page._page_box
    left, width = root.content_box_x(), root.width / columns
    spans: list[tuple[float, float] | None] = [None] * columns
    for box in _flow(root):
        if isinstance(box, (boxes.LineBox, boxes.ReplacedBox, boxes.TableRowBox)):
            col = min(columns - 1, max(0, int((box.position_x - left) / width)))
            top, bottom = box.position_y, box.position_y + box.margin_height()
            old = spans[col]
            spans[col] = (top, bottom) if old is None else (min(old[0], top), max(old[1], bottom))
    return [b - t for t, b in (s for s in spans if s is not None)]


def _overflow_start(page, chapters) -> tuple[str, str, str]:
    """(content src or "" for the publication's index.md, text to quote, text to find the
    line by) of what opens `page`: its first text in the main flow, in the chapter section
    holding it. The line is found by the whole paragraph (or heading, list item) that text
    belongs to, as a piece of it may recur elsewhere; the piece is what the editor is shown."""
    from weasyprint.formatting_structure import boxes

    starts, src, alt = dict(chapters), "", None
    for box in _flow(page._page_box):
        element = getattr(box, "element", None)
        if box.element_tag == "section" and element is not None and element.get("id") in starts:
            src = starts[element.get("id")]
        # Text first: a chart's caption is its title as written, its alt text is generated.
        if isinstance(box, boxes.TextBox) and len(box.text.strip()) >= 2 and "::" not in (box.element_tag or ""):
            whole = "".join(element.itertext()).strip() if element is not None else ""
            return src, _plain(box.text.strip()[:12]), _plain(whole)
        if alt is None and isinstance(box, boxes.ReplacedBox) and element is not None and element.get("alt"):
            alt = (src, element.get("alt")[:20], element.get("alt"))
    return alt or (src, "", "")


def _plain(text: str) -> str:
    return text.replace("\u2005", " ")  # 和欧間 (assemble.wao_spacing) as the editor typed it


def sheet_overflow(document, job: Job) -> tuple:
    """The `pdf-sheet-overflow` problem of a one-sheet document laid out on more than one page:
    where the first page ends and how much comes after it, in column height and as a share of
    what the sheet holds."""
    capacity = sum(_column_heights(document.pages[0], job.columns)) or document.pages[0]._page_box.height
    extra = sum(sum(_column_heights(page, job.columns)) for page in document.pages[1:])
    percent = max(1, round(100 * extra / capacity))
    mm = max(1, round(extra / job.columns * 25.4 / 96))  # CSS px to mm
    src, quote, whole = _overflow_start(document.pages[1], job.chapters)
    where = f"この行の「{quote}」から後" if quote else "内容の後ろの部分"
    per = f"各段の高さにして約 {mm} mm" if job.columns > 1 else f"約 {mm} mm"
    more = [] if job.columns >= 3 else ["段組み（columns）を増やす"]
    more += [] if job.paper == "A3" else ["用紙を大きくする（paper: A3 など）"]
    return ("pdf-sheet-overflow", src,
            f"1枚もの（{job.sheet}）の1ページに収まりません。{where}が{len(document.pages)}ページ目まであふれ、"
            f"約 {percent}% はみ出しています（{per}）。文章や表・図を短くする" + "".join(f"か、{m}" for m in more)
            + "ことで1ページに収めてください。", whole, quote)


@contextmanager
def _stable_document_id(name: str):
    """WeasyPrint 70 writes a random xmpMM:DocumentID into PDF/X-4 metadata (marked TODO in its
    source); a name-based UUID keeps the same input giving the same bytes (principle 6)."""
    from weasyprint.pdf import metadata

    original = metadata.uuid4
    metadata.uuid4 = lambda: uuid.uuid5(uuid.NAMESPACE_URL, f"kohyo:{name}")
    try:
        yield
    finally:
        metadata.uuid4 = original


def render(job: Job) -> Outcome:
    from weasyprint import CSS, HTML

    outcome = Outcome(job)
    log, handler = logging.getLogger("weasyprint"), _Collect()
    log.addHandler(handler)
    # Collected and reported in Japanese at the source line below; not echoed in English too.
    propagate, log.propagate = log.propagate, False
    refused: list[tuple[str, str]] = []
    fetcher = url_fetcher(job.allowed_dirs, refused)
    try:
        document = HTML(string=job.html, base_url=job.base_url, url_fetcher=fetcher).render(
            stylesheets=[CSS(string=job.css, url_fetcher=fetcher)])
    except Exception as exc:  # noqa: BLE001 - any engine failure is reported, never swallowed
        outcome.problems.append(("pdf-failed", "", f"PDF の作成に失敗しました: {exc}"))
        return outcome
    finally:
        log.removeHandler(handler)
        log.propagate = propagate
    first = job.chapters[0][1] if job.chapters else ""
    for url, reason in dict.fromkeys(refused):
        src, needle = _where(job, url)
        shown = unquote(urlsplit(url).path) if url.lower().startswith("file:") else url[:80]
        outcome.refused.append((src, needle, f"「{shown}」は読み込めません（{reason}）。画像はページのフォルダに置き、"
                                             "![説明](images/図.png) のように相対パスで指定してください。"))
    for message in dict.fromkeys(handler.messages):
        if _REFUSED in message:
            continue
        image = _FAILED_IMAGE.match(message)
        if image:  # named in the chapter that shows it, in Japanese: WeasyPrint's own words are English
            src, _ = _where(job, image.group(1))
            name = unquote(urlsplit(image.group(1)).path).rsplit("/", 1)[-1]  # as the Markdown names it
            outcome.problems.append(("pdf-resource", src if src != PRINT_CSS else first,
                                     f"画像「{name}」を読み込めません。ファイルが壊れているか、画像の形式"
                                     "（PNG・JPEG・SVG など）ではありません。画像を保存し直してください。", name))
        else:
            outcome.problems.append(("pdf-resource", first,
                                     f"PDF の作成中に読み込めないものがありました（{message}）。"))
    # File attachments (<link rel="attachment">, <a rel="attachment">) are never embedded:
    # kohyo has no way for an editor to declare one, and a stray one could publish any file.
    attached = ["attachment" for _ in document.metadata.attachments] + \
        [link[1] for page in document.pages for link in page.links if link[0] == "attachment"]
    document.metadata.attachments = []
    for src in dict.fromkeys(_where(job, target)[0] for target in attached):
        outcome.refused.append((src, "attachment", "PDF にファイルを添付することはできません（rel=\"attachment\"）。"
                                                   "rel=\"attachment\" を削除し、ファイルへは普通のリンクにしてください。"))
    if outcome.refused:
        return outcome
    continued.mark_continued(document)  # before either PDF is written: both show the marks
    owners = _chapter_of_pages(document, job.chapters)
    for number, page in enumerate(document.pages, start=1):
        text = _overflow(page)
        if text is not None:
            outcome.problems.append(("pdf-overflow", owners[number - 1],
                                     f"{number}ページ目で内容がページの幅からはみ出しています（「{text[:30]}」付近）。"
                                     "表の列を減らすか、長い英数字に区切りを入れてください。",
                                     text.replace("\u2005", " ").strip()[:12]))  # finds its source line
    if job.sheet:
        # One page by definition: nothing to fill, and more than one is the fault.
        if len(document.pages) > 1:
            outcome.problems.append(sheet_overflow(document, job))
    else:
        fill_problems, fill_warnings = check_page_fill(document, job.chapters)
        outcome.problems += fill_problems
        outcome.warnings += fill_warnings
    anchors = {a for page in document.pages for a in page.anchors}
    missing = [t for t in job.toc_targets if t not in anchors]
    if missing:
        src = next((s for cid, s in job.chapters if missing[0].startswith(cid)), first)
        outcome.problems.append(("pdf-toc", src, f"目次の項目「{missing[0]}」の行き先がなく、ページ番号が決まりません。"))
    outline = _count(document.make_bookmark_tree())
    if outline < job.bookmarked_headings:
        outcome.problems.append(("pdf-outline", first,
                                 f"PDF のしおりが {outline} 件しかありません（見出しは {job.bookmarked_headings} 件）。"))
    outcome.pages = len(document.pages)
    if outcome.problems:
        return outcome
    # The print PDF is written by a forked copy of this worker while this one writes the web
    # PDF: both share the layout (copy-on-write) and the two writes use both cores.
    child = os.fork() if job.print_out else None
    if child == 0:
        code = 1
        try:
            _add_bleed(document, keep_watermark=job.print_watermark)
            # PDF/X needs an output intent; sRGB is the profile WeasyPrint ships.
            with _stable_document_id(job.pub_id):
                document.write_pdf(job.print_out, pdf_variant=VARIANTS[job.print_standard], output_intent="srgb")
            marks.add_print_marks(job.print_out)
            code = 0
        finally:
            os._exit(code)
    document.write_pdf(job.web_out, pdf_variant=VARIANTS["web"])
    tags.fix_tags(job.web_out)
    if child is not None and os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]) != 0:
        outcome.problems.append(("pdf-failed", job.chapters[0][1] if job.chapters else "",
                                 "印刷用 PDF の書き出しに失敗しました。"))
    return outcome


def _add_bleed(document, keep_watermark: bool) -> None:
    """Turn the laid-out web document into the print one without laying it out again.

    The bleed changes only what is drawn around the trim box, never the layout, and
    WeasyPrint 70 (pinned) reads it when writing: so both PDFs share one pagination and the
    print PDF costs a write, not a second layout. The トンボ are drawn afterwards
    (marks.add_print_marks), not by WeasyPrint, whose Western marks sit inside the bleed.
    The draft watermark is the page box's only background image (document.html.j2's
    @page): a print run is usually of a fixed text, so it is left out unless asked for.
    """
    for page in document.pages:
        page.bleed = {side: BLEED_PX for side in ("top", "right", "bottom", "left")}
        box = page._page_box
        if not keep_watermark and box.background is not None:
            box.background = box.background._replace(
                layers=[layer._replace(image=None) for layer in box.background.layers])

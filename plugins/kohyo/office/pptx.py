"""A publication as editable PowerPoint slides (`powerpoint: true`), from the site's chapter HTML.

Its declaration in the output registry is kohyo.outputs.formats.powerpoint: this module renders
a prepared publication (kohyo.outputs.document) into the bytes.

The slides keep the structure an official edits before a committee: a title slide, a slide
per chapter and per section (## heading, or where the editor wrote `<!-- slide -->`), text as
paragraphs and bullets that fit their box (measured with the BIZ UD font's advances; what does
not fit moves to a 「…（続き）」 slide, a heading with what it heads, a 出典/注/※ line with its
table or figure), tables as PowerPoint tables (split with the header row repeated, the rows
shared fairly among the pieces), charts as native charts from the chart's own CSV (a number can be changed in
PowerPoint), pictures with their alt text, and speaker notes from `<!-- 発表メモ … -->`.
HTML comments show nowhere on the site, in the PDF or in Word, so notes and breaks stay off them.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from pptx.enum.text import PP_ALIGN

from .. import dates
from ..model.project import Publication
from ..outputs.document import Prepared
from ..pdf.fonts import text_width_pt
from . import fixed_zip_times

FONT = "BIZ UDPGothic"
# (width, height) in EMU: 16:9 as PowerPoint makes it (33.867 × 19.05 cm), A4 landscape as paper.
SIZES = {"16:9": (12192000, 6858000), "A4": (10692000, 7560000)}
EMU_PT = 12700
TEXT = (0x1A, 0x1A, 0x1A)
ACCENT = (0x00, 0x72, 0xB2)  # charts.draw.PALETTE[0]
MUTED = (0x59, 0x59, 0x59)
BODY_PT, SUB_PT, CAPTION_PT = 18.0, 16.0, 13.0
# Table text: 14 pt where the table fits the width without breaking words, smaller for wide tables.
TABLE_SIZES = (14.0, 12.0, 10.5)
LINE = 1.25  # exact line spacing, in ems: measured and written the same
# What is measured is narrowed and lowered a little: PowerPoint and LibreOffice break lines
# by their own rules (kinsoku, Latin words), which this greedy measure approximates.
WIDTH_SAFETY, HEIGHT_SAFETY, BOLD_WIDER = 0.95, 0.94, 1.06
NOTES_MARK, SLIDE_MARK = "発表メモ", "slide"
# Characters a line may not start with (JIS X 4051 行頭禁則, the common subset).
_NO_START = set("、。，．・：；？！）」』】〕〉》”’ヽヾゝゞ々ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ,.:;?!)]}%")
_TOKEN = re.compile(r"[!-~]+|\s|.", re.S)


# ---------------------------------------------------------------- what a slide holds

@dataclass
class Para:
    text: str
    level: int = 0
    bullet: bool = False
    bold: bool = False
    size: float = BODY_PT
    split: bool = False  # continues on the next slide


def is_heading(b) -> bool:
    return isinstance(b, Para) and b.bold and not b.bullet


# A source or note line under a table or figure: 「出典：…」「資料：…」「※…」「注1…」「（注）…」.
_SOURCE = re.compile(r"^\s*(出典|資料|※|[（(]?注[0-9０-９]*[）)：:\s　]|注$)")


def is_source(b) -> bool:
    return isinstance(b, Para) and not b.bullet and bool(_SOURCE.match(b.text))


@dataclass
class TableBlock:
    caption: str
    head: list[list[str]]
    rows: list[list[str]]
    right: list[bool]  # right-aligned columns (numbers)


@dataclass
class ChartBlock:
    chart: object  # kohyo.charts.chart.Chart
    caption: str
    alt: str


@dataclass
class ImageBlock:
    path: Path | None
    alt: str
    caption: str


@dataclass
class Break:
    title: str


@dataclass
class Notes:
    text: str


@dataclass
class Section:
    title: str
    blocks: list = field(default_factory=list)


# ---------------------------------------------------------------- HTML to sections

def _text(el) -> str:
    """An element's text as a reader sees it: <br> as a line break, runs of spaces as one."""
    for br in el.find_all("br"):
        br.replace_with("\x00")
    # Source line breaks are spaces, as a browser shows them; U+3000 (as after 図1-1) is kept.
    lines = [re.sub(r"\u3000 ", "\u3000", re.sub(r"[ \t\r\n\f\v]+", " ", line)).strip(" ")
             for line in el.get_text().split("\x00")]
    return "\n".join(line for line in lines if line)


def _paras(text: str, **kw) -> list[Para]:
    lines = text.split("\n") if text else []
    return [Para(line, **{**kw, "bullet": kw.get("bullet", False) and i == 0}) for i, line in enumerate(lines)]


def _image_path(img: Tag) -> Path | None:
    src = img.get("src", "")
    if not src.startswith("file://"):
        return None
    path = Path(unquote(urlsplit(src).path))
    return path if path.suffix.lower() in (".png", ".jpg", ".jpeg", ".gif", ".bmp") and path.is_file() else None


def _caption(el: Tag | None) -> str:
    return _text(el).replace("\n", " ") if el is not None else ""


def _table(table: Tag, caption: str) -> TableBlock:
    head, rows, right = [], [], []
    for tr in table.find_all("tr"):
        cells = tr.find_all(["th", "td"])
        values = [_text(c) for c in cells]
        if tr.find_parent("thead") is not None:
            head.append(values)
        else:
            rows.append(values)
        if not right:
            right = ["right" in (c.get("style") or "") for c in cells]
    if not head and rows and all(c.name == "th" for c in table.find("tr").find_all(["th", "td"])):
        head, rows = rows[:1], rows[1:]
    width = max((len(r) for r in head + rows), default=0)
    pad = lambda r: r + [""] * (width - len(r))  # noqa: E731
    return TableBlock(caption, [pad(r) for r in head], [pad(r) for r in rows], (right + [False] * width)[:width])


def _blocks(node, charts: dict, level: int = 0) -> list:
    """The slide content of one element, in reading order."""
    if isinstance(node, Comment):
        text = str(node).strip()
        if text.startswith(NOTES_MARK):
            return [Notes(text[len(NOTES_MARK):].lstrip(" :：\n").strip())]
        m = re.match(rf"^{SLIDE_MARK}\s*(?:[:：|｜]\s*(.*))?$", text, re.S)
        return [Break((m.group(1) or "").strip())] if m else []
    if isinstance(node, NavigableString):
        text = re.sub(r"[ \t\r\n\f\v]+", " ", str(node)).strip(" ")
        return [Para(text, level)] if text else []
    if not isinstance(node, Tag):
        return []
    classes = node.get("class") or []
    name = node.name
    if name in ("script", "style", "hr", "h1") or "footnote" in classes or "kohyo-chart-downloads" in classes \
            or "kohyo-chart-data" in classes or "headerlink" in classes:
        return []
    if name in ("h2", "h3", "h4", "h5", "h6"):
        return _paras(_text(node), level=level, bold=True)
    if name == "figure" and "kohyo-table" in classes and node.find("table") is not None:
        table = node.find("table")
        cap = table.find("caption") or node.find("figcaption")
        caption = _caption(cap)
        if cap is not None:
            cap.extract()
        return [_table(table, caption)]
    if name == "table":
        cap = node.find("caption")
        caption = _caption(cap)
        if cap is not None:
            cap.extract()
        return [_table(node, caption)]
    if name == "figure":
        caption = _caption(node.find("figcaption"))
        img = node.find("img")
        if img is None:
            return [b for child in node.children for b in _blocks(child, charts, level)]
        return [_figure(img, caption, charts)]
    if name == "p" and node.find("img") is not None and not node.get_text(strip=True):
        return [_figure(img, "", charts) for img in node.find_all("img")]
    if name in ("ul", "ol"):
        out = []
        for n, li in enumerate(node.find_all("li", recursive=False), start=1):
            nested = [child for child in li.find_all(["ul", "ol"], recursive=False)]
            for child in nested:
                child.extract()
            text = _text(li)
            if name == "ol":
                text = f"{n}. {text}"
            out += _paras(text, level=level, bullet=name == "ul", size=BODY_PT if level == 0 else SUB_PT)
            for child in nested:
                out += _blocks(child, charts, level + 1)
        return out
    if name == "dl":
        out = []
        for child in node.find_all(["dt", "dd"], recursive=False):
            out += _paras(_text(child), level=level + (child.name == "dd"), bold=child.name == "dt")
        return out
    if name == "pre":
        return _paras(node.get_text().rstrip("\n"), level=level, size=SUB_PT)
    if name == "details" or "admonition" in classes:
        title = node.find(["summary", "p"], class_=None if name == "details" else "admonition-title", recursive=False)
        out = _paras(_text(title), level=level, bold=True) if title is not None else []
        if title is not None:
            title.extract()
        return out + [b for child in node.children for b in _blocks(child, charts, level)]
    if name in ("div", "section", "blockquote", "article"):
        return [b for child in node.children for b in _blocks(child, charts, level + (name == "blockquote"))]
    return _paras(_text(node), level=level)


def _figure(img: Tag, caption: str, charts: dict):
    alt = img.get("alt", "")
    ident = PurePosixPath(unquote(urlsplit(img.get("src", "")).path)).stem
    if "kohyo-chart-image" in (img.get("class") or []) and ident in charts:
        return ChartBlock(charts[ident], caption, alt)
    return ImageBlock(_image_path(img), alt, caption)


def _no_notes(doc: BeautifulSoup) -> None:
    for el in doc.select("sup[id^='fnref'], div.footnote"):
        el.decompose()  # a note number would point nowhere on a slide


def sections_of(prepared: Prepared, charts_by_src: dict[str, dict]) -> list[Section]:
    """The publication as slide sections: its introduction, then per chapter the chapter's own
    text (or a list of its sections) and one section per ## heading."""
    pub = prepared.pub

    def chapter(html: str, url: str, cid: str) -> BeautifulSoup:  # PowerPoint takes no SVG everywhere
        return prepared.chapter(html, url, cid, before=_no_notes, swap={".svg": ".png"})

    out: list[Section] = []
    if prepared.intro_html is not None:
        doc = chapter(prepared.intro_html, pub.index.url, "ch-intro")
        intro = Section("概要", [b for child in doc.children for b in _blocks(child, {})])
        if any(not isinstance(b, Notes) for b in intro.blocks):
            out.append(intro)
    for c in prepared.chapters:
        doc = chapter(prepared.html_by_src[c.src], c.url, prepared.chapter_ids[c.url])
        charts = charts_by_src.get(c.src, {})
        head = Section(c.display_title)
        current, parts = head, [head]
        for child in list(doc.children):
            if isinstance(child, Tag) and child.name == "h2":
                current = Section(_text(child).replace("\n", " "))
                parts.append(current)
                continue
            current.blocks += _blocks(child, charts)
        if not any(not isinstance(b, Notes) for b in head.blocks):  # a chapter slide lists its sections
            head.blocks += [Para(s.title, bullet=True) for s in parts[1:]]
        out += parts
    return out


# ---------------------------------------------------------------- measuring

def wrap(text: str, width_pt: float, size: float, bold: bool = False) -> list[str]:
    """`text` broken into lines no wider than `width_pt`, as a greedy line breaker would: CJK
    between any two characters, Latin words at spaces (a word longer than a line anywhere), and
    no line starting with a closing bracket or 。、 (the character before moves down with it)."""
    factor = BOLD_WIDER if bold else 1.0

    def w(s: str) -> float:
        return text_width_pt(s, FONT, size) * factor

    tokens: list[str] = []
    for tok in _TOKEN.findall(text):
        if len(tok) > 1 and w(tok) > width_pt:
            tokens += list(tok)
        else:
            tokens.append(tok)
    lines, line = [], []
    for tok in tokens:
        if line and w("".join(line) + tok) > width_pt and not tok.isspace():
            carry = []
            if tok in _NO_START and len(line) > 1:
                carry = [line.pop()]
            lines.append("".join(line).rstrip())
            line = carry
        if not line and tok.isspace():
            continue
        line.append(tok)
    if line or not lines:
        lines.append("".join(line))
    return lines


def para_height(p: Para, width_pt: float) -> float:
    return _space_before(p) + len(wrap(p.text, width_pt - _indent(p), p.size, p.bold)) * p.size * LINE


def caption_height(text: str, width_pt: float) -> float:
    """A caption's box: its bold lines and the box's insets."""
    return para_height(Para(text, bold=True, size=CAPTION_PT), width_pt - 2 * TEXT_INSET) + 2 * TEXT_INSET


def _indent(p: Para) -> float:
    return p.level * 22.0 + (p.size if p.bullet else 0) + (p.size * 1.0 if p.level and not p.bullet else 0)


def _space_before(p: Para) -> float:
    return p.size * 0.45 if p.level == 0 else p.size * 0.15


# ---------------------------------------------------------------- planning slides

@dataclass
class Item:
    kind: str  # text | table | chart | image | caption
    top: float  # pt from the top of the body area
    height: float
    content: object


@dataclass
class Plan:
    title: str
    items: list[Item] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    used: float = 0.0


@dataclass(frozen=True)
class Geometry:
    width: float  # slide, pt
    height: float
    margin: float
    title_top: float
    title_height: float
    body_top: float
    body_height: float

    @property
    def body_width(self) -> float:
        return self.width - 2 * self.margin


def geometry(size: str) -> Geometry:
    w, h = (v / EMU_PT for v in SIZES[size])
    margin = 36.0
    return Geometry(w, h, margin, 20.0, 62.0, 92.0, h - 92.0 - 30.0)


TEXT_INSET = 5.0  # pt, each side of a text box
CELL_X, CELL_Y = 4.5, 2.5  # pt, table cell margins
GAP = 8.0  # between items on a slide


def _cut(text: str, head: str) -> int:
    """Where in `text` the wrapped lines `head` end (wrapping drops the spaces at line ends)."""
    count, i = sum(1 for ch in head if not ch.isspace()), 0
    while count and i < len(text):
        count -= not text[i].isspace()
        i += 1
    return i


def _groups(blocks: list) -> list[list]:
    """The blocks in groups a slide break may not cut: headings with the block they head (keep
    with next), a table or figure with the 出典/注/※ lines right under it. Notes and breaks
    stand alone."""
    groups, current = [], []
    for b in blocks:
        if isinstance(b, Notes) and current:  # a note under a heading stays in its group
            current.append(b)
            continue
        if isinstance(b, (Notes, Break)):
            if current:
                groups.append(current)
                current = []
            groups.append([b])
            continue
        if is_source(b) and groups and not current and _figure_or_table(groups[-1]):
            groups[-1].append(b)
            continue
        current.append(b)
        if not is_heading(b):
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def _figure_or_table(group: list) -> bool:
    content = [b for b in group if not isinstance(b, Notes)]
    return any(isinstance(b, (TableBlock, ChartBlock, ImageBlock)) for b in content) and \
        all(isinstance(b, (TableBlock, ChartBlock, ImageBlock)) or is_source(b) or is_heading(b) for b in content)


def plan_section(section: Section, geo: Geometry) -> list[Plan]:
    """The section's slides: text fills the body box and overflows onto 「…（続き）」 slides;
    a table or figure goes below the text when it fits there, else on the next slide. A heading
    never ends a slide, a source line never leaves its table or figure, and a continuation slide
    holding a line or two takes lines back from the slide before it."""
    plans: list[Plan] = []
    state = {"base": section.title, "first": True, "closed": False}
    pending_notes: list[str] = []
    text_width = geo.body_width - 2 * TEXT_INSET
    budget = geo.body_height * HEIGHT_SAFETY
    fixed: set[int] = set()  # plans a slide break of the editor's opened: nothing moves onto them

    def new_plan() -> Plan:
        plan = Plan(state["base"] if state["first"] else f"{state['base']}（続き）", notes=pending_notes[:])
        if state["first"] and plans:
            fixed.add(len(plans))
        pending_notes.clear()
        state["first"], state["closed"] = False, False
        plans.append(plan)
        return plan

    def room(plan: Plan) -> float:
        return budget - plan.used - (GAP if plan.items else 0)

    def text_room(plan: Plan) -> float:
        joined = plan.items and plan.items[-1].kind == "text"
        return room(plan) + (GAP if joined else -2 * TEXT_INSET)

    def add(plan: Plan, kind: str, height: float, content) -> Item:
        top = plan.used + (GAP if plan.items else 0)
        plan.items.append(Item(kind, top, height, content))
        plan.used = top + height
        return plan.items[-1]

    def add_para(plan: Plan, p: Para) -> None:
        h = para_height(p, text_width)
        if plan.items and plan.items[-1].kind == "text":
            item = plan.items[-1]
            item.height += h
            plan.used = item.top + item.height
        else:
            add(plan, "text", 2 * TEXT_INSET + h, [])
        plan.items[-1].content.append(p)

    def fresh(old: Plan) -> Plan:
        """A new slide; the headings last on the old one move along with what they head."""
        plan = new_plan()
        last = old.items[-1] if old.items else None
        moved = []
        if last is not None and last.kind == "text":
            while last.content and is_heading(last.content[-1]) and (len(last.content) > 1 or len(old.items) > 1):
                moved.insert(0, last.content.pop())
            if not last.content:
                old.items.pop()
            _relayout(old, text_width)
        for p in moved:
            add_para(plan, p)
        return plan

    def lead(group: list) -> float:
        """The height the group needs on a slide to start there: its headings and the start of
        what they head (three lines of text, a table's header and two rows, a figure)."""
        need, content = 0.0, [b for b in group if not isinstance(b, Notes)]
        for i, b in enumerate(content):
            if isinstance(b, Para) and (is_heading(b) or is_source(b)) and i != len(content) - 1 or \
                    isinstance(b, Para) and i and is_source(b):
                need += para_height(b, text_width)
            elif isinstance(b, Para):
                lines = len(wrap(b.text, text_width - _indent(b), b.size, b.bold))
                need += _space_before(b) + min(lines, 3) * b.size * LINE
            elif isinstance(b, TableBlock):
                size, widths, head_h, body_h = _table_measure(b, geo)
                cap = caption_height(b.caption, geo.body_width) + GAP if b.caption else 0
                need += GAP + cap + sum(head_h) + sum(body_h[:2])
            else:
                need += GAP + budget * 0.6
        return need

    def place_para(plan: Plan, block: Para) -> Plan:
        remaining = block
        while remaining is not None:
            avail = text_room(plan)
            if para_height(remaining, text_width) <= avail:
                add_para(plan, remaining)
                break
            lines = wrap(remaining.text, text_width - _indent(remaining), remaining.size, remaining.bold)
            fits = int((avail - _space_before(remaining)) // (remaining.size * LINE))
            if fits >= (3 if plan.items else 1):
                # Split where the box ends, at the end of a sentence if one is near; never
                # leave fewer than three lines to open the next slide.
                fits = min(fits, len(lines) - 3) if len(lines) - fits < 3 and len(lines) >= 6 else fits
                head = "".join(lines[:fits])
                end = head.rfind("。")
                if end >= len(head) // 2:
                    head = head[:end + 1]
                at = _cut(remaining.text, head)
                rest = remaining.text[at:].strip()
                add_para(plan, Para(remaining.text[:at].rstrip(), remaining.level, remaining.bullet,
                                    remaining.bold, remaining.size, split=bool(rest)))
                remaining = Para(rest, remaining.level, False, remaining.bold, remaining.size) if rest else None
                if remaining is not None:
                    plan = new_plan()
            else:
                plan = fresh(plan)
        return plan

    for group in _groups(section.blocks):
        if len(group) == 1 and isinstance(group[0], Break):
            if group[0].title:
                state["base"], state["first"] = group[0].title, True
            state["closed"] = True
            continue
        if all(isinstance(b, Notes) for b in group):
            for b in group:
                (plans[-1].notes if plans else pending_notes).append(b.text)
            continue
        plan = new_plan() if not plans or state["closed"] else plans[-1]
        first = next(b for b in group if not isinstance(b, Notes))
        if plan.items and lead(group) > (text_room(plan) if isinstance(first, Para) else room(plan)):
            plan = fresh(plan)
        sources = [b for b in group if is_source(b)] if _figure_or_table(group) else []
        note_h = sum(para_height(b, text_width) for b in sources)
        reserve = note_h + 2 * TEXT_INSET + GAP if sources else 0
        split_table = False
        for block in group:
            if isinstance(block, Notes):  # for the slide showing what came just before it
                plan.notes.append(block.text)
            elif isinstance(block, Para) and block in sources:
                state["closed"] = False  # under its table or figure, on its slide
                plan = place_para(plan, block)
            elif isinstance(block, Para):
                plan = place_para(plan, block)
            elif isinstance(block, TableBlock):
                pieces = _table_pieces(block, geo, budget, room(plan) if plan.items else budget, reserve)
                split_table = split_table or len(pieces) > 1
                for n, piece in enumerate(pieces):
                    if n:
                        plan = new_plan()
                    elif plan.items and piece["height"] + (reserve if len(pieces) == 1 else 0) > room(plan):
                        plan = fresh(plan)
                    add(plan, "table", piece["height"], piece)
            elif isinstance(block, (ChartBlock, ImageBlock)):
                cap_h = caption_height(block.caption, geo.body_width) if block.caption else 0
                if plan.items and room(plan) - reserve < budget * 0.6:
                    plan = fresh(plan)
                height = room(plan) - (cap_h + GAP if cap_h else 0) - reserve
                add(plan, "chart" if isinstance(block, ChartBlock) else "image", height, block)
                if cap_h:
                    add(plan, "caption", cap_h, block.caption)
        if any(isinstance(b, (ChartBlock, ImageBlock)) for b in group) or split_table:
            state["closed"] = True  # text after a figure, or after a table's last piece, starts a new slide
    if not plans:
        new_plan()
    plans[-1].notes += pending_notes
    _rebalance(plans, fixed, budget, text_width)
    return plans


def _lines(plan: Plan, width: float) -> int:
    """How much a slide holds, in lines: a figure counts as full."""
    n = 0
    for item in plan.items:
        if item.kind == "text":
            n += sum(len(wrap(p.text, width - _indent(p), p.size, p.bold)) for p in item.content)
        elif item.kind == "table":
            n += len(item.content["rows"])
        elif item.kind in ("chart", "image"):
            n += 99
    return n


def _relayout(plan: Plan, width: float) -> None:
    used = 0.0
    for i, item in enumerate(plan.items):
        if item.kind == "text":
            item.height = 2 * TEXT_INSET + sum(para_height(p, width) for p in item.content)
        item.top = used + (GAP if i else 0)
        used = item.top + item.height
    plan.used = used


def _rebalance(plans: list[Plan], fixed: set[int], budget: float, width: float) -> None:
    """A continuation slide that opens with only a line or two of text takes paragraphs (or the
    lines of a split paragraph) back from the end of the slide before it, when both still fit."""
    for i in range(1, len(plans)):
        plan, prev = plans[i], plans[i - 1]
        if i in fixed or not plan.items or plan.items[0].kind != "text" or not prev.items \
                or prev.items[-1].kind != "text" or _lines(plan, width) >= 3:
            continue
        saved = copy.deepcopy((prev.items, plan.items))
        src, dst = prev.items[-1].content, plan.items[0].content
        for _ in range(6):
            if _lines(plan, width) >= 3 or len(src) < 1:
                break
            last = src[-1]
            if last.split:  # a paragraph split across the two slides: cut it three lines earlier
                joined = Para(last.text + dst[0].text, last.level, last.bullet, last.bold, last.size)
                lines = wrap(joined.text, width - _indent(joined), joined.size, joined.bold)
                tail = 3 - (_lines(plan, width) - len(wrap(dst[0].text, width - _indent(dst[0]), dst[0].size,
                                                           dst[0].bold)))
                keep = len(lines) - max(tail, 1)
                if keep < 3:  # the whole paragraph moves
                    src.pop()
                    dst[0] = joined
                else:
                    at = _cut(joined.text, "".join(lines[:keep]))
                    src[-1] = Para(joined.text[:at].rstrip(), joined.level, joined.bullet, joined.bold, joined.size,
                                   split=True)
                    dst[0] = Para(joined.text[at:].strip(), joined.level, False, joined.bold, joined.size)
            else:
                dst.insert(0, src.pop())
            while src and is_heading(src[-1]):  # its heading comes along
                dst.insert(0, src.pop())
        if not src:
            prev.items.pop()
        _relayout(prev, width)
        _relayout(plan, width)
        if plan.used > budget or _lines(prev, width) < 3 or (prev.items and prev.items[-1].kind == "text"
                                                              and is_heading(prev.items[-1].content[-1])):
            prev.items, plan.items = saved
            _relayout(prev, width)
            _relayout(plan, width)


def _column_widths(rows: list[list[str]], total: float, size: float) -> list[float]:
    columns = max(len(r) for r in rows)
    natural, minimum = [0.0] * columns, [0.0] * columns
    for row in rows:
        for i, cell in enumerate(row):
            for line in cell.split("\n") or [""]:
                natural[i] = max(natural[i], text_width_pt(line, FONT, size) * BOLD_WIDER)
                words = [t for t in _TOKEN.findall(line) if not t.isspace()]
                longest = max((text_width_pt(t, FONT, size) for t in words if len(t) > 1), default=0)
                minimum[i] = max(minimum[i], min(longest, size * 8), size * 3)
    natural = [max(n, m) + 2 * CELL_X + 2 for n, m in zip(natural, minimum)]
    minimum = [m + 2 * CELL_X + 2 for m in minimum]
    if sum(natural) <= total:
        return [n * total / sum(natural) for n in natural]
    if sum(minimum) >= total:
        return [m * total / sum(minimum) for m in minimum]
    spare = total - sum(minimum)
    extra = [n - m for n, m in zip(natural, minimum)]
    return [m + spare * e / sum(extra) for m, e in zip(minimum, extra)]


def row_height(row: list[str], widths: list[float], size: float, bold: bool = False) -> float:
    lines = max(len(wrap(cell, w - 2 * CELL_X, size, bold)) if cell else 1 for cell, w in zip(row, widths))
    return lines * size * LINE + 2 * CELL_Y + 1


def _table_measure(block: TableBlock, geo: Geometry, size: float | None = None):
    """The table's text size, column widths and row heights. 14 pt when every column gets room
    for its longest word at that size and no cell wraps past four lines, else 12, else 10.5."""
    total = geo.body_width
    rows = block.head + block.rows
    for size in (size,) if size else TABLE_SIZES:
        widths = _column_widths(rows, total, size)
        if _fits_words(rows, widths, size):
            break
    head_h = [row_height(r, widths, size, True) for r in block.head]
    body_h = [row_height(r, widths, size) for r in block.rows]
    return size, widths, head_h, body_h


def _fits_words(rows: list[list[str]], widths: list[float], size: float) -> bool:
    """No Latin word or number broken, and no cell wrapped to more than four lines."""
    for row in rows:
        for cell, w in zip(row, widths):
            inner = w - 2 * CELL_X
            for line in cell.split("\n"):
                if any(len(t) > 1 and text_width_pt(t, FONT, size) * BOLD_WIDER > inner for t in _TOKEN.findall(line)):
                    return False
            if cell and len(wrap(cell, inner, size, True)) > 4:
                return False
    return True


def _table_pieces(block: TableBlock, geo: Geometry, budget: float, first_room: float,
                  reserve: float = 0.0) -> list[dict]:
    """The table in pieces that fit a slide each, the header row repeated on every piece. The rows
    are shared fairly among the pieces (no piece of a few rows at the end), and the last piece
    leaves `reserve` free for the source lines under the table."""
    total = geo.body_width
    cap = block.caption
    size, widths, head_h, body_h = _table_measure(block, geo)

    def cap_height(text: str) -> float:
        return caption_height(text, total) + GAP if text else 0

    # 12 pt rather than 14 when only the smaller size keeps the table whole where it stands (a
    # slide of two lines and a table moved on costs more reading than 2 pt).
    if size > 12.0 and cap_height(cap) + sum(head_h) + sum(body_h) + reserve > first_room:
        m = _table_measure(block, geo, 12.0)
        if cap_height(cap) + sum(m[2]) + sum(m[3]) + reserve <= first_room:
            size, widths, head_h, body_h = m

    def piece(caption: str, start: int, end: int) -> dict:
        return dict(caption=caption, head=block.head, rows=block.rows[start:end], widths=widths, size=size,
                    right=block.right, heights=head_h + body_h[start:end],
                    height=cap_height(caption) + sum(head_h) + sum(body_h[start:end]))

    whole = cap_height(cap) + sum(head_h) + sum(body_h)
    if whole + reserve <= first_room or not block.rows:
        return [piece(cap, 0, len(block.rows))]

    def pack(capacity: float) -> list[tuple[int, int]]:
        out, start = [], 0
        while start < len(block.rows):
            caption = cap if not out else (f"{cap}（続き）" if cap else "")
            used, end = cap_height(caption) + sum(head_h), start
            while end < len(block.rows) and used + body_h[end] <= capacity:
                used += body_h[end]
                end += 1
            end = max(end, start + 1)
            out.append((start, end))
            start = end
        return out

    def last_fits(spans: list[tuple[int, int]]) -> bool:
        s, e = spans[-1]
        return piece(f"{cap}（続き）" if cap and len(spans) > 1 else cap, s, e)["height"] + reserve <= budget

    count = len(pack(budget))
    spans = pack(budget)
    for n in range(count, count + 3):
        lo, hi = 0.0, budget  # the smallest capacity that still makes n pieces: rows shared fairly
        if len(pack(hi)) > n:
            continue
        for _ in range(30):
            mid = (lo + hi) / 2
            if len(pack(mid)) <= n:
                hi = mid
            else:
                lo = mid
        spans = pack(hi)
        if last_fits(spans):
            break
    return [piece(cap if not i else (f"{cap}（続き）" if cap else ""), s, e) for i, (s, e) in enumerate(spans)]


# ---------------------------------------------------------------- writing PowerPoint

def _font(run_or_font_owner, size: float, bold: bool = False, color=TEXT) -> None:
    """BIZ UD on a run for Latin and East Asian text alike (a:latin and a:ea)."""
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    font = run_or_font_owner.font
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = RGBColor(*color)
    font.name = FONT
    rpr = run_or_font_owner._r.get_or_add_rPr() if hasattr(run_or_font_owner, "_r") else None
    if rpr is not None:
        _ea(rpr)


def _ea(rpr) -> None:
    from lxml import etree
    from pptx.oxml.ns import qn

    latin = rpr.find(qn("a:latin"))
    if rpr.find(qn("a:ea")) is None:
        ea = etree.SubElement(rpr, qn("a:ea"))
        ea.set("typeface", FONT)
        if latin is not None:
            latin.addnext(ea)
    if rpr.find(qn("a:cs")) is None:
        cs = etree.Element(qn("a:cs"))
        cs.set("typeface", FONT)
        rpr.find(qn("a:ea")).addnext(cs)


def _frame(frame, inset: float = TEXT_INSET, anchor_top: bool = True) -> None:
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
    from pptx.util import Pt

    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = frame.margin_top = frame.margin_bottom = Pt(inset)
    frame.vertical_anchor = MSO_ANCHOR.TOP if anchor_top else MSO_ANCHOR.MIDDLE


def _write_para(paragraph, p: Para, color=TEXT) -> None:
    from lxml import etree
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    paragraph.line_spacing = Pt(p.size * LINE)
    paragraph.space_before = Pt(_space_before(p))
    ppr = paragraph._p.get_or_add_pPr()
    indent = _indent(p)
    ppr.set("marL", str(int(indent * EMU_PT)))
    ppr.set("indent", str(int(-p.size * EMU_PT)) if p.bullet else "0")
    for tag in ("a:buNone", "a:buChar", "a:buFont"):
        for old in ppr.findall(qn(tag)):
            ppr.remove(old)
    if p.bullet:
        bu_font = etree.SubElement(ppr, qn("a:buFont"))
        bu_font.set("typeface", FONT)
        bu = etree.SubElement(ppr, qn("a:buChar"))
        bu.set("char", "・" if p.level == 0 else "－")
    else:
        etree.SubElement(ppr, qn("a:buNone"))
    run = paragraph.add_run()
    run.text = p.text
    _font(run, p.size, p.bold, color)


def _text_box(slide, left: float, top: float, width: float, height: float, paras: list[Para], name: str,
              inset: float = TEXT_INSET, align=None, color=TEXT):
    from pptx.util import Pt

    box = slide.shapes.add_textbox(Pt(left), Pt(top), Pt(width), Pt(height))
    box.name = name
    _frame(box.text_frame, inset)
    for i, p in enumerate(paras):
        paragraph = box.text_frame.paragraphs[0] if i == 0 else box.text_frame.add_paragraph()
        if align is not None:
            paragraph.alignment = align
        _write_para(paragraph, p, color)
    return box


def _title(slide, text: str, geo: Geometry) -> None:
    from pptx.util import Pt

    shape = slide.shapes.title
    shape.left, shape.top = Pt(geo.margin), Pt(geo.title_top)
    shape.width, shape.height = Pt(geo.body_width), Pt(geo.title_height)
    frame = shape.text_frame
    _frame(frame, TEXT_INSET, anchor_top=False)
    size = 28.0
    while size > 16 and len(wrap(text, geo.body_width - 2 * TEXT_INSET, size, True)) * size * LINE \
            > (geo.title_height - 2 * TEXT_INSET) * HEIGHT_SAFETY:
        size -= 2
    frame.text = ""
    p = Para(text, size=size, bold=True)
    _write_para(frame.paragraphs[0], p, TEXT)
    frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    frame.paragraphs[0].space_before = Pt(0)


def _rule(slide, geo: Geometry) -> None:
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_CONNECTOR
    from pptx.util import Pt

    y = geo.title_top + geo.title_height + 2
    line = slide.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Pt(geo.margin), Pt(y), Pt(geo.width - geo.margin), Pt(y))
    line.line.color.rgb = RGBColor(*ACCENT)
    line.line.width = Pt(2)
    line.name = "見出しの線"


def _table_shape(slide, piece: dict, left: float, top: float) -> None:
    from pptx.dml.color import RGBColor
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Pt

    size, widths = piece["size"], piece["widths"]
    if piece["caption"]:
        cap_h = caption_height(piece["caption"], sum(widths))
        _text_box(slide, left, top, sum(widths), cap_h, [Para(piece["caption"], bold=True, size=CAPTION_PT)],
                  "表の表題")
        top += cap_h + GAP
    rows = piece["head"] + piece["rows"]
    heights = piece["heights"]
    shape = slide.shapes.add_table(len(rows), len(widths), Pt(left), Pt(top), Pt(sum(widths)), Pt(sum(heights)))
    shape.name = piece["caption"] or "表"
    table = shape.table
    table.first_row = bool(piece["head"])
    table.horz_banding = False
    for i, w in enumerate(widths):
        table.columns[i].width = Pt(w)
    for r, (row, h) in enumerate(zip(rows, heights)):
        table.rows[r].height = Pt(h)
        header = r < len(piece["head"])
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.margin_left = cell.margin_right = Pt(CELL_X)
            cell.margin_top = cell.margin_bottom = Pt(CELL_Y)
            cell.fill.solid()
            cell.fill.fore_color.rgb = RGBColor(*ACCENT) if header else (
                RGBColor(0xFF, 0xFF, 0xFF) if (r - len(piece["head"])) % 2 == 0 else RGBColor(0xEE, 0xF3, 0xF8))
            frame = cell.text_frame
            frame.word_wrap = True
            lines = value.split("\n") if value else [""]
            for k, line in enumerate(lines):
                paragraph = frame.paragraphs[0] if k == 0 else frame.add_paragraph()
                paragraph.line_spacing = Pt(size * LINE)
                paragraph.space_before = Pt(0)
                if piece["right"][c] and not header:
                    paragraph.alignment = PP_ALIGN.RIGHT
                run = paragraph.add_run()
                run.text = line
                _font(run, size, header, (0xFF, 0xFF, 0xFF) if header else TEXT)


CHART_TYPES = {"bar": "COLUMN_CLUSTERED", "stacked-bar": "COLUMN_STACKED", "hbar": "BAR_CLUSTERED",
               "line": "LINE_MARKERS", "pie": "PIE", "donut": "DOUGHNUT"}


def _chart_shape(slide, block: ChartBlock, left: float, top: float, width: float, height: float) -> None:
    from lxml import etree
    from pptx.chart.data import CategoryChartData
    from pptx.dml.color import RGBColor
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    from ..charts.draw import PALETTE, _axis_label

    chart = block.chart
    data = CategoryChartData(number_format="#,##0.###")
    data.categories = chart.categories
    for s in chart.series:
        data.add_series(s.name, s.values)
    frame = slide.shapes.add_chart(getattr(XL_CHART_TYPE, CHART_TYPES[chart.kind]), Pt(left), Pt(top), Pt(width),
                                   Pt(height), data)
    frame.name = block.caption or chart.title
    frame._element.nvGraphicFramePr.cNvPr.set("descr", block.alt or chart.alt)
    c = frame.chart
    c.font.size = Pt(12)
    c.font.name = FONT
    _ea(c._chartSpace.find(qn("c:txPr")).find(".//" + qn("a:defRPr")))
    c.has_title = False  # the caption under the chart names it, as on the site
    pie = chart.kind in ("pie", "donut")
    c.has_legend = pie or len(chart.series) > 1
    if c.has_legend:
        c.legend.position = XL_LEGEND_POSITION.RIGHT if pie else XL_LEGEND_POSITION.BOTTOM
        c.legend.include_in_layout = False
    plot = c.plots[0]
    if pie:
        for i, point in enumerate(plot.series[0].points):
            point.format.fill.solid()
            point.format.fill.fore_color.rgb = RGBColor.from_string(PALETTE[i % len(PALETTE)][1:])
        plot.has_data_labels = True
        plot.data_labels.show_percentage = True
        plot.data_labels.show_value = False
        plot.data_labels.number_format = "0%"
        plot.data_labels.number_format_is_linked = False
        return
    for i, series in enumerate(plot.series):
        color = RGBColor.from_string(PALETTE[i % len(PALETTE)][1:])
        if chart.kind == "line":
            series.format.line.color.rgb = color
            series.format.line.width = Pt(2.25)
            series.marker.format.fill.solid()
            series.marker.format.fill.fore_color.rgb = color
            series.smooth = False
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = color
    if chart.kind == "hbar":  # the first row on top, as the site draws it (PowerPoint starts at the bottom)
        c.category_axis.reverse_order = True
        # The value axis crosses at the last category, so it stays below the bars (valAx/c:crosses).
        c._chartSpace.find(".//" + qn("c:valAx")).find(qn("c:crosses")).set("val", "max")
    if chart.kind in ("bar", "stacked-bar", "hbar"):
        plot.gap_width = 60
        if chart.kind == "stacked-bar":
            plot.overlap = 100
    axis_title = _axis_label(chart)
    if axis_title:
        c.value_axis.has_title = True
        c.value_axis.axis_title.text_frame.text = axis_title
        for run in (r for p in c.value_axis.axis_title.text_frame.paragraphs for r in p.runs):
            _font(run, 12)
    if chart.x_label:
        c.category_axis.has_title = True
        c.category_axis.axis_title.text_frame.text = chart.x_label
        for run in (r for p in c.category_axis.axis_title.text_frame.paragraphs for r in p.runs):
            _font(run, 12)
    c.value_axis.has_major_gridlines = True
    c.value_axis.major_gridlines.format.line.color.rgb = RGBColor(0xD0, 0xD0, 0xD0)
    c.value_axis.tick_labels.number_format = "#,##0.###"
    c.value_axis.tick_labels.number_format_is_linked = False


def _picture(slide, block: ImageBlock, left: float, top: float, width: float, height: float) -> None:
    from PIL import Image
    from pptx.util import Pt

    if block.path is None:
        _text_box(slide, left, top, width, min(height, 60), [Para(f"［図：{block.alt}］", size=SUB_PT)], "図")
        return
    with Image.open(block.path) as im:
        w, h = im.size
    scale = min(width / w, height / h)
    pw, ph = w * scale, h * scale
    pic = slide.shapes.add_picture(str(block.path), Pt(left + (width - pw) / 2), Pt(top + (height - ph) / 2), Pt(pw),
                                   Pt(ph))
    pic.name = block.caption or "図"
    pic._element.nvPicPr.cNvPr.set("descr", block.alt)


def _title_slide(prs, pub: Publication, geo: Geometry, organisation: str) -> None:
    from pptx.util import Pt

    slide = prs.slides.add_slide(prs.slide_layouts[0])
    for ph in list(slide.placeholders):
        if ph.placeholder_format.idx != 0:
            ph._element.getparent().remove(ph._element)
    title = slide.shapes.title
    top = geo.height * 0.24
    size = 36.0
    while size > 20 and len(wrap(pub.title, geo.body_width - 2 * TEXT_INSET, size, True)) > 2:
        size -= 2
    lines = len(wrap(pub.title, geo.body_width - 2 * TEXT_INSET, size, True))
    height = lines * size * LINE / HEIGHT_SAFETY + 2 * TEXT_INSET
    title.left, title.top, title.width, title.height = Pt(geo.margin), Pt(top), Pt(geo.body_width), Pt(height)
    _frame(title.text_frame)
    title.text_frame.text = ""
    _write_para(title.text_frame.paragraphs[0], Para(pub.title, size=size, bold=True))
    title.text_frame.paragraphs[0].space_before = Pt(0)
    title.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    top += height + 10
    lines_below = []
    if pub.meta.get("subtitle"):
        lines_below.append(Para(pub.meta["subtitle"], size=22))
    lines_below.append(Para(f"【{pub.status}】　{dates.format_date(pub.published)}", size=20, bold=True))
    name = pub.department.name
    who = name if organisation and name.startswith(organisation) else "　".join(x for x in (organisation, name) if x)
    if who:
        lines_below.append(Para(who, size=20))
    width = geo.body_width - 2 * TEXT_INSET
    h = sum(para_height(p, width) for p in lines_below) / HEIGHT_SAFETY + 2 * TEXT_INSET
    _text_box(slide, geo.margin, top, geo.body_width, h, lines_below, "副題・段階・日付・所管", color=MUTED)
    _rule(slide, Geometry(geo.width, geo.height, geo.margin, top - 14 - geo.title_height, geo.title_height, 0, 0))


def _fix_theme_fonts(prs) -> None:
    """New text an official types in PowerPoint is BIZ UD as well: the theme's fonts."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    theme = prs.slide_master.part.part_related_by(RT.THEME)
    xml = theme.blob.decode("utf-8")
    xml = re.sub(r'(<a:(?:major|minor)Font>\s*<a:latin typeface=")[^"]*(")', rf"\g<1>{FONT}\2", xml)
    xml = re.sub(r'(<a:(?:major|minor)Font>\s*<a:latin typeface="[^"]*"[^>]*/>\s*<a:ea typeface=")[^"]*(")',
                 rf"\g<1>{FONT}\2", xml)
    theme._blob = xml.encode("utf-8")


def _stable_embeddings(data: bytes, when: dt.datetime) -> bytes:
    """The workbook inside each chart carries the time it was written: made the publication's."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            member = source.read(info.filename)
            if info.filename.startswith("ppt/embeddings/") and info.filename.endswith(".xlsx"):
                inner_in, inner_out = zipfile.ZipFile(io.BytesIO(member)), io.BytesIO()
                with zipfile.ZipFile(inner_out, "w", zipfile.ZIP_DEFLATED) as inner:
                    for sub in inner_in.infolist():
                        part = inner_in.read(sub.filename)
                        if sub.filename == "docProps/core.xml":
                            part = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", rb"\g<1>" + stamp, part)
                        fixed = zipfile.ZipInfo(sub.filename, date_time=(1980, 1, 1, 0, 0, 0))
                        fixed.compress_type = zipfile.ZIP_DEFLATED
                        inner.writestr(fixed, part)
                member = inner_out.getvalue()
            target.writestr(info, member)
    return out.getvalue()


def render(prepared: Prepared, charts_by_src: dict[str, dict], organisation: str) -> bytes:
    """The publication's slides as .pptx bytes: same input, same bytes."""
    pub = prepared.pub
    from pptx import Presentation
    from pptx.util import Pt

    size = pub.meta.get("slides", "16:9")
    geo = geometry(size)
    prs = Presentation()
    prs.slide_width, prs.slide_height = SIZES[size]
    _fix_theme_fonts(prs)
    _title_slide(prs, pub, geo, organisation)
    for section in sections_of(prepared, charts_by_src):
        for plan in plan_section(section, geo):
            slide = prs.slides.add_slide(prs.slide_layouts[5])
            _title(slide, plan.title, geo)
            _rule(slide, geo)
            for item in plan.items:
                top = geo.body_top + item.top
                if item.kind == "text":
                    _text_box(slide, geo.margin, top, geo.body_width, item.height, item.content, "本文")
                elif item.kind == "caption":
                    _text_box(slide, geo.margin, top, geo.body_width, item.height,
                              [Para(item.content, bold=True, size=CAPTION_PT)], "図の表題",
                              align=PP_ALIGN.CENTER)
                elif item.kind == "table":
                    _table_shape(slide, item.content, geo.margin, top)
                elif item.kind == "chart":
                    _chart_shape(slide, item.content, geo.margin, top, geo.body_width, item.height)
                elif item.kind == "image":
                    _picture(slide, item.content, geo.margin, top, geo.body_width, item.height)
            if plan.notes:
                frame = slide.notes_slide.notes_text_frame
                for i, text in enumerate(plan.notes):
                    for k, line in enumerate(text.split("\n")):
                        paragraph = frame.paragraphs[0] if (i, k) == (0, 0) else frame.add_paragraph()
                        run = paragraph.add_run()
                        run.text = line.strip()
                        _font(run, 12)
    published = dt.datetime.combine(pub.published, dt.time(), dt.timezone.utc)
    updated = dt.datetime.combine(pub.updated, dt.time(), dt.timezone.utc)
    props = prs.core_properties
    props.title, props.subject = pub.title, pub.meta.get("description") or pub.meta.get("subtitle") or pub.title
    props.author = props.last_modified_by = pub.department.name
    props.keywords = ", ".join(pub.meta.get("keywords", []))
    props.created, props.modified, props.last_printed = published, updated, updated
    props.revision, props.language, props.category, props.comments = 1, "ja-JP", pub.status, ""
    out = io.BytesIO()
    prs.save(out)
    return fixed_zip_times(_stable_embeddings(out.getvalue(), updated))


def key_parts(project, pub: Publication, html_by_src: dict[str, str], site_url: str, organisation: str) -> list:
    """What the slides are made from besides kohyo's code: the cache key."""
    from importlib.metadata import version

    from ..outputs.document import content_files

    return [[html_by_src.get(c.src, "") for c in [pub.index] + pub.chapters], pub.meta, site_url, organisation,
            content_files(project, pub), pub.department.__dict__, version("python-pptx"), version("XlsxWriter"),
            [(c.src, c.source) for c in pub.chapters]]


def render_all(project, publications: list, prepared_of, organisation: str) -> tuple[dict, list]:
    """The slides of `publications`: ({publication id: bytes}, problems). `prepared_of(pub)`:
    the prepared document (kohyo.outputs.document)."""
    from ..charts.pages import page_charts
    from ..problems import Problem

    made, problems = {}, []
    for pub in publications:
        charts = {c.src: page_charts(project, c) for c in pub.chapters}
        try:
            made[pub.id] = render(prepared_of(pub), charts, organisation)
        except Exception as e:  # an editor gets a message naming the publication, not a traceback
            problems.append(Problem(project.shown(pub.index.src), pub.index.line_of("powerpoint"),
                                    "powerpoint-failed",
                                    f"「{pub.title}」の PowerPoint ファイルを作れませんでした（{type(e).__name__}）。"
                                    "章の画像ファイルが壊れていないか確かめてください。直らないときは、この表示を"
                                    "システムの担当者に伝えてください。"))
    return made, problems

"""Word's automatic heading numbers, recovered before pandoc reads the file.

pandoc drops the numbers Word draws from numbering.xml (第1章, 1, (1), ア), so a plan's headings
would lose them. Here each numbered heading gets its number written into its text, computed as
Word computes it: the level's format and lvlText, counters per list, deeper levels restarting.
A heading whose text already begins with its number (typed by hand as well) is left alone, so
numbers are never doubled. The scan also notes what pandoc cannot convert (charts, SmartArt,
text boxes, equations, comments, tracked changes) with the heading it follows.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"

_AIUEO = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
_IROHA = "イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス"
_KANJI = "〇一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PAREN = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_STEMS = "甲乙丙丁戊己庚辛壬癸"

# What pandoc cannot bring over, by the element that marks it: XML tag -> what the editor is told.
_REDO = "内容を確かめ、必要なら本文・表・画像で書き直してください。"
UNCONVERTIBLE = {
    "{http://schemas.openxmlformats.org/drawingml/2006/chart}chart": "Word のグラフは取り込めません。" + _REDO,
    "{http://schemas.openxmlformats.org/drawingml/2006/diagram}relIds": "SmartArt の図は取り込めません。" + _REDO,
    f"{W}txbxContent": "テキストボックス・図形の中の文字は、位置や枠が失われます。" + _REDO,
    "{http://schemas.openxmlformats.org/officeDocument/2006/math}oMath": "数式は文字に置き換えたため、形が崩れている"
                                                                          "ことがあります。" + _REDO,
    f"{W}commentReference": "Word のコメントは取り込んでいません。対応が済んでいるか、元の文書で確かめてください。",
    f"{W}ins": "変更履歴（挿入）が残っていたため、挿入を反映して取り込みました。反映してよいか確かめてください。",
    f"{W}del": "変更履歴（削除）が残っていたため、削除を反映して取り込みました。反映してよいか確かめてください。",
}


def _kanji(n: int) -> str:
    if n < 10:
        return _KANJI[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _kanji(tens)) + "十" + (_KANJI[ones] if ones else "")


def format_number(n: int, fmt: str) -> str:
    """One counter in a Word numFmt; unknown formats fall back to decimal."""
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt in ("aiueoFullWidth", "aiueo"):
        text = _AIUEO[(n - 1) % len(_AIUEO)]
        return text if fmt == "aiueoFullWidth" else unicodedata.normalize("NFKC", text).translate(
            str.maketrans(_AIUEO, "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝ"))
    if fmt in ("irohaFullWidth", "iroha"):
        return _IROHA[(n - 1) % len(_IROHA)]
    if fmt in ("japaneseCounting", "japaneseDigitalTenThousand", "ideographDigital", "chineseCounting"):
        return _kanji(n)
    if fmt == "decimalEnclosedCircle" and n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalEnclosedParen" and n <= 20:
        return _PAREN[n - 1]
    if fmt in ("ideographTraditional",) and n <= 10:
        return _STEMS[n - 1]
    if fmt in ("upperLetter", "lowerLetter"):
        text = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return text if fmt == "upperLetter" else text.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        text = _roman(n)
        return text if fmt == "upperRoman" else text.lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                       (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + sym, n - value
    return out


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = ""


@dataclass
class Scan:
    """What the Word file holds beyond what pandoc reads."""
    title: str = ""  # the Title-style paragraph, or the core properties' title
    numbered_headings: int = 0
    unconvertible: list[tuple[str, str]] = field(default_factory=list)  # (message, heading text before it)
    toc_removed: bool = False  # Word's own 目次 (kohyo makes the table of contents)


def _val(el, tag: str, default: str | None = None) -> str | None:
    child = el.find(f"{W}{tag}") if el is not None else None
    return child.get(f"{W}val", default) if child is not None else default


def _styles(zf: zipfile.ZipFile) -> dict[str, dict]:
    """styleId -> name, basedOn, numPr (numId, ilvl), outline level."""
    if "word/styles.xml" not in zf.namelist():
        return {}
    out = {}
    for style in etree.fromstring(zf.read("word/styles.xml")).iter(f"{W}style"):
        ppr = style.find(f"{W}pPr")
        num = ppr.find(f"{W}numPr") if ppr is not None else None
        out[style.get(f"{W}styleId")] = {
            "name": (_val(style, "name") or "").lower(), "based": _val(style, "basedOn"),
            "numId": _val(num, "numId"), "ilvl": _val(num, "ilvl"),
            "outline": _val(ppr, "outlineLvl")}
    return out


def _style_get(styles: dict, sid: str | None, key: str, depth: int = 0):
    while sid and sid in styles and depth < 20:
        if styles[sid][key] is not None:
            return styles[sid][key]
        sid, depth = styles[sid]["based"], depth + 1
    return None


def _heading_level(styles: dict, sid: str | None) -> int | None:
    name = styles.get(sid, {}).get("name", "") if sid else ""
    if m := re.fullmatch(r"heading (\d)", name):
        return int(m[1])
    outline = _style_get(styles, sid, "outline")
    return int(outline) + 1 if outline is not None and outline.isdigit() and int(outline) < 9 else None


def _numbering(zf: zipfile.ZipFile) -> tuple[dict, dict]:
    """(numId -> (abstractNumId, {ilvl: start override}), abstractNumId -> {ilvl: _Level})."""
    if "word/numbering.xml" not in zf.namelist():
        return {}, {}
    root = etree.fromstring(zf.read("word/numbering.xml"))
    abstracts = {}
    for ab in root.iter(f"{W}abstractNum"):
        levels = {}
        for lvl in ab.iter(f"{W}lvl"):
            start = _val(lvl, "start", "1")
            levels[int(lvl.get(f"{W}ilvl", "0"))] = _Level(
                int(start) if start and start.lstrip("-").isdigit() else 1,
                _val(lvl, "numFmt", "decimal"), _val(lvl, "lvlText", "") or "")
        abstracts[ab.get(f"{W}abstractNumId")] = levels
    nums = {}
    for num in root.iter(f"{W}num"):
        overrides = {}
        for ov in num.iter(f"{W}lvlOverride"):
            start = _val(ov, "startOverride")
            if start and start.isdigit():
                overrides[int(ov.get(f"{W}ilvl", "0"))] = int(start)
        nums[num.get(f"{W}numId")] = (_val(num, "abstractNumId"), overrides)
    return nums, abstracts


def _drop_toc(doc, styles: dict) -> bool:
    """Remove Word's table of contents: its entries carry Word's page numbers and would come in
    as a list of links before the first chapter; kohyo makes its own 目次 on the site and in the PDF."""
    found = False
    for sdt in list(doc.iter(f"{W}sdt")):
        gallery = sdt.find(f".//{W}docPartGallery")
        if gallery is not None and "contents" in (gallery.get(f"{W}val") or "").lower():
            sdt.getparent().remove(sdt)
            found = True
    for p in list(doc.iter(f"{W}p")):
        sid = _val(p.find(f"{W}pPr"), "pStyle")
        if re.fullmatch(r"toc( \d| heading)", styles.get(sid, {}).get("name", "")):
            p.getparent().remove(p)
            found = True
    return found


def _bookmarks_into_paragraphs(doc) -> None:
    """A bookmark between paragraphs (as pandoc and some tools write a section's anchor) is lost
    by pandoc's reader, and every link to it with it. Moved into the paragraph that follows (the
    section's heading), links to it reach that heading."""
    ends = {}
    for end in doc.iter(f"{W}bookmarkEnd"):
        ends.setdefault(end.get(f"{W}id"), end)
    for start in list(doc.iter(f"{W}bookmarkStart")):
        if start.getparent().tag == f"{W}p":
            continue
        following = start.xpath("following::w:p[1]", namespaces={"w": W_NS})
        if not following:
            continue
        para, ident = following[0], start.get(f"{W}id")
        start.getparent().remove(start)
        end = ends.get(ident)
        if end is not None and end.getparent() is not None and end.getparent().tag != f"{W}p":
            end.getparent().remove(end)
        at = 1 if para.find(f"{W}pPr") is not None else 0
        para.insert(at, start)
        closing = etree.Element(f"{W}bookmarkEnd")
        closing.set(f"{W}id", ident or "0")
        para.append(closing)


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def _same_start(text: str, number: str) -> bool:
    norm = lambda s: unicodedata.normalize("NFKC", s).replace(" ", "")
    return norm(text.strip()).startswith(norm(number))


def recover(data: bytes) -> tuple[bytes, Scan]:
    """The Word file with heading numbers written into the headings, and what the scan found."""
    zin = zipfile.ZipFile(io.BytesIO(data))
    styles = _styles(zin)
    nums, abstracts = _numbering(zin)
    doc = etree.fromstring(zin.read("word/document.xml"))
    scan = Scan()
    scan.toc_removed = _drop_toc(doc, styles)
    _bookmarks_into_paragraphs(doc)
    counters: dict[str, dict[int, int]] = {}
    started: set[str] = set()
    last_heading = ""
    for el in doc.iter():
        kind = UNCONVERTIBLE.get(el.tag)
        if kind and (kind, last_heading) not in scan.unconvertible:
            scan.unconvertible.append((kind, last_heading))
        if el.tag != f"{W}p":
            continue
        ppr = el.find(f"{W}pPr")
        sid = _val(ppr, "pStyle")
        if not scan.title and styles.get(sid, {}).get("name") in ("title", "表題"):
            scan.title = _text(el).strip()
            continue
        num = ppr.find(f"{W}numPr") if ppr is not None else None
        num_id = _val(num, "numId") if num is not None else _style_get(styles, sid, "numId")
        ilvl = _val(num, "ilvl") if num is not None and _val(num, "ilvl") else _style_get(styles, sid, "ilvl")
        level = _heading_level(styles, sid)
        if level is not None:
            last_heading = _text(el).strip()
        if not num_id or num_id == "0" or num_id not in nums:
            continue
        abstract_id, overrides = nums[num_id]
        levels = abstracts.get(abstract_id, {})
        lv = int(ilvl) if ilvl and ilvl.isdigit() else 0
        count = counters.setdefault(abstract_id, {})
        if num_id not in started:  # a list instance that restarts its numbering
            started.add(num_id)
            for k, start in overrides.items():
                count[k] = start - 1
        definition = levels.get(lv, _Level())
        count[lv] = count.get(lv, definition.start - 1) + 1
        for deeper in [k for k in count if k > lv]:
            del count[deeper]
        if level is None or definition.fmt in ("bullet", "none") or not definition.text:
            continue  # a list item: pandoc makes it a list
        number = re.sub(r"%(\d)", lambda m: format_number(
            count.get(int(m[1]) - 1, levels.get(int(m[1]) - 1, _Level()).start),
            levels.get(int(m[1]) - 1, _Level()).fmt), definition.text)
        if not number.strip() or _same_start(_text(el), number):
            continue
        run = etree.SubElement(el, f"{W}r")
        t = etree.SubElement(run, f"{W}t")
        t.text = number.strip() + " "
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        el.remove(run)
        el.insert(1 if ppr is not None else 0, run)
        last_heading = _text(el).strip()
        scan.numbered_headings += 1
    if not scan.title and "docProps/core.xml" in zin.namelist():
        core = etree.fromstring(zin.read("docProps/core.xml"))
        title = core.find("{http://purl.org/dc/elements/1.1/}title")
        scan.title = (title.text or "").strip() if title is not None else ""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            body = etree.tostring(doc, xml_declaration=True, encoding="UTF-8", standalone=True) \
                if item.filename == "word/document.xml" else zin.read(item)
            zout.writestr(item, body)
    return out.getvalue(), scan

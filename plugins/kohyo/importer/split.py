"""Cut pandoc's Markdown into a publication: index.md and one file per top-level heading.

Chapters get kohyo's front matter; their own 第N章 goes when it can be kohyo's chapter number
(numbered: false where it cannot). Headings move up so a chapter's sections are ##, footnotes
go to the chapters that cite them, links to headings point to the chapter files, images are
copied to images/. The notes for the editor are found in the finished files, so each names
the line the editor will open.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..problems import Problem
from ..render import rawhtml

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
_ATTRS = re.compile(r"\s*\{([^{}]*)\}$")
_FOOTDEF = re.compile(r"^\[\^([^\]]+)\]:\s?(.*)$")
_FOOTREF = re.compile(r"\[\^([^\]]+)\](?!:)")
_MD_LINK = re.compile(r"(?<!!)(\]\()(?P<href>[^)\s]+)(?P<rest>(?:\s+\"[^\"]*\")?\))")
_HTML_HREF = re.compile(r'(href=")(?P<href>[^"]+)(")')
_MD_IMAGE = re.compile(r"!\[(?P<alt>(?:[^\]\\]|\\.)*)\]\((?P<src>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_HTML_IMAGE = re.compile(r"<img\b[^>]*>")
_ATTR = re.compile(r'([\w:-]+)="([^"]*)"')
_ANCHOR_SPAN = re.compile(r'<span id="(?P<id>[^"]+)" class="anchor"></span>')  # a Word bookmark in text
_COLGROUP = re.compile(r"<colgroup>.*?</colgroup>\n?", re.S)
_KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_CHAPTER_NO = re.compile(r"^第\s*(?P<n>[0-9０-９]+|[一二三四五六七八九十]+)\s*章[\s　:：.．・]*(?P<rest>.*)$")
_PLAIN_NO = re.compile(r"^(?P<n>[0-9０-９]+)[.．]?[\s　]+(?P<rest>.+)$")
_BROWSER_IMAGES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"}

# ASCII file names for common chapter titles of municipal plans (first match wins).
_SLUGS = (("資料", "appendix"), ("用語", "glossary"), ("はじめに", "introduction"), ("趣旨", "purpose"),
          ("目的", "purpose"), ("背景", "background"), ("現状", "current-issues"), ("課題", "issues"),
          ("理念", "vision"), ("目指す", "vision"), ("将来像", "vision"), ("目標", "goals"), ("施策", "policies"),
          ("方針", "policies"), ("取組", "actions"), ("推進体制", "promotion"), ("推進", "promotion"),
          ("進行管理", "evaluation"), ("評価", "evaluation"), ("概要", "overview"), ("形式", "formats"),
          ("問い合わせ", "contact"), ("体制", "organization"), ("温室効果ガス", "emissions"), ("排出", "emissions"),
          ("緩和", "mitigation"), ("適応", "adaptation"), ("ロードマップ", "roadmap"), ("工程", "roadmap"),
          ("指標", "indicators"), ("予測", "outlook"), ("計画", "plan"))


@dataclass
class Origin:
    kind: str  # "docx" | "md"
    base: Path  # the folder image paths are relative to
    name: str  # the file imported (links to itself are links inside the document)
    title: str  # the document's own title (Word's Title paragraph or core properties), or ""
    unconvertible: list[tuple[str, str]] = field(default_factory=list)  # (what, heading before it)
    toc_removed: bool = False
    meta: dict = field(default_factory=dict)  # front matter fields kept from a Markdown file (not its title)
    skipped: list[str] = field(default_factory=list)  # front matter fields left out


@dataclass
class Heading:
    line: int
    level: int
    text: str
    ident: str | None


@dataclass
class Chapter:
    title: str
    numbered: bool
    file: str
    body: list[str]


@dataclass
class Result:
    title: str
    intro: list[str]
    chapters: list[Chapter]
    index_numbered: bool
    files: dict[str, str] = field(default_factory=dict)  # name -> text, chapters and index.md
    images: dict[str, Path] = field(default_factory=dict)  # images/<name> -> source file
    notes: list[Problem] = field(default_factory=list)


def _number(text: str) -> int | None:
    text = unicodedata.normalize("NFKC", text)
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    tens, _, ones = text.partition("十")
    if "十" in text:
        return (_KANJI_DIGITS.get(tens, 1) if tens else 1) * 10 + (_KANJI_DIGITS.get(ones, 0) if ones else 0)
    return _KANJI_DIGITS.get(text)


def chapter_number(title: str) -> tuple[int | None, str]:
    """The document's own chapter number and the title without it (第1章 計画 -> 1, 計画)."""
    for pattern in (_CHAPTER_NO, _PLAIN_NO):
        if (m := pattern.match(title)) and m["rest"].strip():
            return _number(m["n"]), m["rest"].strip()
    return None, title


def slug_for(title: str) -> str:
    ascii_words = re.findall(r"[a-z0-9]+", unicodedata.normalize("NFKC", title).lower())
    if ascii_words and len("".join(ascii_words)) >= 3 and not "".join(ascii_words).isdigit():
        return "-".join(ascii_words)[:40].strip("-")
    return next((slug for word, slug in _SLUGS if word in title), "chapter")


def _parse_heading(line: str) -> tuple[int, str, str | None] | None:
    m = _HEADING.match(line)
    if not m:
        return None
    text, ident = m[2], None
    if a := _ATTRS.search(text):
        ident = next((p[1:] for p in a[1].split() if p.startswith("#")), None)
        text = text[:a.start()]
    return len(m[1]), text.strip(), ident


def _blocks(lines: list[str]) -> tuple[list[str], dict[str, list[str]], list[Heading]]:
    """(body lines, footnote definitions by label, headings) outside code fences."""
    body, notes, headings = [], {}, []
    fence, current = None, None
    for line in lines:
        if fence:
            body.append(line)
            if line.strip().startswith(fence):
                fence = None
            continue
        if current is not None and (line.startswith("    ") or not line.strip()):
            notes[current].append(line)
            continue
        current = None
        if m := _FOOTDEF.match(line):
            current = m[1]
            notes[current] = [line]
            continue
        if line.lstrip().startswith(("```", "~~~")):
            fence = line.lstrip()[:3]
        elif h := _parse_heading(line):
            headings.append(Heading(len(body), *h))
        body.append(line)
    for label in notes:
        while notes[label] and not notes[label][-1].strip():
            notes[label].pop()
    return body, notes, headings


def _trim(lines: list[str]) -> list[str]:
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", re.sub(r"\\(.)", r"\1", text)).replace(" ", "").replace("\u3000", "")


def split(text: str, origin: Origin, where: str, fallback_title: str, department: str, status: str,
          today: dt.date) -> Result:
    text = _COLGROUP.sub("", text)  # pandoc's column widths: <col> is outside kohyo's HTML allow-list
    text = re.sub(r"^(```+) ([\w+#.-]+)$", r"\1\2", text, flags=re.M)  # ```python, as editors write it
    body, footnotes, headings = _blocks(text.replace("\r\n", "\n").split("\n"))
    title = origin.title
    chapter_heads = headings
    if headings:
        top = min(h.level for h in headings)
        first = headings[0]
        alone = first.level == top and sum(h.level == top for h in headings) == 1 and len(headings) > 1
        if alone and (not title or _norm(title) == _norm(first.text)):
            title, chapter_heads = title or first.text, headings[1:]
            body[first.line] = ""
        level = min(h.level for h in chapter_heads)
        chapter_heads = [h for h in chapter_heads if h.level == level]
    else:
        level = 1
    title = re.sub(r"\\(.)", r"\1", title or fallback_title).strip()

    # Sections: the intro (index.md) and one body per chapter heading.
    cuts = [h.line for h in chapter_heads] + [len(body)]
    intro = body[:cuts[0]] if chapter_heads else body
    numbers = [chapter_number(re.sub(r"\\(.)", r"\1", h.text)) for h in chapter_heads]
    given = [n for n, _ in numbers if n is not None]
    maps = bool(given) and given == list(range(1, len(given) + 1))
    chapters: list[Chapter] = []
    width = max(2, len(str(len(chapter_heads))))
    for i, h in enumerate(chapter_heads):
        n, rest = numbers[i]
        shown = rest if maps and n is not None else re.sub(r"\\(.)", r"\1", h.text)
        numbered = n is not None if maps else False
        chapters.append(Chapter(shown, numbered, f"{i + 1:0{width}d}-{slug_for(shown)}.md",
                                body[h.line + 1:cuts[i + 1]]))
    result = Result(title, intro, chapters, index_numbered=maps)

    # Heading levels: a chapter's sections become ##; ids remembered for links.
    targets: dict[str, tuple[str, bool]] = {}  # old id -> (file, is the chapter's own heading)
    for i, h in enumerate(chapter_heads):
        if h.ident:
            targets[h.ident] = (chapters[i].file, True)
    parts = [("index.md", result.intro)] + [(c.file, c.body) for c in chapters]
    for name, lines in parts:
        _relevel(lines, level, name, targets)
    referenced = _referenced_ids(parts, footnotes)
    new_ids = _new_ids(referenced, targets)
    for name, lines in parts:
        _set_ids(lines, new_ids)

    # Footnotes to the files that cite them; then links and images in the final places.
    for name, lines in parts:
        cited = []
        for line in _code_free(lines):
            cited += [m[1] for m in _FOOTREF.finditer(line) if m[1] in footnotes and m[1] not in cited]
        if cited:
            lines[:] = _trim(lines) + [""] + [x for label in cited for x in footnotes[label] + [""]]
    unresolved: set[str] = set()
    for name, lines in parts:
        for k, line in enumerate(lines):
            lines[k] = _relink(line, name, targets, new_ids, unresolved, origin)
    for name, lines in parts:
        _images(lines, origin, result, name.removesuffix(".md"))

    for chapter in chapters:
        chapter.body = _trim(chapter.body)
        head = ["---", f"title: {_yaml(chapter.title)}"] + ([] if chapter.numbered or not result.index_numbered
                                                             else ["numbered: false"]) + ["---", ""]
        result.files[chapter.file] = "\n".join(head + chapter.body) + "\n"
    result.intro = _trim(result.intro)
    result.files = {"index.md": index_text(result, department, status, today, origin.meta), **result.files}
    _notes(result, where, unresolved, origin, unmapped=bool(given) and not maps)
    return result


def _code_free(lines: list[str]):
    fence = None
    for line in lines:
        if fence:
            fence = None if line.strip().startswith(fence) else fence
            continue
        if line.lstrip().startswith(("```", "~~~")):
            fence = line.lstrip()[:3]
            continue
        yield line


def _relevel(lines: list[str], level: int, name: str, targets: dict) -> None:
    fence = None
    for k, line in enumerate(lines):
        if fence:
            fence = None if line.strip().startswith(fence) else fence
            continue
        if line.lstrip().startswith(("```", "~~~")):
            fence = line.lstrip()[:3]
            continue
        if h := _parse_heading(line):
            depth, text, ident = h
            depth = min(6, max(2, depth - level + 1))
            if ident:
                targets.setdefault(ident, (name, False))
            lines[k] = "#" * depth + " " + text + (f" {{#{ident}}}" if ident else "")
        for m in _ANCHOR_SPAN.finditer(line):
            targets.setdefault(m["id"], (name, None))  # None: an id in the text, kept as it is


def _referenced_ids(parts, footnotes) -> set[str]:
    found = set()
    for _, lines in parts:
        for line in lines:
            for m in list(_MD_LINK.finditer(line)) + list(_HTML_HREF.finditer(line)):
                frag = urlsplit(m["href"]).fragment
                if frag:
                    found.add(unquote(frag))
    for lines in footnotes.values():
        for line in lines:
            for m in _MD_LINK.finditer(line):
                if frag := urlsplit(m["href"]).fragment:
                    found.add(unquote(frag))
    return found


def _new_ids(referenced: set[str], targets: dict) -> dict[str, str | None]:
    """Ids kept only where a link points (others are made by kohyo from the heading text);
    ASCII ones as they are, others (Japanese, Word's _Ref123) as sec-1, sec-2."""
    out, n = {}, 0
    for ident in targets:
        if ident not in referenced or targets[ident][1]:
            out[ident] = None
        elif targets[ident][1] is None:
            out[ident] = ident
        elif re.fullmatch(r"[a-z][a-z0-9-]*", ident):
            out[ident] = ident
        else:
            n += 1
            out[ident] = f"sec-{n}"
    return out


def _set_ids(lines: list[str], new_ids: dict) -> None:
    """Headings get their new ids (or none); Word bookmarks nothing links to are dropped."""
    for k, line in enumerate(lines):
        line = lines[k] = _ANCHOR_SPAN.sub(lambda m: m.group(0) if new_ids.get(m["id"]) else "", line)
        h = _parse_heading(line) if line.startswith("#") else None
        if h and h[2]:
            ident = new_ids.get(h[2])
            lines[k] = "#" * h[0] + " " + h[1] + (f" {{#{ident}}}" if ident else "")


def _relink(line: str, name: str, targets: dict, new_ids: dict, unresolved: set, origin: Origin) -> str:
    def fix(m: re.Match) -> str:
        href = m["href"]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or href.startswith("/"):
            return m.group(0)
        path = unquote(parts.path)
        if path and not (origin.kind == "md" and Path(path).name == origin.name):
            if path.lower().endswith((".md", ".markdown")):
                unresolved.add(href)  # another Markdown file: not part of this import
            return m.group(0)
        if not parts.fragment:
            return m.group(0)
        frag = unquote(parts.fragment)
        if frag not in targets:
            unresolved.add(href)
            return m.group(0)
        file, is_chapter = targets[frag]
        ident = new_ids.get(frag)
        new = (file if file != name else "") + (f"#{ident}" if ident and not is_chapter else "")
        return m.group(1) + (new or file) + m.group(len(m.groups()))

    line = _MD_LINK.sub(fix, line)
    return _HTML_HREF.sub(fix, line)


def _image_name(src: Path, result: Result) -> str:
    stem = re.sub(r"[^a-z0-9_-]+", "-", unicodedata.normalize("NFKC", src.stem).lower()).strip("-") or "image"
    name, n = f"{stem}{src.suffix.lower()}", 1
    while f"images/{name}" in result.images and result.images[f"images/{name}"] != src:
        n += 1
        name = f"{stem}-{n}{src.suffix.lower()}"
    return name


def _local_image(src: str, origin: Origin, result: Result, prefix: str) -> str | None:
    parts = urlsplit(src)
    if parts.scheme or parts.netloc or src.startswith("/"):
        return None
    path = (origin.base / unquote(parts.path)).resolve()
    if not path.is_file() or (origin.kind == "md" and not path.is_relative_to(origin.base.resolve())):
        return None
    if origin.kind == "docx":  # Word's media names (image12.png, rId65.png) say nothing: name by chapter
        known = next((n for n, p in result.images.items() if p == path), None)
        if known:
            return known
        number = sum(n.startswith(f"images/{prefix}-") for n in result.images) + 1
        name = f"{prefix}-{number}{path.suffix.lower()}"
    else:
        name = _image_name(path, result)
    result.images[f"images/{name}"] = path
    return f"images/{name}"


def _images(lines: list[str], origin: Origin, result: Result, prefix: str) -> None:
    for k, line in enumerate(lines):
        def md(m: re.Match) -> str:
            new = _local_image(m["src"], origin, result, prefix)
            return f"![{m['alt']}]({new})" if new else m.group(0)

        def html(m: re.Match) -> str:
            attrs = dict(_ATTR.findall(m.group(0)))
            new = _local_image(attrs.get("src", ""), origin, result, prefix)
            if not new:
                return m.group(0)
            alt = attrs.get("alt", "").replace("&quot;", '"').replace("&amp;", "&")
            if line.strip() == m.group(0).strip():  # an image paragraph: Markdown, as editors write it
                return f"![{_escape_alt(alt)}]({new})"
            return f'<img src="{new}" alt="{attrs.get("alt", "")}">'

        line = _MD_IMAGE.sub(md, line)
        lines[k] = _HTML_IMAGE.sub(html, line)


def _escape_alt(alt: str) -> str:
    return re.sub(r"([\[\]\\])", r"\\\1", alt)


def _yaml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def index_text(result: Result, department: str, status: str, today: dt.date, meta: dict | None = None) -> str:
    head = ["---", "type: publication", f"title: {_yaml(result.title)}"]
    for key, value in (meta or {}).items():  # the imported file's own front matter, where kohyo has the field
        head.append(f"{key}: [{', '.join(_yaml(v) for v in value)}]" if isinstance(value, list) else f"{key}: {_yaml(value)}")
    head += [f"status: {status}", f"published: {today.isoformat()}", f"department: {department}"]
    if not result.index_numbered:
        head.append("numbered: false")
    number, listing = 0, []
    for c in result.chapters:
        if c.numbered and result.index_numbered:
            number += 1
        label = f"第{number}章 {c.title}" if c.numbered and result.index_numbered else c.title
        listing.append(f"- [{label}]({c.file})")
    body = result.intro + ([""] if result.intro else []) + (["この公表物は次の章で構成しています。", ""] + listing
                                                            if listing else [])
    return "\n".join(head + ["---", ""] + body) + "\n"


def _notes(result: Result, where: str, unresolved: set, origin: Origin, unmapped: bool) -> None:
    """Every place the editor must look at, found in the finished files (so lines are right)."""
    notes = result.notes

    def scan(name: str, text: str) -> None:
        path = f"{where}/{name}"
        fence = False
        for n, line in enumerate(text.split("\n"), 1):
            if line.lstrip().startswith(("```", "~~~")):
                fence = not fence
            if fence or line.lstrip().startswith(("```", "~~~")):
                continue  # code is shown as written
            for m in _MD_IMAGE.finditer(line):
                if not m["alt"].strip():
                    notes.append(Problem(path, n, "missing-alt", "元の文書の画像に代替テキスト（説明）がなかったため、"
                                         "![ ] の中が空です。画像の内容を ![ ] の中に書いてください"
                                         "（このままでは kohyo check とビルドがこの行を止めます）。"))
                elif not m["src"].startswith("images/"):
                    notes.append(Problem(path, n, "import-element", f"画像「{m['src'][:60]}」を取り込めませんでした"
                                         "（ファイルがない、またはインターネット上の画像です）。画像を images/ に置き、"
                                         "パスを images/… に直してください。"))
                elif Path(m["src"]).suffix.lower() not in _BROWSER_IMAGES:
                    notes.append(Problem(path, n, "import-element", f"画像「{m['src']}」はブラウザで表示できない形式です"
                                         "（EMF・WMF・TIFF など）。PNG か JPEG に変換して置き換えてください。"))
            if "<table" in line:
                notes.append(Problem(path, n, "import-table", "セルを結合した表（または複数の段落を含むセル）を HTML の表の"
                                     "まま取り込みました。表の内容と見出しのセルが正しいか確認してください。"))
            for href in sorted(unresolved):
                if re.search(rf"\]\({re.escape(href)}[)\s]", line) or f'href="{href}"' in line:
                    notes.append(Problem(path, n, "import-link", f"リンク先「{unquote(href)[:60]}」が取り込んだ文書の中に"
                                         "見つからないため、そのまま残しました。正しいリンク先（01-….md#… など）に"
                                         "直すか、リンクを外してください。"))
            if re.search(r"<[A-Za-z!]", re.sub(r"`[^`]*`", "", line)):
                for finding in rawhtml.findings(re.sub(r"`[^`]*`", "", line)):
                    notes.append(Problem(path, n, "raw-html", finding.message))

    for name, text in result.files.items():
        scan(name, text)
    if unmapped:
        line = result.files["index.md"].split("\n").index("numbered: false") + 1
        notes.append(Problem(f"{where}/index.md", line, "import-numbering",
                             "文書の章番号が 1 から順に並んでいないため、kohyo の章番号（第N章）に置き換えず、"
                             "見出しの番号をそのまま残しました（numbered: false）。"))
    if origin.skipped:
        notes.append(Problem(f"{where}/index.md", 0, "import-element",
                             f"取り込んだ Markdown の front matter の「{'」「'.join(origin.skipped)}」は取り込んでいません"
                             "（title・short_title・subtitle・description・keywords・version だけを index.md に写しました。"
                             "段階と所管課は --status・--department で決まります）。必要なら index.md に書き足してください。"))
    if origin.toc_removed:
        notes.append(Problem(f"{where}/index.md", 0, "import-element",
                             "Word の目次は取り込んでいません（kohyo がサイトと PDF の目次を自動で作ります）。"))
    for message, after in origin.unconvertible:
        notes.append(_place(result, where, after, f"{message}（Word の元の文書で「{after[:30] or '文書の先頭'}」の後）"))


def _place(result: Result, where: str, heading: str, message: str) -> Problem:
    want = _norm(heading)
    for c in result.chapters:
        if want and _norm(c.title) and want.endswith(_norm(c.title)):
            return Problem(f"{where}/{c.file}", 2, "import-element", message)
        for n, line in enumerate(result.files[c.file].split("\n"), 1):
            h = _parse_heading(line)
            if h and want and _norm(h[1]) == want:
                return Problem(f"{where}/{c.file}", n, "import-element", message)
    return Problem(f"{where}/index.md", 0, "import-element", message)

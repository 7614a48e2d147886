"""The 新旧対照表: the frozen draft against the current text, section by section.

Sources are split at headings; inside a section, blocks (paragraphs, list items, table rows)
are compared with difflib, then the changed blocks character by character. The table is the
form Japanese municipalities publish: 修正前 | 修正後 (| 理由), changed characters underlined
(<del>/<ins>), with a visually hidden 「（削除）」「（追加）」 so a screen reader says it too.
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field

_HEADING = re.compile(r"^(#{2,6})\s+(.*?)\s*(\{[^}]*\})?\s*$")
_ITEM = re.compile(r"^(\s*[-*+]\s|\s*\d+[.)]\s|\s*\|)")
_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
_SPACE = re.compile(r"\s+")


@dataclass
class Change:
    section: str  # where, as readers see it: 第4章　基本方針と施策　2 基本方針1
    before: str  # "" when added
    after: str  # "" when removed
    records: list = field(default_factory=list)  # consultation ChangeRecords this change answers
    context: str = ""  # an added or removed passage: the unchanged one before it, shown on both sides

    def shown(self) -> tuple[str, str]:
        """Both sides as readers see them: Markdown marks taken out, the context before an added
        or removed passage (「（追加）」 alone in a column says nothing of where it goes)."""
        lead = plain(self.context) + "\n" if self.context else ""
        return (lead + plain(self.before)).strip("\n"), (lead + plain(self.after)).strip("\n")


_LIST_MARK = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)\s]*(?:\s+\"[^\"]*\")?\)")
_STRONG = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")


def plain(text: str) -> str:
    """A passage without its Markdown marks: list markers, link targets, bold; a table row as its
    cells between 「｜」. What was compared (and what change records quote) stays the source."""
    out = []
    for line in text.split("\n"):
        line = _LIST_MARK.sub("", line)
        if line.lstrip().startswith("|"):
            line = "｜".join(cell.strip() for cell in line.strip().strip("|").split("|"))
        line = _STRONG.sub(lambda m: m.group(1) or m.group(2), _LINK.sub(r"\1", line))
        out.append(line)
    return "\n".join(out)


def normalise(text: str) -> str:
    """Whitespace does not count: a record copied from the page with other line breaks matches."""
    return _SPACE.sub("", text)


def body_of(text: str) -> str:
    return _FRONT.sub("", text.replace("\r\n", "\n"), count=1)


def sections(body: str) -> list[tuple[str, list[str]]]:
    """(heading path, blocks) in order: a ### section is named with its ## heading
    (「2 基本方針1 …　施策1-2 …」); the text before the first heading has heading ""."""
    out: list[tuple[str, list[str]]] = [("", [])]
    para: list[str] = []
    path: dict[int, str] = {}

    def flush():
        if para:
            out[-1][1].append("\n".join(para))
            para.clear()

    for line in body.split("\n"):
        m = _HEADING.match(line)
        if m:
            flush()
            level = len(m.group(1))
            path = {k: v for k, v in path.items() if k < level}
            path[level] = m.group(2)
            out.append(("　".join(path[k] for k in sorted(path)), []))
        elif not line.strip():
            flush()
        elif _ITEM.match(line):  # each list item and table row is its own passage
            flush()
            if not re.match(r"^\s*\|?\s*:?-{3,}", line):  # a table's |---| rule is no passage
                out[-1][1].append(line.strip())
        else:
            para.append(line.strip())
    flush()
    return [s for s in out if s[0] or s[1]]


def compare(old: list[tuple[str, str, str]], new: list[tuple[str, str, str]]) -> tuple[list[Change], int]:
    """old/new: (file name, display title, Markdown body) in reading order. Returns the changes
    and how many sections had none."""
    changes: list[Change] = []
    unchanged = 0
    old_by = {name: (title, body) for name, title, body in old}
    names = [n for n, _, _ in new] + [n for n, _, _ in old if n not in {m for m, _, _ in new}]
    new_by = {name: (title, body) for name, title, body in new}
    for name in names:
        title = (new_by.get(name) or old_by[name])[0]
        a = sections(old_by[name][1]) if name in old_by else []
        b = sections(new_by[name][1]) if name in new_by else []
        matcher = difflib.SequenceMatcher(None, [h for h, _ in a], [h for h, _ in b], autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            pairs = list(zip(a[i1:i2], b[j1:j2])) if tag in ("equal", "replace") and i2 - i1 == j2 - j1 else \
                [((" / ".join(h for h, _ in a[i1:i2]), [x for _, bl in a[i1:i2] for x in bl]),
                  (" / ".join(h for h, _ in b[j1:j2]), [x for _, bl in b[j1:j2] for x in bl]))]
            for (ha, ba), (hb, bb) in pairs:
                where = f"{title}　{hb or ha}" if (hb or ha) else title
                found = _block_changes(where, ba, bb)
                changes += found
                unchanged += not found
    return changes, unchanged


def _block_changes(where: str, a: list[str], b: list[str]) -> list[Change]:
    out = []
    matcher = difflib.SequenceMatcher(None, [normalise(x) for x in a], [normalise(x) for x in b], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            context = a[i1 - 1] if tag in ("insert", "delete") and i1 > 0 else ""
            out.append(Change(where, "\n".join(a[i1:i2]), "\n".join(b[j1:j2]), context=context))
    return out


def marked(before: str, after: str, text=None) -> tuple[str, str]:
    """Both sides as HTML with the changed characters marked. `text` escapes the plain parts
    (HTML only by default; the results page's Markdown table also needs Markdown escaped)."""
    text = text or _text
    if not before:
        return '<span class="kohyo-shinkyu__none">（追加）</span>', _mark("ins", after, "追加", text)
    if not after:
        return _mark("del", before, "削除", text), '<span class="kohyo-shinkyu__none">（削除）</span>'
    left, right = [], []
    for same, old, new in _segments(before, after):
        if same:
            left.append(text(old))
            right.append(text(new))
            continue
        if old:
            left.append(_mark("del", old, "削除", text))
        if new:
            right.append(_mark("ins", new, "追加", text))
    return "".join(left), "".join(right)


_SHORT = 3  # characters: a shorter match between two changes is chance, not the text kept


def _segments(before: str, after: str) -> list[tuple[bool, str, str]]:
    """(unchanged?, before part, after part), from a character diff. A rewritten sentence shares
    single characters with the old one by chance (「パブリ[ッ]ク」, 「[の]」); marked one by one
    they cut the underline into pieces no reader can follow, so a match of a few characters
    between two changes, no longer than either change, is counted as changed (the semantic
    clean-up of diff tools)."""
    ops = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    raw = [(tag == "equal", before[i1:i2], after[j1:j2]) for tag, i1, i2, j1, j2 in ops]
    out: list[list] = []
    for k, (same, old, new) in enumerate(raw):
        if same and 0 < k < len(raw) - 1 and "\n" not in old:
            size = len(old)
            around = [max(len(raw[k - 1][1]), len(raw[k - 1][2])), max(len(raw[k + 1][1]), len(raw[k + 1][2]))]
            same = not (size <= _SHORT and size <= min(around))
        if out and not same and not out[-1][0]:
            out[-1][1] += old
            out[-1][2] += new
        else:
            out.append([same, old, new])
    return [tuple(seg) for seg in out]


def _text(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _mark(tag: str, text: str, word: str, escape=_text) -> str:
    return (f'<{tag} class="kohyo-shinkyu__{tag}"><span class="kohyo-sr">（{word}）</span>{escape(text)}'
            f'<span class="kohyo-sr">（{word}ここまで）</span></{tag}>')


def attach_records(changes: list[Change], records: list) -> None:
    """Each consultation change record goes to the change whose text holds its before/after."""
    for record in records:
        b, a = normalise(record.before), normalise(record.after)
        for change in changes:
            if (b and b in normalise(change.before)) or (a and a in normalise(change.after)):
                change.records.append(record)
                break


def record_anchor(record) -> str:
    return f"change-{record.id.lower()}"


def page_markdown(title: str, draft_label: str, changes: list[Change], unchanged: int) -> str:
    """The generated page (a chapter of the final version, so the PDF and Word carry it)."""
    out = ["---", f"title: {title}", "numbered: false", "---", "",
           f"{draft_label}から現在の本文までに変更した箇所を、節ごとに示します。"
           "下線の部分が変更した文字です（修正前は削除した文字、修正後は追加した文字）。"
           "PDF では、読み上げのため、その前後に小さな文字で「（削除）」「（追加）」と示しています。", ""]
    if not changes:
        out += ["本文に変更はありません。", ""]
        return "\n".join(out)
    with_reason = any(c.records for c in changes)
    by_section: dict[str, list[Change]] = {}
    for change in changes:
        by_section.setdefault(change.section, []).append(change)
    number = 0
    for section, items in by_section.items():
        out += [f"## {_escape_md(section)}", ""]
        head = '<th scope="col">No.</th><th scope="col">修正前</th><th scope="col">修正後</th>' + (
            '<th scope="col">理由</th>' if with_reason else "")
        rows = []
        for change in items:
            number += 1
            left, right = marked(*change.shown())
            ids = "".join(f'<span id="{record_anchor(r)}"></span>' for r in change.records)
            row = f'<tr><td>{ids}{number}</td><td>{left}</td><td>{right}</td>'
            if with_reason:
                row += "<td>" + "<br>".join(f"{_text(r.reason)}（修正箇所 {html.escape(r.id)}）"
                                            for r in change.records) + "</td>"
            rows.append(row + "</tr>")
        # A region that scrolls sideways on a phone, reachable by keyboard (it holds no links).
        name = html.escape(section)
        out += [f'<div class="kohyo-table-scroll" role="region" tabindex="0" aria-label="{name}の新旧対照">'
                f'<table class="kohyo-shinkyu"><caption>{name}の新旧対照</caption>'
                f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>", ""]
    if unchanged:
        out += ["そのほかの節に変更はありません。", ""]
    return "\n".join(out)


def _escape_md(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>#])", r"\\\1", text)

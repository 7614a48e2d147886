"""Markdown as editors write it: what other tools (GitHub, Typora, VS Code, CommonMark) accept
and Python-Markdown would read differently, made to mean what the editor meant.

Part of the one rendering path (mkdocs.yml lists it), so the site, the checks, the PDF and the
Word file all see the same result:

- nested lists indented as GitHub does (2 spaces, or the width of `1. `) nest; lists indented
  with 4 spaces are left as they are;
- a backslash before any ASCII punctuation (`\\<`, `\\~`, `\\&`, `\\|`) is an escape, as in
  CommonMark (Python-Markdown knows only a few);
- Markdown inside a `<div>` or `<details>` block is rendered (md_in_html), so its images are
  checked like any other;
- the text is NFC-normalised (a heading typed as テ + U+3099 gets the anchor of テ), except CJK
  compatibility ideographs, which NFC would replace with a different glyph (神 → 神).

`foreign_syntax` finds syntax of other tools that kohyo does not read (`:::note` containers), for
a warning with the file line.
"""

from __future__ import annotations

import re
import string
import unicodedata
from dataclasses import dataclass

from markdown import Extension
from markdown.preprocessors import Preprocessor

from ..problems import Problem

# ---------------------------------------------------------------------------------------------
# NFC

# CJK compatibility ideographs: NFC maps each to its unified ideograph, a different glyph that
# matters in names and place names. Text around them is normalised, they are kept.
_COMPAT = re.compile("([\uf900-\ufaff\U0002f800-\U0002fa1f]+)")


def nfc(text: str) -> str:
    """NFC, keeping CJK compatibility ideographs as written."""
    if unicodedata.is_normalized("NFC", text):
        return text
    return "".join(part if i % 2 else unicodedata.normalize("NFC", part) for i, part in enumerate(_COMPAT.split(text)))


# ---------------------------------------------------------------------------------------------
# Lines: fences, list items, containers

_FENCE = re.compile(r"^( *)(`{3,}|~{3,})")
_MARKER = re.compile(r"^( *)([-*+]|\d{1,9}[.)])( +|$)")
_THEMATIC = re.compile(r"^ {0,3}([-*_])(?: *\1){2,} *$")
# Blocks that end a list when written at the left edge right after an item (CommonMark and
# Python-Markdown agree on these); other unindented text continues the item's paragraph.
_INTERRUPT = re.compile(r"^ {0,3}(#{1,6}(\s|$)|`{3,}|~{3,}|!!!|\?\?\?|<|\||>|:::|///)")
# Blocks whose content is indented 4 spaces: admonitions, details, footnotes, definitions.
_CONTAINER = re.compile(r"^( *)(!!!|\?\?\?\+?|\[\^[^\]]+\]:|:(?= {1,3}\S))")
_HTML_BLOCK = re.compile(r"^( {0,3})<(div|details)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>", re.I)
_MARKDOWN_ATTR = re.compile(r"\smarkdown(\s*=|\s|$)", re.I)
_TAB = 4  # Python-Markdown's indent for everything nested


@dataclass
class _Item:
    marker: int  # column of the list marker, as written
    content: int  # column where the item's text starts, as written (CommonMark's nesting rule)
    new_marker: int  # column of the marker in the rewritten line

    @property
    def threshold(self) -> int:
        """A line indented at least this much belongs to the item (GitHub and 4-space style)."""
        return min(self.content, self.marker + _TAB)

    @property
    def new_content(self) -> int:
        return self.new_marker + _TAB


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _shift(line: str, old: int, new: int) -> str:
    return " " * new + line[old:]


def _fence_of(line: str) -> tuple[str, int] | None:
    m = _FENCE.match(line)
    return (m.group(2)[0], len(m.group(2))) if m else None


def _closes(line: str, fence: tuple[str, int]) -> bool:
    m = _FENCE.match(line)
    return bool(m) and m.group(2)[0] == fence[0] and len(m.group(2)) >= fence[1] \
        and not line[m.end():].strip()


def _open_html(line: str) -> str:
    """`<div>` / `<details>` at the start of a block gets md_in_html's markdown attribute, as
    CommonMark renders Markdown inside such a block."""
    m = _HTML_BLOCK.match(line)
    if not m or _MARKDOWN_ATTR.search(m.group(3)):
        return line
    attrs = m.group(3).rstrip("/")
    return f'{m.group(1)}<{m.group(2)}{attrs} markdown="1">' + line[m.end():]


def normalise(lines: list[str]) -> list[str]:
    """Rewrite list indentation to Python-Markdown's 4 spaces per level, following CommonMark's
    rule for which item a line belongs to. Fenced code keeps its text, moved with its item."""
    out: list[str] = []
    stack: list[_Item] = []
    containers: list[int] = []  # content columns of the enclosing admonitions and the like
    fence: tuple[str, int] | None = None
    fence_shift = (0, 0)  # (old, new) indentation of the fence's opening line
    prev_blank = True
    for i, line in enumerate(lines):
        if fence:
            old, new = fence_shift  # the code keeps its indentation relative to the fence
            out.append(" " * new + line[min(old, _indent(line)):] if line.strip() else line)
            if _closes(line, fence):
                fence = None
                if stack and i + 1 < len(lines) and lines[i + 1].strip():
                    out.append("")  # superfences' block ends at a blank line; the next item follows it
            prev_blank = bool(not fence and stack)
            continue
        if not line.strip():
            out.append(line)
            prev_blank = True
            continue
        ind = _indent(line)
        marker = None if _THEMATIC.match(line) else _MARKER.match(line)
        # Where the line starts a block of its own, it is not a lazy continuation of a paragraph.
        block_start = bool(_INTERRUPT.match(line[ind:]) or _THEMATIC.match(line[ind:]))
        new_ind = ind
        if stack:
            # Unless it continues the deepest item's paragraph (lazily, or aligned), the line
            # belongs to the deepest item it is indented into.
            if marker or prev_blank or block_start:
                while stack and ind < stack[-1].threshold:
                    stack.pop()
            if stack:
                top = stack[-1]
                if marker or not prev_blank and not block_start:
                    new_ind = top.new_content
                else:
                    new_ind = top.new_content + max(0, ind - (top.marker + _TAB))
        if not stack:  # a list's first level stays where it was written; only nesting is rewritten
            while containers and ind < containers[-1]:
                containers.pop()
            base = containers[-1] if containers else 0
            if not marker and _CONTAINER.match(line) and ind - base < _TAB:
                containers.append(ind + _TAB)
        if marker and (stack or ind - (containers[-1] if containers else 0) < _TAB):
            after = len(marker.group(3))
            content = marker.end(2) + (after if 0 < after <= _TAB else 1)
            stack.append(_Item(ind, content, new_ind))
        if (f := _fence_of(line)) and not marker:
            fence, fence_shift = f, (ind, new_ind)
        rewritten = _shift(line, ind, new_ind)
        out.append(_open_html(rewritten) if not stack else rewritten)
        prev_blank = False
    return out


class _EditorPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return normalise([nfc(line) for line in lines])


# CommonMark: a backslash escapes any ASCII punctuation character.
_ASCII_PUNCTUATION = list(string.punctuation)


class EditorMarkdownExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's API name)
        md.ESCAPED_CHARS = list(dict.fromkeys([*md.ESCAPED_CHARS, *_ASCII_PUNCTUATION]))
        # After normalize_whitespace (30: tabs expanded), before fenced code (25) and raw HTML (20).
        md.preprocessors.register(_EditorPreprocessor(md), "kohyo_editor", 29)


def makeExtension(**kwargs):  # noqa: N802 (Python-Markdown's API name)
    return EditorMarkdownExtension(**kwargs)


# ---------------------------------------------------------------------------------------------
# Syntax of other tools

_FOREIGN_CONTAINER = re.compile(r"^ {0,3}:{3,}\s*(\{?[\w-]*)")


def foreign_containers(body: str) -> list[tuple[int, str]]:
    """(0-based line, kind) of each `:::kind` opening line outside fenced code."""
    found = []
    fence = None
    open_kind = False
    for i, line in enumerate(body.splitlines()):
        if fence:
            if _closes(line, fence):
                fence = None
            continue
        if f := _fence_of(line):
            fence = f
            continue
        m = _FOREIGN_CONTAINER.match(line)
        if m and m.group(1).strip("{"):
            found.append((i, m.group(1).strip("{")))
            open_kind = True
        elif m and not open_kind:
            found.append((i, ""))
        elif m:
            open_kind = False  # the closing ::: of a container already reported
    return found


_KOHYO_KINDS = {"note": "note", "info": "info", "tip": "tip", "hint": "tip", "important": "important",
                "warning": "warning", "caution": "warning", "danger": "danger", "attention": "warning"}


def foreign_syntax(project) -> list[Problem]:
    """Warnings for syntax of other tools in the pages of `project`: shown with file:line, they
    do not stop `kohyo check` or a build (the page builds, only not as the editor meant)."""
    warnings = []
    for src, page in sorted(project.pages.items()):
        for i, kind in foreign_containers(page.body):
            name = _KOHYO_KINDS.get(kind.lower(), "note")
            warnings.append(Problem(
                project.shown(src), page.body_line + i, "foreign-container",
                f"「:::{kind}」は他のツールの囲みの書き方で、kohyo では読めません（そのまま文字で表示されます）。"
                f"注意書きやコラムは「!!! {name} \"見出し\"」の行の下に、中身を半角スペース4つ下げて書いてください"
                "（編集ガイドの「コラム・注意書き・注記」を参照）。閉じる「:::」の行は消します。"))
    return warnings

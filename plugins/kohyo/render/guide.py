"""Markdown extension that writes the editor guide's reference tables from the schema.

A guide page holds `<!-- kohyo:front-matter -->` or `<!-- kohyo:problem-codes -->` on a line of
its own; the line becomes the table, so the guide never drifts from what `kohyo check` enforces.
"""

from __future__ import annotations

from markdown import Extension
from markdown.preprocessors import Preprocessor

from ..model.schema import FIELDS, PAGE_TYPES
from ..problems import CODES

_KINDS = {
    "text": "文字", "date": "日付（YYYY-MM-DD）", "integer": "整数", "boolean": "true / false",
    "text-list": "語の一覧", "choice": "選択肢", "choice-list": "選択肢の一覧", "department": "所管課のキー",
    "url": "アドレス（https://…）", "time-range": "時刻の範囲（\"14:00-16:00\"）",
    "image": "画像（src と alt の組）", "link-list": "リンクの一覧（title と url の組）",
}


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def front_matter_markdown() -> list[str]:
    out = []
    for ptype in PAGE_TYPES.values():
        out += [f"### {ptype.label}（{ptype.name}）", "", ptype.doc, "",
                "| 項目 | 名前 | 必須 | 書き方 | 例 | 説明 |", "|---|---|---|---|---|---|"]
        for name in ptype.fields:
            f = FIELDS[name]
            kind = _KINDS[f.kind] + (f"：{' / '.join(f.choices)}" if f.choices else "")
            required = "必須" if name in ptype.required else "任意"
            out.append(f"| `{name}` | {f.label} | {required} | {_cell(kind)} | `{_cell(f.example)}` | {_cell(f.doc)} |")
        out.append("")
    return out


def problem_codes_markdown() -> list[str]:
    out = ["| コード | 意味 |", "|---|---|"]
    out += [f"| `{code}` | {_cell(meaning)} |" for code, meaning in CODES.items()]
    return out + [""]


_MARKERS = {
    "<!-- kohyo:front-matter -->": front_matter_markdown,
    "<!-- kohyo:problem-codes -->": problem_codes_markdown,
}


class _GuidePreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for line in lines:
            make = _MARKERS.get(line.strip())
            out += ["", *make(), ""] if make else [line]
        return out


class GuideExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's API name)
        # Before raw HTML blocks are stashed (priority 20), or the marker would be kept as a comment.
        md.preprocessors.register(_GuidePreprocessor(md), "kohyo_guide", 25)


def makeExtension(**kwargs):  # noqa: N802
    return GuideExtension(**kwargs)

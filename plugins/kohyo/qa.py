"""Questions and answers (質問及び回答, よくある質問): one file per set, one block per question.

    /// question | 委託期間中に対象者数が増えた場合、委託料は変更されますか。
        category: 仕様書
        asked: 2026-03-18
        answered: 2026-03-24

    回答の本文（Markdown）。
    ///

Each block becomes a numbered section (「質問1」) with its own anchor (`id`, else q1, q2 …),
so a question can be linked, shows in the page's table of contents and is found by the
site search; a 分類から探す index precedes them when questions have categories. The syntax is
the chart blocks' (charts.blocks), read from the source so errors name the file line.
"""

from __future__ import annotations

import datetime as dt
import re

from .charts.blocks import find_named
from .dates import format_date
from .model.declare import Field, PageType
from .model.project import Page, Project
from .problems import Problem

# The page type (kohyo.model.schema gathers it): a set of questions uses only shared fields.
FIELDS: tuple[Field, ...] = ()

QA = "qa"
PAGE_TYPES = (
    PageType(QA, "質問と回答",
             "入札・公募の「質問及び回答」や「よくある質問」のページ（1つの質問と回答の集まりが1ファイル）。"
             "質問ごとに「/// question | 質問の文」で始まり「///」で終わるブロックを書くと、番号（質問1…）・"
             "リンク用の ID・分類の索引が自動で付き、サイト内検索で質問ごとに見つかります。",
             ("type", "title", "published", "department"),
             ("short_title", "updated", "description", "keywords", "order", "hide")),
)

OPTIONS = {"category": "分類", "asked": "質問を受け付けた日", "answered": "回答した日", "id": "質問の ID（リンク用）"}
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def expand_pages(project: Project) -> list[Problem]:
    problems: list[Problem] = []
    for src in sorted(project.pages):
        page = project.pages[src]
        if page.type == QA:
            problems += _expand(project, page)
    return problems


def _expand(project: Project, page: Page) -> list[Problem]:
    shown = project.shown(page.src)
    lines = page.source.splitlines()
    found = find_named(page.source, "question", "質問")
    problems = [Problem(shown, page.body_line + i, "qa-block", m) for b in found for i, m in b.errors]
    if not found and not problems:
        return [Problem(shown, page.body_line, "qa-block",
                        "質問と回答のページに質問がありません。「/// question | 質問の文」で始まり「///」で終わる"
                        "ブロックを、質問ごとに書いてください（編集ガイドの「質問と回答」）。")]
    sections, categories, seen = [], {}, set()
    for n, block in enumerate(found, start=1):
        def err(option: str | None, message: str) -> None:
            line = block.option_lines.get(option, block.start) if option else block.start
            problems.append(Problem(shown, page.body_line + line, "qa-block", message))

        for key in block.options:
            if key not in OPTIONS:
                err(key, f"質問の設定「{key}」は使えません。使える設定: {', '.join(OPTIONS)}。")
        days = {}
        for key in ("asked", "answered"):
            value = block.options.get(key)
            try:
                days[key] = dt.date.fromisoformat(str(value)) if value is not None else None
            except ValueError:
                days[key] = None
                err(key, f"{OPTIONS[key]}（{key}）「{value}」が日付になっていません。2026-03-24 のように書いてください。")
        asked, answered = days["asked"], days["answered"]
        if isinstance(asked, dt.date) and isinstance(answered, dt.date) and answered < asked:
            err("answered", "回答した日（answered）が、質問を受け付けた日（asked）より前になっています。")
        ident = block.options.get("id") or f"q{n}"
        if not (isinstance(ident, str) and _ID.match(ident)):
            err("id", f"質問の ID「{ident}」には、半角英小文字・数字・ハイフンだけが使えます（例: q-hiyou）。")
        elif ident in seen:
            err("id", f"質問の ID「{ident}」が、このページでほかの質問にも使われています。別の ID にしてください。")
        seen.add(ident)
        if not block.title:
            err(None, "質問の文がありません。「/// question | 質問の文」のように、| の後に質問を書いてください。")
        answer = "\n".join(lines[block.body[0]:block.body[1]]).strip("\n")
        if block.closed and not answer.strip():
            err(None, "回答がありません。設定の後に1行あけて、回答を書いてください。")
        category = str(block.options.get("category") or "").strip()
        if category:
            categories.setdefault(category, []).append((n, ident))
        facts = [f"分類：{category}"] if category else []
        facts += [f"{label}：{format_date(day)}" for label, day in (("受付日", asked), ("回答日", answered))
                  if isinstance(day, dt.date)]
        section = [f"## 質問{n}　{block.title} {{#{ident}}}", ""]
        if facts:
            section += ["　／　".join(facts), "{: .kohyo-qa-meta }", ""]
        section += ["**回答**", "", answer, ""]
        sections.append((block, section))
    if problems:
        return problems
    out: list[str] = []
    previous = 0
    for i, (block, section) in enumerate(sections):
        out += lines[previous:block.start]
        if i == 0 and categories:
            out += ["## 分類から探す {#categories}", ""]
            out += [f"- {name}：" + "、".join(f"[質問{n}](#{ident})" for n, ident in items)
                    for name, items in categories.items()]
            out.append("")
        out += section
        previous = block.end + 1
    out += lines[previous:]
    page.markdown = "\n".join(out) + "\n"
    return []

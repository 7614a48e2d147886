"""The privacy guard: no submitter's private data in anything the build publishes.

Every private value in the private store (氏名, 住所, 電話番号, メールアドレス, the original
text of each opinion) is searched for in every text file of the built site, with tags,
entities, JSON escapes and white space undone, so a value cannot slip through as markup.
The PDFs are made from the same page HTML that is searched here. Reports name the file and
the kind of value, never the value itself (build logs may be read by others).
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import ahocorasick

from ..problems import Problem
from .private import private_values

TEXT_SUFFIXES = (".html", ".json", ".csv", ".xml", ".txt", ".js", ".ics", ".md")
_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


def _normal(text: str) -> str:
    return _SPACE.sub("", html.unescape(_TAGS.sub("", text)))


def _readable(path: Path) -> str:
    raw = path.read_text(encoding="utf-8-sig", errors="replace")
    if path.suffix == ".json":
        try:  # search indexes escape non-ASCII as \uXXXX
            raw = json.dumps(json.loads(raw), ensure_ascii=False)
        except ValueError:
            pass
    return raw


def scan(site_dir: Path, private_dir: Path) -> list[Problem]:
    values = private_values(private_dir)
    if not values:
        return []
    automaton = ahocorasick.Automaton()
    for value, what in values.items():
        key = _normal(value)
        if len(key) >= 2:
            automaton.add_word(key, what)
    automaton.make_automaton()
    problems = []
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            continue
        text = _readable(path)
        found = {what for _, what in automaton.iter(_normal(text))}
        for what in sorted(found):
            problems.append(Problem(f"{site_dir.name}/{path.relative_to(site_dir).as_posix()}", 1, "privacy-leak",
                                    f"公開するファイルに意見提出者の個人情報（{what}）が入っています。"
                                    "意見の概要・市の考え方などから削除してください。"))
    return problems

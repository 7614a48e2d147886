"""`kohyo check` finds what the PDF build would fail on, from the source alone: characters no
print font has, remote and missing images, HTML the outputs cannot carry, tables wider than
the page; and front matter faults are named as the editor made them, each reported once.

Each fault: the exact code, file and line, and the exit status. Fast: check renders no PDF.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_kohyo, write
from kohyo.problems import char_label

CHAPTER = "content/plan/01-first.md"
HEAD = "---\ntitle: 最初の章\n---\n\n## 1 目標 {#targets}\n\n"  # the body given to _chapter starts on line 7
LINE_RE = re.compile(r"^(?P<where>\S+:\d+): \[(?P<code>[a-z0-9-]+)\] (?P<message>.+)$")
PUA = "\ue000"  # a 外字 from a word processor: no font has it, whatever fallback fonts are added
# 40 columns: even one character a line, wider than A4's 174 mm of text (about 20 pt a column).
WIDE = "| 項目 | " + " | ".join(f"{i}月" for i in range(1, 40)) + " |\n" + "|---" * 40 + "|\n" + "| 国 " * 40 + "|"
URLS = "| " + " | ".join(["https://www.city.sapporo.jp/kankyo/ondanka/keikaku/2026/" + str(i) for i in range(5)]) + " |"


def _chapter(mini: Path, body: str, head: str = HEAD) -> None:
    (mini / CHAPTER).write_text(head + body + "\n", encoding="utf-8")


def _problems(stderr: str) -> list[tuple[str, str, str]]:
    return [(m["where"], m["code"], m["message"]) for m in map(LINE_RE.match, stderr.splitlines()) if m]


def _check(mini: Path) -> tuple[int, list[tuple[str, str, str]], str]:
    result = run_kohyo("check", cwd=mini)
    assert "Traceback" not in result.stderr, result.stderr
    assert not (mini / "build").exists(), "check writes nothing: no site, no PDF"
    return result.returncode, _problems(result.stderr), result.stderr


# (break the project, expected [(file:line, code)], words the message must hold)
FAULTS = {
    "glyph": (lambda m: _chapter(m, f"本文です。\n\n達成{PUA}しました。"),
              [(f"{CHAPTER}:9", "pdf-missing-glyph")], ["U+E000", "外字", "PDF"]),
    "glyph-in-title": (lambda m: _chapter(m, "本文です。", head=HEAD.replace("最初の章", f"最初の章{PUA}")),
                       [(f"{CHAPTER}:2", "pdf-missing-glyph")], ["U+E000"]),
    "remote-image": (lambda m: _chapter(m, "本文です。\n\n![札幌市の地図](https://example.com/map.png)"),
                     [(f"{CHAPTER}:9", "remote-image")], ["https://example.com/map.png", "images/"]),
    "remote-image-html": (lambda m: _chapter(m, '本文です。\n\n<img src="https://example.com/a.png" alt="地図">'),
                          [(f"{CHAPTER}:9", "remote-image")], ["https://example.com/a.png"]),
    "remote-image-protocol-relative": (lambda m: _chapter(m, "本文です。\n\n![地図](//example.com/map.png)"),
                                       [(f"{CHAPTER}:9", "remote-image")], ["//example.com/map.png"]),
    "missing-image-in-html": (lambda m: _chapter(m, '本文です。\n\n<div>\n<img src="images/none.png" alt="地図">\n</div>'),
                              [(f"{CHAPTER}:10", "missing-image")], ["images/none.png", "content/plan/images/none.png"]),
    "raw-html": (lambda m: _chapter(m, '本文です。\n\n段落\n\n<iframe src="https://example.com/"></iframe>'),
                 [(f"{CHAPTER}:11", "raw-html")], ["<iframe>"]),
    "raw-html-attribute": (lambda m: _chapter(m, '本文です。\n\n<span onclick="alert(1)">押す</span>'),
                           [(f"{CHAPTER}:9", "raw-html")], ["onclick"]),
    "wide-table": (lambda m: _chapter(m, "本文です。\n\n前の段落です。\n\n" + WIDE),
                   [(f"{CHAPTER}:11", "table-too-wide")], ["「項目」", "40列", "mm", "orientation: landscape"]),
    "second-table": (lambda m: _chapter(m, "| 区分 | 値 |\n|---|--:|\n| 国 | 1 |\n\n本文です。\n\n" + WIDE),
                     [(f"{CHAPTER}:13", "table-too-wide")], ["「項目」"]),
    "wide-html-table": (lambda m: _chapter(m, "本文です。\n\n<table>\n<tr>" + "<th>見出し</th>" * 40 + "</tr>\n<tr>"
                                              + "<td>国</td>" * 40 + "</tr>\n</table>"),
                        [(f"{CHAPTER}:9", "table-too-wide")], ["「見出し」", "40列"]),
    "long-address": (lambda m: _chapter(m, "本文です。\n\n詳しくは https://example.jp/" + "a" * 200 + " を見てください。"),
                     [(f"{CHAPTER}:9", "pdf-overflow")], ["https://example.jp/aaa", "mm", "空白"]),
    "fullwidth-colon": (lambda m: _chapter(m, "本文です。", head=HEAD.replace("title: ", "title：")),
                        [(f"{CHAPTER}:2", "yaml-syntax")], ["全角コロン"]),
    "tab": (lambda m: _chapter(m, "本文です。", head=HEAD.replace("title: ", "title: 章\n\tupdated: 2026-11-01\n#")),
            [(f"{CHAPTER}:3", "yaml-syntax")], ["タブ"]),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_each_pdf_fault_is_found_by_check_at_its_source_line(mini, fault):
    breaks, expected, words = FAULTS[fault]
    breaks(mini)
    status, problems, stderr = _check(mini)
    assert status == 1, stderr
    assert [(where, code) for where, code, _ in problems] == expected, stderr
    for _, _, message in problems:
        assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", message), "the message is for Japanese editors"
        assert "テンプレート" not in message and "build/" not in message, "content is never blamed on templates"
        for word in words:
            assert word in message, (word, message)


def test_tables_that_fit_are_not_reported(mini):
    """Long words and addresses are broken anywhere in a print table (print.css): they fit."""
    _chapter(mini, "本文です。\n\n| A | B | C | D | E |\n|---|---|---|---|---|\n" + URLS + "\n\n| 区分 | 2013年度 | 2022年度 | 2030年度 | 説明 |\n|---|--:|--:|--:|---|\n"
                   "| 産業部門 | 1,234 | 1,100 | 800 | 工場やオフィスのエネルギー消費に伴う排出で、"
                   "省エネルギー設備の導入で減らします。 |")
    status, problems, stderr = _check(mini)
    assert (status, problems) == (0, []), stderr


def test_pages_without_a_pdf_are_not_checked_for_print_glyphs(mini):
    write(mini / "content/notes.md", f"---\ntitle: メモ\nupdated: 2026-11-01\ndepartment: climate-policy\n---\n\n"
                                     f"サイトだけのページ{PUA}。\n")
    index = mini / "content/plan/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("---\n\n", f"pdf: false\n---\n\n{PUA}", 1),
                     encoding="utf-8")
    status, problems, stderr = _check(mini)
    assert (status, problems) == (0, []), stderr


def test_every_problem_of_a_page_is_reported_together(mini):
    _chapter(mini, f"![地図](https://example.com/map.png)\n\n記号{PUA}\n\n" + WIDE)
    status, problems, stderr = _check(mini)
    assert status == 1
    assert [(w, c) for w, c, _ in problems] == [(f"{CHAPTER}:7", "remote-image"), (f"{CHAPTER}:9", "pdf-missing-glyph"),
                                                (f"{CHAPTER}:11", "table-too-wide")], stderr
    assert "3 件の問題" in stderr


def test_a_bom_is_accepted(mini):
    path = mini / CHAPTER
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    status, problems, stderr = _check(mini)
    assert (status, problems) == (0, []), stderr


def test_a_broken_publication_index_is_reported_once(mini):
    """Its chapters are not reported again, one by one, as pages missing their fields."""
    for n in range(3, 25):
        write(mini / f"content/plan/{n:02d}-part.md", f"---\ntitle: 第{n}の章\n---\n\n本文です。\n")
    index = mini / "content/plan/index.md"
    index.write_text(index.read_text(encoding="utf-8").replace("type: publication", "type：publication"),
                     encoding="utf-8")
    status, problems, stderr = _check(mini)
    assert status == 1
    assert [(w, c) for w, c, _ in problems] == [("content/plan/index.md:2", "yaml-syntax")], stderr
    assert "全角コロン" in problems[0][2]
    assert "1 件の問題" in stderr


@pytest.mark.parametrize("char,label", [
    ("\ufe0f", "「U+FE0F（異体字セレクタ）」"),
    ("\u200b", "「U+200B（ゼロ幅スペース）」"),
    ("\u3099", "「U+3099（結合用の濁点）」"),
    ("\U0001f3fb", "「U+1F3FB（肌の色の指定）」"),
    (PUA, "「U+E000（私用領域の文字（外字））」"),
    ("✅", "「✅」（U+2705）"),
])
def test_invisible_characters_are_named_visibly(char, label):
    assert char_label(char) == label


def test_the_pdf_builds_own_overflow_names_the_tables_line(mini):
    """What the estimate misses, the PDF build still reports, at the table's line (not line 1).
    The check's estimate is switched off here, in the build process only, to reach the PDF."""
    # 60 columns: the cells' padding alone runs past the page's edge.
    _chapter(mini, "本文です。\n\n前の段落です。\n\n| 項目 | " + " | ".join(f"列{i}" for i in range(1, 60)) + " |\n"
             + "|---" * 60 + "|\n" + "| 国 " * 60 + "|")
    code = ("import sys, kohyo.check as c; c._width_problems = lambda *a: []; from kohyo.cli import main; "
            "sys.exit(main(['build', '--build-date', '2026-11-21']))")
    result = subprocess.run([sys.executable, "-c", code], cwd=mini, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert [(w, c) for w, c, _ in _problems(result.stderr)] == [(f"{CHAPTER}:11", "pdf-overflow")], result.stderr


def test_a_broken_image_is_named_in_japanese_in_the_chapter_that_shows_it(mini):
    """Not in the first chapter, and not in WeasyPrint's English."""
    (mini / "content/plan/images").mkdir(parents=True)
    (mini / "content/plan/images/broken.png").write_bytes(b"not a png")
    write(mini / "content/plan/02-second.md", "---\ntitle: 二番目の章\n---\n\n## 1 詳細 {#detail}\n\n本文です。\n\n"
                                              "![壊れた画像の説明](images/broken.png)\n")
    result = run_kohyo("build", "--build-date", "2026-11-21", cwd=mini)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    problems = _problems(result.stderr)
    assert [(w, c) for w, c, _ in problems] == [("content/plan/02-second.md:9", "pdf-resource")], result.stderr
    assert "broken.png" in problems[0][2] and "Failed" not in problems[0][2]

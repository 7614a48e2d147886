"""What a red-team pass threw at the loader: each gives one Japanese problem with file, line and
code instead of a traceback, and a refused build leaves the last good site as it was."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from conftest import BUILD_DATE, ROOT, run_kohyo, write
from test_check_faults import _tree_digest

CHAPTER = "content/plan/01-first.md"
# "path:line: [code] message", or "path: [code] message" when the whole file is meant.
PROBLEM_RE = re.compile(r"^(?P<where>\S+?)(?::(?P<line>\d+))?: \[(?P<code>[a-z0-9-]+)\] (?P<message>.+)$")

BILLION_LAUGHS = "\n".join(
    ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    + [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)])


def _problems(stderr: str) -> list[tuple[str, str, str]]:
    """(path:line, code, message) of every reported problem; line 0 when none is shown."""
    found = []
    for m in map(PROBLEM_RE.match, stderr.splitlines()):
        if m:
            found.append((f"{m['where']}:{m['line'] or 0}", m["code"], m["message"]))
    return found


def _chapter_bytes(mini: Path, data: bytes) -> None:
    (mini / CHAPTER).write_bytes(data)


def _chapter(mini: Path, head: str, body: str = "## 1 目標 {#targets}\n\n本文です。\n") -> None:
    (mini / CHAPTER).write_text("---\n" + head + "---\n\n" + body, encoding="utf-8")


def _append(mini: Path, data_file: str, text: str) -> None:
    path = mini / "content/_data" / data_file
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _line_count(mini: Path, data_file: str) -> int:
    return (mini / "content/_data" / data_file).read_text(encoding="utf-8").count("\n")


def _symlink(mini: Path, name: str, target: str | Path) -> None:
    os.symlink(target, mini / "content" / name)


def _private(mini: Path) -> Path:
    """A private file beside content/, as the tracker keeps submitters' details."""
    return write(mini / "private/x/submissions.json", '{"submissions": {"1": {"name": "秘密 花子"}}}\n')


# name: (break the project, expected "path:line", code, words the message must contain)
FAULTS = {
    "shift-jis": (lambda m: _chapter_bytes(m, "---\ntitle: 最初の章\n---\n\n## 1 目標 {#targets}\n".encode("cp932")),
                  f"{CHAPTER}:2", "encoding", ("UTF-8", "Shift_JIS")),
    "invalid-utf8": (lambda m: _chapter_bytes(m, b"---\ntitle: ok\n---\n\n## 1 {#targets}\n\xff\xfe\xfa broken\n"),
                     f"{CHAPTER}:6", "encoding", ("UTF-8",)),
    "shift-jis-data": (lambda m: (m / "content/_data/accessibility.yml").write_bytes(
                           (m / "content/_data/accessibility.yml").read_text(encoding="utf-8").encode("cp932")),
                       "content/_data/accessibility.yml:1", "encoding", ("Shift_JIS",)),
    "departments-yaml": (lambda m: _append(m, "departments.yml", "broken: [\n"),
                         "content/_data/departments.yml:{end}", "yaml-syntax", ("YAML",)),
    "accessibility-yaml": (lambda m: _append(m, "accessibility.yml", "\nbroken: [\n"),
                           "content/_data/accessibility.yml:{end}", "yaml-syntax", ("YAML",)),
    "block-title": (lambda m: _chapter(m, "title: |\n  最初の\n  章\n"), f"{CHAPTER}:2", "multi-line",
                    ("1行",)),
    "folded-keyword": (lambda m: _chapter(m, "title: 最初の章\nnumbered: false\ndescription: >\n  説明\n"),
                       f"{CHAPTER}:4", "multi-line", ("1行",)),
    "vertical-tab": (lambda m: _chapter(m, "numbered: false\ntitle: 最初の\x0b章\n"), f"{CHAPTER}:3",
                     "control-character", ("U+000B（垂直タブ）",)),
    "escaped-nul": (lambda m: _chapter(m, 'title: "最初の\\0章"\n'), f"{CHAPTER}:2", "control-character",
                    ("U+0000（ヌル文字）",)),
    "delete": (lambda m: _chapter(m, "title: 最初の章\x7f\n"), f"{CHAPTER}:2", "control-character",
               ("U+007F（削除文字（DEL））",)),
    "anchor-alias": (lambda m: _chapter(m, "title: &t 最初の章\ndescription: *t\n"), f"{CHAPTER}:2",
                     "yaml-alias", ("&", "*")),
    "billion-laughs": (lambda m: _chapter(m, "title: 最初の章\n" + BILLION_LAUGHS + "\n"), f"{CHAPTER}:3",
                       "yaml-alias", ("エイリアス",)),
    "billion-laughs-data": (lambda m: _append(m, "departments.yml", "\nlaughs:\n" + "\n".join(
                                "  " + line for line in BILLION_LAUGHS.splitlines()) + "\n"),
                            "content/_data/departments.yml:{end-8}", "yaml-alias", ("エイリアス",)),
    "explicit-tag": (lambda m: _chapter(m, "title: 最初の章\nnumbered: !!binary AAAA\n"), f"{CHAPTER}:3",
                     "yaml-syntax", ("タグ",)),
    "deep-nesting": (lambda m: _chapter(m, "title: 最初の章\nkeywords: " + "[" * 500 + "]" * 500 + "\n"),
                     f"{CHAPTER}:3", "too-large", ("深すぎ",)),
    # Not read at all, so a link to a heading in it would be reported too: a page nobody links to.
    "huge-page": (lambda m: write(m / "content/plan/03-huge.md", "---\ntitle: 大\n---\n" + "本文。\n" * 600_000),
                  "content/plan/03-huge.md:0", "too-large", ("大きすぎ",)),
    "full-width-colon": (lambda m: _chapter(m, "numbered: false\ntitle：最初の章\n"), f"{CHAPTER}:3",
                         "yaml-syntax", ("全角コロン",)),
    "tab-in-value": (lambda m: _chapter(m, "numbered: false\ntitle: 最初の\t章\n"), f"{CHAPTER}:3",
                     "yaml-syntax", ("タブ",)),
    "tab-indent": (lambda m: _chapter(m, "title: 最初の章\n\tnumbered: false\n"), f"{CHAPTER}:3",
                   "yaml-syntax", ("タブ",)),
    "symlink-file": (lambda m: _symlink(m, "plan/03-leak.md", "/etc/passwd"), "content/plan/03-leak.md:0",
                     "symlink", ("シンボリックリンク", "外")),
    "symlink-private": (lambda m: _symlink(m, "plan/submissions.json", _private(m)),
                        "content/plan/submissions.json:0", "symlink", ("シンボリックリンク",)),
    "symlink-folder": (lambda m: _symlink(m, "outside", _private(m).parent), "content/outside:0", "symlink",
                       ("シンボリックリンク",)),
    # `kohyo check` never follows links, so a loop is one problem. (MkDocs' own walk follows them.)
    "symlink-loop": (lambda m: _symlink(m, "plan/again", ".."), "content/plan/again:0", "symlink",
                     ("シンボリックリンク",)),
    "symlink-inside": (lambda m: _symlink(m, "plan/03-again.md", "02-second.md"), "content/plan/03-again.md:0",
                       "symlink", ("シンボリックリンク",)),
}


def _where(mini: Path, where: str) -> str:
    """Expected places in _data files count from their end: {end} is the last line."""
    m = re.search(r"\{end(-\d+)?\}", where)
    if not m:
        return where
    data_file = where.split(":")[0].rsplit("/", 1)[1]
    return where[:m.start()] + str(_line_count(mini, data_file) + int(m.group(1) or 0)) + where[m.end():]


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_each_attack_is_one_japanese_problem(mini, fault):
    breaks, where, code, words = FAULTS[fault]
    breaks(mini)
    started = time.monotonic()
    result = run_kohyo("check", cwd=mini)
    assert time.monotonic() - started < 30, "refused before anything is expanded"
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    problems = _problems(result.stderr)
    assert [(w, c) for w, c, _ in problems] == [(_where(mini, where), code)], result.stderr
    message = problems[0][2]
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", message), "the message is for Japanese editors"
    for word in words:
        assert word in message


def test_a_byte_order_mark_is_simply_accepted(mini):
    text = (mini / CHAPTER).read_text(encoding="utf-8")
    (mini / CHAPTER).write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    result = run_kohyo("check", cwd=mini)
    assert result.returncode == 0, result.stderr


def test_a_tab_inside_a_quoted_value_is_fine(mini):
    _chapter(mini, 'title: "最初の\t章"\n')
    result = run_kohyo("check", cwd=mini)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("fault", ["shift-jis", "departments-yaml", "accessibility-yaml", "symlink-private",
                                   "symlink-folder", "billion-laughs"])
def test_a_refused_build_leaves_the_previous_site_and_copies_nothing(mini, fault):
    good = run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=mini)
    assert good.returncode == 0, good.stderr
    before = _tree_digest(mini / "build/site")
    FAULTS[fault][0](mini)
    bad = run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=mini)
    assert bad.returncode != 0
    assert "Traceback" not in bad.stderr
    assert f"[{FAULTS[fault][2]}]" in bad.stderr
    assert "前回のビルドのまま" in bad.stderr
    assert _tree_digest(mini / "build/site") == before
    leaked = [p for p in (mini / "build").rglob("*") if p.is_file() and b"\xe7\xa7\x98\xe5\xaf\x86" in p.read_bytes()]
    assert not leaked, "the private file's content never reaches build/"


@pytest.fixture
def with_center(mini) -> Path:
    """The mini project with the sample's support center (seminars, calendars, feeds)."""
    shutil.copytree(ROOT / "content" / "center", mini / "content" / "center")
    shutil.copy(ROOT / "sites.yml", mini / "sites.yml")  # the center is a site of its own
    return mini


def test_a_block_title_of_a_seminar_is_refused_before_the_calendar(with_center):
    good = run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=with_center)
    assert good.returncode == 0, good.stderr
    before = _tree_digest(with_center / "build/site")
    seminar = sorted((with_center / "content/center/seminars").glob("2026-*.md"))[0]
    text = seminar.read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: ")
    seminar.write_text(re.sub(r"^title: (.*)$", r"title: |\n  \1\n  二行目", text, count=1, flags=re.M),
                       encoding="utf-8")
    bad = run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=with_center)
    assert bad.returncode != 0
    assert "Traceback" not in bad.stderr
    shown = seminar.relative_to(with_center).as_posix()
    assert [(w, c) for w, c, _ in _problems(bad.stderr)] == [(f"{shown}:2", "multi-line")], bad.stderr
    assert _tree_digest(with_center / "build/site") == before


def test_a_broken_departments_file_is_one_problem_not_one_per_page(with_center):
    _append(with_center, "departments.yml", "oops: {\n")
    result = run_kohyo("check", cwd=with_center)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert [c for _, c, _ in _problems(result.stderr)] == ["yaml-syntax"], result.stderr


def test_chart_options_of_the_wrong_type_are_problems(mini):
    _chapter(mini, "title: 最初の章\n", "## 1 目標 {#targets}\n\n/// chart | 表題\n    type: [bar]\n"
             "    data: data/x.csv\n\n代替テキスト\n///\n")
    result = run_kohyo("check", cwd=mini)
    assert "Traceback" not in result.stderr
    assert [c for _, c, _ in _problems(result.stderr)] == ["chart-block"], result.stderr

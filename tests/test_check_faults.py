"""Every fault an editor can make gets one clear error with file, line and code,
and a failed build leaves the last good site exactly as it was."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from conftest import BUILD_DATE, run_kohyo, write

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")

CHAPTER_HEAD = "---\ntitle: 最初の章\n---\n\n"  # body starts on line 5


def _chapter(mini: Path, body: str, head: str = CHAPTER_HEAD) -> None:
    (mini / "content/plan/01-first.md").write_text(
        head + "## 1 目標 {#targets}\n\n" + body + "\n", encoding="utf-8")  # `body` starts on line 7


def _index(mini: Path, **fields: str) -> None:
    meta = {"type": "publication", "title": "テスト計画（素案）", "status": "素案",
            "published": "2026-11-16", "department": "climate-policy", **fields}
    lines = [f"{k}: {v}" for k, v in meta.items() if v is not None]
    (mini / "content/plan/index.md").write_text(
        "---\n" + "\n".join(lines) + "\n---\n\n概要です。[第1章](01-first.md)\n", encoding="utf-8")


# Each fault: (name, break the project, expected "path:line", expected code)
FAULTS = {
    "yaml-syntax": (lambda m: _chapter(m, "本文", head="---\ntitle: [最初の章\n---\n\n"),
                    "content/plan/01-first.md:3", "yaml-syntax"),
    "unknown-field": (lambda m: _chapter(m, "本文", head="---\ntitle: 最初の章\nupdatd: 2026-11-01\n---\n"),
                      "content/plan/01-first.md:3", "unknown-field"),
    "missing-field": (lambda m: _index(m, status=None), "content/plan/index.md:1", "missing-field"),
    "wrong-type": (lambda m: _index(m, keywords="気候変動"), "content/plan/index.md:7", "wrong-type"),
    "invalid-date": (lambda m: _index(m, published="2026-02-30"), "content/plan/index.md:5", "invalid-date"),
    "invalid-status": (lambda m: _index(m, status="決定"), "content/plan/index.md:4", "invalid-value"),
    "unknown-department": (lambda m: _index(m, department="nowhere"), "content/plan/index.md:6",
                           "invalid-value"),
    "duplicate-slug": (lambda m: write(m / "content/plan/02-second/index.md",
                                       "---\ntitle: 重複\nupdated: 2026-11-01\ndepartment: climate-policy\n---\n"),
                       "content/plan/02-second/index.md:1", "duplicate-slug"),
    "duplicate-heading-id": (lambda m: _chapter(m, "本文\n\n## 2 再掲 {#targets}"),
                             "content/plan/01-first.md:9", "duplicate-heading-id"),
    "broken-link": (lambda m: _chapter(m, "[第3章](03-missing.md)を参照。"),
                    "content/plan/01-first.md:7", "broken-link"),
    "broken-anchor": (lambda m: _chapter(m, "本文\n\n[詳細](02-second.md#nothing)を参照。"),
                      "content/plan/01-first.md:9", "broken-anchor"),
    "missing-image": (lambda m: _chapter(m, "![札幌市の地図](images/none.png)"),
                      "content/plan/01-first.md:7", "missing-image"),
    "missing-alt": (lambda m: (write(m / "content/plan/images/map.png", ""),
                               (m / "content/plan/images/map.png").write_bytes(PNG),
                               _chapter(m, "本文\n\n![](images/map.png)")),
                    "content/plan/01-first.md:9", "missing-alt"),
    "heading-level-1": (lambda m: _chapter(m, "# 大見出し"), "content/plan/01-first.md:7", "heading-level-1"),
    "bad-filename": (lambda m: write(m / "content/plan/03_Third.md", "---\ntitle: 三番目\n---\n"),
                     "content/plan/03_Third.md:1", "bad-filename"),
    "no-front-matter": (lambda m: write(m / "content/plan/03-third.md", "## 1 節\n\n本文\n"),
                        "content/plan/03-third.md:1", "no-front-matter"),
}

LINE_RE = re.compile(r"^(?P<where>\S+:\d+): \[(?P<code>[a-z0-9-]+)\] (?P<message>.+)$")


def _problem_lines(stderr: str) -> list[re.Match]:
    return [m for m in map(LINE_RE.match, stderr.splitlines()) if m]


def _tree_digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.relative_to(folder).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def test_the_valid_mini_project_has_no_problems(mini):
    result = run_kohyo("check", cwd=mini)
    assert result.returncode == 0, result.stderr
    assert "問題は見つかりませんでした" in result.stdout


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_each_fault_gives_one_error_with_code_file_and_line(mini, fault):
    breaks, where, code = FAULTS[fault]
    breaks(mini)
    result = run_kohyo("check", cwd=mini)
    assert result.returncode != 0
    problems = _problem_lines(result.stderr)
    assert [(p["where"], p["code"]) for p in problems] == [(where, code)], result.stderr
    message = problems[0]["message"]
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", message), "the message is for Japanese editors"
    assert "1 件の問題が見つかりました" in result.stderr


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_failed_build_leaves_the_previous_site_untouched(mini, fault):
    good = run_kohyo("build", "--build-date", BUILD_DATE, cwd=mini)
    assert good.returncode == 0, good.stderr
    before = _tree_digest(mini / "build/site")
    FAULTS[fault][0](mini)
    bad = run_kohyo("build", "--build-date", BUILD_DATE, cwd=mini)
    assert bad.returncode != 0
    assert FAULTS[fault][1] in bad.stderr
    assert "前回のビルドのまま" in bad.stderr
    assert _tree_digest(mini / "build/site") == before
    assert not [p.name for p in (mini / "build").iterdir() if p.name.startswith((".staging-", ".old-"))], "no stage left"


def test_all_faults_at_once_are_all_reported(mini):
    # Faults in different files, so that none hides another.
    for name in ("yaml-syntax", "invalid-date", "bad-filename", "no-front-matter"):
        FAULTS[name][0](mini)
    write(mini / "content/plan/02-second.md",
          "---\ntitle: 二番目の章\nstatuss: 素案\n---\n\n## 1 詳細 {#detail}\n\n[x](09-none.md)\n\n# 見出し\n")
    result = run_kohyo("check", cwd=mini)
    got = {(p["where"], p["code"]) for p in _problem_lines(result.stderr)}
    assert got == {
        ("content/plan/01-first.md:3", "yaml-syntax"),
        ("content/plan/index.md:5", "invalid-date"),
        ("content/plan/03_Third.md:1", "bad-filename"),
        ("content/plan/03-third.md:1", "no-front-matter"),
        ("content/plan/02-second.md:3", "unknown-field"),
        ("content/plan/02-second.md:8", "broken-link"),
        ("content/plan/02-second.md:10", "heading-level-1"),
    }, result.stderr
    assert "7 件の問題" in result.stderr

"""Property-based: whatever bytes an editor saves, the loader answers with kohyo's own Problems,
never with an exception. Mutated front matter (YAML-ish fragments, control characters, BOM, tabs,
full-width colons, other encodings) and Markdown bodies go through the real loader on a temporary
content folder; a few go through every check `kohyo check` runs.

Derandomized with a bounded number of examples, so the module runs the same in seconds each time.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT
from kohyo.center.data import load_center
from kohyo.check import load_checked
from kohyo.model.loader import load
from kohyo.model.schema import FIELDS
from kohyo.problems import CODES, Problem

BUILD_DATE = dt.date(2026, 11, 21)
# KOHYO_PROPERTY_SCALE=20 explores twenty times as many examples (by hand, not in the suite).
SCALE = int(os.environ.get("KOHYO_PROPERTY_SCALE", "1"))
FAST = settings(derandomize=SCALE == 1, max_examples=150 * SCALE, deadline=None, database=None,
                suppress_health_check=list(HealthCheck))
SLOW = settings(FAST, max_examples=25 * SCALE)

INDEX = "---\ntype: publication\ntitle: 計画\nstatus: 素案\npublished: 2026-11-16\ndepartment: climate-policy\n---\n\n概要\n"

# Characters editors paste without seeing them, and the ones YAML gives meaning to.
TRICKY = ["\x00", "\x07", "\x08", "\t", "\x0b", "\x0c", "\r", "\x1b", "\x7f", "\x85", "\u2028", "\u2029",
          "\ufeff", "\u3000", "\ufffe", "：", "　", "\\", "\\0", "\\v", "\\x0b", "\\u2028"]
YAML_BITS = ["- ", "? ", ": ", ":", "：", "[", "]", "{", "}", ",", "&a ", "*a", "&b [*a, *a]", "<<: *a", "| ",
             "|-", "> ", "!!int ", "!!float ", "!!binary ", "!!timestamp ", "!!set ", "!!omap ", "!!python/name:os.system",
             "!local ", "'", '"', "#", "---", "...", "%YAML 1.1", "~", "null", "true", "0x1F", "1e400",
             ".inf", "2026-02-30", "2026-11-16", "2026-11-16 10:00:00", '"14:00-16:00"', "25:00-26:00",
             "{src: a.png, alt: b}", "[{title: t, url: u}]", "素案", "climate-policy", "publication", "seminar-list"]
KEYS = sorted(FIELDS) + ["", "x", "titel", "Title", "1", "null", "[a]", "? a"]

text_bits = st.one_of(st.sampled_from(TRICKY), st.sampled_from(YAML_BITS),
                      st.text(st.characters(blacklist_categories=("Cs",)), max_size=8))
values = st.lists(text_bits, max_size=6).map("".join)
indents = st.sampled_from(["", "", "", "  ", "    ", "\t", "\u3000", " - ", "  - "])
separators = st.sampled_from([": ", ": ", ":", "：", ": |\n  ", ": >\n  ", ":\t", " : ", ": [", ": {"])
# Well-formed YAML of the wrong shape: lists where text is due, mappings for dates, and so on.
data = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.sampled_from(YAML_BITS) | values,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(KEYS) | values, inner, max_size=3),
    max_leaves=6)
lines = st.one_of(
    st.builds(lambda i, k, s, v: f"{i}{k}{s}{v}", indents, st.sampled_from(KEYS), separators, values),
    st.builds(lambda k, v: f"{k}: {json.dumps(v, ensure_ascii=False)}", st.sampled_from(KEYS), data),
    values)
front_matter = st.lists(lines, max_size=10).map(lambda ls: "\n".join(ls) + "\n")

MD_BITS = ["# ", "## ", "### ", "{#id}", "{#targets}", "[x](02-second.md#detail)", "[y](../nowhere.md)", "[z](#)",
           "![](a.png)", "![alt](https://example.jp/a.png)", "///", "/// chart", "/// table-caption",
           "    type: bar\n", "    data: none.csv\n", "```", "```mermaid", "~~~", "|a|b|\n|---|---|\n|1|2|", "> ",
           "<div>", "</div>", "<!--", "-->", "*", "**", "_", "`", "[^1]", "[^1]: note", "!!! note", "??? x",
           "- [ ] ", "1. ", "---", "\n\n", "\n", "&amp;", "&#0;", "<script>", "{: .x }", "\\", "$$", "++ctrl++"]
bodies = st.lists(st.one_of(st.sampled_from(MD_BITS), st.sampled_from(TRICKY),
                            st.text(st.characters(blacklist_categories=("Cs",)), max_size=10)),
                  max_size=25).map("".join)


def _encode(text: str, how: str) -> bytes:
    if how == "utf-8":
        return text.encode("utf-8", errors="surrogatepass")
    if how == "bom":
        return b"\xef\xbb\xbf" + text.encode("utf-8")
    if how == "crlf":
        return text.replace("\n", "\r\n").encode("utf-8")
    return text.encode(how, errors="replace")


encodings = st.sampled_from(["utf-8", "utf-8", "utf-8", "bom", "crlf", "cp932", "utf-16", "euc-jp", "latin-1"])
pages = st.one_of(
    st.builds(lambda fm, body, how, fence: _encode(f"---\n{fm}{fence}\n{body}", how),
              front_matter, bodies, encodings, st.sampled_from(["---", "---", "...", "--- ", "-- ", ""])),
    st.binary(max_size=300),
    st.builds(lambda head, raw: head + raw, st.sampled_from([b"---\ntitle: ", b"---\n", b"\xef\xbb\xbf---\n"]),
              st.binary(max_size=80)))


class Project:
    """A small content folder rewritten for each example (Hypothesis runs examples in one test call)."""

    def __init__(self):
        self.root = Path(tempfile.mkdtemp(prefix="kohyo-props-"))
        self.content = self.root / "content"
        shutil.copytree(ROOT / "content" / "_data", self.content / "_data")
        # The center's own data file (content/center/_data), fuzzed here like a shared one.
        shutil.copy(ROOT / "content" / "center" / "_data" / "center.yml", self.content / "_data")
        self.pristine = {p.name: p.read_bytes() for p in (self.content / "_data").iterdir()}
        (self.content / "plan").mkdir()
        (self.content / "plan" / "index.md").write_text(INDEX, encoding="utf-8")
        (self.content / "plan" / "02-second.md").write_text("---\ntitle: 二\n---\n\n## 詳細 {#detail}\n",
                                                             encoding="utf-8")

    def page(self, data: bytes) -> None:
        (self.content / "plan" / "01-first.md").write_bytes(data)

    def data_file(self, name: str, data: bytes) -> None:
        for other, raw in self.pristine.items():
            (self.content / "_data" / other).write_bytes(raw)
        (self.content / "_data" / name).write_bytes(data)

    def close(self):
        shutil.rmtree(self.root, ignore_errors=True)


def _only_problems(problems) -> None:
    assert isinstance(problems, list)
    for p in problems:
        assert isinstance(p, Problem) and p.code in CODES and isinstance(p.line, int) and p.line >= 0, p
        assert p.message and isinstance(p.path, str), p


def _renderer():
    from kohyo.cli import _load_config
    from kohyo.mkdocs.plugin import renderer_for

    return renderer_for(_load_config(str(ROOT / "mkdocs.yml")))


def test_any_page_bytes_give_only_problems():
    project = Project()
    try:
        @FAST
        @given(pages)
        def run(data):
            project.page(data)
            loaded, problems = load(project.root, project.content, BUILD_DATE)
            _only_problems(problems)
            assert "plan/01-first.md" in loaded.pages  # even an unreadable page keeps its place

        run()
    finally:
        project.close()


def test_mutated_front_matter_and_body_give_only_problems():
    project = Project()
    try:
        @FAST
        @given(front_matter, bodies)
        def run(fm, body):
            project.page(f"---\ntitle: 最初の章\n{fm}---\n\n{body}".encode("utf-8", errors="surrogatepass"))
            _, problems = load(project.root, project.content, BUILD_DATE)
            _only_problems(problems)

        run()
    finally:
        project.close()


def test_mutated_data_files_give_only_problems():
    project = Project()
    try:
        @FAST
        @given(st.sampled_from(["departments.yml", "center.yml", "accessibility.yml"]), front_matter,
               st.sampled_from(["utf-8", "bom", "cp932"]), st.booleans())
        def run(name, text, how, keep):
            original = project.pristine[name].decode("utf-8")
            project.data_file(name, _encode(original + text if keep else text, how))
            loaded, problems = load(project.root, project.content, BUILD_DATE)
            _only_problems(problems)
            _, found = load_center(loaded)
            _only_problems(found)

        run()
    finally:
        project.close()


def test_every_check_on_mutated_pages_gives_only_problems():
    project, renderer = Project(), _renderer()
    try:
        @SLOW
        @given(front_matter, bodies, st.booleans())
        def run(fm, body, valid_head):
            head = "title: 最初の章\n" if valid_head else ""
            project.page(f"---\n{head}{fm}---\n\n{body}".encode("utf-8", errors="surrogatepass"))
            _, problems = load_checked(project.root, project.content, BUILD_DATE, renderer)
            _only_problems(problems)

        run()
    finally:
        project.close()

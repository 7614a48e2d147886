"""Markdown as editors write it (issue 16, item 3): emoji and symbols, GitHub-style nested lists,
CommonMark backslash escapes, Markdown inside <div>, NFC headings and anchors, foreign `:::`
containers, and a publication that switches chapter numbering off and names its own author and
publisher. Each is built for real and read back from the site HTML, the PDF and the Word file."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docx import Document
from pypdf import PdfReader

import conftest
from conftest import BUILD_DATE, run_kohyo, write

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")

SYMBOLS = "✅ ❌ ⚠️ ⚠ ★ ☎ ① → ※ ☑ 📌"
DECOMPOSED = "テ\u3099ータの扱い"  # デ typed as テ + combining dakuten (macOS file names, some IMEs)
COMPOSED = unicodedata.normalize("NFC", DECOMPOSED)

CHAPTER = f"""\
---
title: 最初の章
---

## 1 目標 {{#targets}}

記号: {SYMBOLS}

- 親の項目
  - 2文字下げた子の項目
    - 孫の項目
- 次の親

1. 番号の項目
   1. 3文字下げた子
2. 次の番号

- 4文字の親
    - 4文字下げた子

エスケープ: 1 \\< 2、\\~約、A \\& B、x \\| y

<div class="kakomi">

**囲みの中の強調**

![札幌市の地図](images/map.png)

</div>

## {DECOMPOSED}

[同じページの節へ](#{DECOMPOSED})
"""

SECOND = f"""\
---
title: 二番目の章
numbered: true
---

## 1 詳細 {{#detail}}

[前の章の節へ](01-first.md#{DECOMPOSED})
"""

INDEX = """\
---
type: publication
title: テスト計画（素案）
status: 素案
published: 2026-11-16
department: climate-policy
numbered: false
author: 札幌市ICT活用推進懇話会
publisher: 一般社団法人 テスト発行協議会
word: true
---

概要です。[最初の章](01-first.md)、[二番目の章](02-second.md)。
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The `mini` project with the chapters above, built with its PDF and Word file."""
    root = conftest.mini.__wrapped__(tmp_path_factory.mktemp("editor-md"))
    write(root / "content/plan/index.md", INDEX)
    write(root / "content/plan/01-first.md", CHAPTER)
    write(root / "content/plan/02-second.md", SECOND)
    (root / "content/plan/images").mkdir()
    (root / "content/plan/images/map.png").write_bytes(PNG)
    result = run_kohyo("build", "--build-date", BUILD_DATE, cwd=root)
    assert result.returncode == 0, result.stderr + result.stdout
    return root / "build"


def _page(built: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((built / "site" / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def _content(built: Path, url: str):
    return _page(built, url).select_one("article.md-content__inner")


def _li(soup, text: str):
    return next(li for li in soup.find_all("li") if li.find(string=re.compile(re.escape(text))) is not None
                and li.find(string=re.compile(re.escape(text))).find_parent("li") is li)


def _pdf(built: Path) -> PdfReader:
    return PdfReader(built / "site/plan/plan.pdf")


# 1. Emoji and symbols -------------------------------------------------------------------------

def test_emoji_and_symbols_reach_the_site_and_the_pdf_text(built):
    text = _content(built, "plan/01-first").get_text()
    for symbol in SYMBOLS.split():
        assert symbol in text
    pdf_text = "\n".join(p.extract_text() for p in _pdf(built).pages)
    for symbol in SYMBOLS.replace("\ufe0f", "").split():
        assert symbol in pdf_text, symbol


def test_the_pdf_embeds_the_fallback_font_for_them(built):
    fonts = set()
    for page in _pdf(built).pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("Symbola" in f for f in fonts), fonts


def test_the_site_font_stack_names_emoji_fonts(built):
    css = (built / "site/assets/kohyo.css").read_text(encoding="utf-8")
    stack = re.search(r"--md-text-font-family:([^;]+);", css).group(1)
    assert "Noto Color Emoji" in stack and "Symbola" in stack


def test_variation_selectors_are_not_missing_but_uncovered_emoji_are():
    from kohyo.pdf import fonts

    assert fonts.missing_characters("⚠️✅❌☎︎★") == []
    assert fonts.missing_characters("溶ける顔🫠") == ["🫠"]  # Unicode 14: no bundled font has it


# 2. GitHub-style nested lists ------------------------------------------------------------------

def test_two_space_lists_nest_on_the_site(built):
    soup = _content(built, "plan/01-first")
    parent = _li(soup, "親の項目")
    child = _li(soup, "2文字下げた子の項目")
    grandchild = _li(soup, "孫の項目")
    assert child.find_parent("li") is parent and grandchild.find_parent("li") is child
    assert _li(soup, "3文字下げた子").find_parent("li") is _li(soup, "番号の項目")
    # A numbered list after a bulleted one is a list of its own (CommonMark), not more bullets.
    assert _li(soup, "番号の項目").parent.name == "ol" and _li(soup, "次の親").parent.name == "ul"
    assert _li(soup, "3文字下げた子").parent.name == "ol"
    assert _li(soup, "4文字下げた子").find_parent("li") is _li(soup, "4文字の親")
    assert _li(soup, "次の親").find_parent("li") is None


def _x_of(reader: PdfReader, needles: list[str]) -> dict[str, float]:
    found: dict[str, float] = {}

    def visit(text, cm, tm, font, size):
        for needle in needles:
            if needle in text and needle not in found:
                found[needle] = (tm[4] * cm[0] + cm[4]) if cm[0] else tm[4]
    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return found


def test_two_space_lists_nest_in_the_pdf(built):
    x = _x_of(_pdf(built), ["親の項目", "2文字下げた子の項目", "孫の項目", "次の親"])
    assert x["親の項目"] == pytest.approx(x["次の親"], abs=0.5)
    assert x["親の項目"] + 5 < x["2文字下げた子の項目"] < x["孫の項目"] - 5, x


def test_two_space_lists_nest_in_word(built):
    doc = Document(str(built / "site/plan/plan.docx"))
    levels = {}
    for p in doc.paragraphs:
        ilvl = p._p.find(".//{http://schemas.openxmlformats.org/wordprocessingml/2006/main}ilvl")
        if ilvl is not None:
            levels[p.text] = int(ilvl.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}val"))
    assert levels["親の項目"] == 0 and levels["2文字下げた子の項目"] == 1 and levels["孫の項目"] == 2, levels


def test_the_normalisation_keeps_four_space_lists_and_code_as_they_are():
    from kohyo.render.editor import normalise

    four = ["- a", "    - b", "        - c", "", "    para", "", "        code", "- d"]
    assert normalise(four) == four
    fenced = ["- a", "", "  ```", "  - not a list", "    kept", "  ```"]
    assert normalise(fenced + ["- b"]) == ["- a", "", "    ```", "    - not a list", "      kept", "    ```", "", "- b"]
    top_fence = ["```", "- x", "  - y", "```"]
    assert normalise(top_fence) == top_fence
    admonition = ["!!! note", "", "    - a", "      - b"]
    assert normalise(admonition) == ["!!! note", "", "    - a", "        - b"]


def test_the_normalisation_is_stable_on_mixed_blocks():
    """Rewritten once, a text is left alone the second time: whatever the first pass decided
    about an item's lines, the second pass reads the same nesting (fixed seed, mixed blocks)."""
    import random

    from kohyo.render.editor import normalise

    vocab = ["- a", "  - b", "    - c", "1. x", "   1. y", "10. z", "", "", "text", "    code", "```", "  ```",
             "~~~", "!!! note", "    - in", "      - deep", "<div>", "</div>", "| a | b |", "## H", "* * *", "> q",
             "[^1]: f", ":   def", "-", "1.", " - one", "+ plus", "   text"]
    rng = random.Random(16)
    for _ in range(3000):
        once = normalise([rng.choice(vocab) for _ in range(rng.randint(1, 12))])
        assert normalise(once) == once


# 3. Backslash escapes and Markdown inside <div> ---------------------------------------------------

def test_backslash_escapes_lose_their_backslash(built):
    text = _content(built, "plan/01-first").get_text()
    assert "エスケープ: 1 < 2、~約、A & B、x | y" in text
    pdf_text = "".join(p.extract_text() for p in _pdf(built).pages)
    assert "\\" not in pdf_text and "1 < 2" in pdf_text


def test_markdown_inside_a_div_is_rendered(built):
    div = _content(built, "plan/01-first").select_one("div.kakomi")
    assert div.find("strong").get_text() == "囲みの中の強調"
    assert div.find("img")["alt"] == "札幌市の地図"
    assert "**" not in div.get_text()


def test_an_image_inside_a_div_without_alt_is_reported_at_its_line(mini):
    write(mini / "content/plan/images/map.png", "")
    (mini / "content/plan/images/map.png").write_bytes(PNG)
    write(mini / "content/plan/01-first.md", "---\ntitle: 最初の章\n---\n\n## 1 目標 {#targets}\n\n"
                                            "<div>\n\n![](images/map.png)\n\n</div>\n")
    result = run_kohyo("check", cwd=mini)
    assert result.returncode == 1
    assert "content/plan/01-first.md:9: [missing-alt]" in result.stderr


# 4. NFC -----------------------------------------------------------------------------------------

def test_decomposed_kana_in_headings_and_links_are_nfc(built):
    soup = _content(built, "plan/01-first")
    heading = next(h for h in soup.find_all("h2") if "ータの扱い" in h.get_text())
    assert heading["id"] == COMPOSED and COMPOSED in heading.get_text() and "\u3099" not in str(soup)
    assert soup.find("a", string="同じページの節へ")["href"] == f"#{COMPOSED}"
    link = _content(built, "plan/02-second").find("a", string="前の章の節へ")
    assert link["href"].endswith(f"01-first/#{COMPOSED}")


def test_front_matter_text_is_nfc_too(mini):
    write(mini / "content/plan/02-second.md", f"---\ntitle: {DECOMPOSED}\n---\n\n## 1 詳細 {{#detail}}\n\n本文です。\n")
    result = run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=mini)
    assert result.returncode == 0, result.stderr
    html = (mini / "build/site/plan/02-second/index.html").read_text(encoding="utf-8")
    assert f"第2章　{COMPOSED}" in html and "\u3099" not in html


def test_nfc_keeps_cjk_compatibility_ideographs():
    from kohyo.render.editor import nfc

    compat = "\ufa19"  # 神 (CJK compatibility ideograph): NFC alone would make it 神 U+795E
    assert unicodedata.normalize("NFC", compat) == "\u795e"
    assert nfc(compat + "奈川の" + DECOMPOSED) == compat + "奈川の" + COMPOSED


# 5. Foreign container syntax ---------------------------------------------------------------------

def test_a_foreign_container_is_a_warning_with_file_and_line(mini):
    write(mini / "content/plan/01-first.md", "---\ntitle: 最初の章\n---\n\n## 1 目標 {#targets}\n\n"
                                            "本文です。\n\n:::warning\n他のツールの囲み\n:::\n\n"
                                            "```\n:::note\n```\n")
    result = run_kohyo("check", cwd=mini)
    assert result.returncode == 0, result.stderr
    lines = [ln for ln in result.stderr.splitlines() if "[foreign-container]" in ln]
    assert len(lines) == 1, result.stderr  # the closing ::: and the fenced example are not reported
    assert "content/plan/01-first.md:9: [foreign-container]" in lines[0]
    assert "!!! warning" in lines[0]
    build = run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=mini)
    assert build.returncode == 0 and "content/plan/01-first.md:9: [foreign-container]" in build.stderr


# 6. Chapter numbering off once; outside author and publisher ---------------------------------

def test_numbering_switched_off_by_the_publication_and_back_on_by_a_chapter(built):
    assert _page(built, "plan/01-first").find("h1").get_text(strip=True) == "最初の章"
    assert _page(built, "plan/02-second").find("h1").get_text(strip=True).startswith("第1章")
    pdf_text = "\n".join(p.extract_text() for p in _pdf(built).pages)
    assert "第1章　二番目の章" in pdf_text or "第1章 二番目の章" in pdf_text
    assert "第1章　最初の章" not in pdf_text and "第2章" not in pdf_text
    headings = [p.text for p in Document(str(built / "site/plan/plan.docx")).paragraphs
                if p.style.name == "Heading 1"]
    assert headings == ["最初の章", "第1章　二番目の章"]


def test_outside_author_and_publisher_on_the_cover_colophon_and_word(built):
    reader = _pdf(built)
    cover, colophon = reader.pages[0].extract_text(), reader.pages[-1].extract_text()
    for text in (cover, colophon):
        assert "一般社団法人 テスト発行協議会" in text and "札幌市ICT活用推進懇話会" in text
    assert "所管課" not in cover
    assert not re.search(r"発行者\s*札幌市\s", colophon)
    assert reader.metadata.author == "札幌市ICT活用推進懇話会"
    assert Document(str(built / "site/plan/plan.docx")).core_properties.author == "札幌市ICT活用推進懇話会"


def test_the_new_fields_are_listed_in_the_editor_guide():
    from kohyo.model.schema import FIELDS, PAGE_TYPES
    from kohyo.render.guide import front_matter_markdown

    guide = "\n".join(front_matter_markdown())
    for name in ("numbered", "author", "publisher"):
        assert name in PAGE_TYPES["publication"].optional
        assert f"`{name}`" in guide and FIELDS[name].doc in guide.replace("\\|", "|")

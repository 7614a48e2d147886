"""The web PDF's tag tree reads like the site: walked with pikepdf and compared with the HTML.

A screen reader follows the structure tree and the marked content it points to; running
heads, page numbers and TOC leaders must be Artifacts, not content.
"""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
from bs4 import BeautifulSoup
from PIL import Image

from conftest import BUILD_DATE, run_kohyo, write
from kohyo.pdf.tags import marked_texts

# pdfua rules that cannot run with the installed pikepdf, each replaced by our own check below.
REPLACED_RULES = {"UA-14-001"}  # empty headings: pdfua reads pikepdf 10 arrays wrongly


def structure(pdf: pikepdf.Pdf) -> list[tuple[str, str, pikepdf.Object]]:
    """(role, text, element) of every structure element, in document order; text is what its
    marked content (and that of its descendants) draws."""
    page_of = {p.objgen: i for i, p in enumerate(pdf.pages)}
    texts: dict[int, dict[int, str]] = {}

    def text_at(page_obj, mcid: int) -> str:
        i = page_of[page_obj.objgen]
        if i not in texts:
            texts[i] = marked_texts(pdf.pages[i])
        return texts[i].get(mcid, "")

    out = []

    def walk(elem) -> str:
        kids = elem.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else ([] if kids is None else [kids])
        entry = [str(elem.get("/S")), "", elem]
        out.append(entry)
        text = ""
        for kid in kids:
            if isinstance(kid, int):
                text += text_at(elem.Pg, kid)
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                text += text_at(kid.get("/Pg", elem.get("/Pg")), int(kid.MCID))
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                text += walk(kid)
        entry[1] = text
        return text

    for top in pdf.Root.StructTreeRoot.K:
        walk(top)
    return [tuple(e) for e in out]


def pdfua_problems(path: Path) -> list:
    """pdfua's findings (errors and warnings) plus any rule it skipped that we do not check
    ourselves, plus our own checks for the rules it cannot run."""
    import pdfua

    report = pdfua.validate(str(path))
    problems = [(f.rule_id, f.severity.name) for f in report.findings if f.severity.name in ("ERROR", "WARNING")]
    problems += [(o.rule_id, "SKIPPED", o.skipped_reason) for o in report.skipped if o.rule_id not in REPLACED_RULES]
    with pikepdf.open(path) as pdf:
        for role, text, _ in structure(pdf):
            if re.fullmatch(r"/H[1-6]", role) and not text.strip():
                problems.append(("UA-14-001 (kohyo)", "ERROR", f"empty {role}"))
    return problems


def _project(mini: Path) -> None:
    plan = mini / "content/plan"
    (plan / "images").mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (120, 80), (30, 80, 150)).save(plan / "images/graph.png")
    write(plan / "02-second.md", """
        ---
        title: 二番目の章
        ---

        ## 1 詳細 {#detail}

        本文です。温室効果ガスの排出量[^1]を示します。

        [^1]: 二酸化炭素換算の値です。

        ### 1.1 排出量の表

        | 年度 | 排出量 |
        |------|--------|
        | 2013 | 1,200 |
        | 2020 | 1,000 |

        ![排出量の推移を示すグラフ](images/graph.png)

        ## 2 まとめ

        - 一つ目
        - 二つ目
        """)


def _build(mini: Path) -> Path:
    _project(mini)
    result = run_kohyo("build", "--build-date", BUILD_DATE, cwd=mini)
    assert result.returncode == 0, result.stderr + result.stdout
    return mini / "build"


def _html(build: Path, chapter: str) -> BeautifulSoup:
    return BeautifulSoup((build / "site/plan" / chapter / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_web_pdf_tag_tree_reads_like_the_site(mini):
    build = _build(mini)
    with pikepdf.open(build / "site/plan/plan.pdf") as pdf:
        tree = structure(pdf)
        all_texts = [t for i in range(len(pdf.pages)) for t in marked_texts(pdf.pages[i]).values()]
    roles = [r for r, _, _ in tree]
    texts_in_tree = "\n".join(t for r, t, _ in tree if r in ("/Document",))

    # (a) No running head, page number or leader is content: not in the tree, not even as
    # marked content outside it (WeasyPrint's orphans), which screen readers also read.
    assert not re.search(r"- \d+ -", texts_in_tree)
    assert not any(re.search(r"- \d+ -", t) for t in all_texts), "page numbers are artifacts"
    assert not any(re.fullmatch(r"[.\s]+", t) for t in all_texts), "TOC leaders are artifacts"
    assert "目次1 目標" not in texts_in_tree.replace("\n", "")

    # (b) Headings: every heading of the site, in order, none empty.
    headings = [t.strip() for r, t, _ in tree if re.fullmatch(r"/H[1-6]", r)]
    assert all(headings), headings
    site_headings = []
    for chapter in ("01-first", "02-second"):
        article = _html(build, chapter).select_one("article")
        site_headings += [h.get_text("", strip=True).replace("¶", "").strip()
                          for h in article.select("h1, h2[id], h3[id], h4[id]")]
    found = iter(headings)
    for wanted in site_headings:
        assert any(wanted in h for h in found), f"heading 「{wanted}」 missing or out of order: {headings}"

    # Tables: one per site table, header cells with /Scope.
    site = _html(build, "02-second").select_one("article")
    assert roles.count("/Table") == len(site.select("table")) == 1
    ths = [e for r, _, e in tree if r == "/TH"]
    assert len(ths) == len(site.select("table th")) == 2
    assert all(str(th.A.get("/Scope")) in ("/Column", "/Row", "/Both") for th in ths)
    assert [t for r, t, _ in tree if r == "/TH"] == [th.get_text(strip=True) for th in site.select("table th")]

    # Figures: each with its alternative text, as on the site.
    figures = [e for r, _, e in tree if r == "/Figure"]
    alts = [img.get("alt") for img in site.select("img")]
    assert len(figures) >= 1 and all(str(f.get("/Alt", "")).strip() for f in figures)
    assert "排出量の推移を示すグラフ" in [str(f.get("/Alt", "")) for f in figures] and alts

    # (c) Footnotes: each a Note with its Lbl and an ID, read right after the paragraph that
    # calls it (a Reference), not pages later at the foot of the page.
    notes = [(t, e) for r, t, e in tree if r == "/Note"]
    assert len(notes) == len(site.select(".footnote li")) == 1
    text, note = notes[0]
    assert "二酸化炭素換算の値です。" in text and str(note.get("/ID", "")).startswith("kohyo-fn-")
    assert str(note.K[0].S) == "/Lbl"
    references = [(t, e) for r, t, e in tree if r == "/Reference"]
    assert [t for t, _ in references] == ["※1"]
    paragraph = references[0][1].P
    siblings = list(paragraph.P.K)
    at = [k.objgen for k in siblings].index(paragraph.objgen)
    assert siblings[at + 1].objgen == note.objgen

    # Lists: the site's list items are list items.
    assert roles.count("/LI") >= len(site.select("article li:not(.footnote li)")) - 1


def _unmarked_drawing(pdf: pikepdf.Pdf) -> list[tuple[int, str]]:
    """(page, operator) of everything drawn outside any marked content (neither tagged nor Artifact)."""
    out = []
    for number, page in enumerate(pdf.pages, start=1):
        depth = 0
        for _operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            depth += 1 if op in ("BDC", "BMC") else -1 if op == "EMC" else 0
            if depth == 0 and op in ("S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "Do", "sh", "Tj", "TJ"):
                out.append((number, op))
    return out


def test_web_pdf_passes_every_pdfua_rule(mini):
    """Every pdfua rule runs (or is replaced by our own check): a skipped rule is a failure."""
    build = _build(mini)
    assert pdfua_problems(build / "site/plan/plan.pdf") == []
    with pikepdf.open(build / "site/plan/plan.pdf") as pdf:
        # Backgrounds (the draft watermark), borders and rules are Artifacts, not untagged content.
        assert _unmarked_drawing(pdf) == []


def test_a_table_split_over_pages_stays_one_table(mini):
    rows = "\n".join(f"        | {2000 + i} | {1000 + i * 7:,} | 区分{i} |" for i in range(90))
    write(mini / "content/plan/03-long.md", f"""
        ---
        title: 長い表の章
        ---

        ## 1 年度別の排出量

        | 年度 | 排出量 | 区分 |
        |------|--------|------|
{rows}

        表の後の本文です。
        """)
    result = run_kohyo("build", "--build-date", BUILD_DATE, cwd=mini)
    assert result.returncode == 0, result.stderr + result.stdout
    site = _html(mini / "build", "03-long").select_one("article")
    with pikepdf.open(mini / "build/site/plan/plan.pdf") as pdf:
        tree = structure(pdf)
        pages_with_header = sum(1 for p in pdf.pages if "年度" in "".join(marked_texts(p).values()))
        all_texts = [t for p in pdf.pages for t in marked_texts(p).values()]
    tables = [e for r, _, e in tree if r == "/Table"]
    assert pages_with_header >= 2, "the table really is split over pages (its header repeats)"
    assert len(tables) == len(site.select("table")) == 1
    assert [t for r, t, _ in tree if r == "/TH"] == [th.get_text(strip=True) for th in site.select("table th")]
    body_rows = [t for r, t, e in tree if r == "/TR" and str(e.P.S) == "/TBody"]
    assert len(body_rows) == len(site.select("table tbody tr")) == 90
    assert body_rows[0].startswith("2000") and body_rows[-1].startswith("2089")
    # The repeated header on later pages is drawn but is an Artifact: only once in marked content.
    assert sum(1 for t in all_texts if t == "年度") == 1
    assert pdfua_problems(mini / "build/site/plan/plan.pdf") == []


def test_the_fast_text_reader_agrees_with_the_full_parser_on_every_page(mini):
    """marked_texts reads WeasyPrint's content with a regular expression (the post-pass's
    speed); on every page of a built PDF it must read what pikepdf's parser reads."""
    from kohyo.pdf.tags import _fonts, _parsed_texts

    build = _build(mini)
    with pikepdf.open(build / "site/plan/plan.pdf") as pdf:
        read = 0
        for page in pdf.pages:
            fast = marked_texts(page)
            assert fast == _parsed_texts(page, _fonts(page, {}))
            read += len("".join(fast.values()))
    assert read > 200, "the pages' text was read, not two empty results compared"


def test_content_the_fast_reader_cannot_read_goes_to_the_parser():
    """A literal string holding an escaped bracket, as other PDF writers draw text: read whole."""
    pdf = pikepdf.new()
    cmap = pdf.make_stream(b"begincmap\n1 beginbfrange\n<00> <ff> <0000>\nendbfrange\nendcmap\n")
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                              BaseFont=pikepdf.Name.Helvetica, ToUnicode=cmap)
    page = pdf.add_blank_page()
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(
        b"/P <</MCID 0>> BDC BT /F1 12 Tf (a\\) b] TJ) Tj ET EMC\n"
        b"/P <</MCID 1>> BDC BT /F1 12 Tf [<4344>] TJ ET EMC")
    assert marked_texts(page) == {0: "a) b] TJ", 1: "CD"}

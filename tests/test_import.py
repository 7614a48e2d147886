"""`kohyo import`: a Word plan and a long GitHub-style Markdown file become publications that
build without edits, with the same headings, tables, images, footnotes and working links; what
could not be converted is listed with file:line; refusals write nothing."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest

from conftest import BUILD_DATE, run_kohyo, write
from import_docs import GUIDE_HEADINGS, PLAN_HEADINGS, W, guide_md, plan_docx

NOTE_RE = re.compile(r"^(?P<path>[^\s:]+)(?::(?P<line>\d+))?: \[(?P<code>[a-z0-9-]+)\] (?P<message>.+)$")


def _import(project: Path, source: Path, pub: str, *extra: str):
    return run_kohyo("import", str(source), "--publication", pub, "--department", "ict-planning",
                     "--date", "2026-11-20", *extra, cwd=project)


def _notes(stdout: str) -> list[re.Match]:
    return [m for m in map(NOTE_RE.match, stdout.splitlines()) if m]


def _headings(text: str) -> list[str]:
    body = text.split("\n---\n", 1)[1]
    fence = False
    out = []
    for line in body.splitlines():
        if line.startswith("```"):
            fence = not fence
        elif not fence and line.startswith("#"):
            out.append(re.sub(r"\s*\{#[^}]+\}$", "", line))
    return out


def _line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    """The mini project with both documents imported and built once."""
    from conftest import ROOT
    import shutil

    root = tmp_path_factory.mktemp("import")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", root / "overrides")
    shutil.copytree(ROOT / "content" / "_data", root / "content" / "_data")
    write(root / "content/index.md", """
        ---
        type: portal
        title: トップ
        updated: 2026-11-01
        department: public-relations
        ---

        [計画](digital-plan/index.md)と[ガイド](od-guide/index.md)。
        """)
    docs = root / "docs-in"
    docs.mkdir()
    word = _import(root, plan_docx(docs / "計画.docx"), "digital-plan")
    md = _import(root, guide_md(docs / "guide"), "od-guide")
    build = run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=root)
    return root, word, md, build


def test_imports_build_without_edits(imported):
    root, word, md, build = imported
    assert word.returncode == 0, word.stderr
    assert md.returncode == 0, md.stderr
    assert "Traceback" not in word.stderr + md.stderr
    assert build.returncode == 0, build.stderr + build.stdout
    assert not list((root / "content").glob(".import-*"))  # no staging folder left behind


def test_word_headings_numbers_recovered_not_doubled(imported):
    root = imported[0]
    folder = root / "content/digital-plan"
    files = sorted(p.name for p in folder.glob("*.md"))
    assert files == ["01-plan.md", "02-current-issues.md", "03-promotion.md", "04-appendix.md", "index.md"]
    for prefix, (title, numbered, headings) in PLAN_HEADINGS.items():
        path = next(folder.glob(f"{prefix}-*.md"))
        text = path.read_text(encoding="utf-8")
        assert f'title: "{title}"' in text  # 第N章 left to kohyo, which numbers chapters
        assert ("numbered: false" in text) is (not numbered)
        assert _headings(text) == headings, path.name
    index = (folder / "index.md").read_text(encoding="utf-8")
    assert 'title: "札幌市デジタル推進計画（素案）"' in index  # Word's Title paragraph
    assert "status: 素案" in index and "published: 2026-11-20" in index and "department: ict-planning" in index
    site = root / "build/site/digital-plan"
    page = (site / "01-plan/index.html").read_text(encoding="utf-8")
    assert re.search(r"<h1[^>]*>第1章　計画の策定にあたって", page)
    assert re.search(r'<h2 id="[^"]+">1 策定の趣旨<', page) and re.search(r'<h4 id="[^"]+">ア 国の計画<', page)
    assert "1 1 " not in page and "第1章 第1章" not in page and "(1) (1)" not in page
    appendix = (site / "04-appendix/index.html").read_text(encoding="utf-8")
    assert re.search(r"<h1[^>]*>資料編", appendix)  # not numbered, as in the Word file
    assert re.search(r"<h1[^>]*>第3章　推進体制", (site / "03-promotion/index.html").read_text(encoding="utf-8"))


def test_word_tables_images_footnotes(imported):
    root = imported[0]
    site = root / "build/site/digital-plan"
    issues = (site / "02-current-issues/index.html").read_text(encoding="utf-8")
    tables = re.findall(r"<table.*?</table>", issues, re.S)
    assert len(tables) == 2
    assert "<td>オンライン手続数</td>" in tables[0] and "512" in tables[0]
    assert 'colspan="2"' in tables[1] and "実績（件）" in tables[1] and "<col" not in tables[1]
    assert "令和6年度末時点の件数。" in issues and 'class="footnote"' in issues
    plan = (site / "01-plan/index.html").read_text(encoding="utf-8")
    assert "官民データ活用推進基本法第9条第3項" in plan and 'class="footnote"' in plan
    promotion = (site / "03-promotion/index.html").read_text(encoding="utf-8")
    img = re.search(r'<img[^>]*alt="札幌市のデジタル化の推進体制図"[^>]*>', promotion)
    assert img, "image with its Word alt text"
    src = re.search(r'src="([^"]+)"', img.group(0))[1]
    assert src.endswith("images/03-promotion-1.png") and (site / "03-promotion" / src).resolve().is_file()


def _check_links(site: Path, pages: list[str]) -> int:
    """Every relative link on the pages reaches a built page and, with a fragment, an id on it."""
    checked = 0
    for page in pages:
        html = (site / page).read_text(encoding="utf-8")
        main = html.split('<article', 1)[1].split("</article>", 1)[0]
        for href in re.findall(r'<a href="([^"#:]*(?:#[^"]*)?)"', main):
            if href.startswith("#fn") or href.startswith("#__") or href in ("#",) or href.startswith("http"):
                continue
            target = urljoin("/" + page, href)
            path, _, frag = target.partition("#")
            file = site / unquote(path).lstrip("/")
            file = file / "index.html" if file.is_dir() or path.endswith("/") else file
            assert file.is_file(), (page, href)
            if frag:
                assert f'id="{unquote(frag)}"' in file.read_text(encoding="utf-8"), (page, href)
            checked += 1
    return checked


def test_internal_links_rewritten_to_chapter_files(imported):
    root = imported[0]
    folder = root / "content/digital-plan"
    plan = (folder / "01-plan.md").read_text(encoding="utf-8")
    assert "[推進体制](03-promotion.md)" in plan
    assert "[第2章](02-current-issues.md)" in plan  # a bookmark between paragraphs, before the heading
    assert re.search(r"\[策定の趣旨に戻る\]\(01-plan\.md#[a-z0-9-]+\)",
                     (folder / "03-promotion.md").read_text(encoding="utf-8"))
    promotion = (folder / "03-promotion.md").read_text(encoding="utf-8")
    assert "[手続の実績](02-current-issues.md#_Ref170000003)" in promotion
    issues = (folder / "02-current-issues.md").read_text(encoding="utf-8")
    assert '<span id="_Ref170000003" class="anchor"></span>' in issues
    guide = root / "content/od-guide"
    assert "[更新の頻度](02-formats.md#" in (guide / "03-contact.md").read_text(encoding="utf-8")
    site = root / "build/site"
    pages = [f"{pub}/{p}/index.html" for pub, names in (("digital-plan", ["01-plan", "03-promotion"]),
                                                        ("od-guide", ["01-introduction", "02-formats", "03-contact"]))
             for p in names] + ["od-guide/index.html", "digital-plan/index.html"]
    assert _check_links(site, pages) >= 10


def test_markdown_guide(imported):
    root, _, md, _ = imported
    folder = root / "content/od-guide"
    assert sorted(p.name for p in folder.glob("*.md")) == [
        "01-introduction.md", "02-formats.md", "03-contact.md", "index.md"]
    for prefix, (title, headings) in GUIDE_HEADINGS.items():
        text = next(folder.glob(f"{prefix}-*.md")).read_text(encoding="utf-8")
        assert f'title: "{title}"' in text and _headings(text) == headings
    index = (folder / "index.md").read_text(encoding="utf-8")
    assert 'title: "オープンデータ利活用ガイド"' in index and "numbered: false" in index  # the guide numbers nothing
    site = root / "build/site/od-guide"
    intro = (site / "01-introduction/index.html").read_text(encoding="utf-8")
    assert re.search(r"<li>対象となるデータ\s*<ul>\s*<li>統計データ</li>", intro), "2-space nesting kept as nesting"
    formats = (site / "02-formats/index.html").read_text(encoding="utf-8")
    assert '<span class="kn">import</span>' in formats and "DictReader" in formats  # highlighted as Python
    assert "```python" in (folder / "02-formats.md").read_text(encoding="utf-8")
    assert re.search(r'<img[^>]*alt="データの流れの図"', formats) and (folder / "images/flow.png").is_file()
    assert "<td>表計算ソフト</td>" in formats
    assert "Excel 形式でも提供します" in formats and 'class="footnote"' in formats
    contact = (site / "03-contact/index.html").read_text(encoding="utf-8")
    assert re.search(r"<li>内容を確認する\s*<ul>", contact)
    assert _notes(md.stdout) == []


def test_word_notes_name_the_new_files_lines(imported):
    root, word, _, _ = imported
    notes = _notes(word.stdout)
    assert [(n["path"], n["code"]) for n in notes] == [("content/digital-plan/02-current-issues.md", "import-table"),
                                                       ("content/digital-plan/index.md", "import-element")]
    assert "目次" in notes[1]["message"]
    index = (root / "content/digital-plan/index.md").read_text(encoding="utf-8")
    assert "_Toc" not in index and "目次" not in index  # Word's TOC (with its page numbers) not brought in
    assert int(notes[0]["line"]) == _line_of(root / "content/digital-plan/02-current-issues.md", "<table>")


def test_image_without_alt_is_listed_and_flagged_by_check(mini, tmp_path):
    result = _import(mini, plan_docx(tmp_path / "plan.docx", image_alt=None), "noalt")
    assert result.returncode == 0, result.stderr
    chapter = mini / "content/noalt/03-promotion.md"
    line = _line_of(chapter, "![](images/")
    assert [(n["path"], int(n["line"]), n["code"]) for n in _notes(result.stdout)
            if n["code"] == "missing-alt"] == [("content/noalt/03-promotion.md", line, "missing-alt")]
    check = run_kohyo("check", "--build-date", BUILD_DATE, cwd=mini)
    assert check.returncode == 1
    assert f"content/noalt/03-promotion.md:{line}: [missing-alt]" in check.stderr


def test_unresolved_links_and_numbering_listed(mini, tmp_path):
    source = write(tmp_path / "odd.md", """
        # 題名

        ## 第2章 はじまり

        [規約](#利用規約)と[別の資料](other.md)を見る。

        ## 第5章 おわり

        本文。
        """)
    result = _import(mini, source, "odd")
    assert result.returncode == 0, result.stderr
    folder = mini / "content/odd"
    notes = [(n["path"], int(n["line"]), n["code"]) for n in _notes(result.stdout)]
    chapter = "content/odd/01-chapter.md"
    line = _line_of(folder / "01-chapter.md", "[規約]")
    assert (chapter, line, "import-link") in notes and notes.count((chapter, line, "import-link")) == 2
    index_line = _line_of(folder / "index.md", "numbered: false")
    assert ("content/odd/index.md", index_line, "import-numbering") in notes
    # Numbers 2 and 5 cannot be kohyo's 1 and 2: kept in the titles.
    assert 'title: "第2章 はじまり"' in (folder / "01-chapter.md").read_text(encoding="utf-8")


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_refusals_write_nothing(mini, tmp_path):
    docx = plan_docx(tmp_path / "plan.docx")
    before = _tree(mini / "content")
    cases = [
        (("import", str(docx), "--publication", "plan", "--department", "ict-planning"), "import-target",
         "content/plan"),  # the folder exists
        (("import", str(docx), "--publication", "new-plan", "--department", "nowhere"), "import-target",
         "ict-planning"),
        (("import", str(docx), "--publication", "new-plan"), "import-target", "--department"),
        (("import", str(docx), "--publication", "New_Plan", "--department", "ict-planning"), "import-target",
         "半角英小文字"),
        (("import", str(docx), "--publication", "assets", "--department", "ict-planning"), "import-target",
         "サイトが使う"),
        (("import", str(docx), "--publication", "new-plan", "--department", "ict-planning", "--status", "決定"),
         "import-target", "素案"),
        (("import", str(write(tmp_path / "a.txt", "本文")), "--publication", "new-plan", "--department",
          "ict-planning"), "import-file", ".docx"),
        (("import", str(tmp_path / "none.docx"), "--publication", "new-plan", "--department", "ict-planning"),
         "import-file", "見つかりません"),
    ]
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    cases.append((("import", str(broken), "--publication", "new-plan", "--department", "ict-planning"),
                  "import-file", "Word"))
    for args, code, words in cases:
        result = run_kohyo(*args, cwd=mini)
        assert result.returncode == 1, args
        assert f"[{code}]" in result.stderr and words in result.stderr, (args, result.stderr)
        assert "何も書き込んでいません" in result.stderr and "Traceback" not in result.stderr
        assert _tree(mini / "content") == before, args
    missing = run_kohyo("import", str(docx), "--department", "ict-planning", cwd=mini)
    assert missing.returncode == 2 and "--publication で新しい公表物の ID" in missing.stderr
    listed = run_kohyo("import", str(docx), "--publication", "new-plan", "--department", "nowhere", cwd=mini)
    assert all(key in listed.stderr for key in ("ict-planning", "climate-policy", "public-relations"))


def test_word_numbering_formats_and_typed_numbers():
    from kohyo.importer.wordnum import format_number, recover

    assert [format_number(n, "aiueoFullWidth") for n in (1, 2, 3)] == ["ア", "イ", "ウ"]
    assert format_number(12, "japaneseCounting") == "十二" and format_number(3, "decimalEnclosedCircle") == "③"
    assert format_number(2, "decimalFullWidth") == "２" and format_number(4, "upperRoman") == "IV"
    import io
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(plan_docx(Path(tmp) / "p.docx")).read_bytes()
    # A heading whose number was also typed by hand keeps one number.
    zin = zipfile.ZipFile(io.BytesIO(data))
    xml = zin.read("word/document.xml").decode().replace(">策定の趣旨<", ">1 策定の趣旨<")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for item in zin.infolist():
            z.writestr(item, xml if item.filename == "word/document.xml" else zin.read(item))
    fixed, scan = recover(out.getvalue())
    from lxml import etree

    texts = ["".join(t.text or "" for t in p.iter(f"{W}t"))
             for p in etree.fromstring(zipfile.ZipFile(io.BytesIO(fixed)).read("word/document.xml")).iter(f"{W}p")]
    assert "1 策定の趣旨" in texts and "1 1 策定の趣旨" not in texts
    assert "第1章 計画の策定にあたって" in texts and "ア 国の計画" in texts and "資料編" in texts
    assert scan.title == "札幌市デジタル推進計画（素案）"


def test_unconvertible_word_parts_and_unsafe_html_listed(mini, tmp_path):
    import io

    data = plan_docx(tmp_path / "plan.docx").read_bytes()
    zin = zipfile.ZipFile(io.BytesIO(data))
    xml = zin.read("word/document.xml").decode()
    tracked = ('<w:ins w:id="91" w:author="企画課" w:date="2025-01-10T00:00:00Z"><w:r><w:t>追記した文。</w:t>'
               '</w:r></w:ins>')
    at = xml.index("市長を本部長とする")
    xml = xml[:xml.index("</w:p>", at)] + tracked + xml[xml.index("</w:p>", at):]
    changed = tmp_path / "changed.docx"
    with zipfile.ZipFile(changed, "w") as z:
        for item in zin.infolist():
            z.writestr(item, xml if item.filename == "word/document.xml" else zin.read(item))
    result = _import(mini, changed, "tracked")
    assert result.returncode == 0, result.stderr
    chapter = mini / "content/tracked/03-promotion.md"
    assert "追記した文。" in chapter.read_text(encoding="utf-8")
    line = _line_of(chapter, "## 1 庁内の体制")
    assert [(n["path"], n["line"]) for n in _notes(result.stdout) if n["code"] == "import-element"] == [
        ("content/tracked/03-promotion.md", str(line)), ("content/tracked/index.md", None)]  # None: Word's 目次
    assert "変更履歴（挿入）" in result.stdout

    source = write(tmp_path / "unsafe.md", """
        # 題名

        ## 章

        本文 <span onclick="alert(1)">押す</span> と `<script>` の説明。
        """)
    result = _import(mini, source, "unsafe")
    assert result.returncode == 0, result.stderr
    notes = [(n["path"], int(n["line"]), n["code"]) for n in _notes(result.stdout)]
    line = _line_of(mini / "content/unsafe/01-chapter.md", "onclick")
    assert notes == [("content/unsafe/01-chapter.md", line, "raw-html")]


def test_bad_date_refused(mini, tmp_path):
    result = _import(mini, guide_md(tmp_path), "dated")  # --date 2026-11-20 given first, then a bad one
    assert result.returncode == 0
    bad = run_kohyo("import", str(tmp_path / "guide.md"), "--publication", "other", "--department", "ict-planning",
                    "--date", "2026-13-01", cwd=mini)
    assert bad.returncode == 1 and "YYYY-MM-DD" in bad.stderr and "Traceback" not in bad.stderr
    assert not (mini / "content/other").exists()

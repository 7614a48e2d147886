"""Outputs fetch only what they should (issue #11).

A chapter may not carry HTML that runs a script or fetches a file (`kohyo check` refuses it
at its source line); WeasyPrint reads only files in content/, kohyo's templates and the
build's own site, and embeds no attachment; pandoc runs sandboxed and still gets the pictures.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import pikepdf
import pytest

from conftest import BUILD_DATE, run_kohyo, write

HEAD = "---\ntitle: 最初の章\n---\n\n## 1 目標 {#targets}\n\n本文です。\n\n"  # the attack is line 9
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082")

ATTACKS = {
    "attachment-link": '<link rel="attachment" href="../../private/2026/submissions.json">',
    "attachment-a": '<a href="data/sectors.csv" rel="attachment">データ</a>',
    "file-img": '<img src="file:///etc/hostname" alt="ホスト名">',
    "file-img-markdown": "![ホスト名](file:///etc/hostname)",
    "file-link": '<link rel="stylesheet" href="file:///etc/hostname">',
    "file-a-markdown": "[ホスト名](file:///etc/hostname)",
    "script": "<script>alert(1)</script>",
    "script-upper": "<SCRIPT>alert(1)</SCRIPT>",
    "iframe": '<iframe src="https://example.com/"></iframe>',
    "onerror": '<img src="images/map.png" alt="地図" onerror="alert(1)">',
    "attr-list-onclick": '[市のサイト](https://www.city.sapporo.jp/){onclick="alert(1)"}',
    "attr-list-style": '[市のサイト](https://www.city.sapporo.jp/){style="background:url(file:///etc/passwd)"}',
    "attr-list-heading": '## 2 節 {onclick="alert(1)"}',
    "javascript-link": "[押してください](javascript:alert(1))",
    "javascript-tab": '<a href="java&#x09;script:alert(1)">押してください</a>',
    "style-import": "<style>@import url(file:///etc/passwd);</style>",
    "style-attr-url": '<span style="background: url(file:///etc/passwd)">文字</span>',
    "comment-trick": "<p><!--><img src=x onerror=alert(1)>--></p>",
    "svg-script": "<svg><script>alert(1)</script></svg>",
    "object": '<object data="file:///etc/passwd"></object>',
    "meta-refresh": '<meta http-equiv="refresh" content="0; url=https://example.com/">',
    "base": '<base href="file:///">',
    "form": '<form action="https://example.com/"><button>送信</button></form>',
    "srcset": '<img src="images/map.png" alt="地図" srcset="file:///etc/hostname 2x">',
    "data-html-link": "[開く](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
}


def _chapter(mini: Path, body: str) -> None:
    write(mini / "content/plan/01-first.md", HEAD + body + "\n")
    (mini / "content/plan/images").mkdir(exist_ok=True)
    (mini / "content/plan/images/map.png").write_bytes(PNG)


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_check_refuses_html_that_runs_or_fetches_at_its_source_line(mini, name):
    _chapter(mini, ATTACKS[name])
    result = run_kohyo("check", cwd=mini)
    assert result.returncode != 0
    problems = re.findall(r"^(\S+:\d+): \[([a-z0-9-]+)\] (.+)$", result.stderr, re.M)
    assert ("content/plan/01-first.md:9", "raw-html") in [(w, c) for w, c, _ in problems], result.stderr
    assert all(re.search(r"[ぁ-ん]", m) for _, _, m in problems)  # Japanese, for editors
    assert "Traceback" not in result.stderr


ALLOWED = """\
<table>
<thead><tr><th rowspan="2">部門</th><th colspan="2" scope="colgroup">排出量</th></tr>
<tr><th>2013年度</th><th>2022年度</th></tr></thead>
<tbody><tr><td>家庭</td><td>420</td><td>352</td></tr></tbody>
</table>

<details markdown>
<summary>詳しい内容</summary>

折りたたんだ **本文**。

</details>

<div class="note" id="memo" markdown>
中に書いた *Markdown*。
</div>

面積は100m<sup>2</sup>、CO<sub>2</sub>を<span class="keyword">削減</span>。<br>改行の後。
<small>注記</small>、<mark>印</mark>、<ruby>札幌<rp>（</rp><rt>さっぽろ</rt><rp>）</rp></ruby>、<kbd>Ctrl</kbd>、
<abbr title="地球温暖化対策推進法">温対法</abbr>。

<figure><img src="images/map.png" alt="地図" width="200"><figcaption>位置図</figcaption></figure>

<a href="https://www.city.sapporo.jp/" target="_blank" rel="noopener">市のサイト</a>、
<a href="mailto:kankyo@example.jp">メール</a>、<a href="tel:011-211-2877">電話</a>、
<a href="02-second.md#detail">第2章</a>、![地図](images/map.png){ .wide width=300 }

脚注つきの文[^1]。

[^1]: 脚注の本文。

| 左 | 右 |
|:--|--:|
| a | 1 |

!!! note "コラム"
    本文。
"""


def test_check_accepts_the_harmless_html_of_the_allow_list(mini):
    _chapter(mini, ALLOWED)
    result = run_kohyo("check", cwd=mini)
    assert result.returncode == 0, result.stderr


def test_the_editor_guide_lists_every_allowed_element_and_the_code():
    from kohyo.render.rawhtml import EDITOR_HTML

    guide = (Path(__file__).resolve().parent.parent / "content/guide/01-markdown.md").read_text(encoding="utf-8")
    section = guide.split("## 使える HTML", 1)[1].split("\n## ", 1)[0]
    assert [tag for tag in EDITOR_HTML if f"`<{tag}>`" not in section] == []
    assert "raw-html" in section


# WeasyPrint's URL fetcher: unit tests on a real WeasyPrint document (the check above stops
# such content first, so these documents are made by hand).

def _content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    (content / "plan/images").mkdir(parents=True)
    (content / "plan/images/map.png").write_bytes(PNG)
    (tmp_path / "private").mkdir()
    (tmp_path / "private/submissions.json").write_text('{"name": "山田太郎"}', encoding="utf-8")
    os.symlink("/etc/hostname", content / "plan/images/host.png")
    return content


def test_fetch_refusal_allows_only_the_builds_own_folders(tmp_path):
    from kohyo.pdf.engine import fetch_refusal

    content = _content(tmp_path)
    allowed = (str(content),)
    assert fetch_refusal((content / "plan/images/map.png").as_uri(), allowed) is None
    assert fetch_refusal("data:image/svg+xml;base64,PHN2Zy8+", allowed) is None
    for url in ((tmp_path / "private/submissions.json").as_uri(),
                content.as_uri() + "/plan/../../private/submissions.json",  # ".." out of content
                (content / "plan/images/host.png").as_uri(),  # a symlink out of content
                "file:///etc/hostname", "file://otherhost" + str(content / "plan/images/map.png"),
                "https://example.com/a.png", "http://127.0.0.1/", "ftp://example.com/a",
                "data:text/css,body{}"):
        assert fetch_refusal(url, allowed), url


def test_weasyprint_with_kohyos_fetcher_reads_nothing_outside_and_embeds_no_file(tmp_path):
    from weasyprint import HTML

    from kohyo.pdf.engine import url_fetcher

    content = _content(tmp_path)
    refused: list[tuple[str, str]] = []
    secret = (tmp_path / "private/submissions.json").as_uri()
    html = (f'<html><head><link rel="attachment" href="{secret}"><link rel="attachment" href="file:///etc/hostname">'
            '</head><body><p>本文</p><img src="file:///etc/hostname" alt="h"><img src="images/map.png" alt="m">'
            f'<a rel="attachment" href="{secret}">添付</a><img src="../../private/submissions.json" alt="p"></body></html>')
    out = tmp_path / "out.pdf"
    HTML(string=html, base_url=str(content / "plan") + "/",
         url_fetcher=url_fetcher((str(content),), refused)).write_pdf(out)
    urls = {url for url, _ in refused}
    assert {"file:///etc/hostname", secret} <= urls
    assert not any("map.png" in url for url in urls)
    with pikepdf.open(out) as pdf:
        assert "/EmbeddedFiles" not in pdf.Root.get("/Names", {})
        annots = [a for page in pdf.pages for a in page.get("/Annots", [])]
        assert not [a for a in annots if a.get("/Subtype") == "/FileAttachment"]
        assert len(pdf.pages[0].get_images()) == 1  # the map from content, nothing else
    assert b"\xe5\xb1\xb1\xe7\x94\xb0" not in out.read_bytes()  # 山田 from the private file


def _job(tmp_path: Path, body: str, content: Path):
    from kohyo.pdf.engine import Job

    html = ('<html><body><section class="chapter" id="ch-01-first"><h1>第1章</h1><p>本文</p></section>'
            f'<section class="chapter" id="ch-02-second"><h1>第2章</h1>{body}</section></body></html>')
    return Job(pub_id="plan", html=html, css="", base_url=str(content / "plan") + "/",
               web_out=str(tmp_path / "web.pdf"), print_out="", print_standard="PDF/X-4",
               chapters=(("ch-01-first", "plan/01-first.md"), ("ch-02-second", "plan/02-second.md")),
               toc_targets=(), bookmarked_headings=0, allowed_dirs=(str(content),))


def test_the_engine_fails_a_refused_fetch_naming_the_chapter(tmp_path):
    from kohyo.pdf.engine import render

    content = _content(tmp_path)
    outcome = render(_job(tmp_path, '<p><img src="file:///etc/hostname" alt="h"></p>', content))
    assert outcome.refused and outcome.refused[0][:2] == ("plan/02-second.md", "file:///etc/hostname")
    assert "読み込めません" in outcome.refused[0][2]
    assert not outcome.problems, "WeasyPrint's own warning is not reported twice"
    assert not Path(tmp_path / "web.pdf").exists()


@pytest.mark.parametrize("body", ['<p><a rel="attachment" href="images/map.png">地図</a></p>',
                                  '<link rel="attachment" href="images/map.png"><p>本文</p>'])
def test_the_engine_never_embeds_an_attachment_even_from_content(tmp_path, body):
    from kohyo.pdf.engine import render

    content = _content(tmp_path)
    outcome = render(_job(tmp_path, body, content))
    assert [(src, needle) for src, needle, _ in outcome.refused] == [("plan/02-second.md", "attachment")]
    assert not Path(tmp_path / "web.pdf").exists()
    outcome = render(_job(tmp_path, '<p><img src="images/map.png" alt="地図"></p>', content))
    assert not outcome.refused and not outcome.problems and Path(tmp_path / "web.pdf").is_file()


def test_a_publication_with_image_and_chart_still_builds_pdf_and_word_with_pictures(mini):
    """The fetcher lets in content/ images and the site's charts; sandboxed pandoc still
    gets the pictures (as data the build read from content/ and the site)."""
    index = (mini / "content/plan/index.md").read_text(encoding="utf-8")
    (mini / "content/plan/index.md").write_text(index.replace("department:", "word: true\nprint_pdf: false\ndepartment:"),
                                                encoding="utf-8")
    (mini / "content/plan/data").mkdir(parents=True)
    (mini / "content/plan/data/sectors.csv").write_text("年度,家庭,業務\n2022,352,303\n2030,163,142\n",
                                                        encoding="utf-8")
    _chapter(mini, "![札幌市の地図](images/map.png)\n\n/// chart | 部門別の排出量\n    data: data/sectors.csv\n"
                   "    type: bar\n\n家庭が最も多い。\n///\n")
    result = run_kohyo("build", "--build-date", BUILD_DATE, cwd=mini)
    assert result.returncode == 0, result.stderr
    with pikepdf.open(mini / "build/site/plan/plan.pdf") as pdf:
        assert "/EmbeddedFiles" not in pdf.Root.get("/Names", {})
    with zipfile.ZipFile(io.BytesIO((mini / "build/site/plan/plan.docx").read_bytes())) as docx:
        media = [n for n in docx.namelist() if n.startswith("word/media/")]
        document = docx.read("word/document.xml").decode()
    assert len(media) == 2 and all(n.endswith(".png") for n in media), media
    assert document.count("<pic:pic") == 2 and 'descr="data:' not in document


def test_a_print_css_that_fetches_outside_content_fails_the_pdf_at_its_line(mini):
    """A publication's print.css is not Markdown, so the check does not see it: the fetcher does."""
    write(mini / "content/plan/print.css", "h2 { color: #000; }\n"
          "body { background: url(file:///etc/hostname); }\n")
    result = run_kohyo("build", "--build-date", BUILD_DATE, cwd=mini)
    assert result.returncode != 0
    assert re.search(r"^content/plan/print\.css:2: \[pdf-resource\] 「plan」の PDF: 「/etc/hostname」は読み込めません",
                     result.stderr, re.M), result.stderr
    assert not (mini / "build/site").exists(), "nothing is published"

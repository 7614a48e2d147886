"""`kohyo check`: everything that can be wrong in content, reported at once.

Front matter is validated by the loader; this module renders every page with the site's
Markdown configuration and checks what only the rendered page shows, and what the PDF build
would fail on that the source already tells (characters no print font has, remote images,
tables wider than the page), so that no editor waits for a PDF render to learn of them.
"""

from __future__ import annotations

import logging
import posixpath
import re
import subprocess
from collections import Counter
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

from .model.project import Page, Project
from .problems import Problem, char_label
from .render.inspect import Inspection, inspect
from .render.markdown import Renderer

_EXTERNAL = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.I)
_REMOTE = re.compile(r"^\s*(https?:)?//", re.I)


def check_rendered(project: Project, renderer: Renderer, found: dict[str, Inspection] | None = None,
                   inspect_html: Callable[[str], Inspection] = inspect) -> tuple[list[Problem], dict[str, Inspection]]:
    """Render and check every page not yet in `found` (all of them, the first time).
    `inspect_html` reads the rendered HTML: a preview passes its memo (kohyo.memo)."""
    found = dict(found or {})
    todo = sorted(src for src in project.pages if src not in found)
    problems: list[Problem] = []
    for src in todo:
        html = renderer.render(project.pages[src].source)
        found[src] = inspect_html(html)
        options = _pdf_options(project.pages[src])
        if options is not None and options.enabled:
            problems += _glyph_problems(project, project.pages[src])
            problems += _width_problems(project, project.pages[src], html, options.text_width_pt)
    for src in todo:
        problems += _check_page(project, project.pages[src], found[src], found)
    return problems, found


def _pdf_options(page: Page):
    """The PDF settings of the publication the page is printed in (its introduction or a
    chapter), or None when it is in none, or when the settings are incomplete (reported)."""
    from .pdf.options import options_for

    if page.publication is None or not page.publication.plans or not page.meta:
        return None  # (no front matter read: the file is unreadable or not UTF-8, reported as that)
    try:
        return options_for(page.publication)
    except KeyError:
        return None  # a required field such as status is missing or invalid: the loader said so


def _glyph_problems(project: Project, page: Page) -> list[Problem]:
    """Characters no print font has (pdf.fonts, the same test the PDF build makes), each once per
    page at the first line that holds it: its front matter value or its body line."""
    from .pdf import fonts

    texts = [(page.line_of(k), v) for k, v in page.meta.items() if isinstance(v, str)]
    texts += [(page.body_line + i, line) for i, line in enumerate(page.body.splitlines())]
    try:
        missing = fonts.missing_characters("".join(text for _, text in texts))
    except (OSError, subprocess.SubprocessError):
        return []  # print fonts not installed: the PDF build reports that, with how to fix it
    problems = []
    for char in missing:
        line = next(line for line, text in texts if char in text)
        # A variation selector is invisible: it follows an emoji or symbol, pasted with it.
        where = "（絵文字や記号のすぐ後ろにある見えない文字です）" if 0xFE00 <= ord(char) <= 0xFE0F else ""
        problems.append(Problem(project.shown(page.src), line, "pdf-missing-glyph",
                                f"文字{char_label(char)}{where}は PDF のフォントにないため、PDF で欠けてしまいます。"
                                "この文字を消すか、別の文字や言葉に置き換えてください"
                                "（例: ✅ →「○」、⚠ →「注意」）。"))
    return problems


_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)+\|?\s*$")


def _table_starts(page: Page) -> list[int]:
    """File lines where the body's tables start: a pipe table's header row, or <table>."""
    lines = page.body.splitlines()
    starts = [i for i, line in enumerate(lines)
              if "<table" in line.lower() or (i + 1 < len(lines) and "|" in line and _TABLE_RULE.match(lines[i + 1]))]
    return [page.body_line + i for i in starts]


def _width_problems(project: Project, page: Page, html: str, available: float) -> list[Problem]:
    """What would stick out of the page's text width: tables with more columns than it holds,
    even with every cell's text broken down to single characters, estimated from the fonts as
    the PDF build lays tables out (pdf/tables.py), reported at the table's own line; and long
    addresses outside tables."""
    from bs4 import BeautifulSoup

    from .pdf.tables import narrowest_pt

    doc = BeautifulSoup(html, "html.parser")
    tables = [t for t in doc.find_all("table")
              if t.find_parent("details", class_="kohyo-chart-data") is None]  # a chart's data: made by kohyo
    starts, problems = _table_starts(page), []
    for number, table in enumerate(tables):
        try:
            least = narrowest_pt(table)
        except (OSError, subprocess.SubprocessError):
            return []  # print fonts not installed: the PDF build reports that
        if least <= available + 1:
            continue
        first = table.find(["th", "td"])
        label = first.get_text(" ", strip=True)[:20] if first is not None else ""
        line = starts[number] if number < len(starts) else _line_of(page, f"| {label}", label)
        columns = max((len(r.find_all(["th", "td"], recursive=False)) for r in table.find_all("tr")), default=0)
        mm = 25.4 / 72
        problems.append(Problem(project.shown(page.src), line, "table-too-wide",
                                f"表（「{label}」で始まる表、{columns}列）は列が多すぎて、PDF のページの幅に収まりません"
                                f"（1文字ずつ折り返しても約 {least * mm:.0f} mm 必要ですが、本文の幅は "
                                f"{available * mm:.0f} mm です）。列を減らすか、表を2つに分けるか、公表物の "
                                "index.md に orientation: landscape（横向き）を書いてください。"))
    return problems + _long_runs(project, page, doc, available)  # last: it takes the tables out of `doc`


def _line_of(page: Page, *needles: str, last: bool = False, fold: bool = False) -> int:
    """The file line where the first of `needles` appears in the body (the last time, if `last`;
    ignoring case, if `fold`: HTML tag and attribute names may be written in any case)."""
    lines = [line.lower() for line in page.body.splitlines()] if fold else page.body.splitlines()
    for needle in needles:
        needle = needle.lower() if fold else needle
        hits = [i for i, line in enumerate(lines) if needle and needle in line]
        if hits:
            return page.body_line + hits[-1 if last else 0]
    return page.body_line


BODY_PT = 10.5  # print.css: the text's font size


def _long_runs(project: Project, page: Page, doc, available: float) -> list[Problem]:
    """Runs of letters, digits and symbols (a long address) wider than the page: outside tables
    and code blocks (which break text anywhere) a line breaks only at spaces there, so the
    PDF build would find them sticking out of the page."""
    from .pdf.fonts import text_width_pt
    from .pdf.tables import _UNBREAKABLE

    for skipped in doc.find_all(["table", "pre"]):
        skipped.decompose()
    problems = []
    for run in dict.fromkeys(_UNBREAKABLE.findall(doc.get_text(" "))):
        try:
            width = text_width_pt(run, "BIZ UDPMincho", BODY_PT)
        except (OSError, subprocess.SubprocessError):
            return []  # print fonts not installed: the PDF build reports that
        if width > available:
            shown = run if len(run) <= 40 else run[:40] + "…"
            problems.append(Problem(project.shown(page.src), _line_of(page, run[:40]), "pdf-overflow",
                                    f"区切れない長い英数字「{shown}」（約 {width * 25.4 / 72:.0f} mm）が、PDF の本文の幅"
                                    f"（{available * 25.4 / 72:.0f} mm）に収まらず、ページからはみ出します。途中に空白を"
                                    "入れるか、アドレスなら [説明の文](アドレス) のリンクにしてください。"))
    return problems


def _check_page(project: Project, page: Page, ins: Inspection, all_ins: dict[str, Inspection]) -> list[Problem]:
    shown = project.shown(page.src)
    problems = []
    for text in ins.h1:
        problems.append(Problem(shown, _line_of(page, f"# {text}", text), "heading-level-1",
                                f"大見出し「# {text}」は使えません。ページの大見出しは front matter の title から"
                                "自動で作られます。本文の見出しは「## 」から始めてください。"))
    for ident, count in sorted(Counter(ins.ids).items()):
        if count > 1:
            problems.append(Problem(shown, _line_of(page, f"#{ident}}}", f'id="{ident}"', f"#{ident}", last=True),
                                    "duplicate-heading-id",
                                    f"見出し ID「{ident}」がこのページに {count} 回使われています。"
                                    "リンク先が決まらないので、別の ID にしてください。"))
    for href in dict.fromkeys(ins.links):
        problem = _check_link(project, page, href, all_ins)
        if problem:
            problems.append(Problem(shown, _line_of(page, f"({href}", href), problem[0], problem[1]))
    for src, alt in ins.images:
        line = _line_of(page, f"({src}", src)
        if not alt or not alt.strip():
            problems.append(Problem(shown, line, "missing-alt",
                                    f"画像「{src}」に代替テキストがありません。![ここに画像の内容の説明]({src}) のように、"
                                    "画像が見えない人にも伝わる説明を書いてください。"))
        if _REMOTE.match(src):
            problems.append(Problem(shown, line, "remote-image",
                                    f"画像「{src}」はインターネット上のアドレスです。PDF や Word には入れられず、"
                                    "サイトでも表示しません。画像ファイルを保存してこのページのフォルダ（images/ など）"
                                    "に置き、![説明](images/図.png) のように指定してください。"))
        elif not _EXTERNAL.match(src) and not _asset_exists(project, page, src):
            problems.append(Problem(shown, line, "missing-image",
                                    f"画像ファイル「{src}」が見つかりません。{project.shown(_target(page, urlsplit(src).path))} "
                                    "を探しました。ファイル名のつづりと、このページのフォルダからの相対パスを確認してください。"))
    remote = {src for src, _ in ins.images if _REMOTE.match(src)}
    for finding in ins.raw_html:
        if finding.needles[0] in remote:
            continue  # the remote image, reported above with its own code
        problems.append(Problem(shown, _line_of(page, *finding.needles, fold=True), "raw-html", finding.message))
    return problems


def _target(page: Page, path: str) -> str:
    base = "" if path.startswith("/") else posixpath.dirname(page.src)
    return posixpath.normpath(posixpath.join(base, unquote(path).lstrip("/")))


def _asset_exists(project: Project, page: Page, src: str) -> bool:
    path = urlsplit(src).path
    return bool(path) and (_target(page, path) in project.assets or (project.content_dir / _target(page, path)).is_file())


def _check_link(project: Project, page: Page, href: str, all_ins: dict[str, Inspection]) -> tuple[str, str] | None:
    if _EXTERNAL.match(href) or href in ("", "#"):
        return None
    parts = urlsplit(href)
    anchor = unquote(parts.fragment)
    if not parts.path:
        target = page
    else:
        rel = _target(page, parts.path)
        if rel.endswith(".md"):
            target = project.pages.get(rel)
        else:
            by_url = project.page_by_url()
            target = by_url.get("" if rel == "." else rel.rstrip("/") + "/")
            if target is None and (rel in project.assets or (project.content_dir / rel).is_file()):
                return None  # a file such as a PDF or CSV kept beside the page
        if target is not None and target.src in project.drafts and page.src not in project.drafts:
            return ("broken-link", f"リンク先「{href}」は、ひな形の仮の文字が残っている下書きのため公開されません。"
                                   "リンク先のページの仮の文字（kohyo check の注意に出ます）を書き換えてください。")
        other = next(((folder, name, url) for folder, (name, url) in project.other_sites.items()
                      if rel.startswith(folder + "/")), None)
        if target is None and other is not None:  # a page of another site of sites.yml
            from .model.loader import page_url

            address = other[2] + page_url(rel[len(other[0]) + 1:]) + (f"#{anchor}" if anchor else "")
            return ("broken-link", f"リンク先「{href}」は別のサイト「{other[1]}」のページです。サイトの間のリンクは"
                                   f"相手のサイトのアドレスで書いてください（例: {address}）。")
        if target is None:
            return ("broken-link", f"リンク先「{href}」のページがありません（{project.shown(rel)} を探しました）。"
                                   "ファイル名のつづりと、このページのフォルダからの相対パスを確認してください。")
    if anchor and anchor not in all_ins[target.src].ids:
        where = "このページ" if target is page else f"「{target.title}」"
        return ("broken-anchor", f"リンク「{href}」の「#{anchor}」が{where}の見出し ID にありません。"
                                 "見出しに {#" + anchor + "} を付けるか、リンクを直してください。")
    return None


def load_checked(root, content_dir, build_date, renderer: Renderer, cache=None,
                 inspect_html: Callable[[str], Inspection] = inspect, *, skip=None, shared_dir=None,
                 organisation: str | None = None) -> tuple[Project, list[Problem]]:
    """Load content and run every check: the first step of every build and of `kohyo check`.
    `cache`: the build's kohyo.outputs.cache.Cache, which charts are drawn into; `skip`,
    `shared_dir`: one site of several (kohyo.model.loader.load)."""
    from . import charts, qa, scaffold
    from .center.model import prepare as prepare_center
    from .consultations.pipeline import prepare
    from .model.loader import load

    project, problems = load(root, content_dir, build_date, skip=skip, shared_dir=shared_dir,
                             organisation=organisation)
    project.drafts = {src for src, page in project.pages.items() if scaffold.is_draft(page)}
    problems += placeholder_problems(project)
    drawer = charts.Drawer(project, cache)
    problems += drawer.expand_pages()
    problems += qa.expand_pages(project)
    rendered, found = check_rendered(project, renderer, inspect_html=inspect_html)
    from .render.editor import foreign_syntax
    for warning in foreign_syntax(project):  # shown, not counted: the page builds, only not as meant
        logging.getLogger("mkdocs.plugins.kohyo").warning("注意: %s", warning)
    # Results pages and the seminar archive written here are not rendered twice: their links
    # come from checked content, and the built site's link check (linkcheck.py) follows them.
    problems = sorted(set(problems + rendered + prepare(project, found, drawer.figure) + prepare_center(project)))
    return project, problems


def placeholder_problems(project: Project) -> list[Problem]:
    """Stand-in text of the scaffold left in a page that is published and listed. (A collection
    item holding it is a draft instead: see scaffold.is_draft.)"""
    from .scaffold import placeholders_in

    problems = []
    for src, page in sorted(project.pages.items()):
        if src in project.drafts or page.generated:
            continue
        for line, text in placeholders_in(page):
            problems.append(Problem(project.shown(src), line, "placeholder",
                                    f"ひな形の仮の文字「{text}」が残っています。このままでは公開できません"
                                    "（make build はここで止まります）。実際の内容に書き換えてください。"))
    return problems

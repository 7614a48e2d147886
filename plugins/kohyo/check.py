"""`kohyo check`: everything that can be wrong in content, reported at once.

Front matter is validated by the loader; this module renders every page with the site's
Markdown configuration and checks what only the rendered page shows.
"""

from __future__ import annotations

import logging
import posixpath
import re
from collections import Counter
from urllib.parse import unquote, urlsplit

from .model.project import Page, Project
from .problems import Problem
from .render.inspect import Inspection, inspect
from .render.markdown import Renderer

_EXTERNAL = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.I)


def check_rendered(project: Project, renderer: Renderer,
                   found: dict[str, Inspection] | None = None) -> tuple[list[Problem], dict[str, Inspection]]:
    """Render and check every page not yet in `found` (all of them, the first time)."""
    found = dict(found or {})
    todo = sorted(src for src in project.pages if src not in found)
    found.update({src: inspect(renderer.render(project.pages[src].source)) for src in todo})
    problems: list[Problem] = []
    for src in todo:
        problems += _check_page(project, project.pages[src], found[src], found)
    return problems, found


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
        if not _EXTERNAL.match(src) and not _asset_exists(project, page, src):
            problems.append(Problem(shown, line, "missing-image",
                                    f"画像ファイル「{src}」が見つかりません。ファイル名と置き場所を確認してください。"))
    for finding in ins.raw_html:
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
        if target is None:
            return ("broken-link", f"リンク先「{href}」のページがありません（{project.shown(rel)} を探しました）。"
                                   "ファイル名のつづりと、このページのフォルダからの相対パスを確認してください。")
    if anchor and anchor not in all_ins[target.src].ids:
        where = "このページ" if target is page else f"「{target.title}」"
        return ("broken-anchor", f"リンク「{href}」の「#{anchor}」が{where}の見出し ID にありません。"
                                 "見出しに {#" + anchor + "} を付けるか、リンクを直してください。")
    return None


def load_checked(root, content_dir, build_date, renderer: Renderer,
                 cache_dir=None) -> tuple[Project, list[Problem]]:
    """Load content and run every check: the first step of every build and of `kohyo check`."""
    from . import charts, qa
    from .center.model import prepare as prepare_center
    from .consultations.pipeline import prepare
    from .model.loader import load

    project, problems = load(root, content_dir, build_date)
    drawer = charts.Drawer(project, cache_dir / "charts" if cache_dir else None)
    problems += drawer.expand_pages()
    problems += qa.expand_pages(project)
    rendered, found = check_rendered(project, renderer)
    from .render.editor import foreign_syntax
    for warning in foreign_syntax(project):  # shown, not counted: the page builds, only not as meant
        logging.getLogger("mkdocs.plugins.kohyo").warning("注意: %s", warning)
    # Results pages and the seminar archive written here are not rendered twice: their links
    # come from checked content, and the built site's link check (linkcheck.py) follows them.
    problems = sorted(set(problems + rendered + prepare(project, found, drawer.figure) + prepare_center(project)))
    if not problems:
        drawer.prune()
    return project, problems

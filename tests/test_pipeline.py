"""The core pipeline without MkDocs: the boundary, the preview memos, the page context made once
a build, and staff commands that act only on validated content."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from conftest import BUILD_DATE, ROOT, run_kohyo, write

PLUGINS = ROOT / "plugins" / "kohyo"
# Modules that drive MkDocs on purpose: the adapter itself, the preview server, and the command
# line that runs MkDocs' build for `kohyo build` / `kohyo stage` (it reads mkdocs.yml).
DRIVERS = ("mkdocs/", "preview.py", "cli.py", "stages.py")


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) of every import in a file, relative ones resolved against kohyo's packages."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = path.relative_to(PLUGINS.parent).with_suffix("").parts[:-1]
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = list(package[:len(package) - node.level + 1]) if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            out += [(node.lineno, module)] + [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return out


def test_the_core_never_imports_mkdocs():
    found = []
    for path in sorted(PLUGINS.rglob("*.py")):
        rel = path.relative_to(PLUGINS).as_posix()
        if rel.startswith(DRIVERS):
            continue
        for line, module in _imports(path):
            if module == "mkdocs" or module.startswith(("mkdocs.", "kohyo.mkdocs")):
                found.append(f"{rel}:{line}: {module}")
    assert not found, "the core imports MkDocs:\n" + "\n".join(found)


def test_the_import_scan_sees_mkdocs_imports(tmp_path):
    """The scan above would catch each form an import of MkDocs can take."""
    probe = PLUGINS / "center" / "_probe_for_the_test.py"
    probe.write_text("import mkdocs.config\nfrom ..mkdocs.plugin import renderer_for\n"
                     "def f():\n    from mkdocs.structure.nav import Section\n", encoding="utf-8")
    try:
        modules = [m for _, m in _imports(probe)]
    finally:
        probe.unlink()
    assert {"mkdocs.config", "kohyo.mkdocs.plugin", "mkdocs.structure.nav"} <= set(modules)


# The part of plugin.py that kohyo.outputs (issue 13) replaces: it is counted apart until then.


def test_the_adapter_stays_thin():
    path = PLUGINS / "mkdocs" / "plugin.py"
    text = path.read_text(encoding="utf-8")
    tree = ast.parse(text)
    plugin = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "KohyoPlugin")
    lines = len(text.splitlines())
    assert lines < 240, f"plugin.py has {lines} lines"
    # Each event calls stages: no build logic of its own (every stage lives in kohyo.pipeline).
    stages = {"before_listing", "load_and_validate", "derived_files", "number", "outputs", "guard"}
    called = {n.func.attr for n in ast.walk(plugin) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
              and isinstance(n.func.value, ast.Name) and n.func.value.id == "pipeline"}
    assert called == stages, called
    # Only translation: no module-level helpers beyond the renderer and the exception.
    helpers = {n.name for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    assert helpers == {"ContentProblems", "_markdown", "renderer_for", "KohyoPlugin"}, helpers


# --- the preview's memos ---------------------------------------------------------------------

def _renderer():
    from mkdocs.config import load_config

    from kohyo.mkdocs.plugin import _markdown

    return _markdown(load_config(str(ROOT / "mkdocs.yml")))


def test_the_preview_renderer_keeps_one_build_of_pages():
    from kohyo.memo import PreviewMemo

    memo = PreviewMemo()
    renderer = memo.renderer(*_renderer())
    first = renderer.render("## 見出し {#a}\n\n本文")
    assert memo.renderer(*_renderer()) is renderer, "same Markdown configuration, same renderer"
    assert renderer.render("## 見出し {#a}\n\n本文") is first, "unchanged text: not rendered again"
    assert renderer.inspect(first) is renderer.inspect(first)
    assert renderer.inspect(first).ids == ["a"]
    memo.renderer(*_renderer())  # a build that does not ask for the page
    memo.renderer(*_renderer())
    assert renderer.render("## 見出し {#a}\n\n本文") is not first, "forgotten after a build without it"


def test_the_page_memo_renders_again_when_the_site_changes():
    from kohyo.memo import PageMemo, Rendered

    memo, made = PageMemo(), []

    def render():
        made.append(1)
        return Rendered.of(f"<p>{len(made)}</p>", [{"id": "a"}], "t", {"a"}, {"x.md": {"a": "x.md#a"}})

    first, fresh = memo.kept(lambda: ("files", 1), "a.md", "text", render)
    assert fresh and first.anchor_ids == frozenset({"a"})
    memo.next_build()
    again, fresh = memo.kept(lambda: ("files", 1), "a.md", "text", render)
    assert again is first and not fresh and len(made) == 1
    assert again.fresh_toc() == first.toc and again.fresh_toc() is not first.toc
    memo.next_build()
    changed, fresh = memo.kept(lambda: ("files", 2), "a.md", "text", render)  # a page added elsewhere
    assert fresh and changed.content == "<p>2</p>"


# --- navigation over duck-typed items ------------------------------------------------------------

class _File:
    def __init__(self, src):
        self.src_uri, self.name = src, src.rsplit("/", 1)[-1].removesuffix(".md")


class _Page:
    is_page, is_section = True, False

    def __init__(self, src):
        self.file, self.title, self.parent, self.previous_page, self.next_page = _File(src), src, None, None, None


class _Section:
    is_page, is_section = False, True

    def __init__(self, title, children):
        self.title, self.children, self.parent = title, children, None
        for child in children:
            child.parent = self


class _Nav:
    def __init__(self, items):
        self.items, self.pages = items, []


def test_navigation_is_arranged_without_mkdocs(mini):
    """The sample's rules, on plain objects: the portal first, then `order`; sections named after
    their index page (its short title first), the index page first in its section; publications
    under one tab; previous / next links in the order shown."""
    from kohyo import navigation
    from kohyo.pipeline import load_and_validate
    from kohyo.render.markdown import Renderer

    for folder, order, short in (("b", 2, ""), ("a", 3, "短い名前")):
        write(mini / f"content/{folder}/index.md", f"---\ntitle: 節{folder}\nupdated: 2026-11-01\n"
              f"department: climate-policy\norder: {order}\n" + (f"short_title: {short}\n" if short else "")
              + "---\n\n本文です。\n")
        write(mini / f"content/{folder}/other.md", "---\ntitle: 別のページ\nupdated: 2026-11-01\n"
              "department: climate-policy\norder: -1\n---\n\n本文です。\n")
    project = load_and_validate(mini, mini / "content", dt.date.fromisoformat(BUILD_DATE), Renderer(*_renderer()),
                                None, publishing=True).project
    plan = _Section("plan", [_Page("plan/01-first.md"), _Page("plan/index.md"), _Page("plan/02-second.md")])
    a = _Section("a", [_Page("a/index.md"), _Page("a/other.md")])
    b = _Section("b", [_Page("b/index.md"), _Page("b/other.md")])
    nav = _Nav([a, b, plan, _Page("index.md")])
    navigation.arrange(nav, project, _Section)
    assert [str(i.title) for i in nav.items] == ["index.md", navigation.PUBLICATIONS_TAB, "節b", "短い名前"]
    assert nav.items[1].children == [plan] and plan.parent is nav.items[1]
    assert str(plan.title) == "テスト計画（素案）"
    assert [p.file.src_uri for p in nav.pages] == ["index.md", "plan/index.md", "plan/01-first.md",
                                                   "plan/02-second.md", "b/index.md", "b/other.md", "a/index.md",
                                                   "a/other.md"]
    assert nav.pages[2].previous_page is nav.pages[1] and nav.pages[2].next_page is nav.pages[3]


# --- the page context, once a build ----------------------------------------------------------------

@pytest.fixture(scope="module")
def sample_project(tmp_path_factory):
    """The bundled sample (consultations with results, the center) with the mini project's plan
    and its meetings added."""
    import shutil

    import conftest
    from test_meetings import _meetings

    from kohyo.pipeline import derived_files, load_and_validate
    from kohyo.render.markdown import Renderer

    root = conftest.mini.__wrapped__(tmp_path_factory.mktemp("sample-meetings"))
    for name in ("content", "overrides", "versions", "privacy"):
        shutil.copytree(ROOT / name, root / name, dirs_exist_ok=True)
    for name in ("mkdocs.yml", "sites.yml"):
        shutil.copy(ROOT / name, root / name)
    _meetings(root)
    loaded = load_and_validate(root, root / "content", dt.date.fromisoformat(BUILD_DATE), Renderer(*_renderer()),
                               None, publishing=False)
    assert not loaded.problems, loaded.problems
    return loaded.project, derived_files(loaded.project, "https://example.jp/kohyo/").center


def test_page_context_is_what_each_page_computed_before(sample_project):
    """Made once a build, the context of every sample page equals the one each page used to
    compute for itself (meetings_of / publication_of / section_opinions per page)."""
    from kohyo import site
    from kohyo.meetings import meeting_view, meetings_of, publication_of

    project, center = sample_project
    minutes = {p.src: (f"{p.url}minutes.docx", 12345) for pub in project.publications for p in pub.meetings}
    assert minutes, "the sample has meetings"
    downloads = {pub.id: [site.Download("全文（PDF：1KB）", f"{pub.index.url}x.pdf", "pdf")]
                 for pub in project.publications}
    context = site.site_context(project, downloads, minutes, center)
    seen = set()
    for model in project.pages.values():
        got = site.page_context(context, model)
        views = [site.consultation_view(c, project, downloads) for c in project.consultations]
        pub = publication_of(project, model)
        expected = {
            "kohyo_page": site.page_view(model, downloads),
            "kohyo_publications": site.portal_publications(project, downloads),
            "kohyo_footer": site.footer_links(project), "kohyo_consultations": views,
            "kohyo_consultation": next((v for v in views if v.url == model.url), None),
            "kohyo_section_opinions": site.section_opinions(project, model),
            "kohyo_results": next((v for v in views if v.results_url and v.results_url == model.url), None),
            "kohyo_meetings": meetings_of(pub, minutes),
            "kohyo_meeting": meeting_view(model, minutes) if model.type == "meeting" else None,
            "kohyo_meetings_url": next((p.meeting_list.url for p in project.publications
                                        if p.meeting_list is not None and p is pub), ""),
            "kohyo_center": center,
            "kohyo_item": center.items.get(model.src) if center else None}
        assert got == expected, model.src
        seen |= {k for k, v in got.items() if v}
    # (kohyo_item is the center's: its own site, sites.yml)
    assert {"kohyo_meetings", "kohyo_meeting", "kohyo_meetings_url", "kohyo_section_opinions",
            "kohyo_results"} <= seen, "the sample exercises every variable"


# --- staff commands on validated content -----------------------------------------------------------

def test_a_staff_command_refuses_content_that_fails_its_checks(mini):
    from test_consultations import _consultation

    _consultation(mini)
    assert run_kohyo("consult", "status", "--consultation", "plan", cwd=mini).returncode == 0
    chapter = mini / "content/plan/01-first.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n[第3章](03-missing.md)を参照。\n", encoding="utf-8")
    index = mini / "content/consultations/plan/index.md"
    before = index.read_bytes()
    for args in (("consult", "status", "--consultation", "plan"),
                 ("consult", "publish", "--consultation", "plan", "--date", "2027-01-20")):
        result = run_kohyo(*args, cwd=mini)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        assert "content/plan/01-first.md:13: [broken-link]" in result.stderr, result.stderr
        assert "コンテンツに問題があるため、この操作はできません" in result.stderr
        assert "何も書き込んでいません。" in result.stderr
    assert index.read_bytes() == before, "publish wrote nothing"

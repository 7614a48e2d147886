"""Feature-owned schema: each page type is declared once, by its feature, and gathered by
kohyo.model.schema; pages kohyo generates are validated like written ones."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import BUILD_DATE, ROOT, run_kohyo, write

from kohyo.accessibility import PAGE_SAMPLES
from kohyo.model.schema import COLLECTIONS, FIELDS, PAGE_TYPES, TEMPLATES

PLUGIN = ROOT / "plugins" / "kohyo"
# The modules that declare page types (kohyo.model.schema gathers them).
DECLARING = {"model/schema.py", "model/publication_schema.py", "consultations/schema.py", "center/schema.py",
             "meetings_schema.py", "qa.py"}
# Not this change's to edit (left for its owner): navigation's list of post types.
KNOWN = {("navigation.py", ("case", "news", "seminar"))}


def test_every_page_type_is_declared_by_exactly_one_feature():
    declared: dict[str, str] = {}
    for rel in sorted(DECLARING):
        tree = ast.parse((PLUGIN / rel).read_text(encoding="utf-8"))
        consts = {t.id: n.value.value for n in tree.body if isinstance(n, ast.Assign)
                  for t in n.targets if isinstance(t, ast.Name) and isinstance(n.value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "PageType":
                first = node.args[0]
                name = first.value if isinstance(first, ast.Constant) else consts[first.id]
                assert name not in declared, f"{name} declared in {declared.get(name)} and {rel}"
                declared[name] = rel
    assert list(declared) and set(declared) == set(PAGE_TYPES)


def test_templates_and_collections_come_from_the_declarations():
    from kohyo import site

    assert site.TEMPLATES is TEMPLATES
    assert TEMPLATES == {t.name: t.template for t in PAGE_TYPES.values() if t.template}
    for t in PAGE_TYPES.values():
        assert not t.template or (ROOT / "overrides" / t.template).is_file(), t.name
        assert set(t.fields) <= set(FIELDS), t.name
    assert set(COLLECTIONS.values()) <= set(PAGE_TYPES)
    # `type:` takes exactly the page types that require it.
    assert FIELDS["type"].choices == tuple(t.name for t in PAGE_TYPES.values() if "type" in t.required)


def _page_type_lists(path: Path) -> list[tuple]:
    """Literal lists, tuples, sets and dict keys made only of page type names (two or more)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        items = node.keys if isinstance(node, ast.Dict) else node.elts if isinstance(
            node, (ast.List, ast.Tuple, ast.Set)) else []
        names = [i.value for i in items if isinstance(i, ast.Constant) and isinstance(i.value, str)]
        if len(names) >= 2 and len(names) == len(items) and set(names) <= set(PAGE_TYPES):
            found.append(tuple(sorted(names)))
    return found


def test_no_other_module_lists_page_types():
    lists = {(p.relative_to(PLUGIN).as_posix(), names) for p in PLUGIN.rglob("*.py")
             if p.relative_to(PLUGIN).as_posix() not in DECLARING for names in _page_type_lists(p)}
    assert lists == KNOWN
    # The scan finds a list when there is one.
    assert _page_type_lists(ROOT / "tests" / "test_schema.py") != []


def test_the_sample_pages_cover_every_page_type_of_the_sample():
    """PAGE_SAMPLES (the accessibility run) visits a page of every declared type, and the
    sample's sites (sites.yml) hold every declared type."""
    import datetime as dt

    from kohyo.model.loader import load
    from kohyo.sites import load_sites

    sites, problems = load_sites(ROOT)
    assert problems == [] and len(sites) > 1
    type_of = {}
    for site in sites:
        project, _ = load(ROOT, ROOT / site.content, dt.date.fromisoformat(BUILD_DATE))
        prefix = site.path.strip("/") + "/" if site.path.strip("/") else ""
        type_of.update({prefix + p.url: p.type for p in project.pages.values()})
    # Pages the build generates (新旧対照表, results, archives) are not loaded here.
    sampled = {type_of[u] for u in PAGE_SAMPLES.values() if u in type_of}
    assert set(type_of.values()) == sampled == set(PAGE_TYPES)


def _published_consultation(mini: Path, department: str) -> None:
    """A consultation with its results out (no opinions, as declared), of `department`."""
    write(mini / "content/consultations/plan/index.md",
          "---\ntype: consultation\ntitle: テスト計画（素案）に関する意見募集\nconsultation_status: 結果公表\n"
          "targets: [plan]\nstart: 2026-11-16\nend: 2026-12-16\nchannels: [郵送, 電子メール, ウェブフォーム]\n"
          f'publicity: [広報さっぽろ]\npublished: 2026-11-16\ndepartment: {department}\nresults_date: 2027-01-20\n---\n\n'
          "テスト計画の素案について意見を募集します。\n")
    write(mini / "content/_data/consultations.yml", "no_opinions: [plan]\n")


def test_a_generated_page_with_an_invalid_field_is_reported_at_its_origin(mini):
    _published_consultation(mini, "climate-policy")
    good = run_kohyo("check", "--build-date", BUILD_DATE, cwd=mini)
    assert good.returncode == 0, good.stderr + good.stdout
    # A department key YAML reads as a number once written unquoted into the generated results
    # page's front matter (`department: 2024`): valid where the editor wrote it, not there.
    departments = mini / "content/_data/departments.yml"
    departments.write_text(departments.read_text(encoding="utf-8") + '"2024":\n  name: 二〇二四推進課\n',
                           encoding="utf-8")
    _published_consultation(mini, '"2024"')
    result = run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=mini)
    out = result.stdout + result.stderr
    assert result.returncode != 0, out
    # Line 11 of the consultation's index.md is `department:`, where the results page's value comes from.
    assert re.search(r"content/consultations/plan/index\.md:11: \[invalid-value\] このファイルから自動生成される"
                     r"ページ（/consultations/plan/results/）で: 所管課「2024」", out), out
    assert out.count("[invalid-value]") == 1 and "Traceback" not in out
    assert not (mini / "build/site/consultations/plan/results/index.html").exists()


def test_a_drafts_comparison_page_is_a_valid_generated_page(mini):
    """A 素案 with its 骨子 kept gets a 新旧対照表 as an ordinary page beside it (not a chapter):
    validated now, it must carry only an ordinary page's fields."""
    kept = mini / "versions/plan/2026-10-01-骨子/source"
    kept.mkdir(parents=True)
    for path in (mini / "content/plan").glob("*.md"):
        (kept / path.name).write_text(path.read_text(encoding="utf-8").replace("（素案）", "（骨子）"),
                                      encoding="utf-8")
    chapter = mini / "content/plan/02-second.md"
    chapter.write_text(chapter.read_text(encoding="utf-8").replace("本文です。", "素案で書き直した本文です。"),
                       encoding="utf-8")
    result = run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=mini)
    assert result.returncode == 0, result.stderr + result.stdout
    page = (mini / "build/site/plan/shinkyu/index.html").read_text(encoding="utf-8")
    assert "素案で書き直した" in page

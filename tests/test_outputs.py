"""The output registry and its one cache (kohyo.outputs): every format listed, every site output
linked with its size, nothing rendered again that did not change, and nothing cached before the
privacy guard passed."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from conftest import BUILD_DATE, ROOT, run_kohyo
from test_privacy_guard import _clone

# Site outputs of the sample: (page that links it, file, label as the municipal convention writes it)
LINKED = [
    ("climate-plan/index.html", "climate-plan/climate-plan.pdf", "全文（PDF："),
    ("climate-plan/index.html", "climate-plan/climate-plan.docx", "編集用（Word："),
    ("climate-plan/index.html", "climate-plan/climate-plan.pptx", "編集用（PowerPoint："),
    ("ict-strategy-summary/index.html", "ict-strategy-summary/ict-strategy-summary.pptx", "編集用（PowerPoint："),
    ("consultations/ict-strategy/index.html", "consultations/ict-strategy/results.xlsx", "意見の概要と市の考え方（Excel："),
    ("consultations/ict-strategy/index.html", "consultations/ict-strategy/results.csv", "意見の概要と市の考え方（CSV："),
    ("consultations/ict-strategy/index.html", "consultations/ict-strategy/results.docx", "意見の概要と市の考え方（Word："),
]


def test_the_registry_lists_every_format():
    from kohyo.outputs.registry import FORMATS

    names = [f.name for f in FORMATS]
    assert {"pdf-web", "pdf-print", "word", "powerpoint", "results-xlsx", "results-csv", "results-docx"} <= set(names)
    assert len(names) == len(set(names))
    by_name = {f.name: f for f in FORMATS}
    assert not by_name["pdf-print"].in_site and by_name["pdf-print"].rendered_by == "pdf-web"
    assert all(f.render is not None or f.rendered_by in by_name for f in FORMATS)


def test_one_label_function_keeps_the_label_texts():
    from kohyo.site import download_label

    assert download_label("PowerPoint", 519_000, purpose="編集用") == "編集用（PowerPoint：507KB）"
    assert download_label("Excel", 26_498, purpose="意見の概要と市の考え方") == "意見の概要と市の考え方（Excel：26KB）"
    assert download_label("PDF", 2048, 12) == "全文（PDF：2KB／12ページ）"


def _sample_project(root: Path):
    import datetime as dt

    from kohyo import dates
    from kohyo.check import load_checked
    from kohyo.cli import _load_config
    from kohyo.mkdocs.plugin import renderer_for

    config = _load_config(str(root / "mkdocs.yml"))
    project, _ = load_checked(root, Path(config.docs_dir), dates.build_date(dt.date.fromisoformat(BUILD_DATE)),
                              renderer_for(config))
    return project


def test_new_cache_entries_wait_for_the_guard(tmp_path):
    """Staged until the guard passed: a failed guard (discard) leaves no entry; a passed one keeps them."""
    from kohyo import outputs
    from kohyo.outputs.formats import results

    project = _sample_project(ROOT)
    settings = outputs.Settings(cache_dir=tmp_path, switches=frozenset())
    formats = [results.XLSX, results.CSV, results.DOCX]
    made = outputs.make(project, {}, settings, formats)
    assert sorted(f.path.rsplit("/", 1)[1] for f in made.files) == ["results.csv", "results.docx", "results.xlsx"]
    folder = tmp_path / "outputs" / "site"  # (a project without sites.yml: one site)
    assert [p.name for p in folder.iterdir()] == [".pending"], "nothing is an entry before the guard"
    made.discard()  # the guard found a leak
    assert list(folder.iterdir()) == []
    again = outputs.make(project, {}, settings, formats)
    assert again.rendered == {"results-xlsx": 1, "results-csv": 1, "results-docx": 1}, "nothing was kept"
    again.commit()  # the guard passed
    entries = sorted(p.name for p in folder.iterdir())
    assert len(entries) == 6 and ".pending" not in entries
    third = outputs.make(project, {}, settings, formats)
    assert third.rendered == {} and sum(third.reused.values()) == 3
    assert [f.data for f in third.files] == [f.data for f in again.files]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    clone = _clone(tmp_path_factory.mktemp("outputs") / "clone")
    result = run_kohyo("build", "--build-date", BUILD_DATE, cwd=clone)
    assert result.returncode == 0, result.stderr
    return clone


def _entries(clone: Path) -> dict[str, int]:
    folder = clone / "build/.cache/outputs/city"  # the city site's (each site has its own)
    return {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}


def test_site_outputs_are_in_the_site_and_linked_with_their_size(built):
    site = built / "build/site"
    for page, path, label in LINKED:
        size = (site / path).stat().st_size
        assert size > 0
        text = html.unescape((site / page).read_text(encoding="utf-8"))
        name = path.rsplit("/", 1)[1]
        link = re.search(rf'<a href="{re.escape(name)}"[^>]*>([^<]*)</a>', text)
        assert link is not None, f"{page} links {name}"
        assert f"{label}{max(1, -(-size // 1024)):,}KB" in link.group(1), link.group(1)
    assert (built / "build/print/ict-strategy-print.pdf").is_file()
    assert not (site / "ict-strategy-print.pdf").exists(), "print PDFs are not part of the site"


def test_a_second_build_without_changes_renders_nothing(built):
    before = _entries(built)
    assert before and ".pending" not in before
    result = run_kohyo("build", "--build-date", BUILD_DATE, cwd=built)
    assert result.returncode == 0, result.stderr
    assert _entries(built) == before, "no entry written, none dropped"
    made = re.findall(r"新たに作成 (\d+) 件", result.stderr)
    assert made and set(made) == {"0"}, result.stderr


def test_changing_one_chapter_renders_only_its_publications_outputs(built):
    """(The climate plan: a change to the ICT strategy rightly makes its consultation's results
    again too, since they state how the final text differs from the draft.)"""
    before = _entries(built)
    chapter = built / "content/climate-plan/01-basics.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n本文を一文追加しました。\n", encoding="utf-8")
    result = run_kohyo("build", "--build-date", BUILD_DATE, cwd=built)
    assert result.returncode == 0, result.stderr
    after = _entries(built)
    new = sorted(name for name in after if name.endswith(".out") and name not in before)
    dropped = sorted(name for name in before if name.endswith(".out") and name not in after)
    # The climate plan's outputs, and only those: web PDF, print PDF, Word and PowerPoint.
    site = built / "build/site/climate-plan"
    theirs = {site / "climate-plan.pdf", site / "climate-plan.docx", site / "climate-plan.pptx",
              built / "build/print/climate-plan-print.pdf"}
    fresh = {(built / "build/.cache/outputs/city" / name).read_bytes() for name in new}
    assert fresh == {path.read_bytes() for path in theirs}
    assert len(new) == len(dropped) == 4
    assert all(after[name] == before[name] for name in before if name in after), "the rest untouched"
    assert "PDF: 公表物 5 件（新たに作成 1 件、前回から再利用 4 件）" in result.stderr

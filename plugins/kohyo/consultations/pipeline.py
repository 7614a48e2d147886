"""Consultations in the build: load and validate them, resolve where each opinion points, and
write the results page (and its PDF publication) of every consultation whose results are out."""

from __future__ import annotations

from .. import stages
from ..model.loader import add_generated
from ..model.project import Project, Publication
from ..problems import Problem
from ..render.inspect import Inspection
from .model import CHANGES_FILE, OPINIONS_FILE, Consultation, load_consultations, results_blockers
from .results import results_markdown
from .sections import section_index
from .stats import compute

RESULTS_PAGE = "results.md"


def prepare(project: Project, found: dict[str, Inspection], figure=None) -> list[Problem]:
    """Load the project's consultations; add the results pages. `found`: every page's rendered
    facts; `figure`: draws the results' charts (kohyo.charts.Drawer.figure)."""
    consultations, problems = load_consultations(project)
    project.consultations = consultations
    bad_of = {}
    for c in consultations:
        c.sections = section_index(project, c.meta.get("targets", []), found)
        bad = False
        for record, name in [(o, OPINIONS_FILE) for o in c.opinions] + [(ch, CHANGES_FILE) for ch in c.changes]:
            if record.target not in c.sections:
                bad = True
                problems.append(Problem(project.shown(f"{c.folder}/{name}"), record.line, "opinion-record",
                                        f"該当箇所「{record.target}」は対象の公表物にありません。使える該当箇所: "
                                        f"{'、'.join(list(c.sections)[:12])} など"))
        bad_of[c.id] = bad
    # Kept versions and the 新旧対照表 (kohyo.stages), before the results page that links to it.
    problems += stages.prepare(project, consultations)
    for c in consultations:
        bad = bad_of[c.id]
        # The blockers are reported by load_consultations; here they only keep the results unmade.
        if c.status == "結果公表" and not bad and "results_date" in c.meta and not results_blockers(c, project):
            problems += _add_results(project, c, figure)
    return problems


def _add_results(project: Project, c: Consultation, figure) -> list[Problem]:
    src = f"{c.folder}/{RESULTS_PAGE}"
    targets = [(p.title, p.index.src) for t in c.meta.get("targets", []) for p in project.publications if p.id == t]
    entries = {record.id: p.shinkyu.src for p in project.publications for record in c.changes
               if p.shinkyu is not None and record in p.shinkyu_records}
    pages = tuple(p.shinkyu.src for t in c.meta.get("targets", []) for p in project.publications
                  if p.id == t and p.shinkyu is not None)
    tables = tuple((p.title, p.shinkyu.src, p.shinkyu_changes) for t in c.meta.get("targets", [])
                   for p in project.publications if p.id == t and p.shinkyu is not None and not p.is_draft)
    text = results_markdown(c, src, c.sections, compute(c, c.sections), targets, figure, entries, pages, tables,
                            project.organisation)
    page, problems = add_generated(project, src, text, origin=c.page.src)
    project.generated[src] = text
    m = c.meta
    pub = Publication(id=f"{c.id}-results", index=c.page, chapters=[page], kind="results", settings={
        "title": f"{m['title']}の結果", "short_title": "意見募集の結果", "status": "確定",
        "published": m["results_date"], "updated": m["results_date"], "keywords": ["パブリックコメント", "意見募集"],
        "description": f"{m['title']}に寄せられた意見の概要と市の考え方", "print_pdf": False})
    page.publication = pub
    c.page.publication = pub
    project.publications.append(pub)
    return problems

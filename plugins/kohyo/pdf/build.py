"""Build every publication's PDFs: assemble, check fonts, render in parallel, cache by content.

A PDF is rendered again only when something it is made from changed: its HTML, the print
CSS, the fonts, kohyo's PDF code, WeasyPrint or the publication's settings.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from ..model.project import Project
from ..problems import Problem
from . import engine, fonts
from .assemble import assemble, print_css
from .options import options_for

log = logging.getLogger("mkdocs.plugins.kohyo")


@dataclass(frozen=True)
class PdfFile:
    variant: str  # "web" or "print"
    path: Path
    url: str  # site-relative URL of a web PDF; "" for print PDFs (not published)
    size: int  # bytes
    pages: int


@dataclass
class PdfBuild:
    files: dict[str, list[PdfFile]] = field(default_factory=dict)  # by publication id
    problems: list[Problem] = field(default_factory=list)
    rendered: int = 0
    reused: int = 0


def _code_fingerprint() -> str:
    h = hashlib.sha256()
    for name in ("engine.py", "assemble.py", "templates/document.html.j2", "templates/print.css"):
        h.update((resources.files("kohyo") / "pdf" / name).read_bytes())
    return h.hexdigest()


def _cache_key(job: engine.Job) -> str:
    import pydyf
    import weasyprint

    payload = json.dumps([job.html, job.css, job.variant, job.print_standard, job.base_url,
                          weasyprint.__version__, pydyf.__version__, fonts.fingerprint(), _code_fingerprint()])
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def _glyph_problems(project: Project, texts: dict[str, str]) -> list[Problem]:
    problems = []
    for src, text in sorted(texts.items()):
        for char in fonts.missing_characters(text):
            page = project.pages[src]
            lines = page.body.splitlines()
            line = next((page.body_line + i for i, ln in enumerate(lines) if char in ln), 1)
            problems.append(Problem(project.shown(src), line, "pdf-missing-glyph",
                                    f"文字「{char}」（U+{ord(char):04X}）は PDF のフォント（BIZ UD）にないため、"
                                    "PDF で欠けてしまいます。別の文字に置き換えてください。"))
    return problems


def build_pdfs(project: Project, html_by_src: dict[str, str], site_dir: Path, print_dir: Path,
               cache_dir: Path, site_url: str, organisation: str, workers: int = 0) -> PdfBuild:
    result = PdfBuild()
    jobs: list[tuple[engine.Job, str, Path]] = []  # (job, cache key, final path)
    cache_dir.mkdir(parents=True, exist_ok=True)
    for pub in project.publications:
        options = options_for(pub)
        if not options.enabled:
            continue
        doc = assemble(pub, html_by_src, options, site_url, project.content_dir, organisation)
        glyphs = _glyph_problems(project, doc.texts)
        if glyphs:
            result.problems += glyphs
            continue
        css = print_css(project.content_dir / pub.id / "print.css")
        variants = [("web", site_dir / pub.index.url / f"{pub.id}.pdf")]
        if options.print_pdf:
            variants.append(("print", print_dir / f"{pub.id}-print.pdf"))
        for variant, final in variants:
            job = engine.Job(pub_id=pub.id, variant=variant, html=doc.html, css=css,
                             base_url=str(project.content_dir / pub.id) + "/", out="",
                             print_standard=options.print_standard,
                             chapters=tuple((c.id, c.src) for c in doc.chapters),
                             toc_targets=tuple(doc.toc_targets), bookmarked_headings=doc.bookmarked_headings)
            key = _cache_key(job)
            jobs.append((replace(job, out=str(cache_dir / f"{key}.rendering.pdf")), key, final))

    todo = [(job, key, final) for job, key, final in jobs if not (cache_dir / f"{key}.json").exists()]
    outcomes = _render_all([job for job, _, _ in todo], workers)
    for (job, key, _final), outcome in zip(todo, outcomes):
        for code, src, message in outcome.problems:
            where = project.shown(src) if src else project.shown(project.publications[0].index.src)
            result.problems.append(Problem(where, 1, code, f"「{job.pub_id}」の PDF（{job.variant}）: {message}"))
        if not outcome.problems:
            os.replace(job.out, cache_dir / f"{key}.pdf")
            (cache_dir / f"{key}.json").write_text(json.dumps({"pages": outcome.pages}))
            result.rendered += 1
    if result.problems:
        return result

    for job, key, final in jobs:
        final.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cache_dir / f"{key}.pdf", final)
        pages = json.loads((cache_dir / f"{key}.json").read_text())["pages"]
        url = f"{Path(final).relative_to(site_dir).as_posix()}" if job.variant == "web" else ""
        result.files.setdefault(job.pub_id, []).append(PdfFile(job.variant, final, url, final.stat().st_size, pages))
    result.reused = len(jobs) - result.rendered
    _prune(cache_dir, {key for _, key, _ in jobs})
    log.info("PDF: %d 件（新たに作成 %d 件、前回から再利用 %d 件）", len(jobs), result.rendered, result.reused)
    return result


def _render_all(jobs: list[engine.Job], workers: int) -> list[engine.Outcome]:
    if len(jobs) <= 1:
        return [engine.render(job) for job in jobs]
    with ProcessPoolExecutor(max_workers=min(len(jobs), workers or os.cpu_count() or 1)) as pool:
        return list(pool.map(engine.render, jobs))


def _prune(cache_dir: Path, keep: set[str]) -> None:
    """Drop cache entries no current publication uses, so the cache stays the size of one build."""
    for path in cache_dir.iterdir():
        if path.name.split(".", 1)[0] not in keep:
            path.unlink()

"""Render publications' PDFs (the web and print variants of kohyo.outputs.formats.pdf): assemble,
check fonts, render in parallel worker processes, and report problems with file and line.

What to render is the output pipeline's decision (kohyo.outputs): an unchanged publication is
found in its cache and never reaches this module.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from importlib import resources
from importlib.metadata import version  # not `import weasyprint`: that alone costs most of a warm build
from pathlib import Path
from typing import Callable

from ..model.project import Project
from ..problems import Problem
from . import engine, fonts
from .assemble import assemble, print_css
from .options import options_for

log = logging.getLogger("mkdocs.plugins.kohyo")


# kohyo's files a PDF is made by: part of its cache key.
CODE = tuple(f"pdf/{name}" for name in ("engine.py", "assemble.py", "continued.py", "tables.py", "watermark.py",
                                       "marks.py", "tags.py", "templates/document.html.j2", "templates/print.css")) + (
    "outputs/document.py",)


def _sources(pub) -> list[str]:
    """The pages a publication's PDF is made from: its index.md (the introduction), then its chapters."""
    return [pub.index.src] + [c.src for c in pub.chapters]


def key_parts(project: Project, pub, html_by_src: dict[str, str], site_url: str, organisation: str) -> list:
    """Everything a publication's PDFs are made from besides kohyo's code, so an unchanged
    publication costs a lookup: chapter HTML, front matter, settings, CSS, the files beside its
    pages (images) and those kohyo made for them (charts), WeasyPrint, pydyf and the fonts."""
    from ..outputs.document import content_files

    options = options_for(pub)
    css = print_css(project.content_dir / pub.folder / "print.css")
    return [[html_by_src.get(src, "") for src in _sources(pub)], pub.meta, options.__dict__, css,
            site_url, organisation, content_files(project, pub), pub.department.__dict__,
            version("weasyprint"), version("pydyf"), fonts.fingerprint()]


@dataclass(frozen=True)
class Order:
    """What a worker needs to assemble, check and render one publication."""
    pub: object  # Publication
    html_by_src: dict[str, str]
    options: object  # PdfOptions
    css: str
    site_url: str
    image_dirs: tuple[Path, ...]
    organisation: str
    web_out: str
    print_out: str


def allowed_dirs(image_dirs: tuple[Path, ...]) -> tuple[str, ...]:
    """What WeasyPrint may read: content/ and the folder the build put its charts in
    (`image_dirs`) and kohyo's own templates; engine.url_fetcher refuses everything else."""
    return tuple(str(d) for d in image_dirs) + (str(resources.files("kohyo") / "pdf" / "templates"),)


def make(order: Order) -> engine.Outcome:
    """In a worker: the print document, its font check, then the PDFs. Assembling here keeps
    the build process free to hand out the next publication at once."""
    pub, options = order.pub, order.options
    doc = assemble(pub, order.html_by_src, options, order.site_url, order.image_dirs, order.organisation)
    job = engine.Job(
        pub_id=pub.id, html=doc.html, css=order.css, base_url=str(order.image_dirs[0] / pub.folder) + "/",
        web_out=order.web_out, print_out=order.print_out, print_standard=options.print_standard,
        chapters=tuple((c.id, c.src) for c in doc.chapters), toc_targets=tuple(doc.toc_targets),
        bookmarked_headings=doc.bookmarked_headings, allowed_dirs=allowed_dirs(order.image_dirs),
        print_watermark=options.print_watermark, columns=options.columns, paper=options.paper,
        sheet=options.sheet_label if options.sheet else "")
    missing = {src: chars for src, text in sorted(doc.texts.items()) if (chars := fonts.missing_characters(text))}
    if missing:
        return engine.Outcome(job, missing_glyphs=missing)
    return engine.render(job)


def _line_in(project: Project, src: str, needle: str, *more: str) -> int:
    """The line of content file `src` (a page's body, or a print.css) that holds `needle`
    (case ignored), else one of `more`, else the start of `needle`, or 1."""
    page = project.pages.get(src)
    if page is not None:
        first, lines = page.body_line, page.body.lower().splitlines()
    else:
        path = project.content_dir / src
        first, lines = 1, path.read_text(encoding="utf-8").lower().splitlines() if path.is_file() else []
    # The text as laid out may run across inline markup (**強調**): then its start is looked for.
    for part in dict.fromkeys((needle, *more, needle[:6], needle[:3])):
        line = next((first + i for i, ln in enumerate(lines) if part and part.lower() in ln), 0)
        if line:
            return line
    return 1


def _glyph_problems(project: Project, missing: dict[str, list[str]]) -> list[Problem]:
    problems = []
    for src, chars in sorted(missing.items()):
        for char in chars:
            page = project.pages[src]
            lines = page.body.splitlines()
            line = next((page.body_line + i for i, ln in enumerate(lines) if char in ln), 1)
            problems.append(Problem(project.shown(src), line, "pdf-missing-glyph",
                                    f"文字「{char}」（U+{ord(char):04X}）は PDF のフォント（BIZ UD）にないため、"
                                    "PDF で欠けてしまいます。別の文字に置き換えてください。"))
    return problems


def start_pdfs(project: Project, publications: list, html_by_src: dict[str, str], image_dirs: tuple[Path, ...],
               site_url: str, organisation: str, workers: int = 0) -> Callable[[], tuple[dict, list[Problem]]]:
    """Start rendering the web and print PDFs of `publications` in worker processes; the
    function returned waits for them: ({(variant, publication id): (bytes, pages)}, problems).
    A publication with a problem has no PDF. Between the two calls the build process is free
    to make the other formats (Word, PowerPoint), which would otherwise wait for the PDFs."""
    running: list[tuple[str, Future]] = []
    # Largest first, so the longest render never starts last; workers render while the next
    # publication is assembled here.
    publications = sorted(publications, key=lambda p: -sum(len(html_by_src.get(c.src, "")) for c in p.chapters))
    held = contextlib.ExitStack()  # the workers and their output folder, until finish()
    try:
        tmp = held.enter_context(tempfile.TemporaryDirectory(prefix="kohyo-pdf-"))
        pool = held.enter_context(_Pool(workers))
        for pub in publications:
            options = options_for(pub)
            css = print_css(project.content_dir / pub.folder / "print.css")
            order = Order(pub=pub, html_by_src={src: html_by_src[src] for src in _sources(pub) if src in html_by_src},
                          options=options, css=css, site_url=site_url, image_dirs=image_dirs,
                          organisation=organisation, web_out=str(Path(tmp) / f"{pub.id}-web.pdf"),
                          print_out=str(Path(tmp) / f"{pub.id}-print.pdf") if options.print_pdf else "")
            running.append((pub.id, pool.submit(make, order)))
    except BaseException:
        held.close()
        raise

    def finish() -> tuple[dict, list[Problem]]:
        with held:
            return _collect(project, running)
    return finish


def _collect(project: Project, running: list[tuple[str, Future]]) -> tuple[dict, list[Problem]]:
    made: dict[tuple[str, str], tuple[bytes, int]] = {}
    problems: list[Problem] = []
    index_src = {pub.id: pub.index.src for pub in project.publications}
    folder = {pub.id: pub.folder for pub in project.publications}
    for pub_id, future in running:
        outcome = future.result()
        if outcome.missing_glyphs:
            problems += _glyph_problems(project, outcome.missing_glyphs)
            continue
        job = outcome.job
        for code, src, message, *needle in outcome.problems:
            src = src or index_src[job.pub_id]
            line = _line_in(project, src, *needle) if any(needle) else 1
            problems.append(Problem(project.shown(src), line, code, f"「{job.pub_id}」の PDF: {message}"))
        for src, needle, message in outcome.warnings:
            log.warning("%s:%d: 「%s」の PDF: %s", project.shown(src), _line_in(project, src, needle),
                        job.pub_id, message)
        for src, needle, message in outcome.refused:
            src = src or index_src[job.pub_id]
            if src == engine.PRINT_CSS:
                src = f"{folder[job.pub_id]}/print.css".lstrip("/")
            problems.append(Problem(project.shown(src), _line_in(project, src, needle), "pdf-resource",
                                    f"「{job.pub_id}」の PDF: {message}"))
        if not outcome.problems and not outcome.refused:
            for variant, out in (("web", job.web_out), ("print", job.print_out)):
                if out:
                    made[(variant, pub_id)] = (Path(out).read_bytes(), outcome.pages)
    return made, problems


def _warm() -> None:
    import weasyprint  # noqa: F401 - a worker imports it while the pool hands out the publications


class _Pool:
    """Worker processes (one per core), started only when a publication needs rendering.

    Always processes, even for one publication: a worker forks to write the print PDF
    (engine.render), which the build process itself must not do.
    """

    def __init__(self, workers: int):
        self.workers = workers or os.cpu_count() or 1
        self.pool: ProcessPoolExecutor | None = None

    def submit(self, fn, *args) -> Future:
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_warm)
        return self.pool.submit(fn, *args)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.pool is not None:
            self.pool.shutdown()

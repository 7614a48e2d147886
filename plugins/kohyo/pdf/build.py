"""Build every publication's PDFs: assemble, check fonts, render in parallel, cache by content.

A PDF is rendered again only when something it is made from changed (see _inputs_key); an
unchanged publication is neither assembled nor rendered, only copied from the cache.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from importlib.metadata import version  # not `import weasyprint`: that alone costs most of a warm build
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
    for name in ("engine.py", "assemble.py", "continued.py", "tables.py", "watermark.py", "marks.py", "tags.py", "templates/document.html.j2", "templates/print.css"):
        h.update((resources.files("kohyo") / "pdf" / name).read_bytes())
    return h.hexdigest()


def _sources(pub) -> list[str]:
    """The pages a publication's PDF is made from: its index.md (the introduction), then its chapters."""
    return [pub.index.src] + [c.src for c in pub.chapters]


def _inputs_key(pub, html_by_src: dict[str, str], options, css: str, site_url: str, organisation: str,
                project: Project) -> str:
    """Everything a publication's PDFs are made from, hashed before any work is done, so an
    unchanged publication costs a lookup: chapter HTML, front matter, settings, CSS, the files
    beside its pages (images) and those kohyo made for them (charts), kohyo's PDF code,
    WeasyPrint, pydyf and the fonts."""
    folder = project.content_dir / pub.folder
    files = sorted((p.relative_to(folder).as_posix(), p.stat().st_size, p.stat().st_mtime_ns)
                   for p in folder.rglob("*") if p.is_file() and p.suffix != ".md")
    files += project.assets_under(pub.folder)
    payload = json.dumps([[html_by_src.get(src, "") for src in _sources(pub)], pub.meta, options.__dict__, css,
                          site_url, organisation, files, pub.department.__dict__,
                          version("weasyprint"), version("pydyf"), fonts.fingerprint(), _code_fingerprint()],
                         default=str, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


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
    """What WeasyPrint may read: content/ and the staged site (`image_dirs`, charts are drawn
    into the site) and kohyo's own templates; engine.url_fetcher refuses everything else."""
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


def build_pdfs(project: Project, html_by_src: dict[str, str], site_dir: Path, print_dir: Path,
               cache_dir: Path, site_url: str, organisation: str, workers: int = 0) -> PdfBuild:
    result = PdfBuild()
    outputs: list[tuple[str, str, str, Path]] = []  # (publication id, variant, cached file, final path)
    running: list[tuple[engine.Job, str, Future]] = []  # publications being rendered, with cache key
    cache_dir.mkdir(parents=True, exist_ok=True)
    # Largest first, so the longest render never starts last; workers render while the next
    # publication is assembled here.
    publications = sorted(project.publications, key=lambda p: -sum(len(html_by_src.get(c.src, "")) for c in p.chapters))
    with _Pool(workers) as pool:
        for pub in publications:
            options = options_for(pub)
            if not options.enabled:
                continue
            css = print_css(project.content_dir / pub.folder / "print.css")
            key = _inputs_key(pub, html_by_src, options, css, site_url, organisation, project)
            outputs.append((pub.id, "web", f"{key}-web.pdf", site_dir / pub.index.url / f"{pub.id}.pdf"))
            if options.print_pdf:
                outputs.append((pub.id, "print", f"{key}-print.pdf", print_dir / f"{pub.id}-print.pdf"))
            if (cache_dir / f"{key}.json").exists():
                continue
            order = Order(pub=pub, html_by_src={src: html_by_src[src] for src in _sources(pub) if src in html_by_src},
                          options=options, css=css, site_url=site_url, image_dirs=(project.content_dir, site_dir),
                          organisation=organisation, web_out=str(cache_dir / f"{key}-web.rendering"),
                          print_out=str(cache_dir / f"{key}-print.rendering") if options.print_pdf else "")
            running.append((pub.id, key, pool.submit(make, order)))

        index_src = {pub.id: pub.index.src for pub in project.publications}
        folder = {pub.id: pub.folder for pub in project.publications}
        for pub_id, key, future in running:
            outcome = future.result()
            if outcome.missing_glyphs:
                result.problems += _glyph_problems(project, outcome.missing_glyphs)
                continue
            job = outcome.job
            for code, src, message, *needle in outcome.problems:
                src = src or index_src[job.pub_id]
                line = _line_in(project, src, *needle) if any(needle) else 1
                result.problems.append(Problem(project.shown(src), line, code, f"「{job.pub_id}」の PDF: {message}"))
            for src, needle, message in outcome.warnings:
                log.warning("%s:%d: 「%s」の PDF: %s", project.shown(src), _line_in(project, src, needle),
                            job.pub_id, message)
            for src, needle, message in outcome.refused:
                src = src or index_src[job.pub_id]
                if src == engine.PRINT_CSS:
                    src = f"{folder[job.pub_id]}/print.css".lstrip("/")
                result.problems.append(Problem(project.shown(src), _line_in(project, src, needle), "pdf-resource",
                                               f"「{job.pub_id}」の PDF: {message}"))
            if not outcome.problems and not outcome.refused:
                for out in (job.web_out, job.print_out):
                    if out:
                        os.replace(out, out.removesuffix(".rendering") + ".pdf")
                (cache_dir / f"{key}.json").write_text(json.dumps({"pages": outcome.pages}))
                result.rendered += 1
    if result.problems:
        return result

    for pub_id, variant, cached, final in outputs:
        final.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(cache_dir / cached, final)
        pages = json.loads((cache_dir / f"{cached.rsplit('-', 1)[0]}.json").read_text())["pages"]
        url = final.relative_to(site_dir).as_posix() if variant == "web" else ""
        result.files.setdefault(pub_id, []).append(PdfFile(variant, final, url, final.stat().st_size, pages))
    result.reused = len({p for p, _, _, _ in outputs}) - result.rendered
    _prune(cache_dir, {cached.rsplit("-", 1)[0] for _, _, cached, _ in outputs})
    log.info("PDF: 公表物 %d 件（新たに作成 %d 件、前回から再利用 %d 件）、ファイル %d 個",
             len({p for p, _, _, _ in outputs}), result.rendered, result.reused, len(outputs))
    return result


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


def _prune(cache_dir: Path, keep: set[str]) -> None:
    """Drop cache entries no current publication uses, so the cache stays the size of one build."""
    for path in cache_dir.iterdir():
        if path.is_file() and path.name.split(".", 1)[0].removesuffix("-web").removesuffix("-print") not in keep:
            path.unlink()

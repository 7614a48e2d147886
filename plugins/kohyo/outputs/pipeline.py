"""Make every output the registry lists: look each up in the cache by what it is made from,
render only the missing ones (a format renders all of its own at once), stage them."""

from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..site import Download, download_label
from .cache import Cache, cache_key
from .format import MEETING, PUBLICATION, RESULTS, Context, Format, Rendered, Settings, subject_id

log = logging.getLogger("mkdocs.plugins.kohyo")

_COUNTED = {PUBLICATION: "公表物", RESULTS: "意見募集の結果", MEETING: "会議"}


@dataclass(frozen=True)
class OutputFile:
    format: str
    owner: str  # whose downloads list it joins (a publication id, "<consultation>-results", a meeting src)
    path: str  # site-relative; for a print file, its name in the print folder
    data: bytes
    in_site: bool
    label: str
    download: str  # site.Download.kind
    pages: int | None = None

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass
class Made:
    files: list[OutputFile] = field(default_factory=list)
    problems: list = field(default_factory=list)
    rendered: dict[str, int] = field(default_factory=dict)  # format -> outputs rendered by this build
    reused: dict[str, int] = field(default_factory=dict)  # format -> outputs taken from the cache
    cache: Cache | None = None

    def downloads(self) -> dict[str, list[Download]]:
        """The site's download links, in registry order for each owner."""
        out: dict[str, list[Download]] = {}
        for f in self.files:
            if f.in_site and f.format != "minutes":
                out.setdefault(f.owner, []).append(Download(f.label, f.path, f.download))
        return out

    def commit(self) -> None:
        if self.cache is not None:
            self.cache.commit()

    def discard(self) -> None:
        if self.cache is not None:
            self.cache.discard()


def _subjects(project, kind: str) -> list:
    if kind == PUBLICATION:
        return list(project.publications)
    if kind == RESULTS:
        return list(project.consultations)
    return [page for pub in project.publications for page in pub.meetings]


def open_cache(cache_dir: Path, site: str = "") -> Cache:
    """The build's one content-hash cache: charts, then every output format. One folder per
    site: a build prunes what it did not use, and the project's sites are built one by one."""
    _drop_legacy(cache_dir)
    return Cache(cache_dir / "outputs" / (site or "site"))


def _drop_legacy(cache_dir: Path) -> None:
    """The per-format caches before this one (PDFs at the top, word/, powerpoint/, charts/): never read again."""
    for name in ("word", "powerpoint", "charts"):
        shutil.rmtree(cache_dir / name, ignore_errors=True)
    for folder in (cache_dir, cache_dir / "outputs"):  # (outputs/: one cache for all sites, before)
        if folder.is_dir():
            for path in folder.iterdir():
                if path.is_file() and path.suffix in (".pdf", ".json", ".rendering", ".out"):
                    path.unlink()


def make(project, html_by_src: dict[str, str], settings: Settings, formats: list[Format] | None = None) -> Made:
    """Every output of the project that the settings switch on. New cache entries stay staged
    until `Made.commit()` (after the privacy guard passed)."""
    from .registry import FORMATS

    formats = FORMATS if formats is None else formats
    by_name = {f.name: f for f in formats}
    made = Made()
    if settings.cache is not None:
        made.cache = settings.cache
    elif settings.cache_dir is not None:
        made.cache = open_cache(settings.cache_dir)
    # The charts kohyo drew, for the formats to read as files: a folder of this build's own,
    # never the site being written (MkDocs writes them there from project.assets).
    with tempfile.TemporaryDirectory(prefix="kohyo-charts-") as charts:
        for rel, data in project.assets.items():
            (Path(charts) / rel).parent.mkdir(parents=True, exist_ok=True)
            (Path(charts) / rel).write_bytes(data)
        ctx = Context(project, html_by_src, settings, (project.content_dir, Path(charts)))
        wanted: list[tuple[Format, object, str]] = []
        for fmt in formats:
            if not all(s in settings.switches for s in fmt.switch):
                continue
            for subject in _subjects(project, fmt.subject):
                if fmt.applies(subject, ctx):
                    wanted.append((fmt, subject, cache_key(fmt.name, fmt.key_parts(subject, ctx), fmt.code)))
        found: dict[tuple[str, str], Rendered] = {}
        todo: dict[str, dict[str, object]] = {}  # rendering format -> subjects it must render
        for fmt, subject, key in wanted:
            sid = subject_id(fmt, subject)
            hit = made.cache.get(key) if made.cache is not None else None
            if hit is not None:
                found[(fmt.name, sid)] = Rendered(hit[0], hit[1].get("pages"))
                made.reused[fmt.name] = made.reused.get(fmt.name, 0) + 1
            else:
                todo.setdefault(fmt.rendered_by or fmt.name, {})[sid] = subject
        fresh: dict[tuple[str, str], Rendered] = {}
        # Background formats start first: their workers run while this process makes the others.
        waiting = {name: by_name[name].render(list(subjects.values()), ctx)
                   for name, subjects in todo.items() if by_name[name].in_background}
        results = {}
        try:
            for name, subjects in todo.items():
                if name not in waiting:
                    results[name] = by_name[name].render(list(subjects.values()), ctx)
        finally:  # the workers are always waited for and shut down
            results |= {name: wait() for name, wait in waiting.items()}
        for name in todo:
            outputs, problems = results[name]
            made.problems += problems
            fresh.update({k: v for k, v in outputs.items() if k not in found})
    for fmt, subject, key in wanted:
        sid = subject_id(fmt, subject)
        if (fmt.name, sid) in fresh:
            out = found[(fmt.name, sid)] = fresh[(fmt.name, sid)]
            made.rendered[fmt.name] = made.rendered.get(fmt.name, 0) + 1
            if made.cache is not None:
                made.cache.stage(key, out.data, {"pages": out.pages})
        out = found.get((fmt.name, sid))
        if out is None:  # it failed: its problem says why
            continue
        made.files.append(OutputFile(
            fmt.name, fmt.owner(subject), fmt.place(subject), out.data, fmt.in_site,
            download_label(fmt.kind, len(out.data), out.pages, purpose=fmt.purpose), fmt.download, out.pages))
    _report(made, wanted, formats)
    return made


def _report(made: Made, wanted: list, formats: list[Format]) -> None:
    """One line per rendering format: how many of its subjects were made again."""
    for fmt in formats:
        if fmt.rendered_by:
            continue
        family = {f.name for f in formats if f.name == fmt.name or f.rendered_by == fmt.name}
        mine = [(f, subject_id(f, s)) for f, s, _ in wanted if f.name in family]
        if not mine:
            continue
        subjects = {sid for _, sid in mine}
        rendered = made.rendered.get(fmt.name, 0)
        log.info("%s: %s %d 件（新たに作成 %d 件、前回から再利用 %d 件）、ファイル %d 個", fmt.kind,
                 _COUNTED[fmt.subject], len(subjects), rendered, len(subjects) - rendered, len(mine))

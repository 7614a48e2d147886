"""The publishing pipeline: the stages of a build, in order, with what each hands the next.

    0. before_listing     nothing in content/ may make listing it endless or reach outside it
    1. load_and_validate  the model, every content check, the privacy guard on the sources
    2. derived_files      files made from the model that the site serves beside the pages
       (the site renders each page's Markdown here: MkDocs does it between its events)
    3. number             figure and table numbers, and the references to them, in the pages' HTML
    4. outputs            PDF, Word, PowerPoint, results and minutes files (kohyo.outputs registry)
    5. guard              the finished outputs scanned for submitters' data, the site's links followed

No stage knows MkDocs: the adapter (kohyo/mkdocs/plugin.py) calls one stage per MkDocs event
and turns what it returns into MkDocs' objects; `kohyo check` and the staff commands call
load_and_validate, so they see the content exactly as a build does.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .model.project import Project
from .problems import WARN_UNTIL_BUILD, Problem
from .render.markdown import Renderer

log = logging.getLogger("mkdocs.plugins.kohyo")


# 0. ----------------------------------------------------------------------------------------------

def before_listing(root: Path, content_dir: Path, skip=()) -> list[Problem]:
    """Symbolic links in content/: a link to a parent folder would make walking it endless, one
    to outside content/ would publish what is there. (load() reports them too, for `kohyo check`.)"""
    from .model.loader import symlink_problems

    return symlink_problems(root, content_dir, skip)


# 1. ----------------------------------------------------------------------------------------------

@dataclass
class Loaded:
    project: Project
    guard: object  # kohyo.privacy.fingerprints.Loaded: the matcher the guard stage scans with
    problems: list[Problem]  # stop the build
    guard_warnings: list[Problem] = field(default_factory=list)  # the guard cannot match (no key)
    held: list[Problem] = field(default_factory=list)  # WARN_UNTIL_BUILD: stop a build, not a preview
    cache: object = None  # kohyo.outputs.cache.Cache: the outputs stage goes on with it


def load_and_validate(root: Path, content_dir: Path, build_date, renderer: Renderer, cache_dir: Path | None, *,
                      publishing: bool, inspect_html=None, skip=None, organisation: str | None = None,
                      site: str = "") -> Loaded:
    """Load content and check all of it. `publishing` (a build, whose outputs can leave this
    machine): every problem stops it. Otherwise (a preview, `kohyo check`, staff commands) the
    guard's own setup problems and stand-in text are set apart, for the caller to show.
    `inspect_html` is a preview's memo of HTML inspections (kohyo.memo.MemoRenderer.inspect);
    `skip`: the folders of the project's other sites (kohyo.sites)."""
    from . import privacy
    from .check import load_checked

    from .outputs.pipeline import open_cache

    extra = {"inspect_html": inspect_html} if inspect_html is not None else {}
    # One content-hash cache for the whole build: charts are drawn into it here, the output
    # formats use it after rendering, and its new entries are kept only once the guard passed.
    cache = open_cache(cache_dir, site) if cache_dir is not None else None
    project, problems = load_checked(root, content_dir, build_date, renderer, cache, skip=skip,
                                     organisation=organisation, **extra)
    # Submitters' data pasted into content is found at once, in a preview too; the outputs are
    # scanned only when they can leave this machine (guard, below).
    guard = privacy.load_guard(project)
    problems += privacy.scan_sources(project, guard)
    loaded = Loaded(project, guard, problems, cache=cache)
    if publishing:
        loaded.problems += guard.problems
    else:  # an editor's machine may not have the key
        loaded.guard_warnings = list(guard.problems)
        loaded.held = [p for p in problems if p.code in WARN_UNTIL_BUILD]
        loaded.problems = [p for p in problems if p.code not in WARN_UNTIL_BUILD]
    return loaded


# 2. ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SiteFile:
    """A file the site serves that no editor wrote: its text or bytes, or the file to copy."""
    path: str  # inside the site, as MkDocs names files ("climate-plan/charts/x.svg")
    content: str | bytes | None = None
    source: Path | None = None


@dataclass(frozen=True)
class Derived:
    files: list[SiteFile]
    center: object  # kohyo.center.views.CenterView, when the site has the center's pages


def derived_files(project: Project, site_url: str, memo=None) -> Derived:
    """Generated pages (consultation results, seminar archive), charts and their data, each
    publication's kept versions byte for byte from versions/ at the URL they were published at,
    and the center's calendars and feed. `memo`: a preview's kohyo.memo.PreviewMemo."""
    files = [SiteFile(src, text) for src, text in sorted(project.generated.items())]
    files += [SiteFile(src, data) for src, data in sorted(project.assets.items())]
    files += [SiteFile(f"{pub.folder}/versions/{version.slug}/{path.name}", source=path)
              for pub in project.publications for version in pub.versions for path in version.files]
    center = None
    if project.center is not None and project.center.info is not None:
        from .center.outputs import center_files
        from .center.views import center_view

        center = center_view(project.center, site_url)
        if memo is None:
            made = center_files(project.center, site_url)
        else:  # the calendars' time zone data alone costs a tenth of a preview's rebuild. The
            # model's repr is the key: its dataclasses print every field, pages' text included.
            made = memo.center.kept((repr(project.center), site_url),
                                    lambda: center_files(project.center, site_url))
        files += [SiteFile(path, data) for path, data in made]
    return Derived(files, center)


# 3. ----------------------------------------------------------------------------------------------

def number(project: Project, html_by_src: dict[str, str]) -> dict[str, str]:
    """Every rendered page with its figures and tables numbered and the references to them
    filled in (across pages: a chapter may cite another's figure)."""
    from .render.numbering import fill_references, number_captions

    labels, numbered = {}, {}
    for src, html in html_by_src.items():
        page = project.pages[src]
        numbered[src], labels[page.url] = number_captions(html, page.chapter_number)
    return {src: fill_references(numbered[src], project.pages[src].url, labels) for src in html_by_src}


# 4. ----------------------------------------------------------------------------------------------

def outputs(project: Project, html_by_src: dict[str, str], settings):
    """Every output format of the registry (kohyo.outputs) made from the numbered pages: what
    changed is rendered, the rest comes from the cache. The new cache entries stay pending until
    the guard stage has passed (Made.commit / Made.discard)."""
    from . import outputs as formats

    return formats.make(project, html_by_src, settings)


# 5. ----------------------------------------------------------------------------------------------

def guard(matcher, written: list[tuple[Path, str]], made, cache_dir: Path, site_dir: Path, base_path: str, *,
          publishing: bool) -> list[Problem]:
    """The staged outputs as the privacy guard reads them and as a browser follows them. Only
    when no private value is found do this build's new outputs enter the cache; a leak drops
    them and the whole cache with them: nothing made from the leaked value outlives this build."""
    from .linkcheck import check_site
    from .privacy.guard import scan_outputs

    problems = []
    if publishing:  # a preview's pages stay in a temporary folder on this machine
        problems = scan_outputs(matcher, written, cache_dir / "guard")
    if problems:
        if made is not None:
            made.discard()
        shutil.rmtree(cache_dir, ignore_errors=True)
    elif made is not None:
        made.commit()
    return problems + check_site(site_dir, base_path)


"""The kohyo MkDocs plugin: validates content first, then gives templates the model."""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import datetime as dt
import functools
import logging
import shutil
from pathlib import Path

import jinja2
from markupsafe import escape
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from .. import accessibility, dates, privacy, site
from ..check import load_checked
from ..consultations.results import SEARCH_LIMIT
from ..problems import WARN_UNTIL_BUILD, format_report
from ..render.markdown import Renderer
from ..render.numbering import fill_references, number_captions
from .config import KohyoConfig

log = logging.getLogger("mkdocs.plugins.kohyo")


class ContentProblems(PluginError):
    """Content failed its checks: nothing is built from it. Carries the problems, so a preview
    can show them in the browser (kohyo/preview.py) as well as in the terminal."""

    def __init__(self, problems, heading: str):
        self.problems = sorted(set(problems))
        super().__init__(heading + "\n" + format_report(self.problems))


_TEMPLATES = {"portal": "portal.html", "publication": "publication.html", "consultation": "consultation.html",
              "consultation-list": "consultations.html",
              # The support center (kohyo.center).
              "center": "center.html", "center-apply": "center-apply.html", "seminar-list": "seminars.html",
              "seminar": "seminar.html", "expert-list": "experts.html", "expert": "expert.html",
              "news-list": "news-list.html", "news": "center-entry.html", "case-list": "cases.html",
              "case": "center-entry.html",
              # A publication's meetings (kohyo.meetings).
              "meeting-list": "meetings.html", "meeting": "meeting.html"}


def renderer_for(config) -> Renderer:
    """The renderer configured exactly as MkDocs renders pages."""
    return Renderer(config.markdown_extensions, config.mdx_configs)


class KohyoPlugin(BasePlugin[KohyoConfig]):
    # MkDocs keeps one plugin instance for every rebuild of `serve`: what one build learns is
    # reset in on_pre_build (_reset), or a page deleted since the last build is looked up again.
    def __init__(self):
        self.serving = False
        self._reset()
        # Serve only, kept across rebuilds on purpose: caches keyed by what they were made from.
        self._renderers = {}  # Markdown configuration -> _MemoRenderer
        self._bytecode = _TemplateBytecode()
        self._center_made = (None, [])  # (key, center_files result)
        self._pages_made = ({}, {})  # (last build's, this build's) rendered pages: key -> _Rendered
        self._site_key = None  # what every page's HTML depends on besides its Markdown

    def _reset(self):
        self._site_key = None
        self.project = None
        self.pages = {}  # src -> MkDocs page, to revisit their HTML once all are rendered
        self.minutes = {}  # meeting src -> its minutes as Word (kohyo.meetings), made with the PDFs
        self.downloads = {}  # publication id -> site.Download list
        self.center = None  # kohyo.center.views.CenterView, when the site has the center's pages
        self.guard = None  # kohyo.privacy.fingerprints.Loaded

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"

    def _stop(self, problems):
        """Content problems stop the build; a preview shows them in the browser until fixed."""
        heading = ("プレビューを更新できません。ブラウザにも同じ内容を表示しています。直して保存すると表示が戻ります:"
                   if self.serving else "コンテンツに問題があるため、ビルドを中止しました:")
        raise ContentProblems(problems, heading)

    def _renderer(self, config) -> Renderer:
        """A preview re-renders, for the checks, only pages whose Markdown changed since the last save."""
        if not self.serving:
            return renderer_for(config)
        key = repr((config.markdown_extensions, config.mdx_configs))
        if key not in self._renderers:
            self._renderers = {key: _MemoRenderer(config.markdown_extensions, config.mdx_configs)}
        renderer = self._renderers[key]
        renderer.next_build()
        return renderer

    def on_config(self, config):
        configured = dt.date.fromisoformat(self.config.build_date) if self.config.build_date else None
        self.build_date = dates.build_date(configured)
        # The site of sites.yml this build makes (kohyo.sites): its identity and content folder.
        from .. import sites

        root = Path(config.config_file_path).parent
        self.site, problems = sites.select(root, self.config.site, config.site_name, config.site_url or "",
                                           config.docs_dir, self.config.organisation)
        if problems:
            raise PluginError("サイトの設定に問題があるため、中止しました:\n" + format_report(problems))
        sites.apply(config, self.site)
        self.config.organisation = self.site.site.publisher or self.config.organisation
        return config

    def on_pre_build(self, *, config):
        """Before MkDocs lists docs_dir: it follows symbolic links, and a link to a parent folder
        would make that walk endless (a link outside content/ would be published)."""
        from ..model.loader import symlink_problems

        self._reset()
        root = Path(config.config_file_path).parent
        problems = symlink_problems(root, Path(config.docs_dir), self.site.skip)
        if problems:
            self._stop(problems)

    @event_priority(100)  # before other plugins see the files: nothing is built from bad content
    def on_files(self, files, *, config):
        from mkdocs.structure.files import File, InclusionLevel

        root = Path(config.config_file_path).parent
        renderer = self._renderer(config)
        with _inspections_kept(renderer):
            self.project, problems = load_checked(root, Path(config.docs_dir), self.build_date, renderer,
                                                  root / self.config.cache_dir, skip=self.site.skip,
                                                  organisation=self.config.organisation)
        for other in self.site.skip:  # another site's pages (kohyo.sites): built by that site
            for file in [f for f in files if f.src_uri.startswith(other + "/")]:
                files.remove(file)
        # Submitters' data pasted into content is shown at once, in a preview too; the outputs
        # are scanned only when they can leave this machine (a build), and a preview without
        # the key only warns: an editor's machine may not have it.
        self.guard = privacy.load_guard(self.project)
        problems += privacy.scan_sources(self.project, self.guard)
        if self.guard.problems and self.serving:
            log.warning("個人情報の照合ができません（公開用のビルドでは止まります）:\n%s", format_report(self.guard.problems))
        else:
            problems += self.guard.problems
        if self.serving:  # stand-in text is what a page being written has: a preview shows it
            problems = [p for p in problems if p.code not in WARN_UNTIL_BUILD]
        if problems:
            # Before anything is made from content that failed its checks, a preview included:
            # the templates and outputs trust the model (a page missing its status or date would
            # fail deep inside them), and the browser shows the problems instead (preview.py).
            self._stop(problems)
        for src in sorted(self.project.drafts):  # scaffold text left: previewed by serve, never published
            if (draft := files.get_file_from_path(src)) is not None:
                draft.inclusion = InclusionLevel.DRAFT
        for src, text in sorted(self.project.generated.items()):  # consultation results, seminar archive
            files.append(File.generated(config, src, content=text))
        for src, data in sorted(self.project.assets.items()):  # charts and their data
            files.append(File.generated(config, src, content=data))
        self._add_kept_versions(files, config)
        if self.project.center is not None and self.project.center.info is not None:
            from ..center.outputs import center_files
            from ..center.views import center_view

            self.center = center_view(self.project.center, config.site_url or "")
            for path, data in self._center_files(center_files, config.site_url or ""):  # calendars, feed
                files.append(File.generated(config, path, content=data))
        return files

    def _add_kept_versions(self, files, config):
        """The files of each kept version (kohyo.versions), byte for byte from versions/, at the
        URL they were published at; the privacy guard scans them with the rest of the site."""
        from mkdocs.structure.files import File

        for pub in self.project.publications:
            for version in pub.versions:
                for path in version.files:
                    files.append(File.generated(config, f"{pub.folder}/versions/{version.slug}/{path.name}",
                                                abs_src_path=str(path)))

    def _center_files(self, make, site_url):
        """A preview keeps the calendars and feed while the center's content is unchanged (the
        calendars' time zone data alone costs a tenth of a rebuild). The key is the model's
        repr: its dataclasses print every field, pages' text included."""
        if not self.serving:
            return make(self.project.center, site_url)
        key = (repr(self.project.center), site_url)
        if self._center_made[0] != key:
            self._center_made = (key, make(self.project.center, site_url))
        return self._center_made[1]

    def on_pre_page(self, page, *, config, files):
        """A preview renders again only pages whose Markdown changed (or every page, when the
        set of files or the Markdown configuration did: links are resolved against them)."""
        if self.serving:
            page.render = functools.partial(self._render_kept, page, page.render)
        return page

    def _render_kept(self, page, render, config, files):
        if self._site_key is None:
            self._pages_made = (self._pages_made[1], {})
            self._site_key = repr((config.markdown_extensions, config.mdx_configs, config.use_directory_urls,
                                   sorted((f.src_uri, f.url) for f in files)))
        key = (self._site_key, page.file.src_uri, page.markdown)
        made = self._pages_made[1].get(key) or self._pages_made[0].get(key)
        if made is None:
            render(config, files)
            made = _Rendered(page.content, copy.deepcopy(page.toc), page._title_from_render,
                             frozenset(page.present_anchor_ids or ()),
                             {f.src_uri: dict(links) for f, links in (page.links_to_anchors or {}).items()})
        else:
            page.content, page.toc, page._title_from_render = made.content, copy.deepcopy(made.toc), made.title
            page.present_anchor_ids = set(made.anchor_ids)
            page.links_to_anchors = {files.get_file_from_path(src): dict(links)
                                     for src, links in made.links.items() if files.get_file_from_path(src)}
        self._pages_made[1][key] = made

    def on_nav(self, nav, *, config, files):
        def model_of(item):
            return self._page_of(item.file.src_uri if getattr(item, "file", None) else _index_src(item))

        def order_of(item) -> int:
            page = model_of(item)
            return page.meta.get("order", 0) if page is not None else 0

        def name_sections(items):
            for item in items:
                page = model_of(item)
                if item.is_section:
                    if page is not None:  # named after its index page, not its folder ("climate-plan")
                        item.title = escape(page.meta.get("short_title") or page.title)  # Material prints it as HTML
                    # The index page stays first (navigation.indexes); the rest follow `order`, then
                    # file names (a stable sort: chapters, which have no order, keep their order).
                    item.children.sort(key=lambda child: (getattr(getattr(child, "file", None), "name", "") != "index",
                                                          order_of(child)))
                    name_sections(item.children)

        removed = _take_out_posts(nav, self.project) if self.project else []
        name_sections(nav.items)
        nav.items.sort(key=lambda item: (
            (page := model_of(item)) is None or page.type != "portal", page.meta.get("order", 0) if page else 0))
        _group_publications(nav, lambda item: (page := model_of(item)) is not None and page.type == "publication")
        _relink(nav)
        if self.project:
            _link_posts(removed, self.project, nav)
        return nav

    def on_page_markdown(self, markdown, *, page, config, files):
        model = self._page_of(page.file.src_uri)
        if model is not None and model.markdown is not None:  # charts expanded
            markdown = model.source
        if accessibility.MARKER in markdown:
            markdown = markdown.replace(accessibility.MARKER, accessibility.results_markdown(
                Path(config.docs_dir), config.site_url or ""))
        if model is not None and model.generated and self._opinions_on(model) > SEARCH_LIMIT:
            # Thousands of opinions would swell the search index every reader downloads; the
            # page says so and the CSV holds them all.
            page.meta["search"] = {"exclude": True}
        if model is not None:
            page.meta["title"] = model.display_title
            # Material's templates print page.meta (title, description, subtitle) and page.title
            # raw into HTML, <title>, the navigation and the search index, which MkDocs' Jinja
            # never escapes. Every text becomes escaped Markup once, here: HTML shows it as the
            # editor wrote it, and `| e` or autoescape leave Markup alone (no `&amp;amp;`).
            for key, value in page.meta.items():
                if isinstance(value, str) and key != "template":  # a file name, not text
                    page.meta[key] = escape(value)
            if model.type in _TEMPLATES:
                page.meta.setdefault("template", _TEMPLATES[model.type])
        return markdown

    def on_page_content(self, html, *, page, config, files):
        if self._page_of(page.file.src_uri) is not None:
            self.pages[page.file.src_uri] = page
        return html

    def on_env(self, env, *, config, files):
        """Every page is rendered, no template yet: number figures, then make the PDFs."""
        env.filters["wareki"] = dates.format_date
        env.autoescape = _autoescaped(config)
        if self.serving:  # templates compiled once per preview, not on every save
            env.bytecode_cache = self._bytecode
        if self.project is None:
            return env
        labels, numbered = {}, {}
        for src, page in self.pages.items():
            model = self.project.pages[src]
            numbered[src], labels[model.url] = number_captions(page.content, model.chapter_number)
        for src, page in self.pages.items():
            page.content = fill_references(numbered[src], self.project.pages[src].url, labels)
        self.downloads = {}
        if self.config.pdf and (not self.serving or self.config.pdf_on_serve):
            # Charts are written to the site now, so the PDFs and Word files take the very
            # files the site serves (MkDocs writes the same bytes again later).
            for rel, data in self.project.assets.items():
                (Path(config.site_dir) / rel).parent.mkdir(parents=True, exist_ok=True)
                (Path(config.site_dir) / rel).write_bytes(data)
            self._build_pdfs(config)
            if self.config.word:
                self._build_word(config)
            self._build_powerpoint(config)
        self._write_results_csv(config)
        self.minutes = {}
        if not self.serving:  # one pandoc run per meeting: made by builds, not on every preview save
            from ..meetings import build_minutes

            self.minutes = build_minutes(self.project, {src: p.content for src, p in self.pages.items()},
                                         Path(config.site_dir), config.site_url or "")
        return env

    def _write_results_csv(self, config):
        """The published opinions as CSV (UTF-8 with BOM) and as an Excel workbook."""
        from ..consultations.results import results_csv
        from ..consultations.stats import compute
        from ..office.results_docx import results_docx
        from ..office.xlsx import consultation_workbook

        for c in self.project.consultations:
            if f"{c.folder}/results.md" not in self.project.pages:
                continue
            folder = Path(config.site_dir) / c.page.url
            folder.mkdir(parents=True, exist_ok=True)
            stats = compute(c, c.sections)
            outputs = (("results.xlsx", "Excel", "xlsx", consultation_workbook(c, c.sections, stats)),
                       ("results.csv", "CSV", "csv", results_csv(c, c.sections)),
                       ("results.docx", "Word", "docx", results_docx(c, c.sections, stats)))
            for name, label, kind, data in outputs:
                (folder / name).write_bytes(data)
                self.downloads.setdefault(f"{c.id}-results", []).append(site.Download(
                    f"意見の概要と市の考え方（{label}：{-(-len(data) // 1024):,}KB）", f"{c.page.url}{name}", kind))

    def _build_pdfs(self, config):
        from ..pdf.build import build_pdfs

        site_dir = Path(config.site_dir)
        root = Path(config.config_file_path).parent
        print_dir = Path(self.config.print_dir) if self.config.print_dir else site_dir.parent / "print"
        result = build_pdfs(self.project, {src: p.content for src, p in self.pages.items()}, site_dir,
                            root / print_dir, root / self.config.cache_dir, config.site_url or "",
                            self.config.organisation, self.config.workers)
        if result.problems:
            report = format_report(result.problems)
            if self.serving:
                log.warning("PDF を作れませんでした:\n%s", report)
                return
            raise PluginError("PDF を作れなかったため、ビルドを中止しました:\n" + report)
        self.downloads = {
            pub_id: [site.Download(site.download_label("PDF", f.size, f.pages), f.url, "pdf")
                     for f in files if f.variant == "web"]
            for pub_id, files in result.files.items()}

    def _build_word(self, config):
        """Editable Word files, made with the PDFs (they cost as much to make)."""
        from ..office.docx import build_word

        root = Path(config.config_file_path).parent
        site_dir = Path(config.site_dir)
        made = build_word(self.project, {src: p.content for src, p in self.pages.items()}, site_dir,
                          root / self.config.cache_dir / "word", config.site_url or "")
        for pub_id, (path, size) in sorted(made.items()):
            self.downloads.setdefault(pub_id, []).append(site.Download(
                site.download_label("Word", size, purpose="編集用"), path.relative_to(site_dir).as_posix(), "docx"))

    def _build_powerpoint(self, config):
        """Editable slides of publications with `powerpoint: true`, cached like the Word files."""
        from ..office import pptx

        root = Path(config.config_file_path).parent
        site_dir = Path(config.site_dir)
        made, problems = pptx.build_powerpoint(self.project, {src: p.content for src, p in self.pages.items()},
                                               site_dir, root / self.config.cache_dir / "powerpoint",
                                               config.site_url or "", self.config.organisation)
        if problems and not self.serving:
            raise PluginError("PowerPoint ファイルを作れなかったため、ビルドを中止しました:\n" + format_report(problems))
        if problems:
            log.warning("PowerPoint ファイルを作れませんでした:\n%s", format_report(problems))
        for pub_id, (path, size) in sorted(made.items()):
            self.downloads.setdefault(pub_id, []).append(site.Download(
                pptx.label(size), path.relative_to(site_dir).as_posix(), "pptx"))

    def on_post_build(self, *, config):
        """The staged outputs, as a browser follows them and as the privacy guard reads them: any
        broken link or submitter's private data stops the switch to the new build."""
        from urllib.parse import urlsplit

        from ..linkcheck import check_site
        from ..privacy.guard import scan_outputs

        site_dir = Path(config.site_dir)
        root = Path(config.config_file_path).parent
        outputs = [(site_dir, "site")]
        if self.config.print_dir:
            outputs.append((Path(self.config.print_dir), "print"))
        problems = []
        if not self.serving:  # a preview's pages stay in a temporary folder on this machine
            problems = scan_outputs(self.guard.matcher, outputs, root / self.config.cache_dir / "guard")
        if problems:
            # Whatever was made from the leaked value must not outlive this build, cache included.
            shutil.rmtree(root / self.config.cache_dir, ignore_errors=True)
        problems += check_site(site_dir, urlsplit(config.site_url or "/").path or "/")
        if not problems:
            return
        report = format_report(problems)
        if self.serving:
            log.warning("出来上がったサイトに問題があります:\n%s", report)
        else:
            raise PluginError("出来上がったサイトに問題があるため、ビルドを中止しました:\n" + report)

    def on_page_context(self, context, *, page, config, nav):
        model = self._page_of(page.file.src_uri)
        context["kohyo_page"] = site.page_view(model, self.downloads) if model else None
        context["kohyo_publications"] = (site.portal_publications(self.project, self.downloads)
                                         if self.project else [])
        context["kohyo_footer"] = site.footer_links(self.project) if self.project else []
        if self.project is not None:
            context["kohyo_consultations"] = [site.consultation_view(c, self.project, self.downloads)
                                              for c in self.project.consultations]
            context["kohyo_consultation"] = next((v for v in context["kohyo_consultations"]
                                                  if model is not None and v.url == model.url), None)
            context["kohyo_section_opinions"] = site.section_opinions(self.project, model) if model else []
            # The results page lists the same downloads as its consultation's page.
            context["kohyo_results"] = next((v for v in context["kohyo_consultations"]
                                             if model is not None and v.results_url and v.results_url == model.url), None)
        if self.project is not None and model is not None:
            from ..meetings import meeting_view, meetings_of, publication_of

            minutes = self.minutes
            context["kohyo_meetings"] = meetings_of(publication_of(self.project, model), minutes)
            context["kohyo_meeting"] = meeting_view(model, minutes) if model.type == "meeting" else None
            context["kohyo_meetings_url"] = next((p.meeting_list.url for p in self.project.publications
                                                  if p.meeting_list is not None and
                                                  (p is publication_of(self.project, model))), "")
        context["kohyo_center"] = self.center
        context["kohyo_item"] = self.center.items.get(model.src) if self.center and model else None
        return context

    def _opinions_on(self, model) -> int:
        return next((len(c.opinions) for c in self.project.consultations if model.src.startswith(c.folder + "/")), 0)

    def _page_of(self, src):
        return self.project.pages.get(src) if self.project and src else None


@dataclasses.dataclass(frozen=True)
class _Rendered:
    """What MkDocs' Page.render leaves on a page."""
    content: str
    toc: object
    title: str | None
    anchor_ids: frozenset
    links: dict  # src_uri of the linked file -> {anchor: link as written}


class _MemoRenderer(Renderer):
    """The check renderer of a preview: Markdown is a function of the text alone (charts are
    expanded into it before), and what the checks read from the HTML a function of the HTML,
    so an unchanged page keeps both from the last build. Only the last build's pages are kept."""

    def __init__(self, extensions, extension_configs):
        super().__init__(extensions, extension_configs)
        self._last, self._now = {}, {}

    def next_build(self):
        self._last, self._now = self._now, {}

    def _kept(self, key, make):
        value = self._now.get(key)
        if value is None:
            value = self._last.get(key)
        if value is None:
            value = make(key)
        self._now[key] = value
        return value

    def render(self, text: str) -> str:
        return self._kept(("html", text), lambda key: super(_MemoRenderer, self).render(text))

    def inspect(self, html: str):
        from ..render.inspect import inspect

        return self._kept(("inspection", html), lambda key: inspect(html))


@contextlib.contextmanager
def _inspections_kept(renderer):
    """check.py inspects each page's HTML (ids, links, images, raw HTML): half of a preview's
    rebuild. A preview lends it the renderer's memo for the duration of load_checked.
    (Cleaner, once check.py is free to change: a memo parameter on load_checked.)"""
    from .. import check

    if not isinstance(renderer, _MemoRenderer) or not hasattr(check, "inspect"):
        yield
        return
    original, check.inspect = check.inspect, renderer.inspect
    try:
        yield
    finally:
        check.inspect = original


class _TemplateBytecode(jinja2.BytecodeCache):
    """Compiled templates kept in memory between a preview's rebuilds (MkDocs makes a new Jinja
    environment for each); Jinja checks each entry against its template's source."""

    def __init__(self):
        self._store = {}

    def load_bytecode(self, bucket):
        if bucket.key in self._store:
            bucket.bytecode_from_string(self._store[bucket.key])

    def dump_bytecode(self, bucket):
        self._store[bucket.key] = bucket.bytecode_to_string()


def _autoescaped(config):
    """Autoescape for kohyo's own templates (overrides/), off for Material's, which are written
    for MkDocs' environment without it. Ours print model text (titles, venues, speakers) in
    dozens of places: escaped by default, a forgotten `| e` cannot make editor text markup;
    the few HTML values (page body, Material blocks) are marked `| safe` where they are printed."""
    root = Path(config.theme.custom_dir) if config.theme.custom_dir else None
    ours = frozenset(p.relative_to(root).as_posix() for p in root.rglob("*.html")) if root and root.is_dir() else frozenset()
    return lambda name: name in ours


# --- on_nav: posts out of the navigation, publications under one tab (kohyo.navigation) -------

def _take_out_posts(nav, project) -> list:
    """Remove the posts and archive pages from the navigation (they are still built, searched and
    listed), and the sections left empty. Returns the removed pages, with their parents as
    MkDocs set them."""
    from ..navigation import outside_nav

    out = outside_nav(project)
    removed = []

    def prune(items):
        kept = []
        for item in items:
            if item.is_page and getattr(item, "file", None) is not None and item.file.src_uri in out:
                removed.append(item)
            elif item.is_section:
                item.children = prune(item.children)
                if item.children:
                    kept.append(item)
            else:
                kept.append(item)
        return kept

    nav.items = prune(nav.items)
    return removed


def _link_posts(removed, project, nav) -> None:
    """A removed page's breadcrumb goes to the nearest section still in the navigation (the news
    section, not a bare 'archive/2026' folder); its previous / next links stay within its
    collection, oldest first (MkDocs had set them from file order)."""
    from ..navigation import sequences

    for page in removed:
        parent = page.parent
        while parent is not None and not _in_nav(parent, nav):
            parent = parent.parent
        page.parent = parent
        page.previous_page = page.next_page = None
    by_src = {page.file.src_uri: page for page in removed}
    for srcs in sequences(project):
        chain = [by_src[src] for src in srcs if src in by_src]
        for before, page, after in zip([None] + chain[:-1], chain, chain[1:] + [None]):
            page.previous_page, page.next_page = before, after


def _in_nav(section, nav) -> bool:
    """A section still reachable from the navigation: every ancestor still holds it."""
    while section.parent is not None:
        if not any(child is section for child in section.parent.children):
            return False
        section = section.parent
    return any(item is section for item in nav.items)


def _group_publications(nav, is_publication) -> None:
    """Every publication's section under one tab, placed where the first one sorted."""
    from mkdocs.structure.nav import Section

    from ..navigation import PUBLICATIONS_TAB

    found = [item for item in nav.items if item.is_section and is_publication(item)]
    if not found:
        return
    group = Section(PUBLICATIONS_TAB, found)
    for item in found:
        item.parent = group
    at = nav.items.index(found[0])
    nav.items = [item for item in nav.items if item not in found]
    nav.items.insert(at, group)


def _relink(nav) -> None:
    """Previous / next page links in the order the sorted navigation shows (MkDocs set them
    from file order before on_nav)."""
    pages = []

    def walk(items):
        for item in items:
            if item.is_page:
                pages.append(item)
            elif item.is_section:
                walk(item.children)

    walk(nav.items)
    nav.pages = pages
    for before, page, after in zip([None] + pages[:-1], pages, pages[1:] + [None]):
        page.previous_page, page.next_page = before, after


def _index_src(section) -> str | None:
    """The src of a nav section's index page (Material's navigation.indexes puts it first)."""
    for child in getattr(section, "children", None) or []:
        file = getattr(child, "file", None)
        if file is not None and file.name == "index":
            return file.src_uri
    return None

"""The kohyo MkDocs plugin: a thin adapter. Each event calls one stage of kohyo.pipeline and
turns what it returns into MkDocs' objects (files, navigation, page attributes, template
variables); no stage knows MkDocs."""

from __future__ import annotations

import datetime as dt
import functools
import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from .. import dates, memo, navigation, pipeline, site
from ..problems import format_report
from ..render.markdown import Renderer
from .config import KohyoConfig

log = logging.getLogger("mkdocs.plugins.kohyo")


class ContentProblems(PluginError):
    """Content failed its checks: nothing is built from it. Carries the problems, so a preview
    can show them in the browser (kohyo/preview.py) as well as in the terminal."""

    def __init__(self, problems, heading: str):
        self.problems = sorted(set(problems))
        super().__init__(heading + "\n" + format_report(self.problems))


def _markdown(config) -> tuple:
    return config.markdown_extensions, config.mdx_configs


def renderer_for(config) -> Renderer:
    """The renderer configured exactly as MkDocs renders pages."""
    return Renderer(*_markdown(config))


class KohyoPlugin(BasePlugin[KohyoConfig]):
    # MkDocs keeps one plugin instance for every rebuild of `serve`: what one build learns is
    # reset in on_pre_build (_reset), or a page deleted since the last build is looked up again.
    def __init__(self):
        self.serving = False
        self.memo = memo.PreviewMemo()  # serve only, kept across rebuilds on purpose
        self._reset()

    def _reset(self):
        self.memo.pages.next_build()
        self.project = None
        self.pages = {}  # src -> MkDocs page, to revisit their HTML once all are rendered
        self.minutes = {}  # meeting src -> its minutes as Word (kohyo.meetings), made with the PDFs
        self.made = None  # kohyo.outputs.Made: its new cache entries wait for the privacy guard
        self.cache = None  # kohyo.outputs.cache.Cache: this build's, charts first, then the outputs
        self.downloads = {}  # publication id -> site.Download list
        self.center = None  # kohyo.center.views.CenterView, when the site has the center's pages
        self.guard = None  # kohyo.privacy.fingerprints.Loaded
        self.context = None  # site.SiteContext, made at the first page's template

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"

    def _stop(self, problems):
        """Content problems stop the build; a preview shows them in the browser until fixed."""
        heading = ("プレビューを更新できません。ブラウザにも同じ内容を表示しています。直して保存すると表示が戻ります:"
                   if self.serving else "コンテンツに問題があるため、ビルドを中止しました:")
        raise ContentProblems(problems, heading)

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
        """Before MkDocs lists docs_dir (it follows symbolic links)."""
        self._reset()
        problems = pipeline.before_listing(Path(config.config_file_path).parent, Path(config.docs_dir), self.site.skip)
        if problems:
            self._stop(problems)

    @event_priority(100)  # before other plugins see the files: nothing is built from bad content
    def on_files(self, files, *, config):
        from mkdocs.structure.files import File, InclusionLevel

        root = Path(config.config_file_path).parent
        # A preview re-renders, for the checks, only pages whose Markdown changed since the last save.
        renderer = self.memo.renderer(*_markdown(config)) if self.serving else renderer_for(config)
        loaded = pipeline.load_and_validate(root, Path(config.docs_dir), self.build_date, renderer,
                                            root / self.config.cache_dir, publishing=not self.serving,
                                            inspect_html=renderer.inspect if self.serving else None,
                                            skip=self.site.skip, organisation=self.config.organisation,
                                            site=self.site.site.id)
        self.project, self.guard, self.cache = loaded.project, loaded.guard, loaded.cache
        for other in self.site.skip:  # another site's pages (kohyo.sites): built by that site
            for file in [f for f in files if f.src_uri.startswith(other + "/")]:
                files.remove(file)
        if loaded.guard_warnings:
            log.warning("個人情報の照合ができません（公開用のビルドでは止まります）:\n%s", format_report(loaded.guard_warnings))
        if loaded.problems:  # the templates and outputs trust the model; a preview shows the problems
            self._stop(loaded.problems)
        for src in sorted(self.project.drafts):  # scaffold text left: previewed by serve, never published
            if (draft := files.get_file_from_path(src)) is not None:
                draft.inclusion = InclusionLevel.DRAFT
        derived = pipeline.derived_files(self.project, config.site_url or "", self.memo if self.serving else None)
        self.center = derived.center
        for f in derived.files:
            files.append(File.generated(config, f.path, content=f.content, abs_src_path=f.source and str(f.source)))
        return files

    def on_pre_page(self, page, *, config, files):
        if self.serving:  # a preview renders again only pages whose Markdown changed (kohyo.memo.PageMemo)
            page.render = functools.partial(self._render_kept, page, page.render)
        return page

    def _render_kept(self, page, render, config, files):
        def make():
            render(config, files)
            return memo.Rendered.of(page.content, page.toc, page._title_from_render, page.present_anchor_ids,
                                    {f.src_uri: links for f, links in (page.links_to_anchors or {}).items()})

        def site_key():  # what every page's HTML depends on besides its Markdown
            return *_markdown(config), config.use_directory_urls, sorted((f.src_uri, f.url) for f in files)

        made, fresh = self.memo.pages.kept(site_key, page.file.src_uri, page.markdown, make)
        if not fresh:
            page.content, page.toc, page._title_from_render = made.content, made.fresh_toc(), made.title
            page.present_anchor_ids = set(made.anchor_ids)
            page.links_to_anchors = {files.get_file_from_path(src): dict(links)
                                     for src, links in made.links.items() if files.get_file_from_path(src)}

    def on_nav(self, nav, *, config, files):
        from mkdocs.structure.nav import Section

        navigation.arrange(nav, self.project, Section)
        return nav

    def on_page_markdown(self, markdown, *, page, config, files):
        model = self._page_of(page.file.src_uri)
        if model is not None:
            site.page_meta(self.project, model, page.meta)
        return site.page_markdown(model, markdown, Path(config.docs_dir), config.site_url or "")

    def on_page_content(self, html, *, page, config, files):
        if self._page_of(page.file.src_uri) is not None:
            self.pages[page.file.src_uri] = page
        return html

    def on_env(self, env, *, config, files):
        """Every page is rendered, no template yet: number figures, then make the outputs (PDF, Word…)."""
        env.filters["wareki"] = dates.format_date
        env.autoescape = site.autoescaped(config.theme.custom_dir)
        if self.serving:  # templates compiled once per preview, not on every save
            env.bytecode_cache = self.memo.bytecode
        if self.project is None:
            return env
        numbered = pipeline.number(self.project, {src: p.content for src, p in self.pages.items()})
        for src, page in self.pages.items():
            page.content = numbered[src]
        self.downloads, self.minutes = self._make_outputs(files, config)
        return env

    def _make_outputs(self, files, config):
        """PDFs, Word, PowerPoint, the consultations' results and the meetings' minutes
        (kohyo.outputs), registered as files of the site: MkDocs writes them with the rest, and
        the privacy guard reads them there. Print PDFs go to the print folder, not the site."""
        from mkdocs.structure.files import File

        from .. import outputs

        root = Path(config.config_file_path).parent
        switches = set()
        if self.config.pdf and (not self.serving or self.config.pdf_on_serve):
            switches |= {"pdf", "word"} if self.config.word else {"pdf"}
        if not self.serving:  # one pandoc run per meeting: made by builds, not on every preview save
            switches.add("minutes")
        settings = outputs.Settings(site_url=config.site_url or "", organisation=self.config.organisation,
                                    cache_dir=root / self.config.cache_dir, cache=self.cache, workers=self.config.workers,
                                    switches=frozenset(switches))
        self.made = pipeline.outputs(self.project, {src: p.content for src, p in self.pages.items()}, settings)
        if self.made.problems:
            report = format_report(self.made.problems)
            if not self.serving:
                self.made.discard()
                raise PluginError("ファイル（PDF・Word・PowerPoint など）を作れなかったため、ビルドを中止しました:\n"
                                  + report)
            log.warning("ファイル（PDF・Word・PowerPoint など）を作れませんでした:\n%s", report)
        site_dir = Path(config.site_dir)
        print_dir = root / (Path(self.config.print_dir) if self.config.print_dir else site_dir.parent / "print")
        for out in self.made.files:
            if out.in_site:
                files.append(File.generated(config, out.path, content=out.data))
            else:
                print_dir.mkdir(parents=True, exist_ok=True)
                (print_dir / out.path).write_bytes(out.data)
        minutes = {f.owner: (f.path, f.size) for f in self.made.files if f.format == "minutes"}
        return self.made.downloads(), minutes

    def on_post_build(self, *, config):
        """The staged outputs, as a browser follows them and as the privacy guard reads them: any
        broken link or submitter's private data stops the switch to the new build."""
        from urllib.parse import urlsplit

        site_dir = Path(config.site_dir)
        root = Path(config.config_file_path).parent
        written = [(site_dir, "site")]
        if self.config.print_dir:
            written.append((Path(self.config.print_dir), "print"))
        made, self.made = self.made, None
        problems = pipeline.guard(self.guard.matcher, written, made, root / self.config.cache_dir, site_dir,
                                  urlsplit(config.site_url or "/").path or "/", publishing=not self.serving)
        if not problems:
            return
        report = format_report(problems)
        if self.serving:
            log.warning("出来上がったサイトに問題があります:\n%s", report)
        else:
            raise PluginError("出来上がったサイトに問題があるため、ビルドを中止しました:\n" + report)

    def on_page_context(self, context, *, page, config, nav):
        if self.context is None and self.project is not None:  # once a build: the downloads are known
            self.context = site.site_context(self.project, self.downloads, self.minutes, self.center)
        context.update(site.page_context(self.context, self._page_of(page.file.src_uri)))
        return context

    def _page_of(self, src):
        return self.project.pages.get(src) if self.project and src else None

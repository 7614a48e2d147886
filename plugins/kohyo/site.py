"""What the site templates show beyond the page body, computed from the model (no MkDocs).

Every string here is plain text as the editor wrote it, never HTML: kohyo's templates are
autoescaped, so escaping here would show `&amp;` on the page."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import format_date
from .model import schema
from .model.project import Department, Page, Project, Publication


@dataclass(frozen=True)
class Download:
    label: str  # 全文（PDF：1,234KB／48ページ）
    url: str  # site-relative
    kind: str  # "pdf", "docx", "xlsx", "csv"


def download_label(kind: str, size: int, pages: int | None = None, purpose: str = "全文") -> str:
    """The municipal convention: format, size in KB and page count next to every download link."""
    kb = f"{max(1, -(-size // 1024)):,}KB"
    return f"{purpose}（{kind}：{kb}" + (f"／{pages}ページ）" if pages else "）")


@dataclass(frozen=True)
class VersionView:
    """One kept version (kohyo.versions), served from versions/ at a URL that never changes."""
    stage: str
    date: str  # 和暦
    slug: str
    downloads: tuple[Download, ...]
    current: bool  # the version the page now shows


@dataclass(frozen=True)
class PublicationView:
    id: str
    url: str
    title: str
    subtitle: str
    status: str
    is_draft: bool
    published: str
    updated: str
    department: Department
    description: str
    chapters: tuple[tuple[str, str], ...]  # (display title, url)
    downloads: tuple[Download, ...] = ()
    short_title: str = ""  # names the publication in its chapters' <title>
    versions: tuple[VersionView, ...] = ()  # これまでの版, oldest first
    previous: VersionView | None = None  # the version before the one now shown
    shinkyu_url: str = ""  # the generated 新旧対照表


@dataclass(frozen=True)
class PageView:
    title: str
    type: str
    updated: str | None
    department: Department | None
    publication: PublicationView | None


def publication_view(pub: Publication, downloads: dict | None = None) -> PublicationView:
    return PublicationView(
        id=pub.id, url=pub.index.url, title=pub.title, subtitle=pub.meta.get("subtitle", ""),
        status=pub.status, is_draft=pub.is_draft,
        published=format_date(pub.published), updated=format_date(pub.updated),
        department=pub.department, description=pub.meta.get("description", ""),
        chapters=tuple((c.display_title, c.url) for c in pub.chapters),
        downloads=tuple((downloads or {}).get(pub.id, ())),
        short_title=pub.short_title,
        **_versions(pub),
    )


def version_downloads(pub: Publication, version) -> tuple[Download, ...]:
    from .versions import kind_of

    base = f"{pub.index.url}versions/{version.slug}/"
    return tuple(Download(download_label(kind_of(f), f.stat().st_size, purpose=f"{version.stage}"),
                          base + f.name, f.suffix.lstrip(".").lower()) for f in version.files)


def _versions(pub: Publication) -> dict:
    views = tuple(VersionView(v.stage, format_date(v.date, weekday=False), v.slug, version_downloads(pub, v),
                              v.stage == pub.status and v.date == pub.published) for v in pub.versions)
    now = next((i for i, v in enumerate(views) if v.current), len(views))
    return {"versions": views, "previous": views[now - 1] if now > 0 else None,
            "shinkyu_url": pub.shinkyu.url if pub.shinkyu is not None else ""}


def page_view(page: Page, downloads: dict | None = None) -> PageView:
    return PageView(
        title=page.display_title, type=page.type,
        updated=format_date(page.updated) if page.updated else None,
        department=page.department,
        publication=publication_view(page.publication, downloads) if page.publication else None,
    )


def portal_publications(project: Project, downloads: dict | None = None) -> list[PublicationView]:
    return [publication_view(p, downloads) for p in project.publications if p.plans]


@dataclass(frozen=True)
class ConsultationView:
    title: str
    url: str
    status: str
    period: str  # 令和6年（2024年）12月16日（月曜日）～令和7年（2025年）1月17日（金曜日）（必着）
    end: str
    deadline_rule: str
    channels: tuple[str, ...]
    form_url: str
    department: Department
    targets: tuple[PublicationView, ...]
    opinions: int
    submitters: int
    results_url: str
    downloads: tuple[Download, ...]
    closed: bool = False  # past its end date: the drafts it targets say so and link the results
    documents: tuple["ConsultedDocument", ...] = ()  # what was consulted on, as it was then


@dataclass(frozen=True)
class ConsultedDocument:
    """A document a consultation asked about, as citizens read it: once the publication has moved
    on, its kept draft (kohyo.versions), with a link to the current text beside it."""
    title: str
    url: str
    downloads: tuple[Download, ...]
    current_title: str = ""  # set when the document has moved on from the draft consulted on
    current_url: str = ""
    current_label: str = ""  # 確定した版, 現在の版


def consulted_document(pub: Publication, end, downloads: dict | None = None) -> ConsultedDocument:
    view = publication_view(pub, downloads)
    kept = [v for v in pub.versions if v.is_draft and v.date <= end]
    if pub.is_draft or not kept:
        return ConsultedDocument(view.title, view.url or ".", view.downloads)
    draft = kept[-1]
    index = draft.source / "index.md"
    head = index.read_text(encoding="utf-8").split("\n---", 1)[0] if index.is_file() else ""
    m = re.search(r"^title:\s*(.+?)\s*$", head, re.M)
    files = version_downloads(pub, draft)
    main = next((d.url for d in files if d.kind == "pdf"), files[0].url if files else view.url or ".")
    return ConsultedDocument(m.group(1).strip("\"'") if m else f"{pub.title}（{draft.stage}）", main, files,
                             view.title, view.url or ".", "確定した版" if pub.status == "確定" else "現在の版")


def consultation_view(c, project: Project, downloads: dict | None = None) -> ConsultationView:
    m = c.meta
    rule = m.get("deadline_rule", "必着")
    results = project.pages.get(f"{c.folder}/results.md")
    return ConsultationView(
        title=m["title"], url=c.page.url, status=c.status,
        period=f"{format_date(m['start'])}～{format_date(m['end'])}（{rule}）", end=format_date(m["end"]),
        deadline_rule=rule, channels=tuple(m.get("channels", ())), form_url=m.get("form_url", ""),
        department=c.page.department,
        targets=tuple(publication_view(p, downloads) for t in m.get("targets", ())
                      for p in project.publications if p.id == t),
        opinions=len(c.opinions), submitters=len({o.submission for o in c.opinions}),
        results_url=results.url if results else "",
        downloads=tuple((downloads or {}).get(f"{c.id}-results", ())),
        closed=m["end"] < project.build_date,
        documents=tuple(consulted_document(p, m["end"], downloads) for t in m.get("targets", ())
                        for p in project.publications if p.id == t),
    )


def section_opinions(project: Project, page: Page) -> list[tuple[str, int, str]]:
    """On a page of a consulted draft: (section, published opinions, results URL) for each part."""
    from .consultations.results import anchor, representatives

    out = []
    for c in project.consultations:
        results = project.pages.get(f"{c.folder}/results.md")
        if results is None:
            continue
        counts: dict[str, int] = {}
        for o, similar in representatives(c):  # a group is listed where its first opinion is
            counts[o.target] = counts.get(o.target, 0) + 1 + similar
        for label, section in c.sections.items():
            if section.src == page.src and counts.get(label):
                out.append((section.title, counts[label], f"{results.url}#{anchor(label)}"))
    return out


# The site's own pages linked from every footer, when the project has them.
FOOTER_PAGES = (("accessibility/index.md", "ウェブアクセシビリティ方針"), ("accessibility/results.md", "試験結果"),
                ("guide/index.md", "編集ガイド（職員向け）"))


def footer_links(project: Project) -> list[tuple[str, str]]:
    """(label, site URL) of the footer's links to pages that exist."""
    return [(label, project.pages[src].url) for src, label in FOOTER_PAGES if src in project.pages]


# --- What the adapter hands MkDocs for each page (kohyo.mkdocs.plugin) -------------------------

# The template of each page type with its own layout (page types not listed use Material's).
TEMPLATES = schema.TEMPLATES  # declared by each feature with its page type


def page_markdown(model: Page | None, markdown: str, content_dir, site_url: str) -> str:
    """The Markdown the site renders for a page: with its charts expanded, and the
    accessibility test results where their marker stands."""
    from . import accessibility

    if model is not None and model.markdown is not None:  # charts expanded
        markdown = model.source
    if accessibility.MARKER in markdown:
        markdown = markdown.replace(accessibility.MARKER, accessibility.results_markdown(content_dir, site_url))
    return markdown


def page_meta(project: Project, model: Page, meta: dict) -> None:
    """The page's metadata as the theme prints it, changed in place (MkDocs keeps that dict)."""
    from markupsafe import escape

    from .consultations.results import SEARCH_LIMIT

    if model.generated and next((len(c.opinions) for c in project.consultations
                                 if model.src.startswith(c.folder + "/")), 0) > SEARCH_LIMIT:
        # Thousands of opinions would swell the search index every reader downloads; the
        # page says so and the CSV holds them all.
        meta["search"] = {"exclude": True}
    meta["title"] = model.display_title
    # Material's templates print page.meta (title, description, subtitle) and page.title raw
    # into HTML, <title>, the navigation and the search index, which MkDocs' Jinja never
    # escapes. Every text becomes escaped Markup once, here: HTML shows it as the editor wrote
    # it, and `| e` or autoescape leave Markup alone (no `&amp;amp;`).
    for key, value in meta.items():
        if isinstance(value, str) and key != "template":  # a file name, not text
            meta[key] = escape(value)
    if model.type in TEMPLATES:
        meta.setdefault("template", TEMPLATES[model.type])


def autoescaped(custom_dir) -> object:
    """Autoescape for kohyo's own templates (overrides/), off for Material's, which are written
    for MkDocs' environment without it. Ours print model text (titles, venues, speakers) in
    dozens of places: escaped by default, a forgotten `| e` cannot make editor text markup;
    the few HTML values (page body, Material blocks) are marked `| safe` where they are printed."""
    from pathlib import Path

    root = Path(custom_dir) if custom_dir else None
    ours = frozenset(p.relative_to(root).as_posix() for p in root.rglob("*.html")) if root and root.is_dir() else frozenset()
    return lambda name: name in ours


@dataclass(frozen=True)
class SiteContext:
    """What every page's template may show, made once a build (once the downloads are known)."""
    project: Project
    downloads: dict
    minutes: dict  # meeting src -> its minutes as Word (kohyo.meetings)
    publications: list  # PublicationView of the portal
    footer: list
    consultations: list  # ConsultationView
    section_opinions: dict  # page src -> section_opinions()
    meetings: dict  # id(Publication) -> its MeetingViews
    meeting_pages: dict  # meeting page src -> its MeetingView
    meeting_folders: dict  # meeting-list folder -> its Publication
    center: object  # kohyo.center.views.CenterView, or None


def site_context(project: Project, downloads: dict, minutes: dict, center) -> SiteContext:
    from .meetings import meetings_of

    consulted = {s.src for c in project.consultations if f"{c.folder}/results.md" in project.pages
                 for s in c.sections.values() if s.src in project.pages}
    meetings = {id(p): meetings_of(p, minutes) for p in project.publications}
    folders: dict = {}
    for p in project.publications:
        if p.meeting_list is not None:
            folders.setdefault(p.meeting_list.src.rsplit("/", 1)[0], p)
    return SiteContext(
        project=project, downloads=downloads, minutes=minutes,
        publications=portal_publications(project, downloads), footer=footer_links(project),
        consultations=[consultation_view(c, project, downloads) for c in project.consultations],
        section_opinions={src: section_opinions(project, project.pages[src]) for src in sorted(consulted)},
        meetings=meetings,
        meeting_pages={m.src: view for p in project.publications for m, view in zip(p.meetings, meetings[id(p)])},
        meeting_folders=folders, center=center)


def page_context(site: SiteContext | None, model: Page | None) -> dict:
    """The template variables of one page (`kohyo_…`); `site` is None when no project is loaded."""
    from .meetings import meeting_view, meetings_of

    if site is None:
        return {"kohyo_page": None, "kohyo_publications": [], "kohyo_footer": [], "kohyo_center": None,
                "kohyo_item": None}
    project, downloads, url = site.project, site.downloads, model.url if model is not None else None
    context = {"kohyo_page": page_view(model, downloads) if model else None,
               "kohyo_publications": site.publications, "kohyo_footer": site.footer,
               "kohyo_consultations": site.consultations,
               "kohyo_consultation": next((v for v in site.consultations if v.url == url), None),
               "kohyo_section_opinions": site.section_opinions.get(model.src, []) if model else [],
               # The results page lists the same downloads as its consultation's page.
               "kohyo_results": next((v for v in site.consultations if v.results_url and v.results_url == url),
                                     None)}
    if model is not None:
        # The publication it lists meetings for (meetings.publication_of): its own, or its folder's.
        pub = model.publication if model.type == "publication" else site.meeting_folders.get(
            model.src.rsplit("/", 1)[0])
        context["kohyo_meetings"] = site.meetings[id(pub)] if id(pub) in site.meetings else meetings_of(pub, site.minutes)
        context["kohyo_meeting"] = None if model.type != "meeting" else (
            site.meeting_pages.get(model.src) or meeting_view(model, site.minutes))
        context["kohyo_meetings_url"] = (pub.meeting_list.url if pub is not None and pub.meeting_list is not None
                                         and id(pub) in site.meetings else "")
    context["kohyo_center"] = site.center
    context["kohyo_item"] = site.center.items.get(model.src) if site.center and model else None
    return context

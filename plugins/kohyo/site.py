"""What the site templates show beyond the page body, computed from the model (no MkDocs).

Every string here is plain text as the editor wrote it, never HTML: kohyo's templates are
autoescaped, so escaping here would show `&amp;` on the page."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import format_date
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

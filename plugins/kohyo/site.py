"""What the site templates show beyond the page body, computed from the model (no MkDocs)."""

from __future__ import annotations

from dataclasses import dataclass

from .dates import format_date
from .model.project import Department, Page, Project, Publication


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


@dataclass(frozen=True)
class PageView:
    title: str
    type: str
    updated: str | None
    department: Department | None
    publication: PublicationView | None


def publication_view(pub: Publication) -> PublicationView:
    return PublicationView(
        id=pub.id, url=pub.index.url, title=pub.title, subtitle=pub.meta.get("subtitle", ""),
        status=pub.status, is_draft=pub.is_draft,
        published=format_date(pub.published), updated=format_date(pub.updated),
        department=pub.department, description=pub.meta.get("description", ""),
        chapters=tuple((c.display_title, c.url) for c in pub.chapters),
    )


def page_view(page: Page) -> PageView:
    return PageView(
        title=page.display_title, type=page.type,
        updated=format_date(page.updated) if page.updated else None,
        department=page.department,
        publication=publication_view(page.publication) if page.publication else None,
    )


def portal_publications(project: Project) -> list[PublicationView]:
    return [publication_view(p) for p in project.publications]

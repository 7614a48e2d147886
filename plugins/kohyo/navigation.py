"""What the site navigation holds and in what order, decided from the model (no MkDocs: the
adapter's on_nav calls `arrange`).

Material prints the whole navigation into every page. Posts that pile up with the years
(news, seminars, support cases, Q&A sets listed on an index page) and the generated archive
pages would make every page grow with their number, and the site with its square: they stay
out of the navigation, as Material's blog plugin keeps posts out of it, and are reached from
their list and archive pages (and searched). Publications share one tab, so that twenty of
them do not push the section tabs off a 1280 px screen.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from markupsafe import escape

from .model.project import Project

POST_TYPES = frozenset({"news", "seminar", "case"})
PUBLICATIONS_TAB = "計画・公表資料"  # the one tab holding every publication


def outside_nav(project: Project) -> frozenset[str]:
    """Srcs of pages built and searchable but left out of the navigation."""
    out = {src for src, page in project.pages.items()
           if page.type in POST_TYPES or (page.type == "qa" and _listed(project, src))}
    if project.center is not None:
        out |= project.center.archive_pages
    return frozenset(out)


def _listed(project: Project, src: str) -> bool:
    """A Q&A set linked from its folder's index page (a bid's Q&A on the bids page) is reached
    there; one that no index lists (the center's よくある質問) stays in the navigation."""
    path = PurePosixPath(src)
    if path.name == "index.md":
        return False
    index = project.pages.get(str(path.parent / "index.md")) if str(path.parent) != "." else project.pages.get(
        "index.md")
    return index is not None and re.search(r"\]\(\s*<?" + re.escape(path.name) + r"[#)>\s]", index.body) is not None


def sequences(project: Project) -> list[list[str]]:
    """Each collection in reading order, oldest first: previous / next links of its posts."""
    center = project.center
    if center is None:
        return []
    return [[s.page.src for s in center.seminars], [p.src for p in reversed(center.news)],
            [p.src for p in reversed(center.cases)]]


# --- Applied to the navigation MkDocs made (the adapter's on_nav) -------------------------------
# Items are duck-typed as MkDocs' nav items: `.is_section`, `.is_page`, `.children`, `.file`
# (`.src_uri`, `.name`), `.parent`, `.title`, `.previous_page` / `.next_page`; the navigation has
# `.items` and `.pages`. The adapter passes `new_section(title, children)` for the one section made here.

def arrange(nav, project: Project | None, new_section) -> None:
    """Posts out, sections named after their index pages and sorted, the portal first, the
    publications under one tab, previous / next links in the order shown."""
    removed = take_out_posts(nav, project) if project else []
    by_src = project.pages if project else {}

    def model_of(item):
        src = item.file.src_uri if getattr(item, "file", None) else index_src(item)
        return by_src.get(src) if src else None

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

    name_sections(nav.items)
    # The site's home page first (a portal, or the center's own page when the center is a site
    # of its own), then `order`.
    nav.items.sort(key=lambda item: (
        (page := model_of(item)) is None or not (page.type == "portal" or page.src == "index.md"),
        page.meta.get("order", 0) if page else 0))
    group_publications(nav, lambda item: (page := model_of(item)) is not None and page.type == "publication",
                       new_section)
    relink(nav)
    if project:
        link_posts(removed, project, nav)


def take_out_posts(nav, project: Project) -> list:
    """Remove the posts and archive pages from the navigation (they are still built, searched and
    listed), and the sections left empty. Returns the removed pages, with their parents as
    MkDocs set them."""
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


def link_posts(removed: list, project: Project, nav) -> None:
    """A removed page's breadcrumb goes to the nearest section still in the navigation (the news
    section, not a bare 'archive/2026' folder); its previous / next links stay within its
    collection, oldest first (MkDocs had set them from file order)."""
    for page in removed:
        parent = page.parent
        while parent is not None and not in_nav(parent, nav):
            parent = parent.parent
        page.parent = parent
        page.previous_page = page.next_page = None
    by_src = {page.file.src_uri: page for page in removed}
    for srcs in sequences(project):
        chain = [by_src[src] for src in srcs if src in by_src]
        for before, page, after in zip([None] + chain[:-1], chain, chain[1:] + [None]):
            page.previous_page, page.next_page = before, after


def in_nav(section, nav) -> bool:
    """A section still reachable from the navigation: every ancestor still holds it."""
    while section.parent is not None:
        if not any(child is section for child in section.parent.children):
            return False
        section = section.parent
    return any(item is section for item in nav.items)


def group_publications(nav, is_publication, new_section) -> None:
    """Every publication's section under one tab, placed where the first one sorted."""
    found = [item for item in nav.items if item.is_section and is_publication(item)]
    if not found:
        return
    group = new_section(PUBLICATIONS_TAB, found)
    for item in found:
        item.parent = group
    at = nav.items.index(found[0])
    nav.items = [item for item in nav.items if item not in found]
    nav.items.insert(at, group)


def relink(nav) -> None:
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


def index_src(section) -> str | None:
    """The src of a nav section's index page (Material's navigation.indexes puts it first)."""
    for child in getattr(section, "children", None) or []:
        file = getattr(child, "file", None)
        if file is not None and file.name == "index":
            return file.src_uri
    return None

"""What the site navigation holds, decided from the model (no MkDocs; the adapter's on_nav applies it).

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

"""The center's generated files beside its pages: calendars (.ics), the news feed (Atom) and
the registration export for the national site (JSON, CSV)."""

from __future__ import annotations

from .calendar import all_ics, seminar_ics
from .export import export_files
from .feed import atom, feed_path
from .model import Center


def center_files(center: Center, site_url: str) -> list[tuple[str, bytes]]:
    """(site path, content) of every file; the site's link check and privacy guard see them."""
    out = [(s.ics, seminar_ics(center, s, site_url)) for s in center.seminars]
    listing = center.lists.get("seminar-list")
    if listing is not None:
        out.append((f"{listing.url}seminars.ics", all_ics(center, site_url)))
    if feed_path(center):
        out.append((feed_path(center), atom(center, site_url)))
    return out + export_files(center, site_url)

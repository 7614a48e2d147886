"""iCalendar files: one per seminar and one for all, for readers' calendar applications.

Every text passes through `feed.plain`: iCalendar TEXT allows no control characters (icalendar
writes them as they are), and line breaks are escaped by icalendar itself.

Deterministic: UIDs come from the seminar's file name and the site's host, DTSTAMP from the
seminar's `updated` date, never from the clock, so an unchanged seminar gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
from urllib.parse import urljoin, urlsplit

import icalendar

from .feed import plain
from .model import CANCELLED, Center, Seminar

PRODID = "-//City of Sapporo//kohyo//JA"


def uid(seminar: Seminar, site_url: str) -> str:
    host = urlsplit(site_url).hostname or "localhost"
    return f"seminar-{seminar.id}@{host}"


def _event(seminar: Seminar, site_url: str, organiser: icalendar.vCalAddress) -> icalendar.Event:
    m = seminar.meta
    page = urljoin(site_url, seminar.page.url)
    event = icalendar.Event()
    event.add("uid", uid(seminar, site_url))
    updated = seminar.page.updated or m["apply_start"]
    event.add("dtstamp", dt.datetime.combine(updated, dt.time(), dt.timezone.utc))
    event.add("dtstart", seminar.start)
    event.add("dtend", seminar.end)
    event.add("summary", plain(seminar.page.title))
    place = [m.get("venue", ""), m.get("venue_address", "")] if seminar.on_site else []
    if seminar.online:
        place.append("オンライン")
    event.add("location", plain("　".join(p for p in place if p)))
    event.add("description", plain(f"{m['description']}\n詳細・申込み: {page}"))
    event.add("url", page)
    event.add("organizer", organiser)
    event.add("status", "CANCELLED" if seminar.note == CANCELLED else "CONFIRMED")
    return event


def _calendar(name: str, events: list[icalendar.Event]) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", plain(name))
    cal.add("x-wr-timezone", "Asia/Tokyo")
    for event in events:
        cal.add_component(event)
    for tzid in sorted(cal.get_missing_tzids()):  # VTIMEZONE for Asia/Tokyo, so every DTSTART;TZID resolves
        cal.subcomponents.insert(len(cal.timezones), icalendar.Timezone.from_ical(_timezone(tzid)))
    return cal.to_ical()


@functools.lru_cache(maxsize=None)
def _timezone(tzid: str) -> bytes:
    """What Calendar.add_missing_timezones adds, made once: icalendar walks the zone's
    transitions from 1970 to 2038 for each calendar (a twentieth of a second, 300 seminars
    took 15 s). The component does not depend on the calendar's events."""
    return icalendar.Timezone.from_tzid(tzid).to_ical()


def _organiser(center: Center) -> icalendar.vCalAddress:
    d = center.info.department
    address = icalendar.vCalAddress(f"mailto:{d.email}")
    address.params["cn"] = icalendar.vText(plain(d.name))
    return address


def seminar_ics(center: Center, seminar: Seminar, site_url: str) -> bytes:
    return _calendar(seminar.page.title, [_event(seminar, site_url, _organiser(center))])


def all_ics(center: Center, site_url: str) -> bytes:
    name = f"{center.info.department.name} セミナー・相談会"
    return _calendar(name, [_event(s, site_url, _organiser(center)) for s in center.seminars])

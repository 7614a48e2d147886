"""schema.org Event data of a seminar, embedded in its page as JSON-LD for search engines."""

from __future__ import annotations

from urllib.parse import urljoin

from .forms import FormLink
from .model import CANCELLED, CLOSED, ENDED, FULL, NOT_YET, Center, Seminar

S = "https://schema.org/"
_MODES = {"会場": "OfflineEventAttendanceMode", "オンライン": "OnlineEventAttendanceMode",
          "会場・オンライン": "MixedEventAttendanceMode"}
_AVAILABILITY = {"": "InStock", FULL: "SoldOut", NOT_YET: "PreOrder", CLOSED: "Discontinued",
                 CANCELLED: "Discontinued"}


def event(center: Center, seminar: Seminar, site_url: str, form: FormLink) -> dict:
    m = seminar.meta
    page = urljoin(site_url, seminar.page.url)
    d = center.info.department
    locations = []
    if seminar.on_site:
        locations.append({"@type": "Place", "name": m.get("venue", ""),
                          "address": {"@type": "PostalAddress", "streetAddress": m.get("venue_address", ""),
                                      "addressRegion": "北海道", "addressCountry": "JP"}})
    if seminar.online:
        locations.append({"@type": "VirtualLocation", "url": page})
    availability = "Discontinued" if seminar.status == ENDED else _AVAILABILITY[seminar.note]
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": seminar.page.title,
        "description": m["description"],
        "startDate": seminar.start.isoformat(),
        "endDate": seminar.end.isoformat(),
        "eventStatus": S + ("EventCancelled" if seminar.note == CANCELLED else "EventScheduled"),
        "eventAttendanceMode": S + _MODES[m["format"]],
        "location": locations[0] if len(locations) == 1 else locations,
        "organizer": {"@type": "Organization", "name": d.name, "url": urljoin(site_url, center.landing.url)
                      if center.landing else site_url, "telephone": d.tel, "email": d.email},
        "offers": {"@type": "Offer", "price": m.get("fee", 0), "priceCurrency": "JPY",
                   "availability": S + availability, "validFrom": m["apply_start"].isoformat(),
                   "url": page if form.by_mail else form.url},
        "url": page,
        "inLanguage": "ja",
    }
    if "capacity" in m:
        data["maximumAttendeeCapacity"] = m["capacity"]
    if "audience" in m:
        data["audience"] = {"@type": "BusinessAudience", "audienceType": m["audience"]}
    if "speaker" in m:
        data["performer"] = {"@type": "Person", "name": m["speaker"]}
    return data

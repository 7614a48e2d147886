"""The center's information for registration with the national center's site.

The specification (第5の7(2)③) has the operator register the center's contents — its
information, services, experts, seminars and news — on opening and at every update, in a
format "to be announced". This module is the one place that maps kohyo's model to that
export, so a new format changes only FIELDS and the writers below.

Two files are built with the site: JSON (everything, nested) and CSV (one row per item, for
a spreadsheet). Each item says what changed since the last registration: staff run
`kohyo center registered` after registering, which records a fingerprint of every item in
content/_data/center-registered.json (committed); the next build marks items 追加 / 変更 /
変更なし and lists what was removed.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from urllib.parse import urljoin

from ..model.loader import DATA_DIR
from .model import Center

SNAPSHOT = f"{DATA_DIR}/center-registered.json"
JSON_FILE, CSV_FILE = "registration.json", "registration.csv"
KINDS = {"center": "センター", "service": "支援内容", "expert": "専門家", "seminar": "セミナー", "news": "お知らせ"}
ADDED, CHANGED, SAME, REMOVED = "追加", "変更", "変更なし", "削除"


def _center(center: Center, site_url: str) -> list[dict]:
    info, dep = center.info, center.info.department
    return [{"id": "center", "title": dep.name, "url": urljoin(site_url, center.landing.url if center.landing else ""),
             "address": dep.address, "tel": dep.tel, "fax": dep.fax, "email": dep.email,
             "hours": [{"label": label, "time": time} for label, time in info.hours],
             "access_url": urljoin(site_url, info.access_url) if info.access_url else "", "map_link": info.map_link,
             "forms": {kind: url for kind, url in sorted(info.forms.items()) if url}}]


def _services(center: Center, site_url: str) -> list[dict]:
    return [{"id": f"service-{i}", "title": s.title, "text": s.text, "url": urljoin(site_url, s.url)}
            for i, s in enumerate(center.info.services, start=1)]


def _experts(center: Center, site_url: str) -> list[dict]:
    return [{"id": e.id, "title": e.page.title, "kana": e.page.meta.get("name_kana", ""), "roles": e.roles,
             "qualifications": list(e.page.meta.get("qualifications", [])), "specialties": e.specialties,
             "description": e.page.meta.get("description", ""), "url": urljoin(site_url, e.page.url)}
            for e in center.experts]


def _seminars(center: Center, site_url: str) -> list[dict]:
    out = []
    for s in center.seminars:
        m = s.meta
        out.append({"id": s.id, "title": s.page.title, "start": s.start.isoformat(), "end": s.end.isoformat(),
                    "format": m.get("format", ""), "venue": m.get("venue", ""), "capacity": m.get("capacity"),
                    "fee": m.get("fee"), "audience": m.get("audience", ""), "speaker": m.get("speaker", ""),
                    "apply_start": str(m.get("apply_start", "")), "apply_deadline": str(m.get("apply_deadline", "")),
                    "status": s.status, "note": s.note, "description": m.get("description", ""),
                    "url": urljoin(site_url, s.page.url)})
    return out


def _news(center: Center, site_url: str) -> list[dict]:
    return [{"id": p.src.rsplit("/", 1)[-1].removesuffix(".md"), "title": p.title,
             "category": p.meta.get("category", ""), "published": str(p.meta.get("published", "")),
             "updated": str(p.updated or ""), "url": urljoin(site_url, p.url)} for p in center.news]


FIELDS = {"center": _center, "service": _services, "expert": _experts, "seminar": _seminars, "news": _news}


def _fingerprint(item: dict) -> str:
    return hashlib.sha256(json.dumps(item, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()[:16]


def items(center: Center, site_url: str) -> dict[str, list[dict]]:
    """kind -> the export's items, in the site's order."""
    return {kind: make(center, site_url) for kind, make in FIELDS.items()}


def fingerprints(found: dict[str, list[dict]]) -> dict[str, dict[str, str]]:
    """What `kohyo center registered` records: kind -> item id -> fingerprint."""
    return {kind: {item["id"]: _fingerprint(item) for item in listed} for kind, listed in found.items()}


def export_files(center: Center, site_url: str) -> list[tuple[str, bytes]]:
    """(site path, content) of the JSON and CSV export, beside the center's top page."""
    if center.info is None or center.landing is None:
        return []
    snapshot = center.registered
    found = items(center, site_url)
    before = (snapshot or {}).get("items", {})
    removed = []
    for kind, listed in found.items():
        was = before.get(kind, {})
        for item in listed:
            old = was.get(item["id"])
            item["change"] = ADDED if old is None else SAME if old == _fingerprint(
                {k: v for k, v in item.items() if k != "change"}) else CHANGED
        ids = {item["id"] for item in listed}
        removed += [{"kind": kind, "id": i} for i in sorted(was) if i not in ids]
    data = {"format": "kohyo-center-registration/1", "registered": (snapshot or {}).get("registered"),
            "items": found, "removed": removed}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["種別", "ID", "名称", "日付", "URL", "前回の登録からの変更"])
    for kind, listed in found.items():
        for item in listed:
            day = item.get("start") or item.get("published") or ""
            writer.writerow([KINDS[kind], item["id"], item["title"], day[:10], item["url"], item["change"]])
    for gone in removed:
        writer.writerow([KINDS[gone["kind"]], gone["id"], "", "", "", REMOVED])
    base = center.landing.url
    return [(f"{base}{JSON_FILE}", json.dumps(data, ensure_ascii=False, indent=1, default=str).encode() + b"\n"),
            (f"{base}{CSV_FILE}", ("\ufeff" + buffer.getvalue()).encode("utf-8"))]


def snapshot_text(center: Center, site_url: str, on: str) -> str:
    """The record `kohyo center registered` writes: the date and every item's fingerprint."""
    return json.dumps({"registered": on, "items": fingerprints(items(center, site_url))},
                      ensure_ascii=False, indent=1, sort_keys=True) + "\n"

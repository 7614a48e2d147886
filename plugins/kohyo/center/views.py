"""What the center's templates show, computed once per build from the model (no MkDocs).

URLs are site paths (the templates' `url` filter makes them relative to each page); dates are
already in the city's 和暦（西暦） style with the weekday. Text is plain, never HTML: the
templates are autoescaped, and the same values feed JSON-LD.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..dates import format_date, format_event
from ..model.project import Department, Page
from .schema import COMPANY_SIZES, EXPERT_ROLES, INDUSTRIES, NEWS_CATEGORIES, THEMES
from .archive import PER_PAGE, Archive
from .data import Image, Service, content_path
from .feed import feed_path
from .forms import FormLink, form_link
from .jsonld import event
from .model import ENDED, OPEN, UPCOMING, Center, Seminar

LATEST = 3  # seminars and news on the landing page


def tag_id(prefix: str, vocabulary: tuple[str, ...], value: str) -> str:
    """A stable ASCII anchor for a value of one of the schema's vocabularies: theme-3."""
    return f"{prefix}-{vocabulary.index(value) + 1}"


def _link(page: Page, url: str) -> str:
    return url if "://" in url else content_path(page.src, url)


@dataclass(frozen=True)
class SeminarView:
    id: str
    title: str
    url: str
    status: str
    note: str
    when: str
    format: str
    venue: str
    venue_address: str
    online: bool
    capacity: str
    fee: str
    audience: str
    speaker: str
    apply_start: str
    apply_deadline: str
    description: str
    form: FormLink
    ics: str
    materials: tuple[tuple[str, str], ...]
    archive: tuple[tuple[str, str], ...]
    jsonld: dict


@dataclass(frozen=True)
class ExpertView:
    id: str
    name: str
    kana: str
    url: str
    roles: tuple[str, ...]
    qualifications: tuple[str, ...]
    specialties: tuple[tuple[str, str], ...]  # (label, anchor)
    photo: Image | None
    description: str


@dataclass(frozen=True)
class EntryView:
    """A news post or a case: a dated page with tags."""
    title: str
    url: str
    date: str
    description: str
    tags: tuple[tuple[str, str], ...]  # (label, anchor), category first for news


@dataclass
class CenterView:
    department: Department
    map: Image | None
    map_link: str
    photos: list[Image]
    hours: list[tuple[str, str]]
    services: list[Service]
    forms: dict[str, FormLink]
    as_of: str  # the build date the seminars' statuses are computed for
    urls: dict[str, str]  # landing, apply, seminar-list, expert-list, news-list, case-list, archive, feed, ics
    seminars: dict[str, list[SeminarView]] = field(default_factory=dict)  # by status
    experts_by_role: list[tuple[str, list[ExpertView]]] = field(default_factory=list)
    experts_by_specialty: list[tuple[str, str, list[ExpertView]]] = field(default_factory=list)
    news: list[EntryView] = field(default_factory=list)
    news_by_category: list[tuple[str, str, list[EntryView]]] = field(default_factory=list)
    cases: list[EntryView] = field(default_factory=list)
    case_tags: list[tuple[str, list[tuple[str, str, list[EntryView]]]]] = field(default_factory=list)
    items: dict[str, object] = field(default_factory=dict)  # page src -> its SeminarView / ExpertView / EntryView
    # Paged archives (center.archive): the news list shows the newest PER_PAGE and links these.
    news_by_year: list[Archive] = field(default_factory=list)
    news_archive_by_category: list[Archive] = field(default_factory=list)
    seminar_years: list[Archive] = field(default_factory=list)

    @property
    def newest_news(self) -> list[EntryView]:
        return self.news[:PER_PAGE]

    @property
    def open_seminars(self) -> list[SeminarView]:
        return self.seminars[OPEN][:LATEST]

    @property
    def case_tag_labels(self) -> list[str]:
        return [label for _, groups in self.case_tags for label, _, _ in groups]

    @property
    def latest_news(self) -> list[EntryView]:
        return self.news[:LATEST]


def seminar_view(center: Center, s: Seminar, site_url: str) -> SeminarView:
    m, page = s.meta, s.page
    form = form_link(center.info, "seminar", f"セミナーの申込み：{page.title}（{format_date(s.start.date())}）",
                     m.get("apply_url", ""))
    fee = m.get("fee", 0)
    return SeminarView(
        id=s.id, title=page.title, url=page.url, status=s.status, note=s.note, when=format_event(s.start, s.end),
        format=m["format"], venue=m.get("venue", "") if s.on_site else "", venue_address=m.get("venue_address", ""),
        online=s.online, capacity=f"{m['capacity']:,}人" if "capacity" in m else "", fee=f"{fee:,}円" if fee else "無料",
        audience=m.get("audience", ""), speaker=m.get("speaker", ""), apply_start=format_date(m["apply_start"]),
        apply_deadline=format_date(m["apply_deadline"]), description=m["description"], form=form, ics=s.ics,
        materials=tuple((i["title"], _link(page, i["url"])) for i in m.get("materials", [])),
        archive=tuple((i["title"], i["url"]) for i in m.get("archive", [])),
        jsonld=event(center, s, site_url, form))


def expert_view(e) -> ExpertView:
    m = e.page.meta
    return ExpertView(id=e.id, name=e.page.title, kana=m.get("name_kana", ""), url=e.page.url,
                      roles=tuple(e.roles), qualifications=tuple(m.get("qualifications", [])),
                      specialties=tuple((t, tag_id("specialty", THEMES, t)) for t in e.specialties),
                      photo=e.photo, description=m.get("description", ""))


def news_view(page: Page) -> EntryView:
    c = page.meta["category"]
    return EntryView(page.title, page.url, format_date(page.meta["published"]), page.meta["description"],
                     ((c, tag_id("category", NEWS_CATEGORIES, c)),))


def case_view(page: Page) -> EntryView:
    m = page.meta
    tags = [(m["industry"], tag_id("industry", INDUSTRIES, m["industry"])),
            (m["company_size"], tag_id("size", COMPANY_SIZES, m["company_size"]))]
    tags += [(t, tag_id("theme", THEMES, t)) for t in THEMES if t in m["themes"]]
    return EntryView(page.title, page.url, format_date(m["published"]), m["description"], tuple(tags))


def _grouped(entries, vocabulary: tuple[str, ...], prefix: str, has) -> list:
    """(label, anchor, entries) for every value of a vocabulary that some entry has."""
    out = []
    for value in vocabulary:
        found = [e for e in entries if has(e, value)]
        if found:
            out.append((value, tag_id(prefix, vocabulary, value), found))
    return out


def center_view(center: Center, site_url: str) -> CenterView:
    info = center.info
    urls = {kind: page.url for kind, page in center.lists.items()}
    for kind, page in (("landing", center.landing), ("apply", center.apply), ("archive", center.archive)):
        if page is not None:
            urls[kind] = page.url
    if info.access_url:
        urls["access"] = info.access_url
    if feed_path(center):
        urls["feed"] = feed_path(center)
    if "seminar-list" in urls:
        urls["ics"] = f"{urls['seminar-list']}seminars.ics"
    view = CenterView(department=info.department, as_of=format_date(center.build_date), map=info.map, map_link=info.map_link, photos=info.photos,
                      hours=info.hours, services=info.services,
                      forms={k: form_link(info, k) for k in ("visit", "contact", "seminar")}, urls=urls)
    all_seminars = {s.page.src: seminar_view(center, s, site_url) for s in center.seminars}
    view.seminars = {status: [all_seminars[s.page.src] for s in center.seminars_in(status)]
                     for status in (OPEN, UPCOMING, ENDED)}
    experts = [expert_view(e) for e in center.experts]
    view.experts_by_role = [(r, [e for e in experts if r in e.roles]) for r in EXPERT_ROLES
                            if any(r in e.roles for e in experts)]
    view.experts_by_specialty = _grouped(experts, THEMES, "specialty",
                                         lambda e, v: v in [label for label, _ in e.specialties])
    view.news = [news_view(p) for p in center.news]
    view.news_by_category = _grouped(view.news, NEWS_CATEGORIES, "category", lambda e, v: e.tags[0][0] == v)
    view.cases = [case_view(p) for p in center.cases]
    has = lambda e, v: v in [label for label, _ in e.tags]  # noqa: E731
    view.case_tags = [("業種", _grouped(view.cases, INDUSTRIES, "industry", has)),
                      ("企業規模（従業員数）", _grouped(view.cases, COMPANY_SIZES, "size", has)),
                      ("テーマ", _grouped(view.cases, THEMES, "theme", has))]
    view.items = {**all_seminars, **{e.page.src: v for e, v in zip(center.experts, experts)},
                  **{p.src: v for p, v in zip(center.news, view.news)},
                  **{p.src: v for p, v in zip(center.cases, view.cases)}}
    view.news_by_year, view.news_archive_by_category = center.news_by_year, center.news_by_category
    view.seminar_years = center.seminar_years
    return view

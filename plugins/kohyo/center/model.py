"""The center's collections (seminars, experts, news, cases) as typed objects, and the status
of every seminar as of the build date: 受付中 / 開催予定 / 終了.

A seminar's status is computed from the one build date (configuration or SOURCE_DATE_EPOCH),
never from the clock, so the same input always lists the same seminars under the same heading.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from ..model.loader import time_range
from ..model.project import Page, Project
from .schema import EXPERT_ROLES, PAGE_TYPES, THEMES
from ..problems import Problem
from .archive import Archive, add_news_archives, add_seminar_archives
from .data import CenterInfo, Image, content_path, exists, load_center

JST = zoneinfo.ZoneInfo("Asia/Tokyo")
OPEN, UPCOMING, ENDED = "受付中", "開催予定", "終了"
SEMINAR_STATUSES = (OPEN, UPCOMING, ENDED)
# Why an upcoming seminar does not take applications (shown beside 開催予定).
NOT_YET, CLOSED, FULL, CANCELLED = "受付前", "受付終了", "満員", "中止"


def _stem(page: Page) -> str:
    return PurePosixPath(page.src).stem


@dataclass
class Seminar:
    page: Page
    start: dt.datetime  # aware, Asia/Tokyo
    end: dt.datetime
    status: str = UPCOMING
    note: str = ""  # 受付前 / 受付終了 / 満員 / 中止, or ""

    @property
    def meta(self) -> dict:
        return self.page.meta

    @property
    def id(self) -> str:
        return _stem(self.page)

    @property
    def apply_start(self) -> dt.date:
        return self.meta["apply_start"]

    @property
    def apply_deadline(self) -> dt.date:
        return self.meta["apply_deadline"]

    @property
    def online(self) -> bool:
        return "オンライン" in self.meta["format"]

    @property
    def on_site(self) -> bool:
        return "会場" in self.meta["format"]

    @property
    def ics(self) -> str:
        """Site path of its own calendar file, in the page's folder."""
        return f"{self.page.url}{self.id}.ics"


@dataclass
class Expert:
    page: Page
    photo: Image | None  # src as a path inside content/

    @property
    def id(self) -> str:
        return _stem(self.page)

    @property
    def roles(self) -> list[str]:
        return [r for r in EXPERT_ROLES if r in self.page.meta["roles"]]

    @property
    def specialties(self) -> list[str]:
        return [t for t in THEMES if t in self.page.meta["specialties"]]


@dataclass
class Center:
    info: CenterInfo | None
    build_date: dt.date
    landing: Page | None = None
    apply: Page | None = None
    lists: dict[str, Page] = field(default_factory=dict)  # list type -> its index page
    seminars: list[Seminar] = field(default_factory=list)  # by start
    experts: list[Expert] = field(default_factory=list)  # by order, then file name
    news: list[Page] = field(default_factory=list)  # newest first
    cases: list[Page] = field(default_factory=list)  # newest first
    archive: Page | None = None  # generated first page of past seminars
    seminar_years: list[Archive] = field(default_factory=list)  # past seminars by 年度
    news_by_year: list[Archive] = field(default_factory=list)  # news by calendar year
    news_by_category: list[Archive] = field(default_factory=list)  # news by category
    archive_pages: set[str] = field(default_factory=set)  # srcs of generated archive pages but the first
    registered: dict | None = None  # the last registration with the national site (export.SNAPSHOT)
    organisation: str = ""  # the site's organisation (kohyo.sites): the feed's author without a department

    def seminars_in(self, status: str) -> list[Seminar]:
        found = [s for s in self.seminars if s.status == status]
        return found[::-1] if status == ENDED else found  # past: most recent first

    def seminar_of(self, page: Page) -> Seminar | None:
        return next((s for s in self.seminars if s.page is page), None)

    def expert_of(self, page: Page) -> Expert | None:
        return next((e for e in self.experts if e.page is page), None)


def seminar_status(meta: dict, day: dt.date, on: dt.date) -> tuple[str, str]:
    """(status, note) of a seminar held on `day`, as of the build date `on`."""
    if day < on:
        return ENDED, CANCELLED if meta.get("cancelled") else ""
    if meta.get("cancelled"):
        return UPCOMING, CANCELLED
    if meta.get("full"):
        return UPCOMING, FULL
    if on < meta["apply_start"]:
        return UPCOMING, NOT_YET
    if on > meta["apply_deadline"]:
        return UPCOMING, CLOSED
    return OPEN, ""


# The center's own pages (its items need their list page, so these decide whether there is a center).
_CENTER_TYPES = {t.name for t in PAGE_TYPES if t.declared}


def prepare(project: Project) -> list[Problem]:
    """Build project.center when the project has the center's pages; return what is wrong."""
    # Drafts (items still holding the scaffold's stand-in text) are in no list, feed or calendar.
    pages = sorted((p for p in project.pages.values() if p.src not in project.drafts), key=lambda p: p.src)
    if not any(p.type in _CENTER_TYPES for p in pages):
        return []
    info, problems = load_center(project)
    center = Center(info=info, build_date=project.build_date, organisation=project.organisation)
    for page in pages:
        if page.type == "center":
            center.landing = page
        elif page.type == "center-apply":
            center.apply = page
        elif page.type.endswith("-list"):
            center.lists[page.type] = page
    for page in (p for p in pages if p.type == "seminar"):
        seminar, found = _seminar(project, page)
        problems += found
        if seminar is not None:
            center.seminars.append(seminar)
    center.seminars.sort(key=lambda s: (s.start, s.id))
    for page in (p for p in pages if p.type == "expert"):
        expert, found = _expert(project, page)
        problems += found
        center.experts.append(expert)
    center.experts.sort(key=lambda e: (e.page.meta.get("order", 0), e.id))
    newest = lambda p: (p.meta["published"], p.src)  # noqa: E731
    center.news = sorted((p for p in pages if p.type == "news" and "published" in p.meta), key=newest, reverse=True)
    center.cases = sorted((p for p in pages if p.type == "case" and "published" in p.meta), key=newest,
                          reverse=True)
    center.registered, found = _registered(project)
    project.center = center
    return problems + found + add_archive(project, center)


def _registered(project: Project) -> tuple[dict | None, list[Problem]]:
    import json

    from .export import SNAPSHOT

    path = project.content_dir / SNAPSHOT
    if not path.is_file():
        return None, []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or not isinstance(data.get("items"), dict):
            raise ValueError("no items")
        return data, []
    except (OSError, ValueError) as e:
        line = getattr(e, "lineno", 0)
        return None, [Problem(project.shown(SNAPSHOT), line, "data-file",
                              "全国センターのサイトへの登録の記録が読めません。手で直さず、ファイルを消して "
                              "`kohyo center registered` で作り直してください（消すと、すべての項目が「追加」として"
                              "書き出されます）。")]


def _seminar(project: Project, page: Page) -> tuple[Seminar | None, list[Problem]]:
    m, shown = page.meta, project.shown(page.src)
    if not all(k in m for k in ("date", "time", "format", "apply_start", "apply_deadline")):
        return None, []  # already reported by the loader
    problems = []
    line = page.line_of
    if m["apply_start"] > m["apply_deadline"]:
        problems.append(Problem(shown, line("apply_deadline"), "seminar-schedule",
                                f"申込締切日（{m['apply_deadline']}）が申込開始日（{m['apply_start']}）より前です。"))
    if m["apply_deadline"] > m["date"]:
        problems.append(Problem(shown, line("apply_deadline"), "seminar-schedule",
                                f"申込締切日（{m['apply_deadline']}）が開催日（{m['date']}）より後です。"))
    if "会場" in m["format"] and "venue" not in m:
        problems.append(Problem(shown, 1, "missing-field",
                                f"開催方法が「{m['format']}」のセミナーには「venue」（会場）が必要です。"
                                f"例: venue: 札幌働き方改革推進支援センター 相談室"))
    for key in ("materials", "archive"):
        for item in m.get(key, []):
            url = item["url"]
            if "://" not in url and not exists(project, content_path(page.src, url.split("#")[0])):
                problems.append(Problem(shown, line(key), "broken-link",
                                        f"「{key}」の「{item['title']}」のファイル「{url}」が見つかりません。"
                                        "このファイルからの相対パスか、https:// のアドレスを書いてください。"))
    start, end = time_range(m["time"])
    seminar = Seminar(page, dt.datetime.combine(m["date"], start, JST), dt.datetime.combine(m["date"], end, JST))
    seminar.status, seminar.note = seminar_status(m, m["date"], project.build_date)
    return seminar, problems


def _expert(project: Project, page: Page) -> tuple[Expert, list[Problem]]:
    photo = page.meta.get("photo")
    if not photo:
        return Expert(page, None), []
    src = content_path(page.src, photo["src"])
    problems = []
    if not exists(project, src):
        problems.append(Problem(project.shown(page.src), page.line_of("photo"), "missing-image",
                                f"写真の画像ファイル「{photo['src']}」が見つかりません。このファイルからの相対パスで"
                                "書いてください。"))
    return Expert(page, Image(src, photo["alt"])), problems


def add_archive(project: Project, center: Center) -> list[Problem]:
    """The generated pages of past seminars (by 年度) and of news (by year and category)."""
    center.news_by_year, center.news_by_category, made, problems = add_news_archives(project, center.news)
    center.archive_pages.update(made)
    listing = center.lists.get("seminar-list")
    if listing is None or listing.department is None:
        return problems
    center.archive, center.seminar_years, made, found = add_seminar_archives(project, listing,
                                                                             center.seminars_in(ENDED))
    center.archive_pages.update(made)
    return problems + found

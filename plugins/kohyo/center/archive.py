"""Paged archives of the center's posts, as Material's blog plugin keeps them: posts stay out of
the site navigation (kohyo.navigation) and are listed, PER_PAGE at a time, on generated pages:
news by calendar year and by category, past seminars by 年度.

The pages are Markdown written here and added with add_generated, so their front matter is
validated like an editor's and the built site's link check follows every link they hold.
Each page lists a fixed number of posts, so the site grows linearly with its posts.
"""

from __future__ import annotations

import datetime as dt
import posixpath
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..dates import fiscal_year, format_date, format_event, format_fiscal_year
from ..model.project import Page, Project
from .schema import NEWS_CATEGORIES
from ..problems import Problem
from .data import content_path

PER_PAGE = 20  # posts on a list page and on each archive page
SEMINAR_ARCHIVE = "archive.md"  # the past seminars' first page, beside the seminar list


@dataclass(frozen=True)
class Archive:
    """One paged listing: what it holds, where its first page is, how many posts."""
    label: str  # 2026年 / センターから / 令和8年度（2026年度）
    anchor: str  # stable ASCII id on the list page: year-2026, category-1, fy2026
    url: str  # site path of its first page
    count: int


def _md(text: str) -> str:
    from ..render.markdown import literal

    return literal(text)


def _chunks(items: list) -> list[list]:
    return [items[i:i + PER_PAGE] for i in range(0, len(items), PER_PAGE)] or [[]]


def _page_src(folder: str, number: int) -> str:
    return f"{folder}/index.md" if number == 1 else f"{folder}/{number}.md"


def _rel(target_src: str, from_folder: str) -> str:
    return posixpath.relpath(target_src, from_folder)


def _pager(folder: str, number: int, total: int) -> list[str]:
    """「前へ 1 2 3 次へ」: links between the pages of one archive (all in one folder)."""
    if total < 2:
        return []
    name = lambda n: PurePosixPath(_page_src(folder, n)).name  # noqa: E731
    parts = [f"[前へ]({name(number - 1)})"] if number > 1 else []
    parts += [f"**{n}**" if n == number else f"[{n}]({name(n)})" for n in range(1, total + 1)]
    parts += [f"[次へ]({name(number + 1)})"] if number < total else []
    return ['<nav class="kohyo-pages" aria-label="ページ送り" markdown="1">', "", "ページ：" + "　".join(parts),
            "", "</nav>", ""]


def _updated(listing: Page, pages: list[Page], build_date: dt.date) -> dt.date:
    days = [listing.updated or build_date] + [p.updated or p.meta.get("published") for p in pages]
    return max(d for d in days if d is not None)


def _write(project: Project, folder: str, title: str, description: str, intro: str, listing: Page,
           items: list, line, updated_of) -> tuple[list[str], list[Problem]]:
    """The pages of one archive: `line(item, folder)` gives an item's Markdown list line(s)."""
    from ..model.loader import add_generated

    chunks, made, problems = _chunks(items), [], []
    for number, chunk in enumerate(chunks, 1):
        src = _page_src(folder, number)
        first, last = (number - 1) * PER_PAGE + 1, (number - 1) * PER_PAGE + len(chunk)
        heading = title if number == 1 else f"{title}（{number}ページ目）"
        out = ["---", f"title: {heading}", f"updated: {updated_of(chunk).isoformat()}",
               f"department: {listing.department.key}", f"description: {description}", "---", "",
               f"{intro}（全{len(items)}件）。" + (f"このページは{first}件目～{last}件目です。" if len(chunks) > 1 else ""),
               ""]
        out += _pager(folder, number, len(chunks))
        for item in chunk:
            out += line(item, folder)
        out += [""] + _pager(folder, number, len(chunks))
        out.append(f"[{_md(listing.title)}の一覧に戻る]({_rel(listing.src, folder)})")
        text = "\n".join(out) + "\n"
        page, found = add_generated(project, src, text, origin=listing.src)
        project.generated[src] = text
        made.append(src)
        problems += found
    return made, problems


def add_news_archives(project: Project, news: list[Page]) -> tuple[list[Archive], list[Archive], list[str],
                                                                  list[Problem]]:
    """(by year, by category, generated srcs, problems): every post on exactly one page of each."""
    from .views import tag_id

    listing = next((p for p in project.pages.values() if p.type == "news-list"), None)
    if listing is None or listing.department is None:
        return [], [], [], []
    base = str(PurePosixPath(listing.src).parent)

    def line(post: Page, folder: str) -> list[str]:
        return [f"- {format_date(post.meta['published'])}　{_md(post.meta['category'])}　"
                f"[{_md(post.title)}]({_rel(post.src, folder)})"]

    def updated_of(chunk):
        return _updated(listing, chunk, project.build_date)

    years: dict[int, list[Page]] = {}
    for post in news:  # newest first
        years.setdefault(post.meta["published"].year, []).append(post)
    by_year, by_category, made, problems = [], [], [], []
    for year, posts in years.items():
        folder = f"{base}/archive/{year}"
        srcs, found = _write(project, folder, f"{year}年のお知らせ", f"{year}年に掲載したお知らせの一覧です。",
                             f"{year}年に掲載したお知らせを、新しい順に掲載しています", listing, posts, line, updated_of)
        by_year.append(Archive(f"{year}年", f"year-{year}", project.pages[srcs[0]].url, len(posts)))
        made += srcs
        problems += found
    for category in NEWS_CATEGORIES:
        posts = [p for p in news if p.meta["category"] == category]
        if not posts:
            continue
        anchor = tag_id("category", NEWS_CATEGORIES, category)
        folder = f"{base}/category/{anchor}"
        srcs, found = _write(project, folder, f"お知らせ：{category}", f"カテゴリ「{category}」のお知らせの一覧です。",
                             f"カテゴリ「{category}」のお知らせを、新しい順に掲載しています", listing, posts, line,
                             updated_of)
        by_category.append(Archive(category, anchor, project.pages[srcs[0]].url, len(posts)))
        made += srcs
        problems += found
    return by_year, by_category, made, problems


def _seminar_lines(s, folder: str) -> list[str]:
    """A past seminar with its recordings and materials; links relative to `folder`."""
    place = s.meta["format"] if s.meta["format"] != "会場" else s.meta.get("venue", "会場")
    note = f"（{s.note}）" if s.note else ""
    out = [f"- [{_md(s.page.title)}]({_rel(s.page.src, folder)}){note}　{format_event(s.start, s.end)}・{_md(place)}"]
    for key, label in (("archive", "録画"), ("materials", "資料")):
        for item in s.meta.get(key, []):
            url = item["url"] if "://" in item["url"] else _rel(content_path(s.page.src, item["url"]), folder)
            out.append(f"    - {label}：[{_md(item['title'])}]({url})")
    return out


def add_seminar_archives(project: Project, listing: Page, past: list) -> tuple[Page, list[Archive], list[str],
                                                                               list[Problem]]:
    """The past seminars (most recent first): a first page with the latest PER_PAGE under their
    年度 and links to every 年度's own paged archive. Returns (first page, 年度 archives,
    generated srcs besides the first page, problems)."""
    from ..model.loader import add_generated

    folder = str(PurePosixPath(listing.src).parent)
    years: dict[int, list] = {}
    for s in past:
        years.setdefault(fiscal_year(s.start.date()), []).append(s)

    def updated_of(chunk):
        return _updated(listing, [s.page for s in chunk], project.build_date)

    archives, made, problems = [], [], []
    for year, items in years.items():
        label = format_fiscal_year(year)
        srcs, found = _write(project, f"{folder}/archive/fy{year}", f"過去のセミナー：{label}",
                             f"{label}に開催したセミナー・相談会の一覧です。",
                             f"{label}に開催したセミナー・相談会を、新しい順に掲載しています", listing, items,
                             _seminar_lines, updated_of)
        archives.append(Archive(label, f"fy{year}", project.pages[srcs[0]].url, len(items)))
        made += srcs
        problems += found

    latest = past[:PER_PAGE]
    out = ["---", "title: 過去のセミナー", f"updated: {updated_of(past).isoformat()}",
           f"department: {listing.department.key}",
           "description: 終了したセミナー・相談会の一覧です。資料と録画（アーカイブ配信）もご覧いただけます。", "---", "",
           "終了したセミナー・相談会を、新しい順に掲載しています。受付中・開催予定のものは"
           f"[{_md(listing.title)}]({PurePosixPath(listing.src).name})をご覧ください。", ""]
    if not past:
        out.append("終了したセミナーはまだありません。")
    elif len(past) > len(latest):
        out += [f"新しいもの{len(latest)}件を掲載しています。それより前のものは、下の年度別の一覧をご覧ください。", ""]
    shown: dict[int, list] = {}
    for s in latest:
        shown.setdefault(fiscal_year(s.start.date()), []).append(s)
    for year, items in shown.items():
        out += [f"## {format_fiscal_year(year)} {{#fy{year}}}", ""]
        for s in items:
            out += _seminar_lines(s, folder)
        out.append("")
    if archives:
        out += ["## 年度別の一覧 {#by-year}", "",
                "　".join(f"[{a.label}（{a.count}件）]({_rel(_page_src(f'{folder}/archive/{a.anchor}', 1), folder)})"
                         for a in archives), ""]
    src = f"{folder}/{SEMINAR_ARCHIVE}"
    text = "\n".join(out) + "\n"
    page, found = add_generated(project, src, text, origin=listing.src)
    project.generated[src] = text
    return page, archives, made, problems + found

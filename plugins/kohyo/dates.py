"""Dates in the city's style: 令和7年（2025年）2月12日（水曜日）, and fiscal years (年度).

Every date shown anywhere in kohyo's outputs goes through this module.
"""

from __future__ import annotations

import datetime as dt
import os

# (first day, era name), newest first.
_ERAS = (
    (dt.date(2019, 5, 1), "令和"),
    (dt.date(1989, 1, 8), "平成"),
    (dt.date(1926, 12, 25), "昭和"),
)
_WEEKDAYS = ("月", "火", "水", "木", "金", "土", "日")


def era_year(day: dt.date) -> str:
    """'令和7年' for 2025-02-12; the first year of an era is 元年."""
    for start, name in _ERAS:
        if day >= start:
            n = day.year - start.year + 1
            return f"{name}{'元' if n == 1 else n}年"
    raise ValueError(f"{day} is before the eras kohyo supports (昭和 onwards)")


def format_date(day: dt.date, weekday: bool = True) -> str:
    """令和7年（2025年）2月12日（水曜日）."""
    text = f"{era_year(day)}（{day.year}年）{day.month}月{day.day}日"
    if weekday:
        text += f"（{_WEEKDAYS[day.weekday()]}曜日）"
    return text


def format_short(day: dt.date) -> str:
    """Compact form for tables and listings: 令和7年（2025年）2月12日."""
    return format_date(day, weekday=False)


def format_time(t: dt.time) -> str:
    """14時00分, as the city writes opening hours."""
    return f"{t.hour}時{t.minute:02d}分"


def format_event(start: dt.datetime, end: dt.datetime) -> str:
    """令和8年（2026年）12月3日（木曜日）14時00分～16時00分: a one-day event."""
    return f"{format_date(start.date())}{format_time(start.time())}～{format_time(end.time())}"


def format_month(day: dt.date) -> str:
    """令和7年（2025年）2月, as used on covers."""
    return f"{era_year(day)}（{day.year}年）{day.month}月"


def fiscal_year(day: dt.date) -> int:
    """The 年度 (April to March) a date falls in, by its Western starting year."""
    return day.year if day.month >= 4 else day.year - 1


def format_fiscal_year(year: int) -> str:
    """令和7年度（2025年度）.

    A fiscal year takes the era in force on 1 May of its first calendar year, which gives
    令和元年度 for FY2019 (the era changed on 2019-05-01) and 昭和63年度 for FY1988.
    """
    era = era_year(dt.date(year, 5, 1))
    return f"{era[:-1]}年度（{year}年度）"


JST = dt.timezone(dt.timedelta(hours=9))  # the city's calendar day


def build_date(configured: dt.date | None = None, environ: dict | None = None) -> dt.date:
    """The one date a build runs "as of": configuration, else SOURCE_DATE_EPOCH, else today in
    Japan (a CI machine's clock runs in UTC, nine hours behind the city's day).

    Called once per build, never in the middle of rendering, so output is reproducible.
    """
    if configured is not None:
        return configured
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=JST).date()
    return dt.datetime.now(JST).date()

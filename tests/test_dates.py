import datetime as dt
from pathlib import Path

import pytest

from kohyo import dates


@pytest.mark.parametrize("day,expected", [
    (dt.date(2025, 2, 12), "令和7年（2025年）2月12日（水曜日）"),
    (dt.date(2019, 5, 1), "令和元年（2019年）5月1日（水曜日）"),
    (dt.date(2019, 4, 30), "平成31年（2019年）4月30日（火曜日）"),
    (dt.date(1989, 1, 8), "平成元年（1989年）1月8日（日曜日）"),
    (dt.date(1989, 1, 7), "昭和64年（1989年）1月7日（土曜日）"),
    (dt.date(2026, 11, 21), "令和8年（2026年）11月21日（土曜日）"),
])
def test_city_style_dates(day, expected):
    assert dates.format_date(day) == expected


def test_short_and_month_forms():
    assert dates.format_short(dt.date(2024, 12, 16)) == "令和6年（2024年）12月16日"
    assert dates.format_month(dt.date(2021, 3, 31)) == "令和3年（2021年）3月"


@pytest.mark.parametrize("day,year", [
    (dt.date(2025, 3, 31), 2024), (dt.date(2025, 4, 1), 2025), (dt.date(2026, 1, 15), 2025),
])
def test_fiscal_year_runs_april_to_march(day, year):
    assert dates.fiscal_year(day) == year


@pytest.mark.parametrize("year,expected", [
    (2025, "令和7年度（2025年度）"), (2019, "令和元年度（2019年度）"),
    (2018, "平成30年度（2018年度）"), (1988, "昭和63年度（1988年度）"),
])
def test_fiscal_year_names(year, expected):
    assert dates.format_fiscal_year(year) == expected


def test_build_date_prefers_configuration_then_source_date_epoch():
    assert dates.build_date(dt.date(2026, 1, 2), {"SOURCE_DATE_EPOCH": "0"}) == dt.date(2026, 1, 2)
    # 2026-11-20T15:00:00Z is already the 21st in Japan.
    assert dates.build_date(None, {"SOURCE_DATE_EPOCH": "1795186800"}) == dt.date(2026, 11, 21)


def test_build_date_without_a_setting_is_today_in_japan():
    # A CI machine runs in UTC: between 15:00 and 24:00 UTC its date is a day behind Japan's.
    before = dt.datetime.now(dt.timezone(dt.timedelta(hours=9))).date()
    got = dates.build_date(None, {})
    after = dt.datetime.now(dt.timezone(dt.timedelta(hours=9))).date()
    assert got in (before, after)


def test_publish_workflow_rebuilds_daily_with_todays_date():
    import yaml

    workflow = yaml.safe_load((Path(__file__).parent.parent / ".github/workflows/publish.yml").read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["schedule"] and "push" in triggers
    steps = workflow["jobs"]["build"]["steps"]
    build = next(s for s in steps if s.get("name") == "Build")
    assert "make build" in build["run"] and "SOURCE_DATE_EPOCH" not in build["run"] and "git log" not in build["run"]

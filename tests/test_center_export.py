"""The registration export for the national center's site, read as the operator's staff and a
machine would: every seminar and news item listed, changes since the last registration marked."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from conftest import BUILD_DATE, run_kohyo
from test_center import center  # noqa: F401  (fixture)


def _export(build: Path) -> tuple[dict, list[dict]]:
    site = build / "site" / "center"
    data = json.loads((site / "registration.json").read_text(encoding="utf-8"))
    raw = (site / "registration.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())  # Excel opens UTF-8 CSV with a BOM as UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    return data, rows


def test_export_lists_every_seminar_and_news_item(site):
    data, rows = _export(site.parent)
    content = Path(__file__).parent.parent / "content" / "center"
    seminars = {p.stem for p in (content / "seminars").glob("*.md") if p.name != "index.md"}
    news = {p.stem for p in (content / "news").glob("*.md") if p.name != "index.md"}
    experts = {p.stem for p in (content / "experts").glob("*.md") if p.name != "index.md"}
    assert {s["id"] for s in data["items"]["seminar"]} == seminars
    assert {n["id"] for n in data["items"]["news"]} == news
    assert {e["id"] for e in data["items"]["expert"]} == experts
    assert data["items"]["center"][0]["tel"] and data["items"]["service"]
    seminar = data["items"]["seminar"][0]
    for key in ("title", "start", "end", "format", "capacity", "apply_deadline", "status", "url"):
        assert key in seminar, key
    assert all(item["url"].startswith("https://") for kind in data["items"].values() for item in kind)
    # The CSV has one row per item, the same items as the JSON.
    assert len(rows) == sum(len(v) for v in data["items"].values())
    assert {r["ID"] for r in rows if r["種別"] == "セミナー"} == seminars
    # Never registered: everything is new.
    assert data["registered"] is None and {r["前回の登録からの変更"] for r in rows} == {"追加"}


def test_export_marks_what_changed_since_the_last_registration(center):  # noqa: F811
    result = run_kohyo("center", "registered", "--date", "2026-11-10", cwd=center,
                       env={"SOURCE_DATE_EPOCH": "1795186800"})  # as of 2026-11-21, like the builds below
    assert result.returncode == 0, result.stderr
    assert "content/center/_data/center-registered.json" in result.stdout
    record = (center / "content/center/_data/center-registered.json").read_text(encoding="utf-8")
    assert "2026-11-10" in record
    # One seminar edited, one news item removed, one added.
    seminars = sorted(p for p in (center / "content/center/seminars").glob("*.md") if p.name != "index.md")
    edited = seminars[0]
    edited.write_text(edited.read_text(encoding="utf-8").replace("capacity: ", "capacity: 1", 1), encoding="utf-8")
    news = sorted(p for p in (center / "content/center/news").glob("*.md") if p.name != "index.md")
    removed = news[0]
    added = removed.with_name("2026-11-20-added.md")
    added.write_text(removed.read_text(encoding="utf-8"), encoding="utf-8")
    removed.unlink()
    result = run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=center)
    assert result.returncode == 0, result.stderr + result.stdout
    data, rows = _export(center / "build")
    change = {(r["種別"], r["ID"]): r["前回の登録からの変更"] for r in rows}
    assert data["registered"] == "2026-11-10"
    assert change[("セミナー", edited.stem)] == "変更"
    assert change[("お知らせ", added.stem)] == "追加"
    assert change[("お知らせ", removed.stem)] == "削除"
    assert {"kind": "news", "id": removed.stem} in data["removed"]
    others = {k: v for k, v in change.items() if k not in {("セミナー", edited.stem), ("お知らせ", added.stem),
                                                          ("お知らせ", removed.stem)}}
    assert set(others.values()) == {"変更なし"}, others


def test_a_broken_registration_record_is_named(center):  # noqa: F811
    (center / "content/center/_data/center-registered.json").write_text("{ broken", encoding="utf-8")
    result = run_kohyo("check", "--build-date", BUILD_DATE, cwd=center)
    assert result.returncode != 0
    assert "content/center/_data/center-registered.json" in result.stdout + result.stderr
    assert "[data-file]" in result.stdout + result.stderr and "Traceback" not in result.stderr

"""Property-based tests of the intake import: whatever a sheet holds (random cells, encodings,
bytes, Excel values and formulas), checking it gives rows or the project's own problems, never
an exception; and re-importing in any order keeps each answer on its own opinion."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kohyo.consultations import intake
from kohyo.consultations.model import DEFAULT_CHANNELS, OPINIONS_FILE, Settings, fold
from kohyo.problems import CODES, ContentError, Problem

KEY = b"property-test-key-property-test-key"
TARGETS = ["全体", "第1章", "第1章1", "第2章", "資料編", "その他"]
SETTINGS = Settings(dict(DEFAULT_CHANNELS))
CHECK = settings(derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])

VALID = {  # plausible values per column, so that many generated rows pass and reach later checks
    "受付番号": ["P-1", "P-2", "P-3", "１２", ""], "受付日": ["2026-11-20", "2026/11/25", "46346", "2026年11月1日", "13/40"],
    "提出方法": ["郵送", "ＦＡＸ", "メール", "ホームページ", "伝書鳩", ""], "氏名": ["見本 太郎", "見本　太郎", ""],
    "住所": ["札幌市中央区1-2", ""], "電話番号": ["011-000-0001", ""], "メールアドレス": ["a@example.jp", ""],
    "年代": ["40代", "不明", "99代", ""], "個人・団体": ["個人", "団体", "法人", ""],
    "意見の対象": ["第1章", "第１章１", "資料編", "第9章", ""], "意見": ["意見です。", "別の\n意見。", "", "=1+1"],
    "意見番号": ["1", "2", "0", "x", ""], "取下げ": ["", "○", "0"],
}
COLUMNS = list(intake.COLUMNS) + [intake.NUMBER, intake.WITHDRAWN]
noise = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)


def _cell(column: str):
    return st.one_of(st.sampled_from(VALID[column]), noise)


@st.composite
def sheets(draw):
    """A header (all, some or extra columns, in any order) and rows of mostly plausible cells."""
    header = draw(st.lists(st.sampled_from(COLUMNS), min_size=0, max_size=len(COLUMNS), unique=True)) \
        if draw(st.booleans()) else draw(st.permutations(COLUMNS[:11] + draw(st.sampled_from([[], [COLUMNS[11]],
                                                                                            COLUMNS[11:]]))))
    rows = draw(st.lists(st.tuples(*[_cell(c) for c in header]) if header else st.just(()), max_size=6))
    return list(header), [list(r) for r in rows]


def _assert_only_problems(path: Path) -> None:
    try:
        rows, problems = intake.validate(path, path.name, TARGETS, SETTINGS, KEY)
    except ContentError as exc:  # the project's own error is allowed; nothing else is
        problems, rows = exc.problems, []
    assert all(isinstance(p, Problem) and p.code in CODES and p.message and p.line >= 0 for p in problems)
    for row in rows:
        assert isinstance(row.received, dt.date) or row.withdrawn
        assert row.withdrawn or (row.channel in SETTINGS.channels and row.target in TARGETS)
        assert len(row.origin) == 32 and row.text not in row.origin


@settings(CHECK, max_examples=150)
@given(sheet=sheets(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp932", "utf-16", "utf-16-le"]),
       cut=st.one_of(st.none(), st.integers(0, 400)), flips=st.lists(st.tuples(st.integers(0, 400),
                                                                                st.integers(0, 255)), max_size=3))
def test_any_csv_gives_rows_or_problems(sheet, encoding, cut, flips):
    header, rows = sheet
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    data = bytearray(buffer.getvalue().encode(encoding, errors="replace"))
    for at, value in flips:  # a damaged file: bytes changed, or cut short
        if at < len(data):
            data[at] = value
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sheet.csv"
        path.write_bytes(bytes(data[:cut] if cut is not None else data))
        _assert_only_problems(path)


excel_values = st.one_of(
    st.none(), st.integers(-10**6, 10**6), st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(), st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2100, 1, 1)), st.times(),
    st.sampled_from(["=1+1", "=A1", '="第1章"', "=NOW()", "=SUM(A1:A3)", "=1/0", "45640", "#DIV/0!"]),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=12),
)


@settings(CHECK, max_examples=50)
@given(sheet=sheets(), overrides=st.lists(st.tuples(st.integers(0, 6), st.integers(0, 12), excel_values), max_size=8),
       cut=st.one_of(st.none(), st.integers(0, 3000)))
def test_any_workbook_gives_rows_or_problems(sheet, overrides, cut):
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    header, rows = sheet
    rows = [[ILLEGAL_CHARACTERS_RE.sub("", v) for v in row] for row in rows]  # Excel cannot hold these
    book = Workbook()
    table = [list(header), *rows]
    for r, c, value in overrides:  # numbers, dates, times, formulas (stored without values), None
        while len(table) <= r:
            table.append([])
        table[r].extend([None] * (c + 1 - len(table[r])))
        table[r][c] = value
    for row in table:
        book.active.append(row)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sheet.xlsx"
        book.save(path)
        if cut is not None:  # a file cut short in a download or on a full disk
            path.write_bytes(path.read_bytes()[:cut])
        _assert_only_problems(path)


POOL = [("P-1", "目標の数値をもっと分かりやすく。"), ("P-1", "第2章の説明がよく分かった。"), ("P-2", "高齢者にも分かる説明を。"),
        ("P-2", "図を増やしてほしい。"), ("P-3", "全体として賛成である。"), ("P-4", "用語集に印を付けてほしい。")]


def _rows(order: list[int]) -> list[list[str]]:
    return [[POOL[i][0], "2026-11-20", "郵送", f"見本 {POOL[i][0]}", "", "", "", "40代", "個人", "第1章", POOL[i][1]]
            for i in order]


@settings(CHECK, max_examples=30)
@given(first=st.permutations(range(len(POOL))), second=st.permutations(range(len(POOL))), keep_private=st.booleans())
def test_reimport_in_any_order_keeps_each_answer_on_its_opinion(first, second, keep_private):
    import shutil

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        folder, private_dir = tmp / "content/consultations/plan", tmp / "private"

        def run(order):
            path = tmp / "sheet.csv"
            buffer = io.StringIO()
            csv.writer(buffer).writerows([list(intake.COLUMNS), *_rows(order)])
            path.write_text(buffer.getvalue(), encoding="utf-8")
            rows, problems = intake.validate(path, "sheet.csv", TARGETS, SETTINGS, KEY)
            assert not problems
            outcome, problems = intake.merge(rows, folder, "plan", private_dir, KEY, "opinions.yml", "sheet.csv")
            assert not problems
            return outcome

        run(list(first))
        records = yaml.safe_load((folder / OPINIONS_FILE).read_text(encoding="utf-8"))
        store = yaml.safe_load((private_dir / "plan/submissions.json").read_text(encoding="utf-8"))
        text_of = {op["id"]: op["意見"] for s in store["submissions"].values() for op in s["opinions"]}
        for r in records:  # staff answer each opinion, naming its text
            r.update(summary=f"概要: {text_of[r['id']]}", status="回答案")
        (folder / OPINIONS_FILE).write_text(yaml.safe_dump(records, allow_unicode=True), encoding="utf-8")
        if not keep_private:
            shutil.rmtree(private_dir)
        outcome = run(list(second))
        assert (outcome.new, outcome.updated, outcome.notes) == (0, len(POOL), [])
        again = yaml.safe_load((folder / OPINIONS_FILE).read_text(encoding="utf-8"))
        store = yaml.safe_load((private_dir / "plan/submissions.json").read_text(encoding="utf-8"))
        text_of = {op["id"]: op["意見"] for s in store["submissions"].values() for op in s["opinions"]}
        assert all(r["summary"] == f"概要: {text_of[r['id']]}" for r in again)
        assert sorted(r["id"] for r in again) == list(range(1, len(POOL) + 1))


@settings(CHECK, max_examples=60)
@given(value=noise.filter(lambda v: v.strip() and SETTINGS.channel(v) is None),
       column=st.sampled_from(["提出方法", "意見の対象"]))
def test_a_rejected_value_is_never_offered_back(value, column):
    row = dict(zip(intake.COLUMNS, ["P-1", "2026-11-20", "郵送", "", "", "", "", "40代", "個人", "第1章", "意見。"]))
    row[column] = value
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sheet.csv"
        buffer = io.StringIO()
        csv.writer(buffer).writerows([list(intake.COLUMNS), list(row.values())])
        path.write_text(buffer.getvalue(), encoding="utf-8")
        rows, problems = intake.validate(path, "sheet.csv", TARGETS, SETTINGS, KEY)
    for p in problems:
        for listed in re.findall(r"使える[^:：]*: ([^（。]*)", p.message):
            offered = {fold(v) for v in re.split(r" / |、", listed.removesuffix(" など"))}
            assert fold(value) not in offered, (value, p.message)

"""The intake import against the red-team findings (issue #11): an opinion is found again by
its identity, never its row; conflicting or unreadable sheets stop with the sheet's row and a
code, and nothing is written; results are published only when they can be."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil

import pytest
import yaml

from conftest import BUILD_DATE, ROOT, run_kohyo, write
from test_consultations import DEMO_KEY, HEADER, ROWS, _consultation, _import, _records, _respond, _sheet

OTHER = ["P-9", "2026-12-02", "郵送", "別人 三郎", "札幌市西区見本町9-9", "011-000-0009", "", "50代", "個人",
         "第2章", "除雪の情報をまとめてほしい。"]


@pytest.fixture(autouse=True)
def _privacy_key(monkeypatch):
    monkeypatch.setenv("KOHYO_PRIVACY_KEY", DEMO_KEY)


def _csv(path, header, rows, encoding="utf-8-sig"):
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _nothing_written(mini, result):
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr and "何も書き込んでいません" in result.stderr
    assert not (mini / "content/consultations/plan/opinions.yml").exists() and not (mini / "private").exists()


def _answer_all(folder):
    """Staff write a summary naming each opinion's own text, so a misattachment shows."""
    store = (folder.parents[2] / "private/plan/submissions.json").read_text(encoding="utf-8")
    originals = {op["id"]: op["意見"] for sub in yaml.safe_load(store)["submissions"].values() for op in sub["opinions"]}
    records = _records(folder)
    for r in records:
        r.update(summary=f"概要「{originals[r['id']][:8]}」", response="回答。", category="今後の参考", status="確定")
    (folder / "opinions.yml").write_text(yaml.safe_dump(records, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return originals


# 1. One 受付番号, two people.

def test_two_people_under_one_receipt_number_stop_the_import(mini, tmp_path):
    _consultation(mini)
    clash = list(ROWS[2])
    clash[0] = "P-1"  # 例題 花子's opinion filed under 見本 太郎's number
    result = _import(mini, _sheet(tmp_path / "in.csv", [ROWS[0], ROWS[1], clash]))
    _nothing_written(mini, result)
    found = re.findall(r"in\.csv:(\d+): \[intake-duplicate\] (.+)", result.stderr)
    assert [n for n, _ in found] == ["4"] and "4行目" in found[0][1] and "2行目" in found[0][1]
    assert "氏名" in found[0][1] and "住所" in found[0][1]
    assert "見本 太郎" not in result.stderr and "例題 花子" not in result.stderr, "no private value in the report"


def test_the_same_opinion_twice_in_one_submission_is_reported_with_both_rows(mini, tmp_path):
    _consultation(mini)
    result = _import(mini, _sheet(tmp_path / "in.csv", [ROWS[0], ROWS[1], ROWS[0]]))
    _nothing_written(mini, result)
    assert re.search(r"in\.csv:4: \[intake-duplicate\] 4行目: .*2行目", result.stderr)


# 2. Identity, not row order.

def test_reimport_in_another_order_without_private_keeps_each_answer_on_its_opinion(mini, tmp_path):
    folder = _consultation(mini)
    assert _import(mini, _sheet(tmp_path / "in.csv")).returncode == 0
    originals = _answer_all(folder)
    before = {r["id"]: r["summary"] for r in _records(folder)}
    shutil.rmtree(mini / "private")  # another machine: only what git holds
    result = _import(mini, _sheet(tmp_path / "reversed.csv", [ROWS[1], ROWS[0], ROWS[3], ROWS[2]]))
    assert result.returncode == 0, result.stderr
    assert "新しい意見 0 件、前回からの意見 4 件" in result.stdout
    records = _records(folder)
    assert {r["id"]: r["summary"] for r in records} == before
    assert all(r["status"] == "確定" for r in records)
    store = yaml.safe_load((mini / "private/plan/submissions.json").read_text(encoding="utf-8"))
    assert {op["id"]: op["意見"] for s in store["submissions"].values() for op in s["opinions"]} == originals
    public = (folder / "opinions.yml").read_text(encoding="utf-8")
    for row in ROWS:  # the identity is keyed: neither the text nor its plain hash is in git
        assert row[10] not in public and hashlib.sha256(row[10].encode()).hexdigest()[:32] not in public
        assert hashlib.md5(row[10].encode()).hexdigest() not in public
    assert len({r["origin"] for r in records}) == 4


def test_with_opinion_numbers_a_changed_answered_text_goes_back_to_draft(mini, tmp_path):
    folder = _consultation(mini)
    numbered = [["1", *ROWS[0]], ["2", *ROWS[1]], ["1", *ROWS[2]], ["1", *ROWS[3]]]
    head = ["意見番号", *HEADER]
    assert _import(mini, _csv(tmp_path / "in.csv", head, numbered)).returncode == 0
    _answer_all(folder)
    edited = [list(r) for r in numbered]
    edited[1][11] = "第2章の説明がよく分かった。図も増やしてほしい。"  # P-1's 2nd opinion, corrected by staff
    result = _import(mini, _csv(tmp_path / "again.csv", head, [edited[3], edited[1], edited[0], edited[2]]))
    assert result.returncode == 0, result.stderr
    assert re.search(r"again\.csv:3: \[intake-changed\] 3行目: .*opinions\.yml:\d+ の意見 No\.2 .*回答案", result.stdout)
    records = {r["id"]: r for r in _records(folder)}
    assert records[2]["status"] == "回答案" and records[2]["number"] == 2
    assert [records[i]["status"] for i in (1, 3, 4)] == ["確定"] * 3
    assert records[1]["summary"].startswith("概要「目標の数値")


def test_without_opinion_numbers_a_corrected_text_keeps_its_answer_and_is_flagged(mini, tmp_path):
    folder = _consultation(mini)
    assert _import(mini, _sheet(tmp_path / "in.csv")).returncode == 0
    _answer_all(folder)
    edited = [list(r) for r in ROWS]
    edited[3][10] = "全体として賛成である。ただし期限は守ってほしい。"  # P-3's only opinion, retyped
    result = _import(mini, _sheet(tmp_path / "again.csv", [edited[3], *edited[:3]]))
    assert result.returncode == 0, result.stderr
    assert "新しい意見 0 件、前回からの意見 4 件" in result.stdout
    assert re.search(r"again\.csv:2: \[intake-changed\] 2行目: .* No\.4 .*回答案", result.stdout)
    records = {r["id"]: r for r in _records(folder)}
    assert records[4]["status"] == "回答案" and records[4]["summary"].startswith("概要「全体として")


def test_a_receipt_number_reused_for_another_person_in_a_later_sheet_stops(mini, tmp_path):
    folder = _consultation(mini)
    assert _import(mini, _sheet(tmp_path / "day1.csv")).returncode == 0
    before = (folder / "opinions.yml").read_bytes(), (mini / "private/plan/submissions.json").read_bytes()
    reused = list(OTHER)
    reused[0] = "P-2"  # the second day's sheet numbered from the start again
    result = _import(mini, _sheet(tmp_path / "day2.csv", [reused]))
    assert result.returncode == 1
    assert re.search(r"day2\.csv:2: \[intake-duplicate\] 2行目: 受付番号「P-2」は、前回までの取り込みで別の人", result.stderr)
    assert "別人 三郎" not in result.stderr and "例題 花子" not in result.stderr
    assert ((folder / "opinions.yml").read_bytes(), (mini / "private/plan/submissions.json").read_bytes()) == before
    corrected = [list(r) for r in ROWS]
    corrected[2][4] = "札幌市北区見本町3丁目4-6"  # one field: a correction of the same person
    assert _import(mini, _sheet(tmp_path / "day3.csv", corrected)).returncode == 0


def test_a_broken_private_store_is_reported_not_overwritten(mini, tmp_path):
    _consultation(mini)
    assert _import(mini, _sheet(tmp_path / "in.csv")).returncode == 0
    store = mini / "private/plan/submissions.json"
    store.write_text('{"submissions": [', encoding="utf-8")
    result = _import(mini, _sheet(tmp_path / "in.csv"))
    assert result.returncode == 1 and "[intake-private]" in result.stderr and "Traceback" not in result.stderr
    assert store.read_text(encoding="utf-8") == '{"submissions": ['


def test_withdrawn_and_vanished_opinions_are_reported_and_kept(mini, tmp_path):
    folder = _consultation(mini)
    assert _import(mini, _sheet(tmp_path / "in.csv")).returncode == 0
    withdrawn = [[*ROWS[0], ""], [*ROWS[1], "○"], [*ROWS[2], ""]]  # P-3 is gone from the sheet
    result = _import(mini, _csv(tmp_path / "again.csv", [*HEADER, "取下げ"], withdrawn))
    assert result.returncode == 0, result.stderr
    assert re.search(r"again\.csv:3: \[intake-withdrawn\] 3行目: 取り下げられた意見です。.*No\.2", result.stdout)
    line = next(n for n, text in enumerate((folder / "opinions.yml").read_text(encoding="utf-8").splitlines(), 1)
                if text == "- id: 4")
    assert f"opinions.yml:{line}: [intake-withdrawn] 意見 No.4 は、今回の受付票にありません" in result.stdout
    assert [r["id"] for r in _records(folder)] == [1, 2, 3, 4], "nothing silently deleted"


# 4. What Excel gives: date serials, formulas, broken files.

def test_excel_date_serials_are_dates(mini, tmp_path):
    folder = _consultation(mini)
    rows = [list(r) for r in ROWS]
    rows[0][1] = 46346  # 2026-11-20 as Excel stores a date in a General cell
    rows[1][1] = 46346.0
    path = _sheet(tmp_path / "in.xlsx", rows)
    result = _import(mini, path)
    assert result.returncode == 0, result.stderr
    assert [r["received"].isoformat() for r in _records(folder)][:2] == ["2026-11-20", "2026-11-20"]
    serial = [list(r) for r in ROWS]
    serial[2][1] = "46351"  # a CSV saved from such a cell
    assert _import(mini, _sheet(tmp_path / "in.csv", serial)).returncode == 0
    assert _records(folder)[2]["received"].isoformat() == "2026-11-25"


def test_a_formula_without_its_value_is_named_by_cell(mini, tmp_path):
    _consultation(mini)
    rows = [list(r) for r in ROWS]
    rows[2][9] = '=IF(1,"第1章","")'  # openpyxl stores no calculated value, like an unsaved sheet
    result = _import(mini, _sheet(tmp_path / "in.xlsx", rows))
    _nothing_written(mini, result)
    assert re.search(r"in\.xlsx:4: \[intake-formula\] 4行目: セル「J4」の数式に計算結果が保存されていません", result.stderr)


@pytest.mark.parametrize("name,content,expected", [
    ("empty.xlsx", b"", "Excel のファイルとして読めません"),
    ("broken.xlsx", b"PK\x03\x04 not really a workbook", "Excel のファイルとして読めません"),
    ("empty.csv", b"", "受付票が空です"),
    ("utf16.csv", "\ufeff受付番号,受付日\r\n".encode("utf-16-le"), "UTF-16"),
    ("workbook.csv", b"PK\x03\x04\x14\x00", "中身は Excel のファイル"),
    ("old.xls", b"\xd0\xcf\x11\xe0", "読める受付票は Excel ブック（.xlsx）と CSV"),
    ("missing.csv", None, "受付票のファイルがありません"),
])
def test_unreadable_sheets_get_a_japanese_message(mini, tmp_path, name, content, expected):
    _consultation(mini)
    if content is not None:
        (tmp_path / name).write_bytes(content)
    result = _import(mini, tmp_path / name)
    _nothing_written(mini, result)
    assert re.search(rf"{re.escape(name)}: \[intake-file\] .*{re.escape(expected)}", result.stderr), result.stderr


# 5. Channels from configuration; no message suggests what it rejects.

def test_channel_synonyms_come_from_configuration(mini, tmp_path):
    folder = _consultation(mini)
    rows = [list(r) for r in ROWS]
    rows[0][2] = rows[1][2] = "Ｅメール"
    rows[2][2] = "ファックス"
    rows[3][2] = "ホームページ"
    assert _import(mini, _sheet(tmp_path / "in.csv", rows)).returncode == 0, "the defaults"
    assert [r["channel"] for r in _records(folder)] == ["電子メール", "電子メール", "FAX", "ウェブフォーム"]
    write(mini / "content/_data/consultations.yml",
          "channels:\n  郵送: []\n  電子メール: [メール]\n  窓口: [持参, 来庁]\n")
    rows[2][2], rows[3][2] = "来庁", "ホームページ"
    result = _import(mini, _sheet(tmp_path / "in.csv", [ROWS[0], ROWS[1], rows[2], rows[3]]))
    assert result.returncode == 1
    message = re.search(r"in\.csv:5: \[intake-row\] 5行目: (.+)", result.stderr).group(1)
    assert message.startswith("提出方法「ホームページ」は使えません。使える提出方法: 郵送 / 電子メール / 窓口")
    assert message.count("ホームページ") == 1, "the rejected value is never offered back"
    assert "in.csv:4" not in result.stderr, "来庁 is the configured 窓口"


def test_a_wrong_target_is_answered_with_the_drafts_real_sections_only(mini, tmp_path):
    _consultation(mini)
    rows = [list(r) for r in ROWS]
    rows[3][9] = "資料編"  # the mini draft has no appendix
    result = _import(mini, _sheet(tmp_path / "in.csv", rows))
    message = re.search(r"in\.csv:5: \[intake-row\] 5行目: (.+)", result.stderr).group(1)
    assert message.count("資料編") == 1 and "全体、第1章、第1章1" in message


# 6. Publishing only what can be published; records read as written.

def test_publish_refuses_before_the_end_while_open_and_without_records(mini, tmp_path):
    folder = _consultation(mini)
    publish = ("consult", "publish", "--consultation", "plan", "--date")
    early = run_kohyo(*publish, "2026-12-16", cwd=mini)
    assert early.returncode == 1 and "[consultation-publish]" in early.stderr
    assert "content/consultations/plan/index.md:7: [consultation-publish] 結果公表日 2026-12-16 は、募集締切日" in early.stderr
    assert "意見の記録がありません" in early.stderr, "no opinions.yml is no answer"
    _consultation(mini, status="募集中")
    still_open = run_kohyo(*publish, "2027-01-20", cwd=mini)
    assert "index.md:4: [consultation-publish] 意見募集の状況が「募集中」" in still_open.stderr
    _consultation(mini)
    write(mini / "content/_data/consultations.yml", "no_opinions: [plan]\n")
    done = run_kohyo(*publish, "2027-01-20", cwd=mini)
    assert done.returncode == 0, done.stderr
    head = (folder / "index.md").read_text(encoding="utf-8").split("\n---\n")[0]
    assert "updated: 2027-01-20" in head and "results_date: 2027-01-20" in head and head.count("updated:") == 1
    built = run_kohyo("build", "--no-pdf", "--build-date", BUILD_DATE, cwd=mini)
    assert built.returncode == 0, built.stderr
    assert "提出された意見はありませんでした" in (mini / "build/site/consultations/plan/results/index.html").read_text(
        encoding="utf-8")


@pytest.mark.parametrize("text,where,code", [
    ("- id: 1\n  submission: [\n", 3, "yaml-syntax"),
    ("id: 1\nsubmission: 1\n", 1, "opinion-record"),
    ("- id: 1\n  submission: 1\n  received: 2026-11-20\n  channel: 郵送\n  age: 20代\n  kind: 個人\n"
     "  target: 全体\n  status: 未対応\n- id: x\n  submission: {a: 1}\n  7: seven\n", 9, "opinion-record"),
    ("- just text\n", 1, "opinion-record"),
])
def test_a_malformed_opinions_file_is_a_problem_with_its_line(mini, text, where, code):
    folder = _consultation(mini)
    write(folder / "opinions.yml", text)
    for args in (("check",), ("consult", "publish", "--consultation", "plan", "--date", "2027-01-20"),
                 ("consult", "status", "--consultation", "plan")):
        result = run_kohyo(*args, cwd=mini)
        assert "Traceback" not in result.stderr, result.stderr
    result = run_kohyo("check", cwd=mini)
    assert result.returncode == 1 and f"content/consultations/plan/opinions.yml:{where}: [{code}]" in result.stderr


def test_text_fields_stay_text(mini, tmp_path):
    folder = _consultation(mini)
    write(folder / "opinions.yml", "- id: 1\n  submission: 1\n  receipt: 007\n  received: 2026-11-20\n  channel: 郵送\n"
          "  age: 20代\n  kind: 個人\n  target: 全体\n  summary: no\n  response: 2026-01-01\n  category: その他・質問\n"
          "  group: 1.50\n  status: 回答案\n")
    assert run_kohyo("check", cwd=mini).returncode == 0
    assert run_kohyo("consult", "review", "--consultation", "plan", cwd=mini).returncode == 0
    review = (mini / "private/review/plan-review.html").read_text(encoding="utf-8")
    assert "<td>no</td><td>2026-01-01</td><td>その他・質問</td><td>1.50</td>" in review


@pytest.mark.parametrize("change,code,line", [
    (lambda t: t.replace("end: 2026-12-16\n", ""), "missing-field", 1),
    (lambda t: t.replace("department: climate-policy", "department: climate-polcy"), "invalid-value", 11),
])
def test_a_results_consultation_missing_its_settings_is_a_problem_not_a_crash(mini, tmp_path, change, code, line):
    folder = _consultation(mini)
    assert _import(mini, _sheet(tmp_path / "in.csv")).returncode == 0
    _respond(folder)
    assert run_kohyo("consult", "publish", "--consultation", "plan", "--date", "2027-01-20", cwd=mini).returncode == 0
    index = folder / "index.md"
    index.write_text(change(index.read_text(encoding="utf-8")), encoding="utf-8")
    for args in (("check",), ("build", "--no-pdf", "--build-date", BUILD_DATE),
                 ("consult", "publish", "--consultation", "plan", "--date", "2027-01-21")):
        result = run_kohyo(*args, cwd=mini)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert "[consultation-publish]" in result.stderr
    assert f"content/consultations/plan/index.md:{line}: [{code}]" in run_kohyo("check", cwd=mini).stderr


# 7. kohyo new stays inside content/.

@pytest.mark.parametrize("path", ["../../../x.md", "plan/../../x.md", "/tmp/kohyo-outside.md", ".."])
def test_new_page_refuses_a_path_outside_content(mini, path):
    result = run_kohyo("new", "page", path, cwd=mini)
    assert result.returncode == 1 and "の外を指しています" in result.stderr and "Traceback" not in result.stderr
    assert not (mini.parent / "x.md").exists() and not (mini / "x.md").exists()
    assert not (ROOT.parent / "x.md").exists()


@pytest.mark.parametrize("text,expected", [
    ("- id: x\n  submission: 1\n", "opinions.yml:1: [opinion-record]"),
    ("- id: 1\n  submission: [\n", "opinions.yml:3: [yaml-syntax]"),
    ("- id: 1\n  submission: 1\n- id: 1\n  submission: 2\n", "opinions.yml:1: [opinion-record] 意見の番号（id）1 が重複"),
])
def test_importing_over_a_broken_opinions_file_stops_and_keeps_it(mini, tmp_path, text, expected):
    folder = _consultation(mini)
    write(folder / "opinions.yml", text)
    result = _import(mini, _sheet(tmp_path / "in.csv"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"content/consultations/plan/{expected}" in result.stderr
    assert (folder / "opinions.yml").read_text(encoding="utf-8") == text and not (mini / "private").exists()

"""`kohyo consult import`: the staff's intake sheet (XLSX or CSV) into public opinion records
in content/ and private data in the private store. All rows are checked first; nothing is
written unless every row is valid. Importing again never overwrites what staff wrote.

An opinion is found again by its identity, never by its row's position: the sheet's
「意見番号」 within its 受付番号 when the sheet has that column, otherwise a keyed fingerprint
(HMAC, `kohyo.privacy.keys.tag`) of its normalised original text. The identity is kept on the
public record (`number:`, `origin:`), so a re-import works on a machine without private/;
the fingerprint cannot be reversed without the key, which never enters git.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import warnings
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..privacy import keys
from ..problems import Problem
from . import private
from .model import AGES, KINDS, OPINIONS_FILE, Settings, _records, fold

COLUMNS = ("受付番号", "受付日", "提出方法", "氏名", "住所", "電話番号", "メールアドレス", "年代", "個人・団体",
           "意見の対象", "意見")
NUMBER = "意見番号"  # optional: the opinion's number within its submission
WITHDRAWN = "取下げ"  # optional: any mark (○, 取下げ, 1 …) withdraws the row's opinion
_NOT_WITHDRAWN = {"", "0", "×", "いいえ", "なし", "無", "false", "no"}
# A submission's facts: rows of one 受付番号 must agree on them (they are one person's submission).
_SUBMISSION_COLUMNS = ("受付日", "提出方法", "年代", "個人・団体") + private.PRIVATE_FIELDS
# What staff write in the public record; an import keeps these as they are.
STAFF_FIELDS = ("summary", "response", "category", "status", "group", "change", "pii_allowed")
ANSWERED = ("確定", "公表")
# Excel's 1900 date system; serials outside these years are not taken for dates.
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIALS = ((dt.date(2000, 1, 1) - _EXCEL_EPOCH).days, (dt.date(2099, 12, 31) - _EXCEL_EPOCH).days)
_KEY_LINE = re.compile(r"^# kohyo-origin-key: ([0-9a-f]+)$", re.M)


@dataclass
class Row:
    line: int  # row number in the sheet (the header is row 1)
    receipt: str  # 受付番号
    received: dt.date | None
    channel: str
    age: str
    kind: str
    target: str
    text: str
    person: dict[str, str]
    origin: str  # keyed fingerprint of the normalised text
    number: int | None = None  # 意見番号
    withdrawn: bool = False


@dataclass
class Outcome:
    new: int = 0
    updated: int = 0
    notes: list[Problem] = field(default_factory=list)  # warnings: changed and withdrawn opinions


def normalise(text: str) -> str:
    """The original text as fingerprinted: width and line breaks as typed do not matter."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


# Reading the sheet ---------------------------------------------------------------------------

def _file_problem(shown: str, message: str) -> list[Problem]:
    return [Problem(shown, 0, "intake-file", message)]


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _is_formula(value) -> bool:
    return (isinstance(value, str) and value.startswith("=")) or \
        type(value).__name__ in ("ArrayFormula", "DataTableFormula")


def _xlsx_rows(path: Path, data_only: bool) -> list[list]:
    from openpyxl import load_workbook

    with warnings.catch_warnings():  # openpyxl's English warnings (styles, extensions) mean nothing to staff
        warnings.simplefilter("ignore")
        book = load_workbook(path, read_only=True, data_only=data_only)
        try:
            if not book.worksheets:
                return []
            return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
        finally:
            book.close()


def _read_xlsx(path: Path, shown: str) -> tuple[list[list], list[Problem]]:
    try:
        values = _xlsx_rows(path, data_only=True)
        # openpyxl gives None for a formula Excel never calculated; only the formulas show which.
        formulas = _xlsx_rows(path, data_only=False)
    except Exception:  # noqa: BLE001 - zip, XML and openpyxl errors all mean an unreadable workbook
        return [], _file_problem(shown, "Excel のファイルとして読めません（壊れているか、Excel ブック（.xlsx）ではありません）。"
                                        "Excel で開き、「Excel ブック（.xlsx）」の形式で保存し直してください。")
    problems = []
    for r, row in enumerate(formulas):
        for c, formula in enumerate(row):
            cached = values[r][c] if r < len(values) and c < len(values[r]) else None
            if _is_formula(formula) and cached is None:
                address = f"{_column_letter(c)}{r + 1}"
                problems.append(Problem(shown, r + 1, "intake-formula",
                                        f"{r + 1}行目: セル「{address}」の数式に計算結果が保存されていません。Excel で開いて"
                                        "計算させてから保存し直すか、数式を値に置き換えてください。"))
    return values, problems


def _read_csv(path: Path, shown: str) -> tuple[list[list], list[Problem]]:
    raw = path.read_bytes()
    if raw.startswith(b"PK\x03\x04") or raw.startswith(b"\xd0\xcf\x11\xe0"):
        return [], _file_problem(shown, "拡張子は .csv ですが、中身は Excel のファイルです。拡張子を .xlsx にするか、"
                                        "Excel で「CSV UTF-8（コンマ区切り）」の形式で保存し直してください。")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:4096]:
        return [], _file_problem(shown, "CSV の文字コードが UTF-16（Excel の「Unicode テキスト」）です。Excel で"
                                        "「CSV UTF-8（コンマ区切り）」の形式で保存し直してください。")
    for encoding in ("utf-8-sig", "cp932"):  # UTF-8 (with or without BOM), then Shift_JIS/CP932
        try:
            decoded = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return [], _file_problem(shown, "CSV の文字コードが読めません。UTF-8 か Shift_JIS（CP932）で保存してください。")
    try:
        return list(csv.reader(io.StringIO(decoded))), []
    except csv.Error as exc:
        return [], _file_problem(shown, f"CSV として読めません（{exc}）。Excel で開き、「CSV UTF-8（コンマ区切り）」の"
                                        "形式で保存し直してください。")


def read_sheet(path: Path, shown: str) -> tuple[list[str], list[tuple[int, dict]], list[Problem]]:
    """The header, (row number, {column: value}) of every non-empty row, and the problems that
    keep the sheet from being read (then the rows are empty). XLSX, or CSV in UTF-8 (with or
    without BOM) or Shift_JIS/CP932."""
    if not path.is_file():
        return [], [], _file_problem(shown, "受付票のファイルがありません。ファイル名と置き場所を確かめてください。")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        rows, problems = _read_xlsx(path, shown)
    elif suffix in (".csv", ".txt"):
        rows, problems = _read_csv(path, shown)
    else:
        return [], [], _file_problem(shown, "読める受付票は Excel ブック（.xlsx）と CSV（.csv）です。"
                                            "Excel でどちらかの形式で保存し直してください。")
    if problems and not rows:
        return [], [], problems
    if not rows or not any(_text(v) for v in rows[0]):
        return [], [], problems + _file_problem(shown, "受付票が空です（1行目に列名がありません）。")
    header = [unicodedata.normalize("NFKC", _text(h)).strip() for h in rows[0]]
    found = [(n, {h: row[i] if i < len(row) else None for i, h in enumerate(header) if h})
             for n, row in enumerate(rows[1:], start=2) if any(_text(v) for v in row)]
    return header, found, problems


# Checking the rows ---------------------------------------------------------------------------

def _text(value) -> str:
    """A cell as text: Excel's whole numbers without 「.0」, dates as YYYY-MM-DD."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) or re.fullmatch(r"\d{5}(\.0+)?", _text(value)):
        serial = float(value) if isinstance(value, (int, float)) else float(_text(value))
        if serial.is_integer() and _SERIALS[0] <= serial <= _SERIALS[1]:  # an Excel date serial: 45640
            return _EXCEL_EPOCH + dt.timedelta(days=int(serial))
        return None
    text = unicodedata.normalize("NFKC", _text(value))
    m = re.fullmatch(r"(\d{4})(?:[-/.]|年)(\d{1,2})(?:[-/.]|月)(\d{1,2})日?(?: \d{1,2}:\d{2}(?::\d{2})?)?", text)
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    except ValueError:
        return None


def _number(value) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
        return int(value) if value > 0 else None
    text = unicodedata.normalize("NFKC", _text(value))
    return int(text) if re.fullmatch(r"[1-9]\d{0,5}", text) else None


def _listed(values, limit: int = 15) -> str:
    values = list(values)
    return "、".join(values[:limit]) + (" など" if len(values) > limit else "")


def validate(path: Path, shown: str, targets, settings: Settings, key: bytes) -> tuple[list[Row], list[Problem]]:
    """The sheet's rows, checked; every problem with the sheet's row. `targets`: the draft's
    section labels in order. Nothing raises for a bad sheet: its faults come back as problems."""
    header, found, problems = read_sheet(path, shown)
    if not header:
        return [], problems
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return [], problems + [Problem(shown, 1, "intake-row", f"1行目: 列「{'」「'.join(missing)}」がありません。"
                                                            "1行目に列名を書いてください。")]
    targets = list(targets)
    has_number, has_withdrawn = NUMBER in header, WITHDRAWN in header
    rows: list[Row] = []
    for line, cells in found:
        row, errors = _row(line, cells, set(targets), targets, settings, key, has_number, has_withdrawn)
        problems += [Problem(shown, line, "intake-row", f"{line}行目: {e}。") for e in errors]
        if row is not None and not errors:
            rows.append(row)
    return rows, problems + _consistency(rows, shown, has_number)


def _row(line: int, cells: dict, target_set: set, targets: list, settings: Settings, key: bytes,
         has_number: bool, has_withdrawn: bool) -> tuple[Row | None, list[str]]:
    t = {k: _text(cells.get(k)) for k in (*COLUMNS, NUMBER, WITHDRAWN)}
    errors = []
    receipt = unicodedata.normalize("NFKC", t["受付番号"]).strip()
    withdrawn = has_withdrawn and fold(t[WITHDRAWN]) not in _NOT_WITHDRAWN
    number = _number(cells.get(NUMBER)) if has_number else None
    if not receipt:
        errors.append("受付番号が空です")
    if has_number and number is None:
        errors.append(f"意見番号「{t[NUMBER]}」は 1 以上の整数で書きます（同じ受付番号の中で 1、2、3 …）"
                      if t[NUMBER] else "意見番号が空です（同じ受付番号の中で 1、2、3 … と書きます）")
    if not t["意見"] and not (withdrawn and has_number):
        errors.append("意見が空です")
    received = _date(cells.get("受付日"))
    channel = settings.channel(t["提出方法"])
    target = unicodedata.normalize("NFKC", t["意見の対象"]).strip()
    age = unicodedata.normalize("NFKC", t["年代"]).strip() or "不明"
    kind = t["個人・団体"] or "個人"
    if not withdrawn:  # a withdrawn opinion is only looked up, so only its identity must be right
        if received is None:
            errors.append(f"受付日「{t['受付日']}」が日付として読めません（2024-12-18 の形で書きます）"
                          if t["受付日"] else "受付日が空です")
        if channel is None:
            errors.append((f"提出方法「{t['提出方法']}」は使えません" if t["提出方法"] else "提出方法が空です")
                          + f"。使える提出方法: {' / '.join(settings.channels)}"
                          "（別の書き方は content/_data/consultations.yml の channels: で設定します）")
        if target not in target_set:
            errors.append((f"意見の対象「{t['意見の対象']}」は対象の公表物にありません" if target else "意見の対象が空です")
                          + (f"。使える意見の対象: {_listed(targets)}" if targets else "（対象の公表物に章がありません）"))
        if age not in AGES:
            errors.append(f"年代「{age}」は使えません。使える年代: {' / '.join(AGES)}")
        if kind not in KINDS:
            errors.append(f"個人・団体「{kind}」は使えません。「個人」か「団体」を書きます")
    if errors:
        return None, errors
    return Row(line, receipt, received, channel or "", age, kind, target, t["意見"],
               {k: t[k] for k in private.PRIVATE_FIELDS}, keys.tag(key, normalise(t["意見"])),
               number, withdrawn), []


def _facts(row: Row) -> dict[str, str]:
    """What every row of one submission must agree on, as compared (dates as dates, channels by name)."""
    return {"受付日": str(row.received), "提出方法": row.channel, "年代": row.age, "個人・団体": row.kind,
            **{k: fold(v) for k, v in row.person.items()}}


def _consistency(rows: list[Row], shown: str, has_number: bool) -> list[Problem]:
    """Rows of one 受付番号 are one person's submission; one opinion appears once."""
    problems = []
    first: dict[str, Row] = {}
    seen: dict[tuple, Row] = {}
    for row in rows:
        head = first.setdefault(row.receipt, row) if not row.withdrawn else row
        if head is not row:
            mine, theirs = _facts(row), _facts(head)
            differ = [c for c in _SUBMISSION_COLUMNS if mine[c] != theirs[c]]
            # The values are not repeated: the report may be read by others than the staff.
            if differ:
                problems.append(Problem(shown, row.line, "intake-duplicate",
                                        f"{row.line}行目: 受付番号「{row.receipt}」の{'・'.join(differ)}が "
                                        f"{head.line}行目と違います。別の人の意見なら受付番号を分け、同じ人の意見なら"
                                        "同じ内容にそろえてください。"))
        identity = (row.receipt, row.number) if has_number else (row.receipt, row.origin)
        if identity in seen:
            other = seen[identity].line
            problems.append(Problem(shown, row.line, "intake-duplicate",
                                    f"{row.line}行目: 受付番号「{row.receipt}」の意見番号 {row.number} が {other}行目と"
                                    "重複しています。同じ受付番号の中で別々の番号を付けてください。" if has_number else
                                    f"{row.line}行目: 受付番号「{row.receipt}」の同じ意見が {other}行目にもあります。"
                                    "重複なら片方の行を削除し、別の意見として扱うなら「意見番号」の列を作って"
                                    "番号を付けてください。"))
        seen.setdefault(identity, row)
    return problems


# Writing the records -------------------------------------------------------------------------

class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml's emitter: fast at 10,000 records
    pass


_Dumper.add_representer(str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s,
                                                               style="|" if "\n" in s else None))

HEADER = ("# 意見の記録（公開）。kohyo consult import が書き、summary（意見の概要）・response（市の考え方）・"
          "category（反映区分）・status・group・change は職員が書きます。\n"
          "# 氏名・住所・電話番号・メールアドレス・意見の原文はここに書きません（private/ に保存されます）。\n"
          "# origin は原文の照合値（鍵付きハッシュ）で、再取り込みのときに意見を見つけるために使います。消さないでください。\n")


def _existing(path: Path, shown: str) -> tuple[list[tuple[int, dict]], str | None, list[Problem]]:
    """The records already written (line, mapping), the key id they were made with, problems."""
    if not path.is_file():
        return [], None, []
    problems: list[Problem] = []
    entries = _records(path, shown, problems)
    for line, entry in entries:
        for name in ("id", "submission"):  # what the import counts on; kohyo check reports the rest
            value = entry.get(name) if isinstance(entry, dict) else None
            if isinstance(value, bool) or not isinstance(value, int):
                problems.append(Problem(shown, line, "opinion-record",
                                        f"意見の記録に整数の {name} がありません。直してから取り込み直してください。"))
    ids = [e["id"] for _, e in entries if isinstance(e, dict) and isinstance(e.get("id"), int)]
    for dup in sorted(i for i, n in Counter(ids).items() if n > 1):
        problems.append(Problem(shown, next(n for n, e in entries if e.get("id") == dup), "opinion-record",
                                f"意見の番号（id）{dup} が重複しています。直してから取り込み直してください。"))
    m = _KEY_LINE.search(path.read_text(encoding="utf-8"))
    return entries, m.group(1) if m else None, problems


def merge(rows: list[Row], folder: Path, consultation: str, private_dir: Path, key: bytes,
          shown: str, sheet_shown: str) -> tuple[Outcome, list[Problem]]:
    """Write the rows into opinions.yml and the private store; returns what happened, or the
    problems that stopped it (then nothing is written). `shown`: opinions.yml as editors see it."""
    path = folder / OPINIONS_FILE
    entries, made_with, problems = _existing(path, shown)
    if made_with and made_with != keys.key_id(key):
        problems.append(Problem(shown, 1, "intake-key",
                                "この意見の記録は、別の鍵（KOHYO_PRIVACY_KEY）で取り込まれています。前回と同じ鍵を設定して"
                                "ください（鍵が違うと、取り込み済みの意見を見つけられず二重に登録されます）。"))
    if problems:
        return Outcome(), problems
    try:
        store = private.load(private_dir, consultation)
        subs = store["submissions"]
        assert isinstance(subs, dict) and all(isinstance(v, dict) for v in subs.values())
    except (ValueError, KeyError, TypeError, AssertionError):
        return Outcome(), [Problem(str(private.store_path(private_dir, consultation)), 0, "intake-private",
                                   "個人情報の保存ファイルが壊れていて読めません。バックアップから戻してから取り込んでください。")]
    problems = _reused_receipts(rows, subs, sheet_shown)
    if problems:
        return Outcome(), problems
    originals = {op["id"]: op["意見"] for sub in subs.values() for op in sub.get("opinions", [])}
    lines = {e["id"]: line for line, e in entries}
    records = {e["id"]: e for _, e in entries}
    # A record written before identities were kept finds its origin in the private store's original.
    origin = {i: str(r.get("origin") or "") or (keys.tag(key, normalise(originals[i])) if i in originals else "")
              for i, r in records.items()}
    by_receipt: dict[str, list[dict]] = {}
    for record in sorted(records.values(), key=lambda r: r["id"]):
        by_receipt.setdefault(str(record.get("receipt") or ""), []).append(record)
    next_id = max(records, default=0) + 1
    next_sub = max([r.get("submission") or 0 for r in records.values()]
                   + [s.get("submission", 0) for s in subs.values()], default=0) + 1
    claimed: set[int] = set()
    outcome = Outcome()
    later: list = []  # notes naming a record's line in the file as written now
    matched: dict[int, dict] = {}
    for row in rows:
        record = _match(row, by_receipt.get(row.receipt, []), origin, claimed)
        if record is not None:
            claimed.add(record["id"])
            matched[row.line] = record
    # An opinion whose text was corrected (and the sheet has no 意見番号) is the one record of its
    # submission and part of the draft left without a row: taken as the same opinion, flagged below.
    unmatched: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        if row.line not in matched and not row.withdrawn and row.number is None and row.receipt in by_receipt:
            unmatched.setdefault((row.receipt, row.target), []).append(row)
    for (receipt, target), twins in sorted(unmatched.items()):
        left = [r for r in by_receipt[receipt] if r["id"] not in claimed and r.get("target") == target]
        if len(twins) == 1 and len(left) == 1:
            claimed.add(left[0]["id"])
            matched[twins[0].line] = left[0]
    for row in rows:
        record = matched.get(row.line)
        if row.withdrawn:
            if record is not None:
                later.append(lambda at, row=row, i=record["id"]: Problem(
                    sheet_shown, row.line, "intake-withdrawn", f"{row.line}行目: 取り下げられた意見です。{shown}:{at[i]} の"
                    f"意見 No.{i} を公表しないなら、その記録を削除してください（記録はそのまま残しました）。"))
            continue
        known = by_receipt.get(row.receipt, [])
        sub = subs.setdefault(row.receipt, {})
        sub.setdefault("opinions", [])
        if "submission" not in sub:
            sub["submission"] = known[0]["submission"] if known else next_sub
            next_sub += 0 if known else 1
        sub.update(row.person)
        if record is None:
            record_id, staff = next_id, {}
            next_id += 1
            outcome.new += 1
        else:
            record_id, outcome.updated = record["id"], outcome.updated + 1
            staff = {k: record[k] for k in STAFF_FIELDS if record.get(k) not in (None, "")}
            if origin.get(record_id) and origin[record_id] != row.origin and \
                    (staff.get("summary") or staff.get("response") or staff.get("status") in ANSWERED):
                if staff.get("status") in ANSWERED:
                    staff["status"] = "回答案"
                back = "（状況を「回答案」に戻しました）。" if staff.get("status") == "回答案" else "。"
                later.append(lambda at, row=row, i=record_id, back=back: Problem(
                    sheet_shown, row.line, "intake-changed", f"{row.line}行目: 意見の原文が前回の取り込みから変わっています。"
                    f"{shown}:{at[i]} の意見 No.{i} の意見の概要・市の考え方を見直してください{back}"))
        sub["opinions"] = [op for op in sub["opinions"] if op["id"] != record_id] + [{"id": record_id, "意見": row.text}]
        sub["opinions"].sort(key=lambda op: op["id"])
        base = {"id": record_id, "submission": sub["submission"], "receipt": row.receipt}
        if row.number is not None:
            base["number"] = row.number
        base.update(origin=row.origin, received=row.received, channel=row.channel, age=row.age, kind=row.kind,
                    target=row.target)
        records[record_id] = {**base, "summary": "", "response": "", "category": "", "status": "未対応", **staff}
    for record_id in sorted(set(lines) - claimed):
        later.append(lambda at, i=record_id: Problem(
            shown, at[i], "intake-withdrawn", f"意見 No.{i} は、今回の受付票にありません。取り下げられた意見なら記録を"
            "削除し、受付票から誤って消えたのなら受付票を直してください（記録はそのまま残しました）。"))
    text = (HEADER + f"# kohyo-origin-key: {keys.key_id(key)}\n"
            + yaml.dump([records[k] for k in sorted(records)], Dumper=_Dumper, allow_unicode=True, sort_keys=False,
                        width=1000))
    if later:
        at = {int(line[6:]): n for n, line in enumerate(text.splitlines(), 1) if re.fullmatch(r"- id: \d+", line)}
        outcome.notes = [note(at) for note in later]
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    private.save(private_dir, consultation, store)
    return outcome, []


def _reused_receipts(rows: list[Row], subs: dict, shown: str) -> list[Problem]:
    """A 受付番号 given to another person in an earlier import (a new sheet numbered from 1 again)
    would merge two people's submissions. One differing field is a correction; two are a person."""
    problems, seen = [], set()
    for row in rows:
        stored = subs.get(row.receipt)
        if row.withdrawn or stored is None or row.receipt in seen:
            continue
        seen.add(row.receipt)
        differ = [k for k in private.PRIVATE_FIELDS
                  if fold(str(stored.get(k) or "")) and row.person[k] and fold(str(stored[k])) != fold(row.person[k])]
        if len(differ) >= 2:
            problems.append(Problem(shown, row.line, "intake-duplicate",
                                    f"{row.line}行目: 受付番号「{row.receipt}」は、前回までの取り込みで別の人（{'・'.join(differ)}"
                                    "が違う）に使われています。別の人なら、これまでと重ならない受付番号を付けてください。"))
    return problems


def _match(row: Row, known: list[dict], origin: dict[int, str], claimed: set[int]) -> dict | None:
    """The record `row` was imported as before, by 意見番号 or by its text's fingerprint."""
    free = [r for r in known if r["id"] not in claimed]
    if row.number is not None:
        numbered = [r for r in free if r.get("number") == row.number]
        if numbered:
            return numbered[0]
        free = [r for r in free if r.get("number") is None]  # the sheet has just gained 意見番号
    return next((r for r in free if origin.get(r["id"]) == row.origin), None)

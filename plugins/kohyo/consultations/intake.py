"""`kohyo consult import`: the staff's intake sheet (XLSX or CSV) into public opinion records
in content/ and private data in the private store. All rows are checked first; nothing is
written unless every row is valid. Importing again never overwrites what staff wrote.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..problems import Problem
from . import private
from .model import AGES, KINDS, OPINIONS_FILE

COLUMNS = ("受付番号", "受付日", "提出方法", "氏名", "住所", "電話番号", "メールアドレス", "年代", "個人・団体",
           "意見の対象", "意見")
CHANNELS = ("郵送", "持参", "FAX", "電子メール", "ウェブフォーム")
# What staff write in the public record; an import keeps these as they are.
STAFF_FIELDS = ("summary", "response", "category", "status", "group", "change", "pii_allowed")


@dataclass
class Row:
    line: int  # row number in the sheet (the header is row 1)
    receipt: str  # 受付番号
    received: dt.date
    channel: str
    age: str
    kind: str
    target: str
    text: str
    person: dict[str, str]


def read_sheet(path: Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and (row number, {column: value}) of every non-empty row, from XLSX or CSV
    (UTF-8, UTF-8 with BOM, or Shift_JIS/CP932)."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        rows = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    else:
        raw = path.read_bytes()
        for encoding in ("utf-8-sig", "cp932"):  # UTF-8 (with or without BOM), then Shift_JIS/CP932
            try:
                decoded = raw.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ValueError("文字コードが読めません。UTF-8 か Shift_JIS（CP932）で保存してください。")
        rows = list(csv.reader(io.StringIO(decoded)))
    if not rows:
        return [], []
    header = [str(h).strip() for h in rows[0]]
    return header, [(n, {h: row[i] if i < len(row) else "" for i, h in enumerate(header)})
                    for n, row in enumerate(rows[1:], start=2) if any(str(v).strip() for v in row)]


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", str(value).strip())
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
    except ValueError:
        return None


def validate(path: Path, shown: str, targets: set[str]) -> tuple[list[Row], list[Problem]]:
    header, found = read_sheet(path)
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return [], [Problem(shown, 1, "intake-row", f"列「{'」「'.join(missing)}」がありません。1行目に列名を書いてください。")]
    rows, problems = [], []
    for line, cells in found:
        v = {k: str(cells.get(k, "")).strip() if not isinstance(cells.get(k), (dt.date, dt.datetime)) else cells[k]
             for k in COLUMNS}
        errors = []
        received = _date(v["受付日"])
        if not v["受付番号"]:
            errors.append("受付番号が空です")
        if received is None:
            errors.append(f"受付日「{v['受付日']}」が日付として読めません（2024-12-18 の形で書きます）")
        if v["提出方法"] not in CHANNELS:
            errors.append(f"提出方法「{v['提出方法']}」は使えません（{' / '.join(CHANNELS)}）")
        if not v["意見"]:
            errors.append("意見が空です")
        if v["意見の対象"] not in targets:
            errors.append(f"意見の対象「{v['意見の対象']}」は素案にありません（例: 全体、第4章、第4章2、資料編、概要版、その他）")
        age = v["年代"] or "不明"
        if age not in AGES:
            errors.append(f"年代「{age}」は使えません（{' / '.join(AGES)}）")
        kind = v["個人・団体"] or "個人"
        if kind not in KINDS:
            errors.append(f"個人・団体「{kind}」は使えません（個人 / 団体）")
        problems += [Problem(shown, line, "intake-row", f"{line}行目: {e}。") for e in errors]
        if not errors:
            rows.append(Row(line, v["受付番号"], received, v["提出方法"], age, kind, v["意見の対象"], v["意見"],
                            {k: str(v[k]) for k in private.PRIVATE_FIELDS}))
    return rows, problems


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml's emitter: fast at 10,000 records
    pass


_Dumper.add_representer(str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s,
                                                               style="|" if "\n" in s else None))

HEADER = ("# 意見の記録（公開）。kohyo consult import が書き、summary（意見の概要）・response（市の考え方）・"
          "category（反映区分）・status・group・change は職員が書きます。\n"
          "# 氏名・住所・電話番号・メールアドレス・意見の原文はここに書きません（private/ に保存されます）。\n")


def merge(rows: list[Row], folder: Path, consultation: str, private_dir: Path) -> tuple[int, int]:
    """Write the rows into opinions.yml and the private store; returns (new, updated) counts.

    A row is the n-th opinion of its 受付番号; the public record keeps that 受付番号, so a
    sheet imported again, even on a machine without the private store, finds its records.
    """
    path = folder / OPINIONS_FILE
    existing = (yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
                if path.is_file() else None)
    records = {r["id"]: r for r in existing or []}
    by_receipt: dict[str, list[dict]] = {}
    for record in sorted(records.values(), key=lambda r: r["id"]):
        if record.get("receipt"):
            by_receipt.setdefault(str(record["receipt"]), []).append(record)
    store = private.load(private_dir, consultation)
    subs = store["submissions"]
    next_id = max(records, default=0) + 1
    next_sub = max([r["submission"] for r in records.values()] + [s["submission"] for s in subs.values()],
                   default=0) + 1
    position: dict[str, int] = {}
    new = updated = 0
    for row in rows:
        index = position.get(row.receipt, 0)
        position[row.receipt] = index + 1
        known = by_receipt.get(row.receipt, [])
        record = known[index] if index < len(known) else None
        sub = subs.setdefault(row.receipt, {"opinions": []})
        if "submission" not in sub:
            sub["submission"] = known[0]["submission"] if known else next_sub
            next_sub += 0 if known else 1
        sub.update(row.person)
        if record is None:
            record_id, new = next_id, new + 1
            next_id += 1
        else:
            record_id, updated = record["id"], updated + 1
        sub["opinions"] = [op for op in sub["opinions"] if op["id"] != record_id] + [{"id": record_id, "意見": row.text}]
        sub["opinions"].sort(key=lambda op: op["id"])
        base = {"id": record_id, "submission": sub["submission"], "receipt": row.receipt, "received": row.received,
                "channel": row.channel, "age": row.age, "kind": row.kind, "target": row.target}
        staff = {k: record[k] for k in STAFF_FIELDS if record and record.get(k) not in (None, "")}
        records[record_id] = {**base, "summary": "", "response": "", "category": "", "status": "未対応", **staff}
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + yaml.dump([records[k] for k in sorted(records)], Dumper=_Dumper, allow_unicode=True,
                                       sort_keys=False, width=1000), encoding="utf-8")
    private.save(private_dir, consultation, store)
    return new, updated

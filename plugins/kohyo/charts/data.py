"""A chart's CSV: read as Excel saves it (UTF-8 with or without BOM, or Shift_JIS), with the
file line of every row so a bad value can be pointed at."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

# What officials type for "no value" in a statistics table.
_MISSING = {"", "－", "-", "―", "—", "…", "***", "x", "X", "n/a", "N/A"}


class DataError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line  # 1-based file line, 0 for the whole file
        self.message = message


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    lines: list[int]  # file line of each row

    def column(self, name: str) -> list[str]:
        i = self.header.index(name)
        return [row[i] if i < len(row) else "" for row in self.rows]


def read(path: Path) -> Table:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DataError(0, "文字コードを読み取れません。CSV を UTF-8 か Shift_JIS（Excel の「CSV」）で保存してください。")
    records = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                records.append((reader.line_num, [cell.strip() for cell in row]))
    except csv.Error as e:
        raise DataError(reader.line_num, f"CSV の形が正しくありません（{e}）。") from e
    if not records:
        raise DataError(0, "CSV が空です。1行目に列の名前、2行目から値を書いてください。")
    (_, header), rows = records[0], records[1:]
    if not rows:
        raise DataError(records[0][0], "CSV に値の行がありません。2行目から値を書いてください。")
    for name in header:
        if not name:
            raise DataError(records[0][0], "1行目（列の名前）に空の列があります。すべての列に名前を付けてください。")
    return Table(header=header, rows=[r for _, r in rows], lines=[n for n, _ in rows])


def number(value: str) -> float | None:
    """A cell as a number: 1,240 and ５ are numbers; 「－」 or an empty cell is no value.
    Raises ValueError for anything else."""
    text = value.strip().translate(_WIDE).replace(",", "")
    if text in _MISSING:
        return None
    if text.endswith("%"):
        text = text[:-1]
    return float(text)


_WIDE = str.maketrans("０１２３４５６７８９．，－＋％", "0123456789.,-+%")

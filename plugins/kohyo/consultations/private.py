"""The private store: what submitters gave that is never published.

One JSON file per consultation under the private folder (default `private/`, git-ignored,
outside content/): per 受付番号 the submitter's 氏名, 住所, 電話番号, メールアドレス, the
original text of each opinion, and which public record numbers they became.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

PRIVATE_FIELDS = ("氏名", "住所", "電話番号", "メールアドレス")


def store_path(private_dir: Path, consultation: str) -> Path:
    return private_dir / consultation / "submissions.json"


def load(private_dir: Path, consultation: str) -> dict:
    path = store_path(private_dir, consultation)
    if not path.is_file():
        return {"submissions": {}}
    return json.loads(path.read_text(encoding="utf-8"))


def save(private_dir: Path, consultation: str, data: dict) -> None:
    path = store_path(private_dir, consultation)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    os.chmod(tmp, 0o600)  # only the staff account that imported it can read it
    tmp.replace(path)

"""The one content-hash cache of every output format (kohyo.outputs).

An entry is named by the sha256 of the format's name, what the format declares its output is
made from (key parts) and the format's own code: an unchanged output costs a lookup. New
entries are staged in `.pending/` and become entries only when the build's privacy guard
passed (commit); a failed build discards them, so nothing made from a leaked value is kept.
Committing also drops every entry this build did not use: the cache stays one build's size.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from importlib import resources
from pathlib import Path

PENDING = ".pending"


def code_fingerprint(files: tuple[str, ...]) -> str:
    """The bytes of kohyo's own files a format is made by ("pdf/engine.py", …)."""
    h = hashlib.sha256()
    for name in files:
        h.update(name.encode() + b"\0" + (resources.files("kohyo") / name).read_bytes())
    return h.hexdigest()


def cache_key(name: str, parts: list, code: tuple[str, ...] = ()) -> str:
    payload = json.dumps([name, parts, code_fingerprint(code)], default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:40]


class Cache:
    def __init__(self, folder: Path):
        self.folder = folder
        self.pending = folder / PENDING
        self.used: set[str] = set()
        self.staged: set[str] = set()
        # A build stopped before it committed left its pending entries: never trusted.
        shutil.rmtree(self.pending, ignore_errors=True)

    def get(self, key: str) -> tuple[bytes, dict] | None:
        """A committed entry, or one staged by this build."""
        self.used.add(key)
        for where in (self.folder, self.pending):
            data, meta = where / f"{key}.out", where / f"{key}.json"
            if data.is_file() and meta.is_file():
                return data.read_bytes(), json.loads(meta.read_text(encoding="utf-8"))
        return None

    def has(self, key: str) -> bool:
        self.used.add(key)
        return (self.folder / f"{key}.out").is_file() and (self.folder / f"{key}.json").is_file()

    def stage(self, key: str, data: bytes, meta: dict | None = None) -> None:
        self.used.add(key)
        self.pending.mkdir(parents=True, exist_ok=True)
        (self.pending / f"{key}.out").write_bytes(data)
        (self.pending / f"{key}.json").write_text(json.dumps(meta or {}), encoding="utf-8")
        self.staged.add(key)

    def commit(self, prune: bool = True) -> None:
        """After the guard passed: staged entries become entries; unused ones are dropped (not
        by `kohyo check`, which makes no outputs and would drop theirs)."""
        if self.staged:
            for key in sorted(self.staged):
                for suffix in (".out", ".json"):
                    os.replace(self.pending / f"{key}{suffix}", self.folder / f"{key}{suffix}")
            self.staged = set()
        shutil.rmtree(self.pending, ignore_errors=True)
        if prune and self.folder.is_dir():
            for path in self.folder.iterdir():
                if path.is_file() and path.name.split(".", 1)[0] not in self.used:
                    path.unlink()

    def discard(self) -> None:
        """The build failed (or leaked): nothing it made is kept."""
        shutil.rmtree(self.pending, ignore_errors=True)
        self.staged = set()

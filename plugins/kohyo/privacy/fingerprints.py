"""Fingerprint files: what the guard matches, committed beside the content, recoverable by no one.

`privacy/<consultation>.json` (outside the docs folder, so never published) holds, per private
value form, a keyed fingerprint of the folded form, its length, and a short keyed tag of its first
two characters, so a scan computes full fingerprints only where a tag matches. Without the key
none of these can be checked against a dictionary of names. Entries are named by what they are
(「受付番号 P-001 の氏名」), which is already in the public record's `receipt:` field.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..problems import Problem
from . import keys
from .fold import FORMS, MAX_FORM

FOLDER = "privacy"
FORMAT = 1
LEAD = 2  # characters in the lead tag
SAMPLE_NOTE = "見本のデータです。この鍵は公開されています。実際の意見募集には使えません。"


def path_for(root: Path, consultation: str) -> Path:
    return root / FOLDER / f"{consultation}.json"


@dataclass(frozen=True)
class Entry:
    what: str  # 「受付番号 P-001 の氏名」: names the value, never contains it
    length: int
    lead: str  # short keyed tag of the first LEAD characters
    lead4: str  # short keyed tag of the first four characters ("" for shorter values)
    tag: str


@dataclass(frozen=True)
class Unguarded:
    what: str
    reason: str


def entries_for(key: bytes, submissions: dict) -> tuple[list[Entry], list[Unguarded]]:
    """Fingerprints of every private value in a private store's submissions."""
    entries, unguarded = [], []
    for receipt, sub in sorted(submissions.items()):
        values = [(field, sub.get(field) or "") for field in ("氏名", "住所", "電話番号", "メールアドレス")]
        values += [("意見の原文", op.get("意見") or "") for op in sub.get("opinions", [])]
        for field, value in values:
            if not str(value).strip():
                continue
            what = f"受付番号 {receipt} の{field}"
            forms, reason = FORMS[field](str(value))
            if reason:
                unguarded.append(Unguarded(what, reason))
            for form in (f[:MAX_FORM] for f in forms):
                entries.append(Entry(what, len(form), keys.tag(key, "lead:" + form[:LEAD], 4),
                                     keys.tag(key, "lead:" + form[:4], 4) if len(form) >= 4 else "",
                                     keys.tag(key, form)))
    unique = {(e.tag, e.what): e for e in entries}
    return sorted(unique.values(), key=lambda e: (e.what, e.tag)), unguarded


def write(root: Path, consultation: str, key: bytes, entries: list[Entry], sample_key: str | None = None) -> Path:
    data = {"format": FORMAT, "key_id": keys.key_id(key),
            "entries": [[e.what, e.length, e.lead, e.lead4, e.tag] for e in entries]}
    if sample_key:
        data = {"sample": SAMPLE_NOTE, "sample_key": sample_key, **data}
    path = path_for(root, consultation)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    head = json.dumps({k: v for k, v in data.items() if k != "entries"}, ensure_ascii=False, indent=1)[:-2]
    lines = ",\n".join(json.dumps(e, ensure_ascii=False) for e in data["entries"])
    tmp.write_text(f'{head},\n "entries": [\n{lines}\n]}}\n', encoding="utf-8")  # one entry a line: short diffs
    tmp.replace(path)
    return path


class Matcher:
    """Finds fingerprinted values in folded text."""

    def __init__(self):
        self.keys: list[bytes] = []
        # (key index, lead tag) -> four-character lead tag -> length -> full tag -> what
        self._by_lead: dict[tuple[int, str], dict[str, dict[int, dict[str, list[str]]]]] = {}
        self._lead_hits: dict[str, list] = {}
        self._lead4: dict[tuple[bytes, str], str] = {}

    def add(self, key: bytes, entries: list[Entry]) -> None:
        if key not in self.keys:
            self.keys.append(key)
        index = self.keys.index(key)
        for e in entries:
            by_length = self._by_lead.setdefault((index, e.lead), {}).setdefault(e.lead4, {})
            by_length.setdefault(e.length, {}).setdefault(e.tag, []).append(e.what)
        self._lead_hits.clear()

    def digest(self) -> str:
        """Changes whenever what is matched changes."""
        tags = sorted(t for groups in self._by_lead.values() for lengths in groups.values()
                      for tags in lengths.values() for t in tags)
        return hashlib.sha256(("\n".join(map(keys.key_id, self.keys)) + "\n" + "\n".join(tags)).encode()).hexdigest()

    def __bool__(self) -> bool:
        return bool(self._by_lead)

    def _hits_for(self, bigram: str) -> list:
        found = self._lead_hits.get(bigram)
        if found is None:
            found = [(key, lengths) for i, key in enumerate(self.keys)
                     if (lengths := self._by_lead.get((i, keys.tag(key, "lead:" + bigram, 4))))]
            self._lead_hits[bigram] = found
        return found

    def leads(self, pieces) -> re.Pattern | None:
        """A pattern for the places in `pieces` where some value may start, or None if none can."""
        bigrams = set()
        for piece in pieces:
            bigrams.update(map(str.__add__, piece, piece[1:]))
        hits = sorted(b for b in bigrams if self._hits_for(b))
        return re.compile("(?=(" + "|".join(map(re.escape, hits)) + "))") if hits else None

    def find(self, folded: str, leads: re.Pattern | None = None) -> list[tuple[int, str]]:
        """(position, what) of every fingerprinted value in `folded`."""
        if not self._by_lead or len(folded) < 2:
            return []
        leads = leads or self.leads([folded])
        found = []
        for m in leads.finditer(folded) if leads else ():
            start = m.start()
            for key, groups in self._hits_for(folded[start:start + 2]):
                for lead4, lengths in groups.items():
                    if lead4 and self._tag4(key, folded[start:start + 4]) != lead4:
                        continue
                    for length, tags in lengths.items():
                        for what in tags.get(keys.tag(key, folded[start:start + length]), ()):
                            found.append((start, what))
        return found

    def _tag4(self, key: bytes, text: str) -> str:
        tag = self._lead4.get((key, text))
        if tag is None:
            tag = self._lead4[(key, text)] = keys.tag(key, "lead:" + text, 4)
        return tag


@dataclass
class Loaded:
    matcher: Matcher
    problems: list[Problem]  # missing key or fingerprints: errors for a build, warnings elsewhere
    sample: list[str]  # consultations guarded with the bundled sample's published key


def load(root: Path, shown_root: str, consultations: list[tuple[str, str, bool]]) -> Loaded:
    """The matcher for a project's consultations: (id, shown path of its opinions, has submissions)."""
    matcher, problems, sample = Matcher(), [], []
    env_key = keys.from_env()
    for cid, opinions_shown, has_submissions in consultations:
        path = path_for(root, cid)
        shown = f"{shown_root}{FOLDER}/{cid}.json"
        if not path.is_file():
            if has_submissions:
                problems.append(Problem(opinions_shown, 0, "privacy-setup",
                                        f"意見募集「{cid}」の個人情報の照合データ（{shown}）がありません。受付票を "
                                        "kohyo consult import で取り込み直すと作られます（鍵の環境変数 "
                                        f"{keys.ENV} が必要です）。照合データがないと、個人情報が公開されても止められません。"))
            continue
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            entries = [Entry(str(w), int(n), str(lead), str(lead4), str(tag))
                       for w, n, lead, lead4, tag in data["entries"]]
            key_id = str(data["key_id"])
        except (ValueError, KeyError, TypeError):
            problems.append(Problem(shown, 0, "privacy-setup",
                                    "個人情報の照合データが壊れています。kohyo consult import で取り込み直してください。"))
            continue
        key = env_key if env_key and keys.key_id(env_key) == key_id else None
        if key is None and data.get("sample_key"):
            key = str(data["sample_key"]).encode("utf-8")
            sample.append(cid)
        if key is None or keys.key_id(key) != key_id:
            why = (f"環境変数 {keys.ENV} の鍵が、この照合データを作った鍵と違います" if env_key
                   else f"環境変数 {keys.ENV}（照合用の鍵）が設定されていません")
            problems.append(Problem(shown, 0, "privacy-setup",
                                    f"{why}。意見募集「{cid}」の個人情報を照合できません。鍵の設定方法は README の"
                                    "「個人情報の照合（鍵の設定）」を見てください。"))
            continue
        matcher.add(key, entries)
    return Loaded(matcher, problems, sample)

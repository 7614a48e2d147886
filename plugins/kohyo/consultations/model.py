"""Consultations (パブリックコメント): the consultation page, its public opinion records and its
change records, loaded from content/consultations/<id>/ and validated with file and line.

Only public fields live here. Names, addresses, phone numbers, e-mail addresses and the
original text of each opinion are kept in the private store (private.py), never in content/.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from ..model.project import Page, Project
from ..problems import Problem

ROOT = "consultations"
OPINIONS_FILE = "opinions.yml"
CHANGES_FILE = "changes.yml"
DEFAULT_CATEGORIES = ("修正", "既に盛り込み済み", "今後の参考", "原案どおり", "その他・質問")
OPINION_STATUSES = ("未対応", "回答案", "確定", "公表")
AGES = ("10代以下", "20代", "30代", "40代", "50代", "60代", "70代以上", "不明")
KINDS = ("個人", "団体")
# Contact details that must not appear in a published summary or response (unless allowed).
CONTACT_PATTERNS = (
    ("メールアドレス", re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")),
    ("電話番号", re.compile(r"0\d{1,4}[-－ー(（]?\d{1,4}[-－ー)）]?\d{3,4}")),
    ("郵便番号と住所", re.compile(r"〒?\d{3}[-－]\d{4}\s*\S*[都道府県市区町村]")),
)
TARGET_RE = re.compile(r"^(全体|概要版|その他|資料編|第(\d+)章(?:(\d+))?)$")
SETTINGS_FILE = "_data/consultations.yml"
# Submission channels and the other names staff write for them in an intake sheet.
DEFAULT_CHANNELS: dict[str, tuple[str, ...]] = {
    "郵送": (), "持参": (), "FAX": ("ファックス", "ファクス", "ＦＡＸ"),
    "電子メール": ("メール", "Eメール", "E-mail"), "ウェブフォーム": ("ホームページ", "Web", "ウェブ"),
}
# A consultation cannot publish results before these are set (the loader reports them as missing).
NEEDED_TO_PUBLISH = ("start", "end", "department")


def fold(text: str) -> str:
    """A name as compared: full-width and half-width alike, case ignored, spaces collapsed."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()


@dataclass(frozen=True)
class Settings:
    """content/_data/consultations.yml: what all consultations share."""
    channels: dict[str, tuple[str, ...]]  # channel -> its synonyms
    no_opinions: frozenset[str] = frozenset()  # consultations declared to have received no opinion

    def channel(self, value: str) -> str | None:
        """The channel `value` names (itself or a synonym), or None."""
        wanted = fold(value)
        for name, synonyms in self.channels.items():
            if wanted and wanted in {fold(name), *map(fold, synonyms)}:
                return name
        return None


def load_settings(content_dir: Path, shown: str) -> tuple[Settings, list[Problem]]:
    """The shared settings; defaults when the file is absent. `shown`: the file as editors see it."""
    path = content_dir / SETTINGS_FILE
    problems: list[Problem] = []
    default = Settings(dict(DEFAULT_CHANNELS))
    if not path.is_file():
        return default, problems
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_RecordLoader)
    except Exception as exc:  # noqa: BLE001 - any YAML error becomes a problem with its line
        mark = getattr(exc, "problem_mark", None)
        return default, [Problem(shown, mark.line + 1 if mark else 1, "yaml-syntax",
                                 f"YAML の書き方が正しくありません。（詳細: {getattr(exc, 'problem', exc)}）")]
    data = data if data is not None else {}
    if not isinstance(data, dict):
        return default, [Problem(shown, 1, "consultation-settings", "「channels:」などの「項目: 値」の組で書いてください。")]
    data.pop(_LINE, None)
    for name in sorted(map(str, set(data) - {"channels", "no_opinions"})):
        problems.append(Problem(shown, 1, "consultation-settings",
                                f"使えない項目「{name}」があります。使える項目: channels / no_opinions"))
    channels = dict(DEFAULT_CHANNELS)
    raw = data.get("channels")
    if raw is not None:
        line = raw.pop(_LINE, 1) if isinstance(raw, dict) else 1
        if not isinstance(raw, dict) or not raw:
            problems.append(Problem(shown, line, "consultation-settings",
                                    "channels: には、受付方法ごとに「受付方法: [別の書き方, …]」を書きます。"))
        else:
            channels, seen = {}, {}
            for name, synonyms in raw.items():
                synonyms = [] if synonyms is None else synonyms
                if not isinstance(name, str) or not isinstance(synonyms, list) or \
                        not all(isinstance(s, str) and s.strip() for s in synonyms):
                    problems.append(Problem(shown, line, "consultation-settings",
                                            f"channels: の「{name}」には、別の書き方を [ ] で囲んだ一覧で書きます。"))
                    continue
                for word in [name, *synonyms]:
                    if fold(word) in seen and seen[fold(word)] != name:
                        problems.append(Problem(shown, line, "consultation-settings",
                                                f"「{word}」が受付方法「{seen[fold(word)]}」と「{name}」の両方にあります。"))
                    seen[fold(word)] = name
                channels[name] = tuple(s.strip() for s in synonyms)
    declared = data.get("no_opinions") or []
    if not isinstance(declared, list) or not all(isinstance(v, str) for v in declared):
        problems.append(Problem(shown, 1, "consultation-settings",
                                "no_opinions: には、意見が1件もなかった意見募集のフォルダ名を [ ] で囲んで書きます。"))
        declared = []
    return Settings(channels, frozenset(declared)), problems


@dataclass
class Opinion:
    id: int
    submission: int
    received: dt.date
    channel: str
    age: str
    kind: str
    target: str  # 全体 / 第4章 / 第4章2 / 資料編 / 概要版 / その他
    summary: str = ""  # 意見の概要, written by staff
    response: str = ""  # 市の考え方, written by staff
    category: str = ""
    status: str = "未対応"
    group: str = ""  # opinions sharing a group are shown once: 「ほか同趣旨N件」
    change: str = ""  # id of a change record
    pii_allowed: str = ""  # why contact details may appear in this record's text
    receipt: str = ""  # the intake sheet's 受付番号 (an internal serial, never published): re-import key
    # The opinion's identity within its submission, so a re-import never relies on row order:
    number: int | None = None  # the sheet's 意見番号, when the sheet has that column
    origin: str = ""  # keyed fingerprint (HMAC) of the original text; never the text itself
    line: int = 0


@dataclass
class ChangeRecord:
    id: str
    target: str
    location: str
    before: str
    after: str
    reason: str
    line: int = 0


@dataclass
class Consultation:
    id: str
    page: Page
    opinions: list[Opinion] = field(default_factory=list)
    changes: list[ChangeRecord] = field(default_factory=list)
    sections: dict = field(default_factory=dict)  # label -> sections.Section, once resolved
    no_opinions: bool = False  # staff declared that no opinion arrived (content/_data/consultations.yml)
    has_records_file: bool = False

    @property
    def meta(self) -> dict:
        return self.page.meta

    @property
    def status(self) -> str:
        return self.meta.get("consultation_status", "予告")

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(self.meta.get("categories") or DEFAULT_CATEGORIES)

    @property
    def folder(self) -> str:
        return str(PurePosixPath(self.page.src).parent)

    def open_opinions(self) -> list[Opinion]:
        return [o for o in self.opinions if o.status not in ("確定", "公表")]


_OPINION_FIELDS = {  # name: (required, kind, choices)
    "id": (True, int, None), "submission": (True, int, None), "received": (True, dt.date, None),
    "channel": (True, str, None), "age": (True, str, AGES), "kind": (True, str, KINDS),
    "target": (True, str, None), "summary": (False, str, None), "response": (False, str, None),
    "category": (False, str, None), "status": (True, str, OPINION_STATUSES), "group": (False, str, None),
    "change": (False, str, None), "pii_allowed": (False, str, None), "receipt": (False, str, None),
    "number": (False, int, None), "origin": (False, str, None),
}
# Fields read as the text written: `summary: no` is 「no」, `receipt: 001` is 「001」 (not YAML 1.1's
# false and 1).
_TEXT_KEYS = frozenset([k for k, (_, kind, _) in _OPINION_FIELDS.items() if kind is str]
                       + ["location", "before", "after", "reason"])
_RAW_TAGS = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
             "tag:yaml.org,2002:timestamp")
_CHANGE_FIELDS = ("id", "target", "location", "before", "after", "reason")


class _RecordLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's parser (tens of thousands of records stay fast); each mapping keeps its line."""

    def construct_mapping(self, node, deep=False):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value in _TEXT_KEYS and isinstance(value, yaml.ScalarNode) \
                    and value.tag in _RAW_TAGS:
                value.tag = "tag:yaml.org,2002:str"
        mapping = super().construct_mapping(node, deep=deep)
        mapping[_LINE] = node.start_mark.line + 1
        return mapping

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:  # an impossible date stays text, for the validator to report
            return self.construct_scalar(node)


_LINE = "__line__"
_RecordLoader.add_constructor("tag:yaml.org,2002:map", _RecordLoader.construct_yaml_map)
_RecordLoader.add_constructor("tag:yaml.org,2002:timestamp", _RecordLoader.construct_yaml_timestamp)


def _records(path: Path, shown: str, problems: list[Problem]) -> list[tuple[int, dict]]:
    """(line, mapping) of each item of a YAML list file, parsed once."""
    if not path.is_file():
        return []
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_RecordLoader)
    except Exception as exc:  # noqa: BLE001 - any YAML error becomes a problem with its line
        mark = getattr(exc, "problem_mark", None)
        problems.append(Problem(shown, mark.line + 1 if mark else 1, "yaml-syntax",
                                f"YAML の書き方が正しくありません。（詳細: {getattr(exc, 'problem', exc)}）"))
        return []
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(Problem(shown, 1, "opinion-record", "「- 」で始まる記録の一覧として書いてください。"))
        return []
    return [(entry.pop(_LINE), entry) if isinstance(entry, dict) else (1, entry) for entry in data]


def _opinion(line: int, entry, shown: str, settings: Settings, categories, problems: list[Problem]) -> Opinion | None:
    if not isinstance(entry, dict):
        problems.append(Problem(shown, line, "opinion-record", "意見の記録は「項目: 値」の組で書いてください。"))
        return None
    bad = False
    for name in sorted(map(str, set(entry) - set(_OPINION_FIELDS))):
        problems.append(Problem(shown, line, "opinion-record", f"意見の記録に使えない項目「{name}」があります。"))
        bad = True
    for name, (required, kind, choices) in _OPINION_FIELDS.items():
        value = entry.get(name)
        if value is None or value == "":
            if required:
                problems.append(Problem(shown, line, "opinion-record", f"意見の記録に「{name}」がありません。"))
                bad = True
            continue
        if kind is dt.date and (isinstance(value, dt.datetime) or not isinstance(value, dt.date)):
            problems.append(Problem(shown, line, "opinion-record", f"「{name}」の日付「{value}」が正しくありません。"))
            bad = True
        elif kind is int and (isinstance(value, bool) or not isinstance(value, int)):
            problems.append(Problem(shown, line, "opinion-record", f"「{name}」には整数を書きます。"))
            bad = True
        elif kind is str and not isinstance(value, (str, int)):
            problems.append(Problem(shown, line, "opinion-record", f"「{name}」には文字を書きます。"))
            bad = True
        elif choices and value not in choices:
            problems.append(Problem(shown, line, "opinion-record",
                                    f"「{name}」に「{value}」は使えません。使える値: {' / '.join(choices)}"))
            bad = True
    if bad:
        return None
    op = Opinion(**{k: (str(v).strip() if _OPINION_FIELDS[k][1] is str else v)
                    for k, v in entry.items() if v is not None}, line=line)
    if op.channel not in settings.channels:
        problems.append(Problem(shown, line, "opinion-record", f"提出方法「{op.channel}」は使えません。"
                                f"使える提出方法: {' / '.join(settings.channels)}（content/{SETTINGS_FILE} で設定）"))
    if op.category and op.category not in categories:
        problems.append(Problem(shown, line, "opinion-record",
                                f"反映区分「{op.category}」は使えません。使える区分: {' / '.join(categories)}"))
    if op.status in ("確定", "公表") and not (op.summary and op.response and op.category):
        problems.append(Problem(shown, line, "opinion-record",
                                f"意見 No.{op.id} は「{op.status}」ですが、意見の概要・市の考え方・反映区分のどれかが空です。"))
    for label, text in (("意見の概要", op.summary), ("市の考え方", op.response)):
        for what, pattern in CONTACT_PATTERNS:
            if pattern.search(text) and not op.pii_allowed:
                problems.append(Problem(shown, line, "opinion-contact",
                                        f"意見 No.{op.id} の{label}に{what}のようなものがあります（ログに残らないよう、"
                                        "ここには表示しません）。公表しない個人情報は削除してください。市の窓口などで公表してよい場合は、"
                                        "pii_allowed: に理由を書いてください。"))
    return op


def load_consultations(project: Project) -> tuple[list[Consultation], list[Problem]]:
    settings, problems = load_settings(project.content_dir, project.shown(SETTINGS_FILE))
    found = []
    # A publication whose index.md cannot be read is reported once, as that file's problem.
    unreadable = {PurePosixPath(s).parent.name for s, p in project.pages.items()
                  if PurePosixPath(s).name == "index.md" and not p.meta}
    for page in sorted(project.pages.values(), key=lambda p: p.src):
        if page.type != "consultation":
            continue
        c = Consultation(id=PurePosixPath(page.src).parent.name, page=page)
        folder = project.content_dir / c.folder
        for target in page.meta.get("targets", []):
            if not any(p.id == target for p in project.publications) and target not in unreadable:
                problems.append(Problem(project.shown(page.src), page.line_of("targets"), "invalid-value",
                                        f"対象の公表物「{target}」がありません。公表物のフォルダ名を書いてください。"))
        shown = project.shown(f"{c.folder}/{OPINIONS_FILE}")
        for line, entry in _records(folder / OPINIONS_FILE, shown, problems):
            op = _opinion(line, entry, shown, settings, c.categories, problems)
            if op is not None:
                c.opinions.append(op)
        shown_changes = project.shown(f"{c.folder}/{CHANGES_FILE}")
        for line, entry in _records(folder / CHANGES_FILE, shown_changes, problems):
            missing = [k for k in _CHANGE_FIELDS if not (isinstance(entry, dict) and entry.get(k))]
            if missing:
                problems.append(Problem(shown_changes, line, "opinion-record",
                                        f"修正箇所の記録に「{'」「'.join(missing)}」がありません。"))
                continue
            c.changes.append(ChangeRecord(**{k: str(entry[k]).strip() for k in _CHANGE_FIELDS}, line=line))
        c.no_opinions = c.id in settings.no_opinions
        c.has_records_file = (folder / OPINIONS_FILE).is_file()
        problems += _cross_checks(c, shown, project)
        found.append(c)
    return found, problems


def _cross_checks(c: Consultation, shown: str, project: Project) -> list[Problem]:
    problems = []
    counts = Counter(o.id for o in c.opinions)
    for dup in sorted(i for i, n in counts.items() if n > 1):
        line = next(o.line for o in c.opinions if o.id == dup)
        problems.append(Problem(shown, line, "opinion-record", f"意見の番号（id）{dup} が重複しています。"))
    seen: dict[tuple, Opinion] = {}
    for o in c.opinions:  # the import finds a record by these; two records must not share one
        for key in ((o.receipt, "number", o.number), (o.receipt, "origin", o.origin)):
            if o.receipt and key[2] not in (None, "") and key in seen:
                problems.append(Problem(shown, o.line, "opinion-record",
                                        f"意見 No.{o.id} は、{seen[key].line}行目の意見 No.{seen[key].id} と受付番号・"
                                        f"{'意見番号（number）' if key[1] == 'number' else '原文の照合値（origin）'}が"
                                        "同じです。どちらかの記録を削除してください。"))
            seen.setdefault(key, o)
    changes = {ch.id for ch in c.changes}
    for o in c.opinions:
        if o.change and o.change not in changes:
            problems.append(Problem(shown, o.line, "opinion-record",
                                    f"意見 No.{o.id} の修正箇所「{o.change}」が {CHANGES_FILE} にありません。"))
        if not TARGET_RE.match(o.target):
            problems.append(Problem(shown, o.line, "opinion-record",
                                    f"意見 No.{o.id} の該当箇所「{o.target}」が読めません。"
                                    "全体・第4章・第4章2・資料編・概要版・その他 のように書きます。"))
    if c.status == "結果公表":
        problems += results_blockers(c, project)
        if "results_date" not in c.meta:
            problems.append(Problem(project.shown(c.page.src), 1, "missing-field",
                                    "結果公表の意見募集には results_date（結果公表日）が必要です。"))
    return problems


def results_blockers(c: Consultation, project: Project) -> list[Problem]:
    """Why the results of `c` cannot be published (now or in the build): settings missing, no
    opinion records without a declaration that none arrived, opinions not yet answered."""
    page = project.shown(c.page.src)
    problems = []
    for name in NEEDED_TO_PUBLISH:
        if name not in c.meta or (name == "department" and c.page.department is None):
            problems.append(Problem(page, c.page.line_of(name), "consultation-publish",
                                    f"結果を公表するには、front matter に正しい「{name}」が必要です"
                                    "（kohyo check で詳しい内容を確認してください）。"))
    records = project.shown(f"{c.folder}/{OPINIONS_FILE}")
    if not c.opinions and not c.no_opinions:
        why = "意見の記録がありません" if not c.has_records_file else "意見の記録が1件も読めません"
        problems.append(Problem(records if c.has_records_file else page, 1, "consultation-publish",
                                f"{why}。受付票を kohyo consult import で取り込んでください。意見が1件も届かなかった"
                                f"ときは、content/{SETTINGS_FILE} の no_opinions: に「{c.id}」を書きます。"))
    if c.opinions and c.no_opinions:
        problems.append(Problem(records, c.opinions[0].line, "consultation-publish",
                                f"content/{SETTINGS_FILE} の no_opinions: に「{c.id}」がありますが、意見の記録が "
                                f"{len(c.opinions)} 件あります。どちらかを直してください。"))
    if c.open_opinions():
        listed = "、".join(f"No.{o.id}（{o.status}）" for o in c.open_opinions()[:20])
        problems.append(Problem(records, c.open_opinions()[0].line, "consultation-open",
                                f"確定していない意見が {len(c.open_opinions())} 件あるため、結果を公表できません"
                                f"（すべての意見を「確定」にします）: {listed}"))
    return problems

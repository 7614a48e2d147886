"""`kohyo new`: start a page from an archetype, as Hugo does, so editors copy nothing by hand."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path, PurePosixPath

import yaml

from .model.loader import DEPARTMENTS_FILE, content_files
from .model.schema import COLLECTIONS

_DEFAULT_TITLES = {"page": "新しいページ", "chapter": "新しい章", "publication": "新しい公表物（素案）",
                   "seminar": "新しいセミナー", "news": "新しいお知らせ", "expert": "（氏名）", "case": "新しい支援事例"}
KINDS = tuple(_DEFAULT_TITLES)

# The archetypes' (archetypes/*.md) stand-in text, which the editor replaces. Listed here, once,
# beside the code that writes them: a page still holding any of it is unfinished. A collection
# item (seminar, news, expert, case) is then a draft, left out of every list, feed and calendar;
# any other page is reported by `kohyo check` (a warning) and stops the build (an error).
PLACEHOLDERS: tuple[str, ...] = (
    "（講師の肩書きと名前）", "このセミナーの内容を一文で書きます。", "最初の講義（40分）", "次の講義（40分）",
    "セミナーの後の個別相談、持ち物などを書きます。",
    "お知らせの内容を一文で書きます。", "ここにお知らせの本文を書きます。",
    "（ふりがな）", "専門家の紹介を一文で書きます。", "これまでの経歴を書きます。",
    "ご相談を考えている方へのメッセージを書きます。",
    "事例の内容を一文で書きます", "業種と従業員数を書きます",
    "このページの内容を一文で書きます。", "ここに本文を書きます。",
    "この文書の内容を一文で書きます。", "この文書の概要を、3〜6文程度で書きます。",
)
_CODE_SPAN = re.compile(r"(`+).*?\1")
_FENCE = re.compile(r"^\s*(```|~~~)")


def placeholders_in(page) -> list[tuple[int, str]]:
    """(file line, placeholder) of the stand-in text `page` still holds: in its front matter
    values, its title when it is still the default one, and its body outside code (the editor
    guide may quote a placeholder as an example)."""
    found = []
    for key, value in page.meta.items():
        texts = [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)] \
            if isinstance(value, list) else []
        for text in texts:
            found += [(page.line_of(key), p) for p in PLACEHOLDERS if p in text]
    if page.title in _DEFAULT_TITLES.values():
        found.append((page.line_of("title"), page.title))
    fenced = False
    for i, line in enumerate(page.body.splitlines()):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            line = _CODE_SPAN.sub("", line)
            found += [(page.body_line + i, p) for p in PLACEHOLDERS if p in line]
    return found


def is_draft(page) -> bool:
    """A collection item still holding stand-in text: built for the preview, never listed."""
    return page.type in COLLECTIONS.values() and bool(placeholders_in(page))


def collection_folder(content_dir: Path, kind: str) -> str | None:
    """The folder whose index.md lists items of `kind` (center/seminars for a seminar)."""
    wanted = next(t for t, item in COLLECTIONS.items() if item == kind)
    for src in content_files(content_dir):
        if not src.endswith("/index.md"):
            continue
        text = (content_dir / src).read_text(encoding="utf-8")
        head = text.split("\n---", 1)[0] if text.startswith("---") else ""
        try:
            meta = yaml.safe_load(head.lstrip("-")) or {}
        except yaml.YAMLError:
            continue
        if isinstance(meta, dict) and meta.get("type") == wanted:
            return src.removesuffix("/index.md")
    return None


def create(content_dir: Path, kind: str, path: str, title: str = "", today: dt.date | None = None) -> Path:
    if kind not in _DEFAULT_TITLES:
        raise ValueError(f"作れるページの種類は {' / '.join(_DEFAULT_TITLES)} です。")
    if kind in COLLECTIONS.values() and "/" not in path:
        # A bare file name goes into its collection's folder: `kohyo new seminar 2027-02-10-roumu`.
        folder = collection_folder(content_dir, kind)
        if folder is None:
            raise ValueError(f"{kind} の一覧ページ（type: {kind}-list の index.md）が見つかりません。"
                             "置き場所を content/ からのパスで指定してください。")
        path = f"{folder}/{path}"
    target = content_dir / path
    inside = content_dir.resolve()
    # `..` or an absolute path would write outside content/, where no build reads it.
    parts = PurePosixPath(path.replace("\\", "/")).parts
    if not parts or ".." in parts or PurePosixPath(path.replace("\\", "/")).is_absolute() or Path(path).is_absolute() \
            or not target.resolve().is_relative_to(inside) or target.resolve() == inside:
        raise ValueError(f"置き場所「{path}」は {content_dir} の外を指しています。content/ からの相対パスで、"
                         "「..」を使わずに指定してください（例: climate-plan/11-column.md）。")
    if kind == "publication":
        target = target / "index.md"
    elif target.suffix != ".md":
        target = target.with_suffix(".md")
    if target.exists():
        raise FileExistsError(f"{target} はすでにあります。別の名前にしてください。")
    departments = yaml.safe_load((content_dir / DEPARTMENTS_FILE).read_text(encoding="utf-8")) or {}
    today = today or dt.date.today()
    text = (resources.files("kohyo") / "archetypes" / f"{kind}.md").read_text(encoding="utf-8")
    text = text.format(title=title or _DEFAULT_TITLES[kind], today=today.isoformat(),
                       department=next(iter(departments), "（所管課のキー）"),
                       # A new seminar: a month ahead, applications closing two days before.
                       date=(today + dt.timedelta(days=30)).isoformat(),
                       deadline=(today + dt.timedelta(days=28)).isoformat())
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target

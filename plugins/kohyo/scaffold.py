"""`kohyo new`: start a page from an archetype, as Hugo does, so editors copy nothing by hand."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path, PurePosixPath

import yaml

from .model.loader import DEPARTMENTS_FILE, content_files
from .model.schema import COLLECTIONS

_DEFAULT_TITLES = {"page": "新しいページ", "chapter": "新しい章", "publication": "新しい公表物（素案）",
                   "seminar": "新しいセミナー", "news": "新しいお知らせ", "expert": "（氏名）", "case": "新しい支援事例"}
KINDS = tuple(_DEFAULT_TITLES)


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

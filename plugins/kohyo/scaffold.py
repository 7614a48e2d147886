"""`kohyo new`: start a page from an archetype, as Hugo does, so editors copy nothing by hand."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

import yaml

from .model.loader import DEPARTMENTS_FILE

_DEFAULT_TITLES = {"page": "新しいページ", "chapter": "新しい章", "publication": "新しい公表物（素案）"}


def create(content_dir: Path, kind: str, path: str, title: str = "", today: dt.date | None = None) -> Path:
    if kind not in _DEFAULT_TITLES:
        raise ValueError(f"作れるページの種類は {' / '.join(_DEFAULT_TITLES)} です。")
    target = content_dir / path
    if kind == "publication":
        target = target / "index.md"
    elif target.suffix != ".md":
        target = target.with_suffix(".md")
    if target.exists():
        raise FileExistsError(f"{target} はすでにあります。別の名前にしてください。")
    departments = yaml.safe_load((content_dir / DEPARTMENTS_FILE).read_text(encoding="utf-8")) or {}
    text = (resources.files("kohyo") / "archetypes" / f"{kind}.md").read_text(encoding="utf-8")
    text = text.format(title=title or _DEFAULT_TITLES[kind], today=(today or dt.date.today()).isoformat(),
                       department=next(iter(departments), "（所管課のキー）"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target

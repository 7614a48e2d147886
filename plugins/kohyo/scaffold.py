"""`kohyo new`: start a page from an archetype, as Hugo does, so editors copy nothing by hand."""

from __future__ import annotations

import datetime as dt
import re
from importlib import resources
from pathlib import Path, PurePosixPath

import yaml

from .model.loader import DEPARTMENTS_FILE, content_files
from .model.schema import COLLECTIONS, PAGE_TYPES

# The page types with an archetype, and the stand-in title each starts with (declared with the type).
_DEFAULT_TITLES = {t.name: t.new_title for t in PAGE_TYPES.values() if t.new_title}
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


_DATED = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:-|$)")
_NUMBERED = re.compile(r"^(\d+)([a-z]?)-(.+)$")


def date_of_name(stem: str) -> dt.date | None:
    """The date a file name starts with (2027-02-10-roumu); None when it starts with none.
    A ValueError, in Japanese, when it starts with a date that does not exist."""
    m = _DATED.match(stem)
    if m is None:
        return None
    try:
        return dt.date(*map(int, m.groups()))
    except ValueError:
        raise ValueError(f"ファイル名の日付「{stem[:10]}」は実在しない日付です。開催日を YYYY-MM-DD の形で"
                         "書いてください（例: 2027-02-10-roumu）。") from None


def create(content_dir: Path, kind: str, path: str, title: str = "",
           today: dt.date | None = None) -> tuple[Path, list[str]]:
    """Write a new page from its archetype; returns its path and notes for the editor (Japanese)."""
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
    today = today or dt.date.today()
    title = title or _DEFAULT_TITLES[kind]
    notes: list[str] = []
    text = (resources.files("kohyo") / "archetypes" / f"{kind}.md").read_text(encoding="utf-8")
    # The date a file name starts with fills the archetype's {date}; a page type that requires a
    # date (a seminar's 開催日) takes it from the name.
    day = date_of_name(target.stem) if "{date}" in text else None
    if "date" in PAGE_TYPES[kind].required and day is None:
        raise ValueError(f"セミナーのファイル名「{target.stem}」は開催日から始めます（例: 2027-02-10-roumu）。"
                         "開催日はファイル名から取ります。")
    chapters = _chapters(content_dir, target.parent) if kind == "chapter" else None
    if chapters is not None:
        target, note = _chapter_place(target, chapters)
        notes += [note] if note else []
    if target.exists():
        raise FileExistsError(f"{target} はすでにあります。別の名前にしてください。")
    departments = yaml.safe_load((content_dir / DEPARTMENTS_FILE).read_text(encoding="utf-8")) or {}
    # A seminar is held on the day its name says; applications close two days before (and open
    # today, or on the closing day when that is already past).
    deadline = day - dt.timedelta(days=2) if day else today
    text = text.format(title=title, today=today.isoformat(), department=next(iter(departments), "（所管課のキー）"),
                       date=(day or today).isoformat(), deadline=deadline.isoformat(),
                       apply_start=min(today, deadline).isoformat())
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    if chapters is not None:
        notes.append(_add_to_chapter_list(target.parent / "index.md", chapters, target, title))
    if kind in COLLECTIONS.values():
        notes.append("ひな形の仮の文字（「（…）」や「…を書きます。」の文）を書き換えるまでは下書きです。"
                     "一覧・フィード・カレンダーに出ず、公開もされません（make serve のプレビューには出ます）。")
    return target, notes


def _front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8-sig")
    if not text.startswith("---"):
        return {}
    try:
        meta = yaml.safe_load(text.split("\n---", 1)[0].lstrip("-")) or {}
    except yaml.YAMLError:
        return {}
    return meta if isinstance(meta, dict) else {}


def _chapters(content_dir: Path, folder: Path) -> list[tuple[str, bool]] | None:
    """(file name, numbered) of the chapters of the publication in `folder`, in their order;
    None when `folder` holds no publication."""
    index = folder / "index.md"
    if not index.is_file() or _front_matter(index).get("type") != "publication":
        return None
    return [(p.name, _front_matter(p).get("numbered", True) is not False)
            for p in sorted(folder.glob("*.md")) if p.name != "index.md"]


def _chapter_place(target: Path, chapters: list[tuple[str, bool]]) -> tuple[Path, str]:
    """Where a new chapter goes: before the unnumbered appendices at the end (資料編), which
    keep their file names (and so their published URLs). A name without a number gets the next."""
    appendices = []
    for name, numbered in reversed(chapters):
        if numbered:
            break
        appendices.insert(0, name)
    body = chapters[:len(chapters) - len(appendices)]
    m = _NUMBERED.match(target.stem)
    slug = m.group(3) if m else target.stem
    last = _NUMBERED.match(Path(body[-1][0]).stem) if body else None
    number = int(last.group(1)) if last else 0
    name = target.name if m else f"{number + 1:02d}-{slug}.md"
    if not appendices or name < appendices[0]:
        return target.with_name(name), ""
    # After 資料編: take the next number if it is free, else one that sorts just before it.
    first = _NUMBERED.match(Path(appendices[0]).stem)
    if first and int(first.group(1)) > number + 1:
        name = f"{number + 1:02d}-{slug}.md"
    else:
        taken = last.group(2) if last else ""  # after 09b-…, the next is 09c-…
        letter = next((c for c in "bcdefghijklmnopqrstuvwxyz" if c > taken), None)
        if letter is None:
            raise ValueError(f"「{appendices[0]}」の前に入れるファイル名を決められません。"
                             "置き場所をファイル名で指定してください（例: climate-plan/09-column.md）。")
        name = f"{number:02d}{letter}-{slug}.md"
    return target.with_name(name), (f"章番号のない「{appendices[0]}」（資料編など）より前に入るよう、"
                                    f"ファイル名を {name} にしました（章の順はファイル名の順です）。")


_LIST_ITEM = re.compile(r"^(\s*[-*+]\s+)\[(.*?)\]\(([^)#\s]+\.md)(#[^)\s]*)?\)(.*)$")
_CHAPTER_LABEL = re.compile(r"^第(\d+)章([\s　]*)")


def _add_to_chapter_list(index: Path, chapters: list[tuple[str, bool]], new: Path, title: str) -> str:
    """Add the new chapter to the list of chapter links in the publication's index.md, at its
    place, renumbering the 第N章 labels that follow; a note for the editor."""
    lines = index.read_text(encoding="utf-8").split("\n")
    names = sorted([n for n, _ in chapters] + [new.name])
    numbered = dict(chapters) | {new.name: True}
    numbers, count = {}, 0
    for name in names:
        if numbered[name]:
            count += 1
            numbers[name] = count
    items = {m.group(3): i for i, line in enumerate(lines) if (m := _LIST_ITEM.match(line)) and m.group(3) in numbered}
    if not items:
        return f"{index.name} に章の一覧（- [第1章 …](01-….md) の形）がないため、一覧には加えていません。"
    labelled = [m for i in items.values() if (m := _LIST_ITEM.match(lines[i])) and _CHAPTER_LABEL.match(m.group(2))]
    space = _CHAPTER_LABEL.match(labelled[0].group(2)).group(2) if labelled else ""
    for name, i in items.items():  # later chapters move up by one: 第9章 stays, 資料編 has no number
        m = _LIST_ITEM.match(lines[i])
        label = _CHAPTER_LABEL.match(m.group(2))
        if label and name in numbers:
            lines[i] = lines[i].replace(f"[{m.group(2)}]", f"[第{numbers[name]}章{label.group(2)}"
                                        f"{m.group(2)[label.end():]}]", 1)
    before = [items[n] for n in names[:names.index(new.name)] if n in items]
    after = [items[n] for n in names[names.index(new.name) + 1:] if n in items]
    at = max(before) + 1 if before else min(after)
    bullet = _LIST_ITEM.match(lines[at - 1 if before else at]).group(1)
    label = f"第{numbers[new.name]}章{space}{title}" if labelled else title
    lines.insert(at, f"{bullet}[{label}]({new.name})")
    index.write_text("\n".join(lines), encoding="utf-8")
    return f"{index.name} の章の一覧に「{label}」を加えました。"

"""The privacy guard: no submitter's private data in any source or any byte a reader can get.

Sources (content/ and the site configuration) are scanned line by line, so staff learn the file
and line from `kohyo check` before anything is built. Outputs are scanned whole, in every form a
reader can get text from: HTML with and without its tags, search indexes, feeds, calendars,
CSV, office files (every XML part of the zip), PDFs (text, metadata, bookmarks, annotations,
attachments), and any other file as raw bytes. Reports name the kind of value and where it was
found, never the value itself (build logs may be read by others).
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import os
import re
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..problems import Problem
from .fingerprints import Matcher
from .fold import MAX_FORM, fold, fold_lines

_TAGS = re.compile(r"<[^>]*>")
_TEXT_SUFFIXES = {".md", ".yml", ".yaml", ".csv", ".txt", ".json", ".html", ".htm", ".xml", ".svg", ".ics",
                  ".js", ".css", ".tsv"}
_OFFICE_SUFFIXES = {".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp"}
MAX_FILE = 200 * 1024 * 1024


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="ignore")


# Attributes that hold geometry or styling, never words: skipping them keeps chart SVGs cheap.
_GEOMETRY = {"d", "points", "transform", "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "width", "height",
             "viewbox", "class", "style", "fill", "stroke", "stroke-width", "clip-path", "xmlns", "version"}
_ATTRIBUTE = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")


def _markup_views(text: str) -> list[str]:
    """The text as read (tags removed, entities undone) and every attribute value (alt, title,
    meta content, links...): what a reader sees, and what a reader finds in the source."""
    if text.lstrip("\ufeff").startswith(("{", "[")):  # JSON (search indexes escape non-ASCII)
        try:
            return [json.dumps(json.loads(text), ensure_ascii=False)]
        except ValueError:
            pass
    if text.startswith("BEGIN:VCALENDAR"):  # folded iCalendar lines
        return [text.replace("\r\n ", "").replace("\n ", "")]
    if "<" not in text:
        return [text]
    attributes = "\n".join(html.unescape(m.group(2) if m.group(2) is not None else m.group(3))
                            for m in _ATTRIBUTE.finditer(text) if m.group(1).lower() not in _GEOMETRY)
    return [html.unescape(_TAGS.sub("", text)), attributes]


def _pdf_views(raw: bytes) -> list[str]:
    """Text a PDF reader shows, and the strings a reader's side panels show."""
    import pikepdf

    views = []
    done = subprocess.run(["pdftotext", "-q", "-enc", "UTF-8", "-", "-"], input=raw, capture_output=True)
    views.append(done.stdout.decode("utf-8", errors="ignore"))
    strings = []
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        for value in pdf.docinfo.values():
            strings.append(str(value))
        if "/Metadata" in pdf.Root:
            strings.append(pdf.Root.Metadata.read_bytes().decode("utf-8", errors="ignore"))
        with pdf.open_outline() as outline:
            stack = list(outline.root)
            while stack:
                item = stack.pop()
                strings.append(item.title or "")
                stack.extend(item.children)
        for page in pdf.pages:
            for annot in page.get("/Annots", []):
                for key in ("/Contents", "/T", "/TU"):
                    if key in annot:
                        strings.append(str(annot[key]))
                if "/A" in annot and "/URI" in annot.A:
                    strings.append(str(annot.A.URI))
        for name, spec in pdf.attachments.items():
            strings.append(name)
            views += readable_views(name, spec.get_file().read_bytes())
    views.append("\n".join(strings))
    return views


def _zip_views(raw: bytes) -> list[str]:
    views = []
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        for info in z.infolist():
            if info.file_size <= MAX_FILE:
                views += readable_views(info.filename, z.read(info))
    return views


def readable_views(name: str, raw: bytes) -> list[str]:
    """Every text a reader can get from a file's bytes."""
    suffix = Path(name).suffix.lower()
    try:
        if suffix == ".pdf":
            return _pdf_views(raw)
        if suffix in _OFFICE_SUFFIXES or raw[:4] == b"PK\x03\x04":
            return _zip_views(raw)
    except Exception:  # noqa: BLE001 - an unreadable file is scanned as bytes below, never skipped
        pass
    text = _decode(raw)
    if suffix in _TEXT_SUFFIXES or suffix in (".rels",) or "<" in text[:200]:
        return _markup_views(text)
    return [text]


@dataclass(frozen=True)
class Hit:
    where: str
    line: int
    what: str


def scan_text(matcher: Matcher, text: str, where: str, by_line: bool) -> list[Hit]:
    """Hits in one text; with `by_line`, each names its line (a value split over lines included)."""
    if not by_line:
        return [Hit(where, 0, what) for what in sorted({w for _, w in matcher.find(fold(text))})]
    starts, parts, offset = [], [], 0
    for line in text.splitlines():
        folded = fold(line)
        starts.append(offset)
        parts.append(folded)
        offset += len(folded)
    hits = set()
    import bisect

    for position, what in matcher.find("".join(parts)):
        hits.add(Hit(where, bisect.bisect_right(starts, position), what))
    return sorted(hits, key=lambda h: (h.line, h.what))


def leak_message(what: str, where: str | None = None) -> str:
    place = f"公開されるファイル（{where}）に" if where else ""
    return (f"{place}意見提出者の個人情報（{what}）と同じものが書かれています。氏名・住所・電話番号・メール"
            "アドレスは、表記を変えても（全角・空白・様・ハイフンなど）公開できません。削除するか、"
            "「意見提出者」などに言い換えてください。")


def scan_sources(matcher: Matcher, root: Path, folders: list[Path]) -> list[Problem]:
    """Every text file under the given folders, line by line."""
    problems = []
    if not matcher:
        return problems
    for folder in folders:
        files = [folder] if folder.is_file() else sorted(p for p in folder.rglob("*") if p.is_file())
        for path in files:
            if path.is_symlink() or path.suffix.lower() not in _TEXT_SUFFIXES or path.stat().st_size > MAX_FILE:
                continue
            shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
            for hit in scan_text(matcher, _decode(path.read_bytes()), shown, by_line=True):
                problems.append(Problem(hit.where, hit.line, "privacy-leak", leak_message(hit.what)))
    return problems


def _pieces(text: str) -> list[str]:
    """A text's folded lines, and the joins of consecutive lines (values split over lines)."""
    pieces, tail = [], ""
    for folded in fold_lines(text):
        if not folded:
            continue
        pieces.append(folded)
        if tail:
            pieces.append(tail + folded[:MAX_FORM - 1])
        tail = (tail + folded)[-(MAX_FORM - 1):]
    return pieces


def _whats(matcher: Matcher, texts: dict[str, list[str]]) -> dict[str, set[str]]:
    """What each named group of texts contains. Pages repeat their navigation and footers, so
    each distinct line is matched once, and only where a value may start."""
    by_name = {name: [p for text in views for p in _pieces(text)] for name, views in texts.items()}
    unique = set().union(*by_name.values()) if by_name else set()
    leads = matcher.leads(unique)
    if leads is None:
        return {name: set() for name in by_name}
    hits = {piece: {w for _, w in matcher.find(piece, leads)} for piece in unique if leads.search(piece)}
    return {name: set().union(*(hits.get(p, ()) for p in pieces)) for name, pieces in by_name.items()}


def scan_outputs(matcher: Matcher, roots: list[tuple[Path, str]], verdicts: Path | None = None) -> list[Problem]:
    """Every file under each output folder (shown as the given name), in every readable form.

    Files that passed before (same bytes, same fingerprints) are not read again: `verdicts`
    keeps the hashes of passed files, which say nothing about their content.
    """
    problems = []
    if not matcher:
        return problems
    passed = _Verdicts(verdicts, matcher.digest())
    files = [(path, f"{shown_root}/{path.relative_to(folder).as_posix()}")
             for folder, shown_root in roots if folder.is_dir()
             for path in sorted(p for p in folder.rglob("*") if p.is_file())]
    todo = {path: raw for path, _ in files if not passed.known(raw := path.read_bytes())}
    with ThreadPoolExecutor(os.cpu_count() or 1) as pool:  # pdftotext runs outside the GIL
        views = dict(zip(todo, pool.map(lambda p: readable_views(p.name, todo[p]), todo)))
    found_in = _whats(matcher, {shown: views[path] for path, shown in files if path in todo})
    for path, shown in files:
        found = found_in.get(shown, set())
        problems += [Problem(shown, 0, "privacy-leak", leak_message(what, shown)) for what in sorted(found)]
        if path in todo and not found:
            passed.add(todo[path])
    if not problems:
        passed.save()
    return problems


class _Verdicts:
    def __init__(self, folder: Path | None, digest: str):
        self.path = folder / f"passed-{digest[:16]}.txt" if folder else None
        self.seen = set(self.path.read_text().split()) if self.path and self.path.is_file() else set()
        self.new: set[str] = set()

    def known(self, raw: bytes) -> bool:
        digest = hashlib.sha256(raw).hexdigest()
        if digest in self.seen:
            self.new.add(digest)  # kept while a current output has these bytes
            return True
        return False

    def add(self, raw: bytes) -> None:
        self.new.add(hashlib.sha256(raw).hexdigest())

    def save(self) -> None:
        if self.path and self.new:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            for old in self.path.parent.glob("passed-*.txt"):  # fingerprints changed: old verdicts are void
                if old != self.path:
                    old.unlink()
            self.path.write_text("\n".join(sorted(self.new)) + "\n")


def scan_bytes(matcher: Matcher, name: str, data: bytes, shown: str) -> list[Problem]:
    """One output not yet written (a PDF or office file before it is cached)."""
    if not matcher:
        return []
    found = set()
    for view in readable_views(name, data):
        found.update(h.what for h in scan_text(matcher, view, shown, by_line=False))
    return [Problem(shown, 0, "privacy-leak", leak_message(what, shown)) for what in sorted(found)]

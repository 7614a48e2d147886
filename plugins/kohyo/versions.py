"""Kept versions of a publication: what was published at each stage, frozen in the repository.

A version is a folder `versions/<publication>/<date>-<stage>/` beside content/ (like privacy/):
`source/` holds the publication's Markdown and its local files as they were, `files/` the
published files themselves (web PDF, Word, ...) taken from the build. A rebuild with newer
templates would not give the same bytes, so the published bytes are kept, and served again at
`<publication>/versions/<date>-<stage>/<name>`, a URL that never changes afterwards.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .model.publication_schema import DRAFT_STATUSES, STATUSES

VERSIONS_DIR = "versions"
_FOLDER = re.compile(r"^(\d{4}-\d{2}-\d{2})-(.+)$")
_KINDS = {".pdf": "PDF", ".docx": "Word", ".pptx": "PowerPoint", ".xlsx": "Excel", ".csv": "CSV"}


@dataclass(frozen=True)
class Version:
    publication: str  # publication id (its folder name)
    date: dt.date
    stage: str  # one of schema.STATUSES
    folder: Path  # versions/<publication>/<date>-<stage>

    @property
    def slug(self) -> str:
        return f"{self.date.isoformat()}-{self.stage}"

    @property
    def source(self) -> Path:
        return self.folder / "source"

    @property
    def files(self) -> list[Path]:
        folder = self.folder / "files"
        return sorted(p for p in folder.iterdir() if p.is_file()) if folder.is_dir() else []

    @property
    def is_draft(self) -> bool:
        return self.stage in DRAFT_STATUSES


def versions_of(root: Path, pub_id: str) -> list[Version]:
    """The kept versions of a publication, oldest first (by date, then stage order)."""
    folder = root / VERSIONS_DIR / pub_id
    out = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        m = _FOLDER.match(path.name)
        if path.is_dir() and m and m.group(2) in STATUSES:
            try:
                day = dt.date.fromisoformat(m.group(1))
            except ValueError:
                continue
            out.append(Version(pub_id, day, m.group(2), path))
    return sorted(out, key=lambda v: (v.date, STATUSES.index(v.stage)))


def newest_draft(root: Path, pub_id: str) -> Version | None:
    drafts = [v for v in versions_of(root, pub_id) if v.is_draft]
    return drafts[-1] if drafts else None


def kind_of(path: Path) -> str:
    return _KINDS.get(path.suffix.lower(), path.suffix.lstrip(".").upper() or "ファイル")


def source_text(version: Version) -> dict[str, str]:
    """The version's own text: index.md and its chapters (the files beside it; a meetings/
    folder kept by an older freeze is not part of the document)."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(version.source.glob("*.md")) if p.is_file()}


def published_files(site_pub_dir: Path) -> list[Path]:
    """The downloads a build made for a publication: the files beside its page (not the page,
    not its chapters' folders, not kept versions)."""
    if not site_pub_dir.is_dir():
        return []
    return sorted(p for p in site_pub_dir.iterdir() if p.is_file() and p.suffix.lower() not in (".html", ".htm"))


def freeze(root: Path, pub_folder: Path, pub_id: str, day: dt.date, stage: str, site_pub_dir: Path,
           leave_out: tuple[str, ...] = ()) -> Version:
    """Copy the sources and the published files into a new version folder (written beside it
    first and renamed at the end, so a failure leaves no half version). `leave_out`: folders of
    the publication that are not the document (its meetings, which go on being published)."""
    version = Version(pub_id, day, stage, root / VERSIONS_DIR / pub_id / f"{day.isoformat()}-{stage}")
    partial = version.folder.with_name(version.folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        (partial / "files").mkdir(parents=True)
        shutil.copytree(pub_folder, partial / "source",
                        ignore=lambda folder, names: [n for n in names if Path(folder) == pub_folder and n in leave_out])
        for path in published_files(site_pub_dir):
            shutil.copy2(path, partial / "files" / path.name)
        partial.rename(version.folder)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return version


def set_front_matter(text: str, values: dict[str, str]) -> str:
    """Set `key: value` lines in a Markdown file's front matter, keeping everything else as written."""
    lines = text.split("\n")
    end = next(i for i in range(1, len(lines)) if lines[i].rstrip() == "---")
    for key, value in values.items():
        pattern = re.compile(rf"^{re.escape(key)}\s*:")
        hit = next((i for i in range(1, end) if pattern.match(lines[i])), None)
        if hit is None:
            lines.insert(end, f"{key}: {value}")
            end += 1
        else:
            lines[hit] = f"{key}: {value}"
    return "\n".join(lines)

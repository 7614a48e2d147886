"""The validated content model: plain objects, no MkDocs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .publication_schema import DRAFT_STATUSES


@dataclass(frozen=True)
class Department:
    key: str
    name: str
    address: str = ""
    tel: str = ""
    fax: str = ""
    email: str = ""
    hours: str = ""


@dataclass
class Page:
    src: str  # path inside content/, POSIX, e.g. "climate-plan/01-basics.md"
    url: str  # site URL relative to the root, "" for the top page, "climate-plan/01-basics/"
    type: str  # portal | publication | chapter | page
    title: str
    meta: dict
    body: str
    body_line: int
    updated: dt.date | None = None
    department: Department | None = None
    publication: Publication | None = None
    chapter_number: int | None = None
    generated: bool = False  # made by kohyo (editor guide), not written by an editor
    markdown: str | None = None  # the body with kohyo's blocks (charts) expanded, when it has any

    @property
    def source(self) -> str:
        """The Markdown every output renders."""
        return self.markdown if self.markdown is not None else self.body
    key_lines: dict[str, int] = field(default_factory=dict)  # front matter key -> line in the file

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, 1)

    @property
    def display_title(self) -> str:
        if self.chapter_number is not None:
            return f"第{self.chapter_number}章　{self.title}"
        return self.title


@dataclass
class Publication:
    id: str  # folder name; names its PDF files
    index: Page
    chapters: list[Page] = field(default_factory=list)
    meetings: list[Page] = field(default_factory=list)  # its 会議 (meetings/ folder), by date
    meeting_list: Page | None = None
    kind: str = "plan"  # "plan", or "results" for a consultation's results (listed with the consultation)
    settings: dict | None = None  # a results publication's own title, status and dates
    versions: list = field(default_factory=list)  # kohyo.versions.Version kept, oldest first
    shinkyu: Page | None = None  # the generated 新旧対照表 against its newest kept draft
    shinkyu_records: list = field(default_factory=list)  # change records that have an entry in it

    @property
    def meta(self) -> dict:
        return self.settings if self.settings is not None else self.index.meta

    @property
    def folder(self) -> str:
        """The content folder its pages and files are in."""
        parent = str(PurePosixPath(self.index.src).parent)
        return "" if parent == "." else parent

    @property
    def title(self) -> str:
        return self.meta.get("title") or self.index.title

    @property
    def short_title(self) -> str:
        return self.meta.get("short_title") or self.title

    @property
    def status(self) -> str:
        return self.meta["status"]

    @property
    def is_draft(self) -> bool:
        return self.status in DRAFT_STATUSES

    @property
    def published(self) -> dt.date:
        return self.meta["published"]

    @property
    def updated(self) -> dt.date:
        return self.meta.get("updated") or self.published

    @property
    def department(self) -> Department:
        assert self.index.department is not None
        return self.index.department

    @property
    def author(self) -> str:
        """Who wrote it: an outside author named in the front matter, else the department."""
        return self.meta.get("author") or self.department.name

    def publisher(self, organisation: str) -> str:
        """Who publishes it: an outside publisher named in the front matter, else `organisation`
        (the city)."""
        return self.meta.get("publisher") or organisation

    @property
    def plans(self) -> bool:
        return self.kind == "plan"


@dataclass
class Project:
    root: Path  # the project folder (holds content/)
    content_dir: Path
    build_date: dt.date
    pages: dict[str, Page] = field(default_factory=dict)  # by src
    publications: list[Publication] = field(default_factory=list)
    departments: dict[str, Department] = field(default_factory=dict)
    consultations: list = field(default_factory=list)  # kohyo.consultations.model.Consultation
    generated: dict[str, str] = field(default_factory=dict)  # src -> Markdown kohyo wrote (results pages)
    assets: dict[str, bytes] = field(default_factory=dict)  # path in content/ -> file kohyo made (charts)
    center: object | None = None  # kohyo.center.model.Center, when the project has the center's pages
    # Collection items still holding the scaffold's stand-in text (scaffold.is_draft): shown in
    # the preview only, never listed, fed or built into the published site.
    drafts: set[str] = field(default_factory=set)
    # Who publishes the site being built (kohyo.sites): named in generated text such as a
    # consultation's results (the organisation's view of each opinion). Never written in code.
    organisation: str = ""
    # Other sites' content folders inside this one (kohyo.sites): folder -> (site name, site_url),
    # so a relative link into one is told to use that site's address.
    other_sites: dict = field(default_factory=dict)

    def shown(self, src: str) -> str:
        """How a content file is named in messages: relative to the project root."""
        if src in self.pages and self.pages[src].generated:
            return f"（自動生成）{src}"
        path = self.content_dir / src
        return path.relative_to(self.root).as_posix() if path.is_relative_to(self.root) else path.as_posix()

    def assets_under(self, folder: str) -> list[tuple[str, str]]:
        """(path, SHA-256) of the files kohyo made for pages in `folder`: part of a cache key."""
        import hashlib

        return sorted((rel, hashlib.sha256(data).hexdigest()) for rel, data in self.assets.items()
                      if rel.startswith(folder + "/"))

    def page_by_url(self) -> dict[str, Page]:
        return {p.url: p for p in self.pages.values()}

"""What an output format declares (kohyo.outputs.registry lists them)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

# What a format is made of: a publication, a consultation's published results, or a meeting.
PUBLICATION, RESULTS, MEETING = "publication", "results", "meeting"


@dataclass(frozen=True)
class Settings:
    """What the build asks for; the adapter reads it from its configuration."""
    site_url: str = ""
    organisation: str = ""
    cache_dir: Path | None = None  # the cache beside the build (it outlives builds)
    cache: object = None  # outputs.cache.Cache the build already opened (charts are drawn into it first)
    workers: int = 0  # PDF worker processes; 0: one per core
    switches: frozenset[str] = frozenset({"pdf", "word", "minutes"})  # which optional formats are made


@dataclass
class Context:
    """One build's inputs, shared by every format."""
    project: object  # model.project.Project
    html_by_src: dict[str, str]  # every page's rendered HTML, captions numbered
    settings: Settings
    image_dirs: tuple[Path, ...]  # where images are read from: content/, then kohyo's charts


@dataclass(frozen=True)
class Rendered:
    """One rendered output: its bytes, and what its label needs (a PDF's page count)."""
    data: bytes
    pages: int | None = None


@dataclass(frozen=True)
class Format:
    name: str
    subject: str  # PUBLICATION, RESULTS or MEETING
    applies: Callable  # (subject, Context) -> bool
    key_parts: Callable  # (subject, Context) -> list: what the output is made from
    # (subjects, Context) -> ({(format name, subject id): Rendered}, problems). Made for several
    # subjects at once, so a format may render them in parallel (PDF) or together with another
    # format (the print PDF comes out of the web PDF's layout).
    render: Callable | None
    place: Callable  # subject -> site-relative path (or a file name in the print folder)
    kind: str  # the label's format name: "PDF", "Word", "PowerPoint", "Excel", "CSV"
    download: str  # the link's file kind (site.Download.kind)
    purpose: str = "全文"  # the label's first words
    in_site: bool = True  # False: the print folder, not published
    code: tuple[str, ...] = ()  # kohyo's files that make it: part of the cache key
    rendered_by: str = ""  # the format whose render makes this one's bytes too
    switch: tuple[str, ...] = ()  # Settings.switches that must all be on
    owner: Callable = field(default=lambda subject: subject.id)  # whose downloads list it joins
    # True: render returns at once with a function that waits for its result, and the work runs
    # in other processes while the build makes the other formats (PDF).
    in_background: bool = False


def subject_id(fmt: Format, subject) -> str:
    return subject.src if fmt.subject == MEETING else subject.id

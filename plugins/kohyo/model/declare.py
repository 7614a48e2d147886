"""What a feature declares about its pages: their types and their front-matter fields.

Each feature keeps these next to its code (a module with FIELDS and PAGE_TYPES tuples);
kohyo.model.schema gathers them into the one table that drives validation, the editor guide
and the template of each page. This module imports nothing of kohyo, so any feature can use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text | date | integer | boolean | text-list | choice | choice-list | department
    #            | url | time-range | image | link-list
    # Text of every kind is one line (titles end up in headings, feeds and calendars): the loader
    # refuses line breaks (`title: |`) and invisible control characters in all of them.
    label: str  # short Japanese name
    doc: str  # Japanese explanation for the editor guide
    example: str  # as written in YAML
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageType:
    name: str
    label: str  # Japanese name, in the editor guide and in messages
    doc: str  # where such pages live and what they are
    required: tuple[str, ...]
    optional: tuple[str, ...] = field(default=())
    template: str = ""  # the theme template of the page (overrides/); "" for Material's own
    # A list page makes every other file of its folder one item of a collection (as a publication
    # makes its files chapters): editors add a seminar by copying one file into the folder.
    items: str = ""  # the page type of those files
    general: bool = False  # an ordinary page (no `type:`), listed after the special ones in the guide
    new_title: str = ""  # stand-in title of a page `kohyo new <name>` makes from archetypes/<name>.md

    @property
    def fields(self) -> tuple[str, ...]:
        return self.required + self.optional

    @property
    def declared(self) -> bool:
        """Written as `type:` in the page's front matter (others are decided by the folder)."""
        return "type" in self.fields

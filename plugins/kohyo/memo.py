"""What a preview (`kohyo serve`) keeps between rebuilds, keyed by what each value was made from.

A preview rebuilds on every save; most pages are unchanged. Each memo here holds the last
build's values and this build's: a value unused for a whole build is dropped, so the memo
never grows past one build's worth. A build (`kohyo build`) uses none of them.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass

import jinja2

from .render.inspect import Inspection, inspect
from .render.markdown import Renderer


class _TwoBuilds:
    """Values of the last build and of this one: what this build did not ask for is forgotten
    when the next one starts."""

    def __init__(self):
        self._last, self._now = {}, {}

    def next_build(self):
        self._last, self._now = self._now, {}

    def kept(self, key, make):
        value = self._now.get(key)
        if value is None:
            value = self._last.get(key)
        if value is None:
            value = make()
        self._now[key] = value
        return value


class MemoRenderer(Renderer):
    """The check renderer of a preview: Markdown is a function of the text alone (charts are
    expanded into it before), and what the checks read from the HTML a function of the HTML,
    so an unchanged page keeps both from the last build."""

    def __init__(self, extensions, extension_configs):
        super().__init__(extensions, extension_configs)
        self._memo = _TwoBuilds()

    def next_build(self):
        self._memo.next_build()

    def render(self, text: str) -> str:
        return self._memo.kept(("html", text), lambda: super(MemoRenderer, self).render(text))

    def inspect(self, html: str) -> Inspection:
        """check.py inspects each page's HTML (ids, links, images, raw HTML): half of a rebuild."""
        return self._memo.kept(("inspection", html), lambda: inspect(html))


class TemplateBytecode(jinja2.BytecodeCache):
    """Compiled templates kept in memory between rebuilds (MkDocs makes a new Jinja environment
    for each); Jinja checks each entry against its template's source."""

    def __init__(self):
        self._store = {}

    def load_bytecode(self, bucket):
        if bucket.key in self._store:
            bucket.bytecode_from_string(self._store[bucket.key])

    def dump_bytecode(self, bucket):
        self._store[bucket.key] = bucket.bytecode_to_string()


@dataclass(frozen=True)
class Rendered:
    """What rendering a page's Markdown leaves on it (for MkDocs: Page.render), frozen."""
    content: str
    toc: object
    title: str | None
    anchor_ids: frozenset
    links: dict  # src of the linked file -> {anchor: link as written}

    @classmethod
    def of(cls, content, toc, title, anchor_ids, links) -> "Rendered":
        return cls(content, copy.deepcopy(toc), title, frozenset(anchor_ids or ()),
                   {src: dict(by_anchor) for src, by_anchor in links.items()})

    def fresh_toc(self):
        """A copy for one page: the site's templates may change the one they are given."""
        return copy.deepcopy(self.toc)


class PageMemo:
    """Rendered pages: a page is rendered again only when its Markdown changed, or when anything
    every page depends on did (the set of files, the Markdown configuration: links are
    resolved against them)."""

    def __init__(self):
        self._made = _TwoBuilds()
        self._site_key = None

    def next_build(self):
        """Called before each build; the site key is taken again at its first page."""
        self._site_key = None

    def kept(self, site_key, src: str, markdown: str, render) -> tuple[Rendered, bool]:
        """(the page as rendered, whether `render` just made it). `site_key()` is called once a
        build: what every page's HTML depends on besides its Markdown."""
        if self._site_key is None:
            self._made.next_build()
            self._site_key = repr(site_key())
        fresh = []

        def make():
            fresh.append(True)
            return render()

        made = self._made.kept((self._site_key, src, markdown), make)
        return made, bool(fresh)


class OneValue:
    """One value, made again only when its key changes."""

    def __init__(self):
        self._key, self._value = None, None

    def kept(self, key, make):
        if self._key != key:
            self._key, self._value = key, make()
        return self._value


class PreviewMemo:
    """Everything a preview keeps across rebuilds."""

    def __init__(self):
        self._renderers = {}  # Markdown configuration -> MemoRenderer
        self.bytecode = TemplateBytecode()
        self.pages = PageMemo()
        self.center = OneValue()  # the center's calendars and feed

    def renderer(self, extensions, extension_configs) -> MemoRenderer:
        """The check renderer for this build: pages whose Markdown is unchanged since the last
        save are not rendered again."""
        key = repr((extensions, extension_configs))
        if key not in self._renderers:
            self._renderers = {key: MemoRenderer(extensions, extension_configs)}
        renderer = self._renderers[key]
        renderer.next_build()
        return renderer

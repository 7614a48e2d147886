"""Markdown extension: a table's caption becomes the table's own <caption>, above it.

Editors write `/// table-caption` after the table (pymdownx.blocks.caption). Japanese official
documents print a table's title above it; as a real <caption> it also stays with its table
across a page break in the PDF and is announced as the table's name by screen readers.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Extension
from markdown.treeprocessors import Treeprocessor


class _TableCaptions(Treeprocessor):
    def run(self, root):
        for figure in root.iter("figure"):
            children = list(figure)
            caption = next((c for c in children if c.tag == "figcaption"), None)
            table = next((c for c in children if c.tag == "table"), None)
            if caption is None or table is None:
                continue
            figure.remove(caption)
            inner = etree.Element("caption")
            inner.text, inner.tail = caption.text, None
            for child in list(caption):
                inner.append(child)
            table.insert(0, inner)
            figure.set("class", (figure.get("class", "") + " kohyo-table").strip())


class CaptionsExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's API name)
        # After pymdownx's caption numbering (priority 4).
        md.treeprocessors.register(_TableCaptions(md), "kohyo_table_captions", 3)


def makeExtension(**kwargs):  # noqa: N802
    return CaptionsExtension(**kwargs)

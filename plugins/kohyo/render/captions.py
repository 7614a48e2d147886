"""Markdown extension: a table's caption goes above it, as Japanese official documents print it.

Editors write `/// table-caption` after the table (pymdownx.blocks.caption); this moves the
caption first in the HTML itself, so the site, the PDF (where it must stay with the table
across a page break) and screen readers all meet the title before the table.
"""

from __future__ import annotations

from markdown import Extension
from markdown.treeprocessors import Treeprocessor


class _TableCaptionsFirst(Treeprocessor):
    def run(self, root):
        for figure in root.iter("figure"):
            children = list(figure)
            caption = next((c for c in children if c.tag == "figcaption"), None)
            if caption is not None and any(c.tag == "table" for c in children) and children[0] is not caption:
                figure.remove(caption)
                figure.insert(0, caption)
                figure.set("class", (figure.get("class", "") + " kohyo-table").strip())


class CaptionsExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's API name)
        # After pymdownx's caption numbering (priority 4).
        md.treeprocessors.register(_TableCaptionsFirst(md), "kohyo_table_captions", 3)


def makeExtension(**kwargs):  # noqa: N802
    return CaptionsExtension(**kwargs)

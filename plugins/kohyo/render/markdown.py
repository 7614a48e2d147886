"""The one Markdown renderer: Python-Markdown with the extensions configured in mkdocs.yml.

The site (through MkDocs), the checks and the print documents all render with this
configuration, so what an editor sees on the site is what goes into the PDF.
"""

from __future__ import annotations

import html
import re

import markdown

# What Python-Markdown (with the tables extension) reads as syntax inside a line.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()!|#])")


def literal(value: str) -> str:
    """Text kohyo writes into Markdown from data (opinions, CSV cells) shown exactly as written:
    HTML and Markdown escaped, line breaks kept, safe inside a table cell."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(value.strip(), quote=False))
    return "<br>".join(line.strip() for line in escaped.splitlines() if line.strip())


class Renderer:
    def __init__(self, extensions: list, extension_configs: dict | None = None):
        self._md = markdown.Markdown(extensions=list(extensions), extension_configs=extension_configs or {})

    def render(self, text: str) -> str:
        self._md.reset()
        return self._md.convert(text)

"""The one Markdown renderer: Python-Markdown with the extensions configured in mkdocs.yml.

The site (through MkDocs), the checks and the print documents all render with this
configuration, so what an editor sees on the site is what goes into the PDF.
"""

from __future__ import annotations

import markdown


class Renderer:
    def __init__(self, extensions: list, extension_configs: dict | None = None):
        self._md = markdown.Markdown(extensions=list(extensions), extension_configs=extension_configs or {})

    def render(self, text: str) -> str:
        self._md.reset()
        return self._md.convert(text)

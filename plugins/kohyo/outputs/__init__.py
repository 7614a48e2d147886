"""Every file kohyo makes from a project besides its pages: the output formats (registry.py),
made through one content-hash cache (cache.py) from one prepared document per publication
(document.py). No MkDocs here: the adapter passes the rendered HTML in and registers the files
that come out.

    made = make(project, html_by_src, settings)   # render what changed, stage it in the cache
    ...                                           # the site is written and guarded
    made.commit() / made.discard()                # keep the new cache entries, or not
"""

from __future__ import annotations

from .pipeline import Made, OutputFile, make
from .format import Settings

__all__ = ["Made", "OutputFile", "Settings", "make"]

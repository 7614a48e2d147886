"""Check the built site as a reader's browser would follow it: every internal link, anchor,
stylesheet, script and image must resolve to something in the site.

`kohyo check` validates what editors write; this catches what templates, navigation and
generated files add, and runs on the staged site before it replaces the published one.
"""

from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from .problems import Problem
from .render.inspect import inspect

_SKIP_SCHEMES = ("http", "https", "mailto", "tel", "data", "javascript")


def _target(page: str, url: str, base_path: str) -> tuple[str, str] | None:
    """(site file, fragment) a URL on `page` points to; None for what leaves the site."""
    parts = urlsplit(url)
    if parts.scheme in _SKIP_SCHEMES or parts.netloc:
        return None
    path = unquote(parts.path)
    if not path:
        return page, unquote(parts.fragment)
    if path.startswith("/"):
        if not path.startswith(base_path):
            return "", ""  # outside the site's own path: reported as missing
        path = path[len(base_path):]
    else:
        path = posixpath.join(posixpath.dirname(page), path)
    path = posixpath.normpath(path).lstrip("./") if path not in (".", "") else ""
    if path in ("", ".") or url.split("#")[0].split("?")[0].endswith("/"):
        path = posixpath.join(path, "index.html") if path not in ("", ".") else "index.html"
    return path, unquote(parts.fragment)


def check_site(site_dir: Path, base_path: str = "/") -> list[Problem]:
    base_path = base_path if base_path.endswith("/") else base_path + "/"
    pages = {p.relative_to(site_dir).as_posix(): p for p in sorted(site_dir.rglob("*.html"))}
    found = {rel: inspect(path.read_text(encoding="utf-8")) for rel, path in pages.items()}
    problems = []
    for rel, ins in found.items():
        text = pages[rel].read_text(encoding="utf-8").splitlines()
        for url in dict.fromkeys(ins.links + ins.resources):
            where = _target(rel, url, base_path)
            if where is None or url in ("#", ""):
                continue
            target, fragment = where
            if not target or not (site_dir / target).is_file():
                if target and (site_dir / target / "index.html").is_file():
                    target = f"{target}/index.html"
                else:
                    problems.append(_problem(site_dir, rel, text, url, "の行き先がありません"))
                    continue
            if fragment and target.endswith(".html") and fragment not in found[target].ids:
                problems.append(_problem(site_dir, rel, text, url, f"の「#{fragment}」が行き先のページにありません"))
    return problems


def _problem(site_dir: Path, rel: str, text: list[str], url: str, what: str) -> Problem:
    line = next((i + 1 for i, ln in enumerate(text) if f'"{url}"' in ln), 1)
    return Problem(f"{site_dir.name}/{rel}", line, "site-link",
                   f"ページ /{rel.removesuffix('index.html')} のリンク「{url}」{what}。"
                   "テンプレートや自動で作られる部分の誤りです。")

"""A meeting's minutes as Word, beside its page (kohyo.meetings): listed on the meeting page,
not among the publication's downloads."""

from __future__ import annotations

from ..format import MEETING, Context, Format, Rendered


def _pub(page, ctx: Context):
    return next(p for p in ctx.project.publications if any(m is page for m in p.meetings))


def _parts(page, ctx: Context) -> list:
    from importlib.metadata import version

    pub = _pub(page, ctx)
    return [ctx.html_by_src.get(page.src, ""), page.meta, page.updated, pub.title, pub.meta, ctx.settings.site_url,
            version("pypandoc-binary")]


def _render(pages: list, ctx: Context):
    from ...meetings import minutes_docx

    return {("minutes", page.src): Rendered(minutes_docx(page, _pub(page, ctx), ctx.html_by_src.get(page.src, ""),
                                                     ctx.settings.site_url))
            for page in pages}, []


def _place(page) -> str:
    from ...meetings import WORD_NAME

    return f"{page.url}{WORD_NAME}"


MINUTES = Format(
    name="minutes", subject=MEETING, switch=("minutes",), code=("meetings.py", "office/docx.py", "office/__init__.py"),
    applies=lambda page, ctx: True, key_parts=_parts, render=_render, place=_place, kind="Word", download="docx",
    purpose="議事録", owner=lambda page: page.src)

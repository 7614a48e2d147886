"""A publication as editable PowerPoint slides (`powerpoint: true`, kohyo.office.pptx)."""

from __future__ import annotations

from ..format import PUBLICATION, Context, Format, Rendered


def _render(publications: list, ctx: Context):
    from ...office.pptx import render_all
    from ..document import prepare

    s = ctx.settings
    made, problems = render_all(ctx.project, publications,
                                lambda pub: prepare(pub, ctx.html_by_src, s.site_url, ctx.image_dirs), s.organisation)
    return {("powerpoint", pub_id): Rendered(data) for pub_id, data in made.items()}, problems


def _parts(pub, ctx: Context) -> list:
    from ...office.pptx import key_parts

    return key_parts(ctx.project, pub, ctx.html_by_src, ctx.settings.site_url, ctx.settings.organisation)


POWERPOINT = Format(
    name="powerpoint", subject=PUBLICATION, switch=("pdf",),
    code=("office/pptx.py", "office/__init__.py", "outputs/document.py"),
    applies=lambda pub, ctx: bool(pub.meta.get("powerpoint")), key_parts=_parts, render=_render,
    place=lambda pub: f"{pub.index.url}{pub.id}.pptx", kind="PowerPoint", download="pptx", purpose="編集用")

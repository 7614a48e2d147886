"""A publication as an editable Word file (`word: true`), converted by pandoc (kohyo.office.docx)."""

from __future__ import annotations

from ..format import PUBLICATION, Context, Format, Rendered


def _render(publications: list, ctx: Context):
    from ...office.docx import publication_docx
    from ...pdf.options import options_for
    from ..document import prepare

    s = ctx.settings
    return {("word", pub.id): Rendered(publication_docx(prepare(pub, ctx.html_by_src, s.site_url, ctx.image_dirs),
                                                    options_for(pub)))
            for pub in publications}, []


def _parts(pub, ctx: Context) -> list:
    from ...office.docx import key_parts

    return key_parts(ctx.project, pub, ctx.html_by_src, ctx.settings.site_url)


WORD = Format(
    name="word", subject=PUBLICATION, switch=("pdf", "word"),
    code=("office/docx.py", "office/__init__.py", "outputs/document.py"),
    applies=lambda pub, ctx: bool(pub.meta.get("word")), key_parts=_parts, render=_render,
    place=lambda pub: f"{pub.index.url}{pub.id}.docx", kind="Word", download="docx", purpose="編集用")

"""The web PDF (published beside the publication) and the print PDF (the print folder, for the
printer), both from one WeasyPrint layout in worker processes (kohyo.pdf.build)."""

from __future__ import annotations

from ..format import PUBLICATION, Context, Format, Rendered


def _options(pub):
    from ...pdf.options import options_for

    return options_for(pub)


def _parts(pub, ctx: Context) -> list:
    from ...pdf.build import key_parts

    s = ctx.settings
    return key_parts(ctx.project, pub, ctx.html_by_src, s.site_url, s.organisation)


def _start(publications: list, ctx: Context):
    from ...pdf.build import start_pdfs

    s = ctx.settings
    finish = start_pdfs(ctx.project, publications, ctx.html_by_src, ctx.image_dirs, s.site_url, s.organisation,
                        s.workers)

    def done():
        made, problems = finish()
        return {(f"pdf-{variant}", pub_id): Rendered(data, pages)
                for (variant, pub_id), (data, pages) in made.items()}, problems
    return done


def _code() -> tuple[str, ...]:
    from ...pdf.build import CODE

    return CODE


WEB = Format(
    name="pdf-web", subject=PUBLICATION, switch=("pdf",), code=_code(),
    applies=lambda pub, ctx: _options(pub).enabled, key_parts=_parts, render=_start, in_background=True,
    place=lambda pub: f"{pub.index.url}{pub.id}.pdf", kind="PDF", download="pdf")

PRINT = Format(
    name="pdf-print", subject=PUBLICATION, switch=("pdf",), code=_code(), rendered_by="pdf-web",
    applies=lambda pub, ctx: _options(pub).enabled and _options(pub).print_pdf, key_parts=_parts, render=None,
    place=lambda pub: f"{pub.id}-print.pdf", in_site=False, kind="PDF", download="pdf")

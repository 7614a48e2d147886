"""The print PDF a Japanese print shop accepts: page boxes, トンボ outside the bleed, PDF/X kept.

Built from the small `mini` project and inspected with pikepdf and poppler's pdftoppm, as a
print shop's preflight would look at it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from conftest import BUILD_DATE, run_kohyo

MM = 72 / 25.4
A4 = (595.28, 841.89)


def _build(mini: Path, extra_meta: str = "") -> tuple[Path, Path]:
    index = mini / "content/plan/index.md"
    if extra_meta:
        text = index.read_text(encoding="utf-8")
        index.write_text(text.replace("department: climate-policy\n", f"department: climate-policy\n{extra_meta}", 1),
                         encoding="utf-8")
    result = run_kohyo("build", "--build-date", BUILD_DATE, cwd=mini)
    assert result.returncode == 0, result.stderr + result.stdout
    return mini / "build/print/plan-print.pdf", mini / "build/site/plan/plan.pdf"


def _render(pdf: Path, dpi: int, tmp: Path, box: tuple[int, int, int, int] | None = None, page: int = 1) -> Image.Image:
    """Page `page` of `pdf` at `dpi` (its MediaBox), optionally only the region (x, y, w, h) in pixels."""
    out = tmp / f"r{dpi}-{pdf.stem}-{page}"
    args = ["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile", "-png"]
    if box:
        args += ["-x", str(box[0]), "-y", str(box[1]), "-W", str(box[2]), "-H", str(box[3])]
    subprocess.run([*args, str(pdf), str(out)], check=True, capture_output=True, timeout=120)
    return Image.open(f"{out}.png").convert("RGB")


def _dark(img: Image.Image, x0: int, y0: int, x1: int, y1: int) -> int:
    px = img.load()
    return sum(1 for x in range(x0, x1) for y in range(y0, y1) if max(px[x, y]) < 128)


def _reddish(img: Image.Image) -> int:
    px = img.load()
    return sum(1 for x in range(0, img.width, 2) for y in range(0, img.height, 2)
               if px[x, y][0] - px[x, y][2] > 4)


def test_print_pdf_has_japanese_marks_outside_the_bleed_and_keeps_pdfx(mini, tmp_path):
    printed, web = _build(mini)
    with pikepdf.open(printed) as pdf:
        assert "/OutputIntents" in pdf.Root and pdf.Root.OutputIntents[0].S == "/GTS_PDFX"
        xmp = pdf.Root.Metadata.read_raw_bytes()
        assert b"GTS_PDFXVersion>PDF/X-4" in xmp, "the declared standard survives the post-pass unfiltered"
        for page in pdf.pages:
            trim = [float(v) for v in page.obj.TrimBox]
            bleed = [float(v) for v in page.obj.BleedBox]
            media = [float(v) for v in page.obj.MediaBox]
            assert trim[2] - trim[0] == pytest.approx(A4[0], abs=0.5)
            assert trim[3] - trim[1] == pytest.approx(A4[1], abs=0.5)
            assert [b - t for b, t in zip(bleed, trim)] == pytest.approx([-3 * MM, -3 * MM, 3 * MM, 3 * MM], abs=0.1)
            assert media[0] <= bleed[0] - 10 * MM and media[1] <= bleed[1] - 10 * MM
            assert media[2] >= bleed[2] + 10 * MM and media[3] >= bleed[3] + 10 * MM
        slug = (trim[0] - media[0]) / 72 * 300  # trim's distance from the media edge, in 300 dpi pixels
        first_media = [float(v) for v in pdf.pages[0].obj.MediaBox]
        first_trim = [float(v) for v in pdf.pages[0].obj.TrimBox]
    bleed_px = 3 * MM / 72 * 300
    assert slug == pytest.approx((first_trim[0] - first_media[0]) / 72 * 300)

    # Top-left corner of page 1 at 300 dpi: the slug, the bleed and a little of the page.
    size = int(slug + 60)
    corner = _render(printed, 300, tmp_path, (0, 0, size, size))
    edge = int(slug - bleed_px) - 2  # last pixel before the bleed line (with a margin for the line width)
    # Left of the bleed, level with the trim and bleed lines: the horizontal pair of marks.
    assert _dark(corner, 0, int(slug - bleed_px) - 3, edge, int(slug) + 3) > 50
    # Above the bleed, in line with the trim and bleed edges: the vertical pair.
    assert _dark(corner, int(slug - bleed_px) - 3, 0, int(slug) + 3, edge) > 50
    # Nothing at all inside the bleed corner square or at the very media edge.
    assert _dark(corner, edge + 4, edge + 4, int(slug) - 3, int(slug) - 3) == 0
    # A centre mark beyond the top edge, in the slug.
    page_w = int((first_media[2] - first_media[0]) / 72 * 300)
    top_centre = _render(printed, 300, tmp_path, (page_w // 2 - 80, 0, 160, edge))
    assert _dark(top_centre, 0, 0, 160, edge) > 30

    # The web PDF has no marks: its page is the finished size and nothing lies outside it.
    with pikepdf.open(web) as pdf:
        media = [float(v) for v in pdf.pages[0].obj.MediaBox]
        assert media[2] - media[0] == pytest.approx(A4[0], abs=0.5)
        assert b"KohyoRegistration" not in b"".join(
            c.read_bytes() for p in pdf.pages for c in ([p.obj.Contents] if isinstance(p.obj.Contents, pikepdf.Stream)
                                                         else p.obj.Contents))
    # A draft: the web PDF shows the watermark, the print PDF does not unless asked for. Page 2:
    # the cover's red status stamp is not the watermark.
    assert _reddish(_render(web, 100, tmp_path, page=2)) > 200
    assert _reddish(_render(printed, 100, tmp_path, page=2)) < 20


def test_print_page_area_is_the_web_page(mini, tmp_path):
    """Inside the trim box the print PDF shows exactly the web page: same layout, same
    watermark when `print_watermark: true`. 254 dpi puts the 15 mm slug on whole pixels."""
    printed, web = _build(mini, "print_watermark: true\n")
    with pikepdf.open(printed) as pdf:
        trim = [float(v) for v in pdf.pages[0].obj.TrimBox]
        media = [float(v) for v in pdf.pages[0].obj.MediaBox]
    off = round((trim[0] - media[0]) / 72 * 254)
    assert off == pytest.approx((trim[0] - media[0]) / 72 * 254, abs=0.01)
    for page in (1, 2):
        web_img = _render(web, 254, tmp_path, page=page)
        print_img = _render(printed, 254, tmp_path, (off, off, web_img.width, web_img.height), page=page)
        assert print_img.size == web_img.size
        a, b = web_img.load(), print_img.load()
        differing = sum(1 for x in range(0, web_img.width, 3) for y in range(0, web_img.height, 3)
                        if max(abs(p - q) for p, q in zip(a[x, y], b[x, y])) > 40)
        assert differing < 50, f"page {page}: {differing} pixels differ"
    assert _reddish(print_img) > 200, "print_watermark: true keeps the watermark"

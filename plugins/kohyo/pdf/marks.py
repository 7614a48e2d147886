"""Japanese トンボ on the print PDF: page boxes a print shop expects and marks outside the bleed.

WeasyPrint 70 draws only Western crop marks, inside a bleed no wider than the marks need,
and makes the MediaBox the bleed box. This post-pass (pikepdf) keeps what WeasyPrint wrote
(PDF/X version, output intent, content) and per page:

- TrimBox = the finished size (WeasyPrint's page box), BleedBox = trim + 3 mm,
  MediaBox = trim + 15 mm, the slug where the marks go;
- appends one content stream, marked as an Artifact, with corner double marks
  (内トンボ on the trim line, 外トンボ on the bleed line) and centre marks (センタートンボ),
  all outside the bleed, in registration black (Separation /All) 0.25 pt wide.
"""

from __future__ import annotations

from . import tags

MM = 72 / 25.4
BLEED = 3 * MM
SLUG = 15 * MM  # MediaBox beyond the trim on each side
MARK_END = 13 * MM  # marks run from the bleed line out to here, short of the media edge
LINE_WIDTH = 0.25  # pt


def _corner_lines(x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float, float, float]]:
    """Line segments of the four corner marks around the trim box (x0, y0, x1, y1)."""
    lines = []
    for cx, sx in ((x0, -1), (x1, 1)):
        for cy, sy in ((y0, -1), (y1, 1)):
            # Horizontal pair, at the trim line and at the bleed line, running outwards from
            # the bleed's edge; vertical pair likewise. Together they make the double 「L」.
            for y in (cy, cy + sy * BLEED):
                lines.append((cx + sx * BLEED, y, cx + sx * MARK_END, y))
            for x in (cx, cx + sx * BLEED):
                lines.append((x, cy + sy * BLEED, x, cy + sy * MARK_END))
    return lines


def _centre_lines(x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float, float, float]]:
    """A cross at the middle of each side, beyond the bleed: the axis line and a bar across it."""
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    near, far, bar, half = BLEED + 1 * MM, MARK_END, BLEED + 7 * MM, 5 * MM
    lines = []
    for cy, s in ((y0, -1), (y1, 1)):
        lines.append((mx, cy + s * near, mx, cy + s * far))
        lines.append((mx - half, cy + s * bar, mx + half, cy + s * bar))
    for cx, s in ((x0, -1), (x1, 1)):
        lines.append((cx + s * near, my, cx + s * far, my))
        lines.append((cx + s * bar, my - half, cx + s * bar, my + half))
    return lines


def mark_lines(trim: tuple[float, float, float, float]) -> list[tuple[float, float, float, float]]:
    return _corner_lines(*trim) + _centre_lines(*trim)


def _stream(trim) -> bytes:
    ops = [b"/Artifact BMC", b"q", b"/KohyoRegistration CS 1 SC", f"{LINE_WIDTH} w 0 J".encode()]
    for xa, ya, xb, yb in mark_lines(trim):
        ops.append(f"{xa:.3f} {ya:.3f} m {xb:.3f} {yb:.3f} l S".encode())
    ops += [b"Q", b"EMC"]
    return b"\n".join(ops) + b"\n"


def add_print_marks(path: str) -> None:
    """Rewrite the print PDF at `path` in place with the boxes and marks."""
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        tags.plain_spaces(pdf)
        # Registration black: prints on every plate. Alternate DeviceGray (0 = black) is
        # allowed whatever the output intent, which PDF/X restricts for RGB and CMYK.
        tint = pdf.make_indirect(pikepdf.Dictionary(
            FunctionType=2, Domain=[0, 1], C0=[1], C1=[0], N=1))
        registration = pdf.make_indirect(pikepdf.Array(
            [pikepdf.Name.Separation, pikepdf.Name.All, pikepdf.Name.DeviceGray, tint]))
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.obj.get("/TrimBox", page.obj.MediaBox))
            page.obj.TrimBox = pikepdf.Array([x0, y0, x1, y1])
            page.obj.BleedBox = pikepdf.Array([x0 - BLEED, y0 - BLEED, x1 + BLEED, y1 + BLEED])
            page.obj.MediaBox = pikepdf.Array([x0 - SLUG, y0 - SLUG, x1 + SLUG, y1 + SLUG])
            if "/CropBox" in page.obj:
                del page.obj["/CropBox"]
            # Resources may be shared between pages (WeasyPrint writes one dictionary).
            resources = page.obj.Resources
            if "/ColorSpace" not in resources:
                resources.ColorSpace = pikepdf.Dictionary()
            resources.ColorSpace.KohyoRegistration = registration
            # WeasyPrint leaves its flipped coordinate system set: isolate its content first.
            page.contents_add(pikepdf.Stream(pdf, b"q\n"), prepend=True)
            page.contents_add(pikepdf.Stream(pdf, b"Q\n" + _stream((x0, y0, x1, y1))), prepend=False)
        # Streams compressed (WeasyPrint writes its object streams raw: a third of the file);
        # qpdf leaves the document's XMP metadata unfiltered, as PDF/A and PDF/X readers want
        # it. A content-based /ID keeps the same input giving the same bytes.
        pdf.save(path, deterministic_id=True)

"""Make the web PDF's tag tree read like the site (PDF/UA-1), after WeasyPrint wrote it.

WeasyPrint 70 tags the text of margin boxes (running heads, page numbers) as marked content
that belongs to structure elements outside the tree: a screen reader that follows the page
content reads 「…第1章… - 4 -」 at every page break. The contents page's dot leaders are one
tagged item per dot inside each entry's Link. Table header cells carry no /Scope, a table
split over pages becomes one Table per page each repeating its header row as content, and
footnotes are NonStruct spans at the end of each page's structure. This post-pass (pikepdf)
turns running heads, page numbers, leaders and repeated header rows into Artifacts, joins
split tables, gives every TH its /Scope, and makes footnotes Note (Lbl, ID) read right after
the paragraph with their call (Reference). Page content is only retagged, never redrawn.
"""

from __future__ import annotations

import array
import re
import sys
import zlib

LEADER = re.compile(r"^[.\u2026\u30fb\s]+$")  # dots, ellipses, middle dots and spaces only
_QUARTER_EM = re.compile(rb"^(<[0-9a-fA-F]+>\s*)<2005>", re.MULTILINE)


def plain_spaces(pdf) -> None:
    """和欧間 spaces are U+2005 (assemble.wao_spacing), drawn with the font's space glyph;
    ToUnicode maps that glyph to U+2005, which would make every space of the PDF one. Mapped
    back to U+0020, copy, search and screen readers get ordinary spaces."""
    import pikepdf

    done = set()
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/Type") != "/Font":
            continue
        cmap = obj.get("/ToUnicode")
        if cmap is None or cmap.objgen in done:
            continue
        done.add(cmap.objgen)
        data = cmap.read_bytes()
        fixed = _QUARTER_EM.sub(rb"\1<0020>", data)
        if fixed != data:
            cmap.write(fixed)


def _to_unicode(font) -> dict[int, str]:
    """The code → text map of a Type0 font's ToUnicode CMap (bfchar and bfrange)."""
    if "/ToUnicode" not in font:
        return {}
    text = font.ToUnicode.read_bytes().decode("latin-1")
    out: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for src, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            out[int(src, 16)] = bytes.fromhex(dst).decode("utf-16-be", "replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for lo, hi, dst in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            start = int(dst, 16)
            for i, code in enumerate(range(int(lo, 16), int(hi, 16) + 1)):
                out[code] = chr(start + i)
    return out


def _decode(data: bytes, cmap: dict[int, str], width: int) -> str:
    if width == 2:
        codes = array.array("H", data[:len(data) // 2 * 2])
        if sys.byteorder == "little":
            codes.byteswap()  # two-byte codes are big-endian
        return "".join([cmap.get(code, "") for code in codes])
    return "".join([cmap.get(b, "") for b in data])


def _fonts(page, cmaps: dict) -> dict:
    maps = {}
    for name, font in page.obj.Resources.get("/Font", {}).items():
        if font.objgen not in cmaps or font.objgen == (0, 0):
            cmaps[font.objgen] = (_to_unicode(font), 2 if font.get("/Subtype") == "/Type0" else 1)
        maps[name] = cmaps[font.objgen]
    return maps


# The operators marked_texts reads, as WeasyPrint writes them: `<</MCID n>> BDC`, BDC, BMC, EMC,
# `/F1 12 Tf`, `[<hex>kern<hex>…] TJ` and `<hex> Tj`. Hex strings are consumed whole (inside
# a TJ array or before Tj), so an operator name is never read out of a string.
_OPS = re.compile(rb"<<\s*/MCID\s+(\d+)\s*>>\s*BDC|(?<![\w])(BDC|BMC|EMC)(?![\w])"
                  rb"|(/[^\s/<>\[\]()]+)\s+[-+\d.]+\s+Tf(?![\w])|\[([^\]]*)\]\s*TJ(?![\w])"
                  rb"|<([0-9A-Fa-f\s]*)>\s*Tj(?![\w])")
_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")
# What only the full parser reads right: literal strings, the ' and " operators, inline images.
_INLINE_IMAGE = re.compile(rb"\sBI\s")


def _content(page) -> bytes:
    import pikepdf

    contents = page.obj.get("/Contents")
    if contents is None:
        return b""
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    return b"\n".join(stream.read_bytes() for stream in streams)


def marked_texts(page, cmaps: dict | None = None) -> dict[int, str]:
    """Text drawn inside each MCID's marked content on a page (innermost MCID wins). `cmaps`
    keeps the fonts' ToUnicode maps across the pages of one document.

    WeasyPrint's own content is read with one regular expression over the stream (the full
    parser turned every operand into a Python object: most of the post-pass's time); anything
    else falls back to pikepdf's parser."""
    cmaps = {} if cmaps is None else cmaps
    maps = _fonts(page, cmaps)
    data = _content(page)
    if b"(" in data or b"'" in data or b'"' in data or _INLINE_IMAGE.search(data):
        return _parsed_texts(page, maps)
    stack: list[int | None] = []
    texts: dict[int, str] = {}
    current = ({}, 1)
    for mcid, mark, font, kerned, single in _OPS.findall(data):
        if mcid:
            stack.append(int(mcid))
        elif mark == b"EMC":
            if stack:
                stack.pop()
        elif mark:
            stack.append(None)
        elif font:
            current = maps.get(font.decode("latin-1"), ({}, 1))
        else:
            owner = next((m for m in reversed(stack) if m is not None), None)
            if owner is None:
                continue
            hexes = b"".join(_HEX.findall(kerned)) if kerned else single
            texts[owner] = texts.get(owner, "") + _decode(bytes.fromhex(hexes.decode("ascii")), *current)
    return texts


def _parsed_texts(page, maps: dict) -> dict[int, str]:
    import pikepdf

    stack: list[int | None] = []
    texts: dict[int, str] = {}
    current = ({}, 1)
    for operands, operator in pikepdf.parse_content_stream(page, "BDC BMC EMC Tf Tj TJ ' \""):
        op = str(operator)
        if op == "BDC":
            props = operands[1] if len(operands) > 1 else None
            mcid = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
            stack.append(int(mcid) if mcid is not None else None)
        elif op == "BMC":
            stack.append(None)
        elif op == "EMC":
            if stack:
                stack.pop()
        elif op == "Tf":
            current = maps.get(str(operands[0]), ({}, 1))
        elif op in ("Tj", "TJ", "'", '"'):
            mcid = next((m for m in reversed(stack) if m is not None), None)
            if mcid is None:
                continue
            parts = operands[-1] if op == "TJ" else [operands[-1]]
            for part in parts:
                if isinstance(part, pikepdf.String):
                    texts[mcid] = texts.get(mcid, "") + _decode(bytes(part), *current)
    return texts


def _reachable(root) -> set:
    seen, todo = set(), [root]
    while todo:
        node = todo.pop()
        kids = node.get("/K")
        if kids is None:
            continue
        for kid in (kids if isinstance(kids, list) or hasattr(kids, "append") else [kids]):
            if hasattr(kid, "objgen") and kid.objgen != (0, 0) and kid.get("/Type") != "/OBJR" and \
                    kid.objgen not in seen and "/S" in kid:
                seen.add(kid.objgen)
                todo.append(kid)
    return seen


def _artifact_mcids(texts: dict[int, str], parents, reachable: set) -> set[int]:
    """MCIDs of a page that are not content: orphaned (margin boxes) or a TOC leader."""
    out = set()
    for mcid, owner in enumerate(parents):
        if owner is None or not hasattr(owner, "objgen"):
            continue
        if owner.objgen not in reachable:
            out.add(mcid)  # running head or page number: WeasyPrint left it out of the tree
        elif LEADER.match(texts.get(mcid, "x")) and _inside(owner, "/Link"):
            out.add(mcid)
    return out


def _inside(element, role: str) -> bool:
    node, depth = element, 0
    while node is not None and depth < 4:
        if node.get("/S") == role:
            return True
        node, depth = node.get("/P"), depth + 1
    return False


def _set_scopes(pdf) -> None:
    import pikepdf

    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Dictionary) or obj.get("/S") != "/TH":
            continue
        row = obj.get("/P")
        section = row.get("/P") if row is not None else None
        kids = list(row.K) if row is not None and isinstance(row.get("/K"), pikepdf.Array) else []
        first = bool(kids) and kids[0].objgen == obj.objgen
        in_head = section is not None and section.get("/S") == "/THead"
        scope = "/Column" if in_head or not first else "/Row"
        if "/A" not in obj:
            obj.A = pikepdf.Dictionary(O=pikepdf.Name("/Table"))
        obj.A.Scope = pikepdf.Name(scope)


FOOTNOTE_LABEL = re.compile(r"^※(\d+)")  # print.css: ::footnote-call and ::footnote-marker


def _kids(elem) -> list:
    import pikepdf

    k = elem.get("/K")
    return list(k) if isinstance(k, pikepdf.Array) else ([] if k is None else [k])


class _PageTexts:
    """Each page's marked texts, read once per document (parsing content streams is the
    costly part of the post-pass)."""

    def __init__(self, pdf):
        self.pdf, self.pages, self.cmaps = pdf, {}, {}

    def __call__(self, i: int) -> dict[int, str]:
        if i not in self.pages:
            self.pages[i] = marked_texts(self.pdf.pages[i], self.cmaps)
        return self.pages[i]


def _element_texts(pdf, page_texts: _PageTexts) -> dict:
    """objgen → text of every structure element (its marked content and its descendants')."""
    import pikepdf

    pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
    out: dict = {}

    def text(elem) -> str:
        acc = ""
        for kid in _kids(elem):
            if isinstance(kid, int) and "/Pg" in elem:
                i = pages.get(elem.Pg.objgen)
                if i is not None:
                    acc += page_texts(i).get(kid, "")
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                acc += text(kid)
        out[elem.objgen] = acc
        return acc

    text(pdf.Root.StructTreeRoot.K[0] if isinstance(pdf.Root.StructTreeRoot.K, pikepdf.Array)
         else pdf.Root.StructTreeRoot.K)
    return out


def _footnotes(pdf, texts: dict) -> None:
    """Footnotes as Note (with Lbl) placed right after the block that calls them, calls as Reference.

    WeasyPrint puts each page's footnote area at the end of the page's structure, as NonStruct
    spans, and the call as a NonStruct inside the paragraph: a screen reader meets the note
    pages away from its call, unannounced. print.css labels both 「※N」.
    """
    import pikepdf

    document = pdf.Root.StructTreeRoot.K
    document = document[0] if isinstance(document, pikepdf.Array) else document
    notes: dict[str, object] = {}
    areas = [e for e in _kids(document) if isinstance(e, pikepdf.Dictionary) and e.get("/S") == "/NonStruct"]
    for area in areas:
        for note in _kids(area):
            if not isinstance(note, pikepdf.Dictionary) or "/S" not in note:
                continue
            m = FOOTNOTE_LABEL.match(texts.get(note.objgen, ""))
            if not m or m.group(0) in notes:
                continue
            label = next((k for k in _kids(note) if isinstance(k, pikepdf.Dictionary) and "/S" in k), None)
            if label is None or not FOOTNOTE_LABEL.match(texts.get(label.objgen, "")):
                continue
            note.S, label.S = pikepdf.Name.Note, pikepdf.Name.Lbl
            note.ID = pikepdf.String(f"kohyo-fn-{m.group(1)}")
            notes[m.group(0)] = (note, area)
    if not notes:
        return
    placed = set()
    area_ids = {a.objgen for a in areas}

    def calls(elem):
        for kid in _kids(elem):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid and kid.objgen not in area_ids:
                yield from ((kid, elem),) if kid.get("/S") == "/NonStruct" else ()
                yield from calls(kid)

    for call, parent in list(calls(document)):
        label = texts.get(call.objgen, "").strip()
        if label not in notes or label in placed:
            continue
        note, area = notes[label]
        call.S = pikepdf.Name.Reference
        block, container = parent, parent.get("/P")
        if container is None:
            continue
        # Move the Note next to the block holding its call (logical reading order).
        area.K = pikepdf.Array([k for k in _kids(area) if not (hasattr(k, "objgen") and k.objgen == note.objgen)])
        siblings = _kids(container)
        at = next(i for i, k in enumerate(siblings) if hasattr(k, "objgen") and k.objgen == block.objgen)
        container.K = pikepdf.Array(siblings[:at + 1] + [note] + siblings[at + 1:])
        note.P = container
        placed.add(label)
    document.K = pikepdf.Array([k for k in _kids(document)
                                if not (hasattr(k, "objgen") and k.objgen in area_ids and not _kids(k))])


def _walk(elem):
    import pikepdf

    yield elem
    for kid in _kids(elem):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield from _walk(kid)


CONTENT = {"/P", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6", "/Figure", "/L", "/Note", "/Table", "/Caption"}


def _join_split_tables(pdf, texts: dict) -> None:
    """One Table for a table WeasyPrint split over pages: its continuation's rows join the
    first part's body, and the repeated header row leaves the tree (then becomes an
    Artifact, as all content outside the tree does in fix_tags).

    A continuation is the next table in reading order, starting on the next page, with the
    same header text and nothing but containers in between.
    """
    import pikepdf

    pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
    root = pdf.Root.StructTreeRoot.K
    order = list(_walk(root[0] if isinstance(root, pikepdf.Array) else root))
    inside_table: set = set()
    previous, last_page = None, -1
    for elem in order:
        role = str(elem.get("/S"))
        if elem.objgen in inside_table:
            continue
        if role == "/Table":
            parts = {str(k.get("/S")): k for k in _kids(elem) if isinstance(k, pikepdf.Dictionary) and "/S" in k}
            page = pages.get(elem.Pg.objgen, -1) if "/Pg" in elem else -1
            descendants = {e.objgen for e in _walk(elem)} - {elem.objgen}
            head = parts.get("/THead")
            if previous is not None and head is not None and page == last_page + 1:
                first_parts = {str(k.get("/S")): k for k in _kids(previous) if isinstance(k, pikepdf.Dictionary)}
                first_head, first_body = first_parts.get("/THead"), first_parts.get("/TBody")
                body = parts.get("/TBody")
                if first_head is not None and first_body is not None and body is not None and \
                        texts.get(first_head.objgen) == texts.get(head.objgen):
                    for row in _kids(body):
                        row.P = first_body
                    first_body.K = pikepdf.Array(_kids(first_body) + _kids(body))
                    parent = elem.P
                    parent.K = pikepdf.Array([k for k in _kids(parent)
                                              if not (hasattr(k, "objgen") and k.objgen == elem.objgen)])
                    inside_table |= descendants
                    last_page = max(last_page, _last_page(elem, pages))
                    continue
            previous, last_page = elem, _last_page(elem, pages)
            inside_table |= descendants
        elif role in CONTENT and texts.get(elem.objgen, "").strip():
            previous = None


def _last_page(elem, pages) -> int:
    return max((pages.get(e.Pg.objgen, -1) for e in _walk(elem) if "/Pg" in e), default=-1)


_BDC = re.compile(rb"/[A-Za-z]+\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")


def _retag(data: bytes, artifacts: set[int]) -> bytes:
    """The page's content with the artifact MCIDs' marked content retagged as Artifacts, by
    rewriting their BDC operators in place (parsing and writing back every operator cost more
    than all of WeasyPrint's drawing). Backgrounds such as the watermark, borders and rules
    WeasyPrint already draws as Artifacts; tests/test_pdf_tags.py checks that nothing is
    drawn outside marked content."""
    return _BDC.sub(lambda m: b"/Artifact << /Type /Pagination >> BDC" if int(m.group(1)) in artifacts
                    else m.group(0), data)


def fix_tags(path: str) -> None:
    """Rewrite the tagged web PDF at `path` in place."""
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        root = pdf.Root.StructTreeRoot
        plain_spaces(pdf)
        page_texts = _PageTexts(pdf)
        texts = _element_texts(pdf, page_texts)
        _footnotes(pdf, texts)
        _join_split_tables(pdf, texts)
        reachable = _reachable(root)
        nums = root.ParentTree.Nums
        by_key = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for number, page in enumerate(pdf.pages):
            key = int(page.obj.get("/StructParents", -1))
            parents = by_key.get(key)
            if not isinstance(parents, pikepdf.Array):
                continue
            artifacts = _artifact_mcids(page_texts(number), list(parents), reachable)
            if not artifacts:
                continue
            contents = page.obj.Contents
            streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
            data = b"\n".join(stream.read_bytes() for stream in streams)
            page.obj.Contents = pdf.make_stream(zlib.compress(_retag(data, artifacts)),
                                                Filter=pikepdf.Name.FlateDecode)
            owners = {}
            for mcid in artifacts:
                owner = parents[mcid]
                if owner.objgen in reachable and isinstance(owner.get("/K"), pikepdf.Array):
                    owners.setdefault(owner.objgen, (owner, set()))[1].add(mcid)
                parents[mcid] = None
            for owner, gone in owners.values():
                owner.K = pikepdf.Array([k for k in owner.K if not (isinstance(k, int) and int(k) in gone)])
        _set_scopes(pdf)
        # Streams compressed (WeasyPrint writes its object streams raw: a third of the file);
        # qpdf leaves the document's XMP metadata unfiltered, as PDF/A and PDF/X readers want
        # it. A content-based /ID keeps the same input giving the same bytes.
        pdf.save(path, deterministic_id=True)

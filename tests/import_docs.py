"""Test documents for `kohyo import`: a municipal plan as Word writes it, and a long GitHub-style
Markdown file. Built from scratch so each test knows exactly what went in."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"


def png(width: int = 40, height: int = 30, rgb: tuple[int, int, int] = (30, 90, 160)) -> bytes:
    """A small solid PNG (no Pillow needed)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    row = b"\x00" + bytes(rgb) * width
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(row * height)) + chunk(b"IEND", b""))


# Word's multilevel list linked to the heading styles, as a city's plan template has it:
# 第1章 / 1 / (1) / ア.
_ABSTRACT = f"""
<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="90">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading1"/>
    <w:suff w:val="space"/><w:lvlText w:val="第%1章"/><w:lvlJc w:val="left"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading2"/>
    <w:suff w:val="space"/><w:lvlText w:val="%2"/><w:lvlJc w:val="left"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading3"/>
    <w:suff w:val="space"/><w:lvlText w:val="(%3)"/><w:lvlJc w:val="left"/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="aiueoFullWidth"/><w:pStyle w:val="Heading4"/>
    <w:suff w:val="space"/><w:lvlText w:val="%4"/><w:lvlJc w:val="left"/></w:lvl>
</w:abstractNum>"""
_NUM = f'<w:num xmlns:w="{W_NS}" w:numId="90"><w:abstractNumId w:val="90"/></w:num>'


def _link_heading_styles(doc) -> None:
    from docx.oxml import parse_xml

    numbering = doc.part.numbering_part.element
    numbering.insert(0, parse_xml(_ABSTRACT))  # abstractNum elements come before num elements
    numbering.append(parse_xml(_NUM))
    for level in range(4):
        style = doc.styles[f"Heading {level + 1}"]
        ppr = style.element.get_or_add_pPr()
        ppr.insert(0, parse_xml(f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{level}"/>'
                                f'<w:numId w:val="90"/></w:numPr>'))


def _no_numbering(paragraph) -> None:
    """numId 0: this heading is not numbered (資料編), as Word writes it."""
    from docx.oxml import parse_xml

    paragraph._p.get_or_add_pPr().insert(0, parse_xml(
        f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'))


def _bookmark(paragraph, name: str, ident: int) -> None:
    from docx.oxml import parse_xml

    p = paragraph._p
    p.insert(1, parse_xml(f'<w:bookmarkStart xmlns:w="{W_NS}" w:id="{ident}" w:name="{name}"/>'))
    p.append(parse_xml(f'<w:bookmarkEnd xmlns:w="{W_NS}" w:id="{ident}"/>'))


def _internal_link(paragraph, text: str, anchor: str) -> None:
    from docx.oxml import parse_xml

    paragraph._p.append(parse_xml(
        f'<w:hyperlink xmlns:w="{W_NS}" w:anchor="{anchor}"><w:r><w:t>{text}</w:t></w:r></w:hyperlink>'))


class _Footnotes:
    """The footnotes part python-docx cannot make: written as Word writes it."""

    def __init__(self, doc):
        self.doc, self.notes = doc, []

    def add(self, paragraph, text: str) -> None:
        from docx.oxml import parse_xml

        ident = len(self.notes) + 1
        self.notes.append((ident, text))
        paragraph._p.append(parse_xml(
            f'<w:r xmlns:w="{W_NS}"><w:rPr><w:rStyle w:val="FootnoteReference"/><w:vertAlign w:val="superscript"/>'
            f'</w:rPr><w:footnoteReference w:id="{ident}"/></w:r>'))

    def attach(self) -> None:
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import Part

        body = "".join(
            f'<w:footnote w:id="{i}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {t}</w:t></w:r></w:p></w:footnote>'
            for i, t in self.notes)
        xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W_NS}">'
               '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
               '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r>'
               f'</w:p></w:footnote>{body}</w:footnotes>')
        part = Part(PackURI("/word/footnotes.xml"),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                    xml.encode("utf-8"), self.doc.part.package)
        self.doc.part.relate_to(part, RT.FOOTNOTES)


def _merged_table(doc) -> None:
    table = doc.add_table(rows=3, cols=3)
    table.style = doc.styles["Table Grid"]
    cells = [["区分", "令和5年度", "令和6年度"], ["手続数", "120", "180"], ["うちオンライン", "80", "150"]]
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    merged = table.cell(0, 1).merge(table.cell(0, 2))
    merged.text = "実績（件）"
    table.cell(1, 0).text = "手続数"


def _word_toc(doc) -> None:
    """Word's 目次 as Word writes it: a content control holding the TOC field's result, entries
    linking to _Toc bookmarks, with page numbers."""
    from docx.oxml import parse_xml

    entries = "".join(
        f'<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:hyperlink w:anchor="_Toc{n}"><w:r><w:t>{t}</w:t></w:r>'
        f'<w:r><w:tab/></w:r><w:r><w:t>{page}</w:t></w:r></w:hyperlink></w:p>'
        for n, t, page in ((1, "第1章 計画の策定にあたって", 1), (2, "第2章 現状と課題", 3)))
    here = doc.add_paragraph()._p
    here.addprevious(parse_xml(
        f'<w:sdt xmlns:w="{W_NS}"><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
        f'<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent><w:p><w:r><w:t>目次</w:t></w:r></w:p>'
        f'{entries}</w:sdtContent></w:sdt>'))
    here.getparent().remove(here)


def plan_docx(path: Path, *, image_alt: str | None = "札幌市のデジタル化の推進体制図") -> Path:
    """A municipal plan as Word writes it: title, headings numbered by a multilevel list linked to
    the heading styles (第1章 / 1 / (1) / ア), tables, an image with alt text, footnotes and
    cross-references to bookmarks in other chapters."""
    from docx import Document
    from docx.oxml import parse_xml
    from docx.shared import Mm

    doc = Document()
    doc.core_properties.title = "札幌市デジタル推進計画（素案）"
    _link_heading_styles(doc)
    notes = _Footnotes(doc)
    doc.add_paragraph("札幌市デジタル推進計画（素案）", style="Title")
    doc.add_paragraph("令和7年（2025年）1月　札幌市")
    _word_toc(doc)

    doc.add_heading("計画の策定にあたって", level=1)
    doc.add_heading("策定の趣旨", level=2)
    p = doc.add_paragraph("本計画は、市民サービスの向上と行政運営の効率化を目的とする。")
    notes.add(p, "官民データ活用推進基本法第9条第3項に基づく計画として位置付ける。")
    doc.add_heading("計画期間", level=2)
    p = doc.add_paragraph("計画期間は令和7年度から令和11年度までの5年間とする。詳しくは")
    _internal_link(p, "推進体制", "_Ref170000001")
    p.add_run("を参照。")
    p = doc.add_paragraph("現状は")
    _internal_link(p, "第2章", "ch-02-current-issues")
    p.add_run("に示す。")
    doc.add_heading("計画の位置付け", level=3)
    doc.add_paragraph("第2次札幌市まちづくり戦略ビジョンを上位計画とする。")
    doc.add_heading("関連計画との関係", level=3)
    doc.add_heading("国の計画", level=4)
    doc.add_paragraph("デジタル社会の実現に向けた重点計画を踏まえる。")
    doc.add_heading("北海道の計画", level=4)
    doc.add_paragraph("北海道Society5.0推進計画と連携する。")

    heading = doc.add_heading("現状と課題", level=1)
    # A section's anchor between paragraphs, as pandoc and some tools write it.
    heading._p.addprevious(parse_xml(f'<w:bookmarkStart xmlns:w="{W_NS}" w:id="5" w:name="ch-02-current-issues"/>'))
    doc.add_heading("オンライン手続の状況", level=2)
    p = doc.add_paragraph("オンラインで申請できる手続は年々増えている。")
    notes.add(p, "令和6年度末時点の件数。")
    table = doc.add_table(rows=3, cols=3)
    table.style = doc.styles["Table Grid"]
    for r, row in enumerate([["区分", "令和5年度", "令和6年度"], ["オンライン手続数", "120", "180"],
                             ["利用件数（千件）", "350", "512"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    p = doc.add_paragraph("オンライン手続の実績は次のとおりである。")
    _bookmark(p, "_Ref170000003", 3)  # a cross-reference target in the text, not on a heading
    _merged_table(doc)

    heading = doc.add_heading("推進体制", level=1)
    heading._p.addprevious(parse_xml(f'<w:bookmarkEnd xmlns:w="{W_NS}" w:id="5"/>'))
    _bookmark(heading, "_Ref170000001", 1)
    doc.add_heading("庁内の体制", level=2)
    doc.add_paragraph("市長を本部長とするデジタル推進本部を置く。")
    doc.add_picture(io.BytesIO(png()), width=Mm(60))
    if image_alt is not None:
        doc.inline_shapes[0]._inline.docPr.set("descr", image_alt)
    p = doc.add_paragraph("")
    _internal_link(p, "策定の趣旨に戻る", "_Ref170000002")
    p.add_run("。")
    _internal_link(p, "手続の実績", "_Ref170000003")
    _bookmark(doc.paragraphs[3], "_Ref170000002", 2)  # on 「策定の趣旨」

    heading = doc.add_heading("資料編", level=1)
    _no_numbering(heading)
    _no_numbering(doc.add_heading("用語集", level=2))
    doc.add_paragraph("DX：デジタル・トランスフォーメーション。")
    notes.attach()
    doc.save(path)
    return path


PLAN_HEADINGS = {  # chapter file -> (title, numbered, [body headings as written in the chapter])
    "01": ("計画の策定にあたって", True, ["## 1 策定の趣旨", "## 2 計画期間", "### (1) 計画の位置付け",
                                    "### (2) 関連計画との関係", "#### ア 国の計画", "#### イ 北海道の計画"]),
    "02": ("現状と課題", True, ["## 1 オンライン手続の状況"]),
    "03": ("推進体制", True, ["## 1 庁内の体制"]),
    "04": ("資料編", False, ["## 用語集"]),
}


GUIDE_MD = """\
# オープンデータ利活用ガイド

札幌市のオープンデータを使うための手引きです。[データの形式](#データの形式)と[問い合わせ](#問い合わせ)も見てください。

## はじめに

このガイドは、市が公開するデータを使う事業者と市民向けです。

- 対象となるデータ
  - 統計データ
  - 施設の位置情報
- 対象外のデータ

## データの形式

データは CSV と JSON で提供します。[^format]

| 形式 | 文字コード | 用途 |
|---|---|---|
| CSV | UTF-8 | 表計算ソフト |
| JSON | UTF-8 | プログラム |

```python
import csv
with open("shisetsu.csv", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
```

![データの流れの図](images/flow.png)

### 更新の頻度

毎月1回更新します。[はじめに](#はじめに)の対象データが更新されます。

## 問い合わせ

1. メールで連絡する
2. 内容を確認する
   - 返信は5営業日以内
   - 休日を除く

詳しくは[データの形式](#データの形式)と[更新の頻度](#更新の頻度)を参照してください。

[^format]: 一部のデータは Excel 形式でも提供します。
"""

GUIDE_HEADINGS = {"01": ("はじめに", []), "02": ("データの形式", ["## 更新の頻度"]), "03": ("問い合わせ", [])}


def guide_md(folder: Path) -> Path:
    (folder / "images").mkdir(parents=True, exist_ok=True)
    (folder / "images" / "flow.png").write_bytes(png(rgb=(200, 80, 20)))
    path = folder / "guide.md"
    path.write_text(GUIDE_MD, encoding="utf-8")
    return path

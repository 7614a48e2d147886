"""Chart blocks in an editor's Markdown, found with their file lines.

The syntax follows pymdownx.blocks (`/// name | title`, indented YAML options, a body):

    /// chart | 部門別の温室効果ガス排出量の推移
        data: data/emissions.csv
        type: stacked-bar
        unit: 万t-CO2

    グラフの内容を文章で説明します（代替テキスト）。
    ///

The block is read from the source rather than by a Markdown extension because a chart needs
what only the page knows: the folder its CSV path is relative to, and the line to blame.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

TYPES = {"bar": "棒グラフ", "stacked-bar": "積み上げ棒グラフ", "hbar": "横棒グラフ", "line": "折れ線グラフ",
         "pie": "円グラフ", "donut": "ドーナツグラフ"}
OPTIONS = {"data": "CSV ファイル（このページからの相対パス）", "type": "グラフの種類", "x": "項目（横軸）の列",
           "y": "値の列（1つまたは一覧）", "unit": "単位", "y_label": "縦軸の名前", "x_label": "横軸の名前",
           "id": "図の ID（相互参照・ファイル名）"}
_END = re.compile(r"^///\s*$")
_FENCE = re.compile(r"^\s*(?P<fence>`{3,}|~{3,})")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


class _TextDates(yaml.SafeLoader):
    """Dates stay text, for the block's own feature to read: a YAML date such as 2026-13-40
    would otherwise fail inside the parser, with no line to name."""


_TextDates.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


@dataclass
class Block:
    start: int  # 0-based index of the `/// chart` line in the body
    end: int  # index of the closing `///`
    title: str
    options: dict
    option_lines: dict[str, int] = field(default_factory=dict)  # option -> 0-based body line
    bad_options: set = field(default_factory=set)  # given, but not as one value (already reported)
    alt: str = ""
    errors: list[tuple[int, str]] = field(default_factory=list)  # (0-based body line, Japanese message)
    body: tuple[int, int] = (0, 0)  # 0-based [first, end) lines of the text after the options
    closed: bool = True


def find(body: str) -> list[Block]:
    """Every chart block outside fenced code, with what is wrong in its syntax."""
    found = find_named(body, "chart", "グラフ")
    for block in found:
        if block.closed:
            _validate(block)
    return found


def find_named(body: str, name: str, label: str) -> list[Block]:
    """Every `/// name | title` block outside fenced code, its options read (syntax errors
    named with `label`, the block's Japanese name), nothing else checked."""
    start_re = re.compile(rf"^///\s*{name}\s*(?:\|\s*(?P<title>.*?))?\s*$")
    lines = body.splitlines()
    blocks, fence, i = [], None, 0
    while i < len(lines):
        line = lines[i]
        m = _FENCE.match(line)
        if m:
            if fence is None:
                fence = m["fence"]
            elif m["fence"][0] == fence[0] and len(m["fence"]) >= len(fence) and not line.strip(m["fence"][0] + " "):
                fence = None
        elif fence is None and (start := start_re.match(line)):
            block = _read(lines, i, start["title"] or "", label)
            blocks.append(block)
            i = block.end
        i += 1
    return blocks


def _read(lines: list[str], start: int, title: str, label: str) -> Block:
    end = next((j for j in range(start + 1, len(lines)) if _END.match(lines[j])), None)
    block = Block(start=start, end=end if end is not None else len(lines) - 1, title=title.strip(), options={})
    if end is None:
        block.closed = False
        block.errors.append((start, f"{label}のブロックが「///」で閉じられていません。ブロックの最後に「///」だけの行を書いてください。"))
        return block
    j = start + 1
    option_text = []
    while j < end and lines[j].startswith("    ") and lines[j].strip():
        option_text.append(lines[j][4:])
        key = lines[j][4:].split(":", 1)[0].strip()
        block.option_lines.setdefault(key, j)
        j += 1
    try:
        options = yaml.load("\n".join(option_text), Loader=_TextDates) if option_text else {}
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        block.errors.append((start + 1 + (mark.line if mark else 0),
                             f"{label}の設定（4文字下げた行）の書き方が正しくありません。「名前: 値」の形で"
                             "書いてください。"))
        options = {}
    if not isinstance(options, dict):
        block.errors.append((start + 1, f"{label}の設定は「名前: 値」の形で、1行に1つずつ書いてください。"))
        options = {}
    for key, value in list(options.items()):
        if key != "y" and value is not None and not isinstance(value, (str, int, float)):
            block.errors.append((block.option_lines.get(str(key), start),
                                 f"{label}の設定「{key}」には、1つの値（文字か数）を書いてください。"))
            del options[key]
            block.bad_options.add(key)
    block.options = options
    block.body = (j, end)
    block.alt = " ".join(ln.strip() for ln in lines[j:end] if ln.strip())
    return block


def _validate(b: Block) -> None:
    def err(option: str | None, message: str) -> None:
        b.errors.append((b.option_lines.get(option, b.start) if option else b.start, message))

    for key in b.options:
        if key not in OPTIONS:
            err(key, f"グラフの設定「{key}」は使えません。使える設定: {', '.join(OPTIONS)}。")
    if not b.title:
        err(None, "グラフに表題がありません。「/// chart | 表題」のように、| の後に図の表題を書いてください。")
    if not b.options.get("data") and "data" not in b.bad_options:
        err(None, "グラフのデータ（data: CSV ファイル）がありません。「    data: data/example.csv」のように書いてください。")
    kind = b.options.get("type")
    if kind not in TYPES and "type" not in b.bad_options:
        choices = "、".join(f"{k}（{v}）" for k, v in TYPES.items())
        err("type" if kind is not None else None,
            f"グラフの種類（type）が「{kind}」になっています。次のどれかを書いてください: {choices}。"
            if kind is not None else f"グラフの種類（type）がありません。次のどれかを書いてください: {choices}。")
    y = b.options.get("y")
    if isinstance(y, str):
        b.options["y"] = [y]
    elif y is not None and not (isinstance(y, list) and all(isinstance(v, (str, int)) for v in y)):
        err("y", "値の列（y）は、列の名前か、[列1, 列2] のような一覧で書いてください。")
    ident = b.options.get("id")
    if ident is not None and not (isinstance(ident, str) and _ID.match(ident)):
        err("id", f"図の ID「{ident}」には、半角英小文字・数字・ハイフンだけが使えます（例: fig-emissions）。")
    if not b.alt:
        err(None, "グラフに代替テキストがありません。設定の後に1行あけて、グラフが示す内容を文章で書いてください"
                  "（例: 排出量は2013年度から減少が続いている。）。")

"""Read editors' files safely: bytes to text, and YAML (front matter and _data files) to data,
keeping the line of every key. Whatever the input, the result is data or Problems, never an
exception: editors paste from Word, save as Shift_JIS, and copy YAML tricks from the web.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.constructor import ConstructorError

from ..problems import Problem

# Absurd sizes are refused before parsing: a page of a city plan is tens of kilobytes.
MAX_PAGE_BYTES = 4_000_000
MAX_DATA_BYTES = 2_000_000
MAX_FRONT_MATTER_CHARS = 64_000
MAX_DEPTH = 24  # nesting of lists and mappings; the schema needs 3

# Characters an editor cannot see: C0/C1 controls (tab and line feed are fine), DEL, the
# Unicode line separators (YAML counts them as line breaks, so lines would shift), noncharacters.
_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
_CONTROL_NAMES = {0x00: "ヌル文字", 0x08: "バックスペース", 0x0B: "垂直タブ", 0x0C: "改ページ", 0x0D: "復帰（CR）",
                  0x1B: "エスケープ", 0x7F: "削除文字（DEL）", 0x85: "次行（NEL）", 0x2028: "行区切り",
                  0x2029: "段落区切り"}
# "title：計画" (full-width colon) and indentation with tabs or full-width spaces.
_FULLWIDTH_COLON_RE = re.compile(r"^[ \t\u3000]*-?[ \t\u3000]*[A-Za-z_][A-Za-z0-9_-]*[ \t\u3000]*：")
_INDENT_RE = re.compile(r"^([ \t\u3000]*)(?:-[ \t]|[A-Za-z_][A-Za-z0-9_-]*[ \t\u3000]*[:：])")


def char_label(ch: str) -> str:
    """「U+000B（垂直タブ）」: an invisible character made visible in a message."""
    return f"U+{ord(ch):04X}（{_CONTROL_NAMES.get(ord(ch), '制御文字')}）"


def control_problem(path: str, line: int, text: str, where: str = "") -> Problem | None:
    """A problem for the first invisible control character in `text`, if any."""
    m = _CONTROL_RE.search(text)
    if m is None:
        return None
    return Problem(path, line, "control-character",
                   f"{where}見えない制御文字 {char_label(m.group())}が入っています。Word などから貼り付けたときに"
                   "紛れ込みます。その文字を消して（行を打ち直して）ください。")


@dataclass
class Source:
    path: str  # for messages, relative to the project root
    meta: dict = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)  # key -> 1-based line in the file
    body: str = ""
    body_line: int = 1  # 1-based line of the first body line
    has_front_matter: bool = False
    readable: bool = True  # False when the YAML could not be parsed: report that, not its consequences


def decode(path: str, raw: bytes) -> tuple[str, list[Problem]]:
    """UTF-8 text of a file (a BOM accepted, CRLF made LF). When it is not UTF-8, the problem,
    and a lossy text for what needs only its ASCII (heading ids, so links to it still resolve)."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        try:
            raw.decode("cp932")
            guess = "このファイルは Shift_JIS（CP932）で保存されているようです。"
        except UnicodeDecodeError:
            guess = "このファイルには、UTF-8 として読めない文字（壊れた文字）が入っています。"
        lossy = raw.decode("utf-8", errors="replace").replace("\r\n", "\n")
        return lossy, [Problem(path, line, "encoding",
                              f"{guess}ファイルは文字コード UTF-8 で保存してください"
                              "（メモ帳なら「名前を付けて保存」で文字コードに UTF-8 を選びます）。")]
    return text.replace("\r\n", "\n"), []


def read_text(path: Path, shown: str, limit: int) -> tuple[str | None, list[Problem]]:
    """A file's text and problems as `decode` gives them; None (with a problem) if too large or unreadable."""
    try:
        size = path.stat().st_size
        if size > limit:
            return None, [Problem(shown, 0, "too-large",
                                  f"ファイルが大きすぎます（{size:,} バイト、上限 {limit:,} バイト）。"
                                  "ファイルを分けてください。")]
        raw = path.read_bytes()
    except OSError as exc:
        return None, [Problem(shown, 0, "unreadable-file",
                              f"ファイルを読み込めません（{exc.strerror or exc}）。ファイルの置き場所と権限を確認してください。")]
    return decode(shown, raw)


class _Refused(yaml.MarkedYAMLError):
    """YAML that kohyo refuses before building any data from it; `code` is the problem code."""

    def __init__(self, code: str, message: str, mark):
        super().__init__(problem=message, problem_mark=mark)
        self.code = code


class _Loader(yaml.SafeLoader):
    """Safe YAML without anchors and aliases (an alias bomb expands to billions of values) and
    without explicit tags (!!binary, !!set: types no field takes), limited in depth; an impossible date (2026-02-30) stays text for the validator to report;
    a value that cannot be built (`!!int abc`) is a YAML error with its line."""

    def __init__(self, stream):
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused("yaml-alias", "anchor", event.start_mark)
        if getattr(event, "tag", None) is not None:  # !!binary, !!set, !!python/...: never needed
            raise _Refused("yaml-syntax", "tag", event.start_mark)
        if self._depth >= MAX_DEPTH:
            raise _Refused("too-large", "depth", event.start_mark)
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, AttributeError, ArithmeticError, LookupError) as exc:
            raise ConstructorError(None, None, f"{node.tag} の値を読み取れません（{exc}）", node.start_mark)

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, AttributeError):
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def _compose_and_construct(text: str):
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def load_yaml(text: str):
    """Parse YAML text as kohyo reads every YAML file; returns (node tree, data). Raises YAMLError."""
    return _compose_and_construct(text)


def _scalars(node):
    """Every scalar node of a composed tree (a tree: aliases are refused before)."""
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, yaml.ScalarNode):
            yield n
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(n.value)
        elif isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                stack += [k, v]


def _line_problems(path: str, text: str, first_line: int) -> list[Problem]:
    """What an editor can get wrong on a line that YAML would report in English, or not at all."""
    problems = []
    for i, line in enumerate(text.split("\n")):
        at = first_line + i
        found = control_problem(path, at, line)
        if found is not None:
            problems.append(found)
        elif _FULLWIDTH_COLON_RE.match(line):
            problems.append(Problem(path, at, "yaml-syntax",
                                    "項目名の後ろのコロンが全角コロン「：」になっています。半角のコロン「:」と"
                                    "半角スペースにしてください（例: title: 計画の基本的事項）。"))
        elif (m := _INDENT_RE.match(line)) and ("\t" in m.group(1) or "\u3000" in m.group(1)):
            kind = "タブ" if "\t" in m.group(1) else "全角スペース"
            problems.append(Problem(path, at, "yaml-syntax",
                                    f"行の先頭の字下げに{kind}が使われています。字下げは半角スペースにしてください。"))
    return problems


def parse_yaml(path: str, text: str, first_line: int = 1, limit: int = MAX_DATA_BYTES,
               last_line: int | None = None) -> tuple[object, object, list[Problem]]:
    """(node tree, data, problems) of YAML text whose first line is line `first_line` of `path`;
    `last_line` is where an unexpected end is reported (front matter: its closing fence).
    With problems, node and data are None: report the problem, not its consequences."""
    if len(text) > limit:
        return None, None, [Problem(path, first_line, "too-large",
                                    f"設定（YAML）が大きすぎます（{len(text):,} 文字、上限 {limit:,} 文字）。")]
    problems = _line_problems(path, text, first_line)
    if problems:
        return None, None, problems
    try:
        node, data = _compose_and_construct(text)
    except _Refused as exc:
        line = first_line + exc.problem_mark.line
        if exc.code == "yaml-alias":
            message = ("YAML のアンカー（&名前）やエイリアス（*名前）は使えません。同じ値でも、"
                       "それぞれの場所にそのまま書いてください。")
        elif exc.problem == "tag":
            message = ("YAML のタグ（「!」で始まる型の指定。!!int など）は使えません。値だけを書いてください"
                       "（文字として扱いたいときは \"\" で囲みます）。")
        else:
            message = f"入れ子（字下げや [ ] {{ }} の重なり）が深すぎます（{MAX_DEPTH} 段まで）。"
        return None, None, [Problem(path, line, exc.code, message)]
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        if mark is not None:
            line = first_line + mark.line
        elif isinstance(getattr(exc, "position", None), int):  # a ReaderError
            line = first_line + text.count("\n", 0, exc.position)
        else:
            line = first_line
        # "found end of stream" points past the last line: name the last line instead.
        line = min(line, last_line or first_line + text.rstrip("\n").count("\n"))
        detail = getattr(exc, "problem", None) or getattr(exc, "reason", None) or exc
        if "'\\t'" in str(detail):  # PyYAML ends an unquoted value at a tab (pasted from Excel)
            return None, None, [Problem(path, line, "yaml-syntax",
                                        "タブ文字が入っています。タブを半角スペースに置き換えるか、値全体を \"\" で"
                                        "囲んでください。")]
        return None, None, [Problem(path, line, "yaml-syntax",
                                    "YAML の書き方が正しくありません。「項目名: 値」の形か、"
                                    f"字下げ・コロン・引用符の対応を確認してください。（詳細: {detail}）")]
    # Escapes in double quotes ("\v", "\0") make control characters the lines did not show.
    for scalar in _scalars(node) if node is not None else ():
        found = control_problem(path, first_line + scalar.start_mark.line, scalar.value)
        if found is not None:
            problems.append(found)
    if problems:
        return None, None, sorted(set(problems))
    return node, data, []


def read_yaml_file(path: Path, shown: str) -> tuple[object, object, list[Problem]]:
    """(node tree, data, problems) of a YAML data file, as every _data file is read."""
    text, problems = read_text(path, shown, MAX_DATA_BYTES)
    if problems:
        return None, None, problems
    return parse_yaml(shown, text)


def _is_fence(line: str) -> bool:
    return line.rstrip() == "---"


def parse(path: str, text: str) -> tuple[Source, list[Problem]]:
    """Parse `text` (the content of `path`). Problems carry lines in the file."""
    if text.startswith("\ufeff"):  # a BOM that survived decoding (text handed in directly)
        text = text[1:]
    src = Source(path=path, body=text)
    # Lines end at "\n" only: str.splitlines() also splits at U+000B and U+2028, which would
    # shift every line number after a pasted control character.
    lines = text.split("\n")
    lines = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    if not lines or not _is_fence(lines[0]):
        return src, [Problem(path, 1, "no-front-matter",
                             "ページの先頭に front matter がありません。1行目を「---」にして、"
                             "title などの設定を書き、「---」の行で閉じてください。")]
    end = next((i for i in range(1, len(lines)) if _is_fence(lines[i]) or lines[i].rstrip() == "..."), None)
    if end is None:
        return src, [Problem(path, 1, "yaml-syntax",
                             "front matter が閉じられていません。設定の後に「---」だけの行を書いてください。")]
    src.has_front_matter = True
    src.body = "".join(lines[end + 1:])
    src.body_line = end + 2
    yaml_text = "".join(lines[1:end])
    node, data, problems = parse_yaml(path, yaml_text, first_line=2, limit=MAX_FRONT_MATTER_CHARS,
                                      last_line=end + 1)
    if problems:
        src.readable = False
        return src, problems
    if data is None:
        return src, []
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        src.readable = False
        return src, [Problem(path, 2, "yaml-syntax",
                             "front matter は「項目名: 値」を1行ずつ並べて書きます。")]
    for key_node, _ in node.value:
        key, line = str(key_node.value), key_node.start_mark.line + 2
        if key in src.key_lines:
            problems.append(Problem(path, line, "yaml-syntax",
                                    f"項目「{key}」が2回書かれています（{src.key_lines[key]}行目にもあります）。1つにしてください。"))
        else:
            src.key_lines[key] = line
    src.meta = {str(k): v for k, v in data.items()}
    return src, problems

"""Split a Markdown file into front matter and body, keeping the line of every key."""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from ..problems import Problem


@dataclass
class Source:
    path: str  # for messages, relative to the project root
    meta: dict = field(default_factory=dict)
    key_lines: dict[str, int] = field(default_factory=dict)  # key -> 1-based line in the file
    body: str = ""
    body_line: int = 1  # 1-based line of the first body line
    has_front_matter: bool = False
    readable: bool = True  # False when the YAML could not be parsed: report that, not its consequences


class _Loader(yaml.SafeLoader):
    """Safe YAML, except that an impossible date (2026-02-30) stays text for the validator to report."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            return self.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def load_yaml(text: str):
    """Parse YAML text as kohyo reads every YAML file; returns (node tree, data)."""
    return yaml.compose(text, Loader=_Loader), yaml.load(text, Loader=_Loader)


def _is_fence(line: str) -> bool:
    return line.rstrip() == "---"


def parse(path: str, text: str) -> tuple[Source, list[Problem]]:
    """Parse `text` (the content of `path`). Problems carry lines in the file."""
    src = Source(path=path, body=text)
    lines = text.splitlines(keepends=True)
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
    try:
        node, data = load_yaml(yaml_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        src.readable = False
        return src, [Problem(path, line, "yaml-syntax",
                             "YAML の書き方が正しくありません。「項目名: 値」の形か、"
                             "字下げ・コロン・引用符の対応を確認してください。"
                             f"（詳細: {getattr(exc, 'problem', None) or exc}）")]
    if data is None:
        return src, []
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        src.readable = False
        return src, [Problem(path, 2, "yaml-syntax",
                             "front matter は「項目名: 値」を1行ずつ並べて書きます。")]
    problems = []
    for key_node, _ in node.value:
        key, line = key_node.value, key_node.start_mark.line + 2
        if key in src.key_lines:
            problems.append(Problem(path, line, "yaml-syntax",
                                    f"項目「{key}」が2回書かれています（{src.key_lines[key]}行目にもあります）。1つにしてください。"))
        else:
            src.key_lines[key] = line
    src.meta = {str(k): v for k, v in data.items()}
    return src, problems

"""The one raw-HTML policy: what HTML a page may hold once its Markdown is rendered.

Every output is made from the rendered page (principle 1), so HTML that runs a script or
fetches a file would run on the site and be fetched into the PDF and the Word file. The
policy is an allow-list: the elements and attributes Markdown itself writes (footnotes,
permalinks, tables, captions, details, attr_list classes and ids), plus a few harmless ones
an editor may write by hand (EDITOR_HTML, printed in the editor guide). Anything else is
refused, so a tag nobody thought of (`<video poster>`, `<input type=image>`) is refused too.

The page is parsed the way browsers and WeasyPrint parse it (tinyhtml5, the WHATWG algorithm
WeasyPrint uses), not with a lenient parser that could read `<!--><img onerror=…>` as a comment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from io import StringIO

# Harmless HTML an editor may write by hand: element -> (its own attributes, what it is for).
# The editor guide prints this table; GLOBAL_ATTRIBUTES apply to every element.
EDITOR_HTML: dict[str, tuple[tuple[str, ...], str]] = {
    "table": ((), "セルを結合した表（thead・tbody・tr・th・td・caption と組み合わせる）"),
    "th": (("colspan", "rowspan", "scope"), "表の見出しセル（colspan・rowspan で結合）"),
    "td": (("colspan", "rowspan"), "表のセル（colspan・rowspan で結合）"),
    "details": (("open",), "折りたたみ（summary と組み合わせる）"),
    "summary": ((), "折りたたみの見出し"),
    "div": ((), "まとまり（markdown 属性で中に Markdown を書ける）"),
    "span": ((), "文字の一部（class を付ける）"),
    "br": ((), "段落の中の改行（表のセルの中など）"),
    "sup": ((), "上付き文字（m<sup>2</sup>）"),
    "sub": ((), "下付き文字（CO<sub>2</sub>）"),
    "small": ((), "小さな文字（注記など）"),
    "mark": ((), "強調の印"),
    "ruby": ((), "ふりがな（rt・rp と組み合わせる）"),
    "rt": ((), "ふりがなの読み"),
    "rp": ((), "ふりがなを表示できないときの括弧"),
    "kbd": ((), "キーボードのキー"),
    "abbr": ((), "略語（title に正式名称）"),
    "figure": ((), "図のまとまり"),
    "figcaption": ((), "図の表題"),
    "img": (("src", "alt", "width", "height"), "画像（src はページのフォルダにあるファイル、alt は必須）"),
    "a": (("href", "target", "rel"), "リンク（https://・相対パス・mailto:・tel: だけ）"),
}
# Elements Markdown writes itself (and that mean the same when written by hand).
MARKDOWN_HTML: dict[str, tuple[str, ...]] = {
    **{tag: () for tag in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "li", "dl", "dt", "dd", "blockquote",
                           "pre", "code", "em", "strong", "b", "i", "hr", "thead", "tbody", "tfoot", "tr",
                           "caption", "del", "ins", "s", "u", "q", "cite", "dfn", "var", "samp", "wbr")},
    "ol": ("start", "type", "reversed"),
    "th": ("align",), "td": ("align",),
    "a": ("title",), "img": ("title",),
    "time": ("datetime",),
}
GLOBAL_ATTRIBUTES = ("id", "class", "title", "lang", "dir", "style", "role", "markdown")

# Elements refused with a reason an editor understands (others: "not in the list").
_DANGEROUS = {
    **dict.fromkeys(("script", "noscript", "template"), "スクリプト（プログラム）を動かす"),
    **dict.fromkeys(("style", "link", "meta", "base"), "ページの外のファイルを読み込んだり、ページの設定を変えたりできる"),
    **dict.fromkeys(("iframe", "frame", "frameset", "object", "embed", "applet", "portal"),
                    "ほかのページやファイルを埋め込む"),
    **dict.fromkeys(("form", "input", "button", "select", "textarea"), "入力欄や送信ボタンを作る"),
    **dict.fromkeys(("svg", "math"), "スクリプトやファイルの読み込みを含められる"),
    **dict.fromkeys(("video", "audio", "source", "track", "picture"), "ページの外のファイルを読み込む"),
}
# Attributes that hold a URL somewhere; each is checked, whatever the element.
_URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "data", "cite", "background",
                   "xlink:href", "longdesc", "usemap", "ping", "manifest", "codebase", "lowsrc", "dynsrc", "icon"}
_LINK_SCHEMES = {"http", "https", "mailto", "tel"}
_SAFE_REL = {"noopener", "noreferrer", "nofollow", "external", "license", "author", "help", "tag", "bookmark"}
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")
# CSS that fetches (url(), image-set(), @import) or hides it behind escapes and old IE hooks.
_CSS_FETCH = re.compile(r"url\s*\(|image(-set)?\s*\(|cross-fade\s*\(|element\s*\(|@import|\\|expression\s*\(|"
                        r"behavior\s*:|-moz-binding", re.I)


@dataclass(frozen=True)
class Finding:
    needles: tuple[str, ...]  # text to look for in the Markdown source, to give the line
    message: str  # Japanese, for editors


def _allowed_attributes(tag: str) -> set[str]:
    return set(GLOBAL_ATTRIBUTES) | set(EDITOR_HTML.get(tag, ((), ""))[0]) | set(MARKDOWN_HTML.get(tag, ()))


def _scheme(url: str) -> str | None:
    """The URL's scheme as a browser reads it: control characters and spaces inside are
    ignored (`java\tscript:` is `javascript:`)."""
    match = _SCHEME.match(re.sub(r"[\x00-\x20\x7f]+", "", url).lower())
    return match.group(1) if match else None


def _url_problem(tag: str, attr: str, value: str) -> str | None:
    scheme = _scheme(value)
    if tag == "img" and attr == "src":
        if scheme is None or (scheme == "data" and re.sub(r"\s+", "", value).lower().startswith("data:image/")):
            return None
        return (f"画像「{value[:60]}」は読み込めません。画像はページのフォルダに置き、"
                "![説明](images/図.png) のように相対パスで指定してください。")
    if scheme is None or (attr == "href" and tag == "a" and scheme in _LINK_SCHEMES) or \
            (attr == "cite" and scheme in ("http", "https")):
        return None
    return (f"<{tag}> の {attr}「{value[:60]}」は使えません（{scheme}: は、スクリプトを動かしたり、"
            "公開してはいけないファイルを読み込んだりできます）。リンク先は https://…、"
            "ページへの相対パス、mailto:、tel: で書いてください。")


def findings(html: str) -> list[Finding]:
    """What in the rendered page `html` breaks the policy, in document order."""
    from tinyhtml5.parser import HTMLParser

    root = HTMLParser(namespace_html_elements=False).parse_fragment(StringIO(html), container="div")
    found: list[Finding] = []
    for el in root:
        _walk(el, found)
    return found


def _walk(el, found: list[Finding]) -> None:
    if not isinstance(el.tag, str):
        return  # a comment: never rendered, and the parser has already decided where it ends
    tag = el.tag.rsplit("}", 1)[-1].lower()  # svg and math elements come namespaced
    if tag in _DANGEROUS or (tag not in EDITOR_HTML and tag not in MARKDOWN_HTML):
        why = _DANGEROUS.get(tag)
        found.append(Finding((f"<{tag}",), (
            f"HTML の <{tag}> は、{why}ため使えません。" if why else f"HTML の <{tag}> は使えません。")
            + "使える HTML は「Markdown の書き方」の「使える HTML」の表を見てください。"))
        return  # one problem for the element, none for what is inside it
    allowed = _allowed_attributes(tag)
    for name, value in el.attrib.items():
        attr = name.rsplit("}", 1)[-1].lower()
        if attr.startswith("on"):
            found.append(Finding((f"{attr}=", attr, f"<{tag}"), (
                f"<{tag}> の {attr} 属性は、スクリプトを動かすため使えません"
                "（{ } で付ける属性も同じです）。削除してください。")))
        elif attr not in allowed and not attr.startswith("aria-"):
            found.append(Finding((f"{attr}=", attr, f"<{tag}"), (
                f"<{tag}> に {attr} 属性は使えません（{{ }} で付ける属性も同じです）。"
                "使える HTML は「Markdown の書き方」の「使える HTML」の表を見てください。")))
        elif attr in _URL_ATTRIBUTES and (problem := _url_problem(tag, attr, value)):
            found.append(Finding((value, f"{attr}=", f"<{tag}"), problem))
        elif attr == "style" and _CSS_FETCH.search(value):
            found.append(Finding((value, "style=", f"<{tag}"), (
                f"<{tag}> の style 属性に「url(」のようなファイルの読み込みがあります。"
                "見た目は class で指定し、画像は ![説明](images/図.png) で入れてください。")))
        elif attr == "rel" and not set(value.lower().split()) <= _SAFE_REL:
            found.append(Finding(("rel=", value), (
                f"<{tag}> の rel「{value}」は使えません（attachment などはファイルを PDF に"
                "埋め込みます）。rel を削除してください。")))
    for child in el:
        _walk(child, found)


def guide_markdown() -> list[str]:
    """The allow-list as a Markdown table, for the editor guide."""
    out = ["| HTML | 使える属性 | 使いみち |", "|---|---|---|"]
    for tag, (attrs, doc) in EDITOR_HTML.items():
        names = " ".join(f"`{a}`" for a in attrs) or "－"
        out.append(f"| `<{tag}>` | {names} | {doc.replace('|', chr(92) + '|')} |")
    common = "、".join(f"`{a}`" for a in GLOBAL_ATTRIBUTES if a != "style")
    return out + ["", f"どの HTML にも {common} を付けられます（`{{ }}` で付ける属性も同じ決まりです）。", ""]

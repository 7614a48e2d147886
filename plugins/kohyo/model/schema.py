"""The front matter schema: the one table that drives validation, the editor guide and the
template of each page, gathered from the features that own the fields and page types.

A feature declares its page types (name, Japanese label, guide text, fields, template) and the
fields only it uses in its own module (FIELDS and PAGE_TYPES, see kohyo.model.declare); a page
type is named there and nowhere else. Fields several features share live here. Adding a page
type: declare it in the feature, and add the feature to _FEATURES if it is new.
"""

from __future__ import annotations

from .. import meetings_schema, qa
from ..center import schema as center
from ..consultations import schema as consultations
from . import publication_schema as publication
from .declare import Field, PageType

# Fields of more than one feature: every page's, and the events' (seminars and meetings).
_SHARED_FIELDS = (
    Field("title", "text", "タイトル",
          "ページの題名です。ページの大見出し・ナビゲーション・ブラウザのタブに使われます。"
          "章のページでは「第1章」を書きません（自動で付きます）。",
          "計画の基本的事項"),
    Field("short_title", "text", "短いタイトル",
          "メニューのタブや PDF の柱（ページ上部）に使う短い題名です。書かなければ title を使います。",
          "気候変動対策行動計画（改定素案）"),
    Field("description", "text", "説明",
          "ページの内容を一文で説明します。検索結果やリンクの説明に使われます。",
          "札幌市の気候変動対策の改定素案です。"),
    Field("published", "date", "公表日", "公表した日です。YYYY-MM-DD の形で書きます。", "2026-11-16"),
    Field("updated", "date", "更新日",
          "最後に内容を更新した日です。ページ下部の「更新日」に表示されます。"
          "公表物の章では省略でき、省略すると公表物の更新日（なければ公表日）になります。",
          "2026-11-16"),
    Field("department", "department", "所管課",
          "問い合わせ先となる課のキーです。content/_data/departments.yml の一覧から選びます。"
          "公表物の章では省略でき、省略すると公表物の所管課になります。",
          "climate-policy"),
    Field("keywords", "text-list", "キーワード", "検索や PDF の文書情報に使う語の一覧です。",
          "[気候変動, ゼロカーボン]"),
    Field("order", "integer", "並び順",
          "ナビゲーションでの並び順です。小さい数ほど前に並びます。書かなければファイル名の順です。", "10"),
    Field("hide", "choice-list", "非表示にする部品",
          "ページの左右のメニューなどを隠します。", "[toc]", ("navigation", "toc", "footer")),
    Field("date", "date", "開催日", "セミナー・相談会・会議を開く日です。", "2026-12-03"),
    Field("time", "time-range", "開催時間",
          "始まりと終わりの時刻を 24時間制で書き、必ず \"\" で囲みます。", '"14:00-16:00"'),
    Field("venue", "text", "会場", "会場の名前です。開催方法が会場を含むときは必須です。",
          "札幌働き方改革推進支援センター 相談室"),
    Field("materials", "link-list", "資料",
          "配布資料の一覧です。title（名前）と url（このファイルからの相対パスか https:// のアドレス）を書きます。",
          "[{title: 当日の資料（PDF：850KB）, url: files/1203-shiryo.pdf}]"),
)

# The ordinary page: any page that no feature's page type claims.
_PAGE = (
    PageType("page", "通常のページ",
             "上のどれにも当たらないページ（センターのページ、編集ガイドなど）。",
             ("title", "updated", "department"), ("short_title", "description", "order", "hide"),
             general=True,
             new_title="新しいページ"),
)

# The features in the order of the editor guide (the ordinary pages, `general`, go last).
_FEATURES = (publication, consultations, center, qa, meetings_schema)


def _gather() -> tuple[dict[str, Field], dict[str, PageType]]:
    fields: dict[str, Field] = {}
    types: dict[str, PageType] = {}
    for owner, declared_fields, declared_types in [(f.__name__, f.FIELDS, f.PAGE_TYPES) for f in _FEATURES] + \
            [("kohyo.model.schema", _SHARED_FIELDS, _PAGE)]:
        for f in declared_fields:
            if f.name in fields or f.name == "type":
                raise ValueError(f"{owner}: field {f.name!r} is declared twice")
            fields[f.name] = f
        for t in declared_types:
            if t.name in types:
                raise ValueError(f"{owner}: page type {t.name!r} is declared twice")
            types[t.name] = t
    # The special pages first, then the ordinary ones (a chapter, any other page).
    types = dict(sorted(types.items(), key=lambda item: item[1].general))
    fields = {"type": Field("type", "choice", "ページの種類",
                            "特別な種類のページで書きます。書かなければ通常のページ（公表物のフォルダの中では章）になります。",
                            "publication", tuple(t.name for t in types.values() if t.declared)), **fields}
    for t in types.values():
        unknown = [name for name in t.fields if name not in fields]
        if unknown or (t.items and t.items not in types):
            raise ValueError(f"page type {t.name!r} names undeclared fields or items: {unknown or t.items}")
    return fields, types


FIELDS, PAGE_TYPES = _gather()
# List page type -> the page type of the other files of its folder.
COLLECTIONS: dict[str, str] = {t.name: t.items for t in PAGE_TYPES.values() if t.items}
# Page type -> its theme template (page types not listed use Material's).
TEMPLATES: dict[str, str] = {t.name: t.template for t in PAGE_TYPES.values() if t.template}

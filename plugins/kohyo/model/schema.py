"""The front matter schema: one table that drives validation and the editor guide.

Later features add page types and fields here; nothing else lists fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field

STATUSES = ("骨子", "素案", "案", "確定")
CONSULTATION_STATUSES = ("予告", "募集中", "検討中", "結果公表", "中止")
CHANNELS = ("郵送", "持参", "FAX", "電子メール", "ウェブフォーム")
DRAFT_STATUSES = ("骨子", "素案", "案")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text | date | integer | boolean | text-list | choice | choice-list | department
    label: str  # short Japanese name
    doc: str  # Japanese explanation for the editor guide
    example: str  # as written in YAML
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageType:
    name: str
    label: str
    doc: str  # where such pages live and what they are
    required: tuple[str, ...]
    optional: tuple[str, ...] = field(default=())

    @property
    def fields(self) -> tuple[str, ...]:
        return self.required + self.optional


FIELDS: dict[str, Field] = {
    f.name: f
    for f in (
        Field("type", "choice", "ページの種類",
              "特別な種類のページで書きます。書かなければ通常のページ（公表物のフォルダの中では章）になります。",
              "publication", ("portal", "publication", "consultation", "consultation-list")),
        Field("title", "text", "タイトル",
              "ページの題名です。ページの大見出し・ナビゲーション・ブラウザのタブに使われます。"
              "章のページでは「第1章」を書きません（自動で付きます）。",
              "計画の基本的事項"),
        Field("short_title", "text", "短いタイトル",
              "メニューのタブや PDF の柱（ページ上部）に使う短い題名です。書かなければ title を使います。",
              "気候変動対策行動計画（改定素案）"),
        Field("subtitle", "text", "副題", "表紙や公表物のページに題名と並べて表示します。",
              "2050年ゼロカーボン都市の実現に向けて"),
        Field("description", "text", "説明",
              "ページの内容を一文で説明します。検索結果やリンクの説明に使われます。",
              "札幌市の気候変動対策の改定素案です。"),
        Field("status", "choice", "段階",
              "計画の段階です。確定以外は、サイトと PDF に「素案」などの表示が目立つ形で付きます。",
              "素案", STATUSES),
        Field("consultation_status", "choice", "募集の状況",
              "意見募集の進み具合です。ページの表示がこれに合わせて変わります。結果公表にするには "
              "kohyo consult publish を使います（未確定の意見があると止まります）。",
              "募集中", CONSULTATION_STATUSES),
        Field("targets", "text-list", "対象の公表物",
              "意見を募集する公表物のフォルダ名の一覧です（素案と概要版など）。", "[ict-strategy, ict-strategy-summary]"),
        Field("start", "date", "募集開始日", "意見募集の初日です。", "2024-12-16"),
        Field("end", "date", "募集締切日", "意見募集の最終日です。", "2025-01-17"),
        Field("deadline_rule", "choice", "締切の扱い", "郵送の締切を「必着」とするか「消印有効」とするかです。",
              "必着", ("必着", "消印有効")),
        Field("channels", "choice-list", "受付方法", "意見を受け付ける方法の一覧です。",
              "[郵送, 持参, FAX, 電子メール, ウェブフォーム]", CHANNELS),
        Field("form_url", "text", "意見募集フォームの URL",
              "ウェブフォームで受け付けるときの、フォームのアドレスです。", "https://www.city.sapporo.jp/form/ict-pubcom"),
        Field("publicity", "text-list", "周知方法", "意見募集を知らせた方法の一覧です（結果に載ります）。",
              "[広報さっぽろ12月号, 市ホームページ]"),
        Field("results_date", "date", "結果公表日", "結果を公表した日です。kohyo consult publish が書き込みます。",
              "2025-03-27"),
        Field("categories", "text-list", "反映区分",
              "市の考え方の区分の一覧です。書かなければ既定の区分（修正／既に盛り込み済み／今後の参考／原案どおり／"
              "その他・質問）を使います。", "[修正, 既に盛り込み済み, 今後の参考, 原案どおり, その他・質問]"),
        Field("version", "text", "版",
              "版の番号です。数字だけでも必ず \"\" で囲みます。", '"1.0"'),
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
        Field("numbered", "boolean", "章番号",
              "false にすると章番号（第N章）を付けません。資料編や用語集で使います。", "false"),
        Field("order", "integer", "並び順",
              "ナビゲーションでの並び順です。小さい数ほど前に並びます。書かなければファイル名の順です。", "10"),
        Field("pdf", "boolean", "PDF を作る",
              "false にすると、この公表物の PDF を作りません。", "true"),
        Field("paper", "choice", "用紙", "PDF の用紙の大きさです。", "A4", ("A4", "A3", "B5", "B4")),
        Field("orientation", "choice", "用紙の向き", "portrait（縦）か landscape（横）です。", "portrait",
              ("portrait", "landscape")),
        Field("columns", "integer", "段組み", "本文の段数です（1〜3）。概要版を A3 横の2段組みにするときなどに使います。", "2"),
        Field("duplex", "boolean", "両面印刷",
              "true にすると、各章が右ページ（奇数ページ）から始まるように白紙を入れます。", "true"),
        Field("watermark", "boolean", "透かし",
              "素案などの段階の文字を PDF の各ページに薄く入れます。段階が確定以外のとき、既定で入ります。", "false"),
        Field("print_pdf", "boolean", "印刷用 PDF",
              "false にすると、印刷会社向けの PDF（トンボ・塗り足し付き）を作りません。", "false"),
        Field("word", "boolean", "Word 版",
              "true にすると、編集用の Word ファイル（.docx）も作り、公表物のページからダウンロードできるようにします。",
              "true"),
        Field("print_standard", "choice", "印刷用 PDF の規格", "印刷会社の指定に合わせて選びます。",
              "PDF/X-4", ("PDF/X-4", "PDF/X-1a")),
        Field("hide", "choice-list", "非表示にする部品",
              "ページの左右のメニューなどを隠します。", "[toc]", ("navigation", "toc", "footer")),
    )
}

PAGE_TYPES: dict[str, PageType] = {
    t.name: t
    for t in (
        PageType("portal", "トップページ",
                 "サイトの入口（content/index.md）。公表物の一覧を自動で表示します。",
                 ("type", "title", "updated", "department"), ("description", "hide")),
        PageType("publication", "公表物の表紙ページ",
                 "公表物（計画・戦略・概要版など）のフォルダの index.md。本文には文書の概要を書きます。"
                 "同じフォルダの他の .md ファイルが、ファイル名の順に章になります。",
                 ("type", "title", "status", "published", "department"),
                 ("short_title", "subtitle", "version", "updated", "keywords", "description", "order",
                  "pdf", "paper", "orientation", "columns", "duplex", "watermark", "print_pdf", "print_standard",
                  "word", "hide")),
        PageType("consultation", "意見募集（パブリックコメント）のページ",
                 "content/consultations/ の下の、意見募集ごとのフォルダの index.md。本文には意見募集の趣旨を書きます。"
                 "同じフォルダの opinions.yml（意見の記録）と changes.yml（修正箇所）から結果のページが作られます。",
                 ("type", "title", "consultation_status", "targets", "start", "end", "published", "department"),
                 ("short_title", "deadline_rule", "channels", "form_url", "publicity", "results_date", "categories",
                  "updated", "description", "order", "hide")),
        PageType("consultation-list", "意見募集の一覧ページ",
                 "content/consultations/index.md。意見募集を状況（募集中・結果公表など）ごとに自動で一覧にします。",
                 ("type", "title", "updated", "department"), ("short_title", "description", "order", "hide")),
        PageType("chapter", "公表物の章",
                 "公表物のフォルダの index.md 以外のファイル。ファイル名の先頭の番号（01-、02- …）の順に並びます。",
                 ("title",), ("numbered", "updated", "department", "description", "hide")),
        PageType("page", "通常のページ",
                 "上のどれにも当たらないページ（センターのページ、編集ガイドなど）。",
                 ("title", "updated", "department"), ("short_title", "description", "order", "hide")),
    )
}

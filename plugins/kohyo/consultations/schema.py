"""The consultations' page types and fields (意見募集・パブリックコメント)."""

from __future__ import annotations

from ..model.declare import Field, PageType

CONSULTATION_STATUSES = ("予告", "募集中", "検討中", "結果公表", "中止")
CHANNELS = ("郵送", "持参", "FAX", "電子メール", "ウェブフォーム")

FIELDS = (
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
    Field("form_url", "url", "意見募集フォームの URL",
          "ウェブフォームで受け付けるときの、フォームのアドレスです。", "https://www.city.sapporo.jp/form/ict-pubcom"),
    Field("publicity", "text-list", "周知方法", "意見募集を知らせた方法の一覧です（結果に載ります）。",
          "[広報さっぽろ12月号, 市ホームページ]"),
    Field("results_date", "date", "結果公表日", "結果を公表した日です。kohyo consult publish が書き込みます。",
          "2025-03-27"),
    Field("categories", "text-list", "反映区分",
          "市の考え方の区分の一覧です。書かなければ既定の区分（修正／既に盛り込み済み／今後の参考／原案どおり／"
          "その他・質問）を使います。", "[修正, 既に盛り込み済み, 今後の参考, 原案どおり, その他・質問]"),
)

PAGE_TYPES = (
    PageType("consultation", "意見募集（パブリックコメント）のページ",
             "content/consultations/ の下の、意見募集ごとのフォルダの index.md。本文には意見募集の趣旨を書きます。"
             "同じフォルダの opinions.yml（意見の記録）と changes.yml（修正箇所）から結果のページが作られます。",
             ("type", "title", "consultation_status", "targets", "start", "end", "published", "department"),
             ("short_title", "deadline_rule", "channels", "form_url", "publicity", "results_date", "categories",
              "updated", "description", "order", "hide"),
             template="consultation.html"),
    PageType("consultation-list", "意見募集の一覧ページ",
             "content/consultations/index.md。意見募集を状況（募集中・結果公表など）ごとに自動で一覧にします。",
             ("type", "title", "updated", "department"), ("short_title", "description", "order", "hide"),
             template="consultations.html"),
)

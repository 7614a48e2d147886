"""The support center's page types and fields (働き方改革推進支援センター): the center's own
pages, and its collections of seminars, experts, news and cases."""

from __future__ import annotations

from ..model.declare import Field, PageType

# Shared vocabularies of its collections.
EXPERT_ROLES = ("センター長", "窓口相談の専門家", "訪問コンサルティングの専門家")
THEMES = ("労働時間・36協定", "年次有給休暇", "賃金制度・賃金引上げ", "同一労働同一賃金", "就業規則・労務管理",
          "人材確保・定着", "助成金の活用", "両立支援・ハラスメント防止", "生産性向上・業務改善", "テレワーク・多様な働き方")
NEWS_CATEGORIES = ("センターから", "セミナー・相談会", "助成金・支援策", "法令・制度", "広報・PR")
INDUSTRIES = ("建設業", "製造業", "運輸業・郵便業", "卸売業・小売業", "宿泊業・飲食サービス業", "医療・福祉",
              "情報通信業", "サービス業（他に分類されないもの）", "その他の業種")
COMPANY_SIZES = ("1～9人", "10～29人", "30～99人", "100～299人", "300人以上")
SEMINAR_FORMATS = ("会場", "オンライン", "会場・オンライン")

FIELDS = (
    Field("format", "choice", "開催方法", "会場に集まるか、オンラインか、その両方かです。", "会場",
          SEMINAR_FORMATS),
    Field("venue_address", "text", "会場の所在地", "会場の郵便番号と住所です。",
          "〒060-0001 札幌市中央区北1条西7丁目 プレスト1・7ビル5階"),
    Field("capacity", "integer", "定員", "参加できる人数です（人）。", "30"),
    Field("fee", "integer", "参加費", "参加費（円）です。書かないか 0 にすると「無料」と表示します。", "0"),
    Field("audience", "text", "対象", "参加していただきたい方です。", "中小企業の事業主、人事労務担当者"),
    Field("speaker", "text", "講師", "講師の名前と肩書きです。", "社会保険労務士　南川 陽子（センター専門家）"),
    Field("apply_start", "date", "申込開始日", "申込みを受け付け始める日です。この日から「受付中」になります。",
          "2026-11-02"),
    Field("apply_deadline", "date", "申込締切日",
          "申込みを受け付ける最後の日です。この日を過ぎると「開催予定（受付終了）」になります。", "2026-11-30"),
    Field("apply_url", "url", "申込フォームの URL",
          "このセミナー専用の申込フォームのアドレスです。書かなければ、center.yml の seminar の"
          "フォーム（それもなければ電子メール）で受け付けます。", "https://forms.example.jp/sapporo/seminar-1203"),
    Field("full", "boolean", "満員",
          "true にすると定員に達したとして申込みを締め切り、「満員」と表示します。", "true"),
    Field("cancelled", "boolean", "中止", "true にすると「中止」と表示します。カレンダーからも中止として伝わります。", "true"),
    Field("archive", "link-list", "アーカイブ動画",
          "終了したオンラインセミナーの録画の一覧です。title と url（https:// のアドレス）を書きます。",
          "[{title: 録画（YouTube・約60分）, url: https://www.youtube.com/watch?v=example}]"),
    Field("roles", "choice-list", "役割",
          "専門家の役割です。兼任するときは両方を書きます。一覧ページでは役割ごとにまとめて表示します。",
          "[窓口相談の専門家, 訪問コンサルティングの専門家]", EXPERT_ROLES),
    Field("name_kana", "text", "ふりがな", "氏名の読みがなです。", "きたやま まこと"),
    Field("qualifications", "text-list", "資格", "保有する資格の一覧です。",
          "[社会保険労務士, 中小企業診断士]"),
    Field("specialties", "choice-list", "専門分野",
          "得意とする分野の一覧です。一覧ページで専門分野ごとに探せます。", "[労働時間・36協定, 助成金の活用]",
          THEMES),
    Field("photo", "image", "写真",
          "写真の画像ファイル（src：このファイルからの相対パス）と、写真の内容を伝える代替テキスト（alt）です。"
          "alt のない写真はエラーになります。",
          "{src: images/kitayama.svg, alt: センター長 北山 誠の写真}"),
    Field("category", "choice", "カテゴリ", "お知らせの分類です。一覧ページで分類ごとに探せます。",
          "セミナー・相談会", NEWS_CATEGORIES),
    Field("industry", "choice", "業種", "支援した企業の業種です。", "建設業", INDUSTRIES),
    Field("company_size", "choice", "企業規模", "支援した企業の従業員数です。", "10～29人", COMPANY_SIZES),
    Field("themes", "choice-list", "テーマ", "支援したテーマの一覧です（専門家の専門分野と同じ分類です）。",
          "[労働時間・36協定, 助成金の活用]", THEMES),
)

PAGE_TYPES = (
    PageType("center", "支援センターのトップページ",
             "content/center/index.md。本文にはセンターの趣旨を書きます。支援内容のカード、受付中のセミナー、"
             "新着のお知らせ、所在地・開所時間・問い合わせ先（content/center/_data/center.yml）を自動で表示します。",
             ("type", "title", "updated", "department", "description"), ("short_title", "order", "hide"),
             template="center.html"),
    PageType("center-apply", "支援センターの相談・申込みのページ",
             "content/center/apply.md。訪問コンサルティング・セミナー・問い合わせの申込み先を、"
             "center.yml の forms の設定から自動で表示します（設定がなければ電子メール・電話・FAX）。",
             ("type", "title", "updated", "department"), ("short_title", "description", "order", "hide"),
             template="center-apply.html"),
    PageType("seminar-list", "セミナーの一覧ページ",
             "content/center/seminars/index.md。同じフォルダのファイルがセミナーになり、ビルドした日を基準に"
             "受付中・開催予定・終了に分けて自動で一覧にします。終了したものは「過去のセミナー」のページに移ります。",
             ("type", "title", "updated", "department"), ("short_title", "description", "order", "hide"),
             template="seminars.html", items="seminar"),
    PageType("seminar", "セミナー・相談会",
             "セミナーの一覧ページと同じフォルダのファイル（1回のセミナーが1ファイル）。既存のファイルをコピーして"
             "書き換えるか、kohyo new seminar で作ります。本文には内容（プログラム）を書きます。",
             ("title", "date", "time", "format", "description", "apply_start", "apply_deadline", "updated"),
             ("venue", "venue_address", "capacity", "fee", "audience", "speaker", "apply_url", "full", "cancelled",
              "materials", "archive", "keywords", "department"),
             template="seminar.html",
             new_title="新しいセミナー"),
    PageType("expert-list", "専門家の紹介の一覧ページ",
             "content/center/experts/index.md。同じフォルダのファイルが専門家の紹介になり、役割ごとにまとめて、"
             "専門分野から探せる一覧にします。",
             ("type", "title", "updated", "department"), ("short_title", "description", "order", "hide"),
             template="experts.html", items="expert"),
    PageType("expert", "専門家の紹介",
             "専門家の一覧ページと同じフォルダのファイル（1人が1ファイル）。title に氏名を書き、本文に経歴や"
             "ひとことを書きます。",
             ("title", "roles", "specialties", "updated"),
             ("name_kana", "qualifications", "photo", "description", "order", "department"),
             template="expert.html",
             new_title="（氏名）"),
    PageType("news-list", "お知らせの一覧ページ",
             "content/center/news/index.md。同じフォルダのファイルがお知らせになり、新しい順の一覧と、"
             "フィード（Atom：feed.xml）を自動で作ります。",
             ("type", "title", "updated", "department"), ("short_title", "description", "order", "hide"),
             template="news-list.html", items="news"),
    PageType("news", "お知らせ",
             "お知らせの一覧ページと同じフォルダのファイル（1件が1ファイル）。ファイル名は日付から始めると"
             "探しやすくなります（例: 2026-11-10-nenmatsu.md）。",
             ("title", "published", "category", "description"), ("updated", "keywords", "department"),
             template="center-entry.html",
             new_title="新しいお知らせ"),
    PageType("case-list", "支援事例の一覧ページ",
             "content/center/cases/index.md。同じフォルダのファイルが支援事例になり、業種・企業規模・"
             "テーマごとに探せる一覧にします。",
             ("type", "title", "updated", "department"), ("short_title", "description", "order", "hide"),
             template="cases.html", items="case"),
    PageType("case", "支援事例",
             "支援事例の一覧ページと同じフォルダのファイル（1件が1ファイル）。企業名は出さず、"
             "「A社」のように書きます。",
             ("title", "published", "industry", "company_size", "themes", "description"),
             ("updated", "keywords", "department"),
             template="center-entry.html",
             new_title="新しい支援事例"),
)

"""The front matter schema: one table that drives validation and the editor guide.

Later features add page types and fields here; nothing else lists fields.
"""

from __future__ import annotations

from dataclasses import dataclass, field

STATUSES = ("骨子", "素案", "案", "確定")
CONSULTATION_STATUSES = ("予告", "募集中", "検討中", "結果公表", "中止")
CHANNELS = ("郵送", "持参", "FAX", "電子メール", "ウェブフォーム")
DRAFT_STATUSES = ("骨子", "素案", "案")

# The support center (働き方改革推進支援センター): shared vocabularies of its collections.
EXPERT_ROLES = ("センター長", "窓口相談の専門家", "訪問コンサルティングの専門家")
THEMES = ("労働時間・36協定", "年次有給休暇", "賃金制度・賃金引上げ", "同一労働同一賃金", "就業規則・労務管理",
          "人材確保・定着", "助成金の活用", "両立支援・ハラスメント防止", "生産性向上・業務改善", "テレワーク・多様な働き方")
NEWS_CATEGORIES = ("センターから", "セミナー・相談会", "助成金・支援策", "法令・制度", "広報・PR")
INDUSTRIES = ("建設業", "製造業", "運輸業・郵便業", "卸売業・小売業", "宿泊業・飲食サービス業", "医療・福祉",
              "情報通信業", "サービス業（他に分類されないもの）", "その他の業種")
COMPANY_SIZES = ("1～9人", "10～29人", "30～99人", "100～299人", "300人以上")
SEMINAR_FORMATS = ("会場", "オンライン", "会場・オンライン")
# A list page makes every other file of its folder one item of a collection (as a publication
# makes its files chapters): editors add a seminar by copying one file into the folder.
COLLECTIONS = {"seminar-list": "seminar", "expert-list": "expert", "news-list": "news", "case-list": "case",
               "meeting-list": "meeting"}


@dataclass(frozen=True)
class Field:
    name: str
    kind: str  # text | date | integer | boolean | text-list | choice | choice-list | department
    #            | url | time-range | image | link-list
    # Text of every kind is one line (titles end up in headings, feeds and calendars): the loader
    # refuses line breaks (`title: |`) and invisible control characters in all of them.
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
              "publication", ("portal", "publication", "consultation", "consultation-list", "center", "center-apply",
                               "seminar-list", "expert-list", "news-list", "case-list", "qa", "meeting-list")),
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
        Field("form_url", "url", "意見募集フォームの URL",
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
              "false にすると章番号（第N章）を付けません。章のページに書くとその章だけ（資料編や用語集など）、"
              "公表物の index.md に書くとすべての章に番号を付けません（そのときも、章のページに true と書けば"
              "その章には番号が付きます）。", "false"),
        Field("author", "text", "著者・編者",
              "市の課以外の人や団体が書いた文書のときに、その名前を書きます。PDF の表紙・奥付の「編集」、"
              "PDF と Word の文書情報の作成者に、所管課の名前の代わりに使われます。", "札幌市ICT活用推進懇話会"),
        Field("publisher", "text", "発行者",
              "市以外が発行する文書のときに、その名前を書きます。PDF の表紙と奥付の「発行者」に、市の名前の"
              "代わりに使われます。問い合わせ先は所管課のままです。", "一般社団法人 札幌働き方改革推進協議会"),
        Field("order", "integer", "並び順",
              "ナビゲーションでの並び順です。小さい数ほど前に並びます。書かなければファイル名の順です。", "10"),
        Field("pdf", "boolean", "PDF を作る",
              "false にすると、この公表物の PDF を作りません。", "true"),
        Field("layout", "choice", "PDF のレイアウト",
              "book（冊子：表紙・目次・章・奥付）か sheet（1枚もの）です。sheet にすると、表紙・目次・奥付・"
              "ページ番号を付けず、上部に題名・段階・公表日・所管課の帯を置いた1ページだけの PDF を作ります"
              "（A3 概要版やチラシ向け）。用紙は既定で A3 横・3段組みで、paper・orientation・columns で変えられます"
              "（paper: A4 だけを書くと A4 縦のチラシ）。1ページに収まらないとエラーになり、はみ出した量を示します。",
              "sheet", ("book", "sheet")),
        Field("paper", "choice", "用紙",
              "PDF の用紙の大きさです。書かなければ A4（1枚もの（layout: sheet）では A3）です。", "A4",
              ("A4", "A3", "B5", "B4")),
        Field("orientation", "choice", "用紙の向き",
              "portrait（縦）か landscape（横）です。書かなければ縦（1枚もので A3・B4 のときは横）です。", "portrait",
              ("portrait", "landscape")),
        Field("columns", "integer", "段組み",
              "本文の段数です（1〜3）。概要版を A3 横の2段組みにするときなどに使います。書かなければ1段ですが、"
              "1枚もの（layout: sheet）では A3・B4 横が3段、A4・B5 横が2段、縦が1段になります。", "2"),
        Field("duplex", "boolean", "両面印刷",
              "true にすると、各章が右ページ（奇数ページ）から始まるように白紙を入れます。", "true"),
        Field("watermark", "boolean", "透かし",
              "素案などの段階の文字を PDF の各ページに薄く入れます。段階が確定以外のとき、既定で入ります。", "false"),
        Field("print_pdf", "boolean", "印刷用 PDF",
              "false にすると、印刷会社向けの PDF（トンボ・塗り足し付き）を作りません。", "false"),
        Field("print_watermark", "boolean", "印刷用 PDF の透かし",
              "true にすると、印刷用 PDF にも透かしを入れます。既定では入れません（Web 用 PDF だけに入ります）。", "true"),
        Field("word", "boolean", "Word 版",
              "true にすると、編集用の Word ファイル（.docx）も作り、公表物のページからダウンロードできるようにします。",
              "true"),
        Field("powerpoint", "boolean", "PowerPoint 版",
              "true にすると、編集用の PowerPoint ファイル（.pptx）も作り、公表物のページからダウンロードできるようにします。"
              "表紙のスライドの後、章ごと・節（## の見出し）ごとにスライドを作ります。表は PowerPoint の表に、"
              "グラフは同じ CSV から PowerPoint のグラフ（数値を PowerPoint で直せるもの）になります。"
              "入りきらない文章は「（続き）」のスライドに送ります。本文の途中でスライドを分けるには、その場所に"
              "`<!-- slide -->` と書きます（`<!-- slide: 題名 -->` と書くと、そのスライドの題名になります）。"
              "発表者のメモ（スライドのノート）は `<!-- 発表メモ ここに話す内容 -->` と書きます。"
              "どちらもサイト・PDF・Word には表示されません（ページの HTML のソースには残ります。"
              "「Markdown の書き方」の「PowerPoint のスライド」）。",
              "true"),
        Field("slides", "choice", "スライドの大きさ",
              "PowerPoint 版のスライドの大きさです。\"16:9\"（画面に映す横長）か A4（A4横で印刷する資料）です。"
              "書かなければ 16:9 です。16:9 は必ず \"\" で囲みます（囲まないと数と読まれます）。", "A4", ("16:9", "A4")),
        Field("print_standard", "choice", "印刷用 PDF の規格", "印刷会社の指定に合わせて選びます。",
              "PDF/X-4", ("PDF/X-4", "PDF/X-1a")),
        # The support center's collections.
        Field("date", "date", "開催日", "セミナー・相談会・会議を開く日です。", "2026-12-03"),
        Field("time", "time-range", "開催時間",
              "始まりと終わりの時刻を 24時間制で書き、必ず \"\" で囲みます。", '"14:00-16:00"'),
        Field("format", "choice", "開催方法", "会場に集まるか、オンラインか、その両方かです。", "会場",
              SEMINAR_FORMATS),
        Field("venue", "text", "会場", "会場の名前です。開催方法が会場を含むときは必須です。",
              "札幌働き方改革推進支援センター 相談室"),
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
        Field("materials", "link-list", "資料",
              "配布資料の一覧です。title（名前）と url（このファイルからの相対パスか https:// のアドレス）を書きます。",
              "[{title: 当日の資料（PDF：850KB）, url: files/1203-shiryo.pdf}]"),
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
        Field("agenda", "text-list", "議題",
              "会議の議題の一覧です（1つが1行）。会議のページと議事録の Word に、番号付きで載ります。",
              "[第2次札幌市ICT活用戦略（骨子案）について, 今後のスケジュールについて]"),
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
                  "numbered", "author", "publisher", "pdf", "layout", "paper", "orientation", "columns", "duplex",
                  "watermark", "print_pdf", "print_standard", "print_watermark", "word", "powerpoint", "slides",
                  "hide")),
        PageType("consultation", "意見募集（パブリックコメント）のページ",
                 "content/consultations/ の下の、意見募集ごとのフォルダの index.md。本文には意見募集の趣旨を書きます。"
                 "同じフォルダの opinions.yml（意見の記録）と changes.yml（修正箇所）から結果のページが作られます。",
                 ("type", "title", "consultation_status", "targets", "start", "end", "published", "department"),
                 ("short_title", "deadline_rule", "channels", "form_url", "publicity", "results_date", "categories",
                  "updated", "description", "order", "hide")),
        PageType("consultation-list", "意見募集の一覧ページ",
                 "content/consultations/index.md。意見募集を状況（募集中・結果公表など）ごとに自動で一覧にします。",
                 ("type", "title", "updated", "department"), ("short_title", "description", "order", "hide")),
        PageType("center", "支援センターのトップページ",
                 "content/center/index.md。本文にはセンターの趣旨を書きます。支援内容のカード、受付中のセミナー、"
                 "新着のお知らせ、所在地・開所時間・問い合わせ先（content/center/_data/center.yml）を自動で表示します。",
                 ("type", "title", "updated", "department", "description"), ("short_title", "order", "hide")),
        PageType("center-apply", "支援センターの相談・申込みのページ",
                 "content/center/apply.md。訪問コンサルティング・セミナー・問い合わせの申込み先を、"
                 "center.yml の forms の設定から自動で表示します（設定がなければ電子メール・電話・FAX）。",
                 ("type", "title", "updated", "department"), ("short_title", "description", "order", "hide")),
        PageType("seminar-list", "セミナーの一覧ページ",
                 "content/center/seminars/index.md。同じフォルダのファイルがセミナーになり、ビルドした日を基準に"
                 "受付中・開催予定・終了に分けて自動で一覧にします。終了したものは「過去のセミナー」のページに移ります。",
                 ("type", "title", "updated", "department"), ("short_title", "description", "order", "hide")),
        PageType("seminar", "セミナー・相談会",
                 "セミナーの一覧ページと同じフォルダのファイル（1回のセミナーが1ファイル）。既存のファイルをコピーして"
                 "書き換えるか、kohyo new seminar で作ります。本文には内容（プログラム）を書きます。",
                 ("title", "date", "time", "format", "description", "apply_start", "apply_deadline", "updated"),
                 ("venue", "venue_address", "capacity", "fee", "audience", "speaker", "apply_url", "full", "cancelled",
                  "materials", "archive", "keywords", "department")),
        PageType("expert-list", "専門家の紹介の一覧ページ",
                 "content/center/experts/index.md。同じフォルダのファイルが専門家の紹介になり、役割ごとにまとめて、"
                 "専門分野から探せる一覧にします。",
                 ("type", "title", "updated", "department"), ("short_title", "description", "order", "hide")),
        PageType("expert", "専門家の紹介",
                 "専門家の一覧ページと同じフォルダのファイル（1人が1ファイル）。title に氏名を書き、本文に経歴や"
                 "ひとことを書きます。",
                 ("title", "roles", "specialties", "updated"),
                 ("name_kana", "qualifications", "photo", "description", "order", "department")),
        PageType("news-list", "お知らせの一覧ページ",
                 "content/center/news/index.md。同じフォルダのファイルがお知らせになり、新しい順の一覧と、"
                 "フィード（Atom：feed.xml）を自動で作ります。",
                 ("type", "title", "updated", "department"), ("short_title", "description", "order", "hide")),
        PageType("news", "お知らせ",
                 "お知らせの一覧ページと同じフォルダのファイル（1件が1ファイル）。ファイル名は日付から始めると"
                 "探しやすくなります（例: 2026-11-10-nenmatsu.md）。",
                 ("title", "published", "category", "description"), ("updated", "keywords", "department")),
        PageType("case-list", "支援事例の一覧ページ",
                 "content/center/cases/index.md。同じフォルダのファイルが支援事例になり、業種・企業規模・"
                 "テーマごとに探せる一覧にします。",
                 ("type", "title", "updated", "department"), ("short_title", "description", "order", "hide")),
        PageType("case", "支援事例",
                 "支援事例の一覧ページと同じフォルダのファイル（1件が1ファイル）。企業名は出さず、"
                 "「A社」のように書きます。",
                 ("title", "published", "industry", "company_size", "themes", "description"),
                 ("updated", "keywords", "department")),
        PageType("qa", "質問と回答",
                 "入札・公募の「質問及び回答」や「よくある質問」のページ（1つの質問と回答の集まりが1ファイル）。"
                 "質問ごとに「/// question | 質問の文」で始まり「///」で終わるブロックを書くと、番号（質問1…）・"
                 "リンク用の ID・分類の索引が自動で付き、サイト内検索で質問ごとに見つかります。",
                 ("type", "title", "published", "department"),
                 ("short_title", "updated", "description", "keywords", "order", "hide")),
        PageType("meeting-list", "会議の一覧ページ",
                 "公表物のフォルダの中の meetings フォルダの index.md（例: content/ict-strategy/meetings/index.md）。"
                 "同じフォルダのファイルが、その公表物の会議（有識者会議など）になり、開催日の順に一覧にします。"
                 "会議の一覧は公表物のページにも載ります。",
                 ("type", "title", "updated", "department"), ("short_title", "description", "order", "hide")),
        PageType("meeting", "会議",
                 "会議の一覧ページと同じフォルダのファイル（1回の会議が1ファイル、例: 2024-08-05-dai1kai.md）。"
                 "本文には議事録（議事要旨）を書きます。議事録は Word ファイル（.docx）にもなり、会議のページから"
                 "ダウンロードできます。配布資料は materials に書きます。",
                 ("title", "date", "updated"),
                 ("time", "venue", "agenda", "materials", "description", "keywords", "department")),
        PageType("chapter", "公表物の章",
                 "公表物のフォルダの index.md 以外のファイル。ファイル名の先頭の番号（01-、02- …）の順に並びます。",
                 ("title",), ("numbered", "updated", "department", "description", "hide")),
        PageType("page", "通常のページ",
                 "上のどれにも当たらないページ（センターのページ、編集ガイドなど）。",
                 ("title", "updated", "department"), ("short_title", "description", "order", "hide")),
    )
}

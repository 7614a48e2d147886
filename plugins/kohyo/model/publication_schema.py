"""The publications' page types and fields: plans, strategies and their summaries, their chapters,
and the portal that lists them (PDF, Word and PowerPoint switches included)."""

from __future__ import annotations

from .declare import Field, PageType

STATUSES = ("骨子", "素案", "案", "確定")
DRAFT_STATUSES = ("骨子", "素案", "案")

FIELDS = (
    Field("subtitle", "text", "副題", "表紙や公表物のページに題名と並べて表示します。",
          "2050年ゼロカーボン都市の実現に向けて"),
    Field("status", "choice", "段階",
          "計画の段階です。確定以外は、サイトと PDF に「素案」などの表示が目立つ形で付きます。",
          "素案", STATUSES),
    Field("version", "text", "版",
          "版の番号です。数字だけでも必ず \"\" で囲みます。", '"1.0"'),
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
)

PAGE_TYPES = (
    PageType("portal", "トップページ",
             "サイトの入口（content/index.md）。公表物の一覧を自動で表示します。",
             ("type", "title", "updated", "department"), ("description", "hide"),
             template="portal.html"),
    PageType("publication", "公表物の表紙ページ",
             "公表物（計画・戦略・概要版など）のフォルダの index.md。本文には文書の概要を書きます。"
             "同じフォルダの他の .md ファイルが、ファイル名の順に章になります。",
             ("type", "title", "status", "published", "department"),
             ("short_title", "subtitle", "version", "updated", "keywords", "description", "order",
              "numbered", "author", "publisher", "pdf", "layout", "paper", "orientation", "columns", "duplex",
              "watermark", "print_pdf", "print_standard", "print_watermark", "word", "powerpoint", "slides",
              "hide"),
             template="publication.html",
             new_title="新しい公表物（素案）"),
    PageType("chapter", "公表物の章",
             "公表物のフォルダの index.md 以外のファイル。ファイル名の先頭の番号（01-、02- …）の順に並びます。",
             ("title",), ("numbered", "updated", "department", "description", "hide"),
             general=True,
             new_title="新しい章"),
)

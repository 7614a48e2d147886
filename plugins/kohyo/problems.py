"""Problems found in content: each with file, line, a stable code and a Japanese message.

Codes are stable: editors, tests and the editor guide refer to them. Add new ones here only.
"""

from __future__ import annotations

from dataclasses import dataclass

# code -> what it means, in Japanese (listed in the editor guide).
CODES: dict[str, str] = {
    "yaml-syntax": "front matter（先頭の --- で囲んだ部分）の YAML の書き方が正しくない",
    "no-front-matter": "ページの先頭に front matter（--- で囲んだ設定）がない",
    "encoding": "ファイルが UTF-8 で保存されていない（Shift_JIS など）。UTF-8 で保存し直す",
    "control-character": "見えない制御文字（垂直タブなど、Word などから貼り付けると紛れ込む）が入っている",
    "multi-line": "1行で書く項目（タイトルなど）に改行が入っている",
    "yaml-alias": "YAML のアンカー（&）やエイリアス（*）が使われている（値はそれぞれの場所にそのまま書く）",
    "too-large": "ファイルや設定が大きすぎる、または入れ子が深すぎる",
    "unreadable-file": "ファイルを読み込めない（権限など）",
    "symlink": "content フォルダの中にシンボリックリンクがある（実際のファイルを置く）",
    "unknown-field": "front matter に使えない項目がある（つづりの誤りなど）",
    "missing-field": "front matter に必須の項目がない",
    "wrong-type": "front matter の値の種類が違う（文字・数値・日付・一覧など）",
    "invalid-date": "日付が正しくない（YYYY-MM-DD の形で、実在する日付を書く）",
    "invalid-value": "決められた選択肢以外の値が書かれている",
    "bad-filename": "ファイル名・フォルダ名に使えない文字がある（半角英小文字・数字・ハイフンのみ）",
    "duplicate-slug": "同じ URL になるページが複数ある",
    "duplicate-heading-id": "1つのページの中で同じ見出し ID（アンカー）が複数ある",
    "heading-level-1": "本文に「# 」の大見出しがある（大見出しは title から自動で作られる）",
    "broken-link": "リンク先のページが見つからない",
    "broken-anchor": "リンク先のページに、指定した見出し ID（# の後ろ）が見つからない",
    "missing-image": "画像ファイルが見つからない",
    "remote-image": "画像がインターネット上のアドレス（https://…）で指定されている（画像はページのフォルダに置く）",
    "placeholder": "ひな形（kohyo new）の仮の文字（「（講師の肩書きと名前）」など）が書き換えられずに残っている",
    "missing-alt": "画像に代替テキスト（![ ] の中の説明）がない",
    "raw-html": "本文に使えない HTML がある（スクリプト、ファイルの読み込み・埋め込み、on… 属性、javascript: や file: のリンクなど）",
    "foreign-container": "（警告）他のツールの囲みの書き方（:::note …… :::）がある。kohyo では読めず、そのまま文字で表示される。"
                         "注意書きは「!!! note」の行の下に、中身を4文字下げて書く",
    "chart-block": "グラフのブロック（/// chart）の書き方が正しくない",
    "chart-data": "グラフのデータ（CSV ファイル・列・値）が正しくない",
    "qa-block": "質問と回答のブロック（/// question）の書き方が正しくない",
    "invalid-time": "時刻が正しくない（\"14:00-16:00\" のように、始まりと終わりを 24時間制で書く）",
    "seminar-schedule": "セミナーの開催日・申込開始日・申込締切日の前後関係が正しくない",
    "data-file": "データファイル（_data フォルダの YAML）の内容が正しくない",
    "pdf-missing-glyph": "PDF のフォントにない文字が使われている（PDF で文字が欠ける）",
    "pdf-resource": "PDF を作るときに画像やスタイルシートを読み込めなかった",
    "pdf-overflow": "PDF で内容がページの枠からはみ出している（幅の広すぎる表や長い英数字など）",
    "table-too-wide": "表の列が多すぎる、または区切れない長い英数字があり、PDF のページの幅に収まらない",
    "pdf-outline": "PDF のしおり（目次の木構造）が見出しの数と合わない",
    "pdf-toc": "PDF の目次に、ページ番号が決まらない項目がある",
    "pdf-failed": "PDF を作る処理が失敗した",
    "pdf-page-fill": "PDF の章の途中に、半分以上が空白のまま終わるページがある（改ページの不具合）",
    "pdf-sheet-overflow": "1枚もの（layout: sheet）の PDF の内容が1ページに収まらない",
    "powerpoint-failed": "PowerPoint ファイル（powerpoint: true）を作る処理が失敗した（画像ファイルが壊れているなど）",
    "sites-config": "サイトの設定（sites.yml）の内容が正しくない（必須の項目・ID・アドレス・色・フォルダなど）",
    "cross-site-link": "別のサイト（sites.yml のほかのサイト）へのリンクの行き先が、そのサイトにない",
    "site-link": "出来上がったサイトに、行き先のないリンクや読み込めないファイルがある",
    "opinion-record": "意見の記録（opinions.yml）や修正箇所の記録（changes.yml）の内容が正しくない",
    "opinion-contact": "公表する意見の概要・市の考え方に、メールアドレス・電話番号・住所のようなものがある",
    "change-record": "修正箇所の記録（changes.yml）の修正前の文が保存した素案に、または修正後の文が今の本文にない",
    "stage-word": "（警告）確定した文書の本文や front matter に「素案」「（案）」が残っている",
    "consultation-open": "確定していない意見があるのに、結果公表にしようとしている",
    "intake-row": "受付票（Excel・CSV）の行の内容が正しくない",
    "intake-file": "受付票（Excel・CSV）のファイルが読めない（空・壊れている・文字コードが違う）",
    "intake-formula": "受付票（Excel）に、計算結果が保存されていない数式のセルがある",
    "intake-duplicate": "受付票で、同じ受付番号の行どうしの氏名・住所などが食い違う、または同じ意見が重複している",
    "intake-changed": "回答済みの意見の原文が、前回の取り込みから変わっている（回答を見直す）",
    "intake-withdrawn": "取り下げられた意見、または受付票からなくなった意見がある（公表するか確認する）",
    "intake-private": "個人情報の保存ファイル（private/<意見募集>/submissions.json）が壊れていて読めない",
    "intake-key": "受付票の取り込みに必要な鍵（KOHYO_PRIVACY_KEY）が設定されていない",
    "consultation-publish": "結果を公表できない（募集期間中、意見の記録がない、設定の不足など）",
    "consultation-settings": "意見募集の設定ファイル（content/_data/consultations.yml）の内容が正しくない",
    "privacy-leak": "意見提出者の個人情報が、公開するファイルやその原稿に入っている（全角・空白・様・ハイフンなど表記を変えたものも含む）",
    "privacy-setup": "個人情報の照合データ（privacy/）または照合用の鍵（環境変数 KOHYO_PRIVACY_KEY）がない、または合わない",
    "import-file": "取り込む文書（Word の .docx・Markdown の .md）を読めない（形式が違う、壊れている、見つからない）",
    "import-target": "取り込み先が正しくない（公表物の ID の書き方、同じ名前のフォルダがすでにある、所管課のキー、段階）",
    "import-table": "（取り込み）セルを結合した表などを HTML の表のまま取り込んだ。内容と見出しのセルを確認する",
    "import-link": "（取り込み）文書の中のリンク先が見つからず、リンクをそのまま残した。リンク先を直すか外す",
    "import-numbering": "（取り込み）文書の章番号を kohyo の章番号（第N章）に置き換えられず、見出しの番号をそのまま残した",
    "import-element": "（取り込み）変換できなかったもの（グラフ・SmartArt・テキストボックス・数式・コメント・取り込めない画像など）がある",
}


# Characters an editor cannot see (or cannot tell apart) in a message: code point -> Japanese name.
# Reported as warnings by `kohyo check` and a preview (a page being written has them);
# `kohyo build` stops on them.
WARN_UNTIL_BUILD = ("placeholder",)

_INVISIBLE_NAMES = {
    0x00A0: "ノーブレークスペース", 0x00AD: "ソフトハイフン", 0x034F: "結合書記素接合子", 0x115F: "ハングル字母の空白",
    0x180E: "モンゴル語母音区切り", 0x200B: "ゼロ幅スペース", 0x200C: "ゼロ幅非接合子", 0x200D: "ゼロ幅接合子",
    0x200E: "左から右への方向指示", 0x200F: "右から左への方向指示", 0x2028: "行区切り", 0x2029: "段落区切り",
    0x2060: "単語結合子", 0x3000: "全角スペース", 0x3099: "結合用の濁点", 0x309A: "結合用の半濁点",
    0x3164: "ハングルの空白", 0xFEFF: "BOM（ゼロ幅ノーブレークスペース）", 0xFFFC: "オブジェクト置換文字",
    0xFFFD: "置換文字（文字化け）",
}


def char_label(ch: str) -> str:
    """A character as an editor can find it in a message: 「✅」（U+2705）, or, where it is invisible
    or combines with the character before it, only its code point and a Japanese name:
    「U+FE0F（異体字セレクタ）」."""
    import unicodedata

    cp, category = ord(ch), unicodedata.category(ch)
    name = _INVISIBLE_NAMES.get(cp)
    if name is None:
        if 0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF:
            name = "異体字セレクタ"
        elif 0x1F3FB <= cp <= 0x1F3FF:
            name = "肌の色の指定"
        elif 0xE0000 <= cp <= 0xE007F:
            name = "タグ文字"
        elif 0x202A <= cp <= 0x202E or 0x2066 <= cp <= 0x2069:
            name = "文字の方向の指定"
        elif category in ("Mn", "Me"):
            name = "前の文字と組み合わせる記号"
        elif category == "Co":
            name = "私用領域の文字（外字）"
        elif category in ("Cc", "Cf", "Cs", "Cn") or category.startswith("Z"):
            name = "見えない文字"
    if name is not None:
        return f"「U+{cp:04X}（{name}）」"
    return f"「{ch}」（U+{cp:04X}）"


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the project root, POSIX separators
    line: int  # 1-based; 0 when the whole file is meant
    code: str
    message: str  # Japanese, for editors

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown problem code {self.code!r}")

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: [{self.code}] {self.message}"


class ContentError(Exception):
    """Raised when content has problems; carries all of them, sorted by place."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(format_report(self.problems))


def format_report(problems: list[Problem]) -> str:
    lines = [str(p) for p in sorted(problems)]
    lines.append(f"{len(problems)} 件の問題が見つかりました。上の行のファイルと行番号を確認して直してください。")
    return "\n".join(lines)

"""JIS X 8341-3:2016 test results, as 附属書JB asks them to be published.

The automated run (scripts/a11y_audit.py: axe-core in Chromium on one page of every page
page of the site) writes content/_data/accessibility.yml; the 試験結果 page is written from it. Automated
rules decide only part of the success criteria, so the page claims 準拠 only when a human
test record (content/_data/accessibility-human.yml) says every criterion was met.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from . import dates

RESULTS_FILE = "_data/accessibility.yml"
HUMAN_FILE = "_data/accessibility-human.yml"
MARKER = "<!-- kohyo:accessibility-results -->"

# One page of every page type the sites have: what the automated run and the browser tests visit.
# Paths in build/site, which holds every site of sites.yml (the center's under center/).
PAGE_SAMPLES: dict[str, str] = {
    "トップページ": "",
    "公表物のページ（ダウンロード）": "climate-plan/",
    "公表物の章": "climate-plan/03-emissions/",
    "1枚の概要版（A3）": "climate-plan-summary/",
    "概要版の章": "ict-strategy-summary/02-vision/",
    "戦略の章（表の多いページ）": "ict-strategy/04-policies/",
    "新旧対照表": "ict-strategy/shinkyu/",
    "会議の一覧": "ict-strategy/meetings/",
    "会議（議事録）": "ict-strategy/meetings/2024-05-28-dai1kai/",
    "意見募集の一覧": "consultations/",
    "意見募集（募集中）": "consultations/climate-plan/",
    "意見募集（結果公表）": "consultations/ict-strategy/",
    "意見募集の結果": "consultations/ict-strategy/results/",
    "支援センターのトップ": "center/",
    "支援センターのページ": "center/access/",
    "支援センターの相談・申込み": "center/apply/",
    "セミナーの一覧": "center/seminars/",
    "セミナー（受付中）": "center/seminars/2026-12-03-chingin-hikiage/",
    "セミナー（終了・録画あり）": "center/seminars/2026-10-15-jinzai-teichaku/",
    "過去のセミナー": "center/seminars/archive/",
    "専門家の紹介の一覧": "center/experts/",
    "専門家の紹介": "center/experts/nishida/",
    "お知らせの一覧": "center/news/",
    "お知らせ": "center/news/2026-11-16-december-seminars/",
    "支援事例の一覧": "center/cases/",
    "支援事例": "center/cases/kaigo-doitsu-chingin/",
    "質問と回答": "bids/climate-survey-qa/",
    "編集ガイド": "guide/",
    "編集ガイド（自動生成の一覧）": "guide/02-front-matter/",
    "アクセシビリティ方針": "accessibility/",
    "試験結果": "accessibility/results/",
}


def claim(human: dict | None) -> str:
    """準拠 needs a human test of every criterion; automated checks alone support only 配慮."""
    if human and human.get("all_criteria_met") is True:
        return "準拠"
    if human:
        return "一部準拠"
    return "配慮"


def results_markdown(content_dir: Path, site_url: str) -> str:
    try:
        return _results_markdown(content_dir, site_url)
    except (KeyError, TypeError, ValueError, AttributeError, yaml.YAMLError):
        # The results file is written by `make a11y`; a hand edit that broke it must not stop the site.
        return ("!!! warning \"試験結果を読めませんでした\"\n    試験結果のファイル（content/" + RESULTS_FILE +
                "）の内容が正しくありません。`make a11y` を実行して作り直してください。\n")


def _results_markdown(content_dir: Path, site_url: str) -> str:
    path = content_dir / RESULTS_FILE
    if not path.is_file():
        return "!!! warning \"試験結果はまだありません\"\n    `make a11y` を実行すると、自動試験の結果がここに載ります。\n"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    human_path = content_dir / HUMAN_FILE
    human = yaml.safe_load(human_path.read_text(encoding="utf-8")) if human_path.is_file() else None
    level = claim(human)
    rows = [
        ("表明日", dates.format_date(data["date"])),
        ("規格の規格番号及び改正年", "JIS X 8341-3:2016"),
        ("目標とする適合レベル", "AA"),
        ("適合レベル及び対応度", f"AA {level}" + ("（自動試験で確認できる達成基準のみ）" if level == "配慮" else "")),
        ("対象範囲", f"{site_url} 以下のページ"),
        ("依存したウェブコンテンツ技術", "、".join(data["technologies"])),
        ("試験対象ページの選択方法", data["selection"]),
        ("試験したページの数", f"{len(data['pages'])} ページ（全 {data['total_pages']} ページ中）"),
        ("試験の方法", data["tool"]),
    ]
    out = ["| 項目 | 内容 |", "|---|---|", *(f"| {k} | {v} |" for k, v in rows), "",
           "/// table-caption", "試験結果の概要", "///", "",
           "## 試験したページ {#pages}", "",
           "| ページの種類 | URI | 違反した規則 | 合格した規則 |", "|---|---|---:|---:|"]
    for page in data["pages"]:
        uri = site_url.rstrip("/") + "/" + page["url"]
        out.append(f"| {page['type'] or '—'} | <{uri}> | {page['violations']} | {page['passes']} |")
    out += ["", "/// table-caption", "ページごとの自動試験の結果", "///", ""]
    if level != "準拠":
        out += ["!!! note \"この結果の読み方\"",
                "    自動試験で判定できるのは、達成基準の一部です。色だけに頼らない表現、代替テキストの内容の"
                "適切さなど、人による確認が必要な基準は、人による試験の記録が整ってから結果を公表します。"
                "それまでは「配慮」と表記しています。", ""]
    return "\n".join(out)

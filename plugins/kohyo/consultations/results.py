"""The results of a consultation as Markdown, rendered by the one Markdown path into the site
page and the PDF, and as CSV.

Every piece of opinion-derived text goes through `text()` (render.markdown.literal), so a summary holding `<script>`
or Markdown syntax shows as the characters the staff wrote, never as markup.
"""

from __future__ import annotations

import html
import posixpath
import re

from .. import dates
from ..office import csv_bytes
from ..render.markdown import _MARKDOWN_SPECIAL
from ..render.markdown import literal as text
from .model import Consultation, Opinion
from .sections import Section
from .stats import Stats

SEARCH_LIMIT = 1000  # more opinions than this: the page stays out of the site search (site.page_meta)


def anchor(label: str) -> str:
    """The results page's id for the opinions on one part of the draft: 第4章2 -> op-4-2."""
    named = {"全体": "all", "資料編": "appendix", "概要版": "summary", "その他": "other"}
    if label in named:
        return f"op-{named[label]}"
    return "op-" + "-".join(re.findall(r"\d+", label))


def _link(from_src: str, section: Section) -> str:
    if not section.src:
        return text(section.title)
    rel = posixpath.relpath(section.src, posixpath.dirname(from_src))
    return f"[{text(section.title)}]({rel}{'#' + section.anchor if section.anchor else ''})"


def _period(c: Consultation) -> str:
    rule = c.meta.get("deadline_rule", "必着")
    return f"{dates.format_date(c.meta['start'])}～{dates.format_date(c.meta['end'])}（{rule}）"


def _table(head: list[str], rows: list[list[str]], caption: str, align: str = "") -> list[str]:
    """A pipe table; `align` is the separator row without its outer bars, such as "---|---:"."""
    out = ["| " + " | ".join(head) + " |", "|" + (align or "|".join(["---"] * len(head))) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return out + ["", "/// table-caption", caption, "///", ""]


def representatives(c: Consultation) -> list[tuple[Opinion, int]]:
    """Each opinion to publish, with how many similar ones it stands for: 「ほか同趣旨N件」."""
    shown, seen = [], {}
    for o in sorted(c.opinions, key=lambda o: o.id):
        if o.group and o.group in seen:
            seen[o.group][1] += 1
            continue
        entry = [o, 0]
        shown.append(entry)
        if o.group:
            seen[o.group] = entry
    return [(o, n) for o, n in shown]


def _listed(pairs) -> str:
    return "、".join(f"{name} {n}件" for name, n in pairs)


def results_markdown(c: Consultation, src: str, sections: dict[str, Section], stats: Stats,
                     target_titles: list[tuple[str, str]], figure=None, shinkyu: dict | None = None,
                     shinkyu_pages: tuple[str, ...] = (), shinkyu_tables: tuple = (),
                     organisation: str = "") -> str:
    """The results page for `c`, to be rendered from `src` (its place in content/).
    `figure(src, id, chart, table, date)` draws a chart and returns its Markdown (kohyo.charts).
    `shinkyu`: change record id -> src of the generated 新旧対照表 holding its entry (kohyo.stages);
    `shinkyu_pages`: the 新旧対照表 of the target publications; `shinkyu_tables`: (publication
    title, its 新旧対照表's src, its kohyo.shinkyu.Change list) for each target that has left the
    draft. The results state every difference between the draft and the final text (行政手続法
    43条1項4号), so those changes are listed here in full, not only the ones opinions caused."""
    from ..charts.chart import Chart, Series

    m = c.meta
    docs = "<br>".join(f"[{text(title)}]({posixpath.relpath(t, posixpath.dirname(src))})" for title, t in target_titles)
    out = ["---", f"title: 意見募集の結果", f"updated: {m['results_date'].isoformat()}",
           f"department: {c.page.department.key}", "---", "",
           f"{text(m['title'])}に寄せられたご意見の概要と、それに対する{text(organisation)}の考え方を公表します。"
           "ご意見をお寄せいただいた皆さまに、心からお礼申し上げます。", "",
           "## 1 意見募集の概要 {#outline}", ""]
    out += _table(["項目", "内容"], [
        ["案件名", text(m["title"])],
        ["対象の資料", docs],
        ["意見募集期間", _period(c)],
        ["周知方法", "、".join(text(p) for p in m.get("publicity", [])) or "－"],
        ["受付方法", "、".join(m.get("channels", [])) or "－"],
        ["結果公表日", dates.format_date(m["results_date"])],
    ], "意見募集の概要", "---|---")
    out += ["## 2 意見の提出状況 {#counts}", ""]
    if not c.opinions:
        return "\n".join(out + ["提出された意見はありませんでした。", ""])
    out += _table(["区分", "件数"], [
        ["意見提出者数", f"{stats.submitters}人・団体（個人 {stats.individuals}人、団体 {stats.groups}団体）"],
        ["意見件数", f"{stats.opinions}件"],
        ["類似意見", f"同じ趣旨の意見 {stats.similar_opinions}件を {stats.similar_groups}件にまとめて掲載"],
    ], "意見提出者数と意見件数", "---|---")
    out += ["### (1) 提出方法別 {#by-channel}", ""]
    out += _table(["提出方法", "提出者数", "意見件数"], [[ch, f"{s}", f"{o}"] for ch, s, o in stats.by_channel],
                  "提出方法別の提出者数と意見件数", "---|---:|---:")
    if figure is not None:
        channels = [ch for ch, _, _ in stats.by_channel]
        out += [figure(src, "fig-by-channel", Chart(
            "bar", "提出方法別の意見件数", channels,
            [Series("提出者数", [s for _, s, _ in stats.by_channel]), Series("意見件数", [o for _, _, o in stats.by_channel])],
            unit="件", y_label="件数", alt="提出方法別の意見件数は、" + _listed((ch, o) for ch, _, o in stats.by_channel)
            + "です。"), (["提出方法", "提出者数", "意見件数"], [[ch, str(s), str(o)] for ch, s, o in stats.by_channel]),
            m["results_date"]), ""]
    out += ["### (2) 年代別 {#by-age}", ""]
    rows = [[age, f"{n}"] for age, n in stats.by_age] + [["団体", f"{stats.groups}"]]
    out += _table(["年代", "提出者数"], rows, "年代別の提出者数（個人は年代別、団体は一括）", "---|---:")
    out += ["### (3) 章・節別 {#by-section}", ""]
    out += _table(["該当箇所", "意見件数"], [[_link(src, s), f"{n}"] for s, n in stats.by_section],
                  "章・節別の意見件数", "---|---:")
    out += ["### (4) 反映区分別 {#by-category}", ""]
    out += _table(["反映区分", "意見件数"], [[cat, f"{n}"] for cat, n in stats.by_category],
                  "反映区分別の意見件数", "---|---:")
    if figure is not None:
        out += [figure(src, "fig-by-category", Chart(
            "hbar", "反映区分別の意見件数", [cat for cat, _ in stats.by_category],
            [Series("意見件数", [n for _, n in stats.by_category])], unit="件", y_label="意見件数",
            alt="反映区分別の意見件数は、" + _listed(stats.by_category) + "です。"),
            (["反映区分", "意見件数"], [[cat, str(n)] for cat, n in stats.by_category]), m["results_date"]), ""]
    out += ["## 3 主な修正点（新旧対照表） {#changes}", ""]
    shinkyu = shinkyu or {}
    listed: set[str] = set()
    for title, page, changes in shinkyu_tables:
        rel = posixpath.relpath(page, posixpath.dirname(src))
        out += [f"{text(title)}の、意見募集の対象とした案から確定までのすべての修正箇所です（下線の部分が修正した"
                f"文字です）。同じ内容を[新旧対照表]({rel})としても掲載しています。", ""]
        out += _shinkyu_table(changes, rel, title) if changes else ["本文の修正はありません。", ""]
        listed |= {r.id for change in changes for r in change.records}
    for page in shinkyu_pages if not shinkyu_tables else ():  # a draft revised again: its table is a page
        out += [f"素案からのすべての変更は、[新旧対照表]({posixpath.relpath(page, posixpath.dirname(src))})をご覧ください。", ""]
    rest = [ch for ch in c.changes if ch.id not in listed]
    if rest:
        if shinkyu_tables:
            out += ["そのほかの資料の修正箇所は、次のとおりです。", ""]
        out += _table(["No.", "該当箇所", "修正前", "修正後", "修正の理由"],
                      [[f"{i}", _link(src, sections[ch.target]) + f"<br>{text(ch.location)}" + (
                          f"<br>[新旧対照表の該当箇所]({posixpath.relpath(shinkyu[ch.id], posixpath.dirname(src))}"
                          f"#change-{ch.id.lower()})" if ch.id in shinkyu else ""),
                        text(ch.before), text(ch.after), text(ch.reason)]
                       for i, ch in enumerate(rest, 1)], "素案からの主な修正点", "---:|---|---|---|---")
    elif not shinkyu_tables:
        out += ["ご意見による素案の修正はありません。", ""]
    out += ["## 4 意見の概要と市の考え方 {#opinions}", "",
            "同じ趣旨のご意見はまとめて掲載し、「ほか同趣旨N件」と記載しています。"
            + ("意見の件数が多いため、このページはサイト内検索の対象にしていません。すべての意見は CSV でもご覧いただけます。"
               if len(c.opinions) > SEARCH_LIMIT else ""), ""]
    shown = sorted(representatives(c), key=lambda item: (sections[item[0].target].order, item[0].id))
    number = 0
    for label in dict.fromkeys(o.target for o, _ in shown):
        section = sections[label]
        # The heading names and links the part of the draft; the rows need not repeat it.
        out += [f"### {text(section.title)} {{#{anchor(label)}}}", "", f"該当箇所：{_link(src, section)}", ""]
        rows = []
        for o, similar in (item for item in shown if item[0].target == label):
            number += 1
            summary = text(o.summary) + (f"<br>（ほか同趣旨{similar}件）" if similar else "")
            rows.append([f"{number}", summary, text(o.response), o.category])
        out += _table(["No.", "意見の概要", "市の考え方", "区分"], rows,
                      f"{text(section.title)}に関する意見と市の考え方", "---:|---|---|---")
    return "\n".join(out)


def _cell(value: str) -> str:
    """Plain text inside a Markdown table cell, spaces kept (kohyo.shinkyu marks the changes around it)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(value, quote=False)).replace("\n", "<br>")


def _shinkyu_table(changes, rel: str, title: str) -> list[str]:
    """Every change of the 新旧対照表, one table per section as the 新旧対照表 itself shows them
    (a column for the section would leave the texts too narrow to read, or to print): before |
    after with the changed characters marked, and the reason with a link to the entry, when an
    opinion caused the change."""
    from ..shinkyu import marked, record_anchor

    out, number = [], 0
    by_section: dict[str, list] = {}
    for change in changes:
        by_section.setdefault(change.section, []).append(change)
    for section, items in by_section.items():
        rows = []
        for change in items:
            number += 1
            before, after = marked(*change.shown(), _cell)
            reasons = "<br>".join(f"{text(r.reason)}（[新旧対照表の該当箇所]({rel}#{record_anchor(r)})）"
                                  for r in change.records)
            rows.append([f"{number}", before, after, reasons or "－"])
        out += _table(["No.", "修正前", "修正後", "修正の理由"], rows, f"{text(section)}", "---:|---|---|---")
    return out


def results_csv(c: Consultation, sections: dict[str, Section]) -> bytes:
    """One row per published opinion, UTF-8 with BOM for Excel, dates in ISO (西暦) form."""
    return csv_bytes(["No.", "意見番号", "提出者番号", "受付日", "提出方法", "年代", "個人・団体", "該当箇所",
                      "意見の概要", "市の考え方", "反映区分", "類似意見のまとめ"],
                     [[o.id, o.id, o.submission, o.received.isoformat(), o.channel, o.age, o.kind,
                       sections[o.target].title, o.summary, o.response, o.category, o.group]
                      for o in sorted(c.opinions, key=lambda o: o.id)])

"""What staff run: import an intake sheet, see progress, make the internal review page, publish."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections import Counter
from pathlib import Path

from .. import privacy
from ..model.project import Project
from ..problems import ContentError, Problem
from ..render.inspect import inspect
from ..render.markdown import Renderer
from . import intake, private
from .model import (OPINION_STATUSES, OPINIONS_FILE, SETTINGS_FILE, Consultation, load_consultations, load_settings,
                    results_blockers)
from .sections import section_index


def find(project: Project, consultation_id: str) -> Consultation:
    consultations, problems = load_consultations(project)
    for c in consultations:
        if c.id == consultation_id:
            return c
    known = "、".join(c.id for c in consultations) or "（ありません）"
    raise ContentError([Problem(project.shown("consultations"), 1, "invalid-value",
                                f"意見募集「{consultation_id}」がありません。あるもの: {known}")])


def sections_of(project: Project, c: Consultation, renderer: Renderer) -> dict:
    pubs = [p for t in c.meta.get("targets", []) for p in project.publications if p.id == t]
    found = {ch.src: inspect(renderer.render(ch.body)) for p in pubs for ch in p.chapters}
    return section_index(project, c.meta.get("targets", []), found)


def intake_key(root: Path, consultation_id: str) -> tuple[bytes, str | None]:
    """The key of the opinions' fingerprints (`origin:` in opinions.yml and privacy/), and the
    sample's published key when the bundled sample is imported without a key of one's own."""
    try:
        return privacy.import_key(root, consultation_id)
    except ValueError as exc:
        raise ContentError([Problem(f"content/consultations/{consultation_id}", 0, "intake-key", str(exc))]) from None


def import_sheet(project: Project, renderer: Renderer, consultation_id: str, sheet: Path,
                 private_dir: Path, key: bytes, sample_key: str | None = None) -> str:
    c = find(project, consultation_id)
    settings, problems = load_settings(project.content_dir, project.shown(SETTINGS_FILE))
    if problems:
        raise ContentError(problems)
    sections = sections_of(project, c, renderer)
    rows, problems = intake.validate(sheet, str(sheet), list(sections), settings, key)
    if problems:
        raise ContentError(problems)
    shown = project.shown(f"{c.folder}/{OPINIONS_FILE}")
    outcome, problems = intake.merge(rows, project.content_dir / c.folder, c.id, private_dir, key, shown, str(sheet))
    if problems:
        raise ContentError(problems)
    report = [str(p) for p in sorted(outcome.notes)]
    if report:
        report.insert(0, f"確認が必要な意見が {len(outcome.notes)} 件あります:")
    report.append(f"{len(rows)} 件の意見を読み込みました（新しい意見 {outcome.new} 件、前回からの意見 {outcome.updated} 件）。"
                  f"公開用の記録: {shown}　個人情報: {private.store_path(private_dir, c.id)}"
                  f"　照合データ: {privacy.fingerprints.path_for(project.root, c.id).relative_to(project.root)}")
    notices = privacy.record(project.root, c.id, private.load(private_dir, c.id)["submissions"], key, sample_key)
    if notices:
        report.append("注意: 次の値は照合しません（公開しないよう、意見の概要・市の考え方で気をつけてください）:")
        report += [f"  {n}" for n in notices]
    return "\n".join(report)


def refingerprint(project: Project, consultation_id: str, private_dir: Path) -> str:
    """The fingerprint file made again from the private store (a new key, or an older import)."""
    c = find(project, consultation_id)
    if not private.store_path(private_dir, c.id).is_file():
        raise ContentError([Problem(str(private.store_path(private_dir, c.id)), 0, "privacy-setup",
                                    "個人情報の保存ファイルがありません。照合データは、受付票を取り込んだ PC で作り直してください。")])
    key, sample_key = intake_key(project.root, c.id)
    notices = privacy.record(project.root, c.id, private.load(private_dir, c.id)["submissions"], key, sample_key)
    path = privacy.fingerprints.path_for(project.root, c.id).relative_to(project.root)
    return "\n".join([f"照合データを作り直しました: {path}（git に入れてください）"] + [f"注意: {n}" for n in notices])


def status_report(project: Project, renderer: Renderer, consultation_id: str | None = None) -> str:
    consultations, problems = load_consultations(project)
    lines = []
    for c in consultations:
        if consultation_id and c.id != consultation_id:
            continue
        sections = sections_of(project, c, renderer)
        by_status = Counter(o.status for o in c.opinions)
        lines += [f"{c.meta.get('title', c.id)}（{c.id}）: {c.status}、意見 {len(c.opinions)} 件",
                  "  状況別: " + "　".join(f"{s} {by_status[s]}" for s in OPINION_STATUSES)]
        lines.append("  章・節別（確定・公表 / 全体）:")
        for label in sorted({o.target for o in c.opinions}, key=lambda t: sections[t].order if t in sections else 999):
            ops = [o for o in c.opinions if o.target == label]
            done = sum(1 for o in ops if o.status in ("確定", "公表"))
            title = sections[label].title if label in sections else label
            lines.append(f"    {title}: {done} / {len(ops)}")
    if problems:
        lines.append(f"注意: 意見の記録に {len(problems)} 件の問題があります（kohyo check で確認してください）。")
    return "\n".join(lines) or "意見募集はありません。"


def review_page(project: Project, consultation_id: str, private_dir: Path, output: Path) -> Path:
    """The internal review page: every opinion with its status and original text. Staff only:
    written under the private folder, never into build/site."""
    c = find(project, consultation_id)
    store = private.load(private_dir, c.id)
    originals = {op["id"]: op["意見"] for sub in store["submissions"].values() for op in sub["opinions"]}
    rows = "\n".join(
        f"<tr><td>{o.id}</td><td>{o.status}</td><td>{html.escape(o.target)}</td>"
        f"<td>{html.escape(originals.get(o.id, ''))}</td><td>{html.escape(o.summary)}</td>"
        f"<td>{html.escape(o.response)}</td><td>{html.escape(o.category)}</td><td>{html.escape(o.group)}</td></tr>"
        for o in c.opinions)
    counts = Counter(o.status for o in c.opinions)
    page = (f"<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><meta name=\"robots\" content=\"noindex\">"
            f"<title>【庁内限り】{html.escape(c.meta.get('title', c.id))} 意見の検討状況</title>"
            "<style>body{font-family:sans-serif}table{border-collapse:collapse}td,th{border:1px solid #999;"
            "padding:4px;vertical-align:top}</style></head><body>"
            f"<p><strong>【庁内限り・公開禁止】</strong>意見の原文を含みます。</p>"
            f"<h1>{html.escape(c.meta.get('title', c.id))} 意見の検討状況</h1><p>"
            + "　".join(f"{s}: {counts[s]}件" for s in OPINION_STATUSES) +
            "</p><table><thead><tr><th>No.</th><th>状況</th><th>該当箇所</th><th>意見の原文</th><th>意見の概要</th>"
            f"<th>市の考え方</th><th>区分</th><th>類似</th></tr></thead><tbody>{rows}</tbody></table></body></html>")
    output.mkdir(parents=True, exist_ok=True)
    path = output / f"{c.id}-review.html"
    path.write_text(page, encoding="utf-8")
    return path


def publish(project: Project, consultation_id: str, on: dt.date) -> str:
    """Mark every confirmed opinion 公表 and the consultation 結果公表; refuse while the call is
    open, before its end, or while any opinion is unanswered or the records are missing."""
    c = find(project, consultation_id)
    page = project.shown(c.page.src)
    _, loaded = load_consultations(project)
    shown = project.shown(f"{c.folder}/{OPINIONS_FILE}")
    # The records must read cleanly: a broken opinions.yml would publish fewer opinions.
    problems = [p for p in loaded if p.path in (shown, project.shown(SETTINGS_FILE))]
    problems += results_blockers(c, project)
    if c.status in ("予告", "募集中", "中止"):
        problems.append(Problem(page, c.page.line_of("consultation_status"), "consultation-publish",
                                f"意見募集の状況が「{c.status}」のため、結果を公表できません。募集を締め切ったら"
                                "consultation_status を「検討中」にしてください。"))
    end = c.meta.get("end")
    if isinstance(end, dt.date) and on <= end:
        problems.append(Problem(page, c.page.line_of("end"), "consultation-publish",
                                f"結果公表日 {on.isoformat()} は、募集締切日 {end.isoformat()} より後の日付にしてください。"))
    if problems:
        raise ContentError(problems)
    opinions = project.content_dir / c.folder / OPINIONS_FILE
    if opinions.is_file():
        opinions.write_text(re.sub(r"^(\s*)status: 確定$", r"\1status: 公表",
                                   opinions.read_text(encoding="utf-8"), flags=re.M), encoding="utf-8")
    index = project.content_dir / c.page.src
    text = index.read_text(encoding="utf-8")
    head, sep, body = text.partition("\n---\n")
    head = re.sub(r"^consultation_status: .*$", "consultation_status: 結果公表", head, flags=re.M)
    head = re.sub(r"^(results_date|updated): .*\n?", "", head, flags=re.M).rstrip("\n")
    head += f"\nupdated: {on.isoformat()}\nresults_date: {on.isoformat()}"
    index.write_text(head + sep + body, encoding="utf-8")
    done = f"{len(c.opinions)} 件" if c.opinions else "提出された意見なし"
    return f"{c.meta.get('title', c.id)}の結果を公表の状態にしました（{done}）。make build で公開用のページと PDF ができます。"

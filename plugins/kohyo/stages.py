"""A publication's stages in the build and in `kohyo stage`.

In the build (prepare): each publication learns its kept versions (kohyo.versions), the
新旧対照表 against its newest kept draft is written as a page of the publication (a chapter,
so its PDF and Word carry it, once the publication has left the draft), and every
consultation change record is checked against that draft and the current text.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
from pathlib import Path

from . import shinkyu, versions
from .dates import format_short
from .model.loader import add_generated
from .model.project import Project, Publication
from .model.publication_schema import STATUSES
from .problems import Problem

SHINKYU_PAGE = "shinkyu.md"
STAGE_WORDS = ("素案", "（案）", "(案)")


def _plans(project: Project) -> list[Publication]:
    """Plans whose stage is known: one with a missing or misspelt status is already reported
    by the loader, and nothing is made from it."""
    return [p for p in project.publications if p.kind == "plan" and p.meta.get("status") in STATUSES]


def prepare(project: Project, consultations) -> list[Problem]:
    problems: list[Problem] = []
    drafts: dict[str, tuple] = {}  # publication id -> (Version, {file: text})
    for pub in _plans(project):
        pub.versions = versions.versions_of(project.root, pub.id)
        draft = next((v for v in reversed(pub.versions) if v.is_draft), None)
        if draft is None:
            continue
        old = versions.source_text(draft)
        drafts[pub.id] = (draft, old)
        problems += _add_shinkyu(project, pub, draft, old, consultations)
    for c in consultations:
        problems += _check_records(project, c, drafts)
    for warning in stage_word_problems(project):  # shown, not counted: a title may rightly quote the draft
        logging.getLogger("mkdocs.plugins.kohyo").warning("注意: %s", warning)
    return problems


def _current(pub: Publication) -> list[tuple[str, str, str]]:
    pages = [pub.index] + [c for c in pub.chapters if not c.generated]
    return [(p.src.rsplit("/", 1)[-1], p.display_title if p is not pub.index else "はじめに", p.body) for p in pages]


def _frozen(old: dict[str, str]) -> list[tuple[str, str, str]]:
    out = []
    for name, text in old.items():
        m = re.search(r"^title:\s*(.+)$", text.split("\n---", 1)[0], re.M)
        out.append((name, "はじめに" if name == "index.md" else (m.group(1).strip() if m else name),
                    shinkyu.body_of(text)))
    return out


def _add_shinkyu(project: Project, pub: Publication, draft, old, consultations) -> list[Problem]:
    changes, unchanged = shinkyu.compare(_frozen(old), _current(pub))
    records = [ch for c in consultations if pub.id in c.meta.get("targets", []) for ch in c.changes]
    shinkyu.attach_records(changes, records)
    label = f"{draft.stage}（{format_short(draft.date)}公表）"
    src = f"{pub.folder}/{SHINKYU_PAGE}"
    text = shinkyu.page_markdown("新旧対照表", label, changes, unchanged)
    if pub.is_draft:  # an ordinary page beside the draft, not a chapter: it has a page's fields
        fields = f"updated: {pub.updated.isoformat()}\n" + (
            f"department: {json.dumps(pub.index.department.key)}\n" if pub.index.department else "")
        text = text.replace("\nnumbered: false\n", "\n" + fields, 1)
    page, problems = add_generated(project, src, text, "chapter" if not pub.is_draft else "page",
                                   origin=pub.index.src)
    project.generated[src] = text
    page.publication = pub
    page.department = pub.index.department
    page.updated = pub.updated
    if not pub.is_draft:  # the final version carries it as its last part, in the PDF and Word too
        pub.chapters.append(page)
    pub.shinkyu = page
    pub.shinkyu_records = [r for change in changes for r in change.records]
    pub.shinkyu_changes = changes  # the results page states them too (行政手続法43条)
    return problems


def _check_records(project: Project, c, drafts) -> list[Problem]:
    """A record's `before` must be in the kept draft of the publication it is about, its `after`
    in that publication's current text once it has left the draft. Records about a
    publication with no kept draft (a summary never frozen) cannot be checked."""
    from .consultations.model import CHANGES_FILE

    pubs = [p for t in c.meta.get("targets", []) for p in project.publications if p.id == t and p.kind == "plan"]
    shown = project.shown(f"{c.folder}/{CHANGES_FILE}")
    problems = []
    for record in c.changes:
        section = c.sections.get(record.target)
        src = section.src if section is not None and section.src else (pubs[0].index.src if pubs else "")
        pub = next((p for p in pubs if src == p.index.src or src.startswith(p.folder + "/")), None)
        if pub is None or pub.id not in drafts:
            continue
        draft, old = drafts[pub.id]
        if shinkyu.normalise(record.before) not in "".join(shinkyu.normalise(shinkyu.body_of(t)) for t in old.values()):
            problems.append(Problem(shown, record.line, "change-record",
                                    f"修正箇所 {record.id} の before（修正前）の文が、保存した{draft.stage}"
                                    f"（versions/{pub.id}/{draft.slug}/source/）にありません。{draft.stage}の本文から"
                                    "そのまま写してください。"))
        new = "".join(shinkyu.normalise(pg.body) for pg in [pub.index] + pub.chapters if not pg.generated)
        if not pub.is_draft and shinkyu.normalise(record.after) not in new:
            problems.append(Problem(shown, record.line, "change-record",
                                    f"修正箇所 {record.id} の after（修正後）の文が、今の本文（content/{pub.folder}/）に"
                                    "ありません。本文を直したか、after を今の本文からそのまま写したかを確認してください。"))
    return problems


def stage_word_problems(project: Project) -> list[Problem]:
    """Warnings: a final version that still calls itself 素案 or （案）. A final plan rightly
    tells its own history (「素案の公表」 in the 策定経過), so the body is read for the document
    naming itself only: a heading, 「この素案」「本素案」, or its own title with the stage word;
    front matter (title, description…) for any stage word."""
    out = []
    for pub in _plans(project):
        if pub.is_draft:
            continue
        own = _self_reference(pub)
        for page in [pub.index] + [c for c in pub.chapters if not c.generated]:
            path = project.content_dir / page.src
            try:
                lines = path.read_text(encoding="utf-8").split("\n")
            except OSError:
                continue
            front = page.body_line - 1  # lines before the body: the front matter block
            for number, line in enumerate(lines, 1):
                word = next((w for w in STAGE_WORDS if w in line), None)
                if word and (number <= front or own.search(line)):
                    out.append(Problem(project.shown(page.src), number, "stage-word",
                                       f"（警告）確定した文書に「{word}」が残っています: {line.strip()[:60]}"))
    return out


def _self_reference(pub: Publication) -> re.Pattern:
    """A body line in which the document names itself by a stage word."""
    title = pub.title
    for word in STAGE_WORDS:
        title = title.replace(word, "")
    words = "|".join(re.escape(w) for w in STAGE_WORDS)
    return re.compile(rf"^\s*#|(この|本|当)\s*({words}|案)|{re.escape(title.strip())}\s*({words})")


class Refused(Exception):
    """`kohyo stage` refuses: the message is for the editor, nothing was written."""


def check_stage(project: Project, pub_id: str, stage: str, day: dt.date) -> Publication:
    """Every reason not to move `pub_id` to `stage` on `day`, as one Japanese message."""
    pub = next((p for p in project.publications if p.id == pub_id and p.kind == "plan"), None)
    if pub is None:
        names = "、".join(p.id for p in project.publications if p.kind == "plan")
        raise Refused(f"公表物「{pub_id}」がありません。使える公表物: {names}")
    kept = versions.versions_of(project.root, pub.id)
    index = project.shown(pub.index.src)
    reasons = []
    if any(v.date == day and v.stage == stage for v in kept):
        reasons.append(f"versions/{pub.id}/{day.isoformat()}-{stage}/ は保存済みです。同じ日付・同じ段階の版は"
                       "二度保存できません（保存した版は変えません）。")
    latest = max([STATUSES.index(v.stage) for v in kept] + [STATUSES.index(pub.status)])
    if STATUSES.index(stage) < latest:
        reasons.append(f"{index}:{pub.index.line_of('status')}: 段階を戻すことはできません（今は「{STATUSES[latest]}」"
                       f"まで進んでいます。「{stage}」は前の段階です）。内容を改めるときは、同じ段階で新しい日付の版を"
                       "保存してください。")
    if kept and day < kept[-1].date:
        reasons.append(f"日付 {day.isoformat()} は、保存済みの最新の版（{kept[-1].slug}）より前です。")
    if stage == "確定":
        for c in project.consultations:
            if pub.id in c.meta.get("targets", []) and c.status != "結果公表":
                reasons.append(f"{project.shown(c.page.src)}:{c.page.line_of('consultation_status')}: 意見募集"
                               f"「{c.meta.get('title', c.id)}」の結果がまだ公表されていません（今は「{c.status}」）。"
                               "kohyo consult publish で結果を公表してから確定にしてください。")
    if reasons:
        raise Refused("\n".join(reasons))
    return pub


def sources_newer_than(pub_dir: Path, built: Path) -> bool:
    if not built.is_file():
        return True
    made = built.stat().st_mtime
    return any(p.stat().st_mtime > made for p in pub_dir.rglob("*") if p.is_file())


def run_stage(args, build) -> str:
    """Check, set the stage in index.md, build when the build is missing or older than the
    sources, keep the version. Any refusal leaves index.md as it was."""
    from mkdocs.config import load_config

    from . import dates, privacy
    from .check import load_checked
    from .mkdocs.plugin import renderer_for
    from .problems import format_report

    try:
        day = dt.date.fromisoformat(args.date)
    except ValueError:
        raise Refused(f"日付「{args.date}」は YYYY-MM-DD の形で、実在する日付を書いてください。") from None
    config = load_config(args.config)
    root = Path(config.config_file_path).parent
    build_date = dates.build_date(dt.date.fromisoformat(args.build_date) if args.build_date else None)
    project, problems = load_checked(root, Path(config.docs_dir), build_date, renderer_for(config))
    problems += privacy.scan_sources(project, privacy.load_guard(project))
    if problems:
        raise Refused(format_report(problems) + "\nkohyo check で見つかる誤りを直してから、もう一度実行してください。")
    pub = check_stage(project, args.publication, args.stage, day)
    index = project.content_dir / pub.index.src
    before = index.read_bytes()
    values = {"status": args.stage, "published": day.isoformat()}
    if "updated" in pub.index.meta:
        values["updated"] = day.isoformat()
    after = versions.set_front_matter(before.decode("utf-8"), values)
    build_dir = (root / args.output).resolve()
    site_pub = build_dir / "site" / pub.index.url
    written = after.encode("utf-8") != before
    if written:
        index.write_text(after, encoding="utf-8")
    try:
        if sources_newer_than(project.content_dir / pub.folder, site_pub / "index.html"):
            print(f"{pub.id} の今の原稿でビルドします（PDF・Word を作るので数分かかります）……")
            if build(args):  # its report is printed above
                raise Refused("ビルドできなかったため、版を保存できません。")
        if not versions.published_files(site_pub) and pub.meta.get("pdf", True) is not False:
            raise Refused(f"{site_pub} に PDF などの公表したファイルがありません。kohyo build で作ってから、"
                          "もう一度実行してください。")
        meetings = (pub.meeting_list.src.rsplit("/", 2)[-2],) if pub.meeting_list is not None else ()
        version = versions.freeze(root, project.content_dir / pub.folder, pub.id, day, args.stage, site_pub, meetings)
    except OSError as exc:
        index.write_bytes(before)
        raise Refused(f"版を保存できませんでした（{exc.strerror or exc}: {exc.filename or root / versions.VERSIONS_DIR}）。"
                      "空き容量と書き込みの権限を確認してください。") from None
    except BaseException:
        index.write_bytes(before)
        raise
    kept = ", ".join(p.name for p in version.files)
    return (f"「{pub.title}」を{args.stage}（{day.isoformat()}）にしました"
            + (f"（{project.shown(pub.index.src)} の {'・'.join(values)} を書き換えました）。\n" if written else
               f"（{project.shown(pub.index.src)} はすでにこの段階と日付です）。\n")
            + f"保存した版: {version.folder.relative_to(root).as_posix()}/（原稿と {kept}）\n"
            f"次のビルドから {pub.index.url}versions/{version.slug}/ で公開されます。versions/ と {project.shown(pub.index.src)} を"
            "commit してください。")

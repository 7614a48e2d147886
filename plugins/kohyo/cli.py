"""The `kohyo` command: build, serve, check, new. Messages are in Japanese for editors."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
from pathlib import Path

from . import dates
from .model.publication_schema import STATUSES
from .problems import WARN_UNTIL_BUILD, format_report



def _new_kinds() -> list[str]:
    """The page types `kohyo new` makes (those with an archetype; kohyo.scaffold.KINDS)."""
    from .model.schema import PAGE_TYPES

    return [t.name for t in PAGE_TYPES.values() if t.new_title]


def _load_config(config_file: str, site_id: str | None = None, **overrides):
    """mkdocs.yml as one site of sites.yml sees it (the first site when `site_id` is None)."""
    from mkdocs.config import load_config

    from . import sites

    config = load_config(config_file, **overrides)
    chosen, problems = sites.select(Path(config.config_file_path).parent, site_id, config.site_name,
                                    config.site_url or "", config.docs_dir,
                                    config.plugins["kohyo"].config.organisation)
    if problems:
        raise SitesProblem(problems)
    config.plugins["kohyo"].config.site = chosen.site.id
    sites.apply(config, chosen)
    return config


class SitesProblem(Exception):
    """sites.yml has faults: nothing is built or checked."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__(format_report(problems))


def _site_ids(config_file: str) -> list:
    """The project's sites, outer build/site folders first (kohyo.sites.build_order)."""
    from mkdocs.config import load_config

    from . import sites

    config = load_config(config_file)
    found, problems = sites.load_sites(Path(config.config_file_path).parent, default_name=config.site_name,
                                       default_url=config.site_url or "",
                                       default_organisation=config.plugins["kohyo"].config.organisation)
    if problems:
        raise SitesProblem(problems)
    return sites.build_order(found)


def _set_build_date(config, value: str | None) -> None:
    if value:
        config.plugins["kohyo"].config.build_date = value


def _set_outputs(config, build_dir: Path, stage: Path) -> None:
    """PDF cache beside the build (it outlives builds); print PDFs into the stage with the site."""
    plugin = config.plugins["kohyo"].config
    plugin.cache_dir = str(build_dir / ".cache")
    plugin.print_dir = str(stage / "print")


def cmd_check(args) -> int:
    """Every site of sites.yml (or the one --site names), one after the other."""
    try:
        ids = [s.id for s in _site_ids(args.config)] if not args.site else [args.site]
    except SitesProblem as exc:
        print(f"{exc}\nサイトの設定（sites.yml）を直してください。", file=sys.stderr)
        return 1
    failed, shown = 0, set()
    for site_id in ids:
        if len(ids) > 1:
            print(f"【{site_id}】")
        failed |= _check_site(args, site_id, shown)
    return failed


def _check_site(args, site_id, shown: set) -> int:
    """Check one site; `shown`: problems already reported with another site (a fault in the
    shared content/_data is the same fault for every site: named once)."""
    from . import privacy
    from .check import load_checked
    from .mkdocs.plugin import renderer_for
    from .scaffold import placeholders_in

    try:
        config = _load_config(args.config, site_id)
    except SitesProblem as exc:
        print(f"{exc}\nサイトの設定（sites.yml）を直してください。", file=sys.stderr)
        return 1
    root = Path(config.config_file_path).parent
    chosen = _chosen(config)
    build_date = dates.build_date(dt.date.fromisoformat(args.build_date) if args.build_date else None)
    from .outputs.pipeline import open_cache

    cache = open_cache(root / config.plugins["kohyo"].config.cache_dir, chosen.site.id)
    project, problems = load_checked(root, Path(config.docs_dir), build_date, renderer_for(config), cache,
                                     skip=chosen.skip, organisation=chosen.site.publisher)
    guard = privacy.load_guard(project)
    problems += privacy.scan_sources(project, guard)
    failed_before = bool(set(problems) & shown)
    problems = [p for p in problems if p not in shown]
    shown.update(problems)
    if guard.problems and not set(guard.problems) <= shown:  # `build` stops on these; a check only warns, so staff can work without the key
        print("注意: 個人情報の照合ができません（make build はここで止まります）:\n" + format_report(guard.problems),
              file=sys.stderr)
        shown.update(guard.problems)
    for src in sorted(project.drafts):
        line, text = placeholders_in(project.pages[src])[0]
        print(f"下書き: {project.shown(src)}:{line} にひな形の仮の文字「{text}」などが残っているため、一覧・フィード・"
              "カレンダーに出ず、公開もされません（make serve のプレビューには出ます）。仮の文字を書き換えると公開されます。")
    # Stand-in text in a listed page is a warning here, so an editor can check a page while
    # writing it; the build (which publishes) stops on it. Everything else fails the check.
    warnings = [p for p in problems if p.code in WARN_UNTIL_BUILD]
    problems = [p for p in problems if p.code not in WARN_UNTIL_BUILD]
    if warnings:
        print("注意（make build はここで止まります）:\n" + "\n".join(map(str, sorted(warnings))), file=sys.stderr)
    if problems:
        print(format_report(problems), file=sys.stderr)
        return 1
    if failed_before:
        print("このサイトの問題は、上に示したものと同じです（共通のファイル）。", file=sys.stderr)
        return 1
    cache.commit(prune=False)  # the charts it drew serve the next build (which keeps its outputs' entries)
    print(f"問題は見つかりませんでした（{len(project.pages)} ページ、公表物 {len(project.publications)} 件）。"
          + (f"ただし、注意が {len(warnings)} 件あります。" if warnings else ""))
    return 0


def _chosen(config):
    from . import sites

    chosen, _ = sites.select(Path(config.config_file_path).parent, config.plugins["kohyo"].config.site,
                             config.site_name, config.site_url or "", config.docs_dir,
                             config.plugins["kohyo"].config.organisation)
    return chosen


def cmd_build(args) -> int:
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, MkDocsException

    from .staging import BuildBusy, staged

    config_file = Path(args.config).resolve()
    build_dir = (config_file.parent / args.output).resolve()
    kept = f"{build_dir / 'site'} は前回のビルドのまま残っています。"
    try:
        order = _site_ids(str(config_file))
        with staged(build_dir) as stage:
            # Every site into the one build/site (each in its `path` folder, outer ones first),
            # then the links between them: the release becomes current only if all of it holds.
            for site in order:
                if len(order) > 1:
                    print(f"サイト「{site.name}」を作っています（build/site/{site.path}）。")
                config = _load_config(str(config_file), site.id, site_dir=str(stage / "site" / site.path))
                _set_build_date(config, args.build_date)
                _set_outputs(config, build_dir, stage)
                if args.no_pdf:
                    config.plugins["kohyo"].config.pdf = False
                build(config)
            from .sites import cross_site_problems

            problems = cross_site_problems(config_file.parent, order, stage / "site")
            if problems:
                print(format_report(problems), file=sys.stderr)
                raise CrossSiteLinks()
    except SitesProblem as exc:
        print(f"{exc}\nサイトの設定（sites.yml）を直してください。何も作っていません。", file=sys.stderr)
        return 1
    except CrossSiteLinks:
        print(f"\nサイトの間のリンクに問題があるため、ビルドは中止しました。{kept}", file=sys.stderr)
        return 1
    except BuildBusy:
        print(f"別のビルドが {build_dir} を使っています。終わるのを待ってから、もう一度実行してください。", file=sys.stderr)
        return 1
    except MkDocsException as exc:
        # MkDocs' Abort only says "Aborted with a BuildError!"; kohyo's report was logged above.
        detail = "" if isinstance(exc, Abort) else f"\n{exc}\n"
        print(f"{detail}\nビルドは中止しました。{kept}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"ファイルを書き込めなかったため、ビルドを中止しました（{_os_reason(exc)}: {exc.filename or build_dir}）。"
              f"{kept}", file=sys.stderr)
        return 1
    print(f"ビルドが完了しました: {build_dir / 'site'}")
    return 0


class CrossSiteLinks(Exception):
    """A link from one site to another does not resolve in the other's output."""


def _os_reason(exc: OSError) -> str:
    import errno

    return {errno.ENOSPC: "ディスクの空き容量がありません", errno.EACCES: "書き込みの権限がありません",
            errno.EROFS: "読み取り専用の場所です", errno.EDQUOT: "容量の上限を超えました"}.get(
        exc.errno, "ファイルの読み書きに失敗しました")


def cmd_serve(args) -> int:
    from .preview import serve

    return serve(args.config, args.dev_addr, args.site)


def _project_for(args):
    """The project loaded and validated as a build loads it (kohyo.pipeline), without building:
    for staff commands, which write into content/ only from content that passed its checks.
    Raises ContentError with every problem, except in the records an import replaces; stand-in
    text and a guard without its key are shown as notes, as `kohyo check` shows them."""
    from .mkdocs.plugin import renderer_for
    from .pipeline import load_and_validate
    from .problems import ContentError

    config = _load_config(args.config)
    root = Path(config.config_file_path).parent
    renderer = renderer_for(config)
    loaded = load_and_validate(root, Path(config.docs_dir), dates.build_date(), renderer,
                               root / config.plugins["kohyo"].config.cache_dir, publishing=False)
    replaced = set()
    if getattr(args, "action", None) == "import":  # re-importing the sheet is how its records are fixed
        from .consultations.model import OPINIONS_FILE

        replaced = {loaded.project.shown(f"{c.folder}/{OPINIONS_FILE}")
                    for c in loaded.project.consultations if c.id == args.consultation}
    problems = [p for p in loaded.problems if p.path not in replaced]
    if problems:
        print("コンテンツに問題があるため、この操作はできません（kohyo check と同じ検査です）:", file=sys.stderr)
        raise ContentError(problems)
    if len(problems) < len(loaded.problems):
        print("注意: 意見の記録に次の問題があります（取り込みで置き換わる記録は直ります。残ったものは kohyo check で確認してください）:\n"
              + "\n".join(str(p) for p in sorted(set(loaded.problems) - set(problems))), file=sys.stderr)
    if loaded.guard_warnings:
        print("注意: 個人情報の照合ができません（make build はここで止まります）:\n"
              + format_report(loaded.guard_warnings), file=sys.stderr)
    if loaded.held:
        print("注意（make build はここで止まります）:\n" + "\n".join(map(str, sorted(loaded.held))), file=sys.stderr)
    return loaded.project, renderer, root, config


def cmd_consult(args) -> int:
    from .consultations import commands
    from .problems import ContentError

    if args.action == "key":
        from .privacy import keys

        print(f"照合用の新しい鍵です。ほかの人に見えない場所に保管し、環境変数 {keys.ENV} に設定してください"
              f"（CI ではリポジトリの Secrets に {keys.ENV} として登録）。git には入れないでください。\n{keys.new_key()}")
        return 0
    try:
        project, renderer, root, config = _project_for(args)
        # The same folder the build's privacy guard reads (plugin option private_dir).
        private_dir = root / (args.private or config.plugins["kohyo"].config.private_dir)
        if args.action == "import":
            key, sample_key = commands.intake_key(root, args.consultation)
            print(commands.import_sheet(project, renderer, args.consultation, Path(args.file), private_dir, key,
                                        sample_key))
        elif args.action == "fingerprint":
            print(commands.refingerprint(project, args.consultation, private_dir))
        elif args.action == "status":
            print(commands.status_report(project, renderer, args.consultation))
        elif args.action == "review":
            path = commands.review_page(project, args.consultation, private_dir, private_dir / "review")
            print(f"庁内確認用のページを作りました（公開しないでください）: {path}")
        elif args.action == "publish":
            on = dt.date.fromisoformat(args.date) if args.date else dates.build_date()
            print(commands.publish(project, args.consultation, on))
    except ContentError as exc:
        print(str(exc), file=sys.stderr)
        print("何も書き込んでいません。", file=sys.stderr)
        return 1
    return 0


def cmd_stage(args) -> int:
    """`kohyo stage PUBLICATION STAGE --date`: keep what is published as a version (kohyo.stages)."""
    from .stages import Refused, run_stage

    try:
        print(run_stage(args, cmd_build))
    except Refused as exc:
        print(f"{exc}\n段階を変えていません。何も書き込んでいません。", file=sys.stderr)
        return 1
    return 0


def cmd_center(args) -> int:
    """`kohyo center registered`: record what was registered with the national site, so the next
    export marks only what changed since."""
    from .center.export import SNAPSHOT, snapshot_text
    from .check import load_checked
    from .mkdocs.plugin import renderer_for

    from .center.data import CENTER_FILE

    try:  # the site whose content folder holds the center's data (sites.yml)
        ids = [s.id for s in _site_ids(args.config)]
    except SitesProblem as exc:
        print(f"{exc}\nサイトの設定（sites.yml）を直してください。", file=sys.stderr)
        return 1
    configs = [_load_config(args.config, site_id) for site_id in ids]
    config = next((c for c in configs if (Path(c.docs_dir) / CENTER_FILE).is_file()), configs[0])
    root = Path(config.config_file_path).parent
    project, problems = load_checked(root, Path(config.docs_dir), dates.build_date(), renderer_for(config))
    if problems:
        print(format_report(problems), file=sys.stderr)
        print("コンテンツに問題があるため、登録の記録を書きませんでした。", file=sys.stderr)
        return 1
    if project.center is None or project.center.info is None:
        print("支援センターのページがないため、記録するものがありません。", file=sys.stderr)
        return 1
    on = dt.date.fromisoformat(args.date) if args.date else dates.build_date()
    target = project.content_dir / SNAPSHOT
    target.write_text(snapshot_text(project.center, config.site_url or "", on.isoformat()), encoding="utf-8")
    print(f"全国センターのサイトへの登録（{on.isoformat()}）を記録しました: {project.shown(SNAPSHOT)}\n"
          "このファイルを commit してください。次のビルドから、書き出し（registration.json・.csv）は"
          "この登録からの変更を示します。")
    return 0


def cmd_new(args) -> int:
    from .scaffold import create

    try:
        path, notes = create(Path(args.content), args.kind, args.path, args.title)
    except (FileExistsError, ValueError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"作成しました: {path}")
    for note in notes:
        print(note)
    return 0


def cmd_import(args) -> int:
    """`kohyo import FILE --publication ID`: a new publication from a Word or Markdown file."""
    from .importer import run_import
    from .problems import ContentError

    config = _load_config(args.config)
    root = Path(config.config_file_path).parent
    content_dir = Path(config.docs_dir)
    shown = content_dir.relative_to(root).as_posix() if content_dir.is_relative_to(root) else str(content_dir)
    try:
        today = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
    except ValueError:
        print(f"公表日「{args.date}」は日付として読めません。YYYY-MM-DD の形で書いてください（例: 2026-11-20）。"
              "何も書き込んでいません。", file=sys.stderr)
        return 1
    try:
        _, notes, chapters = run_import(Path(args.file), content_dir, shown, args.publication,
                                             args.department, args.status, today)
    except ContentError as exc:
        print("\n".join(str(p) for p in exc.problems) + "\n取り込みをやめました。何も書き込んでいません。", file=sys.stderr)
        return 1
    except Exception as exc:  # never a traceback for an editor
        print(f"{args.file}: [import-file] 取り込み中に予期しない問題が起きました（{type(exc).__name__}）。"
              "何も書き込んでいません。文書を Word で保存し直してから、もう一度試してください。", file=sys.stderr)
        return 1
    where = f"{shown}/{args.publication}"
    print(f"取り込みました: {where}/（index.md と {chapters} 章）")
    if notes:
        print(f"次の {len(notes)} か所は自動で変換しきれませんでした。ファイルを開いて確認してください:")
        print("\n".join(str(p) for p in sorted(notes)))
    print("確認が済んだら kohyo check で検査し、make serve で表示を確かめてください。")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kohyo", description="公表資料のサイト・PDF などを、sites.yml のサイトごとに作ります。")
    parser.add_argument("-f", "--config", default="mkdocs.yml", help="設定ファイル（既定: mkdocs.yml）")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="コンテンツを検査し、build/ にサイトを作る")
    p.add_argument("--output", default="build", help="出力先フォルダ（既定: build）")
    p.add_argument("--build-date", help="この日付の時点としてビルドする（YYYY-MM-DD）")
    p.add_argument("--no-pdf", action="store_true", help="PDF を作らない（サイトだけを作る）")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("check", help="コンテンツの誤りをすべて表示する（何も書き出さない）")
    p.add_argument("--build-date", help="この日付の時点として検査する（YYYY-MM-DD）")
    p.add_argument("--site", help="sites.yml のこのサイトだけを検査する（既定: すべてのサイト）")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("serve", help="編集しながら確認できるプレビューを開く")
    p.add_argument("--dev-addr", default="127.0.0.1:8000", help="待ち受けるアドレス（既定: 127.0.0.1:8000）")
    p.add_argument("--site", help="sites.yml のこのサイトを表示する（既定: 最初のサイト）")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("consult", help="パブリックコメント: 受付票の取り込み、進み具合、庁内確認、結果公表")
    p.add_argument("action", choices=["import", "status", "review", "publish", "key", "fingerprint"],
                   help="import: 受付票を取り込む / status: 進み具合 / review: 庁内確認用ページ / publish: 結果公表 / "
                        "key: 照合用の鍵を作る / fingerprint: private/ から照合データを作り直す")
    p.add_argument("file", nargs="?", help="import する受付票（.xlsx または .csv）")
    p.add_argument("--consultation", help="意見募集のフォルダ名（content/consultations/ の下）")
    p.add_argument("--private", help="個人情報の保存先（既定: mkdocs.yml の private_dir、なければ private）")
    p.add_argument("--date", help="publish: 結果公表日（YYYY-MM-DD、既定: 今日）")
    p.set_defaults(func=cmd_consult)

    p = sub.add_parser("stage", help="公表物の段階を進め、公表した版（原稿と PDF・Word）を versions/ に保存する")
    p.add_argument("publication", help="公表物のフォルダ名（例: ict-strategy）")
    p.add_argument("stage", choices=list(STATUSES), help="新しい段階")
    p.add_argument("--date", required=True, help="その段階で公表した日（YYYY-MM-DD）")
    p.add_argument("--output", default="build", help="ビルドの出力先フォルダ（既定: build）")
    p.add_argument("--build-date", help="ビルドするときの日付（YYYY-MM-DD）")
    p.set_defaults(func=cmd_stage, no_pdf=False)

    p = sub.add_parser("center", help="支援センター: 全国センターのサイトへ登録したことを記録する")
    p.add_argument("action", choices=["registered"], help="registered: 今のセンターの情報を登録済みとして記録する")
    p.add_argument("--date", help="登録した日（YYYY-MM-DD、既定: 今日）")
    p.set_defaults(func=cmd_center)

    p = sub.add_parser("new", help="ひな形から新しいページを作る")
    p.add_argument("kind", choices=_new_kinds(), help="作るページの種類")
    p.add_argument("path", help="content/ からの置き場所（例: climate-plan/11-column.md、new-plan）。"
                                "seminar・news・expert・case はファイル名だけでよい（例: 2027-02-10-roumu）")
    p.add_argument("--title", default="", help="ページのタイトル")
    p.add_argument("--content", default="content", help="コンテンツのフォルダ（既定: content）")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("import", help="Word（.docx）や Markdown（.md）の文書から新しい公表物を作る")
    p.add_argument("file", help="取り込む文書（.docx または .md）")
    p.add_argument("--publication", help="新しい公表物の ID（content/ の下のフォルダ名、例: digital-plan）")
    p.add_argument("--department", help="所管課のキー（content/_data/departments.yml の一覧から）")
    p.add_argument("--status", default="素案", help="段階（既定: 素案）")
    p.add_argument("--date", help="公表日（YYYY-MM-DD、既定: 今日）")
    p.set_defaults(func=cmd_import)

    args = parser.parse_args(argv)
    if getattr(args, "action", None) in ("import", "review", "publish", "fingerprint") and not args.consultation:
        parser.error("--consultation で意見募集のフォルダ名を指定してください")
    if args.command == "import" and not args.publication:
        parser.error("--publication で新しい公表物の ID（content/ の下のフォルダ名、例: digital-plan）を指定してください")
    if getattr(args, "action", None) == "import" and not args.file:
        parser.error("取り込む受付票のファイルを指定してください")
    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    # MkDocs adds an English "Aborted with a BuildError!" after kohyo's own Japanese report.
    logging.getLogger("mkdocs.commands.build").addFilter(lambda r: "Aborted with" not in r.getMessage())
    logging.getLogger("mkdocs.plugins.kohyo").setLevel(logging.INFO)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())

"""`kohyo import`: start a publication from a Word file or one long Markdown file.

pandoc reads the document (Word's heading numbers first recovered by wordnum) and writes
Markdown in the dialect kohyo renders (Python-Markdown: pipe tables, footnotes, {#id}
headings, 4-space nested lists). split.py then cuts it into chapter files at the top-level
headings, moves footnotes, images and links to where they now live, and lists every place an
editor must look at. Everything is written to a hidden folder first and renamed into place at
the end, so a refusal or a failure leaves content/ untouched.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import yaml

from ..model.loader import DEPARTMENTS_FILE
from ..model.publication_schema import STATUSES
from ..problems import ContentError, Problem
from . import split, wordnum

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Folders the site already uses for itself (theme files, search index, kept versions).
_RESERVED = {"assets", "search", "stylesheets", "javascripts", "versions", "print", "images", "files"}
# The Markdown kohyo renders: Python-Markdown with tables, footnotes and attr_list. four_space_rule
# makes pandoc indent nested lists by 4 spaces, which Python-Markdown needs (GitHub takes 2).
_WRITER = ("markdown_strict+pipe_tables+footnotes+header_attributes+raw_html+backtick_code_blocks"
           "+four_space_rule")
_READERS = {".docx": "docx", ".md": "gfm", ".markdown": "gfm"}


def _refuse(path: str, code: str, message: str) -> ContentError:
    return ContentError([Problem(path, 0, code, message)])


def _departments(content_dir: Path) -> dict:
    try:
        data = yaml.safe_load((content_dir / DEPARTMENTS_FILE).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        data = {}
    return data if isinstance(data, dict) else {}


def check_target(source: Path, content_dir: Path, shown_content: str, pub_id: str, department: str | None,
                 status: str) -> None:
    """Refuse before anything is written: a wrong ID, an existing folder, an unknown department."""
    where = f"{shown_content}/{pub_id}"
    if not _ID_RE.match(pub_id or "") or pub_id in _RESERVED:
        raise _refuse(where, "import-target", f"公表物の ID「{pub_id}」は使えません。半角英小文字・数字・ハイフンだけで"
                                              "書いてください（例: digital-plan）。フォルダ名と URL になります"
                                              f"（{'・'.join(sorted(_RESERVED))} はサイトが使うため使えません）。")
    if (content_dir / pub_id).exists():
        raise _refuse(where, "import-target", f"{where} はすでにあります。上書きはしません。別の ID を指定するか、"
                                              "今のフォルダを移してから取り込み直してください。")
    keys = list(_departments(content_dir))
    listed = "、".join(keys) or "（一覧が空です）"
    if not department or department not in keys:
        said = f"「{department}」は {shown_content}/{DEPARTMENTS_FILE} にありません。" if department else \
            "所管課を --department で指定してください。"
        raise _refuse(f"{shown_content}/{DEPARTMENTS_FILE}", "import-target",
                      f"{said}使えるキー: {listed}（例: --department {keys[0] if keys else 'ict-planning'}）")
    if status not in STATUSES:
        raise _refuse(where, "import-target", f"段階「{status}」は使えません。{'・'.join(STATUSES)} の"
                                              "どれかを --status で指定してください。")
    suffix = source.suffix.lower()
    if suffix not in _READERS:
        raise _refuse(str(source), "import-file", "取り込めるのは Word の .docx か Markdown の .md です"
                                                  "（.doc は Word で .docx として保存し直してください）。")
    if not source.is_file():
        raise _refuse(str(source), "import-file", "取り込むファイルが見つかりません。パスを確かめてください。")


def _pandoc(args: list[str], cwd: Path, source: str) -> str:
    from ..office.docx import pandoc_path

    try:
        result = subprocess.run([pandoc_path(), "--sandbox", "--wrap=none", "-t", _WRITER, *args], cwd=cwd,
                                capture_output=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise _refuse(source, "import-file", f"変換プログラム（pandoc）を実行できませんでした（{type(exc).__name__}）。")
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise _refuse(source, "import-file", "ファイルを読めませんでした。壊れているか、Word・Markdown の形式では"
                                             f"ありません（pandoc: {detail[0][:200]}）。")
    return result.stdout.decode("utf-8", "replace")


def convert(source: Path, work: Path) -> tuple[str, split.Origin]:
    """The document as kohyo Markdown, and where its images and title come from."""
    if source.suffix.lower() == ".docx":
        try:
            data, scan = wordnum.recover(source.read_bytes())
        except Exception as exc:  # a zip or XML that is not a Word file: a message, never a traceback
            raise _refuse(str(source), "import-file", "Word ファイル（.docx）として読めませんでした。Word で開いて"
                                                      f"「名前を付けて保存」で .docx として保存し直してください（{type(exc).__name__}）。")
        (work / "in.docx").write_bytes(data)
        text = _pandoc(["-f", "docx", "--extract-media=media", "in.docx"], work, str(source))
        return text, split.Origin(kind="docx", base=work, name=source.name, title=scan.title, unconvertible=scan.unconvertible,
                                  toc_removed=scan.toc_removed)
    raw = source.read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _refuse(str(source), "import-file", "Markdown ファイルが UTF-8 ではありません。UTF-8 で保存し直してください。")
    meta, skipped, body = front_matter(raw.decode("utf-8"), str(source))
    (work / "in.md").write_text(body, encoding="utf-8")
    text = _pandoc(["-f", "gfm+footnotes", "in.md"], work, str(source))
    title = meta.pop("title", "")
    return text, split.Origin(kind="md", base=source.parent, name=source.name, title=title, meta=meta,
                              skipped=skipped)


# Front matter fields of an imported Markdown file that mean the same in a kohyo publication;
# status and department come from the command line, anything else is listed for the editor.
KEPT_FIELDS = ("title", "short_title", "subtitle", "description", "keywords", "version")
_FRONT = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


def front_matter(text: str, source: str) -> tuple[dict, list[str], str]:
    """(kept fields, names of the fields left out, the body). pandoc's gfm reader drops a YAML
    block without a word; its title and description belong in index.md. The body keeps its line
    count (the block becomes blank lines) so pandoc's view of the file matches the editor's."""
    m = _FRONT.match(text)
    if not m:
        return {}, [], text
    try:
        data = yaml.safe_load(m.group(1) or "") or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ContentError([Problem(source, (mark.line + 2) if mark else 1, "import-file",
                                    "先頭の front matter（--- と --- の間）を YAML として読めませんでした"
                                    f"（{getattr(exc, 'problem', None) or exc}）。直してから取り込み直してください。")]) from None
    if not isinstance(data, dict):
        data = {}
    kept, skipped = {}, []
    for key, value in data.items():
        if key in KEPT_FIELDS and isinstance(value, (str, int, float)) and str(value).strip():
            kept[key] = str(value).strip()
        elif key == "keywords" and isinstance(value, list) and all(isinstance(v, (str, int)) for v in value):
            kept[key] = [str(v) for v in value]
        else:
            skipped.append(str(key))
    return kept, skipped, "\n" * m.group(0).count("\n") + text[m.end():]


def run_import(source: Path, content_dir: Path, shown_content: str, pub_id: str, department: str | None,
               status: str = "素案", today: dt.date | None = None) -> tuple[Path, list[Problem], int]:
    """Import `source` as content/<pub_id>/. Returns (folder, notes for the editor, chapter count);
    raises ContentError, with nothing written, when it refuses."""
    check_target(source, content_dir, shown_content, pub_id, department, status)
    today = today or dt.date.today()
    with tempfile.TemporaryDirectory(prefix="kohyo-import-") as tmp:
        work = Path(tmp)
        text, origin = convert(source, work)
        fallback = source.stem
        result = split.split(text, origin, f"{shown_content}/{pub_id}", fallback, department, status, today)
        staging = content_dir / f".import-{pub_id}"  # dot folder: never read by a build while it is made
        shutil.rmtree(staging, ignore_errors=True)
        try:
            staging.mkdir(parents=True)
            for name, body in result.files.items():
                (staging / name).write_text(body, encoding="utf-8")
            if result.images:
                (staging / "images").mkdir()
                for name, src in result.images.items():
                    shutil.copyfile(src, staging / name)  # name is images/…
            staging.rename(content_dir / pub_id)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return content_dir / pub_id, result.notes, len(result.chapters)

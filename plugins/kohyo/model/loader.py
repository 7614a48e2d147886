"""Load content/ into a validated Project, collecting every problem at once."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from pathlib import Path, PurePosixPath

import yaml

from ..render.editor import nfc
from ..problems import Problem
from . import frontmatter
from .project import Department, Page, Project, Publication
from .schema import COLLECTIONS, FIELDS, PAGE_TYPES, Field

DATA_DIR = "_data"
DEPARTMENTS_FILE = f"{DATA_DIR}/departments.yml"
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DEPARTMENT_KEYS = ("name", "address", "tel", "fax", "email", "hours")
_TIME_RANGE_RE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-－~～〜]\s*(\d{1,2}):(\d{2})\s*$")
_URL_RE = re.compile(r"^https?://[^\s/]+\S*$")


def page_url(src: str) -> str:
    """The site URL of a page, as MkDocs makes it with directory URLs."""
    path = PurePosixPath(src)
    parent = "" if str(path.parent) == "." else f"{path.parent}/"
    if path.stem in ("index", "README"):
        return parent
    return f"{parent}{path.stem}/"


def content_files(content_dir: Path, skip: tuple[str, ...] = ()) -> list[str]:
    """Markdown pages below content_dir, POSIX-relative and sorted; _data and dot folders skipped."""
    return _scan(content_dir, skip)[0]


def _scan(content_dir: Path, skip: tuple[str, ...] = ()) -> tuple[list[str], list[str]]:
    """(pages, symlinks) below content_dir. Symbolic links are listed, never followed or read:
    one could bring a file from outside content/ (private records, system files) into the site.
    `skip`: folders (relative to content_dir) that are another site's content (kohyo.sites)."""
    pages, links = [], []
    for folder, dirs, files in os.walk(content_dir):  # followlinks=False
        here = Path(folder)
        dirs[:] = [d for d in dirs if (here / d).relative_to(content_dir).as_posix() not in skip]
        for name in dirs + files:
            if (here / name).is_symlink():
                links.append((here / name).relative_to(content_dir).as_posix())
        dirs[:] = sorted(d for d in dirs if not (here / d).is_symlink())
        for name in files:
            rel = (here / name).relative_to(content_dir)
            if name.endswith(".md") and not (here / name).is_symlink() and \
                    not any(part.startswith((".", "_")) for part in rel.parts):
                pages.append(rel.as_posix())
    return sorted(pages), sorted(links)


def symlink_problems(root: Path, content_dir: Path, skip: tuple[str, ...] = ()) -> list[Problem]:
    """Every symbolic link in content/, refused. MkDocs walks docs_dir following links (a link
    to a parent folder makes that walk endless), so a build should call this before MkDocs
    lists the files (on_pre_build); load() reports the same problems for `kohyo check`."""
    return [_symlink_problem(content_dir, link, _shown(root, content_dir, link)) for link in _scan(content_dir, skip)[1]]


def _shown(root: Path, content_dir: Path, src: str) -> str:
    return (content_dir / src).relative_to(root).as_posix() if content_dir.is_relative_to(root) else src


def _symlink_problem(content_dir: Path, link: str, shown: str) -> Problem:
    target = Path(os.path.realpath(content_dir / link))
    outside = not target.is_relative_to(Path(os.path.realpath(content_dir)))
    return Problem(shown, 0, "symlink",
                   "シンボリックリンク（ショートカットのようなもの）は使えません"
                   + ("（このリンクは content フォルダの外を指しています）" if outside else "") +
                   "。外のファイルが公開されないよう、kohyo はリンクをたどりません。リンクを消して、"
                   "実際のファイル（フォルダ）をここに置いてください。")


def load(root: Path, content_dir: Path, build_date: dt.date,
         generated: dict[str, str] | None = None, *, skip: tuple[str, ...] | None = None,
         shared_dir: Path | None = None, organisation: str | None = None) -> tuple[Project, list[Problem]]:
    """Read and validate all content. `generated` maps src -> Markdown made by kohyo itself.
    One site of several (kohyo.sites): `skip` the other sites' folders inside content_dir, and
    read departments.yml from `shared_dir` when content_dir has none (shared by every site)."""
    if skip is None or shared_dir is None or organisation is None:  # as sites.yml says (kohyo.sites)
        from ..sites import for_content

        found = for_content(root, content_dir)
        skip = found[0] if skip is None else skip
        shared_dir = found[1] if shared_dir is None else shared_dir
        organisation = found[2] if organisation is None else organisation
    project = Project(root=root, content_dir=content_dir, build_date=build_date, organisation=organisation)
    if skip:
        from ..sites import others_inside

        project.other_sites = others_inside(root, content_dir, skip)
    problems: list[Problem] = []

    def rel(src: str) -> str:
        return _shown(root, content_dir, src)

    pages, links = _scan(content_dir, tuple(skip))
    problems += [_symlink_problem(content_dir, link, rel(link)) for link in links]
    _check_data_files(content_dir, rel, problems)
    departments_dir = content_dir
    if shared_dir is not None and not (content_dir / DEPARTMENTS_FILE).is_file():
        departments_dir = shared_dir
    project.departments, departments_readable = _load_departments(
        departments_dir / DEPARTMENTS_FILE, _shown(root, departments_dir, DEPARTMENTS_FILE), problems)

    sources: dict[str, frontmatter.Source] = {}
    for src in pages:
        text, found = frontmatter.read_text(content_dir / src, rel(src), frontmatter.MAX_PAGE_BYTES)
        if text is None:  # kept as an unreadable page: links to it are not reported as broken
            parsed = frontmatter.Source(path=rel(src), body="", has_front_matter=True, readable=False)
        elif found:  # not UTF-8: only the body's heading ids are used, so that links to it resolve
            parsed, _ = frontmatter.parse(rel(src), text)
            parsed.meta, parsed.key_lines, parsed.readable = {}, {}, False
        else:
            parsed, found = frontmatter.parse(rel(src), text)
        problems += found
        sources[src] = parsed
        problems += _check_name(src, rel(src))
    for src, text in sorted((generated or {}).items()):
        sources[src], _ = frontmatter.parse(src, text)

    types = {s: p.meta.get("type") if isinstance(p.meta.get("type"), str) else None for s, p in sources.items()}
    pub_dirs = {str(PurePosixPath(s).parent) for s in sources
                if PurePosixPath(s).name == "index.md" and types[s] == "publication"}
    collection_dirs = {str(PurePosixPath(s).parent): COLLECTIONS[types[s]] for s in sources
                       if PurePosixPath(s).name == "index.md" and types[s] in COLLECTIONS}

    # A folder whose index.md cannot be read has no known kind (publication, seminar list…): its
    # other pages' fields are not checked against a guess, or one YAML fault in the index would
    # be reported again as missing fields in every chapter.
    unknown_dirs = {str(PurePosixPath(s).parent) for s, p in sources.items()
                    if PurePosixPath(s).name == "index.md" and not p.readable}
    for src, parsed in sources.items():
        guessed = str(PurePosixPath(src).parent) in unknown_dirs and PurePosixPath(src).name != "index.md" \
            and types[src] is None
        project.pages[src] = _page(project, src, parsed, _page_type(src, types[src], pub_dirs, collection_dirs),
                                   [] if guessed else problems, src in (generated or {}), departments_readable)

    _assemble_publications(project, pub_dirs)
    _assemble_collections(project, collection_dirs)
    problems += _assemble_meetings(project, collection_dirs, rel)
    problems += _check_duplicate_urls(project, rel)
    return project, problems


def _page(project: Project, src: str, parsed: frontmatter.Source, page_type: str, problems: list[Problem],
          generated: bool, departments_readable: bool = True) -> Page:
    meta = _validate(parsed, page_type, project, problems, departments_readable)
    return Page(src=src, url=page_url(src), type=page_type, title=str(meta.get("title") or ""),
                meta=meta, body=parsed.body, body_line=parsed.body_line, updated=meta.get("updated"),
                department=project.departments.get(meta.get("department")), generated=generated,
                key_lines=parsed.key_lines)


def add_generated(project: Project, src: str, text: str, page_type: str = "page",
                  origin: str | None = None) -> tuple[Page, list[Problem]]:
    """Add a page kohyo writes itself (a consultation's results), validated like any other: the
    caller passes the problems on to the build's, so a page made from bad data stops the build.
    `origin`: the content page it is made from. The generated file exists nowhere an editor can
    open it, so its problems name the origin, at the line of the same field there."""
    parsed, problems = frontmatter.parse(src, text)
    page = _page(project, src, parsed, page_type, problems, generated=True)
    project.pages[src] = page
    source = project.pages.get(origin) if origin is not None else None
    if source is not None:
        key_of = {line: key for key, line in parsed.key_lines.items()}
        problems = [Problem(project.shown(origin), source.line_of(key_of[p.line]) if p.line in key_of else 1, p.code,
                            f"このファイルから自動生成されるページ（/{page.url}）で: {p.message}")
                    for p in problems]
    return page, problems


def _check_data_files(content_dir: Path, rel, problems: list[Problem]) -> None:
    """Read every YAML file in _data once, so that one read later (center.yml by the center,
    accessibility.yml while rendering) is known to be readable YAML before the build starts."""
    folder = content_dir / DATA_DIR
    names = sorted(p.name for p in folder.iterdir()) if folder.is_dir() and not folder.is_symlink() else []
    for name in names:
        path = folder / name
        if f"{DATA_DIR}/{name}" == DEPARTMENTS_FILE or not name.endswith((".yml", ".yaml")) \
                or path.is_symlink() or not path.is_file():
            continue
        problems += frontmatter.read_yaml_file(path, rel(f"{DATA_DIR}/{name}"))[2]


def _load_departments(path: Path, shown: str, problems: list[Problem]) -> tuple[dict[str, Department], bool]:
    """(departments, readable): when the file cannot be read, pages naming a department are not
    reported one by one: the one problem with the file is."""
    if path.is_symlink():
        return {}, False  # reported as a symlink
    if not path.is_file():
        problems.append(Problem(shown, 1, "data-file", "所管課の一覧ファイルがありません。"))
        return {}, False
    node, data, found = frontmatter.read_yaml_file(path, shown)
    if found:
        problems += found
        return {}, False
    data = data or {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        problems.append(Problem(shown, 1, "data-file",
                                "所管課の一覧は「キー:」の下に name・address などを字下げして書きます。"))
        return {}, False
    lines = {k.value: k.start_mark.line + 1 for k, _ in node.value}
    departments = {}
    for key, entry in data.items():
        line = lines.get(str(key), 0)
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            problems.append(Problem(shown, line, "data-file", f"所管課「{key}」に name（課の名前）がありません。"))
            continue
        unknown = sorted(map(str, set(entry) - set(_DEPARTMENT_KEYS)))
        if unknown:
            problems.append(Problem(shown, line, "data-file",
                                    f"所管課「{key}」に使えない項目があります: {', '.join(unknown)}"
                                    f"（使える項目: {', '.join(_DEPARTMENT_KEYS)}）"))
        for k in _DEPARTMENT_KEYS:
            value = entry.get(k)
            if value is not None and not isinstance(value, (str, int)) or "\n" in str(value or ""):
                problems.append(Problem(shown, line, "data-file",
                                        f"所管課「{key}」の {k} は1行の文字で書きます。"))
        departments[str(key)] = Department(key=str(key), **{k: str(entry.get(k) or "") for k in _DEPARTMENT_KEYS})
    return departments, True


def _check_name(src: str, shown: str) -> list[Problem]:
    parts = PurePosixPath(src).with_suffix("").parts
    bad = [p for p in parts if not _NAME_RE.match(p) and p != "README"]
    if bad:
        return [Problem(shown, 1, "bad-filename",
                        f"ファイル名・フォルダ名「{bad[0]}」は URL になります。半角英小文字・数字・ハイフン（-）だけで"
                        "名前を付けてください（例: 01-basics.md）。")]
    return []


def _page_type(src: str, declared: str | None, pub_dirs: set[str], collection_dirs: dict[str, str]) -> str:
    """A declared type, else decided by the folder: chapters of a publication, items of a collection."""
    if declared in FIELDS["type"].choices:
        return declared
    path = PurePosixPath(src)
    if str(path.parent) in pub_dirs and path.name != "index.md":
        return "chapter"
    if str(path.parent) in collection_dirs and path.name != "index.md":
        return collection_dirs[str(path.parent)]
    return "page"


def _validate(parsed: frontmatter.Source, page_type: str, project: Project, problems: list[Problem],
              departments_readable: bool = True) -> dict:
    """Check the front matter against the page type; return only the valid values."""
    if not parsed.has_front_matter or not parsed.readable:
        return {}
    ptype = PAGE_TYPES[page_type]
    meta: dict = {}
    for key, value in parsed.meta.items():
        line = parsed.key_lines.get(key, 1)
        if key not in ptype.fields:
            if key in FIELDS:
                msg = f"項目「{key}」は{ptype.label}では使えません。"
            else:
                guess = difflib.get_close_matches(key, list(FIELDS), n=1)
                msg = f"項目「{key}」は使えません。" + (f"「{guess[0]}」の書き間違いではありませんか。" if guess else "")
            problems.append(Problem(parsed.path, line, "unknown-field",
                                    msg + f"{ptype.label}で使える項目: {', '.join(ptype.fields)}"))
            continue
        if FIELDS[key].kind == "department" and not departments_readable:
            continue  # departments.yml is broken: that one problem is reported, not one per page
        # NFC as the body (render/editor.py): a title typed with テ + U+3099 is the same title.
        value = nfc(value) if isinstance(value, str) else \
            [nfc(v) if isinstance(v, str) else v for v in value] if isinstance(value, list) else value
        problem = _check_value(FIELDS[key], value, project, parsed.path, line)
        if problem:
            problems.append(problem)
        else:
            meta[key] = value
    for key in ptype.required:
        if key not in parsed.meta:
            f = FIELDS[key]
            problems.append(Problem(parsed.path, 1, "missing-field",
                                    f"{ptype.label}には「{key}」（{f.label}）が必要です。例: {key}: {f.example}"))
    return meta


def _check_value(f: Field, value, project: Project, path: str, line: int) -> Problem | None:
    def wrong(expected: str) -> Problem:
        return Problem(path, line, "wrong-type",
                       f"「{f.name}」（{f.label}）には{expected}を書きます。例: {f.name}: {f.example}")

    def one_line(*texts) -> Problem | None:
        """One-line fields end up in headings, feeds and calendars: a line break there breaks them."""
        if any("\n" in t or "\r" in t for t in texts):
            return Problem(path, line, "multi-line",
                           f"「{f.name}」（{f.label}）は1行で書きます。「|」や「>」を使わず、改行を入れずに"
                           f"項目名と同じ行に書いてください。例: {f.name}: {f.example}")
        return None

    if f.kind == "text":
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return wrong("文字を \"\" で囲んで")
        if not isinstance(value, str) or not value.strip():
            return wrong("文字")
        return one_line(value)
    elif f.kind == "date":
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            shown = value if not isinstance(value, dt.datetime) else value.isoformat()
            return Problem(path, line, "invalid-date",
                           f"「{f.name}」（{f.label}）の日付「{shown}」が正しくありません。"
                           f"実在する日付を YYYY-MM-DD の形で書いてください。例: {f.name}: {f.example}")
    elif f.kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            return wrong("半角の整数")
    elif f.kind == "boolean":
        if not isinstance(value, bool):
            return wrong("true か false")
    elif f.kind == "text-list":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return wrong("[ ] で囲んだ語の一覧")
        return one_line(*value)
    elif f.kind in ("choice", "choice-list"):
        values = value if f.kind == "choice-list" and isinstance(value, list) else [value]
        if f.kind == "choice-list" and not isinstance(value, list):
            return wrong("[ ] で囲んだ一覧")
        bad = [v for v in values if not isinstance(v, str) or v not in f.choices]
        if bad:
            return Problem(path, line, "invalid-value",
                           f"「{f.name}」（{f.label}）に「{bad[0]}」は使えません。使える値: {' / '.join(f.choices)}")
    elif f.kind == "url":
        if not isinstance(value, str) or not _URL_RE.match(value.strip()):
            return wrong("https:// から始まるアドレス")
        return one_line(value)
    elif f.kind == "time-range":
        m = _TIME_RANGE_RE.match(value) if isinstance(value, str) else None
        if not m or not time_range(value):
            return Problem(path, line, "invalid-time",
                           f"「{f.name}」（{f.label}）の時刻「{value}」が正しくありません。始まりと終わりを 24時間制で、"
                           f"終わりを始まりより後にして \"\" で囲んで書いてください。例: {f.name}: {f.example}")
    elif f.kind == "image":
        if not isinstance(value, dict) or not isinstance(value.get("src"), str) or not value["src"].strip():
            return wrong("src（画像ファイル）と alt（代替テキスト）の組")
        unknown = sorted(map(str, set(value) - {"src", "alt"}))
        if unknown:
            return wrong(f"src と alt だけ（{', '.join(unknown)} は使えません）")
        if not isinstance(value.get("alt"), str) or not value["alt"].strip():
            return Problem(path, line, "missing-alt",
                           f"「{f.name}」（{f.label}）の画像「{value['src']}」に代替テキスト（alt）がありません。"
                           f"画像が見えない人にも伝わる説明を書いてください。例: {f.name}: {f.example}")
        return one_line(value["src"], value["alt"])
    elif f.kind == "link-list":
        ok = isinstance(value, list) and all(
            isinstance(v, dict) and set(v) == {"title", "url"} and all(isinstance(v[k], str) and v[k].strip()
                                                                      for k in ("title", "url")) for v in value)
        if not ok:
            return wrong("title（名前）と url（アドレス）の組の一覧")
        return one_line(*(v[k] for v in value for k in ("title", "url")))
    elif f.kind == "department":
        if not isinstance(value, str) or value not in project.departments:
            return Problem(path, line, "invalid-value",
                           f"所管課「{value}」は content/{DEPARTMENTS_FILE} にありません。"
                           f"使えるキー: {', '.join(sorted(project.departments))}")
    return None


def time_range(text: str) -> tuple[dt.time, dt.time] | None:
    """(start, end) of a validated "14:00-16:00"; None when impossible or not increasing."""
    m = _TIME_RANGE_RE.match(text)
    if not m:
        return None
    h1, m1, h2, m2 = map(int, m.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59 or (h2, m2) <= (h1, m1):
        return None
    return dt.time(h1, m1), dt.time(h2, m2)


def _assemble_collections(project: Project, collection_dirs: dict[str, str]) -> None:
    """Items inherit their list page's department, as chapters inherit their publication's."""
    for folder in collection_dirs:
        index = project.pages[f"{folder}/index.md"]
        for src, page in project.pages.items():
            if page.type == collection_dirs[folder] and str(PurePosixPath(src).parent) == folder:
                page.department = page.department or index.department
                page.updated = page.updated or page.meta.get("published")


def _assemble_meetings(project: Project, collection_dirs: dict[str, str], rel) -> list[Problem]:
    """A meeting list belongs to the publication whose folder holds it (content/<pub>/meetings/):
    the folder says it, so no field can name a publication that does not exist."""
    problems = []
    by_folder = {p.folder: p for p in project.publications}
    for folder, kind in sorted(collection_dirs.items()):
        if kind != "meeting":
            continue
        index = project.pages[f"{folder}/index.md"]
        pub = by_folder.get(str(PurePosixPath(folder).parent))
        if pub is None:
            problems.append(Problem(rel(index.src), index.line_of("type"), "invalid-value",
                                    "会議の一覧（type: meeting-list）は、公表物のフォルダの中のフォルダに置きます"
                                    "（例: content/ict-strategy/meetings/index.md）。どの公表物の会議かは、"
                                    "置いたフォルダで決まります。"))
            continue
        pub.meeting_list = index
        for src in sorted(s for s, p in project.pages.items() if p.type == "meeting" and s.startswith(folder + "/")):
            page = project.pages[src]
            for item in page.meta.get("materials", []):
                target = os.path.normpath(os.path.join(folder, item["url"].split("#")[0]))
                if "://" not in item["url"] and not (project.content_dir / target).is_file():
                    problems.append(Problem(rel(src), page.line_of("materials"), "broken-link",
                                            f"資料「{item['title']}」のファイル「{item['url']}」が見つかりません。"
                                            "この会議のファイルからの相対パス（例: files/shiryo1.pdf）か、"
                                            "https:// のアドレスを書いてください。"))
        pub.meetings = sorted((p for s, p in project.pages.items()
                               if p.type == "meeting" and str(PurePosixPath(s).parent) == folder),
                              key=lambda p: (p.meta.get("date") or dt.date.min, p.src))
    return problems


def _assemble_publications(project: Project, pub_dirs: set[str]) -> None:
    for folder in sorted(pub_dirs):
        index = project.pages[f"{folder}/index.md" if folder != "." else "index.md"]
        pub = Publication(id=PurePosixPath(folder).name, index=index)
        index.publication = pub
        if "published" in index.meta:
            index.updated = pub.updated
        number = 0
        numbered = index.meta.get("numbered", True)  # the publication's default; a chapter may override
        for src in sorted(project.pages):
            page = project.pages[src]
            if page.type != "chapter" or str(PurePosixPath(src).parent) != folder:
                continue
            page.publication = pub
            if page.meta.get("numbered", numbered):
                number += 1
                page.chapter_number = number
            if page.updated is None and "published" in index.meta:
                page.updated = pub.updated
            page.department = page.department or index.department
            pub.chapters.append(page)
        project.publications.append(pub)
    project.publications.sort(key=lambda p: (p.meta.get("order", 0), p.id))


def _check_duplicate_urls(project: Project, rel) -> list[Problem]:
    by_url: dict[str, list[str]] = {}
    for src in sorted(project.pages):
        by_url.setdefault(project.pages[src].url, []).append(src)
    problems = []
    for url, srcs in by_url.items():
        for src in srcs[1:]:
            problems.append(Problem(rel(src), 1, "duplicate-slug",
                                    f"このページの URL「/{url}」は {rel(srcs[0])} と同じです。"
                                    "どちらかのファイル名を変えてください。"))
    return problems

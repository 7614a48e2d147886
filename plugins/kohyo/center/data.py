"""content/_data/center.yml: what the center's landing page and forms show besides its pages.

Address, telephone, FAX and e-mail come from the center's entry in departments.yml, so they
are written once; this file adds the map, photos, opening hours, service cards and form URLs.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from ..model import frontmatter
from ..model.loader import DATA_DIR, page_url
from ..model.project import Department, Project
from ..problems import Problem

CENTER_FILE = f"{DATA_DIR}/center.yml"
FORM_KINDS = ("visit", "seminar", "contact")
_KEYS = ("department", "access", "map", "map_link", "photos", "hours", "services", "forms")
_URL_RE = re.compile(r"^https?://[^\s/]+\S*$")


@dataclass(frozen=True)
class Image:
    src: str  # path inside content/
    alt: str
    caption: str = ""


@dataclass(frozen=True)
class Service:
    title: str
    text: str
    url: str  # site URL of the page (with #anchor) that explains it


@dataclass
class CenterInfo:
    department: Department
    map: Image | None = None
    map_link: str = ""
    access_url: str = ""  # site URL of the page with directions, parking and accessibility
    photos: list[Image] = field(default_factory=list)
    hours: list[tuple[str, str]] = field(default_factory=list)  # (区分, 時間)
    services: list[Service] = field(default_factory=list)
    forms: dict[str, str] = field(default_factory=dict)  # kind -> form-service URL ("" = none)


class _Lines:
    """1-based line of any key in the YAML file, by its path of keys and list indexes."""

    def __init__(self, node):
        self.node = node

    def __call__(self, *path) -> int:
        node, line = self.node, 1
        for step in path:
            if isinstance(node, yaml.MappingNode):
                hit = next(((k, v) for k, v in node.value if k.value == step), None)
                if hit is None:
                    return line
                line, node = hit[0].start_mark.line + 1, hit[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                node = node.value[step]
                line = node.start_mark.line + 1
            else:
                return line
        return line


def load_center(project: Project) -> tuple[CenterInfo | None, list[Problem]]:
    path = project.content_dir / CENTER_FILE
    shown = project.shown(CENTER_FILE)
    if not path.is_file():
        return None, [Problem(shown, 0, "data-file",
                              "支援センターの案内ファイルがありません。所在地の地図・写真・開所時間・申込フォームを書いた "
                              f"content/{CENTER_FILE} を作ってください。")]
    if path.is_symlink():
        return None, []  # refused by the loader as a symlink
    node, data, problems = frontmatter.read_yaml_file(path, shown)
    if problems:
        return None, problems  # the same problems the loader reports for every _data file
    if not isinstance(data, dict):
        return None, [Problem(shown, 1, "data-file", "「項目名: 値」の形で書いてください。")]
    lines, problems = _Lines(node), []

    def bad(message: str, *where, code: str = "data-file") -> None:
        problems.append(Problem(shown, lines(*where), code, message))

    for key in sorted(set(data) - set(_KEYS), key=str):
        bad(f"項目「{key}」は使えません。使える項目: {', '.join(_KEYS)}", key)
    wanted = data.get("department")
    department = project.departments.get(wanted) if isinstance(wanted, str) else None
    if department is None and not project.departments:
        return None, problems  # departments.yml itself is missing or broken, and reported
    if department is None:
        bad(f"department には content/_data/departments.yml のセンターのキーを書きます"
            f"（使えるキー: {', '.join(sorted(project.departments))}）。", "department")
        return None, problems
    info = CenterInfo(department=department)

    def image(entry, *where) -> Image | None:
        if not isinstance(entry, dict) or not isinstance(entry.get("src"), str):
            bad("画像は src（content フォルダからのパス）と alt（代替テキスト）を書きます。", *where)
            return None
        src = entry["src"].strip()
        alt = entry.get("alt")
        if not isinstance(alt, str) or not alt.strip():
            bad(f"画像「{src}」に代替テキスト（alt）がありません。画像が見えない人にも伝わる説明を書いてください。",
                *where, code="missing-alt")
        elif not one_line(alt, "画像の alt", *where):
            return None
        if src.startswith("/") or posixpath.normpath(src).startswith(".."):
            bad(f"画像「{src}」は content フォルダの中のファイルを、content フォルダからのパスで書きます。", *where, "src")
            return None
        if not (project.content_dir / src).is_file():
            bad(f"画像ファイル「{src}」が見つかりません。content フォルダからのパスで書いてください。", *where, "src",
                code="missing-image")
        return Image(src, str(alt or "").strip(), str(entry.get("caption") or ""))

    def one_line(text: str, what: str, *where) -> bool:
        if "\n" in text or "\r" in text:
            bad(f"{what}は1行で書きます。「|」や「>」を使わず、改行を入れずに書いてください。", *where, code="multi-line")
            return False
        return True

    def listed(key: str) -> list:
        value = data.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            bad(f"{key} は「- 」で始まる行の一覧で書きます。", key)
            return []
        return value

    def page(link: str, *where) -> str | None:
        """Site URL of a content page written as center/services.md#window; None (reported) if missing."""
        target, _, anchor = str(link).partition("#")
        if target not in project.pages:
            bad(f"リンク先「{link}」のページがありません。content フォルダからのパス"
                "（例: center/services.md#window）で書いてください。", *where, code="broken-link")
            return None
        return page_url(target) + (f"#{anchor}" if anchor else "")

    if data.get("access"):
        info.access_url = page(data["access"], "access") or ""
    if "map" in data:
        info.map = image(data["map"], "map")
    if data.get("map_link"):
        if _URL_RE.match(str(data["map_link"])):
            info.map_link = str(data["map_link"])
        else:
            bad("map_link には地図サービスのアドレス（https://…）を書きます。", "map_link")
    for i, entry in enumerate(listed("photos")):
        photo = image(entry, "photos", i)
        if photo is not None:
            info.photos.append(photo)
    for i, entry in enumerate(listed("hours")):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("label", "time")):
            bad("hours の各行には label（区分）と time（時間）を書きます。", "hours", i)
            continue
        if not one_line(entry["label"] + entry["time"], "hours の label と time", "hours", i):
            continue
        info.hours.append((entry["label"], entry["time"]))
    for i, entry in enumerate(listed("services")):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("title", "text", "link")):
            bad("services の各行には title（名前）・text（説明）・link（説明のページ）を書きます。", "services", i)
            continue
        if not one_line(entry["title"] + entry["link"], "services の title と link", "services", i):
            continue
        url = page(entry["link"], "services", i, "link")
        if url is not None:
            info.services.append(Service(entry["title"], entry["text"], url))
    forms = data.get("forms") or {}
    for kind in sorted(set(forms) - set(FORM_KINDS), key=str) if isinstance(forms, dict) else []:
        bad(f"forms の「{kind}」は使えません。使える項目: {', '.join(FORM_KINDS)}", "forms", kind)
    for kind in FORM_KINDS:
        url = (forms.get(kind) if isinstance(forms, dict) else None) or ""
        if url and not (isinstance(url, str) and _URL_RE.match(url)):
            bad(f"forms の {kind} にはフォームのアドレス（https://…）を書くか、空にします"
                "（空のときは電子メールで受け付けます）。", "forms", kind)
            url = ""
        info.forms[kind] = url
    return info, problems


def content_path(page_src: str, relative: str) -> str:
    """A path written in a page's front matter, as a path inside content/."""
    return posixpath.normpath(posixpath.join(str(PurePosixPath(page_src).parent), relative))


def exists(project: Project, path: str) -> bool:
    return (Path(project.content_dir) / path).is_file()

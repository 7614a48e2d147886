"""The sites of a project (sites.yml): one kohyo project builds several sites, each with its own
identity (name, organisation, logo, colours, footer contact, SNS links, base URL) from its own
content folder. Shared data (content/_data: departments) stays with the first site's folder.

sites.yml lives beside mkdocs.yml, not in it: it is read with line numbers (a fault is reported
as sites.yml:12 like any content fault), by staff commands without MkDocs, and it is the file an
organisation's staff edit, apart from the developers' Markdown and theme configuration.
A project without sites.yml is one site described by mkdocs.yml alone (site_name, site_url).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .problems import Problem

SITES_FILE = "sites.yml"

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
_FIELDS = {"id": "サイトの ID（半角英小文字・数字・ハイフン、例: city）",
           "name": "サイトの名前（ヘッダーと <title> に出る）",
           "organisation": "サイトを運営する組織の名前",
           "description": "サイトの説明（検索エンジン向け、1行）",
           "publisher": "発行者（PDF の奥付・フィードに出る。省略すると organisation）",
           "content": "サイトを作るコンテンツのフォルダ（例: content/center）",
           "site_url": "公開するアドレス（https:// で始まり / で終わる）",
           "path": "まとめて公開するときの、build/site の中のフォルダ（最初のサイトは空）",
           "logo": "ロゴ（content フォルダからの画像のパス、または material/… のアイコン名）",
           "colours": "色（primary: と accent: に #RRGGBB）",
           "contact": "フッターの問い合わせ先（name: 必須、address・tel・fax・email・hours）",
           "sns": "SNS のリンクの一覧（name: と url:）",
           "operator": "運営事業者の名前（委託事業のとき）",
           "commissioned_by": "委託元（例: 北海道労働局）。「〇〇委託事業」と表示する"}
_CONTACT = ("name", "address", "tel", "fax", "email", "hours")


@dataclass(frozen=True)
class Site:
    id: str
    name: str
    organisation: str
    content: str  # folder relative to the project root, POSIX
    site_url: str
    path: str = ""  # folder in the one build/site artifact ("" = its root)
    publisher: str = ""
    logo: str = ""
    colours: dict = field(default_factory=dict)
    contact: dict = field(default_factory=dict)
    sns: tuple = ()  # ((name, url), ...)
    operator: str = ""
    commissioned_by: str = ""
    description: str = ""
    configured: bool = True  # from sites.yml (False: mkdocs.yml alone describes the one site)

    @property
    def commission_line(self) -> str:
        """「北海道労働局委託事業」: what a commissioned operator's pages must state."""
        return f"{self.commissioned_by}委託事業" if self.commissioned_by else ""

    @property
    def copyright(self) -> str:
        return f"© {self.publisher or self.organisation}"


def _line(node, key: str | None = None) -> int:
    """1-based line of a mapping node, or of `key` in it."""
    if key is not None and hasattr(node, "value") and isinstance(node.value, list):
        for k, v in node.value:
            if getattr(k, "value", None) == key:
                return k.start_mark.line + 1
    return node.start_mark.line + 1 if node is not None else 0


def load_sites(root: Path, *, default_name: str = "", default_url: str = "", default_content: str = "content",
               default_organisation: str = "") -> tuple[list[Site], list[Problem]]:
    """The project's sites and the problems of sites.yml (Japanese, with its line)."""
    from .model.frontmatter import read_yaml_file

    path = root / SITES_FILE
    if not path.is_file():
        return [Site(id="site", name=default_name, organisation=default_organisation, content=default_content,
                     site_url=default_url, publisher=default_organisation, configured=False)], []
    node, data, problems = read_yaml_file(path, SITES_FILE)
    if problems:
        return [], problems

    def bad(line: int, message: str) -> None:
        problems.append(Problem(SITES_FILE, line, "sites-config", message))

    if not isinstance(data, dict) or not isinstance(data.get("sites"), list) or not data["sites"]:
        bad(1, "sites.yml には「sites:」の下に、サイトを1つ以上「- id: …」の形で並べてください。")
        return [], problems
    entries = next(v for k, v in node.value if k.value == "sites")
    sites: list[Site] = []
    for entry_node, entry in zip(entries.value, data["sites"]):
        at = _line(entry_node)
        if not isinstance(entry, dict):
            bad(at, "サイトは「- id: city」のように、項目名と値の組で書いてください。")
            continue
        before = len(problems)
        for key in entry:
            if key not in _FIELDS:
                bad(_line(entry_node, key), f"「{key}」は sites.yml で使えない項目です（つづりを確認してください）。"
                    f"使える項目: {', '.join(_FIELDS)}。")
        for key in ("id", "name", "organisation", "content", "site_url"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                where = _line(entry_node, key) if key in entry else at
                bad(where, f"サイトに「{key}:」（{_FIELDS[key]}）を文字で書いてください。")
        sid, url = entry.get("id"), entry.get("site_url")
        if isinstance(sid, str) and sid and not _ID.match(sid):
            bad(_line(entry_node, "id"), f"サイトの ID「{sid}」には半角英小文字・数字・ハイフンだけを使ってください。")
        if isinstance(sid, str) and any(s.id == sid for s in sites):
            bad(_line(entry_node, "id"), f"サイトの ID「{sid}」が2回使われています。サイトごとに別の ID にしてください。")
        if isinstance(url, str) and url and not re.match(r"^https?://[^/\s]+/(\S*/)?$", url):
            bad(_line(entry_node, "site_url"), f"site_url「{url}」は https:// で始まり / で終わるアドレスで書いてください"
                "（例: https://www.city.sapporo.jp/kohyo/）。")
        content = entry.get("content")
        if isinstance(content, str) and content and not (root / content).is_dir():
            bad(_line(entry_node, "content"), f"content のフォルダ「{content}」が見つかりません。"
                "プロジェクトのフォルダからのパスで書いてください（例: content/center）。")
        folder = entry.get("path", "" if not sites else sid)
        if not isinstance(folder, str) or (folder and not all(_ID.match(p) for p in folder.strip("/").split("/"))):
            bad(_line(entry_node, "path"), "path は build/site の中のフォルダ名で、半角英小文字・数字・ハイフンで"
                "書いてください（例: center）。最初のサイトは空にできます。")
            folder = ""
        folder = folder.strip("/") if isinstance(folder, str) else ""
        if any(s.path == folder for s in sites):
            bad(_line(entry_node, "path") if "path" in entry else at,
                f"path「{folder or '（空）'}」がほかのサイトと同じです。サイトごとに別のフォルダにしてください。")
        colours = entry.get("colours") or {}
        if not isinstance(colours, dict) or any(k not in ("primary", "accent") or not isinstance(v, str)
                                                or not _COLOUR.match(v) for k, v in colours.items()):
            bad(_line(entry_node, "colours"), "colours には primary: と accent: を #1d4f91 のような"
                "6桁の色で書いてください。")
            colours = {}
        for key, value in colours.items():
            # Material writes header and tab text in white (tabs at 70 %) on primary, links in
            # primary and hovers in accent on white: each needs 4.5:1 (WCAG 1.4.3, JIS X 8341-3 AA).
            ratio = _contrast(_mix("#ffffff", value, 0.3), value) if key == "primary" else _contrast("#ffffff", value)
            if ratio < 4.5:
                bad(_line(entry_node, "colours"), f"色 {key}: {value} は白との明るさの差が足りません"
                    f"（{ratio:.1f}:1、4.5:1 以上が必要）。もっと濃い色にしてください。")
        contact = entry.get("contact") or {}
        if not isinstance(contact, dict) or any(k not in _CONTACT or not isinstance(v, str) for k, v in contact.items()) \
                or (contact and not contact.get("name")):
            bad(_line(entry_node, "contact"), f"contact には name:（必須）と {', '.join(_CONTACT[1:])} を文字で書いてください。")
            contact = {}
        sns = entry.get("sns") or []
        if not isinstance(sns, list) or any(not isinstance(s, dict) or set(s) != {"name", "url"}
                                            or not str(s["url"]).startswith("https://") for s in sns):
            bad(_line(entry_node, "sns"), "sns は「- name: X（旧Twitter）」「  url: https://…」の組を並べて書いてください。")
            sns = []
        operator, bureau = entry.get("operator") or "", entry.get("commissioned_by") or ""
        if bool(operator) != bool(bureau) or not isinstance(operator, str) or not isinstance(bureau, str):
            bad(_line(entry_node, "operator" if operator else "commissioned_by") if (operator or bureau) else at,
                "委託事業のサイトには operator:（運営事業者）と commissioned_by:（委託元、例: 北海道労働局）の"
                "両方を書いてください。")
        logo = entry.get("logo") or ""
        if logo and (not isinstance(logo, str) or (not logo.startswith("material/") and isinstance(content, str)
                                                    and not (root / content / logo).is_file())):
            bad(_line(entry_node, "logo"), f"ロゴ「{logo}」が見つかりません。サイトの content フォルダからの画像の"
                "パス（例: images/logo.svg）か、material/… のアイコン名を書いてください。")
            logo = ""
        if len(problems) > before:
            continue
        sites.append(Site(id=sid, name=entry["name"].strip(), organisation=entry["organisation"].strip(),
                          content=PurePosixPath(content).as_posix(), site_url=url, path=folder,
                          publisher=(entry.get("publisher") or entry["organisation"]).strip(), logo=logo,
                          colours=dict(colours), contact=dict(contact),
                          sns=tuple((s["name"], s["url"]) for s in sns), operator=operator, commissioned_by=bureau,
                          description=str(entry.get("description") or "").strip()))
    # A site's folder inside another's is left out of the outer site (its own pages only).
    return sites, problems


def nested_folders(site: Site, sites: list[Site]) -> list[str]:
    """Other sites' content folders inside `site`'s, relative to it (left out of its build)."""
    own = PurePosixPath(site.content)
    return sorted(PurePosixPath(s.content).relative_to(own).as_posix() for s in sites
                  if s is not site and PurePosixPath(s.content).is_relative_to(own)
                  and PurePosixPath(s.content) != own)


def shared_content(sites: list[Site]) -> str:
    """The folder whose _data holds what every site shares (departments): the first site's."""
    return sites[0].content if sites else "content"


def build_order(sites: list[Site]) -> list[Site]:
    """Outer folders of build/site first: building a site empties its own folder."""
    return sorted(sites, key=lambda s: (s.path.count("/") + bool(s.path), sites.index(s)))


def find(sites: list[Site], site_id: str | None) -> Site | None:
    if not site_id:
        return sites[0] if sites else None
    return next((s for s in sites if s.id == site_id), None)


@dataclass
class Selected:
    """The site one MkDocs build makes, with what the loader needs to make only it."""
    site: Site
    sites: list[Site]
    skip: tuple[str, ...]  # other sites' folders inside this one's content folder
    shared_dir: Path  # content folder whose _data is shared (departments.yml)
    content_dir: Path


def select(root: Path, site_id: str | None, site_name: str, site_url: str, docs_dir: str,
           organisation: str) -> tuple[Selected | None, list[Problem]]:
    """The site `site_id` (the first when None) of the project at `root`, or problems."""
    default_content = Path(docs_dir).resolve()
    default_content = (default_content.relative_to(root.resolve()).as_posix()
                       if default_content.is_relative_to(root.resolve()) else str(default_content))
    sites, problems = load_sites(root, default_name=site_name, default_url=site_url,
                                 default_content=default_content, default_organisation=organisation)
    if problems:
        return None, problems
    site = find(sites, site_id)
    if site is None:
        return None, [Problem(SITES_FILE, 0, "sites-config",
                              f"サイト「{site_id}」は sites.yml にありません（あるサイト: "
                              f"{', '.join(s.id for s in sites)}）。--site の値を確かめてください。")]
    return Selected(site, sites, tuple(nested_folders(site, sites)), root / shared_content(sites),
                    root / site.content), []


def for_content(root: Path, content_dir: Path) -> tuple[tuple[str, ...], Path | None, str]:
    """(other sites' folders to skip, shared content folder, organisation) for the site built
    from `content_dir`, as sites.yml says; nothing to skip without it (or when it has faults,
    which the build reports)."""
    try:
        sites, problems = load_sites(root)
    except OSError:
        return (), None, ""
    own = Path(content_dir).resolve()
    site = next((s for s in sites if (root / s.content).resolve() == own), None)
    if problems or site is None or not site.configured:
        return (), None, ""
    return tuple(nested_folders(site, sites)), root / shared_content(sites), site.publisher


def others_inside(root: Path, content_dir: Path, skip: tuple[str, ...]) -> dict:
    """folder (relative to content_dir) -> (name, site_url) of the sites built from `skip`."""
    sites, problems = load_sites(root)
    out = {}
    for site in sites if not problems else []:
        path = (root / site.content).resolve()
        for folder in skip:
            if path == (Path(content_dir) / folder).resolve():
                out[folder] = (site.name, site.site_url)
    return out


def template_view(site: Site, sites: list[Site]) -> dict:
    """What the templates print of the site (config.extra.kohyo_site): text, escaped there."""
    return {"id": site.id, "name": site.name, "organisation": site.organisation, "publisher": site.publisher,
            "operator": site.operator, "commission_line": site.commission_line,
            "contact": dict(site.contact), "sns": [{"name": n, "url": u} for n, u in site.sns],
            "colours": css_colours(site.colours),
            "others": [{"name": s.name, "url": s.site_url} for s in sites if s is not site]}


def css_colours(colours: dict) -> dict:
    """Material's palette as CSS custom properties: the configured colours and their shades."""
    out = {}
    if colours.get("primary"):
        out.update({"--md-primary-fg-color": colours["primary"],
                    "--md-primary-fg-color--light": _mix(colours["primary"], "#ffffff", 0.2),
                    "--md-primary-fg-color--dark": _mix(colours["primary"], "#000000", 0.3),
                    "--md-typeset-a-color": colours["primary"]})
    if colours.get("accent"):
        out["--md-accent-fg-color"] = colours["accent"]
    return out


def _contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b_ = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def _mix(a: str, b: str, share: float) -> str:
    pa, pb = (int(a[i:i + 2], 16) for i in (1, 3, 5)), (int(b[i:i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(x * (1 - share) + y * share):02x}" for x, y in zip(pa, pb))


def apply(config, chosen: Selected) -> None:
    """Give one MkDocs build its site's identity: name, URL, content folder, logo, footer."""
    site = chosen.site
    config.site_name = site.name or config.site_name
    if config.extra.get("kohyo_site") is None:  # applied once: a preview then sets its own address
        config.site_url = site.site_url or config.site_url
    config.docs_dir = str(chosen.content_dir)
    if site.configured:  # mkdocs.yml's texts describe the project, not each site
        config.copyright = str(_escape(site.copyright))
        config.site_description = site.description or None
        config.site_author = site.publisher
    if site.logo.startswith("material/"):
        config.theme["icon"] = {**(config.theme["icon"] or {}), "logo": site.logo}
    elif site.logo:
        config.theme["logo"] = site.logo
    config.extra["kohyo_site"] = template_view(site, chosen.sites)


def _escape(text: str):
    from markupsafe import escape

    return escape(text)


def cross_site_problems(root: Path, sites: list[Site], artifact: Path) -> list[Problem]:
    """Links from one site's built pages to another site's address (its site_url) must reach a
    page (and heading) in that site's output: the sites are published together, so a page moved
    in one breaks the other. Reported at the Markdown line that wrote the link when there is one."""
    import html as html_lib
    from urllib.parse import unquote, urlsplit

    from .linkcheck import _scan

    if len(sites) < 2:
        return []
    problems = []
    ids_of: dict[Path, set[str]] = {}
    for site in sites:
        out = artifact / site.path if site.path else artifact
        inner = [artifact / s.path for s in sites if s is not site and s.path and
                 (not site.path or s.path.startswith(site.path + "/"))]
        others = [s for s in sites if s is not site and s.site_url]
        for page in sorted(out.rglob("*.html")):
            if any(page.is_relative_to(folder) for folder in inner):
                continue  # another site's page, checked with that site
            text = page.read_text(encoding="utf-8")
            for url in dict.fromkeys(_scan(text)[1]):
                url = html_lib.unescape(url)
                other = next((s for s in others if url.startswith(s.site_url)), None)
                if other is None:
                    continue
                parts = urlsplit(url[len(other.site_url):])
                rel = unquote(parts.path)
                target_dir = artifact / other.path if other.path else artifact
                target = target_dir / rel
                if not rel or rel.endswith("/") or target.is_dir():
                    target = target / "index.html"
                what = ""
                if ".." in rel.split("/") or not target.is_file():
                    what = "の行き先のページがありません"
                elif parts.fragment and target.suffix == ".html":
                    if target not in ids_of:
                        ids_of[target] = _scan(target.read_text(encoding="utf-8"))[0]
                    if unquote(parts.fragment) not in ids_of[target]:
                        what = f"の「#{unquote(parts.fragment)}」が行き先のページにありません"
                if what:
                    where, line = _source_of(root, site, page.relative_to(out).as_posix(), url, text, artifact)
                    problems.append(Problem(where, line, "cross-site-link",
                                            f"サイト「{other.name}」へのリンク「{url}」{what}。{other.name}の"
                                            f"ページのアドレス（{other.site_url} から始まる）と見出しの ID を確かめてください。"))
    return problems


def _source_of(root: Path, site: Site, built: str, url: str, html: str, artifact: Path) -> tuple[str, int]:
    """(file, line) to name for a link on the built page `built`: its Markdown source when the
    link is written there, else the built page (a template or generated page made it)."""
    stem = built.removesuffix("index.html").rstrip("/")
    candidates = [f"{stem}/index.md", f"{stem}.md"] if stem else ["index.md"]
    for src in candidates:
        path = root / site.content / src
        if path.is_file():
            for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
                if url in line:
                    return f"{site.content}/{src}", number
    line = next((i + 1 for i, ln in enumerate(html.splitlines()) if url in ln), 1)
    shown = f"build/site/{site.path + '/' if site.path else ''}{built}"
    return shown, line

"""Where an opinion points in the draft: 全体, 第4章, 第4章2 (the chapter's ## 2 section), 資料編,
概要版 or その他, resolved against the target publications' real chapters and headings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model.project import Project
from ..render.inspect import Inspection


@dataclass(frozen=True)
class Section:
    label: str  # as written in the intake sheet and opinions.yml: 第4章2
    title: str  # as shown to readers: 第4章　基本方針と施策　2 ...
    src: str  # content page it is on ("" for その他)
    anchor: str  # heading id on that page ("" for a whole page)
    order: int  # reading order of the draft


def section_index(project: Project, targets: list[str], found: dict[str, Inspection]) -> dict[str, Section]:
    pubs = [p for t in targets for p in project.publications if p.id == t]
    index: dict[str, Section] = {}
    order = 0
    if pubs:
        draft = pubs[0]
        index["全体"] = Section("全体", "全体", draft.index.src, "", order)
        for chapter in draft.chapters:
            order += 1
            if chapter.chapter_number is None:
                index["資料編"] = Section("資料編", chapter.display_title, chapter.src, "", order)
                continue
            label = f"第{chapter.chapter_number}章"
            index[label] = Section(label, chapter.display_title, chapter.src, "", order)
            for level, ident, text in found.get(chapter.src, Inspection()).headings:
                m = re.match(r"^(\d+)\s", text)
                if level == 2 and m:
                    order += 1
                    index[f"{label}{m.group(1)}"] = Section(f"{label}{m.group(1)}", f"{chapter.display_title}　{text}",
                                                           chapter.src, ident, order)
    for pub in pubs[1:]:
        order += 1
        index.setdefault("概要版", Section("概要版", pub.title, pub.index.src, "", order))
    index["その他"] = Section("その他", "その他", "", "", order + 1)
    return index

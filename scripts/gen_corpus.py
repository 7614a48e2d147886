"""Generate a scale corpus: a project with one long publication, for benchmarks.

    .venv/bin/python scripts/gen_corpus.py DEST [--chapters 44] [--mixed]

About 44 chapters give a publication of roughly 300 A4 pages. The text is recombined
deterministically from the bundled sample's own paragraphs, so it is realistic Japanese
with tables and footnotes, and the same arguments always give the same files.

--mixed makes a pagination corpus instead: every chapter mixes what tends to strand lines
at page ends (long tables, footnotes cited near breaks, figures, images in table cells,
code blocks with long lines, runs of short sections with headings, Japanese text with
Latin words between spaces), in proportions that vary with the seed, so headings and notes
land near page ends in many different ways.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _paragraphs() -> list[str]:
    found = []
    for path in sorted((ROOT / "content").rglob("*.md")):
        body = path.read_text(encoding="utf-8").split("---", 2)[-1]
        found += [ln for ln in body.splitlines()
                  if len(ln) > 60 and not re.match(r"^\s*([#|!/:>\-*]|\d+\.)", ln) and "](" not in ln and "[^" not in ln]
    return found


def _table(rng: random.Random, n: int) -> str:
    rows = [f"| 項目{i + 1} | {rng.randint(100, 9999):,} | {rng.randint(100, 9999):,} | {rng.uniform(-40, 40):.1f}% |"
            for i in range(rng.randint(6, 40))]
    return "\n".join(["| 区分 | 2016年度 | 2022年度 | 増減率 |", "|---|---:|---:|---:|", *rows, "",
                      "/// table-caption", f"集計表{n}（単位：万t-CO2）", "///", ""])


_FIGURE = """<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}">
<rect width="{w}" height="{h}" fill="#dfe8f3" stroke="#1d4f91" stroke-width="2"/>
<circle cx="{cx}" cy="{cy}" r="{r}" fill="#1d4f91"/></svg>
"""


def _mixed_chapter(rng: random.Random, paragraphs: list[str], c: int, notes: list[int]) -> list[str]:
    lines = ["---", f"title: 混在試験の章 {c}", "---", ""]
    for s in range(1, rng.randint(5, 9)):
        lines += [f"## {s} 節 {c}-{s}", ""]
        kind = rng.choice(["text", "table", "notes", "figure", "cells", "code", "short", "wao"])
        for _ in range(rng.randint(1, 4)):
            lines += [rng.choice(paragraphs), ""]
        if kind == "table":
            lines.append(_table(rng, c * 10 + s))
        elif kind == "notes":  # several notes in a row: some are cited near a page end
            for _ in range(rng.randint(2, 5)):
                notes[0] += 1
                lines += [rng.choice(paragraphs)[:rng.randint(40, 120)] + f"[^{notes[0]}]。", "",
                          f"[^{notes[0]}]: {rng.choice(paragraphs)[:rng.randint(30, 160)]}", ""]
        elif kind == "figure":
            lines += [f"![生成された図{c}-{s}。青い円が一つある。](images/fig{rng.randint(1, 3)}.svg)", ""]
        elif kind == "cells":
            lines += ["| 区分 | 図 | 説明 |", "|---|---|---|",
                      *[f"| 区分{i} | ![区分{i}の図](images/fig1.svg) | {rng.choice(paragraphs)[:60]} |"
                        for i in range(1, rng.randint(2, 4))], ""]
        elif kind == "code":
            body = [f"python scripts/tool.py --input data/file{i}.csv --output build/out{i}.csv"
                    + (" --option" * rng.randint(0, 30)) for i in range(rng.randint(5, 50))]
            lines += ["```", *body, "```", ""]
        elif kind == "short":  # headings in runs: one may fall at the foot of a page
            for t in range(1, rng.randint(3, 7)):
                lines += [f"### ({t}) 小見出し {c}-{s}-{t}", "", rng.choice(paragraphs)[:rng.randint(30, 90)], ""]
        elif kind == "wao":
            lines += ["本市は GX の推進と ZEB 化及び EV の導入を進め、2030 年度までに CO2 排出量を削減する。"
                      "詳しくは Web サイトの FAQ を参照。", ""]
    return lines


def generate_mixed(dest: Path, chapters: int = 4, seed: int = 2026) -> Path:
    """A pagination corpus (see --mixed): one publication with an introduction."""
    rng = random.Random(seed)
    paragraphs = [p.strip() for p in _paragraphs()]  # an indented line would become code
    _project(dest, "mixed", "混在試験")
    pub = dest / "content" / "mixed"
    (pub / "images").mkdir(parents=True)
    for i, (w, h) in enumerate([(400, 260), (600, 700), (120, 80)], start=1):
        (pub / "images" / f"fig{i}.svg").write_text(
            _FIGURE.format(w=w, h=h, cx=w // 2, cy=h // 2, r=min(w, h) // 3), encoding="utf-8")
    (pub / "index.md").write_text(
        "---\ntype: publication\ntitle: 改ページ試験用の計画（素案）\nshort_title: 改ページ試験\nstatus: 素案\n"
        "published: 2026-11-16\ndepartment: climate-policy\nprint_pdf: false\n---\n\n"
        "この計画の序文です。改ページを試すための生成された公表物です。\n", encoding="utf-8")
    notes = [0]
    for c in range(1, chapters + 1):
        lines = _mixed_chapter(rng, paragraphs, c, notes)
        (pub / f"{c:02d}-chapter.md").write_text("\n".join(lines), encoding="utf-8")
    return dest


def _project(dest: Path, folder: str, title: str) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    shutil.copytree(ROOT / "content" / "_data", dest / "content" / "_data")
    (dest / "content" / folder).mkdir()
    (dest / "content" / "index.md").write_text(
        f"---\ntype: portal\ntitle: {title}\nupdated: 2026-11-01\ndepartment: climate-policy\n---\n\n"
        f"[{title}の計画]({folder}/index.md)\n", encoding="utf-8")


def generate(dest: Path, chapters: int = 44, seed: int = 2026) -> Path:
    rng = random.Random(seed)
    paragraphs = _paragraphs()
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    shutil.copytree(ROOT / "content" / "_data", dest / "content" / "_data")
    pub = dest / "content" / "scale"
    pub.mkdir()
    (dest / "content" / "index.md").write_text(
        "---\ntype: portal\ntitle: 規模試験\nupdated: 2026-11-01\ndepartment: climate-policy\n---\n\n"
        "[規模試験用の計画](scale/index.md)\n", encoding="utf-8")
    (pub / "index.md").write_text(
        "---\ntype: publication\ntitle: 規模試験用の計画（素案）\nstatus: 素案\npublished: 2026-11-16\n"
        "department: climate-policy\nprint_pdf: false\n---\n\n規模を試すための生成された公表物です。\n", encoding="utf-8")
    for c in range(1, chapters + 1):
        lines = ["---", f"title: 生成された章 {c}", "---", ""]
        for s in range(1, 7):
            lines += [f"## {s} 節の見出し {c}-{s}", ""]
            for _ in range(rng.randint(5, 8)):
                lines += [rng.choice(paragraphs), ""]
            if s % 2 == 0:
                lines.append(_table(rng, c * 10 + s))
        lines += ["本章の数値は生成されたものである[^1]。", "", "[^1]: 規模試験のための注記。", ""]
        (pub / f"{c:02d}-chapter.md").write_text("\n".join(lines), encoding="utf-8")
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--chapters", type=int)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--mixed", action="store_true", help="the pagination corpus of mixed content")
    args = parser.parse_args()
    if args.mixed:
        print(generate_mixed(args.dest, args.chapters or 4, args.seed))
    else:
        print(generate(args.dest, args.chapters or 44, args.seed))


if __name__ == "__main__":
    main()

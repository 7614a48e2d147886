"""Generate a scale corpus: a project with one long publication, for benchmarks.

    .venv/bin/python scripts/gen_corpus.py DEST [--chapters 44]

About 44 chapters give a publication of roughly 300 A4 pages. The text is recombined
deterministically from the bundled sample's own paragraphs, so it is realistic Japanese
with tables and footnotes, and the same arguments always give the same files.
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
    parser.add_argument("--chapters", type=int, default=44)
    args = parser.parse_args()
    print(generate(args.dest, args.chapters))


if __name__ == "__main__":
    main()

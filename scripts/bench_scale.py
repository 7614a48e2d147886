"""Does the site grow linearly with the center's posts? Measured side by side in one run.

    nice -n 10 .venv/bin/python scripts/bench_scale.py [--news 1000] [--seminars 300]

Three copies of the bundled sample are built site-only (`kohyo build --no-pdf`, fresh output
and cache each): unmodified, with half the generated posts, and with all of them (default 1,000
news posts over four years and 300 seminars over four 年度). One discarded warm-up build first
(cold disk caches would slow whichever copy came first), then the three are built in turn,
--repeat times (default 3), and each figure is the median. For each: build time (wall clock and
CPU), peak memory of the build process (its own rusage, from os.wait4), total site size, and the
size of an ordinary chapter page. Goals (issue #15): the chapter page
within ±10% of the sample's, size and time growing linearly with posts (the full set adds about
twice what the half adds), and the full set building in less than 3x the sample's time.

generate() is also used by tests/test_scale.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = "climate-plan/03-emissions/index.html"
BUILD_DATE = "2026-11-21"
CATEGORIES = ("センターから", "セミナー・相談会", "助成金・支援策", "法令・制度", "広報・PR")
TOPICS = ("年次有給休暇の計画的付与", "36協定の届出", "業務改善助成金", "同一労働同一賃金", "最低賃金の改定",
          "勤務間インターバル制度", "テレワークの導入", "ハラスメント防止措置", "人材の確保と定着", "賃金の引上げ")


def project_copy(dest: Path) -> Path:
    """The bundled sample as a project of its own (content, configuration, theme, privacy key)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "sites.yml", "overrides", "content", "privacy"):
        src = ROOT / name
        if src.exists():
            (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    return dest


def _news(n: int, day: dt.date) -> str:
    topic, category = TOPICS[n % len(TOPICS)], CATEGORIES[n % len(CATEGORIES)]
    return f"""---
title: {topic}についてのお知らせ（第{n}号）
published: {day.isoformat()}
category: {category}
description: {topic}について、センターからのお知らせです（第{n}号）。
---

{topic}について、中小企業・小規模事業者の皆さまからのご相談を受け付けています。
社会保険労務士などの専門家が、就業規則の見直しや助成金の申請まで、無料でお手伝いします。

- 窓口相談：平日 9時00分～17時00分
- 訪問コンサルティング：事業所にお伺いします

詳しくは、センターまでお問い合わせください。
"""


def _seminar(n: int, day: dt.date) -> str:
    topic = TOPICS[n % len(TOPICS)]
    venue = "format: 会場\nvenue: 札幌働き方改革推進支援センター 相談室\n" if n % 3 == 0 else "format: オンライン\n"
    return f"""---
title: {topic}セミナー（第{n}回）
date: {day.isoformat()}
time: "14:00-15:30"
{venue}capacity: 30
apply_start: {(day - dt.timedelta(days=30)).isoformat()}
apply_deadline: {(day - dt.timedelta(days=2)).isoformat()}
description: {topic}の基本と、中小企業の取組事例を紹介します（第{n}回）。
updated: {(day - dt.timedelta(days=30)).isoformat()}
---

## 内容

1. {topic}の基本
2. 中小企業の取組事例
3. 質疑応答
"""


def generate(project: Path, news: int = 1000, seminars: int = 300) -> None:
    """Add `news` posts (2023-01 to 2026-11, every category) and `seminars` seminars (April 2023
    to March 2027, so most have ended by the build date) to a copy of the sample."""
    center = project / "content" / "center"
    start, span = dt.date(2023, 1, 2), (dt.date(2026, 11, 20) - dt.date(2023, 1, 2)).days
    for n in range(1, news + 1):
        day = start + dt.timedelta(days=span * (n - 1) // max(news - 1, 1))
        (center / "news" / f"{day.isoformat()}-gen-{n:04d}.md").write_text(_news(n, day), encoding="utf-8")
    start, span = dt.date(2023, 4, 10), (dt.date(2027, 3, 20) - dt.date(2023, 4, 10)).days
    for n in range(1, seminars + 1):
        day = start + dt.timedelta(days=span * (n - 1) // max(seminars - 1, 1))
        (center / "seminars" / f"{day.isoformat()}-gen-{n:03d}.md").write_text(_seminar(n, day), encoding="utf-8")


def build(project: Path) -> dict:
    """One cold site-only build: seconds, peak RSS of the build process, sizes."""
    out = project / "build"
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "kohyo.cli", "build", "--no-pdf", "--output", str(out),
                              "--build-date", BUILD_DATE], cwd=project, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, env={**os.environ, "PYTHONPATH": str(ROOT / "plugins")})
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"build failed in {project}:\n{output.decode('utf-8', 'replace')[-3000:]}")
    site = out / "site"
    files = [p for p in site.rglob("*") if p.is_file()]
    return {"seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime, "peak_mb": usage.ru_maxrss / 1024, "site_mb": sum(p.stat().st_size for p in files) / 1e6,
            "files": len(files), "chapter_kb": (site / CHAPTER).stat().st_size / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--news", type=int, default=1000)
    parser.add_argument("--seminars", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    runs = (("sample", 0, 0), ("half", args.news // 2, args.seminars // 2), ("full", args.news, args.seminars))
    samples: dict[str, list[dict]] = {name: [] for name, _, _ in runs}
    with tempfile.TemporaryDirectory(prefix="kohyo-scale-") as tmp:
        projects = {}
        for name, news, seminars in runs:
            projects[name] = project_copy(Path(tmp) / name)
            generate(projects[name], news, seminars)
        build(projects["sample"])
        for round_ in range(args.repeat):
            for name, _, _ in runs:
                shutil.rmtree(projects[name] / "build", ignore_errors=True)
                samples[name].append(build(projects[name]))
                print(f"round {round_ + 1}, built {name}: {samples[name][-1]['seconds']:.1f} s", file=sys.stderr)
    results = {name: {key: statistics.median(r[key] for r in rs) for key in rs[0]} for name, rs in samples.items()}
    base, half, full = results["sample"], results["half"], results["full"]
    print(f"{'':28}{'sample':>12}{'+' + str(args.news // 2) + '/' + str(args.seminars // 2):>12}"
          f"{'+' + str(args.news) + '/' + str(args.seminars):>12}")
    for key, label, fmt in (("seconds", "site-only build (s)", "{:.1f}"), ("cpu", "CPU time, user+sys (s)", "{:.1f}"),
                            ("peak_mb", "peak memory (MB)", "{:.0f}"),
                            ("site_mb", "site size (MB)", "{:.1f}"), ("files", "files", "{:,}"),
                            ("chapter_kb", "chapter page (KB)", "{:.1f}")):
        print(f"{label:28}" + "".join(f"{fmt.format(r[key]):>12}" for r in (base, half, full)))
    print()
    print(f"build time, full / sample: {full['seconds'] / base['seconds']:.2f}x (goal < 3x); "
          f"CPU time {full['cpu'] / base['cpu']:.2f}x")
    print(f"chapter page, full / sample: {full['chapter_kb'] / base['chapter_kb']:.3f} (goal 0.9-1.1)")
    for key, label in (("seconds", "build time"), ("cpu", "CPU time"), ("site_mb", "site size"), ("peak_mb", "peak memory")):
        grow_half, grow_full = half[key] - base[key], full[key] - base[key]
        ratio = grow_full / grow_half if grow_half else float("nan")
        print(f"{label} added by the full set / by the half: {ratio:.2f} (linear: 2)")


if __name__ == "__main__":
    main()

"""Scale benchmark for the public-comment tracker: a synthetic intake of N opinions, imported,
answered and published, then the site built with its results page, CSV and privacy guard.

    .venv/bin/python scripts/bench_consult.py [--opinions 10000]

Goal: import plus the build of the results in at most 10 s on a 2-core machine, and at most
1 GB of memory. PDFs are left out (`--no-pdf`): a 10,000-opinion results PDF is a
1,000-page print job measured by scripts/bench_pdf.py, not part of this goal.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
KOHYO = [sys.executable, "-m", "kohyo.cli"]
LABELS = ["全体", "第1章", "第2章", "第3章", "第4章", "第4章2", "第4章3", "第4章4", "第4章5", "第5章3", "第5章4",
          "資料編", "概要版", "その他"]
CHANNELS = ["郵送", "持参", "FAX", "電子メール", "ウェブフォーム"]
AGES = ["10代以下", "20代", "30代", "40代", "50代", "60代", "70代以上"]


def generate_intake(path: Path, count: int, seed: int = 7) -> None:
    """Fictional submitters (見本町, 011-000-xxxx, example.jp), several opinions each."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["受付番号", "受付日", "提出方法", "氏名", "住所", "電話番号", "メールアドレス", "年代", "個人・団体",
                    "意見の対象", "意見"])
        n = 0
        sub = 0
        while n < count:
            sub += 1
            person = [f"見本 {sub:05d}号", f"札幌市中央区見本町{sub}丁目{sub % 50 + 1}番", f"011-000-{sub % 10000:04d}",
                      f"mihon{sub}@example.jp"]
            # One submission is one letter: one date, one channel, one age for all its opinions.
            received, channel, age = f"2024-12-{rng.randint(16, 31)}", rng.choice(CHANNELS), rng.choice(AGES)
            for _ in range(min(rng.randint(1, 3), count - n)):
                n += 1
                w.writerow([f"P-{sub:05d}", received, channel, *person, age, "個人", rng.choice(LABELS),
                            f"意見{n}：デジタル化の取組について、市民の立場から改善を求める意見です。" * 3])


def answer_all(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"summary: ''", "summary: 取組の改善を求める意見。", text)
    text = re.sub(r"response: ''", "response: 今後の取組の参考とさせていただきます。", text)
    text = re.sub(r"category: ''", "category: 今後の参考", text)
    path.write_text(text.replace("status: 未対応", "status: 確定"), encoding="utf-8")


def timed(cmd, cwd) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if result.returncode:
        raise SystemExit(result.stderr[-3000:])
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opinions", type=int, default=10000)
    args = parser.parse_args()
    os.environ["KOHYO_PRIVACY_KEY"] = "kohyo-benchmark-key-fictional-submitters"  # the import fingerprints with it
    work = Path(tempfile.mkdtemp(prefix="kohyo-consult-"))
    proj = work / "project"
    proj.mkdir()
    for name in ("mkdocs.yml", "overrides", "content"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, proj / name)
    folder = proj / "content/consultations/ict-strategy"
    for name in ("opinions.yml", "changes.yml"):
        (folder / name).unlink(missing_ok=True)
    index = folder / "index.md"
    index.write_text(re.sub(r"consultation_status: .*", "consultation_status: 検討中",
                            re.sub(r"\nresults_date: .*", "", index.read_text(encoding="utf-8"))), encoding="utf-8")
    sheet = work / "intake.csv"
    generate_intake(sheet, args.opinions)
    t_import = timed(KOHYO + ["consult", "import", str(sheet), "--consultation", "ict-strategy"], proj)
    answer_all(folder / "opinions.yml")
    timed(KOHYO + ["consult", "publish", "--consultation", "ict-strategy", "--date", "2025-03-27"], proj)
    t_build = timed(KOHYO + ["build", "--no-pdf", "--output", str(work / "out")], proj)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    records = len(yaml.safe_load((folder / "opinions.yml").read_text(encoding="utf-8")))
    size = (work / "out/site/consultations/ict-strategy/results/index.html").stat().st_size
    print(f"{records} opinions: import {t_import:.1f}s + build with results {t_build:.1f}s "
          f"= {t_import + t_build:.1f}s (goal <= 10 s); peak memory {peak:.0f} MB (goal <= 1024 MB); "
          f"results page {size / 1e6:.1f} MB")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

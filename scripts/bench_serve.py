"""Preview speed, as a ratio measured side by side in one run on this machine.

    .venv/bin/python scripts/bench_serve.py [--rounds 5] [--chapter ict-strategy/02-current-issues.md]

Save-to-reload: the time from writing one chapter of the bundled sample while `kohyo serve`
runs to the served page (polled over HTTP, as the browser reloads it) holding the new text.
It is set against a cold `kohyo build --no-pdf` of the same site (fresh output and cache),
alternating round by round, medians compared. Goal: <= 0.25x. Also reported: how long serve takes to print its address, and to serve the
first page.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KOHYO = [sys.executable, "-m", "kohyo.cli"]


def project_copy(dest: Path) -> Path:
    for name in ("mkdocs.yml", "overrides", "content", "privacy"):
        src = ROOT / name
        if src.exists():
            (shutil.copytree if src.is_dir() else shutil.copy)(src, dest / name)
    return dest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError):
        return 0, ""


def wait_for(url: str, text: str, timeout: float = 120) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        status, body = fetch(url)
        if status == 200 and text in body:
            return time.perf_counter() - start
        time.sleep(0.02)
    raise SystemExit(f"timed out waiting for {text!r} at {url}")


def cold_build(proj: Path) -> float:
    out = proj / "cold-build"
    start = time.perf_counter()
    result = subprocess.run([*KOHYO, "build", "--no-pdf", "--output", str(out)], cwd=proj,
                            capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"kohyo build failed:\n{result.stderr[-3000:]}")
    shutil.rmtree(out)
    return elapsed


def measure(proj: Path, chapter: str, rounds: int) -> dict:
    """Serve the project; then, round by round, one cold build and one saved edit, so both meet
    the same load on a shared machine."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/kohyo/" + chapter.removesuffix(".md") + "/"
    path = proj / "content" / chapter
    original = path.read_text(encoding="utf-8")
    log = proj / "serve.log"
    start = time.perf_counter()
    with open(log, "w") as out:
        proc = subprocess.Popen([*KOHYO, "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=proj, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True,
                                env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        while "プレビュー:" not in log.read_text(encoding="utf-8"):
            if proc.poll() is not None or time.perf_counter() - start > 60:
                raise SystemExit(f"serve did not print its address:\n{log.read_text(encoding='utf-8')}")
            time.sleep(0.01)
        to_address = time.perf_counter() - start
        wait_for(url, "</html>")
        to_first_page = time.perf_counter() - start
        colds, reloads = [], []
        for i in range(rounds):
            colds.append(cold_build(proj))
            marker = f"計測用の追記{i}です。"
            time.sleep(1.0)  # the watcher compares modification times: keep saves apart
            begin = time.perf_counter()
            path.write_text(original + f"\n{marker}\n", encoding="utf-8")
            wait_for(url, marker)
            reloads.append(time.perf_counter() - begin)
        return {"to_address": to_address, "to_first_page": to_first_page, "colds": colds, "reloads": reloads}
    finally:
        path.write_text(original, encoding="utf-8")
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--chapter", default="ict-strategy/02-current-issues.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-serve-") as tmp:
        m = measure(project_copy(Path(tmp)), args.chapter, args.rounds)
    cold, reload = statistics.median(m["colds"]), statistics.median(m["reloads"])
    print(f"serve prints its address after     {m['to_address']:6.2f} s")
    print(f"serve answers the first page after {m['to_first_page']:6.2f} s")
    print(f"cold `kohyo build --no-pdf` (median of {args.rounds}): {cold:.2f} s "
          f"[{', '.join(f'{t:.2f}' for t in m['colds'])}]")
    print(f"save-to-reload of {args.chapter} (median of {args.rounds}): {reload:.2f} s "
          f"[{', '.join(f'{t:.2f}' for t in m['reloads'])}]")
    print(f"ratio save-to-reload / cold build: {reload / cold:.2f}x (goal <= 0.25x)")


if __name__ == "__main__":
    main()

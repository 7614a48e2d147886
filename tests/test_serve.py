"""`kohyo serve` as an editor uses it: a real preview process on a free port, edited while it runs.

Every content change (add, rename, delete, invalid, valid again) recovers on the next save without
a restart; content problems are shown in the browser as a Japanese page with file:line; the
terminal never shows a traceback or MkDocs' English "The server will appear stuck".
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import write

WAIT = 90  # seconds for one rebuild to show, on a busy machine; never a measure of speed


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=WAIT) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


class Preview:
    def __init__(self, root):
        self.root = root
        self.log = root / "serve.log"
        port = _free_port()
        self.base = f"http://127.0.0.1:{port}/kohyo/"
        with open(self.log, "w") as out:
            self.proc = subprocess.Popen([sys.executable, "-m", "kohyo.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                                         cwd=root, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                         env={**os.environ, "PYTHONUNBUFFERED": "1"})

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def until(self, path: str, check, what: str) -> str:
        """The page at `path` once `check(status, body)` holds (each save triggers one rebuild)."""
        deadline = time.monotonic() + WAIT
        status, body = 0, ""
        while time.monotonic() < deadline:
            status, body = _fetch(self.base + path)
            if check(status, body):
                return body
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        pytest.fail(f"{path}: {what} did not show (last answer {status}):\n{body[-1500:]}\n"
                    f"--- serve output ---\n{self.output()[-3000:]}")

    def page(self, path: str, text: str) -> str:
        return self.until(path, lambda s, b: s == 200 and text in b and "kohyo-preview-problems" not in b,
                          f"the page with 「{text}」")

    def problems(self, path: str, *texts: str) -> str:
        return self.until(path, lambda s, b: "kohyo-preview-problems" in b and all(t in b for t in texts),
                          f"the problem page with {texts}")

    def missing(self, path: str) -> None:
        self.until(path, lambda s, b: s == 404, "404")

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


@pytest.fixture
def preview(mini):
    p = Preview(mini)
    try:
        yield p
    finally:
        p.stop()


def _save(path, text: str) -> None:
    time.sleep(0.6)  # the watcher compares modification times; two saves in one tick look like one
    path.write_text(text, encoding="utf-8")


def test_serve_prints_its_address_and_serves(preview):
    deadline = time.monotonic() + WAIT
    while "プレビュー:" not in preview.output() and time.monotonic() < deadline:
        time.sleep(0.05)
    first = preview.output().splitlines()[0]
    assert first == f"プレビュー: {preview.base} （Ctrl+C で終了）"
    preview.page("", "テストのトップページ")
    preview.page("plan/01-first/", "最初の章")


def test_add_rename_delete_pages_recover_without_restart(preview, mini):
    plan = mini / "content" / "plan"
    preview.page("plan/01-first/", "最初の章")

    time.sleep(0.6)
    write(plan / "03-added.md", """
        ---
        title: 追加した章
        ---

        追加した本文です。
        """)
    assert "追加した本文です。" in preview.page("plan/03-added/", "追加した章")

    time.sleep(0.6)
    (plan / "03-added.md").rename(plan / "04-renamed.md")
    preview.page("plan/04-renamed/", "追加した本文です。")
    preview.missing("plan/03-added/")

    time.sleep(0.6)
    (plan / "04-renamed.md").unlink()  # once a KeyError in on_env that stuck serve for good
    preview.missing("plan/04-renamed/")
    preview.page("plan/01-first/", "最初の章")

    # A page other pages link to: the links are the problem, shown where they are written.
    second = (plan / "02-second.md").read_text(encoding="utf-8")
    time.sleep(0.6)
    (plan / "02-second.md").unlink()
    body = preview.problems("plan/01-first/", "content/plan/01-first.md:11", "content/plan/index.md:9", "[broken-link]")
    assert "02-second.md" in body
    preview.problems("", "content/plan/index.md:9")  # the home page says the same
    _save(plan / "02-second.md", second)
    preview.page("plan/02-second/", "二番目の章")
    preview.page("plan/01-first/", "最初の章")

    out = preview.output()
    assert "Traceback" not in out and "appear stuck" not in out and "KeyError" not in out, out


def test_invalid_front_matter_is_shown_in_the_browser_until_fixed(preview, mini):
    chapter = mini / "content" / "plan" / "01-first.md"
    index = mini / "content" / "plan" / "index.md"
    good_chapter, good_index = chapter.read_text(encoding="utf-8"), index.read_text(encoding="utf-8")
    preview.page("plan/01-first/", "最初の章")

    _save(chapter, good_chapter.replace("title: 最初の章", "title：最初の章"))  # a full-width colon
    body = preview.problems("plan/01-first/", "content/plan/01-first.md:2", "[yaml-syntax]")
    assert "<h1>内容に問題があるため、プレビューを更新できません</h1>" in body
    assert "livereload(" in body  # the browser reloads by itself when the file is fixed
    preview.problems("", "content/plan/01-first.md:2")  # every page answers with it
    _save(chapter, good_chapter)
    preview.page("plan/01-first/", "最初の章")

    # An unknown status, written as markup: the page shows it as text, never as HTML.
    _save(index, good_index.replace("status: 素案", "status: <b>未定</b>"))
    body = preview.problems("plan/", "content/plan/index.md:4", "[invalid-value]", "&lt;b&gt;未定&lt;/b&gt;")
    assert "<b>未定</b>" not in body
    _save(index, good_index)
    preview.page("plan/", "テスト計画（素案）")

    out = preview.output()
    assert "content/plan/01-first.md:2: [yaml-syntax]" in out and "content/plan/index.md:4: [invalid-value]" in out
    assert "Traceback" not in out and "appear stuck" not in out and "Aborted" not in out, out


def test_the_open_browser_page_follows_the_fix(preview, mini, browser):
    """Live reload: the page a browser has open turns into the problem page and back by itself."""
    chapter = mini / "content" / "plan" / "01-first.md"
    good = chapter.read_text(encoding="utf-8")
    preview.page("plan/01-first/", "最初の章")
    context = browser.new_context(locale="ja-JP")
    try:
        page = context.new_page()
        page.goto(preview.base + "plan/01-first/")
        page.locator("h1", has_text="最初の章").wait_for(timeout=WAIT * 1000)
        _save(chapter, good.replace("title: 最初の章", "title：最初の章"))
        page.locator("h1", has_text="内容に問題があるため").wait_for(timeout=WAIT * 1000)
        assert "content/plan/01-first.md:2" in page.locator("main").inner_text()
        _save(chapter, good.replace("本文です。", "直した本文です。"))
        page.get_by_text("直した本文です。").wait_for(timeout=WAIT * 1000)
        assert page.locator("h1", has_text="最初の章").count() == 1
    finally:
        context.close()

"""Shared fixtures: build the bundled sample once, and make small projects to break on purpose."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD_DATE = "2026-11-21"
# The privacy guard's key for projects the tests import into (README: 個人情報の照合). The
# bundled sample carries its own demo key; a test that wants no key passes an empty one.
os.environ.setdefault("KOHYO_PRIVACY_KEY", "kohyo-test-key-for-tests-only-0123456789")


def run_kohyo(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real `kohyo` command as an editor would, in `cwd`."""
    return subprocess.run([sys.executable, "-m", "kohyo.cli", *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=600)


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory) -> Path:
    """The bundled sample built into a temporary folder; returns its build/ folder."""
    out = tmp_path_factory.mktemp("sample") / "build"
    result = run_kohyo("build", "--output", str(out), "--build-date", BUILD_DATE, cwd=ROOT)
    assert result.returncode == 0, result.stderr + result.stdout
    return out


@pytest.fixture(scope="session")
def site(sample_build) -> Path:
    return sample_build / "site"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def mini(tmp_path) -> Path:
    """A small valid project: the real configuration and theme, with a few pages of content."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", tmp_path / "overrides")
    shutil.copytree(ROOT / "content" / "_data", tmp_path / "content" / "_data")
    c = tmp_path / "content"
    write(c / "index.md", """
        ---
        type: portal
        title: テストのトップページ
        updated: 2026-11-01
        department: public-relations
        ---

        [計画](plan/index.md)と[第1章](plan/01-first.md#targets)へのリンク。
        """)
    write(c / "plan" / "index.md", """
        ---
        type: publication
        title: テスト計画（素案）
        status: 素案
        published: 2026-11-16
        department: climate-policy
        ---

        概要です。[第1章](01-first.md)、[第2章](02-second.md)。
        """)
    write(c / "plan" / "01-first.md", """
        ---
        title: 最初の章
        ---

        ## 1 目標 {#targets}

        本文です。

        ## 2 次の節

        [第2章の節](02-second.md#detail)を参照。
        """)
    write(c / "plan" / "02-second.md", """
        ---
        title: 二番目の章
        ---

        ## 1 詳細 {#detail}

        本文です。
        """)
    return tmp_path


# Real-browser fixtures: Debian's Chromium through Playwright, the site served on 127.0.0.1
# under the path it is published at (mkdocs.yml site_url), as a citizen's browser meets it.
CHROMIUM = "/usr/bin/chromium"
# Flags that keep Chromium from calling home on a closed network.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
SITE_PATH = "/kohyo/"


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    def translate_path(self, path):
        if not path.startswith(SITE_PATH):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + path[len(SITE_PATH):])

    def send_error(self, code, message=None, explain=None):
        if code == 404 and (Path(self.directory) / "404.html").is_file():  # as GitHub Pages does
            body = (Path(self.directory) / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(site):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_SiteHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{SITE_PATH}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(locale="ja-JP")
    pg = context.new_page()
    pg.requests_seen, pg.errors_seen = [], []
    pg.on("request", lambda r: pg.requests_seen.append(r.url))
    pg.on("console", lambda m: m.type == "error" and pg.errors_seen.append(m.text))
    pg.on("pageerror", lambda e: pg.errors_seen.append(str(e)))
    pg.on("requestfailed", lambda r: pg.errors_seen.append(f"failed: {r.url}"))
    yield pg
    context.close()

"""`kohyo serve`: the editor's live preview, which never gets stuck.

MkDocs' own `serve` builds once before it says where it listens, and when a rebuild raises it
prints a traceback, says "The server will appear stuck…" in English and holds every request
until a build succeeds. Here the address is printed before the first build, and a build that
stops on content problems answers every page with a Japanese page listing them (file:line, what
is wrong, how to fix); live reload stays on, so saving the fix brings the real page back.
Anything else that stops a build (a template or mkdocs.yml error) gets a Japanese page with the
error's one-line summary; KOHYO_DEBUG=1 adds its traceback in the terminal, for developers.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
import time
import traceback
from urllib.parse import urlsplit

from markupsafe import escape
from mkdocs.livereload import LiveReloadServer, _serve_url, _timestamp

from .problems import CODES, Problem

log = logging.getLogger("mkdocs.plugins.kohyo")


def serve(config_file: str, dev_addr: str, site: str | None = None) -> int:
    from mkdocs.commands.build import build
    from mkdocs.exceptions import ConfigurationError

    from .cli import SitesProblem

    # The server's English lines ("code 404" for each missing page, the failure page's 500).
    logging.getLogger("mkdocs.livereload").setLevel(logging.ERROR)
    site_dir = tempfile.mkdtemp(prefix="kohyo-preview-")  # never published; removed on exit
    serve_url = None

    def get_config():
        from .cli import _load_config

        config = _load_config(config_file, site, site_dir=site_dir, dev_addr=dev_addr)
        if serve_url:  # the first load tells the path the site is published under
            config.site_url = serve_url
        return config

    try:
        config = get_config()
    except SitesProblem as exc:
        shutil.rmtree(site_dir, ignore_errors=True)
        print(f"{exc}\nサイトの設定（sites.yml）を直すまで、プレビューを開けません。", file=sys.stderr)
        return 1
    except ConfigurationError as exc:
        shutil.rmtree(site_dir, ignore_errors=True)
        print(f"設定ファイル {config_file} に誤りがあるため、プレビューを開けません: {exc}", file=sys.stderr)
        return 1
    config.plugins.on_startup(command="serve", dirty=False)
    host, port = config.dev_addr
    serve_url = config.site_url = _serve_url(host, port, urlsplit(config.site_url or "/").path)
    server = None

    def builder(config=None):
        start = time.perf_counter()
        try:
            build(config or get_config(), serve_url=serve_url)
        except Exception as exc:  # noqa: BLE001 - whatever stopped the build, the preview shows it
            server.failure = _failure_page(exc)
        else:
            server.failure = None
            log.info("プレビューを更新しました（%.1f 秒）。", time.perf_counter() - start)

    try:
        server = PreviewServer(builder=builder, host=host, port=port, root=site_dir,
                               mount_path=urlsplit(serve_url).path, polling_interval=0.2)
        server.error_handler = lambda code: _error_page(site_dir, code)
        try:
            server.server_bind()
            server.server_activate()
        except OSError as exc:
            print(f"{host}:{port} で待ち受けられません（{exc.strerror}）。ほかのプレビューが動いていないか確認するか、"
                  "--dev-addr 127.0.0.1:8001 のように別の番号を指定してください。", file=sys.stderr)
            return 1
        print(f"プレビュー: {serve_url} （Ctrl+C で終了）", flush=True)
        # Watch before the first build: a file saved while it runs (or the moment its page
        # first shows) must trigger a rebuild, and a polling observer started later would take
        # that save into its first snapshot and never report it.
        server.watch(config.docs_dir)
        if config.config_file_path:
            server.watch(config.config_file_path)
        if config.theme.custom_dir:  # kohyo's templates and site CSS (overrides/)
            server.watch(config.theme.custom_dir)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        server.observer.start()
        server.start(lambda: builder(config))
        server._build_loop()
    except KeyboardInterrupt:
        pass
    finally:
        if server is not None:
            server.shutdown()
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
    print("プレビューを終了しました。")
    return 0


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, answering every page with the failure page while the last
    build failed (assets are served as usual). Its build loop never sees an exception: the
    builder turns each into that page."""

    failure: bytes | None = None

    def start(self, first_build):
        """Serve at once; requests wait for the first build, as they wait for any rebuild."""
        self._wanted_epoch = _timestamp() + 1  # ahead of _visible_epoch until the build ends
        self.serve_thread.start()
        first_build()
        with self._epoch_cond:
            self._visible_epoch = self._wanted_epoch
            self._epoch_cond.notify_all()

    def _serve_request(self, environ, start_response):
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        if _is_page(path, self.mount_path):
            with self._epoch_cond:
                self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
                epoch, failure = self._visible_epoch, self.failure
            if failure is not None:
                body = self._inject_js_into_html(failure, epoch)
                start_response("500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8"),
                                                             ("Content-Length", str(len(body)))])
                return [body]
        return super()._serve_request(environ, start_response)


def _error_page(site_dir: str, code: int) -> bytes | None:
    """The site's own 404 page (Japanese), as the published site answers."""
    path = os.path.join(site_dir, f"{code}.html")
    if code in (404, 500) and os.path.isfile(path):
        with open(path, "rb") as f:
            return f.read()
    return None


def _is_page(path: str, mount_path: str) -> bool:
    if path.startswith("/livereload/") or not (path + "/").startswith(mount_path):
        return False
    last = path.rsplit("/", 1)[-1]
    return last == "" or last.endswith(".html") or "." not in last


def _failure_page(exc: BaseException) -> bytes:
    """The Japanese page every preview URL shows while a build fails; reported once in the terminal."""
    problems = _problems_of(exc)
    if problems is not None:  # MkDocs has logged the plugin's Japanese report already
        return problem_page(problems)
    if isinstance(exc, SystemExit) and exc.__context__ is not None:  # MkDocs' Abort for a BuildError,
        detail = str(exc.__context__)  # which MkDocs has logged already
    else:
        detail = f"{type(exc).__name__}: {exc}"
        if getattr(exc, "filename", None) and getattr(exc, "lineno", None):  # a template's syntax error
            detail = f"{_shown(exc.filename)}:{exc.lineno}: {detail}"
        log.error("プレビューを作れませんでした（%s）。直して保存すると、もう一度作ります。"
                  "直し方が分からないときは、この表示を開発担当に伝えてください。", detail)
        if os.environ.get("KOHYO_DEBUG"):
            traceback.print_exception(exc)
    return _page("プレビューを作れませんでした",
                 "<p>サイトを作る途中で止まりました。直して保存すると、このページは自動で更新されます。"
                 "直し方が分からないときは、次の表示を開発担当に伝えてください。</p>"
                 f"<pre>{escape(detail)}</pre>")


def _shown(path: str) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return path


def _problems_of(exc: BaseException):
    """The plugin's problems, through MkDocs' Abort (raised while handling the plugin's error)."""
    seen = exc
    while seen is not None:
        if isinstance(getattr(seen, "problems", None), list):
            return seen.problems
        seen = seen.__cause__ or seen.__context__
    return None


def problem_page(problems: list[Problem]) -> bytes:
    items = []
    for p in sorted(problems):
        where = f"{p.path}:{p.line}" if p.line else p.path
        items.append(f'<li><p class="where"><code>{escape(where)}</code> <span class="code">[{escape(p.code)}]'
                     f' {escape(CODES.get(p.code, ""))}</span></p><p>{escape(p.message)}</p></li>')
    return _page("内容に問題があるため、プレビューを更新できません",
                 f"<p>次の {len(problems)} 件を直して保存してください。保存すると、このページは自動で更新され、"
                 "直っていればいつものページに戻ります。行番号はファイルの先頭から数えた行です。</p>"
                 f"<ol>{''.join(items)}</ol>")


_STYLE = """body{font-family:system-ui,"Noto Sans JP",sans-serif;margin:2rem auto;max-width:50rem;padding:0 1rem;
line-height:1.7;color:#1a1a1a}h1{font-size:1.5rem;color:#a30000}li{margin:0 0 1rem}p{margin:.25rem 0}
.where code{font-weight:bold;font-size:1.05rem}.code{color:#444}pre{white-space:pre-wrap;background:#f4f4f4;
padding:1rem}"""


def _page(title: str, body: str) -> bytes:
    return (f'<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>{escape(title)}（プレビュー）</title>'
            f'<meta name="viewport" content="width=device-width,initial-scale=1"><style>{_STYLE}</style></head>'
            f'<body><main id="kohyo-preview-problems"><h1>{escape(title)}</h1>{body}</main></body></html>'
            ).encode("utf-8")

"""The Starlette application of ``fzlint serve``: the page, its static files and the JSON API.

Linting is CPU-bound, so no request lints on the event loop: each job (one upload) goes to a
``ProcessPoolExecutor`` of ``workers`` processes (spawned, warmed up with the rule packs).
At most ``workers`` jobs run at once (a semaphore); at most ``queue`` more wait for a free
worker; a request beyond that gets 503 at once, before its body is read — so memory is
bounded by ``(workers + queue) × max_upload``.  A long document occupies one worker and
never stops the event loop from answering the others.

Uploads are read into memory by :mod:`fzlint.serve.upload` (never spooled to disk) and no
document, file name or finding is logged.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import re
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any
from urllib.parse import quote, urlsplit

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from . import jobs
from .jobs import Env, Failed, Options
from .upload import UploadError, check_length, read_form

#: The page's policy: its own script and style files only, requests to itself only.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Cross-Origin-Resource-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}
STATIC = {  # path → (file in fzlint/serve/static, content type)
    "/": ("index.html", "text/html; charset=utf-8"),
    "/app.js": ("app.js", "text/javascript; charset=utf-8"),
    "/app.css": ("app.css", "text/css; charset=utf-8"),
    "/favicon.svg": ("favicon.svg", "image/svg+xml"),
}
MAX_FILES = 100  # uploads in one /api/report request
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass(frozen=True)
class ServeConfig:
    """How ``fzlint serve`` runs: workers, upload and queue limits, settings, accepted hosts."""

    workers: int = 2
    max_upload: int = 20 << 20  # bytes of one request body
    queue: int = 64  # jobs that may wait for a worker; more get 503
    env: Env = field(default_factory=Env)
    allowed_hosts: tuple[str, ...] | None = None  # Host header values accepted (None: any)


class Busy(Exception):
    pass


class Pool:
    """The worker processes, with admission control (see the module docstring)."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.executor: Any = None
        self.admitted = 0
        self.running: asyncio.Semaphore | None = None

    def start(self) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # spawn, not fork: the server has threads (uvicorn, asyncio), and Windows has only spawn.
        self.executor = ProcessPoolExecutor(self.config.workers, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=jobs.warm_up, initargs=(self.config.env,))
        for _ in range(self.config.workers):  # start (and warm up) every worker now, not on the first uploads
            self.executor.submit(jobs.ready)
        if self.running is None:  # kept across a restart: the jobs holding it still count
            self.running = asyncio.Semaphore(self.config.workers)

    def stop(self) -> None:
        if self.executor is not None:
            self.executor.shutdown(wait=True, cancel_futures=True)
            self.executor = None

    @contextlib.contextmanager
    def slot(self) -> Any:
        """Admit one job (503 when ``workers + queue`` are already admitted)."""
        if self.admitted >= self.config.workers + self.config.queue:
            raise Busy
        self.admitted += 1
        try:
            yield
        finally:
            self.admitted -= 1

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        from concurrent.futures.process import BrokenProcessPool

        assert self.running is not None
        async with self.running:
            executor = self.executor
            try:
                return await asyncio.get_running_loop().run_in_executor(executor, fn, *args)
            except BrokenProcessPool:  # a worker died (killed, out of memory): start new ones
                if self.executor is executor:
                    executor.shutdown(wait=False, cancel_futures=True)
                    self.start()
                return Failed(500, "检查该文件的工作进程意外退出，请重试；如再次出现，请联系管理员")


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status, headers=SECURITY_HEADERS)


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback and the UTF-8 name of RFC 5987/6266."""
    stem, dot, ext = filename.rpartition(".")
    if not dot:
        stem, ext = filename, ""
    ascii_stem = re.sub(r"[^A-Za-z0-9_-]+", "_", stem).strip("_") or "download"
    ascii_ext = re.sub(r"[^A-Za-z0-9]+", "", ext)
    ascii_name = f"{ascii_stem}.{ascii_ext}" if ascii_ext else ascii_stem
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def download_name(name: str, label: str, suffix: str | None = None) -> str:
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    ext = suffix or ext
    return f"{stem}（{label}）.{ext}" if ext else f"{stem}（{label}）"


def parse_options(fields: dict[str, str]) -> Options:
    year: int | None = None
    if fields.get("year"):
        try:
            year = int(fields["year"])
        except ValueError:
            raise UploadError(400, f"年度“{fields['year'][:20]}”不是数字") from None
        if not 1990 <= year <= 2100:
            raise UploadError(400, "年度应在 1990–2100 之间")
    select = tuple(c.strip().upper() for c in fields.get("select", "").replace("，", ",").split(",") if c.strip())
    track = fields.get("track_changes", "").lower() in ("1", "true", "yes", "on")
    return Options(select=select or None, year=year, track_changes=track)


def create_app(config: ServeConfig | None = None) -> Starlette:
    config = config or ServeConfig()
    pool = Pool(config)

    async def upload(request: Request, handle: Callable[[list[tuple[str | None, bytes]], Options], Any]) -> Response:
        """Admit, read the form within the limit, run the job: the shared path of the POSTs."""
        origin = request.headers.get("origin")
        if origin is not None and urlsplit(origin).netloc != request.headers.get("host"):
            # A page of another site posting to this server (it could not read the answer anyway).
            return error(403, "不接受其他网站的页面提交的请求")
        try:
            with pool.slot():
                check_length(request.headers.get("content-length"), config.max_upload)
                form = await read_form(request.headers.get("content-type"), request.stream(), config.max_upload)
                if not form.files:
                    raise UploadError(400, "请求中没有文件：请用表单字段 file 上传报告")
                return await handle(form.files, parse_options(form.fields))  # type: ignore[no-any-return]
        except Busy:
            return JSONResponse({"error": "服务器正忙（同时检查的文件太多），请稍后重试"}, status_code=503,
                                headers={**SECURITY_HEADERS, "Retry-After": "5"})
        except UploadError as e:
            return error(e.status, e.message)

    async def single(files: list[tuple[str | None, bytes]]) -> tuple[str | None, bytes]:
        if len(files) > 1:
            raise UploadError(400, "此接口一次只检查一个文件；多个文件请分别上传，或使用 /api/report")
        return files[0]

    async def api_check(request: Request) -> Response:
        async def handle(files: list[tuple[str | None, bytes]], opts: Options) -> Response:
            name, data = await single(files)
            got = await pool.run(jobs.check, data, name, config.env, opts)
            if isinstance(got, Failed):
                return error(got.status, got.message)
            return JSONResponse(got, headers=SECURITY_HEADERS)

        return await upload(request, handle)

    async def api_fix(request: Request) -> Response:
        async def handle(files: list[tuple[str | None, bytes]], opts: Options) -> Response:
            name, data = await single(files)
            got = await pool.run(jobs.fix, data, name, config.env, opts)
            if isinstance(got, Failed):
                return error(got.status, got.message)
            shown, out, n = got
            return Response(out, media_type="application/octet-stream", headers={
                **SECURITY_HEADERS, "Content-Disposition": content_disposition(download_name(shown, "已修复")),
                "X-Fzlint-Fixes": str(n)})

        return await upload(request, handle)

    async def api_annotate(request: Request) -> Response:
        async def handle(files: list[tuple[str | None, bytes]], opts: Options) -> Response:
            name, data = await single(files)
            got = await pool.run(jobs.annotate, data, name, config.env, opts)
            if isinstance(got, Failed):
                return error(got.status, got.message)
            shown, out = got
            return Response(out, media_type=DOCX_TYPE, headers={
                **SECURITY_HEADERS, "Content-Disposition": content_disposition(shown)})

        return await upload(request, handle)

    async def api_report(request: Request) -> Response:
        async def handle(files: list[tuple[str | None, bytes]], opts: Options) -> Response:
            if len(files) > MAX_FILES:
                raise UploadError(400, f"一次最多汇总 {MAX_FILES} 个文件")
            got = await pool.run(jobs.report, files, config.env, opts)
            if isinstance(got, Failed):
                return error(got.status, got.message)
            return Response(got, media_type="text/html; charset=utf-8", headers={
                **SECURITY_HEADERS, "Content-Security-Policy": report_csp(),
                "Content-Disposition": content_disposition("fzlint审核汇总.html")})

        return await upload(request, handle)

    async def api_rules(request: Request) -> Response:
        ruleset = jobs.settings_for(config.env, Options()).ruleset()
        items = [{"code": r.code, "name": r.name, "severity": r.severity.label, "severity_zh": r.severity.zh,
                  "pack": r.pack, "check": r.check, "summary": r.summary, "enabled": r.enabled,
                  "family": family(r.code)} for r in ruleset.rules]
        return JSONResponse(items, headers=SECURITY_HEADERS)

    async def api_explain(request: Request) -> Response:
        from ..explain import explain_text

        code = request.path_params["code"].upper()
        rule = jobs.settings_for(config.env, Options()).ruleset().by_code.get(code)
        if rule is None:
            return error(404, f"没有规则 {code[:20]}")
        text = explain_text(rule)
        # The last line says where the rule is defined (a user pack by its path on this
        # machine: "定义于规则包 …", a built-in one "定义于内置规则包 …"): not for a page.
        lines = [ln for ln in text.splitlines() if not ln.startswith("定义于")]
        return JSONResponse({"code": rule.code, "name": rule.name, "text": "\n".join(lines).rstrip() + "\n"},
                            headers=SECURITY_HEADERS)

    async def static(request: Request) -> Response:
        name, ctype = STATIC[request.url.path]
        return Response(resources.files(__package__).joinpath("static", name).read_bytes(), media_type=ctype,
                        headers=SECURITY_HEADERS)

    async def api_limits(request: Request) -> Response:
        """What the page checks before uploading (a refused body may reach a browser as a reset)."""
        return JSONResponse({"max_upload_bytes": config.max_upload, "max_files": MAX_FILES,
                             "workers": config.workers}, headers=SECURITY_HEADERS)

    async def healthz(request: Request) -> Response:
        return JSONResponse({"status": "ok"}, headers=SECURITY_HEADERS)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        pool.start()
        try:
            yield
        finally:
            pool.stop()

    routes = [Route(path, static, methods=["GET", "HEAD"]) for path in STATIC]
    routes += [
        Route("/api/check", api_check, methods=["POST"]),
        Route("/api/fix", api_fix, methods=["POST"]),
        Route("/api/annotate", api_annotate, methods=["POST"]),
        Route("/api/report", api_report, methods=["POST"]),
        Route("/api/rules", api_rules, methods=["GET"]),
        Route("/api/explain/{code}", api_explain, methods=["GET"]),
        Route("/api/limits", api_limits, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
    ]
    middleware = []
    if config.allowed_hosts is not None:
        from starlette.middleware import Middleware
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        # A page elsewhere cannot reach a loopback server through a name it controls (DNS rebinding).
        middleware.append(Middleware(TrustedHostMiddleware, allowed_hosts=list(config.allowed_hosts)))
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan,
                    exception_handlers={404: not_found, 405: not_allowed, 500: internal})
    app.state.pool = pool
    return app


async def not_found(request: Request, exc: Exception) -> Response:
    return error(404, "没有这个地址")


async def not_allowed(request: Request, exc: Exception) -> Response:
    return error(405, "不支持这种请求方法")


async def internal(request: Request, exc: Exception) -> Response:
    return error(500, "服务器内部错误")


def family(code: str) -> str:
    from ..families import family_of

    return family_of(code)


def report_csp() -> str:
    """The review page of ``--format html`` keeps its script and style inline (it opens from
    disk); served here it runs under hashes of exactly that script and style."""
    from ..output import html

    def h(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"

    return (f"default-src 'none'; script-src {h(html.JS)}; style-src {h(html.CSS)}; img-src data:; "
            "form-action 'none'; base-uri 'none'; frame-ancestors 'none'")


__all__ = ["ServeConfig", "content_disposition", "create_app"]

"""Start ``fzlint serve``: bind the socket first (so a busy port is one clear line), print the
address to open, then hand the socket to uvicorn."""

from __future__ import annotations

import ipaddress
import socket
import sys
from pathlib import Path

from ..errors import FzlintError

LOOPBACK_NAMES = ("localhost",)


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def url_host(host: str) -> str:
    try:
        if ipaddress.ip_address(host.strip("[]")).version == 6:
            return f"[{host.strip('[]')}]"
    except ValueError:
        pass
    return host


def bind(host: str, port: int) -> socket.socket:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as e:
        raise FzlintError(None, f"无法解析监听地址 {host}（{e.strerror or e}）") from None
    family, _, _, _, addr = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    if sys.platform == "win32":  # there SO_REUSEADDR would let two servers share the port
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)  # type: ignore[attr-defined]
    else:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(addr)
        sock.listen(128)
    except OSError as e:
        sock.close()
        if e.errno in (98, 48, 10048):  # EADDRINUSE on Linux, macOS, Windows
            raise FzlintError(None, f"端口 {port} 已被占用，请用 --port 换一个端口") from None
        raise FzlintError(None, f"无法在 {host}:{port} 监听（{e.strerror or e}）") from None
    sock.set_inheritable(True)
    return sock


def serve(host: str, port: int, workers: int, max_upload_mb: float, queue: int) -> None:
    """Run until Ctrl-C.  Raises FzlintError (one line) for a configuration or socket problem."""
    import uvicorn

    from ..packs.config import find_config
    from .app import ServeConfig, create_app
    from .jobs import Env, Options, settings_for

    found = find_config(Path.cwd())
    env = Env(config=str(found), isolated=False) if found else Env()
    settings_for(env, Options()).ruleset()  # a broken configuration or rule pack stops here, in one line
    loopback = is_loopback(host)
    allowed = None
    if loopback:
        allowed = ("127.0.0.1", "localhost", "[::1]", "::1")
    config = ServeConfig(workers=workers, max_upload=int(max_upload_mb * (1 << 20)), queue=queue, env=env,
                         allowed_hosts=allowed)
    sock = bind(host, port)
    bound = sock.getsockname()[1]
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else ("[::1]" if host == "::" else url_host(host))
    print(f"fzlint serve 已启动，请在浏览器中打开：http://{shown}:{bound}/", flush=True)
    if not loopback:
        print(f"注意：服务监听在 {host}，其他计算机也可以访问本服务（上传的报告会经过网络）。", flush=True)
    if found:
        print(f"使用配置文件：{found}", flush=True)
    print(f"工作进程 {workers} 个，单次上传上限 {max_upload_mb:g} MB。按 Ctrl-C 停止。", flush=True)
    app = create_app(config)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on",
                                           server_header=False, timeout_graceful_shutdown=5))
    try:
        server.run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn stops on Ctrl-C, then raises it again: stopping is the normal end
        pass
    finally:
        sock.close()
    print("fzlint serve 已停止。", file=sys.stderr, flush=True)

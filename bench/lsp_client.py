"""A minimal LSP client over stdio, for timing ``didChange`` → ``publishDiagnostics``."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import threading
import time
from pathlib import Path
from queue import Empty, Queue
from typing import Any

from corpus import SEEDS


class Client:
    def __init__(self, cmd: list[str]) -> None:
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     env={**os.environ, "NO_COLOR": "1"})
        self.messages: Queue[dict[str, Any]] = Queue()
        self._id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        out = self.proc.stdout
        assert out is not None
        while True:
            length = 0
            while True:
                line = out.readline()
                if not line:
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            self.messages.put(json.loads(out.read(length)))

    def send(self, method: str, params: dict[str, Any], request: bool = False) -> int | None:
        msg: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        rid = None
        if request:
            self._id += 1
            rid = msg["id"] = self._id
        body = json.dumps(msg).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        return rid

    def wait(self, pred: Any, timeout: float = 60.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no matching message from the server")
            try:
                msg = self.messages.get(timeout=left)
            except Empty:
                continue
            if pred(msg):
                return msg

    def close(self) -> None:
        try:
            rid = self.send("shutdown", {}, request=True)
            self.wait(lambda m: m.get("id") == rid, timeout=10)
            self.send("exit", {})
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()


def _report(size: int) -> str:
    text = ""
    i = 0
    while len(text.encode("utf-8")) < size:
        text += SEEDS[i % len(SEEDS)].read_text(encoding="utf-8")
        i += 1
    return text


def lsp_latency(cmd: list[str], edits: int = 50, size: int = 20_000) -> float:
    """Median milliseconds from a full-text didChange to the diagnostics of that version."""
    text = _report(size)
    uri = Path("/tmp/fzlint-bench-report.txt").as_uri()
    c = Client(cmd)
    try:
        rid = c.send("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {}}, request=True)
        c.wait(lambda m: m.get("id") == rid)
        c.send("initialized", {})

        def published(version: int):
            return lambda m: (m.get("method") == "textDocument/publishDiagnostics"
                              and m["params"].get("uri") == uri
                              and m["params"].get("version", version) >= version)

        c.send("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1,
                                                         "text": text}})
        c.wait(published(1))
        samples = []
        for v in range(2, edits + 2):
            new = text.replace("法治", "法制", 1) if v % 2 else text
            t = time.perf_counter()
            c.send("textDocument/didChange", {"textDocument": {"uri": uri, "version": v},
                                              "contentChanges": [{"text": new}]})
            c.wait(published(v))
            samples.append(1000 * (time.perf_counter() - t))
        return statistics.median(samples)
    finally:
        c.close()

"""LSP re-lint latency: how long after an edit the editor gets fresh diagnostics.

Starts ``fzlint lsp`` as a subprocess with a real pygls client, opens a report of about
``--kb`` kilobytes (UTF-8; seeds concatenated), then makes ``--edits`` edits one at a
time (each types one character into the middle of the text) and measures, for each, the
time from sending ``didChange`` to receiving ``publishDiagnostics`` for that version.
The server's debounce is set to 0 so the figure is the lint itself plus the round trip;
an editor adds the debounce (250 ms by default) on top while the user keeps typing.

    python bench/lsp_latency.py --kb 20 --edits 30
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types as t
from pygls.lsp.client import LanguageClient

ROOT = Path(__file__).resolve().parent.parent


def report_text(kb: int) -> str:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    text, i = "", 0
    while len(text.encode("utf-8")) < kb * 1024:
        text += seeds[i % len(seeds)]
        i += 1
    out = []
    size = 0
    for line in text.splitlines(keepends=True):  # cut at a line end near the target size
        if size >= kb * 1024:
            break
        out.append(line)
        size += len(line.encode("utf-8"))
    return "".join(out)


async def main(kb: int, edits: int) -> dict:
    client = LanguageClient("fzlint-bench", "1")
    arrived: dict[int, float] = {}
    event = asyncio.Event()

    @client.feature(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_publish(params: t.PublishDiagnosticsParams) -> None:
        if params.version is not None:
            arrived[params.version] = time.perf_counter()
            event.set()

    await client.start_io(sys.executable, "-m", "fzlint", "lsp")
    await client.initialize_async(t.InitializeParams(capabilities=t.ClientCapabilities(),
                                                     initialization_options={"debounceMs": 0}))
    client.initialized(t.InitializedParams())
    text = report_text(kb)
    uri = (Path(tempfile.gettempdir()) / "fzlint-bench-report.txt").as_uri()

    async def until(version: int) -> float:
        while version not in arrived:
            event.clear()
            await asyncio.wait_for(event.wait(), 120)
        return arrived[version]

    t0 = time.perf_counter()
    client.text_document_did_open(t.DidOpenTextDocumentParams(
        t.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text=text)))
    first = await until(1) - t0
    samples = []
    mid = len(text) // 2
    for v in range(2, edits + 2):
        text = text[:mid] + "的" + text[mid:]
        sent = time.perf_counter()
        client.text_document_did_change(t.DidChangeTextDocumentParams(
            t.VersionedTextDocumentIdentifier(uri=uri, version=v),
            [t.TextDocumentContentChangeWholeDocument(text=text)]))
        samples.append(await until(v) - sent)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    ms = sorted(s * 1000 for s in samples)
    return {
        "report_bytes": len(text.encode("utf-8")),
        "report_chars": len(text),
        "first_open_ms": round(first * 1000, 1),
        "edits": len(ms),
        "median_ms": round(statistics.median(ms), 1),
        "p90_ms": round(ms[int(0.9 * (len(ms) - 1))], 1),
        "max_ms": round(ms[-1], 1),
    }


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kb", type=int, default=20)
    ap.add_argument("--edits", type=int, default=30)
    a = ap.parse_args()
    print(json.dumps(asyncio.run(main(a.kb, a.edits)), ensure_ascii=False))

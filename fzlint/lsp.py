"""Language server (``fzlint lsp``): a thin pygls adapter over the CLI's lint path.

Every buffer is linted through the one lint function (:func:`fzlint.engine.lint_loaded`,
which the CLI, the batch runner and :func:`fzlint.engine.lint_text` use too), read as it
is (:func:`fzlint.inputs.readers.load_text`: offsets are the buffer's own, a leading U+FEFF
included), under the configuration ``fzlint check <path>`` would find.  So the editor
and the terminal always agree.

What the server adds is only editor plumbing:

* diagnostics on open and save (at once) and on change (debounced), cleared on close;
  each result is published only if the buffer has not changed since;
* positions converted from character offsets to the negotiated position encoding
  (UTF-16 code units unless the client asks for UTF-8 or UTF-32).  Lines are split
  at ``\\r\\n``, ``\\r`` and ``\\n`` only, as the LSP specification says (and as
  :mod:`fzlint.parse.document` does) — not with ``str.splitlines``, which also breaks at
  the vertical tabs and form feeds that Word exports leave in reports; in a Markdown
  buffer spans and fix edits are mapped back from the text without Markdown syntax the
  checks read to the buffer (:func:`in_file`);
* code actions: one quick fix per fixable finding, and "fix all safe problems";
* hover: the ``explain`` text of the rules whose findings are under the cursor;
* configuration re-read (:func:`fzlint.packs.config.clear_caches`) when a config file or
  rule pack changes (``workspace/didChangeWatchedFiles``) or is saved in the editor.

All fzlint work runs on one worker thread, so the caches of parsed configs, loaded
rule packs and compiled rule states (and the segmenter) are built once and stay warm
between edits, while the event loop keeps answering the editor.  Any failure becomes
a single diagnostic on the document, never a crash of the server.

Positions and the lint of one buffer (no server state) are :mod:`fzlint.lsp_buffer`.
These two are the only modules that import pygls/lsprotocol; the CLI imports them lazily.
"""

from __future__ import annotations

import asyncio
import logging
import sys
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path
from pygls.workspace import TextDocument

from .diagnostic import Diagnostic, Severity
from .version import __version__

if TYPE_CHECKING:
    pass

from .lsp_buffer import (
    LineIndex,
    Linted,
    explain_markdown,
    fix_all_text,
    is_config,
    line_diff_edits,
    lint_buffer,
    lintable,
)

logger = logging.getLogger(__name__)
SOURCE = "fzlint"
DEBOUNCE_SECONDS = 0.25
FIX_ALL_TITLE = "修复全部安全问题"
FIX_ALL_KIND = "source.fixAll.fzlint"
CONFIG_GLOBS = ("**/*.yaml", "**/*.yml", "**/pyproject.toml")
_SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFO: lsp.DiagnosticSeverity.Information,
}


# ---- the server -------------------------------------------------------------------------
class FzlintServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("fzlint", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Full)
        # One worker: fzlint's caches are plain dicts, and lints of one buffer stay ordered.
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fzlint-lint")
        self.results: dict[str, Linted] = {}
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.debounce = DEBOUNCE_SECONDS

    # -- helpers
    @property
    def encoding(self) -> str:
        return str(self.workspace.position_encoding or lsp.PositionEncodingKind.Utf16)

    def doc(self, uri: str) -> TextDocument | None:
        """The open buffer (pygls keys its documents by the unquoted URI)."""
        return self.workspace.text_documents.get(unquote(uri))

    def path_of(self, uri: str) -> str | None:
        return to_fs_path(uri) if uri.startswith("file:") else None

    async def run(self, fn: Any, *args: Any) -> Any:
        return await asyncio.get_running_loop().run_in_executor(self.worker, fn, *args)

    def cancel_pending(self, uri: str) -> None:
        task = self.pending.pop(unquote(uri), None)
        if task is not None:
            task.cancel()

    # -- linting
    def compute(self, uri: str, text: str, version: int | None, language_id: str | None) -> Linted:
        """Runs on the worker thread."""
        path = self.path_of(uri)
        index = LineIndex(text, self.encoding)
        result = Linted(text, version, index)
        if not lintable(path, language_id):
            return result
        try:
            diags, problem, internal = lint_buffer(text, path)
        except Exception as e:  # never let a bug take the editor's linter down
            logger.exception("lint failed for %s", uri)
            diags, problem, internal = [], f"{path or uri}: 内部错误（{type(e).__name__}: {e}）", []
        result.diagnostics, result.problem, result.internal = diags, problem, internal
        result.lsp_diagnostics = self.to_lsp(result)
        return result

    def to_lsp(self, r: Linted) -> list[lsp.Diagnostic]:
        if r.problem is not None:
            first_line_end = r.index._line_end(0)
            return [lsp.Diagnostic(range=r.index.range(0, first_line_end), message=r.problem,
                                   severity=lsp.DiagnosticSeverity.Error, source=SOURCE)]
        out = []
        for d in r.diagnostics:
            start, end = r.span(d)
            message = d.message if not d.suggestion else f"{d.message}（建议：{d.suggestion}）"
            out.append(lsp.Diagnostic(
                range=r.index.range(start, end),
                message=message,
                severity=_SEVERITY[d.severity],
                code=d.code,
                source=SOURCE,
                data={"rule": d.rule, "fixable": d.fix is not None},
            ))
        return out

    async def relint(self, uri: str) -> Linted | None:
        """Lint the buffer now; publish unless it changed or closed meanwhile."""
        doc = self.doc(uri)
        if doc is None:
            return None
        text, version = doc.source, doc.version
        result: Linted = await self.run(self.compute, uri, text, version, doc.language_id)
        current = self.doc(uri)
        if current is None or current.version != version or current.source != text:
            return result  # stale: a newer lint is scheduled
        self.results[unquote(uri)] = result
        for line in result.internal:
            self.window_log_message(lsp.LogMessageParams(type=lsp.MessageType.Error, message=line))
        self.text_document_publish_diagnostics(
            lsp.PublishDiagnosticsParams(uri=current.uri, version=version, diagnostics=result.lsp_diagnostics))
        return result

    def schedule(self, uri: str) -> None:
        self.cancel_pending(uri)

        async def later() -> None:
            await asyncio.sleep(self.debounce)
            self.pending.pop(unquote(uri), None)
            await self.relint(uri)

        self.pending[unquote(uri)] = asyncio.ensure_future(later())

    async def fresh(self, uri: str) -> Linted | None:
        """The result for the buffer as it is now (linting it if the last result is stale)."""
        doc = self.doc(uri)
        if doc is None:
            return None
        r = self.results.get(unquote(uri))
        if r is not None and r.text == doc.source:
            return r
        self.cancel_pending(uri)
        return await self.relint(uri)

    async def config_changed(self) -> None:
        from .packs.config import clear_caches

        await self.run(clear_caches)
        for doc in list(self.workspace.text_documents.values()):
            self.schedule(doc.uri)

    # -- requests
    def workspace_edit(self, uri: str, r: Linted, edits: list[lsp.TextEdit]) -> lsp.WorkspaceEdit:
        caps = self.client_capabilities.workspace
        we = caps.workspace_edit if caps else None
        if we and we.document_changes:
            ident = lsp.OptionalVersionedTextDocumentIdentifier(uri=uri, version=r.version)
            return lsp.WorkspaceEdit(document_changes=[lsp.TextDocumentEdit(text_document=ident, edits=list(edits))])
        return lsp.WorkspaceEdit(changes={uri: edits})

    async def code_actions(self, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        uri = params.text_document.uri
        r = await self.fresh(uri)
        if r is None or r.problem is not None:
            return None
        only = params.context.only

        def wanted(kind: str) -> bool:
            return only is None or any(kind == k or kind.startswith(f"{k}.") for k in only)

        a, b = r.index.offset(params.range.start), r.index.offset(params.range.end)
        actions: list[lsp.CodeAction] = []
        if wanted(lsp.CodeActionKind.QuickFix):
            for d, ld in zip(r.diagnostics, r.lsp_diagnostics, strict=True):
                start, end = r.span(d)
                if d.fix is None or not d.fix.edits or not (start <= b and a <= end):
                    continue
                what = d.fix.description or d.suggestion or d.message
                title = f"修复：{what}（{d.code}）" if d.fix.safe else f"修复：{what}（{d.code}，可能改变含义，请核对）"
                edits = [lsp.TextEdit(range=r.edit_range(e), new_text=e.content) for e in d.fix.edits]
                actions.append(lsp.CodeAction(title=title, kind=lsp.CodeActionKind.QuickFix, diagnostics=[ld],
                                              is_preferred=d.fix.safe, edit=self.workspace_edit(uri, r, edits)))
        # "Fix all": a quick fix in the plain menu; source.fixAll.fzlint for fix-on-save.
        kind: str | None = None
        if only is None:
            kind = lsp.CodeActionKind.QuickFix
        elif wanted(FIX_ALL_KIND):
            kind = FIX_ALL_KIND
        elif wanted(lsp.CodeActionKind.QuickFix):
            kind = lsp.CodeActionKind.QuickFix
        if kind and any(d.fix is not None and d.fix.safe for d in r.diagnostics):
            new = await self.run(fix_all_text, r.text, self.path_of(uri))
            if new is not None and new != r.text:
                edits = line_diff_edits(r.text, new, r.index)
                actions.append(lsp.CodeAction(title=FIX_ALL_TITLE, kind=kind, edit=self.workspace_edit(uri, r, edits)))
        return actions

    async def hover(self, params: lsp.HoverParams) -> lsp.Hover | None:
        uri = params.text_document.uri
        r = await self.fresh(uri)
        if r is None or r.problem is not None:
            return None
        off = r.index.offset(params.position)

        def under(d: Diagnostic) -> bool:
            s, e = r.span(d)
            return s <= off < e or s == e == off

        hits = [d for d in r.diagnostics if under(d)]
        if not hits:
            return None
        codes = list(dict.fromkeys(d.code for d in hits))
        text = await self.run(explain_markdown, codes, self.path_of(uri))
        if not text:
            return None
        head = "\n".join(f"**{d.code}** {d.message}" for d in hits)
        fmt = lsp.MarkupKind.Markdown
        td = self.client_capabilities.text_document
        formats = td.hover.content_format if td and td.hover else None
        if formats and lsp.MarkupKind.Markdown not in formats:
            fmt = lsp.MarkupKind.PlainText
        start = min(r.span(d)[0] for d in hits)
        end = max(r.span(d)[1] for d in hits)
        return lsp.Hover(contents=lsp.MarkupContent(kind=fmt, value=f"{head}\n\n{text}"),
                         range=r.index.range(start, end))


def build_server() -> FzlintServer:
    """A server with every feature registered (one per process; tests start it as a subprocess)."""
    ls = FzlintServer()

    @ls.feature(lsp.INITIALIZE)
    def initialize(ls: FzlintServer, params: lsp.InitializeParams) -> None:
        opts = params.initialization_options
        if isinstance(opts, dict) and isinstance(opts.get("debounceMs"), (int, float)):
            ls.debounce = max(0.0, float(opts["debounceMs"]) / 1000)

    @ls.feature(lsp.INITIALIZED)
    async def initialized(ls: FzlintServer, params: lsp.InitializedParams) -> None:
        caps = ls.client_capabilities.workspace
        watch = caps.did_change_watched_files if caps else None
        if watch and watch.dynamic_registration:
            options = lsp.DidChangeWatchedFilesRegistrationOptions(
                watchers=[lsp.FileSystemWatcher(glob_pattern=g) for g in CONFIG_GLOBS])
            reg = lsp.Registration(id="fzlint-config-watch", method=lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                                   register_options=options)
            try:
                await ls.client_register_capability_async(lsp.RegistrationParams(registrations=[reg]))
            except Exception:  # the client may refuse; saving a config in the editor still works
                logger.warning("could not register file watchers", exc_info=True)

    @ls.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    async def did_open(ls: FzlintServer, params: lsp.DidOpenTextDocumentParams) -> None:
        await ls.relint(params.text_document.uri)

    @ls.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: FzlintServer, params: lsp.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri)

    @ls.feature(lsp.TEXT_DOCUMENT_DID_SAVE, lsp.SaveOptions(include_text=False))
    async def did_save(ls: FzlintServer, params: lsp.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if is_config(ls.path_of(uri)):
            await ls.config_changed()
        ls.cancel_pending(uri)
        await ls.relint(uri)

    @ls.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: FzlintServer, params: lsp.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.cancel_pending(uri)
        ls.results.pop(unquote(uri), None)
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @ls.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    async def did_change_watched_files(ls: FzlintServer, params: lsp.DidChangeWatchedFilesParams) -> None:
        if any(is_config(ls.path_of(c.uri)) for c in params.changes):
            await ls.config_changed()

    @ls.feature(lsp.TEXT_DOCUMENT_CODE_ACTION,
                lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix, FIX_ALL_KIND]))
    async def code_action(ls: FzlintServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction] | None:
        return await ls.code_actions(params)

    @ls.feature(lsp.TEXT_DOCUMENT_HOVER)
    async def hover(ls: FzlintServer, params: lsp.HoverParams) -> lsp.Hover | None:
        return await ls.hover(params)

    @ls.feature(lsp.SHUTDOWN)
    def shutdown(ls: FzlintServer, params: Any) -> None:
        for task in list(ls.pending.values()):
            task.cancel()
        ls.pending.clear()
        ls.worker.shutdown(wait=False, cancel_futures=True)

    return ls


def serve() -> None:
    """Run the server on stdin/stdout until the client exits."""
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print() must never corrupt the protocol stream
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr, format="fzlint lsp: %(levelname)s %(message)s")
    build_server().start_io(stdin, stdout)

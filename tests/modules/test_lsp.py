"""The language server end to end: a real LSP client (pytest-lsp) talks to ``fzlint lsp`` over stdio.

The tests depend only on FZ501/FZ502 existing; the CLI-agreement test compares the server
with ``fzlint check --format json`` on every seed, whatever rules are installed (the CLI's side
in this process: ``fzlint_here``).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as t
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

from ..conftest import ROOT, SEED_IDS, SEEDS, fzlint_here, seed, seed_text

pytestmark = [
    pytest.mark.asyncio(loop_scope="module"),
    # pytest-lsp checks what the server sends against the client's capabilities.
    pytest.mark.filterwarnings("error::pytest_lsp.LspSpecificationWarning"),
]

BOOKMARK = "[bookmark: _GoBack]"
TIMEOUT = 60
PUBLISH = t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
SERVER_ENV = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


# ---- a client that records every publishDiagnostics ----------------------------------------
class RecordingClient(LanguageClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.published: list[t.PublishDiagnosticsParams] = []
        self.new_publish: asyncio.Event | None = None
        self.registrations: list[t.Registration] = []


def _on_publish(client: RecordingClient, params: t.PublishDiagnosticsParams) -> None:
    client.diagnostics[params.uri] = params.diagnostics
    client.published.append(params)
    if client.new_publish is not None:
        client.new_publish.set()


def _on_register(client: RecordingClient, params: t.RegistrationParams) -> None:
    client.registrations.extend(params.registrations)


def make_client() -> RecordingClient:
    client = RecordingClient(converter_factory=default_converter)
    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, PUBLISH: _on_publish,
                                   t.CLIENT_REGISTER_CAPABILITY: _on_register})
    return client


async def wait_publish(client: RecordingClient, uri: str, *, after: int = 0,
                       version: int | None = None) -> t.PublishDiagnosticsParams:
    """The first publishDiagnostics for ``uri`` (and ``version``) received after index ``after``."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + TIMEOUT
    while True:
        for p in client.published[after:]:
            if p.uri == uri and (version is None or p.version == version):
                return p
        if client.new_publish is None:
            client.new_publish = asyncio.Event()
        client.new_publish.clear()
        remaining = deadline - loop.time()
        if remaining <= 0:
            raise AssertionError(f"no diagnostics for {uri} (version {version}) within {TIMEOUT}s")
        try:
            await asyncio.wait_for(client.new_publish.wait(), remaining)
        except asyncio.TimeoutError:
            pass


def server_config() -> ClientServerConfig:
    return ClientServerConfig(server_command=[sys.executable, "-m", "fzlint", "lsp"],
                              client_factory=make_client, server_env=SERVER_ENV)


@pytest_lsp.fixture(scope="module", config=server_config())
async def client(lsp_client: RecordingClient):
    caps = t.ClientCapabilities(
        text_document=t.TextDocumentClientCapabilities(
            hover=t.HoverClientCapabilities(content_format=[t.MarkupKind.Markdown, t.MarkupKind.PlainText]),
            publish_diagnostics=t.PublishDiagnosticsClientCapabilities(version_support=True),
        ),
    )
    await lsp_client.initialize_session(t.InitializeParams(
        capabilities=caps, root_uri=ROOT.as_uri(), initialization_options={"debounceMs": 100}))
    yield
    await lsp_client.shutdown_session()


# ---- helpers -------------------------------------------------------------------------------
def utf16(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def lines_of(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of each line, split as the LSP spec says."""
    out, pos = [], 0
    for m in _LINE_BREAK.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def to_offset(text: str, pos: t.Position) -> int:
    """An LSP position (UTF-16 units) → a character offset (independent of the server's code)."""
    start, end = lines_of(text)[pos.line]
    units = 0
    off = start
    while off < end and units < pos.character:
        units += utf16(text[off])
        off += 1
    return off


def apply_text_edits(text: str, edits) -> str:
    spans = sorted(((to_offset(text, e.range.start), to_offset(text, e.range.end), e.new_text) for e in edits),
                   reverse=True)
    for a, b, new in spans:
        text = text[:a] + new + text[b:]
    return text


def edits_for(action: t.CodeAction, uri: str):
    assert action.edit is not None
    if action.edit.document_changes:
        return [e for dc in action.edit.document_changes if dc.text_document.uri == uri for e in dc.edits]
    assert action.edit.changes is not None
    return action.edit.changes[uri]


async def open_doc(client: RecordingClient, uri: str, text: str, version: int = 1,
                   language: str = "plaintext") -> t.PublishDiagnosticsParams:
    n = len(client.published)
    client.text_document_did_open(t.DidOpenTextDocumentParams(
        text_document=t.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)))
    return await wait_publish(client, uri, after=n, version=version)


def change_doc(client: RecordingClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(t.DidChangeTextDocumentParams(
        text_document=t.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[t.TextDocumentContentChangeWholeDocument(text=text)]))


async def close_doc(client: RecordingClient, uri: str) -> t.PublishDiagnosticsParams:
    n = len(client.published)
    client.text_document_did_close(t.DidCloseTextDocumentParams(text_document=t.TextDocumentIdentifier(uri=uri)))
    return await wait_publish(client, uri, after=n)


def cli_expected(path: Path, text: str) -> set[tuple]:
    """The CLI's findings on ``path`` expressed as LSP diagnostics would be."""
    r = fzlint_here("check", str(path), "--format", "json", "--exit-zero")
    assert r.returncode == 0, r.stderr
    spans = lines_of(text)
    severity = {"error": 1, "warning": 2, "info": 3}
    out = set()
    for d in json.loads(r.stdout):
        ls, _ = spans[d["line"] - 1]
        le, _ = spans[d["end_line"] - 1]
        start = (d["line"] - 1, utf16(text[ls : ls + d["column"] - 1]))
        end = (d["end_line"] - 1, utf16(text[le : le + d["end_column"] - 1]))
        message = d["message"] + (f"（建议：{d['suggestion']}）" if d.get("suggestion") else "")
        out.add((d["code"], start, end, severity[d["severity"]], message))
    return out


def as_tuples(diags) -> set[tuple]:
    return {(d.code, (d.range.start.line, d.range.start.character), (d.range.end.line, d.range.end.character),
             int(d.severity), d.message) for d in diags}


def bookmark_diag(diags) -> t.Diagnostic:
    return next(d for d in diags if d.code == "FZ501")


# ---- diagnostics ----------------------------------------------------------------------------
@pytest.mark.parametrize("seed_id", SEED_IDS)
async def test_seed_diagnostics_match_the_cli(client: RecordingClient, seed_id: str):
    path = seed(seed_id)
    text = path.read_text(encoding="utf-8")
    uri = path.resolve().as_uri()
    published = await open_doc(client, uri, text)
    expected = cli_expected(path, text)
    assert as_tuples(published.diagnostics) == expected
    assert all(d.source == "fzlint" for d in published.diagnostics)
    if seed_id == "004":
        assert any(d.code == "FZ501" and d.range.start.line == 49 for d in published.diagnostics)
    await close_doc(client, uri)


async def test_markdown_diagnostics_and_quick_fixes_match_the_cli(client: RecordingClient, tmp_path: Path):
    """A .md buffer: the checks read it without its Markdown syntax, the editor shows the
    buffer; ranges are the CLI's file lines and columns, and a quick fix edits the buffer."""
    from ..builders import markdown_of

    text = markdown_of(seed_text("004")).text
    path = tmp_path / "004.md"
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    published = await open_doc(client, uri, text, language="markdown")
    assert as_tuples(published.diagnostics) == cli_expected(path, text)
    diag = bookmark_diag(published.diagnostics)
    actions = await client.text_document_code_action_async(t.CodeActionParams(
        text_document=t.TextDocumentIdentifier(uri=uri), range=diag.range,
        context=t.CodeActionContext(diagnostics=[diag])))
    quick = next(a for a in actions if a.title.startswith("修复：") and "FZ501" in a.title)
    assert apply_text_edits(text, edits_for(quick, uri)) == text.replace(BOOKMARK, "", 1)
    await close_doc(client, uri)


async def test_seeds_have_findings_to_compare():
    # The agreement test above is not vacuous: the seeds produce findings.
    assert sum(len(cli_expected(p, p.read_text(encoding="utf-8"))) for p in SEEDS) >= 9


async def test_edit_updates_and_close_clears(client: RecordingClient, tmp_path: Path):
    uri = (tmp_path / "报告.txt").as_uri()
    text = seed_text("004")
    first = await open_doc(client, uri, text)
    assert bookmark_diag(first.diagnostics).range.start.line == 49

    n = len(client.published)
    change_doc(client, uri, text.replace(BOOKMARK, ""), 2)
    second = await wait_publish(client, uri, after=n, version=2)
    assert not [d for d in second.diagnostics if d.code == "FZ501"]

    lines = text.replace(BOOKMARK, "").split("\n")
    lines[9] = BOOKMARK + lines[9]
    n = len(client.published)
    change_doc(client, uri, "\n".join(lines), 3)
    third = await wait_publish(client, uri, after=n, version=3)
    assert bookmark_diag(third.diagnostics).range.start.line == 9

    n = len(client.published)
    client.text_document_did_save(t.DidSaveTextDocumentParams(text_document=t.TextDocumentIdentifier(uri=uri)))
    saved = await wait_publish(client, uri, after=n, version=3)
    assert as_tuples(saved.diagnostics) == as_tuples(third.diagnostics)

    closed = await close_doc(client, uri)
    assert list(closed.diagnostics) == []


async def test_changes_are_debounced(client: RecordingClient, tmp_path: Path):
    uri = (tmp_path / "r.txt").as_uri()
    text = seed_text("004")
    await open_doc(client, uri, text)
    n = len(client.published)
    for v in range(2, 7):  # five quick edits, the last one removes the residue
        change_doc(client, uri, text.replace(BOOKMARK, "") if v == 6 else text + "\n" * v, v)
    last = await wait_publish(client, uri, after=n, version=6)
    assert not [d for d in last.diagnostics if d.code == "FZ501"]
    versions = [p.version for p in client.published[n:] if p.uri == uri]
    assert len(versions) < 5, versions  # coalesced, not one lint per keystroke
    await close_doc(client, uri)


async def test_ranges_count_utf16_code_units(client: RecordingClient, tmp_path: Path):
    # 𠮷 is outside the BMP: one code point, two UTF-16 code units.
    uri = (tmp_path / "astral.txt").as_uri()
    text = "𠮷𠮷 " + BOOKMARK + "正文𠮷" + BOOKMARK + "\n"
    published = await open_doc(client, uri, text)
    starts = sorted((d.range.start.character, d.range.end.character) for d in published.diagnostics
                    if d.code == "FZ501")
    assert starts == [(5, 5 + len(BOOKMARK)), (5 + len(BOOKMARK) + 4, 5 + 2 * len(BOOKMARK) + 4)]

    # A quick fix computed on that line removes exactly the residue.
    diag = sorted((d for d in published.diagnostics if d.code == "FZ501"), key=lambda d: d.range.start.character)[1]
    actions = await client.text_document_code_action_async(t.CodeActionParams(
        text_document=t.TextDocumentIdentifier(uri=uri), range=diag.range,
        context=t.CodeActionContext(diagnostics=[diag])))
    fix = next(a for a in actions if a.title.startswith("修复：") and "FZ501" in a.title)
    assert apply_text_edits(text, edits_for(fix, uri)) == "𠮷𠮷 " + BOOKMARK + "正文𠮷\n"
    await close_doc(client, uri)


async def test_unsaved_buffer_is_linted_from_the_editor_text(client: RecordingClient, tmp_path: Path):
    # Not on disk at all: an untitled buffer, and a file path that does not exist yet.
    for uri in ("untitled:Untitled-1", (tmp_path / "not-saved-yet.txt").as_uri()):
        published = await open_doc(client, uri, "标题\n" + BOOKMARK + "正文\n")
        assert bookmark_diag(published.diagnostics).range.start == t.Position(line=1, character=0)
        await close_doc(client, uri)


async def test_only_report_text_is_linted(client: RecordingClient, tmp_path: Path):
    # A config file or a .docx opened in the editor is not a report buffer.
    for name in ("notes.docx", "rules.yaml"):
        uri = (tmp_path / name).as_uri()
        assert list((await open_doc(client, uri, BOOKMARK + "正文\n")).diagnostics) == []
        await close_doc(client, uri)
    # An untitled buffer counts when the editor calls it text, not when it calls it Python.
    published = await open_doc(client, "untitled:Untitled-2", BOOKMARK + "\n", language="python")
    assert list(published.diagnostics) == []
    await close_doc(client, "untitled:Untitled-2")


async def test_unreadable_document_gives_one_diagnostic_and_the_server_lives_on(client: RecordingClient,
                                                                               tmp_path: Path):
    uri = (tmp_path / "binary.txt").as_uri()
    published = await open_doc(client, uri, "abc\x00\x01\x02def\n" * 10)
    assert len(published.diagnostics) == 1
    d = published.diagnostics[0]
    assert d.severity == t.DiagnosticSeverity.Error and "NUL" in d.message
    hover = await client.text_document_hover_async(t.HoverParams(
        text_document=t.TextDocumentIdentifier(uri=uri), position=t.Position(line=0, character=1)))
    assert hover is None
    # Still serving: another document is linted normally.
    other = (tmp_path / "ok.txt").as_uri()
    assert bookmark_diag((await open_doc(client, other, BOOKMARK + "正文\n")).diagnostics)
    await close_doc(client, other)
    await close_doc(client, uri)


# ---- code actions ---------------------------------------------------------------------------
async def test_quick_fix_and_fix_all(client: RecordingClient, tmp_path: Path):
    uri = (tmp_path / "004.txt").as_uri()
    text = seed_text("004")
    published = await open_doc(client, uri, text)
    diag = bookmark_diag(published.diagnostics)
    actions = await client.text_document_code_action_async(t.CodeActionParams(
        text_document=t.TextDocumentIdentifier(uri=uri), range=diag.range,
        context=t.CodeActionContext(diagnostics=[diag])))
    titles = [a.title for a in actions]
    quick = [a for a in actions if a.title.startswith("修复：") and "FZ501" in a.title]
    assert len(quick) == 1, titles
    assert quick[0].kind == t.CodeActionKind.QuickFix and quick[0].is_preferred
    assert quick[0].diagnostics and quick[0].diagnostics[0].code == "FZ501"
    assert "修复全部安全问题" in titles

    fixed = apply_text_edits(text, edits_for(quick[0], uri))
    assert fixed == text.replace(BOOKMARK, "", 1)
    n = len(client.published)
    change_doc(client, uri, fixed, 2)
    after = await wait_publish(client, uri, after=n, version=2)
    assert not [d for d in after.diagnostics if d.code == "FZ501"]
    await close_doc(client, uri)


@pytest.mark.parametrize("seed_id", ["003", "004"])
async def test_fix_all_equals_cli_fix(client: RecordingClient, tmp_path: Path, seed_id: str):
    uri = (tmp_path / f"{seed_id}.txt").as_uri()
    text = seed_text(seed_id)
    await open_doc(client, uri, text)
    actions = await client.text_document_code_action_async(t.CodeActionParams(
        text_document=t.TextDocumentIdentifier(uri=uri),
        range=t.Range(start=t.Position(line=0, character=0), end=t.Position(line=0, character=0)),
        context=t.CodeActionContext(diagnostics=[], only=[t.CodeActionKind.SourceFixAll])))
    assert [a.title for a in actions] == ["修复全部安全问题"]
    assert actions[0].kind == "source.fixAll.fzlint"
    r = fzlint_here("check", "-", "--fix", "--stdin-filename", str(tmp_path / f"{seed_id}.txt"), "--exit-zero",
                   input=text.encode("utf-8"))
    assert r.stdout != text  # the CLI does fix something here
    assert apply_text_edits(text, edits_for(actions[0], uri)) == r.stdout
    await close_doc(client, uri)


# ---- hover -----------------------------------------------------------------------------------
async def test_hover_shows_the_rule_explanation(client: RecordingClient, tmp_path: Path):
    uri = (tmp_path / "hover.txt").as_uri()
    text = seed_text("003")
    published = await open_doc(client, uri, text)
    diag = next(d for d in published.diagnostics if d.code == "FZ502")
    inside = t.Position(line=diag.range.start.line, character=diag.range.start.character + 1)
    hover = await client.text_document_hover_async(t.HoverParams(
        text_document=t.TextDocumentIdentifier(uri=uri), position=inside))
    assert hover is not None and isinstance(hover.contents, t.MarkupContent)
    assert hover.contents.kind == t.MarkupKind.Markdown
    explain = fzlint_here("explain", "FZ502").stdout.strip()
    assert explain and explain in hover.contents.value
    assert hover.range is not None
    covers = (hover.range.start.line, hover.range.start.character) <= (diag.range.start.line, diag.range.start.character)
    assert covers and (hover.range.end.line, hover.range.end.character) >= (diag.range.end.line, diag.range.end.character)

    # A line without findings has nothing to say.
    clean_line = next(i for i, (a, b) in enumerate(lines_of(text))
                      if b > a and not any(d.range.start.line <= i <= d.range.end.line for d in published.diagnostics))
    assert await client.text_document_hover_async(t.HoverParams(
        text_document=t.TextDocumentIdentifier(uri=uri), position=t.Position(line=clean_line, character=0))) is None
    await close_doc(client, uri)


# ---- configuration ----------------------------------------------------------------------------
async def test_config_is_found_and_reread_when_it_changes(client: RecordingClient, tmp_path: Path):
    project = tmp_path / "project"
    (project / "reports").mkdir(parents=True)
    config = project / ".fzlint.yaml"
    # Selections name single codes so that rules added later cannot change the outcome.
    config.write_text("select: [FZ502]\n", encoding="utf-8")
    uri = (project / "reports" / "r.txt").as_uri()
    text = "标题\n" + BOOKMARK + "正文\n当前位置:首页> 政务公开\n"

    first = await open_doc(client, uri, text)
    assert {d.code for d in first.diagnostics} == {"FZ502"}  # the project's config applies

    async def config_event(content: str, kind: t.FileChangeType) -> t.PublishDiagnosticsParams:
        config.write_text(content, encoding="utf-8")
        n = len(client.published)
        client.workspace_did_change_watched_files(t.DidChangeWatchedFilesParams(
            changes=[t.FileEvent(uri=config.as_uri(), type=kind)]))
        return await wait_publish(client, uri, after=n)

    broken = await config_event("selec: [FZ501]\n", t.FileChangeType.Changed)
    assert len(broken.diagnostics) == 1
    assert "selec" in broken.diagnostics[0].message and broken.diagnostics[0].severity == t.DiagnosticSeverity.Error

    fixed = await config_event("select: [FZ501]\n", t.FileChangeType.Changed)
    assert {d.code for d in fixed.diagnostics} == {"FZ501"}

    # Saving the config in the editor works for clients that do not watch files.
    config.write_text("select: [FZ501, FZ502]\n", encoding="utf-8")
    n = len(client.published)
    client.text_document_did_save(t.DidSaveTextDocumentParams(text_document=t.TextDocumentIdentifier(
        uri=config.as_uri())))
    saved = await wait_publish(client, uri, after=n)
    assert {d.code for d in saved.diagnostics} == {"FZ501", "FZ502"}
    await close_doc(client, uri)


# ---- negotiated position encodings --------------------------------------------------------------
@pytest_lsp.fixture(scope="module", config=server_config(), params=["utf-8", "utf-32"])
async def encoded_client(lsp_client: RecordingClient, request):
    caps = t.ClientCapabilities(general=t.GeneralClientCapabilities(position_encodings=[request.param]))
    result = await lsp_client.initialize_session(t.InitializeParams(capabilities=caps))
    assert result.capabilities.position_encoding == request.param
    yield
    await lsp_client.shutdown_session()


async def test_ranges_follow_the_negotiated_encoding(encoded_client: RecordingClient, tmp_path: Path):
    uri = (tmp_path / "enc.txt").as_uri()
    prefix = "𠮷正 "
    published = await open_doc(encoded_client, uri, prefix + BOOKMARK + "\n")
    d = bookmark_diag(published.diagnostics)
    enc = encoded_client.capabilities.general.position_encodings[0]  # type: ignore[union-attr]
    unit = (lambda s: len(s.encode("utf-8"))) if enc == "utf-8" else len
    assert (d.range.start.character, d.range.end.character) == (unit(prefix), unit(prefix + BOOKMARK))


# ---- real editors' capabilities -----------------------------------------------------------------
@pytest_lsp.fixture(scope="module", config=server_config(), params=["visual-studio-code", "neovim", "emacs"])
async def editor(lsp_client: RecordingClient, request):
    await lsp_client.initialize_session(t.InitializeParams(capabilities=client_capabilities(request.param),
                                                           root_uri=ROOT.as_uri()))
    yield
    await lsp_client.shutdown_session()


async def test_works_with_real_editor_capabilities(editor: RecordingClient, tmp_path: Path):
    caps = editor.capabilities
    assert caps is not None
    uri = (tmp_path / "editor.txt").as_uri()
    text = seed_text("004")
    published = await open_doc(editor, uri, text)
    diag = bookmark_diag(published.diagnostics)
    assert (diag.range.start.line, diag.range.start.character, diag.range.end.character) == (49, 0, len(BOOKMARK))

    actions = await editor.text_document_code_action_async(t.CodeActionParams(
        text_document=t.TextDocumentIdentifier(uri=uri), range=diag.range,
        context=t.CodeActionContext(diagnostics=[diag])))
    fix = next(a for a in actions if a.title.startswith("修复：") and "FZ501" in a.title)
    assert fix.edit is not None
    if caps.workspace and caps.workspace.workspace_edit and caps.workspace.workspace_edit.document_changes:
        assert fix.edit.document_changes and fix.edit.document_changes[0].text_document.version == 1
    assert apply_text_edits(text, edits_for(fix, uri)) == text.replace(BOOKMARK, "", 1)

    hover = await editor.text_document_hover_async(t.HoverParams(
        text_document=t.TextDocumentIdentifier(uri=uri), position=diag.range.start))
    assert hover is not None and "FZ501" in str(hover.contents)

    watch = caps.workspace.did_change_watched_files if caps.workspace else None
    if watch and watch.dynamic_registration:
        assert any(r.method == t.WORKSPACE_DID_CHANGE_WATCHED_FILES for r in editor.registrations)
        globs = [w["globPattern"] for r in editor.registrations for w in r.register_options["watchers"]]
        assert "**/pyproject.toml" in globs
    await close_doc(editor, uri)

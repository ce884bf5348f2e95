"""The README's Neovim snippet, run by the system's Neovim (Debian 12 ships 0.7.2, which has
neither ``vim.lsp.config`` nor ``vim.fs``): headless, with the snippet as its only
configuration, it opens a seed, waits for the language server's diagnostics and writes
them out; they must be the findings of ``fzlint check --format json``.  Skipped only when
there is no ``nvim`` (``.ci/run`` installs Debian's ``neovim``)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import ROOT, run_fzlint, seed

NVIM = shutil.which("nvim")

HARNESS = r"""
dofile(SNIPPET)
vim.api.nvim_create_autocmd('VimEnter', { callback = function()
  local ok = vim.wait(90000, function() return #vim.diagnostic.get(0) > 0 end, 100)
  vim.wait(300)  -- one publish carries them all; give a late one the chance to replace it
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(0)) do
    local code = d.code
    if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
    table.insert(out, { line = d.lnum + 1, code = code, message = d.message, severity = d.severity })
  end
  local clients = {}
  for _, c in pairs(vim.lsp.get_active_clients()) do table.insert(clients, c.name) end
  local f = io.open(RESULT, 'w')
  f:write(vim.fn.json_encode({ ok = ok, filetype = vim.bo.filetype, clients = clients, diagnostics = out }))
  f:close()
  vim.cmd('qa!')
end })
"""


def readme_snippet() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### Neovim"):]
    return re.search(r"```lua\n(.*?)```", section, re.S).group(1)  # type: ignore[union-attr]


def test_the_snippet_needs_nothing_newer_than_neovim_07():
    lua = readme_snippet()
    for newer in ("vim.fs.", "vim.lsp.config", "vim.lsp.enable", "vim.iter", "vim.uv"):
        assert newer not in lua
    assert "vim.lsp.start_client" in lua and "buf_attach_client" in lua and "vim.fn.findfile" in lua


@pytest.mark.skipif(NVIM is None, reason="no nvim (as root: apt-get install -y neovim)")
@pytest.mark.slow
def test_neovim_shows_the_same_findings_as_the_json_output(tmp_path):
    report = tmp_path / "report.txt"
    shutil.copy(seed("004"), report)
    (tmp_path / "snippet.lua").write_text(readme_snippet(), encoding="utf-8")
    result = tmp_path / "diagnostics.json"
    harness = f"SNIPPET = {json.dumps(str(tmp_path / 'snippet.lua'))}\nRESULT = {json.dumps(str(result))}\n" + HARNESS
    (tmp_path / "init.lua").write_text(harness, encoding="utf-8")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONPATH": str(ROOT), "HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path / "state"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}
    proc = subprocess.run([NVIM, "--headless", "-i", "NONE", "-u", str(tmp_path / "init.lua"), str(report)],
                          cwd=tmp_path, env=env, capture_output=True, timeout=180, stdin=subprocess.DEVNULL)
    assert result.exists(), (proc.returncode, proc.stdout[-2000:], proc.stderr[-2000:])
    got = json.loads(result.read_text(encoding="utf-8"))
    assert got["filetype"] == "text" and got["clients"] == ["fzlint"] and got["ok"], got
    expected = json.loads(run_fzlint("check", str(report), "--format", "json", cwd=tmp_path).stdout)
    # The language server adds the suggestion to the message, as editors show one line.
    shown = [(i["line"], i["code"], i["message"] + (f"（建议：{i['suggestion']}）" if i["suggestion"] else ""))
             for i in expected]
    assert len(expected) > 10
    assert sorted((d["line"], d["code"], d["message"]) for d in got["diagnostics"]) == sorted(shown)
    levels = {1: "error", 2: "warning", 3: "info", 4: "info"}
    assert sorted((d["line"], d["code"], levels[d["severity"]]) for d in got["diagnostics"]) == \
        sorted((i["line"], i["code"], i["severity"]) for i in expected)

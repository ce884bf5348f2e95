"""Shared fixtures: the seeds, a CLI runner, and helpers to lint text."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# The user cache (rule packs, compiled regexes) of the test run: fresh for each run,
# never the user's own ~/.cache/fzlint; subprocesses inherit it.
os.environ["FZLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="fzlint-test-cache-")
os.environ.pop("FZLINT_NO_CACHE", None)
SEEDS_DIR = ROOT / "seeds"
SEEDS = sorted(SEEDS_DIR.glob("*.txt"))
SEED_IDS = [p.name[:3] for p in SEEDS]


def seed(prefix: str) -> Path:
    """The seed whose file name starts with ``prefix`` (e.g. "004")."""
    return next(p for p in SEEDS if p.name.startswith(prefix))


def seed_text(prefix: str) -> str:
    return seed(prefix).read_text(encoding="utf-8")


def run_fzlint(*args: str, cwd: Path | None = None, input: bytes | None = None,
               env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m fzlint`` as a real process (exit codes, stdout/stderr split)."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "fzlint", *args],
        cwd=cwd or ROOT,
        input=input,
        capture_output=True,
        env=full_env,
        timeout=120,
    )
    return subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode("utf-8"),
                                       proc.stderr.decode("utf-8"))


#: fzlint.packs.config's key of the rule set of the built-in packs alone.
_BUILTIN_ONLY: tuple[tuple[str, ...], bool] = ((), True)
#: The built-in rule set fzlint_here's runs loaded, by how its pack paths are shown.
_BUILTIN_RULESETS: dict[str, object] = {}


def _builtin_packs_shown() -> str:
    """The built-in packs' directory as a rule set loaded in the working directory shows it
    (relative to it when inside it, else absolute)."""
    from fzlint.packs.loader import builtin_rules_dir

    rules = builtin_rules_dir().resolve()
    try:
        return str(rules.relative_to(Path.cwd()))
    except ValueError:
        return str(rules)


def fzlint_here(*args: str, cwd: Path | None = None, input: bytes | None = None,
                env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``fzlint *args`` run in this process by the function the command runs
    (:func:`fzlint.cli.main`): the exit code, stdout and stderr :func:`run_fzlint` gives (same
    working directory, ``NO_COLOR``, stdin), without starting an interpreter — a tenth of the
    CPU of a process.

    No worker processes are started here (this process is pytest): without ``--jobs`` a batch
    is linted as on a one-core machine, which gives the same output (the runner's tests hold
    it to that with real processes).

    For a test whose subject is not the process: the CLI's answer that the server, the
    language server or annotate must give, or a rule's, a fix's or a format's result on a
    file.  A test about the command as a process (exit codes and messages of the command line
    itself, usage and help, start-up, imports, the user cache, the collector, closed or
    foreign streams, signals, the environment, --jobs) uses :func:`run_fzlint`."""
    import contextlib
    import gc
    import io

    from fzlint import cli, explain, runner
    from fzlint.packs import config

    assert not any(a in ("-j", "--jobs") or a.startswith(("-j", "--jobs=")) for a in args), \
        "worker processes: use run_fzlint"

    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    stdin = io.TextIOWrapper(io.BytesIO(input or b""), encoding="utf-8")
    new_env = {"NO_COLOR": "1", **(env or {})}
    old_env = {k: os.environ.get(k) for k in new_env}
    old_cwd, old_stdin = os.getcwd(), sys.stdin
    collecting, frozen = gc.isenabled(), gc.get_freeze_count()
    code: int = 0
    default_jobs = runner.default_jobs
    # What a process would find afresh, and what depends on its working directory (config
    # files found, settings and rule sets — their pack paths are shown relative to it — and
    # which pack paths are built-in): empty for the run, this process's own again after it.
    # The built-in rule set alone is kept from run to run, one per way its pack paths are
    # shown (preparing its checks again would cost more than the lint).
    caches = [(d, dict(d)) for d in (config._FOUND, config._SETTINGS, config._RULESETS, explain._BUILTIN)]
    try:
        for d, _ in caches:
            d.clear()
        runner.default_jobs = lambda: 1
        os.chdir(cwd or ROOT)
        shown = _builtin_packs_shown()
        if shown in _BUILTIN_RULESETS:
            config._RULESETS[_BUILTIN_ONLY] = _BUILTIN_RULESETS[shown]
        if not frozen:
            # As the command leaves what start-up built out of the collector's way
            # (fzlint.cli.gc_ready): pytest's heap, walked by every full collection of the
            # run, made a run here cost three times the same run in a new process.
            gc.freeze()
        os.environ.update(new_env)
        sys.stdin = stdin
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                cli.main(list(args))
            except SystemExit as e:  # as the interpreter turns it into an exit status
                if e.code is None or isinstance(e.code, int):
                    code = e.code or 0
                else:
                    print(e.code, file=sys.stderr)
                    code = 1
        if _BUILTIN_ONLY in config._RULESETS:
            _BUILTIN_RULESETS[shown] = config._RULESETS[_BUILTIN_ONLY]
    finally:
        for d, before in caches:
            d.clear()
            d.update(before)
        runner.default_jobs = default_jobs
        sys.stdin = old_stdin
        os.chdir(old_cwd)
        for k, v in old_env.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        if not frozen:  # and what check froze of the batch's results (a process ends after it)
            gc.unfreeze()
        (gc.enable if collecting else gc.disable)()
    out.flush()
    err.flush()
    return subprocess.CompletedProcess(["fzlint", *args], code, out.buffer.getvalue().decode("utf-8"),
                                       err.buffer.getvalue().decode("utf-8"))


def lint(text: str, *, year: int | None = None, select: tuple[str, ...] | None = None,
         path: str = "report.txt"):
    """Lint text with the built-in packs (optionally a subset of rules)."""
    from fzlint.engine import lint_text
    from fzlint.packs.config import Settings

    return lint_text(text, path, Settings(year=year, select=select))


def codes(diags) -> list[str]:
    return [d.code for d in diags]


@pytest.fixture
def tmp_cwd(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


ORIGINS = ("seed", "published", "synthetic", "unseen")
RULE_TESTS = Path(__file__).resolve().parent / "rules"


def sigint_as_in_a_terminal() -> None:
    """``preexec_fn`` of a child the test interrupts with SIGINT: the default disposition, as a
    terminal's foreground job has it.  A test run started with SIGINT ignored (``pytest &`` in a
    script, ``nohup``) passes that on across exec, and the child would rightly keep ignoring it."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_DFL)


# ---- a real browser: Debian's Chromium driven by Playwright (the page and serve tests) ----
CHROMIUM = os.environ.get("FZLINT_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium, one per test module; skipped only when there is no Chromium binary
    (``.ci/run`` installs one; Playwright's own browser download does not work here)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium binary at {CHROMIUM} (as root: apt-get install -y chromium chromium-driver)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


#: Tests that drive another program (Chromium, LibreOffice) are ``slow`` as well: starting one
#: takes a second or more, and the fast loop (``-m "not slow"``) leaves them to the full suite and CI.
EXTERNAL = ("browser", "libreoffice")


def pytest_collection_modifyitems(items):
    """The origin of a rule test's case is a marker (``pytest -m unseen``, ``-m "not seed"``):
    ``seed``, ``published`` and ``unseen`` are written on the tests; a test under tests/rules/
    with none of them lints text written for it, and is marked ``synthetic`` here.  A test
    marked ``browser`` or ``libreoffice`` is marked ``slow`` too."""
    for item in items:
        if RULE_TESTS in Path(item.path).parents and not any(item.get_closest_marker(m) for m in ORIGINS):
            item.add_marker(pytest.mark.synthetic)
        if any(item.get_closest_marker(m) for m in EXTERNAL) and not item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.slow)

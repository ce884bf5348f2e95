"""The compiled dataclass methods kept in the user cache (fzlint.infra.classcode).

Installing it changes :mod:`dataclasses` for the whole process, so every case runs in a
fresh interpreter.  The cache must never change a class: a hit builds what compiling
builds, and a missing, damaged or disabled entry means compiling as before.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from ..conftest import ROOT

SEED = ROOT / "seeds" / "000_1fc3b7a414b55ec1.txt"

# Defines classes of every shape fzlint uses (frozen, slots, kw_only, defaults, order) after
# installing the cache, loads fzlint's modules, and prints what the cache did.
PROBE = r"""
import dataclasses, json, sys
from fzlint.infra import classcode
classcode.install()
from dataclasses import dataclass, field, FrozenInstanceError

@dataclass(frozen=True, slots=True, order=True)
class Point:
    x: int
    y: int = 2

@dataclass
class Bag:
    items: list = field(default_factory=list)
    name: str = field(default="b", kw_only=True)

p, q = Point(1), Point(1, 2)
try:
    p.x = 5
    frozen = False
except FrozenInstanceError:
    frozen = True
import fzlint.checks, fzlint.engine
b = Bag(name="z")
b.items.append(1)
print(json.dumps({
    "installed": "exec" in vars(dataclasses),
    "missed": classcode._missed,
    "used": len(classcode._used),
    "point": [repr(p), p == q, hash(p) == hash(q), p < Point(2), frozen],
    "bag": [repr(b), Bag() == Bag(), Bag().items is not Bag().items],
}))
"""


def _probe(cache_dir, **env: str) -> dict:
    e = {k: v for k, v in os.environ.items() if k != "FZLINT_NO_CACHE"}
    e.update(FZLINT_CACHE_DIR=str(cache_dir), **env)
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=e, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def _entries(cache_dir):
    return sorted(cache_dir.glob("dataclass-code-*.marshal"))


EXPECTED_POINT = ["Point(x=1, y=2)", True, True, True, True]
EXPECTED_BAG = ["Bag(items=[1], name='z')", True, True]


def test_the_second_run_compiles_nothing_and_builds_the_same_classes(tmp_path):
    first = _probe(tmp_path)
    assert first["installed"] and first["missed"] and first["used"] > 100  # fzlint's own classes went through it
    assert len(_entries(tmp_path)) == 1, "the compiled methods were not stored"
    second = _probe(tmp_path)
    assert second["installed"] and not second["missed"], "a text cached by the first run was compiled again"
    assert second["used"] == first["used"]
    for r in (first, second):
        assert r["point"] == EXPECTED_POINT
        assert r["bag"] == EXPECTED_BAG


def test_a_damaged_entry_means_compiling_as_before(tmp_path):
    _probe(tmp_path)
    (entry,) = _entries(tmp_path)
    data = bytearray(entry.read_bytes())
    data[-200:] = bytes(200)  # the CRC no longer matches
    entry.write_bytes(bytes(data))
    r = _probe(tmp_path)
    assert r["missed"] and r["point"] == EXPECTED_POINT and r["bag"] == EXPECTED_BAG


def test_a_foreign_payload_is_not_used(tmp_path):
    """A well-formed entry whose content is not text → code (here, a list) is ignored."""
    env = {**os.environ, "FZLINT_CACHE_DIR": str(tmp_path)}
    code = ("import marshal, sys; from fzlint.infra import cache, classcode;"
            "cache.store(classcode._FILE, marshal.dumps([1, 2, 3]))")
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
    assert _entries(tmp_path)
    r = _probe(tmp_path)
    assert r["missed"] and r["point"] == EXPECTED_POINT


def test_no_cache_env_var_disables_it(tmp_path):
    r = _probe(tmp_path, FZLINT_NO_CACHE="1")
    assert r["installed"] and r["point"] == EXPECTED_POINT
    assert not _entries(tmp_path)


def test_entries_of_classes_that_no_longer_exist_drop_out(tmp_path):
    _probe(tmp_path)
    code = r"""
from fzlint.infra import classcode
classcode.install()
from dataclasses import dataclass
@dataclass
class Gone:
    only_in_this_run: int
"""
    env = {**os.environ, "FZLINT_CACHE_DIR": str(tmp_path)}
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)
    (entry,) = _entries(tmp_path)
    assert b"only_in_this_run" in entry.read_bytes()  # that run missed, so it wrote what it used
    _probe(tmp_path)  # misses Point, Bag and fzlint's classes again: writes only those
    assert b"only_in_this_run" not in entry.read_bytes()


def test_importing_fzlint_as_a_library_leaves_dataclasses_alone(tmp_path):
    code = "import dataclasses; from fzlint import lint_text; lint_text('一、标题'); print('exec' in vars(dataclasses))"
    env = {**os.environ, "FZLINT_CACHE_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    assert not _entries(tmp_path)


@pytest.mark.parametrize("fmt", ["full", "json"])
def test_cli_output_is_the_same_with_a_filled_cache(tmp_path, fmt):
    env = {**os.environ, "FZLINT_CACHE_DIR": str(tmp_path), "NO_COLOR": "1"}
    cmd = [sys.executable, "-m", "fzlint", "check", str(SEED), "--exit-zero", "--format", fmt]
    first = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert _entries(tmp_path), "the entry point did not install the cache"
    second = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    none = subprocess.run(cmd, cwd=ROOT, env={**env, "FZLINT_NO_CACHE": "1"}, capture_output=True, text=True,
                          check=True)
    assert first.stdout == second.stdout == none.stdout
    assert first.stdout.strip()

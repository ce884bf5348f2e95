"""Shortcuts taken for speed give the same results as the long way round."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fzlint.engine import FileResult, file_report, lint_document
from fzlint.output import RenderOptions
from fzlint.output import full as full_format
from fzlint.packs.config import Settings
from fzlint.parse import parse
from fzlint.result import FileReport

from ..conftest import ROOT, SEEDS


def _results(texts: list[tuple[str, str]]) -> list[FileReport]:
    settings = Settings()
    rs = settings.ruleset()
    out = []
    for path, text in texts:
        doc = parse(text, path)
        diags, _ = lint_document(doc, rs, settings)
        out.append(file_report(FileResult(path, diags, doc)))
    return out


def _both(results: list[FileReport], options: RenderOptions) -> tuple[str, str]:
    plain, rich = io.StringIO(), io.StringIO()
    full_format.write(results, plain, options)
    full_format.write_rich(results, rich, options)
    return plain.getvalue(), rich.getvalue()


def test_full_output_without_rich_is_richs_output_on_the_seeds():
    results = _results([(p.name, p.read_text(encoding="utf-8")) for p in SEEDS])
    for options in (RenderOptions(), RenderOptions(show_summary=False), RenderOptions(fix_mode=True)):
        plain, rich = _both(results, options)
        assert plain.count("\n") > 100
        assert plain == rich


_ALPHABET = st.sampled_from([*list("法制治建设，。“”（）《》 \t\r\x0b\x0c\x07\x1b\u3000\xa0\u200b\ufeff\u2028a1年月日、；："), "一、", "（一）", "[bookmark: x]", "习近平法治思想", "2023", "́"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_ALPHABET, min_size=1, max_size=30).map("".join), min_size=1, max_size=8))
def test_full_output_without_rich_is_richs_output_on_any_text(lines):
    text = "某局2023年度法治政府建设情况报告\n一、主要举措和成效\n" + "\n".join(lines) + "\n"
    results = _results([("a\tb.txt", text), ("c.txt", text.replace("\t", " "))])
    plain, rich = _both(results, RenderOptions())
    assert plain == rich


def test_the_text_reader_knows_the_word_signature_without_importing_word():
    from fzlint.inputs import readers, word_package

    assert readers.OLE_SIGNATURE == word_package.OLE_SIGNATURE
    script = ("import sys\nfrom pathlib import Path\nfrom fzlint.inputs.readers import load_path\n"
              "load_path(Path(sys.argv[1]), 'x.txt')\n"
              "formats = tuple(f'fzlint.inputs.{m}' for m in ('markup', 'word', 'markdown', 'wrapped', 'tables'))\n"
              "print(sorted(m for m in sys.modules if m.startswith((*formats, 'docx', 'rich', 'yaml'))))\n")
    out = subprocess.run([sys.executable, "-c", script, str(SEEDS[0])], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    # (only the test for hard-wrapped lines, which every plain-text report goes through)
    assert out.stdout.strip() == "['fzlint.inputs.wrapped']"


def test_a_json_run_imports_neither_rich_nor_yaml_nor_the_word_reader():
    script = ("import sys\nfrom fzlint.cli import main\n"
              "try:\n    main(['check', sys.argv[1], '--format', 'json', '--exit-zero'])\n"
              "except SystemExit:\n    pass\n"
              "heavy = ('rich', 'yaml', 'docx', 'pygls', 'lsprotocol', 'jieba', 'fzlint.inputs.word')\n"
              "print(sorted(m for m in sys.modules if m.startswith(heavy)), file=sys.stderr)\n")
    subprocess.run([sys.executable, "-c", script, str(SEEDS[0])], cwd=ROOT, capture_output=True, check=True)  # fill
    out = subprocess.run([sys.executable, "-c", script, str(SEEDS[0])], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    assert out.stderr.strip() == "[]"


def test_a_check_run_with_a_filled_cache_imports_only_what_it_uses(tmp_path):
    # The cache is written by the first run (pickle, tempfile); the second reads it only.
    # Validating packs (string.Formatter) is for a rule set that is not in the cache.  click
    # (installed with uvicorn) is not fzlint's command line: argparse is (~45 M instructions less).
    unused = ("string", "pickle", "tempfile", "shutil", "random", "bz2", "lzma", "click")
    script = ("import atexit, sys\n"
              f"atexit.register(lambda: print(sorted(m for m in sys.modules if m in {unused!r}), file=sys.stderr))\n"
              "sys.argv = ['fzlint', 'check', sys.argv[1], '--exit-zero']\n"
              "from fzlint.__main__ import run\nrun()\n")
    env = {**os.environ, "FZLINT_CACHE_DIR": str(tmp_path)}
    env.pop("FZLINT_NO_CACHE", None)
    first = subprocess.run([sys.executable, "-c", script, str(SEEDS[0])], cwd=ROOT, env=env, capture_output=True,
                           text=True, check=True)
    assert "pickle" in first.stderr  # the first run wrote the cache
    out = subprocess.run([sys.executable, "-c", script, str(SEEDS[0])], cwd=ROOT, env=env, capture_output=True,
                         text=True, check=True)
    assert out.stdout == first.stdout and out.stdout.count("FZ") > 5
    assert out.stderr.strip() == "[]"


# ---- required literals (rx.required): an exact prefilter --------------------------------
_ATOMS = ["法", "治", "政府", "[一二三]", "[a-c]", "[^法]", "\\d", "\\s*", "(?:的)?", "[^，]", ".", "(?:建设|规划)", "十[四五]五",
          "(?<!新)", "(?=年)", "(?!他)", "\\b", "(?:a|bc)+", "x{2,3}", "y{0,2}", "(报告)", "(?i:ab)", "^", "$"]


@st.composite
def _regexes(draw):
    def seq(depth):
        items = draw(st.lists(st.sampled_from(_ATOMS), min_size=1, max_size=5))
        if depth and draw(st.booleans()):
            alts = [seq(depth - 1) for _ in range(draw(st.integers(2, 3)))]
            items.insert(draw(st.integers(0, len(items))), "(?:" + "|".join(alts) + ")")
        return "".join(items)
    return seq(2)


_TEXT = st.lists(st.sampled_from([*list("法治政府建设规划报告一二三四五十年新他的，。 ab bcx yAB"), "十四五", "政府", "2023"]),
                 max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(_regexes(), _TEXT)
def test_every_match_contains_a_required_literal(pattern, text):
    import re

    from fzlint.infra import rx

    compiled = re.compile(pattern)
    req = rx.required(compiled)
    if req is None:
        return
    assert req and all(req)
    for m in compiled.finditer(text):
        if m.end() > m.start():
            assert any(x in m.group(0) for x in req), (pattern, text, m.group(0), req)
        else:  # an empty match contains nothing: required literals mean it cannot be empty
            raise AssertionError((pattern, text, req))


def test_required_literals_of_typical_pack_patterns():
    import re

    from fzlint.infra import rx

    # adjacent items that match a few strings each are multiplied out (rarer than any one part)
    assert rx.required(re.compile("禁用(?:词|语)")) == {"禁用词", "禁用语"}
    assert rx.required(re.compile("十九届(?:[一二三]中[、和])*一中全会")) == {"一中全会"}  # the longest
    assert rx.required(re.compile("(?:部署|布置)亲自")) == {"部署亲自", "布置亲自"}
    assert rx.required(re.compile("(有效|积极)的(提升|推进)(?=了)")) == {
        "有效的提升", "有效的推进", "积极的提升", "积极的推进"}
    assert rx.required(re.compile("[一二三四五六七八九十]{2}")) == set(  # 100 strings: too many, the class itself
        "一二三四五六七八九十")
    assert rx.required(re.compile("(?:的)?")) is None
    assert rx.required(re.compile("[一二三]+")) == {"一", "二", "三"}
    assert rx.required(re.compile("[^一二三]+")) is None
    assert rx.required(re.compile("[\\u4e00-\\u9fff]+")) is None  # too many to list
    assert rx.required(re.compile("\\s+")) is None
    assert rx.required(re.compile("abc", re.IGNORECASE)) is None
    assert rx.required(re.compile("报告|[一二]")) == {"报告", "一", "二"}
    assert rx.required(re.compile("报告|\\d")) is None


_LEADS = ["(?<!新)", "(?<=法)", "(?!他)", "(?=年)", "(?<![一二])", ""]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_LEADS), min_size=1, max_size=3).map("".join), _regexes(), _TEXT)
def test_a_guarded_regex_has_the_same_matches(lead, pattern, text):
    import re

    from fzlint.infra import rx

    compiled = re.compile(lead + pattern)
    guarded = rx.guarded(compiled)
    assert guarded.groups == compiled.groups and guarded.groupindex == compiled.groupindex
    for pos in (0, 3):
        assert ([(m.span(), m.groups()) for m in guarded.finditer(text, pos)]
                == [(m.span(), m.groups()) for m in compiled.finditer(text, pos)]), (compiled.pattern, guarded.pattern)


def test_a_regex_opening_with_lookarounds_is_guarded_by_its_first_characters():
    import re

    from fzlint.infra import rx

    assert rx.guarded(re.compile("(?<!习近平)(?:新时代)?法治思想")).pattern == "(?=[新法])(?:(?<!习近平)(?:新时代)?法治思想)"
    assert rx.guarded(re.compile("法治思想")).pattern == "法治思想"  # no assertion first: as it is
    assert rx.guarded(re.compile("(?<=x)(?:ab)?")).pattern == "(?<=x)(?:ab)?"  # may match nothing


@pytest.mark.parametrize("template", ["依法行政", "", "法治\\1", "\\g<0>（改）", "\\g<w>政府", "前\\n后", "a\\\\b"])
def test_rx_expand_gives_what_match_expand_gives(template):
    """A fix's replacement: the shortcut for templates without a backslash must not change it."""
    from fzlint.infra import rx

    m = re.search(r"(?P<w>法制)政府", "建设法制政府")
    assert m is not None
    assert rx.expand(m, template) == m.expand(template)

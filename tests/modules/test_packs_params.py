"""Typed check parameters (issue 15): every check type declares a ``Params`` class
(``fzlint.packs.schema.params``: a frozen, keyword-only dataclass to mypy) whose fields carry
their pack spec (``param``); the loader builds one instance per rule (``rule.params``).  What mypy sees (the annotations) must be what the loader
builds (the spec), and a bad value in a pack is still one Chinese line naming file and line."""

from __future__ import annotations

import dataclasses
import sys
import textwrap
import types
import typing
from typing import Any

import pytest

from fzlint.checks import CHECKS
from fzlint.errors import PackError
from fzlint.packs.loader import load_ruleset
from fzlint.packs.schema import ListOf, MapOf, OneOf, Schema, fields_of, param, params

from ..conftest import run_fzlint


def expected_hint(spec: Any, required: bool, default: Any) -> Any:
    """The annotation a field with this spec must have: the type of what ``schema.validate``
    returns for it (``None`` allowed when the default is None)."""

    def of(s: Any) -> Any:
        if s is Any:
            return Any
        if s in (str, int, float, bool):
            return s
        if isinstance(s, ListOf):
            return list[of(s.item)]  # type: ignore[misc]
        if isinstance(s, MapOf):
            return dict[str, of(s.value)]  # type: ignore[misc]
        if isinstance(s, Schema):
            return dict[str, Any]
        if isinstance(s, OneOf):
            kinds = tuple(dict.fromkeys(type(v) for v in s.values))
            return typing.Union[kinds]  # noqa: UP007 - built from a tuple
        raise AssertionError(f"unknown spec {s!r}")

    hint = of(spec)
    if not required and default is None and hint is not Any:
        hint = typing.Optional[hint]  # noqa: UP045 - built at run time
    return hint


def same_type(a: Any, b: Any) -> bool:
    """Equality of two type hints, ``X | None`` and ``Optional[X]`` alike."""
    union = (typing.Union, types.UnionType)
    if typing.get_origin(a) in union and typing.get_origin(b) in union:
        return set(typing.get_args(a)) == set(typing.get_args(b))
    return bool(a == b)


@pytest.mark.parametrize("name", sorted(CHECKS))
def test_every_check_type_declares_a_params_class_typed_as_its_spec(name):
    check = CHECKS[name]
    cls = check.params
    hints = typing.get_type_hints(cls, sys.modules[cls.__module__].__dict__)
    specs = fields_of(cls)  # raises unless the class is a parameters class
    assert list(specs) == list(hints), f"{name}: every annotated field is declared with param(), in order"
    for field, spec in specs.items():
        want = expected_hint(spec.type, spec.required, spec.default)
        assert same_type(hints[field], want), f"{name}.{field}: annotated {hints[field]}, the pack gives {want}"
    assert check.fields is specs


def conforms(value: Any, hint: Any) -> bool:
    """Whether a loaded value has the annotated type (deep, for lists and mappings)."""
    if hint is Any:
        return True
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return any(conforms(value, a) for a in args)
    if hint is type(None):
        return value is None
    if origin is list:
        return isinstance(value, list) and all(conforms(v, args[0]) for v in value)
    if origin is dict:
        return isinstance(value, dict) and all(isinstance(k, str) and conforms(v, args[1]) for k, v in value.items())
    if hint is float:
        return isinstance(value, float)
    if hint in (int, str):
        return isinstance(value, hint) and not isinstance(value, bool)
    return isinstance(value, hint)


def test_the_loader_builds_each_builtin_rule_an_instance_of_its_check_types_params():
    rules = load_ruleset().rules
    assert len({r.check for r in rules}) == len(CHECKS), "every check type has a built-in rule"
    for rule in rules:
        params = CHECKS[rule.check].params
        assert type(rule.params) is params, rule.code
        hints = typing.get_type_hints(params, sys.modules[params.__module__].__dict__)
        for field in fields_of(params):
            value = getattr(rule.params, field)
            assert conforms(value, hints[field]), f"{rule.code}.{field} = {value!r} is not {hints[field]}"
        first = next(iter(fields_of(params)))
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(rule.params, first, None)
        assert rule.options == {field: getattr(rule.params, field) for field in fields_of(params)}


def test_a_user_pack_and_its_override_give_typed_values(tmp_path):
    (tmp_path / "base.yaml").write_text(textwrap.dedent("""\
        pack: mine
        rules:
          - code: XQ601
            name: copied
            check: copy
            severity: warning
            message: "与{other}雷同"
            mode: across-reports
            threshold: 85
        """), encoding="utf-8")
    (tmp_path / "team.yaml").write_text("pack: team\ninclude: [base.yaml]\noverride:\n  XQ601: {min_chars: 60}\n",
                                        encoding="utf-8")
    rule = load_ruleset([tmp_path / "team.yaml"], builtin=False).by_code["XQ601"]
    assert type(rule.params) is CHECKS["copy"].params
    # an int in YAML is a float parameter (the spec converts it), the override changed one field only
    assert rule.params.threshold == 85.0 and isinstance(rule.params.threshold, float)
    assert (rule.params.min_chars, rule.params.mode, rule.params.boilerplate) == (60, "across-reports", [])


def test_a_params_class_is_frozen_keyword_only_and_pickles():
    import pickle

    @params
    class Params:
        words: list[str] = param(ListOf(str), default=[])
        name: str = param(str, required=True)
        level: float | None = param(float, default=None)

    a, b = Params(name="a"), Params(name="b", level=2.0)
    a.words.append("x")  # a list default is fresh for each construction
    assert (b.words, b.level, a.level) == ([], 2.0, None) and fields_of(Params)["name"].required
    assert repr(a).endswith(".Params(words=['x'], name='a', level=None)") and a == Params(name="a", words=["x"]) and a != b
    with pytest.raises(TypeError, match="missing keyword argument 'name'"):
        Params()
    with pytest.raises(TypeError, match="unexpected keyword argument 'nme'"):
        Params(nme="a")
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.name = "b"
    with pytest.raises(dataclasses.FrozenInstanceError):
        del a.name
    with pytest.raises(TypeError, match="not declared with param"):
        @params
        class Bad:
            words: list[str] = []  # noqa: RUF012 - the mistake under test
    with pytest.raises(TypeError, match="not a parameters class"):
        fields_of(int)
    rule = load_ruleset().by_code["FZ601"]  # the pack cache pickles the rules with their params
    back = pickle.loads(pickle.dumps(rule.params))
    assert back == rule.params and type(back) is type(rule.params)
    with pytest.raises(dataclasses.FrozenInstanceError):
        back.threshold = 1.0


BAD = """\
pack: mine
rules:
  - code: XQ601
    name: copied
    check: copy
    severity: warning
    message: "与{other}雷同"
    mode: across-reports
    threshold: 高
"""


def test_a_bad_field_type_is_one_chinese_line_with_file_and_line(tmp_path):
    p = tmp_path / "pack.yaml"
    p.write_text(BAD, encoding="utf-8")
    with pytest.raises(PackError) as err:
        load_ruleset([p], builtin=False)
    assert str(err.value).endswith("pack.yaml:9: 规则 XQ601: 'threshold' 应为数字，实际是 '高'")
    r = run_fzlint("check", "seeds/000_1fc3b7a414b55ec1.txt", "--rule-pack", str(p), env={"FZLINT_NO_CACHE": "1"})
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr == f"fzlint: {p}:9: 规则 XQ601: 'threshold' 应为数字，实际是 '高'\n"


def test_a_bad_field_type_in_an_override_is_one_line_too(tmp_path):
    (tmp_path / "base.yaml").write_text(BAD.replace("高", "90"), encoding="utf-8")
    p = tmp_path / "team.yaml"
    p.write_text("pack: team\ninclude: [base.yaml]\noverride:\n  XQ601: {threshold: true}\n", encoding="utf-8")
    with pytest.raises(PackError) as err:
        load_ruleset([p], builtin=False)
    assert str(err.value).endswith("team.yaml:4: 规则 XQ601: 'threshold' 应为数字，实际是 True")


def test_no_check_runs_another_rule():
    """A rule that defers to others reads their spans as a named analysis
    (``ctx.analyses.spans_of`` / ``lines_reported_by``); only the engine runs rules."""
    import ast
    from pathlib import Path

    import fzlint.checks

    for path in sorted(Path(fzlint.checks.__file__).parent.glob("*.py")):
        if path.name == "base.py":  # defines Context.findings, the engine's run of a rule
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("findings", "run"):
                assert not (isinstance(node.value, ast.Name) and node.value.id == "ctx"), f"{path.name}:{node.lineno}"
                assert not (isinstance(node.value, ast.Attribute) and node.value.attr == "analyses"), \
                    f"{path.name}:{node.lineno}"

"""A small typed-field validator for YAML rule packs and config files.

Why not jsonschema or pydantic: a broken pack must be reported as
``rules/x.yaml:12: 规则 FZ301: 未知的字段 'valid_untill'（是否想写 'valid_until'？）``
with the YAML line of the offending key, and validation sits on the start-up path
of every run.  Both libraries would need the line numbers threaded through anyway
and cost more to import than this whole module takes to run.

Values come from :func:`line_loader`'s loader, which records the line of every mapping key.
"""

from __future__ import annotations

import dataclasses
import inspect
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar


class LineDict(dict):  # type: ignore[type-arg]
    """A dict that remembers the YAML line of itself and of each key."""

    line: int = 0
    key_lines: dict[str, int]


class LineList(list):  # type: ignore[type-arg]
    line: int = 0
    item_lines: list[int]


def _construct_mapping(loader: Any, node: Any) -> LineDict:
    import yaml

    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) or key is None:
            raise yaml.constructor.ConstructorError(
                None, None, "映射的键只能是字符串或数字", key_node.start_mark
            )
        key = str(key)
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: Any, node: Any) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


def read_text(path: str | os.PathLike[str], what: str) -> str:
    """The text of a rule pack or configuration file (``what`` names which): UTF-8, with or
    without a BOM.  Raises ``ValueError`` with the problem in one Chinese line."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise ValueError(f"{what}不存在") from None
    except IsADirectoryError:
        raise ValueError(f"是目录，不是{what}") from None
    except PermissionError:
        raise ValueError(f"没有读取{what}的权限") from None
    except OSError as e:
        raise ValueError(f"无法读取{what}（{e.strerror or e}）") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise ValueError(f"无法读取{what}：第 {line} 行不是 UTF-8 编码，请另存为 UTF-8") from None


_LOADER: Any = None


def line_loader() -> Any:
    """The safe loader (no Python object tags) that keeps line numbers; libyaml's C
    loader when present (much faster; same safe semantics).  Built on first use: yaml
    is not imported by a run that finds its rule packs in the cache."""
    global _LOADER
    if _LOADER is None:
        import yaml

        base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

        class LineLoader(base):  # type: ignore[misc,valid-type]
            """Safe loader that keeps line numbers."""

        LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
        LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
        _LOADER = LineLoader
    return _LOADER


#: Bounds on a YAML document, counted with aliases expanded.  The largest built-in
#: pack has about 2,000 nodes and a depth of 7; a "billion laughs" document (nested
#: aliases, a few hundred bytes that expand to 10⁹ nodes) is refused before anything
#: walks it.
MAX_YAML_NODES = 100_000
MAX_YAML_DEPTH = 64


def load_yaml(text: str) -> Any:
    """``yaml.safe_load`` semantics, with line numbers on mappings and lists.

    Raises ``yaml.YAMLError`` (a ``ConstructorError`` for refused structures) when the
    document, with its aliases expanded, is larger than :data:`MAX_YAML_NODES` nodes
    or deeper than :data:`MAX_YAML_DEPTH`, or refers to itself.
    """
    import yaml

    loader = line_loader()(text)
    try:
        try:
            node = loader.get_single_node()
        except RecursionError:
            raise yaml.YAMLError(f"嵌套超过 {MAX_YAML_DEPTH} 层") from None
        if node is None:
            return None
        _check_bounds(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _check_bounds(root: Any) -> None:
    """Expanded size and depth of the node graph, in time linear in the graph (aliases
    share nodes, so sizes are memoised per node)."""
    import yaml

    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[Any, bool]] = [(root, False)]

    def children(node: Any) -> list[Any]:
        if isinstance(node, yaml.SequenceNode):
            return list(node.value)
        if isinstance(node, yaml.MappingNode):
            return [n for pair in node.value for n in pair]
        return []

    def refuse(node: Any, problem: str) -> None:
        raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark)

    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            kids = children(node)
            size[key] = 1 + sum(size[id(k)] for k in kids)
            depth[key] = 1 + max((depth[id(k)] for k in kids), default=0)
            if size[key] > MAX_YAML_NODES:
                refuse(node, f"别名（*引用）展开后超过 {MAX_YAML_NODES:,} 个节点，疑似“YAML 炸弹”，已拒绝")
            if depth[key] > MAX_YAML_DEPTH:
                refuse(node, f"嵌套超过 {MAX_YAML_DEPTH} 层，已拒绝")
            continue
        if key in size:
            continue
        if key in on_path:
            refuse(node, "别名（*引用）引用了包含它自己的节点，已拒绝")
        on_path.add(key)
        stack.append((node, True))
        stack.extend((k, False) for k in children(node))


class SchemaError(Exception):
    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(f"{line}: {message}")


def did_you_mean(word: str, options: list[str] | tuple[str, ...] | set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return f"（是否想写 '{close[0]}'？）" if close else ""


@dataclass(frozen=True)
class F:
    """One field: a type spec, whether required, a default, and a description."""

    type: Any
    required: bool = False
    default: Any = None
    doc: str = ""
    check: Callable[[Any], str | None] | None = None  # returns an error message or None


T = TypeVar("T")

if sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:  # Python 3.10: only mypy reads it

    def dataclass_transform(**_: Any) -> Callable[[T], T]:
        return lambda f: f


class _Param:
    """What :func:`param` leaves in a class body, until :func:`params` collects it."""

    __slots__ = ("spec",)

    def __init__(self, spec: F) -> None:
        self.spec = spec


def param(
    type: Any,
    required: bool = False,
    default: Any = None,
    doc: str = "",
    check: Callable[[Any], str | None] | None = None,
) -> Any:
    """A field of a check type's parameters class (:func:`params`), with the spec the loader
    validates a pack's value against (same arguments as :class:`F`)."""
    return _Param(F(type, required, default, doc, check))


_FIELDS: dict[type, Mapping[str, F]] = {}


@dataclass_transform(kw_only_default=True, frozen_default=True, field_specifiers=(param,))
def params(cls: type[T]) -> type[T]:
    """Make ``cls`` a check type's parameters class: a frozen, keyword-only dataclass to mypy
    whose fields each carry their pack spec::

        @params
        class Params:
            threshold: float = param(float, default=90.0)
            words: list[str] = param(ListOf(str, allow_single=True), default=[])

    The annotation is what mypy sees in ``rule.params.threshold``; the spec is what a pack's
    value must be.  One declaration, so the two cannot drift apart (``tests/test_params.py``
    checks they agree).  Built without generating code: every run imports every check module,
    and ``dataclasses`` spends ~2 ms a frozen class on ``exec``-generated methods."""
    fields: dict[str, F] = {}
    for name in inspect.get_annotations(cls):  # this class's own, unevaluated
        value = cls.__dict__.get(name)
        if not isinstance(value, _Param):
            raise TypeError(f"{cls.__qualname__}.{name} is not declared with param()")
        fields[name] = value.spec
        delattr(cls, name)
    _FIELDS[cls] = fields
    kind: Any = cls  # the methods every parameters class shares
    kind.__init__, kind.__repr__, kind.__eq__ = _init, _repr, _eq
    kind.__setattr__ = kind.__delattr__ = _frozen
    kind.__hash__ = None  # it holds lists: unhashable, as a frozen dataclass holding lists would be
    return cls


def _init(self: Any, **values: Any) -> None:
    fields = _FIELDS[type(self)]
    for name in values:
        if name not in fields:
            raise TypeError(f"{type(self).__qualname__}() got an unexpected keyword argument '{name}'")
    for name, spec in fields.items():
        if name in values:
            value = values[name]
        elif spec.required:
            raise TypeError(f"{type(self).__qualname__}() missing keyword argument '{name}'")
        else:  # a list or mapping default is copied for each construction
            value = spec.default.copy() if isinstance(spec.default, (list, dict)) else spec.default
        object.__setattr__(self, name, value)


def _frozen(self: Any, name: str, *_: Any) -> None:
    raise dataclasses.FrozenInstanceError(f"cannot assign to field '{name}'")


def _repr(self: Any) -> str:
    inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in _FIELDS[type(self)])
    return f"{type(self).__qualname__}({inner})"


def _eq(self: Any, other: Any) -> bool:
    if type(other) is not type(self):
        return NotImplemented  # type: ignore[no-any-return]
    return all(getattr(self, n) == getattr(other, n) for n in _FIELDS[type(self)])


def fields_of(params: type) -> Mapping[str, F]:
    """The pack fields of a parameters class (:func:`params`), by name, in order."""
    try:
        return _FIELDS[params]
    except KeyError:
        raise TypeError(f"{params.__qualname__} is not a parameters class (@params)") from None


# Type specs: str, int, float, bool, ListOf(spec), MapOf(spec), OneOf(values), Schema({...}), Any.
@dataclass(frozen=True)
class ListOf:
    """Type spec: a list whose items match ``item``."""

    item: Any
    allow_single: bool = False  # accept a scalar as a one-item list


@dataclass(frozen=True)
class MapOf:
    """Type spec: a mapping whose values match ``value``."""

    value: Any


@dataclass(frozen=True)
class OneOf:
    """Type spec: one of ``values``."""

    values: tuple[Any, ...]


@dataclass(frozen=True)
class Schema:
    """Type spec: a mapping with the named fields."""

    fields: Mapping[str, F]
    open: bool = False  # unknown keys allowed (kept as they are)
    unknown: str = "未知的字段"  # what an unknown key is called in the error ("未知的配置项" in a config)


_TYPE_NAMES: dict[type, str] = {str: "字符串", int: "整数", float: "数字", dict: "映射", list: "列表"}


def type_name(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    for t, name in _TYPE_NAMES.items():
        if isinstance(value, t) and t is not bool:
            return name
    return "空值" if value is None else type(value).__name__


def _line(value: Any, fallback: int) -> int:
    return getattr(value, "line", 0) or fallback


def validate(value: Any, spec: Any, where: str, line: int) -> Any:
    """Check ``value`` against ``spec``; return it with defaults filled in."""
    if spec is Any:
        return value
    if isinstance(spec, Schema):
        if not isinstance(value, dict):
            raise SchemaError(_line(value, line), f"{where}应为映射（键: 值），实际是{type_name(value)}")
        key_lines = getattr(value, "key_lines", {})
        out: dict[str, Any] = {}
        for key, item in value.items():
            kline = key_lines.get(key, _line(value, line))
            if key not in spec.fields:
                if spec.open:
                    out[key] = item
                    continue
                raise SchemaError(kline, f"{where}{spec.unknown} '{key}'{did_you_mean(key, list(spec.fields))}")
            if item is None and not spec.fields[key].required:  # `key: ~` means the default
                out[key] = spec.fields[key].default
                continue
            out[key] = validate(item, spec.fields[key].type, f"{where}'{key}' ", kline)
            checker = spec.fields[key].check
            err = checker(out[key]) if checker is not None else None
            if err:
                raise SchemaError(kline, f"{where}'{key}' {err}")
        for key, fld in spec.fields.items():
            if key not in out:
                if fld.required:
                    raise SchemaError(_line(value, line), f"{where}缺少必填字段 '{key}'")
                out[key] = fld.default
        return out
    if isinstance(spec, ListOf):
        if spec.allow_single and not isinstance(value, (list, dict)):
            value = [value]
        if not isinstance(value, list):
            raise SchemaError(line, f"{where}应为列表，实际是{type_name(value)}")
        lines = getattr(value, "item_lines", [line] * len(value))
        return [validate(v, spec.item, where, ln) for v, ln in zip(value, lines, strict=False)]
    if isinstance(spec, MapOf):
        if not isinstance(value, dict):
            raise SchemaError(_line(value, line), f"{where}应为映射，实际是{type_name(value)}")
        key_lines = getattr(value, "key_lines", {})
        return {k: validate(v, spec.value, f"{where}'{k}' ", key_lines.get(k, line)) for k, v in value.items()}
    if isinstance(spec, OneOf):
        if value not in spec.values:
            opts = "、".join(str(v) for v in spec.values)
            hint = did_you_mean(str(value), [str(v) for v in spec.values])
            raise SchemaError(line, f"{where}取值 '{value}' 无效，可选：{opts}{hint}")
        return value
    if spec is float:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise SchemaError(line, f"{where}应为数字，实际是 {value!r}")
        return float(value)
    if spec is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise SchemaError(line, f"{where}应为整数，实际是 {value!r}")
        return value
    if spec is str:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            raise SchemaError(line, f"{where}应为字符串，实际是{type_name(value)}")
        return value
    if spec is bool:
        if not isinstance(value, bool):
            raise SchemaError(line, f"{where}应为 true 或 false，实际是 {value!r}")
        return value
    raise TypeError(f"unknown spec {spec!r}")  # pragma: no cover - programming error

"""Load and validate YAML rule packs → a :class:`RuleSet`.

A pack is a YAML file::

    pack: typography            # id
    description: 标点与残留
    include: [other.yaml]       # optional, paths relative to this file
    override:                   # optional, change rules loaded earlier/included
      FZ501: {severity: info}
    parts: [...]                # optional, required-part definitions (structure)
    vocabulary: {...}           # optional, the parser's genre words (fzlint/parse/vocabulary.py);
                                # each list extends the earlier packs'
    rules:
      - code: FZ501
        name: word-bookmark
        check: pattern          # the Python check type (fzlint/checks/<check>.py)
        severity: warning       # error | warning | info
        message: "Word 书签残留：{match}"
        summary: one line for `fzlint rules`
        explain: {what: …, why: …, example: …, fix: …}
        source: the regulation or document the rule rests on
        scope: body             # where the check looks (see Document.scope_ranges)
        …                       # fields of the check type

Built-in packs live in the top-level ``rules/`` directory of the repository and are
shipped inside the wheel as ``fzlint/rules``.  Only ``yaml`` safe loading is used.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from ..diagnostic import SEVERITY_NAMES, Severity
from ..errors import PackError
from ..families import CODE_RE
from ..infra.cache import file_stamp
from ..parse.vocabulary import VOCABULARY_SCHEMA, Vocabulary, build, merge
from .schema import F, ListOf, MapOf, OneOf, Schema, SchemaError, did_you_mean, load_yaml, read_text, validate

if TYPE_CHECKING:
    from ..checks.contract import Check, FixSafety


def builtin_rules_dir() -> Path:
    """``fzlint/rules`` inside an installed wheel, else ``rules/`` of the checkout."""
    here = Path(__file__).resolve().parent.parent  # fzlint/
    packaged = here / "rules"
    if packaged.is_dir():
        return packaged
    return here.parent / "rules"


def builtin_pack_paths() -> list[Path]:
    d = builtin_rules_dir()
    return sorted(d.glob("*.yaml")) if d.is_dir() else []


@dataclass(frozen=True)
class Explain:
    """A rule's ``explain:`` texts shown by ``fzlint explain``: what it finds, why, an example and how to fix it."""

    what: str = ""
    why: str = ""
    example: str = ""
    fix: str = ""


P = TypeVar("P")


@dataclass(frozen=True, eq=False)
class Rule(Generic[P]):
    """One rule of a pack: the fields every rule has, and ``params``, the check type's own
    fields as its typed parameters class (:attr:`fzlint.checks.contract.Check.params`),
    built once by the loader."""

    code: str
    name: str
    check: str
    severity: Severity
    message: str
    summary: str
    explain: Explain
    source: str
    scope: str
    pack: str
    pack_path: str
    line: int
    params: P
    enabled: bool = True
    fix_safety: FixSafety = "none"  # what --fix may do with its findings (its check's fix_safety hook)

    @property
    def options(self) -> dict[str, Any]:
        """The check type's fields by name (a generic view of :attr:`params`, for code that
        handles every check type alike: overrides, ``fix``, tests)."""
        from .schema import fields_of

        return {name: getattr(self.params, name) for name in fields_of(type(self.params))}

    def format(self, template: str | None = None, **values: Any) -> str:
        return (template or self.message).format_map(_Missing(values))

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Rule({self.code} {self.name})"


class _Missing(dict):  # type: ignore[type-arg]
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


COMMON_FIELDS: dict[str, F] = {
    "code": F(str, required=True, check=lambda v: None if CODE_RE.match(v) else "应形如 FZ123（字母前缀加三到四位数字）"),
    "name": F(str, required=True, doc="kebab-case id"),
    "check": F(str, required=True),
    "severity": F(OneOf(SEVERITY_NAMES), required=True),
    "message": F(str, required=True),
    "summary": F(str, default=""),
    "explain": F(Schema({"what": F(str, default=""), "why": F(str, default=""), "example": F(str, default=""),
                         "fix": F(str, default="")}), default=None),
    "source": F(str, default=""),
    "scope": F(str, default="body"),
    "enabled": F(bool, default=True),
}

OVERRIDABLE = ("severity", "message", "summary", "enabled", "scope", "explain", "source")

PACK_SCHEMA = Schema(
    {
        "pack": F(str, required=True),
        "description": F(str, default=""),
        "include": F(ListOf(str, allow_single=True), default=[]),
        "override": F(
            MapOf(Schema({k: F(COMMON_FIELDS[k].type, check=COMMON_FIELDS[k].check) for k in OVERRIDABLE}, open=True)),
            default={},
        ),
        "parts": F(Any, default=None),
        "vocabulary": F(VOCABULARY_SCHEMA, default=None),
        "settings": F(MapOf(Any), default={}),
        "rules": F(ListOf(Any), default=[]),
    }
)


@dataclass
class RuleSet:
    """The loaded packs: their rules, part specs, settings and vocabulary, and each rule's
    prepared state (built or read from the user cache on first use)."""

    rules: list[Rule]
    parts: Any = None  # validated part specs (fzlint.parse.parts.PartSpecs) or None
    settings: dict[str, Any] = field(default_factory=dict)
    files: tuple[str, ...] = ()
    #: The packs' ``vocabulary:`` lists, merged (:func:`fzlint.parse.vocabulary.merge`).
    vocabulary: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    _state: dict[str, Any] = field(default_factory=dict, repr=False)
    #: the prepared states kept in the user cache (:mod:`fzlint.packs.states`), set by
    #: :func:`load_ruleset` when the cache is on
    stored: Any = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.by_code = {r.code: r for r in self.rules}

    @property
    def parser_vocabulary(self) -> Vocabulary:
        """The vocabulary the parser reads (compiled once per rule set)."""
        hit = self._state.get("\0vocabulary")
        if hit is None:
            hit = self._state["\0vocabulary"] = build(self.vocabulary, _break_words(self.settings))
        return hit  # type: ignore[no-any-return]

    def state(self, rule: Rule) -> Any:
        """The check's compiled state for ``rule`` (built once, on first use)."""
        if rule.code not in self._state:
            from ..checks import CHECKS
            from .states import MISSING

            # the cache holds the states of this set's own rules (a rule given by its code
            # but built otherwise is prepared)
            stored = self.stored if self.by_code.get(rule.code) is rule else None
            got = stored.get(rule.code, rule.check) if stored is not None else MISSING
            if got is MISSING:
                got = CHECKS[rule.check].prepare(rule)
                if stored is not None:
                    stored.add(rule.code, rule.check, got)
            self._state[rule.code] = got
        return self._state[rule.code]

    def save_states(self) -> None:
        """Write the states prepared so far to the user cache now (else: at exit)."""
        if self.stored is not None:
            self.stored.save()


def _break_words(settings: Mapping[str, Any]) -> list[str]:
    """``settings.numbers.breakdown.break_words`` (and of ``numbers+…`` blocks): the words
    that open a part of the number before them, which the Word reader also reads as carrying
    on a sentence (:func:`fzlint.parse.vocabulary.build`)."""
    out: list[str] = []
    for key in sorted(k for k in settings if k == "numbers" or str(k).startswith("numbers+")):
        block = settings[key]
        breakdown = block.get("breakdown") if isinstance(block, Mapping) else None
        words = breakdown.get("break_words") if isinstance(breakdown, Mapping) else None
        if isinstance(words, list):
            out.extend(str(w) for w in words)
    return out


def _where(path: str, line: int, code: str | None = None) -> str:
    return f"{path}:{line}" + (f": 规则 {code}" if code else "")


class _Loader:
    def __init__(self) -> None:
        self.rules: dict[str, Rule] = {}
        self.order: list[str] = []
        self.parts_raw: list[tuple[str, Any]] = []
        self.settings: dict[str, Any] = {}
        self.vocabulary: list[Mapping[str, list[str]]] = []
        self.loaded: set[str] = set()
        self.files: list[str] = []
        self.hashes: dict[str, str] = {}  # real path → digest of the text read (pack cache)
        self.stats: dict[str, tuple[int, int] | None] = {}  # real path → its size and mtime before reading
        self.given: dict[str, str] = {}  # shown path → path as given (pack cache)

    def load(self, path: Path, stack: tuple[str, ...] = ()) -> None:
        real = os.path.realpath(path)
        shown = _display(path)
        if real in stack:
            raise PackError(shown, "规则包通过 include 包含了自己（循环 include）")
        if real in self.loaded:
            return
        self.stats[real] = file_stamp(real)  # before reading: a later change shows as another stamp
        try:
            text = read_text(path, "规则包文件")
        except ValueError as e:
            raise PackError(shown, str(e)) from None
        self.hashes[real] = _text_digest(text)
        self.given[shown] = str(path)
        import yaml

        try:
            data = load_yaml(text)
        except yaml.constructor.ConstructorError as e:
            line = e.problem_mark.line + 1 if e.problem_mark else 0
            raise PackError(f"{shown}:{line}", f"不允许的 YAML 标签或结构（只接受纯数据）：{e.problem}") from None
        except yaml.YAMLError as e:
            mark = getattr(e, "problem_mark", None)
            line = mark.line + 1 if mark else 0
            raise PackError(f"{shown}:{line}", f"YAML 语法错误：{getattr(e, 'problem', e)}") from None
        if not isinstance(data, dict):
            raise PackError(shown, "规则包顶层应为映射（pack: …, rules: […]）")
        try:
            pack = validate(data, PACK_SCHEMA, "", 1)
        except SchemaError as e:
            raise PackError(_where(shown, e.line), e.message) from None
        self.files.append(real)
        include_line = getattr(data, "key_lines", {}).get("include", 1)
        for inc in pack["include"]:
            target = Path(path).parent / inc
            if not target.is_file():
                what = "是目录，不是规则包文件" if target.is_dir() else "不存在"
                raise PackError(_where(shown, include_line), f"include 的规则包 {inc} {what}")
            self.load(target, (*stack, real))
        self.loaded.add(real)
        if pack["parts"] is not None:
            self.parts_raw.append((shown, pack["parts"]))
        self.settings.update(pack["settings"])
        if pack["vocabulary"] is not None:
            self.vocabulary.append(pack["vocabulary"])
        rule_lines = getattr(data.get("rules"), "item_lines", [])
        for i, raw in enumerate(pack["rules"]):
            line = rule_lines[i] if i < len(rule_lines) else 1
            rule = _make_rule(raw, pack["pack"], shown, line)
            if rule.code in self.rules:
                other = self.rules[rule.code]
                raise PackError(
                    _where(shown, line, rule.code),
                    f"规则代码重复，已在 {other.pack_path}:{other.line} 定义（要修改它请用 override）",
                )
            self.rules[rule.code] = rule
            self.order.append(rule.code)
        override_lines = getattr(data.get("override"), "key_lines", {})
        for code, changes in pack["override"].items():
            line = override_lines.get(code, 1)
            if code not in self.rules:
                hint = did_you_mean(code, list(self.rules))
                raise PackError(_where(shown, line), f"override 的规则 {code} 不存在{hint}")
            self.rules[code] = _override(self.rules[code], changes, shown, line)


def _display(path: Path | str) -> str:
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(p)


def _make_rule(raw: Any, pack: str, path: str, line: int) -> Rule[Any]:
    from ..checks import CHECKS

    if not isinstance(raw, dict):
        raise PackError(_where(path, line), "每条规则应为映射（code: …, check: …）")
    code = str(raw.get("code", "?"))
    check_name = raw.get("check")
    if check_name not in CHECKS:
        hint = did_you_mean(str(check_name), list(CHECKS))
        kline = getattr(raw, "key_lines", {}).get("check", line)
        raise PackError(_where(path, kline, code), f"未知的检查类型 '{check_name}'{hint}")
    module = CHECKS[check_name]
    spec = Schema({**COMMON_FIELDS, **module.fields})
    try:
        values = validate(raw, spec, "", line)
    except SchemaError as e:
        raise PackError(_where(path, e.line, code), e.message) from None
    _check_placeholders(values["message"], module, path, raw, code, "message")
    ex = values["explain"] or {}
    rule = Rule(
        code=values["code"],
        name=values["name"],
        check=check_name,
        severity=Severity.parse(values["severity"]),
        message=values["message"],
        summary=values["summary"] or values["message"],
        explain=Explain(**ex),
        source=values["source"],
        scope=values["scope"],
        pack=pack,
        pack_path=path,
        line=line,
        params=module.build_params(values),
        enabled=values["enabled"],
    )
    try:
        module.load_check(rule)
    except (ValueError, TypeError) as e:
        raise PackError(_where(path, line, code), str(e)) from None
    return replace(rule, fix_safety=module.fix_safety(rule))


def _check_placeholders(template: str, module: Check[Any, Any], path: str, raw: Any, code: str, key: str) -> None:
    import string  # only when packs are validated (not when the rule set comes from the cache)

    allowed = set(module.placeholders)
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    except ValueError as e:
        kline = getattr(raw, "key_lines", {}).get(key, getattr(raw, "line", 1))
        raise PackError(_where(path, kline, code), f"{key} 模板格式错误：{e}（字面花括号请写成 {{{{ }}}}）") from None
    unknown = names - allowed
    if unknown:
        kline = getattr(raw, "key_lines", {}).get(key, getattr(raw, "line", 1))
        name = sorted(unknown)[0]
        opts = "、".join("{" + a + "}" for a in sorted(allowed)) or "（无）"
        raise PackError(_where(path, kline, code), f"{key} 中的占位符 {{{name}}} 不可用，可用：{opts}")


def _override(rule: Rule[Any], changes: Mapping[str, Any], path: str, line: int) -> Rule[Any]:
    from ..checks import CHECKS

    module = CHECKS[rule.check]
    common = {k: v for k, v in changes.items() if k in OVERRIDABLE and v is not None}
    opts = {k: v for k, v in changes.items() if k not in OVERRIDABLE}
    for k in opts:
        if k not in module.fields:
            raise PackError(_where(path, line, rule.code), f"未知的字段 '{k}'{did_you_mean(k, list(module.fields))}")
    kwargs: dict[str, Any] = {}
    if "severity" in common:
        kwargs["severity"] = Severity.parse(common["severity"])
    if "message" in common:
        _check_placeholders(common["message"], module, path, changes, rule.code, "message")
        kwargs["message"] = common["message"]
    for k in ("summary", "enabled", "scope", "source"):
        if k in common:
            kwargs[k] = common[k]
    if "explain" in common:
        kwargs["explain"] = Explain(**common["explain"])
    if opts:
        spec = Schema(module.fields)
        try:
            merged = validate({**rule.options, **opts}, spec, "", line)
        except SchemaError as e:
            raise PackError(_where(path, e.line, rule.code), e.message) from None
        kwargs["params"] = module.build_params(merged)
    new = replace(rule, **kwargs)
    if opts:  # the changed options must still make a valid rule of its check type
        try:
            module.load_check(new)
        except (ValueError, TypeError) as e:
            raise PackError(_where(path, line, rule.code), str(e)) from None
        new = replace(new, fix_safety=module.fix_safety(new))
    return new


def load_ruleset(extra: Iterable[str | Path] = (), *, builtin: bool = True) -> RuleSet:
    """Built-in packs (unless ``builtin`` is false) followed by ``extra`` pack files.

    A rule set that loaded without error is kept in the user cache (:mod:`fzlint.infra.cache`)
    keyed by the pack paths, fzlint's version and code, and checked against the text of
    every pack file it read (includes too), so the next run skips YAML parsing and
    validation; anything amiss with the cache means loading as if there were none.
    """
    paths: list[Path] = list(builtin_pack_paths()) if builtin else []
    paths += [Path(p) for p in extra]
    key = _cache_name(paths, builtin)
    cached = _from_cache(key) if key else None
    if key and cached is not None:
        ruleset, hashes = cached
        _attach_states(ruleset, key, hashes)
        return ruleset
    from ..parse.parts import load_parts

    loader = _Loader()
    for p in paths:
        loader.load(p)
    rules = sorted((loader.rules[c] for c in loader.order), key=lambda r: r.code)
    parts = load_parts(loader.parts_raw)
    ruleset = RuleSet(rules, parts, loader.settings, tuple(loader.files), merge(loader.vocabulary))
    if key:
        _to_cache(key, ruleset, loader)
        _attach_states(ruleset, key, loader.hashes)
    return ruleset


# ---- the pack cache ----------------------------------------------------------------------
def _text_digest(text: str) -> str:
    from ..infra.cache import digest

    return digest(text)


def _cache_name(paths: list[Path], builtin: bool) -> str | None:
    from ..infra import cache

    if cache.disabled():
        return None
    parts = [cache.code_stamp(), str(builtin), *(str(p) for p in paths)]
    if not all(p.is_absolute() for p in paths):  # relative paths mean something else elsewhere
        parts.append(os.getcwd())
    return f"packs-{cache.digest(*parts)[:40]}.pickle"


def _attach_states(ruleset: RuleSet, name: str, hashes: dict[str, str]) -> None:
    """Give ``ruleset`` its prepared states in the user cache (:mod:`fzlint.packs.states`)."""
    from .states import StoredStates, entry_name

    ruleset.stored = StoredStates(entry_name(name, hashes))


def _from_cache(name: str) -> tuple[RuleSet, dict[str, str]] | None:
    from ..infra import cache

    entry = cache.load(name)
    try:
        hashes, given, cwd, ruleset = entry["hashes"], entry["given"], entry["cwd"], entry["ruleset"]
        if not isinstance(ruleset, RuleSet):
            return None
        stats = entry.get("stats") or {}
        for real, h in hashes.items():
            # unchanged size and mtime: the text read then (hashing it was ~2 ms of every start)
            if stats.get(real) is not None and file_stamp(real) == stats[real]:
                continue
            if _text_digest(Path(real).read_text(encoding="utf-8-sig")) != h:
                return None
        safe = entry.get("safe_patterns", frozenset())
    except Exception:  # no entry, an old layout, a pack file gone or unreadable: load normally
        return None
    from ..infra.patterns import trust_patterns

    trust_patterns(safe if isinstance(safe, frozenset) else ())  # validated with the set
    if cwd != os.getcwd():  # rules show their pack file relative to the working directory
        shown = {old: _display(path) for old, path in given.items()}
        rules = [replace(r, pack_path=shown.get(r.pack_path, r.pack_path)) for r in ruleset.rules]
        ruleset = RuleSet(rules, ruleset.parts, ruleset.settings, ruleset.files, ruleset.vocabulary)
    return ruleset, hashes


def _to_cache(name: str, ruleset: RuleSet, loader: _Loader) -> None:
    from ..infra import cache, rx
    from ..infra.cache import settled
    from ..infra.patterns import safe_patterns

    stats = {real: st for real, st in loader.stats.items() if settled(st)}
    entry = {"hashes": loader.hashes, "stats": stats, "given": loader.given, "cwd": os.getcwd(),
             "ruleset": RuleSet(ruleset.rules, ruleset.parts, ruleset.settings, ruleset.files, ruleset.vocabulary),
             "safe_patterns": safe_patterns()}
    if cache.store(name, entry, pickler=rx.pickler_class()):
        cache.prune("packs-", keep=16)

"""Configuration: the closest ``.fzlint.yaml`` or ``[tool.fzlint]`` wins.

Walking up from a report's directory, the first directory holding ``.fzlint.yaml``
(or ``.fzlint.yml``) or a ``pyproject.toml`` with a ``[tool.fzlint]`` table provides
the configuration.  Configs are not merged across levels; a config inherits another
only when it says so with ``extend: path``.  Command-line flags override the file:
``--select`` replaces, ``--ignore``/``--extend-select`` add.

Keys::

    select: [FZ1, FZ201]        # prefixes or codes; default: every enabled rule
    extend-select: [FZ9]
    ignore: [FZ5]
    severity: {FZ301: error}    # per-rule severity
    year: 2023                  # report year when the title does not say
    genre: auto                 # report: always a 法治政府建设 report; other: never (FZ116)
    rule-packs: [my-pack.yaml]  # extra packs, relative to this file
    builtin-packs: true         # false: only the rule-packs, not the built-in packs
    exclude: ["草稿/**", "*.bak.txt"]
    per-file-ignores: {"附件/*.txt": [FZ1]}
    fail-on: warning            # lowest severity that makes the exit code 1
    extend: ../base.fzlint.yaml
"""

from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import Any

from ..diagnostic import SEVERITY_NAMES
from ..errors import ConfigError
from .schema import F, ListOf, MapOf, OneOf, Schema, SchemaError, load_yaml, read_text, validate

CONFIG_NAMES = (".fzlint.yaml", ".fzlint.yml")

CONFIG_SCHEMA = Schema(
    {
        "select": F(ListOf(str, allow_single=True), default=None),
        "extend-select": F(ListOf(str, allow_single=True), default=[]),
        "ignore": F(ListOf(str, allow_single=True), default=[]),
        "severity": F(MapOf(OneOf(SEVERITY_NAMES)), default={}),
        "year": F(int, default=None, check=lambda y: None if 1990 <= y <= 2100 else "应为 1990–2100 之间的年份"),
        "genre": F(OneOf(("auto", "report", "other")), default=None),
        "rule-packs": F(ListOf(str, allow_single=True), default=[]),
        "builtin-packs": F(bool, default=True),
        "exclude": F(ListOf(str, allow_single=True), default=[]),
        "per-file-ignores": F(MapOf(ListOf(str, allow_single=True)), default={}),
        "fail-on": F(OneOf(SEVERITY_NAMES), default=None),
        "extend": F(str, default=None),
    },
    unknown="未知的配置项",
)


@dataclass(frozen=True)
class Settings:
    """The run's configuration: the config file's values with the command line's on top."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=dict)
    year: int | None = None
    genre: str = "auto"  # auto | report | other (FZ116)
    rule_packs: tuple[str, ...] = ()
    builtin_packs: bool = True
    exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    fail_on: str = "warning"
    root: str = "."  # directory the config's relative globs are matched against
    config_path: str | None = None

    def ruleset(self) -> Any:

        return _ruleset_cached(self.rule_packs, self.builtin_packs)


_RULESETS: dict[tuple[tuple[str, ...], bool], Any] = {}


def builtin_vocabulary() -> Any:
    """The built-in packs' parser vocabulary (:class:`fzlint.parse.vocabulary.Vocabulary`), for
    a parse that has no rule set: the built-in rule set a default run loads anyway, once."""
    return _ruleset_cached((), True).parser_vocabulary


def _ruleset_cached(packs: tuple[str, ...], builtin: bool) -> Any:
    """Rule sets are read-only once built; one per distinct list of packs."""
    key = (packs, builtin)
    if key not in _RULESETS:
        from .loader import load_ruleset

        _RULESETS[key] = load_ruleset(packs, builtin=builtin)
    return _RULESETS[key]


@dataclass(frozen=True)
class Overrides:
    """Command-line values; ``None`` means "not given"."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    year: int | None = None
    genre: str | None = None
    rule_packs: tuple[str, ...] = ()
    fail_on: str | None = None
    config: str | None = None  # --config: use this file for every input
    isolated: bool = False  # --isolated: ignore config files
    force_exclude: bool = False  # --force-exclude: `exclude` applies to explicit paths too


def _read_toml(path: Path) -> dict[str, Any] | None:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:
        text = read_text(path, "配置文件")
    except ValueError as e:
        raise ConfigError(str(path), str(e)) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(str(path), f"TOML 语法错误：{e}") from None
    tool = data.get("tool", {})
    section = tool.get("fzlint") if isinstance(tool, dict) else None
    if section is None:
        return None
    if not isinstance(section, dict):
        raise ConfigError(str(path), "[tool.fzlint] 应为表")
    return section


def _has_tool_section(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return "tool.fzlint" in text and _read_toml(path) is not None


_FOUND: dict[str, Path | None] = {}


def find_config(start: Path) -> Path | None:
    """The closest config file at or above directory ``start``."""
    d = start.resolve()
    visited: list[str] = []
    result: Path | None = None
    while True:
        key = str(d)
        if key in _FOUND:
            result = _FOUND[key]
            break
        visited.append(key)
        found = next((d / n for n in CONFIG_NAMES if (d / n).is_file()), None)
        if found is None and (d / "pyproject.toml").is_file() and _has_tool_section(d / "pyproject.toml"):
            found = d / "pyproject.toml"
        if found is not None:
            result = found
            break
        if d.parent == d:
            break
        d = d.parent
    for key in visited:
        _FOUND[key] = result
    return result


def _load_raw(path: Path, stack: tuple[str, ...] = ()) -> dict[str, Any]:
    real = str(path.resolve())
    if real in stack:
        raise ConfigError(str(path), "extend 形成了循环")
    if path.name == "pyproject.toml":
        raw = _read_toml(path)
        if raw is None:
            raise ConfigError(str(path), "没有 [tool.fzlint] 配置")
        line = 0
    else:
        try:
            text = read_text(path, "配置文件")
        except ValueError as e:
            raise ConfigError(str(path), str(e)) from None
        try:
            raw = load_yaml(text) or {}
        except Exception as e:  # yaml.YAMLError and constructor errors
            mark = getattr(e, "problem_mark", None)
            where = f"{path}:{mark.line + 1}" if mark else str(path)
            raise ConfigError(where, f"YAML 错误：{getattr(e, 'problem', e)}") from None
        if not isinstance(raw, dict):
            raise ConfigError(str(path), "配置顶层应为映射")
        line = 1
    try:
        values = validate(raw, CONFIG_SCHEMA, "", line)
    except SchemaError as e:
        where = f"{path}:{e.line}" if e.line else str(path)
        raise ConfigError(where, e.message) from None
    base = path.parent
    # Relative paths are relative to the file that wrote them.
    values["rule-packs"] = [str((base / p).resolve()) for p in values["rule-packs"]]
    values["_root"] = str(base.resolve())
    if values["extend"]:
        target = base / values["extend"]
        if not target.is_file():
            kline = getattr(raw, "key_lines", {}).get("extend", 0)
            where = f"{path}:{kline}" if kline else str(path)
            what = "是目录，不是配置文件" if target.is_dir() else "不存在"
            raise ConfigError(where, f"extend 指向的配置文件 {values['extend']} {what}")
        parent = _load_raw(target, (*stack, real))
        merged = dict(parent)
        for k, v in values.items():
            if k == "_root":
                continue
            if v not in (None, [], {}) or k not in parent:
                merged[k] = v
        merged["_root"] = values["_root"]
        return merged
    return values


def settings_from_file(path: Path | None) -> Settings:
    if path is None:
        return Settings()
    v = _load_raw(path)
    return Settings(
        select=tuple(v["select"]) if v["select"] is not None else None,
        extend_select=tuple(v["extend-select"]),
        ignore=tuple(v["ignore"]),
        severity=dict(v["severity"]),
        year=v["year"],
        genre=v["genre"] or "auto",
        rule_packs=tuple(v["rule-packs"]),
        builtin_packs=v["builtin-packs"],
        exclude=tuple(v["exclude"]),
        per_file_ignores=tuple((k, tuple(c)) for k, c in v["per-file-ignores"].items()),
        fail_on=v["fail-on"] or "warning",
        root=v["_root"],
        config_path=str(path),
    )


_SETTINGS: dict[tuple[str | None, Overrides], Settings] = {}


def clear_caches() -> None:
    """Forget found configs and loaded rule sets (the LSP calls this when files change)."""
    _FOUND.clear()
    _SETTINGS.clear()
    _RULESETS.clear()


def resolve(target: Path | None, overrides: Overrides) -> Settings:
    """Settings for a report at ``target`` (a file or directory; None = cwd)."""
    if overrides.isolated:
        cfg: Path | None = None
    elif overrides.config:
        cfg = Path(overrides.config)
    else:
        start = Path.cwd() if target is None else (target if target.is_dir() else target.parent)
        cfg = find_config(start)
    key = (str(cfg) if cfg else None, overrides)
    if key in _SETTINGS:
        return _SETTINGS[key]
    s = settings_from_file(cfg)
    s = replace(
        s,
        select=overrides.select if overrides.select is not None else s.select,
        extend_select=s.extend_select + overrides.extend_select,
        ignore=s.ignore + overrides.ignore,
        year=overrides.year if overrides.year is not None else s.year,
        genre=overrides.genre or s.genre,
        rule_packs=s.rule_packs + tuple(str(Path(p).resolve()) for p in overrides.rule_packs),
        fail_on=overrides.fail_on or s.fail_on,
        root=s.root if cfg else str(Path.cwd()),
    )
    _SETTINGS[key] = s
    return s


# ---- paths ------------------------------------------------------------------------------
def _rel(path: Path, root: str) -> PurePosixPath | None:
    try:
        return PurePosixPath(Path(os.path.abspath(path)).relative_to(root).as_posix())
    except ValueError:
        return None


def glob_match(path: Path, pattern: str, root: str) -> bool:
    """Match ``path`` against a config glob: relative path, any parent, or the file name."""
    pat = pattern.rstrip("/")
    rel = _rel(path, root)
    candidates = [path.name]
    if rel is not None:
        candidates.append(str(rel))
        candidates += [str(p) for p in rel.parents if str(p) != "."]
    for c in candidates:
        if fnmatch.fnmatchcase(c, pat) or (pat.endswith("/**") and fnmatch.fnmatchcase(c, pat[:-3])):
            return True
    return False


def is_excluded(path: Path, settings: Settings) -> bool:
    return any(glob_match(path, pat, settings.root) for pat in settings.exclude)


def per_file_ignored(path: Path, settings: Settings) -> tuple[str, ...]:
    out: list[str] = []
    for pat, codes in settings.per_file_ignores:
        if glob_match(path, pat, settings.root):
            out.extend(codes)
    return tuple(out)


# ---- rule selection ---------------------------------------------------------------------
def _longest(code: str, selectors: Sequence[str]) -> int:
    best = -1
    for s in selectors:
        if s == "ALL":
            best = max(best, 0)
        elif code.startswith(s):
            best = max(best, len(s))
    return best


def check_selectors(settings: Settings, codes: Sequence[str]) -> None:
    """Every selector must name at least one rule; a code cannot be both selected and ignored."""
    from .schema import did_you_mean

    where = settings.config_path or "命令行"
    groups = {
        "select": settings.select or (),
        "extend-select": settings.extend_select,
        "ignore": settings.ignore,
    }
    for key, sels in [*list(groups.items()), ("per-file-ignores", [c for _, cs in settings.per_file_ignores for c in cs])]:
        for s in sels:
            if s != "ALL" and not any(c.startswith(s) for c in codes):
                raise ConfigError(where, f"{key} 中的 '{s}' 不是已知的规则代码或前缀{did_you_mean(s, list(codes))}")
    for s in settings.ignore:
        if s in (settings.select or ()) or s in settings.extend_select:
            raise ConfigError(where, f"'{s}' 同时出现在 select 和 ignore 中，无法判断是否启用")
    for code in settings.severity:
        if code not in codes:
            raise ConfigError(where, f"severity 中的 '{code}' 不是已知的规则代码{did_you_mean(code, list(codes))}")


def is_selected(code: str, enabled_by_default: bool, settings: Settings, extra_ignores: Sequence[str] = ()) -> bool:
    """ruff semantics: the most specific selector wins; on a tie, ignore wins.

    A rule with ``enabled: false`` in its pack runs only when selected by its exact code.
    """
    if not enabled_by_default:
        exact = code in (settings.select or ()) or code in settings.extend_select
        return exact and _longest(code, tuple(settings.ignore) + tuple(extra_ignores)) < len(code)
    if settings.select is None:
        sel = _longest(code, settings.extend_select)
        if enabled_by_default:
            sel = max(sel, 0)
    else:
        sel = _longest(code, tuple(settings.select) + settings.extend_select)
    ign = _longest(code, tuple(settings.ignore) + tuple(extra_ignores))
    return sel >= 0 and sel > ign

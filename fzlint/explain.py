"""The ``explain`` text of a rule (CLI ``fzlint explain``, LSP hover, HTML page)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

    from .packs.loader import Rule


def fix_safety(rule: Rule) -> str:
    """The ``## 自动修复`` line: the rule's :attr:`~fzlint.packs.loader.Rule.fix_safety`, in the
    check's own words when it gives them."""
    from .checks import CHECKS
    from .checks.contract import FIX_SAFETY_TEXT

    check = CHECKS[rule.check]
    note = check.fix_note(rule) if check.fix_note is not None else None
    if note:
        return note
    if rule.fix_safety == "none" and isinstance(rule.options.get("fix"), str):
        return "无自动修复，只给出建议。"  # a check whose `fix: none` still suggests the change
    return FIX_SAFETY_TEXT[rule.fix_safety]


def _details(rule: Rule) -> list[str]:
    """Extra sections a check type generates from the rule's data (e.g. a timeline)."""
    from .checks import CHECKS

    check = CHECKS[rule.check]
    if check.explain is None:
        return []
    extra = list(check.explain(rule))
    return [*extra, ""] if extra else []


def explain_text(rule: Rule) -> str:
    ex = rule.explain
    lines = [f"{rule.code}（{rule.name}）  级别：{rule.severity.zh}  规则包：{rule.pack}", ""]
    lines += ["## 检查什么", ex.what or rule.summary, ""]
    if ex.why:
        lines += ["## 为什么重要", ex.why, ""]
    if ex.example:
        lines += ["## 示例", ex.example, ""]
    lines += _details(rule)
    lines += ["## 如何修复", ex.fix or "按提示修改原文。", ""]
    lines += ["## 自动修复", fix_safety(rule), ""]
    if rule.source:
        lines += ["## 依据", rule.source, ""]
    lines.append(defined_in(rule))
    return "\n".join(lines)


def defined_in(rule: Rule) -> str:
    """Where the rule is defined, as a user can use it: a built-in rule by its pack's name
    (never the path fzlint is installed at), a rule of the user's own pack by that file."""
    from pathlib import Path

    path = Path(rule.pack_path)
    if _builtin_pack(rule.pack_path):
        return f"定义于内置规则包 {rule.pack}（{path.name} 第 {rule.line} 行）"
    return f"定义于规则包 {rule.pack}（{rule.pack_path} 第 {rule.line} 行）"


_BUILTIN: dict[str, bool] = {}  # absolute pack path → is it a built-in pack
_builtin_dir: list[Path] = []  # the built-in packs' directory, resolved (once)


def _builtin_pack(pack_path: str) -> bool:
    """Whether the pack file is one of the built-in packs, found once per path (resolving
    paths is several system calls, and the rule of every finding has its explain text).  A
    relative path is remembered under the directory it was relative to: ``rules/copy.yaml``
    is a user's pack in one working directory and may be a built-in one in another."""
    if not os.path.isabs(pack_path):
        pack_path = os.path.join(os.getcwd(), pack_path)
    got = _BUILTIN.get(pack_path)
    if got is None:
        from pathlib import Path

        try:
            if not _builtin_dir:
                from .packs.loader import builtin_rules_dir

                _builtin_dir.append(builtin_rules_dir().resolve())
            got = Path(pack_path).resolve().parent == _builtin_dir[0]
        except OSError:
            got = False
        _BUILTIN[pack_path] = got
    return got

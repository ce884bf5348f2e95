"""The ``explain`` text of a rule (CLI ``fzlint explain``, LSP hover, HTML page)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .packs import Rule


def fix_safety(rule: Rule) -> str:
    from .checks import CHECKS

    module = CHECKS[rule.check]
    if hasattr(module, "fix_safety"):
        return module.fix_safety(rule)
    fix = rule.options.get("fix") if isinstance(rule.options, dict) else None
    if not fix:
        return "无自动修复。"
    return "安全：--fix 会自动应用。" if fix.get("safe") else "不安全（可能改变含义）：只有加 --unsafe-fixes 才会应用。"


def _details(rule: Rule) -> list[str]:
    """Extra sections a check type generates from the rule's data (e.g. a timeline)."""
    from .checks import CHECKS

    module = CHECKS[rule.check]
    if not hasattr(module, "explain_details"):
        return []
    extra = list(module.explain_details(rule))
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

    from .packs import builtin_rules_dir

    path = Path(rule.pack_path)
    try:
        builtin = path.resolve().parent == builtin_rules_dir().resolve()
    except OSError:
        builtin = False
    if builtin:
        return f"定义于内置规则包 {rule.pack}（{path.name} 第 {rule.line} 行）"
    return f"定义于规则包 {rule.pack}（{rule.pack_path} 第 {rule.line} 行）"

"""Lint a snippet with chosen rules and say what must (or must not) be found.

The one helper a new test needs, after yamllint's ``check(source, conf, problem=...)``::

    from .snippets import check, Problem

    def test_a_word_bookmark_is_reported():
        check("一、主要工作\n全部完成。[bookmark: x]\n", "FZ501",
              Problem("FZ501", line=2, column=6, text="[bookmark: x]"))

    def test_its_correct_twin_stays_silent():
        check("一、主要工作\n全部完成。\n", "FZ501")      # no problem given: nothing found

``rules`` selects the rules (a code, a prefix such as ``FZ4``, or several); the
snippet is linted through :func:`fzlint.engine.lint_text`, the function every front
end uses, so the findings are what a user gets.  A :class:`Problem` matches a finding
on every field it gives (``text``: the characters the finding spans).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from fzlint.diagnostic import Diagnostic
from fzlint.engine import lint_text
from fzlint.packs.config import Settings


@dataclass(frozen=True)
class Problem:
    code: str
    line: int | None = None
    column: int | None = None
    text: str | None = None  # the spanned characters
    message: str | None = None  # a substring of the message

    def matches(self, d: Diagnostic, source: str) -> bool:
        return (d.code == self.code
                and (self.line is None or d.line == self.line)
                and (self.column is None or d.column == self.column)
                and (self.text is None or source[d.start : d.end] == self.text)
                and (self.message is None or self.message in d.message))


def check(source: str, rules: str | Sequence[str], *problems: Problem, year: int | None = None,
          path: str = "report.txt", settings: Settings | None = None) -> list[Diagnostic]:
    """Lint ``source`` with ``rules`` only; assert that the findings are exactly ``problems``
    (each problem matches one finding, no finding is left over).  Returns the findings."""
    select = (rules,) if isinstance(rules, str) else tuple(rules)
    found = lint_text(source, path, settings or Settings(year=year, select=select))
    left = list(found)
    for p in problems:
        hit = next((d for d in left if p.matches(d, source)), None)
        assert hit is not None, f"{p} not found in {_show(found, source)}"
        left.remove(hit)
    assert not left, f"unexpected findings: {_show(left, source)}"
    return found


def _show(diags: Sequence[Diagnostic], source: str) -> list[str]:
    return [f"{d.code} {d.line}:{d.column} {source[d.start:d.end]!r} {d.message}" for d in diags]

"""fzlint — a linter for Chinese government annual reports on rule-of-law government construction."""

from __future__ import annotations

from .version import __version__

__all__ = ["__version__", "lint_text"]


def __getattr__(name: str):  # lazy: keep `import fzlint` cheap for the CLI
    if name == "lint_text":
        from .engine import lint_text

        return lint_text
    raise AttributeError(name)

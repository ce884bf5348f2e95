"""User-facing errors: each renders as one clear line and maps to exit code 2."""

from __future__ import annotations


class FzlintError(Exception):
    """An error the user can act on. ``str(err)`` is the whole one-line message."""

    def __init__(self, where: str | None, problem: str) -> None:
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}" if where else problem)


class InputError(FzlintError):
    """A file that cannot be read as a report (missing, binary, undecodable…)."""


class PackError(FzlintError):
    """A rule pack that does not load or validate."""


class ConfigError(FzlintError):
    """A configuration file or command-line value that is wrong."""


class WriteError(FzlintError):
    """A fix that could not be written back (read-only file…)."""

"""The registry of check types.  Adding a check type = one module + one entry here."""

from __future__ import annotations

from types import ModuleType

from . import (
    copy,
    pattern,
)

CHECKS: dict[str, ModuleType] = {
    m.NAME: m
    for m in (
        copy,
        pattern,
    )
}

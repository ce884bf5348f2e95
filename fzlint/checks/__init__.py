"""The registry of check types.  Adding a check type = one module + one entry here."""

from __future__ import annotations

from types import ModuleType

from . import (
    dates,
    pattern,
    stale_terms,
    years,
)

CHECKS: dict[str, ModuleType] = {
    m.NAME: m
    for m in (
        dates,
        pattern,
        stale_terms,
        years,
    )
}

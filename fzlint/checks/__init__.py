"""The registry of check types.  Adding a check type = one module + one entry here."""

from __future__ import annotations

from types import ModuleType

from . import (
    charmap,
    near_miss,
    pairs,
    pattern,
    spaces,
    substitution,
    titles,
)

CHECKS: dict[str, ModuleType] = {
    m.NAME: m
    for m in (
        charmap,
        near_miss,
        pairs,
        pattern,
        spaces,
        substitution,
        titles,
    )
}

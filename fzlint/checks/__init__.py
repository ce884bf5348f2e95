"""The registry of check types.  Adding a check type = one module + one name here.

Each module in :data:`MODULES` defines ``NAME`` (the ``check:`` value in packs),
``FIELDS``, ``PLACEHOLDERS``, ``validate``, ``prepare`` and ``check``; see
:mod:`fzlint.checks.base`.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType

MODULES = (
    "approximation",
    "breakdown",
    "causes",
    "charmap",
    "closing_block",
    "copy",
    "homophone",
    "dates",
    "figures",
    "heading_marker",
    "modal_share",
    "near_miss",
    "numbering",
    "pairs",
    "pattern",
    "rate",
    "repeated",
    "report_title",
    "required_parts",
    "restated",
    "spaces",
    "stale_terms",
    "subset",
    "substitution",
    "titles",
    "topics",
    "years",
)

CHECKS: dict[str, ModuleType] = {m.NAME: m for m in (import_module(f"{__name__}.{n}") for n in MODULES)}

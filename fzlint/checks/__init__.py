"""The registry of check types.  Adding a check type = one module + one entry here."""

from __future__ import annotations

from types import ModuleType

from . import (
    approximation,
    breakdown,
    causes,
    closing_block,
    dates,
    heading_marker,
    modal_share,
    numbering,
    pattern,
    rate,
    report_title,
    required_parts,
    restated,
    stale_terms,
    subset,
    topics,
    years,
)

CHECKS: dict[str, ModuleType] = {
    m.NAME: m
    for m in (
        approximation,
        breakdown,
        causes,
        closing_block,
        dates,
        heading_marker,
        modal_share,
        numbering,
        pattern,
        rate,
        report_title,
        required_parts,
        restated,
        stale_terms,
        subset,
        topics,
        years,
    )
}

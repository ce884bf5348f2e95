"""The registry of check types.  Adding a check type = one module + one entry here."""

from __future__ import annotations

from types import ModuleType

from . import (
    approximation,
    breakdown,
    causes,
    charmap,
    closing_block,
    copy,
    dates,
    heading_marker,
    modal_share,
    near_miss,
    numbering,
    pairs,
    pattern,
    rate,
    report_title,
    required_parts,
    restated,
    spaces,
    stale_terms,
    subset,
    substitution,
    titles,
    topics,
    years,
)

CHECKS: dict[str, ModuleType] = {
    m.NAME: m
    for m in (
        approximation,
        breakdown,
        causes,
        charmap,
        closing_block,
        copy,
        dates,
        heading_marker,
        modal_share,
        near_miss,
        numbering,
        pairs,
        pattern,
        rate,
        report_title,
        required_parts,
        restated,
        spaces,
        stale_terms,
        subset,
        substitution,
        titles,
        topics,
        years,
    )
}

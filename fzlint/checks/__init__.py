"""The registry of check types: a literal list of imports, checked by mypy.

Adding a check type = one module defining ``CHECK`` (a :class:`~fzlint.checks.contract.Check`)
plus one import and one entry here.  See :mod:`fzlint.checks.contract` for the contract
and :mod:`fzlint.checks.base` for the helpers checks share.
"""

from __future__ import annotations

from typing import Any

from . import (
    approximation,
    bare_titles,
    breakdown,
    calendar_dates,
    causes,
    charmap,
    closing_block,
    copy,
    dates,
    duplicate_paragraphs,
    figures,
    genre,
    heading_marker,
    homophone,
    modal_share,
    near_miss,
    numbering,
    ordinals,
    pairs,
    pattern,
    rate,
    repeated,
    report_title,
    required_parts,
    restated,
    sequence,
    spaces,
    stale_terms,
    subset,
    substitution,
    titles,
    topics,
    years,
)
from .contract import Check

CHECKS: dict[str, Check[Any, Any]] = {
    c.name: c
    for c in (
        approximation.CHECK,
        bare_titles.CHECK,
        breakdown.CHECK,
        calendar_dates.CHECK,
        causes.CHECK,
        charmap.CHECK,
        closing_block.CHECK,
        copy.CHECK,
        dates.CHECK,
        duplicate_paragraphs.CHECK,
        figures.CHECK,
        genre.CHECK,
        homophone.CHECK,
        heading_marker.CHECK,
        modal_share.CHECK,
        near_miss.CHECK,
        numbering.CHECK,
        ordinals.CHECK,
        pairs.CHECK,
        pattern.CHECK,
        rate.CHECK,
        repeated.CHECK,
        report_title.CHECK,
        required_parts.CHECK,
        restated.CHECK,
        sequence.CHECK,
        spaces.CHECK,
        stale_terms.CHECK,
        subset.CHECK,
        substitution.CHECK,
        titles.CHECK,
        topics.CHECK,
        years.CHECK,
    )
}

"""The cyclic garbage collector, paused while one document is parsed or linted.

A parse and a lint build objects that live until the lint ends (lines, headings,
sentences, quantities, findings), hundreds of thousands of them in a large report.  With
the collector running, every growth of that heap by a quarter starts a full collection
that walks every live object again: on 1 MB of headings 7 full collections took 2.2 of
6.5 s, and their number and their cost per object (a heap larger than the processor's
cache) both grew with the input (2, 4, 7 collections at 0.25, 0.5, 1 MB), which made the
lint time grow by up to 2.5× per doubling although its instructions doubled.

Paused, nothing is collected during the call but reference counting still frees what is
not in a cycle; the cycles a parse or a lint leaves (a heading and its parent) are
collected after it, by the collector's next young-generation pass.  Peak memory stayed
the same on the shapes of ``bench/shapes.py`` and on a 10 MB report.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No automatic collection inside the block (usable as a decorator: ``@paused()``).

    When the collector is already off (an outer ``paused()``, or start-up, which switches
    it off until everything is loaded: ``fzlint.cli.gc_ready``) the block leaves it off:
    whoever switched it off switches it on again."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()

"""Tables of figures whose header says which column is the total and which are its parts.

A statistics table in a report is usually laid out as::

    项目     | 合计（件） | 其中：来信 | 来访 | 网上信访 | 备注
    信访事项 | 335        | 269        | 57   | 4        |

Read cell by cell ("信访事项，335，269，57，4") no number check can tell that 335 is the
total of the three figures after it.  The header says so; :class:`Breakdown` reads it, and
the Word and Markdown readers write each row as the sentence a drafter would have typed —
``信访事项合计335件，其中来信269件、来访57件、网上信访4件`` — where the labels (and a unit
given in the header) are text fzlint adds and the figures stay where they are in the file.
The total is glued to the row's label, so that the parts of different rows (其中来信 of
信访事项 and of 办结) are not taken for one figure stated twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNIT = r"(?:\s*[（(]\s*(?P<unit>[^）()（]{1,4}?)\s*[）)])?"
_TOTAL_HEAD = re.compile(rf"^(?:合计|总计|共计|总数|总量|小计){_UNIT}$")
_PART_HEAD = re.compile(rf"^(?P<first>其中\s*[：:]?)?\s*(?P<label>[^（()（：:，,。]{{1,12}}?){_UNIT}$")
_NOT_PART = re.compile(r"备注|说明|率|比|%|％|同比|增长|排名|序号")
_VALUE = re.compile(r"^[0-9]+(?:\.[0-9]+)?(?P<unit>[^\s0-9.%％]{0,3})$")


@dataclass(frozen=True)
class Breakdown:
    """Which columns of a table hold a total and its parts (0-based, as in the header)."""

    total: int  # column of the total
    unit: str | None  # from "合计（件）"
    parts: tuple[tuple[int, str, str | None], ...]  # (column, label, unit), at least two

    @classmethod
    def of(cls, header: list[str]) -> Breakdown | None:
        """The plan a header row announces: a 合计 column followed by a 其中… column and at
        least one more part column (not 备注, not a rate); None for any other header."""
        for j, head in enumerate(header):
            m = _TOTAL_HEAD.match(head)
            if not m:
                continue
            parts: list[tuple[int, str, str | None]] = []
            for k in range(j + 1, len(header)):
                p = _PART_HEAD.match(header[k])
                if p is None or _NOT_PART.search(header[k]) or (not parts and not p.group("first")):
                    break
                parts.append((k, p.group("label"), p.group("unit")))
            return cls(j, m.group("unit"), tuple(parts)) if len(parts) >= 2 else None
        return None

    def items(self, texts: list[str]) -> list[tuple[str, bool, int, str]] | None:
        """For a row whose cells read ``texts``: (label to add before the figure, glued to
        what precedes it?, column of the figure, unit to add after it) for the total and each
        part; None when a cell is not a bare figure (the row is then read cell by cell)."""
        columns = [(self.total, "合计", self.unit), *self.parts]
        if len(texts) <= columns[-1][0]:
            return None
        out = []
        for n, (column, label, unit) in enumerate(columns):
            value = _VALUE.match(texts[column].strip())
            if value is None:
                return None
            lead = label if n == 0 else ("其中" + label if n == 1 else "、" + label)
            add = "" if value.group("unit") else (unit or self.unit or "")
            out.append((lead, n != 1, column, add))
        return out

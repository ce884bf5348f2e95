"""Parsing: report text → a finished, frozen :class:`~fzlint.parse.document.Document`.

- :mod:`~fzlint.parse.document`: the Document (lines, heading tree, title, year, signature,
  offsets ↔ line/column) and :func:`~fzlint.parse.document.parse`;
- :mod:`~fzlint.parse.parts`: sections mapped to the required parts (pack data).
"""

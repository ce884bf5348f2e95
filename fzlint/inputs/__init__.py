"""Reading inputs: a file or buffer → report text, where each character is for the user, and
the heading levels its markup declares.

- :mod:`~fzlint.inputs.source`: bytes ↔ text (encoding, BOM, line endings), atomic writes;
- :mod:`~fzlint.inputs.readers`: the one place formats are dispatched (suffix → reader) →
  :class:`~fzlint.inputs.readers.Loaded`;
- :mod:`~fzlint.inputs.textmap`: :class:`~fzlint.inputs.textmap.TextMap`, Document offsets ↔
  the file's own positions, and edits mapped back;
- :mod:`~fzlint.inputs.markup`: :class:`~fzlint.inputs.markup.Rendered` and markup heading
  levels → heading hints;
- one module per format other than plain text: :mod:`~fzlint.inputs.word` (.docx),
  :mod:`~fzlint.inputs.markdown` (.md), :mod:`~fzlint.inputs.wrapped` (hard-wrapped .txt),
  with :mod:`~fzlint.inputs.tables` (total-and-parts table rows).
"""

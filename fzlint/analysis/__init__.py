"""Analyses of report text that checks share and that know nothing of rules or outputs.

- :mod:`~fzlint.analysis.numbers`: sentences, quantities with units and number words
  (vocabulary in ``rules/numbers.yaml``), for the FZ2 checks;
- :mod:`~fzlint.analysis.segment`: the one lazy rjieba/jieba word segmenter;
- :mod:`~fzlint.analysis.simindex`: candidate pairs of near-duplicate paragraphs (MinHash
  sketches, banded LSH) for copy detection.
"""

"""Rule packs and configuration: what to check and how, as data.

- :mod:`~fzlint.packs.schema`: typed-field validation with YAML line numbers (packs and config);
- :mod:`~fzlint.packs.loader`: load and validate rule packs (built-in ``rules/*.yaml`` and
  user packs) into a :class:`~fzlint.packs.loader.RuleSet`, kept in the user cache;
- :mod:`~fzlint.packs.config`: find the closest config, ``extend``, CLI overrides →
  :class:`~fzlint.packs.config.Settings`; rule selection.
"""

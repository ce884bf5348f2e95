"""fzlint's version: a module of its own, importing nothing, so that every layer (the
outputs, the cache's code stamp, the CLI and the language server) may import it without
importing the package's lazy public API (:func:`fzlint.lint_text`, which loads the engine)."""

__version__ = "0.1.0"

"""``fzlint serve``: a local web page and JSON API over the same lint function as the CLI.

* :mod:`.app` — the Starlette application (routes, worker pool, admission control, headers);
* :mod:`.jobs` — the CPU work, run in worker processes (check, fix, annotate, review page);
* :mod:`.upload` — multipart uploads read into memory within a size limit;
* :mod:`.main` — binding the socket, printing the address, running uvicorn;
* ``static/`` — the page (HTML, one script, one style sheet; nothing from the network).
"""

from .app import ServeConfig, create_app

__all__ = ["ServeConfig", "create_app"]

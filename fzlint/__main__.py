"""``python -m fzlint`` and the ``fzlint`` command (both start here)."""

import gc


def run() -> None:
    # Start-up creates many long-lived objects (modules, dataclasses, the rule set) and the
    # collector would walk them again and again; it is switched back on, with those objects
    # frozen out of its way, once everything is loaded (fzlint.cli.gc_ready).
    gc.disable()
    from .cli import main

    main()


if __name__ == "__main__":
    run()

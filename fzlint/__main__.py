"""``python -m fzlint`` and the ``fzlint`` command (both start here)."""

import gc
import sys


def run() -> None:
    # Start-up creates many long-lived objects (modules, dataclasses, the rule set) and the
    # collector would walk them again and again; it is switched back on, with those objects
    # frozen out of its way, once everything is loaded (fzlint.cli.gc_ready).
    gc.disable()
    from .infra import classcode

    classcode.install()  # the compiled dataclass methods from the user cache (most of start-up)
    try:
        from .cli import start

        start()
    except KeyboardInterrupt:  # Ctrl-C while the modules load, before the command line handles it
        sys.stderr.write("fzlint: 已中断\n")
        _exit_now(SystemExit(130))
        raise SystemExit(130) from None
    except SystemExit as e:
        _exit_now(e)
        raise


def _exit_now(e: SystemExit) -> None:
    """End the process without tearing down every module and object one by one (a few
    ms of a short run), when nothing else needs the interpreter: only the main thread is
    left, the exit handlers have run and the output is flushed.  Otherwise return, and the
    interpreter exits as usual."""
    import atexit
    import os
    import sys
    import threading

    code = e.code
    # 130: interrupted (Ctrl-C); whatever threads are left (a process pool's) must not keep
    # the process alive.
    if not (code is None or isinstance(code, int)) or (threading.active_count() != 1 and code != 130):
        return
    try:
        atexit._run_exitfuncs()
        sys.stdout.flush()
        sys.stderr.flush()
    except Exception:  # e.g. a closed pipe: let the interpreter report it as usual
        return
    os._exit(code or 0)


if __name__ == "__main__":
    run()

"""``fzlint annotate`` on files: inputs, output names and folders, atomic writes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from . import annotate, is_output_name, output_name


@dataclass(frozen=True)
class Outcome:
    """One input of ``fzlint annotate``: where its copy went, or the one-line error."""

    shown: str
    output: str | None = None
    comments: int = 0
    changes: int = 0
    error: str | None = None
    internal_errors: tuple[str, ...] = ()  # rules that crashed on this report


def annotate_paths(paths: Sequence[str], output: str | None, overrides: Any,
                   track_changes: bool = False) -> list[Outcome]:
    """Annotate each report (directories are walked as by ``check``; annotated copies in
    them are skipped).  ``output``: the file to write for one report, or a folder for
    several (a folder is also meant when it exists or ends with a path separator).  The
    input is never written; an output equal to it is refused.  No printing here."""
    import os

    from ..inputs.source import display_path, read_bytes
    from ..packs.config import resolve
    from ..runner import Target, collect

    items = collect(list(paths), overrides)
    targets = [t for t in items if not isinstance(t, Target) or t.explicit or not is_output_name(t.path.name)]
    folder: Path | None = None
    if output is not None:
        out = Path(output)
        several = len(targets) > 1 or any(Path(p).is_dir() for p in paths)
        if several or out.is_dir() or output.endswith(("/", os.sep)):
            folder = out
    outcomes: list[Outcome] = []
    written: set[str] = set()
    for t in targets:
        if not isinstance(t, Target):  # a directory without reports, one that cannot be listed
            outcomes.append(Outcome(t.path, error=t.error))
            continue
        if folder is not None:
            dest = folder / output_name(t.path.name)
        elif output is not None:
            dest = Path(output)
        else:
            dest = t.path.with_name(output_name(t.path.name))
        shown_dest = display_path(dest)
        try:
            if _same_file(dest, t.path):
                raise InputError(t.shown, f"输出文件 {shown_dest} 就是输入文件本身；原文件不会被改写，请另选输出文件名")
            key = os.path.realpath(dest)
            if key in written:
                raise InputError(t.shown, f"输出文件 {shown_dest} 与另一份报告的输出同名，未写入")
            data = read_bytes(t.path)
            settings = resolve(t.path, overrides)
            result = annotate(data, t.shown, settings=settings, track_changes=track_changes, rules_path=str(t.path))
            if folder is not None:
                try:
                    folder.mkdir(parents=True, exist_ok=True)
                except OSError as e:
                    raise InputError(display_path(folder), f"无法创建输出文件夹（{e.strerror or e}）") from None
            write_bytes_atomic(dest, result.data)
            written.add(key)
            outcomes.append(Outcome(t.shown, shown_dest, result.comments, result.changes,
                                    internal_errors=result.internal_errors))
        except InputError as e:
            outcomes.append(Outcome(t.shown, error=str(e)))
        except Exception as e:  # a crash on one report must not hide the others
            from ..errors import FzlintError

            msg = str(e) if isinstance(e, FzlintError) else f"{t.shown}: 无法生成批注文件（内部错误 {type(e).__name__}）"
            outcomes.append(Outcome(t.shown, error=msg))
    return outcomes


def _same_file(a: Path, b: Path) -> bool:
    import os

    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and one rename
    (:func:`fzlint.inputs.source.replace_atomic`, as ``--fix`` writes): an existing file is
    replaced whole or not at all; a new one gets the usual mode (0666 less the umask).
    Raises WriteError."""
    import os

    from ..inputs.source import display_path, replace_atomic

    umask = os.umask(0)
    os.umask(umask)
    replace_atomic(os.path.realpath(path), data, 0o666 & ~umask, display_path(path),
                   cannot_start="无法写入输出文件（{error}）", failed="写入失败（{error}），未生成输出文件")

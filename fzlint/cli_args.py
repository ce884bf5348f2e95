"""fzlint's command line grammar (:mod:`fzlint.cli`): options and arguments declared as data,
parsed with the standard library's argparse, help and usage errors written in Chinese.

Only the parser of the command that runs is built (argparse's ``add_argument`` is not free,
and ``fzlint check`` is a short-lived process).  argparse reads the options; everything it
would say itself is said here instead, so no English from argparse reaches the user:

* values are converted and checked after parsing (choices, integer and number ranges), with
  Chinese messages naming the option as the user can type it;
* an unknown option (with a "是不是要用…" suggestion among the long options, as click gave),
  a missing or surplus argument, an option without its value or a flag given one are
  :class:`UsageError`: the usage line, where to find help, then ``错误：…``, exit code 2;
* the help is drawn here in click's layout (用法/选项/命令, wrapped to the terminal).

Prefix abbreviations of long options are refused (``--form`` is not ``--format``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TextIO

PROG = "fzlint"
HELP_NAMES = ("-h", "--help")
HELP_HELP = "显示本帮助并退出。"


class Opt:
    """An option: its names (short first), where its value goes, its help, and what a value
    must be.  ``kind`` is ``text``, ``path``, ``int``, ``float``, ``choice`` or ``flag``;
    ``multiple`` options may be repeated and are collected, in order, as a tuple."""

    __slots__ = ("choices", "default", "dest", "help", "kind", "max", "min", "multiple", "names", "show_default")

    def __init__(self, *names: str, help: str, dest: str | None = None, kind: str = "text",
                 choices: Sequence[str] = (), default: Any = None, show_default: bool = False,
                 min: float | None = None, max: float | None = None, multiple: bool = False) -> None:
        self.names = names
        self.dest = dest or names[-1].lstrip("-").replace("-", "_")
        self.help = help
        self.kind = "choice" if choices else kind
        self.choices = tuple(choices)
        self.default = default
        self.show_default = show_default
        self.min = min
        self.max = max
        self.multiple = multiple

    @property
    def flag(self) -> bool:
        return self.kind == "flag"

    def hint(self) -> str:
        """How an error names it, as click did: ``'-f' / '--format'``."""
        return " / ".join(repr(n) for n in self.names)

    def metavar(self) -> str:
        if self.kind == "choice":
            return "[" + "|".join(self.choices) + "]"
        ranged = " RANGE" if self.min is not None or self.max is not None else ""
        return {"int": "INTEGER", "float": "FLOAT"}.get(self.kind, self.kind.upper()) + ranged

    def convert(self, value: str) -> Any:
        """The value as the command receives it, or a UsageError's message."""
        if self.kind == "choice":
            if value not in self.choices:
                choices = ", ".join(repr(c) for c in self.choices)
                raise _BadValue(f"{value!r} 不是以下之一：{choices}。")
            return value
        if self.kind not in ("int", "float"):
            return value
        try:
            number: float = int(value) if self.kind == "int" else float(value)
        except ValueError:
            raise _BadValue(f"{value!r} 不是有效的{'整数' if self.kind == 'int' else '数'}。") from None
        if (self.min is not None and number < self.min) or (self.max is not None and number > self.max):
            raise _BadValue(f"{number} 不在范围 {self.range()} 内。")
        return number

    def range(self) -> str:
        if self.min is not None and self.max is not None:
            return f"{self.min}<=x<={self.max}"
        return f"x>={self.min}" if self.min is not None else f"x<={self.max}"


class Arg:
    """A positional argument: ``nargs`` is ``1`` (required), ``*`` (any number) or ``+`` (at least one)."""

    __slots__ = ("dest", "nargs")

    def __init__(self, dest: str, nargs: str = "1") -> None:
        self.dest = dest
        self.nargs = nargs

    def usage(self) -> str:
        name = self.dest.upper()
        return {"1": name, "*": f"[{name}]...", "+": f"{name}..."}[self.nargs]


class Command:
    """A command: its name, the function that runs it (called with one keyword per
    parameter), its help (the function's docstring) and its parameters."""

    def __init__(self, name: str, func: Callable[..., Any], params: Sequence[Opt | Arg]) -> None:
        self.name = name
        self.func = func
        self.help = (func.__doc__ or "").strip()
        self.arg = next((p for p in params if isinstance(p, Arg)), None)
        self.options = [p for p in params if isinstance(p, Opt)]

    def usage(self) -> str:
        return f"用法： {PROG} {self.name} [选项]" + (f" {self.arg.usage()}" if self.arg else "")

    def help_text(self) -> str:
        rows = [(", ".join(o.names) + ("" if o.flag else " " + o.metavar()), _option_help(o)) for o in self.options]
        rows.append((", ".join(HELP_NAMES), HELP_HELP))
        return _help_page(self.usage(), self.help, [("选项", rows)])

    def parse(self, args: Sequence[str]) -> dict[str, Any]:
        """The keyword arguments of :attr:`func` for ``args``; help is written and the
        process ends (SystemExit 0) if asked for, a UsageError raised for a mistake."""
        head, tail = _split_at_dashdash(args)
        parser = _Parser(self)
        try:
            namespace, extras = parser.parse_known_args(head)
        except argparse.ArgumentError as e:
            raise UsageError(self._argument_error(e, head), self) from None
        unknown = next((item for item in extras if item.startswith("-") and item != "-"), None)
        if unknown is not None:
            raise UsageError(_no_such_option(self._unknown(unknown), self._long_names()), self)
        if namespace.help:  # before the values and arguments are checked, as click did
            _write(sys.stdout, self.help_text())
            raise SystemExit(0)
        positional = extras + tail
        values: dict[str, Any] = {}
        if self.arg is not None:
            if not positional and self.arg.nargs != "*":
                raise UsageError(f"缺少参数 {self.arg.usage().strip('[]')!r}。", self)
            if self.arg.nargs == "1":
                values[self.arg.dest] = positional.pop(0)
            else:
                values[self.arg.dest], positional = tuple(positional), []
        if positional:
            raise UsageError(f"多余的参数（{' '.join(positional)}）", self)
        for o in self.options:
            given = getattr(namespace, o.dest)
            try:
                if o.flag:
                    values[o.dest] = bool(given)
                elif o.multiple:
                    values[o.dest] = tuple(o.convert(v) for v in given or ())
                else:
                    values[o.dest] = o.convert(given) if given is not None else \
                        float(o.default) if o.kind == "float" and o.default is not None else o.default
            except _BadValue as e:
                raise UsageError(f"{o.hint()} 的值无效：{e}", self) from None
        return values

    def _unknown(self, item: str) -> str:
        """The unknown option in ``item``: a long one without its ``=value``; in a cluster of
        short ones (``-qx``) the first letter that is not a flag, as click named it."""
        if item.startswith("--"):
            return item.split("=", 1)[0]
        short = {n: o for o in self.options for n in o.names if not n.startswith("--")}
        for c in item[1:]:
            o = short.get(f"-{c}")
            if o is None:
                return f"-{c}"
            if not o.flag:  # the rest of the cluster is its value
                break
        return item

    def _long_names(self) -> list[str]:
        return [n for o in self.options for n in o.names if n.startswith("--")] + ["--help"]

    def _argument_error(self, e: argparse.ArgumentError, args: Sequence[str]) -> str:
        """argparse's two complaints about an option (no value given; a value given to a
        flag), in Chinese and naming the option as it was typed."""
        option = next((o for o in self.options if "/".join(o.names) == e.argument_name), None)
        if option is None:  # not one of ours: nothing else is expected from argparse
            return str(e)
        if not option.flag:
            typed = next((a for i, a in enumerate(args) if a in option.names
                          and (i + 1 == len(args) or args[i + 1].startswith("-"))), option.names[-1])
            return f"选项 {typed!r} 需要一个值。"
        for a in args:
            name = a.split("=", 1)[0]
            if name in option.names:  # --exit-zero=1
                return f"选项 {name!r} 不带值。"
            if not a.startswith("--") and a[:2] in option.names:  # a cluster -qx: -x is what is wrong
                return _no_such_option(self._unknown(a), [])
        return f"选项 {option.names[-1]!r} 不带值。"


class UsageError(Exception):
    """A mistake on the command line: shown with the usage line of ``command`` (the group's
    when ``None``) and where to find help; the process ends with exit code 2."""

    exit_code = 2

    def __init__(self, message: str, command: Command | None = None) -> None:
        super().__init__(message)
        self.command = command

    def show(self) -> None:
        usage = self.command.usage() if self.command else GROUP_USAGE
        path = f"{PROG} {self.command.name}" if self.command else PROG
        _write(sys.stderr, f"{usage}\n运行“{path} --help”查看帮助。\n\n错误：{self}")


class _BadValue(Exception):
    pass


def _write(stream: TextIO | None, text: str) -> None:
    """A line to stdout or stderr, none if the stream was closed when fzlint started."""
    if stream is not None:
        stream.write(text + "\n")


class _Parser(argparse.ArgumentParser):
    """argparse for one command: no help action (the help is drawn here), no prefix
    abbreviations, no exit on error (each error becomes a UsageError), and no positional
    arguments (they are among the extras, in order, next to unknown options)."""

    def __init__(self, command: Command) -> None:
        # argparse looks up the translations of its group titles, never shown here: gettext
        # would import locale and probe the disk for catalogues (~5 M instructions, a tenth
        # of what the command line costs a cold run).  The titles stay argparse's English.
        lookup = vars(argparse).get("_")
        if lookup is not None:
            argparse._ = str  # type: ignore[attr-defined]
        try:
            super().__init__(prog=f"{PROG} {command.name}", add_help=False, allow_abbrev=False,
                             exit_on_error=False, formatter_class=_formatter)
        finally:
            if lookup is not None:
                argparse._ = lookup  # type: ignore[attr-defined]
        self.command = command
        self.add_argument(*HELP_NAMES, action="store_true", dest="help")
        for o in command.options:
            if o.flag:
                self.add_argument(*o.names, action="store_true", dest=o.dest)
            else:
                self.add_argument(*o.names, action="append" if o.multiple else "store", dest=o.dest)

    def error(self, message: str) -> NoReturn:  # what argparse would still say (none expected)
        raise UsageError(message, self.command)


def _formatter(prog: str) -> argparse.HelpFormatter:
    # argparse asks a formatter to check each option's metavar; a fixed width spares it the
    # terminal's size.  fzlint never prints argparse's help.
    return argparse.HelpFormatter(prog, width=80)


def _split_at_dashdash(args: Sequence[str]) -> tuple[list[str], list[str]]:
    """``--`` ends the options: what follows is positional (a path like ``-x.txt``).  As in
    argparse, ``--`` is never an option's value."""
    if "--" not in args:
        return list(args), []
    i = list(args).index("--")
    return list(args[:i]), list(args[i + 1:])


def _no_such_option(name: str, possibilities: list[str]) -> str:
    message = f"没有选项 {name!r}。"
    if name.startswith("--") and possibilities:
        from difflib import get_close_matches

        return message + _did_you_mean(get_close_matches(name, possibilities))
    return message


def _did_you_mean(matches: list[str]) -> str:
    if not matches:
        return ""
    listed = ", ".join(repr(m) for m in sorted(matches))
    return f" 是不是要用 {listed}？" if len(matches) == 1 else f" （是不是要用其中之一：{listed}？）"


# ---- the group: fzlint [选项] 命令 [参数]... --------------------------------------------------
GROUP_USAGE = f"用法： {PROG} [选项] 命令 [参数]..."
GROUP_OPTIONS = [("--version", "显示版本号并退出。"), (", ".join(HELP_NAMES), HELP_HELP)]


def select_command(args: Sequence[str], commands: dict[str, Command], about: str,
                   version: str) -> tuple[Command, list[str]]:
    """The command named in ``args`` and its own arguments.  Before it only the group's
    options may come: ``-h``/``--help`` (the help, exit 0), ``--version`` (``fzlint, version
    X``, exit 0).  Without a command the help goes to stderr, exit 2."""
    for i, a in enumerate(args):
        if a in HELP_NAMES:
            _write(sys.stdout, group_help(commands, about))
            raise SystemExit(0)
        if a == "--version":
            _write(sys.stdout, f"{PROG}, version {version}")
            raise SystemExit(0)
        if a == "--" and i == args.index(a):  # the group's options end here
            continue
        if a.startswith("-") and a != "-":
            raise UsageError(_no_such_option(a.split("=", 1)[0], ["--version", "--help"]))
        if a not in commands:
            from difflib import get_close_matches

            raise UsageError(f"没有命令 {a!r}。" + _did_you_mean(get_close_matches(a, list(commands))))
        return commands[a], list(args[i + 1:])
    _write(sys.stderr, group_help(commands, about))
    raise SystemExit(2)


def group_help(commands: dict[str, Command], about: str) -> str:
    rows = [(name, commands[name].help) for name in sorted(commands)]
    return _help_page(GROUP_USAGE, about, [("选项", GROUP_OPTIONS), ("命令", rows)])


# ---- help pages in click's layout ---------------------------------------------------------------
def _option_help(o: Opt) -> str:
    extra = []
    if o.show_default and o.default is not None:
        extra.append(f"默认：{o.default}")
    if o.min is not None or o.max is not None:
        extra.append(o.range())
    return f"{o.help}  [{'; '.join(extra)}]" if extra else o.help


def _help_page(usage: str, about: str, sections: list[tuple[str, list[tuple[str, str]]]]) -> str:
    """The usage line, the text indented by two, then each section: a heading and a table of
    two columns (the first at most 30 wide; a longer entry puts its text on the next line),
    wrapped to the terminal's width (at most 78)."""
    import shutil
    import textwrap

    width = max(min(shutil.get_terminal_size().columns, 80) - 2, 50)
    lines = [usage, "", textwrap.fill(about, width, initial_indent="  ", subsequent_indent="  ",
                                      replace_whitespace=False)]
    for heading, rows in sections:
        lines += ["", f"{heading}:"]
        first = min(max(len(name) for name, _ in rows), 30) + 2
        pad = " " * (first + 2)
        for name, text in rows:
            wrapped = textwrap.wrap(text, max(width - first - 2, 10), replace_whitespace=False) or [""]
            if len(name) <= first - 2:
                lines.append(f"  {name}{' ' * (first - len(name))}{wrapped[0]}")
            else:
                lines += [f"  {name}", pad + wrapped[0]]
            lines += [pad + w for w in wrapped[1:]]
    return "\n".join(lines)

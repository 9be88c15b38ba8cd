"""``--help`` in the run's language: the English of the code (each option's ``help=``, each
command's docstring) looked up in the catalogue as the help is shown, and laid out by the
width a character takes on the screen (a Chinese one takes two columns).

The English stays where it is written; :func:`pieces` cuts a help text into the messages
the catalogue keeps (a paragraph each, and in a paragraph kept as written, ``\\b``, each
line that is not indented: an example's heading, not its command), and
:mod:`.cli_help_extract` hands the same messages to Babel.
"""

from __future__ import annotations

import copy
import inspect
import re
import unicodedata
from collections.abc import Iterable

import click

from . import i18n
from .i18n import _

_KEPT = "\b"  # click's mark of a paragraph it shows as written
_PARAGRAPHS = re.compile(r"\n[ \t]*\n")
#: Never at the start of a line (closing punctuation), never at its end (opening).
_NO_START = frozenset("，。、；：？！）》」』”’…")
_NO_END = frozenset("（《「『“‘")


def _paragraphs(text: str) -> list[list[str]]:
    """The paragraphs of a help text as click shows them: indentation common to its lines
    removed, nothing after a form feed (click's end of the help)."""
    cleaned = inspect.cleandoc(text).partition("\f")[0]
    return [part.split("\n") for part in _PARAGRAPHS.split(cleaned) if part.strip()]


def _units(lines: list[str]) -> list[tuple[str, bool]]:
    """A paragraph as (text, whether it is words to translate): a paragraph as one line; a
    paragraph kept as written line by line, its indented lines (commands) as they are."""
    if lines[0].strip() != _KEPT:
        return [(_message(" ".join(line.strip() for line in lines)), True)]
    units = [(_KEPT, False)]
    for line in lines[1:]:
        words = bool(line.strip()) and not line[:1].isspace()
        units.append((_message(line) if words else line, words))
    return units


def _message(words: str) -> str:
    """Words of a help as the catalogue keeps them: a per cent sign doubled (%%), as in a
    Python format string, so that "10% grows" is not read as a placeholder (% g)."""
    return words.replace("%", "%%")


def pieces(text: str) -> list[str]:
    """The messages of a help text that the catalogue keeps, in order."""
    return [unit for lines in _paragraphs(text) for unit, words in _units(lines) if words]


def in_language(text: str) -> str:
    """A help text in the run's language, its paragraphs as written."""
    return "\n\n".join("\n".join(_(unit).replace("%%", "%") if words else unit
                                   for unit, words in _units(lines))
                       for lines in _paragraphs(text))


def _help_words() -> tuple[str, ...]:
    """Click's own words of a help that Appraise shows, marked for the catalogue."""
    return (_("default: {default}"), _("required"))


def width(text: str) -> int:
    """The columns ``text`` takes on a screen: two for a wide (Chinese) character."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _tokens(text: str) -> list[str]:
    """Where a line may break: around a space, and between two wide characters, but never
    before closing punctuation or after an opening one; a run of narrow characters (a
    word, an option, a file's name) stays whole."""
    runs: list[str] = []
    for char in text:
        if runs and ((char.isspace() and runs[-1][-1].isspace())
                     or (_narrow(char) and _narrow(runs[-1][-1]))):
            runs[-1] += char
        else:
            runs.append(char)
    tokens: list[str] = []
    for run in runs:
        if tokens and ((run[0] in _NO_START and not tokens[-1][-1].isspace())
                       or tokens[-1][-1] in _NO_END):
            tokens[-1] += run
        else:
            tokens.append(run)
    return tokens


def _narrow(char: str) -> bool:
    return not char.isspace() and width(char) == 1 and char not in _NO_START | _NO_END


def wrap(text: str, columns: int) -> list[str]:
    """``text`` in lines of at most ``columns`` columns (a longer word on a line of its own)."""
    lines: list[str] = []
    line = ""
    for token in _tokens(text):
        if token.isspace() and not line:
            continue
        if line and width(line + token) > columns and not token.isspace():
            lines.append(line.rstrip())
            line = token
        else:
            line += token
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _wrap_with_extras(text: str, columns: int) -> list[str]:
    """An option's help in lines, what click adds after it (``[默认：table]``) kept whole."""
    words, mark, extras = text.rpartition("  [")
    if not (mark and words and text.endswith("]")):
        return wrap(text, columns) or [""]
    lines = wrap(words, columns) or [""]
    if width(f"{lines[-1]}  [{extras}") <= columns:
        lines[-1] += f"  [{extras}"
    else:
        lines.append(f"[{extras}")
    return lines


class WideFormatter(click.HelpFormatter):
    """Click's layout of a help, each line as wide as the screen shows it."""

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        shown = []
        for lines in (part.split("\n") for part in _PARAGRAPHS.split(text) if part.strip()):
            if lines[0].strip() == _KEPT:
                shown.append("\n".join(indent + line for line in lines[1:]))
            else:
                words = " ".join(line.strip() for line in lines)
                shown.append("\n".join(indent + line for line in wrap(
                    words, max(self.width - len(indent), 10))))
        self.write("\n\n".join(shown) + "\n")

    def write_dl(self, rows: Iterable[tuple[str, str]], col_max: int = 30,
                 col_spacing: int = 2) -> None:
        rows = list(rows)
        first = min(max((width(term) for term, _help in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        for term, help_text in rows:
            self.write(indent + term)
            if not help_text:
                self.write("\n")
                continue
            if width(term) <= first - col_spacing:
                self.write(" " * (first - width(term)))
            else:
                self.write("\n" + " " * (first + self.current_indent))
            lines = _wrap_with_extras(help_text, max(self.width - first - 2, 10))
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(" " * (first + self.current_indent) + line + "\n")


def _in_language(command: click.Command, ctx: click.Context) -> click.Command:
    """A copy of ``command`` whose help, and its options', is in the run's language (the
    help option included, which click makes once in the language of the time)."""
    shown = copy.copy(command)
    shown.help = in_language(command.help) if command.help else command.help
    shown.epilog = in_language(command.epilog) if command.epilog else command.epilog
    shown.params = [_param_in_language(param) for param in command.get_params(ctx)]
    shown.add_help_option = False  # it is among the params already
    return shown


def _param_in_language(param: click.Parameter) -> click.Parameter:
    """An option's help in the run's language; its value's name (FILE, TEXT) as written,
    whatever the order of --lang and --help (:mod:`.cli_io` names a kind of path in the
    run's language for its messages, which would name the value too)."""
    if not isinstance(param, click.Option):
        return param
    shown = copy.copy(param)
    shown.help = in_language(param.help) if param.help else param.help
    kind = param.type
    if isinstance(kind, click.Path) and param.metavar is None:
        shown.metavar = "FILE" if kind.file_okay and not kind.dir_okay else \
            "DIRECTORY" if kind.dir_okay and not kind.file_okay else "PATH"
    return shown


def short_help(command: click.Command, columns: int) -> str:
    """A command's line in the list of commands, in the run's language: its first
    sentence, cut short (……) to fit."""
    if command.short_help:
        text = in_language(command.short_help)
    else:
        found = pieces(command.help or "")
        text = _(found[0]).replace("%%", "%").split("。")[0] if found else ""
    if width(text) <= columns:
        return text
    while text and width(text + "……") > columns:
        text = text[:-1]
    return text.rstrip("，、；：,;: ") + "……"


class HelpContext(click.Context):
    """A command's context whose help is in the run's language (English as click writes it)."""

    def make_formatter(self) -> click.HelpFormatter:
        if i18n.language() == "en":
            return super().make_formatter()
        return WideFormatter(width=self.terminal_width, max_width=self.max_content_width)

    def get_help(self) -> str:
        helping = self.command.get_help_option(self)
        if helping is not None:  # click words it once, in the language of the first run
            helping.help = _("Show this message and exit.")
        if i18n.language() == "en":
            return super().get_help()
        return _in_language(self.command, self).get_help(self)


class HelpGroup(click.Group):
    """The ``appraise`` group: the language known before anything is shown, wherever
    ``--lang`` is on the command line (``appraise score --help --lang zh``: click would
    show the help as it meets ``--help``), and every command's help in it."""

    context_class = HelpContext

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        if cmd.context_class is click.Context:
            cmd.context_class = HelpContext
        super().add_command(cmd, name)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        self._speak(ctx, args)
        return super().parse_args(ctx, args)

    def resolve_command(self, ctx: click.Context, args: list[str]
                        ) -> tuple[str | None, click.Command | None, list[str]]:
        if _language_in(args) is not None:  # the command's own --lang, after appraise's
            self._speak(ctx, args)
        return super().resolve_command(ctx, args)

    def _speak(self, ctx: click.Context, args: list[str]) -> None:
        """Speak the language ``args`` name, as ``appraise --lang`` would (else as the
        environment and the locale say)."""
        for param in self.params:
            if param.name == "lang" and param.callback is not None:
                param.callback(ctx, param, _language_in(args))

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if i18n.language() == "en":
            super().format_commands(ctx, formatter)
            return
        commands = [(name, command) for name in self.list_commands(ctx)
                    if (command := self.get_command(ctx, name)) is not None
                    and not command.hidden]
        if commands:
            columns = formatter.width - 6 - max(len(name) for name, _command in commands)
            with formatter.section(_("Commands")):
                formatter.write_dl([(name, short_help(command, columns))
                                    for name, command in commands])


def _language_in(args: list[str]) -> str | None:
    """The language a ``--lang`` names anywhere on the command line (the last, as click
    reads an option given twice), before any ``--``; None when none names one."""
    found = None
    for index, arg in enumerate(args):
        if arg == "--":
            break
        value = arg.partition("=")[2] if arg.startswith("--lang=") else \
            args[index + 1] if arg == "--lang" and index + 1 < len(args) else None
        found = value if value is not None else found
    return found if found in i18n.LANGUAGES else None

"""The command's inputs and outputs: ``-`` for standard input and output, and output files
written whole or not at all, never over an input, with nothing left behind when the run
is stopped.
"""

from __future__ import annotations

import codecs
import os
import re
import signal
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn, TypeVar

import click

from . import cli_term, i18n
from .i18n import _

Command = TypeVar("Command", bound=Callable[..., Any])

EXIT_INVALID = 1  # as the command's: an output that cannot be written
STDIO = "-"  # an input read from standard input, or an output written to standard output
STDIN = "<stdin>"  # what messages call standard input


MAX_SHOWN = 200  # problems printed; the rest are counted, so a broken file stays readable

LANG_HELP = ("The language of messages, headings and explanations: en (English) or zh (中文). "
             "When not given: the APPRAISE_LANG environment variable, then the scheme's "
             "language:, then the system's locale (LC_ALL, LC_MESSAGES, LANG).")
_LANG_KEY = "appraise.lang"  # where the root context keeps a --lang given before the command
_NAMED = re.compile(rb"^language:[ \t]*[\"']?(zh|en)[\"']?[ \t]*(?:#.*)?$", re.MULTILINE)


def headers_option(command: Command) -> Command:
    """``--headers ids|labels``: how the columns of a CSV or a workbook are headed."""
    return click.option(
        "--headers", type=click.Choice(["ids", "labels"]),
        help="With --format csv or xlsx: head the columns by their ids (points:revenue, "
        "grade: for programs; a CSV's default) or by their labels (the scheme's names of its "
        "indicators, the run's language for the rest: for people; a workbook's default)."
    )(command)


def labelled(headers: str | None, fmt: str) -> bool:
    """Whether the columns are headed by labels: as ``--headers`` says, else a workbook (for
    people) by labels and a CSV (for programs, and read back by them) by ids. ``--headers
    labels`` is refused for a format without column headings."""
    if headers == "labels" and fmt not in ("csv", "xlsx"):
        raise click.BadParameter(_("labels head the columns of a CSV or a workbook: add "
                                   "--format csv or --format xlsx, or leave --headers out"),
                                 param_hint="'--headers'")
    return headers == "labels" or (headers is None and fmt == "xlsx")


def write_what_the_screen_can_show() -> None:
    """A character the screen's encoding lacks (Chinese on a cp1252 console or pipe) is
    written as an escape (\\u5f20), not a traceback half-way through the output."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def _language_given(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    """``--lang``, before any other option is read (so that a usage error is in the
    language asked for): the run speaks it, else as the environment and locale say."""
    root = ctx.find_root()
    if value is not None:
        root.meta[_LANG_KEY] = value
    i18n.set_language(i18n.choose(root.meta.get(_LANG_KEY)))
    _click_speaks()
    for param in ctx.command.params:  # click names the kind of a path once, when made
        kind = param.type
        if isinstance(kind, click.Path):
            kind.name = _("file") if kind.file_okay and not kind.dir_okay else \
                _("directory") if kind.dir_okay and not kind.file_okay else _("path")


def _click_speaks() -> None:
    """Click's own words (Usage:, Missing option, No such option...) in the run's language:
    click asks for them through gettext's ``_`` and ``ngettext``, each module its own
    name, which is pointed here at the catalogue of Appraise (whose Chinese has the click
    messages that :func:`_click_messages` lists; any other stays English)."""
    for name in ("core", "exceptions", "parser", "types", "formatting", "decorators",
                 "termui"):
        module = sys.modules.get(f"click.{name}")
        if module is not None and hasattr(module, "_"):
            module._ = i18n._  # type: ignore[attr-defined]
            if hasattr(module, "ngettext"):
                module.ngettext = _plural  # type: ignore[attr-defined]


def _plural(one: str, many: str, count: int) -> str:
    return i18n._(one if count == 1 else many)


def _click_messages() -> tuple[str, ...]:
    """The messages of click that a person meets most, marked so that the catalogue keeps
    their Chinese (as click writes them: a new click that words one otherwise shows it in
    English)."""
    return (_("Usage:"), _("Try '{command} {option}' for help."), _("Error: {message}"),
            _("Missing argument"), _("Missing option"), _("Missing parameter"),
            _("Missing command."), _("No such option {name!r}."), _("No such command {name!r}."),
            _("Did you mean {possibility}?"), _("(Did you mean one of: {possibilities}?)"),
            _("Invalid value for {param_hint}: {message}"), _("Invalid value: {message}"),
            _("{value!r} is not {choice}."), _("{value!r} is not one of {choices}."),
            _("Option {name!r} requires an argument."),
            _("Option {name!r} requires {nargs} arguments."),
            _("Option {name!r} does not take a value."),
            _("Got unexpected extra argument ({args})"),
            _("Got unexpected extra arguments ({args})"),
            _("{name} {filename!r} does not exist."), _("{name} {filename!r} is a directory."),
            _("{value} is not in the range {range}."),
            _("Options"), _("Commands"), _("Show this message and exit."),
            _("Show the version and exit."), _("Aborted!"))


def lang_option(command: Command) -> Command:
    """The ``--lang [en|zh]`` option every command takes (and ``appraise`` itself, before
    the command's name)."""
    return click.option("--lang", type=click.Choice(i18n.LANGUAGES), default=None,
                        is_eager=True, expose_value=False, callback=_language_given,
                        help=LANG_HELP)(command)


def speak_for(language: str | None) -> None:
    """Speak the scheme's language (``language:``) from now on, unless ``--lang`` or
    ``APPRAISE_LANG`` chose the run's; ``None``: the scheme names none."""
    context = click.get_current_context(silent=True)
    given = context.find_root().meta.get(_LANG_KEY) if context is not None else None
    i18n.set_language(i18n.choose(given, language))


def speak_as(path: str, content: bytes | None = None) -> None:
    """Before a scheme is read, the language its file names at its top level
    (``language: zh``), so that the problems found reading it are in that language; once
    read, :func:`speak_for` its ``Scheme.language`` (which a base scheme may give)."""
    if content is None and path != STDIO:
        try:
            with open(path, "rb") as stream:
                content = stream.read(1 << 20)
        except OSError:  # reading it will say what is wrong
            content = None
    found = _NAMED.search(content) if content else None
    speak_for(found[1].decode() if found else None)


def show_problems(diagnostics: Iterable[object]) -> None:
    """Each problem on standard error, once (two runs may find the same), at most
    ``MAX_SHOWN`` of them and a count of the rest; with ``--quiet``, the errors only. On a
    terminal, the severity word in colour (:mod:`.cli_term`)."""
    if cli_term.quiet():
        diagnostics = [d for d in diagnostics if getattr(d, "severity", "error") == "error"]
    lines = list(dict.fromkeys((str(d), getattr(d, "severity", None)) for d in diagnostics))
    if not lines:
        return
    paint = cli_term.coloured()
    with cli_term.held():
        for line, severity in lines[:MAX_SHOWN]:
            click.echo(cli_term.paint_severity(line, severity) if paint else line, err=True)
        if len(lines) > MAX_SHOWN:
            click.echo(_("... and {count} more problems not shown").format(
                count=len(lines) - MAX_SHOWN), err=True)


def write_output(text: str | Iterable[str | bytes], output: str | None,
                 bom: bool = False, then: Callable[[], None] | None = None) -> None:
    """Write all of ``text`` or nothing: a temporary file beside the target, renamed into place.
    Its pieces are text, or text encoded in UTF-8 already (bytes); a file is UTF-8, after a
    byte order mark when ``bom``. ``then`` runs once all is written, before the file is put
    in place (a failure there leaves no file); for the screen, before anything is shown.

    The target is followed through symbolic links and keeps its permissions; anything
    that is not a regular file (a folder, a device) is refused. A run stopped while it
    writes (Ctrl-C, SIGTERM) leaves the target as it was and no temporary file.
    """
    chunks = [text] if isinstance(text, str) else text
    if output is None or output == STDIO:
        if then is not None:
            then()
        for chunk in chunks:
            click.echo(chunk, nl=False)
        return

    def fill(handle: int, _path: str) -> None:
        with os.fdopen(handle, "wb") as stream:
            stream.write(codecs.BOM_UTF8 if bom else b"")
            for chunk in chunks:
                stream.write(chunk.encode("utf-8") if isinstance(chunk, str) else chunk)
        if then is not None:
            then()

    _replace(output, fill)


def write_file(write: Callable[[str], None], output: str) -> None:
    """A file ``write`` makes at the path it is given (a workbook), whole or not at all, as
    :func:`write_output` writes: made beside the target, then renamed into place; or made
    in a temporary folder and copied to standard output for ``-``."""
    if output == STDIO:
        with tempfile.TemporaryDirectory(prefix="appraise-") as folder:
            path = os.path.join(folder, "output")
            try:
                write(path)
            except OSError as exc:
                _cannot_write(STDIO, exc)
            with open(path, "rb") as made:
                sys.stdout.buffer.write(made.read())
                sys.stdout.buffer.flush()
        return

    def fill(handle: int, path: str) -> None:
        os.close(handle)
        write(path)

    _replace(output, fill)


def workbook_output(output: str | None) -> None:
    """Refuse to write a workbook nowhere (no ``-o``) or to a terminal."""
    if output is None:
        raise click.UsageError(_("--format xlsx writes an Excel workbook: give the file to "
                                 "write with -o, e.g. -o results.xlsx"))
    if output == STDIO and sys.stdout.isatty():
        raise click.UsageError(_("--format xlsx writes an Excel workbook, which a terminal "
                                 "cannot show: give the file to write with -o, e.g. -o "
                                 "results.xlsx"))


def _replace(output: str, fill: Callable[[int, str], None]) -> None:
    """A temporary file beside ``output``, filled by ``fill`` (given its open handle and
    its path), renamed into place; nothing left behind on any error."""
    target = os.path.realpath(output)
    if os.path.exists(target) and not os.path.isfile(target):
        click.echo(_("{file}: error: not a regular file; give the path of a file to write")
                   .format(file=output), err=True)
        sys.exit(EXIT_INVALID)
    with _Stops() as stops:
        temporary = None
        try:
            with stops.held():  # a file made is a file named, to be removed
                mode = os.stat(target).st_mode & 0o7777 if os.path.exists(target) \
                    else _default_mode()
                handle, temporary = tempfile.mkstemp(dir=os.path.dirname(target),
                                                     prefix=".appraise-", suffix=".tmp")
            fill(handle, temporary)
            os.chmod(temporary, mode)
            with stops.held():
                os.replace(temporary, target)
                temporary = None
        except OSError as exc:
            with stops.held():
                _remove(temporary)
            _cannot_write(output, exc)
        except BaseException:  # never leave a half-written file behind, whatever stopped us
            with stops.held():
                _remove(temporary)
            raise


def _cannot_write(output: str, exc: OSError) -> NoReturn:
    click.echo(_("{file}: error: cannot write the output: {reason}").format(
        file=output, reason=exc.strerror or exc), err=True)
    sys.exit(EXIT_INVALID)


class _Stops:
    """While a file is written, the signals that stop a run end it by an exception, so that
    the temporary file is removed: Ctrl-C (SIGINT) as Python always does, SIGTERM and SIGHUP
    as an exit with 128 + the signal's number, as a shell reports them (Ctrl-Break on
    Windows, where a process ended by another has no chance to clean up). A signal that
    comes while the temporary file is made or removed waits until that is done. A signal
    the run was started to ignore stays ignored.
    """

    CAUGHT = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK")
                   if hasattr(signal, name))

    def __init__(self) -> None:
        self.holding = False
        self.pending: int | None = None
        self.previous: dict[int, Any] = {}

    def __enter__(self) -> _Stops:
        for number in self.CAUGHT:
            if signal.getsignal(number) in (signal.SIG_DFL, signal.default_int_handler):
                try:
                    self.previous[number] = signal.signal(number, self.stop)
                except ValueError:  # not the main thread: signals are not ours to handle
                    break
        return self

    def __exit__(self, *_: object) -> None:
        for number, handler in self.previous.items():
            signal.signal(number, handler)

    def stop(self, number: int, _frame: object) -> None:
        if self.holding:
            self.pending = number
        else:
            _stopped(number)

    @contextmanager
    def held(self) -> Iterator[None]:
        """Signals wait until the block is done."""
        self.holding = True
        try:
            yield
        finally:
            self.holding = False
            if self.pending is not None:
                number, self.pending = self.pending, None
                _stopped(number)


def _stopped(number: int) -> NoReturn:
    if number == signal.SIGINT:
        raise KeyboardInterrupt
    raise SystemExit(128 + number)


def _remove(temporary: str | None) -> None:
    if temporary is not None and os.path.exists(temporary):
        os.unlink(temporary)


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def never_over_an_input(output: str | None, *inputs: tuple[str, str, str],
                        option: str = "'-o' / '--output'") -> None:
    """Refuse an output (of ``option``) that is one of the inputs, by whatever path (a link,
    a hard link, another spelling), before any work is done. Each input: (path, what the
    command calls it, what it is)."""
    if output is None or output == STDIO:
        return
    for path, called, what in inputs:
        if path != STDIO and _same_file(output, path):
            raise click.BadParameter(
                _("'{output}' is the same file as {called} '{path}': writing there would "
                  "destroy the {what}; write the output to another file").format(
                    output=output, called=called, path=path, what=what), param_hint=option)


def _same_file(one: str, other: str) -> bool:
    """Whether writing ``one`` would write ``other``: the path the output is written to
    (followed through links as :func:`write_output` follows it, 'gone/../x' being 'x'),
    then the file itself (a hard link)."""
    target, source = os.path.realpath(one), os.path.realpath(other)
    if os.path.normcase(target) == os.path.normcase(source):
        return True
    try:
        return os.path.samefile(target, source)
    except OSError:  # the output is not written yet, or cannot be looked at
        return False


def stdin_once(scheme: str, data_file: str) -> None:
    """Refuse standard input for both the scheme and the data: it can be read only once."""
    if scheme == STDIO and data_file == STDIO:
        raise click.UsageError(_("standard input can be read only once: give '-' for the "
                                 "scheme or for --data, not both"))


def read_input(path: str, what: str) -> tuple[str, bytes | None]:
    """The name an input goes by, and its bytes when it is standard input ('-').

    Raises :class:`AppraiseError` when standard input cannot be read or is too large.
    """
    if path != STDIO:
        return path, None
    from .data import MAX_DATA_BYTES
    from .diagnostics import AppraiseError, Diagnostic
    from .load import MAX_SCHEME_BYTES
    from .load.text import too_large

    limit = MAX_SCHEME_BYTES if what == "scheme" else MAX_DATA_BYTES
    try:
        if sys.stdin is None:
            raise OSError(_("standard input is closed"))
        stream = sys.stdin.buffer
        content = stream.read(limit + 1)
        if len(content) > limit:  # say how large it really is, as for a file
            size = len(content)
            while chunk := stream.read(1 << 20):
                size += len(chunk)
            raise too_large(STDIN, size, limit, what)
    except OSError as exc:
        raise AppraiseError([Diagnostic(STDIN, 0, 0, "error", "", _(
            "cannot read standard input: {reason}").format(reason=exc.strerror or exc), "")]) \
            from None
    return STDIN, content

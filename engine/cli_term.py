"""Manners at a terminal: a progress line on long runs, colour for the severity of a
problem, the width a table may take, and ``--quiet``.

Each of them is for a person watching a terminal, and nothing else: a pipe, a file or a
CI log gets the very bytes it got before. The progress line is drawn on standard error
only when standard error is a terminal (not under CI, not with ``--quiet``), first after
about a second, so that a short run shows nothing; it is cleared when the run ends,
however it ends (Ctrl-C included), and before anything else is written to the screen.
It changes nothing of the terminal's state (no hidden cursor, no raw mode) and uses no
escape sequence: a carriage return and spaces clear it, as every console understands.
Colour follows https://no-color.org: ``NO_COLOR`` set to anything stops it.
"""

from __future__ import annotations

import os
import sys
import time
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

import click

from .diagnostics import Severity, frame, visible
from .i18n import _

DELAY = 1.0  # seconds a run goes before its progress line is first drawn
INTERVAL = 0.1  # seconds between two frames
SPINNER = "-\\|/"  # characters every console's encoding has
_quiet = False
_current: Progress | None = None


def set_quiet(quiet: bool) -> None:
    """``--quiet``: no warnings, notes or progress on standard error (errors still)."""
    global _quiet
    _quiet = quiet


def quiet() -> bool:
    return _quiet


def _a_terminal(stream: TextIO | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except (AttributeError, ValueError):  # a stream replaced, or closed
        return False


def _dumb() -> bool:
    return os.environ.get("TERM", "") == "dumb"


def shows_progress(stream: TextIO | None = None) -> bool:
    """Whether a progress line may be drawn on ``stream`` (standard error)."""
    stream = sys.stderr if stream is None else stream
    return _a_terminal(stream) and not _quiet and not os.environ.get("CI") and not _dumb()


def coloured(stream: TextIO | None = None) -> bool:
    """Whether ``stream`` (standard error) may be written in colour: a terminal, and
    neither ``NO_COLOR`` nor ``TERM=dumb``."""
    stream = sys.stderr if stream is None else stream
    return _a_terminal(stream) and not os.environ.get("NO_COLOR") and not _dumb() and \
        (sys.platform != "win32" or _windows_escapes())


def _windows_escapes() -> bool:  # pragma: no cover - Windows only
    """Whether standard error's Windows console shows colour escapes: it is asked to
    (virtual terminal processing, Windows 10 and later); an older console shows none."""
    import ctypes

    kernel = ctypes.windll.kernel32  # type: ignore[attr-defined,unused-ignore]
    handle = kernel.GetStdHandle(-12)  # standard error
    mode = ctypes.c_uint32()
    if not kernel.GetConsoleMode(handle, ctypes.byref(mode)):
        return False
    return bool(mode.value & 4 or kernel.SetConsoleMode(handle, mode.value | 4))


#: The severity word's colour: error red, warning yellow, and a note (which tells, and
#: asks nothing) cyan, as compilers show theirs: set apart from the text, never an alarm.
COLOURS: dict[Severity, str] = {"error": "31", "warning": "33", "note": "36"}


def paint_severity(line: str, severity: Severity | None = None) -> str:
    """``line`` (``FILE:LINE:COL: error: ...``, or ``...: 错误：...`` in Chinese) with its
    severity word in colour (:data:`COLOURS`); ``severity``: the problem's, when known,
    else the first of the three words the line holds. Only that first word: a message may
    quote another."""
    found: tuple[int, str, str] | None = None
    for name in COLOURS if severity is None else (severity,):
        template = frame(name)
        if "{where}" not in template or "{problem}" not in template:
            continue
        middle = template[template.index("{where}") + len("{where}"):
                          template.index("{problem}")]
        word = middle.strip(" :：")
        at = line.find(middle)
        if word and at >= 0 and (found is None or at < found[0]):
            found = (at + middle.index(word), word, COLOURS[name])
    if found is None:
        return line
    start, word, colour = found
    return f"{line[:start]}\x1b[{colour}m{word}\x1b[0m{line[start + len(word):]}"


def table_width(output: str | None = None) -> int | None:
    """The columns a table written to standard output may take: the terminal's width
    (``COLUMNS`` when set) when standard output is a terminal and no file is given
    (``-o``); None (the table's full width) otherwise."""
    if output not in (None, "-") or not _a_terminal(sys.stdout):
        return None
    import shutil

    return shutil.get_terminal_size().columns


def columns_of(text: str) -> int:
    """Columns ``text`` takes on a terminal: East Asian wide characters take two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


class Progress:
    """The progress line: what the run is doing, and for how long it has been at it."""

    def __init__(self, stream: TextIO) -> None:
        import threading  # only for a run a person watches: the command starts without it

        self.stream, self.started = stream, time.monotonic()
        self.words, self.drawn, self.frame = "", 0, 0
        self.lock, self.stopping = threading.Lock(), threading.Event()
        self.thread = threading.Thread(target=self._run, name="appraise-progress", daemon=True)

    def step(self, words: str) -> None:
        self.words = visible(words)  # a file's name may hold control characters

    def _run(self) -> None:
        if self.stopping.wait(DELAY):
            return
        while not self.stopping.is_set():
            with self.lock:
                if not self.stopping.is_set():
                    self._draw()
            self.stopping.wait(INTERVAL)

    def _draw(self) -> None:
        if not self.words:  # nothing said yet of what the run does
            return
        seconds = int(time.monotonic() - self.started)
        spinner = SPINNER[self.frame % len(SPINNER)]
        self.frame += 1
        import shutil

        room = shutil.get_terminal_size().columns - 1  # never wrap onto a second line
        doing = self.words
        text = _("{spinner} {doing} ({seconds} s)").format(
            spinner=spinner, doing=doing, seconds=seconds)
        while columns_of(text) > room and len(doing) > 1:  # the words shortened first,
            doing = doing[:-2] + "…"                        # the seconds kept
            text = _("{spinner} {doing} ({seconds} s)").format(
                spinner=spinner, doing=doing, seconds=seconds)
        while columns_of(text) > room:  # a terminal narrower than the seconds
            text = text[:-1]
        size = columns_of(text)
        self._write("\r" + text + " " * max(0, self.drawn - size))
        self.drawn = size

    def clear(self) -> None:
        """Take the line away (the lock held)."""
        if self.drawn:
            self._write("\r" + " " * self.drawn + "\r")
            self.drawn = 0

    def _write(self, text: str) -> None:
        try:
            self.stream.write(text)
            self.stream.flush()
        except (OSError, ValueError):  # the terminal has gone: nothing more to show
            self.stopping.set()

    def stop(self) -> None:
        self.stopping.set()
        if self.thread.is_alive():
            self.thread.join(1.0)
        with self.lock:
            self.clear()


@contextmanager
def progress() -> Iterator[None]:
    """Show the run's progress (:func:`step`) while the block runs, when standard error is
    a terminal; the line is gone when the block ends, however it ends."""
    global _current
    if _current is not None or not shows_progress():
        yield
        return
    _current = Progress(sys.stderr)
    _current.thread.start()
    try:
        yield
    finally:
        done()


def step(words: str) -> None:
    """What the run is doing now, for the progress line (nothing without one)."""
    if _current is not None:
        _current.step(words)


def done() -> None:
    """Take the progress line away for good: before the output is written to the same
    terminal, and when the run ends."""
    global _current
    if _current is not None:
        current, _current = _current, None
        current.stop()


@contextmanager
def held() -> Iterator[None]:
    """Write to standard error in the block without the progress line in the way: the line
    is cleared first, and drawn again on its next frame."""
    current = _current
    if current is None:
        yield
        return
    with current.lock:
        current.clear()
        yield


def _set_quiet(_context: object, _parameter: object, value: bool) -> bool:
    set_quiet(value)
    return value


#: ``-q/--quiet``, for a command that shows warnings, notes or progress.
QUIET = click.option("-q", "--quiet", is_flag=True, expose_value=False, is_eager=True,
                     callback=_set_quiet,
                     help="Show no warnings, notes or progress on standard error, only errors "
                     "(the exit code is the same).")


def writing(output: str | None) -> None:
    """The output is written now: to the screen, the progress line is taken away first;
    elsewhere (a file, a pipe), the line says so."""
    if output not in (None, "-"):
        step(_("Writing {file}").format(file=output))
    elif _a_terminal(sys.stdout):
        done()
    else:
        step(_("Writing the results"))

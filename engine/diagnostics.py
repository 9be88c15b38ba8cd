"""Diagnostics: every problem Appraise finds, with where it is and how to fix it.

The library never prints and never exits. It returns diagnostics (or raises
:class:`AppraiseError` carrying them) and lets the caller decide what to show.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from .i18n import _

Severity = Literal["error", "warning", "note"]  # a note tells, and is never a warning
PathPart = str | int
Path = tuple[PathPart, ...]


#: The most of a path, message or hint a diagnostic keeps: whatever a file holds, a problem
#: stays a line a person can read (what is cut is the middle, marked ' ... ').
MAX_TEXT = 1000


def excerpt(text: str, limit: int = 40) -> str:
    """Input as a message quotes it: its first line, at most ``limit`` characters of it
    (then '...'), and invisible characters as escapes (a tab as \\t, U+200B as \\u200b).

    >>> excerpt("id,name,post\\nSR01,张伟,sales_rep\\n")
    'id,name,post...'
    """
    lines = text.splitlines()
    shown = lines[0][:limit] if lines else ""
    if shown != text.rstrip("\r\n"):
        shown = shown.rstrip() + "..."
    return "".join(_visible(c) for c in shown)


def visible(text: str) -> str:
    """``text`` with its control and invisible characters as escapes: safe to print on a
    terminal, whatever a data file put in a name (an escape code that recolours the
    screen, a zero-width space)."""
    return text if text.isprintable() else "".join(_visible(c) for c in text)


def _visible(char: str) -> str:
    if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
        return char.encode("unicode_escape").decode("ascii")
    return char


def _bounded(text: str) -> str:
    if len(text) <= MAX_TEXT:
        return text
    half = (MAX_TEXT - 5) // 2
    return text[:half] + " ... " + text[-half:]


def format_path(path: Sequence[PathPart]) -> str:
    """Render a path in a scheme the way a person would point at it.

    >>> format_path(("scorecards", "sales_rep", "items", 2, "weight"))
    'scorecards.sales_rep.items[2].weight'
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            shown = excerpt(part, 80)  # a key as long as a file is named by its start
            out += f".{shown}" if out else shown
    return out


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: where it is, what is wrong, and (when we know) how to fix it.

    ``line`` and ``column`` are 1-based; 0 means "the whole file". For data
    files, ``line`` is the row and ``path`` names the person and column.
    """

    file: str
    line: int
    column: int
    severity: Severity
    path: str
    message: str
    hint: str = ""

    def __post_init__(self) -> None:
        for name in ("path", "message", "hint"):
            value = getattr(self, name)
            if len(value) > MAX_TEXT:
                object.__setattr__(self, name, _bounded(value))

    def __str__(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        text = f"{self.path}: " if self.path else ""
        text += _("{message} ({hint})").format(message=self.message, hint=self.hint) \
            if self.hint else self.message
        line = frame(self.severity)
        return visible(line.format(where=where, problem=text))  # a name may hold an escape

    def as_dict(self) -> dict[str, str | int]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "path": self.path,
            "message": self.message,
            "hint": self.hint,
        }


def frame(severity: Severity) -> str:
    """How a problem of ``severity`` is written, in the run's language: ``{where}`` and
    ``{problem}`` around the severity word (``FILE:L:C: error: ...``)."""
    return {"error": _("{where}: error: {problem}"),
            "warning": _("{where}: warning: {problem}"),
            "note": _("{where}: note: {problem}")}[severity]


class AppraiseError(Exception):
    """The one root exception of the library: it carries the diagnostics, and any
    warnings found before the errors stopped the work (shown after them)."""

    def __init__(self, diagnostics: Iterable[Diagnostic],
                 warnings: Iterable[Diagnostic] = ()) -> None:
        self.diagnostics: list[Diagnostic] = sorted(set(diagnostics))
        self.warnings: list[Diagnostic] = sorted(set(warnings))
        super().__init__("\n".join(str(d) for d in self.diagnostics))


def errors_in(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.severity == "error"]


#: Characters a Chinese input method types in place of the ones a scheme or a formula
#: needs: what each is called, and what to type instead.
TYPED_IN_CHINESE: dict[str, tuple[str, str]] = {
    "：": ("full-width colon '：'", ":"), "，": ("full-width comma '，'", ","),
    "；": ("full-width semicolon '；'", ";"), "．": ("full-width full stop '．'", "."),
    "。": ("Chinese full stop '。'", "."),
    "（": ("full-width bracket '（'", "("), "）": ("full-width bracket '）'", ")"),
    "［": ("full-width bracket '［'", "["), "］": ("full-width bracket '］'", "]"),
    "｛": ("full-width brace '｛'", "{"), "｝": ("full-width brace '｝'", "}"),
    "“": ("Chinese quotation mark '“'", '"'), "”": ("Chinese quotation mark '”'", '"'),
    "‘": ("Chinese quotation mark '‘'", "'"), "’": ("Chinese quotation mark '’'", "'"),
    "＋": ("full-width plus sign '＋'", "+"), "－": ("full-width minus sign '－'", "-"),
    "＊": ("full-width asterisk '＊'", "*"), "／": ("full-width slash '／'", "/"),
    "＜": ("full-width sign '＜'", "<"), "＞": ("full-width sign '＞'", ">"),
    "＝": ("full-width equals sign '＝'", "="), "％": ("full-width percent sign '％'", "%"),
    "！": ("full-width exclamation mark '！'", "!"), "\u3000": ("full-width space (U+3000)", " "),
    **{chr(0xFF10 + d): (f"full-width digit '{chr(0xFF10 + d)}'", str(d)) for d in range(10)},
}


def typed_name(char: str) -> str:
    """What :data:`TYPED_IN_CHINESE` calls ``char``, in the run's language."""
    if char == "\u3000":
        return _("full-width space (U+3000)")
    if "０" <= char <= "９":
        return _("full-width digit '{character}'").format(character=char)
    kind = {"：": _("full-width colon '{character}'"), "，": _("full-width comma '{character}'"),
            "；": _("full-width semicolon '{character}'"),
            "．": _("full-width full stop '{character}'"),
            "。": _("Chinese full stop '{character}'"),
            "（": _("full-width bracket '{character}'"),
            "）": _("full-width bracket '{character}'"),
            "［": _("full-width bracket '{character}'"),
            "］": _("full-width bracket '{character}'"),
            "｛": _("full-width brace '{character}'"), "｝": _("full-width brace '{character}'"),
            "“": _("Chinese quotation mark '{character}'"),
            "”": _("Chinese quotation mark '{character}'"),
            "‘": _("Chinese quotation mark '{character}'"),
            "’": _("Chinese quotation mark '{character}'"),
            "＋": _("full-width plus sign '{character}'"),
            "－": _("full-width minus sign '{character}'"),
            "＊": _("full-width asterisk '{character}'"), "／": _("full-width slash '{character}'"),
            "＜": _("full-width sign '{character}'"), "＞": _("full-width sign '{character}'"),
            "＝": _("full-width equals sign '{character}'"),
            "％": _("full-width percent sign '{character}'"),
            "！": _("full-width exclamation mark '{character}'")}.get(char)
    return kind.format(character=char) if kind else TYPED_IN_CHINESE[char][0]


def type_instead(char: str) -> str:
    """The hint for a character :data:`TYPED_IN_CHINESE` names: what to type instead."""
    instead = TYPED_IN_CHINESE[char][1]
    if instead == " ":
        return _("use an ordinary space typed in English input mode")
    shown = f'"{instead}"' if instead == "'" else f"'{instead}'"
    return _("use {character} typed in English input mode").format(character=shown)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A hint naming the closest allowed word, or the allowed words if few."""
    options = sorted(set(choices))
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return _("did you mean '{word}'?").format(word=close[0])
    if not options:
        return ""
    if len(options) <= 8:
        return _("expected one of: {words}").format(words=", ".join(options))
    return _("expected one of: {words}, ... ({count} in all)").format(
        words=", ".join(options[:8]), count=len(options))


def without_password(url: str) -> str:
    """A database URL as a message names it: without its password, in the user part or as a
    ``password=`` parameter."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None and "password=" not in parts.query:
        return url
    if parts.password is not None:
        host = parts.netloc.rpartition("@")[2]
        parts = parts._replace(netloc=f"{parts.username or ''}@{host}")
    query = "&".join(p for p in parts.query.split("&") if not p.startswith("password="))
    return urlunsplit(parts._replace(query=query))

"""Reading a file's bytes and text, with clear errors for the usual ways it goes wrong:
too large, not text (an Excel workbook), not UTF-8 (GBK, UTF-16), empty."""

from __future__ import annotations

import errno
import os

from ..diagnostics import AppraiseError, Diagnostic
from ..i18n import _, language


class Made(bytes):
    """A file's bytes that Appraise made itself (the data file worked out from records), not
    a file a person gave: the size limits, which keep a wrong file from filling the memory,
    are not for it (the year of a million people is some 700 MB)."""


def beyond(content: bytes, limit: int) -> bool:
    """Whether ``content`` is over ``limit`` bytes, for a file a person gave."""
    return len(content) > limit and not isinstance(content, Made)


def wrong_place() -> str:
    """What to do with figures given where the scheme goes: which argument takes which file."""
    return _("a scheme is a YAML file, e.g. appraise validate scheme.yaml; the period's "
             "figures go to --data, e.g. appraise score scheme.yaml --data 2026-Q1.csv")


def not_figures() -> str:
    """... and with a scheme given where the figures go."""
    return _("--data takes the period's figures, as CSV with a header row, as JSON or as an "
             "Excel workbook (.xlsx); the scheme goes first, e.g. appraise score scheme.yaml "
             "--data 2026-Q1.csv")


def kind(what: str) -> str:
    """What a file is (``scheme``, ``data file``, ``history file``) in the run's language."""
    return {"scheme": _("scheme"), "data file": _("data file"),
            "history file": _("history file")}.get(what, what)


def read_bytes(name: str, limit: int, what: str) -> bytes:
    """The file's bytes, or an error naming its real size when it is over ``limit``."""
    try:
        with open(name, "rb") as handle:
            content = handle.read(limit + 1)
            if len(content) > limit:  # say how large it really is
                size = os.fstat(handle.fileno()).st_size
                raise too_large(name, max(size, len(content)), limit, what)
            return content
    except OSError as exc:
        raise AppraiseError([Diagnostic(
            name, 0, 0, "error", "",
            _("cannot read the file: {reason}").format(reason=_reason(exc)), "",
        )]) from None


def _reason(exc: OSError) -> str:
    """Why a file cannot be opened: the system's words, or ours for the usual reasons when
    the run is not in English (the system's are)."""
    if language() != "en":
        said = {errno.ENOENT: _("No such file or directory"),
                errno.EACCES: _("Permission denied"),
                errno.EISDIR: _("Is a directory")}.get(exc.errno or 0)
        if said is not None:
            return said
    return exc.strerror or str(exc)


def too_large(file: str, size: int, limit: int, what: str) -> AppraiseError:
    return AppraiseError([Diagnostic(
        file, 0, 0, "error", "",
        _("file is {size} bytes; a {what} may be at most {limit} bytes").format(
            size=f"{size:,}", what=kind(what), limit=f"{limit:,}"),
        _("split it, or check that this is the right file"),
    )])


def read_text(file: str, content: bytes, limit: int, what: str) -> str:
    """Decode a file as UTF-8 with clear errors for the usual ways it goes wrong."""
    if beyond(content, limit):
        raise too_large(file, len(content), limit, what)
    if content.startswith(b"PK\x03\x04"):
        raise AppraiseError([Diagnostic(
            file, 0, 0, "error", "", _("the file is not text"),
            _("this looks like an Excel workbook (.xlsx); {advice}").format(advice=wrong_place())
            if what == "scheme" else _("this looks like an Excel workbook (.xlsx); save it as "
                                       "'CSV UTF-8' and score the CSV"),
        )])
    if content.startswith(b"\xef\xbb\xbf"):
        content = content[3:]
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise not_utf8(file, content, exc.start, what) from None
    if not text.strip():
        raise AppraiseError([Diagnostic(
            file, 0, 0, "error", "",
            _("the file is empty; expected a {what}").format(what=kind(what)), "",
        )])
    return text


def not_utf8(file: str, content: bytes, at: int, what: str, path: str = "") -> AppraiseError:
    """The error of a file that is not UTF-8 from byte ``at`` on: its line and column, the
    byte, and how to save it (GBK and UTF-16 named)."""
    line = content.count(b"\n", 0, at) + 1
    column = at - (content.rfind(b"\n", 0, at) + 1) + 1
    return AppraiseError([Diagnostic(
        file, line, column, "error", path,
        _("the file is not valid UTF-8 (byte {byte})").format(byte=f"0x{content[at]:02x}"),
        _encoding_hint(content, what))])


def _encoding_hint(content: bytes, what: str) -> str:
    """How to save a file that is not UTF-8: in the editor for a scheme, in Excel for data."""
    utf16 = content.startswith((b"\xff\xfe", b"\xfe\xff"))
    if what == "scheme":
        if utf16:
            return _("the file is UTF-16; save it as UTF-8 in your editor")
        if _is_gbk(content):
            return _("the file looks like GBK; save it as UTF-8 in your editor")
        return _("save the file as UTF-8 in your editor")
    if utf16:
        return _("the file is UTF-16; save the file as UTF-8 (in Excel: 'CSV UTF-8'; in "
                 "editors: encoding UTF-8)")
    if _is_gbk(content):
        return _("the file looks like GBK, Excel's default for Chinese; save the file as UTF-8 "
                 "(in Excel: 'CSV UTF-8'; in editors: encoding UTF-8)")
    return _("save the file as UTF-8 (in Excel: 'CSV UTF-8'; in editors: encoding UTF-8)")


def gb18030_text(content: bytes) -> str | None:
    """The text of a file in GB18030 (GBK is part of it: what Excel saves as CSV on Chinese
    Windows); None for one that is ASCII, UTF-8 or marked by a BOM as a Unicode encoding,
    or that is not text in GB18030 (UTF-16 without its mark decodes, but to NULs)."""
    if content.isascii() or content.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return None
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return None
    try:
        text = content.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return None if "\x00" in text else text


def gbk_note(file: str, path: str = "") -> Diagnostic:
    """The note that ``file`` was read as GB18030."""
    return Diagnostic(file, 0, 0, "note", path, _(
        "the file is not UTF-8; it is read as GB18030 (GBK), the encoding Excel uses for "
        "CSV on Chinese Windows"), _("save it as 'CSV UTF-8' in Excel, so that its encoding "
                                    "is never in doubt"))


def _is_gbk(content: bytes) -> bool:
    try:
        content.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True

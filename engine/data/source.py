"""A data file's bytes as the readers take them: an Excel workbook (known by what it holds,
whatever its name) as the CSV text of its sheet (:mod:`.workbook`), a CSV that Excel saved
in GB18030 (GBK, its default on Chinese Windows) as UTF-8, each with a note; and the files
that look like a spreadsheet but cannot be read (a workbook under a password, an old
.xls, an .ods, a damaged file) refused with how to save them instead.

The problems the readers find in a workbook's text are then named by the sheet's cell as
well (:meth:`Opened.placed`): ``q1.xlsx:7:3: error: 销售一部!C7: SR01.revenue: ...``.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..diagnostics import AppraiseError, Diagnostic
from ..i18n import _
from .sheetxml import column_letters
from .workbook import read_workbook, sheet_ref, unreadable

ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a zip archive: an .xlsx, an .ods (or an empty zip)
CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: an .xls, or an encrypted .xlsx
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")  # the stream a password-protected one holds
MAX_UNPACKED = 4 << 30  # bytes a workbook may unpack to (its XML is some ten times a CSV's text)
_SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods", ".et")


@dataclass(frozen=True)
class Opened:
    """A data file's text for the readers (UTF-8), with what was done to get it."""

    file: str
    content: bytes
    sheet: str | None = None  # the sheet read, for a workbook
    notes: tuple[Diagnostic, ...] = ()

    def placed(self, diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
        """The diagnostics, those in a workbook's cells named by sheet and cell too."""
        return [self.place(d) for d in diagnostics]

    def place(self, diagnostic: Diagnostic) -> Diagnostic:
        if self.sheet is None or diagnostic.file != self.file or not diagnostic.line:
            return diagnostic
        if diagnostic.path.startswith(sheet_ref(self.sheet) + "!"):
            return diagnostic  # named by its cell already
        where = sheet_ref(self.sheet)  # a problem of a whole row names the sheet alone
        if diagnostic.column:
            where += f"!{column_letters(diagnostic.column - 1)}{diagnostic.line}"
        return replace(diagnostic, path=f"{where}: {diagnostic.path}" if diagnostic.path
                       else where)

    def error(self, exc: AppraiseError) -> AppraiseError:
        """``exc`` with its diagnostics placed, and this file's notes among its warnings."""
        return AppraiseError(self.placed(exc.diagnostics),
                             [*self.notes, *self.placed(exc.warnings)])


def opened(file: str, content: bytes, sheet: str | None = None) -> Opened:
    """``content`` as the readers take it; raises :class:`AppraiseError` for a file that
    looks like a spreadsheet but cannot be read, and for ``sheet`` given for a file that is
    not a workbook."""
    suffix = os.path.splitext(file)[1].lower()
    if content.startswith(ZIP):
        return _zipped(file, content, sheet)
    if content.startswith(CFB):
        if _ENCRYPTED in content[:1 << 20] or suffix in (".xlsx", ".xlsm"):
            raise _refused(file, _("the workbook is protected by a password"), _(
                "open it in Excel, remove the password (File > Info > Protect Workbook > "
                "Encrypt with Password, then clear it), save it and try again"))
        raise _refused(file, _("this is an old Excel workbook (.xls), which is not read"),
                       _save_as())
    if suffix in _SPREADSHEETS:
        raise _refused(file, _("the file is named {suffix} but does not hold a workbook").format(
            suffix=suffix), _("check that it is the right file; if it is, it is damaged: "
                              "save it again from Excel"))
    if sheet is not None:
        raise AppraiseError([Diagnostic(file, 0, 0, "error", "", _(
            "--sheet names a sheet of a workbook, but this file is not one"),
            _("leave out --sheet for a CSV or JSON file"))])
    return _decoded(file, content)


def _zipped(file: str, content: bytes, sheet: str | None) -> Opened:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            kind = archive.read("mimetype")[:100] if "mimetype" in names else b""
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise unreadable(file, _("it is not a complete zip archive ({reason})").format(
            reason=exc)) from None
    if "xl/workbook.xml" not in names:
        if b"opendocument" in kind:
            raise _refused(file, _("this is an OpenDocument spreadsheet (.ods), which is not "
                                   "read"), _save_as())
        raise _refused(file, _("the file is a zip archive, not an Excel workbook"),
                       _("check that it is the right file; --data takes a workbook (.xlsx), "
                         "CSV or JSON"))
    if unpacked > MAX_UNPACKED:
        raise _refused(file, _("the workbook unpacks to {size} bytes; a data file may unpack to "
                               "at most {limit} bytes").format(size=f"{unpacked:,}",
                                                               limit=f"{MAX_UNPACKED:,}"),
                       _("split it, or check that this is the right file"))
    read = read_workbook(file, content, sheet)
    notes: tuple[Diagnostic, ...] = ()
    if sheet is None and len(read.names) > 1:
        said = _("read the first visible sheet, '{sheet}', of {count} ({sheets})") \
            if read.first_visible else _("read the first sheet, '{sheet}', of {count} ({sheets})")
        notes = (Diagnostic(file, 0, 0, "note", "", said.format(
            sheet=read.name, count=len(read.names), sheets=", ".join(read.names)),
            _("choose another with --sheet")),)
    return Opened(file, read.text.encode("utf-8"), read.name, notes)


def _decoded(file: str, content: bytes) -> Opened:
    """A text file as UTF-8: one in GB18030 (GBK) decoded, with a note; any other as it is
    (and refused by the reader if it is not UTF-8)."""
    if content.isascii() or content.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf")):
        return Opened(file, content)
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return Opened(file, content)
    try:
        text = content.decode("gb18030")
    except UnicodeDecodeError:
        return Opened(file, content)
    if "\x00" in text:  # not text written in GBK (UTF-16 without its mark, say)
        return Opened(file, content)
    note = Diagnostic(file, 0, 0, "note", "", _(
        "the file is not UTF-8; it is read as GB18030 (GBK), the encoding Excel uses for "
        "CSV on Chinese Windows"), _("save it as 'CSV UTF-8' in Excel, so that its encoding "
                                    "is never in doubt"))
    return Opened(file, text.encode("utf-8"), None, (note,))


def _refused(file: str, message: str, hint: str) -> AppraiseError:
    return AppraiseError([Diagnostic(file, 0, 0, "error", "", message, hint)])


def _save_as() -> str:
    return _("open it in Excel and save it as 'Excel Workbook (.xlsx)' or as 'CSV UTF-8'")

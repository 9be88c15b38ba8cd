"""A data file's bytes as the readers take them: an Excel workbook (known by what it holds,
whatever its name) as the CSV text of its sheet (:mod:`.workbook`), a CSV that Excel saved
in GB18030 (GBK, its default on Chinese Windows) as UTF-8, each with a note; and the files
that look like a spreadsheet but cannot be read (a workbook under a password, an old
.xls, an .ods, a damaged file) refused with how to save them instead.

The problems the readers find in a workbook's text are then named by the sheet's cell as
well (:meth:`Opened.placed`): ``q1.xlsx:7:3: error: 销售一部!C7: SR01.revenue: ...``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..diagnostics import AppraiseError, Diagnostic
from ..i18n import _
from ..load.sheetxml import column_letters
from ..load.text import gb18030_text, gbk_note
from ..load.workbook import is_workbook, refuse_unread
from .workbook import read_workbook, sheet_ref

MAX_UNPACKED = 4 << 30  # bytes a workbook may unpack to (its XML is some ten times a CSV's text)


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
    refuse_unread(file, content, MAX_UNPACKED, _(
        "check that it is the right file; --data takes a workbook (.xlsx), CSV or JSON"))
    if is_workbook(content):
        return _zipped(file, content, sheet)
    if sheet is not None:
        raise AppraiseError([Diagnostic(file, 0, 0, "error", "", _(
            "--sheet names a sheet of a workbook, but this file is not one"),
            _("leave out --sheet for a CSV or JSON file"))])
    return _decoded(file, content)


def _zipped(file: str, content: bytes, sheet: str | None) -> Opened:
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
    text = gb18030_text(content)
    if text is None:  # UTF-8, marked, or in no encoding read: as it is
        return Opened(file, content)
    return Opened(file, text.encode("utf-8"), None, (gbk_note(file),))

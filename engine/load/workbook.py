"""An Excel workbook (.xlsx) as both its readers take it, a data file's (``data.workbook``)
and a record file's (``sources.sheet``): the files that look like a spreadsheet but cannot
be read (a workbook under a password, an old .xls, an .ods, a damaged file) refused with
how to save them instead; the sheet chosen (the first one shown, or the one named); its
cells as values, with what the values hide (:mod:`.sheetxml`); a number as Excel shows it;
a cell named as a formula names it.
"""

from __future__ import annotations

import difflib
import io
import os
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from ..diagnostics import AppraiseError, Diagnostic
from ..i18n import _
from .sheetxml import Hidden, hidden

ZIP = (b"PK\x03\x04", b"PK\x05\x06")  # a zip archive: an .xlsx, an .ods (or an empty zip)
CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an OLE compound file: an .xls, or an encrypted .xlsx
_ENCRYPTED = "EncryptionInfo".encode("utf-16-le")  # the stream a password-protected one holds
_SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods", ".et")


@dataclass(frozen=True)
class Opened:
    """A workbook's sheet: its name, the names of all the workbook's sheets, its cells as
    values (row by row from A1, an empty cell ''), and what the values hide."""

    name: str
    names: tuple[str, ...]
    rows: Sequence[Sequence[object]]
    hidden: Hidden
    first_visible: bool = False  # the first sheet is hidden: this is the first one shown


def is_workbook(content: bytes) -> bool:
    """Whether ``content`` is a zip archive, as an .xlsx is."""
    return content.startswith(ZIP)


def refuse_unread(file: str, content: bytes, limit: int, not_a_workbook: str) -> None:
    """Raise :class:`AppraiseError` for a file that looks like a spreadsheet but cannot be
    read: a zip that is no .xlsx (``not_a_workbook``: what the reader takes instead), one
    that unpacks to more than ``limit`` bytes, an .xls, one under a password, a file named
    as a spreadsheet that holds none. Any other file passes."""
    suffix = os.path.splitext(file)[1].lower()
    if is_workbook(content):
        _zipped(file, content, limit, not_a_workbook)
    elif content.startswith(CFB):
        if _ENCRYPTED in content[:1 << 20] or suffix in (".xlsx", ".xlsm"):
            raise refused(file, _("the workbook is protected by a password"), _(
                "open it in Excel, remove the password (File > Info > Protect Workbook > "
                "Encrypt with Password, then clear it), save it and try again"))
        raise refused(file, _("this is an old Excel workbook (.xls), which is not read"),
                      save_as())
    elif suffix in _SPREADSHEETS:
        raise refused(file, _("the file is named {suffix} but does not hold a workbook").format(
            suffix=suffix), _("check that it is the right file; if it is, it is damaged: "
                              "save it again from Excel"))


def _zipped(file: str, content: bytes, limit: int, not_a_workbook: str) -> None:
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
            raise refused(file, _("this is an OpenDocument spreadsheet (.ods), which is not "
                                  "read"), save_as())
        raise refused(file, _("the file is a zip archive, not an Excel workbook"),
                      not_a_workbook)
    if unpacked > limit:
        raise refused(file, _("the workbook unpacks to {size} bytes; a data file may unpack to "
                              "at most {limit} bytes").format(size=f"{unpacked:,}",
                                                              limit=f"{limit:,}"),
                      _("split it, or check that this is the right file"))


def open_sheet(file: str, content: bytes, sheet: str | None) -> Opened:
    """The sheet ``sheet`` of the workbook ``content`` (None: the first sheet shown);
    raises :class:`AppraiseError` for a damaged workbook, or for no sheet of that name."""
    from python_calamine import (  # a workbook: worth loading
        CalamineError,
        CalamineWorkbook,
        SheetTypeEnum,
        SheetVisibleEnum,
    )

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        names = tuple(book.sheet_names)
        shown = [m.name for m in book.sheets_metadata
                 if m.visible == SheetVisibleEnum.Visible and m.typ == SheetTypeEnum.WorkSheet]
        chosen = chosen_sheet(file, names, sheet if sheet is not None else
                              next(iter(shown), names[0] if names else None))
        rows = book.get_sheet_by_name(chosen).to_python(skip_empty_area=False)
    except AppraiseError:
        raise
    except (CalamineError, ValueError, OSError) as exc:  # its own errors derive from these
        raise unreadable(file, str(exc)) from None
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        found = hidden(archive, chosen)
    return Opened(chosen, names, rows, found, sheet is None and chosen != names[0])


def chosen_sheet(file: str, names: tuple[str, ...], sheet: str | None) -> str:
    """The sheet named ``sheet``; an error listing the sheets when there is none."""
    if not names:
        raise AppraiseError([Diagnostic(file, 0, 0, "error", "", _("the workbook has no sheets"),
                                        _("put the data on a sheet, the header in row 1"))])
    if sheet is None:
        return names[0]
    if sheet in names:
        return sheet
    listed = ", ".join(names)
    close = difflib.get_close_matches(sheet, names, n=1, cutoff=0.5)
    hint = (_("did you mean '{sheet}'? The sheets are: {sheets}").format(
        sheet=close[0], sheets=listed) if close else
        _("the sheets are: {sheets}").format(sheets=listed))
    raise AppraiseError([Diagnostic(file, 0, 0, "error", "", _(
        "the workbook has no sheet '{sheet}'").format(sheet=sheet), hint)])


def filled(row: Sequence[object]) -> bool:
    """Whether a row of values has any cell that is not empty."""
    return any(c != "" for c in row)


def sheet_ref(sheet: str) -> str:
    """A sheet's name as a formula writes it: quoted when it holds more than letters,
    digits and underscores ('Q1 data'!C7, 销售一部!C7)."""
    if all(c.isalnum() or c in "_." for c in sheet):
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def unreadable(file: str, reason: str) -> AppraiseError:
    """A workbook that cannot be read (a damaged file)."""
    return AppraiseError([Diagnostic(
        file, 0, 0, "error", "", _("the workbook cannot be read: {reason}").format(
            reason=reason.strip() or _("it is damaged")),
        _("open it in Excel and save it again as .xlsx, or save it as 'CSV UTF-8'"))])


def refused(file: str, message: str, hint: str) -> AppraiseError:
    return AppraiseError([Diagnostic(file, 0, 0, "error", "", message, hint)])


def save_as() -> str:
    return _("open it in Excel and save it as 'Excel Workbook (.xlsx)' or as 'CSV UTF-8'")


def number_text(value: float) -> str:
    """A number as Excel shows it: at most 15 significant digits, from the float's exact
    decimal value (0.30000000000000004 is 0.3, 1380000.0 is 1380000, 1e20 is 1E+20,
    2.5e-7 is 2.5E-07)."""
    if value == 0:
        return "0"
    text = format(value, ".15g")  # exact decimal expansion, rounded half-even to 15 digits
    if "e" in text:
        mantissa, _e, exponent = text.partition("e")
        power = int(exponent)
        return f"{mantissa}E{'-' if power < 0 else '+'}{abs(power):02d}"
    return text

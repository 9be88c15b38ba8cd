"""A record file as the readers take it: a UTF-8 CSV and a Parquet file as they are; a CSV
that Excel saved in GB18030 (GBK, its default on Chinese Windows) decoded, with a note; a
workbook's sheet as records (:mod:`.sheet`). DuckDB reads neither of the last two without
extensions fetched from the network, so it is given each as a UTF-8 CSV, written once in a
temporary folder that is removed when the run ends (:func:`run`)."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path as FilePath
from tempfile import TemporaryDirectory
from typing import TYPE_CHECKING

from ..diagnostics import AppraiseError, Diagnostic
from ..i18n import _
from ..load.text import gb18030_text, gbk_note
from ..model import RecordSource

if TYPE_CHECKING:
    from .sheet import SheetRecords

_CHUNK = 1 << 20


@dataclass(frozen=True)
class Prepared:
    """A record file made ready: a CSV's text when it had to be decoded, a workbook's
    records, and what a person should know of them."""

    file: str
    text: str | None = None
    sheet: SheetRecords | None = None
    notes: tuple[Diagnostic, ...] = ()


@dataclass
class _Run:
    prepared: dict[tuple[str, str | None], Prepared] = field(default_factory=dict)
    copies: dict[tuple[str, str | None], str] = field(default_factory=dict)
    notes: list[Diagnostic] = field(default_factory=list)
    folder: TemporaryDirectory[str] | None = None
    plain: bool = False  # every CSV given to DuckDB as the rows Python read (see plainly)


_RUN: ContextVar[_Run | None] = ContextVar("appraise_records_run", default=None)


@contextmanager
def run() -> Iterator[list[Diagnostic]]:
    """A run over a folder of records: each file made ready once, DuckDB's copies removed
    when it ends. Yields the notes of the files read (a GB18030 CSV, the sheet chosen); a
    run inside a run is the outer one."""
    current = _RUN.get()
    if current is not None:
        yield current.notes
        return
    made = _Run()
    token = _RUN.set(made)
    try:
        yield made.notes
    finally:
        _RUN.reset(token)
        if made.folder is not None:
            made.folder.cleanup()


def where(folder: str | FilePath, source: RecordSource) -> str:
    """The source's file as messages name it: under the records folder."""
    return str(FilePath(folder) / source.file)


def unreadable(file: str, source: RecordSource, reason: str) -> AppraiseError:
    return AppraiseError([Diagnostic(file, 0, 0, "error", f"records.{source.id}", _(
        "the records file cannot be read: {reason}").format(reason=reason), _(
        "export it again as CSV (UTF-8) or Parquet"))])


def is_workbook(source: RecordSource) -> bool:
    return source.file.lower().endswith(".xlsx")


def prepared(folder: str | FilePath, source: RecordSource) -> Prepared:
    """The source's file made ready (once a run), the file known to be there."""
    file = where(folder, source)
    current = _RUN.get()
    key = (file, source.sheet)
    if current is not None and key in current.prepared:
        return current.prepared[key]
    made = _prepare(file, source)
    if current is not None:
        current.prepared[key] = made
        current.notes.extend(made.notes)
    return made


def _prepare(file: str, source: RecordSource) -> Prepared:
    if source.file.endswith(".parquet"):
        return Prepared(file)
    path = FilePath(file)
    try:
        if not is_workbook(source) and _utf8(path):
            return Prepared(file)
        content = path.read_bytes()
    except OSError as exc:
        raise unreadable(file, source, str(exc)) from None
    if is_workbook(source):
        from .sheet import first_sheet_note, sheet_records  # a workbook: worth loading

        read = sheet_records(file, content, source)
        return Prepared(file, None, read, first_sheet_note(file, read, source))
    text = gb18030_text(content)
    if text is None:  # in no encoding read: the reader names the first byte that is not UTF-8
        return Prepared(file)
    return Prepared(file, text, None, (gbk_note(file, f"records.{source.id}"),))


def _utf8(path: FilePath) -> bool:
    """Whether the file is UTF-8 (or ASCII), read a chunk at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            if chunk.isascii():
                continue
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return False
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def plainly() -> bool:
    """Whether this run gives DuckDB every CSV as the rows Python's reader read, written
    plainly; if not, from now on it does (for a file DuckDB's sniffer cannot read, such as
    one whose lines end some in CR LF and some in LF, which Python reads as it is)."""
    current = _RUN.get()
    assert current is not None, "records are read inside files.run()"
    if current.plain:
        return True
    current.plain = True
    return False


def duck_file(folder: str | FilePath, source: RecordSource,
              read: Callable[[], Iterable[Mapping[str, str]]] | None = None) -> str:
    """The file DuckDB reads for ``source``: the file itself, or its UTF-8 CSV copy for
    this run (a run must be open); ``read`` gives the records as Python reads them, for a
    run that gives DuckDB every CSV plainly."""
    made = prepared(folder, source)
    current = _RUN.get()
    plain = current is not None and current.plain and read is not None \
        and not source.file.endswith(".parquet")
    if made.text is None and made.sheet is None and not plain:
        return made.file
    assert current is not None, "a converted file is read inside files.run()"
    key = (made.file, source.sheet)
    if key not in current.copies:
        if current.folder is None:
            current.folder = TemporaryDirectory(prefix="appraise-records-")
        copy = FilePath(current.folder.name) / f"{len(current.copies)}.csv"
        with open(copy, "w", encoding="utf-8", newline="") as handle:
            if plain and read is not None and made.sheet is None:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(source.columns)
                writer.writerows([cells[c] for c in source.columns] for cells in read())
            elif made.text is not None:
                handle.write(made.text)
            elif made.sheet is not None:
                writer = csv.writer(handle, lineterminator="\n")
                writer.writerow(made.sheet.header)
                writer.writerows(cells for _row, cells in made.sheet.rows)
        current.copies[key] = str(copy)
    return current.copies[key]

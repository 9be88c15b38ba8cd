"""What a workbook's cells hide from its values, read from the sheet's XML itself: merged
cells, error values (#DIV/0!, #N/A) and formulas never calculated (a file a program wrote
and nobody opened in Excel), which the reader of values gives as empty cells, and numbers
shown as a percentage (95% is kept as 0.95).

Nothing here knows the scheme: it names cells, A1 style, by their 0-based row and column.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]{1,3})([0-9]{1,7})"')
_ERROR = re.compile(rb'\bt="e"')
_VALUE = re.compile(rb"<v>([^<]*)</v>")
_FORMULA = re.compile(rb"<f\b[^>]*?(?:/>|>([^<]*)</f>)")
_STYLE = re.compile(rb'\bs="([0-9]+)"')
_TYPED = re.compile(rb'\bt="(?!n")')  # a type other than a number's
_QUOTED = re.compile(r'"[^"]*"|\\.')  # the literal parts of a number format
_PERCENT_FORMATS = (9, 10)  # Excel's own 0% and 0.00%
_MERGE = re.compile(rb'<mergeCell\b[^>]*?\bref="([A-Z]{1,3}[0-9]{1,7}):([A-Z]{1,3}[0-9]{1,7})"')
_A1 = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")


@dataclass
class Hidden:
    """A sheet's cells whose values do not say what they are."""

    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # cell -> '#N/A'
    uncalculated: dict[tuple[int, int], str] = field(default_factory=dict)  # cell -> formula
    percent: set[tuple[int, int]] = field(default_factory=set)  # numbers shown as 95%


def column_letters(column: int) -> str:
    """The letters of a 0-based column: 0 is A, 26 is AA."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_name(row: int, column: int) -> str:
    """A 0-based cell, A1 style: (6, 2) is C7."""
    return f"{column_letters(column)}{row + 1}"


def _index(letters: bytes | str) -> int:
    number = 0
    for char in letters if isinstance(letters, str) else letters.decode("ascii"):
        number = number * 26 + ord(char) - 64
    return number - 1


def _cell(ref: str) -> tuple[int, int]:
    found = _A1.fullmatch(ref)
    assert found is not None
    return int(found[2]) - 1, _index(found[1])


def hidden(archive: zipfile.ZipFile, sheet: str) -> Hidden:
    """The merged, error and uncalculated cells of the sheet named ``sheet``.
    A sheet whose XML cannot be found or read is taken to hide nothing: its values were
    read, and whatever is wrong with them is said there."""
    out = Hidden()
    try:
        xml = archive.read(_sheet_path(archive, sheet))
    except (KeyError, StopIteration, ValueError, ElementTree.ParseError, zipfile.BadZipFile,
            OSError):
        return out
    end = xml.rfind(b"</sheetData>")
    for merge in _MERGE.finditer(xml, max(end, 0)):
        (r0, c0), (r1, c1) = _cell(merge[1].decode()), _cell(merge[2].decode())
        out.merged.append((r0, c0, r1, c1))
    percent = _percent_styles(archive)
    styled = any(f's="{i}"'.encode() in xml for i in percent)
    if b't="e"' not in xml and b"<f" not in xml and not styled:
        return out  # the usual sheet: values only
    for found in _CELL.finditer(xml, 0, end if end >= 0 else len(xml)):
        attributes, body = found[1], found[2] or b""
        ref = _REF.search(attributes)
        if ref is None:
            continue
        where = (int(ref[2]) - 1, _index(ref[1]))
        value = _VALUE.search(body)
        if _ERROR.search(attributes):
            out.errors[where] = value[1].decode("utf-8", "replace") if value else "#VALUE!"
            continue
        formula = _FORMULA.search(body)
        if formula is not None and (value is None or not value[1]):
            out.uncalculated[where] = (formula[1] or b"").decode("utf-8", "replace")
            continue
        style = _STYLE.search(attributes) if styled else None
        if style is not None and int(style[1]) in percent and not _TYPED.search(attributes):
            out.percent.add(where)
    return out


def _percent_styles(archive: zipfile.ZipFile) -> set[int]:
    """The cell styles that show a number as a percentage."""
    try:
        styles = ElementTree.fromstring(archive.read("xl/styles.xml"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError):
        return set()
    formats = {f.get("numFmtId"): _QUOTED.sub("", f.get("formatCode") or "")
               for f in styles.findall("{*}numFmts/{*}numFmt")}
    out = set()
    for i, style in enumerate(styles.findall("{*}cellXfs/{*}xf")):
        number = style.get("numFmtId") or "0"
        if (number.isdigit() and int(number) in _PERCENT_FORMATS) \
                or "%" in formats.get(number, ""):
            out.add(i)
    return out


def _sheet_path(archive: zipfile.ZipFile, sheet: str) -> str:
    """The path in the archive of the sheet named ``sheet``."""
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    wanted = next(s.get(_REL) for s in book.findall("{*}sheets/{*}sheet")
                  if s.get("name") == sheet)
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels.findall("{*}Relationship"):
        if rel.get("Id") == wanted:
            target = rel.get("Target") or ""
            if target.startswith("/"):
                return target.lstrip("/")
            return posixpath.normpath(posixpath.join("xl", target))
    raise KeyError(wanted)

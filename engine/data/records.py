"""A data file's records: the cells of each row (CSV with a header row, or JSON), with the
line and column each was written at. Nothing here knows the scheme.

A file named ``.json`` is JSON and one named ``.csv`` is CSV; any other (standard input,
which has no name, or a ``.txt``) is JSON when its first character is ``[`` or ``{``.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from dataclasses import dataclass
from typing import Any

from ..diagnostics import AppraiseError, Diagnostic, excerpt
from ..i18n import _
from ..load import is_yaml_key, not_figures, read_text

MAX_DATA_BYTES = 256 * 1024 * 1024
PERIOD_COLUMNS = ("period", "期间", "考核期间")
_JSON_START = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n]*[\[{]")  # after any BOM and blanks


@dataclass
class Record:
    cells: dict[str, str]  # column name -> raw text
    line: int
    columns: dict[str, int]  # column name -> 1-based column number (0 for JSON)


def records(name: str, content: bytes) -> tuple[list[str], list[Record]]:
    if is_json(name, content):
        return _json_records(name, read_text(name, content, MAX_DATA_BYTES, "data file"))
    return _csv_records(name, csv_text(name, content))


def csv_text(name: str, content: bytes) -> str:
    """The text of a CSV data file; an error if it is not text, or is a scheme."""
    text = read_text(name, content, MAX_DATA_BYTES, "data file")
    if is_scheme(name, text):
        raise AppraiseError([Diagnostic(name, 0, 0, "error", "", _(
            "this looks like a scheme (YAML), not a data file"), not_figures())])
    return text


def is_json(name: str, content: bytes) -> bool:
    """Whether the data file ``name`` holds JSON: by its name, else by its first character."""
    suffix = os.path.splitext(name)[1].lower()
    if suffix in (".json", ".csv"):
        return suffix == ".json"
    return _JSON_START.match(content) is not None


def is_scheme(name: str, text: str) -> bool:
    """A scheme given where the figures go (``--data scheme.yaml``): its first line that is
    not a comment is a YAML key, where a CSV's is a header of columns."""
    if name.lower().endswith((".yaml", ".yml")):
        return True
    end = text.find("\n", 4096)  # the lines of the start, unless all are blank or comments
    for part in (text[:end], text) if end >= 0 else (text,):
        lines = (line.strip() for line in part.splitlines())
        first = next((line for line in lines if line and not line.startswith("#")), None)
        if first is not None:
            return is_yaml_key(first)
    return is_yaml_key("")


def csv_rows(name: str, text: str) -> list[tuple[int, list[str]]]:
    """The rows of a CSV text, each with the line it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        problem = _("CSV: {problem}").format(problem=exc)
        hint = _("check for a quote (\") that is opened but never closed")
        if "field larger than field limit" in str(exc):
            problem = _("CSV: a cell is far too long")
            hint = _("check the row; a cell holds one value")
        raise AppraiseError([Diagnostic(name, start, 0, "error", "", problem,
                                        hint)]) from None
    return rows


def _csv_records(name: str, text: str) -> tuple[list[str], list[Record]]:
    lines = csv_rows(name, text)
    header, seen = csv_header(name, lines[0][1] if lines else [])
    records, errors = [], []
    for number, cells in lines[1:]:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            errors.append(width_error(name, number, cells, len(header)))
            continue
        values = {h: cells[i] for i, h in enumerate(header) if h}
        records.append(Record(values, number, seen))
    if errors:
        raise AppraiseError(errors)
    return header, records


def csv_header(name: str, cells: list[str]) -> tuple[list[str], dict[str, int]]:
    """A CSV's header row: its column names, and the (first) column number of each."""
    if not any(c.strip() for c in cells):
        raise AppraiseError([Diagnostic(name, 1, 1, "error", "", _(
            "the first row must be a header naming the columns"), _(
            "e.g. id,post,revenue,..."))])
    header = [c.strip() for c in cells]
    seen: dict[str, int] = {}
    errors = []
    for i, column in enumerate(header, 1):
        if column in seen and column:
            errors.append(Diagnostic(name, 1, i, "error", "", _(
                "column '{column}' appears twice (columns {first} and {second})").format(
                    column=excerpt(column), first=seen[column], second=i),
                _("remove or rename one")))
        seen.setdefault(column, i)
    if errors:
        raise AppraiseError(errors)
    return header, seen


def width_error(name: str, number: int, cells: list[str], width: int) -> Diagnostic:
    """A row (not blank) of another number of cells than the header has columns."""
    more = len(cells) > width
    return Diagnostic(name, number, min(len(cells), width) + 1, "error", "",
                      _("row has {cells} cells but the header names {columns} columns").format(
                          cells=len(cells), columns=width),
                      _("remove the extra cells") if more else
                      _("check for a missing comma, or a full-width comma '，' typed instead of "
                        "','"))


def _json_records(name: str, text: str) -> tuple[list[str], list[Record]]:
    duplicates: list[str] = []

    def unique(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:
                duplicates.append(key)
            seen[key] = value
        return seen

    def fail(message: str, hint: str = "", line: int = 0, column: int = 0) -> AppraiseError:
        return AppraiseError([Diagnostic(name, line, column, "error", "", message, hint)])

    try:  # numbers kept as written, as in a CSV: 5,000 digits or 1e999999 are read as cells
        data = json.loads(text, parse_int=str, parse_float=str, parse_constant=str,
                          object_pairs_hook=unique)
    except json.JSONDecodeError as exc:
        raise fail(_("JSON syntax: {problem}").format(problem=_json_problem(exc.msg)), "",
                   exc.lineno, exc.colno) from None
    except RecursionError:
        raise fail(_("the JSON is nested far too deeply"),
                   _("expected a list of people")) from None
    if duplicates:
        raise fail(_("key '{key}' appears twice in one object").format(
            key=excerpt(duplicates[0])), _("JSON would silently keep only the last; remove one"))
    period = None
    if isinstance(data, dict):
        period = data.get("period")
        data = data.get("people")
    if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
        raise fail(_("expected a list of people (objects), or {shape}").format(
            shape='{"period": ..., "people": [...]}'))
    if not data:
        raise fail(_("the data file has no rows"), _("add one object per person"))
    header: list[str] = []
    records = []
    for number, record in enumerate(data, 1):
        cells = {str(k): _json_text(v) for k, v in record.items()}
        own = next((k for k in PERIOD_COLUMNS if k in cells), None)
        if period is not None and own is None:
            cells["period"] = str(period)
        elif period is not None and own is not None and cells[own].strip() != str(period):
            raise fail(_("record {number} is for period '{period}', but the file says "
                         "'{said}'").format(number=number, period=excerpt(cells[own]),
                                            said=excerpt(str(period))),
                       _("correct one of them"))
        for key in cells:
            if key not in header:
                header.append(key)
        records.append(Record(cells, number, {}))
    return header, records


def _json_problem(said: str) -> str:
    """The JSON decoder's complaint in the run's language (as it says it, if not known)."""
    return {"Expecting value": _("Expecting value"),
            "Expecting ',' delimiter": _("Expecting ',' delimiter"),
            "Expecting ':' delimiter": _("Expecting ':' delimiter"),
            "Expecting property name enclosed in double quotes": _(
                "Expecting property name enclosed in double quotes"),
            "Unterminated string starting at": _("Unterminated string starting at"),
            "Extra data": _("Extra data"), "Invalid \\escape": _("Invalid \\escape"),
            "Invalid \\uXXXX escape": _("Invalid \\uXXXX escape"),
            "Invalid control character at": _("Invalid control character at")}.get(said, said)


def _json_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)

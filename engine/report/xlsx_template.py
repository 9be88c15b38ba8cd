"""The data-entry workbook (``appraise template``): the template of :mod:`.template_plan`
as an Excel workbook HR fills in and passes back to ``appraise score``.

The data sheet comes first, as the readers read the first sheet: a header row (each
field's header with a comment giving its counting rule and what it takes), then a row
for each person (a row a month for a scheme kept by month), the cells a person's card does
not read shaded grey, each column checked as it is typed (numbers in the field's range,
whole numbers for counts of events, a rating from a drop-down list of its scale's levels).
The instructions follow it, and a hidden sheet holds the lists the drop-downs show (when
there are ratings).
"""

from __future__ import annotations

import io
from typing import Any

from ..i18n import _, language
from ..load.sheetxml import column_letters
from .template_plan import Column, Template, plan

__all__ = ["plan", "template_xlsx"]

GREY = "#D9D9D9"
HEADER = "#DDEBF7"
WIDEST = 40  # characters: a long header wraps rather than widens its column
ANY = 1e15  # "any number": the widest range a cell's check allows
TITLE = 32  # characters Excel allows in an input message's or error's title
MESSAGE = 255  # ... and in its message


def template_xlsx(template: Template, scheme_name: str, file_name: str) -> bytes:
    """The workbook's bytes. ``scheme_name`` and ``file_name`` are named in the
    instructions' command that scores the filled-in workbook."""
    import xlsxwriter  # type: ignore[import-untyped]

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    formats = _Formats(book)
    data = book.add_worksheet(_("Data"))
    guide = book.add_worksheet(_("Instructions"))
    sources: dict[str, str] = {}
    if any(column.kind == "rating" for column in template.columns):
        lists = book.add_worksheet(_("Lists"))
        lists.hide()
        sources = _lists(lists, template)
    _data(data, template, formats, sources)
    _guide(guide, template, formats, data.get_name(), scheme_name, file_name)
    data.activate()
    book.close()
    return out.getvalue()


class _Formats:
    def __init__(self, book: Any) -> None:
        add = book.add_format
        self.people_header = add({"bold": True, "bg_color": GREY, "border": 1,
                                  "text_wrap": True, "valign": "top"})
        self.header = add({"bold": True, "bg_color": HEADER, "border": 1, "text_wrap": True,
                           "valign": "top"})
        self.person = add({"bg_color": GREY, "num_format": "@", "border": 1,
                           "border_color": "#BFBFBF"})
        self.idle = add({"bg_color": GREY, "border": 1, "border_color": "#BFBFBF"})
        cell: dict[str, Any] = {}  # a column's: no border, that would run down the sheet
        self.cells = {"money": add({**cell, "num_format": "#,##0.00"}),
                      "whole": add({**cell, "num_format": "0"}),
                      "number": add({**cell, "num_format": "General"}),
                      "rating": add({**cell, "num_format": "@"}),
                      "text": add({**cell, "num_format": "@", "text_wrap": True})}
        self.title = add({"bold": True, "font_size": 14})
        self.bold = add({"bold": True, "bg_color": HEADER, "border": 1})
        self.wrap = add({"text_wrap": True, "valign": "top", "border": 1})

    def cell(self, column: Column) -> Any:
        return self.cells["money" if column.money and column.kind == "number" else column.kind]


def _lists(sheet: Any, template: Template) -> dict[str, str]:
    """Each rated field's levels in a column of the hidden sheet: the source of its list."""
    sources: dict[str, str] = {}
    name = sheet.get_name().replace("'", "''")
    for column in template.columns:
        if column.kind != "rating" or column.field in sources:
            continue
        at = len(sources)
        sheet.write_string(0, at, column.field)
        for k, level in enumerate(column.levels, start=1):
            sheet.write_string(k, at, level)
        letter = column_letters(at)
        sources[column.field] = f"='{name}'!${letter}$2:${letter}${len(column.levels) + 1}"
    return sources


def _data(sheet: Any, template: Template, formats: _Formats, sources: dict[str, str]) -> None:
    shown = template.people_columns
    for k, title in enumerate(shown):
        sheet.write_string(0, k, title, formats.people_header)
    first = len(shown)
    for k, column in enumerate(template.columns, start=first):
        sheet.write_string(0, k, column.header, formats.header)
        sheet.write_comment(0, k, column.note, {"x_scale": 2.2, "y_scale": 2.0,
                                                 "font_size": 9})
    for i, row in enumerate(template.rows, start=1):
        for k, text in enumerate((row.person, row.name, row.post, row.unit, row.period)):
            sheet.write_string(i, k, text, formats.person)
        for k, column in enumerate(template.columns, start=first):
            if column.field not in row.needs:  # a cell to fill in has its column's format
                sheet.write_blank(i, k, None, formats.idle)
    last = max(len(template.rows), 1)
    for k, column in enumerate(template.columns, start=first):
        sheet.data_validation(1, k, last, k, _check(column, sources))
    widths = []
    for title, name in zip(shown, ("person", "name", "post", "unit", "period"), strict=True):
        texts = {getattr(row, name) for row in template.rows}  # each once: names repeat
        widths.append(max(_width(title), 8, *map(_width, texts)) + 2)
    for k, width in enumerate(widths):
        sheet.set_column(k, k, min(width, WIDEST))
    for k, column in enumerate(template.columns, start=first):
        sheet.set_column(k, k, min(max(_width(column.header) + 2, 12), 24),
                         formats.cell(column))
    sheet.set_row(0, 36)
    sheet.freeze_panes(1, 2)


def _check(column: Column, sources: dict[str, str]) -> dict[str, Any]:
    """The data validation of a column: what it takes, the message shown as a cell is
    chosen, and the error shown when a cell is given something else."""
    out: dict[str, Any] = {
        "input_title": _clip(column.header, TITLE),
        "input_message": _clip(_("Enter {allowed}.").format(allowed=column.allowed), MESSAGE),
        "error_title": _clip(_("Not allowed here"), TITLE),
        "error_message": _clip(_("{header}: enter {allowed}.").format(
            header=column.header, allowed=column.allowed), MESSAGE),
        "ignore_blank": True,
    }
    if column.kind == "text":
        return {**out, "validate": "any"}
    if column.kind == "rating":
        return {**out, "validate": "list", "source": sources[column.field]}
    low = _number(column.low if column.low is not None else -ANY)
    high = _number(column.high if column.high is not None else ANY)
    return {**out, "validate": "integer" if column.kind == "whole" else "decimal",
            "criteria": "between", "minimum": low, "maximum": high}


def _guide(sheet: Any, template: Template, formats: _Formats, data: str, scheme_name: str,
           file_name: str) -> None:
    """The instructions: how to fill the sheet in and score it, and every column."""
    scheme = template.scheme
    sheet.write_string(0, 0, _("{scheme}: data for {period}").format(
        scheme=scheme.label or scheme.name, period=template.period), formats.title)
    period = f" --period {template.period}" if template.by_month else ""
    lines = [
        _("Fill in the sheet '{sheet}': one row per person; do not rename, move or delete "
          "its columns.").format(sheet=data),
        _("Each person has a row for each month of {period}, on the post held that "
          "month.").format(period=template.period) if template.by_month else
        _("The id, name, post and unit of each person appraised in {period} are filled "
          "in from the scheme.").format(period=template.period),
        _("A grey cell is a figure the person's scorecard does not use: leave it empty."),
        _("Point at a column's header to read its counting rule; a cell refuses what the "
          "column does not take, and a rating is chosen from the drop-down list."),
        _("A person the scheme does not list: add a row with their id, name and post."),
        _("Then score the workbook: appraise score {scheme} --data {file}{period}").format(
            scheme=scheme_name, file=file_name, period=period),
    ]
    for k, line in enumerate(lines, start=2):
        sheet.write_string(k, 0, f"{k - 1}. {line}")
    top = len(lines) + 3
    titles = (_("Column"), _("Field"), _("Enter"), _("Counting rule"))
    for k, title in enumerate(titles):
        sheet.write_string(top, k, title, formats.bold)
    for i, column in enumerate(template.columns, start=top + 1):
        spec = scheme.fields[column.field]
        rule = spec.definition_en if language() == "en" and spec.definition_en \
            else spec.definition
        for k, text in enumerate((column.header, column.field, column.allowed, rule)):
            sheet.write_string(i, k, text, formats.wrap)
    for k, width in enumerate((28, 20, 32, 60)):
        sheet.set_column(k, k, width)


def _number(value: float) -> float | int:
    """A whole number as one (1, not 1.0), as Excel writes it in a check's formula."""
    return int(value) if value == int(value) else value


def _width(text: str) -> int:
    """How wide ``text`` shows, in characters: a Chinese character takes two."""
    return sum(2 if ord(c) > 0x2E7F else 1 for c in text)


def _clip(text: str, most: int) -> str:
    return text if len(text) <= most else text[:most - 1] + "…"

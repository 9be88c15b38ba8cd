"""Building record sources (``records:``) and the fields worked out from them (a field's
``from:``): every column, reference, path and expression checked against the sources the
scheme declares, each problem at its line."""

from __future__ import annotations

from typing import Any

from ..diagnostics import Path, did_you_mean
from ..formula import FormulaError
from ..formula.records import ColumnPath, RecordExpr, compile_record_expr, type_word
from ..i18n import _
from ..model import HOWS, Column, FieldSource, RecordSource
from .context import Context

#: What a column may refer to besides another source: the scheme's own people and units.
SCHEME_TABLES = ("people", "units")
#: How far a path may follow references (visit -> customer -> region -> manager).
MAX_HOPS = 3


def sources(ctx: Context) -> dict[str, RecordSource]:
    """The scheme's record sources, each checked: its key and date among its columns, the
    date a date, each reference to a source (or to people or units) the scheme has."""
    found: dict[str, RecordSource] = {}
    if ctx.calendar is None and ctx.section("records"):
        ctx.error(("records",), _("records are placed in the months of a year, and the scheme "
                                  "has no calendar"), _("add calendar: {year: 2026}"),
                  at_key=True)
    for name, raw in ctx.entries("records"):
        path: Path = ("records", name)
        if name in SCHEME_TABLES:
            ctx.error(path, _("a record source cannot be called '{name}': refers: {name} "
                              "names the scheme's own").format(name=name),
                      _("call it e.g. staff_{name}").format(name=name), at_key=True)
        columns = {col: Column(col, spec if isinstance(spec, str) else spec["type"],
                               None if isinstance(spec, str) else spec.get("refers"))
                   for col, spec in raw["columns"].items()}
        for key in ("key", "date"):
            col = raw.get(key)
            if col is not None and col not in columns:
                ctx.error((*path, key), _("'{column}' is not a column of records '{source}'"
                                          ).format(column=col, source=name),
                          did_you_mean(col, columns) or _("declare it under columns:"))
        date = raw.get("date")
        if date in columns and columns[date].type != "date":
            ctx.error((*path, "date"), _("the date column '{column}' of records '{source}' "
                                         "holds {found}").format(
                column=date, source=name, found=type_word(columns[date].type)),
                      _("declare it as {column}: date").format(column=date))
        for column in columns.values():
            if (column.refers is not None or column.name == raw["key"]) \
                    and column.type != "text":
                ctx.error((*path, "columns", column.name), _(
                    "column '{column}' holds ids (a key, or a reference), which are text, not "
                    "{found}").format(column=column.name, found=type_word(column.type)),
                    _("declare it as text"), at_key=True)
            target = column.refers
            if target is not None and target not in SCHEME_TABLES \
                    and target not in ctx.known("records"):
                ctx.error((*path, "columns", column.name, "refers"), _(
                    "column '{column}' refers to '{target}', which is no record source, nor "
                    "people or units").format(column=column.name, target=target),
                    did_you_mean(target, [*ctx.known("records"), *SCHEME_TABLES]))
        _in_the_folder(ctx, path, raw["file"])
        sheet = raw.get("sheet")
        if sheet is not None and not raw["file"].lower().endswith(".xlsx"):
            ctx.error((*path, "sheet"), _("sheet: names a sheet of a workbook, and {file} is "
                                          "not one").format(file=raw["file"]),
                      _("remove sheet:, or name a workbook (.xlsx) under file:"), at_key=True)
        found[name] = RecordSource(name, raw["file"], raw["key"], columns, date,
                                   ctx.doc.place(path)[1], sheet)
    return found


def _in_the_folder(ctx: Context, path: Path, file: str) -> None:
    """A records file is named from the records folder and stays in it: a scheme (perhaps
    a consultant's) never reads a file elsewhere on the machine that runs it."""
    parts = file.replace("\\", "/").split("/")
    if file.startswith(("/", "\\")) or (file[:1].isalpha() and file[1:2] == ":") or ".." in parts:
        ctx.error((*path, "file"), _("'{file}' is outside the records folder").format(
            file=file), _("write the file's name in the folder given by --records, e.g. "
                          "orders.csv, or 2026/orders.csv for one in a folder inside it"))


def reachable(records: dict[str, RecordSource], source: str) -> dict[ColumnPath, str]:
    """Every column path a record of ``source`` reaches, with its type: its own columns and,
    through each column that refers to another source, that source's (``customer.tier``)."""
    out: dict[ColumnPath, str] = {}
    todo: list[tuple[ColumnPath, str]] = [((), source)]
    while todo:
        prefix, name = todo.pop(0)
        for column in records[name].columns.values():
            path = (*prefix, column.name)
            out[path] = column.type
            if column.refers in records and len(path) <= MAX_HOPS:
                todo.append((path, column.refers))
    return out


def derived(ctx: Context, records: dict[str, RecordSource]) -> dict[str, FieldSource]:
    """The fields defined by ``from:``, each checked against its source."""
    out: dict[str, FieldSource] = {}
    for key, raw in ctx.entries("fields"):
        if isinstance(raw, dict) and isinstance(raw.get("from"), dict):
            built = _field_source(ctx, key, raw, records)
            if built is not None:
                out[key] = built
    return out


def _field_source(ctx: Context, key: str, raw: dict[str, Any],
                  records: dict[str, RecordSource]) -> FieldSource | None:
    spec: dict[str, Any] = raw["from"]
    path: Path = ("fields", key, "from")
    for setting in ("raters", "count", "scale"):
        if setting in raw and not (setting == "raters" and "rater" in spec):
            ctx.error(("fields", key, setting), _("field '{key}' is worked out from records; "
                                                  "'{setting}' is for figures written in the "
                                                  "data").format(key=key, setting=setting),
                      _("remove '{setting}', or remove from:").format(setting=setting),
                      at_key=True)
            return None
    source = spec["records"]
    if not ctx.refer((*path, "records"), source, "records", "record source") \
            or source not in records:
        return None
    if records[source].date is None:
        ctx.error((*path, "records"), _("records '{source}' have no date to place them in a "
                                        "month").format(source=source),
                  _("name its date column under records.{source}.date").format(source=source))
        return None
    hows = [h for h in HOWS if h in spec]
    if len(hows) != 1:
        ctx.error(path, (_("field '{key}' says how to aggregate the records {count} ways: "
                           "{hows}").format(key=key, count=len(hows), hows=", ".join(hows))
                         if hows else _("field '{key}' does not say how to aggregate the "
                                        "records").format(key=key)),
                  _("write one of: {hows}").format(hows=", ".join(HOWS)), at_key=True)
        return None
    how = hows[0]
    columns = reachable(records, source)
    of = None if how == "count" else _expr(ctx, (*path, how), spec[how], columns, None)
    if of is not None and how != "count_distinct" and of.type != "number":
        ctx.error((*path, how), _("{how} takes numbers; '{text}' is {found}").format(
            how=how, text=of.text, found=type_word(of.type)),
                  _("name a number column, e.g. amount"))
        return None
    where = _expr(ctx, (*path, "where"), spec["where"], columns, "boolean") \
        if "where" in spec else None
    by = _path(ctx, (*path, "by"), spec["by"], source, records, person=True)
    first_of = _path(ctx, (*path, "first_of"), spec["first_of"], source, records) \
        if "first_of" in spec else None
    per = _path(ctx, (*path, "per"), spec["per"], source, records) if "per" in spec else None
    rater = _path(ctx, (*path, "rater"), spec["rater"], source, records) \
        if "rater" in spec else None
    if "rater" in spec and "raters" not in raw:
        ctx.error((*path, "rater"), _("rater: names who rated, for a field rated by several; "
                                      "field '{key}' has no raters:").format(key=key),
                  _("add raters: with each group's weight, or remove rater:"))
        return None
    if per is not None and how != "count":
        ctx.error((*path, "per"), _("per: counts the values that have enough records, so it "
                                    "goes with count: true, not {how}").format(how=how),
                  _("write count: true"))
        return None
    if "at_least" in spec and "per" not in spec:
        ctx.error((*path, "at_least"), _("at_least: needs per: (what to count the records "
                                         "of)"), _("add per:, e.g. per: customer"))
        return None
    if by is None or (where is None and "where" in spec) or (of is None and how != "count") \
            or ("first_of" in spec and first_of is None) or ("per" in spec and per is None) \
            or ("rater" in spec and rater is None):
        return None
    paths = {by, *(first_of, per, rater)} - {None}
    for expr in (of, where):
        if expr is not None:
            paths |= expr.paths
    return FieldSource(source, how, of, where, by, first_of, per, int(spec.get("at_least", 1)),
                       rater, frozenset(p for p in paths if p is not None))


def _expr(ctx: Context, path: Path, text: Any, columns: dict[ColumnPath, str],
          expect: str | None) -> RecordExpr | None:
    text = str(text)
    try:
        return compile_record_expr(text, columns, expect)
    except FormulaError as exc:
        ctx.formula_error(path, text, exc, _("use the columns of the records"))
        return None


def _path(ctx: Context, where: Path, text: str, source: str,
          records: dict[str, RecordSource], *, person: bool = False) -> ColumnPath | None:
    """A path along declared references (``customer.owner``); with ``person``, one that ends
    at a column referring to people."""
    steps, current, column = text.split("."), source, None
    for index, step in enumerate(steps):
        if index and (column is None or column.refers not in records):
            ctx.error(where, _("'{step}' is not followed by a declared reference: column "
                               "'{column}' of records '{source}' refers to no record source"
                               ).format(step=".".join(steps[:index]), column=steps[index - 1],
                                        source=current),
                      _("declare refers: on the column, or name a column that has one"))
            return None
        if column is not None:
            current = str(column.refers)
        column = records[current].columns.get(step)
        if column is None:
            ctx.error(where, _("'{column}' is not a column of records '{source}'").format(
                column=step, source=current),
                      did_you_mean(step, records[current].columns) or
                      _("declare it under columns:"))
            return None
    if person and (column is None or column.refers != "people"):
        ctx.error(where, _("'{path}' does not lead to a person: a figure is counted for the "
                           "person a column refers to").format(path=text),
                  _("declare refers: people on the column (e.g. the salesperson), or follow "
                    "a reference to one (customer.owner)"))
        return None
    return tuple(steps)

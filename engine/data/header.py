"""A data file's header, read against the scheme: which column holds the person's id,
name, post and period, and which holds each field (by its id or its label, so a sheet
exported from Excel with Chinese headers works), each rater's ratings included.

A field is read from one column: a second column that holds it too (headed once by the
field's id and once by its label) is kept as a :class:`Twin` of the first and reported by
:func:`one_column_per_field`, never silently dropped."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..i18n import _
from ..model import Field, Scheme
from ..model.measure import same_unit
from .records import PERIOD_COLUMNS, Record

ID_COLUMNS = ("id", "person", "person_id", "工号", "员工编号")
NAME_COLUMNS = ("name", "姓名")
POST_COLUMNS = ("post", "岗位")
UNIT_COLUMNS = ("unit", "部门")
"""A column naming the person's unit, as a data-entry template writes it: for the person
who fills the sheet in, read by nobody (the scheme says each post's unit)."""
#: A header with the field's unit after it, in brackets ASCII or full-width: 销售额（元）.
_WITH_UNIT = re.compile(r"(.*?)\s*[(（]\s*([^()（）]*?)\s*[)）]")


@dataclass(frozen=True)
class Twin:
    """A column that holds what an earlier column holds: the same field, or the same rater's
    rating of it, headed the other way (by id rather than label, or the reverse)."""

    first: str  # the earlier column, the one read
    field: str
    rater: str | None = None  # the rater (manager, peer1), for a rater's column


@dataclass
class Header:
    id: str | None
    name: str | None
    post: str | None
    period: str | None
    unit: str | None = None
    fields: dict[str, str] = field(default_factory=dict)  # field id -> its column
    raters: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    """For each rated field, its rater groups and their columns (teamwork@peer1, ...)."""
    ignored: list[str] = field(default_factory=list)  # columns that are not fields
    twins: dict[str, Twin] = field(default_factory=dict)
    """Columns that hold a field (or a rater's rating) an earlier column already holds."""
    doubled: list[tuple[str, str, str]] = field(default_factory=list)
    """Two columns that each name the person's id (or name, post, period): 'id' and '工号'."""
    units: list[tuple[str, str, str]] = field(default_factory=list)
    """Columns headed by a field and a unit that is not the field's: (column, field, unit)."""


def read_header(scheme: Scheme, columns: list[str]) -> Header:
    by_label = {f.label_en: f.id for f in scheme.fields.values() if f.label_en}
    by_label.update({f.label: f.id for f in scheme.fields.values()})  # before English names
    header = Header(pick_column(columns, ID_COLUMNS), pick_column(columns, NAME_COLUMNS),
                    pick_column(columns, POST_COLUMNS), pick_column(columns, PERIOD_COLUMNS),
                    pick_column([c for c in columns if c not in scheme.fields
                                 and c not in by_label], UNIT_COLUMNS))
    for what, names in ((_("the person's id"), ID_COLUMNS), (_("the person's name"), NAME_COLUMNS),
                        (_("the post"), POST_COLUMNS), (_("the period"), PERIOD_COLUMNS)):
        found = [c for c in columns if c.lower() in names]
        if len(found) > 1:
            header.doubled.append((what, found[0], found[1]))
    header.raters = _rater_columns(scheme, columns, by_label, header.twins)
    special = {header.id, header.name, header.post, header.period, header.unit, *header.twins,
               *(second for _what, _first, second in header.doubled)}
    special |= {c for groups in header.raters.values() for cs in groups.values() for c in cs}
    for column in columns:
        field_id = column if column in scheme.fields else by_label.get(column)
        if field_id is None and column not in special:
            field_id = _with_unit(scheme, by_label, column, header.units)
        if field_id is not None:
            first = header.fields.setdefault(field_id, column)
            if first != column:
                header.twins[column] = Twin(first, field_id)
        elif column and column not in special:
            header.ignored.append(column)
    return header


def one_column_per_field(scheme: Scheme, header: Header, columns: list[str],
                         found: list[Record], is_json: bool,
                         fail: Callable[[int, int, str, str, str], None]) -> None:
    """Report a field held by two columns. In JSON, where each object names its own keys,
    a field is read from whichever of its names a record uses; both in one is an error."""
    hint = _("delete one of the two columns, or rename it if it holds something else")
    for field_id, column in header.fields.items():
        spec = scheme.fields[field_id]
        rated = [c for cs in header.raters.get(field_id, {}).values() for c in cs]
        if spec.raters is not None and rated and not is_json:
            fail(1, columns.index(column) + 1, "", _(
                "column {number} ('{column}') holds {what}, which is rated by several raters "
                "and read from their columns ({columns}), so it would be ignored").format(
                    number=columns.index(column) + 1, column=column, what=_field(spec),
                    columns=", ".join(rated[:3]) + (", ..." if len(rated) > 3 else "")),
                _("delete the column, or move its ratings under the raters' columns"))
    for what, first_name, second_name in header.doubled if not is_json else ():
        first, second = columns.index(first_name) + 1, columns.index(second_name) + 1
        fail(1, second, "", _("columns {first} ('{first_name}') and {second} ('{second_name}') "
                              "both hold {what}, and only '{first_name}' would be read").format(
            first=first, first_name=first_name, second=second, second_name=second_name,
            what=what), hint)
    for column, twin in header.twins.items():
        spec = scheme.fields[twin.field]
        what = _field(spec)
        if twin.rater is not None:
            what = _("the rating of '{rater}' for {field}").format(rater=twin.rater, field=what)
        if not is_json:
            first, second = columns.index(twin.first) + 1, columns.index(column) + 1
            fail(1, second, "", _("columns {first} ('{first_name}') and {second} "
                                  "('{second_name}') both hold {what}").format(
                first=first, first_name=twin.first, second=second, second_name=column,
                what=what), hint)
            continue
        for record in found:
            if column not in record.cells:
                continue
            if twin.first in record.cells:
                person = record.cells.get(header.id or "", "").strip()
                fail(0, 0, f"{person}.{spec.id}" if person else spec.id, _(
                    "record {number} holds {what} twice, as '{first}' and as '{second}'").format(
                        number=record.line, what=what, first=twin.first, second=column),
                     _("delete one of the two, or rename it if it holds something else"))
            record.cells[twin.first] = record.cells.pop(column)


def _field(spec: Field) -> str:
    """A field as a message names it: its id, and its label when that differs."""
    if spec.label != spec.id:
        return _("field '{field}' ({label})").format(field=spec.id, label=spec.label)
    return _("field '{field}'").format(field=spec.id)


def _rater_columns(scheme: Scheme, header: list[str], by_label: dict[str, str],
                   twins: dict[str, Twin]) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = {}
    seen: dict[tuple[str, str], str] = {}  # (field, rater) -> its first column
    for column in header:
        if "@" not in column:
            continue
        name, _, rater = column.rpartition("@")
        field_id = name if name in scheme.fields else by_label.get(name)
        spec = scheme.fields.get(field_id or "")
        if spec is None or spec.raters is None:
            continue
        group = rater if rater in spec.raters.weights else rater.rstrip("0123456789")
        if group not in spec.raters.weights:
            continue
        first = seen.setdefault((spec.id, rater), column)
        if first != column:
            twins[column] = Twin(first, spec.id, rater)
        else:
            out.setdefault(spec.id, {}).setdefault(group, []).append(column)
    return out


def _with_unit(scheme: Scheme, by_label: dict[str, str], column: str,
               wrong: list[tuple[str, str, str]]) -> str | None:
    """The field a column headed with a unit holds ('销售额（元）', 'revenue (yuan)'); a unit
    other than the field's is filed in ``wrong``."""
    found = _WITH_UNIT.fullmatch(column)
    if found is None:
        return None
    name, unit = found[1], found[2]
    field_id = name if name in scheme.fields else by_label.get(name)
    if field_id is None:
        return None
    if not same_unit(unit, scheme.fields[field_id].unit):
        wrong.append((column, field_id, unit))
    return field_id


def pick_column(header: list[str], names: tuple[str, ...]) -> str | None:
    lowered = {h.lower(): h for h in header}
    for name in names:
        if name in lowered:
            return lowered[name]
    return None

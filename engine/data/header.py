"""A data file's header, read against the scheme: which column holds the person's id,
name, post and period, and which holds each field (by its id or its label, so a sheet
exported from Excel with Chinese headers works), each rater's ratings included."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Scheme
from .records import PERIOD_COLUMNS

ID_COLUMNS = ("id", "person", "person_id", "工号", "员工编号")
NAME_COLUMNS = ("name", "姓名")
POST_COLUMNS = ("post", "岗位")


@dataclass
class Header:
    id: str | None
    name: str | None
    post: str | None
    period: str | None
    fields: dict[str, str] = field(default_factory=dict)  # field id -> its column
    raters: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    """For each rated field, its rater groups and their columns (teamwork@peer1, ...)."""
    ignored: list[str] = field(default_factory=list)  # columns that are not fields


def read_header(scheme: Scheme, columns: list[str]) -> Header:
    by_label = {f.label: f.id for f in scheme.fields.values()}
    header = Header(_pick(columns, ID_COLUMNS), _pick(columns, NAME_COLUMNS),
                    _pick(columns, POST_COLUMNS), _pick(columns, PERIOD_COLUMNS),
                    raters=_rater_columns(scheme, columns, by_label))
    special = {header.id, header.name, header.post, header.period}
    special |= {c for groups in header.raters.values() for cs in groups.values() for c in cs}
    for column in columns:
        field_id = column if column in scheme.fields else by_label.get(column)
        if field_id is not None:
            header.fields.setdefault(field_id, column)
        elif column and column not in special:
            header.ignored.append(column)
    return header


def _rater_columns(scheme: Scheme, header: list[str], by_label: dict[str, str]
                   ) -> dict[str, dict[str, list[str]]]:
    out: dict[str, dict[str, list[str]]] = {}
    for column in header:
        if "@" not in column:
            continue
        name, _, rater = column.rpartition("@")
        field_id = name if name in scheme.fields else by_label.get(name)
        spec = scheme.fields.get(field_id or "")
        if spec is None or spec.raters is None:
            continue
        group = rater if rater in spec.raters.weights else rater.rstrip("0123456789")
        if group in spec.raters.weights:
            out.setdefault(spec.id, {}).setdefault(group, []).append(column)
    return out


def _pick(header: list[str], names: tuple[str, ...]) -> str | None:
    lowered = {h.lower(): h for h in header}
    for name in names:
        if name in lowered:
            return lowered[name]
    return None

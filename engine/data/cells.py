"""One person's cell of a field: a number (1,380,000 is fine), a rating on the field's
scale, or several raters' ratings combined; each problem named by row and column."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation

from ..diagnostics import did_you_mean, excerpt
from ..i18n import _
from ..load.hints import number_hint
from ..model import Post, Scheme
from .header import Header
from .raters import RatingError, combine
from .records import Record
from .values import message, place, problem, taken

PLAIN = re.compile(r"[-+]?\d{1,15}(\.\d{1,15})?")
GROUPED = re.compile(r"[-+]?\d{1,3}(,\d{3})+(\.\d+)?")
_WRITTEN = re.compile(r"[-+]?([0-9]*)\.?([0-9]*)(?:[eE]([-+]?)[0-9]+)?")  # digits, e.g. 1e999
_LARGEST = Decimal("1.7976931348623157e308")  # the largest number a float holds

Value = float | str
Fail = Callable[[int, int, str, str, str], None]  # line, column, path, message, hint


def parse_number(text: str) -> float | None:
    """A cell as a number: plain, or with thousands separators (1,380,000)."""
    cleaned = text.strip()
    if PLAIN.fullmatch(cleaned):  # the usual case: float() rounds exactly as Decimal does
        return float(cleaned)
    if GROUPED.fullmatch(cleaned):
        cleaned = cleaned.replace(",", "")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    value = float(number)
    if not math.isfinite(value) or (value == 0 and number != 0):
        return None  # a float cannot hold it: too large, or too close to zero
    return value


def not_a_number(text: str) -> tuple[str, str]:
    """What to tell a person whose cell should hold a number but does not: the message
    and the hint."""
    cleaned = text.strip()
    cleaned = cleaned.replace(",", "") if GROUPED.fullmatch(cleaned) else cleaned
    written = _WRITTEN.fullmatch(cleaned)
    if written is None or not (written[1] or written[2]):
        return (_("expected a number, found '{text}'").format(text=excerpt(text)),
                number_hint(text) or _("write digits only, e.g. 1380000 or 1,380,000; no units "
                                       "or {percent} signs").format(percent="%"))
    digits = len(written[1]) + len(written[2])
    shown = cleaned if len(cleaned) <= 24 else _("{start}... ({count:,} digits)").format(
        start=cleaned[:16], count=digits)
    try:
        large = Decimal(cleaned).copy_abs() > _LARGEST
    except InvalidOperation:  # an exponent past what even a Decimal holds
        large = written[3] != "-"
    if large:
        return (_("the number {shown} is too large to compute with").format(shown=shown),
                _("check the figure; figures must be below 1e308"))
    return (_("the number {shown} is too close to zero to compute with").format(shown=shown),
            _("check the figure; write 0 if it is nothing"))


class Cells:
    """Reads the cells of one file; a column the file lacks is reported once, not per row."""

    def __init__(self, scheme: Scheme, header: Header, fail: Fail) -> None:
        self.scheme, self.header, self.fail = scheme, header, fail
        self.missing_reported: set[str] = set()

    def value(self, record: Record, person_id: str, post: Post, field_id: str) -> Value | None:
        spec = self.scheme.fields[field_id]
        if spec.raters is not None:
            return self.rated(record, person_id, field_id)
        column = self.header.fields.get(field_id)
        if column is None:
            if field_id not in self.missing_reported:
                self.missing_reported.add(field_id)
                missing = _("missing column '{field}' ({label}), needed by post '{post}' "
                            "(first: person '{person}')") if spec.label != field_id else \
                    _("missing column '{field}', needed by post '{post}' (first: person "
                      "'{person}')")
                self.fail(1, 0, "", missing.format(field=field_id, label=spec.label,
                                                   post=post.id, person=person_id),
                          _("add the column, headed by the field's id or label"))
            return None
        text = record.cells.get(column, "").strip()
        if spec.type == "number" and PLAIN.fullmatch(text):  # the usual case
            return float(text)
        col = record.columns.get(column, 0)
        path = f"{person_id}.{field_id}"
        if not text:
            self.fail(record.line, col, path, _("no value for '{column}'").format(
                column=excerpt(column)), _("enter 0 if there were none")
                if spec.type == "number" else _("enter the rating"))
            return None
        if spec.type == "rating":
            scale = self.scheme.scales.get(spec.scale or "")
            levels = list(scale.levels) if scale else []
            if text not in levels:
                self.fail(record.line, col, path, _("rating '{text}' is not on the scale "
                                                    "'{scale}'").format(text=excerpt(text),
                                                                        scale=spec.scale),
                          did_you_mean(text, levels))
                return None
            return text
        parsed = parse_number(text)
        if parsed is None:
            self.fail(record.line, col, path, *not_a_number(text))
        return parsed

    def figure(self, record: Record, person_id: str, post: Post, field_id: str
               ) -> Value | None:
        """The cell's :meth:`value` as the scheme takes it (:mod:`.values`): converted if
        the field says so, or None with the problem filed."""
        value = self.value(record, person_id, post, field_id)
        spec = self.scheme.fields[field_id]
        if not isinstance(value, float) or spec.raters is not None:
            return value
        found = problem(spec, value)
        if found is None:
            return taken(spec, value)
        column = self.header.fields[field_id]
        text, hint = message(spec, record.cells[column].strip(), place(record, column), found)
        self.fail(record.line, record.columns.get(column, 0), f"{person_id}.{field_id}", text,
                  hint)
        return None

    def rated(self, record: Record, person_id: str, field_id: str) -> float | None:
        """A field rated by several raters: their columns combined as the scheme says."""
        spec = self.scheme.fields[field_id]
        assert spec.raters is not None
        groups = self.header.raters.get(field_id, {})
        ratings: dict[str, list[float]] = {}
        missing = [g for g, weight in spec.raters.weights.items()
                   if weight != 0 and not groups.get(g)]
        for group in missing:
            if f"{field_id}@{group}" not in self.missing_reported:  # once a file, not a row
                self.missing_reported.add(f"{field_id}@{group}")
                self.fail(1, 0, "", f"missing column '{field_id}@{group}' for the rater "
                          f"'{group}' of field '{field_id}' (first: person '{person_id}')",
                          f"head a column {field_id}@{group}; for several raters, "
                          f"{field_id}@{group}1, {field_id}@{group}2, ...")
        if missing:
            return None
        for group in spec.raters.weights:
            for column in groups.get(group, []):
                text = record.cells.get(column, "").strip()
                if not text:
                    continue  # a rater who did not rate; a group with nobody is an error
                number = parse_number(text)
                if number is None:
                    self.fail(record.line, record.columns.get(column, 0),
                              f"{person_id}.{field_id}", f"expected a rating (a number) in "
                              f"'{excerpt(column)}', found '{excerpt(text)}'",
                              "write digits only, e.g. 4")
                    return None
                found = problem(spec, number)  # the rating as written: within min and max
                if found is not None:
                    said, hint = message(spec, text, place(record, column), found)
                    self.fail(record.line, record.columns.get(column, 0),
                              f"{person_id}.{field_id}", said, hint)
                    return None
                ratings.setdefault(group, []).append(number)
        try:
            return combine(ratings, spec.raters, spec.convert)
        except RatingError as exc:
            self.fail(record.line, 0, f"{person_id}.{field_id}", str(exc), exc.hint)
            return None

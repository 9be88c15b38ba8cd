"""A field's figure as the scheme takes it: within the range the field declares (``min``,
``max``, whole numbers), on the scale it is converted from, then converted, so that a rule
gets the points the scheme means (a self-rating of 0.7 on 0 to 1 is 70 on 0 to 100). Each
problem names the value as written and the cell it is in.

The range holds for each figure as written in the data: before it is converted, for each
rater's rating (the ratings are converted and combined by :mod:`.raters`), and for each
month of a scheme kept by month (a quarter's sum may be more than a month's maximum).
"""

from __future__ import annotations

from ..i18n import _
from ..model import Field
from ..numbers import written
from .raters import convert
from .records import Record


def place(record: Record, column: str) -> str:
    """Where a cell is, as a person finds it: a row and column of a CSV file, a record and
    key of a JSON file."""
    if record.columns:
        return _("row {line}, column {number} ('{column}')").format(
            line=record.line, number=record.columns.get(column, 0), column=column)
    return _("record {line}, key '{column}'").format(line=record.line, column=column)


def problem(spec: Field, value: float) -> tuple[str, str, str] | None:
    """What is wrong with ``value`` for ``spec``: why, what the field takes, and the part of
    the scheme to change if the value can be right; None when nothing is."""
    where = f"fields.{spec.id}"
    if spec.min is not None and value < spec.min:
        return _("below the minimum"), spec.allowed, _("lower {key}").format(key=f"{where}.min")
    if spec.max is not None and value > spec.max:
        return _("above the maximum"), spec.allowed, _("raise {key}").format(key=f"{where}.max")
    if spec.integer and not value.is_integer():
        return _("not a whole number"), spec.allowed, _("remove {key}").format(
            key=f"{where}.integer")
    conversion = spec.convert
    if spec.raters is None and conversion is not None \
            and not conversion.low <= value <= conversion.high:
        return (_("outside the scale it is converted from"),
                _("{low} to {high}").format(low=written(conversion.low),
                                            high=written(conversion.high)),
                _("change {key}").format(key=f"{where}.convert.from"))
    return None


def taken(spec: Field, value: float) -> float:
    """``value`` (without a :func:`problem`) as the scheme takes it: converted, if it says so.
    The ratings of a field with raters are converted one by one, before they are combined."""
    if spec.raters is None and spec.convert is not None:
        return convert(value, spec.convert)
    return value


def message(spec: Field, text: str, where: str, found: tuple[str, str, str]
            ) -> tuple[str, str]:
    """The message and hint for a :func:`problem` with the value ``text`` at ``where``."""
    reason, allowed, change = found
    said = _("{value} in {where} is {reason}: field '{field}' ({label}) takes {allowed}") \
        if spec.label != spec.id else \
        _("{value} in {where} is {reason}: field '{field}' takes {allowed}")
    return (said.format(value=text, where=where, reason=reason, field=spec.id, label=spec.label,
                        allowed=allowed),
            _("correct the figure; if it can be right, {change} in the scheme").format(
                change=change))

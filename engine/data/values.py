"""A field's figure as the scheme takes it: on the scale it is converted from, then
converted, so that a rule gets the points the scheme means (a self-rating of 0.7 on 0 to 1
is 70 on 0 to 100). Each problem names the value as written and the cell it is in."""

from __future__ import annotations

from decimal import Decimal

from ..model import Field
from .raters import convert
from .records import Record


def place(record: Record, column: str) -> str:
    """Where a cell is, as a person finds it: a row and column of a CSV file, a record and
    key of a JSON file."""
    if record.columns:
        return f"row {record.line}, column {record.columns.get(column, 0)} ('{column}')"
    return f"record {record.line}, key '{column}'"


def written(number: float) -> str:
    """A number of the scheme as it was written there: 0.00001 stays 0.00001, 1500 is 1,500."""
    exact = Decimal(repr(number)).normalize()
    return f"{exact:,f}"


def problem(spec: Field, value: float) -> tuple[str, str, str] | None:
    """What is wrong with ``value`` for ``spec``: why, what the field takes, and the part of
    the scheme to change if the value can be right; None when nothing is."""
    conversion = spec.convert
    if spec.raters is None and conversion is not None \
            and not conversion.low <= value <= conversion.high:
        return ("outside the scale it is converted from",
                f"{written(conversion.low)} to {written(conversion.high)}",
                f"change fields.{spec.id}.convert.from")
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
    label = f" ({spec.label})" if spec.label != spec.id else ""
    return (f"{text} in {where} is {reason}: field '{spec.id}'{label} takes {allowed}",
            f"correct the figure; if it can be right, {change} in the scheme")

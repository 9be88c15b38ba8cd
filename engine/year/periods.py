"""Periods of the appraisal year: months, quarters, halves, the year and year-to-date.

A scheme with a ``calendar`` is kept by month: figures come in per person per
month, targets are split over the months, and any longer period is a run of
months. A period is written as HR writes it:

    2026-03        a month
    2026-Q1        a quarter (Q1 to Q4)
    2026-H1        a half (H1, H2)
    2026           the year
    2026-YTD-05    year to date: January up to and including May
    2026-YTD       year to date: January up to the last month in the data
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..i18n import _, pgettext

_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])", re.IGNORECASE)
_HALF = re.compile(r"(\d{4})-H([12])", re.IGNORECASE)
_YEAR = re.compile(r"(\d{4})")
_YTD = re.compile(r"(\d{4})-YTD(?:-(\d{1,2}))?", re.IGNORECASE)

PERIOD_FORMS = ("2026-03", "2026-Q1", "2026-H1", "2026", "2026-YTD-05", "2026-YTD")


def period_forms() -> str:
    """The forms a period takes, as a person writes them, listed in the run's language."""
    return _("{forms} or {last}").format(forms=pgettext("list", ", ").join(PERIOD_FORMS[:-1]),
                                        last=PERIOD_FORMS[-1])


class PeriodError(ValueError):
    """A period that cannot be read, with a message that says what is accepted."""


class PeriodMissing(PeriodError):
    """No period given for a scheme kept by month, which is always scored for one."""

    @classmethod
    def said(cls) -> PeriodMissing:
        """The error, in the run's language, naming the forms a period takes."""
        return cls(_("a scheme kept by month is scored for a period: {forms}").format(
            forms=period_forms()))


@dataclass(frozen=True)
class Period:
    """A run of months of one year, and the name it was asked for by."""

    id: str
    year: int
    months: tuple[int, ...]  # 1..12, in order

    @property
    def month_ids(self) -> tuple[str, ...]:
        return tuple(month_id(self.year, m) for m in self.months)

    def __len__(self) -> int:
        return len(self.months)


def month_id(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


def parse_month(text: str) -> tuple[int, int] | None:
    """``2026-03`` (or ``2026-3``) as (year, month); None if it is not a month."""
    match = _MONTH.fullmatch(text.strip())
    if match is None or not 1 <= int(match[2]) <= 12:
        return None
    return int(match[1]), int(match[2])


def parse_period(text: str, year: int, last_month: int | None = None) -> Period:
    """Read a period of ``year``; ``last_month`` is the latest month in the data (for YTD)."""
    written = text.strip()
    found = _read(written, last_month)
    if found is None:
        raise PeriodError(_("'{written}' is not a period; write one of {forms}").format(
            written=written, forms=period_forms()))
    period_year, months = found
    if period_year != year:
        raise PeriodError(_("period '{written}' is not in the scheme's year {year}").format(
            written=written, year=year))
    return Period(_canonical(written, period_year, months), period_year, months)


def _read(text: str, last_month: int | None) -> tuple[int, tuple[int, ...]] | None:
    if (month := parse_month(text)) is not None:
        return month[0], (month[1],)
    if match := _QUARTER.fullmatch(text):
        first = 3 * int(match[2]) - 2
        return int(match[1]), tuple(range(first, first + 3))
    if match := _HALF.fullmatch(text):
        first = 6 * int(match[2]) - 5
        return int(match[1]), tuple(range(first, first + 6))
    if match := _YEAR.fullmatch(text):
        return int(match[1]), tuple(range(1, 13))
    if match := _YTD.fullmatch(text):
        upto = int(match[2]) if match[2] else last_month
        if upto is None:
            raise PeriodError(_("'{text}' runs to the last month in the data, but there is no "
                                "monthly data; write the month, e.g. 2026-YTD-05").format(
                                    text=text))
        if not 1 <= upto <= 12:
            return None
        return int(match[1]), tuple(range(1, upto + 1))
    return None


def _canonical(text: str, year: int, months: tuple[int, ...]) -> str:
    if text.upper().startswith(f"{year}-YTD"):
        return f"{year}-YTD-{months[-1]:02d}"
    if len(months) == 1:
        return month_id(year, months[0])
    return text.upper()

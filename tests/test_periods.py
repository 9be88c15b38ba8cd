"""Periods: every way HR writes one, its canonical id, its months, and the exact errors."""

from __future__ import annotations

import pytest

from appraise import i18n
from appraise.year.periods import (
    Period,
    PeriodError,
    month_id,
    parse_month,
    parse_period,
    period_forms,
)

FORMS = "2026-03, 2026-Q1, 2026-H1, 2026, 2026-YTD-05 or 2026-YTD"


# -- parse_period: every form ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "canonical", "months"),
    [
        ("2026-03", "2026-03", (3,)),
        ("2026-3", "2026-03", (3,)),
        ("2026-01", "2026-01", (1,)),
        ("2026-12", "2026-12", (12,)),
        ("2026-Q1", "2026-Q1", (1, 2, 3)),
        ("2026-Q2", "2026-Q2", (4, 5, 6)),
        ("2026-Q3", "2026-Q3", (7, 8, 9)),
        ("2026-Q4", "2026-Q4", (10, 11, 12)),
        ("2026-q2", "2026-Q2", (4, 5, 6)),
        ("2026-q4", "2026-Q4", (10, 11, 12)),
        ("2026-H1", "2026-H1", (1, 2, 3, 4, 5, 6)),
        ("2026-H2", "2026-H2", (7, 8, 9, 10, 11, 12)),
        ("2026-h2", "2026-H2", (7, 8, 9, 10, 11, 12)),
        ("2026", "2026", (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)),
        ("2026-YTD-05", "2026-YTD-05", (1, 2, 3, 4, 5)),
        ("2026-ytd-5", "2026-YTD-05", (1, 2, 3, 4, 5)),
        ("2026-YTD-12", "2026-YTD-12", (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)),
        ("  2026-q1  ", "2026-Q1", (1, 2, 3)),  # spaces around are not part of the period
    ],
)
def test_parse_period_reads_every_form(written: str, canonical: str,
                                       months: tuple[int, ...]) -> None:
    period = parse_period(written, 2026)
    assert period == Period(canonical, 2026, months)
    assert period.id == canonical
    assert period.year == 2026
    assert period.months == months


@pytest.mark.parametrize(
    ("written", "last_month", "canonical", "months"),
    [
        ("2026-YTD", 5, "2026-YTD-05", (1, 2, 3, 4, 5)),
        ("2026-ytd", 3, "2026-YTD-03", (1, 2, 3)),
        ("2026-YTD", 12, "2026-YTD-12", (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)),
        ("2026-YTD-02", 7, "2026-YTD-02", (1, 2)),  # a written month wins over the data's
    ],
)
def test_ytd_without_a_month_runs_to_the_last_month_in_the_data(
        written: str, last_month: int, canonical: str, months: tuple[int, ...]) -> None:
    assert parse_period(written, 2026, last_month) == Period(canonical, 2026, months)


def test_a_month_is_the_same_whatever_the_last_month_in_the_data() -> None:
    assert parse_period("2026-03", 2026, 9) == Period("2026-03", 2026, (3,))
    assert parse_period("2026-Q3", 2026, 1) == Period("2026-Q3", 2026, (7, 8, 9))


@pytest.mark.parametrize(("written", "last_month"), [("2026-YTD-01", None), ("2026-YTD", 1)])
def test_ytd_up_to_january_keeps_its_ytd_id(written: str, last_month: int | None) -> None:
    assert parse_period(written, 2026, last_month).id == "2026-YTD-01"


def test_ytd_up_to_january_is_january_alone() -> None:
    assert parse_period("2026-YTD-01", 2026).months == (1,)


# -- parse_period: errors -------------------------------------------------------------------


def test_the_accepted_forms_are_listed_as_a_person_writes_them() -> None:
    assert period_forms() == FORMS
    i18n.set_language("zh")
    try:
        assert period_forms() == "2026-03、2026-Q1、2026-H1、2026、2026-YTD-05 或 2026-YTD"
        with pytest.raises(PeriodError) as caught:
            parse_period("2026-Q5", 2026)
        assert str(caught.value) == ("'2026-Q5' 不是期间；请写成以下之一：2026-03、2026-Q1、"
                                     "2026-H1、2026、2026-YTD-05 或 2026-YTD")
    finally:
        i18n.set_language("en")


@pytest.mark.parametrize(
    "written",
    ["2026-Q5", "2026-Q0", "Q1", "2026-13", "2026-00", "2026-0", "2026-H3", "2026-H0",
     "26-03", "2026-003", "2026-YTD-13", "2026-YTD-00", "2026-M03", "March 2026", ""],
)
def test_an_unknown_form_says_which_forms_are_accepted(written: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(written, 2026)
    assert str(caught.value) == f"'{written}' is not a period; write one of {FORMS}"


def test_an_unknown_form_is_quoted_without_the_spaces_around_it() -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(" 2026-Q5 ", 2026)
    assert str(caught.value) == f"'2026-Q5' is not a period; write one of {FORMS}"


@pytest.mark.parametrize("written", ["2025-03", "2025-Q1", "2027-H1", "2025", "2025-YTD-05",
                                     " 2025-q4 "])
def test_a_period_of_another_year_is_refused(written: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(written, 2026, 5)
    assert str(caught.value) == f"period '{written.strip()}' is not in the scheme's year 2026"


@pytest.mark.parametrize("written", ["2026-YTD", "2026-ytd"])
def test_ytd_without_monthly_data_asks_for_the_month(written: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(written, 2026, None)
    assert str(caught.value) == (f"'{written}' runs to the last month in the data, but there "
                                 "is no monthly data; write the month, e.g. 2026-YTD-05")


def test_a_period_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"^'Q1' is not a period; write one of 2026-03, "):
        parse_period("Q1", 2026)


# -- parse_month and month ids --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03", (2026, 3)),
        ("2026-3", (2026, 3)),
        ("2026-01", (2026, 1)),
        ("2026-12", (2026, 12)),
        (" 2026-07 ", (2026, 7)),
        ("1999-9", (1999, 9)),
        ("2026-13", None),
        ("2026-00", None),
        ("2026-0", None),
        ("2026-003", None),
        ("2026-Q1", None),
        ("2026-H1", None),
        ("2026", None),
        ("2026-YTD-03", None),
        ("26-03", None),
        ("March", None),
        ("", None),
    ],
)
def test_parse_month(text: str, expected: tuple[int, int] | None) -> None:
    assert parse_month(text) == expected


@pytest.mark.parametrize(("year", "month", "expected"),
                         [(2026, 3, "2026-03"), (2026, 12, "2026-12"), (2026, 1, "2026-01")])
def test_month_id_has_two_digit_months(year: int, month: int, expected: str) -> None:
    assert month_id(year, month) == expected


@pytest.mark.parametrize(
    ("written", "month_ids"),
    [
        ("2026-3", ("2026-03",)),
        ("2026-Q2", ("2026-04", "2026-05", "2026-06")),
        ("2026-H2", ("2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12")),
        ("2026-YTD-04", ("2026-01", "2026-02", "2026-03", "2026-04")),
        ("2026", ("2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06",
                  "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12")),
    ],
)
def test_month_ids_and_length(written: str, month_ids: tuple[str, ...]) -> None:
    period = parse_period(written, 2026)
    assert period.month_ids == month_ids
    assert len(period) == len(month_ids)


@pytest.mark.parametrize(("written", "length"),
                         [("2026-03", 1), ("2026-Q1", 3), ("2026-H1", 6), ("2026", 12),
                          ("2026-YTD-05", 5)])
def test_len_is_the_number_of_months(written: str, length: int) -> None:
    assert len(parse_period(written, 2026)) == length

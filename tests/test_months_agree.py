"""A scheme kept by month, scored for one month, agrees with the plain path on that month."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

from appraise import load_scheme, read_actuals, score
from appraise.data.reader import read_monthly
from appraise.year.periods import parse_period

SCHEME = Path("schemes/examples/sales_company.yaml")
DATA = Path("schemes/examples/2026-Q1.csv")


def test_one_month_of_the_worked_example(tmp_path: Path) -> None:
    plain = load_scheme(SCHEME)
    expected = score(plain, read_actuals(DATA, plain))
    scheme_file = tmp_path / "scheme.yaml"
    scheme_file.write_text(SCHEME.read_text(encoding="utf-8").replace(
        "currency: CNY\n", "currency: CNY\ncalendar: {year: 2026, targets_per: month}\n"),
        encoding="utf-8")
    data_file = tmp_path / "data.csv"
    data_file.write_text(DATA.read_text(encoding="utf-8").replace(",2026-Q1,", ",2026-03,"),
                         encoding="utf-8")
    monthly = load_scheme(scheme_file)
    result = score(monthly, read_monthly(data_file, monthly), parse_period("2026-03", 2026))
    assert [p.person for p in result.people] == [p.person for p in expected.people]
    for got, want in zip(result.people, expected.people, strict=True):
        assert got.total == want.total  # the same operations in the same order: to the bit
        assert got.weighted_sum == want.weighted_sum
        assert got.grade == want.grade
        assert (got.rank, got.rank_of) == (want.rank, want.rank_of)
        # Every item, its value and the step that scored it: the same explanation.
        assert [(i.id, i.value, i.points, i.step) for i in got.items] == \
            [(i.id, i.value, i.points, i.step) for i in want.items]
        # A calendar makes the bonus base yearly: one month pays a twelfth of it.
        assert got.bonus_exact == (want.bonus_exact or Fraction(0)) / 12

"""Earlier months read and rolled up the same on both paths.

Random files kept by month hold the period's months and earlier ones (the year before's
beside this year's, some in a history file), for a scheme whose formulas read every way
of rolling months up over earlier months (previous and last_year of a sum, an average, a
first, a last and a weighted average), with people who move, miss a month, leave a
figure blank or write one that is not a number. Each is read and scored by the columns
and by the person-by-person reference: every float to the bit, the score's JSON and CSV
byte for byte, or the same errors.
"""

from __future__ import annotations

import struct
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appraise import AppraiseError, load_scheme, parse_period, read_monthly, score
from appraise.report import score_csv, score_json

TEXT = """appraise: 1
name: growth_columns
bonus_base: 12000
calendar: {year: 2026%s}
grades:
  - {grade: A, min: 90, coefficient: 1.5}
  - {grade: B, coefficient: 1}
fields:
  revenue: {aggregate: sum}
  share: {aggregate: average}
  stock: {aggregate: last}
  opening: {aggregate: first}
  sat: {aggregate: weighted_average, weight: surveys}
  surveys: {aggregate: sum}
indicators:
  growth: {formula: revenue - previous(revenue), sums_over_months: false,
           rule: {kind: formula, points: value}}
  yoy:
    formula: div(revenue - last_year(revenue), last_year(revenue), 0)
    sums_over_months: false
    rule: {kind: formula, points: value}
  share_growth: {formula: share - previous(share), sums_over_months: false,
                 rule: {kind: formula, points: value}}
  stock: {formula: previous(stock) + last_year(opening), sums_over_months: false,
          rule: {kind: formula, points: value}}
  sat: {formula: (sat - previous(sat)) / previous(sat), sums_over_months: false,
        rule: {kind: formula, points: value}}
scorecards:
  rep:
    items:
      - {indicator: growth, weight: 30}
      - {indicator: yoy, weight: 20}
      - {indicator: share_growth, weight: 20}
      - {indicator: stock, weight: 10}
      - {indicator: sat, weight: 20}
units:
  d1: {}
posts:
  rep1: {unit: d1, scorecard: rep}
  rep2: {unit: d1, scorecard: rep}
people:
  R1: {post: rep1}
  R2: {post: rep2}
  R3:
    posts:
      - {post: rep1, until: 2026-01}
      - {post: rep2, from: 2026-02}
"""
SCHEMES = {zero: load_scheme("g.yaml", (TEXT % (", missing_months: zero" if zero else "")
                                       ).encode()) for zero in (False, True)}
MONTHS = [f"2025-{m:02d}" for m in range(1, 13)] + [f"2026-{m:02d}" for m in range(1, 5)]
COLUMNS = ["id", "post", "period", "revenue", "share", "stock", "opening", "sat", "surveys"]
NUMBERS = st.sampled_from(["1", "0.1", "0.2", "0.3", "0", "3", "7.5", "99.99", "1e15",
                           "123456.789", "1,000", "-2.5"])
WEIGHTS = st.sampled_from(["2", "5", "0.5", "3", "0"])


def _post(person: str, month: str) -> str:
    if person == "R3":
        return "rep1" if month <= "2026-01" else "rep2"
    return {"R1": "rep1", "R2": "rep2", "N1": "rep1"}[person] if month >= "2026" \
        else "rep2" if person == "R1" and month < "2025-06" else _post(person, "2026-01")


@st.composite
def files(draw: st.DrawFn) -> tuple[bytes, bytes | None]:
    """The rows of every month for each person, a few missing, blank or not numbers; the
    earlier months of some people in a history file."""
    people = ["R1", "R2", "R3", *draw(st.lists(st.just("N1"), max_size=1))]
    data, history = [], []
    to_history = draw(st.booleans())
    for month in MONTHS:
        for person in draw(st.permutations(people)):
            if draw(st.integers(0, 200)) == 117:
                continue
            row = [person, _post(person, month), month]
            for column in COLUMNS[3:]:
                odd = draw(st.integers(0, 1500))
                row.append("" if 700 <= odd < 703 else "x" if odd == 703 else
                           draw(WEIGHTS if column == "surveys" else NUMBERS))
            line = ",".join(f'"{c}"' if "," in c else c for c in row)
            (history if to_history and month < "2026" and draw(st.booleans())
             else data).append(line)
    header = ",".join(COLUMNS)
    return ("\n".join([header, *data]) + "\n").encode(), \
        ("\n".join([header, *history]) + "\n").encode() if history else None


def _bits(result: Any) -> list[Any]:
    out: list[Any] = []
    for person in result.people:
        out.append((person.person, person.grade, person.rank, person.paid,
                    struct.pack("<d", person.total)))
        for segment in person.segments:
            out.append((segment.post, segment.months))
            for item in segment.items:
                out.append((item.id, item.step, sorted(item.inputs)))
                out.append([struct.pack("<d", float(v)) for v in
                            (item.points, item.value, *item.inputs.values())])
    return out


def _scored(scheme: Any, found: tuple[bytes, bytes | None], period: str, reference: bool
            ) -> Any:
    content, history = found
    try:
        monthly = read_monthly("g.csv", scheme, content, reference=reference,
                               history=None if history is None else "h.csv",
                               history_content=history)
        result = score(scheme, monthly, parse_period(period, 2026), reference=reference)
    except AppraiseError as exc:
        return sorted(str(d) for d in exc.diagnostics), sorted(str(w) for w in exc.warnings)
    return _bits(result), score_json(result), score_csv(result), \
        [str(w) for w in result.warnings]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(files(), st.booleans(),
       st.sampled_from(["2026-Q1", "2026-02", "2026-04", "2026-YTD-03", "2026-01"]))
def test_earlier_months_are_the_same_on_both_paths(found: tuple[bytes, bytes | None],
                                                   zero: bool, period: str) -> None:
    scheme = SCHEMES[zero]
    assert _scored(scheme, found, period, False) == _scored(scheme, found, period, True)


def test_a_full_file_is_scored_on_both_paths() -> None:
    """The drawn files mostly end in errors; one with every figure there is scored."""
    rows = [",".join(COLUMNS)]
    for j, month in enumerate(MONTHS):
        for person in ("R1", "R2", "R3"):
            rows.append(f"{person},{_post(person, month)},{month},{100 + j},{10 + j % 3},"
                        f"{j},{j + 1},{70 + j},{1 + j % 2}")
    found = (("\n".join(rows) + "\n").encode(), None)
    columns = _scored(SCHEMES[False], found, "2026-Q1", False)
    assert isinstance(columns[1], str) and columns[1].startswith('{"format"')
    assert columns == _scored(SCHEMES[False], found, "2026-Q1", True)

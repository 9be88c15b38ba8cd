"""The year rolled up as columns is the year rolled up person by person.

Random monthly files for a scheme with every way of rolling months up (sum, average,
last, a weighted average, a rating, a text joined), a team average and a target from
the data (both of figures rolled up), units whose heads are scored on their members'
figures (summed, and averaged by months) and on their members' average total (equal,
and by bonus base), people who move, join, leave or miss a month, blank figures, zero
weights, a veto, calibration, pools and awards, are scored both ways from the same
reading: every float to the bit, and the score's JSON and CSV byte for byte; or the same errors.
"""

from __future__ import annotations

import struct
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appraise import AppraiseError, Result, load_scheme, parse_period, read_monthly, score
from appraise.numbers import add_up
from appraise.report import score_csv, score_json
from appraise.scoring.kept import add_up_column

TEXT = """appraise: 1
name: year_columns
bonus_base: 12000
calendar: {year: 2026, targets_per: month%s}
grades:
  - {grade: A, min: 90, coefficient: 1.5}
  - {grade: B, min: 60, coefficient: 1}
  - {grade: C, coefficient: 0.5}
scales:
  level:
    levels: {A: {points: 100}, B: {points: 80}, C: {points: 50}}
fields:
  revenue: {aggregate: sum}
  score: {aggregate: average}
  stock: {aggregate: last}
  opening: {aggregate: first}
  satisfaction: {aggregate: weighted_average, weight: surveys}
  surveys: {aggregate: sum}
  level: {type: rating, scale: level, aggregate: last}
  level0: {type: rating, scale: level, aggregate: first}
  violations: {aggregate: sum}
  calls: {aggregate: sum}
  quality: {aggregate: average, combine: average}
  remark: {type: text}
indicators:
  rev: {formula: revenue, rule: {kind: ratio}, evidence: {basis: remark}}
  tav: {formula: revenue - team_average(revenue), rule: {kind: formula, points: value,
        per: period}}
  sco: {formula: score, rule: {kind: formula, points: value}}
  tgt: {formula: score, target: 'stock * 1.2 + team_average(score)', rule: {kind: formula,
        points: value - target}}
  sto: {formula: stock, rule: {kind: formula, points: value}}
  ope: {formula: opening, rule: {kind: formula, points: value}}
  sat: {formula: satisfaction, rule: {kind: formula, points: value}}
  lev: {formula: level, rule: {kind: rating, scale: level}}
  lev0: {formula: level0, rule: {kind: rating, scale: level}}
  veto: {formula: violations, rule: {kind: veto}}
  unit_calls: {scope: unit, formula: calls, rule: {kind: ratio}}
  unit_quality: {scope: unit, formula: quality, rule: {kind: formula, points: value}}
  team: {members: equal}
  paid_team: {members: bonus_base}
scorecards:
  rep:
    items:
      - {indicator: rev, weight: 20}
      - {indicator: tav, weight: 10}
      - {indicator: sco, weight: 15}
      - {indicator: tgt, weight: 5}
      - {indicator: sto, weight: 5}
      - {indicator: ope, weight: 5}
      - {indicator: sat, weight: 20}
      - {indicator: lev, weight: 15}
      - {indicator: lev0, weight: 5}
      - {indicator: veto}
  head:
    items:
      - {indicator: unit_calls, weight: 30, evidence: {note: remark}}
      - {indicator: unit_quality, weight: 20}
      - {indicator: team, weight: 30}
      - {indicator: paid_team, weight: 20}
units:
  company: {head: boss}
  d1: {parent: company, head: m1}
  d2: {parent: company, head: m2}
posts:
  boss: {unit: company, scorecard: head, targets: {unit_calls: 300}}
  m1: {unit: d1, scorecard: head, targets: {unit_calls: 100}}
  m2: {unit: d2, scorecard: head, targets: {unit_calls: 100}, bonus_base: 20000}
  rep1: {unit: d1, scorecard: rep, targets: {rev: 1000}}
  rep2: {unit: d2, scorecard: rep, targets: {rev: 900}, bonus_base: 15000}
calibration: {within: department, at_most: {A: 30}}
pools:
  d1: 50000
awards:
  best_rev: {label: Best revenue, by: rev, within: unit, top_percent: 30, ties: none}
  best_total: {label: 最佳, by: total, top: 2}
  best_sat: {label: Best satisfaction, by: sat, top: 1, posts: [rep2], every: month}
people:
  B1: {post: boss}
  M1: {post: m1}
%s"""

REPS = [f"R{i:02d}" for i in range(1, 15)]
MOVES = {  # a person who moves, joins or leaves: their posts by month
    "R03": "    posts:\n      - {post: rep1, until: 2026-01}\n      - {post: rep2, from: 2026-02}",
    "R04": "    posts:\n      - {post: rep1, from: 2026-02}",
    "R05": "    posts:\n      - {post: rep2, until: 2026-02}",
    "M2": "    posts:\n      - {post: m2, from: 2026-02}",
}
MONTHS = ["2026-01", "2026-02", "2026-03"]
NUMBERS = st.sampled_from(["0", "0.1", "0.2", "0.3", "1", "3", "7.5", "99.99", "1e15",
                           "123456.789", "0.001", "-2.5", "1000"])


def _scheme(zero: bool, people: list[str]) -> Any:
    held = "".join(f"  {p}:\n{MOVES[p]}\n" if p in MOVES else
                   f"  {p}: {{post: {_post(p, 0)}}}\n" for p in people)
    text = TEXT % (", missing_months: zero" if zero else "", held)
    return load_scheme("y.yaml", text.encode())


COLUMNS = ["id", "post", "period", "revenue", "score", "stock", "opening", "satisfaction",
           "surveys",
           "level", "violations", "calls", "quality", "level0", "remark"]
TEXTS = st.sampled_from(["", "", "好", "好", "差", " 好 ", "=1+1", "超额；完成"])


def _post(person: str, month: int) -> str | None:
    if person == "B1":
        return "boss"
    if person in ("M1", "M2"):
        return None if person == "M2" and month == 0 else person.lower()
    if person == "R03":
        return "rep1" if month == 0 else "rep2"
    if person == "R04":
        return None if month == 0 else "rep1"
    if person == "R05":
        return None if month == 2 else "rep2"
    if person.startswith("N"):
        return "rep1"
    return f"rep{1 + REPS.index(person) % 2}"


SCHEMES = {zero: _scheme(zero, ["M2", *REPS]) for zero in (False, True)}


@st.composite
def year_files(draw: st.DrawFn) -> bytes:
    """Three months of rows: most people every month, a few missing one, some figures
    blank or doubtful."""
    strangers = draw(st.lists(st.sampled_from(["N1", "N2"]), unique=True))
    rows = []
    for month, period in enumerate(MONTHS):
        for person in draw(st.permutations(["B1", "M1", "M2", *REPS, *strangers])):
            post = _post(person, month)
            if post is None or (person not in MOVES and draw(st.integers(0, 60)) == 17):
                continue  # not there, or a month missing (a mover's is not drawn: a post
                # held only in a month filled in has no averages to score, on either path)
            rep = post.startswith("rep")
            row = {"id": person, "post": post, "period": period}
            for column in COLUMNS[3:]:
                if column in ("level", "level0"):
                    row[column] = draw(st.sampled_from("ABC")) if rep else ""
                elif column == "violations":
                    row[column] = "1" if rep and draw(st.integers(0, 30)) == 17 else \
                        "0" if rep else ""
                elif column == "surveys":
                    row[column] = ("0" if draw(st.integers(0, 80)) == 17 else
                                   draw(st.sampled_from(["2", "5", "0.5", "3"]))) if rep else ""
                elif column == "remark":
                    row[column] = draw(TEXTS)
                elif column in ("calls", "quality"):
                    row[column] = draw(st.one_of(NUMBERS, st.just(""))) \
                        if rep or draw(st.booleans()) else ""
                else:
                    row[column] = draw(NUMBERS) if rep else ""
            rows.append(row)
    text = "\n".join([",".join(COLUMNS)] + [",".join(r[c] for c in COLUMNS) for r in rows])
    return (text + "\n").encode()


def _bits(result: Result) -> list[Any]:
    """Every float the result holds, as its bytes, with what it belongs to."""
    out: list[Any] = []
    for person in result.people:
        out.append((person.person, person.name, person.post, person.unit, person.months,
                    person.line, person.grade, person.scored_grade, person.rank,
                    person.rank_of, person.company_rank, person.paid, person.bonus_exact,
                    person.veto, person.pool, person.group))
        for value in (person.total, person.weighted_sum, person.deductions, person.bonuses):
            out.append(struct.pack("<d", value))
        for segment in person.segments:
            out.append((segment.post, segment.unit, segment.months, segment.veto))
            for item in segment.items:
                out.append((item.id, item.step, item.target, item.inputs, item.basis,
                            item.note))
                out.append(struct.pack("<d", item.points))
                if isinstance(item.value, float):
                    out.append(struct.pack("<d", item.value))
                else:
                    out.append(item.value)
                for value in item.inputs.values():
                    out.append(struct.pack("<d", value) if isinstance(value, float) else value)
    for unit in result.units:
        out.append((unit.unit, unit.head, unit.indicator, unit.months, unit.target,
                    struct.pack("<d", unit.value), struct.pack("<d", unit.points)))
    for award in result.awards:
        out.append((award.award.id, award.month, award.groups))
        out += [(s.person, s.group, s.place, s.of, s.tied, s.won, struct.pack("<d", s.value))
                for s in award.standings.values()]
    return out


def _scored(scheme: Any, content: bytes, period: str, reference: bool) -> Any:
    try:
        monthly = read_monthly("y.csv", scheme, content)
        result = score(scheme, monthly, parse_period(period, 2026), reference=reference)
    except AppraiseError as exc:
        return [str(d) for d in exc.diagnostics], [str(w) for w in exc.warnings]
    return _bits(result), score_json(result), score_csv(result), \
        [str(w) for w in result.warnings]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(year_files(), st.booleans(), st.sampled_from(["2026-Q1", "2026-02", "2026-YTD-02"]))
def test_the_year_in_columns_is_the_year_person_by_person(content: bytes, zero: bool,
                                                          period: str) -> None:
    scheme = SCHEMES[zero]
    columns = _scored(scheme, content, period, reference=False)
    reference = _scored(scheme, content, period, reference=True)
    assert columns == reference


def test_a_year_with_everybody_there_is_scored_as_columns() -> None:
    """The common case takes the columns (and is the same as the reference)."""
    rows = ["id,post,period,revenue,score,stock,satisfaction,surveys,level,violations,calls,"
            "quality,opening,level0"]
    for j, month in enumerate(MONTHS):
        for person in ["B1", "M1", *REPS[5:]]:
            post = _post(person, 0)
            rep = post is not None and post.startswith("rep")
            rows.append(f"{person},{post},{month}," + (
                f"100,80,3,70,2,A,0,5,0.1,{10 + j},{'ABC'[j]}" if rep else ",,,,,,,1,,,"))
    content = "\n".join(rows).encode()
    scheme = _scheme(False, REPS[5:])
    monthly = read_monthly("y.csv", scheme, content)
    result = score(scheme, monthly, parse_period("2026-Q1", 2026))
    assert all(s.kept >= 0 for b in result.batches for s in b.rows)  # type: ignore[attr-defined]
    reference = score(scheme, monthly, parse_period("2026-Q1", 2026), reference=True)
    assert _bits(result) == _bits(reference)
    assert score_json(result) == score_json(reference)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(allow_nan=False, width=64), max_size=600))
def test_a_column_adds_up_left_to_right(values: list[float]) -> None:
    with np.errstate(all="ignore"):  # past the largest float is inf, as Python adds
        found = add_up_column(np.array(values, dtype=np.float64))
    assert struct.pack("<d", found) == struct.pack("<d", add_up(values))

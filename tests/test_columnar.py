"""The data file DuckDB writes itself (sources/columnar.py) against the dict route it
replaces for record files (each figure a Decimal in a dict, the file written by Python's csv
module): the same text to the byte, and the same warnings, on a company with two posts that
need different fields, a person who changes post and is off post in a month, a field rated
by several, averages that fall exactly half way at the sixth place, and names that need
quoting."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from appraise import AppraiseError, load_scheme
from appraise.diagnostics import Diagnostic
from appraise.load import Made, read_text
from appraise.sources import Worked, table, work_out
from appraise.sources.figures import data_file
from appraise.year.periods import parse_period

SCHEME = """\
appraise: 1
name: columnar_company
calendar: {year: 2026, targets_per: month}
grades: [{grade: A, min: 60, coefficient: 1}, {grade: B, coefficient: 0.5}]
records:
  orders:
    file: orders.csv
    key: order_id
    date: order_date
    columns:
      order_id: text
      order_date: date
      customer: text
      salesperson: {type: text, refers: people}
      amount: number
  reviews:
    file: reviews.csv
    key: review_id
    date: reviewed_on
    columns:
      review_id: text
      reviewed_on: date
      person: {type: text, refers: people}
      rater: text
      score: number
fields:
  revenue: {from: {records: orders, sum: amount, by: salesperson}}
  orders: {from: {records: orders, count: true, by: salesperson}}
  customers: {from: {records: orders, count_distinct: customer, by: salesperson}}
  average_order: {from: {records: orders, average: amount, by: salesperson}}
  half_order: {from: {records: orders, average: amount * 0.5, by: salesperson}}
  largest: {from: {records: orders, max: amount, by: salesperson}}
  first_amount: {from: {records: orders, first: amount, by: salesperson}}
  regulars: {from: {records: orders, count: true, per: customer, at_least: 2, by: salesperson}}
  teamwork:
    aggregate: average
    raters: {self: 10, manager: 60, peer: 30}
    from: {records: reviews, last: score, by: person, rater: rater}
indicators:
  sales:
    formula: >-
      revenue + orders + customers + average_order + half_order + largest + first_amount
      + regulars
    rule: {kind: ratio}
    target: 1000
  team: {formula: teamwork, rule: {kind: formula, points: value}}
scorecards:
  rep: {items: [{indicator: sales, weight: 50}, {indicator: team, weight: 50}]}
  admin: {items: [{indicator: team, weight: 100}]}
units: {sales: {label: Sales}}
posts: {rep: {unit: sales, scorecard: rep}, admin: {unit: sales, scorecard: admin}}
people:
"""
PEOPLE = """\
  P1: {name: '张伟, Jr.', post: rep}
  P2: {name: 'Li "Na"', post: admin}
  P3:
    name: 王芳
    posts: [{post: admin, from: 2026-01, until: 2026-01}, {post: rep, from: 2026-03}]
"""
ORDERS = ["order_id,order_date,customer,salesperson,amount",
          "O1,2026-01-05,C1,P1,0.000001", "O2,2026-01-06,C1,P1,0",
          "O3,2026-02-01,C2,P3,10",
          "O4,2026-03-01,C2,P3,-0.000001", "O5,2026-03-02,C3,P3,0",
          "O6,2026-03-03,C4,P1,0.000001", "O7,2026-03-04,C4,P1,0.000001",
          "O8,2026-03-05,C5,P1,0.000001"]
REVIEWS = ["review_id,reviewed_on,person,rater,score",
           "R1,2026-01-10,P2,self,4", "R2,2026-01-11,P2,peer10,3.5",
           "R3,2026-01-12,P2,peer2,5", "R4,2026-01-13,P1,manager,2"]

# By hand. P1 in January: orders of 0.000001 and 0, an average of 0.0000005, half up
# 0.000001 (half to even would give 0); their halves average 0.00000025: 0. In March three
# orders of 0.000001 (two to C4: two customers, one a regular): their halves add up to
# 0.0000015, an average of 0.0000005 again: 0.000001. P3 in March: -0.000001 and 0, an
# average of -0.0000005, away from zero -0.000001; the halves -0.00000025: 0, never "-0".
# P3's February order (10) falls in a month without a post: a warning, no line. The admin
# post reads teamwork only: its other cells are blank; the raters go in the order of the
# field's groups (self, manager, peer), then by number (peer2 before peer10). A name with a
# comma or a quote is quoted.
BY_HAND = '''\
id,name,post,period,revenue,orders,customers,average_order,half_order,largest,first_amount,\
regulars,teamwork@self,teamwork@manager,teamwork@peer2,teamwork@peer10
P1,"张伟, Jr.",rep,2026-01,0.000001,2,1,0.000001,0,0.000001,0.000001,1,,2,,
P2,"Li ""Na""",admin,2026-01,,,,,,,,,4,,5,3.5
P3,王芳,admin,2026-01,,,,,,,,,,,,
P1,"张伟, Jr.",rep,2026-02,0,0,0,,,,,0,,,,
P2,"Li ""Na""",admin,2026-02,,,,,,,,,,,,
P1,"张伟, Jr.",rep,2026-03,0.000003,3,2,0.000001,0.000001,0.000001,0.000001,1,,,,
P2,"Li ""Na""",admin,2026-03,,,,,,,,,,,,
P3,王芳,rep,2026-03,-0.000001,2,2,-0.000001,0,0,-0.000001,0,,,,
'''.replace("\n", "\r\n")


def _company(folder: Path, people: str, orders: list[str], reviews: list[str]) -> Path:
    (folder / "scheme.yaml").write_text(SCHEME + people, encoding="utf-8")
    for name, lines in (("orders.csv", orders), ("reviews.csv", reviews)):
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / "scheme.yaml"


def _by_dict(scheme_file: Path, folder: Path, period: str) -> Worked:
    """The dict route: every figure a Decimal, the file written by the csv module."""
    scheme = load_scheme(scheme_file)
    found = parse_period(period, 2026)
    warnings: list[Diagnostic] = []
    return Worked(data_file(scheme, found, table(scheme, folder, found, warnings=warnings)
                            ).encode("utf-8"), warnings)


def test_the_quarter_by_hand(tmp_path: Path) -> None:
    scheme = _company(tmp_path, PEOPLE, ORDERS, REVIEWS)
    worked = work_out(load_scheme(scheme), tmp_path, "2026-Q1")
    assert worked.text == BY_HAND
    assert [str(w) for w in worked.warnings] == [
        f"{tmp_path}: warning: P3: the records give P3 figures in 2026-02 (average_order, "
        "customers, first_amount, half_order, largest, orders, revenue), a month they hold no "
        "post: the figures are left out (check whom the records credit, or the person's posts "
        "in the scheme)"]
    assert worked == _by_dict(scheme, tmp_path, "2026-Q1")


NAMES = ["张伟", "a, b", 'say "hi"', "two\nlines", "tail\r", " spaced ", "plain", "'single'"]
AMOUNTS = ["0.000001", "-0.000001", "0", "0.5", "-2.000003", "1000000", "0.000002", "99.99"]


def _random(folder: Path, seed: int) -> Path:
    """Six people of random names, posts and months on post; orders of tiny, negative and
    round amounts (so that averages fall half way), reviews by numbered raters, some
    without a rater or a score, taken last, summed, averaged or the most."""
    rng = random.Random(seed)
    people = []
    for i in range(6):
        name = json.dumps(rng.choice(NAMES), ensure_ascii=False)  # a YAML string too
        if rng.random() < 0.5:
            people.append(f'  P{i}: {{name: {name}, post: {rng.choice(["rep", "admin"])}}}')
        else:
            first = rng.randint(1, 4)
            moves = [f"{{post: {rng.choice(['rep', 'admin'])}, from: 2026-{first:02d}, "
                     f"until: 2026-{first + 1:02d}}}",
                     f"{{post: {rng.choice(['rep', 'admin'])}, from: 2026-{first + 3:02d}}}"]
            people.append(f'  P{i}:\n    name: {name}\n    posts: [{", ".join(moves)}]')
    who = [f"P{i}" for i in range(6)]
    orders = [ORDERS[0]] + [
        f"O{n},2026-{rng.randint(1, 6):02d}-{rng.randint(1, 3):02d},C{rng.randint(1, 5)},"
        f"{rng.choice(who)},{rng.choice(AMOUNTS)}" for n in range(rng.randint(0, 50))]
    raters = ["self", "manager", "peer1", "peer2", "peer10", "", "guest"]
    reviews = [REVIEWS[0]] + [
        f"R{n},2026-{rng.randint(1, 6):02d}-{rng.randint(1, 3):02d},{rng.choice(who)},"
        f"{rng.choice(raters)},{rng.choice(['1', '2.5', '5', '3.333333', ''])}"
        for n in range(rng.randint(0, 20))]
    scheme = _company(folder, "\n".join(people) + "\n", orders, reviews)
    how = rng.choice(["last", "sum", "average", "max"])  # a blank score: no figure, or 0s
    scheme.write_text(scheme.read_text(encoding="utf-8").replace(
        "last: score, by: person", f"{how}: score, by: person"), encoding="utf-8")
    return scheme


@pytest.mark.parametrize("seed", range(25))
def test_duckdb_writes_the_file_of_the_dict_route(tmp_path: Path, seed: int) -> None:
    scheme = _random(tmp_path, seed)
    for period in ("2026-Q1", "2026-05", "2026-H1", "2026"):
        assert work_out(load_scheme(scheme), tmp_path, period) == _by_dict(
            scheme, tmp_path, period), period



def test_a_rater_column_of_numbers_is_written_as_the_dict_route_writes_it(
        tmp_path: Path) -> None:
    """A column this route does not write (the raters named by numbers, which Python
    writes as Decimals do) leaves the file to the dict route."""
    scheme = _company(tmp_path, PEOPLE, ORDERS, REVIEWS)
    scheme.write_text(scheme.read_text(encoding="utf-8").replace(
        "by: person, rater: rater", "by: person, rater: score"), encoding="utf-8")
    worked = work_out(load_scheme(scheme), tmp_path, "2026-01")
    assert worked.text.splitlines()[0].endswith(
        ",regulars,teamwork@2.000000,teamwork@3.500000,teamwork@4.000000,teamwork@5.000000")
    assert worked == _by_dict(scheme, tmp_path, "2026-01")


def test_the_file_made_from_records_is_not_held_to_the_size_of_a_file_given(
        tmp_path: Path) -> None:
    """A data file a person gives may be at most 256 MiB; the year of a million people
    worked out from records is some 700 MB, and score --records reads it whole."""
    scheme = _company(tmp_path, PEOPLE, ORDERS, REVIEWS)
    made = work_out(load_scheme(scheme), tmp_path, "2026-Q1").content
    assert isinstance(made, Made)
    assert read_text("made.csv", made, 100, "data file") == BY_HAND
    with pytest.raises(AppraiseError) as given:
        read_text("given.csv", bytes(made), 100, "data file")
    assert [str(d) for d in given.value.diagnostics] == [
        f"given.csv: error: file is {len(made):,} bytes; a data file may be at most 100 bytes "
        "(split it, or check that this is the right file)"]


def test_duckdb_draws_no_progress_bar_into_the_file_on_standard_output(tmp_path: Path) -> None:
    """A query of more than two seconds (the year of many people) would draw its progress
    bar on standard output, where ``appraise figures`` writes the file without -o."""
    from appraise.sources.duck import over_records

    scheme = load_scheme(_company(tmp_path, PEOPLE, ORDERS, REVIEWS))
    assert over_records(scheme, tmp_path, lambda con, _tables, _at: con.execute(
        "SELECT current_setting('enable_progress_bar')").fetchall()) == [(False,)]

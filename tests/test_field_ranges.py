"""A field's valid range (``min``, ``max``, ``integer``): a figure outside it is an error
naming person, field, row and column, the value and the range, in a plain period and in
every month of a scheme kept by month; ``validate`` checks the declaration itself."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise import validate_scheme
from appraise.cli import main

ROOT = Path(__file__).resolve().parent.parent
SALES = ROOT / "schemes/examples/sales_company.yaml"
COUNTS = ("new_customers", "contract_errors", "serious_violations", "key_visits",
          "key_customers_due", "industry_awards", "plans_on_time", "plans_due", "leads",
          "reports_submitted", "reports_wrong")
HEADER = ("id,name,post,revenue,cash_collected,sales_cost,new_customers,satisfaction,"
          "teamwork,contract_errors,serious_violations")
SR01 = "SR01,张伟,sales_rep,1380000,1242000,262200,13,88,B,1,0"
SR02 = "SR02,李娜,sales_rep,1380000,1242000,262200,13,88,B,1,0"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def write(name: str, text: str) -> str:
    Path(name).write_text(text, encoding="utf-8")
    return name


def sales_with_ranges(only: str = "") -> str:
    """The shipped sales scheme with the ranges its fields obviously have: satisfaction from
    0 to 100, and every count a whole number, 0 or more; ``only``: its one person, for a
    file that holds their row alone."""
    text = SALES.read_text(encoding="utf-8")
    if only:
        text = text[:text.index("\npeople:\n")] + f"\npeople:\n  {only}: {{post: sales_rep}}\n"
    definition = "    definition: 季度客户满意度调查得分（0-100）\n"
    text = text.replace(definition, definition + "    min: 0\n    max: 100\n")
    fields, rest = text.split("\nindicators:\n")
    for name in COUNTS:
        fields, found = re.subn(f"(?m)^  {name}:\n", f"  {name}:\n    min: 0\n    integer: true\n",
                                fields)
        assert found == 1
    return write("sales.yaml", fields + "\nindicators:\n" + rest)


def score(scheme: str, data: str, *extra: str) -> tuple[int, str, list[str]]:
    """The CSV written, and the lines on stderr; nothing is left behind on an error."""
    result = CliRunner().invoke(main, ["score", scheme, "--data", data, "--format", "csv",
                                       "-o", "out.csv", *extra])
    out = Path("out.csv")
    written = out.read_text(encoding="utf-8-sig") if out.exists() else ""
    out.unlink(missing_ok=True)
    assert not list(Path().glob(".appraise-*"))
    return result.exit_code, written, result.stderr.splitlines()


def test_ranges_change_nothing_for_figures_inside_them() -> None:
    example = str(ROOT / "schemes/examples/2026-Q1.csv")
    assert [str(d) for d in validate_scheme(sales_with_ranges()).diagnostics] == []
    with_ranges = score("sales.yaml", example)
    assert with_ranges[0] == 0
    assert with_ranges == score(str(SALES), example)


def test_satisfaction_above_its_maximum_is_an_error_not_capped() -> None:
    # Before: 880 was capped to 100 points by the piecewise rule, moving SR01 from B
    # (94.80, 20,000.00) to A (95.80, 24,000.00).
    data = write("data.csv", f"{HEADER}\n{SR01.replace(',88,', ',880,')}\n{SR02}\n")
    assert score(sales_with_ranges(), data) == (1, "", [
        "data.csv:2:8: error: SR01.satisfaction: 880 in row 2, column 8 ('satisfaction') is "
        "above the maximum: field 'satisfaction' (客户满意度) takes 0 to 100 (correct the "
        "figure; if it can be right, raise fields.satisfaction.max in the scheme)"])


def test_a_negative_count_is_an_error() -> None:
    # Before: -3 new customers of 15 gave -20.00 points.
    data = write("data.csv", f"{HEADER}\n{SR01}\n{SR02.replace(',13,', ',-3,')}\n")
    assert score(sales_with_ranges(), data) == (1, "", [
        "data.csv:3:7: error: SR02.new_customers: -3 in row 3, column 7 ('new_customers') is "
        "below the minimum: field 'new_customers' (新客户数) takes whole numbers, 0 or more "
        "(correct the figure; if it can be right, lower fields.new_customers.min in the "
        "scheme)"])


@pytest.mark.parametrize("cell", ["2.5", "12.000001", '"1,300.5"'])
def test_a_fraction_of_a_count_is_an_error(cell: str) -> None:
    data = write("data.csv", f"{HEADER}\n{SR01.replace(',13,', f',{cell},')}\n")
    shown = cell.strip('"')
    assert score(sales_with_ranges(), data) == (1, "", [
        f"data.csv:2:7: error: SR01.new_customers: {shown} in row 2, column 7 "
        "('new_customers') is not a whole number: field 'new_customers' (新客户数) takes "
        "whole numbers, 0 or more (correct the figure; if it can be right, remove "
        "fields.new_customers.integer in the scheme)"])


@pytest.mark.parametrize("cell", ["0", "100", "13.0", "1e1"])
def test_the_edges_and_whole_numbers_written_otherwise_are_inside(cell: str) -> None:
    row = SR01.replace(",13,88,", f",{cell},{cell},")
    code, _out, err = score(sales_with_ranges("SR01"), write("data.csv", f"{HEADER}\n{row}\n"))
    assert (code, err) == (0, [])


def test_every_figure_out_of_range_is_reported_at_once() -> None:
    rows = [SR01.replace(",13,88,B,1,", ",13,-1,B,0.5,"), SR02.replace(",1,0", ",1,-2")]
    code, out, err = score(sales_with_ranges(), write("data.csv", "\n".join([HEADER, *rows])))
    assert (code, out) == (1, "")
    assert [line.split(" is ")[0] for line in err] == [
        "data.csv:2:8: error: SR01.satisfaction: -1 in row 2, column 8 ('satisfaction')",
        "data.csv:2:10: error: SR01.contract_errors: 0.5 in row 2, column 10 "
        "('contract_errors')",
        "data.csv:3:11: error: SR02.serious_violations: -2 in row 3, column 11 "
        "('serious_violations')"]


def test_a_figure_out_of_range_in_json_names_the_record_and_key() -> None:
    people = [{"id": "SR01", "revenue": 1380000, "cash_collected": 1242000,
               "sales_cost": 262200, "new_customers": 13, "客户满意度": 880, "teamwork": "B",
               "contract_errors": 1, "serious_violations": 0}]
    data = write("data.json", json.dumps(people, ensure_ascii=False))
    assert score(sales_with_ranges(), data) == (1, "", [
        "data.json: error: SR01.satisfaction: 880 in record 1, key '客户满意度' is above the "
        "maximum: field 'satisfaction' (客户满意度) takes 0 to 100 (correct the figure; if it "
        "can be right, raise fields.satisfaction.max in the scheme)"])


# -- a small scheme, plain and kept by month ------------------------------------------------

SCHEME = """\
appraise: 1
name: ranges
label: 数据范围
{calendar}
grades:
  - {{grade: A, min: 90, coefficient: 1.2}}
  - {{grade: B, coefficient: 1.0}}
fields:
  visits:
    label: 拜访次数
    aggregate: sum
{visits}
  score:
    label: 得分
    aggregate: average
{score}
  teamwork:
    label: 团队协作
    aggregate: average
    raters: {{manager: 50, peer: 50}}
{teamwork}
indicators:
  visits:
    formula: visits
    rule: {{kind: formula, points: "min(100, value * 10)", per: period}}
  score:
    formula: score
    rule: {{kind: formula, points: value}}
  teamwork:
    formula: teamwork
    rule: {{kind: formula, points: value}}
scorecards:
  rep:
    items:
      - {{indicator: visits, weight: 40}}
      - {{indicator: score, weight: 40}}
      - {{indicator: teamwork, weight: 20}}
units:
  company: {{label: 公司, kind: company}}
posts:
  rep: {{label: 销售代表, unit: company, scorecard: rep}}
people:
  P1: {{name: 甲, post: rep}}
  P2: {{name: 乙, post: rep}}
"""
RANGES = {"visits": "    max: 10\n    integer: true",
          "score": "    min: 1\n    max: 5\n    convert: {from: [0, 5], to: [0, 100]}",
          "teamwork": "    min: 1\n    integer: true\n    convert: {from: [1, 5], to: [0, 100]}"}


def small(monthly: bool = False, **ranges: str) -> str:
    given = {**RANGES, **ranges}
    return write("scheme.yaml", SCHEME.format(
        calendar="calendar: {year: 2026, targets_per: month}" if monthly else "", **given))


PLAIN = "id,visits,score,teamwork@manager,teamwork@peer1,teamwork@peer2\n"


def test_a_plain_period_within_every_range() -> None:
    data = write("data.csv", PLAIN + "P1,8,4,4,5,3\nP2,10,1,1,1,1\n")
    code, out, err = score(small(), data)
    assert (code, err) == (0, [])
    rows = {r["person"]: r for r in csv.DictReader(io.StringIO(out))}
    # P1: visits 80; score 4 of 5 -> 80; teamwork 4 -> 75 x 50% + (100 + 50) / 2 x 50% = 75
    assert [(r["points:visits"], r["points:score"], r["points:teamwork"])
            for r in rows.values()] == [("80.00", "80.00", "75.00"),
                                        ("100.00", "20.00", "0.00")]


def test_min_and_max_apply_to_the_figure_as_written_before_it_is_converted() -> None:
    data = write("data.csv", PLAIN + "P1,8,0.5,4,5,3\nP2,10,1,1,1,1\n")
    assert score(small(), data) == (1, "", [
        "data.csv:2:3: error: P1.score: 0.5 in row 2, column 3 ('score') is below the "
        "minimum: field 'score' (得分) takes 1 to 5 (correct the figure; if it can be right, "
        "lower fields.score.min in the scheme)"])


def test_each_rater_s_rating_is_checked() -> None:
    data = write("data.csv", PLAIN + "P1,8,4,4,5,3.5\nP2,10,1,0,1,1\n")
    assert score(small(), data) == (1, "", [
        "data.csv:2:6: error: P1.teamwork: 3.5 in row 2, column 6 ('teamwork@peer2') is not a "
        "whole number: field 'teamwork' (团队协作) takes whole numbers, 1 or more (correct the "
        "figure; if it can be right, remove fields.teamwork.integer in the scheme)",
        "data.csv:3:4: error: P2.teamwork: 0 in row 3, column 4 ('teamwork@manager') is below "
        "the minimum: field 'teamwork' (团队协作) takes whole numbers, 1 or more (correct the "
        "figure; if it can be right, lower fields.teamwork.min in the scheme)"])


@pytest.mark.parametrize(
    ("visits", "allowed", "cell", "reason", "change"),
    [("    max: 10", "10 or less", "11", "above the maximum", "raise fields.visits.max"),
     ("    min: -2.5", "-2.5 or more", "-3", "below the minimum", "lower fields.visits.min"),
     ("    integer: true", "whole numbers", "1.5", "not a whole number",
      "remove fields.visits.integer"),
     ("    min: 0.00001\n    max: 1500", "0.00001 to 1,500", "0", "below the minimum",
      "lower fields.visits.min"),
     ("    min: 0\n    max: 20\n    integer: true", "whole numbers from 0 to 20", "21",
      "above the maximum", "raise fields.visits.max")],
)
def test_the_range_is_said_as_declared(visits: str, allowed: str, cell: str, reason: str,
                                       change: str) -> None:
    data = write("data.csv", PLAIN + f"P1,{cell},4,4,5,3\n")
    code, _out, err = score(small(visits=visits), data)
    assert (code, err[0]) == (1, (
        f"data.csv:2:2: error: P1.visits: {cell} in row 2, column 2 ('visits') is {reason}: "
        f"field 'visits' (拜访次数) takes {allowed} (correct the figure; if it can be right, "
        f"{change} in the scheme)"))


MONTHS = """\
id,period,visits,score,teamwork@manager,teamwork@peer1,teamwork@peer2
P1,2026-01,8,4,4,5,3
P1,2026-02,9,5,4,5,3
P2,2026-01,10,1,1,1,1
P2,2026-02,10,2,1,1,1
"""


def test_each_month_is_checked_and_a_sum_of_months_may_pass_the_maximum() -> None:
    code, out, err = score(small(monthly=True), write("months.csv", MONTHS), "--period",
                           "2026-YTD-02")
    assert (code, err) == (0, [])
    rows = {r["person"]: r for r in csv.DictReader(io.StringIO(out))}
    # P1: visits 8 + 9 = 17 (each month at most 10) -> min(100, 170) = 100;
    # score (4 + 5) / 2 = 4.5 -> 90
    assert (rows["P1"]["points:visits"], rows["P1"]["points:score"]) == ("100.00", "90.00")
    bad = MONTHS.replace("P2,2026-02,10,2,", "P2,2026-02,12,2,")
    assert score(small(monthly=True), write("months.csv", bad), "--period", "2026-YTD-02") == (
        1, "", [
            "months.csv:5:3: error: P2.visits: 12 in row 5, column 3 ('visits') is above the "
            "maximum: field 'visits' (拜访次数) takes whole numbers, 10 or less (correct the "
            "figure; if it can be right, raise fields.visits.max in the scheme)"])


def test_a_month_outside_the_period_scored_is_checked_too() -> None:
    # The file is read whole, so that a slip in February is not passed over in January.
    bad = MONTHS.replace("P1,2026-02,9,", "P1,2026-02,9.5,")
    code, _out, err = score(small(monthly=True), write("months.csv", bad), "--period", "2026-01")
    assert (code, err[0].split(": error: ")[0]) == (1, "months.csv:3:3")

"""Bad input to a scheme kept by month: each a clear error, exit 1, and nothing written."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise import validate_scheme
from appraise.cli import main

SCHEME = Path("tests/schemes/cascade/small.yaml")
DATA = Path("tests/schemes/cascade/small-2026Q1.csv")


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def scheme_with(tmp_path: Path, old: str, new: str) -> str:
    text = SCHEME.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "scheme.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return str(path)


def data_with(tmp_path: Path, old: str, new: str) -> str:
    text = DATA.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "data.csv"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return str(path)


def messages(file: str) -> list[str]:
    return [str(d).replace(file, "scheme.yaml") for d in validate_scheme(file).diagnostics]


def score_fails(tmp_path: Path, scheme: str, data: str, period: str = "2026-Q1") -> list[str]:
    """Score with -o: exit 1, the errors on stderr, and no output file left behind."""
    out = tmp_path / "out.csv"
    code, stdout, stderr = invoke("score", scheme, "--data", data, "--period", period,
                                  "--format", "csv", "-o", str(out))
    assert (code, stdout) == (1, "")
    assert not out.exists()
    assert list(tmp_path.glob(".appraise-*")) == []
    return stderr.replace(str(tmp_path) + "/", "").splitlines()


def test_a_month_missing_for_a_person(tmp_path: Path) -> None:
    data = data_with(tmp_path, "E2,2026-02,15000,4,4\n", "")
    assert score_fails(tmp_path, str(SCHEME), data) == [
        "data.csv: error: E2: person 'E2' has no row for 2026-02; period 2026-Q1 needs their "
        "figures for 2026-01 to 2026-03 (add the row; or, if they had left, end their post "
        "under people.E2.posts; or set calendar.missing_months: zero)"]


def totals(csv_text: str) -> dict[str, str]:
    """Each person's total, from the CSV a person opens in Excel."""
    return {row["person"]: row["total"] for row in csv.DictReader(io.StringIO(csv_text))}


def test_a_missing_month_counts_as_zero_when_the_scheme_says_so(tmp_path: Path) -> None:
    scheme = scheme_with(tmp_path, "calendar: {year: 2026}",
                         "calendar: {year: 2026, missing_months: zero}")
    data = data_with(tmp_path, "E2,2026-02,15000,4,4\n", "")
    code, out, err = invoke("score", scheme, "--data", data, "--period", "2026-Q1",
                            "--format", "csv")
    assert (code, err) == (0, f"{data}: warning: E2: person 'E2' has no row for 2026-02, "
                           "which counts as 0 in summed figures (calendar.missing_months: "
                           "zero) (add the row if they had figures that month)\n")
    # E2: revenue 15,000 + 0 + 18,000 = 33,000 of 48,000 = 68.75% → 55; teamwork, averaged
    # over the months reported: (75 + 75) / 2 = 75 → 15. Total 70.
    assert totals(out)["E2"] == "70.00"
    code, out, err = invoke("score", scheme, "--data", data, "--period", "2026-Q1", "--strict")
    assert (code, out, err.split(": ")[1]) == (1, "", "error")


def test_no_rows_at_all_for_a_month_of_the_period(tmp_path: Path) -> None:
    assert score_fails(tmp_path, str(SCHEME), str(DATA), "2026-YTD-04") == [
        "tests/schemes/cascade/small-2026Q1.csv: error: the data has no rows for 2026-04, which "
        "period 2026-YTD-04 needs (the data has: 2026-01, 2026-02, 2026-03)"]


def test_a_person_on_two_posts_at_once_in_the_data(tmp_path: Path) -> None:
    path = data_with_posts(tmp_path, ["E1,west_rep,2026-01,1000,4,4"])
    assert score_fails(tmp_path, str(SCHEME), str(path)) == [
        "data.csv:26:2: error: E1: person 'E1' is on two posts at once in 2026-01: 'east_rep' "
        "(row 11) and 'west_rep' (row 26) (one person holds one post a month; a move takes "
        "effect from the next month)"]


def data_with_posts(tmp_path: Path, extra: list[str]) -> Path:
    """The data with a post column (each person's post in the scheme), and ``extra`` rows."""
    lines = DATA.read_text(encoding="utf-8").replace("id,period,", "id,post,period,").splitlines()
    rows = [lines[0]] + [line.replace(",", f",{_post(line)},", 1) for line in lines[1:]]
    path = tmp_path / "data.csv"
    path.write_text("\n".join([*rows, *extra]) + "\n", encoding="utf-8")
    return path


def _post(line: str) -> str:
    person = line.split(",")[0]
    return {"G1": "gm", "EM": "east_manager", "WM": "west_manager"}.get(
        person, "east_rep" if person.startswith("E") else "west_rep")


def test_a_person_on_two_posts_at_once_in_the_scheme(tmp_path: Path) -> None:
    scheme = scheme_with(tmp_path, "W2: {name: 西二, post: west_rep}",
                         "W2:\n    name: 西二\n    posts:\n"
                         "      - {post: west_rep, until: 2026-06}\n"
                         "      - {post: east_rep, from: 2026-06}")
    assert messages(scheme) == [
        "scheme.yaml:75:5: error: people.W2.posts: person 'W2' is on posts 'west_rep' and "
        "'east_rep' at once in 2026-06 (one person holds one post at a time: end the first "
        "post before the next begins)"]


def test_shares_that_do_not_add_up_to_100(tmp_path: Path) -> None:
    scheme = scheme_with(tmp_path, "{shares: {east: 60, west: 40}}",
                         "{shares: {east: 60, west: 35}}")
    assert messages(scheme) == [
        "scheme.yaml:82:25: error: cascade.revenue.split.company.shares: shares of unit "
        "'company' in cascade 'revenue' add up to 95%, expected 100% (missing 5%) (adjust the "
        "shares)"]


def test_explicit_amounts_with_a_gap_are_an_error_or_a_warning(tmp_path: Path) -> None:
    scheme = scheme_with(tmp_path, "E3: 180000", "E3: 170000")
    message = ("scheme.yaml:83:24: {}: cascade.revenue.split.east.explicit: the children of "
               "unit 'east' add up to 710,000 in cascade 'revenue', 10,000 short of its target "
               "720,000 (adjust the amounts, or split by shares)")
    assert messages(scheme) == [message.format("error")]
    warned = scheme_with(tmp_path, "    phasing:", "    on_gap: warning\n    phasing:")
    text = Path(warned).read_text(encoding="utf-8").replace("E3: 180000", "E3: 170000")
    Path(warned).write_text(text, encoding="utf-8")
    assert messages(warned) == [message.format("warning").replace(":83:", ":84:")]
    code, out, _ = invoke("targets", warned, "--period", "2026-Q1")
    assert code == 0
    # The gap of the year, 10,000, phased as east is: 20% of it falls in Q1.
    assert "  东区         east     explicit  144,000   142,000  2,000 short" in out


def test_a_unit_with_no_head(tmp_path: Path) -> None:
    scheme = scheme_with(tmp_path, "parent: company, head: west_manager}", "parent: company}")
    assert messages(scheme) == [
        "scheme.yaml:56:3: error: units.west: unit 'west' has no head; with a cascade every "
        "unit answers for its target through its head (add head: <post>, a post in this unit)",
        "scheme.yaml:61:54: error: posts.west_manager.scorecard: post 'west_manager' heads no "
        "unit, but its scorecard 'manager' has 'unit_revenue' and 'team_result', which are "
        "scored on the unit its holder heads (make 'west_manager' a unit's head, or use "
        "another scorecard)",
    ]


def test_a_cycle_of_units(tmp_path: Path) -> None:
    scheme = scheme_with(tmp_path, "east: {label: 东区, kind: department, parent: company,",
                         "east: {label: 东区, kind: department, parent: west,")
    scheme_text = Path(scheme).read_text(encoding="utf-8").replace(
        "west: {label: 西区, kind: department, parent: company,",
        "west: {label: 西区, kind: department, parent: east,")
    Path(scheme).write_text(scheme_text, encoding="utf-8")
    assert messages(scheme)[0] == (
        "scheme.yaml:55:47: error: units.east.parent: units form a cycle: east → west → east "
        "(one of them must have a parent outside the cycle)")


def test_a_child_without_a_share_and_a_share_for_a_stranger(tmp_path: Path) -> None:
    scheme = scheme_with(tmp_path, "{E1: 300000, E2: 240000, E3: 180000}",
                         "{E1: 300000, E2: 420000, W1: 0}")
    assert messages(scheme) == [
        "scheme.yaml:83:24: error: cascade.revenue.split.east.explicit: unit 'east' splits "
        "'revenue' by explicit but gives nothing to 'E3' (add E3: <amount>)",
        "scheme.yaml:83:49: error: cascade.revenue.split.east.explicit.W1: 'W1' is not a child "
        "of unit 'east' in cascade 'revenue' (its children are: E1, E2, E3)",
    ]


def test_a_target_set_twice(tmp_path: Path) -> None:
    scheme = scheme_with(tmp_path, "east_rep: {label: 东区销售, unit: east, scorecard: rep, "
                         "bonus_base: 40000}",
                         "east_rep: {label: 东区销售, unit: east, scorecard: rep, "
                         "bonus_base: 40000, targets: {revenue_achievement: 5}}")
    assert messages(scheme) == [
        "scheme.yaml:62:84: error: posts.east_rep.targets.revenue_achievement: the target of "
        "'revenue_achievement' comes from cascade 'revenue', so it cannot be set on post "
        "'east_rep' too (remove it here, or the indicator from the cascade)"]


@pytest.mark.parametrize(("period", "message"), [
    ("2026-Q5", "'2026-Q5' is not a period; write one of 2026-03, 2026-Q1, 2026-H1, 2026, "
                "2026-YTD-05 or 2026-YTD"),
    ("2025-Q1", "period '2025-Q1' is not in the scheme's year 2026"),
])
def test_a_period_that_is_not_one(period: str, message: str) -> None:
    code, out, err = invoke("score", str(SCHEME), "--data", str(DATA), "--period", period)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == f"Error: Invalid value for '--period': {message}"


def test_a_period_is_needed() -> None:
    code, _, err = invoke("score", str(SCHEME), "--data", str(DATA))
    assert code == 2
    assert err.splitlines()[-1] == (
        "Error: this scheme is kept by month: choose a period with --period (2026-03, 2026-Q1, "
        "2026-H1, 2026, 2026-YTD-05 or 2026-YTD)")


def test_a_row_for_a_month_that_is_not_one(tmp_path: Path) -> None:
    data = data_with(tmp_path, "E2,2026-02,", "E2,2026-Q1,")
    assert score_fails(tmp_path, str(SCHEME), data) == [
        "data.csv:15:2: error: period '2026-Q1' is not a month of 2026 (write the month as "
        "2026-MM; the scheme keeps figures by month)"]


def test_a_rater_missing(tmp_path: Path) -> None:
    data = data_with(tmp_path, "E2,2026-02,15000,4,4", "E2,2026-02,15000,4,")
    assert score_fails(tmp_path, str(SCHEME), data) == [
        "data.csv:15:1: error: E2.teamwork: no rating from 'manager', who weighs 80% (fill in "
        "the rating, or give the rater no weight)"]


def test_a_rating_off_the_scale(tmp_path: Path) -> None:
    data = data_with(tmp_path, "E2,2026-02,15000,4,4", "E2,2026-02,15000,4,6")
    assert score_fails(tmp_path, str(SCHEME), data) == [
        "data.csv:15:1: error: E2.teamwork: rating 6 from 'manager' is outside the scale 1 to 5 "
        "(ratings run from 1 to 5)"]


def test_with_zero_a_person_with_no_row_at_all_is_not_scored(tmp_path: Path) -> None:
    scheme = scheme_with(tmp_path, "calendar: {year: 2026}",
                         "calendar: {year: 2026, missing_months: zero}")
    text = DATA.read_text(encoding="utf-8")
    data = tmp_path / "data.csv"
    data.write_text("".join(line for line in text.splitlines(keepends=True)
                            if not line.startswith("W2,")), encoding="utf-8")
    code, out, err = invoke("score", scheme, "--data", str(data), "--period", "2026-Q1",
                            "--format", "csv")
    assert code == 0
    assert err == (f"{data}: warning: W2: person 'W2' has no row for any month of 2026-Q1, "
                   "and is not scored (add their rows if they should be appraised)\n")
    assert ",W2," not in out


def test_a_missing_rater_column_is_reported_once(tmp_path: Path) -> None:
    text = DATA.read_text(encoding="utf-8").replace(",teamwork@manager", ",other")
    data = tmp_path / "data.csv"
    data.write_text(text, encoding="utf-8")
    assert score_fails(tmp_path, str(SCHEME), str(data)) == [
        "data.csv:1:1: error: missing column 'teamwork@manager' for the rater 'manager' of "
        "field 'teamwork' (first: person 'E1') (head a column teamwork@manager; for several "
        "raters, teamwork@manager1, teamwork@manager2, ...)",
        "data.csv: warning: column 'other' is not a field of the scheme and is ignored "
        "(expected one of: revenue, teamwork)"]


def newcomer(line: int, person: str, post: str) -> str:
    return (f"data.csv:{line}:1: warning: {person}: person '{person}' is not in the scheme's "
            f"people, and is scored on post '{post}', as the data says (add them under "
            "people: in the scheme, or correct the id)")


def test_a_person_only_in_the_data_has_no_share_of_the_cascade(tmp_path: Path) -> None:
    path = data_with_posts(tmp_path, [f"E9,east_rep,2026-0{m},1000,4,4" for m in (1, 2, 3)])
    assert score_fails(tmp_path, str(SCHEME), str(path)) == [
        "data.csv:26:1: error: E9.revenue_achievement: person 'E9' has no share of cascade "
        "'revenue', which sets the target of 'revenue_achievement': the cascade splits to the "
        "people in the scheme (add 'E9' under people: in the scheme, on post 'east_rep')",
        newcomer(26, "E9", "east_rep")]


def test_two_heads_at_once_from_the_data(tmp_path: Path) -> None:
    path = data_with_posts(tmp_path, ["WX,west_manager,2026-03,,,"])
    assert score_fails(tmp_path, str(SCHEME), str(path)) == [
        "data.csv:26:1: error: WX: unit 'west' has two heads in 2026-03: 'WM' and 'WX' both "
        "hold its head post 'west_manager' (one person heads a unit at a time)",
        newcomer(26, "WX", "west_manager")]


def test_explain_lists_every_calibration_move(tmp_path: Path) -> None:
    scheme = scheme_with(tmp_path, "at_most: {A: 20}", "at_most: {A: 20, B: 40}")
    code, out, _ = invoke("explain", scheme, "--data", str(DATA), "--period", "2026-Q1",
                          "--person", "WM")
    assert code == 0
    # West: W1 119, WM 104, W2 82. At most 1 A: WM drops to B; at most 40% of 3 = 1 B or
    # better: W1 is A, so WM drops again, to C.
    assert out.splitlines()[-4:-2] == [
        "  calibrated from A to B: at most 20% of 3 may be A or better: 1 (rounded half up); "
        "ranked 2",
        "  calibrated from B to C: at most 40% of 3 may be B or better: 1 (rounded half up); "
        "ranked 2"]


TRAINEE = ("  rep:\n", "  trainee:\n    items:\n      - {indicator: teamwork, weight: 100}\n"
           "  rep:\n")
TRAINEE_POST = ("  east_rep:", "  trainee: {label: 东区实习生, unit: east, scorecard: trainee}\n"
                "  east_rep:")


def test_a_person_known_only_from_the_data(tmp_path: Path) -> None:
    text = SCHEME.read_text(encoding="utf-8")
    for old, new in (TRAINEE, TRAINEE_POST):
        text = text.replace(old, new, 1)
    scheme = tmp_path / "scheme.yaml"
    scheme.write_text(text, encoding="utf-8")
    rows = [f"X1,trainee,2026-0{m},,5,5" for m in (1, 2, 3)]
    data = data_with_posts(tmp_path, rows)
    code, out, err = invoke("score", str(scheme), "--data", str(data), "--period", "2026-Q1",
                            "--format", "csv")
    assert (code, err) == (0, newcomer(26, "X1", "trainee").replace("data.csv", str(data))
                           + "\n")
    # X1: teamwork 5 and 5 → 100 each month. EM's members' average now counts X1 too:
    # (104 + 95 + 66 + 100) / 4 = 91.25 × 50% = 45.625, plus 48.9583 = 94.58.
    found = totals(out)
    assert (found["X1"], found["EM"]) == ("100.00", "94.58")
    data = data_with_posts(tmp_path, [rows[0], rows[2]])
    assert score_fails(tmp_path, str(scheme), str(data)) == [
        "data.csv: error: X1: person 'X1' has no row for 2026-02; period 2026-Q1 needs their "
        "figures for 2026-01 to 2026-03 (add the row; or, if they had left, end their post "
        "under people.X1.posts; or set calendar.missing_months: zero)",
        newcomer(26, "X1", "trainee")]


def test_a_stretch_goal_from_the_cascade(tmp_path: Path) -> None:
    scheme = scheme_with(tmp_path, "    rule: {kind: ratio, cap: 150}\n  unit_revenue:",
                         "    rule: {kind: two_level, base_points: 80, stretch_points: 100}\n"
                         "  unit_revenue:")
    text = Path(scheme).read_text(encoding="utf-8").replace(
        "    target: 1200000", "    target: 1200000\n    stretch: 125")
    Path(scheme).write_text(text, encoding="utf-8")
    code, out, _ = invoke("explain", scheme, "--data", str(DATA), "--period", "2026-Q1",
                          "--person", "E1")
    assert code == 0
    # E1's Q1 share 60,000, stretch 125% = 75,000; 66,000 is 110%: 80 + (110 - 100) /
    # (125 - 100) × 20 = 88 × 80% = 70.4.
    assert out.splitlines()[5:9] == [
        "   value:   revenue = 66,000",
        "   target:  60,000 / 75,000 (achievement 110.00%)",
        "   rule:    two_level: between base 60,000 and stretch 75,000: 80 + 40% of the way "
        "to 100 = 88",
        "   points:  88.00 × weight 80% = 70.40"]


def test_every_missing_rater_column_is_reported(tmp_path: Path) -> None:
    text = DATA.read_text(encoding="utf-8").replace(",teamwork@self,teamwork@manager", ",a,b")
    data = tmp_path / "data.csv"
    data.write_text(text, encoding="utf-8")
    found = score_fails(tmp_path, str(SCHEME), str(data))
    assert [line.split(": error: ")[1].split(" for the")[0] for line in found
            if ": error: " in line] == [
        "missing column 'teamwork@manager'", "missing column 'teamwork@self'"]


def test_explain_someone_who_held_no_post_in_the_period() -> None:
    code, out, err = invoke("explain", "schemes/examples/cascade_company.yaml", "--data",
                            "schemes/examples/2026-months.csv", "--period", "2026-01",
                            "--person", "S08")
    assert (code, out) == (1, "")
    assert err == ("schemes/examples/2026-months.csv: error: person 'S08' holds no post in "
                   "2026-01 (see people.S08 in the scheme)\n")


def test_targets_year_to_date_needs_its_month() -> None:
    code, _, err = invoke("targets", str(SCHEME), "--period", "2026-YTD")
    assert code == 2
    assert err.splitlines()[-1] == (
        "Error: Invalid value for '--period': '2026-YTD' runs to the last month in the data, "
        "but there is no monthly data; write the month, e.g. 2026-YTD-05")


def test_a_name_that_differs_is_warned_once_not_every_month(tmp_path: Path) -> None:
    text = DATA.read_text(encoding="utf-8").replace("id,period,", "id,name,period,")
    lines = text.splitlines()
    rows = [lines[0]] + [line.replace(",", ",西贰," if line.startswith("W2,") else ",,", 1)
                         for line in lines[1:]]
    data = tmp_path / "data.csv"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, _, err = invoke("score", str(SCHEME), "--data", str(data), "--period", "2026-Q1",
                          "--format", "csv")
    assert code == 0
    assert err == (f"{data}:23:1: warning: person 'W2' is called '西贰' here but '西二' in the "
                   "scheme (check that the row is the right person)\n")


def test_a_post_held_only_in_a_filled_in_month_has_no_average(tmp_path: Path) -> None:
    """missing_months: zero fills a month with 0 in summed figures; a post whose every month
    was filled in has nothing to average, and says so (it was a KeyError traceback)."""
    (tmp_path / "s.yaml").write_text("""appraise: 1
name: zero_months
bonus_base: 10000
calendar: {year: 2026, targets_per: month, missing_months: zero}
grades:
  - {grade: A, min: 90, coefficient: 1.5}
  - {grade: B, coefficient: 1}
fields:
  revenue: {aggregate: sum}
  score: {aggregate: average}
indicators:
  rev: {formula: revenue, rule: {kind: ratio}}
  sco: {formula: score, rule: {kind: formula, points: value}}
scorecards:
  rep:
    items:
      - {indicator: rev, weight: 50}
      - {indicator: sco, weight: 50}
units:
  company: {}
posts:
  rep1: {unit: company, scorecard: rep, targets: {rev: 1000}}
  rep2: {unit: company, scorecard: rep, targets: {rev: 900}}
people:
  R01: {post: rep1}
  R03:
    posts:
      - {post: rep1, until: 2026-01}
      - {post: rep2, from: 2026-02}
""", encoding="utf-8")
    (tmp_path / "d.csv").write_text("id,post,period,revenue,score\nR01,rep1,2026-01,1000,80\n"
                                    "R01,rep1,2026-02,900,70\nR03,rep1,2026-01,800,60\n",
                                    encoding="utf-8")
    out = tmp_path / "out.csv"
    code, stdout, stderr = invoke("score", str(tmp_path / "s.yaml"), "--data",
                                  str(tmp_path / "d.csv"), "--period", "2026-YTD-02",
                                  "-o", str(out))
    assert (code, stdout, out.exists()) == (1, "", False)
    data = tmp_path / "d.csv"
    assert stderr.splitlines()[0] == (
        f"{data}: error: R03.score: person 'R03' has no row on post 'rep2' (2026-02), so "
        "'score' (not summed) has no value there for 2026-YTD-02: calendar.missing_months: "
        "zero fills a missing month with 0 in summed figures only (add their row for "
        "2026-02; or, if they did not hold post 'rep2' then, change people.R03.posts)")

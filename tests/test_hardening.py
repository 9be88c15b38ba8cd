"""What a hostile or careless file must never do: crash, mislead, or damage output."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise import load_scheme, read_actuals, score, validate_scheme
from appraise.cli import main
from appraise.diagnostics import AppraiseError

ROOT = Path(__file__).resolve().parent.parent
SCHEME = str(ROOT / "schemes/examples/sales_company.yaml")
EXAMPLE = Path(SCHEME).read_text(encoding="utf-8")
HEADER = ("id,name,post,revenue,cash_collected,sales_cost,new_customers,satisfaction,"
          "teamwork,contract_errors,serious_violations")
SR01 = "SR01,张伟,sales_rep,1380000,1242000,262200,13,88,B,1,0"
# The example with SR01 its only person, for a file of SR01's row alone (with the whole
# example, everybody else would have no row, which is an error).
ONE_PERSON = (EXAMPLE[:EXAMPLE.index("\npeople:\n")]
              + "\npeople:\n  SR01: {name: 张伟, post: sales_rep}\n").encode()


def data_problems(text: str, name: str = "d.csv", period: str | None = None) -> list[str]:
    scheme = load_scheme("s.yaml", ONE_PERSON)
    with pytest.raises(AppraiseError) as info:
        actuals = read_actuals(name, scheme, period, content=text.encode())
        score(scheme, actuals)
    return [str(d) for d in info.value.diagnostics]


def scheme_problems(text: str) -> list[str]:
    return [str(d) for d in validate_scheme("s.yaml", content=text.encode()).diagnostics]


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


# -- data files -------------------------------------------------------------------------


def test_deeply_nested_json_is_an_error_not_a_crash() -> None:
    assert data_problems("[" * 5000 + "]" * 5000, "d.json") == [
        "d.json: error: the JSON is nested far too deeply (expected a list of people)"]


def test_a_huge_csv_cell_is_an_error_naming_the_row() -> None:
    assert data_problems(f"{HEADER}\n{SR01.replace('张伟', 'x' * 200_000)}\n") == [
        "d.csv:2:1: error: CSV: a cell is far too long (check the row; a cell holds one value)"]


def test_a_full_width_comma_is_a_short_row() -> None:
    assert data_problems(f"{HEADER}\n{SR01.replace('SR01,', 'SR01，')}\n") == [
        "d.csv:2:11: error: row has 10 cells but the header names 11 columns (check for a "
        "missing comma, or a full-width comma '，' typed instead of ',')"]


def test_an_unclosed_quote_swallows_the_rest_and_says_so() -> None:
    text = f'{HEADER}\n{SR01.replace("张伟", chr(34) + "张伟")}\n{SR01}\n'
    assert data_problems(text) == [
        "d.csv:2:3: error: row has 2 cells but the header names 11 columns (check for a "
        "missing comma, or a full-width comma '，' typed instead of ',')"]


def test_json_duplicate_key() -> None:
    assert data_problems('[{"id": "SR01", "id": "SR02"}]', "d.json") == [
        "d.json: error: key 'id' appears twice in one object (JSON would silently keep only "
        "the last; remove one)"]


def test_json_period_must_agree_with_its_records() -> None:
    text = '{"period": "2026-Q2", "people": [{"id": "SR01", "period": "2026-Q1"}]}'
    assert data_problems(text, "d.json") == [
        "d.json: error: record 1 is for period '2026-Q1', but the file says '2026-Q2' "
        "(correct one of them)"]


def test_empty_json_list_has_no_rows() -> None:
    assert data_problems("[]", "d.json") == [
        "d.json: error: the data file has no rows (add one object per person)"]


def test_a_number_too_large_to_compute_with() -> None:
    assert data_problems(f"{HEADER}\n{SR01.replace('1380000', '1e400')}\n") == [
        "d.csv:2:4: error: SR01.revenue: the number 1e400 is too large to compute with (check "
        "the figure; figures must be below 1e308)"]


def test_period_is_trimmed() -> None:
    scheme = load_scheme("s.yaml", ONE_PERSON)
    text = f"{HEADER},period\n{SR01},2026-Q1\n"
    assert read_actuals("d.csv", scheme, " 2026-Q1 ", content=text.encode()).period == "2026-Q1"


@pytest.mark.parametrize(("written", "shown"), [("sr01", "sr01"), ("SR01\u200b", "SR01\\u200b"),
                                               ("ＳＲ01", "ＳＲ01"), ("0SR01", "0SR01")])
def test_a_near_miss_id_is_not_taken_for_a_new_person(written: str, shown: str) -> None:
    assert data_problems(f"{HEADER}\n{SR01.replace('SR01', written, 1)}\n") == [
        f"d.csv:2:1: error: {shown}: person '{shown}' is not in the scheme, but 'SR01' is "
        "(write the id exactly as 'SR01' (check case, leading zeros and invisible characters))"]


def test_a_different_name_is_a_warning_and_warnings_reach_the_json() -> None:
    scheme = load_scheme("s.yaml", ONE_PERSON)
    actuals = read_actuals("d.csv", scheme, content=f"{HEADER}\n"
                           f"{SR01.replace('张伟', '李四')}\n".encode())
    named = [w for w in actuals.warnings if "李四" in w.message]
    assert [str(w) for w in named] == [(
        "d.csv:2:1: warning: person 'SR01' is called '李四' here but '张伟' in the scheme "
        "(check that the row is the right person)")]
    from appraise.report import score_json

    payload = json.loads(score_json(score(scheme, actuals)))
    assert [w["message"] for w in payload["warnings"]] == [w.message for w in actuals.warnings]
    assert len(payload["warnings"]) == 1


@pytest.mark.parametrize(("column", "value", "message"), [
    ("contract_errors", "1.5", "the number of events is 1.5; it must be a whole number"),
    ("serious_violations", "0.4", "the number of events is 0.4; it must be a whole number"),
])
def test_event_counts_must_be_whole(column: str, value: str, message: str) -> None:
    cells = dict(zip(HEADER.split(","), SR01.split(","), strict=True))
    cells[column] = value
    indicator = {"contract_errors": "contract_errors",
                 "serious_violations": "serious_violation"}[column]
    assert data_problems(f"{HEADER}\n{','.join(cells.values())}\n") == [
        f"d.csv:2:1: error: SR01.{indicator}: cannot score '{indicator}': {message}"]


# -- the grade follows the total as shown ----------------------------------------------


MINIMAL = """appraise: 1
name: minimal
grades:
  - {grade: A, min: 95, coefficient: 1.2}
  - {grade: B, coefficient: 1}
fields:
  score: {unit: points}
indicators:
  score:
    formula: score
    rule: {kind: formula, points: value}
scorecards:
  card:
    items:
      - {indicator: score, weight: 100}
units:
  company: {kind: company}
posts:
  clerk: {unit: company, scorecard: card}
"""


def test_grade_follows_the_shown_total() -> None:
    # 94.995 shows as 95.00 (half up); HR reads 95.00 and expects grade A.
    scheme = load_scheme("m.yaml", MINIMAL.encode())
    actuals = read_actuals("d.csv", scheme, content=b"id,post,score\nP1,clerk,94.995\n")
    person = score(scheme, actuals).person("P1")
    assert (person.total, person.grade) == (94.995, "A")


# -- scheme checks ----------------------------------------------------------------------


def test_negative_target_under_an_achievement_rule() -> None:
    text = EXAMPLE.replace("revenue_achievement: 1000000", "revenue_achievement: -1000000")
    line = line_of(text, "revenue_achievement: -1000000")
    assert scheme_problems(text) == [
        f"s.yaml:{line}:28: error: people.SR05.targets.revenue_achievement: the target of "
        "'revenue_achievement' for person 'SR05' is negative (-1,000,000), but its linear rule "
        "measures achievement against it (check the sign; a target measured as achievement "
        "must be above 0)"]


def test_stretch_in_a_points_formula_needs_a_stretch_goal() -> None:
    text = EXAMPLE.replace('points: "100 if value >= 100 else max(0, 100 - (100 - value) * 20)"',
                           'points: "value / stretch * 100"')
    text = text.replace("    target: 0\n    rule: {kind: linear, basis: value",
                        "    target: 0\n    rule: {kind: linear, basis: value")
    text = text.replace("      lead_achievement: 600", "      lead_achievement: 600\n"
                        "      report_accuracy: 99")
    line = line_of(text, "report_accuracy: 99")
    assert scheme_problems(text) == [
        f"s.yaml:{line}:24: error: posts.marketing_director.targets.report_accuracy: the points "
        "formula of 'report_accuracy' uses 'stretch', but this target has none (write {base: "
        "..., stretch: ...})"]


def test_two_fields_with_one_label() -> None:
    text = EXAMPLE.replace("label: 回款额", "label: 销售额")
    line = line_of(text, "label: 销售额\n    unit: yuan\n    definition: 当期")
    assert scheme_problems(text) == [
        f"s.yaml:{line}:12: error: fields.cash_collected.label: fields 'revenue' and "
        "'cash_collected' are both called '销售额'; a data column headed '销售额' would be "
        "ambiguous (give each field its own label)"]


def test_open_ended_bands_are_warned_about() -> None:
    text = EXAMPLE.replace("        - {max: 85, points: 0}\n", "").replace(
        "- {min: 85, max: 90, points: 60}", "- {min: 85, max: 90, points: 60}")
    line = line_of(text, "{min: 85, max: 90, points: 60}")
    assert scheme_problems(text) == [
        f"s.yaml:{line}:11: warning: indicators.collection_rate.rule.bands[2]: a value below 85 "
        "falls in no band, and cannot be scored (leave out the lowest band's min if such "
        "values can occur)"]


def test_falling_coefficients_are_warned_about() -> None:
    text = EXAMPLE.replace("{grade: C, label: 合格, min: 70, coefficient: 0.8}",
                           "{grade: C, label: 合格, min: 70, coefficient: 1.8}")
    line = line_of(text, "coefficient: 1.8")
    assert scheme_problems(text) == [
        f"s.yaml:{line}:49: warning: grades[2].coefficient: grade 'C' pays a higher coefficient "
        "(1.8) than the better grade 'B' (1.0) (check the coefficients)"]


def test_weights_written_as_fractions_get_a_hint() -> None:
    text = EXAMPLE
    for old, new in [("revenue_two_level, weight: 50", "revenue_two_level, weight: 0.5"),
                     ("collection_rate, weight: 20}\n      - {indicator: sales_cost_rate, "
                      "weight: 15}\n      - {indicator: satisfaction, weight: 15}",
                      "collection_rate, weight: 0.2}\n      - {indicator: sales_cost_rate, "
                      "weight: 0.15}\n      - {indicator: satisfaction, weight: 0.15}")]:
        text = text.replace(old, new, 1)
    line = line_of(text, "  general_manager:\n    label: 总经理考核表") + 2
    assert scheme_problems(text) == [
        f"s.yaml:{line}:5: error: scorecards.general_manager.items: weights of scorecard "
        "'general_manager' add up to 1%, expected 100% (missing 99%) (weights are percentages: "
        "write 40, not 0.4)"]


# -- output files -----------------------------------------------------------------------


def score_to(output: Path) -> tuple[int, str]:
    """Score the example to ``output``: the exit code, and what is said on standard error
    besides the example's one warning (SR06 is known only from the data)."""
    data = str(ROOT / "schemes/examples/2026-Q1.csv")
    result = CliRunner().invoke(main, ["score", SCHEME, "--data", data,
                                       "--format", "csv", "-o", str(output)])
    warning = (f"{data}:12:1: warning: SR06: person 'SR06' is not in the scheme's people, and "
               "is scored on post 'sales_rep', as the data says (add them under people: in the "
               "scheme, or correct the id)\n")
    assert result.stderr.startswith(warning)
    return result.exit_code, result.stderr.removeprefix(warning)


def test_output_through_a_link_writes_the_target(tmp_path: Path) -> None:
    target = tmp_path / "target.csv"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o644)
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    assert score_to(link) == (0, "")
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8-sig").startswith("person,name,post,")
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_output_to_something_not_a_file_is_refused(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    assert score_to(pipe) == (
        1, f"{pipe}: error: not a regular file; give the path of a file to write\n")
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    out = tmp_path / "out.csv"
    assert score_to(out) == (
        1, f"{out}: error: cannot write the output: No space left on device\n")
    assert list(tmp_path.iterdir()) == []


def test_a_flood_of_problems_is_capped(tmp_path: Path) -> None:
    data = tmp_path / "d.csv"
    data.write_text(HEADER + "\n" + "\n".join([SR01] * 302) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["score", SCHEME, "--data", str(data)])
    lines = result.stderr.splitlines()
    assert (result.exit_code, len(lines)) == (1, 201)
    assert lines[-1] == "... and 101 more problems not shown"


BIG = """appraise: 1
name: big
bonus_base: 10000
grades:
  - {grade: A, min: 90, coefficient: 1.5}
  - {grade: B, coefficient: 1}
fields:
  revenue: {}
indicators:
  rev: {formula: revenue, rule: {kind: ratio}}
scorecards:
  rep: {items: [{indicator: rev, weight: 100}]}
units:
  company: {}
posts:
  rep: {unit: company, scorecard: rep, targets: {rev: 1000}}
people:
  P1: {post: rep}
  P2: {post: rep}
"""


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_a_total_past_the_largest_float_is_said_not_rounded(tmp_path: Path, fmt: str) -> None:
    """1.7e308 / 1,000 × 100 points is finite; weighted by 100 / 100 it is not. It was a
    decimal.InvalidOperation traceback when the total was rounded."""
    (tmp_path / "s.yaml").write_text(BIG, encoding="utf-8")
    data = tmp_path / "d.csv"
    data.write_text("id,post,revenue\nP1,rep,1.7e308\nP2,rep,900\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["score", str(tmp_path / "s.yaml"), "--data", str(data),
                                       "--format", fmt, "-o", str(out)])
    assert (result.exit_code, result.stdout, out.exists()) == (1, "", False)
    assert result.stderr == (
        f"{data}:2:1: error: P1.rev: the total comes to more than a number can hold: 'rev' "
        "gives 1.7e+307 points (check the figures of 'rev' ('revenue'): one of them is far "
        "too large)\n")

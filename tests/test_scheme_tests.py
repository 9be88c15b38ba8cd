"""``appraise test``: a scheme's cases run, a failure shown as expected against actual with
the explain trace, and every bad test file named by file and line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA, EXAMPLES, ROOT, SCHEME
from jsonschema import Draft202012Validator

from appraise.cli import main

TESTS = "schemes/examples/sales_company.tests.yaml"
SR06_WARNING = ("2026-Q1.csv:12:1: warning: SR06: person 'SR06' is not in the scheme's people, "
                "and is scored on post 'sales_rep', as the data says (add them under people: "
                "in the scheme, or correct the id)\n")
SR01 = ("revenue: 1380000, new_customers: 13, cash_collected: 1242000, sales_cost: 262200, "
        "satisfaction: 88, teamwork: B, contract_errors: 1, serious_violations: 0")


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def client(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A consultant's folder with the example scheme and its data, as the current folder."""
    shutil.copy(SCHEME, tmp_path / "sales_company.yaml")
    shutil.copy(DATA, tmp_path / "2026-Q1.csv")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_shipped_cases_pass_as_the_domain_brief_and_the_readme_compute_them() -> None:
    assert invoke("test", TESTS) == (0, (
        f"{TESTS}:8: pass: 张伟 (SR01), the worked example of the domain brief\n"
        f"{TESTS}:35: pass: a collection of exactly 95% is in the top band\n"
        f"{TESTS}:53: pass: a serious violation zeroes the total (一票否决)\n"
        f"{TESTS}:67: pass: the quarter's table, as the README shows it\n"
        "4 passed, 0 failed in 1 file\n"), "")


def test_a_scheme_runs_the_test_file_named_after_it_and_a_folder_every_one_below() -> None:
    assert invoke("test", str(SCHEME.relative_to(ROOT)))[1].splitlines()[-1] == \
        "4 passed, 0 failed in 1 file"
    assert invoke("test", "schemes")[1].splitlines()[-1] == "6 passed, 0 failed in 2 files"


def test_a_failure_shows_expected_against_actual_then_the_explain_trace(client: Path) -> None:
    (client / "sales_company.tests.yaml").write_text(
        "cases:\n"
        "  - name: the worked example\n"
        f"    actuals: {{SR01: {{{SR01}}}}}\n"
        "    expect: {SR01: {total: 94.80}}\n"
        "  - name: a wrong total, grade and points\n"
        "    data: 2026-Q1.csv\n"
        "    expect:\n"
        "      SR01:\n"
        "        points: {revenue_achievement: 120, teamwork: 80}\n"
        "        total: 95\n"
        "        grade: A\n"
        "        bonus: 20000\n"
        "      SR02: {rank: 1}\n", encoding="utf-8")
    explained = invoke("explain", "sales_company.yaml", "--data", "2026-Q1.csv",
                       "--person", "SR01")[1]
    trace = "".join(f"    {line}".rstrip() + "\n" for line in explained.splitlines())
    assert invoke("test", ".") == (1, (
        "sales_company.tests.yaml:2: pass: the worked example\n"
        "sales_company.tests.yaml:5: FAIL: a wrong total, grade and points\n"
        "  person  what                        expected  actual\n"
        "  ------  --------------------------  --------  ------\n"
        "  SR01    points revenue_achievement       120  119.50\n"
        "  SR01    total                             95   94.80\n"
        "  SR01    grade                              A       B\n"
        f"\n{trace}\n"
        "1 passed, 1 failed in 1 file\n"), SR06_WARNING)
    assert trace.startswith("    张伟 (SR01) — 销售代表, 销售部\n")
    assert trace.endswith("    Bonus: 1.0 × 20,000.00 = 20,000.00 CNY\n"
                          "    Rank in 销售部: 2 of 6\n")


def test_a_case_scores_only_the_people_it_lists(client: Path) -> None:
    (client / "sales_company.tests.yaml").write_text(
        "cases:\n"
        "  - name: two sales reps\n"
        "    actuals:\n"
        f"      SR01: {{{SR01}}}\n"
        f"      SR02: {{{SR01.replace('contract_errors: 1', 'contract_errors: 0')}}}\n"
        "    expect:\n"
        "      SR01: {total: 94.80, rank: 2}\n"
        "      SR02: {total: 99.80, rank: 1, grade: A, coefficient: 1.2, bonus: 24000}\n",
        encoding="utf-8")
    assert invoke("test", "sales_company.tests.yaml") == (0, (
        "sales_company.tests.yaml:2: pass: two sales reps\n"
        "1 passed, 0 failed in 1 file\n"), "")


BAD_CASES = (  # unknown names, people the data lacks, and a good case after them
    "cases:\n"
    "  - name: unknown names\n"
    "    actuals:\n"
    f"      SR01: {{{SR01.replace('revenue:', 'revenu:')}}}\n"
    "    expect:\n"
    "      SR02: {total: 1}\n"
    "      SR01:\n"
    "        points: {revenue_achievment: 1, collection_rate: 80.125, key_visit_rate: 1}\n"
    "        grade: Z\n"
    "        bonus: 20000.001\n"
    "  - name: people the data does not score\n"
    "    data: 2026-Q1.csv\n"
    "    expect:\n"
    "      XX01: {total: 1}\n"
    "      SR01: {points: {key_visit_rate: 100}}\n"
    "  - name: fine\n"
    "    data: 2026-Q1.csv\n"
    "    expect: {SR01: {total: 94.8}}\n")


def test_bad_cases_are_named_by_file_and_line_and_the_good_ones_still_run(client: Path) -> None:
    (client / "sales_company.tests.yaml").write_text(BAD_CASES, encoding="utf-8")
    assert invoke("test", "sales_company.tests.yaml") == (1, (
        "sales_company.tests.yaml:2: error: unknown names\n"
        "sales_company.tests.yaml:11: error: people the data does not score\n"
        "sales_company.tests.yaml:16: pass: fine\n"
        "1 passed, 0 failed, 2 errors in 1 file\n"), (
        "sales_company.tests.yaml:4:14: error: cases[0].actuals.SR01.revenu: unknown field "
        "'revenu' (did you mean 'revenue'?)\n"
        "sales_company.tests.yaml:4:7: error: cases[0].actuals.SR01: no value for field "
        "'revenue' (销售额), needed by post 'sales_rep' (add 'revenue:' with its value; 0 if "
        "there were none)\n"
        "sales_company.tests.yaml:6:7: error: cases[0].expect.SR02: person 'SR02' has no "
        "actuals in this case (did you mean 'SR01'?)\n"
        "sales_company.tests.yaml:8:18: error: cases[0].expect.SR01.points.revenue_achievment: "
        "unknown indicator 'revenue_achievment' (did you mean 'revenue_achievement'?)\n"
        "sales_company.tests.yaml:8:58: error: cases[0].expect.SR01.points.collection_rate: "
        "80.125 has more decimals than the output shows: the scheme rounds points to 2 "
        "(rounding.points) (write the number as the output shows it, e.g. 80.13)\n"
        "sales_company.tests.yaml:9:16: error: cases[0].expect.SR01.grade: the scheme has no "
        "grade 'Z' (expected one of: A, B, C, D, E)\n"
        "sales_company.tests.yaml:10:16: error: cases[0].expect.SR01.bonus: 20000.001 has "
        "more decimals than the output shows: the scheme rounds money to 2 (rounding.money) "
        "(write the number as the output shows it, e.g. 20000.00)\n"
        "sales_company.tests.yaml:14:7: error: cases[1].expect.XX01: person 'XX01' is not "
        "scored in this case (check the id against the data file and the case's period)\n"
        "sales_company.tests.yaml:15:23: error: cases[1].expect.SR01.points.key_visit_rate: "
        "indicator 'key_visit_rate' is not on the scorecard of 'SR01' (销售代表) (expect the "
        "points of an indicator on that scorecard)\n" + SR06_WARNING))


def test_what_the_data_reader_refuses_in_a_case_is_named_at_the_line_of_the_test_file(
        client: Path) -> None:
    (client / "sales_company.tests.yaml").write_text(
        "cases:\n"
        "  - name: figures the reader refuses\n"
        "    actuals:\n"
        "      SR01:\n"
        "        revenue: 1.38e6\n"
        "        new_customers: 13\n"
        "        cash_collected: 1242000\n"
        "        sales_cost: 262200\n"
        "        satisfaction: 88\n"
        "        teamwork: Z\n"
        "        contract_errors: null\n"
        "        serious_violations: 0\n"
        "    expect: {SR01: {total: 94.8}}\n", encoding="utf-8")
    assert invoke("test", "sales_company.tests.yaml") == (1, (
        "sales_company.tests.yaml:2: error: figures the reader refuses\n"
        "0 passed, 0 failed, 1 error in 1 file\n"), (
        "sales_company.tests.yaml:10:9: error: cases[0].actuals.SR01.teamwork: rating 'Z' is "
        "not on the scale 'abcd' (expected one of: A, B, C, D)\n"
        "sales_company.tests.yaml:11:9: error: cases[0].actuals.SR01.contract_errors: no value "
        "for 'contract_errors' (enter 0 if there were none)\n"))


def test_a_period_missing_or_unreadable_is_named_at_the_case(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    for name in ("cascade_company.yaml", "2026-months.csv"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    (tmp_path / "cascade_company.tests.yaml").write_text(
        "cases:\n"
        "  - name: no period\n"
        "    data: 2026-months.csv\n"
        "    expect: {GM01: {rank: 1}}\n"
        "  - name: a quarter that is not\n"
        "    period: 2026-Q7\n"
        "    data: 2026-months.csv\n"
        "    expect: {GM01: {rank: 1}}\n"
        "  - name: the first quarter\n"
        "    period: 2026-Q1\n"
        "    data: 2026-months.csv\n"
        "    expect: {GM01: {total: 94.82, grade: B, bonus: 60000.00, rank: 1}}\n",
        encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert invoke("test", ".") == (1, (
        "cascade_company.tests.yaml:2: error: no period\n"
        "cascade_company.tests.yaml:5: error: a quarter that is not\n"
        "cascade_company.tests.yaml:9: pass: the first quarter\n"
        "1 passed, 0 failed, 2 errors in 1 file\n"), (
        "cascade_company.tests.yaml:2:5: error: cases[0]: a scheme kept by month is scored for "
        "a period: 2026-03, 2026-Q1, 2026-H1, 2026, 2026-YTD-05 or 2026-YTD (add 'period:' to "
        "the case)\n"
        "cascade_company.tests.yaml:6:13: error: cases[1].period: '2026-Q7' is not a period; "
        "write one of 2026-03, 2026-Q1, 2026-H1, 2026, 2026-YTD-05 or 2026-YTD\n"))


def test_a_malformed_test_file_is_checked_against_its_schema(client: Path) -> None:
    (client / "sales_company.tests.yaml").write_text(
        "cases:\n"
        "  - name: malformed\n"
        "    data: 2026-Q1.csv\n"
        "    expect:\n"
        "      SR01:\n"
        "        total: high\n"
        "        points: [1, 2]\n"
        "        rank: 0\n"
        "        bonus: 20,000\n"
        "        rnak: 2\n"
        "  - name: empty\n"
        "    expect: {}\n"
        "  - name: both\n"
        "    data: 2026-Q1.csv\n"
        "    actuals: {SR01: {revenue: 1}}\n"
        "    expect: {SR01: {rank: 1}}\n", encoding="utf-8")
    assert invoke("test", "sales_company.tests.yaml") == (1, "0 passed, 0 failed, 1 error in "
                                                             "1 file\n", (
        "sales_company.tests.yaml:6:16: error: cases[0].expect.SR01.total: expected a number, "
        "found the text 'high'\n"
        "sales_company.tests.yaml:7:17: error: cases[0].expect.SR01.points: expected a mapping "
        "of keys to values, found a list\n"
        "sales_company.tests.yaml:8:15: error: cases[0].expect.SR01.rank: must be at least 1, "
        "found 0\n"
        "sales_company.tests.yaml:9:16: error: cases[0].expect.SR01.bonus: expected a number, "
        "found the text '20,000' (remove the quotes and any thousands separators)\n"
        "sales_company.tests.yaml:10:9: error: cases[0].expect.SR01.rnak: unknown key 'rnak' "
        "(did you mean 'rank'?)\n"
        "sales_company.tests.yaml:12:13: error: cases[1].expect: needs at least 1 entry\n"
        "sales_company.tests.yaml:13:5: error: cases[2]: give only one of 'actuals' or 'data' "
        "(remove the one that does not apply)\n"))


def test_a_case_without_actuals_two_cases_of_one_name_and_files_not_there(client: Path
                                                                           ) -> None:
    (client / "t.tests.yaml").write_text(
        "scheme: clients/nowhere.yaml\n"
        "cases:\n"
        "  - name: a\n"
        "    expect: {SR01: {rank: 1}}\n"
        "  - name: a\n"
        "    data: 2026-Q2.csv\n"
        "    expect: {SR01: {rank: 1}}\n", encoding="utf-8")
    (client / "orphan.tests.yaml").write_text(
        "cases:\n  - {name: a, data: 2026-Q1.csv, expect: {SR01: {rank: 1}}}\n",
        encoding="utf-8")
    assert invoke("test", "t.tests.yaml", "orphan.tests.yaml") == (
        1, "0 passed, 0 failed, 2 errors in 2 files\n", (
            "t.tests.yaml:1:9: error: scheme: no scheme file 'clients/nowhere.yaml' (write the "
            "path relative to this test file's folder)\n"
            "t.tests.yaml:3:5: error: cases[0]: the case gives no actuals (add 'actuals:', each "
            "person's field values, or 'data:', a data file relative to this test file)\n"
            "t.tests.yaml:5:11: error: cases[1].name: a case named 'a' is already written on "
            "line 3 (give each case its own name)\n"
            "t.tests.yaml:6:11: error: cases[1].data: no data file '2026-Q2.csv' (write the "
            "path relative to this test file's folder)\n"
            "orphan.tests.yaml:1:1: error: no scheme orphan.yaml beside this test file (name it "
            "with 'scheme:', relative to this test file, or name the test file after its "
            "scheme: <scheme>.tests.yaml)\n"))


def test_a_scheme_with_errors_runs_no_case_and_says_why(client: Path) -> None:
    scheme = client / "sales_company.yaml"
    scheme.write_text(scheme.read_text(encoding="utf-8").replace(
        "{indicator: teamwork, weight: 5}", "{indicator: teamwork, weight: 10}"), encoding="utf-8")
    (client / "sales_company.tests.yaml").write_text(
        "cases:\n  - {name: a, data: 2026-Q1.csv, expect: {SR01: {rank: 1}}}\n",
        encoding="utf-8")
    assert invoke("test", ".") == (1, "0 passed, 0 failed, 1 error in 1 file\n", (
        "sales_company.yaml:257:5: error: scorecards.sales_rep.items: weights of scorecard "
        "'sales_rep' add up to 105%, expected 100% (5% too many) (adjust the weights)\n"
        "sales_company.tests.yaml: error: the scheme it tests has errors, so no case was run "
        "(appraise validate shows them)\n"))


def test_nothing_to_run_is_an_error(client: Path) -> None:
    (client / "empty").mkdir()
    assert invoke("test", "empty", "sales_company.yaml", "gone.tests.yaml") == (
        1, "0 passed, 0 failed, 3 errors in 0 files\n", (
            "empty: error: no test file in this folder or below it (a test file is named "
            "after its scheme, e.g. sales_company.tests.yaml)\n"
            "sales_company.yaml: error: no test file for this scheme (write its cases in "
            "sales_company.tests.yaml beside it)\n"
            "gone.tests.yaml: error: no such file or folder (check the path)\n"))
    code, _, err = invoke("test", "-")
    assert (code, err.splitlines()[-1]) == (
        2, "Error: test files are read from files, not standard input")


def test_a_scheme_runs_the_test_files_that_name_it_too(client: Path) -> None:
    (client / "q1.tests.yaml").write_text(
        "scheme: sales_company.yaml\n"
        "cases:\n  - {name: a, data: 2026-Q1.csv, expect: {SR04: {total: 0, grade: E}}}\n",
        encoding="utf-8")
    (client / "other.tests.yaml").write_text(
        "scheme: elsewhere.yaml\ncases:\n  - {name: b, data: x.csv, expect: {SR01: {rank: 1}}}\n",
        encoding="utf-8")
    assert invoke("test", "sales_company.yaml") == (0, (
        "q1.tests.yaml:3: pass: a\n"
        "1 passed, 0 failed in 1 file\n"), "")


def test_the_schema_of_test_files_is_valid_and_says_each_thing_in_chinese_then_english() -> None:
    schema = json.loads((ROOT / "schemas" / "tests.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)

    def descriptions(node: object) -> list[str]:
        if isinstance(node, dict):
            return ([node["description"]] if isinstance(node.get("description"), str) else []) \
                + [d for value in node.values() for d in descriptions(value)]
        return [d for value in node for d in descriptions(value)] if isinstance(node, list) \
            else []

    found = descriptions(schema)
    assert len(found) == 19
    assert [d for d in found if not ("\u4e00" <= d[0] <= "\u9fff"
                                     and "。 " in d and d.split("。 ", 1)[1][:1].isascii())] == []
    modeline = (EXAMPLES / "sales_company.tests.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert modeline == "# yaml-language-server: $schema=../../schemas/tests.schema.json"
    assert (EXAMPLES / "../../schemas/tests.schema.json").resolve() == \
        ROOT / "schemas" / "tests.schema.json"


def test_validate_checks_a_test_file_it_is_given_as_a_test_file(client: Path) -> None:
    (client / "sales_company.tests.yaml").write_text(
        "cases:\n  - {name: a, data: 2026-Q1.csv, expect: {SR01: {rank: first}}}\n",
        encoding="utf-8")
    assert invoke("validate", str(ROOT / TESTS), "sales_company.tests.yaml") == (1, (
        f"{ROOT / TESTS}: valid\n"), (
        "sales_company.tests.yaml:2:56: error: cases[0].expect.SR01.rank: expected a whole "
        "number, found the text 'first'\n"))

"""``appraise diff``: what changed between two schemes in HR's terms, and with ``--impact``
whose total, grade, rank and bonus change on a period's data; exact outputs throughout."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_packaging import loaded_by, reporters

from appraise.cli import main

SCHEME = "schemes/examples/sales_company.yaml"
DATA = "schemes/examples/2026-Q1.csv"
SR06_WARNING = (f"{DATA}:12:1: warning: SR06: person 'SR06' is not in the scheme's people, and "
                "is scored on post 'sales_rep', as the data says (add them under people: in "
                "the scheme, or correct the id)\n")

# Next year's version of the example, as HR would edit it: a sales rep's target up 10%, the
# weights of a card, two edges of a rule's bands, grade A's coefficient and grade B's lowest
# total, an indicator dropped from the key account managers' card, a post added.
NEXT_YEAR = [
    ("      revenue_achievement: 1200000\n", "      revenue_achievement: 1320000\n"),
    ("      - {indicator: revenue_achievement, weight: 40}\n"
     "      - {indicator: new_customer_count, weight: 15}\n"
     "      - {indicator: collection_rate, weight: 20}\n",
     "      - {indicator: revenue_achievement, weight: 45}\n"
     "      - {indicator: new_customer_count, weight: 15}\n"
     "      - {indicator: collection_rate, weight: 15}\n"),
    ("        - {min: 90, max: 95, points: 80}\n        - {min: 85, max: 90, points: 60}\n",
     "        - {min: 88, max: 95, points: 80}\n        - {min: 85, max: 88, points: 60}\n"),
    ("{grade: A, label: 优秀, min: 95, coefficient: 1.2}",
     "{grade: A, label: 优秀, min: 95, coefficient: 1.3}"),
    ("{grade: B, label: 良好, min: 85, coefficient: 1.0}",
     "{grade: B, label: 良好, min: 87, coefficient: 1.0}"),
    ("      - {indicator: industry_awards}\n", ""),
    ("  industry_awards:\n    label: 行业奖项加分\n    perspective: learning_and_growth\n"
     "    formula: industry_awards\n    rule: {kind: bonus, per_event: 3, max_points: 5}\n", ""),
    ("  marketing_director:\n    label: 市场总监\n",
     "  sales_assistant:\n    label: 销售助理\n    unit: sales_dept\n    scorecard: sales_rep\n"
     "    bonus_base: 12000\n    targets:\n      revenue_achievement: 600000\n"
     "      new_customer_count: 8\n  marketing_director:\n    label: 市场总监\n"),
]


def edited(tmp_path: Path, edits: list[tuple[str, str]], name: str = "new.yaml",
           source: str = SCHEME) -> str:
    """``source`` with each edit made (each old text found exactly once), as a new file."""
    text = Path(source).read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def invoke(tmp_path: Path, *args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["diff", *args], input=stdin)
    where = f"{tmp_path}/"
    # click before 8.3 names the first help option in its usage line ("Try '... -h'")
    err = result.stderr.replace(where, "").replace(" -h' for help.", " --help' for help.")
    return result.exit_code, result.stdout.replace(where, ""), err


CHANGES = f"""\
Changes from {SCHEME} to new.yaml:

Grades
  A (优秀): coefficient 1.2 → 1.3
  B (良好): min 85 → 87

Indicators
  collection_rate (货款回笼率): rule band [85, 90) 60 points → [85, 88) 60 points
  collection_rate (货款回笼率): rule band [90, 95) 80 points → [88, 95) 80 points
  industry_awards (行业奖项加分): removed

Scorecards
  key_account_manager (大客户经理考核表): line industry_awards (行业奖项加分) removed
  sales_rep (销售代表考核表): weight of revenue_achievement (销售目标完成率) 40 → 45
  sales_rep (销售代表考核表): weight of collection_rate (货款回笼率) 20 → 15

Posts
  sales_rep (销售代表): target of revenue_achievement (销售目标完成率) \
1,200,000 → 1,320,000 (+10.0%)
  sales_assistant (销售助理): added (unit sales_dept, scorecard sales_rep)

10 changes.
"""


def test_the_changes_of_next_years_example_in_business_terms(tmp_path: Path) -> None:
    new = edited(tmp_path, NEXT_YEAR)
    assert invoke(tmp_path, SCHEME, new) == (0, CHANGES, "")


IMPACT = """\
Impact on 2026-Q1 (12 people scored under both schemes):

Person  Name              Total  Change  Grade            Rank                  Bonus     Change
------  ------  ---------------  ------  ---------------  ----  ---------------------  ---------
SD01    林晓峰           102.60          A 优秀           1/1   48,000.00 → 52,000.00  +4,000.00
KA01    王静    103.90 → 100.90   -3.00  A 优秀           2/3   36,000.00 → 39,000.00  +3,000.00
KA03    孙丽    106.69 → 101.69   -5.00  A 优秀           1/3   36,000.00 → 39,000.00  +3,000.00
SR01    张伟      94.80 → 90.66   -4.14  B 良好           2/6               20,000.00
SR02    李娜    103.60 → 100.39   -3.21  A 优秀           1/6   24,000.00 → 26,000.00  +2,000.00
SR03    刘洋      77.70 → 78.43   +0.73  C 合格           4/6               16,000.00
SR05    吴昊              86.50          B 良好 → C 合格  3/6   20,000.00 → 16,000.00  -4,000.00
SR06    黄欣      71.40 → 72.09   +0.69  C 合格           5/6               16,000.00

1 of 12 people change grade; bonuses 324,000.00 → 332,000.00 (+8,000.00).
"""


def test_impact_lists_whose_total_grade_and_bonus_change_on_the_example(tmp_path: Path) -> None:
    # By hand: SR01's 1,380,000 against 1,320,000 is 104.545% → 100 + 4.545 × 1.3 = 105.909
    # × 45% = 47.66 (was 119.5 × 40% = 47.80); 货款回笼率 90% is still 80 points, × 15% = 12.00
    # (was 16.00): 94.80 - 0.14 - 4.00 = 90.66, still B. SR05's own target is unchanged and
    # her 86.50 falls below B's new 87: C, 20,000 × 0.8 = 16,000. Grade A's 1.3: SD01 40,000
    # × 1.3, KA01 and KA03 30,000 × 1.3 (each losing the 行业奖项 points: +3 and +5), SR02
    # 20,000 × 1.3. Nobody changes rank; the unchanged people (GM01, KA02, SR04, MD01) are
    # not listed.
    new = edited(tmp_path, NEXT_YEAR)
    assert invoke(tmp_path, SCHEME, new, "--impact", "--data", DATA) == (
        0, CHANGES + "\n" + IMPACT, SR06_WARNING)


def test_impact_as_json(tmp_path: Path) -> None:
    new = edited(tmp_path, NEXT_YEAR)
    code, out, _ = invoke(tmp_path, SCHEME, new, "--impact", "--data", DATA, "--format",
                          "json")
    payload = json.loads(out)
    assert (code, payload["old"], payload["new"], payload["identical"]) == (
        0, SCHEME, "new.yaml", False)
    assert payload["changes"][-2] == {
        "section": "posts", "id": "sales_rep", "label": "销售代表",
        "part": "target of revenue_achievement (销售目标完成率)", "change": "changed",
        "old": 1200000.0, "new": 1320000.0, "percent": 10.0,
        "text": "sales_rep (销售代表): target of revenue_achievement (销售目标完成率) "
                "1,200,000 → 1,320,000 (+10.0%)"}
    assert [c["text"] for c in payload["changes"]] == [
        line.strip() for line in CHANGES.splitlines()
        if line.startswith("  ")]
    impact = payload["impact"]
    assert [p["person"] for p in impact["people"]] == [
        "SD01", "KA01", "KA03", "SR01", "SR02", "SR03", "SR05", "SR06"]
    assert impact["people"][6] == {
        "person": "SR05", "name": "吴昊",
        "old": {"post": "sales_rep", "total": 86.5, "grade": "B", "rank": 3, "rank_of": 6,
                "bonus": 20000.0},
        "new": {"post": "sales_rep", "total": 86.5, "grade": "C", "rank": 3, "rank_of": 6,
                "bonus": 16000.0},
        "total_change": 0.0, "grade_changed": True, "bonus_change": -4000.0}
    assert {k: v for k, v in impact.items() if k != "people"} == {
        "period": "2026-Q1", "scored_under_both": 12, "grade_changes": 1,
        "bonus_old": 324000.0, "bonus_new": 332000.0, "bonus_change": 8000.0}


def test_identical_schemes_say_so_in_one_line(tmp_path: Path) -> None:
    assert invoke(tmp_path, SCHEME, SCHEME) == (
        0, f"{SCHEME} and {SCHEME} are the same scheme: no changes.\n", "")
    # Comments, the order of keys and the way a number is written are no change.
    same = edited(tmp_path, [
        ("# Scores one quarter", "# 按季度考核. Scores one quarter"),
        ("bonus_base: 20000\n", "bonus_base: 20_000.0\n"),
        ("  revenue:\n    label: 销售额\n    unit: yuan\n",
         "  revenue:\n    unit: yuan\n    label: 销售额\n")])
    assert invoke(tmp_path, SCHEME, same, "--exit-code") == (
        0, f"{SCHEME} and new.yaml are the same scheme: no changes.\n", "")
    assert invoke(tmp_path, SCHEME, SCHEME, "--impact", "--data", DATA) == (
        0, f"{SCHEME} and {SCHEME} are the same scheme: no changes.\n\n"
        "Impact on 2026-Q1 (12 people scored under both schemes):\n"
        "No one's total, grade, rank or bonus changes.\n\n"
        "0 of 12 people change grade; bonuses 324,000.00, unchanged.\n", SR06_WARNING)


def test_exit_code_3_when_the_schemes_differ_for_scripts(tmp_path: Path) -> None:
    new = edited(tmp_path, NEXT_YEAR)
    assert invoke(tmp_path, SCHEME, new, "--exit-code") == (3, CHANGES, "")
    assert invoke(tmp_path, SCHEME, SCHEME, "--exit-code")[0] == 0


def test_new_scheme_from_standard_input(tmp_path: Path) -> None:
    text = Path(SCHEME).read_text(encoding="utf-8").replace(
        "      new_customer_count: 15\n", "      new_customer_count: 12\n")
    assert invoke(tmp_path, SCHEME, "-", stdin=text) == (0, (
        f"Changes from {SCHEME} to <stdin>:\n\nPosts\n"
        "  sales_rep (销售代表): target of new_customer_count (新客户数量) 15 → 12 (-20.0%)\n\n"
        "1 change.\n"), "")


def test_a_scheme_with_errors_gives_its_messages_and_nothing_else(tmp_path: Path) -> None:
    bad = edited(tmp_path, [
        ("{indicator: teamwork, weight: 5}", "{indicator: teamwork, weight: 10}"),
        ("formula: cash_collected / revenue * 100", "formula: cash_colected / revenue * 100")])
    assert invoke(tmp_path, SCHEME, bad, "--impact", "--data", DATA) == (1, "", (
        "new.yaml:143:14: error: indicators.collection_rate.formula: unknown name "
        "'cash_colected' (did you mean 'cash_collected'?)\n"
        "new.yaml:257:5: error: scorecards.sales_rep.items: weights of scorecard 'sales_rep' "
        "add up to 105%, expected 100% (5% too many) (adjust the weights)\n"))


def test_data_missing_a_field_the_new_scheme_needs_names_that_scheme(tmp_path: Path) -> None:
    new = edited(tmp_path, [
        ("  serious_violations:\n", "  lost_customers:\n    label: 流失客户数\n    unit: "
         "customers\n    aggregate: sum\n  serious_violations:\n"),
        ("    formula: new_customers\n", "    formula: new_customers - lost_customers\n")])
    assert invoke(tmp_path, SCHEME, new) == (0, (
        f"Changes from {SCHEME} to new.yaml:\n\n"
        "Fields\n  lost_customers (流失客户数): added\n\n"
        "Indicators\n  new_customer_count (新客户数量): formula new_customers → "
        "new_customers - lost_customers\n\n2 changes.\n"), "")
    assert invoke(tmp_path, SCHEME, new, "--impact", "--data", DATA) == (1, "", (
        "new.yaml: error: the data cannot be scored under the new scheme:\n"
        f"{DATA}:1:1: error: missing column 'lost_customers' (流失客户数), needed by post "
        "'sales_rep' (first: person 'SR01') (add the column, headed by the field's id or "
        "label)\n" + SR06_WARNING))


def test_strict_makes_a_warning_about_the_data_an_error(tmp_path: Path) -> None:
    assert invoke(tmp_path, SCHEME, SCHEME, "--impact", "--data", DATA, "--strict") == (
        1, "", f"{SCHEME}: error: the data cannot be scored under the old scheme:\n"
        + SR06_WARNING.replace(": warning: ", ": error: "))


def test_usage_errors(tmp_path: Path) -> None:
    usage = "Usage: main diff [OPTIONS] OLD NEW\nTry 'main diff --help' for help.\n\nError: "
    assert invoke(tmp_path, SCHEME, SCHEME, "--impact") == (2, "", usage + (
        "--impact scores a period's data under both schemes: give the data with --data "
        "FILE\n"))
    assert invoke(tmp_path, SCHEME, SCHEME, "--data", DATA) == (2, "", usage + (
        "--data, --period, --strict, --history and --subjects are for --impact: add --impact "
        "to score the data under both schemes\n"))
    assert invoke(tmp_path, SCHEME, "-", "--impact", "--data", "-") == (2, "", usage + (
        "standard input can be read only once: give '-' once\n"))
    cascade = "schemes/examples/cascade_company.yaml"
    assert invoke(tmp_path, cascade, cascade, "--impact", "--data",
                  "schemes/examples/2026-months.csv") == (2, "", usage + (
        "the old scheme is kept by month: choose a period with --period (2026-03, 2026-Q1, "
        "2026-H1, 2026, 2026-YTD-05 or 2026-YTD)\n"))


CASCADE_EDITS = [  # next year's cascade_company: targets, calibration, pools, a rule, a move
    ("    target: 150000000\n", "    target: 165000000\n"),
    ("      north: {explicit: {beijing: 45000000, tianjin: 38000000}}",
     "      north: {explicit: {beijing: 50000000, tianjin: 38000000}}"),
    ("calendar: {year: 2026, missing_months: error}",
     "calendar: {year: 2026, missing_months: zero}"),
    ("  at_most: {A: 20}\n", "  at_most: {A: 15}\n"),
    ("  south: 1200000", "  south: 1300000"),
    ("unit: south, scorecard: centre_director, bonus_base: 160000}",
     "unit: south, scorecard: centre_director, bonus_base: 170000}"),
    ("  B01: {name: 王海涛, post: beijing_rep}",
     "  B01: {name: 王海涛, post: tianjin_rep}"),
    ("    formula: new_customers\n    rule: {kind: ratio, cap: 120}",
     "    formula: new_customers\n    rule: {kind: linear, above: 1, below: 1, cap: 110}")]


def test_cascades_calibration_pools_rules_bonus_bases_and_people(tmp_path: Path) -> None:
    scheme = "schemes/examples/cascade_company.yaml"
    edited(tmp_path, CASCADE_EDITS, source=scheme)
    assert invoke(tmp_path, scheme, str(tmp_path / "new.yaml")) == (0, f"""\
Changes from {scheme} to new.yaml:

Indicators
  new_customer_count (新客户数量): rule ratio (factor 1, cap 120) → \
linear (above 1, below 1, at target 100, basis achievement, cap 110)

Posts
  south_director (华南总监): bonus base 160,000 → 170,000 (+6.3%)

People
  B01 (王海涛): post beijing_rep → tianjin_rep

Calendar
  calendar missing months error → zero

Cascades
  revenue (销售额目标 Revenue): target 150,000,000 → 165,000,000 (+10.0%)
  revenue (销售额目标 Revenue): split of north beijing 45,000,000 → 50,000,000

Calibration
  calibration at most A 20 → 15

Bonus pools
  south: 1,200,000 → 1,300,000 (+8.3%)

8 changes.
""", "")


def test_a_person_scored_under_one_scheme_only(tmp_path: Path) -> None:
    # The command scores one file under both schemes, which score the same people; the
    # report still says who is scored under only one, as here with two files. The others
    # are ranked among one fewer, which alone is no change; SR04's rank itself moves.
    from appraise import load_scheme, score_file
    from appraise.report.scheme_impact import impact, impact_text

    rows = Path(DATA).read_text(encoding="utf-8").splitlines(keepends=True)
    fewer = tmp_path / "fewer.csv"
    fewer.write_text("".join(r for r in rows if not r.startswith("SR06,")), encoding="utf-8")
    scheme = load_scheme(SCHEME)
    found = impact(score_file(scheme, DATA), score_file(scheme, str(fewer)))
    assert impact_text(found, "old.yaml", "new.yaml") == """\
Impact on 2026-Q1 (11 people scored under both schemes):

Person  Name  Total  Change  Grade     Rank       Bonus  Change
------  ----  -----  ------  --------  ---------  -----  ------
SR04    周敏   0.00          E 不合格  6/6 → 5/5   0.00

Scored under old.yaml only: SR06 黄欣 (total 71.40, C 合格, bonus 16,000.00)

0 of 11 people change grade; bonuses 324,000.00 → 308,000.00 (-16,000.00).
"""


def test_gates_sections_phasing_and_splits_by_their_parts(tmp_path: Path) -> None:
    cascade = "schemes/examples/cascade_company.yaml"
    new = tmp_path / "new.yaml"
    edited(tmp_path, [
            ("phasing: {quarters: [20, 25, 25, 30]}", "phasing: {quarters: [25, 25, 25, 25]}"),
            ("      south: {shares: {guangzhou: 55, shenzhen: 45}}", "      south: even")],
           source=cascade)
    assert invoke(tmp_path, cascade, str(new)) == (0, f"""\
Changes from {cascade} to new.yaml:

Cascades
  revenue (销售额目标 Revenue): phasing 6.67%, 6.67%, 6.67%, 8.33%, 8.33%, 8.33%, 8.33%, \
8.33%, 8.33%, 10%, 10%, 10% → 8.33%, 8.33%, 8.33%, 8.33%, 8.33%, 8.33%, 8.33%, 8.33%, 8.33%, \
8.33%, 8.33%, 8.33%
  revenue (销售额目标 Revenue): split of south method shares → even
  revenue (销售额目标 Revenue): split of south guangzhou removed (was 55)
  revenue (销售额目标 Revenue): split of south shenzhen removed (was 45)

4 changes.
""", "")
    template = "schemes/templates/sales_manager.yaml"
    edited(tmp_path, [
            ("        when: achievement(revenue_achievement) < 80",
             "        when: achievement(revenue_achievement) < 75"),
            ("        cap: {indicator: revenue_achievement, points: 100}",
             "        cap: {indicator: revenue_achievement, points: 90}")], source=template)
    assert invoke(tmp_path, template, str(new)) == (0, f"""\
Changes from {template} to new.yaml:

Scorecards
  sales_rep (销售代表考核表): gate 销售额完成率低于80%，不发奖金 when \
achievement(revenue_achievement) < 80 → achievement(revenue_achievement) < 75
  sales_rep (销售代表考核表): gate 回款率低于85%，销售额得分封顶100 cap points 100 → 90

2 changes.
""", "")
    template = "schemes/templates/goals_and_behaviours.yaml"
    edited(tmp_path, [("        weight: 70\n", "        weight: 60\n"),
                     ("        weight: 30\n", "        weight: 40\n")], source=template)
    assert invoke(tmp_path, template, str(new)) == (0, f"""\
Changes from {template} to new.yaml:

Scorecards
  sales_rep (销售代表考核表): section goals (业绩目标) weight 70 → 60
  sales_rep (销售代表考核表): section behaviours (行为能力) weight 30 → 40

2 changes.
""", "")


def test_impact_with_the_subjects_a_scheme_counts(tmp_path: Path) -> None:
    # The counted scheme is found beside the new one, as the scheme names it.
    (tmp_path / "customers.yaml").write_text(
        Path("schemes/examples/customers.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    scheme = "schemes/examples/customer_sales.yaml"
    new = tmp_path / "new.yaml"
    text = Path(scheme).read_text(encoding="utf-8")
    old = "{grade: B, label: 良好, min: 85, coefficient: 1.0}"
    assert text.count(old) == 1
    new.write_text(text.replace(old, old.replace("85", "90")), encoding="utf-8")
    data = ["--data", "schemes/examples/customer_sales-2026-Q1.csv"]
    assert invoke(tmp_path, scheme, str(new), "--impact", *data, "--subjects",
                  "customers=schemes/examples/customers-2026-Q1.csv") == (0, f"""\
Changes from {scheme} to new.yaml:

Grades
  B (良好): min 85 → 90

1 change.

Impact on 2026-Q1 (3 people scored under both schemes):

Person  Name    Total  Change  Grade            Rank                 Bonus     Change
------  ------  -----  ------  ---------------  ----  --------------------  ---------
KA02    吴佳怡  88.00          B 良好 → C 合格  2/3   10,000.00 → 8,000.00  -2,000.00

1 of 3 people change grade; bonuses 27,000.00 → 25,000.00 (-2,000.00).
""", "")
    assert invoke(tmp_path, scheme, str(new), "--impact", *data) == (1, "", (
        f"{scheme}: error: the data cannot be scored under the old scheme:\n"
        f"{scheme}: error: subjects.customers: this scheme counts the subjects 'customers' "
        "that customers.yaml appraises, but no data is given for them (give their data file "
        "with --subjects customers=FILE)\n"))
    assert invoke(tmp_path, scheme, str(new), "-o", str(tmp_path / "customers.yaml")) == (
        2, "", "Usage: main diff [OPTIONS] OLD NEW\nTry 'main diff --help' for help.\n\n"
        "Error: Invalid value for '-o' / '--output': 'customers.yaml' is the same file as the "
        "counted scheme 'customers.yaml': writing there would destroy the scheme; write the "
        "output to another file\n")
    assert invoke(tmp_path, scheme, str(new), "--impact", *data, "--subjects", "x=y")[2] \
        .endswith("Error: Invalid value for '--subjects': neither scheme counts subjects "
                  "called 'x'; they count: customers\n")


def test_diff_alone_loads_neither_the_data_nor_the_scoring_stage(tmp_path: Path) -> None:
    loaded = loaded_by(tmp_path, "diff", SCHEME, SCHEME)
    assert [m for m in loaded if m.startswith(("appraise.data", "appraise.scoring"))] == []
    assert reporters(loaded) == ["scheme_diff", "scheme_values", "scheme_words"]


def test_the_schemes_settings_scales_fields_rules_units_and_people(tmp_path: Path) -> None:
    new = edited(tmp_path, [
        ("name: huadong_sales_2026\n", "name: huadong_sales_2027\n"),
        ("bonus_base: 20000\n", "bonus_base: 21000\n"),
        ("  points: 2\n  money: 2\n", "  points: 1\n  money: 2\n"),
        ("      B: {points: 80, label: 良好,", "      B: {points: 85, label: 良好,"),
        ("    label: 新客户数\n", "    label: 新签客户数\n"),
        ("    kind: department\n    parent: sales_centre\n  sales_dept:",
         "    kind: department\n    parent: company\n  sales_dept:"),
        ("      revenue_two_level: {base: 1600000, stretch: 2000000}\n",
         "      revenue_two_level: {base: 1760000, stretch: 2000000}\n"),
        ("    name: 吴昊\n    post: sales_rep\n",
         "    name: 吴昊\n    post: sales_rep\n    bonus_base: 22000\n"),
        ("  SR04: {name: 周敏, post: sales_rep}\n", ""),
        ("  MD01: {name: 郑芳, post: marketing_director}\n",
         "  MD01: {name: 郑芳, post: marketing_director}\n  SR07: {name: 钱进, post: sales_rep}\n"),
        ("    formula: satisfaction\n    rule:\n",
         "    formula: satisfaction\n    target: 90\n    rule:\n"),
        ("    rule: {kind: threshold, at_least: 95, points: 100, otherwise: 60}",
         "    rule: {kind: threshold, at_least: 90, points: 100, otherwise: 50}")])
    # The rating rule takes its points from the scale, so 团队协作 shows the scale's change.
    assert invoke(tmp_path, SCHEME, new) == (0, f"""\
Changes from {SCHEME} to new.yaml:

Scheme
  name huadong_sales_2026 → huadong_sales_2027
  rounding points 2 → 1
  bonus base 20,000 → 21,000 (+5.0%)

Scales
  abcd (四级评价 Four-level rating): levels B points 80 → 85

Fields
  new_customers (新签客户数): label 新客户数 → 新签客户数

Indicators
  satisfaction (客户满意度): target added: 90
  teamwork (团队协作): rule points A 100, B 80, C 60, D 40 → A 100, B 85, C 60, D 40
  key_visit_rate (重要客户拜访完成率): rule at least 95 → 90
  key_visit_rate (重要客户拜访完成率): rule otherwise 60 → 50

Units
  key_accounts (大客户部): parent sales_centre → company

People
  KA03 (孙丽): base target of revenue_two_level (销售额（任务/目标）) \
1,600,000 → 1,760,000 (+10.0%)
  SR05 (吴昊): bonus base none → 22,000
  SR07 (钱进): added (post sales_rep)
  SR04 (周敏): removed (was post sales_rep)

14 changes.
""", "")
    changes = json.loads(invoke(tmp_path, SCHEME, new, "--format", "json")[1])["changes"]
    assert [c for c in changes if c["id"] in ("SR05", "SR07")] == [
        {"section": "people", "id": "SR05", "label": "吴昊", "part": "bonus base",
         "change": "changed", "old": None, "new": 22000.0, "percent": None,
         "text": "SR05 (吴昊): bonus base none → 22,000"},
        {"section": "people", "id": "SR07", "label": "钱进", "part": "", "change": "added",
         "old": None, "new": "post sales_rep", "percent": None,
         "text": "SR07 (钱进): added (post sales_rep)"}]


def test_output_to_a_file_written_whole_and_never_over_an_input(tmp_path: Path) -> None:
    new = edited(tmp_path, NEXT_YEAR)
    out = tmp_path / "changes.txt"
    assert invoke(tmp_path, SCHEME, new, "-o", str(out)) == (0, "", "")
    assert out.read_text(encoding="utf-8").replace(f"{tmp_path}/", "") == CHANGES
    assert invoke(tmp_path, SCHEME, new, "--impact", "--data", DATA, "-o", new) == (2, "", (
        "Usage: main diff [OPTIONS] OLD NEW\nTry 'main diff --help' for help.\n\n"
        "Error: Invalid value for '-o' / '--output': 'new.yaml' is the same file as NEW "
        "'new.yaml': writing there would destroy the scheme; write the output to another "
        "file\n"))


SHIPPED = sorted(f"schemes/{p.parent.name}/{p.name}" for folder in ("examples", "templates")
                 for p in (Path(__file__).parent.parent / "schemes" / folder).glob("*.yaml")
                 if not p.name.endswith(".tests.yaml"))


@pytest.mark.parametrize("scheme", SHIPPED)
def test_every_shipped_scheme_is_the_same_as_itself_and_each_other_the_other_way(
        scheme: str) -> None:
    from appraise import load_scheme
    from appraise.report.scheme_diff import scheme_changes

    one = load_scheme(scheme)
    assert scheme_changes(one, one) == scheme_changes(one, load_scheme(scheme)) == []
    swapped = {"added": "removed", "removed": "added", "changed": "changed"}
    for other in map(load_scheme, SHIPPED):
        there, back = scheme_changes(one, other), scheme_changes(other, one)
        assert Counter((c.section, c.id, swapped[c.kind]) for c in there) == \
            Counter((c.section, c.id, c.kind) for c in back)

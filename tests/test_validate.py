"""Validation: one test per check, asserting the whole message a person sees.

Most schemes here are the shipped example with one piece replaced, validated as
``s.yaml``. Line numbers are found from the edited text (so the tests survive
edits higher up in the example); columns, paths, messages and hints are
written out in full.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from appraise import validate_scheme

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = (ROOT / "schemes" / "examples" / "sales_company.yaml").read_text(encoding="utf-8")
TEST_SCHEMES = ROOT / "tests" / "schemes"

ALLOWED = (
    "allowed: numbers, names of the scheme's fields, + - * / // % and ** (constant exponent "
    "from -10 to 10), comparisons (< <= > >= == !=), and, or, not, 'a if condition else b', "
    "and the functions abs, min, max, round, floor, ceil, clamp, sqrt, div"
)
FUNCTIONS = "functions: abs, min, max, round, floor, ceil, clamp, sqrt, div"


def edit(*replacements: tuple[str, str]) -> str:
    """The example with each ``old`` (which must occur exactly once) replaced by ``new``."""
    text = EXAMPLE
    for old, new in replacements:
        assert text.count(old) == 1, f"not exactly once in the example: {old!r}"
        text = text.replace(old, new)
    return text


def problems(text: str) -> list[str]:
    return [str(d) for d in validate_scheme("s.yaml", content=text.encode("utf-8")).diagnostics]


def line(text: str, snippet: str, after: str = "") -> str:
    """``s.yaml:N``, N being the line of the one place ``snippet`` occurs in ``text``, or of
    its first occurrence after the one place ``after`` occurs."""
    start = 0
    if after:
        assert text.count(after) == 1, f"not exactly once: {after!r}"
        start = text.index(after)
    else:
        assert text.count(snippet) == 1, f"not exactly once: {snippet!r}"
    return f"s.yaml:{text[:text.index(snippet, start)].count(chr(10)) + 1}"


# -- what must be clean ------------------------------------------------------------------


def scheme_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.yaml") if not p.name.endswith(".tests.yaml"))


def shipped_schemes() -> list[Path]:
    """The shipped schemes: schemes/library holds indicator libraries, which are not
    schemes (tests/test_library_content.py holds them)."""
    return [p for p in scheme_files(ROOT / "schemes") if p.parent.name != "library"]


# The full example over-allocates one centre on purpose, to show a gap being reported (and
# so does the scheme that extends it with where its figures come from).
SHIPPED_WARNINGS = {"cascade_company.yaml": ["cascade.revenue.split.north.explicit"],
                    "cascade_records.yaml": ["cascade.revenue.split.north.explicit"]}


@pytest.mark.parametrize("path", shipped_schemes(), ids=lambda p: p.name)
def test_every_shipped_scheme_is_clean(path: Path) -> None:
    result = validate_scheme(path)
    assert [d.path for d in result.diagnostics if d.severity == "warning"] == \
        SHIPPED_WARNINGS.get(path.name, [])
    assert [str(d) for d in result.diagnostics if d.severity == "error"] == []
    assert result.ok and result.scheme is not None


@pytest.mark.parametrize("path", scheme_files(TEST_SCHEMES / "valid"), ids=lambda p: p.name)
def test_every_valid_test_scheme_is_clean(path: Path) -> None:
    result = validate_scheme(path)
    assert [str(d) for d in result.diagnostics] == []
    assert result.ok and result.scheme is not None


def test_shipped_schemes_are_found() -> None:
    names = {p.name for p in shipped_schemes()}
    assert "sales_company.yaml" in names


# -- the invalid test schemes, each with its exact diagnostics ---------------------------

INVALID = "tests/schemes/invalid/"
EXPECTED: dict[str, list[str]] = {
    "bands_gap.yaml": [
        f"{INVALID}bands_gap.yaml:15:11: error: indicators.collection.rule.bands[0]: bands "
        "[85, 89) and [90, ∞) leave a gap: a value from 89 to 90 gets no points (set the max "
        "of the lower band to 90, or the min of the upper band to 89)",
    ],
    "bands_overlap.yaml": [
        f"{INVALID}bands_overlap.yaml:15:11: error: indicators.collection.rule.bands[0]: bands "
        "[90, 96) and [95, ∞) overlap: a value from 95 to 96 is in both (make each band's max "
        "the next band's min)",
    ],
    "cap_below_floor.yaml": [
        f"{INVALID}cap_below_floor.yaml:12:30: error: indicators.revenue.rule.cap: the cap 80 is "
        "below the floor 90 (the cap is the most points the rule gives, the floor the least: "
        "make the cap the higher one)",
    ],
    "formula_forbidden.yaml": [
        f"{INVALID}formula_forbidden.yaml:12:14: error: indicators.dunder.formula: attribute "
        f"access (x.y) is not allowed in a formula ({ALLOWED})",
        f"{INVALID}formula_forbidden.yaml:15:22: error: indicators.text.formula: text is not "
        "allowed in a formula (at character 8 of the formula) (formulas work on numbers; "
        "ratings are scored by a rating rule)",
        f"{INVALID}formula_forbidden.yaml:18:20: error: indicators.lambda.formula: a lambda "
        f"function is not allowed in a formula (at character 6 of the formula) ({ALLOWED})",
        f"{INVALID}formula_forbidden.yaml:21:25: error: indicators.power.formula: a power needs "
        "a constant exponent between -10 and 10 (at character 12 of the formula) (write e.g. "
        "x ** 2 or x ** 0.5)",
        f"{INVALID}formula_forbidden.yaml:24:14: error: indicators.import.formula: unknown "
        f"function '__import__' ({FUNCTIONS})",
        f"{INVALID}formula_forbidden.yaml:27:14: error: indicators.call.formula: attribute "
        f"access (x.y) is not allowed in a formula ({ALLOWED})",
    ],
    "piecewise_not_rising.yaml": [
        f"{INVALID}piecewise_not_rising.yaml:17:19: error: "
        "indicators.satisfaction.rule.table[2].value: table values must rise: 80 comes after "
        "90 (list the rows from the lowest value to the highest)",
    ],
    "several_problems.yaml": [
        f"{INVALID}several_problems.yaml:6:24: error: grades[1].min: the lowest grade 'fail' "
        "must not have a min (remove 'min' so that every total, however low, gets a grade)",
        f"{INVALID}several_problems.yaml:8:36: error: fields.revenue.aggregate: the text "
        "'total' is not allowed here (expected one of: average, first, last, sum, "
        "weighted_average)",
        f"{INVALID}several_problems.yaml:12:14: error: indicators.revenue.formula: unknown "
        "name 'revenu' (did you mean 'revenue'?)",
        f"{INVALID}several_problems.yaml:19:5: error: scorecards.seller.items: weights of "
        "scorecard 'seller' add up to 90%, expected 100% (missing 10%) (adjust the weights)",
        f"{INVALID}several_problems.yaml:25:3: error: posts.seller: post 'seller' has no target "
        "for 'visits', which its linear rule needs (add it under targets: visits: <number>)",
    ],
    "two_top_units.yaml": [
        f"{INVALID}two_top_units.yaml:20:3: error: units.subsidiary: units 'company' and "
        "'subsidiary' both have no parent; the organisation has one top unit (give "
        "'subsidiary' a parent)",
    ],
    "units_cycle.yaml": [
        f"{INVALID}units_cycle.yaml:19:40: error: units.sales_centre.parent: units form a "
        "cycle: sales_centre → north → sales_centre (one of them must have a parent outside "
        "the cycle)",
    ],
}


def test_every_invalid_test_scheme_has_its_expected_diagnostics() -> None:
    assert sorted(p.name for p in scheme_files(TEST_SCHEMES / "invalid")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invalid_test_scheme(name: str) -> None:
    result = validate_scheme(INVALID + name)
    assert [str(d) for d in result.diagnostics] == EXPECTED[name]
    assert not result.ok and result.scheme is None


def test_several_problems_come_out_sorted_by_line() -> None:
    diagnostics = validate_scheme(INVALID + "several_problems.yaml").diagnostics
    lines = [d.line for d in diagnostics]
    assert lines == sorted(lines) and len(set(lines)) == len(lines) == 5


# -- formulas ----------------------------------------------------------------------------


def test_unknown_field_in_a_formula_with_did_you_mean() -> None:
    text = edit(("formula: cash_collected / revenue * 100",
                 "formula: cash_colected / revenue * 100"))
    assert problems(text) == [
        f"{line(text, 'cash_colected')}:14: error: indicators.collection_rate.formula: "
        "unknown name 'cash_colected' (did you mean 'cash_collected'?)",
    ]


def test_unknown_function_in_a_formula() -> None:
    text = edit(("formula: (1 - reports_wrong / reports_submitted) * 100",
                 "formula: (1 - reports_wrong / reports_submitted) * percent(100)"))
    assert problems(text) == [
        f"{line(text, 'percent(')}:56: error: indicators.report_accuracy.formula: unknown "
        f"function 'percent' (at character 43 of the formula) ({FUNCTIONS})",
    ]


def test_misspelt_function_in_a_formula_with_did_you_mean() -> None:
    text = edit(("formula: cash_collected / revenue * 100",
                 "formula: mx(cash_collected, revenue)"))
    assert problems(text) == [
        f"{line(text, 'mx(')}:14: error: indicators.collection_rate.formula: unknown function "
        "'mx' (did you mean 'max'?)",
    ]


@pytest.mark.parametrize(("formula", "column", "message"), [
    ("sales_cost / revenue.real * 100", 27,
     f"attribute access (x.y) is not allowed in a formula (at character 14 of the formula) "
     f"({ALLOWED})"),
    ("sales_cost / revenue * '100'", 37,
     "text is not allowed in a formula (at character 24 of the formula) (formulas work on "
     "numbers; ratings are scored by a rating rule)"),
    ('"sales_cost / revenue * (lambda: 100)"', 39,
     f"a lambda function is not allowed in a formula (at character 25 of the formula) "
     f"({ALLOWED})"),
    ("sales_cost ** 100", 28,
     "a power needs a constant exponent between -10 and 10 (at character 15 of the formula) "
     "(write e.g. x ** 2 or x ** 0.5)"),
    ("sales_cost ** revenue", 28,
     "a power needs a constant exponent between -10 and 10 (at character 15 of the formula) "
     "(write e.g. x ** 2 or x ** 0.5)"),
])
def test_forbidden_construct_in_a_formula(formula: str, column: int, message: str) -> None:
    text = edit(("formula: sales_cost / revenue * 100", f"formula: {formula}"))
    assert problems(text) == [
        f"{line(text, formula)}:{column}: error: indicators.sales_cost_rate.formula: {message}",
    ]


def test_forbidden_construct_in_a_rule_formula_points_into_the_quoted_text() -> None:
    text = edit(('points: "100 if value >= 100', 'points: "value ** value + 100 if value >= 100'))
    assert problems(text) == [
        f"{line(text, 'value ** value')}:45: error: indicators.report_accuracy.rule.points: a "
        "power needs a constant exponent between -10 and 10 (at character 10 of the formula) "
        "(write e.g. x ** 2 or x ** 0.5)",
    ]


def test_rule_formula_may_use_only_the_rule_names() -> None:
    text = edit(("rule: {kind: ratio, cap: 120}",
                 "rule: {kind: formula, points: 'value + revenue'}"))
    assert problems(text) == [
        f"{line(text, 'value + revenue')}:44: error: indicators.new_customer_count.rule.points: "
        "unknown name 'revenue' (at character 9 of the formula) (expected one of: achievement, "
        "stretch, target, value)",
    ]


# -- scorecards --------------------------------------------------------------------------

SALES_REP_NEW_CUSTOMERS = "      - {indicator: new_customer_count, weight: 15}"


def test_unknown_indicator_on_a_scorecard() -> None:
    text = edit((SALES_REP_NEW_CUSTOMERS, "      - {indicator: new_customer_cnt, weight: 15}"))
    assert problems(text) == [
        f"{line(text, 'indicator: new_customer_cnt,')}:21: error: "
        "scorecards.sales_rep.items[1].indicator: unknown indicator 'new_customer_cnt' (did you "
        "mean 'new_customer_count'?)",
        f"{line(text, '      new_customer_count: 15')}:7: error: "
        "posts.sales_rep.targets.new_customer_count: 'new_customer_count' is not on scorecard "
        "'sales_rep', so its target is never used (expected one of: collection_rate, "
        "contract_errors, revenue_achievement, sales_cost_rate, satisfaction, "
        "serious_violation, teamwork)",
    ]


def test_duplicate_indicator_on_a_scorecard() -> None:
    text = edit((SALES_REP_NEW_CUSTOMERS + "\n      - {indicator: collection_rate, weight: 20}",
                 SALES_REP_NEW_CUSTOMERS + "\n      - {indicator: new_customer_count, weight: 20}"))
    # The copied line's weight still counts: the card as written adds up to 100.
    assert problems(text) == [
        f"{line(text, 'new_customer_count, weight: 20')}:21: error: "
        "scorecards.sales_rep.items[2].indicator: indicator 'new_customer_count' is listed "
        "twice (remove one)",
    ]


def test_weights_missing() -> None:
    text = edit((SALES_REP_NEW_CUSTOMERS, "      - {indicator: new_customer_count, weight: 10}"))
    assert problems(text) == [
        f"{line(text, 'items:', after='销售代表考核表')}:5: error: scorecards.sales_rep.items: "
        "weights of scorecard "
        "'sales_rep' add up to 95%, expected 100% (missing 5%) (adjust the weights)",
    ]


def test_weights_too_many() -> None:
    text = edit((SALES_REP_NEW_CUSTOMERS,
                 "      - {indicator: new_customer_count, weight: 20.5}"))
    assert problems(text) == [
        f"{line(text, 'items:', after='销售代表考核表')}:5: error: scorecards.sales_rep.items: "
        "weights of scorecard "
        "'sales_rep' add up to 105.5%, expected 100% (5.5% too many) (adjust the weights)",
    ]


def test_weight_on_a_deduction_item_is_reported_once() -> None:
    text = edit(("      - {indicator: contract_errors}\n      - {indicator: serious_violation}\n"
                 "  key_account_manager:",
                 "      - {indicator: contract_errors, weight: 5}\n"
                 "      - {indicator: serious_violation}\n  key_account_manager:"))
    assert problems(text) == [
        f"{line(text, 'contract_errors, weight: 5')}:46: error: "
        "scorecards.sales_director.items[5].weight: 'contract_errors' is a deduction item and "
        "takes no weight (remove 'weight': it adds or takes points directly)",
    ]


def test_weight_on_a_veto_item() -> None:
    text = edit(("      - {indicator: teamwork, weight: 15}\n"
                 "      - {indicator: serious_violation}",
                 "      - {indicator: teamwork, weight: 15}\n"
                 "      - {indicator: serious_violation, weight: 5}"))
    assert problems(text) == [
        f"{line(text, 'serious_violation, weight: 5')}:48: error: "
        "scorecards.marketing_director.items[5].weight: 'serious_violation' is a veto item and "
        "takes no weight (remove 'weight': it adds or takes points directly)",
    ]


def test_missing_weight() -> None:
    text = edit(("      - {indicator: plan_timeliness, weight: 15}\n"
                 "      - {indicator: teamwork, weight: 10}",
                 "      - {indicator: plan_timeliness}\n"
                 "      - {indicator: teamwork, weight: 10}"))
    assert problems(text) == [
        f"{line(text, 'items:', after='销售总监考核表')}:5: error: "
        "scorecards.sales_director.items: weights of "
        "scorecard 'sales_director' add up to 85%, expected 100% (missing 15%) (adjust the "
        "weights)",
        f"{line(text, '{indicator: plan_timeliness}')}:9: error: "
        "scorecards.sales_director.items[3]: 'plan_timeliness' needs a weight (add e.g. "
        "weight: 20)",
    ]


# -- bands and tables --------------------------------------------------------------------


def test_bands_overlapping() -> None:
    text = edit(("        - {min: 90, max: 95, points: 80}",
                 "        - {min: 90, max: 96, points: 80}"))
    assert problems(text) == [
        f"{line(text, '{min: 95, points: 100}')}:11: error: "
        "indicators.collection_rate.rule.bands[0]: bands [90, 96) and [95, ∞) overlap: a value "
        "from 95 to 96 is in both (make each band's max the next band's min)",
    ]


def test_bands_with_a_gap() -> None:
    text = edit(("        - {min: 85, max: 90, points: 60}",
                 "        - {min: 85, max: 89, points: 60}"))
    assert problems(text) == [
        f"{line(text, '{min: 90, max: 95, points: 80}')}:11: error: "
        "indicators.collection_rate.rule.bands[1]: bands [85, 89) and [90, 95) leave a gap: a "
        "value from 89 to 90 gets no points (set the max of the lower band to 90, or the min of "
        "the upper band to 89)",
    ]


def test_bands_closed_upper_are_shown_closed_upper() -> None:
    text = edit(("      kind: bands\n", "      kind: bands\n      closed: upper\n"),
                ("        - {min: 85, max: 90, points: 60}",
                 "        - {min: 85, max: 89, points: 60}"))
    assert problems(text) == [
        f"{line(text, '{min: 90, max: 95, points: 80}')}:11: error: "
        "indicators.collection_rate.rule.bands[1]: bands (85, 89] and (90, 95] leave a gap: a "
        "value from 89 to 90 gets no points (set the max of the lower band to 90, or the min of "
        "the upper band to 89)",
    ]


def test_nested_bands_overlap_only_where_they_do() -> None:
    text = edit(("        - {min: 90, max: 95, points: 80}\n"
                 "        - {min: 85, max: 90, points: 60}",
                 "        - {min: 85, max: 95, points: 80}\n"
                 "        - {min: 87, max: 88, points: 60}"))
    assert problems(text) == [
        f"{line(text, '{min: 87, max: 88, points: 60}')}:11: error: "
        "indicators.collection_rate.rule.bands[2]: bands [85, 95) and [87, 88) overlap: a value "
        "from 87 to 88 is in both (make each band's max the next band's min)",
    ]


def test_band_min_not_below_its_max() -> None:
    text = edit(("        - {min: 90, max: 95, points: 80}",
                 "        - {min: 95, max: 90, points: 80}"))
    assert problems(text) == [
        f"{line(text, '{min: 95, max: 90, points: 80}')}:11: error: "
        "indicators.collection_rate.rule.bands[1]: band min 95 is not below its max 90 (swap "
        "them)",
    ]


def test_piecewise_values_not_rising() -> None:
    text = edit(("        - {value: 90, points: 100}", "        - {value: 70, points: 100}"))
    assert problems(text) == [
        f"{line(text, '{value: 70, points: 100}')}:19: error: "
        "indicators.satisfaction.rule.table[1].value: table values must rise: 70 comes after 70 "
        "(list the rows from the lowest value to the highest)",
    ]


def test_cap_below_floor() -> None:
    text = edit(("rule: {kind: ratio, cap: 120}", "rule: {kind: ratio, cap: 80, floor: 90}"))
    assert problems(text) == [
        f"{line(text, 'cap: 80, floor: 90')}:30: error: indicators.new_customer_count.rule.cap: "
        "the cap 80 is below the floor 90 (the cap is the most points the rule gives, the floor "
        "the least: make the cap the higher one)",
    ]


def test_cap_below_the_default_floor_of_a_lower_is_better_rule() -> None:
    text = edit(("per_unit_over: 10, basis: value, floor: 0}", "per_unit_over: 10, cap: -5}"))
    assert problems(text) == [
        f"{line(text, 'cap: -5')}:72: error: indicators.sales_cost_rate.rule.cap: the cap -5 is "
        "below the floor 0 (the cap is the most points the rule gives, the floor the least: "
        "make the cap the higher one)",
    ]


# -- the organisation --------------------------------------------------------------------


def test_unit_parent_dangling_with_did_you_mean() -> None:
    text = edit(("    parent: sales_centre\n  sales_dept:",
                 "    parent: sales_center\n  sales_dept:"))
    assert problems(text) == [
        f"{line(text, 'sales_center')}:13: error: units.key_accounts.parent: unknown parent unit "
        "'sales_center' (did you mean 'sales_centre'?)",
    ]


def test_cycle_in_units() -> None:
    text = edit(("    kind: centre\n    parent: company",
                 "    kind: centre\n    parent: key_accounts"))
    assert problems(text) == [
        f"{line(text, 'parent: key_accounts')}:13: error: units.sales_centre.parent: units form a "
        "cycle: sales_centre → key_accounts → sales_centre (one of them must have a parent "
        "outside the cycle)",
    ]


def test_two_top_units() -> None:
    text = edit(("    kind: department\n    parent: company\n    head: marketing_director",
                 "    kind: department\n    head: marketing_director"))
    assert problems(text) == [
        f"{line(text, '  marketing_dept:')}:3: error: units.marketing_dept: units 'company' and "
        "'marketing_dept' both have no parent; the organisation has one top unit (give "
        "'marketing_dept' a parent)",
    ]


def test_head_post_in_another_unit() -> None:
    text = edit(("    parent: company\n    head: sales_director",
                 "    parent: company\n    head: marketing_director"))
    assert problems(text) == [
        f"{line(text, 'head: marketing_director' + chr(10) + '  key_accounts:')}:11: error: "
        "units.sales_centre.head: head post 'marketing_director' belongs to unit "
        "'marketing_dept', not 'sales_centre' (set unit: sales_centre on post "
        "'marketing_director')",
    ]


def test_unknown_head_post_with_did_you_mean() -> None:
    text = edit(("    head: general_manager\n", "    head: general_managr\n"))
    assert problems(text) == [
        f"{line(text, 'general_managr')}:11: error: units.company.head: unknown post "
        "'general_managr' (did you mean 'general_manager'?)",
    ]


def test_post_in_an_unknown_unit_and_with_an_unknown_scorecard() -> None:
    text = edit(("    unit: sales_dept\n    scorecard: sales_rep\n",
                 "    unit: sales_depts\n    scorecard: sales_reps\n"))
    assert problems(text) == [
        f"{line(text, 'sales_depts')}:11: error: posts.sales_rep.unit: unknown unit "
        "'sales_depts' (did you mean 'sales_dept'?)",
        f"{line(text, 'sales_reps')}:16: error: posts.sales_rep.scorecard: unknown scorecard "
        "'sales_reps' (did you mean 'sales_rep'?)",
    ]


def test_person_with_an_unknown_post() -> None:
    text = edit(("  SR01: {name: 张伟, post: sales_rep}", "  SR01: {name: 张伟, post: sales_reps}"))
    assert problems(text) == [
        f"{line(text, 'sales_reps')}:26: error: people.SR01.post: unknown post 'sales_reps' "
        "(did you mean 'sales_rep'?)",
    ]


# -- targets -----------------------------------------------------------------------------

SALES_REP_TARGETS = "      revenue_achievement: 1200000\n      new_customer_count: 15"


def test_post_without_a_target_its_rule_needs() -> None:
    text = edit((SALES_REP_TARGETS, "      revenue_achievement: 1200000"))
    assert problems(text) == [
        f"{line(text, '  sales_rep:' + chr(10) + '    label: 销售代表' + chr(10))}:3: error: "
        "posts.sales_rep: post 'sales_rep' has no target for 'new_customer_count', which its "
        "ratio rule needs (add it under targets: new_customer_count: <number>)",
    ]


def test_post_without_the_target_a_threshold_on_the_target_needs() -> None:
    text = edit(("rule: {kind: ratio, cap: 120}", "rule: {kind: threshold}"),
                (SALES_REP_TARGETS, "      revenue_achievement: 1200000"))
    assert problems(text) == [
        f"{line(text, '  sales_rep:' + chr(10) + '    label: 销售代表' + chr(10))}:3: error: "
        "posts.sales_rep: post 'sales_rep' has no target for 'new_customer_count', which its "
        "threshold rule needs (add it under targets: new_customer_count: <number>)",
    ]


def test_target_for_an_indicator_not_on_the_scorecard() -> None:
    text = edit((SALES_REP_TARGETS, SALES_REP_TARGETS + "\n      lead_achievement: 300"))
    assert problems(text) == [
        f"{line(text, 'lead_achievement: 300')}:7: error: "
        "posts.sales_rep.targets.lead_achievement: "
        "'lead_achievement' is not on scorecard 'sales_rep', so its target is never used (did "
        "you mean 'revenue_achievement'?)",
    ]


def test_person_target_for_an_indicator_not_on_the_scorecard() -> None:
    text = edit(("      revenue_achievement: 1000000", "      key_visit_rate: 90"))
    assert problems(text) == [
        f"{line(text, 'key_visit_rate: 90')}:7: error: people.SR05.targets.key_visit_rate: "
        "'key_visit_rate' is not on scorecard 'sales_rep', so its target is never used "
        "(expected one of: collection_rate, contract_errors, new_customer_count, "
        "revenue_achievement, sales_cost_rate, satisfaction, serious_violation, teamwork)",
    ]


def test_zero_target_under_a_ratio_rule() -> None:
    text = edit((SALES_REP_TARGETS,
                 "      revenue_achievement: 1200000\n      new_customer_count: 0"))
    assert problems(text) == [
        f"{line(text, 'new_customer_count: 0')}:27: error: "
        "posts.sales_rep.targets.new_customer_count: the target of 'new_customer_count' for "
        "post 'sales_rep' is 0, but its ratio rule divides by the target (set a non-zero "
        "target; a ratio rule always divides by it)",
    ]


def test_zero_target_under_a_linear_rule_on_achievement() -> None:
    text = edit((SALES_REP_TARGETS, "      revenue_achievement: 0\n      new_customer_count: 15"))
    assert problems(text) == [
        f"{line(text, 'revenue_achievement: 0')}:28: error: "
        "posts.sales_rep.targets.revenue_achievement: the target of 'revenue_achievement' for "
        "post 'sales_rep' is 0, but its linear rule divides by the target (set a non-zero "
        "target, or use basis: value)",
    ]


def test_zero_target_of_a_person() -> None:
    text = edit(("      revenue_achievement: 1000000", "      revenue_achievement: 0"))
    assert problems(text) == [
        f"{line(text, 'revenue_achievement: 0')}:28: error: "
        "people.SR05.targets.revenue_achievement: the target of 'revenue_achievement' for "
        "person 'SR05' is 0, but its linear rule divides by the target (set a non-zero target, "
        "or use basis: value)",
    ]


def test_zero_default_target_of_an_indicator_on_achievement() -> None:
    text = edit(("rule: {kind: linear, basis: value, at_target: 100, above: 1.3, below: 3",
                 "rule: {kind: linear, at_target: 100, above: 1.3, below: 3"))
    assert problems(text) == [
        f"{line(text, '    target: 0')}:13: error: indicators.expense_variance.target: the "
        "target of 'expense_variance' is 0, but its linear rule divides by the target (set a "
        "non-zero target, or use basis: value)",
    ]


def test_zero_target_under_bands_on_achievement() -> None:
    text = edit(("      kind: bands\n", "      kind: bands\n      on: achievement\n"),
                ("    formula: cash_collected / revenue * 100\n",
                 "    formula: cash_collected / revenue * 100\n    target: 0\n"))
    assert problems(text) == [
        f"{line(text, '    target: 0' + chr(10) + '    rule:' + chr(10) + '      kind: bands')}"
        ":13: error: indicators.collection_rate.target: the target of 'collection_rate' is 0, "
        "but its bands rule divides by the target (set a non-zero target, or use on: value)",
    ]


def test_zero_target_with_basis_value_is_fine() -> None:
    # The example itself: expense variance has target 0 and a linear rule on basis value.
    assert "    target: 0\n    rule: {kind: linear, basis: value," in EXAMPLE
    assert problems(EXAMPLE) == []
    # And a post's target of 0 for the cost rate, scored on basis: value.
    text = edit((SALES_REP_TARGETS, SALES_REP_TARGETS + "\n      sales_cost_rate: 0"))
    assert problems(text) == []


def test_two_level_target_without_a_stretch_goal() -> None:
    text = edit(("      revenue_two_level: {base: 1400000, stretch: 1750000}",
                 "      revenue_two_level: 1400000"))
    assert problems(text) == [
        f"{line(text, 'revenue_two_level: 1400000')}:26: error: "
        "posts.key_account_manager.targets.revenue_two_level: 'revenue_two_level' uses a "
        "two_level rule, so its target needs a stretch goal (write {base: ..., stretch: ...})",
    ]


def test_stretch_goal_not_above_the_base() -> None:
    text = edit(("      revenue_two_level: {base: 1400000, stretch: 1750000}",
                 "      revenue_two_level: {base: 1400000, stretch: 1400000}"))
    assert problems(text) == [
        f"{line(text, 'stretch: 1400000')}:26: error: "
        "posts.key_account_manager.targets.revenue_two_level: the stretch goal 1,400,000 of "
        "'revenue_two_level' is not above its base 1,400,000 (stretch is the higher level)",
    ]


# -- ratings -----------------------------------------------------------------------------


def test_rating_override_level_not_on_the_scale() -> None:
    text = edit(("rule: {kind: rating, scale: abcd}",
                 "rule: {kind: rating, scale: abcd, points: {A: 100, E: 20}}"))
    assert problems(text) == [
        f"{line(text, 'E: 20')}:56: error: indicators.teamwork.rule.points.E: rating 'E' is not "
        "on the scale 'abcd' (expected one of: A, B, C, D)",
    ]


def test_rating_field_used_in_arithmetic() -> None:
    text = edit(("formula: (1 - reports_wrong / reports_submitted) * 100",
                 "formula: (1 - reports_wrong / reports_submitted) * 100 + teamwork"))
    assert problems(text) == [
        f"{line(text, '+ teamwork')}:14: error: indicators.report_accuracy.formula: 'teamwork' "
        "holds a rating, not a number; it can only be scored by a rating rule (use kind: rating "
        "with the field alone as the formula)",
    ]


def test_rating_rule_on_a_number_field() -> None:
    text = edit(("    formula: teamwork\n", "    formula: satisfaction\n"))
    assert problems(text) == [
        f"{line(text, 'formula: satisfaction' + chr(10) + '    rule: {kind: rating')}:14: error: "
        "indicators.teamwork.formula: a rating rule scores one rating field: the formula must "
        "be just that field's name (declare the field with type: rating and a scale)",
    ]


def test_rating_rule_scale_different_from_the_fields_scale() -> None:
    text = edit(("scales:\n", "scales:\n  five:\n    levels:\n      '1': {points: 20}\n"
                              "      '2': {points: 40}\n"),
                ("rule: {kind: rating, scale: abcd}", "rule: {kind: rating, scale: five}"))
    assert problems(text) == [
        f"{line(text, 'scale: five')}:33: error: indicators.teamwork.rule.scale: field "
        "'teamwork' is rated on scale 'abcd', but the rule uses scale 'five' (use scale: abcd)",
    ]


def test_rating_field_on_an_unknown_scale_is_reported_once() -> None:
    text = edit(("    type: rating\n    scale: abcd", "    type: rating\n    scale: abc"))
    assert problems(text) == [
        f"{line(text, 'scale: abc' + chr(10))}:12: error: fields.teamwork.scale: unknown scale "
        "'abc' (did you mean 'abcd'?)",
    ]


def test_rating_field_without_a_scale_is_reported_once() -> None:
    text = edit(("    type: rating\n    scale: abcd\n", "    type: rating\n"))
    assert problems(text) == [
        f"{line(text, '  teamwork:' + chr(10) + '    label: 团队协作' + chr(10) + '    type')}:3: "
        "error: fields.teamwork: missing required key 'scale' (add 'scale:')",
    ]


# -- grades ------------------------------------------------------------------------------


def test_grades_out_of_order() -> None:
    text = edit(("{grade: C, label: 合格, min: 70", "{grade: C, label: 合格, min: 90"))
    assert problems(text) == [
        f"{line(text, 'grade: C,')}:32: error: grades[2].min: grade 'C' starts at 90, not below "
        "grade 'B' (85) (list grades from best to worst with falling minimums)",
    ]


def test_lowest_grade_with_a_min() -> None:
    text = edit(("{grade: E, label: 不合格, coefficient: 0}",
                 "{grade: E, label: 不合格, min: 0, coefficient: 0}"))
    assert problems(text) == [
        f"{line(text, 'grade: E,')}:33: error: grades[4].min: the lowest grade 'E' must not have "
        "a min (remove 'min' so that every total, however low, gets a grade)",
    ]


def test_duplicate_grade() -> None:
    text = edit(("{grade: D, label: 待改进", "{grade: C, label: 待改进"))
    assert problems(text) == [
        f"{line(text, '待改进, min: 60')}:13: error: grades[3].grade: grade 'C' is listed twice "
        "(grades[2] and grades[3]) (remove one)",
    ]


def test_grade_above_the_lowest_without_a_min() -> None:
    text = edit(("{grade: B, label: 良好, min: 85, coefficient: 1.0}",
                 "{grade: B, label: 良好, coefficient: 1.0}"))
    assert problems(text) == [
        f"{line(text, 'grade: B,')}:5: error: grades[1]: grade 'B' needs a min; only the lowest "
        "grade has none (grades are listed from best to worst)",
    ]


# -- directions --------------------------------------------------------------------------


def test_lower_is_better_rule_with_a_conflicting_direction() -> None:
    text = edit(("    direction: lower_is_better\n    unit: \"%\"\n    formula: sales_cost",
                 "    direction: higher_is_better\n    unit: \"%\"\n    formula: sales_cost"))
    assert problems(text) == [
        f"{line(text, 'direction: higher_is_better')}:16: error: "
        "indicators.sales_cost_rate.direction: direction is higher_is_better, but the rule is "
        "lower_is_better (remove 'direction' or set it to lower_is_better)",
    ]


def test_ratio_rule_cannot_score_closest_to_target() -> None:
    text = edit(("    formula: new_customers\n    rule: {kind: ratio",
                 "    direction: closest_to_target\n    formula: new_customers\n"
                 "    rule: {kind: ratio"))
    assert problems(text) == [
        f"{line(text, 'rule: {kind: ratio')}:18: error: indicators.new_customer_count.rule.kind: "
        "a ratio rule cannot score closest_to_target (use a linear rule, which takes points "
        "off both ways)",
    ]


def test_two_level_rule_scores_higher_is_better_only() -> None:
    text = edit(("    description: 完成任务得80分",
                 "    direction: lower_is_better\n    description: 完成任务得80分"))
    assert problems(text) == [
        f"{line(text, 'rule: {kind: two_level')}:18: error: "
        "indicators.revenue_two_level.rule.kind: "
        "a two_level rule scores higher_is_better only (remove 'direction')",
    ]


# -- the schema, in words HR can act on --------------------------------------------------


def test_schema_error_in_one_indicator_does_not_cascade() -> None:
    # new_customer_count is on a scorecard and has a post target; neither complains.
    text = edit(("rule: {kind: ratio, cap: 120}", "rule: {kind: ratio, cap: 120, capp: 3}"))
    assert problems(text) == [
        f"{line(text, 'capp: 3')}:35: error: indicators.new_customer_count.rule.capp: unknown "
        "key 'capp' (did you mean 'cap'?)",
    ]


def test_formula_error_in_one_indicator_does_not_cascade() -> None:
    text = edit(("    formula: revenue\n    description: 实际",
                 "    formula: 'revenue +'\n    description: 实际"))
    assert problems(text) == [
        f"{line(text, 'revenue +')}:24: error: indicators.revenue_achievement.formula: the "
        "formula is not valid: invalid syntax (at character 10 of the formula) (check brackets "
        "and operators; text must not be quoted)",
    ]


def test_unknown_top_level_key_with_did_you_mean() -> None:
    text = edit(("bonus_base: 20000\n", "bonus_base: 20000\ngrade: 5\n"))
    assert problems(text) == [
        f"{line(text, 'grade: 5')}:1: error: grade: unknown key 'grade' (did you mean 'grades'?)",
    ]


def test_wrong_enum_value() -> None:
    text = edit(("aggregate: average", "aggregate: mean"))
    assert problems(text) == [
        f"{line(text, 'aggregate: mean')}:16: error: fields.satisfaction.aggregate: the text "
        "'mean' is not allowed here (expected one of: average, first, last, sum, weighted_average)",
    ]


def test_wrong_rule_kind_with_did_you_mean() -> None:
    text = edit(("rule: {kind: ratio, cap: 120}", "rule: {kind: ratios, cap: 120}"))
    assert problems(text) == [
        f"{line(text, 'kind: ratios')}:18: error: indicators.new_customer_count.rule.kind: the "
        "text 'ratios' is not allowed here (did you mean 'ratio'?)",
    ]


def test_quoted_number_with_thousands_separators_gets_remove_the_quotes() -> None:
    text = edit(("bonus_base: 20000\n", "bonus_base: '60,000'\n"))
    assert problems(text) == [
        f"{line(text, chr(39) + '60,000')}:13: error: bonus_base: expected a number, found the "
        "text '60,000' (remove the quotes and any thousands separators)",
    ]


def test_quoted_number_in_a_target_gets_remove_the_quotes() -> None:
    text = edit(("      revenue_two_level: {base: 16000000, stretch: 20000000}",
                 "      revenue_two_level: {base: '16,000,000', stretch: 20000000}"))
    assert problems(text) == [
        f"{line(text, '16,000,000')}:33: error: "
        "posts.general_manager.targets.revenue_two_level.base: expected a number, found the "
        "text '16,000,000' (remove the quotes and any thousands separators)",
    ]


def test_invalid_scheme_has_no_compiled_scheme() -> None:
    text = edit(("aggregate: average", "aggregate: mean"))
    result = validate_scheme("s.yaml", content=text.encode("utf-8"))
    assert not result.ok and result.scheme is None
    valid = validate_scheme("s.yaml", content=EXAMPLE.encode("utf-8"))
    assert valid.ok and valid.scheme is not None
    assert sorted(valid.scheme.indicators) == sorted([
        "revenue_achievement", "revenue_two_level", "new_customer_count", "collection_rate",
        "sales_cost_rate", "satisfaction", "teamwork", "key_visit_rate", "plan_timeliness",
        "lead_achievement", "expense_variance", "report_accuracy", "contract_errors",
        "industry_awards", "serious_violation"])


def test_a_key_indented_with_full_width_spaces_is_named_as_such() -> None:
    text = "appraise: 1\nname: x\nunits:\n  company:\n\u3000\u3000label: y\n"
    found = [str(d) for d in validate_scheme("s.yaml", content=text.encode()).diagnostics]
    assert found[-1] == (
        "s.yaml:5:1: error: \u3000\u3000label: unknown key '\u3000\u3000label' (the key starts "
        "with full-width spaces (U+3000): indent with ordinary spaces typed in English input "
        "mode)")
    assert found[2] == (
        "s.yaml:1:1: error: missing required key 'indicators' (add 'indicators:': indicators "
        "(指标 / KPI), each named by an id used in scorecards and targets)")

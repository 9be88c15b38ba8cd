# ruff: noqa: E501  (each message is compared whole, as one string)
"""Checks of a scheme kept by month: every message as a person sees it."""

from __future__ import annotations

from pathlib import Path

import pytest

from appraise import validate_scheme

BASE = Path("tests/schemes/cascade/small.yaml")

CASES = [
    pytest.param(
        "raters: {self: 20, manager: 80}",
        "raters: {self: 20, manager: 70}",
        [
            "scheme.yaml:19:5: error: fields.teamwork.raters: rater weights of field 'teamwork' add up to 90%, expected 100% (adjust the weights)",
        ],
        id="raters_sum",
    ),
    pytest.param(
        "revenue: {label: 销售额, unit: yuan}",
        "revenue: {label: 销售额, unit: yuan, aggregate: weighted_average}",
        [
            "scheme.yaml:15:48: error: fields.revenue.aggregate: field 'revenue' is a weighted average but names no field to weigh it by (add weight: <field>, e.g. the number of surveys)",
        ],
        id="weighted_no_weight",
    ),
    pytest.param(
        "revenue: {label: 销售额, unit: yuan}",
        "revenue: {label: 销售额, unit: yuan, weight: teamwork}",
        [
            "scheme.yaml:15:45: error: fields.revenue.weight: field 'revenue' names a weight, but its aggregate is sum (set aggregate: weighted_average, or remove 'weight')",
        ],
        id="weight_not_wa",
    ),
    pytest.param(
        "revenue: {label: 销售额, unit: yuan}",
        "revenue: {label: 销售额, unit: yuan, aggregate: weighted_average, weight: revenue}",
        [
            "scheme.yaml:15:74: error: fields.revenue.weight: field 'revenue' cannot be weighed by 'revenue' (name another field that holds a number)",
        ],
        id="weight_self",
    ),
    pytest.param(
        "    members: equal",
        "    members: equal\n    formula: revenue",
        [
            "scheme.yaml:39:5: error: indicators.team_result.formula: 'team_result' is a members indicator: its points are the average total of the unit's members, so it takes no formula (remove 'formula')",
        ],
        id="members_formula",
    ),
    pytest.param(
        "    formula: teamwork\n    rule: {kind: formula, points: value}",
        "    rule: {kind: formula, points: value}",
        [
            "scheme.yaml:32:3: error: indicators.teamwork: indicator 'teamwork' needs a formula (every indicator has a formula and a rule, except a members indicator)",
        ],
        id="no_formula",
    ),
    pytest.param(
        "calendar: {year: 2026}\n",
        "",
        [
            "scheme.yaml:28:5: error: indicators.unit_revenue.scope: 'unit_revenue' is scored on a unit, which needs the scheme's calendar (add calendar: {year: 2026})",
            "scheme.yaml:37:5: error: indicators.team_result.members: 'team_result' is scored on a unit, which needs the scheme's calendar (add calendar: {year: 2026})",
            "scheme.yaml:74:1: error: cascade: 'cascade' works on a year of months, but the scheme has no calendar (add calendar: {year: 2026})",
            "scheme.yaml:85:1: error: calibration: 'calibration' works on a year of months, but the scheme has no calendar (add calendar: {year: 2026})",
            "scheme.yaml:91:1: error: pools: 'pools' works on a year of months, but the scheme has no calendar (add calendar: {year: 2026})",
        ],
        id="no_calendar",
    ),
    pytest.param(
        "E1: {name: 东一, post: east_rep}",
        "E1: {name: 东一, post: east_rep, posts: [{post: east_rep}]}",
        [
            "scheme.yaml:69:3: error: people.E1: person 'E1' has both post and posts (write post: <post> for all year, or posts: [{post: ..., from: ..., until: ...}] by months)",
        ],
        id="post_and_posts",
    ),
    pytest.param(
        "E1: {name: 东一, post: east_rep}",
        "E1: {name: 东一}",
        [
            "scheme.yaml:69:3: error: people.E1: person 'E1' needs a post (write post: <post> for all year, or posts: [{post: ..., from: ..., until: ...}] by months)",
        ],
        id="neither",
    ),
    pytest.param(
        "E1: {name: 东一, post: east_rep}",
        "E1: {name: 东一, posts: [{post: east_rep, from: 2025-03}]}",
        [
            "scheme.yaml:69:49: error: people.E1.posts[0].from: month '2025-03' is not in the scheme's year 2026 (write it as 2026-MM)",
        ],
        id="month_other_year",
    ),
    pytest.param(
        "E1: {name: 东一, post: east_rep}",
        "E1: {name: 东一, posts: [{post: east_rep, from: 2026-05, until: 2026-03}]}",
        [
            "scheme.yaml:69:26: error: people.E1.posts[0]: person 'E1' is on post 'east_rep' from month 5 until month 3, which is no time (write the earlier month in 'from')",
        ],
        id="from_after_until",
    ),
    pytest.param(
        "at_most: {A: 20}",
        "at_most: {AA: 20}",
        [
            "scheme.yaml:88:13: error: calibration.at_most.AA: unknown grade 'AA' (did you mean 'A'?)",
        ],
        id="unknown_grade",
    ),
    pytest.param(
        "  west: 100000",
        "  wets: 100000",
        [
            "scheme.yaml:93:9: error: pools.wets: unknown unit 'wets' (did you mean 'west'?)",
        ],
        id="pool_unknown",
    ),
    pytest.param(
        "  west: 100000",
        "  west: 100000\n  company: 5",
        [
            "scheme.yaml:93:3: error: pools.west: unit 'west' has a bonus pool, and so does 'company' above it; a person's bonus can come from one pool (keep one of the two)",
        ],
        id="pool_nested",
    ),
    pytest.param(
        "phasing: {quarters: [20, 30, 30, 20]}",
        "phasing: {quarters: [20, 30, 30, 10]}",
        [
            "scheme.yaml:80:25: error: cascade.revenue.phasing.quarters: phasing weights add up to 90%, expected 100% (adjust the weights)",
        ],
        id="phasing",
    ),
    pytest.param(
        "      west: even",
        "      wset: even",
        [
            "scheme.yaml:84:13: error: cascade.revenue.split.wset: unknown unit 'wset' (did you mean 'west'?)",
        ],
        id="split_unknown_unit",
    ),
    pytest.param(
        "\ncalibration:",
        "  again:\n    indicators: [revenue_achievement]\n    target: 5\n\ncalibration:",
        [
            "scheme.yaml:86:18: error: cascade.again.indicators[0]: indicator 'revenue_achievement' gets its target from cascades 'revenue' and 'again' (keep it in one)",
        ],
        id="two_cascades",
    ),
    pytest.param(
        "indicators: [revenue_achievement, unit_revenue]",
        "indicators: [revenue_achievement, unit_revenue, team_result]",
        [
            "scheme.yaml:78:53: error: cascade.revenue.indicators[2]: 'team_result' is a members indicator and takes no target (remove it from the cascade)",
        ],
        id="cascade_members",
    ),
    pytest.param(
        "convert: {from: [1, 5], to: [0, 100]}",
        "convert: {from: [5, 1], to: [0, 100]}",
        [
            "scheme.yaml:20:21: error: fields.teamwork.convert.from: the rating range 5 to 1 is empty (write the lowest rating first)",
        ],
        id="convert_empty",
    ),
    pytest.param(
        "revenue: {label: 销售额, unit: yuan}",
        "revenue: {label: 销售额, unit: yuan, drop_extremes: true}",
        [
            "scheme.yaml:15:52: error: fields.revenue.drop_extremes: field 'revenue' has no raters to drop (add raters:, or remove drop_extremes)",
        ],
        id="drop_without_raters",
    ),
    pytest.param(
        "      west: even",
        "      west: {shares: {west_rep: 100}}",
        [
            "scheme.yaml:84:22: error: cascade.revenue.split.west.shares: unit 'west' splits 'revenue' by shares but gives nothing to 'W1' (add W1: <share>)",
            "scheme.yaml:84:22: error: cascade.revenue.split.west.shares: unit 'west' splits 'revenue' by shares but gives nothing to 'W2' (add W2: <share>)",
            "scheme.yaml:84:23: error: cascade.revenue.split.west.shares.west_rep: 'west_rep' is not a child of unit 'west' in cascade 'revenue' ('west_rep' is a post; a split names child units and people: W1, W2)",
        ],
        id="split_post_key",
    ),
    pytest.param(
        "      - {indicator: unit_revenue, weight: 100}",
        "      - {indicator: revenue_achievement, weight: 100}",
        [
            "scheme.yaml:59:46: error: posts.gm.scorecard: post 'gm' heads unit 'company', whose whole target in cascade 'revenue' it answers for; its card scores 'revenue_achievement' on the holder's own figures (give 'revenue_achievement' scope: unit, or put it on a card for another post)",
        ],
        id="gm_own_scope",
    ),
    pytest.param(
        "within: department",
        "within: team",
        [
            "scheme.yaml:87:11: warning: calibration.within: no unit is of kind 'team', so everybody is calibrated within their own unit (set kind: on the units, or choose another kind)",
        ],
        id="within_none",
    ),
    pytest.param(
        "  teamwork:\n    label: 团队协作\n    aggregate: average",
        "  grade_field: {type: rating, scale: s, aggregate: average}\n  teamwork:\n    label: 团队协作\n    aggregate: average",
        [
            "scheme.yaml:16:38: error: fields.grade_field.scale: unknown scale 's'",
            "scheme.yaml:16:52: error: fields.grade_field.aggregate: field 'grade_field' holds a rating; ratings cannot be combined by average (use aggregate: last (or first))",
        ],
        id="rating_avg",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), CASES)
def test_message(tmp_path: Path, old: str, new: str, expected: list[str]) -> None:
    text = BASE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "scheme.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    found = [str(d).replace(str(path), "scheme.yaml") for d in validate_scheme(path).diagnostics]
    assert found == expected


SEVERAL = [
    pytest.param(
        [("      west: even", "      west: {shares: {W1: 50, W2: 50}}"),
         ("W2: {name: 西二, post: west_rep}",
          "W2: {name: 西二, posts: [{post: west_rep, from: 2026-07}]}")],
        # West's 480,000 a year, 20/30/30/20 by quarter: July to December is 240,000, of
        # which W2 (there from July) takes 50% = 120,000; the first half's 50% for W2,
        # 120,000, goes to nobody.
        ["scheme.yaml:84:22: error: cascade.revenue.split.west.shares: the shares of unit "
         "'west' in cascade 'revenue' leave 120,000 of its target 480,000 to nobody: a share "
         "covers only the months its holder is in the unit, and W2 is there in 2026-07 to 2026-12 "
         "(give those months' target to others, e.g. split by explicit amounts)"],
        id="part_year_share"),
    pytest.param(
        [("  WM: {name: 西经理, post: west_manager}",
          "  WM: {name: 西经理, post: west_manager}\n"
          "  WM2: {name: 西经理二, posts: [{post: west_manager, from: 2026-11}]}")],
        ["scheme.yaml:69:3: error: people.WM2: unit 'west' has two heads in 2026-11: 'WM' and "
         "'WM2' both hold its head post 'west_manager' (one person heads a unit at a time; "
         "give the other a post of their own)"],
        id="two_heads"),
    pytest.param(
        [("    target: 1200000", "    unit: east\n    target: 720000"),
         ("      company: {shares: {east: 60, west: 40}}\n", "")],
        ["scheme.yaml:59:46: error: posts.gm.scorecard: post 'gm' is in unit 'company', "
         "outside 'east' where cascade 'revenue' starts, but its card scores 'unit_revenue', "
         "whose target the cascade sets (start the cascade at a unit above both, or give 'gm' "
         "a card without it)",
         "scheme.yaml:61:54: error: posts.west_manager.scorecard: post 'west_manager' is in "
         "unit 'west', outside 'east' where cascade 'revenue' starts, but its card scores "
         "'unit_revenue', whose target the cascade sets (start the cascade at a unit above "
         "both, or give 'west_manager' a card without it)",
         "scheme.yaml:63:50: error: posts.west_rep.scorecard: post 'west_rep' is in unit "
         "'west', outside 'east' where cascade 'revenue' starts, but its card scores "
         "'revenue_achievement', whose target the cascade sets (start the cascade at a unit "
         "above both, or give 'west_rep' a card without it)",
         "scheme.yaml:84:7: error: cascade.revenue.split.west: unit 'west' is not under "
         "'east', where cascade 'revenue' starts (remove it, or start the cascade higher up)"],
        id="cascade_below_the_top"),
    pytest.param(
        [("      west: even", "      west: {}")],
        ["scheme.yaml:84:13: error: cascade.revenue.split.west: a mapping is not allowed here "
         "(expected how the unit's target goes to its children: 'even', {shares: {child: "
         "percent}} or {explicit: {child: amount}})"],
        id="split_empty"),
    pytest.param(
        [("      west: even", "      west: {shares: {W1: 50, W2: 50}, explicit: {W1: 5}}")],
        ["scheme.yaml:84:13: error: cascade.revenue.split.west: give only one of 'shares' or "
         "'explicit' (remove the one that does not apply)"],
        id="split_two_forms"),
    pytest.param(
        [("phasing: {quarters: [20, 30, 30, 20]}", "phasing: {quarters: [20, 30, 50]}")],
        ["scheme.yaml:80:25: error: cascade.revenue.phasing.quarters: needs at least 4 entries"],
        id="phasing_three_quarters"),
]


SEVERAL += [
    pytest.param(
        [("E3: 180000", "E3: 0"), ("E2: 240000", "E2: 420000")],
        ["scheme.yaml:83:53: error: cascade.revenue.split.east.explicit.E3: person 'E3' gets "
         "a target of 0 in cascade 'revenue', but the ratio rule of 'revenue_achievement' "
         "divides by the target (give them a share above 0)"],
        id="zero_share"),
    pytest.param(
        [("  W1: {name: 西一, post: west_rep}\n  W2: {name: 西二, post: west_rep}\n", ""),
         ("      west: even\n", "")],
        ["scheme.yaml:61:54: error: posts.west_manager.scorecard: post 'west_manager' heads "
         "unit 'west' and is scored on 'unit_revenue' for it, but nobody under 'west' is "
         "scored on cascade 'revenue', so the unit has no target or figures (put people in "
         "'west' on posts whose cards score the cascade, or take 'unit_revenue' off this card)",
         "scheme.yaml:80:36: error: cascade.revenue.split.company.shares.west: nobody under "
         "'west' is scored on cascade 'revenue', so it takes no share (remove it from the "
         "split, or put people on posts there)"],
        id="a_unit_nobody_in_it_is_scored"),
    pytest.param(
        [("  W1: {name: 西一, post: west_rep}\n  W2: {name: 西二, post: west_rep}",
          "  W1: {name: 西一, posts: [{post: west_rep, from: 2026-11}]}\n"
          "  W2: {name: 西二, posts: [{post: west_rep, from: 2026-12}]}"),
         ("      west: even\n", "")],
        # West's 480,000, 20/30/30/20 by quarter: January to October is 96,000 + 144,000 +
        # 144,000 + 32,000 = 416,000, and nobody is in west until November.
        ["scheme.yaml:77:5: error: cascade.revenue: nobody in unit 'west' takes its target in "
         "2026-01 to 2026-10 (416,000 in cascade 'revenue') (check the months of the people "
         "in the unit)"],
        id="even_split_with_nobody_there"),
]


@pytest.mark.parametrize(("changes", "expected"), SEVERAL)
def test_messages_of_several_changes(tmp_path: Path, changes: list[tuple[str, str]],
                                     expected: list[str]) -> None:
    text = BASE.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "scheme.yaml"
    path.write_text(text, encoding="utf-8")
    found = [str(d).replace(str(path), "scheme.yaml") for d in validate_scheme(path).diagnostics]
    assert found == expected

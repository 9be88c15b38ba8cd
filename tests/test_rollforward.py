"""appraise rollforward: next year's targets and year, every other byte as HR wrote it."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise.cli import main
from appraise.rollforward import Change, Growth, RollForward, grown, roll_forward

SALES = "schemes/examples/sales_company.yaml"
CASCADE = "schemes/examples/cascade_company.yaml"
SHIPPED = sorted(str(p) for p in [*Path("schemes/examples").glob("*.yaml"),
                                  *Path("schemes/templates").glob("*.yaml")]
                 if not p.name.endswith(".tests.yaml"))  # scheme tests, not schemes


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_the_example_gets_its_eleven_targets_and_year_and_nothing_else(tmp_path: Path) -> None:
    new = tmp_path / "sales_2027.yaml"
    code, out, err = invoke("rollforward", SALES, "--to", "2027", "--growth", "10%",
                            "-o", str(new))
    assert (code, err) == (0, "")
    assert out.split("--- ")[0] == f"""{SALES}: rolled forward from 2026 to 2027
targets changed (11):
  line 307: posts.general_manager.targets.revenue_two_level.base: 16000000 → 17600000
  line 307: posts.general_manager.targets.revenue_two_level.stretch: 20000000 → 22000000
  line 314: posts.sales_director.targets.revenue_achievement: 14000000 → 15400000
  line 321: posts.key_account_manager.targets.revenue_two_level.base: 1400000 → 1540000
  line 321: posts.key_account_manager.targets.revenue_two_level.stretch: 1750000 → 1925000
  line 327: posts.sales_rep.targets.revenue_achievement: 1200000 → 1320000
  line 328: posts.sales_rep.targets.new_customer_count: 15 → 17 (16.5 rounded half up to whole numbers)
  line 335: posts.marketing_director.targets.lead_achievement: 600 → 660
  line 346: people.KA03.targets.revenue_two_level.base: 1600000 → 1760000
  line 346: people.KA03.targets.revenue_two_level.stretch: 2000000 → 2200000
  line 355: people.SR05.targets.revenue_achievement: 1000000 → 1100000
targets kept (2):
  line 157: indicators.sales_cost_rate.target: 20 (lower is better: a limit, not a volume; --growth sales_cost_rate=PCT changes it)
  line 200: indicators.expense_variance.target: 0 (lower is better: a limit, not a volume; --growth expense_variance=PCT changes it)
moved to 2027 (2):
  line 7: name: huadong_sales_2026 → huadong_sales_2027
  line 8: label: 华东智联销售有限公司 2026年度绩效考核方案 → 华东智联销售有限公司 2027年度绩效考核方案
"""  # noqa: E501
    old = Path(SALES).read_text(encoding="utf-8")
    expected = old
    for before, after in [
        ("name: huadong_sales_2026\nlabel: 华东智联销售有限公司 2026年度",
         "name: huadong_sales_2027\nlabel: 华东智联销售有限公司 2027年度"),
        ("{base: 16000000, stretch: 20000000}", "{base: 17600000, stretch: 22000000}"),
        ("revenue_achievement: 14000000", "revenue_achievement: 15400000"),
        ("{base: 1400000, stretch: 1750000}", "{base: 1540000, stretch: 1925000}"),
        ("revenue_achievement: 1200000\n      new_customer_count: 15",
         "revenue_achievement: 1320000\n      new_customer_count: 17"),
        ("lead_achievement: 600", "lead_achievement: 660"),
        ("{base: 1600000, stretch: 2000000}", "{base: 1760000, stretch: 2200000}"),
        ("revenue_achievement: 1000000", "revenue_achievement: 1100000"),
    ]:
        assert expected.count(before) == 1
        expected = expected.replace(before, after)
    assert new.read_bytes() == expected.encode("utf-8")
    assert invoke("validate", str(new)) == (0, f"{new}: valid\n", "")


def test_the_command_shows_the_diff_of_the_text(tmp_path: Path) -> None:
    code, out, _ = invoke("rollforward", CASCADE, "--to", "2027", "--growth", "10%",
                          "-o", str(tmp_path / "new.yaml"))
    assert code == 0
    assert out[out.index("--- "):] == f"""--- {CASCADE}
+++ {CASCADE} (2027)
@@ -12,2 +12,2 @@
-name: huaxia_sales_2026
-label: 华夏优选销售有限公司 2026年度绩效考核方案
+name: huaxia_sales_2027
+label: 华夏优选销售有限公司 2027年度绩效考核方案
@@ -17 +17 @@
-calendar: {{year: 2026, missing_months: error}}
+calendar: {{year: 2027, missing_months: error}}
@@ -229,2 +229 @@
-      - {{post: tianjin_rep, until: 2026-02}}
-      - {{post: beijing_rep, from: 2026-03}}
+      [{{post: beijing_rep}}]
@@ -249 +248 @@
-      - {{post: shenzhen_rep, from: 2026-02}}
+      [{{post: shenzhen_rep}}]
@@ -255 +254 @@
-    target: 150000000
+    target: 165000000
@@ -260 +259 @@
-      north: {{explicit: {{beijing: 45000000, tianjin: 38000000}}}}
+      north: {{explicit: {{beijing: 49500000, tianjin: 41800000}}}}
@@ -270 +269 @@
-    target: 1536
+    target: 1690
"""
    assert "  line 229: people.T08.posts: tianjin_rep until 2026-02, beijing_rep from 2026-03 " \
        "→ [{post: beijing_rep}] (all 2027)\n" in out
    assert "  line 270: cascade.new_customers.target: 1536 → 1690 (1689.6 rounded half up to " \
        "whole numbers)\n" in out


@pytest.mark.parametrize("scheme", SHIPPED)
def test_every_shipped_scheme_keeps_each_byte_but_the_changed_values(scheme: str) -> None:
    """Line for line, the new text differs only where a change says, by exactly its token:
    every comment, blank line, quote and flow mapping stays as it was."""
    result = roll_forward(scheme, 2027, Growth(Decimal("0.1")))
    before = result.content.decode("utf-8")
    posts = sorted((c for c in result.years if c.path[-1] == "posts"), key=lambda c: c.span)
    for change in reversed(posts):  # a post history, as the new year has it: that whole span
        assert change.spliced is not None
        before = before[:change.span[0]] + change.spliced + before[change.span[1]:]
    old = before.split("\n")
    new = result.new.decode("utf-8").split("\n")
    assert len(new) == len(old)
    by_line: dict[int, list[tuple[str, str]]] = {}
    for change in [*result.targets, *result.years]:
        if change not in posts:
            line = change.line - sum(before_count(result, c) - c.text.count("\n")
                                     for c in posts if c.line < change.line)
            by_line.setdefault(line, []).append((change.old, change.new))
    for number, (before, after) in enumerate(zip(old, new, strict=True), start=1):
        expected = before
        for token, replaced in by_line.get(number, []):
            assert token in expected, (number, token)
            expected = expected.replace(token, replaced, 1)
        assert after == expected, number
    comments = [line for line in old if line.lstrip().startswith("#")]
    assert comments == [line for line in new if line.lstrip().startswith("#")]
    assert {_kind(change.path) for change in [*result.targets, *result.years]} <= {
        "target", "year", "name", "month"}


def before_count(result: RollForward, change: Change) -> int:
    """The line breaks of the text a change replaced."""
    return result.content.decode("utf-8")[change.span[0]:change.span[1]].count("\n")


def _kind(path: tuple[str | int, ...]) -> str:
    """What a changed value is: a target, the calendar's year, the name or label, a month."""
    if path[0] in ("name", "label"):
        return "name"
    if path == ("calendar", "year"):
        return "year"
    if path[0] == "people" and path[2] == "posts":
        return "month"  # a month of a post history, or the history as the new year has it
    if "targets" in path or path[-1] in ("target", "base", "stretch") or "explicit" in path:
        return "target"
    return "other"


def test_schemes_with_targets_change_and_those_without_keep_their_numbers() -> None:
    changed = {scheme: len(roll_forward(scheme, 2027, Growth(Decimal("0.1"))).targets)
               for scheme in SHIPPED}
    assert changed == {
        CASCADE: 4,
        "schemes/examples/customer_sales.yaml": 2,
        "schemes/examples/customers.yaml": 0,
        SALES: 11,
        "schemes/examples/sales_team_client.yaml": 1,
        "schemes/templates/balanced_scorecard.yaml": 3,
        "schemes/templates/business_development.yaml": 3,
        "schemes/templates/goals_and_behaviours.yaml": 2,
        "schemes/templates/key_accounts.yaml": 1,
        "schemes/templates/market_growth.yaml": 1,
        "schemes/templates/marketing_director.yaml": 2,
        "schemes/templates/monthly_cascade.yaml": 1,
        "schemes/templates/regional_sales.yaml": 0,
        "schemes/templates/sales_manager.yaml": 2,
        "schemes/templates/sales_team.yaml": 1,
        "schemes/templates/service_quality.yaml": 0,
        "schemes/templates/store_sales.yaml": 2,
    }


@pytest.mark.parametrize(("number", "growth", "mode", "expected", "note"), [
    ("1200000", "0.1", "half_up", "1320000", ""),
    ("15", "0.1", "half_up", "17", "16.5 rounded half up to whole numbers"),
    ("15", "0.1", "half_even", "16", "16.5 rounded half even to whole numbers"),
    ("12.5", "0.1", "half_up", "13.8", "13.75 rounded half up to 1 decimal place"),
    ("0.85", "0.05", "half_up", "0.89", "0.8925 rounded half up to 2 decimal places"),
    ("1.2e6", "0.1", "half_up", "1320000", ""),
    ("600", "-0.05", "half_up", "570", ""),
])
def test_a_target_keeps_the_places_it_was_written_with(number: str, growth: str, mode: str,
                                                        expected: str, note: str) -> None:
    new, said = grown(Decimal(number), 1 + Decimal(growth), mode)
    assert (format(new, "f"), said) == (expected, note)


def test_one_indicator_may_grow_apart_and_a_limit_only_when_named(tmp_path: Path) -> None:
    code, out, _ = invoke("rollforward", SALES, "--to", "2027", "--growth", "10%",
                          "--growth", "revenue_achievement=12%", "--growth",
                          "sales_cost_rate=-5%", "-o", str(tmp_path / "new.yaml"))
    assert code == 0
    lines = out.splitlines()
    assert [line for line in lines if "revenue_achievement:" in line or "cost" in line][:4] == [
        "  line 157: indicators.sales_cost_rate.target: 20 → 19",
        "  line 314: posts.sales_director.targets.revenue_achievement: 14000000 → 15680000",
        "  line 327: posts.sales_rep.targets.revenue_achievement: 1200000 → 1344000",
        "  line 355: people.SR05.targets.revenue_achievement: 1000000 → 1120000",
    ]


def test_without_a_plain_growth_only_the_named_indicators_change(tmp_path: Path) -> None:
    code, out, _ = invoke("rollforward", SALES, "--to", "2027", "--growth",
                          "lead_achievement=50%", "-o", str(tmp_path / "new.yaml"))
    assert code == 0
    assert out.split("targets kept")[0] == (
        f"{SALES}: rolled forward from 2026 to 2027\ntargets changed (1):\n"
        "  line 335: posts.marketing_director.targets.lead_achievement: 600 → 900\n")
    assert "  line 327: posts.sales_rep.targets.revenue_achievement: 1200000 (no growth given " \
        "for it)\n" in out


def test_the_scheme_goes_to_standard_output_and_the_changes_to_standard_error() -> None:
    code, out, err = invoke("rollforward", CASCADE, "--to", "2028", "-o", "-")
    assert code == 0
    assert out.encode("utf-8") == Path(CASCADE).read_bytes().replace(
        b"huaxia_sales_2026", b"huaxia_sales_2028").replace(b"2026\xe5\xb9\xb4", b"2028\xe5\xb9\xb4"
        ).replace(b"year: 2026", b"year: 2028").replace(
        b"      - {post: tianjin_rep, until: 2026-02}\n      - {post: beijing_rep, from: 2026-03}",
        b"      [{post: beijing_rep}]").replace(b"      - {post: shenzhen_rep, from: 2026-02}",
                                               b"      [{post: shenzhen_rep}]")
    assert err.startswith(f"{CASCADE}: rolled forward from 2026 to 2028\ntargets changed: none\n"
                          "targets kept (4):\n  line 255: cascade.revenue.target: 150000000 (no "
                          "growth given for it)\n")


def write(tmp_path: Path, text: str, name: str = "scheme.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_scheme_with_errors_is_not_rolled_forward_and_nothing_is_written(
        tmp_path: Path) -> None:
    text = Path(SALES).read_text(encoding="utf-8").replace(
        "{indicator: teamwork, weight: 5}", "{indicator: teamwork, weight: 10}")
    scheme, new = write(tmp_path, text), tmp_path / "new.yaml"
    code, out, err = invoke("rollforward", scheme, "--to", "2027", "--growth", "10%",
                            "-o", str(new))
    assert (code, out) == (1, "")
    assert err == (
        f"{scheme}: error: the scheme has errors, so it is not rolled forward (nothing is "
        "written):\n"
        f"{scheme}:257:5: error: scorecards.sales_rep.items: weights of scorecard 'sales_rep' "
        "add up to 105%, expected 100% (5% too many) (adjust the weights)\n")
    assert not new.exists()


CASCADE_GAP = """appraise: 1
name: tiny_2026
label: Tiny 2026
calendar: {year: 2026}
fields:
  revenue: {label: Revenue, unit: yuan}
indicators:
  revenue_achievement: {label: Revenue, formula: revenue, rule: {kind: ratio, cap: 120}}
  unit_revenue: {label: Unit revenue, formula: revenue, scope: unit,
                 rule: {kind: ratio, cap: 120}}
grades:
  - {grade: A, coefficient: 1}
scorecards:
  rep: {label: Rep, items: [{indicator: revenue_achievement, weight: 100}]}
  head: {label: Head, items: [{indicator: unit_revenue, weight: 100}]}
units:
  company: {label: Company, kind: company, head: boss}
posts:
  boss: {label: Boss, unit: company, scorecard: head}
  rep: {label: Rep, unit: company, scorecard: rep}
people:
  B: {name: Boss, post: boss}
  R1: {name: One, post: rep}
  R2: {name: Two, post: rep}
  R3: {name: Three, post: rep}
cascade:
  revenue:
    indicators: [revenue_achievement, unit_revenue]
    target: 3
    phasing: even
    split:
      company: {explicit: {R1: 1, R2: 1, R3: 1}}
"""


def test_a_new_scheme_that_would_not_be_valid_is_not_written(tmp_path: Path) -> None:
    scheme, new = write(tmp_path, CASCADE_GAP), tmp_path / "new.yaml"
    code, out, err = invoke("rollforward", scheme, "--to", "2027", "--growth", "50%",
                            "-o", str(new))
    assert (code, out) == (1, "")
    assert err == (
        f"{scheme}: error: rolled forward to 2027, the scheme would not be valid (nothing is "
        "written):\n"
        f"{scheme}:32:27: error: cascade.revenue.split.company.explicit: the children of unit "
        "'company' add up to 6 in cascade 'revenue', 1 over its target 5 (adjust the amounts, "
        "or split by shares)\n")
    assert not new.exists()


@pytest.mark.parametrize(("growth", "message"), [
    ("10", "'10' has no %: write the growth as a percentage, e.g. 10% (a bare number could "
           "mean 10% or 0.1%)"),
    ("0.1", "'0.1' has no %: write the growth as a percentage, e.g. 10% (a bare number could "
            "mean 10% or 0.1%)"),
    ("10％", "'10％' has a full-width ％; type % in English input mode"),
    ("ten%", "'ten%' is not a percentage; write e.g. 10%, 2.5% or -5%"),
    ("-100%", "a growth of -100% would leave the targets at 0 or below; give more than -100%"),
    ("revenue_achievment=10%", "the scheme has no indicator 'revenue_achievment'; did you mean "
                               "'revenue_achievement'?"),
    ("collection_rate=5%", "indicator 'collection_rate' has no number written for its target "
                           "in this scheme: nothing to grow"),
    ("=5%", "'=5%' is not INDICATOR=PCT; write e.g. revenue_achievement=12%"),
])
def test_a_growth_it_cannot_take_is_a_usage_error(tmp_path: Path, growth: str,
                                                  message: str) -> None:
    new = tmp_path / "new.yaml"
    code, out, err = invoke("rollforward", SALES, "--to", "2027", "--growth", growth,
                            "-o", str(new))
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == f"Error: Invalid value for '--growth': {message}"
    assert not new.exists()


@pytest.mark.parametrize(("growths", "message"), [
    (("10%", "5%"), "a growth for every target is given twice; give it once, and "
                    "INDICATOR=PCT for the exceptions"),
    (("lead_achievement=5%", "lead_achievement=6%"), "the growth of 'lead_achievement' is "
                                                     "given twice"),
    (("revenue_achievement=5%", "unit_revenue=6%"), "cascade.revenue sets the targets of "
                                                    "revenue_achievement, unit_revenue at "
                                                    "once; give them one growth"),
])
def test_a_growth_given_twice_is_a_usage_error(tmp_path: Path, growths: tuple[str, ...],
                                               message: str) -> None:
    args = [part for growth in growths for part in ("--growth", growth)]
    code, _, err = invoke("rollforward", CASCADE, "--to", "2027", *args,
                          "-o", str(tmp_path / "new.yaml"))
    assert code == 2
    assert err.splitlines()[-1] == f"Error: Invalid value for '--growth': {message}"


def test_the_new_year_must_come_after_the_schemes(tmp_path: Path) -> None:
    code, _, err = invoke("rollforward", CASCADE, "--to", "2026", "-o", str(tmp_path / "n.yaml"))
    assert code == 2
    assert err.splitlines()[-1] == ("Error: Invalid value for '--to': 2026 is not after the "
                                    "scheme's year, 2026 (as its calendar says); give a later "
                                    "year, e.g. --to 2027")
    code, _, err = invoke("rollforward", SALES, "--to", "2025", "-o", str(tmp_path / "n.yaml"))
    assert err.splitlines()[-1] == ("Error: Invalid value for '--to': 2025 is not after the "
                                    "scheme's year, 2026 (as its name says); give a later "
                                    "year, e.g. --to 2027")


def test_the_output_is_never_the_scheme_itself(tmp_path: Path) -> None:
    scheme = write(tmp_path, Path(SALES).read_text(encoding="utf-8"))
    before = Path(scheme).read_bytes()
    code, _, err = invoke("rollforward", scheme, "--to", "2027", "-o", scheme)
    assert code == 2
    assert err.splitlines()[-1] == (
        f"Error: Invalid value for '-o' / '--output': '{scheme}' is the same file as the "
        f"scheme '{scheme}': writing there would destroy the scheme; write the output to "
        "another file")
    assert Path(scheme).read_bytes() == before


def test_quotes_a_byte_order_mark_and_other_texts_naming_the_year_are_kept(
        tmp_path: Path) -> None:
    text = CASCADE_GAP.replace("name: tiny_2026", 'name: "tiny_2026"').replace(
        "label: Tiny 2026",
        "label: 'Tiny 2026 (FY2026, plan 20261)'   # 2026 stays in comments").replace(
        "{label: Revenue, unit: yuan}", "{label: Revenue 2026, unit: yuan}").replace(
        "{R1: 1, R2: 1, R3: 1}", "{R1: 10, R2: 10, R3: 10}").replace("target: 3", "target: 30")
    scheme = tmp_path / "scheme.yaml"
    scheme.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    result = roll_forward(str(scheme), 2027, Growth(Decimal("0.1")))
    assert result.new == b"\xef\xbb\xbf" + text.replace('"tiny_2026"', '"tiny_2027"').replace(
        "'Tiny 2026 (FY2026, plan 20261)'", "'Tiny 2027 (FY2027, plan 20261)'").replace(
        "year: 2026", "year: 2027").replace("{R1: 10, R2: 10, R3: 10}",
                                            "{R1: 11, R2: 11, R3: 11}").replace(
        "target: 30", "target: 33").encode("utf-8")
    assert [(k.line, k.written, k.reason) for k in result.old_year_texts] == [
        (6, "Revenue 2026", "still names 2026")]


def test_a_scheme_that_names_no_year_only_has_its_targets_grown(tmp_path: Path) -> None:
    code, out, _ = invoke("rollforward", "schemes/templates/sales_team.yaml", "--to", "2027",
                          "--growth", "10%", "-o", str(tmp_path / "new.yaml"))
    assert code == 0
    assert out.split("---")[0] == (
        "schemes/templates/sales_team.yaml: rolled forward to 2027 (the scheme names no year: "
        "only targets changed)\ntargets changed (1):\n"
        "  line 82: posts.salesperson.targets.revenue_achievement: 500000 → 550000\n")


FROM_ACTUALS = [
    "  line 338: people.GM01.targets: added → {revenue_two_level: {base: 20460000, stretch: "
    "25575000}} (18600000 in 2026-Q1 +10%)",
    "  line 339: people.SD01.targets: added → {revenue_achievement: 16170000} "
    "(14700000 in 2026-Q1 +10%)",
    "  line 340: people.KA01.targets: added → {revenue_two_level: {base: 2002000, stretch: "
    "2502500}} (1820000 in 2026-Q1 +10%)",
    "  line 341: people.KA02.targets: added → {revenue_two_level: {base: 1683000, stretch: "
    "2103750}} (1530000 in 2026-Q1 +10%)",
    "  line 346: people.KA03.targets.revenue_two_level.base: 1600000 → 2365000 (2150000 in "
    "2026-Q1 +10%)",
    "  line 346: people.KA03.targets.revenue_two_level.stretch: 2000000 → 2956250 (2150000 in "
    "2026-Q1 +10%)",
    "  line 347: people.SR01.targets: added → {revenue_achievement: 1518000, "
    "new_customer_count: 14} (revenue_achievement: 1380000 in 2026-Q1 +10%; "
    "new_customer_count: 13 in 2026-Q1 +10%; 14.3 rounded half up to whole numbers)",
    "  line 348: people.SR02.targets: added → {revenue_achievement: 1386000, "
    "new_customer_count: 18} (revenue_achievement: 1260000 in 2026-Q1 +10%; "
    "new_customer_count: 16 in 2026-Q1 +10%; 17.6 rounded half up to whole numbers)",
    "  line 349: people.SR03.targets: added → {revenue_achievement: 1122000, "
    "new_customer_count: 12} (revenue_achievement: 1020000 in 2026-Q1 +10%; "
    "new_customer_count: 11 in 2026-Q1 +10%; 12.1 rounded half up to whole numbers)",
    "  line 350: people.SR04.targets: added → {revenue_achievement: 1595000, "
    "new_customer_count: 19} (revenue_achievement: 1450000 in 2026-Q1 +10%; "
    "new_customer_count: 17 in 2026-Q1 +10%; 18.7 rounded half up to whole numbers)",
    "  line 355: people.SR05.targets.revenue_achievement: 1000000 → 1100000 (1000000 in "
    "2026-Q1 +10%)",
    "  line 355: people.SR05.targets: added → {new_customer_count: 17} (15 in 2026-Q1 +10%; "
    "16.5 rounded half up to whole numbers)",
    "  line 356: people.MD01.targets: added → {lead_achievement: 726} (660 in 2026-Q1 +10%)",
]


def test_targets_from_last_years_actuals_go_into_each_persons_own_targets(
        tmp_path: Path) -> None:
    new = tmp_path / "new.yaml"
    code, out, err = invoke("rollforward", SALES, "--to", "2027", "--growth", "10%",
                            "--from-actuals", "schemes/examples/2026-Q1.csv", "-o", str(new))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    start = lines.index("targets from the actuals (13):")
    assert lines[start + 1:start + 14] == FROM_ACTUALS
    assert lines[start + 14:start + 18] == [
        "targets kept (3):",
        "  line 157: indicators.sales_cost_rate.target: 20 (lower is better: a limit, not a "
        "volume; --growth sales_cost_rate=PCT changes it)",
        "  line 200: indicators.expense_variance.target: 0 (lower is better: a limit, not a "
        "volume; --growth expense_variance=PCT changes it)",
        "  people.SR06: in schemes/examples/2026-Q1.csv only, not in the scheme's people: add "
        "them there to set their targets",
    ]
    assert "targets changed (8):" in lines  # the posts' targets, for anybody new
    old = Path(SALES).read_text(encoding="utf-8").split("\n")
    written = new.read_text(encoding="utf-8").split("\n")
    assert written[337:341] == [
        "  GM01: {name: 陈建国, post: general_manager, targets: {revenue_two_level: {base: "
        "20460000, stretch: 25575000}}}",
        "  SD01: {name: 林晓峰, post: sales_director, targets: {revenue_achievement: 16170000}}",
        "  KA01: {name: 王静, post: key_account_manager, targets: {revenue_two_level: {base: "
        "2002000, stretch: 2502500}}}",
        "  KA02: {name: 赵磊, post: key_account_manager, targets: {revenue_two_level: {base: "
        "1683000, stretch: 2103750}}}",
    ]
    assert written[350:357] == [
        "  SR05:", "    name: 吴昊", "    post: sales_rep", "    targets:",
        "      revenue_achievement: 1100000", "      new_customer_count: 17",
        "  MD01: {name: 郑芳, post: marketing_director, targets: {lead_achievement: 726}}"]
    assert len(written) == len(old) + 1
    assert invoke("validate", str(new)) == (0, f"{new}: valid\n", "")


def test_an_entry_is_added_in_the_style_the_person_is_written_in(tmp_path: Path) -> None:
    text = Path(SALES).read_text(encoding="utf-8").replace(
        "  SR01: {name: 张伟, post: sales_rep}\n",
        "  SR01:\n    name: 张伟\n    post: sales_rep      # 华东\n").replace(
        "  SR02: {name: 李娜, post: sales_rep}",
        "  SR02: {name: 李娜, post: sales_rep, targets: {}}")
    scheme = write(tmp_path, text)
    result = roll_forward(scheme, 2027, Growth(Decimal("0.1")),
                          actuals="schemes/examples/2026-Q1.csv")
    new = result.new.decode("utf-8")
    assert "  SR01:\n    name: 张伟\n    post: sales_rep      # 华东\n    targets: " \
        "{revenue_achievement: 1518000, new_customer_count: 14}\n  SR02: {name: 李娜, post: " \
        "sales_rep, targets: {revenue_achievement: 1386000, new_customer_count: 18}}\n" in new


def test_the_actuals_must_be_of_the_schemes_year(tmp_path: Path) -> None:
    data = tmp_path / "2025-Q1.csv"
    data.write_text(Path("schemes/examples/2026-Q1.csv").read_text(encoding="utf-8").replace(
        "2026-Q1", "2025-Q1"), encoding="utf-8")
    code, out, err = invoke("rollforward", SALES, "--to", "2027", "--growth", "10%",
                            "--from-actuals", str(data), "-o", str(tmp_path / "new.yaml"))
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == ("Error: Invalid value for '--from-actuals': the data is "
                                    "for 2025-Q1, not for 2026, the scheme's year; give the "
                                    "figures of 2026")
    assert not (tmp_path / "new.yaml").exists()


def test_actuals_with_errors_name_row_and_column_and_nothing_is_written(tmp_path: Path) -> None:
    data = tmp_path / "q1.csv"
    data.write_text(Path("schemes/examples/2026-Q1.csv").read_text(encoding="utf-8").replace(
        "1380000", "1,380,000x", 1), encoding="utf-8")
    code, out, err = invoke("rollforward", SALES, "--to", "2027", "--growth", "10%",
                            "--from-actuals", str(data), "-o", str(tmp_path / "new.yaml"))
    assert (code, out) == (1, "")
    first, second = err.splitlines()[:2]
    assert first == (f"{data}: error: the actuals have errors, so the scheme is not rolled "
                     "forward (nothing is written):")
    assert second.startswith(f"{data}:7:")
    assert not (tmp_path / "new.yaml").exists()


@pytest.mark.parametrize(("scheme", "growth", "message"), [
    (CASCADE, "10%", "targets from the actuals are set for a scheme scored one period at a "
                     "time (without a calendar); grow a scheme kept by month with --growth"),
    (SALES, None, "give --growth too: the new targets are the actuals times the growth (0% "
                  "keeps last year's figures)"),
])
def test_actuals_it_cannot_use_are_a_usage_error(tmp_path: Path, scheme: str,
                                                 growth: str | None, message: str) -> None:
    args = ["--growth", growth] if growth else []
    code, _, err = invoke("rollforward", scheme, "--to", "2027", *args, "--from-actuals",
                          "schemes/examples/2026-Q1.csv", "-o", str(tmp_path / "new.yaml"))
    assert code == 2
    assert err.splitlines()[-1] == f"Error: Invalid value for '--from-actuals': {message}"


def test_windows_line_ends_are_kept_and_an_added_line_takes_them(tmp_path: Path) -> None:
    scheme = tmp_path / "crlf.yaml"
    scheme.write_bytes(Path(SALES).read_bytes().replace(b"\n", b"\r\n"))
    result = roll_forward(str(scheme), 2027, Growth(Decimal("0.1")),
                          actuals="schemes/examples/2026-Q1.csv")
    assert b"\n" not in result.new.replace(b"\r\n", b"")
    assert b"      revenue_achievement: 1100000\r\n      new_customer_count: 17\r\n  MD01:" \
        in result.new


def test_a_person_with_nothing_to_grow_from_keeps_the_posts_target(tmp_path: Path) -> None:
    data = tmp_path / "q1.csv"
    text = Path("schemes/examples/2026-Q1.csv").read_text(encoding="utf-8")
    header, *rows = text.split("\n")
    column = header.split(",").index("new_customers")
    sr03 = next(i for i, row in enumerate(rows) if row.startswith("SR03,"))
    cells = rows[sr03].split(",")
    cells[column] = "0"
    rows[sr03] = ",".join(cells)
    data.write_text("\n".join([header, *rows]), encoding="utf-8")
    result = roll_forward(SALES, 2027, Growth(Decimal("0.1")), actuals=str(data))
    assert [(k.line, k.reason) for k in result.kept if k.path[:2] == ("people", "SR03")] == [
        (349, "0 in 2026-Q1: nothing to grow from; the target of their post applies")]
    assert [c.new for c in result.from_actuals if c.path[:2] == ("people", "SR03")] == [
        "{revenue_achievement: 1122000}"]


def test_the_scheme_may_come_from_standard_input(tmp_path: Path) -> None:
    new = tmp_path / "new.yaml"
    done = CliRunner().invoke(main, ["rollforward", "-", "--to", "2027", "--growth", "10%",
                                     "-o", str(new)], input=Path(SALES).read_bytes())
    assert done.exit_code == 0
    assert done.stdout.startswith("<stdin>: rolled forward from 2026 to 2027\ntargets changed "
                                  "(11):\n")
    assert new.read_bytes() == roll_forward(SALES, 2027, Growth(Decimal("0.1"))).new


def test_post_histories_become_the_post_held_at_the_year_s_end(tmp_path: Path) -> None:
    """A move in 2026 is not replayed in 2027: T08, who moved to Beijing in March, is in
    Beijing all 2027, and S08, who joined in February, is there from January. T07, who left
    in August, keeps the months as written (moved to 2027) and is listed for HR."""
    text = Path(CASCADE).read_text(encoding="utf-8").replace(
        "  T07: {name: 郭子豪, post: tianjin_rep}",
        "  T07: {name: 郭子豪, posts: [{post: tianjin_rep, until: 2026-08}]}")
    scheme = write(tmp_path, text)
    code, out, err = invoke("rollforward", scheme, "--to", "2027", "-o", "-")
    assert code == 0
    assert "  T07: {name: 郭子豪, posts: [{post: tianjin_rep, until: 2027-08}]}\n" in out
    assert "    posts:                  # moved to Beijing from March\n" \
        "      [{post: beijing_rep}]\n" in out
    assert ("  line 225: people.T07.posts: left in 2026-08: the new scheme has them until "
            "2027-08, as written; take them out of people: if they are gone\n") in err
    assert ("  line 229: people.T08.posts: tianjin_rep until 2026-02, beijing_rep from 2026-03 "
            "→ [{post: beijing_rep}] (all 2027)\n") in err
    assert ("  line 249: people.S08.posts: shenzhen_rep from 2026-02 → [{post: shenzhen_rep}] "
            "(all 2027)\n") in err


def test_a_post_history_written_indentless_or_with_comments_rolls_forward(
        tmp_path: Path) -> None:
    """An indentless list (the items at the key's column, as PyYAML writes them) gets its
    new value under the key; a comment line between the items is kept above it."""
    text = Path(CASCADE).read_text(encoding="utf-8").replace(
        "    posts:                  # moved to Beijing from March\n"
        "      - {post: tianjin_rep, until: 2026-02}\n"
        "      - {post: beijing_rep, from: 2026-03}\n",
        "    posts:\n"
        "    - post: tianjin_rep\n"
        "      until: 2026-02\n"
        "    # moved to Beijing from March\n"
        "    - post: beijing_rep\n"
        "      from: 2026-03   # the office opened then\n")
    code, out, _ = invoke("rollforward", write(tmp_path, text), "--to", "2027", "-o", "-")
    assert code == 0
    assert "    posts:\n      # moved to Beijing from March\n      [{post: beijing_rep}]   # " \
        "the office opened then\n  G01:" in out


def test_movers_written_in_a_base_stop_the_roll_forward(tmp_path: Path) -> None:
    base = Path(CASCADE).read_text(encoding="utf-8").replace(
        "calendar: {year: 2026, missing_months: error}\n", "")
    write(tmp_path, base, "base.yaml")
    client = write(tmp_path, "extend: base.yaml\nname: client_2026\n"
                   "calendar: {year: 2026, missing_months: error}\n", "client.yaml")
    code, _, err = invoke("rollforward", client, "--to", "2027", "-o", "-")
    assert code == 1
    assert err.splitlines()[1:] == [
        f"{client}: error: people.{pid}.posts: the months of {pid}'s posts are written in "
        f"{tmp_path}/base.yaml:{line}, not in this file: the scheme cannot move them to 2027 on "
        f"its own (roll that scheme forward first, or write {pid} under people: here)"
        for pid, line in (("S08", 248), ("T08", 228))]

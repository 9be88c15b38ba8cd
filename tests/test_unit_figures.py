"""A unit is scored on its members' rows, whatever their own cards hold.

The shipped company's department managers get a unit indicator on customer visits, a
field the salespeople report in their rows but are not scored on themselves.
"""

from __future__ import annotations

from pathlib import Path

from appraise import load_scheme, score_file, validate_scheme

SCHEME = Path("schemes/examples/cascade_company.yaml")
DATA = Path("schemes/examples/2026-months.csv")


def _visits(tmp_path: Path) -> tuple[Path, Path]:
    text = SCHEME.read_text(encoding="utf-8").replace(
        "  serious_violations:\n", "  visits:\n    label: 客户拜访次数\n    aggregate: sum\n"
        "  serious_violations:\n").replace(
        "  team_result:\n", "  unit_visits:\n    label: 本单位客户拜访\n    scope: unit\n"
        "    formula: visits\n    rule: {kind: ratio, cap: 120}\n  team_result:\n").replace(
        "      - {indicator: unit_revenue, weight: 40}\n",
        "      - {indicator: unit_revenue, weight: 30}\n      - {indicator: unit_visits, "
        "weight: 10}\n").replace(
        "  beijing_manager: {label: 北京经理, unit: beijing, scorecard: dept_manager, "
        "bonus_base: 96000}\n",
        "  beijing_manager: {label: 北京经理, unit: beijing, scorecard: dept_manager, "
        "bonus_base: 96000,\n                    targets: {unit_visits: {base: 100, per: "
        "month}}}\n")
    for post in ("tianjin", "guangzhou", "shenzhen"):
        text = text.replace(f"  {post}_manager: {{label: ", f"  {post}_manager: {{targets: "
                            "{unit_visits: {base: 100, per: month}}, label: ")
    scheme = tmp_path / "scheme.yaml"
    scheme.write_text(text, encoding="utf-8")
    lines = DATA.read_text(encoding="utf-8").splitlines()
    rows = [lines[0] + ",visits"]
    for line in lines[1:]:  # each salesperson visits 5 customers a month; heads none
        rows.append(line + (",5" if line.split(",")[2].endswith("_rep") else ","))
    data = tmp_path / "data.csv"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return scheme, data


def test_a_unit_indicator_reads_a_field_its_members_do_not_score(tmp_path: Path) -> None:
    scheme_file, data = _visits(tmp_path)
    scheme = load_scheme(scheme_file)
    result = score_file(scheme, data, "2026-Q1")
    item = next(i for i in result.person("BM01").items if i.id == "unit_visits")
    # Beijing: 8 salespeople all quarter, and T08 from March: 8 × 3 × 5 + 5 = 125 visits
    # against 100 a month × 3 months = 300: 41.67%.
    assert (item.value, item.target and item.target.base, item.points) == \
        (125.0, 300.0, 41.66666666666667)


LONELY = """appraise: 1
name: lonely_head
calendar: {year: 2026, targets_per: month}
grades:
  - {grade: A, min: 90, coefficient: 1}
  - {grade: B, coefficient: 0}
fields:
  revenue: {aggregate: sum}
  teamwork:
    aggregate: average
    raters: {manager: 100}
indicators:
  unit_revenue: {scope: unit, formula: revenue, rule: {kind: ratio}}
  unit_teamwork: {scope: unit, formula: teamwork, rule: {kind: formula, points: value}}
  own_revenue: {formula: revenue, rule: {kind: ratio}}
scorecards:
  head:
    items:
      - {indicator: unit_revenue, weight: 60}
      - {indicator: unit_teamwork, weight: 40}
  rep: {items: [{indicator: own_revenue, weight: 100}]}
units:
  company: {head: gm}
  shop: {parent: company, head: boss}
posts:
  gm: {unit: company, scorecard: head, targets: {unit_revenue: 100}}
  boss: {unit: shop, scorecard: head, targets: {unit_revenue: 100}}
  rep: {unit: company, scorecard: rep, targets: {own_revenue: 10}}
people:
  GM: {post: gm}
"""


def test_validate_catches_a_unit_result_no_member_could_give(tmp_path: Path) -> None:
    scheme = tmp_path / "lonely.yaml"
    scheme.write_text(LONELY, encoding="utf-8")
    assert [str(d) for d in validate_scheme(scheme).diagnostics] == [
        f"{scheme}:14:41: error: indicators.unit_teamwork.formula: 'unit_teamwork' is scored "
        "on unit 'company' from its members' 'teamwork', a field rated by several raters, but "
        "no post in the unit is rated on it (put an indicator on 'teamwork' on a member's "
        "card, or score 'unit_teamwork' on the head's own figures (scope: own))",
        f"{scheme}:24:3: error: units.shop: unit 'shop' has no posts under its head, so "
        "'unit_revenue' and 'unit_teamwork' on the card of its head 'boss' have no members' "
        "figures to be scored on (add the unit's posts, or give its head another scorecard)",
    ]

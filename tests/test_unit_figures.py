"""A unit is scored on its members' rows, whatever their own cards hold.

The shipped company's department managers get a unit indicator on customer visits, a
field the salespeople report in their rows but are not scored on themselves.
"""

from __future__ import annotations

from pathlib import Path

from appraise import AppraiseError, load_scheme, score_file, validate_scheme

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


def _with(tmp_path: Path, field: str = "", cell: tuple[str, str] | None = None
          ) -> tuple[Path, Path]:
    """The visits company, its field 'visits' declared further by ``field``, and the cell
    of ``cell`` (person and month) holding what it says instead of 5."""
    scheme, data = _visits(tmp_path)
    if field:
        scheme.write_text(scheme.read_text(encoding="utf-8").replace(
            "    label: 客户拜访次数\n", "    label: 客户拜访次数\n" + field), encoding="utf-8")
    if cell is not None:
        person, value = cell
        lines = data.read_text(encoding="utf-8").splitlines()
        lines = [line[:-1] + value if line.startswith(f"{person},") and ",2026-03," in line
                 else line for line in lines]
        data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return scheme, data


def test_a_members_unit_figure_is_checked_against_the_fields_range(tmp_path: Path) -> None:
    scheme, data = _with(tmp_path, "    min: 0\n    integer: true\n", ("B02", "-5"))
    try:
        score_file(load_scheme(scheme), data, "2026-Q1")
    except AppraiseError as exc:
        found = [str(d) for d in exc.diagnostics]
    assert found == [f"{data}:87:17: error: B02.visits: -5 in row 87, column 17 ('visits') is "
                     "below the minimum: field 'visits' (客户拜访次数) takes whole numbers, 0 "
                     "or more (correct the figure; if it can be right, lower fields.visits.min "
                     "in the scheme)"]


def test_a_members_unit_figure_is_converted_as_their_own_would_be(tmp_path: Path) -> None:
    scheme, data = _with(tmp_path, "    convert: {from: [0, 10], to: [0, 100]}\n")
    result = score_file(load_scheme(scheme), data, "2026-Q1")
    item = next(i for i in result.person("BM01").items if i.id == "unit_visits")
    assert (item.value, item.points) == (1250.0, 120.0)  # 125 visits, each × 10; capped


def test_a_blank_where_others_on_the_post_give_a_figure_is_a_warning(tmp_path: Path) -> None:
    scheme, data = _with(tmp_path, cell=("B02", ""))
    result = score_file(load_scheme(scheme), data, "2026-Q1")
    item = next(i for i in result.person("BM01").items if i.id == "unit_visits")
    assert item.value == 120.0
    said = ("'visits' is blank for person 'B02', though others on post 'beijing_rep' give it: "
            "it counts as nothing in the figures of the units above them (enter 0 if there "
            "were none)")
    assert [str(w) for w in result.warnings] == [f"{data}:87:17: warning: B02.visits: {said}"]
    try:
        score_file(load_scheme(scheme), data, "2026-Q1", strict=True)
    except AppraiseError as exc:
        assert [str(d) for d in exc.diagnostics] == [f"{data}:87:17: error: B02.visits: {said}"]
    else:
        raise AssertionError("--strict lets a blank figure through")

"""A scheme that extends a base (a consultant's template): what combines, what replaces,
what is removed, and where a problem in an inherited part is reported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise import load_scheme, score_file, validate_scheme
from appraise.cli import main

EXAMPLE = Path("schemes/examples/sales_company.yaml")
DATA = Path("schemes/examples/2026-Q1.csv")

BASE = """\
appraise: 1
name: base
label: 销售团队考核方案
grades:
  - {grade: A, min: 90, coefficient: 1.2}
  - {grade: B, coefficient: 1.0}
fields:
  revenue: {label: 销售额, aggregate: sum}
  cash: {label: 回款额, aggregate: sum}
indicators:
  sales:
    label: 销售目标完成率
    formula: revenue
    rule: {kind: linear, at_target: 100, above: 1, below: 1, cap: 120, floor: 0}
  collection:
    label: 货款回笼率
    formula: cash / revenue * 100
    rule:
      kind: bands
      bands:
        - {min: 95, points: 100}
        - {max: 95, points: 60}
scorecards:
  rep:
    items:
      - {indicator: sales, weight: 70}
      - {indicator: collection, weight: 30}
units:
  team: {label: 销售部}
posts:
  rep:
    unit: team
    scorecard: rep
    targets: {sales: 100}
people:
  P1: {name: 甲, post: rep}
  P2: {name: 乙, post: rep}
"""


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def child(tmp_path: Path, text: str, base: str = BASE) -> Path:
    write(tmp_path, "templates/base.yaml", base)
    return write(tmp_path, "client/scheme.yaml", "extend: ../templates/base.yaml\n" + text)


def problems(path: Path) -> list[str]:
    return [str(d) for d in validate_scheme(path).diagnostics]


def test_maps_combine_lists_replace_and_the_scheme_wins(tmp_path: Path) -> None:
    path = child(tmp_path, """\
name: client
indicators:
  sales:
    rule: {cap: 110}
posts:
  rep:
    targets: {collection: 95}
grades:
  - {grade: A, min: 85, coefficient: 1.5}
  - {grade: B, coefficient: 1.0}
""")
    scheme = load_scheme(path)
    assert scheme.name == "client" and scheme.label == "销售团队考核方案"
    sales = scheme.indicators["sales"]
    assert (sales.label, sales.rule.cap, sales.rule.above) == ("销售目标完成率", 110, 1)
    assert {k: v.base for k, v in scheme.posts["rep"].targets.items()} == \
        {"sales": 100.0, "collection": 95.0}
    assert [(g.grade, g.min, float(g.coefficient)) for g in scheme.grades] == \
        [("A", 85, 1.5), ("B", None, 1.0)]


def test_a_rule_of_another_kind_replaces_the_base_rule_whole(tmp_path: Path) -> None:
    """The base's collection rule is bands; the client's is linear: no band is left over
    to make the linear rule invalid."""
    path = child(tmp_path, """\
indicators:
  collection:
    rule: {kind: linear, at_target: 100, above: 1, below: 2, cap: 100, floor: 0}
    target: 95
""")
    assert problems(path) == []
    rule = load_scheme(path).indicators["collection"].rule
    assert type(rule).__name__ == "LinearRule" and rule.below == 2


def test_removed_entries_are_gone_and_removed_then_written_replaces(tmp_path: Path) -> None:
    path = child(tmp_path, """\
remove:
  people: [P2]
  indicators: [sales]
indicators:
  sales:
    label: 销售额
    formula: revenue / 10000
    rule: {kind: ratio, cap: 150}
posts:
  rep:
    targets: {sales: 50}
""")
    scheme = load_scheme(path)
    assert list(scheme.people) == ["P1"]
    assert (scheme.indicators["sales"].label, type(scheme.indicators["sales"].rule).__name__,
            scheme.indicators["sales"].rule.cap) == ("销售额", "RatioRule", 150)


def test_the_example_extended_scores_as_the_same_changes_written_out_whole(
        tmp_path: Path) -> None:
    """Next year's scheme written as the changes to this year's scores exactly as the
    whole scheme with those changes made by hand."""
    text = EXAMPLE.read_text(encoding="utf-8")
    write(tmp_path, "sales_company.yaml", text)
    write(tmp_path, "2026-Q1.csv", DATA.read_text(encoding="utf-8"))
    changes = write(tmp_path, "next.yaml", """\
extend: sales_company.yaml
posts:
  sales_rep:
    targets:
      revenue_achievement: 1300000
indicators:
  collection_rate:
    rule: {kind: linear, at_target: 100, above: 1, below: 2, cap: 110, floor: 0}
    target: 95
""")
    whole = text.replace("      revenue_achievement: 1200000",
                         "      revenue_achievement: 1300000")
    whole = whole.replace("""\
    rule:
      kind: bands
      bands:
        - {min: 95, points: 100}
        - {min: 90, max: 95, points: 80}
        - {min: 85, max: 90, points: 60}
        - {max: 85, points: 0}""", """\
    rule: {kind: linear, at_target: 100, above: 1, below: 2, cap: 110, floor: 0}
    target: 95""")
    assert whole.count("1300000") == 1 and "kind: bands" not in whole
    by_hand = write(tmp_path, "by_hand.yaml", whole)

    def table(path: Path) -> list[tuple[str, float, str, str]]:
        result = score_file(load_scheme(path), tmp_path / "2026-Q1.csv")
        return [(p.person, round(p.total, 2), p.grade, str(p.bonus)) for p in result.people]

    assert table(changes) == table(by_hand)
    assert ("SR01", 92.09, "B", "20000.00") in table(changes)


def test_the_fingerprint_covers_the_base(tmp_path: Path) -> None:
    path = child(tmp_path, "name: client\n")
    before = load_scheme(path).fingerprint
    write(tmp_path, "templates/base.yaml", BASE.replace("min: 90", "min: 91"))
    assert load_scheme(path).fingerprint != before


def test_a_problem_in_the_base_is_reported_at_the_base_file_and_line(tmp_path: Path) -> None:
    path = child(tmp_path, "name: client\n", BASE.replace("formula: cash / revenue * 100",
                                                           "formula: cash / revenu * 100"))
    base = os.path.normpath(tmp_path / "client/../templates/base.yaml")
    assert problems(path) == [
        f"{base}:17:21: error: indicators.collection.formula: unknown name 'revenu' (at "
        "character 8 of the formula) (did you mean 'revenue'?)"]


def test_a_problem_the_scheme_makes_is_reported_in_the_scheme(tmp_path: Path) -> None:
    path = child(tmp_path, "indicators:\n  sales:\n    rule: {kind: linear, cap: lots}\n")
    assert problems(path) == [
        f"{path}:4:31: error: indicators.sales.rule.cap: expected a number, found the text "
        "'lots'"]


@pytest.mark.parametrize(("text", "message"), [
    ("remove:\n  people: [P3]\n",
     "{scheme}:3:12: error: remove.people[0]: the base scheme has no 'P3' under people "
     "(expected one of: P1, P2)"),
    ("remove:\n  peple: [P1]\n",
     "{scheme}:3:3: error: remove.peple: the base scheme has no 'peple' under its top level "
     "(did you mean 'people'?)"),
    ("remove:\n  grades: [A]\n",
     "{scheme}:3:12: error: remove.grades[0]: the base's grades is a list, not named entries "
     "(a list is replaced whole: write the whole list instead of removing from it)"),
    ("remove: people\n",
     "{scheme}:2:9: error: remove: expected a list of the entries to take out of the base, "
     "or a map down to them (e.g. remove: {{indicators: [teamwork], people: [SR05]}})"),
])
def test_removing_what_the_base_does_not_have_is_refused(tmp_path: Path, text: str,
                                                         message: str) -> None:
    path = child(tmp_path, text)
    assert problems(path) == [message.format(scheme=path)]


def test_a_missing_base_is_named_with_where_it_was_looked_for(tmp_path: Path) -> None:
    path = write(tmp_path, "client/scheme.yaml", "extend: ../templates/bse.yaml\nname: x\n")
    looked = os.path.normpath(tmp_path / "client/../templates/bse.yaml")
    assert invoke("validate", str(path)) == (1, "", (
        f"{path}:1:9: error: extend: base scheme '../templates/bse.yaml' is not there "
        f"(looked for {looked}) (write the path of the base scheme relative to this "
        "scheme's folder)\n"))


def test_a_cycle_of_bases_is_named(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "extend: b.yaml\nname: a\n")
    write(tmp_path, "b.yaml", "extend: a.yaml\nname: b\n")
    b = os.path.normpath(tmp_path / "b.yaml")
    assert problems(tmp_path / "a.yaml") == [
        f"{b}:1:9: error: extend: base scheme 'a.yaml' extends this scheme in turn "
        "(a.yaml → b.yaml → a.yaml) (a scheme cannot be its own base, directly or through "
        "another: remove one of the extend: lines)"]


def test_remove_without_a_base_and_a_base_that_is_not_a_scheme(tmp_path: Path) -> None:
    alone = write(tmp_path, "alone.yaml", BASE + "remove: {people: [P1]}\n")
    assert problems(alone) == [
        f"{alone}:38:1: error: remove: there is no base scheme to remove entries from "
        "(remove: takes entries out of the scheme named by extend:; to drop an entry of "
        "this file, delete its lines)"]
    write(tmp_path, "list.yaml", "- a\n- b\n")
    path = write(tmp_path, "scheme.yaml", "extend: list.yaml\n")
    assert problems(path) == [
        f"{path}:1:9: error: extend: base scheme 'list.yaml' is not a scheme (a scheme is a "
        "map of sections: appraise, name, fields, ...) (name a scheme file as the base)"]


def test_a_base_that_cannot_be_read_is_named_and_so_are_its_problems(tmp_path: Path) -> None:
    path = child(tmp_path, "name: x\n", BASE.replace("name: base", "name: base\nname: again"))
    base = os.path.normpath(tmp_path / "client/../templates/base.yaml")
    assert problems(path) == [
        f"{path}:1:9: error: extend: base scheme '../templates/base.yaml' cannot be read (its "
        "problems are listed with its name) (fix the base scheme first)",
        f"{base}:3:1: error: name: duplicate key 'name' (lines 2 and 3) (remove one of them; "
        "YAML would silently keep only the last)"]


SHOWN = """\
# {scheme} as Appraise reads it: its base scheme merged in and its
# library entries resolved. A part written in another file names it at the
# end of its line.

appraise: 1  # {base}:1
name: client
label: 销售团队考核方案  # {base}:3
grades:  # {base}:4
  - {{grade: A, min: 90, coefficient: 1.2}}
  - {{grade: B, coefficient: 1.0}}
fields:  # {base}:7
  revenue: {{label: 销售额, aggregate: sum}}
  cash: {{label: 回款额, aggregate: sum}}
indicators:
  sales:  # {base}:11
    label: 销售目标完成率
    formula: revenue
    rule: {{kind: linear, at_target: 100, above: 1, below: 1, cap: 120, floor: 0}}
  collection:
    label: 货款回笼率  # {base}:16
    formula: cash / revenue * 100  # {base}:17
    rule: {{kind: linear, at_target: 100, above: 1, below: 2, cap: 100, floor: 0}}
    target: 95
scorecards:  # {base}:23
  rep:
    items:
      - {{indicator: sales, weight: 70}}
      - {{indicator: collection, weight: 30}}
units:  # {base}:28
  team: {{label: 销售部}}
posts:  # {base}:30
  rep:
    unit: team
    scorecard: rep
    targets: {{sales: 100}}
people:  # {base}:35
  P1: {{name: 甲, post: rep}}
"""


def test_show_resolved_prints_the_effective_scheme_with_where_each_part_came_from(
        tmp_path: Path) -> None:
    path = child(tmp_path, """\
name: client
remove: {people: [P2]}
indicators:
  collection:
    rule: {kind: linear, at_target: 100, above: 1, below: 2, cap: 100, floor: 0}
    target: 95
""")
    base = os.path.normpath(tmp_path / "client/../templates/base.yaml")
    code, out, err = invoke("show", str(path), "--resolved")
    assert (code, err) == (0, "")
    assert out == SHOWN.format(scheme=path, base=base)
    again = write(tmp_path, "resolved.yaml", out)
    assert problems(again) == []
    assert load_scheme(again).indicators.keys() == load_scheme(path).indicators.keys()
    assert invoke("show", str(path), "--no-origins")[1] == SHOWN.format(
        scheme=path, base=base).replace(f"  # {base}:", "  #").replace(
        "  #1\n", "\n").replace("  #3\n", "\n").replace("  #4\n", "\n").replace(
        "  #7\n", "\n").replace("  #11\n", "\n").replace("  #16\n", "\n").replace(
        "  #17\n", "\n").replace("  #23\n", "\n").replace("  #28\n", "\n").replace(
        "  #30\n", "\n").replace("  #35\n", "\n")


def test_show_of_a_plain_scheme_reads_back_as_the_same_scheme(tmp_path: Path) -> None:
    code, out, err = invoke("show", str(EXAMPLE), "-o", str(tmp_path / "shown.yaml"))
    assert (code, out, err) == (0, "", "")
    data = tmp_path / "2026-Q1.csv"
    data.write_text(DATA.read_text(encoding="utf-8"), encoding="utf-8")
    shown = score_file(load_scheme(tmp_path / "shown.yaml"), data)
    written = score_file(load_scheme(EXAMPLE), DATA)
    assert [(p.person, p.total, p.grade, p.bonus) for p in shown.people] == \
        [(p.person, p.total, p.grade, p.bonus) for p in written.people]


def test_show_of_a_scheme_whose_base_is_missing_prints_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, "scheme.yaml", "extend: gone.yaml\n")
    code, out, err = invoke("show", str(path))
    assert (code, out) == (1, "")
    assert err.startswith(f"{path}:1:9: error: extend: base scheme 'gone.yaml' is not there")


def test_show_lists_the_problems_of_the_resolved_scheme_after_it(tmp_path: Path) -> None:
    path = child(tmp_path, "posts:\n  rep:\n    scorecard: rp\n")
    code, out, err = invoke("show", str(path))
    assert code == 1 and "    scorecard: rp\n" in out
    assert err == (f"{path}:4:16: error: posts.rep.scorecard: unknown scorecard 'rp' (did "
                   "you mean 'rep'?)\n")


def test_a_misspelt_change_to_a_base_entry_is_named_as_such(tmp_path: Path) -> None:
    """A change written to an entry the base does not have makes a new entry, which is
    incomplete: the problem says which entry of the base was likely meant."""
    path = child(tmp_path, "indicators:\n  colection:\n    target: 95\n"
                           "posts:\n  rpe:\n    targets: {sales: 120}\n")
    assert problems(path) == [
        f"{path}:3:3: error: indicators.colection: indicator 'colection' needs a formula and "
        "a rule (every indicator has a formula and a rule, except a members indicator)",
        f"{path}:3:3: error: indicators.colection: the base scheme has no indicator "
        "'colection' to change, so this is a new indicator (did you mean 'collection'? A new "
        "indicator is written whole)",
        f"{path}:6:3: error: posts.rpe: missing required key 'scorecard' (add 'scorecard:': "
        "the scorecard (from 'scorecards') the post is appraised on)",
        f"{path}:6:3: error: posts.rpe: missing required key 'unit' (add 'unit:': the unit "
        "(from 'units') the post belongs to)",
        f"{path}:6:3: error: posts.rpe: the base scheme has no post 'rpe' to change, so this "
        "is a new post (did you mean 'rep'? A new post is written whole)"]


def test_a_whole_new_entry_needs_no_word_about_the_base(tmp_path: Path) -> None:
    path = child(tmp_path, "people:\n  P3: {name: 丙, post: rep}\n")
    assert problems(path) == []
    assert list(load_scheme(path).people) == ["P1", "P2", "P3"]


CLIENT = Path("schemes/examples/sales_team_client.yaml")
CLIENT_DATA = Path("schemes/examples/sales_team_client-2026-Q1.csv")


def test_the_shipped_client_scheme_scores_as_worked_by_hand() -> None:
    """The template's sales team (schemes/templates/sales_team.yaml) for client B: target
    550,000; weights 50 / 35 / 15; collection rate from the standard library (bands: 95 and
    over 100, 90-95 80, 85-90 60); 3 points a complaint; bonus base 12,000.
    S01: 605,000 / 550,000 = 110% → 110 × 0.5 = 55; 580,000 / 605,000 = 95.87% → 100 × 0.35
    = 35; rated 4 → 85 × 0.15 = 12.75; 102.75, A, 1.2 × 12,000 = 14,400.00.
    S02: 480,000 / 550,000 = 87.2727% × 0.5 = 43.64; 420,000 / 480,000 = 87.5% → 60 × 0.35
    = 21; rated 3 → 70 × 0.15 = 10.5; 75.14 less one complaint 3 = 72.14, C, 0.7 × 12,000
    = 8,400.00. S03 of the template has left (remove:)."""
    assert invoke("score", str(CLIENT), "--data", str(CLIENT_DATA)) == (0, """\
客户B销售组 2026年度考核方案

Rank  Person  Name      Post    Unit    Weighted   Adj.   Total  Grade   Coef.      Bonus
----  ------  --------  ------  ------  --------  -----  ------  ------  -----  ---------
 1/2  S01     销售员一  销售员  销售组    102.75         102.75  A 优秀    1.2  14,400.00
 2/2  S02     销售员二  销售员  销售组     75.14  -3.00   72.14  C 合格    0.7   8,400.00
""", "")


def test_show_names_the_template_and_the_standard_library_behind_the_client_scheme() -> None:
    code, out, err = invoke("show", str(CLIENT))
    assert (code, err) == (0, "")
    assert """\
  complaints:
    label: 有效投诉  # schemes/templates/sales_team.yaml:50
    label_en: Valid complaints  # schemes/templates/sales_team.yaml:51
    perspective: customer  # schemes/templates/sales_team.yaml:52
    formula: complaints  # schemes/templates/sales_team.yaml:53
    rule:
      kind: deduction  # schemes/templates/sales_team.yaml:54
      per_event: 3
      max_points: 10  # schemes/templates/sales_team.yaml:54
""" in out
    assert "    formula: cash_collected / revenue * 100  # <standard library>:586\n" in out


def test_library_lists_the_standard_indicators_and_says_where_they_are() -> None:
    code, out, err = invoke("library")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "<standard library>: 标准销售指标库 Standard sales indicators, 46 indicators"
    assert lines[5].split() == ["revenue_achievement", "销售目标完成率", "Sales", "target",
                                "achievement", "financial", "linear"]
    assert lines[-1] == "A scheme takes one with  indicators: {ID: {use: ID}}"
    code, out, err = invoke("library", "--path")
    assert (code, err) == (0, "")
    assert Path(out.strip()).read_bytes() == Path("schemes/library/standard.yaml").read_bytes()


def test_library_of_a_file_that_is_not_one_says_so(tmp_path: Path) -> None:
    path = write(tmp_path, "x.yaml", "name: x\n")
    assert invoke("library", str(path)) == (1, "", (
        f"{path}:1:1: error: this is not a library of indicators (a library starts with "
        "appraise_library: 1)\n"))


def test_a_folder_s_schemes_include_those_built_on_a_base_and_its_libraries(
        tmp_path: Path) -> None:
    """A scheme that extends a base may leave appraise: to the base; a library is checked
    with the schemes."""
    path = child(tmp_path, "name: client\n")
    write(tmp_path, "library/own.yaml", "appraise_library: 1\nfields: {x: {label: X}}\n"
          "indicators:\n  y: {formula: x * 2, fields: [x], rule: {kind: ratio}}\n")
    write(tmp_path, "notes.yaml", "title: not a scheme\n")
    base = tmp_path / "templates/base.yaml"
    assert invoke("validate", str(tmp_path)) == (0, (
        f"{path}: valid\n{tmp_path / 'library/own.yaml'}: valid\n{base}: valid\n"), "")


def test_a_roll_forward_names_the_targets_a_scheme_inherits_and_leaves_them(
        tmp_path: Path) -> None:
    """The base's target of 100 is not this file's to change: it is listed with where it is
    written, never passed over in silence."""
    path = child(tmp_path, "name: client_2026\nposts:\n  rep:\n    targets: {collection: 95}\n")
    base = os.path.normpath(tmp_path / "client/../templates/base.yaml")
    code, out, err = invoke("rollforward", str(path), "--to", "2027", "--growth", "10%",
                            "--growth", "collection=1%", "-o", str(tmp_path / "next.yaml"))
    assert (code, err) == (0, "")
    assert out.split("--- ")[0] == (
        f"{path}: rolled forward from 2026 to 2027\n"
        "targets changed (1):\n"
        "  line 5: posts.rep.targets.collection: 95 → 96 (95.95 rounded half up to whole "
        "numbers)\n"
        "targets kept (1):\n"
        f"  posts.rep.targets.sales: inherited from {base}:34, not changed: roll that scheme "
        "forward, or write the target in this one\n"
        "moved to 2027 (1):\n"
        "  line 2: name: client_2026 → client_2027\n")


def test_an_entry_taken_from_the_library_replaces_the_base_s_whole(tmp_path: Path) -> None:
    """use: brings the library's entry, not the base's with the library's filling gaps: the
    base's threshold rule and formula must not survive under the library's description."""
    path = child(tmp_path, "indicators:\n  collection: {use: collection_rate, target: 95}\n",
                 BASE.replace("  cash: {label: 回款额, aggregate: sum}",
                              "  cash_collected: {label: 回款额, aggregate: sum}").replace(
                     "formula: cash / revenue * 100", "formula: cash_collected / revenue"))
    scheme = load_scheme(path)
    collection = scheme.indicators["collection"]
    assert (collection.label, type(collection.rule).__name__, collection.formula.text) == \
        ("货款回笼率", "BandsRule", "cash_collected / revenue * 100")


def test_targets_from_actuals_name_the_people_a_scheme_inherits(tmp_path: Path) -> None:
    """The client's people are the template's: there is no entry of theirs in the client's
    file to write a target into, and each is listed as such, not passed over."""
    for name in ("sales_team_client.yaml", "sales_team_client-2026-Q1.csv"):
        write(tmp_path, f"examples/{name}", (CLIENT.parent / name).read_text(encoding="utf-8"))
    write(tmp_path, "templates/sales_team.yaml",
          Path("schemes/templates/sales_team.yaml").read_text(encoding="utf-8"))
    scheme = tmp_path / "examples/sales_team_client.yaml"
    code, out, err = invoke("rollforward", str(scheme), "--to", "2027", "--growth", "10%",
                            "--from-actuals",
                            str(tmp_path / "examples/sales_team_client-2026-Q1.csv"),
                            "-o", str(tmp_path / "next.yaml"))
    assert (code, err) == (0, "")
    assert out.split("moved to")[0].split("targets kept")[1] == (
        " (2):\n"
        "  people.S01: not written in this file (in the base it extends): write them under "
        "people: here to set their targets; the target of their post applies\n"
        "  people.S02: not written in this file (in the base it extends): write them under "
        "people: here to set their targets; the target of their post applies\n")


def test_a_calendar_year_written_in_the_base_stops_the_roll_forward(tmp_path: Path) -> None:
    """Moving the name to 2027 while the base's calendar stays at 2026 would make a scheme
    that says 2027 and scores 2026."""
    path = child(tmp_path, "name: client_2026\n",
                 BASE + "calendar: {year: 2026, targets_per: quarter}\n")
    base = os.path.normpath(tmp_path / "client/../templates/base.yaml")
    out = tmp_path / "next.yaml"
    code, _, err = invoke("rollforward", str(path), "--to", "2027", "--growth", "10%",
                          "-o", str(out))
    assert (code, err.splitlines()[-1]) == (1, (
        f"{path}: error: calendar.year: the calendar's year, 2026, is not written in this "
        f"file but in {base}:38: the scheme cannot move to 2027 on its own (roll that scheme "
        "forward first, or write calendar: {year: 2026} here)"))
    assert not out.exists()


def test_a_growth_that_rounds_away_is_listed() -> None:
    code, _, err = invoke("rollforward", str(EXAMPLE), "--to", "2027", "--growth",
                          "new_customer_count=3%", "-o", "-")
    assert code == 0
    assert ("  line 328: posts.sales_rep.targets.new_customer_count: 15 (15.45 rounded half up "
            "to whole numbers: write the target with more places to grow it)\n") in err


def test_a_new_entry_named_close_to_one_of_the_base_s_is_a_warning(tmp_path: Path) -> None:
    """A complete entry with a near name may be a misspelt change that the base's entry
    silently survives; a new person written with a name is plainly new."""
    path = child(tmp_path, "fields:\n  revenu: {aggregate: last}\n"
                           "people:\n  P11: {post: rep}\n  P12: {name: 丁, post: rep}\n")
    assert problems(path) == [
        f"{path}:3:3: warning: fields.revenu: 'revenu' is a new field, not a change to the "
        "base's 'revenue' (if a change to 'revenue' was meant, correct the name)",
        f"{path}:5:3: warning: people.P11: 'P11' is a new person, not a change to the base's "
        "'P1' (if a change to 'P1' was meant, correct the name)"]


def test_show_writes_a_base_s_counted_scheme_relative_to_the_scheme(tmp_path: Path) -> None:
    """The base counts customers.yaml beside it; shown for a client in another folder, the
    path must lead to that file, not to a customers.yaml beside the client."""
    for name in ("customer_sales.yaml", "customers.yaml"):
        write(tmp_path, f"base/{name}",
              Path(f"schemes/examples/{name}").read_text(encoding="utf-8"))
    path = write(tmp_path, "client/c.yaml", "extend: ../base/customer_sales.yaml\nname: c\n")
    code, out, err = invoke("show", str(path), "-o", str(tmp_path / "client/shown.yaml"))
    assert (code, out, err) == (0, "", "")
    shown = (tmp_path / "client/shown.yaml").read_text(encoding="utf-8")
    assert '  customers: {scheme: "../base/customers.yaml"}\n' in shown
    assert problems(tmp_path / "client/shown.yaml") == []


def test_show_loads_neither_the_data_nor_the_scoring_stage(tmp_path: Path) -> None:
    from test_packaging import loaded_by

    loaded = loaded_by(tmp_path, "show", str(CLIENT))
    assert [m for m in loaded if m.startswith(("appraise.data", "appraise.scoring"))] == []


MIDDLE = "name: middle\npeople:\n  P11: {post: rep}\n"


@pytest.mark.parametrize(("text", "expected"), [
    ("remove: {people: [P11]}\n", []),
    ("people:\n  P11: {name: 甲甲}\n", []),
    ("people:\n", ["{scheme}:3:8: error: people: expected a mapping of keys to values, found "
                   "nothing"]),
    ("people: [P1]\n", ["{scheme}:3:9: error: people: expected a mapping of keys to values, "
                        "found a list"]),
])
def test_what_a_base_adds_to_its_own_base_is_not_said_again_by_its_clients(
        tmp_path: Path, text: str, expected: list[str]) -> None:
    """The middle scheme's near-name warning (P11 beside P1) is the middle scheme's to hear,
    not each client's; a client that takes the entry out or changes it gets no word of it,
    and one that writes people wrong gets the plain message."""
    child(tmp_path, MIDDLE)
    middle = tmp_path / "client/scheme.yaml"
    path = write(tmp_path, "client/top.yaml", f"extend: scheme.yaml\nname: top\n{text}")
    assert problems(path) == [line.format(scheme=path) for line in expected]
    assert [d.split(": warning: ")[1][:17] for d in problems(middle)] == ["people.P11: 'P11'"]


def test_a_library_named_and_not_used_is_still_read_and_checked(tmp_path: Path) -> None:
    path = child(tmp_path, "libraries: [nope.yaml]\n")
    looked = os.path.normpath(tmp_path / "client/nope.yaml")
    assert problems(path) == [
        f"{path}:2:13: error: libraries[0]: library '{looked}' is not there (write the path of "
        "the library file relative to this scheme's folder)"]


@pytest.mark.parametrize(("section", "message"), [
    ("scales:\n", "scales: expected a mapping of keys to values, found nothing"),
    ("fields: 3\n", "fields: expected a mapping of keys to values, found the number 3"),
])
def test_a_section_written_wrong_beside_a_use_is_said_plainly(tmp_path: Path, section: str,
                                                              message: str) -> None:
    path = child(tmp_path, section + "indicators:\n  skills: {use: sales_skills}\n")
    assert f"{path}:2:" in "\n".join(problems(path))
    assert any(p.endswith(message) for p in problems(path))

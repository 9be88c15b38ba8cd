"""A scheme takes indicators (and fields) from a library by id and overrides what it needs:
a consultant's own library, named under libraries:, before the one shipped with Appraise."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise import load_scheme, score_file, validate_scheme
from appraise.cli import main

LIBRARY = """\
appraise_library: 1
name: consultant
label: 顾问指标库
fields:
  revenue: {label: 销售额, label_en: Revenue, unit: yuan, aggregate: sum}
  cash: {label: 回款额, label_en: Cash collected, unit: yuan, aggregate: sum}
indicators:
  collection:
    label: 货款回笼率
    label_en: Collection rate
    perspective: financial
    unit: "%"
    formula: cash / revenue * 100
    fields: [cash, revenue]
    description: 当期回款额 / 当期销售额 × 100%
    rule:
      kind: bands
      bands:
        - {min: 95, points: 100}
        - {max: 95, points: 60}
  sales:
    label: 销售目标完成率
    formula: revenue
    fields: [revenue]
    rule: {kind: linear, at_target: 100, above: 1, below: 1, cap: 120, floor: 0}
"""

SCHEME = """\
appraise: 1
name: client
libraries: [lib/consultant.yaml]
grades:
  - {grade: A, min: 90, coefficient: 1.2}
  - {grade: B, coefficient: 1.0}
fields: {}
indicators:
  sales: {use: sales}
  cash_in:
    use: collection
    label: 回款率
scorecards:
  rep:
    items:
      - {indicator: sales, weight: 60}
      - {indicator: cash_in, weight: 40}
units:
  team: {label: 销售部}
posts:
  rep: {unit: team, scorecard: rep, targets: {sales: 1000}}
people:
  P1: {name: 甲, post: rep}
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def setup(tmp_path: Path, scheme: str = SCHEME, library: str = LIBRARY) -> Path:
    write(tmp_path, "lib/consultant.yaml", library)
    return write(tmp_path, "scheme.yaml", scheme)


def problems(path: Path) -> list[str]:
    return [str(d) for d in validate_scheme(path).diagnostics]


def test_a_library_indicator_comes_with_its_fields_and_the_scheme_overrides_it(
        tmp_path: Path) -> None:
    """P1: revenue 1,100 of 1,000 → 110% → 110 points; cash 1,000 / 1,100 = 90.9% → under
    95 → 60 points. 0.6 × 110 + 0.4 × 60 = 66 + 24 = 90.00, A."""
    scheme = load_scheme(setup(tmp_path))
    assert list(scheme.fields) == ["revenue", "cash"]
    assert (scheme.fields["cash"].label, scheme.indicators["cash_in"].label,
            scheme.indicators["cash_in"].unit) == ("回款额", "回款率", "%")
    data = write(tmp_path, "2026-Q1.csv", "id,revenue,cash\nP1,1100,1000\n")
    result = score_file(scheme, data)
    person = result.people[0]
    assert [(i.indicator.id, round(i.points, 2)) for i in person.segments[0].items] == \
        [("sales", 110.0), ("cash_in", 60.0)]
    assert (round(person.total, 2), person.grade) == (90.0, "A")


def test_the_scheme_s_own_field_wins_and_its_own_formula_brings_no_fields(
        tmp_path: Path) -> None:
    text = SCHEME.replace("fields: {}", "fields:\n  revenue: {label: 含税销售额, aggregate: sum}")
    text = text.replace("  sales: {use: sales}", "  sales: {use: sales, formula: revenue / 2}")
    scheme = load_scheme(setup(tmp_path, text))
    assert [(k, f.label) for k, f in scheme.fields.items()] == \
        [("revenue", "含税销售额"), ("cash", "回款额")]


def test_a_problem_in_a_library_entry_is_reported_at_the_library(tmp_path: Path) -> None:
    path = setup(tmp_path, library=LIBRARY.replace("cap: 120", "cap: -5"))
    library = os.path.normpath(tmp_path / "lib/consultant.yaml")
    assert problems(path) == [
        f"{library}:25:67: error: indicators.sales.rule.cap: the cap -5 is below the floor 0 "
        "(the cap is the most points the rule gives, the floor the least: make the cap the "
        "higher one)"]


@pytest.mark.parametrize(("change", "message"), [
    (("  sales: {use: sales}", "  sales: {use: sale}"),
     "{scheme}:9:16: error: indicators.sales.use: no library has the indicator 'sale' (did you "
     "mean 'sales'?)"),
    (("  sales: {use: sales}", "  sales: {use: 5}"),
     "{scheme}:9:16: error: indicators.sales.use: expected the id of a library indicator"),
    (("libraries: [lib/consultant.yaml]", "libraries: [lib/consultnt.yaml]"),
     "{scheme}:3:13: error: libraries[0]: library '{folder}/lib/consultnt.yaml' is not there "
     "(write the path of the library file relative to this scheme's folder)"),
])
def test_a_library_that_cannot_be_found_and_an_unknown_id_are_named(
        tmp_path: Path, change: tuple[str, str], message: str) -> None:
    path = setup(tmp_path, SCHEME.replace(*change))
    found = problems(path)
    assert message.format(scheme=path, folder=tmp_path) in found


def test_a_file_that_is_not_a_library_and_a_library_s_bad_fields_list(tmp_path: Path) -> None:
    path = setup(tmp_path, library="name: not a library\n")
    library = os.path.normpath(tmp_path / "lib/consultant.yaml")
    assert problems(path)[0] == (f"{library}:1:1: error: this is not a library of indicators "
                                 "(a library starts with appraise_library: 1)")
    path = setup(tmp_path, library=LIBRARY.replace("fields: [cash, revenue]",
                                                   "fields: [cash, revenu]"))
    assert problems(path)[0] == (
        f"{library}:14:20: error: indicators.collection.fields[1]: the library has no field "
        "'revenu' (did you mean 'revenue'?)")


def test_show_names_the_library_line_of_each_part_it_brought(tmp_path: Path) -> None:
    path = setup(tmp_path)
    library = os.path.normpath(tmp_path / "lib/consultant.yaml")
    result = CliRunner().invoke(main, ["show", str(path)])
    assert result.exit_code == 0, result.stderr
    assert f"""\
indicators:
  sales:
    label: 销售目标完成率  # {library}:22
    formula: revenue  # {library}:23
    rule: {{kind: linear, at_target: 100, above: 1, below: 1, cap: 120, floor: 0}}  # {library}:25
  cash_in:
    label: 回款率
    label_en: Collection rate  # {library}:10
""" in result.stdout
    assert result.stdout.endswith("""\
  P1: {name: 甲, post: rep}
""")
    assert f"  cash: {{label: 回款额, label_en: Cash collected, unit: yuan, aggregate: sum}}  # " \
        f"{library}:6\n" in result.stdout


def test_validate_checks_a_whole_library(tmp_path: Path) -> None:
    good = write(tmp_path, "good.yaml", LIBRARY)
    assert CliRunner().invoke(main, ["validate", str(good)]).stdout == f"{good}: valid\n"
    bad = write(tmp_path, "bad.yaml", LIBRARY.replace("fields: [cash, revenue]", "fields: [cash]")
                .replace("cap: 120", "cap: -3").replace("formula: revenue\n", "formula: revenue\n"
                                                          "    target: lots\n"))
    result = CliRunner().invoke(main, ["validate", str(bad)])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", (
        f"{bad}:14:5: error: indicators.collection.fields: the formula reads revenue but does "
        "not list it (fields: lists exactly the fields the formula reads: [cash, revenue])\n"
        f"{bad}:24:13: error: indicators.sales.target: unknown name 'lots' (expected one of: "
        "cash, revenue)\n"
        f"{bad}:26:67: error: indicators.sales.rule.cap: the cap -3 is below the floor 0 (the "
        "cap is the most points the rule gives, the floor the least: make the cap the higher "
        "one)\n"))


def test_a_library_is_not_a_scheme_to_score(tmp_path: Path) -> None:
    library = write(tmp_path, "lib.yaml", LIBRARY)
    data = write(tmp_path, "data.csv", "id,revenue\nP1,1\n")
    result = CliRunner().invoke(main, ["score", str(library), "--data", str(data)])
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", (
        f"{library}: error: this is a library of indicators, not a scheme (name a scheme that "
        "uses the library's indicators (use:))\n"))


def test_odd_library_entries_are_named_not_crashed_on(tmp_path: Path) -> None:
    text = ("appraise_library: 1\nfields: {x: {label: X}}\nindicators:\n"
            "  a: {formula: x, fields: [x], rule: ratio}\n")
    odd = write(tmp_path, "odd.yaml", text)
    listed = CliRunner().invoke(main, ["library", str(odd)])
    assert (listed.exit_code, listed.stdout.splitlines()[0], listed.stdout.splitlines()[4]
            .split()) == (0, f"{odd}: 1 indicator", ["a", "ratio"])
    using = write(tmp_path, "using.yaml", text + "  b: {use: a}\n")
    assert problems(using) == [
        f"{using}:5:7: error: indicators.b.use: a library's indicator is written whole: it "
        "cannot take another library's with use: (copy the other library's entry here "
        "instead)"]


def test_a_client_s_library_does_not_change_what_its_base_takes(tmp_path: Path) -> None:
    """The base takes 'collection' from its library; the client names a library of its own
    with another 'collection'. The base's entry keeps its meaning; the client's own use:
    takes the client's."""
    setup(tmp_path)
    write(tmp_path, "client/lib/own.yaml", LIBRARY.replace(
        "        - {min: 95, points: 100}\n        - {max: 95, points: 60}",
        "        - {min: 80, points: 100}\n        - {max: 80, points: 0}"))
    client = write(tmp_path, "client/scheme.yaml", "extend: ../scheme.yaml\n"
                   "libraries: [lib/own.yaml]\nindicators:\n  cash_again: {use: collection}\n")
    scheme = load_scheme(client)
    bands = {name: [(b.low, b.points) for b in scheme.indicators[name].rule.bands]
             for name in ("cash_in", "cash_again")}
    assert bands == {"cash_in": [(None, 60.0), (95.0, 100.0)],
                     "cash_again": [(None, 0.0), (80.0, 100.0)]}

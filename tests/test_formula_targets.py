"""Targets from data (业绩目标 = 去年同期销售额 × 120%) and against the team's average
(个人销售额 vs 团队平均), worked by hand on the shipped regional-sales template, on both
scoring paths, with every message a person sees when one cannot be used."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise import (
    load_scheme,
    parse_period,
    read_monthly,
    score,
)
from appraise.cli import main

TEMPLATE = Path("schemes/templates/regional_sales.yaml")
DATA = """id,post,period,revenue,revenue_last_year
E01,east_sales,2026-01,120000,90000
E01,east_sales,2026-02,130000,100000
E01,east_sales,2026-03,110000,110000
E02,east_sales,2026-01,100000,100000
E02,east_sales,2026-02,90000,100000
E02,east_sales,2026-03,110000,100000
E03,east_sales,2026-01,180000,100000
E03,east_sales,2026-02,180000,100000
E03,east_sales,2026-03,180000,100000
W01,west_sales,2026-01,60000,80000
W01,west_sales,2026-02,70000,80000
W01,west_sales,2026-03,70000,90000
W02,west_sales,2026-01,130000,80000
W02,west_sales,2026-02,130000,80000
W02,west_sales,2026-03,140000,90000
"""


@pytest.mark.parametrize("reference", [False, True])
def test_targets_from_last_year_and_the_team_average(reference: bool) -> None:
    """Q1, each figure the sum of its three months. Target = last year × 1.2; team average =
    the region's mean revenue (华东 (360,000 + 300,000 + 540,000) / 3 = 400,000; 华西
    (200,000 + 400,000) / 2 = 300,000).

    E01: 360,000 of 300,000 × 1.2 = 360,000 → 100 × 60% = 60; 360,000 / 400,000 = 90% →
    90 × 40% = 36; 96.00, A, 1.2 × 36,000 × 3/12 = 10,800.
    E02: 300,000 / 360,000 = 83.33% → 50; 300,000 / 400,000 = 75% → 30; 80.00, C, 7,200.
    E03: 540,000 / 360,000 = 150% → cap 120 → 72; 540,000 / 400,000 = 135% → 54; 126.00, A.
    W01: 200,000 / 300,000 = 66.67% → 40; 200,000 / 300,000 = 66.67% → 26.67; 66.67, D, 0.
    W02: 400,000 / 300,000 = 133.33% → cap 120 → 72; 400,000 / 300,000 → 133.33 → 53.33;
    125.33, A, 10,800."""
    scheme = load_scheme(TEMPLATE)
    monthly = read_monthly("d.csv", scheme, DATA.encode(), reference=reference)
    result = score(scheme, monthly, parse_period("2026-Q1", 2026), reference=reference)
    assert [(p.person, round(p.total, 2), p.grade, p.paid) for p in result.people] == [
        ("E01", 96.0, "A", 1_080_000), ("E02", 80.0, "C", 720_000),
        ("E03", 126.0, "A", 1_080_000), ("W01", 66.67, "D", 0),
        ("W02", 125.33, "A", 1_080_000)]
    items = {p.person: {i.id: i for i in p.segments[0].items} for p in result.people}
    assert [(k, i["revenue_achievement"].target.base if i["revenue_achievement"].target else 0,
             i["revenue_vs_team"].target.base if i["revenue_vs_team"].target else 0,
             dict(i["revenue_vs_team"].team)) for k, i in items.items()] == [
        ("E01", 360000.0, 400000.0, {"revenue": (400000.0, 3)}),
        ("E02", 360000.0, 400000.0, {"revenue": (400000.0, 3)}),
        ("E03", 360000.0, 400000.0, {"revenue": (400000.0, 3)}),
        ("W01", 300000.0, 300000.0, {"revenue": (300000.0, 2)}),
        ("W02", 300000.0, 300000.0, {"revenue": (300000.0, 2)})]


def _run(tmp_path: Path, *args: str, data: str = DATA, scheme: Path = TEMPLATE) -> tuple[int, str,
                                                                                       str]:
    file = tmp_path / "d.csv"
    file.write_text(data, encoding="utf-8")
    result = CliRunner().invoke(main, [args[0], str(scheme), "--data", str(file), *args[1:]])
    return result.exit_code, result.stdout, result.stderr


def test_explain_shows_the_target_worked_out_and_the_team(tmp_path: Path) -> None:
    code, out, err = _run(tmp_path, "explain", "--period", "2026-Q1", "--person", "E01")
    assert code == 0, err
    assert out.split("\n")[4:16] == [
        "1. 销售目标完成率 (revenue_achievement)",
        "   value:   revenue = 360,000 yuan",
        "   target:  revenue_last_year * 1.2 = 300,000 * 1.2 = 360,000 (achievement 100.00%)",
        "   rule:    ratio: 360,000 / 360,000 = 100% → 100",
        "   points:  100.00 × weight 60% = 60.00",
        "",
        "2. 个人销售额 vs 团队平均 (revenue_vs_team)",
        "   value:   revenue = 360,000 yuan",
        "   team:    team_average(revenue) = 400,000, the average of 3 members of 华东区",
        "   target:  team_average(revenue) = 400,000 (achievement 90.00%)",
        "   rule:    ratio: 360,000 / 400,000 = 90% → 90",
        "   points:  90.00 × weight 40% = 36.00"]
    code, out, err = _run(tmp_path, "explain", "--period", "2026-Q1", "--person", "W01",
                          "--lang", "zh")
    assert code == 0, err
    assert [line for line in out.split("\n") if line.startswith(("   目标", "   团队"))] == [
        "   目标：revenue_last_year * 1.2 = 250,000 * 1.2 = 300,000（完成率 66.67%）",
        "   团队：team_average(revenue) = 300,000（华西区 2 名成员的平均）",
        "   目标：team_average(revenue) = 300,000（完成率 66.67%）"]


def test_the_json_shows_the_targets_worked_out(tmp_path: Path) -> None:
    code, out, err = _run(tmp_path, "score", "--period", "2026-Q1", "--format", "json")
    assert code == 0, err
    people = {p["person"]: p for p in json.loads(out)["people"]}
    assert [(i["indicator"], i["target"], i["achievement"], i["points"])
            for i in people["E02"]["indicators"]] == [
        ("revenue_achievement", {"base": 360000.0}, 83.33, 83.33),
        ("revenue_vs_team", {"base": 400000.0}, 75.0, 75.0)]


def test_explain_json_gives_the_formula_and_the_team(tmp_path: Path) -> None:
    code, out, err = _run(tmp_path, "explain", "--period", "2026-Q1", "--person", "W02",
                          "--format", "json")
    assert code == 0, err
    items = json.loads(out)["segments"][0]["items"]
    assert [{k: v for k, v in i.items() if k in ("target", "target_formula", "team")}
            for i in items] == [
        {"target": {"base": 300000.0}, "target_formula": {"base": "revenue_last_year * 1.2"}},
        {"target": {"base": 300000.0}, "target_formula": {"base": "team_average(revenue)"},
         "team": [{"field": "revenue", "average": 300000.0, "members": 2}]}]


@pytest.mark.parametrize("reference", [False, True])
def test_a_region_of_one_is_warned_of(reference: bool) -> None:
    """Without W02, W01 alone makes 华西's average: 200,000 / 200,000 = 100% → 40, with
    growth 66.67% → 40: 80.00, and a warning that W01 is measured against W01."""
    text = TEMPLATE.read_text(encoding="utf-8").replace(
        "  W02: {name: 华西销售二, post: west_sales}\n", "")
    scheme = load_scheme("s.yaml", text.encode())
    data = "".join(line + "\n" for line in DATA.splitlines() if not line.startswith("W02"))
    monthly = read_monthly("d.csv", scheme, data.encode(), reference=reference)
    result = score(scheme, monthly, parse_period("2026-Q1", 2026), reference=reference)
    assert [(p.person, round(p.total, 2)) for p in result.people][-1] == ("W01", 80.0)
    assert [str(w) for w in result.warnings] == [
        "d.csv:11:1: warning: W01.revenue: 'W01' is the only member of unit 'west' with a "
        "figure for 'revenue', so team_average(revenue) there is their own figure (add the "
        "figures of the other people of 'west', or score this person against a fixed target)"]

"""The commands on a scheme kept by month: targets, score and explain, every format."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from appraise.cli import main

SCHEME = "tests/schemes/cascade/small.yaml"
DATA = "tests/schemes/cascade/small-2026Q1.csv"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_targets_of_the_year_as_csv() -> None:
    code, out, err = invoke("targets", SCHEME, "--format", "csv")
    assert (code, err) == (0, "")
    # The year: company 1,200,000; east 60% = 720,000 named person by person; west 40%
    # = 480,000, evenly 240,000 each.
    assert out.splitlines() == [
        "cascade,kind,id,label,unit,depth,split,target,stretch,children,gap",
        "revenue,unit,company,公司,company,0,shares,1200000,,1200000,0",
        "revenue,unit,east,东区,east,1,explicit,720000,,720000,0",
        "revenue,person,E1,东一,east,2,,300000,,,",
        "revenue,person,E2,东二,east,2,,240000,,,",
        "revenue,person,E3,东三,east,2,,180000,,,",
        "revenue,unit,west,西区,west,1,even,480000,,480000,0",
        "revenue,person,W1,西一,west,2,,240000,,,",
        "revenue,person,W2,西二,west,2,,240000,,,",
    ]


def test_targets_of_a_month_as_json() -> None:
    code, out, _ = invoke("targets", SCHEME, "--period", "2026-01", "--format", "json")
    assert code == 0
    payload = json.loads(out)
    assert payload["period"] == "2026-01"
    nodes = {n["id"]: n for n in payload["cascades"][0]["nodes"]}
    # January is a third of Q1's 20%: 80,000 for the company; E1 300,000 × 20% / 3.
    assert (nodes["company"]["target"], nodes["company"]["gap"]) == (80000, 0)
    assert nodes["E1"]["target"] == 20000
    assert nodes["E1"]["months"] == ["2026-01"]
    assert nodes["W2"]["target"] == 16000


def test_targets_written_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "targets.csv"
    code, stdout, _ = invoke("targets", SCHEME, "--format", "csv", "-o", str(out))
    assert (code, stdout) == (0, "")
    assert out.read_bytes().startswith(b"\xef\xbb\xbfcascade,kind,id")  # a BOM for Excel


def test_targets_of_a_scheme_without_a_cascade() -> None:
    code, out, err = invoke("targets", "schemes/examples/sales_company.yaml")
    assert (code, out) == (1, "")
    assert err == ("schemes/examples/sales_company.yaml: error: the scheme has no cascade of "
                   "targets (add calendar: and cascade:)\n")


def test_score_as_json_and_csv() -> None:
    code, out, err = invoke("score", SCHEME, "--data", DATA, "--period", "2026-Q1",
                            "--format", "json")
    assert (code, err) == (0, "")
    payload = json.loads(out)
    wm = next(p for p in payload["people"] if p["person"] == "WM")
    assert (wm["total"], wm["grade_scored"], wm["grade"], wm["bonus"], wm["pool"]) == (
        104.0, "A", "B", 11538.46, "west")
    assert payload["calibration"][0]["reason"] == (
        "at most 20% of 3 may be A or better: 1 (rounded half up); ranked 2")
    assert payload["pools"] == [{"unit": "west", "people": 3, "bonuses_before": 39000,
                                 "pool": 25000.0, "paid": 25000.0}]
    code, out, _ = invoke("score", SCHEME, "--data", DATA, "--period", "2026-Q1",
                          "--format", "csv")
    header, g1 = out.splitlines()[:2]
    assert header == (
        "person,name,post,unit,period,points:unit_revenue,points:team_result,"
        "points:revenue_achievement,points:teamwork,weighted_sum,deductions,bonuses,veto,total,"
        "grade,coefficient,bonus,rank,rank_of,months,grade_scored,pool,company_rank,company_of")
    assert g1 == "G1,总经理甲,gm,company,2026-Q1,101.75,,,,101.75,0.00,0.00,,101.75,A,1.5," \
        "37500.00,1,1,3,A,,4,8"


def test_explain_a_manager() -> None:
    code, out, _ = invoke("explain", SCHEME, "--data", DATA, "--period", "2026-Q1",
                          "--person", "EM")
    assert code == 0
    assert out == """\
东经理 (EM) — 东区经理, 东区
Scheme: 小型级联 Small cascade (sha256:5a52d01c166d)
Period: 2026-Q1 (2026-01 to 2026-03)

1. 部门销售目标完成率 (unit_revenue)
   value:   revenue = 141,000
   target:  144,000 (achievement 97.92%)
   rule:    ratio: 东区: 141,000 / 144,000 = 97.9167% → 97.9167
   points:  97.92 × weight 50% = 48.96

2. 团队成员平均得分 (team_result)
   value:   average total of 3 members of 东区, weighed by months: 88.3333
   points:  88.33 × weight 50% = 44.17

Weighted sum: 93.13
Total: 93.13

Grade: B (coefficient 1.2)
Bonus: 1.2 × 60,000.00 × 3/12 = 18,000.00 CNY
Rank in 东区: 3 of 4; in the company: 6 of 8
"""


def test_explain_someone_not_in_the_data() -> None:
    code, out, err = invoke("explain", SCHEME, "--data", DATA, "--period", "2026-Q1",
                            "--person", "E4")
    assert (code, out) == (1, "")
    assert err == (f"{DATA}: error: person 'E4' is not in the data for 2026-Q1 (expected one "
                   "of: E1, E2, E3, EM, G1, W1, W2, WM)\n")

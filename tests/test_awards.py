"""Awards by rank (奖项): the month's sales champion of the company and the top 10% of
each store, worked by hand on the shipped store-sales template, by both scoring paths;
then ties, lower-is-better indicators, vetoes, kinds of unit and the checks of validate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise import (
    load_scheme,
    parse_period,
    read_actuals,
    read_monthly,
    score,
    validate_scheme,
)
from appraise.cli import main
from appraise.report import score_csv, score_json, score_table

TEMPLATE = Path("schemes/templates/store_sales.yaml")
DATA = """id,post,period,revenue,satisfaction
E01,east_assistant,2026-01,120000,92
E02,east_assistant,2026-01,95000,96
E03,east_assistant,2026-01,120000,85
E04,east_assistant,2026-01,80000,90
E05,east_assistant,2026-01,101000,78
W01,west_assistant,2026-01,90000,97
W02,west_assistant,2026-01,90000,97
W03,west_assistant,2026-01,70000,88
W04,west_assistant,2026-01,100000,70
"""


def _scored(reference: bool, data: str = DATA, text: str | None = None):  # type: ignore[no-untyped-def]
    scheme = load_scheme("s.yaml", text.encode()) if text is not None else \
        load_scheme(TEMPLATE)
    monthly = read_monthly("d.csv", scheme, data.encode(), reference=reference)
    return score(scheme, monthly, parse_period("2026-01", 2026), reference=reference)


@pytest.mark.parametrize("reference", [False, True])
def test_the_months_champion_and_each_stores_star(reference: bool) -> None:
    """A month's target is 100,000; revenue scores its achievement (capped at 120) × 70%,
    satisfaction its band × 30% (95+: 100, [90, 95): 85, [80, 90): 70, below 80: 50).

    E01 120,000 → 84 + 92% → 25.5 = 109.50;  E02 95,000 → 66.5 + 96% → 30 = 96.50;
    E03 120,000 → 84 + 85% → 21 = 105.00;    E04 80,000 → 56 + 90% → 25.5 = 81.50;
    E05 101,000 → 70.7 + 78% → 15 = 85.70;   W01 and W02 90,000 → 63 + 97% → 30 = 93.00;
    W03 70,000 → 49 + 88% → 21 = 70.00;      W04 100,000 → 70 + 70% → 15 = 85.00.

    月度销售冠军 (revenue, the company, top 1, ties share): E01 and E03 are both first of 9
    at 120,000, and both win. 门店之星 (total, each store, top 10% rounded up): 东门店 5 ×
    10% = 0.5 → 1: E01 (109.50); 西门店 4 × 10% = 0.4 → 1, but W01 and W02 are tied first
    at 93.00 and ties: none, so nobody in 西门店 wins."""
    result = _scored(reference)
    assert [(p.person, round(p.total, 2)) for p in result.people] == [
        ("E01", 109.5), ("E02", 96.5), ("E03", 105.0), ("E04", 81.5), ("E05", 85.7),
        ("W01", 93.0), ("W02", 93.0), ("W03", 70.0), ("W04", 85.0)]
    champion, star = result.awards
    assert [(g.group, g.size, g.places, g.winners) for g in champion.groups] == [
        ("", 9, 1, ("E01", "E03"))]
    assert [(g.group, g.size, g.places, g.winners) for g in star.groups] == [
        ("east_store", 5, 1, ("E01",)), ("west_store", 4, 1, ())]
    assert {p: (s.place, s.of, s.value, s.tied, s.won) for p, s in champion.standings.items()
            if p in ("E01", "E03", "E05", "W01")} == {
        "E01": (1, 9, 120000.0, 2, True), "E03": (1, 9, 120000.0, 2, True),
        "E05": (3, 9, 101000.0, 1, False), "W01": (6, 9, 90000.0, 2, False)}
    assert {p: (s.group, s.place, s.of, s.value, s.won) for p, s in star.standings.items()
            if p in ("E01", "E03", "W01", "W02")} == {
        "E01": ("east_store", 1, 5, 109.5, True), "E03": ("east_store", 2, 5, 105.0, False),
        "W01": ("west_store", 1, 4, 93.0, False), "W02": ("west_store", 1, 4, 93.0, False)}


def _explain(tmp_path: Path, person: str, language: str = "en") -> list[str]:
    data = tmp_path / "d.csv"
    data.write_text(DATA, encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", str(TEMPLATE), "--data", str(data),
                                       "--period", "2026-01", "--person", person,
                                       "--lang", language])
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()[-3:]


def test_explain_says_each_award_and_why(tmp_path: Path) -> None:
    assert _explain(tmp_path, "E01") == [
        "Rank in 东门店: 1 of 5; in the company: 1 of 9",
        "Award 月度销售冠军 (2026-01): 1st of 9 in the company by revenue_achievement "
        "120,000, tied with 1 other; won (the top 1)",
        "Award 门店之星: 1st of 5 in 东门店 by total 109.50; won (the top 10% of 5: 1, rounded "
        "up)"]
    assert _explain(tmp_path, "W01") == [
        "Rank in 西门店: 1 of 4; in the company: 4 of 9",
        "Award 月度销售冠军 (2026-01): 6th of 9 in the company by revenue_achievement "
        "90,000, tied with 1 other; not won (the top 1)",
        "Award 门店之星: 1st of 4 in 西门店 by total 93.00, tied with 1 other; not won (the "
        "top 10% of 4: 1, rounded up; 2 tied at the cut, and ties: none gives it to none of "
        "them)"]


def test_explain_in_chinese(tmp_path: Path) -> None:
    assert _explain(tmp_path, "W01", "zh")[1:] == [
        "奖项 月度销售冠军（2026-01）：全公司 9 人中第 6 名（按销售目标完成率 90,000，2 人并列）；"
        "未获奖（前 1 名）",
        "奖项 门店之星：西门店 4 人中第 1 名（按总分 93.00，2 人并列）；未获奖（前 10%：4 人的 "
        "10%，向上取整为 1 人；名额边界上 2 人并列，按 ties: none 均不获奖）"]
    assert _explain(tmp_path, "E03", "zh")[1:] == [
        "奖项 月度销售冠军（2026-01）：全公司 9 人中第 1 名（按销售目标完成率 120,000，2 人并列）；"
        "获奖（前 1 名）",
        "奖项 门店之星：东门店 5 人中第 2 名（按总分 105.00）；未获奖（前 10%：5 人的 10%，"
        "向上取整为 1 人）"]


def test_explain_json_gives_the_standings(tmp_path: Path) -> None:
    data = tmp_path / "d.csv"
    data.write_text(DATA, encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", str(TEMPLATE), "--data", str(data),
                                       "--period", "2026-01", "--person", "E03",
                                       "--format", "json"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["awards"] == [
        {"award": "sales_champion", "month": "2026-01", "group": None, "place": 1, "of": 9,
         "value": 120000.0, "won": True},
        {"award": "store_star", "month": None, "group": "east_store", "place": 2, "of": 5,
         "value": 105.0, "won": False}]


@pytest.mark.parametrize("reference", [False, True])
def test_the_outputs_show_the_awards(reference: bool) -> None:
    result = _scored(reference)
    table = score_table(result)
    assert table.splitlines()[2:5] == [
        "Rank  Company  Person  Name      Post        Unit    Months   Total  Grade   Coef.     "
        "Bonus  Awards",
        "----  -------  ------  --------  ----------  ------  ------  ------  ------  -----  "
        "--------  --------------------------------",
        " 1/5      1/9  E01     东店员一  东门店店员  东门店          109.50  A 优秀    1.2  "
        "2,400.00  月度销售冠军 (2026-01)、门店之星"]
    assert table[table.index("\nAwards\n"):] == """
Awards

Award                   Group        Ranked  Places                           By                   Winners
----------------------  -----------  ------  -------------------------------  -------------------  ----------------------------------------------
月度销售冠军 (2026-01)  the company       9  the top 1                        revenue_achievement  E01 东店员一 (120,000), E03 东店员三 (120,000)
门店之星                东门店            5  the top 10% of 5: 1, rounded up  total                E01 东店员一 (109.50)
门店之星                西门店            4  the top 10% of 4: 1, rounded up  total                nobody
"""  # noqa: E501
    lines = score_csv(result).splitlines()
    assert lines[0].endswith(",company_rank,company_of,award:sales_champion:2026-01,"
                             "award:store_star")
    assert [line.split(",")[-2:] for line in lines[1:]] == [
        ["1", "1"], ["", ""], ["1", ""], ["", ""], ["", ""], ["", ""], ["", ""], ["", ""],
        ["", ""]]
    payload = json.loads(score_json(result))
    assert payload["awards"] == [
        {"award": "sales_champion", "month": "2026-01", "label": "月度销售冠军",
         "by": "revenue_achievement",
         "within": "company", "top": 1, "top_percent": None, "ties": "share",
         "groups": [{"group": None, "size": 9, "places": 1, "winners": ["E01", "E03"]}]},
        {"award": "store_star", "month": None, "label": "门店之星", "by": "total",
         "within": "unit",
         "top": None, "top_percent": 10.0, "ties": "none",
         "groups": [{"group": "east_store", "size": 5, "places": 1, "winners": ["E01"]},
                    {"group": "west_store", "size": 4, "places": 1, "winners": []}]}]
    assert [p["awards"] for p in payload["people"]][5] == [
        {"award": "sales_champion", "month": "2026-01", "group": None, "place": 6, "of": 9,
         "value": 90000.0, "won": False},
        {"award": "store_star", "month": None, "group": "west_store", "place": 1, "of": 4,
         "value": 93.0, "won": False}]


PLAIN = """appraise: 1
name: plain_awards
grades:
  - {grade: A, min: 90, coefficient: 1.2}
  - {grade: B, coefficient: 1}
fields:
  revenue: {}
  cost: {}
  violations: {}
indicators:
  rev: {formula: revenue, rule: {kind: ratio}, target: 100}
  cost_rate:
    direction: lower_is_better
    formula: cost / revenue * 100
    rule: {kind: formula, points: "100"}
  veto: {formula: violations, rule: {kind: veto}}
scorecards:
  rep:
    items:
      - {indicator: rev, weight: 90}
      - {indicator: cost_rate, weight: 10}
      - {indicator: veto}
awards:
  thrifty: {label: 节约之星, by: cost_rate, within: team, top: 1}
  best: {label: 最佳, by: total, within: company, top_percent: 10}
units:
  company: {kind: company}
  t1: {kind: team, parent: company}
  t2: {kind: team, parent: company}
posts:
  lead: {unit: company, scorecard: rep}
  r1: {unit: t1, scorecard: rep}
  r2: {unit: t2, scorecard: rep}
people: {}
"""
PLAIN_DATA = """id,post,revenue,cost,violations
L1,lead,100,5,0
A1,r1,100,10,0
A2,r1,90,9,0
A3,r1,80,20,1
B1,r2,100,30,0
B2,r2,100,20,0
"""


def test_lowest_first_vetoes_kinds_and_a_share_rounded_to_nobody() -> None:
    """节约之星 ranks cost_rate lowest first within each team: t1 A1 10% and A2 10% tie
    first (ties share: both win), A3 (20%, lowest of all) is out by its veto; t2 B2 20%
    beats B1 30%; L1 (5%) is in the company, in no team, and is not ranked.
    最佳 (totals: rev's achievement × 90% + 10): 10% of the 5 people not vetoed is 0.5 →
    half up 1 place; L1, A1, B1 and B2 tie first on 100.00 (A2 91.00) → all four win.
    With L1 vetoed and A1 at 99 (99.10), 10% of 4 is 0.4 → half up 0: nobody wins."""
    scheme = load_scheme("p.yaml", PLAIN.encode())
    result = score(scheme, read_actuals("d.csv", scheme, None, PLAIN_DATA.encode()))
    thrifty, best = result.awards
    assert [(g.group, g.size, g.places, g.winners) for g in thrifty.groups] == [
        ("t1", 2, 1, ("A1", "A2")), ("t2", 2, 1, ("B2",))]
    assert [(g.group, g.size, g.places, g.winners) for g in best.groups] == [
        ("", 5, 1, ("A1", "B1", "B2", "L1"))]
    data = PLAIN_DATA.replace("L1,lead,100,5,0", "L1,lead,100,5,1").replace("A1,r1,100,",
                                                                         "A1,r1,99,")
    result = score(scheme, read_actuals("d.csv", scheme, None, data.encode()))
    assert [(g.group, g.size, g.places, g.winners) for g in result.awards[1].groups] == [
        ("", 4, 0, ())]


def _problems(text: str) -> list[str]:
    return [str(d) for d in validate_scheme("s.yaml", text.encode()).diagnostics
            if d.severity == "error"]


_T = TEMPLATE.read_text(encoding="utf-8")
_OTHER_CARD = _T.replace("scorecards:\n", "scorecards:\n  other:\n    items:\n"
                         "      - {indicator: satisfaction, weight: 100}\n").replace(
    "    scorecard: shop_assistant\n    targets: {revenue_achievement: 100000}\n",
    "    scorecard: other\n").replace("posts: [east_assistant, west_assistant]",
                                     "posts: [west_assistant]")
_RATING = _T.replace("by: total", "by: service").replace(
    "indicators:\n", "indicators:\n  service: {label: 服务, formula: svc, rule: {kind: rating, "
    "scale: s5}}\n").replace(
    "fields:\n", "scales:\n  s5: {levels: {A: {points: 100}, B: {points: 50}}}\n\nfields:\n"
    "  svc: {type: rating, scale: s5, aggregate: last}\n").replace(
    "      - {indicator: satisfaction, weight: 30}\n",
    "      - {indicator: satisfaction, weight: 20}\n      - {indicator: service, weight: 10}\n")


@pytest.mark.parametrize(("text", "expected"), [
    (_T.replace("    top: 1\n", "    top: 1\n    top_percent: 5\n"),
     "s.yaml:62:5: error: awards.sales_champion: give only one of 'top' or 'top_percent' "
     "(remove the one that does not apply)"),
    (_T.replace("    top: 1\n", ""),
     "s.yaml:61:3: error: awards.sales_champion: award 'sales_champion' needs top or "
     "top_percent (write top: 1 for the first of each group, or top_percent: 10 for the top "
     "10%)"),
    (_T.replace("    top: 1\n", "    top: 0\n"),
     "s.yaml:65:10: error: awards.sales_champion.top: award 'sales_champion' gives the top 0, "
     "so nobody wins (write top: 1 or more: how many win in each group)"),
    (_T.replace("top_percent: 10", "top_percent: 0"),
     "s.yaml:73:18: error: awards.store_star.top_percent: top_percent must be more than 0 and "
     "at most 100, found 0% (write the share of each group that wins, e.g. top_percent: 10 "
     "for the top 10%)"),
    (_T.replace("top_percent: 10", "top_percent: 100.5"),
     "s.yaml:73:18: error: awards.store_star.top_percent: top_percent must be more than 0 and "
     "at most 100, found 100.5% (write the share of each group that wins, e.g. top_percent: "
     "10 for the top 10%)"),
    (_T.replace("by: revenue_achievement ", "by: revenue_achievment "),
     "s.yaml:63:9: error: awards.sales_champion.by: unknown indicator 'revenue_achievment' "
     "(did you mean 'revenue_achievement'?)"),
    (_T.replace("by: total", "by: totl"),
     "s.yaml:71:9: error: awards.store_star.by: unknown indicator 'totl' (did you mean "
     "'total'?)"),
    (_T.replace("[east_assistant, west_assistant]", "[east_assistant, west_asistant]"),
     "s.yaml:67:29: error: awards.sales_champion.posts[1]: unknown post 'west_asistant' (did "
     "you mean 'west_assistant'?)"),
    (_T.replace("within: unit   ", "within: team   "),
     "s.yaml:72:13: error: awards.store_star.within: no unit is of kind 'team', so award "
     "'store_star' ranks nobody (set kind: on the units, or rank within company or unit)"),
    (_T.replace("within: unit   ", "within: store  "),
     "s.yaml:72:13: error: awards.store_star.within: the text 'store' is not allowed here "
     "(expected one of: centre, company, department, team, unit)"),
    (_OTHER_CARD,
     "s.yaml:66:9: error: awards.sales_champion.by: award 'sales_champion' ranks on "
     "'revenue_achievement', which is on the card of no post it is for (west_assistant) (add "
     "'revenue_achievement' to the scorecard of a post that may win, or rank on another "
     "indicator)"),
    (_T.replace("by: total", "by: satisfaction").replace(
        "      - {indicator: satisfaction, weight: 30}\n", "").replace("weight: 70}",
                                                                      "weight: 100}"),
     "s.yaml:70:9: error: awards.store_star.by: award 'store_star' ranks on 'satisfaction', "
     "which is on no post's card (add 'satisfaction' to the scorecard of a post that may "
     "win, or rank on another indicator)"),
    (_RATING,
     "s.yaml:77:9: error: awards.store_star.by: award 'store_star' ranks on 'service', whose "
     "value is a rating level, not a number (rank on a numeric indicator, or on total)"),
    (_T.replace("ties: share ", "ties: all   "),
     "s.yaml:66:11: error: awards.sales_champion.ties: the text 'all' is not allowed here "
     "(expected one of: none, share)"),
])
def test_validate_names_what_is_wrong_with_an_award(text: str, expected: str) -> None:
    assert _problems(text) == [expected]


def test_a_closest_to_target_indicator_has_no_best_end() -> None:
    text = PLAIN.replace("direction: lower_is_better", "direction: closest_to_target")
    assert _problems(text) == [
        "s.yaml:24:30: error: awards.thrifty.by: award 'thrifty' ranks on 'cost_rate', which is "
        "best closest to its target, so its highest value is not its best (rank on total, or "
        "on an indicator that is higher or lower is better)"]


def test_a_bad_award_stops_score_with_exit_code_1(tmp_path: Path) -> None:
    scheme, data = tmp_path / "s.yaml", tmp_path / "d.csv"
    scheme.write_text(_T.replace("    top: 1\n", "    top: 0\n"), encoding="utf-8")
    data.write_text(DATA, encoding="utf-8")
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(main, ["score", str(scheme), "--data", str(data), "--period",
                                       "2026-01", "--format", "csv", "--output", str(out)])
    assert result.exit_code == 1
    assert f"{scheme}:65:10: error: awards.sales_champion.top: award 'sales_champion' gives " \
        "the top 0, so nobody wins" in result.stderr
    assert "Traceback" not in result.stderr and not out.exists()


def test_a_vetoed_person_is_told_they_are_not_ranked() -> None:
    from appraise.report.explain import explain_text

    scheme = load_scheme("p.yaml", PLAIN.encode())
    result = score(scheme, read_actuals("d.csv", scheme, None, PLAIN_DATA.encode()))
    assert explain_text(result, result.person("A3")).splitlines()[-2:] == [
        "Award 节约之星: not ranked (a one-vote veto)",
        "Award 最佳: not ranked (a one-vote veto)"]
    assert explain_text(result, result.person("L1")).splitlines()[-1] == \
        "Award 最佳: 1st of 5 in the company by total 100.00, tied with 3 others; won (the top " \
        "10% of 5: 1, rounded half up)"


def test_an_award_every_month_needs_a_calendar() -> None:
    text = PLAIN.replace("within: team, top: 1}", "within: team, top: 1, every: month}")
    assert _problems(text) == [
        "s.yaml:24:70: error: awards.thrifty.every: award 'thrifty' is given every month, but "
        "the scheme has no calendar (add calendar: {year: 2026}, or leave every out)"]


TWO_MONTHS = DATA + """E01,east_assistant,2026-02,100000,92
E02,east_assistant,2026-02,110000,96
E03,east_assistant,2026-02,90000,85
E04,east_assistant,2026-02,80000,90
E05,east_assistant,2026-02,101000,78
W01,west_assistant,2026-02,90000,97
W02,west_assistant,2026-02,130000,97
W03,west_assistant,2026-02,70000,88
W04,west_assistant,2026-02,100000,70
"""


@pytest.mark.parametrize("reference", [False, True])
def test_a_champion_for_each_month_and_a_star_for_the_period(reference: bool) -> None:
    """2026-YTD-02 (January and February). 月度销售冠军 is given every month, on that
    month's revenue: January E01 and E03 (120,000 each, ties share), February W02
    (130,000; E02 110,000 is second). 门店之星 is given once, on the two months' totals
    (targets 200,000; satisfaction averaged): E01 220,000 → 110 × 70% = 77 + 92% → 25.5 =
    102.50 beats E02 205,000 → 71.75 + 30 = 101.75 in 东门店; W02 220,000 → 77 + 97% → 30
    = 107.00 beats W01 93.00 in 西门店 (no tie now)."""
    scheme = load_scheme(TEMPLATE)
    monthly = read_monthly("d.csv", scheme, TWO_MONTHS.encode(), reference=reference)
    result = score(scheme, monthly, parse_period("2026-YTD-02", 2026), reference=reference)
    assert [(a.award.id, a.month, [(g.group, g.winners) for g in a.groups])
            for a in result.awards] == [
        ("sales_champion", "2026-01", [("", ("E01", "E03"))]),
        ("sales_champion", "2026-02", [("", ("W02",))]),
        ("store_star", None, [("east_store", ("E01",)), ("west_store", ("W02",))])]
    assert {p.person: round(p.total, 2) for p in result.people if p.person in
            ("E01", "E02", "W02")} == {"E01": 102.5, "E02": 101.75, "W02": 107.0}
    assert [(a.month, s.place, s.value) for a, s in result.standings("E02")] == [
        ("2026-01", 5, 95000.0), ("2026-02", 2, 110000.0), (None, 2, 101.75)]
    lines = score_csv(result).splitlines()
    assert lines[0].endswith(",award:sales_champion:2026-01,award:sales_champion:2026-02,"
                             "award:store_star")
    assert lines[7].startswith("W02,") and lines[7].endswith(",,1,1")


def test_an_award_that_is_not_a_mapping_is_one_error() -> None:
    text = _T[:_T.index("awards:")] + "awards:\n  champion: 5\n\n" + _T[_T.index("units:"):]
    assert _problems(text) == [
        "s.yaml:61:13: error: awards.champion: expected a mapping of keys to values, found the "
        "number 5"]

"""The full example of the README: a company of 39 kept by month, its transcripts exact."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise import Result, load_scheme, round_to, score
from appraise.cli import main
from appraise.data.reader import read_monthly
from appraise.report.words import words
from appraise.year.periods import parse_period

SCHEME = "schemes/examples/cascade_company.yaml"
DATA = "schemes/examples/2026-months.csv"


def transcripts() -> dict[str, str]:
    """Each `$ appraise ...` block of the README's cascade section: command -> output."""
    readme = Path("README.md").read_text(encoding="utf-8")
    section = readme.split("## A whole company, month by month", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```console\n\$ appraise (.*?)\n(.*?)```", section, flags=re.S)
    return dict(blocks)


def test_the_readme_shows_three_transcripts() -> None:
    assert list(transcripts()) == [
        f"targets {SCHEME} --period 2026-Q1",
        f"score {SCHEME} --data {DATA} --period 2026-Q1",
        f"score {SCHEME} --data {DATA} --period 2026-YTD-02",
    ]


@pytest.mark.parametrize("command", list(transcripts()))
def test_each_transcript_is_what_the_command_prints(command: str) -> None:
    result = CliRunner().invoke(main, command.split())
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == transcripts()[command]


def test_the_scheme_validates_with_its_one_warning() -> None:
    result = CliRunner().invoke(main, ["validate", SCHEME])
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout == (
        f"{SCHEME}:260:25: warning: cascade.revenue.split.north.explicit: the children of unit "
        "'north' add up to 83,000,000 in cascade 'revenue', 500,000 over its target 82,500,000 "
        f"(adjust the amounts, or split by shares)\n{SCHEME}: valid (1 warning)\n")


@pytest.fixture(scope="module")
def q1() -> Result:
    scheme = load_scheme(SCHEME)
    return score(scheme, read_monthly(DATA, scheme), parse_period("2026-Q1", 2026))


def test_the_mover_by_hand(q1: Result) -> None:
    t08 = q1.person("T08")
    tianjin, beijing = t08.segments
    assert (tianjin.post, tianjin.months, beijing.post, beijing.months) == (
        "tianjin_rep", (1, 2), "beijing_rep", (3,))
    # Tianjin, January and February. Revenue 298,000 + 304,000 = 602,000 against two months
    # of Tianjin's 38,000,000 × 20% / 3 a month shared by 8: 633,333.33; 95.0526% → 100 -
    # 4.9474 × 0.3 = 98.5158 × 40% = 39.4063. New customers 6 of 8 (4 a month) = 75 × 15% =
    # 11.25. Collection 554,000 / 602,000 = 92.03% → 80 × 20% = 16. Satisfaction weighed by
    # surveys (94 × 28 + 81 × 7) / 35 = 91.4 → 100 × 10% = 10. Teamwork, both months: self 4
    # → 75, manager 3 → 50, peers 3, 3, 4 (or 3, 3, 3) less the extremes → 3 → 50:
    # 7.5 + 30 + 15 = 52.5 × 15% = 7.875. Total 84.5313.
    assert str(round_to(tianjin.total, 4)) == "84.5313"
    # Beijing, March: 337,000 of 3,000,000 / 9 = 333,333.33 → 101.1% → 101.43 × 40% =
    # 40.572; new customers 2 of 32 / 9 = 56.25 → 8.4375; collection 90% → 16;
    # satisfaction 93 → 10; teamwork 52.5 → 7.875; one contract error -5. Total 77.8845.
    assert str(round_to(beijing.total, 4)) == "77.8845"
    # Weighed by months: (84.5313 × 2 + 77.8845) / 3 = 82.3157; grade C (0.8); paid for
    # 2/12 of 48,000 in Tianjin and 1/12 in Beijing: 0.8 × 12,000 = 9,600.
    assert str(round_to(t08.total, 2)) == "82.32"
    assert (t08.grade, t08.paid) == ("C", 960_000)
    assert (t08.unit, t08.rank, t08.rank_of) == ("beijing", 9, 10)


def test_the_joiner_by_hand(q1: Result) -> None:
    s08 = q1.person("S08")
    assert (s08.months, s08.segments[0].months) == (2, (2, 3))
    # Shenzhen's 2,025,000 a month is shared by 8 in February and March: 253,125 each, so
    # 506,250 for her two months; revenue 474,000 = 93.6296% → 98.0889 × 40% = 39.2356.
    # New customers 8 of 8 → 15. Collection 431,200 / 474,000 = 90.97% → 16. Satisfaction
    # (89 × 13 + 93 × 16) / 29 = 91.21 → 10. Teamwork: February all 5s → 100; March self 4
    # → 75, manager 5 → 100, peers 3, 4, 4 less the extremes → 4 → 75: 7.5 + 60 + 22.5 = 90;
    # average 95 × 15% = 14.25. Total 94.4856.
    assert str(round_to(s08.total, 4)) == "94.4856"
    # Grade B (1.0) × 48,000 × 2/12 = 8,000, scaled by the south pool: 300,000 for the
    # quarter over 261,600 of bonuses: 9,174.3119 → 9,174.31.
    assert s08.bonus_exact == 8000
    assert [(p.unit, p.amount, p.wanted) for p in q1.pools] == [("south", 30_000_000, 261_600)]
    assert (s08.paid, s08.bonus) == (917_431, Decimal("9174.31"))


def test_a_veto_in_one_month_zeroes_the_quarter(q1: Result) -> None:
    s06 = q1.person("S06")
    assert (s06.veto, s06.total, s06.grade, s06.paid) == (
        "zero_total", 0.0, "E", 0)


def test_the_json_carries_each_post_of_the_mover() -> None:
    result = CliRunner().invoke(main, ["score", SCHEME, "--data", DATA, "--period", "2026-Q1",
                                       "--format", "json"])
    people = {p["person"]: p for p in json.loads(result.stdout)["people"]}
    t08 = people["T08"]
    assert [(s["post"], s["months"], s["total"]) for s in t08["segments"]] == [
        ("tianjin_rep", ["2026-01", "2026-02"], 84.53), ("beijing_rep", ["2026-03"], 77.88)]
    assert (t08["total"], t08["grade"], t08["bonus"]) == (82.32, "C", 9600.0)
    revenue = next(i for i in t08["indicators"] if i["post"] == "beijing_rep")
    assert (revenue["value"], revenue["target"], revenue["points"]) == (
        337000.0, {"base": 333333.333333}, 101.43)


def scored(tmp_path: Path, data: str, scheme: str = SCHEME, period: str = "2026-Q1"
           ) -> Result:
    data_file = tmp_path / "data.csv"
    data_file.write_text(data, encoding="utf-8")
    loaded = load_scheme(scheme)
    return score(loaded, read_monthly(data_file, loaded), parse_period(period, 2026))


def test_a_veto_on_one_post_zeroes_the_member_in_the_averages(tmp_path: Path) -> None:
    text = Path(DATA).read_text(encoding="utf-8")
    march = "T08,何思远,beijing_rep,2026-03,337000,303300,2,93,19,4,3,3,5,3,1,0"
    assert march in text
    result = scored(tmp_path, text.replace(march, march[:-1] + "1"))
    t08, tm01 = result.person("T08"), result.person("TM01")
    assert (t08.veto, t08.total) == ("zero_total", 0.0)
    # Tianjin's members: T01 to T07 for three months each, and T08 for two, at 0.
    others = [result.person(f"T0{i}").total for i in range(1, 8)]
    team = next(i for i in tm01.segments[0].items if i.id == "team_result")
    assert team.points == pytest.approx(sum(t * 3 for t in others) / 23, rel=1e-15)
    assert words(team.step).startswith("average total of 8 members of 天津销售部")


def test_a_person_who_moves_away_and_back(tmp_path: Path) -> None:
    text = Path(SCHEME).read_text(encoding="utf-8").replace(
        "      - {post: tianjin_rep, until: 2026-02}\n      - {post: beijing_rep, from: 2026-03}",
        "      - {post: tianjin_rep, until: 2026-01}\n"
        "      - {post: beijing_rep, from: 2026-02, until: 2026-02}\n"
        "      - {post: tianjin_rep, from: 2026-03}")
    scheme = tmp_path / "scheme.yaml"
    scheme.write_text(text, encoding="utf-8")
    data = Path(DATA).read_text(encoding="utf-8")
    data = data.replace("T08,何思远,tianjin_rep,2026-02", "T08,何思远,beijing_rep,2026-02")
    data = data.replace("T08,何思远,beijing_rep,2026-03", "T08,何思远,tianjin_rep,2026-03")
    t08 = scored(tmp_path, data, str(scheme)).person("T08")
    # The latest post is the one held in March: Tianjin, whatever came between.
    assert (t08.post, t08.unit) == ("tianjin_rep", "tianjin")
    assert [(s.post, s.months) for s in t08.segments] == [
        ("beijing_rep", (2,)), ("tianjin_rep", (1, 3))]


def test_the_company_counts_each_member_once() -> None:
    result = CliRunner().invoke(main, ["explain", SCHEME, "--data", DATA, "--period", "2026-Q1",
                                       "--person", "GM01"])
    # 38 people under the general manager; the mover is one of them, on two posts.
    assert "   value:   average total of 38 members of 华夏优选, weighed by months: " in \
        result.stdout


def test_the_mover_and_the_joiner_explained_in_chinese() -> None:
    def explain(person: str) -> list[str]:
        result = CliRunner().invoke(main, ["explain", SCHEME, "--data", DATA, "--period",
                                           "2026-Q1", "--person", person, "--lang", "zh"])
        assert (result.exit_code, result.stderr) == (0, "")
        return result.stdout.splitlines()

    t08 = explain("T08")
    assert t08[:5] == [
        "何思远（T08）— 北京销售代表，北京销售部",
        "方案：华夏优选销售有限公司 2026年度绩效考核方案（sha256:7f73318f0eb6）",
        "期间：2026-Q1 (2026-01 至 2026-03)",
        "",
        "天津销售代表，2026-01 至 2026-02（3 个月中的 2 个月）：",
    ]
    assert t08[-4:] == [
        "按月数加权的总分：(84.53 × 2 + 77.88 × 1) / 3 = 82.32",
        "等级：C 合格（系数 0.8）",
        "奖金：0.8 × (48,000.00 × 2/12 + 48,000.00 × 1/12) = 9,600.00 CNY",
        "北京销售部内排名：第 9 名，共 10 人；全公司排名：第 32 名，共 39 人",
    ]
    assert explain("S08")[-2] == (
        "奖金：1.0 × 48,000.00 × 2/12 = 8,000.00，按华南销售中心奖金池调整（奖金池 300,000.00，"
        "调整前奖金合计 261,600.00） = 9,174.31 CNY")
    manager = explain("BM01")
    assert "   实际：北京销售部 9 名成员的平均总分（按月数加权）：94.2444" in manager
    assert "   规则：bands：北京销售部：实际值 93.2983 落在区间 [90, 95) → 80" in manager

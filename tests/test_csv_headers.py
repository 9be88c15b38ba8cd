"""score and targets --format csv --headers labels: the columns headed by the scheme's
labels (its indicators, sections, awards) and the run's language, not by ids; ids stay the
default."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from appraise import load_scheme
from appraise.cli import main
from appraise.report.headers import labelled

SALES = ["schemes/examples/sales_company.yaml", "--data", "schemes/examples/2026-Q1.csv"]
AWARDS = ["tests/schemes/language/award_quarter.yaml", "--data",
          "tests/schemes/language/award_quarter.csv", "--period", "2026-Q1"]
INDICATORS = ("销售额（任务/目标）,货款回笼率,销售成本率,客户满意度,严重违纪（一票否决）,"
              "销售目标完成率,计划制定及时率,团队协作,重大合同失误,重要客户拜访完成率,"
              "行业奖项加分,新客户数量,有效线索完成率,市场费用差异率,报表准确率")


def first_line(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()[0]


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", f"Person,Name,Post,Unit,Period,{INDICATORS},Weighted sum,Deductions,"
           "Bonus points,Veto,Total,Grade,Coefficient,Bonus,Rank,Ranked among"),
    ("zh", f"工号,姓名,岗位,部门,期间,{INDICATORS},加权得分,扣分,加分,否决,总分,等级,"
           "系数,奖金,排名,参与排名人数"),
])
def test_the_score_csv_headed_by_labels(lang: str, expected: str) -> None:
    assert first_line("score", *SALES, "--format", "csv", "--headers", "labels",
                      "--lang", lang) == expected


def test_the_ids_stay_the_default() -> None:
    assert first_line("score", *SALES, "--format", "csv", "--lang", "zh") == (
        "person,name,post,unit,period,points:revenue_two_level,points:collection_rate,"
        "points:sales_cost_rate,points:satisfaction,points:serious_violation,"
        "points:revenue_achievement,points:plan_timeliness,points:teamwork,"
        "points:contract_errors,points:key_visit_rate,points:industry_awards,"
        "points:new_customer_count,points:lead_achievement,points:expense_variance,"
        "points:report_accuracy,weighted_sum,deductions,bonuses,veto,total,grade,coefficient,"
        "bonus,rank,rank_of")


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Person,Name,Post,Unit,Period,环比,Weighted sum,Deductions,Bonus points,Veto,Total,"
           "Grade,Coefficient,Bonus,Rank,Ranked among,Months,Grade before calibration,Pool,"
           "Rank in the company,Ranked in the company,最佳"),
    ("zh", "工号,姓名,岗位,部门,期间,环比,加权得分,扣分,加分,否决,总分,等级,系数,奖金,排名,"
           "参与排名人数,在岗月数,强制分布前等级,奖金池,全公司排名,全公司参与排名人数,最佳"),
])
def test_a_period_kept_by_month_and_its_award(lang: str, expected: str) -> None:
    assert first_line("score", *AWARDS, "--format", "csv", "--headers", "labels",
                      "--lang", lang) == expected


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Cascade,Kind,Id,Label,Unit,Depth,Split,Target,Stretch,Children,Gap"),
    ("zh", "目标分解,类型,编号,名称,部门,层级,分解方式,目标,挑战目标,下级合计,差额"),
])
def test_the_targets_csv_headed_by_labels(lang: str, expected: str) -> None:
    assert first_line("targets", "schemes/examples/cascade_company.yaml", "--format", "csv",
                      "--headers", "labels", "--lang", lang) == expected


def test_a_label_two_columns_share_is_followed_by_the_id() -> None:
    scheme = load_scheme("schemes/examples/sales_company.yaml")
    assert labelled(["points:revenue_achievement", "total", "revenue_achievement.basis",
                     "revenue_achievement.note", "award:best:2026-03"], scheme) == [
        "销售目标完成率", "Total", "销售目标完成率: basis", "销售目标完成率: note",
        "best (2026-03)"]
    assert labelled(["grade", "grade"], scheme) == ["Grade (grade)", "Grade (grade)"]


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Error: Invalid value for '--headers': labels head the columns of a CSV: add "
           "--format csv, or leave --headers out\n"),
    ("zh", "错误：'--headers' 的值无效：labels 用于 CSV 的列标题：请加上 --format csv，"
           "或去掉 --headers\n"),
])
def test_labels_are_for_a_csv(lang: str, expected: str) -> None:
    result = CliRunner().invoke(main, ["score", *SALES, "--headers", "labels", "--lang", lang])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines(keepends=True)[-1] == expected

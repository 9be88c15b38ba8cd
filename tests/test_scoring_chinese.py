"""What scoring says of the figures it is given, in English and in Chinese: months a
person lacks, a formula that cannot give a number, a person asked for who is not there and
subjects counted for an owner the data lacks. Each message whole, as a person reads it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise.cli import main

EXAMPLES = Path("schemes/examples").resolve()
MONTHS = (EXAMPLES / "2026-months.csv").read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def errors(*args: str, lang: str) -> list[str]:
    """The lines of standard error of a run that fails."""
    result = CliRunner().invoke(main, [*args, "--lang", lang], prog_name="appraise")
    assert result.exit_code == 1
    return result.stderr.splitlines()


def months_without(keep: str) -> str:
    data = Path("data.csv")
    data.write_text("".join(line for line in MONTHS.splitlines(keepends=True)
                            if not line.startswith(keep)), encoding="utf-8")
    return str(data)


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "error: B01: person 'B01' has no row for 2026-02; period 2026-Q1 needs their "
           "figures for 2026-01 to 2026-03 (add the row; or, if they had left, end their post "
           "under people.B01.posts; or set calendar.missing_months: zero)"),
    ("zh", "错误：B01: 人员 'B01' 没有 2026-02 的数据行；期间 2026-Q1 需要其 2026-01 至 2026-03 "
           "的数据（请补上该行；如果此人已离开，请在 people.B01.posts 下结束其岗位；或设置 "
           "calendar.missing_months: zero）"),
])
def test_a_month_a_person_lacks(lang: str, expected: str) -> None:
    data = months_without("B01,王海涛,beijing_rep,2026-02")
    assert errors("score", str(EXAMPLES / "cascade_company.yaml"), "--data", data,
                  "--period", "2026-Q1", lang=lang) == [f"data.csv: {expected}"]


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "error: B01: person 'B01' has no row for any month of 2026-Q1, which needs their "
           "figures for 2026-01 to 2026-03 (add their rows; or, if they had left, end their "
           "post under people.B01.posts; or set calendar.missing_months: zero)"),
    ("zh", "错误：B01: 人员 'B01' 在 2026-Q1 的任何月份都没有数据行，而计分需要其 2026-01 至 "
           "2026-03 的数据（请补上其数据行；如果此人已离开，请在 people.B01.posts 下结束其岗位；"
           "或设置 calendar.missing_months: zero）"),
])
def test_a_person_with_no_month(lang: str, expected: str) -> None:
    data = months_without("B01,")
    assert errors("score", str(EXAMPLES / "cascade_company.yaml"), "--data", data,
                  "--period", "2026-Q1", lang=lang) == [f"data.csv: {expected}"]


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "7:1: error: SR01.collection_rate: cannot score 'collection_rate': division by zero "
           "(check the figures: a divisor in the formula is 0 for this person)"),
    ("zh", "7:1: 错误：SR01.collection_rate: 无法计算 'collection_rate' 的得分：除数为 0（请检查"
           "数据：此人公式中的除数为 0）"),
])
def test_a_formula_that_divides_by_zero(lang: str, expected: str) -> None:
    rows = list(csv.reader(io.StringIO((EXAMPLES / "2026-Q1.csv").read_text(encoding="utf-8"))))
    revenue = rows[0].index("revenue")
    for row in rows:
        if row[0] == "SR01":
            row[revenue] = "0"
    data = Path("data.csv")
    with data.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    assert errors("score", str(EXAMPLES / "sales_company.yaml"), "--data", str(data),
                  lang=lang)[0] == f"{data}:{expected}"


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "error: person 'SR99' is not in the data (expected one of: GM01, KA01, KA02, KA03, "
           "MD01, SD01, SR01, SR02, ... (12 in all))"),
    ("zh", "错误：数据中没有人员 'SR99'（应为以下之一：GM01, KA01, KA02, KA03, MD01, SD01, SR01, "
           "SR02……（共 12 个））"),
])
def test_a_person_asked_for_who_is_not_there(lang: str, expected: str) -> None:
    data = str(EXAMPLES / "2026-Q1.csv")
    said = errors("explain", str(EXAMPLES / "sales_company.yaml"), "--data", data, "--person",
                  "SR99", lang=lang)
    assert said[-1] == f"{data}: {expected}"


@pytest.mark.parametrize(("lang", "owner", "expected"), [
    ("en", "KA09", "2:1: error: C001: customer 'C001' (上海宏达机电) and 1 more are looked after "
                   "by 'KA09', who has no row in {data} (check the owner's id against the data "
                   "file, or add their row)"),
    ("zh", "KA09", "2:1: 错误：C001: 客户 'C001'（上海宏达机电）和另外 1 个由 'KA09' 负责，"
                   "但此人在 {data} 中没有数据行（请对照数据文件核对负责人的人员编号，或为其添加"
                   "一行）"),
    ("en", "", "2:1: error: C001.owner: customer 'C001' (上海宏达机电) has no owner: 'owner' "
               "(负责销售) is blank (fill in the id of the person who looks after it)"),
    ("zh", "", "2:1: 错误：C001.owner: 客户 'C001'（上海宏达机电）没有负责人：'owner'（负责销售） "
               "为空（请填写其负责人的人员编号）"),
])
def test_subjects_and_their_owners(lang: str, owner: str, expected: str) -> None:
    subjects = Path("subjects.csv")
    text = (EXAMPLES / "customers-2026-Q1.csv").read_text(encoding="utf-8")
    subjects.write_text(text.replace(",KA01\n", f",{owner}\n", 1 if not owner else -1),
                        encoding="utf-8")
    data = str(EXAMPLES / "customer_sales-2026-Q1.csv")
    said = errors("score", str(EXAMPLES / "customer_sales.yaml"), "--data", data, "--subjects",
                  f"customers={subjects}", lang=lang)
    assert said == [f"subjects.csv:{expected.format(data=data)}"]

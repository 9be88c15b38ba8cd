"""``appraise test --lang zh``: a failure's table and the person's explain trace in Chinese,
and each bad case named at its line in Chinese, exactly; the English is in
tests/test_scheme_tests.py."""

from __future__ import annotations

from pathlib import Path

from test_scheme_tests import BAD_CASES, client, invoke

__all__ = ["client"]  # the fixture: the example scheme and its data as the current folder

SR06_WARNING = ("2026-Q1.csv:12:1: 警告：SR06: 人员 'SR06' 不在方案的人员名单中，按数据所写的岗位 "
                "'sales_rep' 计分（请在方案的 people: 下添加此人，或改正编号）\n")


WRONG_TOTAL = (  # the worked example's case, its total and grade wrong
    "cases:\n"
    "  - name: the worked example, with a wrong total\n"
    "    data: 2026-Q1.csv\n"
    "    expect:\n"
    "      SR01:\n"
    "        points: {revenue_achievement: 120}\n"
    "        total: 95\n"
    "        grade: A\n")


def test_a_failure_in_chinese_with_the_explain_trace_in_chinese(client: Path) -> None:
    (client / "sales_company.tests.yaml").write_text(WRONG_TOTAL, encoding="utf-8")
    code, out, err = invoke("test", ".", "--lang", "zh")
    assert (code, err) == (1, SR06_WARNING)
    lines = out.splitlines()
    assert lines[:11] == [
        "sales_company.tests.yaml:2: 失败: the worked example, with a wrong total",
        "  人员  项目                        预期    实际",
        "  ----  --------------------------  ----  ------",
        "  SR01  points revenue_achievement   120  119.50",
        "  SR01  total                         95   94.80",
        "  SR01  grade                          A       B",
        "",
        "    张伟（SR01）— 销售代表，销售部",
        "    方案：华东智联销售有限公司 2026年度绩效考核方案（sha256:4403a0914086）",
        "    期间：2026-Q1",
        ""]
    assert lines[-8:] == [
        "    加权得分：99.80",
        "    扣分项：-5.00",
        "    总分：94.80",
        "    等级：B 良好（系数 1.0）",
        "    奖金：1.0 × 20,000.00 = 20,000.00 CNY",
        "    销售部内排名：第 2 名，共 6 人",
        "",
        "0 个通过，1 个失败，共 1 个文件"]


def test_bad_cases_are_named_in_chinese(client: Path) -> None:
    (client / "sales_company.tests.yaml").write_text(BAD_CASES, encoding="utf-8")
    assert invoke("test", "sales_company.tests.yaml", "--lang", "zh") == (1, (
        "sales_company.tests.yaml:2: 错误: unknown names\n"
        "sales_company.tests.yaml:11: 错误: people the data does not score\n"
        "sales_company.tests.yaml:16: 通过: fine\n"
        "1 个通过，0 个失败，2 个错误，共 1 个文件\n"), (
        "sales_company.tests.yaml:4:14: 错误：cases[0].actuals.SR01.revenu: 未知的字段 'revenu'"
        "（是否应为 'revenue'？）\n"
        "sales_company.tests.yaml:4:7: 错误：cases[0].actuals.SR01: 字段 'revenue'（销售额）"
        "没有值，岗位 'sales_rep' 需要它（请添加 'revenue:' 及其值；没有发生时写 0）\n"
        "sales_company.tests.yaml:6:7: 错误：cases[0].expect.SR02: 人员 'SR02' 在本用例中没有实际值"
        "（是否应为 'SR01'？）\n"
        "sales_company.tests.yaml:8:18: 错误：cases[0].expect.SR01.points.revenue_achievment: "
        "未知的指标 'revenue_achievment'（是否应为 'revenue_achievement'？）\n"
        "sales_company.tests.yaml:8:58: 错误：cases[0].expect.SR01.points.collection_rate: "
        "80.125 的小数位数比输出显示的多：方案把分数保留 2 位小数（rounding.points）（请按输出"
        "显示的样子写数字，例如 80.13）\n"
        "sales_company.tests.yaml:9:16: 错误：cases[0].expect.SR01.grade: 方案中没有等级 'Z'"
        "（应为以下之一：A, B, C, D, E）\n"
        "sales_company.tests.yaml:10:16: 错误：cases[0].expect.SR01.bonus: 20000.001 的小数位数比"
        "输出显示的多：方案把金额保留 2 位小数（rounding.money）（请按输出显示的样子写数字，例如 "
        "20000.00）\n"
        "sales_company.tests.yaml:14:7: 错误：cases[1].expect.XX01: 人员 'XX01' 在本用例中没有计分"
        "（请对照数据文件和用例的期间核对编号）\n"
        "sales_company.tests.yaml:15:23: 错误：cases[1].expect.SR01.points.key_visit_rate: "
        "指标 'key_visit_rate' 不在 'SR01' 的考核表上（销售代表）（请检查该考核表上指标的得分）\n"
        + SR06_WARNING))


def test_a_test_file_without_its_scheme_in_chinese(tmp_path: Path) -> None:
    tests = tmp_path / "payroll.tests.yaml"
    tests.write_text("cases:\n  - name: one\n    data: q1.csv\n    expect: {SR01: {total: 1}}\n",
                     encoding="utf-8")
    code, out, err = invoke("test", str(tests), "--lang", "zh")
    assert (code, out) == (1, "0 个通过，0 个失败，1 个错误，共 1 个文件\n")
    assert err == (
        f"{tests}:1:1: 错误：本测试文件旁没有方案 {tmp_path / 'payroll.yaml'}（请用 'scheme:' "
        "指定方案（路径相对于本测试文件），或按方案命名测试文件：<方案>.tests.yaml）\n"
        f"{tests}:3:11: 错误：cases[0].data: 没有数据文件 'q1.csv'（查找的是 "
        f"{tmp_path / 'q1.csv'}）（请写相对于本测试文件所在文件夹的路径）\n")

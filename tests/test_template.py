"""``appraise template``: the data-entry workbook, looked at as Excel shows it (openpyxl),
in English and Chinese, and the messages for what it refuses."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from appraise import i18n
from appraise.cli import main

ROOT = Path(__file__).resolve().parent.parent
SALES = ROOT / "schemes" / "examples" / "sales_company.yaml"
CASCADE = ROOT / "schemes" / "examples" / "cascade_company.yaml"
GREY = "FFD9D9D9"


@pytest.fixture(autouse=True)
def _english_after(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A command sets the language of its run; the next test starts in English."""
    monkeypatch.delenv("APPRAISE_LANG", raising=False)
    monkeypatch.setenv("LANG", "C")
    yield
    i18n.set_language("en")


def run(*args: str) -> Any:
    return CliRunner().invoke(main, ["template", *args])


def workbook(tmp_path: Path, scheme: Path, *args: str, name: str = "t.xlsx") -> Any:
    import openpyxl

    out = tmp_path / name
    result = run(str(scheme), *args, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return openpyxl.load_workbook(out)


def headers(sheet: Any) -> list[str]:
    return [c.value for c in sheet[1]]


def white(sheet: Any, row: int) -> list[str]:
    """The headers of the cells of ``row`` to fill in (not grey), past the person's."""
    return [sheet.cell(1, k).value for k in range(6, sheet.max_column + 1)
            if sheet.cell(row, k).fill.fgColor.rgb != GREY]


def column_format(sheet: Any, column: int) -> str:
    """The number format of a column's cells (openpyxl keeps alike columns together)."""
    found = [d for d in sheet.column_dimensions.values() if d.min <= column <= d.max]
    assert len(found) == 1
    return str(found[0].number_format)


def validation(sheet: Any, column: str) -> tuple[Any, ...]:
    found = [v for v in sheet.data_validations.dataValidation
             if str(v.sqref).startswith(column + "2:")]
    assert len(found) == 1
    v = found[0]
    return (v.type, v.formula1, v.formula2, str(v.sqref), v.promptTitle, v.prompt,
            v.errorTitle, v.error, v.showErrorMessage, v.allow_blank)


SALES_EN = ["id", "name", "post", "unit", "period", "销售额 (yuan)", "回款额 (yuan)",
            "销售费用 (yuan)", "新客户数 (customers)", "客户满意度 (score)", "团队协作",
            "重大合同失误次数 (times)", "严重违纪次数 (times)", "重要客户拜访次数 (visits)",
            "应拜访重要客户数 (customers)", "行业奖项 (awards)", "按时提交的计划数 (plans)",
            "应提交的计划数 (plans)", "有效销售线索 (leads)", "市场费用 (yuan)",
            "市场费用预算 (yuan)", "提交报表数 (reports)", "有误报表数 (reports)"]


def test_the_english_workbook_of_the_example(tmp_path: Path) -> None:
    book = workbook(tmp_path, SALES, "--period", "2026-Q1", "--lang", "en")
    assert book.sheetnames == ["Data", "Instructions", "Lists"]
    assert [book[s].sheet_state for s in book.sheetnames] == ["visible", "visible", "hidden"]
    sheet = book.worksheets[0]
    assert headers(sheet) == SALES_EN
    rows = [r[:5] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert rows[:2] == [("GM01", "陈建国", "general_manager", "华东智联销售有限公司", "2026-Q1"),
                        ("SD01", "林晓峰", "sales_director", "销售中心", "2026-Q1")]
    assert [r[0] for r in rows] == ["GM01", "SD01", "KA01", "KA02", "KA03", "SR01", "SR02",
                                    "SR03", "SR04", "SR05", "MD01"]
    assert all(v is None for r in sheet.iter_rows(min_row=2, min_col=6, values_only=True)
               for v in r)
    assert sheet.freeze_panes == "C2"
    assert sheet.protection.sheet is False
    # the cells each card reads, as the example's data file fills them in
    assert white(sheet, 2) == ["销售额 (yuan)", "回款额 (yuan)", "销售费用 (yuan)",
                               "客户满意度 (score)", "严重违纪次数 (times)"]
    assert white(sheet, 7) == ["销售额 (yuan)", "回款额 (yuan)", "销售费用 (yuan)",
                               "新客户数 (customers)", "客户满意度 (score)", "团队协作",
                               "重大合同失误次数 (times)", "严重违纪次数 (times)"]
    assert white(sheet, 12) == ["团队协作", "严重违纪次数 (times)", "按时提交的计划数 (plans)",
                                "应提交的计划数 (plans)", "有效销售线索 (leads)",
                                "市场费用 (yuan)", "市场费用预算 (yuan)", "提交报表数 (reports)",
                                "有误报表数 (reports)"]
    assert {sheet.cell(2, k).fill.fgColor.rgb for k in range(1, 6)} == {GREY}
    assert (sheet.cell(2, 1).number_format, column_format(sheet, 6), column_format(sheet, 11),
            column_format(sheet, 12), sheet.cell(2, 12).number_format) == \
        ("@", "#,##0.00", "@", "0", "General")  # a cell to fill in takes its column's format
    assert sheet.column_dimensions["C"].width == pytest.approx(21.71, abs=0.01)
    assert sheet.cell(1, 6).comment.text == (
        "销售额 (revenue)\nCounting rule: 开票收入，扣除退货；按开票日期计入当期\n"
        "Unit: yuan\nEnter: a number")
    assert sheet.cell(1, 11).comment.text == (
        "团队协作 (teamwork)\nCounting rule: 直接上级评价\n"
        "Enter: one of A, B, C, D (from the list)\n"
        "  A: 优秀 (100)\n  B: 良好 (80)\n  C: 合格 (60)\n  D: 待改进 (40)")
    assert validation(sheet, "F") == (
        "decimal", "-1000000000000000", "1000000000000000", "F2:F12", "销售额 (yuan)",
        "Enter a number.", "Not allowed here", "销售额 (yuan): enter a number.", True, True)
    assert validation(sheet, "K") == (
        "list", "'Lists'!$A$2:$A$5", None, "K2:K12", "团队协作",
        "Enter one of A, B, C, D (from the list).", "Not allowed here",
        "团队协作: enter one of A, B, C, D (from the list).", True, True)
    assert validation(sheet, "L") == (
        "whole", "0", "1000000000000000", "L2:L12", "重大合同失误次数 (times)",
        "Enter a whole number, 0 or more.", "Not allowed here",
        "重大合同失误次数 (times): enter a whole number, 0 or more.", True, True)
    assert [c.value for c in book["Lists"]["A"]] == ["teamwork", "A", "B", "C", "D"]
    guide = [r[0] for r in book["Instructions"].iter_rows(max_row=8, values_only=True)]
    assert guide == [
        "华东智联销售有限公司 2026年度绩效考核方案: data for 2026-Q1", None,
        "1. Fill in the sheet 'Data': one row per person; do not rename, move or delete its "
        "columns.",
        "2. The id, name, post and unit of each person appraised in 2026-Q1 are filled in "
        "from the scheme.",
        "3. A grey cell is a figure the person's scorecard does not use: leave it empty.",
        "4. Point at a column's header to read its counting rule; a cell refuses what the "
        "column does not take, and a rating is chosen from the drop-down list.",
        "5. A person the scheme does not list: add a row with their id, name and post.",
        f"6. Then score the workbook: appraise score {SALES} --data t.xlsx"]
    table = list(book["Instructions"].iter_rows(min_row=10, max_row=11, values_only=True))
    assert table == [("Column", "Field", "Enter", "Counting rule"),
                     ("销售额 (yuan)", "revenue", "a number",
                      "开票收入，扣除退货；按开票日期计入当期")]


def test_the_chinese_workbook_of_the_example(tmp_path: Path) -> None:
    book = workbook(tmp_path, SALES, "--period", "2026-Q1", "--lang", "zh")
    assert book.sheetnames == ["数据录入", "填写说明", "下拉选项"]
    sheet = book.worksheets[0]
    assert headers(sheet)[:12] == ["工号", "姓名", "岗位", "部门", "期间", "销售额（元）",
                                   "回款额（元）", "销售费用（元）", "新客户数（家）",
                                   "客户满意度（分）", "团队协作", "重大合同失误次数（次）"]
    assert sheet.cell(1, 6).comment.text == (
        "销售额 (revenue)\n统计口径：开票收入，扣除退货；按开票日期计入当期\n单位：元\n"
        "填写要求：数字")
    assert validation(sheet, "K") == (
        "list", "'下拉选项'!$A$2:$A$5", None, "K2:K12", "团队协作",
        "请填写A, B, C, D 之一（从下拉列表选择）。", "填写内容无效",
        "团队协作：请填写A, B, C, D 之一（从下拉列表选择）。", True, True)
    assert validation(sheet, "L")[4:8] == (
        "重大合同失误次数（次）", "请填写不小于 0 的整数。", "填写内容无效",
        "重大合同失误次数（次）：请填写不小于 0 的整数。")
    guide = [r[0] for r in book["填写说明"].iter_rows(max_row=8, values_only=True)]
    assert guide == [
        "华东智联销售有限公司 2026年度绩效考核方案：2026-Q1 考核数据", None,
        "1. 请在“数据录入”表中填写，每人一行；不要重命名、移动或删除其中的列。",
        "2. 2026-Q1 参加考核人员的工号、姓名、岗位和部门已按方案填好。",
        "3. 灰色单元格是该员工考核表不使用的数据项，请留空。",
        "4. 将鼠标移到列标题上可查看其统计口径；单元格会拒绝不符合要求的内容，"
        "评价等级请从下拉列表中选择。",
        "5. 方案中没有的人员：请新增一行，填写其工号、姓名和岗位。",
        f"6. 填好后计算得分：appraise score {SALES} --data t.xlsx"]


def test_a_scheme_kept_by_month_has_a_row_a_month_on_each_months_post(tmp_path: Path) -> None:
    book = workbook(tmp_path, CASCADE, "--period", "2026-Q1", "--raters", "peer=3",
                    "--lang", "zh")
    sheet = book.worksheets[0]
    assert headers(sheet) == [
        "工号", "姓名", "岗位", "部门", "期间", "销售额（元）", "回款额（元）", "新客户数（家）",
        "客户满意度（分）", "有效问卷数（份）", "团队协作@self", "团队协作@manager",
        "团队协作@peer1", "团队协作@peer2", "团队协作@peer3", "重大合同失误次数（次）",
        "严重违纪次数（次）"]
    rows = [r[:5] for r in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(rows) == 38 + 39 + 39  # S08 joined in February
    assert [rows[k][4] for k in (0, 37, 38, 76, 77, 115)] == \
        ["2026-01", "2026-01", "2026-02", "2026-02", "2026-03", "2026-03"]
    t08 = [r for r in rows if r[0] == "T08"]
    assert t08 == [("T08", "何思远", "tianjin_rep", "天津销售部", "2026-01"),
                   ("T08", "何思远", "tianjin_rep", "天津销售部", "2026-02"),
                   ("T08", "何思远", "beijing_rep", "北京销售部", "2026-03")]
    assert white(sheet, 2) == ["严重违纪次数（次）"]  # the general manager: his unit's figures
    assert white(sheet, 5) == ["团队协作@self", "团队协作@manager", "团队协作@peer1",
                               "团队协作@peer2", "团队协作@peer3", "严重违纪次数（次）"]
    assert sheet.cell(1, 13).comment.text == (
        "团队协作 (teamwork)\n统计口径：360度评价：本人、直接上级、三位同事，各按1-5分打分\n"
        "填写要求：1 至 5 之间的数值\n评分人：peer1")
    assert validation(sheet, "M")[:4] == ("decimal", "1", "5", "M2:M117")
    guide = book["填写说明"]
    assert guide["A4"].value == "2. 每人在 2026-Q1 的每个月各占一行，岗位为其当月所在岗位。"
    assert guide["A8"].value == \
        f"6. 填好后计算得分：appraise score {CASCADE} --data t.xlsx --period 2026-Q1"


def test_one_column_a_rater_group_unless_told(tmp_path: Path) -> None:
    sheet = workbook(tmp_path, CASCADE, "--period", "2026-03", "--lang", "en").worksheets[0]
    assert headers(sheet)[10:13] == ["团队协作@self", "团队协作@manager", "团队协作@peer"]
    assert sheet.max_row == 40


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "q1.xlsx: 11 rows for 2026-Q1, 18 columns of figures to fill in; then: appraise "
           "score {scheme} --data q1.xlsx\n"),
    ("zh", "q1.xlsx：2026-Q1 共 11 行、18 列待填数据；填好后运行：appraise score {scheme} "
           "--data q1.xlsx\n")])
def test_what_it_says_it_wrote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str,
                               said: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(str(SALES), "--period", "2026-Q1", "-o", "q1.xlsx", "--lang", lang)
    assert (result.exit_code, result.stdout, result.stderr) == \
        (0, said.format(scheme=SALES), "")


def test_standard_output_when_it_is_not_a_terminal() -> None:
    result = run(str(CASCADE), "--period", "2026-Q1", "-o", "-", "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout_bytes[:2] == b"PK"
    assert result.stderr == ("FILE.xlsx: 116 rows for 2026-Q1, 10 columns of figures to fill "
                             f"in; then: appraise score {CASCADE} --data FILE.xlsx --period "
                             "2026-Q1\n")


@pytest.mark.parametrize(("lang", "message"), [
    ("en", "Error: Invalid value for '-o' / '--output': a workbook is not written to a "
           "terminal; give a file name, e.g. -o data.xlsx\n"),
    ("zh", "错误：'-o' / '--output' 的值无效：工作簿不能输出到终端，请给出文件名，"
           "如 -o data.xlsx\n")])
def test_never_to_a_terminal(monkeypatch: pytest.MonkeyPatch, lang: str, message: str) -> None:
    monkeypatch.setattr("appraise.cli_template._terminal", lambda: True)
    result = run(str(SALES), "--period", "2026-Q1", "-o", "-", "--lang", lang)
    assert (result.exit_code, result.stdout_bytes) == (2, b"")
    assert result.stderr.endswith(message)


@pytest.mark.parametrize(("args", "lang", "message"), [
    (["-o", "t.csv"], "en", "Invalid value for '-o' / '--output': 't.csv' does not end in "
     ".xlsx: the template is an Excel workbook; name it e.g. data.xlsx"),
    (["-o", "t.csv"], "zh", "'-o' / '--output' 的值无效：'t.csv' 不以 .xlsx 结尾：录入"
     "模板是 Excel 工作簿，请命名为如 data.xlsx"),
    (["-o", "t.xlsx", "--raters", "peer"], "en", "Invalid value for '--raters': 'peer' is not "
     "GROUP=N with N from 1 to 50; write e.g. peer=3"),
    (["-o", "t.xlsx", "--raters", "peer=0"], "zh", "'--raters' 的值无效：'peer=0' 不是"
     "“评分人组=人数”（人数 1 至 50）的写法；请写成如 peer=3"),
    (["-o", "t.xlsx", "--raters", "peers=3"], "en", "Invalid value for '--raters': no field of "
     "the scheme is rated by 'peers'; its rater groups: self, manager, peer"),
    (["-o", "t.xlsx", "--raters", "peers=3"], "zh", "'--raters' 的值无效：方案中没有由 "
     "'peers' 评分的数据项；评分人组有：self, manager, peer"),
    (["-o", "t.xlsx", "--period", "2026-Q5"], "en", "Invalid value for '--period': '2026-Q5' is "
     "not a period; write one of 2026-03, 2026-Q1, 2026-H1, 2026, 2026-YTD-05 or 2026-YTD"),
    (["-o", "t.xlsx", "--period", "2025-Q1"], "en", "Invalid value for '--period': period "
     "'2025-Q1' is not in the scheme's year 2026"),
])
def test_what_it_refuses(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str],
                         lang: str, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    given = ["--period", "2026-Q1", *args] if "--period" not in args else args
    result = run(str(CASCADE), *given, "--lang", lang)
    assert result.exit_code == 2
    error = "错误：" if message[:1] == "'" and "的值无效" in message else "Error: "
    assert result.stderr.splitlines()[-1] == error + message
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("lang", "message"), [
    ("en", "Invalid value for '--period': give the period's name, e.g. 2026-Q1"),
    ("zh", "'--period' 的值无效：请给出考核期间的名称，如 2026-Q1")])
def test_a_plain_scheme_needs_the_periods_name(tmp_path: Path, lang: str, message: str) -> None:
    result = run(str(SALES), "--period", " ", "-o", str(tmp_path / "t.xlsx"), "--lang", lang)
    assert result.exit_code == 2
    error = "错误：" if message[:1] == "'" and "的值无效" in message else "Error: "
    assert result.stderr.splitlines()[-1] == error + message
    assert list(tmp_path.iterdir()) == []


def test_an_invalid_scheme_writes_nothing(tmp_path: Path) -> None:
    broken = tmp_path / "s.yaml"
    broken.write_text(SALES.read_text(encoding="utf-8").replace(
        "formula: new_customers", "formula: new_customer"), encoding="utf-8")
    result = run(str(broken), "--period", "2026-Q1", "-o", str(tmp_path / "t.xlsx"))
    assert result.exit_code == 1
    assert result.stderr == (f"{broken}:137:14: error: indicators.new_customer_count.formula: "
                             "unknown name 'new_customer' (did you mean 'new_customers'?)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.yaml"]


def test_never_over_the_scheme(tmp_path: Path) -> None:
    scheme = tmp_path / "s.xlsx"
    scheme.write_bytes(SALES.read_bytes())
    result = run(str(scheme), "--period", "2026-Q1", "-o", str(scheme))
    assert result.exit_code == 2
    assert scheme.read_bytes() == SALES.read_bytes()


def test_an_existing_workbook_is_replaced_whole(tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    out.write_bytes(b"old")
    result = run(str(SALES), "--period", "2026-Q1", "-o", str(out))
    assert result.exit_code == 0
    assert out.read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.xlsx"]


@pytest.mark.parametrize(("language", "environment", "option", "sheets"), [
    ("zh", None, None, ["数据录入", "填写说明", "下拉选项"]),
    ("zh", None, "en", ["Data", "Instructions", "Lists"]),
    (None, "zh", None, ["数据录入", "填写说明", "下拉选项"]),
    ("en", "zh", None, ["数据录入", "填写说明", "下拉选项"]),
    (None, None, None, ["Data", "Instructions", "Lists"])])
def test_the_language_is_the_options_else_the_environments_else_the_schemes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str | None,
        environment: str | None, option: str | None, sheets: list[str]) -> None:
    scheme = tmp_path / "s.yaml"
    text = SALES.read_text(encoding="utf-8")
    scheme.write_text(text.replace("appraise: 1\n", f"appraise: 1\nlanguage: {language}\n")
                      if language else text, encoding="utf-8")
    if environment:
        monkeypatch.setenv("APPRAISE_LANG", environment)
    book = workbook(tmp_path, scheme, "--period", "2026-Q1",
                    *(["--lang", option] if option else []))
    assert book.sheetnames == sheets


def test_a_customer_schemes_template_asks_for_each_customers_owner(tmp_path: Path) -> None:
    book = workbook(tmp_path, ROOT / "schemes" / "examples" / "customers.yaml",
                    "--period", "2026-Q1", "--lang", "en")
    sheet = book.worksheets[0]
    assert headers(sheet)[5:] == ["销售额 (yuan)", "按期回款额 (yuan)", "应回款额 (yuan)",
                                  "合作年限 (years)", "增长潜力", "负责销售"]
    assert validation(sheet, "K")[:6] == (None, None, None, "K2:K6", "负责销售",
                                          "Enter any text.")


def test_no_list_sheet_without_a_rating(tmp_path: Path) -> None:
    book = workbook(tmp_path, CASCADE, "--period", "2026-Q1", "--lang", "en")
    assert book.sheetnames == ["Data", "Instructions"]

"""``score --format xlsx -o FILE``: the results as an Excel workbook, read back as Excel would
(openpyxl): its sheets, headings in both languages, formats, frozen panes and filters, and
every number the same as the CSV's."""

from __future__ import annotations

import csv
import io
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from appraise import i18n
from appraise.cli import main
from appraise.report.xlsx_sheets import SheetNames

EXAMPLES = "schemes/examples/"
PLAIN = [EXAMPLES + "sales_company.yaml", "--data", EXAMPLES + "2026-Q1.csv"]
MONTHS = [EXAMPLES + "cascade_company.yaml", "--data", EXAMPLES + "2026-months.csv",
          "--period", "2026-Q1"]


@pytest.fixture(autouse=True)
def _english_unless_asked(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each run's language from --lang only; English again after the test."""
    monkeypatch.delenv("APPRAISE_LANG", raising=False)
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.setenv(name, "C")
    yield
    i18n.set_language("en")


def run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def workbook(tmp_path: Path, args: list[str], lang: str = "en", *more: str
             ) -> openpyxl.Workbook:
    out = tmp_path / f"results-{lang}.xlsx"
    done = run("score", *args, "--format", "xlsx", "-o", str(out), "--lang", lang, *more)
    assert done.exit_code == 0, done.output
    return openpyxl.load_workbook(out)


def csv_rows(args: list[str]) -> list[dict[str, str]]:
    done = run("score", *args, "--format", "csv")
    assert done.exit_code == 0, done.output
    return list(csv.DictReader(io.StringIO(done.stdout)))


def sheet_rows(sheet: Any) -> list[tuple[Any, ...]]:
    return list(sheet.iter_rows(values_only=True))


SUMMARY_EN = [  # a workbook's default, labels: as the CSV's (tests/test_csv_headers.py)
    "Person", "Name", "Post", "Unit", "Period", "销售额（任务/目标）", "货款回笼率",
    "销售成本率", "客户满意度", "严重违纪（一票否决）", "销售目标完成率", "计划制定及时率",
    "团队协作", "重大合同失误", "重要客户拜访完成率", "行业奖项加分", "新客户数量",
    "有效线索完成率", "市场费用差异率", "报表准确率", "Weighted sum", "Deductions",
    "Bonus points", "Veto", "Total", "Grade", "Coefficient", "Bonus", "Rank", "Ranked among"]
SUMMARY_ZH = ["工号", "姓名", "岗位", "部门", "期间", *SUMMARY_EN[5:20], "加权得分", "扣分",
              "加分", "否决", "总分", "等级", "系数", "奖金", "排名", "参与排名人数"]
TEXT_COLUMNS = {"person", "name", "post", "unit", "period", "veto", "grade", "grade_scored",
                "pool"}


def assert_same_as_csv(sheet: Any, rows: list[dict[str, str]], labels: dict[str, Any],
                       exact: dict[str, str] | None = None) -> None:
    """Each cell of the summary is the CSV's: a number equal to its text, text the same
    (posts and units by their labels), in the same rows and order."""
    names = list(rows[0])
    if exact is not None:  # the bonus before the pool, just before the bonus
        names.insert(names.index("bonus"), "bonus_before_pool")
    got = sheet_rows(sheet)[1:]
    assert len(got) == len(rows)
    for row, cells in zip(rows, got, strict=True):
        for name, cell in zip(names, cells, strict=True):
            if name == "bonus_before_pool":
                assert exact is not None
                assert cell == float(exact[row["person"]]), (row["person"], name)
                continue
            text = row[name]
            if name in ("post", "unit"):
                assert cell == labels[name][text].label
            elif name in TEXT_COLUMNS:
                assert (cell or "") == text, (row["person"], name)
            else:
                assert cell == (float(text) if text else None), (row["person"], name, text)
                assert not isinstance(cell, str)


def test_the_summary_of_a_plain_period_is_the_csv_in_both_languages(tmp_path: Path) -> None:
    from appraise import load_scheme

    scheme = load_scheme(PLAIN[0])
    rows = csv_rows(PLAIN)
    for lang, heads, names in (
            ("en", SUMMARY_EN, ["Summary", "Score details"]),
            ("zh", SUMMARY_ZH, ["汇总", "得分明细"])):
        ids = workbook(tmp_path, PLAIN, lang, "--headers", "ids")
        assert list(sheet_rows(ids[names[0]])[0]) == list(rows[0])
        book = workbook(tmp_path, PLAIN, lang)  # headed by labels unless told ids
        assert book.sheetnames == [*names, "华东智联销售有限公司", "销售中心", "大客户部",
                                   "销售部", "市场部"]
        summary = book[names[0]]
        assert list(sheet_rows(summary)[0]) == heads
        for name in book.sheetnames[2:]:
            assert list(sheet_rows(book[name])[0]) == heads
        assert_same_as_csv(summary, rows, {"post": scheme.posts, "unit": scheme.units})
        assert (summary.freeze_panes, summary.auto_filter.ref) == ("C2", "A1:AD13")
        formats = [c.number_format for c in summary[4]]  # KA01
        assert formats[:7] == ["@", "@", "@", "@", "@", "0.00", "0.00"]
        assert formats[-6:] == ["0.00", "@", "General", "#,##0.00", "0", "0"]
        assert summary["AB2"].value == 60000 and summary["AB2"].number_format == "#,##0.00"


def test_each_unit_has_a_sheet_of_its_people_in_the_summary_order(tmp_path: Path) -> None:
    book = workbook(tmp_path, PLAIN)
    summary = sheet_rows(book["Summary"])
    for name in book.sheetnames[2:]:
        rows = sheet_rows(book[name])
        assert rows[0] == summary[0]
        assert rows[1:] == [r for r in summary[1:] if r[3] == name]
        assert (book[name].freeze_panes, book[name].auto_filter.ref) == (
            "C2", f"A1:AD{len(rows)}")
    assert [r[0] for r in sheet_rows(book["销售部"])[1:]] == [
        "SR01", "SR02", "SR03", "SR04", "SR05", "SR06"]


def test_a_period_kept_by_month_adds_its_units_calibration_and_pools(tmp_path: Path) -> None:
    from appraise import load_scheme

    scheme = load_scheme(MONTHS[0])
    rows = csv_rows(MONTHS)
    json_done = run("score", *MONTHS, "--format", "json")
    import json

    exact = {p["person"]: f"{p['bonus_before_pool']:.2f}"
             for p in json.loads(json_done.stdout)["people"]}
    for lang, names in (("en", ["Summary", "Unit results", "Calibration", "Bonus pools",
                                "Score details"]),
                        ("zh", ["汇总", "部门结果", "强制分布", "奖金池", "得分明细"])):
        ids = workbook(tmp_path, MONTHS, lang, "--headers", "ids")
        assert sheet_rows(ids[names[0]])[0][-9:] == (
            "bonus_before_pool", "bonus", "rank", "rank_of", "months", "grade_scored", "pool",
            "company_rank", "company_of")
        book = workbook(tmp_path, MONTHS, lang)
        assert book.sheetnames == [*names, "华夏优选", "华北销售中心", "华南销售中心",
                                   "北京销售部", "天津销售部", "广州销售部", "深圳销售部"]
        summary = book[names[0]]
        assert_same_as_csv(summary, rows, {"post": scheme.posts, "unit": scheme.units}, exact)
        assert sheet_rows(summary)[0][-9:] == (
            ("Bonus before the pool", "Bonus", "Rank", "Ranked among", "Months",
             "Grade before calibration", "Pool", "Rank in the company",
             "Ranked in the company") if lang == "en" else
            ("奖金池调整前奖金", "奖金", "排名", "参与排名人数", "在岗月数", "强制分布前等级",
             "奖金池", "全公司排名", "全公司参与排名人数"))
    book = workbook(tmp_path, MONTHS, "zh")
    assert [sheet_rows(book[name])[0] for name in ("部门结果", "强制分布", "奖金池")] == [
        ("部门", "指标", "实际", "目标", "挑战目标", "完成率", "得分"),
        ("工号", "姓名", "范围", "组内排名", "参与排名人数", "强制分布前等级", "等级", "原因"),
        ("部门", "人数", "调整前奖金合计", "奖金池", "实发")]
    assert sheet_rows(book["强制分布"])[1][-1] == \
        "10 人中 A 及以上至多 20%：2 人（四舍五入）；排名第 3"
    book = workbook(tmp_path, MONTHS)
    units = sheet_rows(book["Unit results"])
    assert units[:2] == [
        ("Unit", "Indicator", "Actual", "Target", "Stretch target", "Achievement", "Points"),
        ("北京销售部", "本单位销售目标完成率", 9884000, 9000000, None, 1.0982, 112.77)]
    assert book["Unit results"]["F2"].number_format == "0.00%"
    assert sheet_rows(book["Calibration"])[:2] == [
        ("Person", "Name", "Group", "Rank in the group", "Ranked among",
         "Grade before calibration", "Grade", "Why"),
        ("B06", "杨晓燕", "北京销售部", 3, 10, "A", "B",
         "at most 20% of 10 may be A or better: 2 (rounded half up); ranked 3")]
    pools = sheet_rows(book["Bonus pools"])
    assert pools[0] == ("Unit", "People", "Bonuses before the pool", "Pool", "Paid")
    assert [c.number_format for c in book["Bonus pools"][2]][2:] == ["#,##0.00"] * 3


def test_the_explain_sheet_has_each_step_as_explain_words_it(tmp_path: Path) -> None:
    import json

    for lang in ("en", "zh"):
        book = workbook(tmp_path, PLAIN, lang)
        sheet = book[book.sheetnames[1]]
        rows = sheet_rows(sheet)
        assert rows[0] == (
            ("Person", "Name", "Post", "No.", "Indicator", "Actual", "Unit of measure",
             "Target", "Stretch target", "Achievement", "Rule", "Scoring step", "Points", "Weight",
             "Weighted points") if lang == "en" else
            ("工号", "姓名", "岗位", "序号", "指标", "实际", "计量单位", "目标", "挑战目标",
             "完成率", "计分规则", "计分过程", "得分", "权重", "加权分"))
        explained = json.loads(run("explain", *PLAIN, "--person", "SR01", "--format", "json",
                                   "--lang", lang).stdout)
        items = explained["segments"][0]["items"]
        mine = [r for r in rows if r[0] == "SR01"]
        assert [r[11] for r in mine[:-1]] == [item["words"] for item in items]
        assert [r[12] for r in mine[:-1]] == [item["points"] for item in items]
        assert mine[-1][4] == ("Total" if lang == "en" else "总分")
        assert mine[-1][12] == explained["total"]
        assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("C2", f"A1:O{len(rows)}")
    first = sheet_rows(workbook(tmp_path, PLAIN)["Score details"])[1]
    assert first == ("GM01", "陈建国", "总经理", 1, "销售额（任务/目标）", 18600000, "yuan",
                     16000000, 20000000, 1.1625, "two_level", "between base 16,000,000 and "
                     "stretch 20,000,000: 80 + 65% of the way to 100 = 93", 93, 0.5, 46.5)
    first = sheet_rows(workbook(tmp_path, PLAIN, "zh")["得分明细"])[1]
    assert first[5:8] == (18600000, "元", 16000000)  # a unit of measure as the template's
    assert [c.number_format for c in book[book.sheetnames[1]][2]][9:] == [
        "0.00%", "@", "@", "0.00", "0.00%", "0.00"]


def test_text_from_the_scheme_or_data_is_never_a_formula(tmp_path: Path) -> None:
    hostile = '=HYPERLINK("http://example.com/x","点击")'
    data = (Path(EXAMPLES) / "2026-Q1.csv").read_text(encoding="utf-8").replace(
        "陈建国", '"' + hostile.replace('"', '""') + '"')
    scheme = (Path(EXAMPLES) / "sales_company.yaml").read_text(encoding="utf-8").replace(
        "label: 销售部", "label: \"+SUM(1,2)/[x]:*?\\\\'\"").replace(
        "label: 市场部", "label: '=1+1'")
    (tmp_path / "d.csv").write_text(data, encoding="utf-8")
    (tmp_path / "s.yaml").write_text(scheme, encoding="utf-8")
    out = tmp_path / "r.xlsx"
    done = run("score", str(tmp_path / "s.yaml"), "--data", str(tmp_path / "d.csv"),
               "--format", "xlsx", "-o", str(out))
    assert done.exit_code == 0, done.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[-2:] == ["+SUM(1,2)__x_____", "=1+1"]  # no apostrophe at its end
    name = book["Summary"]["B2"]
    assert (name.value, name.data_type) == (hostile, "s")
    with zipfile.ZipFile(out) as unzipped:
        sheets = [unzipped.read(n).decode() for n in unzipped.namelist()
                  if n.startswith("xl/worksheets/")]
    assert not any("<f>" in sheet for sheet in sheets)


def test_sheet_names_are_valid_and_unique_ignoring_case() -> None:
    names = SheetNames()
    assert names.name("Summary") == "Summary"
    assert names.name("summary") == "summary (2)"
    assert names.name("SUMMARY") == "SUMMARY (3)"
    assert names.name("a/b:c*d?e[f]g\\h") == "a_b_c_d_e_f_g_h"
    assert names.name("'quoted'") == "quoted"
    assert names.name("History") == "History (2)"
    assert names.name("") == "Sheet"
    assert names.name("   ", "unit_id") == "unit_id"
    assert names.name("华东智联销售有限公司华东智联销售有限公司华东智联销售有限公司华东") == \
        "华东智联销售有限公司华东智联销售有限公司华东智联销售有限公司华"
    long = "x" * 40
    assert (names.name(long), names.name(long.upper())) == ("x" * 31, "X" * 27 + " (2)")
    assert names.name("😀" * 20) == "😀" * 15  # each counts two of the 31
    assert names.name("tab\there") == "tab_here"


def test_a_workbook_needs_a_file_not_the_screen(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    for lang, said in (
            ("en", "Error: --format xlsx writes an Excel workbook: give the file to write "
                   "with -o, e.g. -o results.xlsx\n"),
            ("zh", "错误：--format xlsx 生成的是 Excel 工作簿：请用 -o 指定要写入的文件，"
                   "例如 -o results.xlsx\n")):
        done = run("score", *PLAIN, "--format", "xlsx", "--lang", lang)
        assert done.exit_code == 2
        assert done.stdout == ""
        assert done.stderr.endswith(said)
    import appraise.cli_io as cli_io

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(cli_io.sys, "stdout", Terminal())
    for lang, said in (
            ("en", "--format xlsx writes an Excel workbook, which a terminal cannot show: "
                   "give the file to write with -o, e.g. -o results.xlsx"),
            ("zh", "--format xlsx 生成的是 Excel 工作簿，无法在终端中显示：请用 -o 指定要写入的"
                   "文件，例如 -o results.xlsx")):
        i18n.set_language(lang)
        with pytest.raises(Exception) as raised:
            cli_io.workbook_output("-")
        assert raised.value.format_message() == said  # type: ignore[attr-defined]


def test_a_workbook_to_a_pipe_is_written_whole(tmp_path: Path) -> None:
    done = run("score", *PLAIN, "--format", "xlsx", "-o", "-")
    assert done.exit_code == 0
    saved = tmp_path / "piped.xlsx"
    saved.write_bytes(done.stdout_bytes)
    assert openpyxl.load_workbook(saved).sheetnames[:2] == ["Summary", "Score details"]


def test_the_same_results_give_the_same_bytes(tmp_path: Path) -> None:
    one, two = tmp_path / "1.xlsx", tmp_path / "2.xlsx"
    for out in (one, two):
        assert run("score", *MONTHS, "--format", "xlsx", "-o", str(out)).exit_code == 0
    assert one.read_bytes() == two.read_bytes()


def test_a_workbook_that_fails_half_way_leaves_nothing(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import appraise.report.xlsx_explain as explain

    def broken(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(explain, "explain_rows", broken)
    out = tmp_path / "r.xlsx"
    out.write_bytes(b"the old results")
    done = run("score", *PLAIN, "--format", "xlsx", "-o", str(out))
    assert done.exit_code == 1
    assert done.stderr.endswith(f"{out}: error: cannot write the output: No space left on "
                                "device\n")
    assert out.read_bytes() == b"the old results"
    assert sorted(os.listdir(tmp_path)) == ["r.xlsx"]


def test_a_period_of_more_people_than_explained_has_a_note_in_place_of_steps(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import appraise.report.xlsx_results as results

    monkeypatch.setattr(results, "EXPLAINED", 11)  # the example has 12 people
    for lang, said in (
            ("en", "the workbook's sheet of score details shows no steps: 12 people are more "
                   "than it shows (11 at most) (see a person's with appraise explain --person "
                   "ID)"),
            ("zh", "工作簿的得分明细表未列出计分过程：12 人超过其上限（最多 11 人）（请用 "
                   "appraise explain --person 工号 查看个人的计分过程）")):
        out = tmp_path / f"{lang}.xlsx"
        done = run("score", *PLAIN, "--format", "xlsx", "-o", str(out), "--lang", lang)
        assert done.exit_code == 0
        framed = f"{out}: note: {said}" if lang == "en" else f"{out}: 提示：{said}"
        assert done.stderr.endswith(framed + "\n")  # a note, framed as the others
        book = openpyxl.load_workbook(out)
        explain = book[book.sheetnames[1]]
        assert sheet_rows(explain) == [("Note" if lang == "en" else "备注",), (said,)]
        assert sheet_rows(book[book.sheetnames[0]])[1][0] == "GM01"
        done = run("score", *PLAIN, "--format", "xlsx", "-o", str(out), "--lang", lang, "-q")
        assert (done.exit_code, done.stderr) == (0, "")  # --quiet: errors only


def test_more_people_than_an_excel_sheet_holds_is_an_error_and_writes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import appraise.report.xlsx_results as results

    monkeypatch.setattr(results, "MAX_ROWS", 12)  # a header and 11 people
    for lang, said in (
            ("en", "schemes/examples/2026-Q1.csv: error: 12 people are more rows than an Excel "
                   "sheet holds (11 under its header); write the results with --format csv"),
            ("zh", "schemes/examples/2026-Q1.csv: 错误：12 人超过 Excel 工作表的行数上限（表头以下"
                   "最多 11 行）；请用 --format csv 输出结果")):
        out = tmp_path / "r.xlsx"
        done = run("score", *PLAIN, "--format", "xlsx", "-o", str(out), "--lang", lang)
        assert done.exit_code == 1
        assert done.stderr.endswith(said + "\n")
        assert not out.exists()
    assert os.listdir(tmp_path) == []


def test_the_targets_workbook_is_the_targets_csv_in_both_languages(tmp_path: Path) -> None:
    args = [EXAMPLES + "cascade_company.yaml", "--period", "2026-Q1"]
    rows = list(csv.DictReader(io.StringIO(run("targets", *args, "--format", "csv").stdout)))
    for lang, heads, kinds in (
            ("en", ("Cascade", "Kind", "Id", "Label", "Unit", "Depth", "Split", "Target",
                    "Stretch", "Children", "Gap"), {"unit": "unit", "person": "person"}),
            ("zh", ("目标分解", "类型", "编号", "名称", "部门", "层级", "分解方式", "目标",
                    "挑战目标", "下级合计", "差额"), {"unit": "部门", "person": "人员"})):
        out = tmp_path / f"targets-{lang}.xlsx"
        done = run("targets", *args, "--format", "xlsx", "-o", str(out), "--lang", lang,
                   "--headers", "ids")
        assert done.exit_code == 0, done.output
        assert sheet_rows(openpyxl.load_workbook(out).active)[0] == tuple(rows[0])
        done = run("targets", *args, "--format", "xlsx", "-o", str(out), "--lang", lang)
        assert done.exit_code == 0, done.output
        book = openpyxl.load_workbook(out)
        assert book.sheetnames == (["Cascade of targets"] if lang == "en" else ["目标分解"])
        sheet = book.active
        got = sheet_rows(sheet)
        assert got[0] == heads
        assert len(got) == len(rows) + 1
        for row, cells in zip(rows, got[1:], strict=True):
            assert cells[:7] == (row["cascade"], kinds[row["kind"]], row["id"], row["label"],
                                 row["unit"], int(row["depth"]), row["split"] or None)
            assert cells[7:] == tuple(float(row[k]) if row[k] else None
                                      for k in ("target", "stretch", "children", "gap"))
        assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("A2", f"A1:K{len(got)}")
        assert [sheet[3][k].number_format for k in (5, 6, 7, 9, 10)] == [
            "0", "@", "#,##0.00", "#,##0.00", "#,##0.00"]  # the stretch is blank
    done = run("targets", *args, "--format", "xlsx")
    assert (done.exit_code, done.stderr.splitlines()[-1]) == (
        2, "Error: --format xlsx writes an Excel workbook: give the file to write with -o, "
           "e.g. -o results.xlsx")


def test_only_a_workbook_loads_the_excel_writer(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = ("import sys\nfrom appraise.cli import main\nargs = sys.argv[1:]\n"
            "try:\n    main(args, prog_name='appraise')\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('xlsxwriter', "
            "'appraise.report.xlsx')) and m.count('.') < 3 and m != 'xlsxwriter.exceptions' "
            "and (m.startswith('appraise') or m == 'xlsxwriter')), file=sys.stderr)\n")

    def loaded(*args: str) -> str:
        done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                              text=True, check=False)
        return done.stderr.splitlines()[-1]

    assert loaded("score", *PLAIN, "--format", "csv", "-o", str(tmp_path / "r.csv")) == "[]"
    assert loaded("score", *PLAIN, "--format", "xlsx", "-o", str(tmp_path / "r.xlsx")) == str([
        "appraise.report.xlsx_explain", "appraise.report.xlsx_period",
        "appraise.report.xlsx_results", "appraise.report.xlsx_sheets", "xlsxwriter"])


def test_a_scheme_in_chinese_gets_a_chinese_workbook_unless_lang_says_otherwise(
        tmp_path: Path) -> None:
    scheme = tmp_path / "s.yaml"
    scheme.write_text((Path(EXAMPLES) / "cascade_company.yaml").read_text(encoding="utf-8")
                      + "\nlanguage: zh\n", encoding="utf-8")
    data = ["--data", EXAMPLES + "2026-months.csv", "--period", "2026-Q1"]
    out = tmp_path / "r.xlsx"
    cases: list[tuple[tuple[str, ...], list[str], str]] = [
        ((), ["汇总", "部门结果", "强制分布", "奖金池", "得分明细"], "目标分解"),
        (("--lang", "en"), ["Summary", "Unit results", "Calibration", "Bonus pools",
                            "Score details"], "Cascade of targets")]
    for lang, names, targets in cases:
        done = run("score", str(scheme), *data, "--format", "xlsx", "-o", str(out), *lang)
        assert done.exit_code == 0, done.output
        assert openpyxl.load_workbook(out).sheetnames[:5] == names
        done = run("targets", str(scheme), "--format", "xlsx", "-o", str(out), *lang)
        assert done.exit_code == 0, done.output
        assert openpyxl.load_workbook(out).sheetnames == [targets]

"""Workbooks as they go wrong: each a clear error naming the file, sheet and cell (or a
tolerance said here), never a traceback, nothing written."""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from workbooks import Formula, Rows, by_program, csv_rows, xlsx

from appraise import i18n, load_scheme, read_actuals
from appraise.cli import main
from appraise.diagnostics import AppraiseError

SCHEME = "schemes/examples/sales_company.yaml"
DATA = "schemes/examples/2026-Q1.csv"
CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SAVE_AS = "(open it in Excel and save it as 'Excel Workbook (.xlsx)' or as 'CSV UTF-8')"


def _rows(change: Callable[[list[list[object]]], object] = lambda rows: None) -> Rows:
    rows = csv_rows(DATA)
    change(rows)
    return rows


def _cell(row: int, column: int, value: object) -> Callable[[list[list[object]]], object]:
    return lambda rows: rows[row - 1].__setitem__(column - 1, value)


def _cfb(stream: str) -> bytes:
    """The start of an OLE compound file naming ``stream`` in its directory: what a
    workbook under a password (EncryptionInfo) or an .xls (Workbook) begins with."""
    return CFB + bytes(504) + stream.encode("utf-16-le") + bytes(64)


def _ods(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    return path


def _score(path: Path, *extra: str) -> tuple[int, str, str]:
    out = path.parent / "out.csv"
    out.unlink(missing_ok=True)
    result = CliRunner().invoke(main, ["score", SCHEME, "--data", str(path), "--format", "csv",
                                       "-o", str(out), *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not out.exists() or result.exit_code == 0
    return result.exit_code, result.stdout, result.stderr


CELLS = {
    "text": (_cell(7, 5, "12万"), "销售一部!E7: SR01.revenue: expected a number, found '12万' "
             "(write 120000: a number is written in full, without 万)"),
    "logical": (_cell(7, 5, True), "销售一部!E7: SR01.revenue: the cell holds the logical "
                "value TRUE, not a figure (type the figure itself: a number, a rating or text)"),
    "error": (_cell(7, 5, Formula("=1/0", "#DIV/0!")), "销售一部!E7: SR01.revenue: the cell "
              "holds the error "
              "#DIV/0!, not a figure (correct the formula that gives it, or type the figure)"),
    "date": (_cell(7, 5, datetime.date(2026, 3, 5)), "销售一部!E7: SR01.revenue: the cell "
             "holds a date "
             "(2026-03-05), not a figure (type the figure as a number or text; a date is read "
             "only in the period column, as the month it begins)"),
    "period date": (_cell(7, 4, datetime.date(2026, 3, 5)), "销售一部!D7: SR01.period: the "
                    "period is a "
                    "date (2026-03-05), not a month (type the period as text, e.g. 2026-01 or "
                    "2026-Q1 (format the column as Text first))"),
}


@pytest.mark.parametrize("case", sorted(CELLS))
def test_a_cell_that_holds_no_figure_is_named(tmp_path: Path, case: str) -> None:
    change, said = CELLS[case]
    book = xlsx(tmp_path / "q1.xlsx", _rows(change), "销售一部")
    code, out, err = _score(book)
    assert (code, out) == (1, "")
    row, column = int(said.split("!")[1][1:].split(":")[0]), ord(said.split("!")[1][0]) - 64
    assert err.splitlines()[0] == f"{book}:{row}:{column}: error: {said}"


def test_a_date_typed_as_text_in_the_period_column_is_read_as_in_a_csv(tmp_path: Path) -> None:
    book = xlsx(tmp_path / "q1.xlsx", _rows(_cell(7, 4, "2026/1/1")))
    assert _score(book)[:2] == (1, "")
    assert _score(book)[2].splitlines()[0] == (
        f"{book}:1:1: error: Sheet1: the data holds several periods (2026-Q1, 2026/1/1) "
        "(choose one with --period)")


def test_a_percentage_is_read_as_excel_shows_it(tmp_path: Path) -> None:
    """95% in Excel is 0.95 in the file: read as '95%', as a CSV saved from Excel holds it,
    which a number field refuses rather than take 0.95; in a column that is no field, it
    is nothing."""
    rows = _rows(_cell(7, 9, 0.95))
    rows[0].append("达成率")
    rows[1].append(0.925)
    book = xlsx(tmp_path / "q1.xlsx", rows, formats={"I7": "0%", "W2": "0.0%"})
    code, out, err = _score(book)
    assert (code, out, err.splitlines()[0]) == (
        1, "", f"{book}:7:9: error: Sheet1!I7: SR01.satisfaction: expected a number, found "
        "'95%' (write digits only, e.g. 1380000 or 1,380,000; no units or % signs)")
    rows[7 - 1][9 - 1] = csv_rows(DATA)[7 - 1][9 - 1]
    fine = xlsx(tmp_path / "fine.xlsx", rows, formats={"W2": "0.0%"})
    code, out, err = _score(fine, "-o", "-")
    assert (code, out) == invoke_csv()[:2]
    assert err == (f"{fine}: warning: column '达成率' is not a field of the scheme and is "
                   "ignored (expected one of: cash_collected, contract_errors, "
                   "industry_awards, key_customers_due, key_visits, leads, marketing_budget, "
                   f"marketing_expense, ... (18 in all))\n{fine}:12:1: warning: Sheet1!A12: "
                   "SR06: person 'SR06' is not in the scheme's people, and is scored on post "
                   "'sales_rep', as the data says (add them under people: in the scheme, or "
                   "correct the id)\n")


def invoke_csv() -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["score", SCHEME, "--data", DATA, "--format", "csv"])
    return result.exit_code, result.stdout, result.stderr


def test_a_hidden_first_sheet_is_passed_over(tmp_path: Path) -> None:
    book = xlsx(tmp_path / "q1.xlsx", _rows(), "数据", first=["参数"], hidden=["参数"])
    code, out, err = _score(book, "-o", "-")
    assert (code, out) == invoke_csv()[:2]
    assert err.splitlines()[0] == (f"{book}: note: read the first visible sheet, '数据', of 2 "
                                   "(参数, 数据) (choose another with --sheet)")


def test_errors_and_formulas_a_program_left_uncalculated(tmp_path: Path) -> None:
    book = by_program(tmp_path / "q1.xlsx", _rows(_cell(7, 6, Formula("=E7*0.9"))),
                      errors={"E8": "#N/A"})
    assert _score(book) == (1, "", (
        f"{book}:7:6: error: Sheet1!F7: SR01.cash_collected: the formula =E7*0.9 has no "
        "calculated value: the workbook was written by a program and never opened in Excel "
        "(open the workbook in Excel and save it, so that its formulas are calculated, or "
        "type the figures)\n"
        f"{book}:8:5: error: Sheet1!E8: SR02.revenue: the cell holds the error #N/A, not a "
        "figure (correct the formula that gives it, or type the figure)\n"))


def test_merged_cells(tmp_path: Path) -> None:
    header = xlsx(tmp_path / "header.xlsx", _rows(), merged=["E1:F1"])
    assert _score(header) == (1, "", f"{header}:1:5: error: Sheet1!E1: cells E1:F1 are merged "
                              "(unmerge them and give each column its own header in row 1)\n")
    body = xlsx(tmp_path / "body.xlsx", _rows(), merged=["C3:C5"])
    assert _score(body) == (1, "", f"{body}:3:3: error: Sheet1!C3: SD01.post: cells C3:C5 are "
                            "merged (unmerge them and fill in every cell)\n")


def test_another_sheet_is_ignored_and_the_one_read_is_said(tmp_path: Path) -> None:
    expected = _score(xlsx(tmp_path / "plain.xlsx", _rows(), "数据"), "-o", "-")
    book = xlsx(tmp_path / "q1.xlsx", _rows(), "数据", others=["说明"])
    code, out, err = _score(book, "-o", "-")
    assert out == expected[1] and out.startswith("person,")
    assert (code, err.splitlines()[0]) == (0, f"{book}: note: read the first sheet, '数据', of "
                                           "2 (数据, 说明) (choose another with --sheet)")
    first = xlsx(tmp_path / "first.xlsx", _rows(), "数据", first=["说明"])
    assert _score(first, "--sheet", "数据", "-o", "-")[:2] == expected[:2]
    explained = [CliRunner().invoke(main, ["explain", SCHEME, "--data", data, "--person",
                                           "SR01", *extra])
                 for data, extra in ((DATA, []), (str(first), ["--sheet", "数据"]))]
    assert [(e.exit_code, e.stdout) for e in explained[1:]] == \
        [(0, explained[0].stdout)] and "SR01" in explained[0].stdout
    assert _score(first, "--sheet", "数") == (1, "", f"{first}: error: the workbook has no "
                                             "sheet '数' (did you mean '数据'? The sheets are: "
                                             "说明, 数据)\n")
    assert _score(first, "--sheet", "Q1") == (1, "", f"{first}: error: the workbook has no "
                                              "sheet 'Q1' (the sheets are: 说明, 数据)\n")
    assert _score(Path(DATA), "--sheet", "数据") == (1, "", f"{DATA}: error: --sheet names a "
                                                   "sheet of a workbook, but this file is not "
                                                   "one (leave out --sheet for a CSV or JSON "
                                                   "file)\n")


def test_an_empty_sheet_and_a_sheet_with_only_a_header(tmp_path: Path) -> None:
    empty = xlsx(tmp_path / "empty.xlsx", [], "Q1")
    assert _score(empty) == (1, "", f"{empty}: error: Q1: the sheet is empty (put the header "
                             "in row 1 and one row per person below it)\n")
    header = xlsx(tmp_path / "header.xlsx", _rows()[:1], "Q1 data")
    assert _score(header) == (1, "", f"{header}:2:1: error: 'Q1 data'!A2: the data file has no "
                              "rows (add one row per person after the header)\n")


def test_files_that_are_not_a_workbook_excel_can_save(tmp_path: Path) -> None:
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(_cfb("EncryptionInfo"))
    assert _score(locked) == (1, "", f"{locked}: error: the workbook is protected by a "
                              "password (open it in Excel, remove the password (File > Info > "
                              "Protect Workbook > Encrypt with Password, then clear it), save "
                              "it and try again)\n")
    old = tmp_path / "old.xls"
    old.write_bytes(_cfb("Workbook"))
    assert _score(old) == (1, "", f"{old}: error: this is an old Excel workbook (.xls), which "
                           f"is not read {SAVE_AS}\n")
    ods = _ods(tmp_path / "q1.ods")
    assert _score(ods) == (1, "", f"{ods}: error: this is an OpenDocument spreadsheet (.ods), "
                           f"which is not read {SAVE_AS}\n")
    archive = tmp_path / "q1.zip"
    with zipfile.ZipFile(archive, "w") as written:
        written.writestr("q1.csv", "id\n")
    assert _score(archive) == (1, "", f"{archive}: error: the file is a zip archive, not an "
                               "Excel workbook (check that it is the right file; --data takes "
                               "a workbook (.xlsx), CSV or JSON)\n")
    renamed = tmp_path / "q1.xlsx"
    renamed.write_text(Path(DATA).read_text(encoding="utf-8"), encoding="utf-8")
    assert _score(renamed) == (1, "", f"{renamed}: error: the file is named .xlsx but does not "
                               "hold a workbook (check that it is the right file; if it is, it "
                               "is damaged: save it again from Excel)\n")


def test_a_workbook_that_unpacks_to_too_much(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import appraise.data.source

    book = xlsx(tmp_path / "q1.xlsx", _rows())
    with zipfile.ZipFile(book) as archive:
        size = sum(entry.file_size for entry in archive.infolist())
    monkeypatch.setattr(appraise.data.source, "MAX_UNPACKED", size - 1)
    assert _score(book) == (1, "", f"{book}: error: the workbook unpacks to {size:,} bytes; a "
                            f"data file may unpack to at most {size - 1:,} bytes (split it, or "
                            "check that this is the right file)\n")


def test_a_damaged_workbook(tmp_path: Path) -> None:
    whole = xlsx(tmp_path / "whole.xlsx", _rows()).read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole[:len(whole) // 2])
    assert _score(cut) == (1, "", f"{cut}: error: the workbook cannot be read: it is not a "
                           "complete zip archive (File is not a zip file) (open it in Excel "
                           "and save it again as .xlsx, or save it as 'CSV UTF-8')\n")


def test_the_messages_in_chinese(tmp_path: Path) -> None:
    scheme = load_scheme(SCHEME)
    merged = xlsx(tmp_path / "merged.xlsx", _rows(_cell(7, 5, True)), "销售一部",
                  merged=["E1:F1"], others=["说明"])
    locked = tmp_path / "locked.xlsx"
    locked.write_bytes(_cfb("EncryptionInfo"))
    old = tmp_path / "old.xls"
    old.write_bytes(_cfb("Workbook"))
    program = by_program(tmp_path / "program.xlsx", _rows(_cell(7, 6, Formula("=E7*0.9"))))
    empty = xlsx(tmp_path / "empty.xlsx", [], "Q1")
    said: list[str] = []
    i18n.set_language("zh")
    try:
        for book in (merged, locked, old, program, empty):
            with pytest.raises(AppraiseError) as caught:
                read_actuals(book, scheme)
            said += [str(d).split(": ", 1)[1] for d in caught.value.diagnostics]
        with pytest.raises(AppraiseError) as caught:
            read_actuals(merged, scheme, sheet="说")
        said += [str(d).split(": ", 1)[1] for d in caught.value.diagnostics]
    finally:
        i18n.set_language("en")
    assert said == [_chinese_frame(line) for line in [
        "error: 销售一部!E1: 单元格 E1:F1 是合并单元格 (请取消合并，在第 1 行为每一列填写各自的"
        "标题)",
        "error: 销售一部!E7: SR01.revenue: 单元格中是逻辑值 TRUE，不是数据 (请直接填写数据："
        "数字、评级或文字)",
        "error: 工作簿设置了密码保护 (请用 Excel 打开并取消密码（文件 > 信息 > 保护工作簿 > "
        "用密码进行加密，清空密码），保存后再试)",
        "error: 这是旧版 Excel 工作簿（.xls），不支持读取 (请用 Excel 打开，另存为“Excel 工作簿"
        "（.xlsx）”或“CSV UTF-8”)",
        "error: Sheet1!F7: SR01.cash_collected: 公式 =E7*0.9 没有计算结果：该工作簿由程序生成，"
        "从未在 Excel 中打开过 (请用 Excel 打开工作簿并保存，让公式计算出结果；或直接填写数值)",
        "error: Q1: 工作表是空的 (请在第 1 行填写标题，其下每人一行)",
        "error: 工作簿中没有名为 '说' 的工作表 (是否要读取 '说明'？工作簿中的工作表有：销售一部, "
        "说明)",
    ]]


def _chinese_frame(line: str) -> str:
    """A problem as the Chinese run frames it: 错误：... with its hint in （）."""
    line = "错误：" + line.removeprefix("error: ")
    start = line.find(" (")
    return line[:start] + "（" + line[start + 2:-1] + "）" if start >= 0 else line

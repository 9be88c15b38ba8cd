"""Records kept as Excel workbooks (file: orders.xlsx): the example company's records saved
from Excel, real dates as date cells and amounts as numbers, give the very data file their
CSV exports give, by DuckDB and by the reference; each cell that holds no value of its
column's type is named by file, row, column and cell (Sheet1!E3), and nothing is written."""

from __future__ import annotations

import csv
import datetime
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, both_paths_name_the_same_records
from workbooks import Formula, by_program, xlsx

from appraise import AppraiseError, load_scheme
from appraise.cli import main
from appraise.sources import figures

EXAMPLES = ROOT / "schemes" / "examples"
CSV_SCHEME = EXAMPLES / "records" / "cascade_records.yaml"
NUMBERS = {"amount", "score"}
DATES = {"signed_on", "invoiced_on", "paid_on", "answered_on", "reviewed_on", "occurred_on"}


def _cells(name: str) -> list[list[object]]:
    """A records CSV's rows as a person keeps them in Excel: dates as dates, amounts and
    scores as numbers, the rest as text."""
    with open(EXAMPLES / "records" / name, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    out: list[list[object]] = [list(rows[0])]
    for row in rows[1:]:
        out.append([None if not cell else datetime.date.fromisoformat(cell)
                    if column in DATES else float(cell) if column in NUMBERS else cell
                    for column, cell in zip(rows[0], row, strict=True)])
    return out


def _company(tmp_path: Path, change: tuple[str, str, object] | None = None,
             program: bool = False, **options: object) -> Path:
    """The example company with its records as workbooks (sheet 'Sheet1'); ``change`` puts
    a value in a cell of one (file, cell as E3, value); ``program``: that workbook written by
    a program (its formulas never calculated); ``options``: for that workbook's helper."""
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    folder = tmp_path / "examples" / "records"
    scheme = folder / "cascade_records.yaml"
    scheme.write_text(scheme.read_text(encoding="utf-8").replace(".csv", ".xlsx"),
                      encoding="utf-8")
    for path in sorted(folder.glob("*.csv")):
        rows = _cells(path.name)
        book = path.with_suffix(".xlsx")
        if change is not None and change[0] == book.name:
            row, column = rows[int(change[1][1:]) - 1], ord(change[1][0]) - 65
            row += [None] * (column + 1 - len(row))
            row[column] = change[2]
            if program:
                by_program(book, rows)
            else:
                xlsx(book, rows, **options)  # type: ignore[arg-type]
        else:
            xlsx(book, rows)
        path.unlink()
    return folder


def _figures(folder: Path, *extra: str) -> tuple[int, str, str, bool]:
    out = folder.parent / "q1.csv"
    out.unlink(missing_ok=True)
    run = CliRunner().invoke(main, ["figures", str(folder / "cascade_records.yaml"),
                                    "--records", str(folder), "--period", "2026-Q1",
                                    "-o", str(out), *extra])
    assert run.exception is None or isinstance(run.exception, SystemExit), run.exception
    return run.exit_code, run.stdout, run.stderr, out.exists()


def _by_csv() -> bytes:
    run = CliRunner().invoke(main, ["figures", str(CSV_SCHEME), "--records",
                                    str(CSV_SCHEME.parent), "--period", "2026-Q1"])
    assert run.exit_code == 0
    return run.stdout_bytes


def test_the_workbooks_give_the_data_file_of_the_csv_files_to_the_byte(tmp_path: Path) -> None:
    folder = _company(tmp_path)
    code, _out, err, written = _figures(folder)
    assert (code, err, written) == (0, "", True)
    assert (folder.parent / "q1.csv").read_bytes() == _by_csv()
    scheme = load_scheme(folder / "cascade_records.yaml")
    duck = figures(scheme, folder, "2026-Q1")
    assert duck == figures(scheme, folder, "2026-Q1", reference=True)
    assert duck.encode("utf-8") == _by_csv()


def test_no_copy_of_a_workbook_outlives_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                ) -> None:
    folder = _company(tmp_path)
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    figures(load_scheme(folder / "cascade_records.yaml"), folder, "2026-Q1")
    assert list(temporary.iterdir()) == []


def test_explain_lists_the_records_of_a_workbook_as_of_the_csv(tmp_path: Path) -> None:
    folder = _company(tmp_path)

    def listed(scheme: Path, records: Path) -> list[str]:
        run = CliRunner().invoke(main, ["explain", str(scheme), "--records", str(records),
                                        "--person", "S08", "--period", "2026-02", "-q"])
        assert run.exit_code == 0, run.output
        lines = run.stdout.splitlines()
        return lines[lines.index(next(line for line in lines if line.startswith(
            "Records behind the figures"))) + 1:]

    assert listed(folder / "cascade_records.yaml", folder) == listed(CSV_SCHEME,
                                                                       CSV_SCHEME.parent)


CELLS = {
    "a logical value in a number column": (
        ("orders.xlsx", "E3", True), None,
        "{dir}/orders.xlsx:3:5: error: Sheet1!E3: orders.amount: the cell holds the logical "
        "value TRUE, but the column holds a number (write a number there, or declare the "
        "column as boolean if it holds true or false)"),
    "a date in a text column": (
        ("orders.xlsx", "D3", datetime.date(2026, 3, 5)), None,
        "{dir}/orders.xlsx:3:4: error: Sheet1!D3: orders.salesperson: the cell holds a date "
        "(2026-03-05), but the column holds text (write text there (format the cell as Text "
        "first), or declare the column as date if it holds dates)"),
    "an error value": (
        ("payments.xlsx", "D4", Formula("=1/0", "#DIV/0!")), None,
        "{dir}/payments.xlsx:4:4: error: Sheet1!D4: payments.amount: the cell holds the error "
        "#DIV/0!, not a figure (correct the formula that gives it, or type the figure)"),
    "a formula never calculated": (
        ("payments.xlsx", "D4", Formula("=2*3")), "program",
        "{dir}/payments.xlsx:4:4: error: Sheet1!D4: payments.amount: the formula =2*3 has no "
        "calculated value: the workbook was written by a program and never opened in Excel "
        "(open the workbook in Excel and save it, so that its formulas are calculated, or "
        "type the figures)"),
    "merged cells": (
        ("invoices.xlsx", "D5", 1.0), "merged",
        "{dir}/invoices.xlsx:5:4: error: Sheet1!D5: invoices.amount: cells D5:D6 are merged "
        "(unmerge them and fill in every cell)"),
    "text in a number column": (
        ("orders.xlsx", "E3", "12万"), None,
        "{dir}/orders.xlsx:3:5: error: Sheet1!E3: orders.amount: '12万' is not a number "
        "(write a number such as 1234.56: no thousands separators, units or more than six "
        "decimals)"),
    "a cell beyond the header": (
        ("orders.xlsx", "F3", "多余"), None,
        "{dir}/orders.xlsx:3:6: error: Sheet1!F3: records.orders: row has 6 cells but the "
        "header names 5 columns (remove the extra cells)"),
    "a column missing from the header": (
        ("orders.xlsx", "E1", "金额"), None,
        "{dir}/orders.xlsx:1:1: error: Sheet1: records.orders: the header has no column "
        "'amount' (the header must name every column declared under records.orders.columns)"),
    "a date outside the year": (
        ("orders.xlsx", "B3", datetime.date(2025, 12, 31)), None,
        "{dir}/orders.xlsx:3:2: error: Sheet1!B3: orders.signed_on: the date 2025-12-31 is "
        "outside the scheme's year 2026 (records of another year belong to that year's "
        "scheme: leave them out of the file)"),
}


@pytest.mark.parametrize("case", CELLS)
def test_a_cell_that_holds_no_value_of_its_type_is_named(tmp_path: Path, case: str) -> None:
    change, how, said = CELLS[case]
    folder = _company(tmp_path, change, program=how == "program",
                      **({"merged": ["D5:D6"]} if how == "merged" else {}))
    code, out, err, written = _figures(folder)
    assert (code, out, written) == (1, "", False)
    assert err.splitlines()[0] == said.format(dir=folder)
    both_paths_name_the_same_records(folder / "cascade_records.yaml", folder)


def test_a_bad_cell_in_chinese(tmp_path: Path) -> None:
    folder = _company(tmp_path, ("orders.xlsx", "E3", True))
    code, _out, err, written = _figures(folder, "--lang", "zh")
    assert (code, written) == (1, False)
    assert err.splitlines()[0] == (
        f"{folder}/orders.xlsx:3:5: 错误：Sheet1!E3: orders.amount: 单元格中是逻辑值 TRUE，"
        "但该列应为数字（请在此填写数字；如果该列存放 true 或 false，请把它声明为 boolean）")


def _sheet(folder: Path, sheet: str) -> None:
    scheme = folder / "cascade_records.yaml"
    text = scheme.read_text(encoding="utf-8")
    text = "\n".join(line for line in text.split("\n") if not line.startswith("    sheet: "))
    scheme.write_text(text.replace("    file: orders.xlsx\n",
                                   f"    file: orders.xlsx\n    sheet: {sheet}\n"),
                      encoding="utf-8")


def test_sheet_names_the_sheet_read_and_a_missing_one_is_listed(tmp_path: Path) -> None:
    """A workbook whose first sheet, hidden, explains it: its first sheet shown is read,
    with a note; sheet: names it, without one."""
    folder = _company(tmp_path, ("orders.xlsx", "A1", "order_id"), sheet="订单",
                      first=["说明"], hidden=["说明"])
    code, _out, err, written = _figures(folder)
    assert (code, err, written) == (0, f"{folder}/orders.xlsx: note: records.orders: read the "
                                       "first visible sheet, '订单', of 2 (说明, 订单) (name "
                                       "another with sheet: under records.orders)\n", True)
    assert (folder.parent / "q1.csv").read_bytes() == _by_csv()
    _sheet(folder, "订单")
    code, _out, err, written = _figures(folder)
    assert (code, err, written) == (0, "", True)
    assert (folder.parent / "q1.csv").read_bytes() == _by_csv()
    _sheet(folder, "Orders")
    code, _out, err, written = _figures(folder)
    assert (code, written) == (1, False)
    assert err == (f"{folder}/orders.xlsx: error: the workbook has no sheet 'Orders' (the "
                   "sheets are: 说明, 订单)\n")


def test_sheet_for_a_file_that_is_no_workbook_is_a_mistake_of_the_scheme(tmp_path: Path
                                                                          ) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    scheme = tmp_path / "examples" / "records" / "cascade_records.yaml"
    scheme.write_text(scheme.read_text(encoding="utf-8").replace(
        "    file: orders.csv\n", "    file: orders.csv\n    sheet: 订单\n"), encoding="utf-8")
    run = CliRunner().invoke(main, ["validate", str(scheme)])
    assert run.exit_code == 1
    assert "records.orders.sheet: sheet: names a sheet of a workbook, and orders.csv is not " \
           "one (remove sheet:, or name a workbook (.xlsx) under file:)" in run.output


REFUSED = {
    "under a password": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
                         + "EncryptionInfo".encode("utf-16-le"),
                         "the workbook is protected by a password (open it in Excel, remove "
                         "the password (File > Info > Protect Workbook > Encrypt with "
                         "Password, then clear it), save it and try again)"),
    "a CSV named .xlsx": (b"order_id,signed_on\n",
                          "the file is named .xlsx but does not hold a workbook (check that it "
                          "is the right file; if it is, it is damaged: save it again from "
                          "Excel)"),
    "an .ods": (None, "this is an OpenDocument spreadsheet (.ods), which is not read (open it "
                      "in Excel and save it as 'Excel Workbook (.xlsx)' or as 'CSV UTF-8')"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_a_file_that_is_no_workbook_read_is_refused_as_a_data_file_is(tmp_path: Path,
                                                                      case: str) -> None:
    import zipfile

    content, said = REFUSED[case]
    folder = _company(tmp_path)
    book = folder / "orders.xlsx"
    if content is None:
        with zipfile.ZipFile(book, "w") as archive:
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
    else:
        book.write_bytes(content)
    code, _out, err, written = _figures(folder)
    assert (code, written, err) == (1, False, f"{book}: error: {said}\n")


def test_each_cell_is_read_as_its_column_means_it(tmp_path: Path) -> None:
    """Text as typed; a number as Excel shows it (a formula's 0.30000000000000004 is 0.3, a
    percentage its value); a date and time, in a date column, its day; TRUE, in a boolean
    column, true; a column no one declared as text, unchecked; a blank row left out, the
    rows numbered as the sheet numbers them."""
    from appraise.model import Column, RecordSource
    from appraise.sources.sheet import sheet_records

    kinds = {"visit_id": "text", "day": "date", "minutes": "number", "share": "number",
             "on_site": "boolean", "note": "text"}
    source = RecordSource("visits", "visits.xlsx", "visit_id",
                          {name: Column(name, kind) for name, kind in kinds.items()}, "day")
    book = xlsx(tmp_path / "visits.xlsx", [
        [*kinds, "other"],
        ["V1", datetime.datetime(2026, 3, 5, 14, 30), Formula("=0.1+0.2", 0.30000000000000004),
         0.955, True, "两行\n备注", True],
        ["V2", datetime.date(2026, 3, 6), 1380000.0, None, False, None,
         datetime.date(2026, 1, 1)],
        [None] * 7,
        ["V3", "2026-03-07", 1e20, 0.5, "true", "  x ", 12.0]], formats={"D2": "0.0%"})
    read = sheet_records(str(book), book.read_bytes(), source)
    assert (read.name, read.header) == ("Sheet1", [*kinds, "other"])
    assert read.rows == [
        (2, ["V1", "2026-03-05", "0.3", "0.955", "true", "两行\n备注", "TRUE"]),
        (3, ["V2", "2026-03-06", "1380000", "", "false", "", "2026-01-01"]),
        (5, ["V3", "2026-03-07", "1E+20", "0.5", "true", "  x ", "12"])]


def test_a_time_in_a_date_column_is_named(tmp_path: Path) -> None:
    folder = _company(tmp_path, ("orders.xlsx", "B3", datetime.time(9, 30)))
    code, _out, err, written = _figures(folder)
    assert (code, written) == (1, False)
    assert err.splitlines()[0] == (
        f"{folder}/orders.xlsx:3:2: error: Sheet1!B3: orders.signed_on: the cell holds a time "
        "(09:30:00), but the column holds a date (write a date there)")


def test_each_workbook_is_read_once_a_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                          ) -> None:
    """Even when a bad record sends DuckDB's run to the reference to name it."""
    import appraise.sources.sheet as sheet

    folder = _company(tmp_path, ("orders.xlsx", "E3", "12万"))
    read: list[str] = []
    real = sheet.sheet_records

    def counted(file: str, content: bytes, source: object) -> object:
        read.append(Path(file).name)
        return real(file, content, source)  # type: ignore[arg-type]

    monkeypatch.setattr(sheet, "sheet_records", counted)
    with pytest.raises(AppraiseError):
        figures(load_scheme(folder / "cascade_records.yaml"), folder, "2026-Q1")
    assert sorted(read) == sorted(p.name for p in folder.glob("*.xlsx"))


def test_the_query_explain_prints_reads_the_workbook_saved_as_csv(tmp_path: Path) -> None:
    import duckdb

    from appraise.sources.explain import listing, made_of
    from appraise.year.periods import parse_period

    folder = _company(tmp_path)
    made = {m.field: m for m in made_of(load_scheme(folder / "cascade_records.yaml"), folder,
                                        parse_period("2026-02", 2026), "B03", shown=3)}
    surveys = made["surveys"]
    assert (surveys.count, len(surveys.rows), surveys.converted) == (
        26, 3, (f"{folder}/surveys.csv",))
    assert f"    (it reads {folder}/surveys.csv: save the records in Excel as 'CSV UTF-8' " \
           "under that name first)" in listing([surveys], str(folder), "2026-02", shown=3)
    shutil.copy(EXAMPLES / "records" / "surveys.csv", folder / "surveys.csv")
    assert len(duckdb.connect().execute(surveys.query).fetchall()) == 26


def test_a_records_file_of_a_kind_not_read_is_named_when_the_scheme_is_read(tmp_path: Path
                                                                             ) -> None:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    scheme = tmp_path / "examples" / "records" / "cascade_records.yaml"
    scheme.write_text(scheme.read_text(encoding="utf-8").replace(
        "file: orders.csv", "file: orders.xls"), encoding="utf-8")
    for lang, said in (
            ("en", "error: records.orders.file: 'orders.xls' is not a kind of file records are "
                   "read from (name a CSV (.csv), Parquet (.parquet) or Excel workbook (.xlsx) "
                   "file; save an old .xls or an .ods as .xlsx in Excel first)"),
            ("zh", "错误：records.orders.file: 'orders.xls' 不是可读取记录的文件类型（请填写 CSV"
                   "（.csv）、Parquet（.parquet）或 Excel 工作簿（.xlsx）文件；旧版 .xls 或 .ods "
                   "文件请先在 Excel 中另存为 .xlsx）")):
        run = CliRunner().invoke(main, ["validate", str(scheme), "--lang", lang])
        assert run.exit_code == 1
        assert f"{scheme}:27:11: {said}\n" in run.output

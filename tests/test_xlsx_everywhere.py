"""Every command that reads a period's figures reads a workbook as it reads the CSV:
explain, --history, scheme tests (appraise test), diff --impact and rollforward
--from-actuals."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from workbooks import csv_rows, xlsx

from appraise.cli import main

SCHEME = "schemes/examples/sales_company.yaml"
DATA = "schemes/examples/2026-Q1.csv"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _book(tmp_path: Path, csv_file: str | Path = DATA, name: str = "q1.xlsx") -> Path:
    return xlsx(tmp_path / name, csv_rows(csv_file))


def test_scheme_tests_read_a_workbook(tmp_path: Path) -> None:
    tests = Path("schemes/examples/sales_company.tests.yaml").read_text(encoding="utf-8")
    for kind in ("csv", "xlsx"):
        (tmp_path / kind).mkdir()
        shutil.copy(SCHEME, tmp_path / kind / "sales_company.yaml")
    shutil.copy(DATA, tmp_path / "csv" / "2026-Q1.csv")
    _book(tmp_path / "xlsx")
    (tmp_path / "csv" / "sales_company.tests.yaml").write_text(tests, encoding="utf-8")
    (tmp_path / "xlsx" / "sales_company.tests.yaml").write_text(
        tests.replace("data: 2026-Q1.csv", "data: q1.xlsx"), encoding="utf-8")
    runs = [invoke("test", str(tmp_path / kind / "sales_company.tests.yaml"))
            for kind in ("csv", "xlsx")]
    assert runs[1] == (0, runs[0][1].replace("/csv/", "/xlsx/"), "")
    assert runs[0][1].splitlines()[-1] == "4 passed, 0 failed in 1 file"


def test_diff_impact_reads_a_workbook(tmp_path: Path) -> None:
    new = tmp_path / "new.yaml"
    new.write_text(Path(SCHEME).read_text(encoding="utf-8").replace(
        "coefficient: 1.2}", "coefficient: 1.3}"), encoding="utf-8")
    book = _book(tmp_path)
    from_csv = invoke("diff", SCHEME, str(new), "--impact", "--data", DATA)
    from_book = invoke("diff", SCHEME, str(new), "--impact", "--data", str(book))
    assert from_book[:2] == from_csv[:2]
    assert from_book[1].count("\n") > 10
    assert from_book[2] == from_csv[2].replace(f"{DATA}:12:1: warning: SR06",
                                               f"{book}:12:1: warning: Sheet1!A12: SR06")


def test_rollforward_from_actuals_in_a_workbook(tmp_path: Path) -> None:
    book = _book(tmp_path)
    said = []
    for data in (DATA, str(book)):
        new = tmp_path / "new.yaml"
        new.unlink(missing_ok=True)
        code, out, err = invoke("rollforward", SCHEME, "--to", "2027", "--growth", "10%",
                                "--from-actuals", data, "-o", str(new))
        said.append((code, out.replace(data, "DATA"), err, new.read_text(encoding="utf-8")))
    assert said[1] == said[0]
    assert said[0][0] == 0


def test_history_in_a_workbook(tmp_path: Path) -> None:
    from test_growth import HEADER, LAST_Q1, LAST_Q4, TEMPLATE, THIS_Q1

    data, history = tmp_path / "d.csv", tmp_path / "h.csv"
    data.write_text(HEADER + THIS_Q1, encoding="utf-8")
    history.write_text(HEADER + LAST_Q4 + LAST_Q1, encoding="utf-8")
    book = _book(tmp_path, history, "h.xlsx")
    runs = [invoke("explain", str(TEMPLATE), "--data", str(data), "--period", "2026-Q1",
                   "--person", "MK01", "--history", str(file)) for file in (history, book)]
    assert runs[1] == runs[0]
    assert runs[0][0] == 0 and "previous(revenue) = 2025-Q4" in runs[0][1]

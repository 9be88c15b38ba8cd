"""An Excel workbook as --data: the same figures as a CSV score the same, to the byte;
headers by id, by label and with the field's unit; each cell as Excel shows it."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from workbooks import Formula, as_csv, csv_rows, xlsx

from appraise import i18n, load_scheme, read_actuals, read_monthly
from appraise.cli import main
from appraise.data.workbook import number_text
from appraise.diagnostics import AppraiseError

SCHEME = "schemes/examples/sales_company.yaml"
DATA = "schemes/examples/2026-Q1.csv"
CASCADE = "schemes/examples/cascade_company.yaml"
MONTHS = "schemes/examples/2026-months.csv"
SR06 = ("SR06: person 'SR06' is not in the scheme's people, and is scored on post "
        "'sales_rep', as the data says (add them under people: in the scheme, or correct "
        "the id)")


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def chinese() -> object:
    i18n.set_language("zh")
    yield
    i18n.set_language("en")


def _without_data(text: str) -> dict[str, object]:
    found = json.loads(text)
    del found["data"]  # the file's name and fingerprint
    del found["warnings"]  # named by file (and by sheet and cell in a workbook)
    return dict(found)


def test_the_example_as_a_workbook_scores_as_its_csv(tmp_path: Path) -> None:
    book = xlsx(tmp_path / "q1.xlsx", csv_rows(DATA), "销售一部")
    for fmt in ("csv", "table"):
        from_csv = invoke("score", SCHEME, "--data", DATA, "--format", fmt)
        from_book = invoke("score", SCHEME, "--data", str(book), "--format", fmt)
        assert from_book[:2] == from_csv[:2]
        assert from_book[2] == f"{book}:12:1: warning: 销售一部!A12: {SR06}\n"
    code, out, _ = invoke("score", SCHEME, "--data", str(book), "--format", "json")
    assert code == 0
    assert _without_data(out) == _without_data(invoke("score", SCHEME, "--data", DATA,
                                                      "--format", "json")[1])
    assert json.loads(out)["warnings"] == [{
        "file": str(book), "line": 12, "column": 1, "severity": "warning",
        "path": "销售一部!A12: SR06", "message": SR06.split(": ", 1)[1].split(" (add")[0],
        "hint": "add them under people: in the scheme, or correct the id"}]
    explained = invoke("explain", SCHEME, "--data", str(book), "--person", "SR01")
    assert explained[:2] == invoke("explain", SCHEME, "--data", DATA, "--person", "SR01")[:2]


def test_a_workbook_is_known_by_what_it_holds_not_its_name(tmp_path: Path) -> None:
    book = xlsx(tmp_path / "q1.xlsx", csv_rows(DATA))
    renamed = tmp_path / "q1.data"
    renamed.write_bytes(book.read_bytes())
    assert invoke("score", SCHEME, "--data", str(renamed), "--format", "csv")[:2] == \
        invoke("score", SCHEME, "--data", DATA, "--format", "csv")[:2]


def test_chinese_headers_and_units_in_brackets(tmp_path: Path) -> None:
    rows = csv_rows(DATA)
    labels = {"id": "工号", "name": "姓名", "post": "岗位", "period": "期间",
              "revenue": "销售额（yuan）", "cash_collected": "回款额 (yuan)",
              "sales_cost": "销售费用", "new_customers": "新客户数（customers）"}
    rows[0] = [labels.get(str(c), c) for c in rows[0]]
    book = xlsx(tmp_path / "q1.xlsx", rows)
    assert invoke("score", SCHEME, "--data", str(book), "--format", "csv")[:2] == \
        invoke("score", SCHEME, "--data", DATA, "--format", "csv")[:2]


def test_a_unit_that_is_not_the_fields_is_an_error(tmp_path: Path, chinese: object) -> None:
    rows = csv_rows(DATA)
    rows[0][4] = "销售额（万元）"
    book = xlsx(tmp_path / "q1.xlsx", rows, "Q1")
    scheme = load_scheme(SCHEME)
    i18n.set_language("en")
    with pytest.raises(AppraiseError) as caught:
        read_actuals(book, scheme)
    assert [str(d) for d in caught.value.diagnostics] == [
        f"{book}:1:5: error: Q1!E1: column 5 ('销售额（万元）') gives field 'revenue' in '万元', "
        "but the scheme counts it in 'yuan' (give the figures in 'yuan' and head the column "
        "'销售额' or '销售额 (yuan)'; if the scheme is wrong, change fields.revenue.unit)"]
    i18n.set_language("zh")
    with pytest.raises(AppraiseError) as caught:
        read_actuals(book, scheme)
    assert [str(d) for d in caught.value.diagnostics] == [
        f"{book}:1:5: 错误：Q1!E1: 第 5 列（'销售额（万元）'）的字段 'revenue' 以 '万元' 为单位，"
        "但方案中该字段的单位是 'yuan'（请按 'yuan' 填写数据，并将列标题写成 '销售额' 或 "
        "'销售额（yuan）'；如果是方案有误，请修改 fields.revenue.unit）"]


@pytest.mark.parametrize(("value", "shown"), [
    (0.1 + 0.2, "0.3"), (1380000.0, "1380000"), (0.0, "0"), (-0.0, "0"),
    (1234567.891, "1234567.891"), (1 / 3, "0.333333333333333"), (1e20, "1E+20"),
    (123456789012345678.0, "1.23456789012346E+17"), (2.5e-7, "2.5E-07"), (-95.5, "-95.5"),
])
def test_a_number_is_read_as_excel_shows_it(value: float, shown: str) -> None:
    assert number_text(value) == shown


def test_a_formulas_value_is_read_as_excel_shows_it(tmp_path: Path) -> None:
    rows = csv_rows(DATA)
    rows[1][8] = Formula("=90+1", 91.00000000000001)  # GM01's satisfaction, 91 in the CSV
    rows[2][4] = Formula("=14000000+700000", 14700000.0)
    book = xlsx(tmp_path / "q1.xlsx", rows)
    assert invoke("score", SCHEME, "--data", str(book), "--format", "csv")[:2] == \
        invoke("score", SCHEME, "--data", DATA, "--format", "csv")[:2]


def test_an_empty_row_in_the_middle_is_skipped_as_in_a_csv(tmp_path: Path) -> None:
    rows = csv_rows(DATA)
    rows.insert(5, [None] * len(rows[0]))
    book = xlsx(tmp_path / "q1.xlsx", rows)
    text = as_csv(tmp_path / "q1.csv", rows)
    code, out, err = invoke("score", SCHEME, "--data", str(book), "--format", "csv")
    assert (code, out) == invoke("score", SCHEME, "--data", str(text), "--format", "csv")[:2]
    assert err == f"{book}:13:1: warning: Sheet1!A13: {SR06}\n"  # its row in the sheet


def test_months_typed_into_excel_are_read_as_months(tmp_path: Path) -> None:
    """Excel turns a typed 2026-01 into 1 January 2026: the period column reads it back."""
    rows = csv_rows(MONTHS)
    for row in rows[1:]:
        year, month = str(row[3]).split("-")
        row[3] = datetime.date(int(year), int(month), 1)
    book = xlsx(tmp_path / "months.xlsx", rows)
    for period in ("2026-01", "2026-Q1"):
        assert invoke("score", CASCADE, "--data", str(book), "--period", period,
                      "--format", "csv")[:2] == \
            invoke("score", CASCADE, "--data", MONTHS, "--period", period, "--format", "csv")[:2]
    scheme = load_scheme(CASCADE)
    assert sorted(read_monthly(book, scheme).months) == sorted(read_monthly(MONTHS,
                                                                            scheme).months)

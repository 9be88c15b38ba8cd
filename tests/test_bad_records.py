"""Bad records (issue 14, item 5): each a clear error naming the file, row and column (or
the file), in English and in Chinese, exit 1, nothing written; DuckDB and the reference
name the same problems."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import both_paths_name_the_same_records

from appraise import AppraiseError, load_scheme
from appraise.cli import main
from appraise.sources import figures

SCHEME = Path("tests/records/company.yaml")

CASES = {
    "a record with no key": (
        "orders.csv", "O2,2026-01-05", ",2026-01-05",
        "{dir}/orders.csv:3:1: error: orders.order_id: the record has no order_id (every "
        "record needs its own order_id)",
        "{dir}/orders.csv:3:1: 错误：orders.order_id: 该记录没有 order_id（每条记录都要有自己的 "
        "order_id）"),
    "a duplicate record id": (
        "orders.csv", "O3,2026-01-05", "O1,2026-01-05",
        "{dir}/orders.csv:4:1: error: orders.order_id: order_id 'O1' is the record of row 2 "
        "again (each record's order_id must be unique: remove the copy)",
        "{dir}/orders.csv:4:1: 错误：orders.order_id: order_id 'O1' 与第 2 行的记录重复"
        "（每条记录的 order_id 必须唯一：请删除重复的记录）"),
    "an unknown customer": (
        "orders.csv", "O4,2026-02-01,C2", "O4,2026-02-01,C9",
        "{dir}/orders.csv:5:3: error: orders.customer: customer 'C9' is no record of "
        "'customers' (correct it, or add the missing entry to customers)",
        "{dir}/orders.csv:5:3: 错误：orders.customer: customer 'C9' 不是 'customers' 中的记录"
        "（请更正，或在 customers 中补上缺少的条目）"),
    "an unknown owner": (
        "customers.csv", "C4,P2", "C4,P9",
        "{dir}/customers.csv:5:2: error: customers.owner: owner 'P9' is not a person of the "
        "scheme (correct it, or add the missing entry to people)",
        "{dir}/customers.csv:5:2: 错误：customers.owner: owner 'P9' 不是方案中的人员（请更正，"
        "或在 people 中补上缺少的条目）"),
    "a date outside the year": (
        "payments.csv", "Y1,2026-01-20", "Y1,2025-12-31",
        "{dir}/payments.csv:2:2: error: payments.paid_on: the date 2025-12-31 is outside the "
        "scheme's year 2026 (records of another year belong to that year's scheme: leave "
        "them out of the file)",
        "{dir}/payments.csv:2:2: 错误：payments.paid_on: 日期 2025-12-31 不在方案的年度 2026 内"
        "（其他年度的记录属于该年度的方案：请从文件中去掉）"),
    "a number with a thousands separator": (
        "orders.csv", "70000,10000", '"70,000",10000',
        "{dir}/orders.csv:5:6: error: orders.amount: '70,000' is not a number (write a "
        "number such as 1234.56: no thousands separators, units or more than six decimals)",
        "{dir}/orders.csv:5:6: 错误：orders.amount: '70,000' 不是数字（请写成 1234.56 这样的数字："
        "不加千位分隔符、不带单位，小数不超过六位）"),
    "a day that does not exist": (
        "visits.csv", "V4,2026-02-02", "V4,2026-02-30",
        "{dir}/visits.csv:5:2: error: visits.visited_on: '2026-02-30' is not a date (write "
        "the date as 2026-03-15)",
        "{dir}/visits.csv:5:2: 错误：visits.visited_on: '2026-02-30' 不是日期（日期请写成 "
        "2026-03-15）"),
    "yes for true": (
        "visits.csv", "90,true", "90,yes",
        "{dir}/visits.csv:5:6: error: visits.on_site: 'yes' is neither true nor false (write "
        "true or false)",
        "{dir}/visits.csv:5:6: 错误：visits.on_site: 'yes' 既不是 true 也不是 false（请写 true "
        "或 false）"),
    "a row with more cells than the header": (
        "visits.csv", "V3,2026-01-19,C3,P1,30,true", "V3,2026-01-19,C3,P1,30,true,extra",
        "{dir}/visits.csv:4:7: error: records.visits: row has 7 cells but the header names 6 "
        "columns (remove the extra cells)",
        "{dir}/visits.csv:4:7: 错误：records.visits: 该行有 7 个单元格，但标题行有 6 列"
        "（请删除多余的单元格）"),
    "a missing column": (
        "visits.csv", "minutes,on_site", "mins,on_site",
        "{dir}/visits.csv:1:1: error: records.visits: the header has no column 'minutes' (the "
        "header must name every column declared under records.visits.columns)",
        "{dir}/visits.csv:1:1: 错误：records.visits: 标题行中没有列 'minutes'（标题行必须包含 "
        "records.visits.columns 中声明的每一列）"),
}


def _records(tmp_path: Path, file: str, written: str, changed: str) -> Path:
    folder = tmp_path / "records"
    shutil.copytree("tests/records", folder)
    text = (folder / file).read_text(encoding="utf-8")
    assert written in text
    (folder / file).write_text(text.replace(written, changed, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize("case", CASES)
def test_a_bad_record_is_named_and_nothing_is_written(tmp_path: Path, case: str) -> None:
    file, written, changed, english, chinese = CASES[case]
    folder = _records(tmp_path, file, written, changed)
    out = tmp_path / "figures.csv"
    for language, expected in (("en", english), ("zh", chinese)):
        run = CliRunner().invoke(main, ["figures", str(SCHEME), "--records", str(folder),
                                        "--period", "2026-Q1", "-o", str(out), "--lang",
                                        language])
        assert (run.exit_code, run.output) == (1, expected.format(dir=folder) + "\n")
        assert not out.exists()
    both_paths_name_the_same_records(SCHEME, folder)


def test_a_column_is_named_by_its_place_in_the_file(tmp_path: Path) -> None:
    """The columns of a file may come in any order: a problem names the file's column."""
    folder = tmp_path / "records"
    shutil.copytree("tests/records", folder)
    (folder / "customers.csv").write_text("tier,owner,customer_id\nkey,P1,C1\nsmall,P7,C2\n"
                                          "key,P1,C3\nkey,P2,C4\n", encoding="utf-8")
    with pytest.raises(AppraiseError) as found:
        figures(load_scheme(SCHEME), folder, "2026-Q1")
    assert [str(d) for d in found.value.diagnostics] == [
        f"{folder}/customers.csv:3:2: error: customers.owner: owner 'P7' is not a person of the "
        "scheme (correct it, or add the missing entry to people)"]


def test_a_missing_file_and_an_unreadable_one(tmp_path: Path) -> None:
    folder = tmp_path / "records"
    shutil.copytree("tests/records", folder)
    (folder / "visits.csv").unlink()
    run = CliRunner().invoke(main, ["figures", str(SCHEME), "--records", str(folder),
                                    "--period", "2026-Q1"])
    assert (run.exit_code, run.output) == (1, (
        f"{folder}/visits.csv: error: records.visits: the records file is not there (put "
        "visits.csv in the records folder, or correct file: under records.visits)\n"))
    run = CliRunner().invoke(main, ["figures", str(SCHEME), "--records", str(folder),
                                    "--period", "2026-Q1", "--lang", "zh"])
    assert (run.exit_code, run.output) == (1, (
        f"{folder}/visits.csv: 错误：records.visits: 找不到记录文件（请把 visits.csv 放入"
        "记录文件夹，或更正 records.visits 下的 file:）\n"))
    (folder / "visits.csv").write_bytes(b"\xff\xfevisit_id\n")
    run = CliRunner().invoke(main, ["figures", str(SCHEME), "--records", str(folder),
                                    "--period", "2026-Q1"])
    assert (run.exit_code, run.output) == (1, (
        f"{folder}/visits.csv:1:1: error: records.visits: the file is not valid UTF-8 (byte "
        "0xff) (the file is UTF-16; save the file as UTF-8 (in Excel: 'CSV UTF-8'; in editors: "
        "encoding UTF-8))\n"))

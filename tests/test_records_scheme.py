"""A scheme's records: and its fields' from:, checked when the scheme is read: each
problem at its line and character, in English and in Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise.cli import main

SCHEME = Path("tests/records/company.yaml")

CASES = [
    # unknown source
    ('from: {records: orders, sum: amount, where: \'status == "ship'
      'ped"\', by: salesperson}',
     'from: {records: order, sum: amount, where: \'status == "shipp'
      'ed"\', by: salesperson}',
     '{file}:51:21: error: fields.revenue.from.records: unknown re'
      "cord source 'order' (did you mean 'orders'?)\n",
     '{file}:51:21: 错误：fields.revenue.from.rec'
      "ords: 未知的记录来源 'order'（是否应为 'orders'？）\n"),
    # unknown column
    ('where: \'status == "shipped"\'',
     'where: \'state == "shipped"\'',
     '{file}:51:50: error: fields.revenue.from.where: unknown colu'
      "mn 'state' (did you mean 'status'?)\n",
     '{file}:51:50: 错误：fields.revenue.from.whe'
      "re: 未知的列 'state'（是否应为 'status'？）\n"),
    # text vs number
    ('where: \'status == "shipped"\'',
     "where: 'status == 5'",
     '{file}:51:50: error: fields.revenue.from.where: text cannot '
      'be compared with a number (compare text with "text", a numbe'
      'r with a number)\n',
     '{file}:51:50: 错误：fields.revenue.from.whe'
      're: 文字不能与数字比较（文字与 "文字" 比较，数字与数字比较）\n'),
    # not boolean
    ('where: \'status == "shipped"\'',
     "where: 'amount'",
     '{file}:51:49: error: fields.revenue.from.where: this is a nu'
      'mber, not a condition that holds or not (compare a column, e'
      '.g. status == "shipped")\n',
     '{file}:51:49: 错误：fields.revenue.from.whe'
      're: 这里是数字，而不是成立与否的条件（请比较某一列，例如 status =='
      ' "shipped"）\n'),
    # sum text
    ("sum: amount, where: 'status",
     "sum: status, where: 'status",
     '{file}:51:34: error: fields.revenue.from.sum: sum takes numb'
      "ers; 'status' is text (name a number column, e.g. amount)\n",
     '{file}:51:34: 错误：fields.revenue.from.sum'
      ": sum 只能用于数字；'status' 是文字（请写一个数字列，例如 amo"
      'unt）\n'),
    # undeclared join
    ('by: order.salesperson}',
     'by: amount.salesperson}',
     "{file}:58:48: error: fields.collected.from.by: 'amount' is n"
      "ot followed by a declared reference: column 'amount' of reco"
      "rds 'payments' refers to no record source (declare refers: o"
      'n the column, or name a column that has one)\n',
     '{file}:58:48: 错误：fields.collected.from.b'
      "y: 'amount' 后面不能再接列名：记录 'payments' 的列 'a"
      "mount' 没有声明指向其他记录来源（请在该列上声明 refers:，或改用已"
      '声明引用的列）\n'),
    # not a person
    ('by: order.salesperson}',
     'by: order.customer}',
     "{file}:58:48: error: fields.collected.from.by: 'order.custom"
      "er' does not lead to a person: a figure is counted for the p"
      'erson a column refers to (declare refers: people on the colu'
      'mn (e.g. the salesperson), or follow a reference to one (cus'
      'tomer.owner))\n',
     '{file}:58:48: 错误：fields.collected.from.b'
      "y: 'order.customer' 没有指向人员：数据按某一列所指的人员统计"
      '（请在该列上声明 refers: people（如销售人员），或沿引用找到人员（'
      'customer.owner））\n'),
    # a file outside the records folder: a scheme never reads elsewhere on the machine
    ("    file: orders.csv",
     "    file: ../../private/orders.csv",
     "{file}:16:11: error: records.orders.file: '../../private/orders.csv' is outside the "
     "records folder (write the file's name in the folder given by --records, e.g. "
     "orders.csv, or 2026/orders.csv for one in a folder inside it)\n",
     "{file}:16:11: 错误：records.orders.file: '../../private/orders.csv' 不在记录文件夹内"
     "（请写 --records 所给文件夹中的文件名，例如 orders.csv；在其中的子文件夹里则写 "
     "2026/orders.csv）\n"),
    ("    file: orders.csv",
     "    file: /srv/orders.csv",
     "{file}:16:11: error: records.orders.file: '/srv/orders.csv' is outside the records "
     "folder (write the file's name in the folder given by --records, e.g. orders.csv, or "
     "2026/orders.csv for one in a folder inside it)\n",
     "{file}:16:11: 错误：records.orders.file: '/srv/orders.csv' 不在记录文件夹内（请写 "
     "--records 所给文件夹中的文件名，例如 orders.csv；在其中的子文件夹里则写 "
     "2026/orders.csv）\n"),
]


@pytest.mark.parametrize(("written", "changed", "english", "chinese"), CASES)
def test_a_bad_definition_is_named_at_its_place(tmp_path: Path, written: str, changed: str,
                                                english: str, chinese: str) -> None:
    scheme = tmp_path / "company.yaml"
    text = SCHEME.read_text(encoding="utf-8")
    assert written in text
    scheme.write_text(text.replace(written, changed, 1), encoding="utf-8")
    for language, expected in (("en", english), ("zh", chinese)):
        run = CliRunner().invoke(main, ["validate", str(scheme), "--lang", language])
        assert (run.exit_code, run.output) == (1, expected.format(file=scheme))


def test_a_records_file_may_be_in_a_folder_inside_the_records_folder(tmp_path: Path) -> None:
    import shutil

    from test_figures import Q1

    folder = tmp_path / "records"
    shutil.copytree(SCHEME.parent, folder)
    (folder / "2026").mkdir()
    (folder / "orders.csv").rename(folder / "2026" / "orders.csv")
    scheme = folder / "company.yaml"
    scheme.write_text(scheme.read_text(encoding="utf-8").replace(
        "    file: orders.csv", "    file: 2026/orders.csv", 1), encoding="utf-8")
    run = CliRunner().invoke(main, ["figures", str(scheme), "--records", str(folder),
                                    "--period", "2026-Q1"])
    assert (run.exit_code, run.stdout_bytes.decode("utf-8")) == (0, Q1)

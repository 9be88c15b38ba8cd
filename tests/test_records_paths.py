"""A column path in a filter over records that names no column: the column meant, or, where
a column that refers to no other source is followed by a dot, why nothing can follow it (the
hint listed no column at all before)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise.cli import main

SCHEME = Path("tests/records/company.yaml")
WRITTEN = "where: 'status == \"shipped\"'"


@pytest.mark.parametrize(("where", "english", "chinese"), [
    ('salesperson.owner == "x"',
     "unknown column 'salesperson.owner': 'salesperson' refers to no other source of records, "
     "so no column follows it (declare refers: on the column, or name a column that has one)",
     "未知的列 'salesperson.owner'：'salesperson' 没有声明指向其他记录来源，后面不能再接列名"
     "（请在该列上声明 refers:，或改用已声明引用的列）"),
    ('status.x.y == "x"',
     "unknown column 'status.x.y': 'status' refers to no other source of records, so no "
     "column follows it (declare refers: on the column, or name a column that has one)",
     "未知的列 'status.x.y'：'status' 没有声明指向其他记录来源，后面不能再接列名"
     "（请在该列上声明 refers:，或改用已声明引用的列）"),
    ('customer.tire == "key"',
     "unknown column 'customer.tire' (did you mean 'customer.tier'?)",
     "未知的列 'customer.tire'（是否应为 'customer.tier'？）"),
])
def test_a_path_that_names_no_column_says_why(tmp_path: Path, where: str, english: str,
                                              chinese: str) -> None:
    scheme = tmp_path / "company.yaml"
    text = SCHEME.read_text(encoding="utf-8")
    assert WRITTEN in text
    scheme.write_text(text.replace(WRITTEN, f"where: '{where}'", 1), encoding="utf-8")
    for language, expected in (("en", english), ("zh", chinese)):
        run = CliRunner().invoke(main, ["validate", str(scheme), "--lang", language])
        assert run.exit_code == 1
        assert run.output.split("fields.revenue.from.where: ", 1)[1] == expected + "\n"

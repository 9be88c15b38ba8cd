"""What the data readers make of the columns a data-entry template writes: the unit's
column (unit, 部门) is read by nobody and warned of by nobody; a field headed by its
English name (label_en) is that field."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise.cli import main

ROOT = Path(__file__).resolve().parent.parent
SALES = ROOT / "schemes" / "examples" / "sales_company.yaml"
DATA = ROOT / "schemes" / "examples" / "2026-Q1.csv"
NEWCOMER = ("{file}:12:1: warning: SR06: person 'SR06' is not in the scheme's people, and is "
            "scored on post 'sales_rep', as the data says (add them under people: in the "
            "scheme, or correct the id)\n")


def score(scheme: Path, data: Path) -> tuple[str, str]:
    result = CliRunner().invoke(main, ["score", str(scheme), "--data", str(data),
                                       "--format", "csv"])
    assert result.exit_code == 0, result.output
    return result.stdout, result.stderr


def with_column(text: str, after: int, title: str, cell: str) -> str:
    """``text`` (CSV) with a column ``title`` after its ``after`` first, ``cell`` in each row."""
    lines = text.splitlines()
    out = []
    for k, line in enumerate(lines):
        cells = line.split(",")
        out.append(",".join([*cells[:after], title if k == 0 else cell, *cells[after:]]))
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("title", ["unit", "部门", "Unit"])
def test_the_units_column_is_read_by_nobody(tmp_path: Path, title: str) -> None:
    data = tmp_path / "q1.csv"
    data.write_text(with_column(DATA.read_text(encoding="utf-8"), 3, title, "销售部"),
                    encoding="utf-8")
    scored, warnings = score(SALES, data)
    assert (scored, warnings) == (score(SALES, DATA)[0], NEWCOMER.format(file=data))


def test_a_field_named_unit_is_still_the_field(tmp_path: Path) -> None:
    scheme = tmp_path / "s.yaml"
    scheme.write_text(SALES.read_text(encoding="utf-8").replace(
        "  leads:\n", "  unit:\n    label: 单位数\n    aggregate: sum\n  leads:\n"),
        encoding="utf-8")
    data = tmp_path / "q1.csv"
    data.write_text(with_column(DATA.read_text(encoding="utf-8"), 3, "unit", "3"),
                    encoding="utf-8")
    assert score(scheme, data) == (score(scheme, DATA)[0], NEWCOMER.format(file=data))


def test_a_field_is_headed_by_its_english_name(tmp_path: Path) -> None:
    scheme = tmp_path / "s.yaml"
    scheme.write_text(SALES.read_text(encoding="utf-8").replace(
        "    label: 销售额\n", "    label: 销售额\n    label_en: Revenue\n").replace(
        "    label: 团队协作\n", "    label: 团队协作\n    label_en: Teamwork\n"),
        encoding="utf-8")
    data = tmp_path / "q1.csv"
    data.write_text(DATA.read_text(encoding="utf-8").replace(
        "period,revenue,", "period,Revenue,").replace(",teamwork,", ",Teamwork,"),
        encoding="utf-8")
    assert score(scheme, data) == (score(SALES, DATA)[0], NEWCOMER.format(file=data))


@pytest.mark.parametrize(("revenue", "errors"), [("销售额（元）", "重大合同失误次数（次）"),
                                                 ("销售额 (yuan)", "重大合同失误次数 (times)"),
                                                 ("revenue (YUAN)", "contract_errors（次）")])
def test_a_headers_unit_may_be_its_chinese_name(tmp_path: Path, revenue: str,
                                                errors: str) -> None:
    data = tmp_path / "q1.csv"
    data.write_text(DATA.read_text(encoding="utf-8").replace(
        "period,revenue,", f"period,{revenue},").replace(",contract_errors,", f",{errors},"),
        encoding="utf-8")
    assert score(SALES, data) == (score(SALES, DATA)[0], NEWCOMER.format(file=data))

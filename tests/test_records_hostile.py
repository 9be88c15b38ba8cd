"""Record files as real exports come: a quote never closed (the cell runs to the end of
the file), line ends mixed CR LF and LF (DuckDB's sniffer gives up; Python reads them):
never a traceback, the file named at its line, or the figures the clean file gives."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from appraise.cli import main

EXAMPLES = Path("schemes/examples")


def _figures(records: Path, out: Path, *more: str) -> tuple[int, str]:
    done = CliRunner().invoke(main, ["figures", str(records / "cascade_records.yaml"),
                                     "--records", str(records), "--period", "2026-Q1",
                                     "-o", str(out), *more])
    return done.exit_code, done.output


def _company(tmp: Path) -> Path:
    shutil.copytree(EXAMPLES, tmp / "examples")
    return tmp / "examples" / "records"


def test_a_quote_never_closed_is_named_at_its_line(tmp_path: Path) -> None:
    """Before: a traceback (_csv.Error: field larger than field limit (131072))."""
    records = _company(tmp_path)
    orders = records / "orders.csv"
    lines = orders.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[2].startswith("SO00002,")
    lines[2] = lines[2].replace("SO00002,", '"SO00002,', 1)
    orders.write_text("".join(lines[:3]) + "x" * 140_000 + "".join(lines[3:]),
                      encoding="utf-8")
    out = tmp_path / "q1.csv"
    for lang, said in (
            ("en", "error: records.orders: a cell from this line on is longer than 131,072 "
                   "characters: most likely a quote (\") is opened and never closed (check the "
                   "quotes from this line on: a cell with a comma or a line break in it is "
                   "written in quotes, and a quote inside it doubled (\"\"))"),
            ("zh", "错误：records.orders: 从这一行起有一个单元格超过 131,072 个字符：很可能有一个"
                   "引号（\"）只开不合（请检查从这一行起的引号：含逗号或换行的单元格要用引号括起"
                   "来，其中的引号要写两次（\"\"））")):
        code, shown = _figures(records, out, "--lang", lang)
        assert (code, shown) == (1, f"{orders}:3:1: {said}\n")
        assert not out.exists()


def test_line_ends_mixed_give_the_clean_file_s_figures(tmp_path: Path) -> None:
    """Before: 'the records file cannot be read: Invalid Input Error: Error when sniffing
    file', and named the customers' file."""
    records = _company(tmp_path)
    clean = tmp_path / "clean.csv"
    assert _figures(records, clean) == (0, "")
    orders = records / "orders.csv"
    text = orders.read_text(encoding="utf-8")
    orders.write_bytes(text.replace("\n", "\r\n", 7).encode("utf-8"))
    mixed = tmp_path / "mixed.csv"
    assert _figures(records, mixed) == (0, "")
    assert mixed.read_bytes() == clean.read_bytes()


def test_ctrl_c_in_a_duckdb_query_stops_the_run_as_ctrl_c(tmp_path: Path) -> None:
    """DuckDB's client says a query stopped by Ctrl-C with RuntimeError('Query interrupted'):
    before, a traceback; now the run stops as Ctrl-C stops it anywhere (click's
    'Aborted!'), and no other RuntimeError is taken for one."""
    import pytest

    from appraise import load_scheme
    from appraise.sources.duck import over_records

    records = _company(tmp_path)
    scheme = load_scheme(records / "cascade_records.yaml")

    def stopped(*_args: object) -> None:
        raise RuntimeError("Query interrupted")

    def broken(*_args: object) -> None:
        raise RuntimeError("something else")

    with pytest.raises(KeyboardInterrupt):
        over_records(scheme, records, stopped)
    with pytest.raises(RuntimeError, match="something else"):
        over_records(scheme, records, broken)

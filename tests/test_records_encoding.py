"""A records CSV that Excel saved on Chinese Windows (GB18030, GBK a part of it) is read as
a data file is: decoded, with a note naming it, every figure what the UTF-8 file gives; a
file in no encoding read (UTF-16 without its mark) is named at its line and column with
how to save it, and nothing is written."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from conftest import ROOT

from appraise import load_scheme
from appraise.cli import main
from appraise.sources import figures


def _examples(tmp_path: Path, name: str) -> tuple[Path, Path]:
    """The example company, each incident with a remark in Chinese (a column no field reads):
    the records folder, and the file ``name`` under it."""
    shutil.copytree(ROOT / "schemes" / "examples", tmp_path / name)
    records = tmp_path / name / "records"
    incidents = records / "incidents.csv"
    lines = incidents.read_text(encoding="utf-8").splitlines()
    assert lines[2] == "IN0002,2026-01-11,G05,contract_error"
    incidents.write_text("\n".join([lines[0] + ",备注", *(line + ",合同条款有误，已更正"
                                                         for line in lines[1:])]) + "\n",
                         encoding="utf-8")
    return records, incidents


def _figures(records: Path, *extra: str) -> tuple[int, str, str, bytes | None]:
    out = records.parent / "q1.csv"
    done = CliRunner().invoke(main, [
        "figures", str(records / "cascade_records.yaml"), "--records", str(records),
        "--period", "2026-Q1", "-o", str(out), *extra])
    return done.exit_code, done.stdout, done.stderr, out.read_bytes() if out.exists() else None


def test_a_gbk_records_file_gives_the_figures_of_the_utf8_one_with_a_note(tmp_path: Path
                                                                          ) -> None:
    utf8, _file = _examples(tmp_path, "utf8")
    gbk, incidents = _examples(tmp_path, "gbk")
    incidents.write_bytes(incidents.read_text(encoding="utf-8").encode("gbk"))
    code, _out, err, expected = _figures(utf8)
    assert (code, err) == (0, "")
    assert expected is not None
    for lang, said in (
            ("en", "note: records.incidents: the file is not UTF-8; it is read as GB18030 (GBK), "
                   "the encoding Excel uses for CSV on Chinese Windows (save it as 'CSV UTF-8' "
                   "in Excel, so that its encoding is never in doubt)"),
            ("zh", "提示：records.incidents: 文件不是 UTF-8 编码，已按 GB18030（GBK）读取，这是"
                   "中文版 Windows 上 Excel 保存 CSV 时的默认编码（请在 Excel 中另存为“CSV "
                   "UTF-8”，避免编码歧义）")):
        assert _figures(gbk, "--lang", lang) == (0, "", f"{incidents}: {said}\n", expected)
    scheme = load_scheme(gbk / "cascade_records.yaml")
    assert figures(scheme, gbk, "2026-Q1", reference=True).encode("utf-8") == expected
    run = CliRunner().invoke(main, ["score", str(gbk / "cascade_records.yaml"), "--records",
                                    str(gbk), "--period", "2026-Q1", "--format", "csv"])
    assert run.exit_code == 0
    assert run.stderr.startswith(f"{incidents}: note: records.incidents: the file is not "
                                 "UTF-8; it is read as GB18030 (GBK)")


def test_a_records_file_in_no_encoding_read_is_named_with_how_to_save_it(tmp_path: Path
                                                                          ) -> None:
    records, incidents = _examples(tmp_path, "utf16")
    incidents.write_bytes(incidents.read_text(encoding="utf-8").encode("utf-16-le"))
    for lang, said in (
            ("en", "error: records.incidents: the file is not valid UTF-8 (byte 0xe8) (save "
                   "the file as UTF-8 (in Excel: 'CSV UTF-8'; in editors: encoding UTF-8))"),
            ("zh", "错误：records.incidents: 文件不是有效的 UTF-8（字节 0xe8）（请把文件另存为 "
                   "UTF-8（Excel 中选“CSV UTF-8”；编辑器中选编码 UTF-8））")):
        assert _figures(records, "--lang", lang) == (1, "", f"{incidents}:1:75: {said}\n",
                                                     None)

"""A records file that is not UTF-8 (a CSV saved by Excel on Chinese Windows is GBK) is
named at its line and column with how to save it, as a data file is; nothing is written."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner
from conftest import ROOT

from appraise.cli import main


def test_a_gbk_records_file_is_named_with_how_to_save_it(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "schemes" / "examples", tmp_path / "examples")
    records = tmp_path / "examples" / "records"
    incidents = records / "incidents.csv"
    text = incidents.read_text(encoding="utf-8")
    assert text.splitlines()[2] == "IN0002,2026-01-11,G05,contract_error"
    incidents.write_bytes(text.replace("G05,contract_error", "G05,合同失误", 1)
                          .encode("gbk"))
    out = tmp_path / "q1.csv"
    for lang, said in (
            ("en", "records.incidents: the file is not valid UTF-8 (byte 0xba) (the file looks "
                   "like GBK, Excel's default for Chinese; save the file as UTF-8 (in Excel: "
                   "'CSV UTF-8'; in editors: encoding UTF-8))"),
            ("zh", "错误：records.incidents: 文件不是有效的 UTF-8（字节 0xba）（文件看起来是 GBK "
                   "编码（Excel 中文版的默认编码）；请把文件另存为 UTF-8（Excel 中选“CSV UTF-8”；"
                   "编辑器中选编码 UTF-8））")):
        done = CliRunner().invoke(main, [
            "figures", str(records / "cascade_records.yaml"), "--records", str(records),
            "--period", "2026-01", "-o", str(out), "--lang", lang])
        assert done.exit_code == 1
        where = f"{incidents}:3:23: " + ("error: " if lang == "en" else "")
        assert done.stderr == where + said + "\n"
        assert not out.exists()

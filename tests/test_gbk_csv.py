"""A CSV that Excel saved on Chinese Windows (GB18030, GBK) is read as such, with a note
on standard error that is never a warning, --strict or not."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise import i18n, load_scheme, read_actuals
from appraise.cli import main

SCHEME = "schemes/examples/sales_company.yaml"
DATA = "schemes/examples/2026-Q1.csv"
NOTE = ("note: the file is not UTF-8; it is read as GB18030 (GBK), the encoding Excel uses "
        "for CSV on Chinese Windows (save it as 'CSV UTF-8' in Excel, so that its encoding "
        "is never in doubt)")


def _without_sr06(tmp_path: Path, encoding: str) -> Path:
    lines = Path(DATA).read_text(encoding="utf-8").splitlines(keepends=True)
    written = tmp_path / f"q1-{encoding}.csv"
    written.write_bytes("".join(line for line in lines
                                if not line.startswith("SR06")).encode(encoding))
    return written


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_a_gbk_csv_scores_as_its_utf8_twin_with_a_note(tmp_path: Path) -> None:
    gbk, utf8 = _without_sr06(tmp_path, "gbk"), _without_sr06(tmp_path, "utf-8")
    for fmt in ("csv", "table"):
        code, out, err = invoke("score", SCHEME, "--data", str(gbk), "--format", fmt,
                                "--strict")
        assert (code, out, "") == invoke("score", SCHEME, "--data", str(utf8), "--format",
                                         fmt, "--strict")
        assert err == f"{gbk}: {NOTE}\n"


def test_gb18030_beyond_gbk_is_read_too(tmp_path: Path) -> None:
    written = tmp_path / "q1.csv"
    text = Path(DATA).read_text(encoding="utf-8").replace("张伟", "张𠀀")  # not in GBK
    written.write_bytes(text.encode("gb18030"))
    code, out, err = invoke("score", SCHEME, "--data", str(written), "--format", "csv")
    assert (code, "张𠀀" in out) == (0, True)
    assert err.splitlines()[0] == f"{written}: {NOTE}"


def test_the_note_in_chinese(tmp_path: Path) -> None:
    i18n.set_language("zh")
    try:
        read = read_actuals(_without_sr06(tmp_path, "gbk"), load_scheme(SCHEME))
    finally:
        i18n.set_language("en")
    assert [str(w).split(": ", 1)[1] for w in read.warnings] == [
        "note: 文件不是 UTF-8 编码，已按 GB18030（GBK）读取，这是中文版 Windows 上 Excel 保存 "
        "CSV 时的默认编码 (请在 Excel 中另存为“CSV UTF-8”，避免编码歧义)"]


@pytest.mark.parametrize(("encoding", "said"), [
    ("utf-16", ":1:1: error: the file is not valid UTF-8 (byte 0xff) (the file is UTF-16; "
     "save the file as UTF-8 (in Excel: 'CSV UTF-8'; in editors: encoding UTF-8))"),
    ("utf-16-be", ":2:11: error: the file is not valid UTF-8 (byte 0x96) (save the file as "
     "UTF-8 (in Excel: 'CSV UTF-8'; in editors: encoding UTF-8))"),
])
def test_utf16_is_still_refused(tmp_path: Path, encoding: str, said: str) -> None:
    """UTF-16 (Excel's 'Unicode Text') is not read as GB18030, though its bytes decode."""
    written = tmp_path / "q1.csv"
    written.write_bytes(Path(DATA).read_text(encoding="utf-8").encode(encoding))
    assert invoke("score", SCHEME, "--data", str(written)) == (1, "", f"{written}{said}\n")

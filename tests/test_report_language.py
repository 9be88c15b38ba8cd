"""``appraise report --lang zh``: the problems and warnings of the run in Chinese too, not
only the page (its own --lang was not the run's, and a warning of the data came out in
English)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from conftest import DATA, SCHEME

from appraise.cli import main


def test_the_data_s_warning_in_the_language_asked_for(tmp_path: Path) -> None:
    for lang, warning in (
            ("zh", f"{DATA}:12:1: 警告：SR06: 人员 'SR06' 不在方案的人员名单中，按数据所写的岗位 "
                   "'sales_rep' 计分（请在方案的 people: 下添加此人，或改正编号）\n"),
            ("en", f"{DATA}:12:1: warning: SR06: person 'SR06' is not in the scheme's people, "
                   "and is scored on post 'sales_rep', as the data says (add them under "
                   "people: in the scheme, or correct the id)\n")):
        page = tmp_path / f"{lang}.html"
        result = CliRunner().invoke(main, ["report", str(SCHEME), "--data", str(DATA),
                                           "-o", str(page), "--lang", lang])
        assert (result.exit_code, result.stdout, result.stderr) == (0, "", warning)
        assert ('<html lang="zh-CN">' if lang == "zh" else '<html lang="en">') in \
            page.read_text(encoding="utf-8")

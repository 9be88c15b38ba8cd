"""Manners at a terminal in both languages: the progress line, the fitted table's footer
and the severity's colour (error, warning and note: 错误, 警告, 提示), as a person at a
terminal sees them (the command run on a pseudo-terminal)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_terminal import (
    EXAMPLES,
    FRAME_ZH,
    PLAIN,
    clean,
    frames_then_cleared,
    invoke,
    on_a_terminal,
    piped,
)

from appraise.cli_term import paint_severity
from appraise.i18n import set_language

__all__ = ["clean"]  # the fixture, shared with test_terminal

RED, YELLOW, CYAN, RESET = "\x1b[31m", "\x1b[33m", "\x1b[36m", "\x1b[0m"
CASCADE = "schemes/examples/cascade_company.yaml"
SPLIT = {
    "en": ("{where}: {word}: cascade.revenue.split.north.explicit: the children of unit "
           "'north' add up to 83,000,000 in cascade 'revenue', 500,000 over its target "
           "82,500,000 (adjust the amounts, or split by shares)"),
    "zh": ("{where}: {word}：cascade.revenue.split.north.explicit: 目标分解 'revenue' 中部门 "
           "'north' 的下级合计 83,000,000，比其目标 82,500,000 多 500,000（请调整金额，或按份额"
           "分解）"),
}
GBK = {
    "en": ("{where}: {word}: the file is not UTF-8; it is read as GB18030 (GBK), the encoding "
           "Excel uses for CSV on Chinese Windows (save it as 'CSV UTF-8' in Excel, so that "
           "its encoding is never in doubt)"),
    "zh": ("{where}: {word}：文件不是 UTF-8 编码，已按 GB18030（GBK）读取，这是中文版 Windows 上 "
           "Excel 保存 CSV 时的默认编码（请在 Excel 中另存为“CSV UTF-8”，避免编码歧义）"),
}
WORDS = {"en": ("error", "warning", "note"), "zh": ("错误", "警告", "提示")}


def test_the_progress_line_speaks_chinese(tmp_path: Path, clean: list[str]) -> None:
    out = tmp_path / "r.csv"
    code, seen, _, _ = on_a_terminal(*clean, "--format", "csv", "-o", str(out), "--lang", "zh",
                                     SLOW="0.3", COLUMNS="300")
    assert code == 0
    assert f"\r- 正在读取并计分 {clean[3]}（0 秒）" in seen
    words = "正在读取考核方案 schemes/examples/sales_company.yaml|正在读取并计分 " + \
        re.escape(clean[3]) + "|正在写入 " + re.escape(str(out))
    assert frames_then_cleared(seen, words, FRAME_ZH) == ""


def test_validating_many_files_counts_them_in_chinese() -> None:
    code, seen, _, _ = on_a_terminal("validate", "schemes/examples", "--lang", "zh",
                                     COLUMNS="300", NO_COLOR="1")
    assert code == 0
    assert "\r- 正在检查第 1 个（共 6 个）：schemes/examples/cascade_company.yaml（0 秒）" in seen
    assert frames_then_cleared(seen, r"正在检查第 [1-6] 个（共 6 个）："
                                     r"schemes/examples/[\w/]+\.yaml", FRAME_ZH) == \
        piped("validate", "schemes/examples", "--lang", "zh").stdout.replace("\n", "\r\n")


FITTED_ZH = """\
华东智联销售有限公司 2026年度绩效考核方案 — 2026-Q1

排名  工号  姓名    岗位        部门                  总分  等级           奖金
----  ----  ------  ----------  ---------------  ---------  --------  ---------
 1/1  GM01  陈建国  总经理      华东智联销售有…      92.50  B 良好    60,000.00
 1/1  SD01  林晓峰  销售总监    销售中心            102.60  A 优秀    48,000.00
 1/3  KA03  孙丽    大客户经理  大客户部            106.69  A 优秀    36,000.00
 2/3  KA01  王静    大客户经理  大客户部            103.90  A 优秀    36,000.00
 3/3  KA02  赵磊    大客户经理  大客户部             74.34  C 合格    24,000.00
 1/6  SR02  李娜    销售代表    销售部              103.60  A 优秀    24,000.00
 2/6  SR01  张伟    销售代表    销售部               94.80  B 良好    20,000.00
 3/6  SR05  吴昊    销售代表    销售部               86.50  B 良好    20,000.00
 4/6  SR03  刘洋    销售代表    销售部               77.70  C 合格    16,000.00
 5/6  SR06  黄欣    销售代表    销售部               71.40  C 合格    16,000.00
 6/6  SR04  周敏    销售代表    销售部           0.00 否决  E 不合格       0.00
 1/1  MD01  郑芳    市场总监    市场部               80.15  C 合格    24,000.00
为适应 80 列宽的终端，未显示：加减分、加权得分、系数
为适应 80 列宽的终端，已截短（…）：部门
如需查看全部列：加宽终端、设置 COLUMNS=200，或使用 --format csv
"""


def test_the_table_fits_an_80_column_terminal_in_chinese() -> None:
    code, seen, _, _ = on_a_terminal(*PLAIN, "-q", "--lang", "zh", COLUMNS="80")
    assert code == 0
    assert seen == FITTED_ZH.replace("\n", "\r\n")


def test_a_narrow_terminal_says_what_it_left_out_in_chinese() -> None:
    code, seen, _, _ = on_a_terminal("score", CASCADE, "--data",
                                     "schemes/examples/2026-months.csv", "--period", "2026-Q1",
                                     "-q", "--lang", "zh", COLUMNS="50")
    assert code == 0
    lines = seen.split("\r\n")
    assert lines[2:5] == [
        "工号  姓名         总分  等级                 奖金",
        "----  ------  ---------  --------------  ---------",
        "GM01  周振华      94.82  B 良好          60,000.00"]
    at = lines.index("为适应 50 列宽的终端，未显示：全公司排名、在岗月数、系数、岗位、部门、排名")
    assert lines[at + 1] == "如需查看全部列：加宽终端、设置 COLUMNS=200，或使用 --format csv"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_warning_is_yellow_in_both_languages(lang: str) -> None:
    """validate writes a valid scheme's warnings on standard output: coloured there too."""
    where = f"{CASCADE}:260:25"
    code, seen, _, _ = on_a_terminal("validate", CASCADE, "--lang", lang, CI="1")
    assert code == 0
    assert seen.split("\r\n")[0] == SPLIT[lang].format(
        where=where, word=f"{YELLOW}{WORDS[lang][1]}{RESET}")
    code, seen, _, _ = on_a_terminal("validate", CASCADE, "--lang", lang, CI="1",
                                     NO_COLOR="1")
    assert seen.split("\r\n")[0] == SPLIT[lang].format(where=where, word=WORDS[lang][1])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_error_is_red_in_both_languages(tmp_path: Path, lang: str) -> None:
    data = tmp_path / "bad.csv"
    data.write_text("person,revenue\nSR01,lots\n", encoding="utf-8")
    code, seen, _, _ = on_a_terminal("score", "schemes/examples/sales_company.yaml",
                                     "--data", str(data), "-q", "--lang", lang, CI="1")
    assert code == 1
    said = {"en": f"{data}:1:1: {RED}error{RESET}: missing column 'cash_collected'",
            "zh": f"{data}:1:1: {RED}错误{RESET}：缺少列 'cash_collected'"}[lang]
    assert seen.startswith(said), seen[:200]


@pytest.fixture
def gbk(tmp_path: Path) -> Path:
    """The example's data without SR06, saved in GBK: read, with a note."""
    lines = (EXAMPLES / "2026-Q1.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    data = tmp_path / "q1-gbk.csv"
    data.write_bytes("".join(line for line in lines if not line.startswith("SR06"))
                     .encode("gbk"))
    return data


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_note_is_cyan_not_an_alarm(tmp_path: Path, gbk: Path, lang: str) -> None:
    """A note tells and asks nothing: cyan, as compilers show theirs, never the red of an
    error or the yellow of a warning."""
    args = ("score", "schemes/examples/sales_company.yaml", "--data", str(gbk), "--lang", lang,
            "-o", str(tmp_path / "r.csv"))
    code, seen, _, _ = on_a_terminal(*args, CI="1")
    assert (code, seen) == (0, GBK[lang].format(where=gbk, word=f"{CYAN}{WORDS[lang][2]}{RESET}")
                            + "\r\n")
    code, seen, _, _ = on_a_terminal(*args, CI="1", NO_COLOR="1")
    assert (code, seen) == (0, GBK[lang].format(where=gbk, word=WORDS[lang][2]) + "\r\n")
    assert on_a_terminal(*args, "-q", CI="1")[:2] == (0, "")  # --quiet: errors only


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_only_the_severity_word_of_the_frame_is_painted(lang: str) -> None:
    """Not a word the message quotes, and a line with no frame is left as it is."""
    set_language(lang)
    try:
        error, warning, note = WORDS[lang]
        colon = "：" if lang == "zh" else ": "
        line = f"a.yaml:1:1: {warning}{colon}'{error}' and {note}{colon}x"
        assert paint_severity(line, "warning") == \
            f"a.yaml:1:1: {YELLOW}{warning}{RESET}{colon}'{error}' and {note}{colon}x"
        assert paint_severity(line) == paint_severity(line, "warning")  # the first framed
        assert paint_severity(line, "error") == line  # not framed as an error
        assert paint_severity("nothing framed here") == "nothing framed here"
    finally:
        set_language("en")


def test_explain_json_keys_and_values_are_the_same_in_both_languages() -> None:
    """The JSON is for programs: the names and values the text puts in words are the same
    whatever the language; only the steps' words (as the text writes them) are translated."""
    found = {lang: json.loads(invoke("explain", *PLAIN[1:], "--person", "SR04", "--format",
                                     "json", "--lang", lang)[1]) for lang in ("en", "zh")}
    standing = ("weighted_sum", "deductions", "bonuses", "veto", "total", "grade_scored",
                "grade", "grade_label", "coefficient", "bonus", "rank", "rank_of")
    assert [found["zh"][k] for k in standing] == [found["en"][k] for k in standing] == \
        [109.0, 0.0, 0.0, "zero_total", 0.0, "E", "E", "不合格", 0.0, 0.0, 6, 6]
    assert found["zh"]["scheme"] == found["en"]["scheme"]
    veto = [found[lang]["segments"][0]["items"][-1]["words"] for lang in ("en", "zh")]
    assert veto == ["1 veto event(s): total set to 0 and lowest grade",
                    "1 项否决事项：总分为 0，等级为最低"]

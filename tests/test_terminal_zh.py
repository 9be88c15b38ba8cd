"""Manners at a terminal in both languages: the severity's colour (error, warning and
note: 错误, 警告, 提示), as a person at a terminal sees it (the command run on a
pseudo-terminal)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_terminal import (
    EXAMPLES,
    PLAIN,
    invoke,
    on_a_terminal,
)

from appraise.cli_term import paint_severity
from appraise.i18n import set_language

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

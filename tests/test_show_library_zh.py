"""``appraise show`` and ``appraise library`` with ``--lang zh``: their headings and words in
Chinese, exactly (the scheme itself is shown as written); the English is in
tests/test_inheritance.py."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from appraise.cli import main

CLIENT = "schemes/examples/sales_team_client.yaml"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_show_says_what_it_shows_in_chinese_and_shows_the_same_scheme() -> None:
    code, out, err = invoke("show", CLIENT, "--resolved", "--lang", "zh")
    assert (code, err) == (0, "")
    assert out.splitlines()[:5] == [
        f"# {CLIENT}：Appraise 读到的方案，已并入其基础方案，",
        "# 并展开了引用的指标库条目。写在其他文件中的部分，",
        "# 在行末注明所在的文件和行号。",
        "",
        "appraise: 1  # schemes/templates/sales_team.yaml:6"]
    english = invoke("show", CLIENT, "--resolved")[1]
    assert out.split("\n\n", 1)[1] == english.split("\n\n", 1)[1]
    assert english.splitlines()[:3] == [
        f"# {CLIENT} as Appraise reads it: its base scheme merged in and its",
        "# library entries resolved. A part written in another file names it at the",
        "# end of its line."]


def test_library_lists_the_standard_indicators_in_chinese() -> None:
    code, out, err = invoke("library", "--lang", "zh")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:5] == [
        "<standard library>：标准销售指标库 Standard sales indicators，46 个指标",
        "",
        "编号                               指标                         英文名称                  "
        "                     维度                 计分规则",
        "---------------------------------  ---------------------------  ----------------------"
        "-----------------------  -------------------  ---------------",
        "revenue                            销售额                       Revenue                   "
        "                     financial            ratio"]
    assert lines[-1] == "方案这样引用其中的指标：  indicators: {ID: {use: ID}}"


def test_a_library_of_one_indicator_without_a_title(tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "appraise_library: 1\nname: mine\nfields:\n  revenue: {label: 销售额, aggregate: sum}\n"
        "indicators:\n  sales:\n    label: 销售额\n    formula: revenue\n    fields: [revenue]\n"
        "    rule: {kind: ratio}\n", encoding="utf-8")
    assert invoke("library", str(mine))[1].splitlines()[0] == f"{mine}: 1 indicator"
    assert invoke("library", str(mine), "--lang", "zh")[1].splitlines()[0] == f"{mine}：1 个指标"

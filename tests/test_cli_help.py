"""``--help`` in the run's language: the group's and every command's, whatever the order of
--lang and --help or APPRAISE_LANG; laid out by the columns a Chinese character takes; the
English as click writes it; and every help text found for the catalogue."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from appraise.cli import main
from appraise.cli_help import in_language, pieces, width, wrap
from appraise.cli_help_extract import help_texts

COMMANDS = sorted(main.commands)


def helped(*args: str, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(main, list(args), prog_name="appraise", env=env)
    assert (result.exit_code, result.stderr) == (0, "")
    return result.stdout


MAIN_ZH = """\
用法: appraise [OPTIONS] COMMAND [ARGS]...

  Appraise：检查 KPI 考核方案，计算一个期间的考核得分。

  示例：
    appraise validate schemes/examples/sales_company.yaml
    appraise score schemes/examples/sales_company.yaml --data schemes/examples/2026-Q1.csv
    appraise explain schemes/examples/sales_company.yaml \\
        --data schemes/examples/2026-Q1.csv --person SR01
    appraise targets schemes/examples/cascade_company.yaml --period 2026-Q1

  退出码：0 成功，1 方案或数据无效，2 用法错误。

选项:
  --version       显示版本并退出。
  --lang [en|zh]  提示、标题和说明使用的语言：en（English）或 zh（中文）。不给时
                  依次看环境变量 APPRAISE_LANG、方案的 language:、系统的区域设置
                  （LC_ALL、LC_MESSAGES、LANG）。
  -h, --help      显示本帮助并退出。

命令:
  diff         用 HR 的语言列出从方案 OLD 到方案 NEW 的变化
  doc          把方案写成人力资源部向员工发布的考核方案：考核对象与考核周期……
  explain      显示一个人得分的每一步：员工问“为什么”时，HR 给他看的就是这个
  figures      由公司原始记录汇总出月度数据文件：对 --period 中每人每月，计……
  history      用 score --store 保存的各期评分历史
  init         用自带的模板在新文件夹 DIR 中创建新方案
  library      列出指标库中的指标：Appraise 自带的标准指标库，或 LIBRARY_FIL……
  report       把一个期间的结果写成一个可离线打开的 HTML 页面：公司概况，等……
  rollforward  把方案滚动到下一年：目标按增长率调整，年份顺延，其余不变
  schema       输出方案语言的 JSON Schema，加 --path 时输出其安装位置
  score        计算一个期间的考核结果：每个人的各项得分、总分、等级、系数……
  show         按 Appraise 读取的结果输出方案，输出的 YAML 本身就是有效的方案
  sql          输出由记录汇总出方案中各项数据（from:）的 SQL，对 --period 中……
  targets      显示目标分解：每个部门的目标、下级目标之和及差额
  template     生成 HR 填写一个期间数据的工作簿：每人一行（编号、姓名、岗位……
  test         运行方案的测试用例：给定这些实际数据，应得到这些结果
  validate     检查方案文件（或文件夹下的所有方案），一次列出全部问题
"""

SCORE_ZH = """\
用法: appraise score [OPTIONS] SCHEME

  计算一个期间的考核结果：每个人的各项得分、总分、等级、系数、奖金和排名。

  按月考核的方案会汇总 --period 所含各月的数据，目标取自目标分解，同时计算部门及
  其负责人的得分，校准等级，并按奖金池调整奖金。方案和数据二者之一可写作 -，表示
  从标准输入读取。

  示例：
    appraise score schemes/examples/sales_company.yaml \\
        --data schemes/examples/2026-Q1.csv --format json -o results.json
    appraise score schemes/examples/cascade_company.yaml \\
        --data schemes/examples/2026-months.csv --period 2026-Q1
    appraise score schemes/examples/sales_company.yaml \\
        --data schemes/examples/2026-Q1.csv --format xlsx -o results.xlsx

选项:
  --data FILE                     本期间的实际数据：带表头行的 CSV、JSON 或
                                  Excel 工作簿（.xlsx）；- 表示从标准输入读取
                                  （以 [ 或 { 开头时按 JSON 读取）。
  --records DIRECTORY             代替 --data：公司原始记录所在的文件夹，先由记
                                  录汇总出各项数据（同 appraise figures）。
  --period TEXT                   数据含多个期间时，要计算哪个期间。按月考核（有
                                  calendar）的方案可以是月、季度、半年、全年或年
                                  初至今（2026-03、2026-Q1、2026-H1、2026、
                                  2026-YTD-05、2026-YTD）。
  --format [table|json|csv|xlsx]  xlsx：Excel 工作簿（需配合 -o）：汇总表、各部
                                  门人员表、每人的计分过程。  [默认：table]
  -o, --output FILE               写入这个文件而不是屏幕（要么完整写入，要么不
                                  写，绝不覆盖输入文件）；- 表示屏幕。
  --strict                        把数据的每条警告都当作错误（只在数据中出现的人
                                  员、被忽略的列……）：退出码 1，不写任何输出。
  --history FILE                  以前各月的数据行（格式与数据文件相同），供读取
                                  以前月份字段的公式使用（previous(revenue)、
                                  last_year(revenue)）；上一年各月的数据也可以直
                                  接放在数据文件中。
  --subjects NAME=FILE            方案统计另一方案的考核对象（其 subjects:）时，
                                  这些考核对象本期间的数据，写作 NAME=FILE，例如
                                  customers=customers-2026-Q1.csv；每个名称给一
                                  次。
  --sheet NAME                    --data 是 Excel 工作簿时要读取的工作表（默认第
                                  一个）。其第一行为表头。
  --store URL                     把本期间的结果存入这个历史库：一个 SQLite 文件
                                  （不存在时新建）或 postgresql://用户@主机/数据
                                  库；用 appraise history 查看。
  --headers [ids|labels]          配合 --format csv 或 xlsx：列标题用编号
                                  （points:revenue、grade:，供程序读取；CSV 的默
                                  认）或用名称（指标用方案中的名称，其余用本次运
                                  行的语言，供人阅读；工作簿的默认）。
  -q, --quiet                     标准错误上只显示错误，不显示警告、提示和进度
                                  （退出码不变）。
  --lang [en|zh]                  提示、标题和说明使用的语言：en（English）或 zh
                                  （中文）。不给时依次看环境变量 APPRAISE_LANG、
                                  方案的 language:、系统的区域设置（LC_ALL、
                                  LC_MESSAGES、LANG）。
  -h, --help                      显示本帮助并退出。
"""


def test_the_group_helps_in_chinese() -> None:
    assert helped("--lang", "zh", "--help") == MAIN_ZH


def test_score_helps_in_chinese() -> None:
    assert helped("score", "--help", "--lang", "zh") == SCORE_ZH


@pytest.mark.parametrize("args", [
    ["score", "--help", "--lang", "zh"],
    ["score", "--lang", "zh", "--help"],
    ["--lang", "zh", "score", "--help"],
    ["--lang=zh", "score", "-h"],
    ["score", "-h", "--lang=zh"],
    ["--lang", "en", "score", "--help", "--lang", "zh"],
])
def test_the_language_is_known_whatever_the_order_of_lang_and_help(args: list[str]) -> None:
    assert helped(*args) == SCORE_ZH


@pytest.mark.parametrize(("args", "expected"), [(["--help"], MAIN_ZH),
                                                (["score", "--help"], SCORE_ZH)])
def test_the_environment_names_the_language_of_the_help(args: list[str], expected: str) -> None:
    assert helped(*args, env={"APPRAISE_LANG": "zh"}) == expected
    assert helped(*args, env={"LANG": "zh_CN.UTF-8"}) == expected


def test_appraise_alone_helps_in_the_language_of_the_environment() -> None:
    result = CliRunner().invoke(main, [], prog_name="appraise", env={"APPRAISE_LANG": "zh"})
    assert (result.exit_code, result.stdout, result.stderr) == (2, "", MAIN_ZH)


def test_the_commands_own_lang_wins_over_appraises() -> None:
    assert helped("--lang", "en", "score", "--lang", "zh", "--help") == SCORE_ZH
    assert helped("--lang", "zh", "score", "--lang", "en", "--help") == helped("score", "--help")


def test_lang_overrides_the_environment_for_the_help() -> None:
    english = helped("score", "--help")
    assert helped("score", "--help", "--lang", "en", env={"APPRAISE_LANG": "zh"}) == english
    assert english.startswith("Usage: appraise score [OPTIONS] SCHEME\n\n  Score a period: ")


#: One option's lines in each command's Chinese help.
OPTION_ZH = {
    "diff": "  --exit-code           方案有差异时退出码为 3（含义相同时为 0），供脚本使用；不\n"
            "                        加此选项时两种情况都为 0。\n",
    "doc": "  --format [md|html]  md（Markdown）或 html（单个独立网页，可打印或另存为\n"
           "                      PDF）；默认按输出文件的扩展名决定，否则为 md。\n",
    "explain": "  --person TEXT         人员编号，与数据文件中的一致。  [必填]\n",
    "figures": "  --records DIRECTORY  存放方案 records: 中所列记录文件（CSV、Parquet 或 Excel\n"
               "                       .xlsx）的文件夹，文件就地读取。  [必填]\n",
    "history": "  --show NAME               与 --person 一起使用：同时显示某个字段的数值或某个指\n"
               "                            标的得分（可重复给出多个）。\n",
    "init": "  --template NAME  使用的模板；--list 列出全部模板。\n",
    "library": "  --path          只输出标准指标库的安装位置。\n",
    "report": "  -q, --quiet           标准错误上只显示错误，不显示警告、提示和进度（退出码不\n"
              "                        变）。\n",
    "rollforward": ("  --to YEAR                   新的年份，须晚于方案本身的年份（其 "
                    "calendar 的年\n"
                    "                              份，或名称、标签中写的年份）。\n"
                    "                              [1900<=x<=9999; 必填]\n"),
    "schema": "  --path          输出已安装的 JSON Schema 文件的位置，而不是其内容。\n",
    "score": "  --format [table|json|csv|xlsx]  xlsx：Excel 工作簿（需配合 -o）：汇总表、各部\n"
             "                                  门人员表、每人的计分过程。  [默认：table]\n",
    "show": "  --resolved                实际生效的方案：合并基础方案（extend:），展开引用的\n"
            "                            指标库条目（use:）。show 输出的就是它。\n",
    "sql": "  --dialect [duckdb|postgres|spark|trino]\n"
           "                                  输出哪种 SQL：DuckDB、PostgreSQL、Spark SQL 或\n"
           "                                  Trino。  [必填]\n",
    "targets": "  --format [table|json|csv|xlsx]  xlsx：Excel 工作簿（需配合 -o）。\n"
               "                                  [默认：table]\n",
    "template": "  --raters GROUP=N   多人评分的字段中，每组有几位评分人给每个人评分（peer=3 生成\n"
                "                     teamwork@peer1 至 teamwork@peer3 三列）；未指定的组只有一\n"
                "                     列。每组给一次。\n",
    "test": "  --none-ok       文件夹下没有测试文件时不算错误（适用于还没写测试时仓库里的钩\n"
            "                  子）。\n",
    "validate": "  --format [text|json]  text：每个问题一行；json：同样内容的数据格式。\n"
                "                        [默认：text]\n",
}


def test_every_command_has_an_option_line_here() -> None:
    assert sorted(OPTION_ZH) == COMMANDS


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_helps_in_chinese(command: str) -> None:
    shown = helped(command, "--help", "--lang", "zh")
    assert OPTION_ZH[command] in shown
    assert shown.startswith(f"用法: appraise {command} [OPTIONS]")
    assert shown.endswith("显示本帮助并退出。\n")
    english = [piece for piece in _help_pieces(main.commands[command]) if piece in shown]
    assert english == [], "shown in English in Chinese help"


def _help_pieces(command: click.Command) -> list[str]:
    texts = [command.help or "", *(p.help or "" for p in command.params
                                   if isinstance(p, click.Option))]
    return [piece.replace("%%", "%") for text in texts for piece in pieces(text)
            if len(piece) > 10]


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_the_english_help_is_clicks_own(command: str) -> None:
    """The help in English is as click writes it, before and after a run in Chinese (click
    words its help option once, in the language of the first run)."""
    args = [command] if command else []
    helped(*args, "--help", "--lang", "zh")
    shown = helped(*args, "--help")
    with CliRunner().isolation():  # as wide as CliRunner's screen
        root = click.Context(main, info_name="appraise", help_option_names=["-h", "--help"])
        plain = click.Context(main.commands[command], info_name=command, parent=root) \
            if command else root
        expected = click.Command.get_help(plain.command, plain) + "\n"
    assert shown == expected
    assert shown.startswith("Usage: appraise")
    assert "  Show this message and exit.\n" in shown


def test_a_line_breaks_between_chinese_characters_never_before_closing_punctuation() -> None:
    text = ("把数据的每条警告都当作错误（只在数据中出现的人员、被忽略的列……）："
            "退出码 1，不写 --strict。")
    lines = wrap(text, 20)
    assert lines == ["把数据的每条警告都当", "作错误（只在数据中出", "现的人员、被忽略的",
                     "列……）：退出码 1，不", "写 --strict。"]
    assert [width(line) for line in lines] == [20, 20, 18, 20, 13]


def test_a_help_text_is_cut_into_paragraphs_and_the_headings_of_its_examples() -> None:
    text = """Score a period.

    Grown by 10% a year,
    and rounded.

    \b
    Examples:
      appraise score a.yaml \\
          --data b.csv
    """
    assert pieces(text) == ["Score a period.", "Grown by 10%% a year, and rounded.", "Examples:"]
    assert in_language(text) == ("Score a period.\n\nGrown by 10% a year, and rounded.\n\n"
                                 "\b\nExamples:\n  appraise score a.yaml \\\n      --data b.csv")


def test_the_extractor_reads_help_as_written_a_name_or_an_f_string_of_names() -> None:
    source = '''
import click
EXIT = 3
SHARED = "Shared words."


@click.command()
@click.option("--a", help="Written " "here.")
@click.option("--b", help=SHARED)
@click.option("--c", help=f"Exit {EXIT} when they differ.")
def run() -> None:
    """Run it.

    More words.
    """
'''
    assert list(help_texts(source)) == [(8, "Written here."), (9, "Shared words."),
                                        (10, "Exit 3 when they differ."),
                                        (12, "Run it.\n\nMore words.")]


def test_the_extractor_refuses_a_help_it_cannot_read() -> None:
    source = 'import click\n\n@click.option("--a", help=words())\ndef run(): pass\n'
    with pytest.raises(ValueError, match="line 3: a help text must be a string, a name bound to "
                                         "one, or an f-string of them"):
        list(help_texts(source))

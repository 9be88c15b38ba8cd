"""The command line's own words in English and Chinese: its usage errors (click's among
them), what it says of its outputs and inputs, validate's summary and the form of every
problem."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise.cli import main

SCHEME = "schemes/examples/sales_company.yaml"
DATA = "schemes/examples/2026-Q1.csv"


def run(*args: str, lang: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--lang", lang], prog_name="appraise")
    # click 8.2, the lowest admitted, names the help option -h where later ones say --help
    return result.exit_code, result.stdout, result.stderr.replace(" -h'", " --help'")


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Usage: appraise explain [OPTIONS] SCHEME\nTry 'appraise explain --help' for help."
           "\n\nError: Missing option '--person'.\n"),
    ("zh", "用法: appraise explain [OPTIONS] SCHEME\n运行 'appraise explain --help' 查看帮助。"
           "\n\n错误：缺少选项 '--person'.\n"),
])
def test_a_missing_option(lang: str, expected: str) -> None:
    """(score takes --data or --records, one of the two: tests/test_figures.py.)"""
    assert run("explain", SCHEME, "--data", DATA, lang=lang) == (2, "", expected)


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Error: Invalid value for '--format': 'xml' is not one of 'table', 'json', 'csv', "
           "'xlsx'.\n"),
    ("zh", "错误：'--format' 的值无效：'xml' 不是 'table', 'json', 'csv', 'xlsx' 之一。\n"),
])
def test_a_choice_not_offered(lang: str, expected: str) -> None:
    code, _, err = run("score", SCHEME, "--data", DATA, "--format", "xml", lang=lang)
    assert (code, err.splitlines(keepends=True)[-1]) == (2, expected)


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Error: No such command 'scor'. Did you mean 'score'?\n"),
    ("zh", "错误：没有命令 'scor'。 是否想用 'score'？\n"),
])
def test_a_command_mistyped(lang: str, expected: str) -> None:
    result = CliRunner().invoke(main, ["--lang", lang, "scor"], prog_name="appraise")
    said = result.stderr.splitlines(keepends=True)[-1]
    if click_offers_no_command_name():  # click 8.2 says no more than the command is unknown
        expected = expected.split(" Did you mean")[0].split(" 是否想用")[0].rstrip() + "\n"
    assert (result.exit_code, said) == (2, expected)


def click_offers_no_command_name() -> bool:
    from importlib.metadata import version

    return tuple(int(p) for p in version("click").split(".")[:2]) < (8, 3)


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", f"{SCHEME}: valid\n"),
    ("zh", f"{SCHEME}: 有效\n"),
])
def test_validate_says_valid(lang: str, expected: str) -> None:
    assert run("validate", SCHEME, lang=lang) == (0, expected, "")


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "schemes/examples/cascade_company.yaml: valid (1 warning)\n"),
    ("zh", "schemes/examples/cascade_company.yaml: 有效（1 个警告）\n"),
])
def test_validate_counts_the_warnings(lang: str, expected: str) -> None:
    code, out, _err = run("validate", "schemes/examples/cascade_company.yaml", lang=lang)
    assert (code, out.splitlines(keepends=True)[-1]) == (0, expected)


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", f"Error: Invalid value for '-o' / '--output': '{SCHEME}' is the same file as the "
           f"scheme '{SCHEME}': writing there would destroy the scheme; write the output to "
           "another file\n"),
    ("zh", f"错误：'-o' / '--output' 的值无效：'{SCHEME}' 与方案文件 '{SCHEME}' 是同一个文件："
           "写入会毁掉方案；请把输出写到另一个文件\n"),
])
def test_an_output_over_the_scheme(lang: str, expected: str) -> None:
    code, out, err = run("score", SCHEME, "--data", DATA, "-o", SCHEME, lang=lang)
    assert (code, out, err.splitlines(keepends=True)[-1]) == (2, "", expected)


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Error: Invalid value for '-o' / '--output': File '{file}' is a directory.\n"),
    ("zh", "错误：'-o' / '--output' 的值无效：文件 '{file}' 是文件夹。\n"),
])
def test_an_output_that_is_a_folder(tmp_path: Path, lang: str, expected: str) -> None:
    code, out, err = run("score", SCHEME, "--data", DATA, "-o", str(tmp_path), lang=lang)
    assert (code, out, err.splitlines(keepends=True)[-1]) == (
        2, "", expected.format(file=tmp_path))


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "{file}: error: cannot write the output: No such file or directory\n"),
    ("zh", "{file}: 错误：无法写入输出：No such file or directory\n"),
])
def test_an_output_that_cannot_be_written(tmp_path: Path, lang: str, expected: str) -> None:
    target = str(tmp_path / "gone" / "out.csv")
    code, out, err = run("score", SCHEME, "--data", DATA, "-o", target, lang=lang)
    assert (code, out, err.splitlines(keepends=True)[-1]) == (
        1, "", expected.format(file=target))


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Error: standard input can be read only once: give '-' for the scheme or for "
           "--data, not both\n"),
    ("zh", "错误：标准输入只能读取一次：'-' 只能给方案或 --data 其中之一，不能两者都给\n"),
])
def test_standard_input_twice(lang: str, expected: str) -> None:
    code, _, err = run("score", "-", "--data", "-", lang=lang)
    assert (code, err.splitlines(keepends=True)[-1]) == (2, expected)


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", f"{DATA}:12:1: warning: SR06: person 'SR06' is not in the scheme's people, and is "
           "scored on post 'sales_rep', as the data says (add them under people: in the "
           "scheme, or correct the id)\n"),
    ("zh", f"{DATA}:12:1: 警告：SR06: 人员 'SR06' 不在方案的人员名单中，按数据所写的岗位 "
           "'sales_rep' 计分（请在方案的 people: 下添加此人，或改正编号）\n"),
])
def test_the_form_of_a_problem(lang: str, expected: str) -> None:
    code, _, err = run("score", SCHEME, "--data", DATA, lang=lang)
    assert (code, err) == (0, expected)


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Error: Invalid value for '--template': there is no template called 'sales_tem'; "
           "did you mean 'sales_team'? The templates are: "),
    ("zh", "错误：'--template' 的值无效：没有名为 'sales_tem' 的模板；是否应为 'sales_team'？"
           "现有模板："),
])
def test_a_template_mistyped(tmp_path: Path, lang: str, expected: str) -> None:
    code, _, err = run("init", "--template", "sales_tem", str(tmp_path / "x"), lang=lang)
    assert code == 2
    assert err.splitlines()[-1].startswith(expected)


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "{file}:7:1: error: sr01: person 'sr01' is not in the scheme, but 'SR01' is (write "
           "the id exactly as 'SR01' (check case, leading zeros and invisible characters))"),
    ("zh", "{file}:7:1: 错误：sr01: 人员 'sr01' 不在方案中，但 'SR01' 在（请把编号写成与 'SR01' "
           "完全一致（检查大小写、前导零和不可见字符））"),
])
def test_a_person_s_id_mistyped_in_the_data(tmp_path: Path, lang: str, expected: str) -> None:
    data = tmp_path / "d.csv"
    data.write_text(Path(DATA).read_text(encoding="utf-8").replace("\nSR01,", "\nsr01,", 1),
                    encoding="utf-8")
    code, out, err = run("score", SCHEME, "--data", str(data), lang=lang)
    assert (code, out, err.splitlines()[0]) == (1, "", expected.format(file=data))


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "Error: Invalid value for '--period': period '2025-Q1' is not in the scheme's year "
           "2026\n"),
    ("zh", "错误：'--period' 的值无效：期间 '2025-Q1' 不在方案的年度 2026 内\n"),
])
def test_a_period_outside_the_year(lang: str, expected: str) -> None:
    code, _, err = run("targets", "schemes/examples/cascade_company.yaml", "--period", "2025-Q1",
                       lang=lang)
    assert (code, err.splitlines(keepends=True)[-1]) == (2, expected)


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["{file}:7:5: error: SR01.revenue: expected a number, found '138万' (write 1380000: a "
            "number is written in full, without 万)",
            "{file}:8:5: error: SR02.revenue: expected a number, found 'abc' (write digits only, "
            "e.g. 1380000 or 1,380,000; no units or % signs)"]),
    ("zh", ["{file}:7:5: 错误：SR01.revenue: 应为数字，实际是 '138万'（请写成 1380000："
            "数字要完整写出，不带 万）",
            "{file}:8:5: 错误：SR02.revenue: 应为数字，实际是 'abc'（只写数字，例如 1380000 或 "
            "1,380,000；不带单位或 % 号）"]),
])
def test_a_cell_that_is_not_a_number(tmp_path: Path, lang: str, expected: list[str]) -> None:
    rows = Path(DATA).read_text(encoding="utf-8").splitlines(keepends=True)
    rows[6] = rows[6].replace(",1380000,", ",138万,", 1)
    first, _, rest = rows[7].partition("2026-Q1,")
    rows[7] = first + "2026-Q1,abc," + rest.partition(",")[2]
    data = tmp_path / "d.csv"
    data.write_text("".join(rows), encoding="utf-8")
    code, out, err = run("score", SCHEME, "--data", str(data), lang=lang)
    assert (code, out, err.splitlines()[:2]) == (1, "", [e.format(file=data) for e in expected])


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", ["schemes/examples/sales_company.tests.yaml:8: pass: 张伟 (SR01), the worked example of "
            "the domain brief", "6 passed, 0 failed in 2 files"]),
    ("zh", ["schemes/examples/sales_company.tests.yaml:8: 通过: 张伟 (SR01), the worked example of "
            "the domain brief", "6 个通过，0 个失败，共 2 个文件"]),
])
def test_the_scheme_tests_lines(lang: str, expected: list[str]) -> None:
    code, out, _ = run("test", "schemes/examples/", lang=lang)
    assert (code, [out.splitlines()[0], out.splitlines()[-1]]) == (0, expected)


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "{folder}: error: no scheme in this folder or below it (a scheme is a .yaml or .yml "
           "file whose top level has 'appraise: 1'; 1 other YAML file skipped (--verbose names "
           "it))\n"),
    ("zh", "{folder}: 错误：此文件夹及其子文件夹中没有方案（方案是顶层有 'appraise: 1' 的 "
           ".yaml 或 .yml 文件；跳过了另外 1 个 YAML 文件（--verbose 会列出））\n"),
])
def test_a_folder_with_no_scheme(tmp_path: Path, lang: str, expected: str) -> None:
    (tmp_path / "list.yaml").write_text("- a\n", encoding="utf-8")
    code, out, err = run("validate", str(tmp_path), lang=lang)
    assert (code, out, err) == (1, "", expected.format(folder=tmp_path))


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "schemes/examples/cascade_company.yaml:260:25: warning: "
           "cascade.revenue.split.north.explicit: the children of unit 'north' add up to "
           "83,000,000 in cascade 'revenue', 500,000 over its target 82,500,000 (adjust the "
           "amounts, or split by shares)\n"),
    ("zh", "schemes/examples/cascade_company.yaml:260:25: 警告："
           "cascade.revenue.split.north.explicit: 目标分解 'revenue' 中部门 'north' 的下级合计 "
           "83,000,000，比其目标 82,500,000 多 500,000（请调整金额，或按份额分解）\n"),
])
def test_a_cascade_that_does_not_add_up(lang: str, expected: str) -> None:
    code, out, _ = run("validate", "schemes/examples/cascade_company.yaml", lang=lang)
    assert (code, out.splitlines(keepends=True)[0]) == (0, expected)

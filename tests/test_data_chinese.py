"""What the library says of a scheme's or a data file's text, and of the figures read from
a data file, in English and in Chinese: each message whole, as a person reads it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise.cli import main

SCHEME = """\
appraise: 1
name: checks
label: 范围检查
grades:
  - {grade: A, min: 90, coefficient: 1.2}
  - {grade: B, coefficient: 1.0}
scales:
  abcd:
    levels: {A: {points: 100}, B: {points: 80}}
fields:
  satisfaction: {label: 客户满意度, aggregate: average, min: 0, max: 100}
  visits: {label: 拜访次数, min: 0, max: 30, integer: true}
  self_rating:
    label: 自评
    aggregate: average
    convert: {from: [1, 5], to: [0, 100]}
  teamwork: {label: 团队协作, type: rating, scale: abcd, aggregate: last}
indicators:
  satisfaction: {formula: satisfaction, target: 90, rule: {kind: ratio, cap: 120}}
  visits: {formula: visits, rule: {kind: threshold, at_least: 20}}
  self_rating:
    formula: self_rating
    target: 80
    rule: {kind: linear, basis: value, above: 1, below: 1, floor: 0}
  teamwork: {formula: teamwork, rule: {kind: rating, scale: abcd}}
scorecards:
  rep:
    items:
      - {indicator: satisfaction, weight: 30}
      - {indicator: visits, weight: 30}
      - {indicator: self_rating, weight: 20}
      - {indicator: teamwork, weight: 20}
units:
  company: {label: 公司, kind: company}
posts:
  rep: {label: 销售代表, unit: company, scorecard: rep}
people:
  P1: {name: 甲, post: rep}
"""
HEADER = "id,name,post,satisfaction,visits,self_rating,teamwork"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("scheme.yaml").write_text(SCHEME, encoding="utf-8")


def said(command: str, *args: str, lang: str, content: bytes | None = None,
         name: str = "data.csv") -> tuple[int, list[str]]:
    """The exit code and the lines of standard error of a run on ``content`` as ``name``."""
    if content is not None:
        Path(name).write_bytes(content)
    result = CliRunner().invoke(main, [command, *args, "--lang", lang], prog_name="appraise")
    return result.exit_code, result.stderr.splitlines()


def score(content: bytes, lang: str, name: str = "data.csv") -> tuple[int, list[str]]:
    return said("score", "scheme.yaml", "--data", name, lang=lang, content=content, name=name)


def test_figures_out_of_range_in_english() -> None:
    data = f"{HEADER},extra\nP1,乙,rep,120,3.5,7,A,x\n".encode()
    assert score(data, "en") == (1, [
        "data.csv:2:4: error: P1.satisfaction: 120 in row 2, column 4 ('satisfaction') is above "
        "the maximum: field 'satisfaction' (客户满意度) takes 0 to 100 (correct the figure; if "
        "it can be right, raise fields.satisfaction.max in the scheme)",
        "data.csv:2:5: error: P1.visits: 3.5 in row 2, column 5 ('visits') is not a whole "
        "number: field 'visits' (拜访次数) takes whole numbers from 0 to 30 (correct the "
        "figure; if it can be right, remove fields.visits.integer in the scheme)",
        "data.csv:2:6: error: P1.self_rating: 7 in row 2, column 6 ('self_rating') is outside "
        "the scale it is converted from: field 'self_rating' (自评) takes 1 to 5 (correct the "
        "figure; if it can be right, change fields.self_rating.convert.from in the scheme)",
        "data.csv: warning: column 'extra' is not a field of the scheme and is ignored "
        "(expected one of: satisfaction, self_rating, teamwork, visits)",
        "data.csv:2:1: warning: person 'P1' is called '乙' here but '甲' in the scheme (check "
        "that the row is the right person)",
    ])


def test_figures_out_of_range_in_chinese() -> None:
    data = f"{HEADER},extra\nP1,乙,rep,120,3.5,7,A,x\n".encode()
    assert score(data, "zh") == (1, [
        "data.csv:2:4: 错误：P1.satisfaction: 第 2 行第 4 列（'satisfaction'）的 120 高于最大"
        "值：字段 'satisfaction'（客户满意度）的取值为 0 到 100（请更正该数值；如果它确实无误，"
        "请在方案中调高 fields.satisfaction.max）",
        "data.csv:2:5: 错误：P1.visits: 第 2 行第 5 列（'visits'）的 3.5 不是整数：字段 'visits'"
        "（拜访次数）的取值为 0 到 30 的整数（请更正该数值；如果它确实无误，请在方案中删除 "
        "fields.visits.integer）",
        "data.csv:2:6: 错误：P1.self_rating: 第 2 行第 6 列（'self_rating'）的 7 超出其换算前的"
        "量表范围：字段 'self_rating'（自评）的取值为 1 到 5（请更正该数值；如果它确实无误，"
        "请在方案中修改 fields.self_rating.convert.from）",
        "data.csv: 警告：列 'extra' 不是方案中的字段，已忽略（应为以下之一：satisfaction, "
        "self_rating, teamwork, visits）",
        "data.csv:2:1: 警告：人员 'P1' 在此处叫 '乙'，但在方案中叫 '甲'（请核对该行是否为本人）",
    ])


@pytest.mark.parametrize(("data", "lang", "expected"), [
    (f"{HEADER}\nP1,甲,rep,90,3,4,A\nP1,甲,rep,90,3,4,A\n", "en",
     "data.csv:3:1: error: P1: person 'P1' appears twice (rows 2 and 3) (keep one row per "
     "person)"),
    (f"{HEADER}\nP1,甲,rep,90,3,4,A\nP1,甲,rep,90,3,4,A\n", "zh",
     "data.csv:3:1: 错误：P1: 人员 'P1' 出现了两次（第 2 行和第 3 行）（请每人只保留一行）"),
    ("name,post,satisfaction\n甲,rep,90\n", "en",
     "data.csv:1:1: error: no person id column (name the first column 'id' (also accepted: "
     "person, person_id, 工号, 员工编号))"),
    ("name,post,satisfaction\n甲,rep,90\n", "zh",
     "data.csv:1:1: 错误：没有人员编号列（请把第一列命名为 'id'（也可用：person, person_id, "
     "工号, 员工编号））"),
    (f"{HEADER}\n", "en",
     "data.csv:2:1: error: the data file has no rows (add one row per person after the header)"),
    (f"{HEADER}\n", "zh", "data.csv:2:1: 错误：数据文件没有数据行（请在标题行之后每人填写一行）"),
    ("id,name,post,period,visits\nP1,甲,rep,2026-Q1,3\nP1,甲,rep,2026-Q2,3\n", "zh",
     "data.csv:1:1: 错误：数据包含多个期间（2026-Q1, 2026-Q2）（请用 --period 选择其中一个）"),
    ("id,name,post,visits\nP1,甲,rep,1,2\n", "en",
     "data.csv:2:5: error: row has 5 cells but the header names 4 columns (remove the extra "
     "cells)"),
    ("id,name,post,visits\nP1,甲,rep,1,2\n", "zh",
     "data.csv:2:5: 错误：该行有 5 个单元格，但标题行有 4 列（请删除多余的单元格）"),
    ("id,id\n", "zh", "data.csv:1:2: 错误：列 'id' 出现了两次（第 1 列和第 2 列）（请删除或重命名"
                       "其中一个）"),
    ("appraise: 1\n", "zh",
     "data.csv: 错误：这看起来是方案（YAML），不是数据文件（--data 接收本期数据：带标题行的 "
     "CSV、JSON 或 Excel 工作簿（.xlsx）；方案放在最前面，例如 appraise score scheme.yaml --data "
     "2026-Q1.csv）"),
    ("\n", "en", "data.csv: error: the file is empty; expected a data file"),
    ("\n", "zh", "data.csv: 错误：文件为空；应为数据文件"),
])
def test_a_data_file_that_cannot_be_scored(data: str, lang: str, expected: str) -> None:
    assert score(data.encode(), lang) == (1, [expected])


@pytest.mark.parametrize(("data", "lang", "expected"), [
    ('[{"id": "a", "id": "b"}]', "en",
     "data.json: error: key 'id' appears twice in one object (JSON would silently keep only "
     "the last; remove one)"),
    ('[{"id": "a", "id": "b"}]', "zh",
     "data.json: 错误：键 'id' 在同一对象中出现了两次（JSON 只会悄悄保留最后一个；请删除其中"
     "一个）"),
    ('{"period": "2026-Q1", "people": [{"id": "P1", "period": "2026-Q2"}]}', "zh",
     "data.json: 错误：第 1 条记录属于期间 '2026-Q2'，但文件写的是 '2026-Q1'（请改正其中之一）"),
    ('{"people": 3}', "zh",
     'data.json: 错误：应为人员（对象）列表，或 {"period": ..., "people": [...]}'),
    ('[{"id": "P1",}]', "en",
     "data.json:1:14: error: JSON syntax: Expecting property name enclosed in double quotes"),
    ('[{"id": "P1",}]', "zh", "data.json:1:14: 错误：JSON 语法：此处应为用双引号括起的键名"),
])
def test_a_json_data_file_that_cannot_be_scored(data: str, lang: str, expected: str) -> None:
    assert score(data.encode(), lang, "data.json") == (1, [expected])


@pytest.mark.parametrize(("content", "lang", "expected"), [
    (b"appraise: 1\nname: \xd5\xc5\n", "en", "bad.yaml:2:7: error: the file is not valid UTF-8 "
     "(byte 0xd5) (the file looks like GBK; save it as UTF-8 in your editor)"),
    (b"appraise: 1\nname: \xd5\xc5\n", "zh", "bad.yaml:2:7: 错误：文件不是有效的 UTF-8（字节 "
     "0xd5）（文件看起来是 GBK 编码；请在编辑器中另存为 UTF-8）"),
    (b"PK\x03\x04xx", "en", "bad.yaml: error: the file is not text (this looks like an Excel "
     "workbook (.xlsx); a scheme is a YAML file, e.g. appraise validate scheme.yaml; the "
     "period's figures go to --data, e.g. appraise score scheme.yaml --data 2026-Q1.csv)"),
    (b"PK\x03\x04xx", "zh", "bad.yaml: 错误：文件不是文本（这看起来是 Excel 工作簿（.xlsx）；方案"
     "是 YAML 文件，例如 appraise validate scheme.yaml；本期数据用 --data 给出，例如 appraise "
     "score scheme.yaml --data 2026-Q1.csv）"),
    (b"\n", "zh", "bad.yaml: 错误：文件为空；应为方案"),
    (b"appraise: 1\nname: x: y\n", "en", "bad.yaml:2:8: error: YAML syntax: mapping values are "
     "not allowed in this context (check indentation, and quote text that contains ': ' or "
     "starts with a symbol)"),
    (b"appraise: 1\nname: x: y\n", "zh", "bad.yaml:2:8: 错误：YAML 语法：此处不能出现键值对（冒号）"
     "（请检查缩进；含有 ': ' 或以符号开头的文字请加引号）"),
    (b"appraise: 1\nlabel: [a, b\n", "zh", "bad.yaml:3:1: 错误：YAML 语法：没有找到应有的 ',' 或 "
     "']'（第 2 行第 8 列 的 '[' 没有用 ']' 闭合）"),
])
def test_a_scheme_that_is_not_text(content: bytes, lang: str, expected: str) -> None:
    assert said("validate", "bad.yaml", lang=lang, content=content, name="bad.yaml") \
        == (1, [expected])


@pytest.mark.parametrize(("lang", "expected"), [
    ("en", "missing.csv: error: cannot read the file: No such file or directory"),
    ("zh", "missing.csv: 错误：无法读取文件：文件或文件夹不存在"),
])
def test_a_file_that_is_not_there(lang: str, expected: str) -> None:
    assert said("score", "scheme.yaml", "--data", "missing.csv", lang=lang) == (1, [expected])

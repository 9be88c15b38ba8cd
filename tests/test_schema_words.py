"""The descriptions of the JSON Schemas that a message quotes (a missing required key's, a
value of none of several forms') are in both languages, Chinese then English, and each
language's message quotes its own half."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from appraise import i18n
from appraise.load.schema import _halves, described

SCHEMAS = ("scheme.schema.json", "tests.schema.json")


def quoted(node: Any) -> Iterator[str]:
    """Each description a message may quote: of a property some ``required`` names, and of
    a schema with ``oneOf`` forms."""
    if isinstance(node, dict):
        properties = node.get("properties", {})
        for name in node.get("required", []):
            about = properties.get(name, {}).get("description") \
                if isinstance(properties.get(name), dict) else None
            if about:
                yield about
        if "oneOf" in node and node.get("description"):
            yield node["description"]
        for value in node.values():
            yield from quoted(value)
    elif isinstance(node, list):
        for value in node:
            yield from quoted(value)


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_description_a_message_quotes_has_its_chinese(name: str) -> None:
    schema = json.loads((ROOT / "schemas" / name).read_text(encoding="utf-8"))
    lacking = sorted({about for about in quoted(schema) if not _halves(about)[0]})
    assert lacking == [], "write its Chinese first: 中文。 English"


def test_each_language_quotes_its_own_half() -> None:
    about = "考核等级，从高到低排列；最后一个等级不写 min。 Grades, best first. The last: no min."
    assert _halves(about) == ("考核等级，从高到低排列；最后一个等级不写 min。",
                              "Grades, best first. The last: no min.")
    assert described(about) == "Grades, best first"
    i18n.set_language("zh")
    try:
        assert described(about) == "考核等级，从高到低排列；最后一个等级不写 min"
        assert described("Only English. Here.") == "Only English"
    finally:
        i18n.set_language("en")


def test_a_period_inside_the_chinese_or_english_inside_it_is_not_a_boundary() -> None:
    about = "任务：可以是公式，如 revenue_last_year * 1.2。 Base task: the level. May be a formula."
    assert _halves(about) == ("任务：可以是公式，如 revenue_last_year * 1.2。",
                              "Base task: the level. May be a formula.")
    english = "Grades (考核等级), listed. 最后。 The last."  # English first: no Chinese half
    assert _halves(english) == ("", english)


def test_a_missing_key_is_explained_in_the_run_s_language(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from appraise.cli import main

    scheme = tmp_path / "s.yaml"
    scheme.write_text("appraise: 1\nname: s\nlabel: 测试方案\nfields: {}\nindicators: {}\n"
                      "scorecards: {}\n", encoding="utf-8")
    said = {lang: CliRunner().invoke(main, ["validate", str(scheme), "--lang", lang])
            for lang in ("en", "zh")}
    assert said["en"].exit_code == said["zh"].exit_code == 1
    assert said["en"].stderr.splitlines()[0] == (
        f"{scheme}:1:1: error: missing required key 'grades' (add 'grades:': grades (考核等级), "
        "listed from best to worst, each with the lowest total that earns it and its "
        "performance coefficient (绩效系数))")
    assert said["zh"].stderr.splitlines()[0] == (
        f"{scheme}:1:1: 错误：缺少必需的键 'grades'（请添加 'grades:'：考核等级，从高到低排列，"
        "每个等级写明达到该等级的最低总分和绩效系数；最后一个等级不写 min）")

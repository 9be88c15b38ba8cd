"""Every command speaks the run's language: --lang, then APPRAISE_LANG, then the scheme's
language:, then the locale; English when none names Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise.cli import main

SCHEME = "schemes/examples/sales_company.yaml"
DATA = "schemes/examples/2026-Q1.csv"
EXPLAIN = ["explain", SCHEME, "--data", DATA, "--person", "SR01"]
EN = "张伟 (SR01) — 销售代表, 销售部\n"
ZH = "张伟（SR01）— 销售代表，销售部\n"


def first_line(args: list[str], env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(main, args, env=env)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines(keepends=True)[0]


def with_language(tmp_path: Path, language: str) -> str:
    """The example scheme, naming its language."""
    text = Path(SCHEME).read_text(encoding="utf-8")
    written = tmp_path / "named.yaml"
    written.write_text(text.replace("appraise: 1\n", f"appraise: 1\nlanguage: {language}\n", 1),
                       encoding="utf-8")
    return str(written)


@pytest.mark.parametrize(("args", "env", "expected"), [
    ([], {}, EN),
    (["--lang", "zh"], {}, ZH),
    (["--lang", "en"], {"APPRAISE_LANG": "zh", "LANG": "zh_CN.UTF-8"}, EN),
    ([], {"APPRAISE_LANG": "zh"}, ZH),
    ([], {"APPRAISE_LANG": "en", "LANG": "zh_CN.UTF-8"}, EN),
    ([], {"LANG": "zh_CN.UTF-8"}, ZH),
    ([], {"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, EN),
    ([], {"LC_MESSAGES": "zh_CN.GB18030"}, ZH),
])
def test_the_option_then_the_environment_then_the_locale(
        args: list[str], env: dict[str, str], expected: str) -> None:
    assert first_line([*EXPLAIN, *args], env) == expected


def test_the_option_may_come_before_the_command() -> None:
    assert first_line(["--lang", "zh", *EXPLAIN]) == ZH
    assert first_line(["--lang", "zh", *EXPLAIN, "--lang", "en"]) == EN


@pytest.mark.parametrize(("args", "env", "expected"), [
    ([], {}, ZH),
    ([], {"LANG": "en_US.UTF-8"}, ZH),
    (["--lang", "en"], {}, EN),
    ([], {"APPRAISE_LANG": "en"}, EN),
])
def test_a_scheme_that_names_chinese_is_explained_in_chinese(
        tmp_path: Path, args: list[str], env: dict[str, str], expected: str) -> None:
    scheme = with_language(tmp_path, "zh")
    assert first_line(["explain", scheme, "--data", DATA, "--person", "SR01", *args],
                      env) == expected


def test_a_scheme_that_names_english_outweighs_a_chinese_locale(tmp_path: Path) -> None:
    scheme = with_language(tmp_path, "en")
    assert first_line(["explain", scheme, "--data", DATA, "--person", "SR01"],
                      {"LANG": "zh_CN.UTF-8"}) == EN


def test_every_command_takes_the_option() -> None:
    for name, command in main.commands.items():  # type: ignore[attr-defined]
        options = {o for p in command.params for o in getattr(p, "opts", [])}
        assert "--lang" in options, name


def test_an_unknown_language_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, [*EXPLAIN, "--lang", "fr"])
    assert result.exit_code == 2
    assert result.stderr.endswith(
        "Error: Invalid value for '--lang': 'fr' is not one of 'en', 'zh'.\n")

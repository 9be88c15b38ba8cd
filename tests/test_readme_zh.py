"""README.zh.md: the same Quick start as the README, and the Chinese twins of the README's
transcripts (each the same command with --lang zh), each exactly what the command prints."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise.cli import main


def guide() -> str:
    return Path("README.zh.md").read_text(encoding="utf-8")


def twins() -> dict[str, str]:
    """Each `$ appraise ...` block of the guide: command -> output."""
    return dict(re.findall(r"```console\n\$ appraise (.*?)\n(.*?)```", guide(), flags=re.S))


def quick_start_commands(text: str) -> list[str]:
    section = text.split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", section, flags=re.S)


def readme_commands() -> set[str]:
    readme = Path("README.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\$ appraise (.*?)$", readme, flags=re.M))


def test_the_quick_start_is_the_readme_s() -> None:
    readme = Path("README.md").read_text(encoding="utf-8")
    ours = quick_start_commands(guide().split("## 快速开始", 1)[1])
    assert ours == quick_start_commands(readme.split("## Quick start", 1)[1])
    assert len(ours) == 2


def test_each_twin_is_a_readme_transcript_in_chinese() -> None:
    commands = list(twins())
    assert len(commands) == 6
    assert all(c.endswith(" --lang zh") for c in commands)
    assert {c.removesuffix(" --lang zh") for c in commands} <= readme_commands()


@pytest.mark.parametrize("command", list(twins()))
def test_each_twin_is_what_the_command_prints(command: str) -> None:
    result = CliRunner().invoke(main, shlex.split(command))
    assert result.exit_code == 0, result.output
    assert result.stdout == twins()[command]

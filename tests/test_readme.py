"""The README's promises: two Quick start commands, and CI runs the second."""

from __future__ import annotations

import re
from pathlib import Path


def quick_start_commands() -> list[str]:
    readme = Path("README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", section, flags=re.S)


def test_quick_start_has_exactly_two_one_line_commands() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    setup_and_run, tests = commands
    assert "appraise validate schemes/examples/sales_company.yaml" in setup_and_run
    assert "appraise score schemes/examples/sales_company.yaml --data" in setup_and_run
    assert tests.endswith("pytest -q")


def test_ci_runs_the_readme_test_command() -> None:
    ci = Path(".ci/run").read_text(encoding="utf-8").splitlines()
    assert quick_start_commands()[1] in ci

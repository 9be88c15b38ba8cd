"""An indicator's English name (``label_en``) names it in English outputs: explain, the
CSV headed by labels, the handbook; Chinese outputs and JSON keep its label."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from conftest import DATA, SCHEME

from appraise.cli import main

LABEL = "    label: 销售目标完成率\n"


def english_named(tmp_path: Path) -> Path:
    text = SCHEME.read_text(encoding="utf-8")
    assert text.count(LABEL) == 1
    scheme = tmp_path / "scheme.yaml"
    scheme.write_text(text.replace(LABEL, LABEL + "    label_en: Revenue achievement\n"),
                      encoding="utf-8")
    return scheme


def run(*args: str) -> str:
    done = CliRunner().invoke(main, list(args))
    assert done.exit_code == 0, done.output
    return done.stdout


def test_explain_names_it_in_the_run_s_language(tmp_path: Path) -> None:
    scheme = str(english_named(tmp_path))
    args = ("explain", scheme, "--data", str(DATA), "--person", "SR01")
    assert run(*args, "--lang", "en").splitlines()[4] == (
        "1. Revenue achievement (revenue_achievement) — 财务 Financial")
    assert run(*args, "--lang", "zh").splitlines()[4] == (
        "1. 销售目标完成率 (revenue_achievement) — 财务")


def test_the_csv_of_labels_and_the_handbook_in_english(tmp_path: Path) -> None:
    scheme = str(english_named(tmp_path))
    header = run("score", scheme, "--data", str(DATA), "--format", "csv", "--headers",
                 "labels", "--lang", "en").splitlines()[0].split(",")
    assert header[9:12] == ["严重违纪（一票否决）", "Revenue achievement", "计划制定及时率"]
    zh = run("score", scheme, "--data", str(DATA), "--format", "csv", "--headers", "labels",
             "--lang", "zh").splitlines()[0].split(",")
    assert zh[9:12] == ["严重违纪（一票否决）", "销售目标完成率", "计划制定及时率"]
    handbook = run("doc", scheme, "--lang", "en").splitlines()
    assert "| SR05 | 吴昊 | Revenue achievement | 1,000,000 |" in handbook
    assert "| SR05 | 吴昊 | 销售目标完成率 | 1,000,000 |" in run("doc", scheme, "--lang",
                                                              "zh").splitlines()


def test_json_keeps_the_label_as_written(tmp_path: Path) -> None:
    scheme = str(english_named(tmp_path))
    data = json.loads(run("explain", scheme, "--data", str(DATA), "--person", "SR01",
                          "--format", "json", "--lang", "en"))
    assert data["segments"][0]["items"][0]["label"] == "销售目标完成率"

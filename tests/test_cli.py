"""Each command through click's CliRunner: exit code and the exact output a person sees."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise.cli import main

SCHEME = "schemes/examples/sales_company.yaml"
DATA = "schemes/examples/2026-Q1.csv"
SR06_WARNING = (f"{DATA}:12:1: warning: SR06: person 'SR06' is not in the scheme's people, and "
                "is scored on post 'sales_rep', as the data says (add them under people: in "
                "the scheme, or correct the id)\n")


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_validate_valid_scheme() -> None:
    assert invoke("validate", SCHEME) == (0, f"{SCHEME}: valid\n", "")


def test_validate_reports_every_problem_sorted(tmp_path: Path) -> None:
    text = Path(SCHEME).read_text(encoding="utf-8")
    text = text.replace("formula: cash_collected / revenue * 100",
                        "formula: cash_colected / revenue * 100")
    text = text.replace("{indicator: teamwork, weight: 5}", "{indicator: teamwork, weight: 10}")
    text = text.replace("aggregate: average", "agregate: average")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    code, out, err = invoke("validate", str(bad))
    assert (code, out) == (1, "")
    assert err.replace(str(bad), "bad.yaml").splitlines() == [
        "bad.yaml:57:5: error: fields.satisfaction.agregate: unknown key 'agregate' "
        "(did you mean 'aggregate'?)",
        "bad.yaml:143:14: error: indicators.collection_rate.formula: unknown name "
        "'cash_colected' (did you mean 'cash_collected'?)",
        "bad.yaml:257:5: error: scorecards.sales_rep.items: weights of scorecard 'sales_rep' "
        "add up to 105%, expected 100% (5% too many) (adjust the weights)",
    ]


def test_validate_json_format(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(Path(SCHEME).read_text(encoding="utf-8").replace("appraise: 1", "appraise: 2"),
                   encoding="utf-8")
    code, out, _ = invoke("validate", SCHEME, str(bad), "--format", "json")
    assert code == 1
    payload = json.loads(out)
    assert payload["files"][0] == {"file": SCHEME, "valid": True, "diagnostics": []}
    assert payload["files"][1]["valid"] is False
    assert payload["files"][1]["diagnostics"] == [{
        "file": str(bad), "line": 6, "column": 11, "severity": "error", "path": "appraise",
        "message": "expected 1, found the number 2", "hint": ""}]


def test_validate_missing_file() -> None:
    code, _, err = invoke("validate", "no/such.yaml")
    assert (code, err) == (1, "no/such.yaml: error: cannot read the file: No such file or "
                              "directory\n")


def test_usage_errors_exit_2() -> None:
    assert invoke("score", SCHEME)[0] == 2
    assert invoke("validate")[0] == 2
    assert invoke("score", SCHEME, "--data", DATA, "--format", "xml")[0] == 2
    assert invoke("nonsense")[0] == 2


def test_score_table() -> None:
    code, out, err = invoke("score", SCHEME, "--data", DATA)
    assert (code, err) == (0, SR06_WARNING)
    lines = out.splitlines()
    assert lines[0] == "华东智联销售有限公司 2026年度绩效考核方案 — 2026-Q1"
    assert lines[2].split() == ["Rank", "Person", "Name", "Post", "Unit", "Weighted", "Adj.",
                                "Total", "Grade", "Coef.", "Bonus"]
    assert " 2/6  SR01    张伟    销售代表    销售部                   99.80   -5.00      " \
           "94.80  B 良好      1.0  20,000.00" in lines
    assert " 6/6  SR04    周敏    销售代表    销售部                  109.00          0.00 " \
           "veto  E 不合格      0       0.00" in lines


def test_score_json_is_traceable_and_deterministic() -> None:
    code, out, _ = invoke("score", SCHEME, "--data", DATA, "--format", "json")
    assert code == 0
    assert invoke("score", SCHEME, "--data", DATA, "--format", "json")[1] == out
    payload = json.loads(out)
    digest = hashlib.sha256(Path(SCHEME).read_bytes()).hexdigest()
    assert payload["scheme"]["fingerprint"] == f"sha256:{digest}"
    sr01 = next(p for p in payload["people"] if p["person"] == "SR01")
    assert (sr01["total"], sr01["grade"], sr01["bonus"], sr01["rank"]) == (94.8, "B", 20000.0, 2)
    assert sr01["indicators"][0] == {
        "indicator": "revenue_achievement", "value": 1380000.0, "target": {"base": 1200000.0},
        "achievement": 115.0, "points": 119.5, "weight": 40.0, "weighted": 47.8,
        "post": "sales_rep",
        "step": {"kind": "linear.better", "gain": 15.0, "unit": "%", "at_target": 100.0,
                 "slope": 1.3, "raw": 119.5},
    }
    assert payload["indicators"]["revenue_achievement"] == {
        "label": "销售目标完成率", "perspective": "financial", "rule": "linear",
        "role": "weighted", "unit": "yuan", "formula": "revenue"}
    assert sr01["indicators"][2]["step"] == {
        "kind": "bands.value", "x": 90.0, "points": 80.0,
        "band": {"min": 90.0, "max": 95.0, "closed": "lower", "label": ""}}


def test_score_writes_output_file(tmp_path: Path) -> None:
    out = tmp_path / "q1.json"
    code, stdout, _ = invoke("score", SCHEME, "--data", DATA, "--format", "json", "-o", str(out))
    assert (code, stdout) == (0, "")
    assert json.loads(out.read_text(encoding="utf-8"))["period"] == "2026-Q1"


def test_score_bad_scheme_leaves_no_output(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("appraise: 1\nname: x\nname: y\n", encoding="utf-8")
    out = tmp_path / "out.json"
    code, _, err = invoke("score", str(bad), "--data", DATA, "-o", str(out))
    assert code == 1
    assert err == (f"{bad}:3:1: error: name: duplicate key 'name' (lines 2 and 3) (remove one "
                   "of them; YAML would silently keep only the last)\n")
    assert not out.exists()


def test_explain_unknown_person() -> None:
    code, out, err = invoke("explain", SCHEME, "--data", DATA, "--person", "SR1")
    assert (code, out) == (1, "")
    assert err == SR06_WARNING + (f"{DATA}: error: person 'SR1' is not in the data (did you "
                                  "mean 'SR01'?)\n")


def test_explain_veto() -> None:
    code, out, _ = invoke("explain", SCHEME, "--data", DATA, "--person", "SR04")
    assert code == 0
    assert out.endswith(
        "Weighted sum: 109.00\n"
        "Veto: a one-vote veto event sets the total to 0 and the grade to the lowest\n"
        "Total: 0.00\n"
        "Grade: E 不合格 (coefficient 0)\n"
        "Bonus: 0 × 20,000.00 = 0.00 CNY\n"
        "Rank in 销售部: 6 of 6\n")


@pytest.mark.parametrize("command", [["-m", "appraise"],
                                     ["-c", "from appraise.cli import main; main()"]])
def test_installed_command_works_from_any_directory(tmp_path: Path, command: list[str]) -> None:
    scheme = Path(SCHEME).resolve()
    done = subprocess.run([sys.executable, *command, "validate", str(scheme)],
                          cwd=tmp_path, capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout) == (0, f"{scheme}: valid\n")


def test_help_lists_commands_and_exit_codes() -> None:
    code, out, _ = invoke("--help")
    assert code == 0
    assert "Exit codes: 0 success, 1 invalid scheme or data, 2 usage error." in out
    for command in ("explain", "score", "validate"):
        assert f"  {command}  " in out

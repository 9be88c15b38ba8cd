"""Bad data files: each gets a clear error naming file, row and column, and no output."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise.cli import main

SCHEME = str(Path(__file__).resolve().parent.parent / "schemes/examples/sales_company.yaml")
HEADER = ("id,name,post,revenue,cash_collected,sales_cost,new_customers,satisfaction,"
          "teamwork,contract_errors,serious_violations")
SR01 = "SR01,张伟,sales_rep,1380000,1242000,262200,13,88,B,1,0"
EXAMPLE = Path(SCHEME).read_text(encoding="utf-8")


def one_person(folder: Path) -> str:
    """The example scheme with SR01 its only person, written in ``folder``: the files here
    hold SR01's row alone (with the whole example, everybody else would have no row)."""
    text = (EXAMPLE[:EXAMPLE.index("\npeople:\n")]
            + "\npeople:\n  SR01: {name: 张伟, post: sales_rep}\n")
    (folder / "scheme.yaml").write_text(text, encoding="utf-8")
    return str(folder / "scheme.yaml")


def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str | bytes,
        *extra: str, name: str = "data.csv") -> tuple[int, str, str]:
    monkeypatch.chdir(tmp_path)
    data = tmp_path / name
    if isinstance(text, bytes):
        data.write_bytes(text)
    else:
        data.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["score", one_person(tmp_path), "--data", name, "-o",
                                       "out.csv",
                                       "--format", "csv", *extra])
    assert not (tmp_path / "out.csv").exists()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".appraise-")]
    return result.exit_code, result.stdout, result.stderr


def test_good_file_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data.csv").write_text(f"{HEADER}\n{SR01}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["score", one_person(tmp_path), "--data", "data.csv",
                                       "-o", "out.csv", "--format", "csv"])
    assert (result.exit_code, result.stderr) == (0, "")
    written = (tmp_path / "out.csv").read_bytes()
    assert written.startswith("\ufeffperson,name,post,unit,period,".encode())
    assert ",94.80,B,1.0,20000.00,1,1\n" in written.decode("utf-8-sig")


def test_missing_column(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    header = HEADER.replace(",new_customers", "")
    row = SR01.replace(",13,", ",")
    code, out, err = run(tmp_path, monkeypatch, f"{header}\n{row}\n")
    assert code == 1
    assert out == ""
    assert err.splitlines()[0] == (
        "data.csv:1:1: error: missing column 'new_customers' (新客户数), needed by post "
        "'sales_rep' (first: person 'SR01') (add the column, headed by the field's id or label)")


def test_non_numeric_value(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    row = SR01.replace("1242000", "1.2m")
    code, _, err = run(tmp_path, monkeypatch, f"{HEADER}\n{row}\n")
    assert code == 1
    assert err.splitlines()[0] == (
        "data.csv:2:5: error: SR01.cash_collected: expected a number, found '1.2m' (write "
        "digits only, e.g. 1380000 or 1,380,000; no units or % signs)")


def test_thousands_separators_are_numbers(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    row = SR01.replace("1380000", '"1,380,000"')
    (tmp_path / "data.csv").write_text(f"{HEADER}\n{row}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["score", one_person(tmp_path), "--data", "data.csv",
                                       "--format", "csv"])
    assert result.exit_code == 0
    assert ",94.80,B," in result.stdout


def test_empty_cell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    row = SR01.replace(",13,", ",,")
    code, _, err = run(tmp_path, monkeypatch, f"{HEADER}\n{row}\n")
    assert code == 1
    assert err.splitlines()[0] == (
        "data.csv:2:7: error: SR01.new_customers: no value for 'new_customers' "
        "(enter 0 if there were none)")


def test_unknown_person_without_post(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    row = SR01.replace("SR01,张伟,sales_rep", "X99,某人,")
    code, _, err = run(tmp_path, monkeypatch, f"{HEADER}\n{row}\n")
    assert code == 1
    assert err.splitlines()[0] == (
        "data.csv:2:1: error: X99: unknown person 'X99': not in the scheme's people, and no "
        "post is given for them (add them under people: in the scheme, or fill in a 'post' "
        "column)")


def test_unknown_post(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    row = SR01.replace("SR01,张伟,sales_rep", "X99,某人,sales_repp")
    code, _, err = run(tmp_path, monkeypatch, f"{HEADER}\n{row}\n")
    assert code == 1
    assert err.splitlines()[0] == (
        "data.csv:2:3: error: X99.post: unknown post 'sales_repp' (did you mean 'sales_rep'?)")


def test_post_disagrees_with_scheme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    row = SR01.replace("sales_rep", "sales_director")
    code, _, err = run(tmp_path, monkeypatch, f"{HEADER}\n{row}\n")
    assert code == 1
    assert err.splitlines()[0] == (
        "data.csv:2:3: error: SR01.post: person 'SR01' is on post 'sales_rep' in the scheme "
        "but 'sales_director' in the data (correct one of them)")


def test_duplicate_person(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(tmp_path, monkeypatch, f"{HEADER}\n{SR01}\n{SR01}\n")
    assert code == 1
    assert err.splitlines()[0] == (
        "data.csv:3:1: error: SR01: person 'SR01' appears twice (rows 2 and 3) "
        "(keep one row per person)")


def test_no_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(tmp_path, monkeypatch, f"{HEADER}\n\n")
    assert code == 1
    assert err == ("data.csv:2:1: error: the data file has no rows "
                   "(add one row per person after the header)\n")


def test_empty_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(tmp_path, monkeypatch, "")
    assert (code, err) == (1, "data.csv: error: the file is empty; expected a data file\n")


def test_not_utf8(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = run(tmp_path, monkeypatch, f"{HEADER}\n{SR01}\n".encode("utf-16"))
    assert code == 1
    assert err == ("data.csv:1:1: error: the file is not valid UTF-8 (byte 0xff) (the file "
                   "is UTF-16; save the file as UTF-8 (in Excel: 'CSV UTF-8'; in editors: "
                   "encoding UTF-8))\n")


def test_rating_not_on_scale(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    row = SR01.replace(",B,", ",b,")
    code, _, err = run(tmp_path, monkeypatch, f"{HEADER}\n{row}\n")
    assert code == 1
    assert err.splitlines()[0] == (
        "data.csv:2:9: error: SR01.teamwork: rating 'b' is not on the scale 'abcd' "
        "(expected one of: A, B, C, D)")


def test_zero_divisor_names_person_and_indicator(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    row = SR01.replace("1380000,1242000", "0,0")
    code, _, err = run(tmp_path, monkeypatch, f"{HEADER}\n{row}\n")
    assert code == 1
    assert err.splitlines()[0] == (
        "data.csv:2:1: error: SR01.collection_rate: cannot score 'collection_rate': division by "
        "zero (check the figures: a divisor in the formula is 0 for this person)")


def test_every_problem_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = SR01.replace("1242000", "x").replace("262200", "y")
    code, _, err = run(tmp_path, monkeypatch, f"{HEADER}\n{bad}\n{SR01}\n")
    assert code == 1
    assert [line.split(": error: ")[0] for line in err.splitlines()] == [
        "data.csv:2:5", "data.csv:2:6", "data.csv:3:1"]


def test_periods(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    header = HEADER.replace("id,", "id,period,")
    q1 = SR01.replace("SR01,", "SR01,2026-Q1,")
    q2 = SR01.replace("SR01,", "SR01,2026-Q2,").replace(",13,", ",15,")
    text = f"{header}\n{q1}\n{q2}\n"
    code, _, err = run(tmp_path, monkeypatch, text)
    assert (code, err) == (1, "data.csv:1:1: error: the data holds several periods (2026-Q1, "
                              "2026-Q2) (choose one with --period)\n")
    code, _, err = run(tmp_path, monkeypatch, text, "--period", "2026-Q3")
    assert (code, err) == (1, "data.csv:1:1: error: no rows for period 2026-Q3 (the data has: "
                              "2026-Q1, 2026-Q2)\n")
    result = CliRunner().invoke(main, ["score", one_person(tmp_path), "--data", "data.csv",
                                       "--format", "csv", "--period", "2026-Q2"])
    assert result.exit_code == 0
    assert "SR01,张伟,sales_rep,sales_dept,2026-Q2," in result.stdout


def test_json_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = ('{"period": "2026-Q1", "people": [{"id": "SR01", "revenue": 1380000, '
            '"cash_collected": 1242000, "sales_cost": 262200, "new_customers": 13, '
            '"satisfaction": 88, "teamwork": "B", "contract_errors": 1, '
            '"serious_violations": 0}]}')
    monkeypatch.chdir(tmp_path)
    (tmp_path / "q1.json").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["score", one_person(tmp_path), "--data", "q1.json",
                                       "--format", "csv"])
    assert result.exit_code == 0
    assert ",2026-Q1,119.50,86.67,80.00,100.00,90.00,80.00,5.00,0.00,99.80,5.00,0.00,,94.80,B," \
        in result.stdout
    bad = text.replace('"revenue": 1380000', '"revenue": "lots"')
    code, _, err = run(tmp_path, monkeypatch, bad, name="bad.json")
    assert (code, err.splitlines()[0]) == (
        1, "bad.json: error: SR01.revenue: expected a number, found 'lots' (write digits only, "
           "e.g. 1380000 or 1,380,000; no units or % signs)")

"""Who is in the data and who is in the scheme: a mistyped id is never paid as a new person,
a person of the scheme with no row stops the run, a person known only from the data is
scored with a warning, and --strict turns every warning into an error. The same rules, and
the same messages, for a plain period and a scheme kept by month."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise import AppraiseError, load_scheme, score_file
from appraise.cli import main

ROOT = Path(__file__).resolve().parent.parent
SCHEME = ROOT / "schemes/examples/sales_company.yaml"
EXAMPLE = (ROOT / "schemes/examples/2026-Q1.csv").read_text(encoding="utf-8")
SR01 = "SR01,张伟,sales_rep,2026-Q1,1380000,1242000,262200,13,88,B,1,0,,,,,,,,,,"
SR06_NEW = ("d.csv:12:1: warning: SR06: person 'SR06' is not in the scheme's people, and is "
            "scored on post 'sales_rep', as the data says (add them under people: in the "
            "scheme, or correct the id)")
MONTH_SCHEME = ROOT / "tests/schemes/cascade/small.yaml"
MONTH_DATA = (ROOT / "tests/schemes/cascade/small-2026Q1.csv").read_text(encoding="utf-8")


def run(tmp_path: Path, data: str, *extra: str, command: str = "score",
        scheme: Path = SCHEME, name: str = "d.csv") -> tuple[int, str, list[str]]:
    """Run in ``tmp_path`` with the data as ``name``; the exit code, what was written to
    out.csv (empty when nothing was), and the lines of standard error."""
    (tmp_path / name).write_text(data, encoding="utf-8")
    out = tmp_path / "out.csv"
    out.unlink(missing_ok=True)
    args = [command, str(scheme), "--data", name, *extra]
    if command == "score":
        args += ["--format", "csv", "-o", "out.csv"]
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        result = CliRunner().invoke(main, args)
    written = out.read_text(encoding="utf-8-sig") if out.exists() else ""
    assert not list(tmp_path.glob(".appraise-*"))
    return result.exit_code, written or result.stdout, result.stderr.splitlines()


def paid(written: str) -> dict[str, str]:
    lines = [line.split(",") for line in written.splitlines()]
    bonus = lines[0].index("bonus")
    return {cells[0]: cells[bonus] for cells in lines[1:]}


# -- a plain period ---------------------------------------------------------------------


def test_the_mistyped_id_of_the_issue_is_an_error_and_nothing_is_paid(tmp_path: Path) -> None:
    code, written, err = run(tmp_path, EXAMPLE.replace("SR01,", "SR1,"))
    assert (code, written) == (1, "")
    assert err == [
        "d.csv:7:1: error: SR1: person 'SR1' is not in the scheme, but 'SR01' is (write the "
        "id exactly as 'SR01' (check case, leading zeros and invisible characters))",
        SR06_NEW]


@pytest.mark.parametrize("written", ["SR001", "sr-01", "SRO1", "S_R1"])
def test_an_id_near_a_scheme_person_without_a_row_is_an_error(tmp_path: Path,
                                                              written: str) -> None:
    code, out, err = run(tmp_path, EXAMPLE.replace("SR01,", f"{written},"))
    assert (code, out) == (1, "")
    if written == "SR001":  # the same id but for a leading zero: the twin message
        assert err[0].startswith("d.csv:7:1: error: SR001: person 'SR001' is not in the "
                                 "scheme, but 'SR01' is (")
        return
    assert err == [
        f"d.csv:7:1: error: {written}: person '{written}' is not in the scheme, and 'SR01', "
        f"who is, has no row in the data (if they are the same person, write the id as "
        f"'SR01'; if not, add '{written}' under people: in the scheme)",
        SR06_NEW]


def test_without_a_post_a_near_id_gets_the_same_message(tmp_path: Path) -> None:
    code, _, err = run(tmp_path, EXAMPLE.replace("SR01,张伟,sales_rep,", "SRO1,张伟,,"))
    assert code == 1
    assert err[0] == (
        "d.csv:7:1: error: SRO1: person 'SRO1' is not in the scheme, and 'SR01', who is, has "
        "no row in the data (if they are the same person, write the id as 'SR01'; if not, "
        "add 'SRO1' under people: in the scheme)")


def test_ids_numbered_in_sequence_are_different_people(tmp_path: Path) -> None:
    code, written, err = run(tmp_path, EXAMPLE.replace("SR01,", "SR07,"))
    assert (code, written) == (1, "")
    assert err == [
        "d.csv: error: SR01: person 'SR01' is in the scheme but has no row in the data for "
        "2026-Q1 (add their row; or, if they are not appraised this period, take them out of "
        "people: in the scheme)",
        SR06_NEW.replace("SR06", "SR07").replace(":12:", ":7:"),
        SR06_NEW]


def test_a_scheme_person_without_a_row_is_an_error(tmp_path: Path) -> None:
    code, written, err = run(tmp_path, EXAMPLE.replace(SR01 + "\n", ""))
    assert (code, written) == (1, "")
    assert err == [
        "d.csv: error: SR01: person 'SR01' is in the scheme but has no row in the data for "
        "2026-Q1 (add their row; or, if they are not appraised this period, take them out of "
        "people: in the scheme)",
        SR06_NEW.replace(":12:", ":11:")]


def test_people_without_a_row_are_reported_once_the_rows_themselves_are_right(
        tmp_path: Path) -> None:
    data = EXAMPLE.replace(SR01 + "\n", "").replace("SR02,李娜,sales_rep,2026-Q1,1260000",
                                                    "SR02,李娜,sales_rep,2026-Q1,1.2m")
    code, _, err = run(tmp_path, data)
    assert (code, err) == (1, [
        "d.csv:7:5: error: SR02.revenue: expected a number, found '1.2m' (write digits only, "
        "e.g. 1380000 or 1,380,000; no units or % signs)",
        SR06_NEW.replace(":12:", ":11:")])


def test_a_person_known_only_from_the_data_is_scored_with_a_warning(tmp_path: Path) -> None:
    code, written, err = run(tmp_path, EXAMPLE)
    assert (code, err) == (0, [SR06_NEW])
    assert paid(written)["SR06"] == "16000.00"


def test_many_people_known_only_from_the_data_are_counted(tmp_path: Path) -> None:
    extra = "".join(f"N{k:02d},新人,sales_rep,2026-Q1,1000000,950000,200000,15,85,B,0,0"
                    ",,,,,,,,,,\n" for k in range(1, 13))
    code, _, err = run(tmp_path, EXAMPLE + extra)
    assert code == 0
    assert err[0] == (
        "d.csv: warning: 13 people in the data are not in the scheme's people, and are "
        "scored on the posts their rows name; the first 10 are named one by one (add them "
        "under people: in the scheme, or correct their ids)")
    assert err[1:] == [SR06_NEW] + [
        f"d.csv:{13 + k}:1: warning: N0{k}: person 'N0{k}' is not in the scheme's people, and "
        "is scored on post 'sales_rep', as the data says (add them under people: in the "
        "scheme, or correct the id)" for k in range(1, 10)]


# -- --strict -----------------------------------------------------------------------------


def test_strict_makes_every_warning_an_error_and_writes_nothing(tmp_path: Path) -> None:
    data = EXAMPLE.replace("id,name,", "id,remark,name,")
    data = "\n".join(line.replace(",", ",,", 1) if i else line
                     for i, line in enumerate(data.splitlines())) + "\n"
    code, written, err = run(tmp_path, data, "--strict")
    assert (code, written) == (1, "")
    assert err == [
        "d.csv: error: column 'remark' is not a field of the scheme and is ignored (expected "
        "one of: cash_collected, contract_errors, industry_awards, key_customers_due, "
        "key_visits, leads, marketing_budget, marketing_expense, ... (18 in all))",
        SR06_NEW.replace("warning", "error")]


def test_strict_on_a_clean_file_changes_nothing(tmp_path: Path) -> None:
    data = "".join(line for line in EXAMPLE.splitlines(keepends=True)
                   if not line.startswith("SR06,"))
    code, written, err = run(tmp_path, data, "--strict")
    assert (code, err) == (0, [])
    assert paid(written)["SR01"] == "20000.00"


def test_explain_takes_strict_too(tmp_path: Path) -> None:
    code, out, err = run(tmp_path, EXAMPLE, "--person", "SR01", "--strict", command="explain")
    assert (code, out, err) == (1, "", [SR06_NEW.replace("warning", "error")])
    code, out, err = run(tmp_path, EXAMPLE, "--person", "SR01", command="explain")
    assert (code, err) == (0, [SR06_NEW])
    assert out.splitlines()[0] == "张伟 (SR01) — 销售代表, 销售部"


def test_the_library_takes_strict(tmp_path: Path) -> None:
    (tmp_path / "d.csv").write_text(EXAMPLE, encoding="utf-8")
    scheme = load_scheme(SCHEME)
    data = str(tmp_path / "d.csv")
    assert [str(w) for w in score_file(scheme, data).warnings] == [
        SR06_NEW.replace("d.csv", data)]
    with pytest.raises(AppraiseError) as caught:
        score_file(scheme, data, strict=True)
    assert [str(d) for d in caught.value.diagnostics] == [
        SR06_NEW.replace("d.csv", data).replace("warning", "error")]


# -- a scheme kept by month: the same rules, the same messages ----------------------------


def month_run(tmp_path: Path, data: str, *extra: str,
              scheme: str | None = None) -> tuple[int, str, list[str]]:
    path = MONTH_SCHEME
    if scheme is not None:
        path = tmp_path / "s.yaml"
        path.write_text(scheme, encoding="utf-8")
    return run(tmp_path, data, "--period", "2026-Q1", *extra, scheme=path)


ZERO = MONTH_SCHEME.read_text(encoding="utf-8").replace(
    "calendar: {year: 2026}", "calendar: {year: 2026, missing_months: zero}")


@pytest.mark.parametrize("scheme", [None, ZERO])
def test_by_month_a_mistyped_id_is_an_error(tmp_path: Path, scheme: str | None) -> None:
    code, written, err = month_run(tmp_path, MONTH_DATA.replace("\nE2,", "\nE02,"),
                                   scheme=scheme)
    assert (code, written) == (1, "")
    assert err == [
        f"d.csv:{line}:1: error: E02: person 'E02' is not in the scheme, but 'E2' is (write "
        "the id exactly as 'E2' (check case, leading zeros and invisible characters))"
        for line in (14, 15, 16)]


@pytest.mark.parametrize("scheme", [None, ZERO])
def test_by_month_an_id_near_a_person_without_a_row_is_an_error(tmp_path: Path,
                                                                scheme: str | None) -> None:
    data = MONTH_DATA.replace("id,period,", "id,post,period,").replace("\n", "\n", 1)
    lines = data.splitlines()
    rows = [lines[0]] + [line.replace(",", ",,", 1) for line in lines[1:]]
    rows = [row.replace("E2,,", "E_2,east_rep,") for row in rows]
    code, _, err = month_run(tmp_path, "\n".join(rows) + "\n", scheme=scheme)
    assert code == 1
    assert err == [
        f"d.csv:{line}:1: error: E_2: person 'E_2' is not in the scheme, and 'E2', who is, "
        f"has no row for 2026-0{month} (if they are the same person, write the id as 'E2'; "
        "if not, add 'E_2' under people: in the scheme)"
        for line, month in ((14, 1), (15, 2), (16, 3))]


def test_by_month_a_scheme_person_without_any_row_is_one_error(tmp_path: Path) -> None:
    data = "".join(line for line in MONTH_DATA.splitlines(keepends=True)
                   if not line.startswith("W2,"))
    code, written, err = month_run(tmp_path, data)
    assert (code, written) == (1, "")
    assert err == [
        "d.csv: error: W2: person 'W2' has no row for any month of 2026-Q1, which needs their "
        "figures for 2026-01 to 2026-03 (add their rows; or, if they had left, end their post "
        "under people.W2.posts; or set calendar.missing_months: zero)"]


def test_by_month_strict_makes_a_person_without_rows_an_error(tmp_path: Path) -> None:
    data = "".join(line for line in MONTH_DATA.splitlines(keepends=True)
                   if not line.startswith("W2,"))
    code, written, err = month_run(tmp_path, data, scheme=ZERO)
    assert (code, written.count("\n"), len(err)) == (0, 8, 1)
    assert err[0].startswith("d.csv: warning: W2: person 'W2' has no row for any month")
    code, written, err = month_run(tmp_path, data, "--strict", scheme=ZERO)
    assert (code, written) == (1, "")
    assert err == [
        "d.csv: error: W2: person 'W2' has no row for any month of 2026-Q1, and is not scored "
        "(add their rows if they should be appraised)"]


@pytest.mark.parametrize(("written", "said", "shown"), [
    ("\x1b[31mSR09", "holds the invisible character U+001B", "\\x1b[31mSR09"),
    ("SR\u200b09", "holds the invisible character U+200B", "SR\\u200b09"),
    ("S" * 100, "is 100 characters long", "S" * 40 + "..."),
])
def test_an_id_no_person_could_have_is_an_error_not_a_new_person(
        tmp_path: Path, written: str, said: str, shown: str) -> None:
    data = EXAMPLE.replace("SR06,", f"{written},")
    code, out, err = run(tmp_path, data)
    assert (code, out) == (1, "")
    assert err == [f"d.csv:12:1: error: {shown}: the id '{shown}' {said}, so it cannot be a "
                   "person's id (type the id again as the scheme writes it (at most 64 "
                   "characters))"]


def test_two_columns_of_ids_are_an_error_naming_both(tmp_path: Path) -> None:
    lines = EXAMPLE.splitlines()
    data = "\n".join([lines[0].replace("id,", "id,工号,", 1)]
                     + [line.replace(",", ",X,", 1) for line in lines[1:]]) + "\n"
    code, out, err = run(tmp_path, data)
    assert (code, out) == (1, "")
    assert err == ["d.csv:1:2: error: columns 1 ('id') and 2 ('工号') both hold the person's "
                   "id, and only 'id' would be read (delete one of the two columns, or rename "
                   "it if it holds something else)", SR06_NEW]

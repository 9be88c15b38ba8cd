"""One field, one column: a field headed both by its id and by its label (or a rater's
column written both ways) is an error naming both columns, never a silent first pick."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise.cli import main

ROOT = Path(__file__).resolve().parent.parent
SALES = str(ROOT / "schemes/examples/sales_company.yaml")
SMALL = str(ROOT / "tests/schemes/cascade/small.yaml")
HEADER = ("id,name,post,revenue,cash_collected,sales_cost,new_customers,satisfaction,"
          "teamwork,contract_errors,serious_violations")
SR01 = "SR01,张伟,sales_rep,1380000,1242000,262200,13,88,B,1,0"
SR01_JSON = {"id": "SR01", "revenue": 1380000, "cash_collected": 1242000,
             "sales_cost": 262200, "new_customers": 13, "satisfaction": 88, "teamwork": "B",
             "contract_errors": 1, "serious_violations": 0}


def score(tmp_path: Path, scheme: str, name: str, text: str,
          *extra: str) -> tuple[int, str, str]:
    """Score ``text`` as the data file ``name``, written to a file; nothing may be left."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["score", scheme, "--data", name, "--format", "csv",
                                       "-o", "out.csv", *extra])
    written = (tmp_path / "out.csv").read_text(encoding="utf-8-sig") \
        if (tmp_path / "out.csv").exists() else ""
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".appraise-")]
    return result.exit_code, written, result.stderr


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def test_a_field_by_id_and_by_label_in_a_csv_is_an_error_naming_both_columns(
        tmp_path: Path) -> None:
    # Before, the first column (revenue, 1,380,000) won and 销售额 (1,000) was dropped.
    code, out, err = score(tmp_path, SALES, "data.csv",
                           f"{HEADER},销售额\n{SR01},1000\n")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "data.csv:1:12: error: columns 4 ('revenue') and 12 ('销售额') both hold field "
        "'revenue' (销售额) (delete one of the two columns, or rename it if it holds "
        "something else)"]


def test_every_field_written_twice_is_named_in_its_own_error(tmp_path: Path) -> None:
    header = "新客户数,客户满意度," + HEADER
    code, _, err = score(tmp_path, SALES, "data.csv", f"{header}\n13,88,{SR01}\n")
    assert code == 1
    assert err.splitlines() == [
        "data.csv:1:9: error: columns 1 ('新客户数') and 9 ('new_customers') both hold field "
        "'new_customers' (新客户数) (delete one of the two columns, or rename it if it holds "
        "something else)",
        "data.csv:1:10: error: columns 2 ('客户满意度') and 10 ('satisfaction') both hold "
        "field 'satisfaction' (客户满意度) (delete one of the two columns, or rename it if it "
        "holds something else)"]


def small_data(header: str, e1_january: str) -> str:
    """The small cascade's figures with another header and E1's January row; every other row
    gets an empty cell for the column added at the end."""
    lines = (ROOT / "tests/schemes/cascade/small-2026Q1.csv").read_text(
        encoding="utf-8").splitlines()
    rows = [e1_january if line.startswith("E1,2026-01,") else line + "," for line in lines[1:]]
    return "\n".join([header, *rows]) + "\n"


def test_a_rater_s_column_by_id_and_by_label_is_an_error(tmp_path: Path) -> None:
    # Before, both columns were taken as two managers and averaged.
    text = small_data("id,period,revenue,teamwork@self,teamwork@manager,团队协作@manager",
                      "E1,2026-01,20000,5,4,2")
    code, out, err = score(tmp_path, SMALL, "data.csv", text, "--period", "2026-01")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "data.csv:1:6: error: columns 5 ('teamwork@manager') and 6 ('团队协作@manager') both "
        "hold the rating of 'manager' for field 'teamwork' (团队协作) (delete one of the two "
        "columns, or rename it if it holds something else)"]


def test_numbered_raters_of_a_group_are_different_raters(tmp_path: Path) -> None:
    text = small_data("id,period,revenue,teamwork@self,teamwork@manager1,团队协作@manager2",
                      "E1,2026-01,20000,5,4,2")
    code, out, err = score(tmp_path, SMALL, "data.csv", text, "--period", "2026-01")
    assert (code, err) == (0, "")
    # self 5 -> 100 x 20% = 20; managers 4 and 2 -> 75 and 25, averaged 50 x 80% = 40
    e1 = next(line for line in out.splitlines() if line.startswith("E1,"))
    assert e1.startswith("E1,东一,east_rep,east,2026-01,,,100.00,60.00,92.00,")


def test_a_field_by_id_and_by_label_in_one_json_object_is_an_error(tmp_path: Path) -> None:
    people = [{**SR01_JSON, "销售额": 1000}]
    code, out, err = score(tmp_path, SALES, "data.json", json.dumps(people, ensure_ascii=False))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "data.json: error: SR01.revenue: record 1 holds field 'revenue' (销售额) twice, as "
        "'revenue' and as '销售额' (delete one of the two, or rename it if it holds something "
        "else)"]


def test_json_records_may_each_name_a_field_their_own_way(tmp_path: Path) -> None:
    # Before, SR02 was reported as having no value for 'revenue'.
    sr02 = {("销售额" if k == "revenue" else k): v for k, v in SR01_JSON.items()}
    people = [SR01_JSON, {**sr02, "id": "SR02"}]
    text = Path(SALES).read_text(encoding="utf-8")
    scheme = tmp_path / "two.yaml"  # the example's SR01 and SR02, whose rows the file holds
    scheme.write_text(text[:text.index("\npeople:\n")] + "\npeople:\n  SR01: {name: 张伟, "
                      "post: sales_rep}\n  SR02: {name: 李娜, post: sales_rep}\n",
                      encoding="utf-8")
    code, out, err = score(tmp_path, str(scheme), "data.json",
                           json.dumps({"period": "2026-Q1", "people": people},
                                      ensure_ascii=False))
    assert code == 0
    lines = out.splitlines()
    assert lines[1].startswith("SR01,张伟,sales_rep,sales_dept,2026-Q1,119.50,")
    assert lines[2].startswith("SR02,李娜,sales_rep,sales_dept,2026-Q1,119.50,")
    assert lines[1].split(",")[5:] == lines[2].split(",")[5:]
    assert "error" not in err


def test_json_records_may_each_name_a_rater_s_column_their_own_way(tmp_path: Path) -> None:
    lines = (ROOT / "tests/schemes/cascade/small-2026Q1.csv").read_text(
        encoding="utf-8").splitlines()
    keys = lines[0].split(",")
    people = [{k: (float(v) if v else None) if k not in ("id", "period") else v
               for k, v in zip(keys, line.split(","), strict=True)} for line in lines[1:]]
    for record in people:
        if record["id"] == "E1" and record["period"] == "2026-01":
            record["团队协作@manager"] = record.pop("teamwork@manager")
    code, by_keys, err = score(tmp_path, SMALL, "data.json", json.dumps(people), "--period",
                               "2026-01")
    assert (code, err) == (0, "")
    code, by_csv, err = score(tmp_path, SMALL, "data.csv",
                              (ROOT / "tests/schemes/cascade/small-2026Q1.csv").read_text(
                                  encoding="utf-8"), "--period", "2026-01")
    assert (code, err) == (0, "")
    assert by_keys == by_csv
    assert "E1,东一,east_rep,east,2026-01,,,100.00,80.00," in by_keys  # 100 x 20% + 75 x 80%


def test_a_rated_fields_own_column_beside_its_raters_is_an_error(tmp_path: Path) -> None:
    """A plain 'teamwork' column next to teamwork@manager, ... was read by nobody."""
    lines = (ROOT / "tests/schemes/cascade/small-2026Q1.csv").read_text(
        encoding="utf-8").splitlines()
    text = "\n".join([lines[0] + ",teamwork"] + [line + ",3" for line in lines[1:]]) + "\n"
    code, out, err = score(tmp_path, SMALL, "data.csv", text, "--period", "2026-01")
    width = len(lines[0].split(",")) + 1
    raters = [c for c in lines[0].split(",") if c.startswith("teamwork@")]
    shown = ", ".join(raters[:3]) + (", ..." if len(raters) > 3 else "")
    assert (code, out) == (1, "")
    assert err == (f"data.csv:1:{width}: error: column {width} ('teamwork') holds field "
                   f"'teamwork' (团队协作), which is rated by several raters and read from their "
                   f"columns ({shown}), so it would be ignored (delete the column, or move its "
                   "ratings under the raters' columns)\n")

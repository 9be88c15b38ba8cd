"""`explain --records`: under the explanation, the records behind each figure from records
(key, date, the columns the field reads), or the first ones, their count and a DuckDB
query that lists them all, which runs as printed."""

from __future__ import annotations

from pathlib import Path

import duckdb
from click.testing import CliRunner

from appraise import load_scheme
from appraise.cli import main
from appraise.sources.explain import listing, made_of
from appraise.year.periods import parse_period

EXAMPLE = Path("schemes/examples/records/cascade_records.yaml")
RECORDS = "schemes/examples/records"


def test_the_records_behind_a_person_s_figures_follow_the_explanation() -> None:
    """S08 joined in February: five reviews (one by each rater), no incident."""
    for language, tail in (("en", [
            "  teamwork: 5 records",
            "    review_id  reviewed_on  person  rater    score",
            "    RV00205    2026-02-11   S08     manager  5",
            "    RV00307    2026-02-21   S08     peer3    5",
            "    RV00339    2026-02-24   S08     peer2    5",
            "    RV00347    2026-02-25   S08     peer1    5",
            "    RV00374    2026-02-28   S08     self     5",
            "  contract_errors: no record",
            "  serious_violations: no record"]), ("zh", [
            "  teamwork：5 条记录",
            "    review_id  reviewed_on  person  rater    score",
            "    RV00205    2026-02-11   S08     manager  5",
            "    RV00307    2026-02-21   S08     peer3    5",
            "    RV00339    2026-02-24   S08     peer2    5",
            "    RV00347    2026-02-25   S08     peer1    5",
            "    RV00374    2026-02-28   S08     self     5",
            "  contract_errors：没有记录",
            "  serious_violations：没有记录"])):
        run = CliRunner().invoke(main, ["explain", str(EXAMPLE), "--records", RECORDS,
                                        "--person", "S08", "--period", "2026-02", "-q",
                                        "--lang", language])
        assert run.exit_code == 0, run.output
        lines = run.stdout.splitlines()
        heading = {"en": "Records behind the figures (schemes/examples/records, 2026-02):",
                   "zh": "数据所依据的记录（schemes/examples/records，2026-02）："}[language]
        assert heading in lines
        assert lines[-len(tail):] == tail


def test_many_records_are_counted_and_the_query_lists_them_all() -> None:
    scheme = load_scheme(EXAMPLE)
    made = {m.field: m for m in made_of(scheme, RECORDS, parse_period("2026-02", 2026),
                                        "B03", shown=3)}
    surveys = made["surveys"]
    assert (surveys.count, len(surveys.rows), surveys.columns) == (
        26, 3, ("survey_id", "answered_on", "salesperson"))
    every = duckdb.connect().execute(surveys.query).fetchall()
    assert len(every) == 26
    assert [str(r[0]) for r in every[:3]] == [r[0] for r in surveys.rows]
    text = listing([surveys], RECORDS, "2026-02", 3).splitlines()
    assert text[1:7] == [
        "Records behind the figures (schemes/examples/records, 2026-02):",
        "  surveys: 26 records",
        "    survey_id  answered_on  salesperson",
        *(f"    {r[0]}    {r[1]}   B03" for r in surveys.rows)][:6]
    assert text[7] == "    ... the first 3; this DuckDB query lists all 26:"
    assert text[8] == "    " + surveys.query


def test_a_figure_through_a_reference_lists_the_column_it_reached() -> None:
    made = {m.field: m for m in made_of(load_scheme(EXAMPLE), RECORDS,
                                        parse_period("2026-01", 2026), "B01")}
    assert made["revenue"].columns == ("invoice_id", "invoiced_on", "amount",
                                       "order.salesperson")
    assert sum(float(r[2]) for r in made["revenue"].rows) == 379000


def test_explain_as_json_carries_the_records_behind_each_figure() -> None:
    """Before, --format json left the records out without a word."""
    import json

    def explained(*given: str) -> dict[str, object]:
        done = CliRunner().invoke(main, ["explain", str(EXAMPLE), *given, "--person", "S08",
                                         "--period", "2026-02", "--format", "json"])
        assert done.exit_code == 0, done.output
        return dict(json.loads(done.stdout))

    found = explained("--records", RECORDS)
    behind = found.pop("records")
    assert found == explained("--data", "schemes/examples/2026-months.csv")
    assert isinstance(behind, dict)
    assert (behind["folder"], behind["period"]) == (RECORDS, "2026-02")
    fields = {f["field"]: f for f in behind["fields"]}
    assert list(fields) == ["revenue", "cash_collected", "new_customers", "satisfaction",
                            "surveys", "teamwork", "contract_errors", "serious_violations"]
    assert fields["revenue"]["count"] == 3
    assert fields["revenue"]["columns"] == ["invoice_id", "invoiced_on", "amount",
                                            "order.salesperson"]
    assert fields["revenue"]["rows"] == [["INV00111", "2026-02-12", "87462.71", "S08"],
                                         ["INV00134", "2026-02-20", "13381.29", "S08"],
                                         ["INV00154", "2026-02-27", "53156", "S08"]]
    assert (fields["contract_errors"]["count"], fields["contract_errors"]["rows"]) == (0, [])
    rows = duckdb.connect().execute(fields["teamwork"]["query"]).fetchall()
    assert [r[0] for r in rows] == ["RV00205", "RV00307", "RV00339", "RV00347", "RV00374"]

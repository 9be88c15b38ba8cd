"""The shipped example company kept by month (schemes/examples/cascade_company.yaml) with its
raw records (schemes/examples/records/): the monthly data file worked out by hand from the
records, plainly, is what `appraise figures` writes, byte for byte, and is the shipped
2026-months.csv; scored, it gives what the shipped file gives."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from click.testing import CliRunner

from appraise import load_scheme
from appraise.cli import main

RECORDS = Path("schemes/examples/records")
SCHEME = RECORDS / "cascade_records.yaml"
SHIPPED = Path("schemes/examples/2026-months.csv")


def _rows(name: str) -> list[dict[str, str]]:
    with open(RECORDS / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _month(day: str) -> str:
    return day[:7]


def _by_hand() -> str:
    """The figures of the first quarter as a person would work them out: invoices by the
    month invoiced, payments by the month the money arrived (each for the salesperson of the
    order paid), a customer new in the month of its first order if that order is at least
    50,000, the month's survey average and count, each rater's latest review, incidents by
    kind; written for the fields each person's own scorecard reads."""
    orders = {o["order_id"]: o for o in _rows("orders.csv")}
    total: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
    for name, field in (("invoices.csv", "revenue"), ("payments.csv", "cash_collected")):
        for row in _rows(name):
            day = row["invoiced_on" if field == "revenue" else "paid_on"]
            person = orders[row["order"]]["salesperson"]
            total[(field, person, _month(day))] += Decimal(row["amount"])
    first: dict[str, dict[str, str]] = {}
    for order in sorted(orders.values(), key=lambda o: (o["signed_on"], o["order_id"])):
        first.setdefault(order["customer"], order)
    for order in first.values():
        if Decimal(order["amount"]) >= 50000:
            total[("new_customers", order["salesperson"], _month(order["signed_on"]))] += 1
    scores: dict[tuple[str, str], list[Decimal]] = defaultdict(list)
    for survey in _rows("surveys.csv"):
        scores[(survey["salesperson"], _month(survey["answered_on"]))].append(
            Decimal(survey["score"]))
    latest: dict[tuple[str, str, str], tuple[str, str, str]] = {}
    for review in _rows("reviews.csv"):
        key = (review["person"], _month(review["reviewed_on"]), review["rater"])
        seen = (review["reviewed_on"], review["review_id"], review["score"])
        latest[key] = max(latest.get(key, seen), seen)
    for incident in _rows("incidents.csv"):
        for kind, field in (("contract_error", "contract_errors"),
                            ("serious_violation", "serious_violations")):
            if incident["kind"] == kind:
                total[(field, incident["person"], _month(incident["occurred_on"]))] += 1
    scheme = load_scheme(SCHEME)
    raters = ["self", "manager", "peer1", "peer2", "peer3"]
    lines = ["id,name,post,period,revenue,cash_collected,new_customers,satisfaction,surveys,"
             + ",".join(f"teamwork@{r}" for r in raters) + ",contract_errors,serious_violations"]
    for number in (1, 2, 3):
        month = date(2026, number, 1).isoformat()[:7]
        for person in scheme.people.values():
            post = person.post_in(number)
            if post is None:
                continue
            card = {"beijing_rep": "rep", "tianjin_rep": "rep", "guangzhou_rep": "rep",
                    "shenzhen_rep": "rep", "general_manager": "head", "north_director": "head",
                    "south_director": "head"}.get(post, "manager")
            cells = [person.id, person.name, post, month]
            if card == "rep":
                said = scores[(person.id, month)]
                average = (sum(said, Decimal(0)) / len(said)).quantize(
                    Decimal("0.000001"), ROUND_HALF_UP) if said else None
                cells += [_written(total[(f, person.id, month)])
                          for f in ("revenue", "cash_collected", "new_customers")]
                cells += [_written(average), str(len(said))]
            else:
                cells += [""] * 5
            cells += [latest[(person.id, month, r)][2] if card != "head" else "" for r in raters]
            cells.append(_written(total[("contract_errors", person.id, month)])
                         if card == "rep" else "")
            cells.append(_written(total[("serious_violations", person.id, month)]))
            lines.append(",".join(cells))
    return "".join(line + "\r\n" for line in lines)


def _written(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def test_figures_writes_the_file_worked_out_by_hand_which_is_the_shipped_one(
        tmp_path: Path) -> None:
    out = tmp_path / "2026-Q1.csv"
    run = CliRunner().invoke(main, ["figures", str(SCHEME), "--records", str(RECORDS),
                                    "--period", "2026-Q1", "-o", str(out)])
    assert (run.exit_code, run.output) == (0, "")
    assert out.read_bytes() == _by_hand().encode("utf-8") == SHIPPED.read_bytes()


def test_scored_from_the_records_as_from_the_shipped_file() -> None:
    """The same people, points, totals, grades, ranks and money; only the files named (and
    their fingerprints) differ."""
    said = {}
    for fmt in ("csv", "json"):
        from_records = CliRunner().invoke(main, [
            "score", str(SCHEME), "--records", str(RECORDS), "--period", "2026-Q1",
            "--format", fmt, "-q"])
        from_file = CliRunner().invoke(main, [
            "score", "schemes/examples/cascade_company.yaml", "--data", str(SHIPPED),
            "--period", "2026-Q1", "--format", fmt, "-q"])
        assert from_records.exit_code == from_file.exit_code == 0, from_records.output
        said[fmt] = from_records.stdout, from_file.stdout
    assert said["csv"][0] == said["csv"][1]
    records, shipped = (json.loads(text) for text in said["json"])
    assert (records.pop("scheme"), records.pop("data")) != (shipped.pop("scheme"),
                                                            shipped.pop("data"))
    assert records == shipped

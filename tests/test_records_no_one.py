"""Records that count for no one: a record a field would count whose ``by:`` (or, for a
rated field, ``rater:``) is blank, on the record or on the record it names, can go in no
person's figure. Before, they were dropped without a word; now each source and path is a
warning with the count and the first keys, the figures written as before without them."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise.cli import main

EXAMPLES = Path("schemes/examples")


def _company(tmp: Path, orders: dict[str, str], reviews: dict[str, str]) -> Path:
    """The example company with the records of ``orders`` and ``reviews`` (key to the line
    as it should read) changed."""
    shutil.copytree(EXAMPLES, tmp / "examples")
    records = tmp / "examples" / "records"
    for name, changed in (("orders.csv", orders), ("reviews.csv", reviews)):
        lines = (records / name).read_text(encoding="utf-8").splitlines(keepends=True)
        for key, line in changed.items():
            at = next(i for i, old in enumerate(lines) if old.startswith(key + ","))
            lines[at] = line + "\n"
        (records / name).write_text("".join(lines), encoding="utf-8")
    return records


def _figures(records: Path, period: str, out: Path, *more: str) -> tuple[int, str]:
    done = CliRunner().invoke(main, ["figures", str(records / "cascade_records.yaml"),
                                     "--records", str(records), "--period", period,
                                     "-o", str(out), *more])
    return done.exit_code, done.output


def _cell(file: Path, person: str, month: str, column: str) -> str:
    with open(file, encoding="utf-8", newline="") as handle:
        return next(row[column] for row in csv.DictReader(handle)
                    if row["id"] == person and row["period"] == month)


BLANKS = {"SO00007": "SO00007,2026-01-01,K-B07,,27000",  # invoiced and paid in January
          "SO00032": "SO00032,2026-01-02,N-B01-01-5,,91200",  # a new customer's first order
          "SO00148": "SO00148,2026-02-01,K-B02,,59000"}  # 50,000 or more, but not a first
REVIEWS = {"RV00002": "RV00002,2026-01-10,B07,,4", "RV00003": "RV00003,2026-01-10,,manager,5"}


def _said(records: Path) -> dict[str, str]:
    return {name: str(records / f"{name}.csv") for name in (
        "invoices", "payments", "orders", "reviews")}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_records_for_no_one_are_each_a_warning_and_the_figures_leave_them_out(
        tmp_path: Path, lang: str) -> None:
    records = _company(tmp_path, BLANKS, REVIEWS)
    out = tmp_path / "q1.csv"
    code, said = _figures(records, "2026-Q1", out, "--lang", lang)
    at = _said(records)
    english = [
        f"{at['invoices']}: warning: records.invoices: 1 record of invoices in 2026-Q1 has a "
        "blank order.salesperson: it counts for no one in revenue (INV00001) (fill in "
        "order.salesperson: each record's order, and salesperson on the record of orders it "
        "names; or take them out of the file if they are no one's)",
        f"{at['payments']}: warning: records.payments: 2 records of payments in 2026-Q1 have a "
        "blank order.salesperson: they count for no one in cash_collected (the first: "
        "RC00002, RC00069) (fill in order.salesperson: each record's order, and salesperson "
        "on the record of orders it names; or take them out of the file if they are no "
        "one's)",
        f"{at['orders']}: warning: records.orders: 1 record of orders in 2026-Q1 has a blank "
        "salesperson: it counts for no one in new_customers (SO00032) (fill in salesperson "
        "on those records, or take them out of the file if they are no one's)",
        f"{at['reviews']}: warning: records.reviews: 1 record of reviews in 2026-Q1 has a "
        "blank person: it counts for no one in teamwork (RV00003) (fill in person on those "
        "records, or take them out of the file if they are no one's)",
        f"{at['reviews']}: warning: records.reviews: 1 record of reviews in 2026-Q1 has a "
        "blank rater: it counts for no one in teamwork (RV00002) (fill in rater on those "
        "records, or take them out of the file if they are no one's)"]
    chinese = [
        f"{at['invoices']}: 警告：records.invoices: invoices 在 2026-Q1 有 1 条记录的 "
        "order.salesperson 为空：它不计入任何人的 revenue（INV00001）（请填上 "
        "order.salesperson：每条记录的 order，以及它所指向的 orders 记录中的 salesperson；"
        "如果这些记录确实不属于任何人，请从文件中删去）",
        f"{at['payments']}: 警告：records.payments: payments 在 2026-Q1 有 2 条记录的 "
        "order.salesperson 为空：它们不计入任何人的 cash_collected（前几条：RC00002, "
        "RC00069）（请填上 order.salesperson：每条记录的 order，以及它所指向的 orders "
        "记录中的 salesperson；如果这些记录确实不属于任何人，请从文件中删去）",
        f"{at['orders']}: 警告：records.orders: orders 在 2026-Q1 有 1 条记录的 salesperson "
        "为空：它不计入任何人的 new_customers（SO00032）（请在这些记录中填上 salesperson；"
        "如果它们确实不属于任何人，请从文件中删去）",
        f"{at['reviews']}: 警告：records.reviews: reviews 在 2026-Q1 有 1 条记录的 person "
        "为空：它不计入任何人的 teamwork（RV00003）（请在这些记录中填上 person；如果它们确实"
        "不属于任何人，请从文件中删去）",
        f"{at['reviews']}: 警告：records.reviews: reviews 在 2026-Q1 有 1 条记录的 rater "
        "为空：它不计入任何人的 teamwork（RV00002）（请在这些记录中填上 rater；如果它们确实"
        "不属于任何人，请从文件中删去）"]
    assert (code, said.splitlines()) == (0, english if lang == "en" else chinese)
    shipped = EXAMPLES / "2026-months.csv"
    # B07's January: the invoice of 374,000 and the payment of 175,302.01 went to no one
    assert _cell(shipped, "B07", "2026-01", "revenue") == "374000"
    assert _cell(out, "B07", "2026-01", "revenue") == "0"
    assert _cell(shipped, "B07", "2026-01", "cash_collected") == "347800"
    assert _cell(out, "B07", "2026-01", "cash_collected") == "172497.99"
    assert _cell(shipped, "B01", "2026-01", "new_customers") == "7"
    assert _cell(out, "B01", "2026-01", "new_customers") == "6"


def test_a_warning_names_the_first_three_keys_and_the_count(tmp_path: Path) -> None:
    reviews = {f"RV0000{n}": line for n, line in (
        (1, "RV00001,2026-01-10,B01,,5"), (2, "RV00002,2026-01-10,B07,,4"),
        (4, "RV00004,2026-01-10,B08,,5"), (6, "RV00006,2026-01-10,S01,,5"))}
    records = _company(tmp_path, {}, reviews)
    code, said = _figures(records, "2026-01", tmp_path / "m.csv")
    assert (code, said) == (0, (
        f"{records / 'reviews.csv'}: warning: records.reviews: 4 records of reviews in 2026-01 "
        "have a blank rater: they count for no one in teamwork (the first: RV00001, RV00002, "
        "RV00004, ...) (fill in rater on those records, or take them out of the file if they "
        "are no one's)\n"))
    code, said = _figures(records, "2026-02", tmp_path / "m.csv")  # none in February
    assert (code, said) == (0, "")


def test_score_with_records_shows_the_warning_and_scores(tmp_path: Path) -> None:
    records = _company(tmp_path, {"SO00032": BLANKS["SO00032"]}, {})
    done = CliRunner().invoke(main, ["score", str(records / "cascade_records.yaml"),
                                     "--records", str(records), "--period", "2026-01",
                                     "--format", "csv"])
    assert done.exit_code == 0
    assert done.stderr == (
        f"{records / 'orders.csv'}: warning: records.orders: 1 record of orders in 2026-01 "
        "has a blank salesperson: it counts for no one in new_customers (SO00032) (fill in "
        "salesperson on those records, or take them out of the file if they are no one's)\n")

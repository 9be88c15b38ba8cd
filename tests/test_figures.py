"""Figures from records: a small company's records (tests/records/) worked out by DuckDB and
by the Python reference into the exact data file a person would write by hand, each of the
issue's counting rules with its edge, and the two held equal on random records."""

from __future__ import annotations

import csv
import random
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise import load_scheme
from appraise.cli import main
from appraise.sources import figures, work_out

FOLDER = Path("tests/records")
SCHEME = FOLDER / "company.yaml"

# Worked out by hand from tests/records/*.csv; each figure's reasoning is in the test below.
Q1 = """\
id,name,post,period,revenue,widget_margin,new_customers,collected,visits,key_customers_met,\
largest_order,first_order,average_visit,customers_served
P1,张伟,rep,2026-01,60100.25,19999.5,1,30000,2,1,60000,60000,31.666667,1
P2,李娜,rep,2026-01,0,20000,0,0,0,0,30000,30000,,1
P1,张伟,rep,2026-02,0,0,0,30100.25,0,0,,,,0
P2,李娜,rep,2026-02,119999.99,108999.99,0,0,3,1,70000,70000,70,2
P3,王芳,rep,2026-02,55001.1,0,1,0.1,0,0,55000.1,55000.1,29.5,1
P1,张伟,rep,2026-03,0,0,0,0,0,0,,,,0
P2,李娜,rep,2026-03,0,0,0,70000,0,0,,,,0
P3,王芳,rep,2026-03,0,0,0,0,0,0,,,,0
""".replace("\n", "\r\n")  # lines end as RFC 4180 (and a spreadsheet) end them


@pytest.mark.parametrize("reference", [False, True])
def test_the_quarter_is_the_file_worked_out_by_hand(reference: bool) -> None:
    """Revenue counts shipped orders only (O3 is open); the widget margin is amount - cost of
    widgets, and O6 without a cost adds nothing; a new customer counts in the month of its
    first order when that order is at least 50,000 (C1's O1 yes, C2's O3 no, C4's O7 at
    49,999.99 no, C3's O5 yes); collections count in the month the money arrived, for the
    salesperson of the order paid (Y2 and Y3 in February for P1, Y4 in March for P2); a
    visit counts from 30 minutes (V3 at 30 yes, V5 at 29.5 no); a key customer met at least
    twice in a month counts once for its owner (C1 in January, C4 in February; C2 is not
    key); the first order is the month's earliest; the average of 45, 20 and 30 minutes is
    31.666667; P3 joined in February, so has no January row."""
    scheme = load_scheme(SCHEME)
    assert figures(scheme, FOLDER, "2026-Q1", reference=reference) == Q1


def test_a_month_is_its_rows_of_the_quarter() -> None:
    lines = Q1.splitlines(keepends=True)
    assert figures(load_scheme(SCHEME), FOLDER, "2026-02") == lines[0] + "".join(lines[3:6])


def test_the_command_writes_the_file_and_score_reads_it(tmp_path: Path) -> None:
    out = tmp_path / "q1.csv"
    run = CliRunner().invoke(main, ["figures", str(SCHEME), "--records", str(FOLDER),
                                    "--period", "2026-Q1", "-o", str(out)])
    assert (run.exit_code, run.output) == (0, "")
    assert out.read_bytes().decode("utf-8") == Q1


def test_score_with_records_scores_the_figures_file(tmp_path: Path) -> None:
    """A month without orders has no largest order: the scheme scored here reads only the
    figures every month has, so that the data file scores."""
    scheme = tmp_path / "company.yaml"
    scheme.write_text(SCHEME.read_text(encoding="utf-8").replace(
        "+ first_order + average_visit + customers_served", "+ customers_served").replace(
        "key_customers_met + largest_order", "key_customers_met"), encoding="utf-8")
    data = tmp_path / "q1.csv"
    data.write_text(figures(load_scheme(scheme), FOLDER, "2026-Q1"), encoding="utf-8")
    by_data = CliRunner().invoke(main, ["score", str(scheme), "--data", str(data), "--period",
                                        "2026-Q1", "--format", "csv"])
    by_records = CliRunner().invoke(main, ["score", str(scheme), "--records", str(FOLDER),
                                           "--period", "2026-Q1", "--format", "csv"])
    assert by_data.exit_code == by_records.exit_code == 0, by_records.output
    assert by_records.stdout == by_data.stdout
    # revenue 60,100.25 of 300,000 (20.03); activity 80,104.75 of 3,000 (2,670.16)
    assert by_records.stdout.splitlines()[1] == (
        "P1,张伟,rep,sales,2026-Q1,20.03,2670.16,1345.10,0.00,0.00,,1345.10,A,1,,2,3,3,A,,2,3")


@pytest.mark.parametrize(("args", "message"), [
    (["--data", "x.csv", "--records", "tests/records", "--period", "2026-Q1"],
     "Error: --data and --records both give the period's figures: give one of the two "
     "(appraise figures writes the records' figures to a file to compare)"),
    (["--period", "2026-Q1"],
     "Error: give the period's figures with --data FILE, or the records they are worked out "
     "from with --records DIR: one of the two"),
    (["--records", "tests/records"],
     "Error: with --records, say which period to work out: --period (e.g. 2026-Q1)"),
])
def test_score_takes_data_or_records(args: list[str], message: str) -> None:
    run = CliRunner().invoke(main, ["score", str(SCHEME), *args])
    assert (run.exit_code, run.output.splitlines()[-1]) == (2, message)


def test_score_takes_data_or_records_in_chinese() -> None:
    run = CliRunner().invoke(main, ["score", str(SCHEME), "--period", "2026-Q1", "--data",
                                    "x.csv", "--records", "tests/records", "--lang", "zh"])
    assert (run.exit_code, run.output.splitlines()[-1]) == (
        2, "错误：--data 和 --records 都给出本期数据：只能给其中一个（可用 appraise figures "
           "把由记录得出的数据写入文件以作比较）")


# -- DuckDB and the reference on random records --------------------------------------------

def _random_company(tmp: Path, seed: int) -> None:
    """The test company's scheme over random records: amounts with cents aimed at 50,000,
    ties of date, blanks, minutes around 30, customers of every tier and owner."""
    rng = random.Random(seed)
    people, tiers = ["P1", "P2", "P3"], ["key", "small"]
    customers = [[f"C{i}", rng.choice([*people, ""]), rng.choice(tiers)] for i in range(8)]
    orders = []
    for i in range(rng.randint(0, 60)):
        amount = rng.choice([Decimal("50000"), Decimal("49999.99"), Decimal("50000.01"),
                             Decimal(rng.randint(0, 10 ** 7)) / 100])
        cost = rng.choice(["", str(Decimal(rng.randint(0, 10 ** 6)) / 100)])
        orders.append([f"O{i:03d}", f"2026-{rng.randint(1, 4):02d}-{rng.randint(1, 3):02d}",
                       rng.choice([*(c[0] for c in customers), ""]), rng.choice(people),
                       rng.choice(["widget", "gadget"]), str(amount), cost,
                       rng.choice(["shipped", "open"])])
    payments = [[f"Y{i}", f"2026-{rng.randint(1, 4):02d}-{rng.randint(1, 28):02d}",
                 rng.choice([o[0] for o in orders]), str(Decimal(rng.randint(1, 10 ** 6)) / 100)]
                for i in range(rng.randint(0, 30) if orders else 0)]
    visits = [[f"V{i}", f"2026-{rng.randint(1, 4):02d}-{rng.randint(1, 5):02d}",
               rng.choice([c[0] for c in customers]), rng.choice(people),
               rng.choice(["29.5", "30", "30.000001", "0", "", "120"]),
               rng.choice(["true", "false", "TRUE", ""])]
              for i in range(rng.randint(0, 40))]
    tables = {"customers.csv": (["customer_id", "owner", "tier"], customers),
              "orders.csv": (["order_id", "order_date", "customer", "salesperson", "product",
                              "amount", "cost", "status"], orders),
              "payments.csv": (["payment_id", "paid_on", "order", "amount"], payments),
              "visits.csv": (["visit_id", "visited_on", "customer", "salesperson", "minutes",
                              "on_site"], visits)}
    for name, (header, rows) in tables.items():
        rows = rows[:]
        rng.shuffle(rows)
        with open(tmp / name, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator=rng.choice(["\n", "\r\n"]))
            writer.writerow(header)
            writer.writerows(rows)


@pytest.mark.parametrize("seed", range(25))
def test_duckdb_gives_the_reference_figures_to_the_cent(tmp_path: Path, seed: int) -> None:
    _random_company(tmp_path, seed)
    scheme = load_scheme(SCHEME)
    for period in ("2026-Q1", "2026-04", "2026-H1"):  # the warnings too
        assert work_out(scheme, tmp_path, period) == work_out(scheme, tmp_path, period,
                                                               reference=True)


# The language over records, every construct, on both paths: SQL's meaning of blanks.
EXPRESSIONS = {
    "e_not": ("orders", "count: true", 'not (status == "open")', "salesperson"),
    "e_in": ("orders", "sum: amount", 'status in ("shipped", "open") and amount > 100',
             "salesperson"),
    "e_not_in": ("orders", "count: true", 'status not in ("open",)', "salesperson"),
    "e_or": ("orders", "sum: amount - cost", 'amount - cost >= 1000 or product != "widget"',
             "salesperson"),
    "e_dates": ("orders", "count: true",
                'order_date >= "2026-02-01" and order_date < "2026-03-02"', "salesperson"),
    "e_minus": ("orders", "max: amount * 2 - cost", "-amount < -50000", "salesperson"),
    "e_through": ("orders", "min: amount", 'customer.tier == "key" or customer.owner == "P1"',
                  "customer.owner"),
    "e_last": ("orders", "last: cost", 'product == "widget"', "salesperson"),
    "e_bool": ("visits", "count: true", "on_site == true and minutes >= 30", "salesperson"),
    "e_bare": ("visits", "sum: minutes", "on_site", "salesperson"),
    "e_not_bool": ("visits", "average: minutes", "not on_site", "salesperson"),
    "e_ne": ("visits", "count_distinct: customer", "on_site != false", "customer.owner"),
}


def _every_construct(tmp: Path) -> Path:
    text = SCHEME.read_text(encoding="utf-8")
    added = "".join(
        f"  {name}:\n    from: {{records: {source}, {how}, where: '{where}', by: {by}}}\n"
        for name, (source, how, where, by) in EXPRESSIONS.items())
    scheme = tmp / "every.yaml"
    scheme.write_text(text.replace("\nindicators:", added + "\nindicators:").replace(
        "+ first_order + average_visit", "+ first_order + average_visit + " + " + ".join(
            EXPRESSIONS)), encoding="utf-8")
    return scheme


@pytest.mark.parametrize("seed", range(12))
def test_every_construct_of_the_language_means_the_same_on_both_paths(
        tmp_path: Path, seed: int) -> None:
    scheme = load_scheme(_every_construct(tmp_path))
    assert all(name in scheme.derived for name in EXPRESSIONS)
    _random_company(tmp_path, seed)
    assert work_out(scheme, tmp_path, "2026-Q1") == work_out(scheme, tmp_path, "2026-Q1",
                                                               reference=True)


def test_a_period_outside_the_year_is_a_usage_error() -> None:
    for language, expected in (
            ("en", "Error: Invalid value for '--period': period '2025-Q1' is not in the "
                   "scheme's year 2026"),
            ("zh", "错误：'--period' 的值无效：期间 '2025-Q1' 不在方案的年度 2026 内")):
        run = CliRunner().invoke(main, ["figures", str(SCHEME), "--records", str(FOLDER),
                                        "--period", "2025-Q1", "--lang", language])
        assert (run.exit_code, run.output.splitlines()[-1]) == (2, expected)


def test_a_scheme_without_records_has_no_figures_to_work_out() -> None:
    for language, expected in (
            ("en", "schemes/examples/cascade_company.yaml: error: the scheme defines no field "
                   "from records (declare records: and give fields a from:, under a calendar: "
                   "of the year)\n"),
            ("zh", "schemes/examples/cascade_company.yaml: 错误：方案中没有由记录汇总得出的字段"
                   "（请声明 records:，为字段写上 from:，并设置年度 calendar:）\n")):
        run = CliRunner().invoke(main, ["figures", "schemes/examples/cascade_company.yaml",
                                        "--records", str(FOLDER), "--period", "2026-Q1",
                                        "--lang", language])
        assert (run.exit_code, run.output) == (1, expected)


def test_records_of_a_month_without_a_post_are_left_out_with_a_warning(tmp_path: Path) -> None:
    """P3 joined in February: an order of hers in January has no row to go in."""
    folder = tmp_path / "records"
    shutil.copytree(FOLDER, folder)
    with open(folder / "orders.csv", "a", encoding="utf-8") as handle:
        handle.write("O8,2026-01-20,C2,P3,gadget,100,50,shipped\n")
    out = tmp_path / "q1.csv"
    for language, expected in (
            ("en", f"{folder}: warning: P3: the records give P3 figures in 2026-01 "
                   "(customers_served, first_order, largest_order, revenue), a month they "
                   "hold no post: the figures are left out (check whom the records credit, "
                   "or the person's posts in the scheme)\n"),
            ("zh", f"{folder}: 警告：P3: 记录在 2026-01 给 P3 计入了数据（customers_served, "
                   "first_order, largest_order, revenue），但此人当月没有岗位：这些数据未计入"
                   "（请核对记录计入的人员，或方案中此人的岗位）\n")):
        run = CliRunner().invoke(main, ["figures", str(SCHEME), "--records", str(folder),
                                        "--period", "2026-Q1", "-o", str(out), "--lang",
                                        language])
        assert (run.exit_code, run.output) == (0, expected)
        assert out.read_bytes().decode("utf-8") == Q1
    quiet = CliRunner().invoke(main, ["figures", str(SCHEME), "--records", str(folder),
                                      "--period", "2026-Q1", "-o", str(out), "-q"])
    assert (quiet.exit_code, quiet.output) == (0, "")
    scheme = load_scheme(SCHEME)
    assert work_out(scheme, folder, "2026-Q1") == work_out(scheme, folder, "2026-Q1",
                                                           reference=True)

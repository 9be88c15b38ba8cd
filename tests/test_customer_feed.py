"""A customer's class feeds a salesperson's indicators (客户分级 → 大客户经理考核): the
customers' scheme (schemes/examples/customers.yaml) is scored for the same period on its
own data, and each customer is counted, by class, for the manager its data names as owner.
Worked by hand on the shipped example schemes/examples/customer_sales.yaml."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from appraise import load_scheme, read_actuals, read_monthly, score, score_file, validate_scheme
from appraise.cli import main

EXAMPLES = Path("schemes/examples")
SCHEME = EXAMPLES / "customer_sales.yaml"
DATA = EXAMPLES / "customer_sales-2026-Q1.csv"
CUSTOMERS = EXAMPLES / "customers-2026-Q1.csv"
SUBJECTS = f"customers={CUSTOMERS}"


def test_each_manager_is_scored_on_the_customers_they_look_after() -> None:
    """The customers' classes (test_customers.py): C001 VIP, C002 一级, C003 二级, C004 其它,
    C005 VIP. KA01 looks after C001 and C002, KA02 after C003, C004 and C005, KA03 after none.
    Weights 40 / 20 / 20 / 20; linear rules: 100 ± 1 a point of achievement, at most 120.
    KA01: 3,300,000 / 3,000,000 = 110% → 110; 7 visits / 1 VIP = 7 against 6 → 116.67% →
    116.666…; 2 key customers (VIP or 一级) → 100; 0 weak ones (二级 or 其它) → 100:
    44 + 23.333… + 20 + 20 = 107.33, A (≥ 100), 1.2 × 10,000 = 12,000.00.
    KA02: 90% → 90; 9 / 1 = 150% → 120 (cap); 1 key customer → 80; 2 weak → 60:
    36 + 24 + 16 + 12 = 88.00, B, 10,000.00.
    KA03: 50% → 50; no VIP customer: div(0, 0, 0) = 0 → 0; 0 key → 50; 0 weak → 100:
    20 + 0 + 10 + 20 = 50.00, D, 5,000.00."""
    result = score_file(load_scheme(SCHEME), DATA, subjects={"customers": CUSTOMERS})
    assert [(p.person, round(p.total, 2), p.grade, str(p.bonus), p.rank)
            for p in result.people] == [("KA01", 107.33, "A", "12000.00", 1),
                                        ("KA02", 88.0, "B", "10000.00", 2),
                                        ("KA03", 50.0, "D", "5000.00", 3)]
    ka02 = {i.indicator.id: (i.value, i.points) for i in result.people[1].segments[0].items}
    assert ka02 == {"revenue_achievement": (2700000.0, 90.0), "vip_care": (9.0, 120.0),
                    "key_customer_count": (1.0, 80.0), "weak_customer_count": (2.0, 60.0)}
    assert result.warnings == ()


@pytest.mark.parametrize("reference", [False, True])
@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_both_readers_and_both_scoring_paths_take_the_counts(
        tmp_path: Path, reference: bool, suffix: str) -> None:
    scheme = load_scheme(SCHEME)
    counts = score_file(scheme, DATA, subjects={"customers": CUSTOMERS}).counted
    assert counts is not None
    data = DATA
    if suffix == ".json":
        rows = [line.split(",") for line in DATA.read_text(encoding="utf-8").splitlines()]
        data = tmp_path / "sales.json"
        data.write_text(json.dumps([dict(zip(rows[0], r, strict=True)) for r in rows[1:]],
                                   ensure_ascii=False), encoding="utf-8")
    actuals = read_actuals(data, scheme, counts=counts, reference=reference)
    result = score(scheme, actuals, reference=reference)
    assert [(p.person, round(p.total, 2)) for p in result.people] == [
        ("KA01", 107.33), ("KA02", 88.0), ("KA03", 50.0)]
    assert [r.values["key_customers"] for r in actuals.rows] == [2.0, 1.0, 0.0]


def _run(*args: str) -> tuple[int, str, str]:
    found = CliRunner().invoke(main, list(args))
    return found.exit_code, found.stdout, found.stderr


def test_explain_names_the_customers_counted_in_english_and_chinese() -> None:
    code, out, _ = _run("explain", str(SCHEME), "--data", str(DATA), "--subjects", SUBJECTS,
                        "--person", "KA02")
    assert code == 0
    assert out.endswith(
        "Rank in 大客户部: 2 of 3\n\n"
        f"Counted from customers.yaml ({CUSTOMERS}, 2026-Q1), the customers KA02 looks after:\n"
        "   vip_customers (VIP客户数), grade VIP: 1 — C005 宁波海润贸易\n"
        "   key_customers (重点客户数), grade VIP or 一级: 1 — C005 宁波海润贸易 (VIP)\n"
        "   weak_customers (待改进客户数), grade 二级 or 其它: 2 — C003 杭州云帆电子 (二级), "
        "C004 南京恒通物流 (其它)\n")
    assert "   value:   weak_customers = 2 customers\n" in out
    code, out, _ = _run("explain", str(SCHEME), "--data", str(DATA), "--subjects", SUBJECTS,
                        "--person", "KA03", "--lang", "zh")
    assert out.endswith(
        f"统计自 customers.yaml（{CUSTOMERS}，2026-Q1）中 KA03 负责的客户：\n"
        "   vip_customers（VIP客户数），等级 VIP：0\n"
        "   key_customers（重点客户数），等级 VIP、一级：0\n"
        "   weak_customers（待改进客户数），等级 二级、其它：0\n")
    code, out, _ = _run("explain", str(SCHEME), "--data", str(DATA), "--subjects", SUBJECTS,
                        "--person", "KA01", "--format", "json")
    assert json.loads(out)["counted"] == {
        "vip_customers": [{"id": "C001", "name": "上海宏达机电", "grade": "VIP"}],
        "key_customers": [{"id": "C001", "name": "上海宏达机电", "grade": "VIP"},
                          {"id": "C002", "name": "苏州精工科技", "grade": "一级"}],
        "weak_customers": []}


def test_the_score_command_gives_the_same_as_the_library() -> None:
    code, out, err = _run("score", str(SCHEME), "--data", str(DATA), "--subjects", SUBJECTS,
                          "--format", "csv")
    assert (code, err) == (0, "")
    assert out.splitlines()[1:] == [
        "KA01,周文博,key_account,key_accounts,2026-Q1,110.00,116.67,100.00,100.00,107.33,0.00,"
        "0.00,,107.33,A,1.2,12000.00,1,3",
        "KA02,吴佳怡,key_account,key_accounts,2026-Q1,90.00,120.00,80.00,60.00,88.00,0.00,"
        "0.00,,88.00,B,1.0,10000.00,2,3",
        "KA03,郑浩然,key_account,key_accounts,2026-Q1,50.00,0.00,50.00,100.00,50.00,0.00,"
        "0.00,,50.00,D,0.5,5000.00,3,3"]


@pytest.mark.parametrize(("args", "expected"), [
    ((), f"{SCHEME}: error: subjects.customers: this scheme counts the subjects 'customers' "
         "that customers.yaml appraises, but no data is given for them (give their data file "
         "with --subjects customers=FILE)\n"),
    (("--subjects", "customers"), "Error: Invalid value for '--subjects': 'customers' is not "
     "NAME=FILE; write e.g. customers=customers-2026-Q1.csv\n"),
    (("--subjects", "dealers=d.csv"), "Error: Invalid value for '--subjects': the scheme "
     "counts no subjects called 'dealers'; it counts: customers\n"),
    (("--subjects", SUBJECTS, "--subjects", SUBJECTS), "Error: Invalid value for "
     "'--subjects': 'customers' is given twice\n"),
    (("--subjects", "customers=-"), "Error: Invalid value for '--subjects': the subjects' "
     "data is read from a file, not standard input\n"),
])
def test_the_subjects_option_is_checked(tmp_path: Path, args: tuple[str, ...],
                                        expected: str) -> None:
    out = tmp_path / "out.csv"
    code, stdout, err = _run("score", str(SCHEME), "--data", str(DATA), *args, "-o", str(out))
    assert (code != 0, stdout, err.splitlines()[-1] + "\n") == (True, "", expected)
    assert not out.exists()


def test_a_scheme_without_subjects_refuses_the_option() -> None:
    code, _, err = _run("score", str(EXAMPLES / "sales_company.yaml"), "--data",
                        str(EXAMPLES / "2026-Q1.csv"), "--subjects", "customers=c.csv")
    assert code == 2
    assert err.splitlines()[-1] == ("Error: Invalid value for '--subjects': this scheme counts "
                                    "no other scheme's subjects (it has no subjects:)")


def _copied(tmp_path: Path, customers: str | None = None) -> tuple[Path, Path]:
    """The example's two schemes in ``tmp_path``, with the customers' data as given."""
    for name in ("customer_sales.yaml", "customers.yaml"):
        shutil.copy(EXAMPLES / name, tmp_path / name)
    data = tmp_path / "customers.csv"
    data.write_text(customers if customers is not None
                    else CUSTOMERS.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path / "customer_sales.yaml", data


def _score(scheme: Path, customers: Path, sales: Path = DATA, *more: str
           ) -> tuple[int, str, str]:
    return _run("score", str(scheme), "--data", str(sales), "--subjects",
                f"customers={customers}", *more)


def test_a_customer_whose_owner_has_no_row_is_an_error_at_the_customer(tmp_path: Path) -> None:
    text = CUSTOMERS.read_text(encoding="utf-8").replace(",KA02\n", ",KA09\n")
    scheme, customers = _copied(tmp_path, text)
    code, out, err = _score(scheme, customers)
    assert (code, out) == (1, "")
    assert err == (f"{customers}:4:1: error: C003: customer 'C003' (杭州云帆电子) and 2 more are "
                   f"looked after by 'KA09', who has no row in {DATA} (check the owner's id "
                   "against the data file, or add their row)\n")


def test_a_customer_without_an_owner_is_an_error_at_its_row(tmp_path: Path) -> None:
    text = CUSTOMERS.read_text(encoding="utf-8").replace("中,KA02\n", "中,\n")
    scheme, customers = _copied(tmp_path, text)
    out = tmp_path / "out.csv"
    code, _, err = _score(scheme, customers, DATA, "-o", str(out))
    assert code == 1 and not out.exists()
    assert err == (f"{customers}:6:1: error: C005.owner: customer 'C005' (宁波海润贸易) has no "
                   "owner: 'owner' (负责销售) is blank (fill in the id of the person who looks "
                   "after it)\n")


def test_customers_data_without_the_owner_column(tmp_path: Path) -> None:
    text = "\n".join(line.rpartition(",")[0] for line in
                     CUSTOMERS.read_text(encoding="utf-8").splitlines()) + "\n"
    scheme, customers = _copied(tmp_path, text)
    code, _, err = _score(scheme, customers)
    assert code == 1
    assert f"{customers}:1:1: error: owner: no customer in {customers} has an owner: the column " \
           "'owner' (负责销售) is missing or blank (add the column, holding for each customer " \
           "the id of the person who looks after it)\n" in err


def test_a_column_for_a_counted_field_is_refused(tmp_path: Path) -> None:
    sales = tmp_path / "sales.csv"
    lines = DATA.read_text(encoding="utf-8").splitlines()
    sales.write_text("\n".join([lines[0] + ",VIP客户数", *(r + ",3" for r in lines[1:])]) + "\n",
                     encoding="utf-8")
    code, _, err = _score(SCHEME, CUSTOMERS, sales)
    assert code == 1
    assert err == (f"{sales}:1:7: error: vip_customers: column 'VIP客户数' holds field "
                   "'vip_customers', which is counted from the subjects 'customers', not read "
                   "(delete the column: the count comes from their scheme's data)\n")


def test_the_customers_and_the_sales_of_different_periods(tmp_path: Path) -> None:
    text = CUSTOMERS.read_text(encoding="utf-8").replace("2026-Q1", "2026-Q2")
    scheme, customers = _copied(tmp_path, text)
    code, _, err = _score(scheme, customers)
    assert code == 1
    assert err == (f"{DATA}: error: the data is for 2026-Q1, but the subjects 'customers' were "
                   "scored for 2026-Q2 (give both files' period with --period, or the data of "
                   "the same period)\n")
    code, _, err = _score(scheme, customers, DATA, "--period", "2026-Q1")
    assert code == 1
    assert err == (f"{customers}:1:1: error: no rows for period 2026-Q1 (the data has: "
                   "2026-Q2)\n")


def test_strict_stops_on_a_warning_about_the_customers_data(tmp_path: Path) -> None:
    text = "\n".join(line + (",remark" if n == 0 else ",x") for n, line in enumerate(
        CUSTOMERS.read_text(encoding="utf-8").splitlines())) + "\n"
    scheme, customers = _copied(tmp_path, text)
    code, _, err = _score(scheme, customers)
    assert code == 0
    assert "warning: column 'remark' is not a field of the scheme and is ignored" in err
    code, _, err = _score(scheme, customers, DATA, "--strict")
    assert code == 1
    assert f"{customers}: error: column 'remark' is not a field" in err


def _validated(tmp_path: Path, old: str, new: str, name: str = "customer_sales.yaml"
               ) -> list[str]:
    _copied(tmp_path)
    path = tmp_path / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    found = validate_scheme(tmp_path / "customer_sales.yaml")
    return [str(d).replace(str(tmp_path) + "/", "") for d in found.diagnostics]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("count: {subjects: customers, grade: [VIP]}", "count: {subjects: customer, grade: [VIP]}",
     ["customer_sales.yaml:37:23: error: fields.vip_customers.count.subjects: unknown "
      "subjects 'customer' (did you mean 'customers'?)"]),
    ("grade: [VIP]}", "grade: [VIP, 钻石]}",
     ["customer_sales.yaml:37:41: error: fields.vip_customers.count.grade: grade '钻石' is "
      "not a grade of customers.yaml (expected one of: VIP, 一级, 二级, 其它)"]),
    ("{scheme: customers.yaml}", "{scheme: clients.yaml}",
     ["customer_sales.yaml:17:23: error: subjects.customers.scheme: scheme file "
      "'clients.yaml' is not there (looked for clients.yaml) (write the path of the scheme "
      "file relative to this scheme's folder)"]),
    ("count: {subjects: customers, grade: [VIP]}",
     "count: {subjects: customers, grade: [VIP]}\n    min: 0\n    aggregate: sum",
     ["customer_sales.yaml:38:5: error: fields.vip_customers.min: field 'vip_customers' is "
      "counted from another scheme's subjects; 'min' is for figures read from the data "
      "(remove 'min')"]),
    ("count: {subjects: customers, grade: [VIP]}", "count: {subjects: customers}",
     []),
])
def test_validate_checks_the_counts(tmp_path: Path, old: str, new: str,
                                    expected: list[str]) -> None:
    assert _validated(tmp_path, old, new) == expected


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("owner: owner}", "}", ["customer_sales.yaml:17:23: error: subjects.customers.scheme: scheme "
     "'customers.yaml' names no owner of its subjects, so they cannot be counted for anyone "
     "(in customers.yaml, add owner: <a text field holding the person's id> under subject:)"]),
    ("type: text, definition", "definition",
     ["customer_sales.yaml:17:23: error: subjects.customers.scheme: scheme 'customers.yaml' "
      "has 1 error (shown under its name) (fix them first: its subjects are scored to be "
      "counted)",
      "customers.yaml:11:49: error: subject.owner: the owner field 'owner' holds figures, not "
      "the id of a person (give field 'owner' type: text, and fill in each subject's owner's "
      "id in its column)"]),
    ("appraise: 1", "appraise: 1\ncalendar: {year: 2026, targets_per: year}",
     ["customer_sales.yaml:17:23: error: subjects.customers.scheme: scheme 'customers.yaml' "
      "keeps its figures by month; a scheme whose subjects are counted is scored from one "
      "row per subject for the period (give it no calendar, and one row per subject in its "
      "data)"]),
    ("appraise: 1", "appraise: 1\nsubjects: {sales: {scheme: customer_sales.yaml}}",
     ["customer_sales.yaml:17:23: error: subjects.customers.scheme: scheme 'customers.yaml' "
      "has 1 error (shown under its name) (fix them first: its subjects are scored to be "
      "counted)",
      "customers.yaml:9:28: error: subjects.sales.scheme: scheme 'customer_sales.yaml' counts "
      "the subjects of this scheme in turn (customer_sales.yaml → customers.yaml → "
      "customer_sales.yaml) (a scheme cannot count its own subjects, directly or through "
      "another: remove one of the subjects:)"]),
])
def test_validate_checks_the_scheme_counted(tmp_path: Path, old: str, new: str,
                                            expected: list[str]) -> None:
    assert _validated(tmp_path, old, new, "customers.yaml") == expected


MONTHLY = """appraise: 1
name: monthly
calendar: {year: 2026}
subjects:
  customers: {scheme: customers.yaml}
grades:
  - {grade: A, min: 90, coefficient: 1}
  - {grade: B, coefficient: 0.5}
fields:
  visits: {label: 拜访次数}
  vips: {label: VIP客户数, count: {subjects: customers, grade: [VIP]}}
indicators:
  care:
    label: VIP客户人均拜访
    formula: div(visits, vips, 0)
    target: {base: 6, per: period}
    rule: {kind: linear, at_target: 100, above: 1, below: 1, cap: 120, floor: 0}
scorecards:
  s: {items: [{indicator: care, weight: 100}]}
units:
  ka: {label: 大客户部, kind: department}
posts:
  key_account: {unit: ka, scorecard: s}
people:
  KA01: {name: 周文博, post: key_account}
  KA02: {name: 吴佳怡, post: key_account}
"""


@pytest.mark.parametrize("reference", [False, True])
def test_a_scheme_kept_by_month_counts_for_the_period(tmp_path: Path, reference: bool) -> None:
    """Every month holds the quarter's count; visits are summed over the months.
    KA01: 2 + 3 + 2 = 7 visits / 1 VIP = 7 against 6 → 116.666… → 116.67, A.
    KA02: 4 + 4 + 4 = 12 / 1 = 12 → 200% → 120 (cap), A."""
    _copied(tmp_path)
    scheme_file = tmp_path / "monthly.yaml"
    scheme_file.write_text(MONTHLY, encoding="utf-8")
    data = tmp_path / "months.csv"
    data.write_text("id,post,period,visits\n" + "".join(
        f"{p},key_account,2026-0{m},{v}\n" for m in (1, 2, 3)
        for p, v in (("KA01", 3 if m == 2 else 2), ("KA02", 4))), encoding="utf-8")
    scheme = load_scheme(scheme_file)
    counted = score_file(scheme, data, "2026-Q1",
                         subjects={"customers": tmp_path / "customers.csv"})
    counts = counted.counted
    assert counts is not None
    result = score(scheme, read_monthly(data, scheme, counts=counts, reference=reference),
                   "2026-Q1", reference=reference)
    assert [(p.person, round(p.total, 2), p.grade) for p in result.people] == [
        ("KA01", 116.67, "A"), ("KA02", 120.0, "A")] == \
        [(p.person, round(p.total, 2), p.grade) for p in counted.people]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("count: {subjects: customers, grade: [VIP]}}",
     "count: {subjects: customers, grade: [VIP]}, aggregate: sum}",
     ["monthly.yaml:11:80: error: fields.vips.aggregate: field 'vips' is counted for the whole "
      "period, and every month holds that count, so sum would count it once a month (use "
      "aggregate: last (the default for a count))"]),
    ("formula: div(visits, vips, 0)", "formula: vips - previous(vips)",
     ["monthly.yaml:11:25: error: fields.vips.count: field 'vips' is counted for the period "
      "scored only, so previous() and last_year() cannot read it over earlier months (use a "
      "field read from the data for the earlier months' count)"]),
])
def test_validate_checks_a_count_kept_by_month(tmp_path: Path, old: str, new: str,
                                               expected: list[str]) -> None:
    _copied(tmp_path)
    (tmp_path / "monthly.yaml").write_text(MONTHLY.replace(old, new, 1), encoding="utf-8")
    found = validate_scheme(tmp_path / "monthly.yaml")
    assert [str(d).replace(str(tmp_path) + "/", "") for d in found.diagnostics] == expected


def test_an_owner_with_rows_only_in_another_period_is_an_error(tmp_path: Path) -> None:
    sales = tmp_path / "sales.csv"
    lines = DATA.read_text(encoding="utf-8").splitlines()
    sales.write_text("\n".join([lines[0], lines[1], lines[3],
                                lines[2].replace("2026-Q1", "2025-Q4")]) + "\n",
                     encoding="utf-8")
    scheme, _ = _copied(tmp_path)  # KA02 known only from the data
    scheme.write_text(scheme.read_text(encoding="utf-8").replace(
        "  KA02: {name: 吴佳怡, post: key_account}\n", ""), encoding="utf-8")
    code, _, err = _score(scheme, CUSTOMERS, sales, "--period", "2026-Q1")
    assert code == 1
    assert f"{CUSTOMERS}:4:1: error: C003: customer 'C003' (杭州云帆电子) and 2 more are looked " \
           "after by 'KA02', who is not scored in 2026-Q1 (check the owner's id against the " \
           "data file, or add their row)" in err.splitlines()


def test_a_broken_data_file_is_said_as_the_reader_says_it(tmp_path: Path) -> None:
    sales = tmp_path / "sales.csv"
    sales.write_text(DATA.read_text(encoding="utf-8").replace("id,", "staff,", 1),
                     encoding="utf-8")
    code, _, err = _score(SCHEME, CUSTOMERS, sales)
    assert code == 1
    assert err.splitlines()[0] == (
        f"{sales}:1:1: error: no person id column (name the first column 'id' (also "
        "accepted: person, person_id, 工号, 员工编号))")
    assert "looked after" not in err


def test_json_customers_are_named_by_record(tmp_path: Path) -> None:
    rows = [line.split(",") for line in CUSTOMERS.read_text(encoding="utf-8").splitlines()]
    rows[3][-1] = ""
    customers = tmp_path / "customers.json"
    customers.write_text(json.dumps([dict(zip(rows[0], r, strict=True)) for r in rows[1:]],
                                    ensure_ascii=False, indent=1), encoding="utf-8")
    code, _, err = _score(SCHEME, customers)
    assert code == 1
    assert err == (f"{customers}: error: C003.owner: customer 'C003' (杭州云帆电子) has no owner: "
                   "'owner' (负责销售) is blank (record 3) (fill in the id of the person who looks "
                   "after it)\n")


def test_the_json_names_the_files_the_counts_came_from() -> None:
    code, out, _ = _run("score", str(SCHEME), "--data", str(DATA), "--subjects", SUBJECTS,
                        "--format", "json")
    assert code == 0
    found = json.loads(out)["subjects"]["customers"]
    scheme = load_scheme(EXAMPLES / "customers.yaml")
    assert found == {"scheme": str(EXAMPLES / "customers.yaml"),
                     "scheme_fingerprint": scheme.fingerprint, "data": str(CUSTOMERS),
                     "data_fingerprint": read_actuals(CUSTOMERS, scheme).fingerprint}


def test_the_output_is_never_written_over_the_counted_scheme(tmp_path: Path) -> None:
    scheme, customers = _copied(tmp_path)
    before = (tmp_path / "customers.yaml").read_bytes()
    code, _, err = _score(scheme, customers, DATA, "-o", str(tmp_path / "customers.yaml"))
    assert code == 2
    assert "is the same file as the counted scheme" in err
    assert (tmp_path / "customers.yaml").read_bytes() == before


def test_a_chain_of_counts_and_a_subjects_entry_no_field_counts(tmp_path: Path) -> None:
    """The managers' head counts the managers graded A (KA01): 1."""
    scheme, customers = _copied(tmp_path)
    text = scheme.read_text(encoding="utf-8").replace(
        "bonus_base: 10000\n", "bonus_base: 10000\nsubject: {label: 大客户经理, label_en: "
        "Manager, owner: head}\n", 1).replace(
        "  revenue: {", "  head: {label: 主管, type: text}\n  revenue: {", 1).replace(
        "  customers: {scheme: customers.yaml}", "  customers: {scheme: customers.yaml}\n"
        "  unused: {scheme: customers.yaml}", 1)
    scheme.write_text(text, encoding="utf-8")
    sales = tmp_path / "sales.csv"
    lines = DATA.read_text(encoding="utf-8").splitlines()
    sales.write_text("\n".join([lines[0] + ",head", *(r + ",D01" for r in lines[1:])]) + "\n",
                     encoding="utf-8")
    head = tmp_path / "head.yaml"
    head.write_text("""appraise: 1
name: head
subjects:
  managers: {scheme: customer_sales.yaml}
grades:
  - {grade: A, min: 100, coefficient: 1}
  - {grade: B, coefficient: 0}
fields:
  stars: {label: 优秀经理数, count: {subjects: managers, grade: [A]}}
indicators:
  stars: {label: 优秀经理数, formula: stars * 100, rule: {kind: formula, points: value}}
scorecards:
  s: {items: [{indicator: stars, weight: 100}]}
units:
  ka: {label: 大客户部, kind: department}
posts:
  director: {unit: ka, scorecard: s}
people:
  D01: {name: 孙立, post: director}
""", encoding="utf-8")
    data = tmp_path / "head.csv"
    data.write_text("id,post,period\nD01,director,2026-Q1\n", encoding="utf-8")
    code, out, err = _run("score", str(head), "--data", str(data), "--subjects",
                          f"managers={sales}", "--subjects", f"customers={customers}",
                          "--format", "csv")
    assert (code, err) == (0, "")
    assert out.splitlines()[1].split(",")[5:7] == ["100.00", "100.00"]

"""The history store (score --store, appraise history): three months kept in a real SQLite
file and in a real PostgreSQL database, a second version when the scheme or the data changes,
nothing when neither does, what changed between versions, and one person over time."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import EXAMPLES

from appraise.cli import main


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path,
          monkeypatch: pytest.MonkeyPatch) -> str:
    """An empty store of each kind; runs are kept at fixed times, by 'hr'."""
    import importlib

    keep = importlib.import_module("appraise.store.keep")
    times = iter(f"2026-04-0{day}T09:00:00Z" for day in range(1, 10))
    monkeypatch.setattr(keep, "now", lambda: next(times))
    monkeypatch.setattr(keep, "who", lambda: "hr")
    monkeypatch.chdir(tmp_path)
    if request.param == "sqlite":
        return "history.sqlite"
    url: str = request.getfixturevalue("pg_url")
    return url


def months(tmp_path: Path, changes: dict[str, str] | None = None) -> Path:
    """Three months of the example company's figures (its quarter's, each month), with
    ``changes``: a row's start replaced."""
    rows = (EXAMPLES / "2026-Q1.csv").read_text(encoding="utf-8").splitlines()
    out = [rows[0]]
    for month in ("2026-01", "2026-02", "2026-03"):
        out += [row.replace("2026-Q1", month) for row in rows[1:]]
    text = "\n".join(out) + "\n"
    for old, new in (changes or {}).items():
        assert old in text
        text = text.replace(old, new)
    written = tmp_path / "months.csv"
    written.write_text(text, encoding="utf-8")
    return written


def scheme(tmp_path: Path, label: str = "") -> Path:
    text = (EXAMPLES / "sales_company.yaml").read_text(encoding="utf-8")
    if label:
        text = text.replace("label: 华东智联销售有限公司 2026年度绩效考核方案",
                            f"label: {label}", 1)
    written = tmp_path / "scheme.yaml"
    written.write_text(text, encoding="utf-8")
    return written


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def keep(store: str, scheme_file: Path, data: Path, period: str, *more: str) -> Result:
    return run("score", scheme_file.name, "--data", data.name, "--period", period,
               "--store", store, "--format", "csv", "-o", "out.csv", *more)


SR06 = ("months.csv:{line}:1: warning: SR06: person 'SR06' is not in the scheme's people, "
        "and is scored on post 'sales_rep', as the data says (add them under people: in the "
        "scheme, or correct the id)\n")


def three_months(store: str, tmp_path: Path) -> None:
    data, kept = months(tmp_path), scheme(tmp_path)
    for month in ("2026-01", "2026-02", "2026-03"):
        done = keep(store, kept, data, month, "-q")
        assert (done.exit_code, done.output) == (0, ""), done.output


def test_three_months_kept_and_listed(store: str, tmp_path: Path) -> None:
    data, kept = months(tmp_path), scheme(tmp_path)
    done = keep(store, kept, data, "2026-01")
    assert done.exit_code == 0
    assert done.output == SR06.format(line=12) + f"{store}: note: 2026-01 kept as version 1\n"
    for month in ("2026-02", "2026-03"):
        assert keep(store, kept, data, month, "-q").exit_code == 0
    listed = run("history", "--store", store)
    assert (listed.exit_code, listed.output) == (0, (
        "Period   Version  Scored at             By  Scheme              Scheme fingerprint  "
        "Data fingerprint  People\n"
        "-------  -------  --------------------  --  ------------------  ------------------  "
        "----------------  ------\n"
        "2026-01        1  2026-04-01T09:00:00Z  hr  huadong_sales_2026  4403a0914086        "
        "e0285f5a5bfd          12\n"
        "2026-02        1  2026-04-02T09:00:00Z  hr  huadong_sales_2026  4403a0914086        "
        "e0285f5a5bfd          12\n"
        "2026-03        1  2026-04-03T09:00:00Z  hr  huadong_sales_2026  4403a0914086        "
        "e0285f5a5bfd          12\n"))


def test_the_same_scheme_and_data_again_change_nothing(store: str, tmp_path: Path) -> None:
    three_months(store, tmp_path)
    again = keep(store, scheme(tmp_path), months(tmp_path), "2026-02")
    assert again.exit_code == 0
    assert again.output.splitlines()[-1] == (
        f"{store}: note: 2026-02 is kept already as version 1, scored with the same scheme and "
        "data: nothing changed")
    listed = run("history", "--store", store, "--format", "csv")
    assert [line.split(",")[:4] for line in listed.output.splitlines()] == [
        ["period", "version", "scored_at", "scored_by"],
        ["2026-01", "1", "2026-04-01T09:00:00Z", "hr"],
        ["2026-02", "1", "2026-04-02T09:00:00Z", "hr"],
        ["2026-03", "1", "2026-04-03T09:00:00Z", "hr"]]


def test_what_zhang_wei_got_in_february_under_which_scheme(
        store: str, tmp_path: Path) -> None:
    """The issue's question: February scored again under a revised scheme, then again with
    corrected figures; 张伟 by name."""
    three_months(store, tmp_path)
    revised = scheme(tmp_path, label="华东智联销售有限公司 2026年度绩效考核方案（修订）")
    second = keep(store, revised, months(tmp_path), "2026-02")
    assert second.output.splitlines()[-1] == (
        f"{store}: note: 2026-02 kept as version 2: the scheme differs from version 1's "
        f"(appraise history --store {store} --period 2026-02 --diff 1 2 shows what changed)")
    corrected = months(tmp_path, {"SR01,张伟,sales_rep,2026-02,1380000,1242000":
                                  "SR01,张伟,sales_rep,2026-02,1380000,1380000"})
    third = keep(store, revised, corrected, "2026-02", "-q")
    assert third.exit_code == 0
    asked = run("history", "--store", store, "--person", "张伟", "--period", "2026-02",
                "--show", "cash_collected", "--show", "collection_rate")
    assert (asked.exit_code, asked.output) == (0, (
        "SR01 张伟\n"
        "\n"
        "Period   Version  Scheme              Scheme fingerprint  Total  Grade   Coef.      "
        "Bonus  cash_collected  collection_rate\n"
        "-------  -------  ------------------  ------------------  -----  ------  -----  "
        "---------  --------------  ---------------\n"
        "2026-02        1  huadong_sales_2026  4403a0914086        94.80  B 良好    1.0  "
        "20,000.00         1242000               80\n"
        "2026-02        2  huadong_sales_2026  fb6e8038cd89        94.80  B 良好    1.0  "
        "20,000.00         1242000               80\n"
        "2026-02        3  huadong_sales_2026  fb6e8038cd89        98.80  A 优秀    1.2  "
        "24,000.00         1380000              100\n"))
    changed = run("history", "--store", store, "--period", "2026-02", "--diff", "2", "3")
    assert (changed.exit_code, changed.output) == (0, (
        "2026-02: version 2 (scheme fb6e8038cd89, data e0285f5a5bfd) to version 3 (scheme "
        "fb6e8038cd89, data 3d3c5c821793)\n"
        "\n"
        "Person  Name  What                      Version 2  Version 3\n"
        "------  ----  ------------------------  ---------  ---------\n"
        "SR01    张伟  Weighted                       99.8      103.8\n"
        "SR01    张伟  Total                          94.8       98.8\n"
        "SR01    张伟  Grade before calibration          B          A\n"
        "SR01    张伟  Grade                             B          A\n"
        "SR01    张伟  Coef.                             1        1.2\n"
        "SR01    张伟  Bonus                         20000      24000\n"
        "SR01    张伟  figure: cash_collected      1242000    1380000\n"
        "SR01    张伟  points: collection_rate          80        100\n"
        "\n"
        "People changed: 1\n"))
    unchanged = run("history", "--store", store, "--period", "2026-02", "--diff", "1", "2")
    assert (unchanged.exit_code, unchanged.output) == (0, (
        "2026-02: version 1 (scheme 4403a0914086, data e0285f5a5bfd) to version 2 (scheme "
        "fb6e8038cd89, data e0285f5a5bfd)\n"
        "\n"
        "No number differs.\n"))
    shown = run("history", "--store", store, "--period", "2026-02").output.splitlines()
    assert shown[0] == ("华东智联销售有限公司 2026年度绩效考核方案（修订） — 2026-02, version 3 "
                        "of 3 (scored 2026-04-05T09:00:00Z by hr; scheme fb6e8038cd89)")
    assert shown[8] == (" 2/6     5/12  SR01    张伟    销售代表    销售部                  "
                        "103.80   -5.00      98.80  A 优秀      1.2  24,000.00")
    first = run("history", "--store", store, "--period", "2026-02", "--version", "1",
                "--format", "json")
    kept = json.loads(first.output)
    assert kept["run"]["scheme_fingerprint"] == (
        "sha256:4403a0914086b7f93c669ee2da2e4e1c9363d453194b0f870c160afaf38506f0")
    assert [p for p in kept["people"] if p["person"] == "SR01"] == [{
        "person": "SR01", "name": "张伟", "post": "sales_rep", "unit": "sales_dept",
        "post_label": "销售代表", "unit_label": "销售部",
        "weighted_sum": "99.8", "deductions": "5.0", "bonuses": "0.0", "total": "94.8",
        "veto": None, "grade_scored": "B", "grade": "B", "grade_label": "良好",
        "coefficient": "1.0", "bonus": "20000.00", "pool": None, "unit_rank": 2,
        "unit_of": 6, "company_rank": 5, "company_of": 12}]


def test_a_name_two_people_share_is_refused_naming_both(
        store: str, tmp_path: Path) -> None:
    data = months(tmp_path, {"SR02,李娜": "SR02,张伟"})
    assert keep(store, scheme(tmp_path), data, "2026-01", "-q").exit_code == 0
    for lang, said in (("en", f"{store}: error: 2 people are called '张伟': SR01, SR02 (name "
                              "one by id, e.g. --person SR01)\n"),
                       ("zh", f"{store}: 错误：有 2 人名叫“张伟”：SR01, SR02（请用工号指定其中"
                              "一人，如 --person SR01）\n")):
        done = run("history", "--store", store, "--person", "张伟", "--lang", lang)
        assert (done.exit_code, done.output) == (1, said)


def test_another_scheme_s_period_is_refused_not_kept_as_a_version(store: str,
                                                                   tmp_path: Path) -> None:
    """A store keeps one appraisal: the same period of a scheme of another name would read as
    a new version of this one's (and feed its previous() figures), so it is refused, in both
    languages, and nothing is kept."""
    three_months(store, tmp_path)
    other = tmp_path / "other.yaml"
    other.write_text(scheme(tmp_path).read_text(encoding="utf-8").replace(
        "name: huadong_sales_2026", "name: huadong_service_2026", 1), encoding="utf-8")
    for lang, said in (
            ("en", f"{store}: error: 2026-02 is kept here for the scheme huadong_sales_2026, "
                   "not huadong_service_2026 (keep each scheme's periods in a store of its own: "
                   "give --store another file or database)"),
            ("zh", f"{store}: 错误：此处保存的 2026-02 属于考核方案 huadong_sales_2026，不是 "
                   "huadong_service_2026（每个方案的各期结果请分别保存：--store 请指定另一个文件或"
                   "数据库）")):
        done = run("score", other.name, "--data", months(tmp_path).name, "--period", "2026-02",
                   "--store", store, "--format", "csv", "-o", "out2.csv", "-q", "--lang", lang)
        assert (done.exit_code, done.output) == (1, said + "\n")
    listed = run("history", "--store", store, "--format", "csv")
    assert len(listed.output.splitlines()) == 4  # the header and the three months, as before
    assert not (tmp_path / "out2.csv").exists()


def test_a_store_of_the_first_tables_is_brought_up_to_date_and_read(
        store: str, tmp_path: Path) -> None:
    """A store kept before posts' and units' names were kept (its tables at version 1):
    history asks for a score to bring it up to date, which migrates it; its old periods
    show the ids, the new ones the names."""
    import sqlite3

    data, kept = months(tmp_path), scheme(tmp_path)
    assert keep(store, kept, data, "2026-01", "-q").exit_code == 0
    back = ["ALTER TABLE results DROP COLUMN post_label",
            "ALTER TABLE results DROP COLUMN unit_label",
            "DELETE FROM store_schema WHERE version = 2"]
    if store.startswith("postgresql"):
        import psycopg

        with psycopg.connect(store, autocommit=True) as connection:
            for statement in back:
                connection.execute(statement)  # type: ignore[arg-type]
    else:
        with sqlite3.connect(store) as connection:
            for statement in back:
                connection.execute(statement)
    older = run("history", "--store", store)
    assert (older.exit_code, older.output) == (1, (
        f"{'history.sqlite' if not store.startswith('postgresql') else store}: error: this "
        "store is older than this Appraise (its tables are at version 1; this Appraise's are "
        "at 2) (score a period with --store to bring it up to date)\n"))
    assert keep(store, kept, data, "2026-02", "-q").exit_code == 0
    january = run("history", "--store", store, "--period", "2026-01").output.splitlines()
    february = run("history", "--store", store, "--period", "2026-02").output.splitlines()
    assert [line for line in january if "SR01" in line] == [
        " 2/6     5/12  SR01    张伟    sales_rep            sales_dept         "
        "99.80   -5.00      94.80  B 良好      1.0  20,000.00"]
    assert [line for line in february if "SR01" in line] == [
        " 2/6     5/12  SR01    张伟    销售代表    销售部                   "
        "99.80   -5.00      94.80  B 良好      1.0  20,000.00"]

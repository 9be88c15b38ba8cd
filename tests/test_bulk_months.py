"""A file kept by month read a month and a column at a time is the file read row by row.

Random monthly files for a scheme with a unit whose head is scored on its members'
figures (a field the members' own cards lack), people who change posts and join during
the year, raters, a rating scale, fields with ranges and a text (备注), are read both
ways: every month's rows, figures to the bit, columns, the file's warnings and every error
must be the same, and so must the scoring of the quarter.
"""

from __future__ import annotations

import json
from typing import Any
from unittest.mock import patch

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_bulk_read import (
    CELLS,
    GOOD,
    NAMES,
    NEAR,
    NO_QUOTE,
    TEXTS,
    assert_alike,
    cell,
    rating,
)

import appraise.data.split as split
from appraise import AppraiseError, load_scheme, parse_period, read_monthly, score
from appraise.data import Monthly
from appraise.report import score_json

SCHEME = load_scheme("m.yaml", """appraise: 1
name: months
calendar: {year: 2026, targets_per: month}
grades:
  - {grade: A, min: 90, coefficient: 1.2}
  - {grade: B, coefficient: 1}
scales:
  level:
    levels: {A: {points: 100}, B: {points: 80}, C: {points: 60}, D: {points: 0}}
fields:
  revenue: {label: 销售额, aggregate: sum}
  visits: {label: 拜访, aggregate: sum, integer: true, min: 0}
  score: {aggregate: average, min: 0, max: 100}
  self_rating:
    label: 自评
    aggregate: average
    convert: {from: [0, 1], to: [0, 100]}
  teamwork:
    aggregate: average
    raters: {self: 10, manager: 60, peer: 30}
    drop_extremes: true
    convert: {from: [0, 10], to: [0, 100]}
    max: 5
  level: {type: rating, scale: level, aggregate: last}
  calls: {label: 电话, aggregate: sum}
  remark: {label: 备注, type: text}
indicators:
  rev: {formula: revenue, rule: {kind: ratio}, evidence: {note: remark}}
  vis: {formula: visits, rule: {kind: ratio}}
  sco: {formula: score, rule: {kind: formula, points: value}}
  selfr: {formula: self_rating, rule: {kind: formula, points: value}}
  team: {formula: teamwork, rule: {kind: formula, points: value}}
  lev: {formula: level, rule: {kind: rating, scale: level}}
  unit_calls: {scope: unit, formula: calls, rule: {kind: ratio}}
scorecards:
  rep:
    items:
      - {indicator: rev, weight: 30}
      - {indicator: vis, weight: 10}
      - {indicator: sco, weight: 10}
      - {indicator: selfr, weight: 10}
      - {indicator: team, weight: 20}
      - {indicator: lev, weight: 20}
  clerk: {items: [{indicator: rev, weight: 100}]}
  head:
    items:
      - {indicator: unit_calls, weight: 60, evidence: {basis: remark}}
      - {indicator: rev, weight: 40}
units:
  company: {head: boss}
posts:
  boss: {unit: company, scorecard: head, targets: {unit_calls: 100, rev: 800}}
  rep: {unit: company, scorecard: rep, targets: {rev: 1000, vis: 10}}
  clerk: {unit: company, scorecard: clerk, targets: {rev: 500}}
people:
  B1: {post: boss}
  SR01: {name: 张伟, post: rep}
  SR02:
    name: 李娜
    posts:
      - {post: clerk, until: 2026-01}
      - {post: rep, from: 2026-02}
  CL01:
    name: 王芳
    posts:
      - {post: clerk, from: 2026-02}
""".encode())

CARDS = {"rep": ["revenue", "visits", "score", "self_rating", "level"], "clerk": ["revenue"],
         "boss": ["revenue"]}
HELD = {"B1": "boss", "SR01": "rep", "SR02": "rep", "CL01": "clerk"}  # from February
MONTHS = ["2026-01", "2026-02", "2026-03"]
COLUMNS = ["id", "name", "post", "period", "revenue", "visits", "score", "self_rating",
           "teamwork@self", "teamwork@manager", "teamwork@peer1", "teamwork@peer2", "level",
           "calls", "remark"]


@st.composite
def month_files(draw: st.DrawFn) -> tuple[str, bytes]:
    """A file of three months' rows: the scheme's people and a few from the data only, a
    few cells or ids wrong, or many."""
    noise = draw(st.sampled_from([0, 0, 0, 0.01, 0.03, 0.3]))
    columns = [draw(st.sampled_from(["销售额", c])) if c == "revenue" else
               draw(st.sampled_from(["备注", c])) if c == "remark" else c for c in COLUMNS]
    if draw(st.integers(0, 4)) == 4:
        columns.remove(draw(st.sampled_from(columns[1:])))  # a column missing
    strangers = draw(st.lists(st.sampled_from(["P1", "P2", "P3", "SR03", "Ｐ6"]),
                              unique=True, max_size=4))
    rows = []
    for month in MONTHS:
        for person in draw(st.permutations([*HELD, *strangers])):
            if person == "CL01" and month == "2026-01":
                continue  # joins in February
            post = "clerk" if person == "SR02" and month == "2026-01" else \
                HELD.get(person) or draw(st.sampled_from(["rep", "clerk"]))
            row = {"id": person, "name": draw(st.sampled_from(NAMES)), "period": month,
                   "post": post if person not in HELD or draw(st.booleans()) else ""}
            for column in columns[1:]:
                near = noise and draw(st.integers(0, 14)) == 14
                field = "revenue" if column == "销售额" else column
                if column in ("remark", "备注"):
                    row[column] = draw(st.one_of(st.sampled_from(TEXTS), cell))
                elif column.startswith("teamwork@"):
                    row[column] = draw(st.sampled_from(NEAR["rating"])) if near else \
                        draw(rating) if post == "rep" else ""
                elif field == "calls":  # a member's figure for the unit (the head's too)
                    row[column] = draw(st.sampled_from(["", "3"])) if post == "boss" \
                        else draw(st.sampled_from(NEAR["calls"])) if near \
                        else draw(st.one_of(GOOD["calls"], st.just("")))
                elif field in GOOD:
                    row[column] = draw(st.sampled_from(NEAR[field])) if near else \
                        draw(GOOD[field]) if field in CARDS[post] else \
                        draw(st.sampled_from(["", "", "5"]))
            for column in columns:
                if draw(st.floats(0, 1)) > 1 - noise:
                    row[column] = draw(
                        st.sampled_from(["SR01", "sr01", "SRO1", "", "P1", "B1"])
                        if column == "id" else st.sampled_from(["rep", "clerk", "boss", "",
                                                                "ghost"])
                        if column == "post" else st.sampled_from(
                            ["2026-01", "2026-13", "2025-02", "", "2026-1", "2026-03"])
                        if column == "period" else st.sampled_from(CELLS) | cell)
            rows.append(row)
    if draw(st.integers(0, 4)) == 0:
        return "m.json", json.dumps([{c: r.get(c, "") for c in columns} for r in rows],
                                    ensure_ascii=False).encode()
    written = (lambda t: t.translate(NO_QUOTE)) if draw(st.booleans()) else _quoted
    text = "\n".join([",".join(columns)] + [  # with quotes, or none (Arrow splits those)
        ",".join(written(r.get(c, "")) for c in columns) for r in rows]) + "\n"
    return "m.csv", text.encode()


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if any(c in text for c in ',"\n\r') else text


def _read(name: str, content: bytes, reference: bool) -> Monthly | AppraiseError:
    try:
        return read_monthly(name, SCHEME, content, reference=reference)
    except AppraiseError as exc:
        return exc


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_months_read_in_columns_as_rows_do(data: st.DataObject) -> None:
    name, content = data.draw(month_files())
    block = data.draw(st.sampled_from([split.BLOCK, 1, 100]))
    arrow = data.draw(st.sampled_from([split.ARROW_FROM, 0]))  # split by Arrow, or not
    with patch.object(split, "BLOCK", block), patch.object(split, "BLOCK_ROWS", 2), \
            patch.object(split, "ARROW_FROM", arrow):
        bulk = _read(name, content, reference=False)
    rowwise = _read(name, content, reference=True)
    if isinstance(rowwise, AppraiseError):
        assert isinstance(bulk, AppraiseError)
        assert (bulk.diagnostics, bulk.warnings) == (rowwise.diagnostics, rowwise.warnings)
        return
    assert isinstance(bulk, Monthly)
    assert (bulk.file, bulk.fingerprint, bulk.warnings, list(bulk.months)) == \
        (rowwise.file, rowwise.fingerprint, rowwise.warnings, list(rowwise.months))
    for month, actuals in bulk.months.items():
        assert_alike(actuals, rowwise.months[month])
    scored: list[Any] = []
    for monthly in (bulk, rowwise):
        try:
            scored.append(score_json(score(SCHEME, monthly, parse_period("2026-Q1", 2026))))
        except AppraiseError as exc:
            scored.append([str(d) for d in exc.diagnostics])
        except ArithmeticError as exc:  # a figure near 1e308 scores past what rounds
            scored.append(repr(exc))
    assert scored[0] == scored[1]


def test_a_file_kept_by_month_without_an_id_column_is_said_once() -> None:
    content = "name,post,period,revenue\n张伟,rep,2026-01,5\n".encode()
    for reference in (False, True):
        found = _read("m.csv", content, reference)
        assert isinstance(found, AppraiseError)
        assert [str(d) for d in found.diagnostics] == [
            "m.csv:1:1: error: no person id column (name the first column 'id' (also "
            "accepted: person, person_id, 工号, 员工编号))"]


def test_people_known_only_from_the_data_are_counted_once_over_the_months() -> None:
    lines = ["id,post,period,revenue,calls"]  # and no remark: warned of, once
    for month in MONTHS:
        lines += [f"B1,boss,{month},5,", f"SR01,rep,{month},5,1"]
        lines += [f"SR02,{'clerk' if month == '2026-01' else 'rep'},{month},5,1"]
        lines += [f"CL01,clerk,{month},5,1"] if month != "2026-01" else []
        lines += [f"N{i:02d},clerk,{month},5,1" for i in range(12 if month != "2026-01" else 3)]
    content = "\n".join(lines).encode()
    found = [_read("m.csv", content, reference) for reference in (False, True)]
    assert [w.message for w in found[0].warnings] == [w.message for w in found[1].warnings]
    assert [w.message for w in found[0].warnings if w.path == ""] == [
        "12 people in the data are not in the scheme's people, and are scored on the posts "
        "their rows name; the first 10 are named one by one",
        "no column for the text field 'remark' (备注): the items that show it have no "
        "evidence"]

"""A plain period read a column at a time is the period read row by row, to the bit.

Random data files (CSV with a BOM, CRLF, quoted cells, blank rows; or JSON), with cells
aimed at the edges of reading (1e15, -0, 1,380,000, full-width digits, blanks, text, a
figure out of a field's range, a rating off its scale, a rater's bad rating) and ids
aimed at its rules (a scheme person, a twin of one, a near miss, a newcomer, an id twice,
no id), are read both ways: the rows, every figure's bits, the columns, the warnings and
every error (its file, row, column, path, message and hint) must be the same, and so
must what scoring makes of them.
"""

from __future__ import annotations

import json
import math
import struct
from itertools import compress
from typing import Any
from unittest.mock import patch

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import appraise.data.arrowcsv as arrowcsv
import appraise.data.identity as identity
import appraise.data.records as records
import appraise.data.split as split
import appraise.data.table as table
from appraise import AppraiseError, Scheme, load_scheme, read_actuals, score
from appraise.data import Actuals, Rows
from appraise.data import actuals as actuals_module
from appraise.report import score_json

SCHEME = """appraise: 1
name: reading
grades:
  - {grade: A, min: 90, coefficient: 1.2}
  - {grade: B, coefficient: 1}
scales:
  level:
    levels: {A: {points: 100}, B: {points: 80}, C: {points: 60}, D: {points: 0}}
fields:
  revenue: {label: 销售额}
  visits: {label: 拜访, integer: true, min: 0}
  score: {min: 0, max: 100}
  self_rating:
    label: 自评
    convert: {from: [0, 1], to: [0, 100]}
  teamwork:
    raters: {self: 10, manager: 60, peer: 30}
    drop_extremes: true
    convert: {from: [0, 10], to: [0, 100]}
    max: 5
  level: {type: rating, scale: level}
  calls: {label: 电话}
  remark: {label: 备注, type: text}
indicators:
  rev: {formula: revenue, rule: {kind: ratio}, evidence: {basis: remark}}
  vis: {formula: visits, rule: {kind: ratio}}
  sco: {formula: score, rule: {kind: formula, points: value}}
  selfr: {formula: self_rating, rule: {kind: formula, points: value}}
  team: {formula: teamwork, rule: {kind: formula, points: value}}
  lev: {formula: level, rule: {kind: rating, scale: level}}
  calls_i: {formula: calls, rule: {kind: ratio}}
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
  caller:
    items:
      - {indicator: calls_i, weight: 60, evidence: {note: remark}}
      - {indicator: rev, weight: 40}
units:
  company: {}
posts:
  rep: {unit: company, scorecard: rep, targets: {rev: 1000, vis: 10}}
  clerk: {unit: company, scorecard: clerk, targets: {rev: 500}}
  caller: {unit: company, scorecard: caller, targets: {calls_i: 100, rev: 800}}
"""
PEOPLE = """people:
  SR01: {name: 张伟, post: rep}
  SR02: {name: 李娜, post: rep}
  CL01: {name: 王芳, post: clerk}
  CA01: {post: caller}
"""
SCHEMES = {people: load_scheme("r.yaml", (SCHEME + (PEOPLE if people else "")).encode())
           for people in (False, True)}

COLUMNS = ["name", "post", "revenue", "销售额", "visits", "score", "self_rating", "自评",
           "teamwork@self", "teamwork@manager", "teamwork@peer1", "teamwork@peer2",
           "teamwork@peer3", "teamwork@peer4", "teamwork@peer5", "level", "calls", "note",
           "period", "remark", "备注"]
IDS = ["SR01", "SR02", "CL01", "CA01", "sr01", "SR1", "SRO1", "CLO1", "P1", "P2", "P3",
       "P04", "P4", "", " P5 ", "A\u200bB", "x" * 70, "Ｐ6"]
POSTS = ["rep", "clerk", "caller", "", "ghost", " rep", "Rep"]
NAMES = ["", "张伟", "Someone", " 李娜 "]
CELLS = ["0", "-0", "+7", "5", "3", "1", "4", "2.5", "0.5", "1.0", "100", "101", "-1",
         "1e15", "1E3", "1,380,000", "1,38,000", "１２３", "５", "٣", "", " ", " 5 ", "abc",
         "12%", "1_000", "inf", "NaN", "1e999", "1e-999", "0.1234567890123456",
         "123456789012345678", "999999999999999", "0.000000000000001", "A", "B", " C ",
         "E", "a", "2,5", "1.2.3", "--1", "5\n6", "\u200b5", "5元"]
PERIODS = ["2026-Q1", "2026-Q1", "2026-Q2", ""]

cell = st.one_of(st.sampled_from(CELLS), st.integers(-10, 2_000_000).map(str),
                 st.floats(allow_nan=False, allow_infinity=False).map(repr))
rating = st.one_of(st.sampled_from(["1", "2", "3", "4", "5", "4.5", " 3 ", "５", "2.0", "1.25",
                                    "3.7", "2.9"]), st.floats(0, 5).map(repr))
# Figures each field takes, as people write them (a few by the slow path: 1,380,000,
# padded, full-width, 1E3)
GOOD = {
    "revenue": st.one_of(st.integers(0, 10**15).map(str), st.sampled_from(
        ["-0", "0", "1e15", "1E3", "1,380,000", "１２３", " 42 ", "0.1", "2.675",
         "999999999999999.5", "-12.5", "0000000000000000001", "12345678901234567890",
         "٣٤", "-0,000", "1,000.5", "１,２３４", "12,345,678.901"]),
        st.floats(0, 1e12).map(repr), st.integers(0, 10**12).map("{:,}".format)),
    "visits": st.one_of(st.integers(0, 99).map(str), st.sampled_from(["3.0", "-0", "+2"])),
    "score": st.one_of(st.integers(0, 100).map(str), st.floats(0, 100).map(repr)),
    "self_rating": st.one_of(st.sampled_from(["0", "1", "0.5", "0.25", ".5", "1.0"]),
                             st.floats(0, 1).map(repr)),
    "level": st.sampled_from(["A", "B", "C", "D", " B "]),
}
# ... and figures each field refuses, the nearest way
NEAR = {"revenue": ["1e999", "1e-400", "12%", "1,2345", "", "1.2.3", "9" * 400,
                    "999" + ",999" * 110, "1,000,", " 1,000 ", "1,000.5.5"],
        "visits": ["2.5", "-1", "0.000000000000001", "1e400", "3.", "-0.5"],
        "score": ["101", "-0.5", "100.00000000000001", "1e2", "1,000", "0,100"],
        "self_rating": ["1.5", "-0.1", "1.0000000000000002", "2", "1,5"],
        "level": ["E", "a", "", "1"], "rating": ["-1", "6", "", "x", "5.5", "1e0", "1,5", "11"]}
GOOD["calls"] = GOOD["revenue"]
NEAR["calls"], NEAR["销售额"], NEAR["自评"] = NEAR["revenue"], NEAR["revenue"], NEAR["self_rating"]
GOOD["销售额"], GOOD["自评"] = GOOD["revenue"], GOOD["self_rating"]
USUAL = [c for c in COLUMNS if c not in ("销售额", "自评", "note", "period", "remark", "备注")]
# Texts (得分依据, 备注) as people write them, and as nobody should
TEXTS = ["", " ", "好", " 超额完成 ", "=1+1", "+86 138", "@sum", "a\nb", "a\r\nb", "\t缩进",
         "x" * 300, "\x1b[31m红", "；", "5", "-0", "A"]
CARDS = {"rep": ["revenue", "visits", "score", "self_rating", "level"], "clerk": ["revenue"],
         "caller": ["calls", "revenue"]}
IN_SCHEME = {"SR01": "rep", "SR02": "rep", "CL01": "clerk", "CA01": "caller"}


@st.composite
def data_files(draw: st.DrawFn, people: bool) -> tuple[str, bytes, str | None]:
    """A data file: its name, its bytes, and the period asked for. Most are right, or
    nearly: a few wrong cells or ids in rows that are otherwise fine."""
    head = draw(st.sampled_from(["id", "工号", "person"]))
    noise = draw(st.sampled_from([0, 0, 0.05, 0.05, 0.3, 1]))
    if noise == 1:  # any columns, any cells
        columns = [head, *draw(st.lists(st.sampled_from(COLUMNS), unique=True, max_size=12))]
    else:  # the usual columns, some by label, and perhaps a period and a note
        columns = [head, *[draw(st.sampled_from(["销售额", c])) if c == "revenue" else
                           draw(st.sampled_from(["自评", c])) if c == "self_rating" else c
                           for c in USUAL]]
        columns += draw(st.lists(st.sampled_from(
            ["note", "period", draw(st.sampled_from(["remark", "备注"]))]), unique=True))
    mixed = draw(st.booleans())  # rows of two periods, of which one is read
    if mixed and "period" not in columns:
        columns.append("period")
    ids = [*(IN_SCHEME if people else ()), *draw(st.lists(
        st.sampled_from(["P1", "P2", "P3", "P04", "SR03", "甲1", "Ｐ6", "Q"]), unique=True,
        max_size=6))]
    rows = []
    for person_id in draw(st.permutations(ids)):
        post = IN_SCHEME.get(person_id) or draw(st.sampled_from(list(CARDS)))
        row = {head: person_id, "post": post if person_id not in IN_SCHEME
               or draw(st.booleans()) else "", "name": draw(st.sampled_from(NAMES)),
               "period": draw(st.sampled_from(["2026-Q1", "2026-Q2"])) if mixed else "2026-Q1",
               "note": draw(cell), "remark": draw(st.one_of(st.sampled_from(TEXTS), cell))}
        row["备注"] = row["remark"]
        for column in columns[1:]:
            near = noise and draw(st.integers(0, 14)) == 14  # a figure just wrong
            if column.startswith("teamwork@"):  # a peer may not rate; the others do
                row[column] = draw(st.sampled_from(NEAR["rating"])) if near else \
                    draw(rating) if post == "rep" and (
                        not column.endswith(("3", "4", "5")) or draw(st.booleans())) else ""
            elif column in GOOD:
                row[column] = draw(st.sampled_from(NEAR[column])) if near else \
                    draw(GOOD[column]) if column in CARDS[post] or column in \
                    ("销售额", "自评") else draw(st.sampled_from(["", "", "5", "x"]))
        for column in columns:  # the noise: any id, post, name, period or cell
            if draw(st.floats(0, 1)) > 1 - noise:
                row[column] = draw(st.sampled_from(IDS) if column == head else
                                   st.sampled_from(POSTS) if column == "post" else
                                   st.sampled_from(NAMES) if column == "name" else
                                   st.sampled_from(PERIODS) if column == "period" else cell)
        rows.append(row)
    period = draw(st.sampled_from(["2026-Q1", " 2026-Q2 "] if mixed else
                                  [None, None, None, "2026-Q1", " 2026-Q1", " 2026-Q2 "]))
    if draw(st.integers(0, 4)) == 0:
        return "d.json", _json(draw, columns, rows, noise), period
    return "d.csv", _csv(draw, columns, rows, noise), period


NO_QUOTE = str.maketrans({",": ";", '"': "'", "\n": " ", "\r": " "})


def _csv(draw: st.DrawFn, columns: list[str], rows: list[dict[str, str]],
         noise: float) -> bytes:
    quoting = draw(st.sampled_from(["none", "some", "all", "never"]))

    def line(cells: list[str]) -> str:
        out = []
        for text in cells:
            if quoting == "never":  # a file without quotes (that Arrow splits, if large)
                text = text.translate(NO_QUOTE)
            quoted = quoting == "all" or (quoting == "some" and draw(st.booleans())) \
                or any(c in text for c in ',"\n\r')
            out.append('"' + text.replace('"', '""') + '"' if quoted else text)
        return ",".join(out)

    lines = [line(columns)]
    for row in rows:
        cells = [row.get(c, "") for c in columns]
        shape = draw(st.integers(0, 30 if noise else 3000))
        if shape == 27:
            lines.append("")  # a blank line
        elif shape == 28:
            lines.append("," * (len(columns) - 1))  # a row of blank cells
        elif shape == 29:
            cells = cells[:-1]  # a cell short
        elif shape == 30:
            cells = [*cells, "x"]  # a cell over
        lines.append(line(cells))
    end = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = end.join(lines) + draw(st.sampled_from(["", end, end + end]))
    bom = b"\xef\xbb\xbf" if draw(st.booleans()) else b""
    return bom + text.encode("utf-8")


def _json(draw: st.DrawFn, columns: list[str], rows: list[dict[str, str]],
          noise: float) -> bytes:
    people: list[dict[str, Any]] = []
    for row in rows:
        record: dict[str, Any] = {}
        for column in columns:
            text = row.get(column, "")
            if noise and draw(st.integers(0, 9)) == 9:
                continue  # a key the record lacks
            try:  # a number as JSON writes it, or the text
                record[column] = json.loads(text) if draw(st.booleans()) else text
            except ValueError:
                record[column] = text
        people.append(record)
    return json.dumps(people, ensure_ascii=False).encode("utf-8")


def _read(scheme: Scheme, name: str, content: bytes, period: str | None,
          reference: bool) -> Actuals | AppraiseError:
    try:
        return read_actuals(name, scheme, period, content, reference=reference)
    except AppraiseError as exc:
        return exc


def _bits(value: object) -> object:
    return struct.pack("<d", value) if isinstance(value, float) else value


def assert_alike(bulk: Actuals | AppraiseError, rowwise: Actuals | AppraiseError,
                 kept: type = Rows) -> None:
    """The same errors and warnings, or the same rows (kept as columns, ``kept``) and
    columns to the bit."""
    if isinstance(rowwise, AppraiseError):
        assert isinstance(bulk, AppraiseError)
        assert (bulk.diagnostics, bulk.warnings) == (rowwise.diagnostics, rowwise.warnings)
        return
    assert isinstance(bulk, Actuals)
    assert (bulk.file, bulk.fingerprint, bulk.period, bulk.warnings, bulk.index) == \
        (rowwise.file, rowwise.fingerprint, rowwise.period, rowwise.warnings, rowwise.index)
    assert isinstance(bulk.rows, kept) and len(bulk.rows) == len(rowwise.rows)
    for mine, theirs in zip(bulk.rows, rowwise.rows, strict=True):
        assert mine == theirs
        assert {k: _bits(v) for k, v in mine.values.items()} == \
            {k: _bits(v) for k, v in theirs.values.items()}
    assert bulk.columns.keys() == rowwise.columns.keys()
    for name, column in bulk.columns.items():
        assert column.dtype == np.float64 and column.tobytes() == rowwise.columns[name].tobytes()
    assert bulk.ratings.keys() == rowwise.ratings.keys()
    for name, levels in bulk.ratings.items():
        assert levels.tolist() == rowwise.ratings[name].tolist()


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), st.booleans())
def test_columns_read_as_rows_do(data: st.DataObject, people: bool) -> None:
    name, content, period = data.draw(data_files(people))
    scheme = SCHEMES[people]
    # blocks as small as a line or a row, or the file in one
    block = data.draw(st.sampled_from([split.BLOCK, 1, 40, 200]))
    rows = data.draw(st.sampled_from([split.BLOCK_ROWS, 1, 3]))
    arrow = data.draw(st.sampled_from([split.ARROW_FROM, 0]))  # split by Arrow, or not
    with patch.object(split, "BLOCK", block), patch.object(split, "BLOCK_ROWS", rows), \
            patch.object(split, "ARROW_FROM", arrow):
        bulk = _read(scheme, name, content, period, reference=False)
    rowwise = _read(scheme, name, content, period, reference=True)
    assert_alike(bulk, rowwise)
    if isinstance(bulk, Actuals) and isinstance(rowwise, Actuals):
        scored = []
        for actuals in (bulk, rowwise):
            try:
                scored.append(score_json(score(scheme, actuals)))
            except AppraiseError as exc:
                scored.append("\n".join(map(str, exc.diagnostics)))
            except ArithmeticError as exc:  # a figure near 1e308 scores past what rounds
                scored.append(repr(exc))
        assert scored[0] == scored[1]


@pytest.mark.parametrize("arrow", [False, True])
@pytest.mark.parametrize("text", ["0", "-0", "1e15", "999999999999999", "0.1", "2.675",
                                  "1,380,000", "１２３", "0.000000000000001", "+7",
                                  "123456789012345.123456789012345", "9999999999999999"])
def test_a_number_is_float_of_its_text_either_way(text: str, arrow: bool,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[object] = []
    if arrow:  # Arrow splits a file without quotes
        monkeypatch.setattr(split, "ARROW_FROM", 0)
        monkeypatch.setattr(arrowcsv, "arrow_file", lambda *a, f=arrowcsv.arrow_file: (
            made.append(f(*a)) or made[-1]))
    first = text.replace(",", "") if arrow else f'"{text}"'
    content = f"id,post,revenue\nP1,clerk,{first}\nP2,clerk,{text.replace(',', '')}\n"
    scheme = SCHEMES[False]
    bulk = read_actuals("d.csv", scheme, content=content.encode())
    assert [t is not None for t in made] == ([True] if arrow else [])
    rowwise = read_actuals("d.csv", scheme, content=content.encode(), reference=True)
    assert_alike(bulk, rowwise)
    expected = float(text.replace(",", "")) if "," in text else float(text)
    assert struct.pack("<d", bulk.columns["revenue"][0]) == struct.pack("<d", expected)
    assert not math.isnan(bulk.columns["revenue"][1])


def test_a_clean_file_is_read_and_scored_with_no_record_or_row_per_person(
        monkeypatch: pytest.MonkeyPatch) -> None:
    made = {"records": 0, "rows": 0, "kept rows": 0}

    def counted(cls: type, method: str, key: str) -> None:
        original = getattr(cls, method)

        def wrapped(self: object, *args: Any, **kwargs: Any) -> Any:
            made[key] += 1
            return original(self, *args, **kwargs)

        monkeypatch.setattr(cls, method, wrapped)

    counted(records.Record, "__init__", "records")
    counted(actuals_module.Row, "__init__", "rows")
    counted(actuals_module.Rows, "__getitem__", "kept rows")
    lines = ["id,name,post,revenue,visits,score,self_rating,teamwork@self,teamwork@manager,"
             "teamwork@peer1,teamwork@peer2,level"]
    lines += [f"P{i},人{i},rep,{1000 + i},{i % 20},{i % 100}.5,0.{i % 10},{1 + i % 5},"
              f"{1 + (i * 7) % 5},{1 + (i * 3) % 5},4,{'ABCD'[i % 4]}" for i in range(1000)]
    actuals = read_actuals("d.csv", SCHEMES[False], content="\n".join(lines).encode())
    result = score(SCHEMES[False], actuals)
    assert (made, len(actuals.rows), len(result.people)) == \
        ({"records": 0, "rows": 0, "kept rows": 0}, 1000, 1000)
    assert actuals.rows[999].values["teamwork"] == \
        read_actuals("d.csv", SCHEMES[False], content="\n".join(lines).encode(),
                     reference=True).rows[999].values["teamwork"]


@pytest.mark.parametrize("reference", [False, True])
def test_a_json_record_without_the_period_others_give_is_a_blank_period(
        reference: bool) -> None:
    content = json.dumps([{"id": "P1", "post": "clerk", "revenue": 5, "period": "2026-Q1"},
                          {"id": "P2", "post": "clerk", "revenue": 6}]).encode()
    with pytest.raises(AppraiseError) as caught:
        read_actuals("d.json", SCHEMES[False], content=content, reference=reference)
    assert [str(d) for d in caught.value.diagnostics] == [
        "d.json: error: the data holds several periods (, 2026-Q1) (choose one with "
        "--period)"]
    chosen = read_actuals("d.json", SCHEMES[False], "2026-Q1", content, reference=reference)
    assert [row.person for row in chosen.rows] == ["P1"]


@pytest.mark.parametrize("content", [
    b"id,post,revenue\nP1,clerk," + b"9" * 200_000 + b"\n",  # a cell past the CSV limit
    b"id,post,revenue\nP1,clerk,\"5\nP2,clerk,6\n",  # a quote never closed
    b"id,id,revenue\nP1,clerk,\"5\n",  # a header in error, and a quote never closed
    b"id,id,revenue\nP1,clerk,5\n",  # a header in error
    b"\n\nid,post,revenue\nP1,clerk,5\n",  # blank lines before the header
    b"id,post,revenue\n",  # a header alone
    b"\xef\xbb\xbfid,post,revenue\r\rP1,clerk,5\r,,\r\r",  # BOM, CR line ends, blank rows
    b"id,post,revenue\nP1,clerk,5\nP2,clerk\nP3,clerk,6,7\n\n",  # rows short and long
    b"id,,revenue,\nP1,x,5,y\n",  # columns without a name
    b'id,post,revenue\n"P1","clerk","1,380,000"\n"P2",clerk,"5\n6"\n',  # a cell over lines
    b"revenue,id,post\n\xef\xbb\xbf5,P1,clerk\nx,P2,clerk\n",  # U+FEFF starts a row
    b'id,post,revenue\nP1,clerk,"0,000.' + b"0" * 400 + b'1"\n',  # grouped, near zero
    b'id,post,revenue\nP1,clerk,"1,000.' + b"5" * 20 + b'"\n',  # grouped, 20 decimals
    b"id,post,revenue," + b"x" * 200_000 + b"\nP1,clerk,5,\n",  # a name past the limit
])
def test_odd_files_are_read_alike(content: bytes) -> None:
    for block, arrow in ((split.BLOCK, split.ARROW_FROM), (8, split.ARROW_FROM), (8, 0)):
        with patch.object(split, "BLOCK", block), patch.object(split, "BLOCK_ROWS", 1), \
                patch.object(split, "ARROW_FROM", arrow):
            assert_alike(_read(SCHEMES[False], "d.csv", content, None, reference=False),
                         _read(SCHEMES[False], "d.csv", content, None, reference=True))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(
    st.text(alphabet="0 Ab1-_.z9", max_size=8),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=6),
    st.sampled_from(["SR01", "sr001", "SR1", "0001", "000", "0A", "S R 0 1", "SR0a01", "",
                     "Ｓｒ０１", "sr\u200b01", "a\tb", "x\ny", "10-010"])), max_size=12))
def test_ids_are_normalised_all_at_once_as_one_by_one(ids: list[str]) -> None:
    """A near miss is looked for in every stranger's id at once, as in each one's."""
    assert identity._all_normalised(ids) == [identity._normalised(i) for i in ids]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(
    st.from_regex(r"[-+]?[0-9]{1,15}(\.[0-9]{1,15})?", fullmatch=True),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["", "0.1", "-0", "2.675", "999999999999999.999999999999999",
                     "9007199254740.993", "4503599627370.4975", "1e5", "５", " 5", "1.", "x"])),
    min_size=1, max_size=40))
def test_arrow_reads_each_number_into_the_double_float_gives(texts: list[str]) -> None:
    """Arrow parses the plain ASCII numbers, Python the rest: to the bit as float does."""
    values, fine, kept = arrowcsv._numbers(pa.chunked_array([texts], pa.string()),
                                           lambda v: np.zeros(len(v), dtype=bool))
    alone, _ = table.plain_numbers(texts)
    assert fine.tolist() == alone.tolist() or all(  # a column of digits: fine either way
        t.isdecimal() for t, a, b in zip(texts, fine, alone, strict=True) if a != b)
    assert [_bits(float(v)) for v in values[fine]] == \
        [_bits(float(t.replace(",", ""))) for t in compress(texts, fine)]
    assert kept == {k: t for k, t in enumerate(texts) if t and not fine[k]}


@pytest.mark.parametrize("bad", [b"\xed\xa0\x80", b"\xc0\xaf", b"\xe4\xb8", b"\xff",
                                 b"\xf4\x90\x80\x80"])
@pytest.mark.parametrize("where", ["header", "cell", "last"])
def test_bytes_that_are_not_utf8_are_said_alike_by_arrow(
        bad: bytes, where: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A surrogate, an overlong form, a cut sequence, a byte never in UTF-8, past U+10FFFF."""
    rows = [b"P%d,clerk,%d" % (i, i) for i in range(50)]
    head = b"id,post,revenue" + (bad if where == "header" else b"")
    rows[10 if where == "cell" else 49] += bad if where != "header" else b""
    content = b"\n".join([head, *rows]) + b"\n"
    expected = _read(SCHEMES[False], "d.csv", content, None, reference=True)
    assert isinstance(expected, AppraiseError)
    monkeypatch.setattr(split, "ARROW_FROM", 0)
    assert_alike(_read(SCHEMES[False], "d.csv", content, None, reference=False), expected)


def test_units_figures_are_read_in_columns_as_rows_do() -> None:
    """A month of a scheme with unit figures, read as one period: the columns' reader reads
    the units' figures too (it once handed such a scheme to the row-by-row reader)."""
    scheme = load_scheme("tests/schemes/cascade/small.yaml")
    with open("tests/schemes/cascade/small-2026Q1.csv", "rb") as data:
        content = data.read()
    assert any(scheme.unit_fields_for(p) for p in scheme.posts.values())
    bulk = _read(scheme, "d.csv", content, "2026-01", reference=False)
    assert isinstance(bulk, Actuals) and isinstance(bulk.rows, Rows)
    assert_alike(bulk, _read(scheme, "d.csv", content, "2026-01", reference=True))

"""Entries that certainly fit the schema skip the validator, and nothing a person reads changes.

A scheme of a large company is tens of thousands of people entries; the JSON Schema
validator walks only those a quick exact test cannot vouch for. These tests hold the
quick test to never vouching for an entry the validator would fault, and a scheme with
broken entries strewn at random to the very diagnostics (text, line, column, order) that
walking every entry through the validator gives.
"""

from __future__ import annotations

import random
from decimal import Decimal
from functools import partial
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import appraise.build.scheme as scheme_module
from appraise import validate_scheme
from appraise.load import check_schema, load_yaml, scheme_schema
from appraise.load.fits import fits
from appraise.load.schema import _doubtful, _inline, _inlined, _sections

SCHEMA = _inlined()
DEFS = {name: _inline(sub, scheme_schema()["$defs"]) for name, sub in
        scheme_schema()["$defs"].items()}
ENTRIES = {name: SCHEMA["properties"][name]["additionalProperties"]
           for name in ("people", "posts", "units", "pools")}


def test_the_sections_of_named_entries_are_shown_to_the_validator_entry_by_entry() -> None:
    # fields, indicators and scorecards need at least one entry: the validator sees them whole
    assert sorted(_sections()) == ["awards", "cascade", "people", "pools", "posts", "records",
                                   "scales", "subjects", "units"]


def test_plain_entries_of_the_large_sections_are_vouched_for() -> None:
    person, post, unit = (fits(ENTRIES[n]) for n in ("people", "posts", "units"))
    assert person({"post": "sales_rep"})
    assert person({"name": "张伟", "post": "销售", "bonus_base": 0,
                   "targets": {"revenue": 1200000, "new": {"base": Decimal("1.5"),
                                                           "stretch": 2, "per": "month"}}})
    assert person({"posts": [{"post": "a", "until": "2026-06"}, {"post": "b",
                                                                   "from": "2026-07"}]})
    assert person({})  # no post is the builder's message, not the schema's
    assert post({"unit": "sales", "scorecard": "rep", "label": "销售代表",
                 "targets": {"x": 5}, "bonus_base": 30000})
    assert unit({"kind": "team", "parent": "hq", "head": "lead", "label": "一组"})
    assert fits(ENTRIES["pools"])(Decimal("48000.50"))


@pytest.mark.parametrize("entry", [
    {"post": 5}, {"post": ["r1"]}, {"post": "1r"}, {"post": "r 1"}, {"post": ""},
    {"pots": "r1"}, {"post": "r1", "name\u3000": "x"}, {"name": 12}, None, "r1", ["r1"],
    {"posts": []}, {"posts": [{"post": "r1", "from": "2026-13"}]},
    {"posts": [{"post": "r1", "from": 202601}]}, {"posts": [{"from": "2026-02"}]},
    {"posts": [{"post": "r1", "util": "2026-03"}]}, {"posts": {"post": "r1"}},
    {"post": "r1", "targets": {"sales": True}}, {"post": "r1", "targets": {"1x": 5}},
    {"post": "r1", "targets": {"s": {"base": 1, "strech": 2}}},
    {"post": "r1", "targets": {"s": {"stretch": 5}}},
    {"post": "r1", "targets": {"s": {"base": 5, "per": "week"}}},
    {"post": "r1", "targets": [5]}, {"post": "r1", "bonus_base": -5},
    {"post": "r1", "bonus_base": True}, {"post": "r1", "bonus_base": "5"},
])
def test_a_broken_person_is_left_to_the_validator(entry: Any) -> None:
    assert not fits(ENTRIES["people"])(entry)
    assert not Draft202012Validator(ENTRIES["people"]).is_valid(entry)


TEXTS = ["r1", "销售", "_x", "sales_rep", "1x", "a b", " X", "", "X\n", "2026-03", "2026-13",
         "2026-3", "month", "week", "period", "company", "division", "team", "x" * 65,
         "CNY", "abc", "true"]
KEYS = ["post", "posts", "name", "targets", "bonus_base", "from", "until", "base", "stretch",
        "per", "unit", "scorecard", "label", "description", "kind", "parent", "head", "pots",
        "name\u3000", "1x", "sales", " X"]
LEAVES = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from([10**6, 2026, 202601]),
    st.sampled_from([Decimal("1.5"), Decimal("-0.5"), Decimal("0.0"), Decimal("1E+2")]),
    st.sampled_from(TEXTS))
VALUES = st.recursive(LEAVES, lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)), max_leaves=12)


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_the_quick_test_never_vouches_for_what_the_validator_faults(value: Any) -> None:
    for name, schema in [*DEFS.items(), *ENTRIES.items()]:
        valid = Draft202012Validator(schema).is_valid(value)
        if name in ENTRIES or name in ("person", "post", "unit", "targets", "target", "month"):
            assert fits(schema)(value) == valid, name  # exact, so that it saves the time
        else:
            assert valid or not fits(schema)(value), name


KEYWORDS = [  # every keyword the quick test reads, alone and together
    {"type": "integer", "minimum": 0}, {"type": ["number", "null"], "exclusiveMinimum": 0,
                                        "exclusiveMaximum": 10, "maximum": 9.5},
    {"type": "string", "minLength": 1, "maxLength": 3, "pattern": "^[a-z]"}, {"maxLength": 2},
    {"enum": ["a", "r1", "month"]}, {"enum": ["a", 1]}, {"const": "r1"}, {"const": 1},
    {"type": "array", "items": {"type": "string"}, "minItems": 1, "maxItems": 2},
    {"items": {"type": "integer"}}, {"type": "array", "items": False}, {"type": "boolean"},
    {"properties": {"post": {"type": "string"}, "name": False}, "required": ["post"]},
    {"type": "object", "propertyNames": {"pattern": "^[a-z]+$"},
     "additionalProperties": {"type": "integer"}},
    {"type": "object", "additionalProperties": False, "minProperties": 1}, {"type": "null"},
    {"not": {}}, {"type": "object", "properties": {"a": True}}, True, False, {},
]


@settings(max_examples=300, deadline=None)
@given(st.recursive(LEAVES | st.sampled_from([1.0, 2.5, -0.0, 10.0]), lambda inner: st.one_of(
    st.lists(inner, max_size=3),
    st.dictionaries(st.sampled_from(KEYS), inner, max_size=3)), max_leaves=8))
def test_each_keyword_is_read_as_the_validator_reads_it(value: Any) -> None:
    for schema in KEYWORDS:
        valid = Draft202012Validator(schema).is_valid(value)
        assert valid or not fits(schema)(value), schema
        if not isinstance(schema, dict) or not {"not", "minProperties", "enum", "const"} \
                & set(schema) or schema in ({"enum": ["a", "r1", "month"]}, {"const": "r1"}):
            assert fits(schema)(value) == valid, schema


HEAD = """\
appraise: 1
name: many
calendar: {year: 2026, targets_per: month}
grades:
  - {grade: A, min: 90, coefficient: 1.2}
  - {grade: B, coefficient: 1}
fields:
  revenue: {aggregate: sum}
  visits: {aggregate: sum}
indicators:
  sales:
    formula: revenue
    rule: {kind: ratio}
  calls:
    formula: visits
    rule: {kind: ratio}
    target: 10
scorecards:
  rep:
    items:
      - {indicator: sales, weight: 60}
      - {indicator: calls, weight: 40}
"""

BROKEN_PEOPLE = [
    "{post: 5}", "{post: [r1]}", "{name: 12, post: r1}", "~", "r1", "[r1]",
    "{post: r1, pots: x}", "{post: r1, \"name\u3000\": 张三}", "{post: r1, Post: r2}",
    "{post: 1r}", "{post: \"r 1\"}", "{post: \"\"}", "{name: 张三}",
    "{post: r1, posts: [{post: r2}]}", "{posts: [{post: r1, from: 2026-13}]}",
    "{posts: [{post: r1, from: 202601}]}", "{posts: []}", "{posts: [{from: 2026-02}]}",
    "{posts: [{post: r1, util: 2026-03}]}", "{posts: [{post: r1, from: 2025-03}]}",
    "{posts: {post: r1}}", "{post: r1, targets: {sales: abc}}",
    "{post: r1, targets: {sales: {base: 1, strech: 2}}}", "{post: r1, targets: {1x: 5}}",
    "{post: r1, targets: {sales: {stretch: 5}}}",
    "{post: r1, targets: {sales: {base: 5, per: week}}}", "{post: r1, targets: [5]}",
    "{post: r1, targets: {nope: 5}}", "{post: r1, bonus_base: -5}",
    "{post: r1, bonus_base: abc}", "{post: r1, bonus_base: true}",
    "{post: r1, bonus_base: \"5\"}", "{post: r99999}", "{post: r1, targets: {sales: 0}}",
]
BROKEN_POSTS = [
    "{unit: t0}", "{unit: 5, scorecard: rep}", "{unit: t0, scorecard: rep, bonus_base: -1}",
    "{unit: t0, scorecard: rep, lable: x}", "{unit: t0, scorecard: rep, targets: {sales: x}}",
    "{unit: nowhere, scorecard: rep}", "{unit: t0, scorecard: card}", "~",
]
BROKEN_UNITS = ["{kind: division, parent: hq}", "{parent: 5}", "{kind: team, parent: hq, hed: x}",
                "{kind: team, parent: hq, label: 5}", "team"]
BROKEN_NAMES = ["\" X{i}\"", "\"{long}\"", "\"P {i}\"", "\"\\tP{i}\"", "\"P{i}\\n\""]


def company(rng: random.Random, people: int, broken: float) -> str:
    """A company kept by month with ``people`` people and, at random, broken entries."""
    teams = max(1, people // 25)
    units = ["units:", "  hq: {kind: company, head: boss}"]
    posts = ["posts:", "  boss: {unit: hq, scorecard: rep, targets: {sales: 1000}}"]
    staff = ["people:", "  B: {post: boss, name: 老板}"]
    for t in range(teams):
        units.append(f"  t{t}: " + (rng.choice(BROKEN_UNITS) if rng.random() < broken else
                                     f"{{kind: team, parent: hq, label: 组{t}}}"))
        posts.append(f"  r{t}: " + (rng.choice(BROKEN_POSTS) if rng.random() < broken else
                                     f"{{unit: t{t}, scorecard: rep, targets: {{sales: "
                                     f"{{base: {100 + t}, stretch: {120 + t}}}}}}}"))
    surely = rng.randrange(people) if broken else -1  # at least one broken person
    for i in range(people):
        name = f"P{i}"
        if rng.random() < broken / 4:
            name = rng.choice(BROKEN_NAMES).format(i=i, long="L" * 60 + str(i))
        if rng.random() < broken or i == surely:
            staff.append(f"  {name}: {rng.choice(BROKEN_PEOPLE)}")
            continue
        a, b = rng.randrange(teams), rng.randrange(teams)
        entry = rng.choice([
            f"{{post: r{a}}}", f"{{name: 员工{i}, post: r{a}, bonus_base: {rng.randrange(9)}}}",
            f"{{posts: [{{post: r{a}, until: 2026-05}}, {{post: r{b}, from: 2026-06}}]}}",
            f"{{post: r{a}, targets: {{sales: {rng.randrange(50, 150)}}}}}"])
        staff.append(f"  {name}: {entry}")
    if rng.random() < broken / 2:  # a whole section the wrong shape
        staff = ["people: [P1, P2]"]
    return HEAD + "\n".join([*units, *posts, *staff]) + "\n"


def _plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scheme_module, "check_schema", partial(check_schema, every_entry=True))


def test_a_clean_company_leaves_the_validator_only_what_is_not_entries() -> None:
    text = company(random.Random(1), 400, 0)
    doc = load_yaml("many.yaml", text.encode("utf-8"))
    cut = _doubtful(doc.data)
    assert (cut["people"], cut["posts"], cut["units"]) == ({}, {}, {})
    assert len(doc.data["people"]) == 401  # the document itself is left whole
    assert [str(d) for d in validate_scheme("many.yaml", text.encode("utf-8")).diagnostics] \
        == []


@pytest.mark.parametrize("seed", range(24))
def test_broken_entries_anywhere_get_the_messages_of_the_whole_validator(
        seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(seed)
    text = company(rng, rng.choice([60, 300, 900]), rng.choice([0.01, 0.05, 0.3]))
    content = text.encode("utf-8")
    doc = load_yaml("many.yaml", content)
    quick, quick_paths = check_schema(doc)
    whole, whole_paths = check_schema(doc, every_entry=True)
    assert sorted(quick) == sorted(whole)
    assert quick_paths == whole_paths
    seen = validate_scheme("many.yaml", content).diagnostics
    assert any(d.path.startswith("people") for d in seen)  # the broken person at least
    _plain(monkeypatch)
    assert seen == validate_scheme("many.yaml", content).diagnostics


def test_a_broken_person_among_many_is_named_where_it_is_written() -> None:
    people = "\n".join(f"  P{i}: {{post: r0}}" for i in range(2000))
    text = (HEAD + "units:\n  hq: {kind: company}\n  t0: {kind: team, parent: hq}\n"
            "posts:\n  r0: {unit: t0, scorecard: rep, targets: {sales: 100}}\npeople:\n"
            + people.replace("P1234: {post: r0}", "P1234: {post: r0, pots: r1}")
            .replace("P1500: {post: r0}", "P1500: {post: 15}") + "\n")
    assert [str(d) for d in validate_scheme("many.yaml", text.encode("utf-8")).diagnostics] \
        == ["many.yaml:1263:21: error: people.P1234.pots: unknown key 'pots' "
            "(did you mean 'posts'?)",
            "many.yaml:1529:17: error: people.P1500.post: expected text, found the number 15"]

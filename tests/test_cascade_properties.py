"""Laws of the cascade on random organisations: nothing lost, nothing invented."""

from __future__ import annotations

from fractions import Fraction
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from appraise import load_scheme

HEAD = """\
appraise: 1
name: random_cascade
calendar: {year: 2026}
grades:
  - {grade: A, min: 90, coefficient: 1}
  - {grade: B, coefficient: 0}
fields:
  revenue: {}
indicators:
  rev: {formula: revenue, rule: {kind: threshold, at_least: 1, per: month}}  # a share may be 0
  unit_rev: {scope: unit, formula: revenue, rule: {kind: ratio}}
scorecards:
  rep: {items: [{indicator: rev, weight: 100}]}
  head: {items: [{indicator: unit_rev, weight: 100}]}
"""


def shares(draw: st.DrawFn, count: int) -> list[int]:
    """``count`` whole percentages, each at least 1, adding up to 100."""
    cuts = sorted(draw(st.lists(st.integers(1, 99), min_size=count - 1, max_size=count - 1,
                                unique=True)))
    edges = [0, *cuts, 100]
    return [b - a for a, b in pairwise(edges)]


@st.composite
def organisations(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A scheme's text: company, centres, departments, salespeople; and its unit ids."""
    units = ["  company: {head: gm}"]
    posts = ["  gm: {unit: company, scorecard: head}"]
    people = ["  GM: {post: gm}"]
    splits: list[str] = []
    ids = ["company"]
    centres = draw(st.integers(1, 3))
    if centres > 1 and draw(st.booleans()):
        parts = ", ".join(f"c{c}: {s}" for c, s in enumerate(shares(draw, centres)))
        splits.append(f"      company: {{shares: {{{parts}}}}}")
    for c in range(centres):
        units.append(f"  c{c}: {{parent: company, head: h{c}}}")
        posts.append(f"  h{c}: {{unit: c{c}, scorecard: head}}")
        people.append(f"  H{c}: {{post: h{c}}}")
        ids.append(f"c{c}")
        for d in range(draw(st.integers(1, 3))):
            unit = f"c{c}d{d}"
            ids.append(unit)
            units.append(f"  {unit}: {{parent: c{c}, head: m{unit}}}")
            posts += [f"  m{unit}: {{unit: {unit}, scorecard: head}}",
                      f"  r{unit}: {{unit: {unit}, scorecard: rep}}"]
            people.append(f"  M{unit}: {{post: m{unit}}}")
            reps = draw(st.integers(1, 5))
            by_shares = reps > 1 and draw(st.booleans())
            for r in range(reps):
                start = 1 if by_shares or r == 0 else draw(st.integers(1, 12))
                when = f"posts: [{{post: r{unit}, from: 2026-{start:02d}}}]" if start > 1 \
                    else f"post: r{unit}"
                people.append(f"  R{unit}x{r}: {{{when}}}")
            if by_shares:
                parts = ", ".join(f"R{unit}x{r}: {s}" for r, s in enumerate(shares(draw, reps)))
                splits.append(f"      {unit}: {{shares: {{{parts}}}}}")
    weights = draw(st.lists(st.integers(0, 20), min_size=12, max_size=12))
    weights[draw(st.integers(0, 11))] += 100 - sum(weights) if sum(weights) <= 100 else 0
    if sum(weights) != 100:
        weights = [25, 0, 0, 25, 0, 0, 25, 0, 0, 25, 0, 0]
    target = draw(st.integers(1, 10**9))
    cascade = ["cascade:", "  revenue:", "    indicators: [rev, unit_rev]",
               f"    target: {target}", f"    phasing: {{months: {weights}}}",
               "    split:" if splits else "", *splits]
    text = "\n".join([HEAD, "units:", *units, "posts:", *posts, "people:", *people,
                      *cascade]) + "\n"
    return text, ids


@settings(max_examples=60, deadline=None)
@given(organisations())
def test_every_month_of_every_unit_goes_to_its_children_exactly(
        organisation: tuple[str, list[str]]) -> None:
    text, ids = organisation
    scheme = load_scheme("random.yaml", text.encode("utf-8"))
    allocation = scheme.allocations["revenue"]
    assert allocation.problems == []
    cascade = scheme.cascades["revenue"]
    assert allocation.unit_target("company", range(1, 13)) == cascade.target
    for unit in ids:
        node = allocation.unit(unit)
        assert node is not None
        for month in range(1, 13):
            assert allocation.children_target(node, (month,)) == node.target((month,))
    people = [n for n in allocation.nodes.values() if n.kind == "person"]
    assert sum((n.target(range(1, 13)) for n in people), Fraction(0)) == cascade.target
    assert all(value >= 0 for n in people for value in n.months)
    assert all(n.months[m - 1] == 0 for n in people for m in range(1, 13) if m not in n.active)

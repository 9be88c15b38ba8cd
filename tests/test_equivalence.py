"""No second semantics: the column path and the traced path give identical numbers.

Random schemes (every rule kind, random settings) and random figures (many of them
computed onto band edges, thresholds and targets, where binary noise lives) are
scored both ways; every indicator's points and every total must be equal to the bit.
"""

from __future__ import annotations

import itertools
import math
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from appraise import AppraiseError, load_scheme, read_actuals, score, validate_scheme
from appraise.rules import RULES
from appraise.scoring.evaluate import card_totals
from appraise.scoring.gates import gate_trace, gated_total
from appraise.scoring.reference import PersonError, trace
from appraise.scoring.team import team_reference

# Edges and divisors chosen so that a / b * 100, computed onto an edge, often carries
# binary noise (115 always does: 1,380,000 / 1,200,000 * 100 is 114.99999999999999).
EDGES = [0, 19, 60, 85, 88, 90, 100, 115, 120]
DIVISORS = [3, 7, 11, 13, 15, 49, 1200000, 1380000]

edge = st.sampled_from(EDGES)
points = st.sampled_from([0, 40, 60, 80, 94.995, 100, 120])
slope = st.sampled_from([0, 0.3, 1, 1.3, 2.5, 10])
limit = st.sampled_from([None, 0, 100, 110, 120])


def _opt(name: str, value: object) -> str:
    return "" if value is None else f", {name}: {value}"


Drawn = tuple[str, str, bool]  # (rule YAML, direction, needs a target)


def _linear(draw: st.DrawFn, limits: str) -> Drawn:
    if draw(st.booleans()):
        direction = draw(st.sampled_from(["higher_is_better", "lower_is_better",
                                          "closest_to_target"]))
        return (f"{{kind: linear, above: {draw(slope)}, below: {draw(slope)}{limits}}}",
                direction, True)
    return (f"{{kind: linear, basis: value, above: {draw(slope)}, below: {draw(slope)}"
            f"{limits}}}", "higher_is_better", True)


def _ratio(draw: st.DrawFn, limits: str) -> Drawn:
    direction = draw(st.sampled_from(["higher_is_better", "lower_is_better"]))
    if direction == "lower_is_better" and "cap:" not in limits:  # a value of 0 gets the cap
        limits += ", cap: 120"
    return f"{{kind: ratio, factor: {draw(st.sampled_from([1, 1.2]))}{limits}}}", \
        direction, True


def _two_level(draw: st.DrawFn, limits: str) -> Drawn:
    return (f"{{kind: two_level, base_points: 80, stretch_points: 100, above: "
            f"{draw(slope)}, below: {draw(slope)}{limits}}}", "higher_is_better", True)


def _bands(draw: st.DrawFn, limits: str) -> Drawn:
    cuts = sorted(set(draw(st.lists(edge, min_size=1, max_size=4))))
    closed = draw(st.sampled_from(["lower", "upper"]))
    on = draw(st.sampled_from(["value", "achievement"]))
    bands = [f"{{max: {cuts[0]}, points: {draw(points)}}}"]
    bands += [f"{{min: {a}, max: {b}, points: {draw(points)}}}"
              for a, b in itertools.pairwise(cuts)]
    bands.append(f"{{min: {cuts[-1]}, points: {draw(points)}, label: 优秀}}")
    return (f"{{kind: bands, on: {on}, closed: {closed}, bands: [{', '.join(bands)}]}}",
            "higher_is_better", on == "achievement")


def _threshold(draw: st.DrawFn, limits: str) -> Drawn:
    which = draw(st.sampled_from(["at_least", "at_most", "target"]))
    on = draw(st.sampled_from(["value", "achievement"]))
    test = "" if which == "target" else f", {which}: {draw(edge)}"
    return (f"{{kind: threshold, on: {on}{test}, points: {draw(points)}, otherwise: "
            f"{draw(points)}}}", draw(st.sampled_from(["higher_is_better",
                                                      "lower_is_better"])), True)


def _lower_is_better(draw: st.DrawFn, limits: str) -> Drawn:
    return (f"{{kind: lower_is_better, per_unit_over: {draw(slope)}, basis: "
            f"{draw(st.sampled_from(['value', 'achievement']))}{limits}}}",
            "lower_is_better", True)


def _piecewise(draw: st.DrawFn, limits: str) -> Drawn:
    xs = sorted(set(draw(st.lists(edge, min_size=2, max_size=4))))
    if len(xs) < 2:
        xs = [0, 100]
    table = ", ".join(f"{{value: {x}, points: {draw(points)}}}" for x in xs)
    on = draw(st.sampled_from(["value", "achievement"]))
    return (f"{{kind: piecewise, on: {on}, table: [{table}]{limits}}}", "higher_is_better",
            on == "achievement")


def _formula(draw: st.DrawFn, limits: str) -> Drawn:
    formula = draw(st.sampled_from([
        "min(120, achievement)", "value / target * 100 if value > 0 else 0",
        "clamp(100 + (value - target) / target * 130, 0, 120)",
        "100 if value >= target and value > 0 else 50", "max(value, 1) ** 0.5",
        "floor(achievement)", "round(value / target * 100, 2)",
        "120 if value / target * 100 >= 115 else 100", "0 if 90 < value <= 100 else 60",
        "80 if value == target else 70 if value != 0 else 10"]))
    return f'{{kind: formula, points: "{formula}"{limits}}}', "higher_is_better", True


def _deduction(draw: st.DrawFn, limits: str) -> Drawn:
    cap = draw(st.sampled_from(["", ", max_points: 10", ", max_points: 2.5"]))
    return f"{{kind: deduction, per_event: {draw(st.sampled_from([1, 2.5, 5]))}{cap}}}", \
        "higher_is_better", False


def _bonus(draw: st.DrawFn, limits: str) -> Drawn:
    cap = draw(st.sampled_from(["", ", max_points: 3"]))
    return f"{{kind: bonus, per_event: {draw(st.sampled_from([1, 1.5]))}{cap}}}", \
        "higher_is_better", False


def _veto(draw: st.DrawFn, limits: str) -> Drawn:
    effect = draw(st.sampled_from(["zero_total", "lowest_grade"]))
    return f"{{kind: veto, effect: {effect}}}", "higher_is_better", False


def _rating(draw: st.DrawFn, limits: str) -> Drawn:
    override = draw(st.sampled_from(["", ", points: {B: 85}"]))
    return f"{{kind: rating, scale: abcd{override}}}", "higher_is_better", False


#: A generator of random settings for every rule kind: a kind without one fails
#: test_every_rule_kind_has_a_generator, so the equivalence below covers each kind.
GENERATORS = {
    "linear": _linear, "ratio": _ratio, "two_level": _two_level, "bands": _bands,
    "threshold": _threshold, "lower_is_better": _lower_is_better, "piecewise": _piecewise,
    "formula": _formula, "deduction": _deduction, "bonus": _bonus, "veto": _veto,
    "rating": _rating,
}
_COUNTED = {"deduction", "bonus", "veto"}


def test_every_rule_kind_has_a_generator() -> None:
    assert set(GENERATORS) == set(RULES)


@st.composite
def rules(draw: st.DrawFn) -> tuple[str, str, str, bool]:
    """(kind, rule YAML, direction, needs a target) of one random rule kind from RULES."""
    kind = draw(st.sampled_from(sorted(RULES)))
    cap, floor = draw(limit), draw(st.sampled_from([None, 0, 20]))
    if cap is not None and floor is not None and cap < floor:
        cap = None
    return (kind, *GENERATORS[kind](draw, _opt("cap", cap) + _opt("floor", floor)))


@st.composite
def schemes(draw: st.DrawFn) -> tuple[str, list[float]]:
    drawn = [draw(rules()) for _ in range(draw(st.integers(1, 6)))]
    weighted = [i for i, (kind, *_) in enumerate(drawn) if RULES[kind].kind not in _COUNTED]
    if not weighted:  # a card needs something weighted
        drawn.append(("ratio", "{kind: ratio}", "higher_is_better", True))
        weighted = [len(drawn) - 1]
    sections = _sections(draw, weighted)
    own = draw(st.booleans())  # the scheme's own perspectives, or the balanced scorecard's
    lines = ["appraise: 1", "name: random",
             *(["perspectives:", "  p0: {label: 甲}", "  p1: {label: 乙}"] if own else []),
             *(scale := _total_scale(draw)),
             "grades:", "  - {grade: A, min: 95, coefficient: 1.2}",
             "  - {grade: B, min: 85, coefficient: 1}", "  - {grade: C, coefficient: 0.5}",
             "scales:", "  abcd: {levels: {A: {points: 100}, B: {points: 80}, "
             "C: {points: 60}, D: {points: 40}}}",
             "fields:", "  a: {unit: x}", "  b: {unit: x}", "  n: {unit: times}",
             "  v: {unit: times}", "  r: {type: rating, scale: abcd}",
             "indicators:"]
    targets = []
    targeted = set()
    for i, (kind, rule, direction, needs_target) in enumerate(drawn):
        numeric = "a / team_average(a) * 100" if draw(st.booleans()) and i % 2 == 0 else \
            "a / b * 100" if i % 2 == 0 else "a"
        formula = "r" if kind == "rating" else "v" if kind == "veto" else \
            "n" if kind in _COUNTED else numeric
        lines += [f"  k{i}:", f"    formula: {formula}", f"    direction: {direction}",
                  f"    rule: {rule}",
                  f"    perspective: {'p' if own else 'financial'}{i % 2 if own else ''}"]
        if needs_target or kind == "two_level":
            base = draw(st.sampled_from([15, 20, 85, 90, 100, 115, 1200000]))
            stretch = f", stretch: {base * 1.25}" if kind == "two_level" else ""
            # a target from the data: of the person's own figures, or the team's average
            written = draw(st.sampled_from(["", "", "b * 1.2", "b", "team_average(a)",
                                            "team_average(b) * 0.9"]))
            if written:
                stretch = f", stretch: '{written} * 1.25'" if kind == "two_level" else ""
                base = f"'{written}'"
            targets.append(f"      k{i}: {{base: {base}{stretch}}}")
            targeted.add(i)
    lines += ["scorecards:", "  card:"]
    if len(sections) > 1 or draw(st.booleans()):  # weighted sections (sub-scores)
        lines.append("    sections:")
        for s, (weight, members) in enumerate(sections):
            lines += [f"      - id: s{s}", f"        weight: {weight}", "        items:"]
            lines += [f"          - {{indicator: k{i}, weight: {w}}}" for i, w in members]
        unweighted = [i for i in range(len(drawn)) if i not in weighted]
        lines += ["    items:"] if unweighted else []
        lines += [f"      - {{indicator: k{i}}}" for i in unweighted]
    else:
        weights = dict(sections[0][1])
        lines.append("    items:")
        lines += [f"      - {{indicator: k{i}" + (f", weight: {weights[i]}}}" if i in weights
                                                  else "}") for i in range(len(drawn))]
    lines += _gates(draw, drawn, targeted, _top(scale))
    lines += ["units:", "  company: {kind: company}", "  east: {parent: company}", "posts:"]
    for post, unit in (("clerk", "company"), ("rep", "east")):  # two teams to average over
        lines += [f"  {post}:", f"    unit: {unit}", "    scorecard: card"]
        if targets:
            lines += ["    targets:", *targets]
    text = "\n".join(lines) + "\n"
    # The numbers the scheme compares with: the figures aim at them.
    numbers = {float(x) for x in re.findall(r"(?:min|max|value|at_least|at_most|base|stretch)"
                                            r": (-?[0-9.]+)", text)}
    return text, sorted(numbers | {0.0, 100.0})


def _shares(draw: st.DrawFn, n: int) -> list[str]:
    """``n`` weights adding up to 100: equal fractions (100/3, ...) or whole numbers."""
    if n > 1 and draw(st.booleans()):
        return [f"100/{n}"] * n
    weights = [100 // n] * n
    weights[0] += 100 - sum(weights)
    return [str(w) for w in weights]


def _sections(draw: st.DrawFn, weighted: list[int]) -> list[tuple[str, list[tuple[int, str]]]]:
    """The weighted items split into 1 to 3 sections, each with its weight and its items'."""
    count = draw(st.integers(1, min(3, len(weighted))))
    cuts = sorted(draw(st.lists(st.integers(1, len(weighted) - 1), min_size=count - 1,
                                max_size=count - 1, unique=True))) if count > 1 else []
    parts = [weighted[a:b] for a, b in zip([0, *cuts], [*cuts, len(weighted)], strict=True)]
    return list(zip(_shares(draw, count),
                    [list(zip(part, _shares(draw, len(part)), strict=True)) for part in parts],
                    strict=True))


def _total_scale(draw: st.DrawFn) -> list[str]:
    """No change of scale, or the total moved from 0-100 to another."""
    to = draw(st.sampled_from([None, (0, 10), (4, 9), (40, 90.5)]))
    return [] if to is None else [f"total_scale: {{from: [0, 100], to: [{to[0]}, {to[1]}]}}"]
def _top(scale: list[str]) -> float:
    """A total cap that can bind on the drawn scale: 90% of the way up it."""
    if not scale:
        return 90
    low, high = (float(x) for x in re.findall(r"to: \[([-0-9.]+), ([-0-9.]+)\]", scale[0])[0])
    return low + (high - low) * 0.9


def _gates(draw: st.DrawFn, drawn: list[tuple[str, str, str, bool]], targeted: set[int],
           top: float = 90) -> list[str]:
    """Gates on the card (none, often): conditions reading the drawn items' values,
    points, targets and achievements, aimed at the edges, with every effect and cap."""
    count = draw(st.sampled_from([0, 0, 1, 2, 3]))
    weighted = [i for i, (kind, *_) in enumerate(drawn) if RULES[kind].kind not in _COUNTED]
    out = []
    for n in range(count):
        parts = []
        for _ in range(draw(st.integers(1, 2))):
            i = draw(st.integers(0, len(drawn) - 1))
            functions = ["points"] if drawn[i][0] == "rating" else \
                ["value", "points", *(["achievement", "target"] if i in targeted else [])]
            function = draw(st.sampled_from(functions))
            op = draw(st.sampled_from(["<", "<=", ">", ">=", "==", "!="]))
            parts.append(f"{function}(k{i}) {op} {draw(edge)}")
        when = draw(st.sampled_from([" and ", " or "])).join(parts)
        act = draw(st.sampled_from(["effect: no_bonus", "effect: zero_total",
                                    "effect: lowest_grade", f"cap: {{total: {top}}}", "item"]))
        if act == "item":
            act = f"cap: {{indicator: k{draw(st.sampled_from(weighted))}, points: " \
                  f"{draw(st.sampled_from([60, 94.995, 100]))}}}"
        out.append(f"      - {{label: g{n}, when: '{when}', {act}}}")
    return ["    gates:", *out] if out else []


@st.composite
def figures(draw: st.DrawFn, edges: list[float]
            ) -> list[tuple[float, float, int, int, str, str]]:
    """Rows of (a, b, n, v, r, post): many landing on one of the scheme's edges by hand."""
    rows = []
    for _ in range(draw(st.integers(1, 20))):
        b = draw(st.sampled_from(DIVISORS))
        aim = draw(st.sampled_from(edges))
        if draw(st.booleans()):
            a = round(aim * b / 100, 2)  # a / b * 100 onto the edge, by hand
        elif draw(st.booleans()):
            # the value itself on the edge, or a hair either side of it, as binary
            # arithmetic leaves it
            a = draw(st.sampled_from([aim, math.nextafter(aim, math.inf),
                                      math.nextafter(aim, -math.inf)]))
        else:
            a = draw(st.floats(0, 3 * b, allow_nan=False).map(lambda x: round(x, 2)))
        rows.append((a, float(b), draw(st.integers(0, 3)),
                     draw(st.sampled_from([0, 0, 0, 1])), draw(st.sampled_from("ABCD")),
                     draw(st.sampled_from(["clerk", "clerk", "rep"]))))
    return rows


@settings(max_examples=250, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.data())
def test_columns_and_traces_agree_to_the_bit(data_source: st.DataObject) -> None:
    """Points, values and steps (each number of the explanation) alike, person by person."""
    text, edges = data_source.draw(schemes())
    rows = data_source.draw(figures(edges))
    validation = validate_scheme("r.yaml", content=text.encode())
    assert validation.ok, [str(d) for d in validation.diagnostics]
    scheme = load_scheme("r.yaml", text.encode())
    data = "id,post,a,b,n,v,r\n" + "".join(f"P{i},{post},{a!r},{b!r},{n},{v},{r}\n"
                                           for i, (a, b, n, v, r, post) in enumerate(rows))
    actuals = read_actuals("d.csv", scheme, content=data.encode())
    traced, traced_errors, gated = {}, [], {}
    card = scheme.scorecards["card"]
    read = list(actuals.rows)
    team = team_reference(scheme, [(scheme.posts[row.post].unit, row.values) for row in read])
    for row, averages in zip(read, team, strict=True):
        try:
            traced[row.person] = list(trace(scheme, scheme.posts[row.post],
                                            {**row.values, **averages}, {}, {}))
            traced[row.person], gated[row.person] = gate_trace(card, traced[row.person])
        except PersonError as exc:
            traced_errors.append((row.line, f"{row.person}.{exc.indicator}", exc.message))
    try:
        result = score(scheme, actuals)
    except AppraiseError as exc:  # exactly the people the traced path fails, alike
        assert [(d.line, d.path, d.message) for d in exc.diagnostics] == traced_errors
        return
    assert traced_errors == []
    for person in result.people:
        reference = traced[person.person]
        for item, expected in zip(person.items, reference, strict=True):
            assert (item.id, item.value, item.points, item.step) == (
                expected.indicator.id, expected.value, expected.outcome.points,
                expected.outcome.step) or (math.isnan(item.points)
                                           and math.isnan(expected.outcome.points))
        sections, *summed = card_totals(card, reference)
        assert (person.weighted_sum, person.deductions, person.bonuses) == tuple(summed)
        assert {s.section.id: s.score for s in person.segments[0].sections} == sections
        total = summed[0] - summed[1] + summed[2]
        total = card.scale.of(total) if card.scale is not None else total
        total = 0.0 if person.veto == "zero_total" else total
        hits = gated[person.person]
        assert person.total == gated_total(card.gates, hits, total) or (
            math.isnan(person.total) and math.isnan(total))
        assert person.segments[0].batch.gates_hit(person.index) == tuple(
            g for g, held in zip(card.gates, hits, strict=True) if held)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(
    st.sampled_from([94.995, 94.99499999999999, 95.0, 84.995, 85.0, 69.99, 0.0]),
    st.floats(-10, 130, allow_nan=False)), min_size=1, max_size=30),
    st.sampled_from(["half_up", "half_even"]))
def test_grades_of_a_column_are_those_of_the_shown_totals(totals: list[float],
                                                          mode: str) -> None:
    import numpy as np

    from appraise.numbers import round_to
    from appraise.scoring.columns import grade_column

    text = (EXAMPLE_GRADES + f"rounding: {{mode: {mode}}}\n")
    scheme = load_scheme("g.yaml", text.encode())
    got = grade_column(scheme, np.array(totals), np.zeros(len(totals), dtype=bool)).tolist()
    expected = []
    for total in totals:
        shown = float(round_to(total, 2, scheme.rounding.mode))
        expected.append(next(k for k, g in enumerate(scheme.grades)
                             if g.min is None or shown >= g.min))
    assert got == expected


EXAMPLE_GRADES = """appraise: 1
name: grades
grades:
  - {grade: A, min: 95, coefficient: 1.2}
  - {grade: B, min: 85, coefficient: 1}
  - {grade: C, min: 69.995, coefficient: 0.8}
  - {grade: E, coefficient: 0}
fields:
  a: {unit: x}
indicators:
  k:
    formula: a
    rule: {kind: ratio}
    target: 1
scorecards:
  card:
    items:
      - {indicator: k, weight: 100}
units:
  company: {kind: company}
posts:
  clerk: {unit: company, scorecard: card}
"""


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(
    st.sampled_from([2.675, 1.005, 94.995, -2.675, 0.0, -0.0, 1e-12, 114.99999999999999,
                     0.125, 1e12 + 0.005, 123456789.125]),
    st.floats(-1e6, 1e6, allow_nan=False),
    st.integers(-10**6, 10**6).map(lambda c: c / 1000)), min_size=1, max_size=40),
    st.integers(0, 4), st.sampled_from(["half_up", "half_even"]))
def test_a_rounded_column_is_round_to_of_each(values: list[float], places: int,
                                              mode: str) -> None:
    import numpy as np

    from appraise.numbers import round_to
    from appraise.scoring.columns import round_column

    got = round_column(np.array(values), places, mode).tolist()
    assert got == [float(round_to(v, places, mode).scaleb(places)) for v in values]  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 6)), min_size=0, max_size=40))
def test_ranks_of_a_column_are_competition_ranks(people: list[tuple[int, int]]) -> None:
    import numpy as np

    from appraise.scoring.columns import rank_column

    groups = np.array([g for g, _ in people], dtype=np.intp)
    shown = np.array([float(v) for _, v in people])
    rank, size = rank_column(groups, shown)
    for i, (g, v) in enumerate(people):
        same = [w for h, w in people if h == g]
        assert rank[i] == 1 + sum(1 for w in same if w > v)
        assert size[i] == len(same)

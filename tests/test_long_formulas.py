"""Long formulas: a flat sum of many fields is a normal scheme, bounded by its size and by
how deeply it is nested as written, never by the shape of a chain of one operator."""

from __future__ import annotations

import numpy as np
import pytest

from appraise import load_scheme, read_actuals, score
from appraise.formula import FormulaError, compile_formula
from appraise.formula.columns import compile_columns
from appraise.formula.functions import MAX_DEPTH, MAX_LENGTH, MAX_NODES
from appraise.report import explain_text

NAMES = [f"f{n:03d}" for n in range(1, 201)]


def rejected(text: str) -> tuple[str, int, str]:
    with pytest.raises(FormulaError) as info:
        compile_formula(text, NAMES)
    return info.value.message, info.value.column, info.value.hint


def both_paths(text: str, values: dict[str, float]) -> tuple[float, float]:
    """The formula's value by the reference (row) evaluator and by the column evaluator."""
    formula = compile_formula(text, NAMES)
    columns = compile_columns(formula)
    assert columns is not None
    column, bad = columns({name: np.array([value]) for name, value in values.items()})
    assert not bad.any()
    return formula.evaluate(values), float(column[0])


VALUES = {name: float(n) for n, name in enumerate(NAMES, 1)}


def test_a_sum_of_33_fields_is_a_formula() -> None:
    text = " + ".join(NAMES[:33])
    assert both_paths(text, VALUES) == (561.0, 561.0)


def test_a_sum_of_200_fields_runs_in_both_evaluators() -> None:
    text = " + ".join(NAMES)
    assert len(text) == 1397
    assert both_paths(text, VALUES) == (20100.0, 20100.0)


def test_a_weighted_sum_and_a_difference_of_200_fields_keep_their_order() -> None:
    weighted = " + ".join(f"{name} * 0.5" for name in NAMES)
    assert both_paths(weighted, VALUES) == (10050.0, 10050.0)
    difference = " - ".join(NAMES)  # (((1 - 2) - 3) - ...): left to right, as written
    assert both_paths(difference, VALUES) == (-20098.0, -20098.0)
    # 0.1 + 0.1 + 0.1 is 0.30000000000000004 in binary: the same in both, bit for bit
    tenths = " + ".join(["f001 * 0.1"] * 3)
    assert both_paths(tenths, {"f001": 1.0}) == (0.30000000000000004, 0.30000000000000004)


def test_a_long_elif_chain_is_flat_too() -> None:
    text = " else ".join(f"{n} if f001 >= {n}" for n in range(100, 0, -1)) + " else 0"
    assert both_paths(text, {"f001": 42.0}) == (42.0, 42.0)
    assert both_paths(text, {"f001": -1.0}) == (0.0, 0.0)


def test_the_largest_flat_sum_allowed_runs_without_a_recursion_error() -> None:
    terms = (MAX_NODES + 1) // 2  # n names and n - 1 additions
    text = "+".join(["f001"] * terms)
    assert len(text) <= MAX_LENGTH
    assert both_paths(text, {"f001": 1.0}) == (float(terms), float(terms))


def test_more_parts_than_the_limit_are_refused() -> None:
    text = "+".join(["f001"] * ((MAX_NODES + 1) // 2 + 1))
    assert rejected(text) == (
        f"the formula is too long: more than {MAX_NODES:,} numbers, names and operators",
        0, "split it into several indicators or fields")


def test_real_nesting_is_still_bounded() -> None:
    # brackets nesting to the right: each sum in brackets is a level as written, and the
    # names in the innermost are one more
    text = "f001 + (" * MAX_DEPTH + "f001" + ")" * MAX_DEPTH
    assert rejected(text) == (
        f"the formula is nested too deeply: more than {MAX_DEPTH} levels",
        8 * (MAX_DEPTH - 1) + 1, "split it into simpler parts")
    text = "f001 + (" * (MAX_DEPTH - 1) + "f001" + ")" * (MAX_DEPTH - 1)
    assert both_paths(text, {"f001": 1.0}) == (float(MAX_DEPTH), float(MAX_DEPTH))


def test_a_formula_at_the_length_limit_of_a_long_sum_is_accepted() -> None:
    text = " + ".join(NAMES)
    text += " " * (MAX_LENGTH - len(text))
    assert len(text) == MAX_LENGTH and compile_formula(text, NAMES) is not None
    assert rejected(text + "+ 1")[0] == (
        f"the formula is {MAX_LENGTH + 3:,} characters long; at most {MAX_LENGTH:,} are allowed")


def test_thousands_of_unary_minus_signs_are_refused_not_a_crash() -> None:
    message, _, hint = rejected("-" * (MAX_LENGTH - 4) + "f001")
    assert (message, hint) == ("the formula is nested too deeply", "split it into simpler parts")


SCHEME = """appraise: 1
name: two_hundred_parts
grades:
  - {grade: A, min: 90, coefficient: 1.2}
  - {grade: B, coefficient: 1}
fields:
%s
indicators:
  parts:
    formula: %s
    rule: {kind: formula, points: value / 201}
scorecards:
  card:
    items:
      - {indicator: parts, weight: 100}
units:
  company: {kind: company}
posts:
  clerk: {unit: company, scorecard: card}
"""


def test_a_scheme_scores_and_explains_a_sum_of_200_fields() -> None:
    fields = "\n".join(f"  {name}: {{unit: points}}" for name in NAMES)
    scheme = load_scheme("s.yaml", (SCHEME % (fields, " + ".join(NAMES))).encode())
    data = "id,post," + ",".join(NAMES) + "\nP1,clerk," + ",".join(str(n) for n in range(1, 201))
    result = score(scheme, read_actuals("d.csv", scheme, content=data.encode()))
    person = result.person("P1")
    assert (person.total, person.grade) == (100.0, "A")
    lines = explain_text(result, person).splitlines()
    assert [line for line in lines if line.startswith("   formula:")] == [
        "   formula: " + " + ".join(NAMES) + " = " + " + ".join(str(n) for n in range(1, 201))
        + " = 20,100"]

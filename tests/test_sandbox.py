"""The formula sandbox: what it refuses (with the exact words), what it computes, and laws."""

from __future__ import annotations

import math
import sys
import threading
from collections.abc import Iterator
from decimal import Decimal
from types import MappingProxyType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appraise.formula import EvaluationError, Formula, FormulaError, compile_formula
from appraise.formula.functions import (
    ALLOWED,
    FUNCTIONS,
    MAX_DEPTH,
    MAX_EXPONENT,
    MAX_LENGTH,
    MAX_NODES,
)

NAMES = ["revenue", "target", "cost", "visits", "売上", "目標"]
ALLOWED_HINT = "allowed: " + ALLOWED
FUNCTIONS_HINT = "functions: abs, min, max, round, floor, ceil, clamp, sqrt, div"
SYNTAX_HINT = "check brackets and operators; text must not be quoted"
NAMES_HINT = "expected one of: cost, revenue, target, visits, 売上, 目標"
COMPLEX = f"the formula is nested too deeply: more than {MAX_DEPTH} levels"
TOO_MANY = f"the formula is too long: more than {MAX_NODES:,} numbers, names and operators"
POWER = f"a power needs a constant exponent between -{MAX_EXPONENT} and {MAX_EXPONENT}"


def rejected(text: str, names: list[str] = NAMES) -> tuple[str, int, str]:
    """What a person is told about a formula: the message, the column and the hint."""
    with pytest.raises(FormulaError) as info:
        compile_formula(text, names)
    error = info.value
    assert str(error) == error.message
    return error.message, error.column, error.hint


def value(text: str, **values: float) -> float:
    return compile_formula(text, list(values) or NAMES).evaluate(values)


def failure(text: str, **values: float) -> str:
    formula = compile_formula(text, list(values) or NAMES)
    with pytest.raises(EvaluationError) as info:
        formula.evaluate(values)
    return str(info.value)


# -- what a formula may be --------------------------------------------------------------------


def test_a_formula_knows_its_text_and_names() -> None:
    formula = compile_formula("  revenue / target * 100  ", NAMES)
    assert isinstance(formula, Formula)
    assert formula.text == "revenue / target * 100"
    assert formula.names == frozenset({"revenue", "target"})
    assert formula.evaluate({"revenue": 1380000, "target": 1200000}) == 114.99999999999999


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 + 2 * 3", 7.0), ("(1 + 2) * 3", 9.0), ("7 / 2", 3.5), ("7 // 2", 3.0),
        ("7 % 4", 3.0), ("-7 // 2", -4.0), ("2 ** 10", 1024.0), ("2 ** -1", 0.5),
        ("9 ** 0.5", 3.0), ("-3", -3.0), ("+3", 3.0), ("1_000 * 2", 2000.0), ("0x1F", 31.0),
        ("1e3", 1000.0), ("2 < 3", 1.0), ("2 >= 3", 0.0), ("1 < 2 < 3", 1.0),
        ("1 < 3 < 2", 0.0), ("2 == 2.0", 1.0), ("2 != 2", 0.0), ("not 0", 1.0),
        ("0 or 5", 5.0), ("2 and 5", 5.0), ("0 and 5", 0.0), ("True + 1", 2.0),
        ("1 if 2 > 1 else 2", 1.0), ("1 if 2 < 1 else 2", 2.0),
        ("abs(-2.5)", 2.5), ("min(3, 1, 2)", 1.0), ("max(3, 1, 2)", 3.0),
        ("floor(2.7)", 2.0), ("floor(-2.2)", -3.0), ("ceil(2.1)", 3.0), ("ceil(-2.7)", -2.0),
        ("clamp(150, 0, 120)", 120.0), ("clamp(-5, 0, 120)", 0.0), ("clamp(50, 0, 120)", 50.0),
        ("sqrt(16)", 4.0), ("div(1, 0, 7)", 7.0), ("div(1, 4, 7)", 0.25),
        ("x  # a comment", 3.0),
    ],
)
def test_arithmetic(text: str, expected: float) -> None:
    result = compile_formula(text, ["x"]).evaluate({"x": 3})
    assert type(result) is float
    assert result == expected


def test_floor_and_ceil_settle_binary_noise_first() -> None:
    # 1380000 / 1200000 * 100 is 114.99999999999999 in binary; by hand it is 115.
    assert value("floor(revenue / target * 100)", revenue=1380000, target=1200000) == 115.0
    assert value("ceil(0.1 * 3 * 10)", revenue=1) == 3.0  # 3.0000000000000004 in binary


def test_round_is_half_up_not_bankers() -> None:
    assert value("round(2.5)", revenue=1) == 3.0
    assert value("round(3.5)", revenue=1) == 4.0
    assert value("round(0.5)", revenue=1) == 1.0
    assert value("round(-2.5)", revenue=1) == -3.0
    assert value("round(2.675, 2)", revenue=1) == 2.68
    assert value("round(revenue, 2)", revenue=1.005) == 1.01
    assert value("round(revenue / target * 100, 1)", revenue=1380000, target=1200000) == 115.0
    assert value("round(revenue, 6)", revenue=1 / 3) == 0.333333


def test_round_copes_with_very_large_values() -> None:
    assert value("round(revenue, 2)", revenue=1e30) == 1e30


def test_large_constant_powers_stay_floats() -> None:
    assert value("4000000 ** 4", revenue=1) == 2.56e26
    assert value("revenue ** 4", revenue=4000000) == 2.56e26
    assert value("2 ** 2 * 3", revenue=1) == 12.0


def test_cjk_names_are_names() -> None:
    assert value("売上 / 目標 * 100", 売上=1200, 目標=1000) == 120.0


def test_inputs_may_be_ints_decimals_or_bools() -> None:
    formula = compile_formula("revenue / target", NAMES)
    assert formula.evaluate({"revenue": 1, "target": 4}) == 0.25
    assert formula.evaluate({"revenue": Decimal("0.1"), "target": 1}) == 0.1  # type: ignore[dict-item]
    assert formula.evaluate({"revenue": True, "target": 2}) == 0.5


def test_extra_inputs_are_ignored_and_the_mapping_is_not_changed() -> None:
    inputs = MappingProxyType({"revenue": 6.0, "target": 3.0, "cost": 1.0})
    assert compile_formula("revenue / target", NAMES).evaluate(inputs) == 2.0
    assert dict(inputs) == {"revenue": 6.0, "target": 3.0, "cost": 1.0}


# -- evaluation errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "values", "message"),
    [
        ("revenue / target", {"revenue": 1, "target": 0}, "division by zero"),
        ("revenue // target", {"revenue": 1, "target": 0}, "division by zero"),
        ("revenue % target", {"revenue": 1, "target": 0}, "division by zero"),
        ("revenue / (target - cost)", {"revenue": 1, "target": 2, "cost": 2}, "division by zero"),
        ("(-8) ** 0.5 * revenue", {"revenue": 1},
         "a negative number raised to a fractional power"),
        ("revenue ** 0.5", {"revenue": -8}, "a negative number raised to a fractional power"),
        ("revenue ** -1", {"revenue": 0}, "zero raised to a negative power"),
        ("revenue ** 10", {"revenue": 1e200}, "a power is too large"),
        ("sqrt(revenue)", {"revenue": -0.01}, "square root of a negative number"),
        ("revenue * 10", {"revenue": 1e308}, "the result is not a finite number"),
        ("revenue * 10 - revenue * 10", {"revenue": 1e308}, "the result is not a finite number"),
        ("revenue / target", {"revenue": 1e308, "target": 1e-10},
         "the result is not a finite number"),
        ("floor(revenue * 10)", {"revenue": 1e308}, "the result is not a finite number"),
        ("ceil(revenue * 10 - revenue * 10)", {"revenue": 1e308},
         "the result is not a finite number"),
        ("round(revenue * 10)", {"revenue": 1e308}, "a number is too large"),
        ("revenue if target else revenue / target", {"revenue": 1, "target": 0},
         "division by zero"),
    ],
)
def test_evaluation_errors(text: str, values: dict[str, float], message: str) -> None:
    formula = compile_formula(text.replace("(-8) ** 0.5", "(revenue - 9) ** 0.5"), NAMES)
    with pytest.raises(EvaluationError) as info:
        formula.evaluate(values)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("text", "message", "column", "hint"),
    [
        ("revenue / 0", "division by zero in 'revenue / 0', whatever the figures", 1,
         "divide by something that is not 0, or use div(a, b, default)"),
        ("revenue // (2 - 2)", "division by zero in 'revenue // (2 - 2)', whatever the figures",
         1, "divide by something that is not 0, or use div(a, b, default)"),
        ("revenue + 1e200 ** 2", "a power is too large in '1e200 ** 2', whatever the figures",
         11, "correct the constant part of the formula"),
        ("sqrt(-1) + revenue", "square root of a negative number in 'sqrt(-1)', whatever the "
         "figures", 1, "correct the constant part of the formula"),
        ("(-8) ** 0.5", "a negative number raised to a fractional power in '(-8) ** 0.5', "
         "whatever the figures", 1, "correct the constant part of the formula"),
        ("revenue if cost else 1e308 * 10", "the result is not a finite number in '1e308 * 10', "
         "whatever the figures", 22, "correct the constant part of the formula"),
    ],
)
def test_constant_parts_that_always_fail_are_rejected_when_checked(
        text: str, message: str, column: int, hint: str) -> None:
    with pytest.raises(FormulaError) as info:
        compile_formula(text, NAMES)
    assert (info.value.message, info.value.column, info.value.hint) == (message, column, hint)


def test_constant_parts_that_work_are_accepted() -> None:
    assert compile_formula("revenue * (2 + 3) / max(1, 2)", NAMES).evaluate({"revenue": 2}) == 5


def test_a_guarded_division_is_fine() -> None:
    formula = compile_formula("revenue / target if target else 0", NAMES)
    assert formula.evaluate({"revenue": 1, "target": 0}) == 0.0
    assert formula.evaluate({"revenue": 1, "target": 4}) == 0.25


def test_a_missing_input_is_an_evaluation_error() -> None:
    formula = compile_formula("revenue / target + cost", NAMES)
    with pytest.raises(EvaluationError) as info:
        formula.evaluate({"revenue": 1})
    assert str(info.value) == "no value for 'cost'"


def test_an_input_that_is_not_a_number_is_an_evaluation_error() -> None:
    formula = compile_formula("revenue + 1", NAMES)
    for bad in (10**400, "twelve", None):
        with pytest.raises(EvaluationError) as info:
            formula.evaluate({"revenue": bad})  # type: ignore[dict-item]
        assert str(info.value) == "the value of 'revenue' is not a usable number"


# -- names never leak between evaluations -----------------------------------------------------


def test_names_do_not_leak_from_one_evaluation_to_the_next() -> None:
    first = compile_formula("revenue + target", NAMES)
    second = compile_formula("revenue * 2", NAMES)
    assert first.evaluate({"revenue": 5, "target": 1}) == 6.0
    with pytest.raises(EvaluationError) as info:
        second.evaluate({})
    assert str(info.value) == "no value for 'revenue'"
    assert second.evaluate({"revenue": 7}) == 14.0
    with pytest.raises(EvaluationError):
        first.evaluate({"revenue": 5})  # 'target' from the first call is long gone


def test_names_do_not_leak_after_a_failed_evaluation() -> None:
    formula = compile_formula("revenue / target", NAMES)
    with pytest.raises(EvaluationError):
        formula.evaluate({"revenue": 1, "target": 0})
    with pytest.raises(EvaluationError) as info:
        formula.evaluate({"target": 2})
    assert str(info.value) == "no value for 'revenue'"


@pytest.fixture
def fast_thread_switching() -> Iterator[None]:
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


@pytest.mark.usefixtures("fast_thread_switching")
def test_names_do_not_leak_between_threads() -> None:
    formula = compile_formula("revenue + 0", NAMES)
    wrong: list[tuple[int, object]] = []

    def score(person: int) -> None:
        for _ in range(1500):
            try:
                result: object = formula.evaluate({"revenue": float(person)})
            except Exception as exc:  # any failure at all is a leak here
                result = exc
            if result != person:
                wrong.append((person, result))
                return

    threads = [threading.Thread(target=score, args=(person,)) for person in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []


# -- what a formula may not be: every rejection, in full --------------------------------------


@pytest.mark.parametrize(
    ("text", "message", "column", "hint"),
    [
        ("revenue.real", "attribute access (x.y) is not allowed in a formula", 1, ALLOWED_HINT),
        ("revenue.__class__.__bases__", "attribute access (x.y) is not allowed in a formula", 1,
         ALLOWED_HINT),
        ("revenue + target.__dict__", "attribute access (x.y) is not allowed in a formula", 11,
         ALLOWED_HINT),
        ("revenue[0]", "indexing (x[...]) is not allowed in a formula", 1, ALLOWED_HINT),
        ("revenue[1:2]", "indexing (x[...]) is not allowed in a formula", 1, ALLOWED_HINT),
        ("lambda: 1", "a lambda function is not allowed in a formula", 1, ALLOWED_HINT),
        ("[x for x in revenue]", "a comprehension is not allowed in a formula", 1, ALLOWED_HINT),
        ("(x for x in revenue)", "a comprehension is not allowed in a formula", 1, ALLOWED_HINT),
        ("{x for x in revenue}", "a comprehension is not allowed in a formula", 1, ALLOWED_HINT),
        ("{x: 1 for x in revenue}", "a comprehension is not allowed in a formula", 1,
         ALLOWED_HINT),
        ("[1, 2]", "a list is not allowed in a formula", 1, ALLOWED_HINT),
        ("(1, 2)", "a tuple is not allowed in a formula", 1, ALLOWED_HINT),
        ("{1: 2}", "a dictionary is not allowed in a formula", 1, ALLOWED_HINT),
        ("{1}", "a set is not allowed in a formula", 1, ALLOWED_HINT),
        ("f'{revenue}'", "an f-string is not allowed in a formula", 1, ALLOWED_HINT),
        ("(revenue := 1)", "assignment (:=) is not allowed in a formula", 2, ALLOWED_HINT),
        ("max(*revenue, 1)", "a starred argument (*x) is not allowed in a formula", 5,
         ALLOWED_HINT),
        ("'gold'", "text is not allowed in a formula",
         1, "formulas work on numbers; ratings are scored by a rating rule"),
        ("revenue + 'gold'", "text is not allowed in a formula",
         11, "formulas work on numbers; ratings are scored by a rating rule"),
        ("None", "the constant None is not allowed in a formula", 1, ""),
        ("b'x'", "the constant b'x' is not allowed in a formula", 1, ""),
        ("1j", "the constant 1j is not allowed in a formula", 1, ""),
        ("...", "the constant Ellipsis is not allowed in a formula", 1, ""),
        ("1e999", "the number 1e999 is too large", 1, "numbers in a formula must be below 1e308"),
        ("revenue + " + "9" * 400, "the number 9999999999999999... is too large", 11,
         "numbers in a formula must be below 1e308"),
    ],
)
def test_forbidden_constructs(text: str, message: str, column: int, hint: str) -> None:
    assert rejected(text) == (message, column, hint)


@pytest.mark.parametrize(
    ("text", "operator", "column"),
    [("revenue & 1", "&", 1), ("revenue | 1", "|", 1),
     ("revenue << 2", "<<", 1), ("revenue >> 2", ">>", 1), ("revenue @ target", "@", 1),
     ("1 + ~revenue", "~", 5)],
)
def test_bitwise_operators_are_refused(text: str, operator: str, column: int) -> None:
    assert rejected(text) == (f"the operator '{operator}' is not allowed", column, ALLOWED_HINT)


def test_a_spreadsheets_power_sign_is_refused_with_how_to_write_a_power() -> None:
    assert rejected("revenue ^ 1") == (
        "the operator '^' is not allowed", 1, "for a power write **, e.g. revenue ** 1")


@pytest.mark.parametrize(
    ("text", "comparison"),
    [("revenue is target", "is"), ("revenue is not target", "is not"),
     ("revenue in target", "in"), ("revenue not in target", "not in")],
)
def test_is_and_in_are_refused(text: str, comparison: str) -> None:
    assert rejected(text) == (
        f"the comparison '{comparison}' is not allowed", 1, "use < <= > >= == or !="
    )


@pytest.mark.parametrize(
    ("text", "column"),
    [("4000000**4000000", 10), ("revenue ** target", 12), ("revenue ** 11", 12),
     ("revenue ** -11", 12), ("2 ** 2 ** 2", 6), ("revenue ** True", 12),
     ("revenue ** (1 + 1)", 13)],
)
def test_powers_need_a_small_constant_exponent(text: str, column: int) -> None:
    assert rejected(text) == (POWER, column, "write e.g. x ** 2 or x ** 0.5")


@pytest.mark.parametrize("text", ["revenue ** 10", "revenue ** -10", "revenue ** (2)",
                                  "revenue ** +2", "revenue ** --2", "revenue ** 0.5"])
def test_powers_within_the_limit_are_accepted(text: str) -> None:
    assert compile_formula(text, NAMES).names == frozenset({"revenue"})


def test_import_is_a_statement() -> None:
    assert rejected("import os") == (
        "a formula is a single expression, not an import", 1,
        "write only the calculation, e.g. revenue / 1000",
    )
    assert rejected("from os import path") == (
        "a formula is a single expression, not an import", 1,
        "write only the calculation, e.g. revenue / 1000",
    )


def test_dunder_import_is_an_unknown_function() -> None:
    assert rejected("__import__('os')") == (
        "unknown function '__import__'", 1, FUNCTIONS_HINT
    )


@pytest.mark.parametrize("name", ["__builtins__", "_secret", "__class__"])
def test_names_with_a_leading_underscore_are_refused(name: str) -> None:
    assert rejected(f"1 + {name}", [*NAMES, name]) == (
        f"names starting with '_' are not allowed ('{name}')", 5, ""
    )


def test_an_assignment_hints_at_comparison() -> None:
    assert rejected("revenue = target") == (
        "a formula is a single expression, not an assignment (=)", 1,
        "to compare two values write ==; otherwise write only the calculation, "
        "e.g. revenue / 1000",
    )


@pytest.mark.parametrize(
    ("text", "what"),
    [("revenue += 1", "an assignment"), ("revenue: int = 1", "an assignment"),
     ("del revenue", "a statement (delete)"), ("pass", "a statement (pass)"),
     ("if revenue: 1", "a statement (if)"), ("return revenue", "a statement (return)"),
     ("assert revenue", "a statement (assert)")],
)
def test_statements_are_refused(text: str, what: str) -> None:
    assert rejected(text) == (
        f"a formula is a single expression, not {what}", 1,
        "write only the calculation, e.g. revenue / 1000",
    )


@pytest.mark.parametrize(
    ("text", "column"), [("revenue; target", 10), ("revenue\ntarget", 9), ("(revenue)\n(1)", 11)]
)
def test_several_expressions_are_refused_at_the_second(text: str, column: int) -> None:
    assert rejected(text) == (
        "a formula is a single expression, but this holds several", column,
        "write one calculation; if it spans lines, put it in brackets",
    )


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        ("revenue +", "invalid syntax", 10),
        ("revenue +* 2", "invalid syntax", 10),
        ("売上 +* 2", "invalid syntax", 5),
        ("売上 + 目標 +* 2", "invalid syntax", 10),
        ("max(revenue,", "'(' was never closed", 4),
        ("revenue)", "unmatched ')'", 8),
        ("revenue if target", "expected 'else' after 'if' expression", 1),
        ("revenue target", "invalid syntax", 9),
        ("(revenue\n +* 2)", "invalid syntax", 12),
    ],
)
def test_syntax_errors_point_at_the_character(text: str, message: str, column: int) -> None:
    assert rejected(text) == (f"the formula is not valid: {message}", column, SYNTAX_HINT)


def test_a_zero_character_is_found() -> None:
    assert rejected("revenue\x00 + 1") == (
        "the formula contains an invisible zero character", 8, "type the formula again"
    )


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_an_empty_formula(text: str) -> None:
    assert rejected(text) == ("the formula is empty", 0, "")


def test_a_formula_of_only_a_comment() -> None:
    assert rejected("# revenue / target") == (
        "the formula holds only a comment", 1, "write the calculation before the '#'"
    )


# -- size limits ------------------------------------------------------------------------------


def test_a_very_long_formula_is_refused_before_parsing() -> None:
    text = "+".join(["revenue"] * 1300)
    assert len(text) > MAX_LENGTH
    assert rejected(text) == (
        f"the formula is {len(text):,} characters long; at most {MAX_LENGTH:,} are allowed", 0,
        "split it into several indicators or fields",
    )


def test_a_formula_at_the_length_limit_is_accepted() -> None:
    text = "revenue" + " " * (MAX_LENGTH - len("revenue + 1")) + " + 1"
    assert len(text) == MAX_LENGTH
    assert compile_formula(text, NAMES).evaluate({"revenue": 1}) == 2.0


def test_ten_thousand_brackets_are_refused() -> None:
    assert rejected("(" * 10000 + "revenue" + ")" * 10000) == (
        f"the formula is 20,007 characters long; at most {MAX_LENGTH:,} are allowed", 0,
        "split it into several indicators or fields",
    )


def test_brackets_deeper_than_python_allows() -> None:
    assert rejected("(" * 300 + "revenue" + ")" * 300) == (
        "the formula is not valid: too many nested parentheses", 201, SYNTAX_HINT
    )


def test_redundant_brackets_are_not_nesting() -> None:
    assert value("(" * 150 + "revenue" + ")" * 150, revenue=2) == 2.0


def test_deep_nesting_is_refused() -> None:
    assert rejected("-" * (MAX_DEPTH + 1) + "revenue") == (
        COMPLEX, MAX_DEPTH + 1, "split it into simpler parts"
    )
    assert rejected("not " * 240 + "revenue") == (COMPLEX, 129, "split it into simpler parts")


def test_nesting_at_the_limit_is_accepted() -> None:
    assert value("-" * (MAX_DEPTH - 1) + "revenue", revenue=2) == -2.0


def test_too_many_parts_are_refused() -> None:
    assert rejected("+".join(["revenue"] * (MAX_NODES // 2 + 1))) == (
        TOO_MANY, 0, "split it into several indicators or fields")


def test_deep_function_calls_are_refused() -> None:
    text = "abs(" * 40 + "revenue" + ")" * 40
    assert rejected(text) == (COMPLEX, 129, "split it into simpler parts")


# -- names and functions ----------------------------------------------------------------------


def test_an_unknown_name_suggests_the_closest() -> None:
    assert rejected("revenu / target") == ("unknown name 'revenu'", 1, "did you mean 'revenue'?")
    assert rejected("revenue / taget * 100") == (
        "unknown name 'taget'", 11, "did you mean 'target'?"
    )


def test_an_unknown_name_with_nothing_close_lists_the_names() -> None:
    assert rejected("headcount * 2") == ("unknown name 'headcount'", 1, NAMES_HINT)


def test_an_unknown_cjk_name_has_a_character_column() -> None:
    assert rejected("売上 + ゴール") == ("unknown name 'ゴール'", 6, NAMES_HINT)
    assert rejected("売上 / 目標x") == ("unknown name '目標x'", 6, "did you mean '目標'?")


def test_no_names_at_all() -> None:
    assert rejected("revenue", []) == ("unknown name 'revenue'", 1, "")


@pytest.mark.parametrize(
    ("text", "hint"),
    [("sqr(revenue)", "did you mean 'sqrt'?"), ("rund(revenue)", "did you mean 'round'?"),
     ("maxx(revenue, 1)", "did you mean 'max'?"), ("eval('1')", FUNCTIONS_HINT),
     ("open('f')", FUNCTIONS_HINT), ("getattr(revenue, 'real')", FUNCTIONS_HINT),
     ("print(revenue)", FUNCTIONS_HINT), ("revenue(1)", FUNCTIONS_HINT)],
)
def test_unknown_functions(text: str, hint: str) -> None:
    name = text.split("(")[0]
    assert rejected(text) == (f"unknown function '{name}'", 1, hint)


def test_only_named_functions_may_be_called() -> None:
    assert rejected("revenue.bit_length()") == (
        "attribute access (x.y) is not allowed in a formula", 1, ALLOWED_HINT
    )
    assert rejected("(lambda x: x)(revenue)") == (
        "a lambda function is not allowed in a formula", 2, ALLOWED_HINT
    )
    assert rejected("(revenue + 1)(2)") == (
        "only the listed functions may be called", 1, FUNCTIONS_HINT
    )
    assert value("(max)(1, 2)", revenue=0) == 2.0  # brackets around a name change nothing


def test_a_function_name_alone_needs_brackets() -> None:
    assert rejected("max + 1") == ("the function 'max' must be called with brackets", 1, "")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abs(revenue, target)", "'abs' takes 1 argument, not 2"),
        ("abs()", "'abs' takes 1 argument, not 0"),
        ("max(revenue)", "'max' takes 2 to 20 arguments, not 1"),
        ("min(" + ", ".join(["1"] * 21) + ")", "'min' takes 2 to 20 arguments, not 21"),
        ("clamp(revenue, 0)", "'clamp' takes 3 arguments, not 2"),
        ("round()", "'round' takes 1 to 2 arguments, not 0"),
        ("round(revenue, 1, 2)", "'round' takes 1 to 2 arguments, not 3"),
        ("div(revenue, target)", "'div' takes 3 arguments, not 2"),
        ("sqrt(revenue, 2)", "'sqrt' takes 1 argument, not 2"),
    ],
)
def test_wrong_number_of_arguments(text: str, message: str) -> None:
    name = text.split("(")[0]
    assert rejected(text) == (message, 1, FUNCTIONS[name].doc)


def test_keywords_are_refused() -> None:
    assert rejected("round(revenue, places=2)") == (
        "'round' takes its arguments by position only", 1, FUNCTIONS["round"].doc
    )
    assert rejected("max(**revenue)") == (
        "'max' takes its arguments by position only", 1, FUNCTIONS["max"].doc
    )


@pytest.mark.parametrize(
    ("places", "column"), [("7", 16), ("-1", 16), ("2.5", 16), ("target", 16), ("1 + 1", 16)]
)
def test_round_places_must_be_a_small_constant(places: str, column: int) -> None:
    assert rejected(f"round(revenue, {places})") == (
        "round() needs a constant 0 to 6 for its places", column, ""
    )


def test_an_error_inside_a_function_argument_points_into_it() -> None:
    assert rejected("max(revenue, targte)") == ("unknown name 'targte'", 14,
                                                "did you mean 'target'?")


# -- names used, divisors, substitution -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "divisors"),
    [
        ("revenue / target * 100", {"target"}),
        ("revenue * 100", set()),
        ("revenue / 2", set()),
        ("revenue / (target - cost)", {"target", "cost"}),
        ("revenue / target / cost", {"target", "cost"}),
        ("revenue // target", {"target"}),
        ("revenue % visits", {"visits"}),
        ("revenue / target + cost / revenue", {"target", "revenue"}),
        ("cost / revenue + target / cost", {"revenue", "cost"}),
        ("div(revenue, target, 0)", set()),
        ("round(revenue / target, 2)", {"target"}),
        ("revenue if target > 0 else revenue / target", {"target"}),
        ("revenue / sqrt(target)", {"target"}),
        ("売上 / 目標", {"目標"}),
    ],
)
def test_divisor_names_lists_every_name_under_a_division(text: str, divisors: set[str]) -> None:
    assert compile_formula(text, NAMES).divisor_names == frozenset(divisors)


def test_names_lists_every_name_used_once() -> None:
    formula = compile_formula("revenue / target + revenue * cost - max(visits, 1)", NAMES)
    assert formula.names == frozenset({"revenue", "target", "cost", "visits"})


@pytest.mark.parametrize(
    ("text", "values", "shown"),
    [
        ("revenue / target * 100", {"revenue": "1,380,000", "target": "1,200,000"},
         "1,380,000 / 1,200,000 * 100"),
        ("売上 / 目標 * 100", {"売上": "1,200", "目標": "1,000"}, "1,200 / 1,000 * 100"),
        ("round(売上 / 目標, 2) + 売上", {"売上": "１２", "目標": "3"},
         "round(１２ / 3, 2) + １２"),
        ("revenue + target", {"revenue": "5"}, "5 + target"),
        ("revenue+revenue", {"revenue": "-2"}, "-2+-2"),
        ("target /  (revenue)", {"revenue": "0", "target": "7"}, "7 /  (0)"),
        ("(revenue\n / 目標)", {"revenue": "100", "目標": "50"}, "(100\n / 50)"),
        ("revenue", {}, "revenue"),
    ],
)
def test_substitution_for_explanations(text: str, values: dict[str, str], shown: str) -> None:
    assert compile_formula(text, NAMES).substitute(values) == shown


def test_substitution_replaces_whole_names_only() -> None:
    formula = compile_formula("rev + revenue + rev2", ["rev", "revenue", "rev2"])
    assert formula.substitute({"rev": "1", "revenue": "2", "rev2": "3"}) == "1 + 2 + 3"


def test_substitution_of_a_multiline_formula_and_its_errors() -> None:
    assert rejected("(revenue\n + taget)") == ("unknown name 'taget'", 13,
                                               "did you mean 'target'?")


# -- laws -------------------------------------------------------------------------------------


VARIABLES = ["x", "y", "z"]
finite = st.floats(allow_nan=False, allow_infinity=False)
leaves = st.one_of(
    st.sampled_from(VARIABLES),
    finite.map(lambda f: repr(abs(f))),
    st.integers(min_value=0, max_value=10**6).map(str),
)


def _extend(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    binary = st.tuples(children, st.sampled_from(
        ["+", "-", "*", "/", "//", "%", "<", "<=", ">", ">=", "==", "!=", "and", "or"]
    ), children).map(lambda t: f"({t[0]} {t[1]} {t[2]})")
    power = st.tuples(children, st.sampled_from(["2", "0.5", "-1", "10", "-10", "3"])).map(
        lambda t: f"({t[0]}) ** {t[1]}")
    unary = st.tuples(st.sampled_from(["-", "+", "not "]), children).map(
        lambda t: f"({t[0]}({t[1]}))")
    one = st.tuples(st.sampled_from(["abs", "floor", "ceil", "sqrt", "round"]), children).map(
        lambda t: f"{t[0]}({t[1]})")
    two = st.tuples(st.sampled_from(["min", "max"]), children, children).map(
        lambda t: f"{t[0]}({t[1]}, {t[2]})")
    three = st.tuples(st.sampled_from(["clamp", "div"]), children, children, children).map(
        lambda t: f"{t[0]}({t[1]}, {t[2]}, {t[3]})")
    places = st.tuples(children, st.integers(0, 6)).map(lambda t: f"round({t[0]}, {t[1]})")
    branch = st.tuples(children, children, children).map(
        lambda t: f"({t[0]} if {t[1]} else {t[2]})")
    return st.one_of(binary, power, unary, one, two, three, places, branch)


formulas = st.recursive(leaves, _extend, max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(formulas, st.fixed_dictionaries({name: finite for name in VARIABLES}))
def test_any_formula_gives_a_finite_float_or_an_evaluation_error(
    text: str, inputs: dict[str, float]
) -> None:
    try:
        formula = compile_formula(text, VARIABLES)
    except FormulaError:
        return  # too long or too complex: refused up front, which is also fine
    try:
        result = formula.evaluate(inputs)
    except EvaluationError:
        return
    assert type(result) is float
    assert math.isfinite(result)
    assert formula.evaluate(inputs) == result  # same input, same output


@given(formulas)
def test_any_formula_either_compiles_or_is_refused_with_a_formula_error(text: str) -> None:
    try:
        formula = compile_formula(text, VARIABLES)
    except FormulaError as error:
        assert error.message
        assert 0 <= error.column <= len(text) + 1
        return
    assert formula.names <= set(VARIABLES)
    assert formula.divisor_names <= formula.names
    assert formula.substitute({}) == formula.text


@given(st.text(max_size=60))
def test_any_text_compiles_or_raises_formula_error_only(text: str) -> None:
    try:
        formula = compile_formula(text, VARIABLES)
    except FormulaError as error:
        assert 0 <= error.column <= len(text) + 1
        return
    assert formula.names <= set(VARIABLES)


@given(finite, finite)
def test_a_division_by_a_divisor_name_either_divides_or_says_division_by_zero(
    a: float, b: float
) -> None:
    formula = compile_formula("x / y", VARIABLES)
    assert formula.divisor_names == frozenset({"y"})
    if b == 0:
        with pytest.raises(EvaluationError, match=r"^division by zero$"):
            formula.evaluate({"x": a, "y": b})
    else:
        try:
            assert formula.evaluate({"x": a, "y": b}) == a / b
        except EvaluationError as error:
            assert str(error) == "the result is not a finite number"


@given(st.decimals(min_value=-10**9, max_value=10**9, places=3))
def test_round_in_a_formula_is_half_up_on_the_number_as_written(written: Decimal) -> None:
    rounded = compile_formula(f"round({written}, 2)", []).evaluate({})
    expected = written.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
    assert rounded == float(expected)


def test_comparisons_in_a_formula_are_settled_as_edges_are() -> None:
    # 1,380,000 / 1,200,000 * 100 is 114.99999999999999 in binary; by hand it is 115.
    formula = compile_formula("120 if revenue / target * 100 >= 115 else 100", NAMES)
    assert formula.evaluate({"revenue": 1380000, "target": 1200000}) == 120.0
    equal = compile_formula("1 if revenue / target * 100 == 115 else 0", NAMES)
    assert equal.evaluate({"revenue": 1380000, "target": 1200000}) == 1.0
    assert compile_formula("revenue > 0", NAMES).evaluate({"revenue": 1e-12}) == 0.0

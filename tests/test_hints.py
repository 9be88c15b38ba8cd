"""Hints that say what a person typed and what to type instead: full-width digits and
punctuation from a Chinese input method, 万 and 亿, spreadsheet functions in a formula."""

from __future__ import annotations

from pathlib import Path

import pytest

from appraise import load_scheme, read_actuals, score, validate_scheme
from appraise.diagnostics import AppraiseError
from appraise.formula import FormulaError, compile_formula
from appraise.load import load_yaml

ROOT = Path(__file__).resolve().parent.parent
SCHEME = ROOT / "schemes/examples/sales_company.yaml"
EXAMPLE = SCHEME.read_text(encoding="utf-8")
HEADER = ("id,name,post,revenue,cash_collected,sales_cost,new_customers,satisfaction,"
          "teamwork,contract_errors,serious_violations")
SR01 = "SR01,张伟,sales_rep,1380000,1242000,262200,13,88,B,1,0"


def scheme_problems(text: str) -> list[str]:
    return [str(d) for d in validate_scheme("s.yaml", content=text.encode()).diagnostics]


def bonus_base(written: str) -> list[str]:
    return scheme_problems(EXAMPLE.replace("bonus_base: 20000\n", f"bonus_base: {written}\n"))


def yaml_problems(text: str) -> list[str]:
    with pytest.raises(AppraiseError) as info:
        load_yaml("s.yaml", text.encode())
    return [str(d) for d in info.value.diagnostics]


def data_problems(revenue: str) -> list[str]:
    scheme = load_scheme(SCHEME)
    text = f"{HEADER}\n{SR01.replace('1380000', revenue)}\n"
    with pytest.raises(AppraiseError) as info:
        score(scheme, read_actuals("d.csv", scheme, content=text.encode()))
    return [str(d) for d in info.value.diagnostics]


def formula_problem(text: str) -> tuple[str, int, str]:
    with pytest.raises(FormulaError) as info:
        compile_formula(text, ["revenue", "target", "cost"])
    return info.value.message, info.value.column, info.value.hint


# -- numbers in a scheme ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("１２０００００", "full-width digits: write 1200000 typed in English input mode"),
        ("１，２００，０００", "full-width digits: write 1200000 typed in English input mode"),
        ("20000．5", "full-width full stop '．': write 20000.5 typed in English input mode"),
        ("132万", "write 1320000: a number is written in full, without 万"),
        ("１３２万", "write 1320000: a number is written in full, without 万"),
        ("1.5亿", "write 150000000: a number is written in full, without 亿"),
        ("2万元", "write 20000: a number is written in full, without 万元"),
        ("20000元", "write 20000, without '元'"),
        ("20000（元）", "write 20000, without '（元）'"),
    ],
)
def test_a_number_written_as_a_person_would_gets_how_to_write_it(written: str, hint: str) -> None:
    assert bonus_base(written) == [
        f"s.yaml:10:13: error: bonus_base: expected a number, found the text '{written}' ({hint})"]


def test_a_quoted_number_still_gets_remove_the_quotes() -> None:
    assert bonus_base("'20,000'") == [
        "s.yaml:10:13: error: bonus_base: expected a number, found the text '20,000' (remove the "
        "quotes and any thousands separators)"]


def test_text_where_text_belongs_is_not_a_number() -> None:
    text = EXAMPLE.replace("label: 销售额\n", "label: 132万\n", 1)
    assert text != EXAMPLE and scheme_problems(text) == []


# -- numbers in the data --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("132万", "write 1320000: a number is written in full, without 万"),
        ("１，３８０，０００", "full-width digits: write 1380000 typed in English input mode"),
        ("1380000元", "write 1380000, without '元'"),
    ],
)
def test_a_figure_written_as_a_person_would_gets_how_to_write_it(written: str, hint: str) -> None:
    assert data_problems(written) == [
        f"d.csv:2:4: error: SR01.revenue: expected a number, found '{written}' ({hint})"]


def test_full_width_digits_alone_are_read_as_the_number_they_are(tmp_path: Path) -> None:
    text = Path(SCHEME).read_text(encoding="utf-8")  # SR01 alone, whose row the data holds
    only = tmp_path / "scheme.yaml"
    only.write_text(text[:text.index("\npeople:\n")] + "\npeople:\n  SR01: {name: 张伟, post: "
                    "sales_rep}\n", encoding="utf-8")
    scheme = load_scheme(only)
    text = f"{HEADER}\n{SR01.replace('1380000', '１３８００００')}\n"
    person = score(scheme, read_actuals("d.csv", scheme, content=text.encode())).person("SR01")
    assert person.items[0].value == 1380000.0


# -- full-width spaces and brackets in YAML ---------------------------------------------------


SPACE = "full-width space (U+3000)"


@pytest.mark.parametrize(
    ("text", "error"),
    [
        # one U+3000 looks like two spaces: what was meant is the indentation it shows
        ("fields:\n  revenue:\n    label: x\n  \u3000type: number\n    unit: y\n",
         f"4:3: error: {SPACE} in the indentation (use ordinary spaces typed in English input "
         "mode)"),
        ("fields:\n  revenue: \u3000\n    label: x\n",
         f"2:12: error: {SPACE} after ':' (use an ordinary space typed in English input mode)"),
        ("fields:\n  revenue:\n    label: x\n    type:  \u3000\n      unit: y\n",
         f"4:12: error: {SPACE} after ':' (use an ordinary space typed in English input mode)"),
    ],
)
def test_a_full_width_space_inside_a_mapping_is_named_where_it_is(text: str, error: str) -> None:
    assert yaml_problems(text) == [f"s.yaml:{error}"]


def test_a_key_with_a_full_width_space_after_it_is_named() -> None:
    text = EXAMPLE.replace("bonus_base: 20000\n", "bonus_base\u3000: 20000\n")
    assert scheme_problems(text)[-1] == (
        "s.yaml:10:1: error: bonus_base\u3000: unknown key 'bonus_base\u3000' (the key ends with "
        "a full-width space (U+3000): did you mean 'bonus_base'?)")


def test_a_list_in_full_width_brackets_is_named() -> None:
    text = EXAMPLE.replace("      - {indicator: teamwork, weight: 5}",
                           "      - （teamwork, 5）")
    assert scheme_problems(text)[0].endswith(
        "expected a mapping of keys to values, found the text '（teamwork, 5）' (full-width "
        "bracket '（': use '{' and '}' typed in English input mode)")


# -- formulas ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("IF(revenue > target, 100, 0)", (
            "unknown function 'IF'", 1,
            "write it as 'a if condition else b': 100 if revenue > target else 0")),
        ("if(revenue > target, 100, 0)", (
            "the formula is not valid: invalid syntax", 1,
            "write it as 'a if condition else b', e.g. 100 if revenue >= target else 0")),
        ("SUM(revenue, target, cost)", (
            "unknown function 'SUM'", 1, "add with +: revenue + target + cost")),
        ("AVERAGE(revenue, cost)", (
            "unknown function 'AVERAGE'", 1, "write (revenue + cost) / 2")),
        ("ROUND(revenue / target * 100, 1)", (
            "unknown function 'ROUND'", 1,
            "write 'round' in small letters: round(x, places): half-up rounding, places 0 by "
            "default")),
        ("MAX(revenue, cost)", (
            "unknown function 'MAX'", 1, "write 'max' in small letters: max(a, b, ...): the "
            "largest")),
        ("Min(revenue, cost)", (
            "unknown function 'Min'", 1, "write 'min' in small letters: min(a, b, ...): the "
            "smallest")),
        ("IFERROR(revenue / target, 0)", (
            "unknown function 'IFERROR'", 1,
            "for a division that may be by 0, write div(a, b, default): div(revenue, target, "
            "0)")),
        ("AND(revenue > 0, cost > 0)", (
            "unknown function 'AND'", 1, "write revenue > 0 and cost > 0")),
        ("MOD(revenue, 7)", ("unknown function 'MOD'", 1, "write revenue % 7")),
        ("revenue <> target", (
            "the formula is not valid: invalid syntax", 9, "write != for 'is not equal to'")),
        ("revenue ^ 2", (
            "the operator '^' is not allowed", 1, "for a power write **, e.g. revenue ** 2")),
        ("=revenue / target", (
            "the formula is not valid: invalid syntax", 1,
            "leave out the '=' at the start: a formula is written without it")),
        ("（revenue - cost）/ target", (
            "the formula is not valid: full-width bracket '（'", 1,
            "use '(' typed in English input mode")),
        ("(revenue - cost）/ target", (
            "the formula is not valid: full-width bracket '）'", 16,
            "use ')' typed in English input mode")),
        ("max(revenue，cost)", (
            "the formula is not valid: full-width comma '，'", 12,
            "use ',' typed in English input mode")),
        ("revenue × 2", (
            "the formula is not valid: multiplication sign '×'", 9, "use '*'")),
        ("revenue ÷ target", ("the formula is not valid: division sign '÷'", 9, "use '/'")),
        ("revenue * １．５", (
            "the formula is not valid: full-width digit '１'", 11,
            "use '1' typed in English input mode")),
        ("revenue\u3000/ target", (
            f"the formula is not valid: {SPACE}", 8,
            "use an ordinary space typed in English input mode")),
    ],
)
def test_a_formula_written_as_in_a_spreadsheet_gets_how_to_write_it(
        text: str, problem: tuple[str, int, str]) -> None:
    assert formula_problem(text) == problem

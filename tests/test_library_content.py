"""The shipped library of standard sales indicators (schemes/library/standard.yaml).

Every indicator of the library is held to the scheme language: put into a scheme (its
fields, the indicator, a card that weighs it 100 and a post with the targets its rule
needs), it validates without a word, with and without a calendar; the fields it says it
reads are exactly the ones its formula reads; every entry has its words in Chinese and in
English; and the default rules give, on figures worked by hand, the points a person
computing them by hand gets.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from appraise import (
    AppraiseError,
    load_scheme,
    parse_period,
    read_actuals,
    read_monthly,
    round_to,
    score,
    score_file,
    validate_scheme,
)
from appraise.formula.check import compile_formula
from appraise.load.document import load_yaml

LIBRARY = Path(__file__).parent.parent / "schemes" / "library" / "standard.yaml"
PERSPECTIVES = {"financial", "customer", "internal_process", "learning_and_growth"}
NO_WEIGHT = {"deduction", "bonus", "veto"}
LOOKS_BACK = {"revenue_growth", "revenue_yoy"}

# A target for each indicator whose rule needs one and whose library entry gives none
# (the post's or the person's, in a real scheme): a quarter's, for a scheme without a
# calendar; a month's, for one kept by month.
TARGETS: dict[str, Any] = {
    "revenue": 1200000,
    "revenue_achievement": 1200000,
    "revenue_two_level": {"base": 400000, "stretch": 500000},
    "contract_achievement": 1500000,
    "cash_collection_achievement": 1100000,
    "gross_profit": 360000,
    "gross_margin": 30,
    "overdue_receivable_rate": 10,
    "revenue_per_head": 240000,
    "average_order_value": 20000,
    "market_share": 15,
    "market_penetration": 5,
    "new_customer_count": 15,
    "new_customer_rate": 10,
    "effective_customer_expansion_rate": 6,
    "customer_retention_rate": 90,
    "customer_churn_rate": 5,
    "win_rate": 30,
    "lead_achievement": 600,
    "lead_conversion_rate": 20,
    "sales_cycle_length": 45,
    "staff_turnover_rate": 10,
}
ABCD = {"levels": {"A": {"points": 100, "label": "优秀"}, "B": {"points": 80, "label": "良好"},
                   "C": {"points": 60, "label": "合格"}, "D": {"points": 40, "label": "待改进"}}}


@functools.cache
def _library() -> dict[str, Any]:
    """The library as YAML data, read by the schemes' own loader (plain YAML only, no
    duplicate key, numbers as written), once; never changed by the tests."""
    data: dict[str, Any] = load_yaml(LIBRARY).data
    return data


def _card(ids: list[str], indicators: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """A card per indicator, weighing it 100; a deduction, bonus or veto takes no weight,
    so its card weighs the library's revenue beside it."""
    cards = {}
    for key in ids:
        items: list[dict[str, Any]] = [{"indicator": key, "weight": 100}]
        if indicators[key]["rule"]["kind"] in NO_WEIGHT:
            items = [{"indicator": "revenue", "weight": 100}, {"indicator": key}]
        cards[key] = items
    return cards


def library_scheme(ids: list[str], *, calendar: bool = False, use: bool = False
                   ) -> dict[str, Any]:
    """A scheme of the library's indicators ``ids``: the fields they read, each indicator
    as the library writes it (without ``fields:``), one card, post and person each.
    ``use``: each indicator taken by its id (use:), which brings its fields and scale."""
    library = _library()
    cards = _card(ids, library["indicators"])
    used = sorted({i["indicator"] for items in cards.values() for i in items})
    names = {f for key in used for f in library["indicators"][key]["fields"]}
    posts = {key: {"label": key, "unit": "company", "scorecard": key,
                   "targets": {i["indicator"]: TARGETS[i["indicator"]]
                               for i in items if i["indicator"] in TARGETS}}
             for key, items in cards.items()}
    scheme: dict[str, Any] = {
        "appraise": 1,
        "name": "library_check",
        "currency": "CNY",
        "bonus_base": 12000,
        "scales": {"abcd": ABCD},
        "grades": [{"grade": "A", "min": 90, "coefficient": 1.2},
                   {"grade": "B", "min": 60, "coefficient": 1},
                   {"grade": "C", "coefficient": 0}],
        "fields": {k: v for k, v in library["fields"].items() if k in names},
        "indicators": {k: {a: b for a, b in library["indicators"][k].items() if a != "fields"}
                       for k in used},
        "scorecards": {k: {"items": items} for k, items in cards.items()},
        "units": {"company": {"label": "公司", "kind": "company"}},
        "posts": posts,
        "people": {f"P_{k}": {"name": k, "post": k} for k in ids},
    }
    if use:
        del scheme["scales"]
        scheme["fields"] = {}
        scheme["indicators"] = {k: {"use": k} for k in used}
    if calendar:
        scheme["calendar"] = {"year": 2026, "targets_per": "month"}
    return scheme


class _Dumper(yaml.SafeDumper):
    """Writes a number the loader kept as a decimal (1.3) as it was written."""


_Dumper.add_representer(
    Decimal, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:float", str(value)))


def _content(scheme: dict[str, Any]) -> bytes:
    return yaml.dump(scheme, Dumper=_Dumper, allow_unicode=True, sort_keys=False).encode()


# ── (1) every indicator is a valid scheme indicator ─────────────────────────────────


@pytest.mark.parametrize("use", [False, True])
@pytest.mark.parametrize("calendar", [False, True])
def test_every_indicator_validates_in_a_scheme(calendar: bool, use: bool) -> None:
    """All the library's indicators in one scheme, each on its own card: not one error or
    warning, with a calendar (months rolled up, growth read from earlier months) and
    without one (one row per person for the period; the growth rates, which need earlier
    months, are left out)."""
    ids = [k for k in _library()["indicators"] if calendar or k not in LOOKS_BACK]
    validation = validate_scheme("library.yaml", _content(library_scheme(ids, calendar=calendar,
                                                                         use=use)))
    assert [str(d) for d in validation.diagnostics] == []
    assert validation.scheme is not None
    assert sorted(validation.scheme.indicators) == sorted(ids)


def test_the_library_holds_about_forty_indicators_over_the_four_perspectives() -> None:
    library = _library()
    assert (library["appraise_library"], library["name"]) == (1, "standard")
    assert library["label"] == "标准销售指标库"
    assert library["label_en"] == "Standard sales indicators"
    indicators = library["indicators"]
    assert len(indicators) == 46
    counts = {p: sum(1 for i in indicators.values() if i["perspective"] == p) for p in PERSPECTIVES}
    assert counts == {"financial": 17, "customer": 14, "internal_process": 10,
                      "learning_and_growth": 5}


def test_the_issues_list_is_in_the_library() -> None:
    """销售额 / 销售目标完成率 / 销售增长率 / 货款回笼率 / 销售成本率 / 毛利率 / 新客户开发率 /
    有效客户拓展率 / 客户保持率 / 客户流失率 / 客户满意度 / 回访率 / 订单履约率 / 销售计划准确率 /
    费用差异率 / 合同审核及时率, by their Chinese labels."""
    labels = {i["label"] for i in _library()["indicators"].values()}
    wanted = {"销售额", "销售目标完成率", "销售增长率（环比）", "销售增长率（同比）",
              "货款回笼率", "销售成本率", "毛利率", "新客户开发率", "有效客户拓展率",
              "客户保持率", "客户流失率", "客户满意度", "回访率", "订单履约率",
              "销售计划准确率", "费用差异率", "合同审核及时率"}
    assert wanted - labels == set()


# ── (2) the fields an indicator says it reads are the ones its formula reads ────────


@pytest.mark.parametrize("key", sorted(_library()["indicators"]))
def test_fields_are_exactly_what_the_formula_reads(key: str) -> None:
    library = _library()
    entry = library["indicators"][key]
    formula = compile_formula(entry["formula"], library["fields"], looks_back=True)
    assert len(entry["fields"]) == len(set(entry["fields"]))
    assert set(entry["fields"]) == set(formula.fields)


def test_every_field_is_read_by_some_indicator() -> None:
    library = _library()
    read = {f for entry in library["indicators"].values() for f in entry["fields"]}
    assert set(library["fields"]) - read == set()


# ── (3) words in both languages ─────────────────────────────────────────────────────


def _filled(entry: dict[str, Any], keys: tuple[str, ...]) -> list[str]:
    return [k for k in keys if not isinstance(entry.get(k), str) or not entry[k].strip()]


def test_every_entry_has_its_words_in_chinese_and_english() -> None:
    library = _library()
    missing = {("indicators", key): _filled(entry, ("label", "label_en", "description",
                                                    "description_en"))
               for key, entry in library["indicators"].items()}
    missing |= {("fields", key): _filled(entry, ("label", "label_en", "definition",
                                                 "definition_en"))
                for key, entry in library["fields"].items()}
    assert {where: keys for where, keys in missing.items() if keys} == {}


@pytest.mark.parametrize("section", ["fields", "indicators"])
@pytest.mark.parametrize("key", ["label", "label_en"])
def test_no_two_entries_share_a_label(section: str, key: str) -> None:
    labels = [entry[key] for entry in _library()[section].values()]
    assert sorted({x for x in labels if labels.count(x) > 1}) == []


def test_ids_are_lower_snake_english_and_every_indicator_says_what_it_is() -> None:
    """Each indicator names its perspective, its direction, and its unit unless it is a
    reviewer's rating; each number field its unit and how months roll up."""
    library = _library()
    ids = [*library["fields"], *library["indicators"]]
    assert [i for i in ids if not re.fullmatch(r"[a-z][a-z0-9]*(_[a-z0-9]+)*", i)] == []
    for key, entry in library["indicators"].items():
        assert entry["perspective"] in PERSPECTIVES, key
        assert entry["direction"] in {"higher_is_better", "lower_is_better"}, key
        assert "unit" in entry or entry.get("type") == "qualitative", key
    for key, entry in library["fields"].items():
        assert "aggregate" in entry, key
        assert "unit" in entry or entry.get("type") == "rating", key


def test_targets_only_where_the_literature_gives_them() -> None:
    """Sales cost rate at most 20%, wasted expense at most 10%, revisit rate at least 80%;
    expenses on budget (a variance of 0, a control rate of 100%) is what a budget means.
    Every other target belongs to the post or the person."""
    targets = {k: e["target"] for k, e in _library()["indicators"].items() if "target" in e}
    assert targets == {"sales_cost_rate": 20, "wasted_expense_rate": 10, "revisit_rate": 80,
                       "expense_variance": 0, "expense_control_rate": 100}


# ── (4) the default rules, worked by hand ────────────────────────────────────────────

# Each person holds one indicator's card; the figures of their row.
FIGURES: dict[str, dict[str, float | str]] = {
    "revenue_achievement": {"revenue": 1380000},
    "revenue_two_level": {"revenue": 450000},
    "collection_rate": {"cash_collected": 1242000, "revenue": 1380000},
    "sales_cost_rate": {"sales_cost": 303600, "revenue": 1380000},
    "gross_margin": {"revenue": 1000000, "cost_of_goods_sold": 720000},
    "expense_variance": {"expense": 1050000, "expense_budget": 1000000},
    "average_order_value": {"revenue": 1380000, "buying_customers": 60},
    "customer_retention_rate": {"customers_start": 40, "customers_end": 44, "new_customers": 9},
    "customer_churn_rate": {"customers_start": 40, "customers_lost": 3},
    "customer_satisfaction": {"satisfaction": 88},
    "revisit_rate": {"revisits": 36, "revisits_due": 50},
    "key_customer_visit_rate": {"key_visits": 19, "key_customers_due": 20},
    "order_fulfilment_rate": {"orders_fulfilled": 47, "orders_due": 50},
    "plan_accuracy": {"planned_volume": 1000, "sales_volume": 1080},
    "plan_timeliness": {"plans_on_time": 5, "plans_due": 6},
    "report_accuracy": {"reports_wrong": 1, "reports_submitted": 50},
    "contract_review_timeliness": {"contracts_reviewed_on_time": 38, "contracts_submitted": 40},
    "sales_cycle_length": {"days_to_close": 1500, "deals_won": 30},
    "teamwork": {"teamwork": "B"},
    "major_contract_errors": {"revenue": 1200000, "contract_errors": 1},
    "customer_complaints": {"revenue": 1200000, "complaints": 7},
    "industry_awards": {"revenue": 1200000, "industry_awards": 2},
    "serious_violation": {"revenue": 1380000, "serious_violations": 1},
}


def _data(figures: dict[str, dict[str, float | str]], first: str = "id,post") -> bytes:
    columns = sorted({c for row in figures.values() for c in row})
    lines = [",".join([first, *columns])]
    lines += [",".join([f"P_{key}", key, *(str(row.get(c, "")) for c in columns)])
              for key, row in figures.items()]
    return ("\n".join(lines) + "\n").encode()


def _scored(reference: bool, use: bool = False) -> dict[str, Any]:
    """Scored as columns, or one person at a time (the reference explain traces); the
    indicators written out, or taken from the library by id."""
    scheme = load_scheme("library.yaml", _content(library_scheme(list(FIGURES), use=use)))
    actuals = read_actuals("q1.csv", scheme, content=_data(FIGURES), reference=reference)
    result = score(scheme, actuals, reference=reference)
    assert result.warnings == ()
    return {p.person: p for p in result.people}


def _shown(x: float) -> Decimal:
    return round_to(x, 4)


@pytest.mark.parametrize(("reference", "use"), [(False, False), (True, False), (False, True)])
def test_the_default_rules_score_as_computed_by_hand(reference: bool, use: bool) -> None:
    """Targets as in TARGETS (a quarter's), figures as in FIGURES:

    - revenue_achievement: 1,380,000 / 1,200,000 = 115% → linear: 100 + 15 × 1.3 = 119.5
      (the domain's worked example, and 114.99999999999999 in binary counts as 115).
    - revenue_two_level: 450,000 between the base task 400,000 (80) and the stretch goal
      500,000 (100): 80 + 50,000 / 100,000 × 20 = 90.
    - collection_rate: 1,242,000 / 1,380,000 × 100 = 90% → band [90, 95) → 80.
    - sales_cost_rate: 303,600 / 1,380,000 × 100 = 22% against at most 20%: 2 points over
      × 10 = 20 off → 80.
    - gross_margin: (1,000,000 − 720,000) / 1,000,000 × 100 = 28% against 30%: 2 points
      short × 5 = 10 off → 90.
    - expense_variance: (1,050,000 − 1,000,000) / 1,000,000 × 100 = 5% over budget (the
      target 0): 5 × 3 = 15 off → 85.
    - average_order_value: 1,380,000 / 60 = 23,000 against 20,000 = 115% → ratio 115.
    - customer_retention_rate: (44 − 9) / 40 × 100 = 87.5% against 90: 87.5 / 90 × 100 =
      97.2222 (cap 110 not reached).
    - customer_churn_rate: 3 / 40 × 100 = 7.5% against at most 5%: 2.5 over × 5 = 12.5
      off → 87.5.
    - customer_satisfaction: 88 on the line from 70 (0) to 90 (100): 18 / 20 × 100 = 90.
    - revisit_rate: 36 / 50 × 100 = 72% against 80%: 72 / 80 × 100 = 90.
    - key_customer_visit_rate: 19 / 20 × 100 = 95%, exactly the threshold → 100.
    - order_fulfilment_rate: 47 / 50 × 100 = 94% → band [90, 95) → 60.
    - plan_accuracy: (1 − |1,000 − 1,080| / 1,000) × 100 = 92% → band [90, 95) → 80.
    - plan_timeliness: 5 / 6 × 100 = 83.3333% short of 100% → 70.
    - report_accuracy: (1 − 1 / 50) × 100 = 98% on the line from 95 (0) to 100 (100):
      3 / 5 × 100 = 60.
    - contract_review_timeliness: 38 / 40 × 100 = 95%, exactly the threshold → 100.
    - sales_cycle_length: 1,500 days / 30 deals = 50 days against 45: 5 days over × 2 =
      10 off → 90.
    - teamwork: rated B on the four-level scale → 80.
    """
    people = _scored(reference, use)
    found = {key: (_shown(people[f"P_{key}"].items[0].value),
                   _shown(people[f"P_{key}"].items[0].points))
             for key in FIGURES if key not in {"teamwork", *_no_weight()}}
    assert found == {
        "revenue_achievement": (Decimal(1380000), Decimal("119.5")),
        "revenue_two_level": (Decimal(450000), Decimal(90)),
        "collection_rate": (Decimal(90), Decimal(80)),
        "sales_cost_rate": (Decimal(22), Decimal(80)),
        "gross_margin": (Decimal(28), Decimal(90)),
        "expense_variance": (Decimal(5), Decimal(85)),
        "average_order_value": (Decimal(23000), Decimal(115)),
        "customer_retention_rate": (Decimal("87.5"), Decimal("97.2222")),
        "customer_churn_rate": (Decimal("7.5"), Decimal("87.5")),
        "customer_satisfaction": (Decimal(88), Decimal(90)),
        "revisit_rate": (Decimal(72), Decimal(90)),
        "key_customer_visit_rate": (Decimal(95), Decimal(100)),
        "order_fulfilment_rate": (Decimal(94), Decimal(60)),
        "plan_accuracy": (Decimal(92), Decimal(80)),
        "plan_timeliness": (Decimal("83.3333"), Decimal(70)),
        "report_accuracy": (Decimal(98), Decimal(60)),
        "contract_review_timeliness": (Decimal(95), Decimal(100)),
        "sales_cycle_length": (Decimal(50), Decimal(90)),
    }
    teamwork = people["P_teamwork"].items[0]
    assert (teamwork.value, teamwork.points) == ("B", 80)


def _no_weight() -> set[str]:
    return {k for k, e in _library()["indicators"].items() if e["rule"]["kind"] in NO_WEIGHT}


@pytest.mark.parametrize("reference", [False, True])
def test_deductions_bonus_items_and_the_veto_act_on_the_total(reference: bool) -> None:
    """Revenue 1,200,000 against 1,200,000 → 100 points × 100%:

    - major_contract_errors: 1 error × 5 = 5 off → total 95, grade A.
    - customer_complaints: 7 complaints × 2 = 14, at most 10 off → total 90, grade A.
    - industry_awards: 2 awards × 3 = 6, at most 5 → total 105, grade A.
    - serious_violation: revenue 1,380,000 (115 points) and one violation → total 0, the
      lowest grade C.
    """
    people = _scored(reference)
    found = {key: ([(i.id, _shown(i.points)) for i in people[f"P_{key}"].items],
                   _shown(people[f"P_{key}"].total), people[f"P_{key}"].grade)
             for key in sorted(_no_weight())}
    assert found == {
        "customer_complaints": ([("revenue", Decimal(100)), ("customer_complaints", Decimal(10))],
                                Decimal(90), "A"),
        "industry_awards": ([("revenue", Decimal(100)), ("industry_awards", Decimal(5))],
                            Decimal(105), "A"),
        "major_contract_errors": ([("revenue", Decimal(100)),
                                   ("major_contract_errors", Decimal(5))], Decimal(95), "A"),
        "serious_violation": ([("revenue", Decimal(115)), ("serious_violation", Decimal(1))],
                              Decimal(0), "C"),
    }


GROWTH = """id,post,period,revenue
P_revenue_growth,revenue_growth,2025-10,300000
P_revenue_growth,revenue_growth,2025-11,320000
P_revenue_growth,revenue_growth,2025-12,380000
P_revenue_growth,revenue_growth,2026-01,350000
P_revenue_growth,revenue_growth,2026-02,380000
P_revenue_growth,revenue_growth,2026-03,420000
P_revenue_yoy,revenue_yoy,2025-01,250000
P_revenue_yoy,revenue_yoy,2025-02,280000
P_revenue_yoy,revenue_yoy,2025-03,270000
P_revenue_yoy,revenue_yoy,2026-01,350000
P_revenue_yoy,revenue_yoy,2026-02,380000
P_revenue_yoy,revenue_yoy,2026-03,420000
"""


@pytest.mark.parametrize("reference", [False, True])
def test_growth_rates_read_the_earlier_months(reference: bool) -> None:
    """2026-Q1 revenue 350,000 + 380,000 + 420,000 = 1,150,000.

    - revenue_growth (环比): 2025-Q4 300,000 + 320,000 + 380,000 = 1,000,000:
      (1,150,000 − 1,000,000) / 1,000,000 × 100 = 15% → band [10, 20) → 90.
    - revenue_yoy (同比): 2025-Q1 250,000 + 280,000 + 270,000 = 800,000:
      (1,150,000 − 800,000) / 800,000 × 100 = 43.75% → band from 30 → 100.
    """
    scheme = load_scheme("library.yaml", _content(
        library_scheme(["revenue_growth", "revenue_yoy"], calendar=True)))
    monthly = read_monthly("months.csv", scheme, GROWTH.encode(), reference=reference)
    result = score(scheme, monthly, parse_period("2026-Q1", 2026), reference=reference)
    found = {p.person: [(i.id, _shown(i.value), _shown(i.points)) for i in p.items]
             for p in result.people}
    assert found == {
        "P_revenue_growth": [("revenue_growth", Decimal(15), Decimal(90))],
        "P_revenue_yoy": [("revenue_yoy", Decimal("43.75"), Decimal(100))],
    }


def test_a_ratio_over_nothing_names_the_person_and_the_indicator() -> None:
    """The library's ratios guard no division: a period without revenue, or without plans
    due, is HR's to decide (no collection to rate, or full marks?), so the run stops with
    an error at the person's row instead of a silent 0."""
    scheme = load_scheme("library.yaml", _content(
        library_scheme(["collection_rate", "plan_timeliness"])))
    data = _data({"collection_rate": {"cash_collected": 0, "revenue": 0},
                  "plan_timeliness": {"plans_on_time": 0, "plans_due": 0}})
    with pytest.raises(AppraiseError) as caught:
        score_file(scheme, "q1.csv", content=data)
    assert [str(d) for d in caught.value.diagnostics] == [
        "q1.csv:2:1: error: P_collection_rate.collection_rate: cannot score "
        "'collection_rate': division by zero (check the figures: a divisor in the formula "
        "is 0 for this person)",
        "q1.csv:3:1: error: P_plan_timeliness.plan_timeliness: cannot score "
        "'plan_timeliness': division by zero (check the figures: a divisor in the formula "
        "is 0 for this person)",
    ]


CHINESE = re.compile(r"[\u4e00-\u9fff]")


def test_the_chinese_words_are_chinese_and_the_english_twins_english() -> None:
    """A twin pasted into the wrong key (the Chinese definition under definition_en) is
    caught: every Chinese word has Chinese characters, no English twin has any."""
    library = _library()
    wrong = []
    for section, words in (("indicators", ("label", "description")),
                           ("fields", ("label", "definition"))):
        for key, entry in library[section].items():
            wrong += [(key, w) for w in words if not CHINESE.search(entry[w])]
            wrong += [(key, f"{w}_en") for w in words if CHINESE.search(entry[f"{w}_en"])]
    assert wrong == []

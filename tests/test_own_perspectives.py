"""A scheme's own perspectives (categories): declared under ``perspectives:`` with labels and
default weights, worked by hand on the shipped business-development template."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import command_output

from appraise import load_scheme, read_actuals, score, validate_scheme
from appraise.scoring.evaluate import card_totals
from appraise.scoring.reference import trace

TEMPLATE = Path("schemes/templates/business_development.yaml")
TEXT = TEMPLATE.read_text(encoding="utf-8")
DATA = """\
id,post,revenue,cash_collected,new_customers,active_channels,trained_staff,team_size,\
satisfaction,brand_events
BD01,bd_manager,2300000,2139000,12,7,9,10,94.5,4
BD02,bd_manager,1700000,1496000,8,8,6,10,81,5
"""
DECLARED = ("its perspectives: 'sales' (销售业绩), 'market' (市场拓展), 'channel' (渠道管理), "
            "'team' (团队管理), 'customer' (客户管理), 'brand' (品牌形象)")


def problems(text: str) -> list[str]:
    return [str(d) for d in validate_scheme("s.yaml", content=text.encode()).diagnostics]


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize("reference", [False, True])
def test_the_six_perspectives_score_by_hand(reference: bool) -> None:
    """BD01: 2,300,000 / 2,000,000 = 115 × 25% = 28.75; collected 93% ≥ 90 → 100 × 15% = 15
    (销售业绩 43.75 of its 40%); 12 / 10 new customers = 120 × 15% = 18; 7 / 8 channels =
    87.5 × 15% = 13.125; 9 / 10 trained = 90% → 100 × 10% = 10; 94.5 / 90 = 105 × 10% =
    10.5; 4 / 4 events = 100 × 10% = 10: 105.375, shown 105.38, A, 1.2 × 12,000 = 14,400.
    BD02: 85 × 25% = 21.25; 88% → 60 × 15% = 9; 80 × 15% = 12; 100 × 15% = 15; 60% → 50 ×
    10% = 5; 90 × 10% = 9; 5 / 4 capped at 100 × 10% = 10: 81.25, C, 0.8 × 12,000 = 9,600."""
    scheme = load_scheme(TEMPLATE)
    actuals = read_actuals("d.csv", scheme, content=DATA.encode())
    if reference:  # one value at a time, as explain traces it
        card = scheme.scorecards["bd_manager"]
        found = {row.person: card_totals(card, list(trace(scheme, scheme.posts[row.post],
                                                          row.values, {}, {})))[1]
                 for row in actuals.rows}
        assert found == {"BD01": 105.375, "BD02": 81.25}
        return
    result = score(scheme, actuals)
    assert [(p.person, p.total, p.grade, p.paid) for p in result.people] == [
        ("BD01", 105.375, "A", 1_440_000), ("BD02", 81.25, "C", 960_000)]


def test_an_indicator_outside_the_declared_perspectives() -> None:
    text = TEXT.replace("    perspective: brand\n", "    perspective: brnd\n")
    assert problems(text) == [
        f"s.yaml:{line_of(text, 'perspective: brnd')}:18: error: "
        "indicators.brand_events.perspective: indicator 'brand_events' is in perspective "
        f"'brnd', which the scheme does not declare ({DECLARED}) (did you mean 'brand'?)"]
    text = TEXT.replace("    perspective: brand\n", "    perspective: financial\n")
    assert problems(text) == [
        f"s.yaml:{line_of(text, 'perspective: financial')}:18: error: "
        "indicators.brand_events.perspective: indicator 'brand_events' is in perspective "
        f"'financial', which the scheme does not declare ({DECLARED}) (use one of them, or "
        "declare it under perspectives: at the top of the scheme)"]


def test_without_the_map_the_four_of_the_balanced_scorecard_stay() -> None:
    text = Path("schemes/examples/sales_company.yaml").read_text(encoding="utf-8")
    wrong = text.replace("    perspective: customer\n", "    perspective: custmer\n", 1)
    line = line_of(wrong, "perspective: custmer")
    assert [p for p in problems(wrong) if "custmer" in p] == [
        f"s.yaml:{line}:18: error: indicators.new_customer_count.perspective: indicator "
        "'new_customer_count' is in perspective 'custmer', which is not a balanced-scorecard "
        "perspective (financial, customer, internal_process, learning_and_growth) (did you "
        "mean 'customer'?)"]
    assert problems(text.replace("    perspective: customer\n", "    perspective: sales\n",
                                 1))[0].endswith(
        "(use one of them, or declare the scheme's own under perspectives: at the top of "
        "the scheme)")


def test_the_schemes_weights_hold_for_every_card_that_uses_them() -> None:
    text = TEXT.replace("{indicator: collection_rate, weight: 15}",
                        "{indicator: collection_rate, weight: 10}").replace(
        "{indicator: new_customers, weight: 15}", "{indicator: new_customers, weight: 20}")
    items = line_of(text, "    items:  ")
    assert problems(text) == [
        f"s.yaml:{items}:5: error: scorecards.bd_manager.items: indicators in perspective "
        "'market' (市场拓展) weigh 20%, but the perspective weighs 15% (the scheme's weight) "
        "(adjust the item weights or the perspective weight)",
        f"s.yaml:{items}:5: error: scorecards.bd_manager.items: indicators in perspective "
        "'sales' (销售业绩) weigh 35%, but the perspective weighs 40% (the scheme's weight) "
        "(adjust the item weights or the perspective weight)"]


def test_a_used_perspective_without_weight_beside_weighted_ones() -> None:
    text = TEXT.replace("brand: {label: 品牌形象, weight: 10}", "brand: {label: 品牌形象}")
    items = line_of(text, "    items:  ")
    assert problems(text) == [
        f"s.yaml:{items}:5: error: scorecards.bd_manager.items: the scheme's weights of the "
        "perspectives on this card add up to 90%, expected 100% (give this card its own "
        "perspectives: weights)",
        f"s.yaml:{items + 7}:21: error: scorecards.bd_manager.items[6].indicator: "
        "'brand_events' is in perspective 'brand' (品牌形象), which this card gives no weight "
        "(give the perspective a weight under the scheme's perspectives:, or give this card "
        "its own perspectives: weights)"]


def test_a_cards_own_weights_replace_the_schemes() -> None:
    own = "    perspectives: {sales: 50, market: 15, channel: 15, team: 10, customer: 10}\n"
    label = "    label: 商务拓展经理考核表\n"
    text = TEXT.replace(label, label + own) \
        .replace("{indicator: collection_rate, weight: 15}",
                 "{indicator: collection_rate, weight: 25}") \
        .replace("      - {indicator: brand_events, weight: 10}\n", "") \
        .replace("      brand_events: 4\n", "")
    assert problems(text) == []
    wrong = text.replace("customer: 10}", "customr: 10}")
    line = line_of(wrong, "customr: 10}")
    assert problems(wrong) == [
        f"s.yaml:{line}:66: error: scorecards.bd_manager.perspectives.customr: scorecard "
        f"'bd_manager' weighs perspective 'customr', which the scheme does not declare "
        f"({DECLARED}) (did you mean 'customer'?)"]


@pytest.mark.parametrize(("weight", "why"), [
    ("40/0", "its denominator is 0"),
    ("forty", "it is neither a number nor a fraction such as 100/3")])
def test_a_perspective_weight_that_cannot_be_read(weight: str, why: str) -> None:
    text = TEXT.replace("sales: {label: 销售业绩, weight: 40}",
                        f"sales: {{label: 销售业绩, weight: {weight}}}")
    assert problems(text) == [
        f"s.yaml:{line_of(text, weight)}:32: error: perspectives.sales.weight: weight "
        f"'{weight}' cannot be read: {why} (write a number (40) or a fraction of two numbers "
        "(100/3))"]


def run(tmp_path: Path, *args: str) -> str:
    return command_output(tmp_path, TEMPLATE, DATA, *args)


def test_explain_and_json_show_the_labels(tmp_path: Path) -> None:
    english = run(tmp_path, "explain", "--person", "BD01")
    assert "1. 销售目标完成率 (revenue_achievement) — 销售业绩\n" in english
    assert "4. 渠道覆盖 (channels) — 渠道管理\n" in english
    assert english.split("\n\n")[-1].splitlines()[:2] == [
        "By perspective: 销售业绩 43.75, 市场拓展 18.00, 渠道管理 13.13, 团队管理 10.00, "
        "客户管理 10.50, 品牌形象 10.00", "Weighted sum: 105.38"]
    chinese = run(tmp_path, "explain", "--person", "BD01", "--lang", "zh")
    assert "7. 品牌推广活动 (brand_events) — 品牌形象\n" in chinese
    assert chinese.split("\n\n")[-1].splitlines()[0] == (
        "各维度得分：销售业绩 43.75，市场拓展 18.00，渠道管理 13.13，团队管理 10.00，"
        "客户管理 10.50，品牌形象 10.00")
    items = json.loads(run(tmp_path, "explain", "--person", "BD01", "--format", "json"))[
        "segments"][0]["items"]
    assert [(i["perspective"], i["perspective_label"]) for i in items] == [
        ("sales", "销售业绩"), ("sales", "销售业绩"), ("market", "市场拓展"),
        ("channel", "渠道管理"), ("team", "团队管理"), ("customer", "客户管理"),
        ("brand", "品牌形象")]
    scored = json.loads(run(tmp_path, "score", "--format", "json"))
    assert scored["perspectives"] == {
        "sales": {"label": "销售业绩", "weight": 40.0},
        "market": {"label": "市场拓展", "weight": 15.0},
        "channel": {"label": "渠道管理", "weight": 15.0},
        "team": {"label": "团队管理", "weight": 10.0},
        "customer": {"label": "客户管理", "weight": 10.0},
        "brand": {"label": "品牌形象", "weight": 10.0}}
    assert scored["indicators"]["training"]["perspective"] == "team"

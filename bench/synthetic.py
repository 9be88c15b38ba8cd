"""A synthetic company for the benchmarks: a scheme YAML and a period's actuals CSV.

The organisation is five levels deep: company -> centres -> departments -> teams ->
posts. Four scorecards of 20 items each (16 weighted indicators, two events that
cost or add points and two one-vote vetoes) use every rule kind of the scheme
language. Targets are set per post, with a few per-person overrides, and the
figures are drawn around each person's own targets: misses, over-achievement,
results exactly on band edges (some, like 690 leads of 600, only on the edge once
settled: 114.99999999999999% in binary), a few veto events. Everything is seeded,
so the same arguments give the same bytes.
"""

from __future__ import annotations

import ast
import io
import random
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import yaml

# -- the scheme's vocabulary ---------------------------------------------------------------

SCALES = {
    "abcd": {"label": "四级评价", "levels": {
        "A": {"points": 100, "label": "优秀"}, "B": {"points": 80, "label": "良好"},
        "C": {"points": 60, "label": "合格"}, "D": {"points": 40, "label": "待改进"}}},
    "five": {"label": "五级评价", "levels": {
        "优": {"points": 100}, "良": {"points": 85}, "中": {"points": 70},
        "可": {"points": 55}, "差": {"points": 30}}},
}

GRADES = [
    {"grade": "A", "label": "优秀", "min": 95, "coefficient": 1.2},
    {"grade": "B", "label": "良好", "min": 85, "coefficient": 1.0},
    {"grade": "C", "label": "合格", "min": 70, "coefficient": 0.8},
    {"grade": "D", "label": "待改进", "min": 60, "coefficient": 0.5},
    {"grade": "E", "label": "不合格", "coefficient": 0},
]

RATING_FIELDS = {"teamwork": "abcd", "skills": "five"}

NUMBER_FIELDS = {
    "revenue": ("销售额", "yuan", "sum"), "revenue_last": ("上期销售额", "yuan", "sum"),
    "cash_collected": ("回款额", "yuan", "sum"), "sales_cost": ("销售费用", "yuan", "sum"),
    "wasted_expense": ("无效费用", "yuan", "sum"), "expense": ("部门费用", "yuan", "sum"),
    "budget": ("费用预算", "yuan", "sum"), "market_revenue": ("市场容量", "yuan", "last"),
    "gross_margin": ("毛利", "yuan", "sum"), "orders": ("订单数", "orders", "sum"),
    "new_customers": ("新客户数", "customers", "sum"),
    "customers_start": ("期初客户数", "customers", "last"),
    "customers_end": ("期末客户数", "customers", "last"),
    "satisfaction": ("客户满意度", "score", "average"),
    "key_visits": ("重要客户拜访数", "visits", "sum"),
    "key_customers_due": ("应拜访重要客户数", "customers", "sum"),
    "plans_on_time": ("按时提交计划数", "plans", "sum"),
    "plans_due": ("应提交计划数", "plans", "sum"),
    "reports_submitted": ("提交报表数", "reports", "sum"),
    "reports_wrong": ("有误报表数", "reports", "sum"),
    "complaints": ("有效投诉", "times", "sum"), "cycle_days": ("销售周期", "days", "average"),
    "planned_qty": ("计划销量", "units", "sum"), "actual_qty": ("实际销量", "units", "sum"),
    "files_complete": ("完整客户档案数", "files", "last"),
    "customers_served": ("服务客户数", "customers", "last"),
    "training_hours": ("培训学时", "hours", "sum"), "leads": ("有效线索", "leads", "sum"),
    "tickets_closed": ("结案工单", "tickets", "sum"),
    "contract_errors": ("重大合同失误", "times", "sum"),
    "safety_incidents": ("安全事故", "times", "sum"), "awards": ("行业奖项", "awards", "sum"),
    "violations": ("严重违纪", "times", "sum"), "compliance_breach": ("合规红线", "times", "sum"),
}

# id: (label, perspective, formula, rule, extra keys of the indicator)
INDICATORS: dict[str, tuple[str, str, str, dict[str, Any], dict[str, Any]]] = {
    "revenue_achievement": ("销售目标完成率", "financial", "revenue", {
        "kind": "linear", "at_target": 100, "above": 1.3, "below": 0.3, "cap": 120,
        "floor": 0}, {}),
    "revenue_two_level": ("销售额（任务/目标）", "financial", "revenue", {
        "kind": "two_level", "base_points": 80, "stretch_points": 100, "above": 0.5,
        "below": 2, "cap": 110, "floor": 0}, {}),
    "new_customer_count": ("新客户数量", "customer", "new_customers",
                           {"kind": "ratio", "cap": 120}, {}),
    "collection_rate": ("货款回笼率", "financial", "cash_collected / revenue * 100", {
        "kind": "bands", "bands": [
            {"min": 95, "points": 100, "label": "优"}, {"min": 90, "max": 95, "points": 80},
            {"min": 85, "max": 90, "points": 60}, {"max": 85, "points": 0}]}, {}),
    "sales_cost_rate": ("销售成本率", "financial", "sales_cost / revenue * 100", {
        "kind": "lower_is_better", "per_unit_over": 10}, {"target": 20}),
    "satisfaction": ("客户满意度", "customer", "satisfaction", {
        "kind": "piecewise", "table": [{"value": 60, "points": 0}, {"value": 70, "points": 40},
                                       {"value": 90, "points": 100}], "cap": 100}, {}),
    "teamwork": ("团队协作", "learning_and_growth", "teamwork",
                 {"kind": "rating", "scale": "abcd"}, {"type": "qualitative"}),
    "skills": ("专业技能", "learning_and_growth", "skills",
               {"kind": "rating", "scale": "five", "points": {"差": 20}},
               {"type": "qualitative"}),
    "key_visit_rate": ("重要客户拜访完成率", "customer",
                       "min(key_visits / key_customers_due * 100, 100)", {
                           "kind": "threshold", "at_least": 95, "otherwise": 60}, {}),
    "plan_timeliness": ("计划制定及时率", "internal_process",
                        "div(plans_on_time, plans_due, 1) * 100", {
                            "kind": "threshold", "at_least": 100, "otherwise": 70}, {}),
    "expense_variance": ("费用差异率", "financial", "(expense - budget) / budget * 100", {
        "kind": "linear", "basis": "value", "above": 1.3, "below": 3, "cap": 120, "floor": 0},
        {"direction": "lower_is_better", "target": 0}),
    "report_accuracy": ("报表准确率", "internal_process",
                        "(1 - reports_wrong / reports_submitted) * 100", {
                            "kind": "formula",
                            "points": "100 if value >= 100 else max(0, 100 - (100 - value) * 20)"},
                        {}),
    "growth_rate": ("销售增长率", "financial", "(revenue - revenue_last) / revenue_last * 100", {
        "kind": "linear", "basis": "value", "above": 1.5, "below": 2, "cap": 120, "floor": 0},
        {"target": 10}),
    "retention": ("客户保持率", "customer",
                  "(customers_end - new_customers) / customers_start * 100", {
                      "kind": "bands", "closed": "upper", "bands": [
                          {"min": 90, "points": 100}, {"min": 80, "max": 90, "points": 75},
                          {"max": 80, "points": 30}]}, {}),
    "complaint_count": ("有效投诉次数", "customer", "complaints", {
        "kind": "threshold", "at_most": 2, "otherwise": 50},
        {"direction": "lower_is_better"}),
    "cycle_time": ("销售周期", "internal_process", "cycle_days", {"kind": "ratio", "cap": 120},
                   {"direction": "lower_is_better", "target": 30}),
    "plan_accuracy": ("销售计划准确率", "internal_process",
                      "(1 - abs(planned_qty - actual_qty) / planned_qty) * 100", {
                          "kind": "bands", "on": "achievement", "bands": [
                              {"min": 100, "points": 100}, {"min": 95, "max": 100, "points": 85},
                              {"min": 90, "max": 95, "points": 70}, {"max": 90, "points": 40}]},
                      {"target": 95}),
    "margin_achievement": ("毛利达成", "financial", "gross_margin", {
        "kind": "formula", "points": "clamp(achievement, 0, 130) if value >= target * 0.5 else 0",
        "cap": 125, "floor": 0}, {}),
    "market_share": ("市场占有率", "customer", "revenue / market_revenue * 100", {
        "kind": "ratio", "factor": 0.8, "cap": 100, "floor": 20}, {"target": 5}),
    "order_value": ("客单价", "financial", "div(revenue, orders, 0)", {
        "kind": "linear", "above": 0.5, "below": 1, "cap": 110, "floor": 0}, {}),
    "budget_usage": ("预算执行率", "financial", "expense / budget * 100", {
        "kind": "linear", "basis": "value", "above": 2, "below": 2, "cap": 100, "floor": 0},
        {"direction": "closest_to_target", "target": 100}),
    "wasted_expense_rate": ("无效费用率", "financial", "wasted_expense / sales_cost * 100", {
        "kind": "lower_is_better", "basis": "achievement", "per_unit_over": 0.5},
        {"target": 10}),
    "file_completeness": ("客户档案完备率", "customer", "files_complete / customers_served * 100",
                          {"kind": "threshold", "otherwise": 50}, {"target": 98}),
    "training": ("培训完成", "learning_and_growth", "training_hours", {
        "kind": "piecewise", "on": "achievement", "cap": 105, "table": [
            {"value": 0, "points": 0}, {"value": 50, "points": 60},
            {"value": 100, "points": 100}, {"value": 150, "points": 110}]}, {"target": 40}),
    "lead_achievement": ("有效线索完成率", "customer", "leads", {
        "kind": "bands", "on": "achievement", "bands": [
            {"min": 115, "points": 120}, {"min": 100, "max": 115, "points": 100},
            {"min": 85, "max": 100, "points": 80}, {"min": 70, "max": 85, "points": 60},
            {"max": 70, "points": 30}]}, {}),
    "tickets_resolved": ("工单结案（任务/目标）", "internal_process", "tickets_closed", {
        "kind": "two_level", "base_points": 80, "stretch_points": 100, "above": 0.2,
        "below": 1.5, "cap": 105, "floor": 0}, {}),
    "contract_errors": ("重大合同失误", "internal_process", "contract_errors",
                        {"kind": "deduction", "per_event": 5, "max_points": 20}, {}),
    "safety_incidents": ("安全事故", "internal_process", "safety_incidents",
                         {"kind": "deduction", "per_event": 3, "max_points": 15}, {}),
    "awards": ("行业奖项加分", "learning_and_growth", "awards",
               {"kind": "bonus", "per_event": 3, "max_points": 5}, {}),
    "violations": ("严重违纪（一票否决）", "internal_process", "violations",
                   {"kind": "veto", "effect": "zero_total"}, {}),
    "compliance_breach": ("合规红线（最低等级）", "internal_process", "compliance_breach",
                          {"kind": "veto", "effect": "lowest_grade"}, {}),
}

# Each card: 16 weighted items adding up to 100, then four weightless items.
CARDS: dict[str, tuple[str, list[tuple[str, int]], list[str]]] = {
    "sales": ("销售岗考核表", [
        ("revenue_achievement", 15), ("revenue_two_level", 8), ("new_customer_count", 8),
        ("collection_rate", 8), ("sales_cost_rate", 6), ("satisfaction", 6), ("teamwork", 4),
        ("key_visit_rate", 5), ("report_accuracy", 4), ("growth_rate", 6), ("retention", 5),
        ("complaint_count", 4), ("cycle_time", 5), ("expense_variance", 6),
        ("plan_accuracy", 5), ("margin_achievement", 5)],
        ["contract_errors", "awards", "violations", "compliance_breach"]),
    "key_account": ("大客户岗考核表", [
        ("revenue_two_level", 15), ("collection_rate", 8), ("key_visit_rate", 8),
        ("satisfaction", 6), ("skills", 5), ("market_share", 6), ("lead_achievement", 6),
        ("wasted_expense_rate", 6), ("file_completeness", 6), ("training", 4),
        ("budget_usage", 5), ("plan_timeliness", 5), ("report_accuracy", 5),
        ("order_value", 5), ("retention", 5), ("margin_achievement", 5)],
        ["safety_incidents", "awards", "violations", "compliance_breach"]),
    "manager": ("管理岗考核表", [
        ("revenue_achievement", 12), ("revenue_two_level", 10), ("collection_rate", 6),
        ("sales_cost_rate", 6), ("expense_variance", 8), ("budget_usage", 5),
        ("growth_rate", 6), ("satisfaction", 5), ("teamwork", 4), ("skills", 4),
        ("plan_timeliness", 6), ("report_accuracy", 4), ("retention", 6), ("training", 4),
        ("market_share", 6), ("wasted_expense_rate", 8)],
        ["contract_errors", "awards", "violations", "compliance_breach"]),
    "operations": ("运营岗考核表", [
        ("satisfaction", 8), ("complaint_count", 8), ("cycle_time", 8),
        ("file_completeness", 7), ("plan_accuracy", 7), ("report_accuracy", 7),
        ("tickets_resolved", 10), ("teamwork", 6), ("skills", 5), ("training", 5),
        ("plan_timeliness", 6), ("lead_achievement", 5), ("wasted_expense_rate", 6),
        ("budget_usage", 4), ("expense_variance", 4), ("retention", 4)],
        ["safety_incidents", "awards", "violations", "compliance_breach"]),
}
# The manager card also weights the perspectives (维度权重).
PERSPECTIVE_CARD = "manager"

CENTRES = [("sales", "销售中心", "sales"), ("key_accounts", "大客户中心", "key_account"),
           ("operations", "运营中心", "operations")]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓" \
    "曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国文斌宇浩凯俊"


def person_id(i: int) -> str:
    return f"P{i:06d}"


def person_name(i: int) -> str:
    return SURNAMES[i % len(SURNAMES)] + GIVEN[(i // len(SURNAMES)) % len(GIVEN)] + \
        GIVEN[(i * 7 // 3) % len(GIVEN)]


# -- the organisation ----------------------------------------------------------------------


@dataclass
class Company:
    """The generated scheme as data, plus what the data generator needs to know."""

    doc: dict[str, Any]
    staff_posts: list[str] = field(default_factory=list)  # where most people work
    head_posts: list[str] = field(default_factory=list)  # one person each
    overrides: dict[int, dict[str, Any]] = field(default_factory=dict)  # person -> targets

    @property
    def post_count(self) -> int:
        return len(self.doc["posts"])

    def targets_for(self, i: int, post: str) -> dict[str, Any]:
        """The targets that apply to person ``i`` on ``post`` (person, else post, else
        indicator), for drawing realistic figures."""
        card = self.doc["posts"][post]["scorecard"]
        merged: dict[str, Any] = {}
        for name, _ in CARDS[card][1]:
            default = self.doc["indicators"][name].get("target")
            if default is not None:
                merged[name] = default
        merged.update(self.doc["posts"][post].get("targets", {}))
        merged.update(self.overrides.get(i, {}).get("targets", {}))
        return merged


def _post_targets(card: str, scale: float, rng: random.Random) -> dict[str, Any]:
    """Targets a post of this card needs, scaled to the post's level."""
    revenue = round(1_200_000 * scale / 10_000) * 10_000
    wanted = {
        "revenue_achievement": revenue,
        "revenue_two_level": {"base": revenue, "stretch": round(revenue * 1.25 / 10_000) * 10_000},
        "new_customer_count": max(3, round(15 * scale)),
        "margin_achievement": round(revenue * 0.3 / 1000) * 1000,
        "order_value": round(revenue / 40 / 100) * 100,
        "lead_achievement": max(20, round(600 * scale / 10) * 10),
        "tickets_resolved": {"base": max(20, round(120 * scale)),
                             "stretch": max(25, round(150 * scale))},
    }
    on_card = {name for name, _ in CARDS[card][1]}
    targets = {k: v for k, v in wanted.items() if k in on_card}
    if "sales_cost_rate" in on_card and rng.random() < 0.3:
        targets["sales_cost_rate"] = rng.choice([18, 22, 25])  # the indicator's default is 20
    if "training" in on_card and rng.random() < 0.3:
        targets["training"] = rng.choice([24, 32, 48])
    return targets


def make_company(centres: int = 3, departments: int = 3, teams: int = 4,
                 posts_per_team: int = 3, override_people: int = 1000,
                 seed: int = 2026) -> Company:
    """The scheme of a company: ``centres`` x ``departments`` x ``teams``, each team with
    ``posts_per_team`` posts (a lead on the manager card, staff on the centre's card).

    People among the first ``override_people`` get the occasional personal target or
    bonus base, so the scheme names only people any data file of that size holds.
    """
    rng = random.Random(seed)
    units: dict[str, Any] = {"company": {"label": "华东智联集团", "kind": "company",
                                         "head": "general_manager"}}
    posts: dict[str, Any] = {"general_manager": {
        "label": "总经理", "unit": "company", "scorecard": "manager", "bonus_base": 80000,
        "targets": _post_targets("manager", 40, rng)}}
    company = Company(doc={}, head_posts=["general_manager"])
    for c in range(centres):
        key, label, card = CENTRES[c % len(CENTRES)]
        centre = f"{key}_{c}"
        director = f"{centre}_director"
        units[centre] = {"label": f"{label}{c}", "kind": "centre", "parent": "company",
                         "head": director}
        posts[director] = {"label": f"{label}{c}总监", "unit": centre, "scorecard": "manager",
                           "bonus_base": 50000, "targets": _post_targets("manager", 12, rng)}
        company.head_posts.append(director)
        for d in range(departments):
            dept = f"{centre}_d{d}"
            manager = f"{dept}_manager"
            units[dept] = {"label": f"{label}{c}第{d}部", "kind": "department",
                           "parent": centre, "head": manager}
            posts[manager] = {"label": f"{label}{c}第{d}部经理", "unit": dept,
                              "scorecard": "manager", "bonus_base": 35000,
                              "targets": _post_targets("manager", 5, rng)}
            company.head_posts.append(manager)
            for t in range(teams):
                team = f"{dept}_t{t}"
                lead = f"{team}_lead"
                units[team] = {"label": f"{label}{c}第{d}部{t}组", "kind": "team",
                               "parent": dept, "head": lead}
                posts[lead] = {"label": f"{team}组长", "unit": team, "scorecard": "manager",
                               "bonus_base": 25000,
                               "targets": _post_targets("manager", 2.5, rng)}
                company.head_posts.append(lead)
                for p in range(posts_per_team - 1):
                    post = f"{team}_p{p}"
                    scale = rng.choice([0.6, 0.8, 1.0, 1.2, 1.5])
                    posts[post] = {"label": f"{team}岗位{p}", "unit": team, "scorecard": card,
                                   "targets": _post_targets(card, scale, rng)}
                    if rng.random() < 0.2:
                        posts[post]["bonus_base"] = rng.choice([15000, 18000, 24000])
                    company.staff_posts.append(post)
    company.doc = _scheme_doc(units, posts)
    _personal_overrides(company, override_people, rng)
    return company


def _personal_overrides(company: Company, limit: int, rng: random.Random) -> None:
    people: dict[str, Any] = {}
    for i in range(0, limit, 25):
        post = post_of(company, i, limit)
        entry: dict[str, Any] = {"name": person_name(i), "post": post}
        targets = company.doc["posts"][post].get("targets", {})
        if targets:
            name = sorted(targets)[i // 25 % len(targets)]
            own = targets[name]
            factor = rng.choice([0.8, 0.9, 1.1])
            if isinstance(own, dict):
                entry["targets"] = {name: {"base": round(own["base"] * factor),
                                           "stretch": round(own["stretch"] * factor)}}
            else:
                entry["targets"] = {name: round(own * factor, 2)}
        if i % 100 == 0:
            entry["bonus_base"] = 22000
        people[person_id(i)] = entry
        company.overrides[i] = entry
    company.doc["people"] = people


def post_of(company: Company, i: int, n: int) -> str:
    """Person ``i``'s post: the first people head the units, the rest are staff."""
    heads = company.head_posts
    if i < len(heads) and i < n:
        return heads[i]
    return company.staff_posts[(i * 7919) % len(company.staff_posts)]


def _scheme_doc(units: dict[str, Any], posts: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {k: {"label": label, "unit": unit, "aggregate": how}
                              for k, (label, unit, how) in NUMBER_FIELDS.items()}
    fields.update({k: {"label": {"teamwork": "团队协作评价", "skills": "专业技能评价"}[k],
                       "type": "rating", "scale": s, "aggregate": "last"}
                   for k, s in RATING_FIELDS.items()})
    indicators = {}
    for key, (label, perspective, formula, rule, extra) in INDICATORS.items():
        indicators[key] = {"label": label, "perspective": perspective, "formula": formula,
                           "rule": rule, **extra}
    cards = {}
    for key, (label, weighted, events) in CARDS.items():
        items = [{"indicator": n, "weight": w} for n, w in weighted]
        items += [{"indicator": n} for n in events]
        cards[key] = {"label": label, "items": items}
        if key == PERSPECTIVE_CARD:
            sums: dict[str, int] = {}
            for n, w in weighted:
                sums[INDICATORS[n][1]] = sums.get(INDICATORS[n][1], 0) + w
            cards[key]["perspectives"] = sums
    return {
        "appraise": 1, "name": "synthetic_group_2026", "label": "华东智联集团（基准测试）",
        "currency": "CNY", "bonus_base": 20000,
        "rounding": {"points": 2, "money": 2, "mode": "half_up"},
        "scales": SCALES, "grades": GRADES, "fields": fields, "indicators": indicators,
        "scorecards": cards, "units": units, "posts": posts,
    }


class _PlainDumper(yaml.SafeDumper):
    """Appraise accepts plain YAML only: never write anchors or aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def scheme_yaml(company: Company) -> bytes:
    text = yaml.dump(company.doc, Dumper=_PlainDumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=None, width=100)
    return ("# Generated by bench/synthetic.py: a benchmark company, not a real scheme.\n"
            + text).encode()


# -- the period's figures ------------------------------------------------------------------


def _base(target: Any) -> float:
    return float(target["base"]) if isinstance(target, dict) else float(target)


# Results a person reaches exactly, which an edge of some rule sits on. In binary,
# 690 / 600 x 100 is 114.99999999999999: only settling puts it on the 115 edge.
_EXACT = [Fraction(1), Fraction(115, 100), Fraction(85, 100), Fraction(11, 10),
          Fraction(7, 10), Fraction(1)]


def _achieved(rng: random.Random) -> float | Fraction:
    """How far a person got: mostly near the target, some far below, a few far above,
    and one in eight exactly on a figure where an edge lies."""
    roll = rng.random()
    if roll < 0.125:
        return rng.choice(_EXACT)
    if roll < 0.18:
        return rng.uniform(0.3, 0.7)
    if roll < 0.26:
        return rng.uniform(1.25, 1.8)
    return max(0.2, rng.gauss(1.0, 0.15))


def _around(target: float, rng: random.Random, step: int = 1) -> int:
    """A figure near ``target``, a multiple of ``step`` unless it is exactly on an edge."""
    factor = _achieved(rng)
    if isinstance(factor, Fraction):
        exact = Fraction(target) * factor
        if exact.denominator == 1:
            return int(exact)
    return max(0, round(target * float(factor) / step) * step)


def person_figures(rng: random.Random, targets: dict[str, Any]) -> dict[str, Any]:
    """One person's figures, drawn around their own targets (all fields, used or not)."""
    revenue_target = _base(targets.get("revenue_achievement",
                                       targets.get("revenue_two_level", 1_000_000)))
    revenue = max(10_000, _around(revenue_target, rng, 1000))
    sales_cost = round(revenue * rng.randint(120, 280) / 1000)  # 12% to 28%, edges at 20%
    start = rng.randint(40, 200)
    new = _around(_base(targets.get("new_customer_count", 12)), rng)
    budget = rng.randint(20, 200) * 1000
    planned = rng.randint(100, 1000)
    served = rng.randint(20, 120)
    due = rng.randint(10, 40)
    plans_due = rng.choice([0, 3, 4, 6, 6, 12, 12, 12])  # none due: div() gives 100%
    tickets = _base(targets.get("tickets_resolved", 100))
    return {
        "revenue": revenue,
        "revenue_last": round(revenue / (1 + rng.gauss(0.08, 0.12)) / 1000) * 1000 or 1000,
        "cash_collected": revenue * rng.randint(78, 100) // 100 if rng.random() < 0.7
        else round(revenue * rng.uniform(0.75, 1.0)),
        "sales_cost": sales_cost,
        "wasted_expense": round(sales_cost * rng.randint(40, 180) / 1000),
        "expense": round(budget * rng.choice([1.0, rng.uniform(0.8, 1.25)])),
        "budget": budget,
        "market_revenue": round(revenue / rng.uniform(0.02, 0.08) / 1000) * 1000,
        "gross_margin": _around(_base(targets.get("margin_achievement", 300_000)), rng),
        "orders": rng.randint(0, 60) if rng.random() < 0.05 else rng.randint(10, 60),
        "new_customers": new,
        "customers_start": start,
        "customers_end": start + new - rng.randint(0, start // 4),
        "satisfaction": rng.choice([rng.randint(55, 100), round(rng.uniform(55, 100), 1)]),
        "key_visits": due - rng.choice([0, 0, 0, 1, 1, 2, 3, 6]),
        "key_customers_due": due,
        "plans_on_time": max(0, plans_due - rng.choice([0, 0, 0, 1, 2])),
        "plans_due": plans_due,
        "reports_submitted": rng.randint(10, 40),
        "reports_wrong": rng.choice([0, 0, 0, 0, 1, 1, 2, 3]),
        "complaints": rng.choice([0, 0, 0, 1, 1, 2, 3, 4, 6]),
        "cycle_days": rng.randint(12, 60),
        "planned_qty": planned,
        "actual_qty": round(planned * rng.choice([1.0, rng.uniform(0.75, 1.25)])),
        "files_complete": served - rng.choice([0, 0, 1, 2, 4]),
        "customers_served": served,
        "training_hours": rng.choice([rng.randint(0, 70), round(rng.uniform(0, 70), 1)]),
        "leads": _around(_base(targets.get("lead_achievement", 300)), rng),
        "tickets_closed": _around(tickets * 1.1, rng),
        "contract_errors": rng.choices([0, 1, 2, 5], [88, 8, 3, 1])[0],
        "safety_incidents": rng.choices([0, 1, 2, 6], [90, 7, 2, 1])[0],
        "awards": rng.choices([0, 1, 2], [92, 6, 2])[0],
        "violations": int(rng.random() < 0.003),
        "compliance_breach": int(rng.random() < 0.003),
        "teamwork": rng.choices("ABCD", [20, 45, 25, 10])[0],
        "skills": rng.choices("优良中可差", [15, 35, 30, 15, 5])[0],
    }


def formula_names(formula: str) -> list[str]:
    """The field names a formula reads, in order of appearance (not the functions)."""
    tree = ast.parse(formula, mode="eval")
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and id(node) not in called and node.id not in names:
            names.append(node.id)
    return names


def fields_of_card(card: str) -> list[str]:
    """The fields a person on ``card`` reports, in a stable order."""
    names: list[str] = []
    for indicator in [n for n, _ in CARDS[card][1]] + CARDS[card][2]:
        names += [n for n in formula_names(INDICATORS[indicator][2]) if n not in names]
    return names


def actuals_csv(company: Company, n: int, seed: int = 7) -> bytes:
    """The period's figures for ``n`` people: one row each, only their card's fields."""
    rng = random.Random(seed)
    columns = [*NUMBER_FIELDS, *RATING_FIELDS]
    needed = {card: set(fields_of_card(card)) for card in CARDS}
    out = io.StringIO()
    out.write("id,name,post," + ",".join(columns) + "\n")
    posts = company.doc["posts"]
    for i in range(n):
        post = post_of(company, i, n)
        figures = person_figures(rng, company.targets_for(i, post))
        wanted = needed[posts[post]["scorecard"]]
        cells = [str(figures[c]) if c in wanted else "" for c in columns]
        out.write(f"{person_id(i)},{person_name(i)},{post}," + ",".join(cells) + "\n")
    return out.getvalue().encode()

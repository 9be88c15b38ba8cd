"""The score JSON, written from the scorer's columns, says what the result's own views say."""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from appraise import Result, load_scheme, parse_period, read_actuals, read_monthly, score
from appraise.numbers import settle
from appraise.report import score_json
from appraise.report.as_json import item_json, step_json
from appraise.report.json_values import settled_text
from appraise.report.layout import Points

SCHEME = load_scheme("schemes/examples/sales_company.yaml")


def plain() -> Result:
    scheme = load_scheme("schemes/examples/sales_company.yaml")
    return score(scheme, read_actuals("schemes/examples/2026-Q1.csv", scheme))


def by_month() -> Result:
    scheme = load_scheme("schemes/examples/cascade_company.yaml")
    return score(scheme, read_monthly("schemes/examples/2026-months.csv", scheme),
                 parse_period("2026-Q1", 2026))


def expected_items(result: Result) -> dict[str, list[dict[str, Any]]]:
    points = Points(result.scheme)
    return {p.person: [{**item_json(points, item), "post": segment.post,
                        "step": step_json(item.step)}
                       for segment in p.segments for item in segment.items]
            for p in result.people}


@pytest.mark.parametrize("scored", [plain, by_month], ids=["plain", "by month"])
def test_every_item_of_the_json_is_the_item_of_the_result(scored: Any) -> None:
    result = scored()
    payload = json.loads(score_json(result))
    written = {p["person"]: p["indicators"] for p in payload["people"]}
    assert written == expected_items(result)
    assert [p["person"] for p in payload["people"]] == [p.person for p in result.people]


def test_a_step_bounded_by_a_limit_says_which_and_where() -> None:
    payload = json.loads(score_json(plain()))
    bounded = {(p["person"], i["indicator"]): (i["step"]["limited_by"], i["step"]["limit"],
                                               i["points"])
               for p in payload["people"] for i in p["indicators"] if "limited_by" in i["step"]}
    # SR04's revenue is 20.83% better than target: 127.08 points, capped at 120; KA03's two
    # industry awards at 3 points each come to 6, at most 5.
    assert bounded == {("SR04", "revenue_achievement"): ("cap", 120.0, 120.0),
                       ("KA03", "industry_awards"): ("most", 5.0, 5.0)}


def test_a_step_scored_for_a_unit_keeps_its_own_unit_beside_the_units_name() -> None:
    payload = json.loads(score_json(by_month()))
    gm = next(p for p in payload["people"] if p["person"] == "GM01")
    revenue = next(i for i in gm["indicators"] if i["indicator"] == "unit_revenue")
    # The group's revenue is 1.61% better than its target: the step's unit is '%', the
    # unit it was scored for the company, 华夏优选.
    assert revenue["step"] == {"kind": "linear.better", "gain": 1.6133333333333333,
                               "unit": "%", "at_target": 100.0, "slope": 1.3,
                               "raw": 102.09733333333334, "for_unit": "华夏优选"}
    steps = [(i.step, step_json(i.step)) for p in by_month().people for s in p.segments
             for i in s.items]
    assert [written for step, written in steps if len(written) != 1 + len(step.values)
            + (step.limit is not None) + (step.within is not None)] == []


@settings(max_examples=2000)
@given(st.lists(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e25,
                          max_value=1e25), min_size=1, max_size=8),
       st.sampled_from([0, 2, 4]), st.sampled_from(["half_up", "half_even"]))
def test_a_column_rounded_for_json_is_each_value_rounded(values: list[float], places: int,
                                                         mode: str) -> None:
    points = Points(SCHEME)
    points.places, points.mode = places, mode
    column = np.array(values)
    assert points.numbers(column) == [float(points(v)) for v in values]


@settings(max_examples=2000)
@given(st.one_of(st.floats(allow_nan=False, allow_infinity=False),
                 st.integers(-10**15, 10**15).map(lambda c: c / 100),
                 st.sampled_from([0.0, -0.0, 1e-10, 5e-324, 114.99999999999999, 0.1 + 0.2])))
def test_a_settled_number_is_written_as_its_settled_value(value: float) -> None:
    assert settled_text(value) == repr(settle(value))

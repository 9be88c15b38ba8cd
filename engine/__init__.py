"""Appraise: a rules-driven KPI appraisal engine.

The library behind the ``appraise`` command. A consultant can embed it::

    from engine import load_scheme, read_actuals, score_period

    scheme = load_scheme("schemes/examples/sales_company.yaml")
    actuals = read_actuals("schemes/examples/2026-Q1.csv", scheme)
    result = score_period(scheme, actuals)
    print(result.person("SR01").total)   # 94.8 (full precision; round with engine.numbers)

Nothing here prints or exits: problems come back as :class:`Diagnostic` objects,
or raised inside one :class:`AppraiseError`.
"""

from .build.scheme import Validation, load_scheme, validate_scheme
from .data.reader import Actuals, Row, read_actuals
from .diagnostics import AppraiseError, Diagnostic
from .model.scheme import Scheme
from .numbers import round_to
from .score.period import IndicatorResult, PeriodResult, PersonResult, score_period

__all__ = [
    "Actuals",
    "AppraiseError",
    "Diagnostic",
    "IndicatorResult",
    "PeriodResult",
    "PersonResult",
    "Row",
    "Scheme",
    "Validation",
    "load_scheme",
    "read_actuals",
    "round_to",
    "score_period",
    "validate_scheme",
]

"""Appraise: a rules-driven KPI appraisal engine.

The library behind the ``appraise`` command. A consultant can embed it::

    from appraise import load_scheme, score_file

    scheme = load_scheme("schemes/examples/sales_company.yaml")
    result = score_file(scheme, "schemes/examples/2026-Q1.csv")
    person = result.person("SR01")
    person.total, person.grade, person.bonus   # 94.8 (full precision), 'B', Decimal('20000.00')

The pipeline, one package per stage: :mod:`.load` (text to YAML with positions, the
JSON Schema), :mod:`.build` (YAML to the typed :mod:`.model`, checked; formulas by
:mod:`.formula`, rules by :mod:`.rules`), :mod:`.data` (a period's figures), :mod:`.score`
(one result for every scheme; the year's rules in :mod:`.year`), :mod:`.report`.
Nothing here prints or exits (but :mod:`.cli`, the command): problems come back as
:class:`Diagnostic` objects, or raised inside one :class:`AppraiseError`.
"""

from .build import Validation, load_scheme, validate_scheme
from .data import Actuals, Monthly, Row, read_actuals, read_monthly
from .diagnostics import AppraiseError, Diagnostic
from .model import Scheme
from .numbers import round_to
from .score import Item, PersonResult, Result, SegmentResult, score, score_file
from .year import Period, PeriodError, parse_period

__all__ = [
    "Actuals",
    "AppraiseError",
    "Diagnostic",
    "Item",
    "Monthly",
    "Period",
    "PeriodError",
    "PersonResult",
    "Result",
    "Row",
    "Scheme",
    "SegmentResult",
    "Validation",
    "load_scheme",
    "parse_period",
    "read_actuals",
    "read_monthly",
    "round_to",
    "score",
    "score_file",
    "validate_scheme",
]

"""Appraise: a rules-driven KPI appraisal engine.

The library behind the ``appraise`` command. A consultant can embed it::

    from appraise import load_scheme, score_file

    scheme = load_scheme("schemes/examples/sales_company.yaml")
    result = score_file(scheme, "schemes/examples/2026-Q1.csv")
    person = result.person("SR01")
    person.total, person.grade, person.bonus   # 94.8 (full precision), 'B', Decimal('20000.00')

The pipeline, one package per stage: :mod:`.load` (text to YAML with positions, the
JSON Schema), :mod:`.build` (YAML to the typed :mod:`.model`, checked; formulas by
:mod:`.formula`, rules by :mod:`.rules`), :mod:`.data` (a period's figures),
:mod:`.scoring` (one result for every scheme; the year's rules in :mod:`.year`),
:mod:`.report`.
Nothing here prints or exits (but :mod:`.cli`, the command): problems come back as
:class:`Diagnostic` objects, or raised inside one :class:`AppraiseError`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .lazy import on_first_use

if TYPE_CHECKING:
    from .build import Validation, load_scheme, validate_scheme
    from .data import Actuals, Monthly, Row, read_actuals, read_monthly
    from .diagnostics import AppraiseError, Diagnostic
    from .model import Scheme
    from .numbers import round_to
    from .scoring import Item, PersonResult, Result, SegmentResult, score, score_file
    from .year import Period, PeriodError, parse_period

# Where each name lives. Imported on first use, so that the command (``appraise.cli``,
# inside this package) starts without NumPy, jsonschema and every stage behind it.
_HOMES = {
    "Validation": ".build",
    "load_scheme": ".build",
    "validate_scheme": ".build",
    "Actuals": ".data",
    "Monthly": ".data",
    "Row": ".data",
    "read_actuals": ".data",
    "read_monthly": ".data",
    "AppraiseError": ".diagnostics",
    "Diagnostic": ".diagnostics",
    "Scheme": ".model",
    "round_to": ".numbers",
    "Item": ".scoring",
    "PersonResult": ".scoring",
    "Result": ".scoring",
    "SegmentResult": ".scoring",
    "score": ".scoring",
    "score_file": ".scoring",
    "Period": ".year",
    "PeriodError": ".year",
    "parse_period": ".year",
}


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


__getattr__, __dir__ = on_first_use(__name__, _HOMES, __all__)

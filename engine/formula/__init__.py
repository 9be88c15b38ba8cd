"""The formula sandbox: formulas from a scheme, checked once and run only here.

:mod:`.functions` says what a formula may use; :mod:`.check` checks a formula when the
scheme is validated; :mod:`.sandbox` evaluates it one set of figures at a time (the
reference); :mod:`.columns` computes the same formula over whole columns of people.
"""

from .check import compile_formula
from .functions import (
    FUNCTIONS,
    MAX_EXPONENT,
    EvaluationError,
    FormulaError,
)
from .sandbox import Formula

__all__ = [
    "FUNCTIONS",
    "MAX_EXPONENT",
    "EvaluationError",
    "Formula",
    "FormulaError",
    "compile_formula",
]

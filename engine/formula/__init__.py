"""The formula sandbox: formulas from a scheme, checked once and run only here.

:mod:`.sandbox` checks a formula and evaluates it one set of figures at a time (the
reference); :mod:`.columns` computes the same formula over whole columns of people.
"""

from .sandbox import (
    FUNCTIONS,
    MAX_EXPONENT,
    EvaluationError,
    Formula,
    FormulaError,
    compile_formula,
)

__all__ = [
    "FUNCTIONS",
    "MAX_EXPONENT",
    "EvaluationError",
    "Formula",
    "FormulaError",
    "compile_formula",
]

"""Reading a period's figures: CSV or JSON rows, checked against the scheme, with the
number fields kept as columns."""

from .reader import Actuals, Monthly, Row, Value, parse_number, read_actuals, read_monthly

__all__ = ["Actuals", "Monthly", "Row", "Value", "parse_number", "read_actuals", "read_monthly"]

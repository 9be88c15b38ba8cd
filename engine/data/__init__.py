"""Reading a period's figures: CSV or JSON rows, checked against the scheme, with the
number and rating fields kept as columns."""

from .cells import parse_number
from .counted import Counts, Owned
from .reader import Actuals, Monthly, Row, Rows, read_actuals, read_monthly
from .records import MAX_DATA_BYTES

__all__ = ["MAX_DATA_BYTES", "Actuals", "Counts", "Monthly", "Owned", "Row", "Rows",
           "parse_number", "read_actuals", "read_monthly"]

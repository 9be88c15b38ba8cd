"""Reporters: results and diagnostics into text a person or a program reads.

Each output is one module over the one result model (:class:`appraise.scoring.Result`):
the score table, JSON and CSV, the explanation, the targets tree, the validation
report. Steps become words in :mod:`.words`. Reporters never score; they round and
format what the scorer kept.
"""

from collections.abc import Callable, Iterable

from ..scoring import Result
from .as_csv import score_csv, score_csv_lines
from .as_json import score_json, score_json_lines
from .explain import explain_json, explain_text
from .table import score_table
from .targets import targets_csv, targets_json, targets_table
from .validation import diagnostics_json, diagnostics_text

SCORE_FORMATS: dict[str, Callable[[Result], str | Iterable[str]]] = {
    "table": score_table, "json": score_json_lines, "csv": score_csv_lines,
}
TARGET_FORMATS = {"table": targets_table, "json": targets_json, "csv": targets_csv}
EXPLAIN_FORMATS = {"text": explain_text, "json": explain_json}

__all__ = [
    "EXPLAIN_FORMATS",
    "SCORE_FORMATS",
    "TARGET_FORMATS",
    "diagnostics_json",
    "diagnostics_text",
    "explain_json",
    "explain_text",
    "score_csv",
    "score_csv_lines",
    "score_json",
    "score_json_lines",
    "score_table",
    "targets_csv",
    "targets_json",
    "targets_table",
]

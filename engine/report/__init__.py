"""Reporters: results and diagnostics into text a person or a program reads.

Each output is one module over the one result model (:class:`appraise.scoring.Result`):
the score table, JSON and CSV, the explanation, the targets tree, the validation
report. Steps become words in :mod:`.words`. Reporters never score; they round and
format what the scorer kept.

Each reporter is imported when it is first used, so that a command loads the one it
writes with (``validate`` none of the scoring stage behind the others).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ..lazy import on_first_use

if TYPE_CHECKING:
    from ..model import Scheme
    from ..scoring import PersonResult, Result
    from ..year import Period
    from .as_csv import score_csv, score_csv_chunks, score_csv_lines
    from .as_json import score_json, score_json_lines
    from .explain import explain_json, explain_text
    from .table import score_table
    from .targets import targets_csv, targets_json, targets_table
    from .validation import diagnostics_json, diagnostics_text
    from .xlsx_results import score_xlsx

# Where each name lives.
_HOMES = {
    "diagnostics_json": ".validation",
    "diagnostics_text": ".validation",
    "explain_json": ".explain",
    "explain_text": ".explain",
    "score_csv": ".as_csv",
    "score_csv_chunks": ".as_csv",
    "score_csv_lines": ".as_csv",
    "score_json": ".as_json",
    "score_json_lines": ".as_json",
    "score_table": ".table",
    "score_xlsx": ".xlsx_results",
    "targets_csv": ".targets",
    "targets_json": ".targets",
    "targets_table": ".targets",
}


def _on_first_use(name: str) -> Callable[..., Any]:
    """The reporter ``name``, imported when it is first called."""

    def reporter(*args: Any) -> Any:
        return __getattr__(name)(*args)

    reporter.__name__ = reporter.__qualname__ = name
    return reporter


# Each command's reporters, by the --format that chooses them.
SCORE_FORMATS: dict[str, Callable[[Result], str | Iterable[str] | Iterable[str | bytes]]] = {
    "table": _on_first_use("score_table"), "json": _on_first_use("score_json_lines"),
    "csv": _on_first_use("score_csv_chunks"),
}
TARGET_FORMATS: dict[str, Callable[[Scheme, Period | None], str]] = {
    "table": _on_first_use("targets_table"), "json": _on_first_use("targets_json"),
    "csv": _on_first_use("targets_csv"),
}
EXPLAIN_FORMATS: dict[str, Callable[[Result, PersonResult, str], str]] = {
    "text": _on_first_use("explain_text"), "json": _on_first_use("explain_json"),
}

__all__ = [
    "EXPLAIN_FORMATS",
    "SCORE_FORMATS",
    "TARGET_FORMATS",
    "diagnostics_json",
    "diagnostics_text",
    "explain_json",
    "explain_text",
    "score_csv",
    "score_csv_chunks",
    "score_csv_lines",
    "score_json",
    "score_json_lines",
    "score_table",
    "score_xlsx",
    "targets_csv",
    "targets_json",
    "targets_table",
]


__getattr__, __dir__ = on_first_use(__name__, _HOMES, __all__)

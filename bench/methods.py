"""The four methods, run the same way: from the loaded scheme and the parsed data to
per-person totals, grades and bonuses.

Every method starts from what loading gives (not timed): Appraise's ``Scheme`` and
``Actuals`` (the rows as ``read_actuals`` parsed them), and for the peers the same
scheme file read as plain YAML. The clock runs from there to the results.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import method_numpy
import method_simple
import method_zen
import yaml
from common import Scores

from appraise import Actuals, Result, Scheme, load_scheme, read_actuals, score


@dataclass
class Inputs:
    scheme: Scheme
    actuals: Actuals
    doc: dict[str, Any]
    rows: tuple[Any, ...]  # the rows a peer scores: all, or the first ``limit``

    @property
    def people(self) -> list[str]:
        return [row.person for row in self.actuals.rows]


def inputs(scheme_file: str | Path, data_file: str | Path, limit: int | None = None) -> Inputs:
    scheme = load_scheme(str(scheme_file))
    actuals = read_actuals(str(data_file), scheme)
    doc = yaml.safe_load(Path(scheme_file).read_bytes())
    rows = actuals.rows if limit is None else actuals.rows[:limit]
    return Inputs(scheme, actuals, doc, rows)


def _appraise(loaded: Inputs) -> Result:
    return score(loaded.scheme, loaded.actuals)


def appraise_scores(result: Result) -> Scores:
    people, grades = result.columns, result.scheme.grades
    places = result.scheme.rounding.money
    return Scores(people.total.tolist(), [grades[g].grade for g in people.grade.tolist()],
                  [None if cents is None else cents / 10 ** places for cents in people.paid])


@dataclass(frozen=True)
class Method:
    key: str
    label: str
    run: Callable[[Inputs], Any]
    scores: Callable[[Any], Scores]


def _same(result: Any) -> Scores:
    assert isinstance(result, Scores)
    return result


METHODS: dict[str, Method] = {
    "a": Method("a", "(a) simpleeval + plain Python",
                lambda i: method_simple.score(i.doc, i.rows), _same),
    "b": Method("b", "(b) GoRules ZEN, compiled expression",
                lambda i: method_zen.score(i.doc, i.rows), _same),
    "c": Method("c", "(c) hand-written NumPy, from the rows",
                lambda i: method_numpy.score(i.doc, i.rows), _same),
    "d": Method("d", "(d) Appraise score", _appraise, appraise_scores),
}
# (c) again, from the number columns Appraise's reader keeps beside the rows (when it
# does): the same parsed data (d) may use, so the scoring kernels alone are compared.
COLUMNS = Method("c-columns", "(c') hand-written NumPy, from the reader's number columns",
                 lambda i: method_numpy.score(i.doc, i.rows, columns=i.actuals.columns),
                 _same)
ZEN_VARIANTS: dict[str, Method] = {
    f"b-{name}": Method(f"b-{name}", f"(b) ZEN variant: {name}",
                        lambda i, run=run: run(i.doc, i.rows), _same)  # type: ignore[misc]
    for name, run in method_zen.VARIANTS.items() if run is not method_zen.score
}


def has_columns(loaded: Inputs) -> bool:
    return bool(getattr(loaded.actuals, "columns", None))


def run_method(key: str, loaded: Inputs) -> Any:
    return {**METHODS, **ZEN_VARIANTS, COLUMNS.key: COLUMNS}[key].run(loaded)

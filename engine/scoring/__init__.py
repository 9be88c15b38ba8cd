"""Scoring a period: one path for every scheme, to one result model.

:func:`score` (and :func:`score_file`, which reads the data first) give a
:class:`Result`: people as columns, with :class:`PersonResult` views, each with their
segments (posts held) and items (scorecard lines, with the step that scored them).
"""

from .batch import Batch, Given, Item, Piece, SegmentResult
from .evaluate import score_batch
from .period import score, score_file
from .result import People, PersonResult, Result, UnitResult

__all__ = [
    "Batch",
    "Given",
    "Item",
    "People",
    "PersonResult",
    "Piece",
    "Result",
    "SegmentResult",
    "UnitResult",
    "score",
    "score_batch",
    "score_file",
]

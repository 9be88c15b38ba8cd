"""Several raters, one score: weights by rater group, dropping extremes, changing scale.

A qualitative indicator is often rated by the person themself, their manager and
some peers. The scheme weighs each rater group (self 10%, manager 60%, peers
30%); within a group the ratings are averaged, after dropping one highest and one
lowest when the scheme says so and the group has three or more. Each rating is
first moved linearly to the scheme's scale (1-5 to 0-100, say), so that the
combined figure is in the points a rule expects.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from ..i18n import _
from ..model import Conversion, Raters
from ..numbers import add_up, percent, show


class RatingError(ValueError):
    """Ratings that cannot be combined: the message names the rater group, the hint says
    what to do."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


def convert(rating: float, conversion: Conversion | None, group: str | None = None) -> float:
    """``rating`` (of rater ``group``) moved linearly from the conversion's range to its
    target range."""
    if conversion is None:
        return rating
    if not conversion.low <= rating <= conversion.high:
        low, high = show(conversion.low), show(conversion.high)
        said = _("rating {rating} from '{rater}' is outside the scale {low} to {high}") if group \
            else _("rating {rating} is outside the scale {low} to {high}")
        raise RatingError(said.format(rating=show(rating), rater=group, low=low, high=high),
                          _("ratings run from {low} to {high}").format(low=low, high=high))
    return conversion.of(rating)


def group_average(ratings: Sequence[float], drop_extremes: bool) -> float:
    """The mean of one group's ratings, less one highest and one lowest if asked and 3+."""
    kept = sorted(ratings)
    if drop_extremes and len(kept) >= 3:
        kept = kept[1:-1]
    return add_up(kept) / len(kept)  # left to right, so that a person can redo it by hand


def combine(ratings: Mapping[str, Sequence[float]], raters: Raters,
            conversion: Conversion | None = None) -> float:
    """The weighted score of all rater groups; raises :class:`RatingError`."""
    total = 0.0
    for group, weight in raters.weights.items():
        given = ratings.get(group, ())
        if not given:
            if weight == 0:
                continue
            raise RatingError(_("no rating from '{rater}', who weighs {weight}").format(
                rater=group, weight=percent(weight)),
                _("fill in the rating, or give the rater no weight"))
        moved = [convert(r, conversion, group) for r in given]
        total += group_average(moved, raters.drop_extremes) * float(weight) / 100
    return total


def combine_columns(given: Mapping[str, NDArray[np.float64]], raters: Raters,
                    conversion: Conversion | None = None
                    ) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """:func:`combine` for many people at once: ``given`` holds each rater group's ratings,
    a column per rater (NaN where one did not rate). The same operations in the same order
    as :func:`combine` (each rating moved, a group's sorted, its extremes dropped, added
    left to right, divided, weighed, added group after group); and where :func:`combine`
    would raise (no rating from a group that weighs, a rating off the scale), True, for
    the caller to combine on its own."""
    n = len(next(iter(given.values()))) if given else 0
    total, doubtful = np.zeros(n), np.zeros(n, dtype=bool)
    with np.errstate(invalid="ignore"):
        for group, weight in raters.weights.items():
            ratings = given.get(group, np.full((n, 0), np.nan))
            count = np.count_nonzero(~np.isnan(ratings), axis=1)
            if conversion is not None:
                doubtful |= ((ratings < conversion.low) | (ratings > conversion.high)).any(axis=1)
                ratings = conversion.of(ratings)  # type: ignore[arg-type,assignment]
            ratings = np.sort(ratings, axis=1)  # the blanks (NaN) last
            if weight != 0:
                doubtful |= count == 0
            for many in np.unique(count[count > 0]).tolist():
                rows = count == many
                kept = ratings[rows, :many]
                if raters.drop_extremes and many >= 3:
                    kept = kept[:, 1:-1]
                added = np.zeros(len(kept))
                for j in range(kept.shape[1]):  # left to right, as add_up
                    added = added + kept[:, j]
                total[rows] = total[rows] + added / kept.shape[1] * float(weight) / 100
    return total, doubtful

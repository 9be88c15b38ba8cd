"""Every target a scheme writes, where it is written, and its number for the new year.

What the targets are comes from the built scheme (an indicator's own ``target``, a post's
and a person's ``targets``, a cascade's ``target`` and its explicit amounts); where each is
written, from the text. A target written elsewhere (a base scheme the file extends) has no
place in this file and is listed, not changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation

from ..i18n import _
from ..model import Scheme
from .growth import Growth, RollForwardError, left_alone
from .source import Path, Scalar, Source, number_text

_MODES = {"half_up": ROUND_HALF_UP, "half_even": ROUND_HALF_EVEN}


@dataclass(frozen=True)
class Change:
    """One scalar rewritten: where, as it was written and as it is now, and why."""

    path: Path
    line: int
    old: str
    new: str
    note: str = ""
    span: tuple[int, int] = (0, 0)  # the characters of the text it replaces (none: added)
    spliced: str | None = None  # what goes into the text, when not ``new`` (an entry added)

    @property
    def text(self) -> str:
        return self.new if self.spliced is None else self.spliced


@dataclass(frozen=True)
class Kept:
    """A target left as it was, and why."""

    path: Path
    line: int
    written: str
    reason: str


@dataclass(frozen=True)
class _Place:
    """Where one indicator's target is written (the number, or the mapping holding base and
    stretch), for which indicators (a cascade sets several)."""

    path: Path
    indicators: tuple[str, ...]


def _places(scheme: Scheme) -> Iterator[_Place]:
    for name, indicator in scheme.indicators.items():
        if indicator.target is not None:
            yield _Place(("indicators", name, "target"), (name,))
    for owner, posts in (("posts", scheme.posts), ("people", scheme.people)):
        for key, holder in posts.items():
            for name in holder.targets:
                yield _Place((owner, key, "targets", name), (name,))
    for key, cascade in scheme.cascades.items():
        yield _Place(("cascade", key, "target"), cascade.indicators)
        for unit, split in cascade.splits.items():
            if split.method == "explicit":
                for child in split.values:
                    yield _Place(("cascade", key, "split", unit, "explicit", child),
                                 cascade.indicators)


def _factor(scheme: Scheme, growth: Growth, place: _Place) -> tuple[Decimal | None, str]:
    """1 + the growth of the target at ``place``, or None and why it is left alone."""
    named = {growth.by_indicator[i] for i in place.indicators if i in growth.by_indicator}
    if len(named) > 1:
        raise RollForwardError("--growth", _(
            "{entry} sets the targets of {indicators} at once; give them one growth").format(
                entry=_dotted(place.path[:2]), indicators=", ".join(place.indicators)))
    if named:
        return 1 + named.pop(), ""
    if growth.default is None:
        return None, _("no growth given for it")
    for name in place.indicators:
        reason = left_alone(scheme, scheme.indicators[name])
        if reason:
            return None, _("{reason}; --growth {indicator}=PCT changes it").format(
                reason=reason, indicator=name)
    return 1 + growth.default, ""


def target_changes(scheme: Scheme, source: Source, growth: Growth,
                   written_at: Callable[[Path], str] | None = None
                   ) -> tuple[list[Change], list[Kept], set[str]]:
    """The targets' new numbers (rounded as :func:`grown` says), the targets kept, and the
    indicators that have a number written for a target. ``written_at``: for a scheme built
    on a base, the file and line a target not written in this file comes from."""
    changes: list[Change] = []
    kept: list[Kept] = []
    numbered: set[str] = set()
    for place in _places(scheme):
        factor, reason = _factor(scheme, growth, place)
        numbers = _numbers(source, place.path)
        if not numbers:
            where = source.scalars.get(place.path)
            if where is not None:  # a formula of the person's figures
                kept.append(Kept(place.path, where.line, source.written(where),
                                 _("a formula, worked out from each person's figures")))
            if written_at is not None:  # written in another file: the base's
                kept.append(Kept(place.path, 0, "", _(
                    "inherited from {place}, not changed: roll that scheme forward, or write "
                    "the target in this one").format(place=written_at(place.path))))
            continue
        numbered.update(place.indicators)
        for path, scalar, number in numbers:
            if factor is None:
                kept.append(Kept(path, scalar.line, source.written(scalar), reason))
                continue
            new, note = grown(number, factor, scheme.rounding.mode)
            if new != number:
                changes.append(Change(path, scalar.line, source.written(scalar),
                                      number_text(new), note, scalar.span))
            elif factor != 1:  # a growth too small for the places the number is written to
                kept.append(Kept(path, scalar.line, source.written(scalar),
                                 _("{note}: write the target with more places to grow "
                                   "it").format(note=note)))
    return changes, kept, numbered


def _numbers(source: Source, path: Path) -> list[tuple[Path, Scalar, Decimal]]:
    """The numbers written at ``path``: the target itself, or its base and stretch."""
    found = []
    for where in (path, (*path, "base"), (*path, "stretch")):
        scalar = source.scalars.get(where)
        if scalar is not None and scalar.number is not None:
            found.append((where, scalar, scalar.number))
    return found


def grown(number: Decimal, factor: Decimal, mode: str,
          places: int | None = None) -> tuple[Decimal, str]:
    """``number`` × ``factor``, rounded to the places ``number`` was written with (a whole
    number stays whole: 15 customers × 1.1 = 16.5 → 17), or to ``places`` (-2: two
    decimals), as the scheme's ``rounding.mode`` says (half up unless it says half_even);
    with a note when it was rounded."""
    exact = number * factor
    places = min(0, _exponent(number)) if places is None else places
    try:
        new = exact.quantize(Decimal(1).scaleb(places), rounding=_MODES.get(mode, ROUND_HALF_UP))
    except InvalidOperation:  # more digits than a number holds
        raise RollForwardError("--growth", _(
            "{number} grown by it is too large a number to write; give a growth a target can "
            "take").format(number=number_text(number))) from None
    if new == exact:
        return new, ""
    to = _("whole numbers") if places == 0 else _("1 decimal place") if places == -1 else \
        _("{count} decimal places").format(count=-places)
    how = _("half even") if mode == "half_even" else _("half up")
    return new, _("{exact} rounded {mode} to {places}").format(
        exact=number_text(exact.normalize()), mode=how, places=to)


def _exponent(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


def _dotted(path: Path) -> str:
    return ".".join(str(part) for part in path)

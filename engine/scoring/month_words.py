"""What scoring a period of a scheme kept by month says of the months' rows: each problem
(a message and its hint) a whole sentence in the run's language, for :mod:`.segments`."""

from __future__ import annotations

from ..i18n import _

Said = tuple[str, str]  # a message and its hint


def no_month(month: str, period: str, have: list[str]) -> Said:
    return (_("the data has no rows for {month}, which period {period} needs").format(
        month=month, period=period),
        _("the data has: {months}").format(months=", ".join(have) if have else
                                           _("no months")))


def two_heads(unit: str, month: str, first: str, second: str, post: str) -> Said:
    return (_("unit '{unit}' has two heads in {month}: '{first}' and '{second}' both hold its "
              "head post '{post}'").format(unit=unit, month=month, first=first, second=second,
                                           post=post),
            _("one person heads a unit at a time"))


def absent_not_scored(person: str, period: str) -> Said:
    return (_("person '{person}' has no row for any month of {period}, and is not "
              "scored").format(person=person, period=period),
            _("add their rows if they should be appraised"))


def absent(person: str, period: str, span: str) -> Said:
    return (_("person '{person}' has no row for any month of {period}, which needs their "
              "figures for {span}").format(person=person, period=period, span=span),
            _("add their rows; or, if they had left, end their post under "
              "people.{person}.posts; or set calendar.missing_months: zero").format(
                person=person))


def span(months: list[str]) -> str:
    """The months a person is expected in, as a person says them."""
    return months[0] if len(months) == 1 else _("{first} to {last}").format(
        first=months[0], last=months[-1])


def missing(person: str, month: str, period: str, span: str) -> Said:
    return (_("person '{person}' has no row for {month}; period {period} needs their figures "
              "for {span}").format(person=person, month=month, period=period, span=span),
            _("add the row; or, if they had left, end their post under people.{person}.posts; "
              "or set calendar.missing_months: zero").format(person=person))


def filled(person: str, month: str) -> Said:
    return (_("person '{person}' has no row for {month}, which counts as 0 in summed figures "
              "(calendar.missing_months: zero)").format(person=person, month=month),
            _("add the row if they had figures that month"))


def no_share(person: str, cascade: str, indicator: str, post: str) -> Said:
    return (_("person '{person}' has no share of cascade '{cascade}', which sets the target of "
              "'{indicator}': the cascade splits to the people in the scheme").format(
                person=person, cascade=cascade, indicator=indicator),
            _("add '{person}' under people: in the scheme, on post '{post}'").format(
                person=person, post=post))


def unreported(person: str, post: str, months: str, lacking: list[str], period: str) -> Said:
    names = ", ".join(f"'{f}'" for f in lacking)
    said = _("person '{person}' has no row on post '{post}' ({months}), so {names} (not "
             "summed) has no value there for {period}: calendar.missing_months: zero fills a "
             "missing month with 0 in summed figures only") if len(lacking) == 1 else \
        _("person '{person}' has no row on post '{post}' ({months}), so {names} (not summed) "
          "have no value there for {period}: calendar.missing_months: zero fills a missing "
          "month with 0 in summed figures only")
    return (said.format(person=person, post=post, months=months, names=names, period=period),
            _("add their row for {months}; or, if they did not hold post '{post}' then, "
              "change people.{person}.posts").format(months=months, post=post, person=person))


def no_weights(name: str, period: str, weight: str) -> Said:
    return (_("cannot average '{name}' over {period}: its weights '{weight}' add up to "
              "0").format(name=name, period=period, weight=weight),
            _("check the figures of '{weight}'").format(weight=weight))

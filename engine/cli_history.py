"""``appraise history``: what the history store keeps (``score --store``): the periods and
their versions, one person's results over time, one period's results, and what changed
between two versions of a period. Registered by :mod:`.cli`; loads the engine only when run."""

from __future__ import annotations

import sys

import click

from .cli_io import lang_option, show_problems, write_output
from .i18n import _

EXIT_INVALID = 1


@click.command()
@click.option("--store", required=True, metavar="URL",
              help="The history store: a SQLite file (a path, or sqlite:///PATH) or a "
              "PostgreSQL database (postgresql://USER@HOST/DATABASE), as score --store wrote.")
@click.option("--person", metavar="ID|NAME",
              help="One person's results in every kept period and version: by id, or by "
              "name when only one person has it.")
@click.option("--show", "asked", multiple=True, metavar="NAME",
              help="With --person: a field's figure or an indicator's points to show too "
              "(repeat for several).")
@click.option("--period", metavar="PERIOD", help="One period's results, as score shows them.")
@click.option("--version", type=click.IntRange(min=1), metavar="N",
              help="With --period: which version (the latest when not given).")
@click.option("--diff", nargs=2, type=click.IntRange(min=1), metavar="OLD NEW",
              help="With --period: what changed from version OLD to version NEW: who, and "
              "which numbers.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "csv"]), default="text",
              show_default=True, help="How to write it.")
@lang_option
def history(store: str, person: str | None, asked: tuple[str, ...], period: str | None,
            version: int | None, diff: tuple[int, int] | None, fmt: str) -> None:
    """The history of scored periods kept with score --store.

    Without options: every period and its versions (when, by whom, with which scheme and
    data). With --person: one person over time. With --period: one period's results, or
    with --diff what changed between two of its versions.

    \b
    Examples:
      appraise history --store history.sqlite
      appraise history --store history.sqlite --person 张伟 --period 2026-02
      appraise history --store history.sqlite --period 2026-02 --diff 1 2
    """
    from .store import StoreError

    if (version is not None or diff) and period is None:
        raise click.UsageError(_("--version and --diff choose among the versions of one "
                                 "period: give --period too"))
    if version is not None and diff:
        raise click.UsageError(_("give --version or --diff, not both"))
    if asked and person is None:
        raise click.UsageError(_("--show chooses what to show of one person: give --person "
                                 "too"))
    if person is not None and diff:
        raise click.UsageError(_("--diff compares two versions of a period for everybody: "
                                 "leave out --person"))
    try:
        text = _answer(store, person, asked, period, version, diff, fmt)
    except StoreError as exc:
        show_problems(exc.diagnostics)
        sys.exit(EXIT_INVALID)
    write_output(text, None)


def _answer(store: str, person: str | None, asked: tuple[str, ...], period: str | None,
            version: int | None, diff: tuple[int, int] | None, fmt: str) -> str:
    from .store import StoreError, kind_of, read, show, shown

    kind_of(store)
    with read.reading(store) as db:
        if person is not None:
            who = read.who_is(db, person)
            unknown = sorted(set(asked) - read.known_names(db))
            if unknown:
                raise StoreError(shown(store), _("no field or indicator called '{name}' is "
                                                 "kept here").format(name=unknown[0]))
            records = [r for r in read.person_results(db, who, asked)
                       if (period is None or r["period"] == period)
                       and (version is None or r["version"] == version)]
            if not records:
                raise StoreError(shown(store), _("{person} has no result kept for {period}"
                                                 ).format(person=who, period=period))
            if fmt == "text":
                return show.person_table(who, records[-1]["name"], records, asked)
            return show.as_json(records) if fmt == "json" else show.as_csv(records)
        if period is None:
            records = read.versions(db)
            if fmt == "text":
                return show.versions_table(records)
            return show.as_json(records) if fmt == "json" else show.as_csv(records)
        if diff:
            old, new, changes = read.differences(db, period, *diff)
            if fmt == "text":
                return show.differences_table(old, new, changes)
            return show.as_json({"old": old, "new": new, "changes": changes}) \
                if fmt == "json" else show.as_csv(changes)
        run, people = read.period_results(db, period, version)
        last = max(r["version"] for r in read.versions(db) if r["period"] == period)
        if fmt == "text":
            return show.period_table(run, people, last)
        return show.as_json({"run": run, "people": people}) if fmt == "json" else \
            show.as_csv(people)

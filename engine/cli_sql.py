"""``appraise sql``: the SQL that works out a scheme's fields from records, for the database
or cluster where the records already are."""

from __future__ import annotations

import sys

import click

from .cli_io import (
    EXIT_INVALID,
    lang_option,
    never_over_an_input,
    read_input,
    show_problems,
    speak_as,
    speak_for,
    write_output,
)
from .i18n import _

DIALECTS = ("duckdb", "postgres", "spark", "trino")


def _tables(given: tuple[str, ...], sources: list[str]) -> dict[str, str]:
    tables = {name: name for name in sources}
    for pair in given:
        source, sep, table = pair.partition("=")
        if not sep or not table or source not in tables:
            raise click.BadParameter(_(
                "'{given}' is not SOURCE=TABLE for a source of the scheme ({sources})").format(
                given=pair, sources=", ".join(sources)), param_hint="'--table'")
        tables[source] = table
    return tables


@click.command()
@click.argument("scheme", type=click.Path(dir_okay=False))
@click.option("--dialect", required=True, type=click.Choice(DIALECTS),
              help="The SQL to print: DuckDB, PostgreSQL, Spark SQL or Trino.")
@click.option("--period", help="The month, quarter, half or year to work out (2026-03, "
              "2026-Q1, 2026-H1, 2026); the whole year if not given.")
@click.option("--table", "tables", multiple=True, metavar="SOURCE=TABLE",
              help="The table a source's records are in (schema.table if need be); a source "
              "not named here is read from the table named as the source.")
@click.option("--raters", multiple=True, metavar="GROUP=N",
              help="How many raters of a group rate each person, for a field rated by "
              "several (peer=3 gives the columns teamwork@peer1 to teamwork@peer3); a group "
              "not named has one column. Once for each group.")
@click.option("--slots", type=click.Path(dir_okay=False), help="Write each person's post "
              "in each month to this CSV file (id, name, post, period, month, n), to load as "
              "a table that the statement reads, rather than list them in it: for a large "
              "company, whose statement would run to megabytes.")
@click.option("--slots-table", default="appraise_slots", show_default=True, metavar="TABLE",
              help="With --slots: the table the statement reads them from.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write to this file (written whole or not at all, never over an input) "
              "instead of the screen; - is the screen.")
@lang_option
def sql(scheme: str, dialect: str, period: str | None, tables: tuple[str, ...],
        raters: tuple[str, ...], slots: str | None, slots_table: str,
        output: str | None) -> None:
    """Print the SQL that works out every field the scheme defines from records (from:),
    for each person and month of --period: one statement whose result is the monthly data
    file that score --data reads. Run it where the records are; each source is a table with
    the columns the scheme declares.

    \b
    Examples:
      appraise sql schemes/examples/records/cascade_records.yaml --dialect spark \\
          --period 2026-Q1 --raters peer=3 -o figures.sql
      appraise sql schemes/examples/records/cascade_records.yaml --dialect trino \\
          --period 2026-Q1 --slots slots.csv -o figures.sql
    """
    from . import AppraiseError, PeriodError, load_scheme
    from .cli_template import _raters
    from .sources import _period
    from .sources.warehouse import script, slots_csv

    never_over_an_input(output, (scheme, _("the scheme"), _("scheme")),
                        *([(slots, "--slots", _("slots"))] if slots else []))
    never_over_an_input(slots, (scheme, _("the scheme"), _("scheme")), option="'--slots'")
    if slots == "-":
        raise click.BadParameter(_("the slots are written to a file, the statement to the "
                                   "screen or -o: give the file's name, e.g. --slots "
                                   "slots.csv"), param_hint="'--slots'")
    try:
        name, content = read_input(scheme, "scheme")
        speak_as(scheme, content)
        loaded = load_scheme(name, content)
        speak_for(loaded.language)
        year = loaded.calendar.year if loaded.calendar is not None else 0
        found = _period(loaded, period or str(year))
    except AppraiseError as exc:
        show_problems([*exc.diagnostics, *exc.warnings])
        sys.exit(EXIT_INVALID)
    except PeriodError as exc:
        raise click.BadParameter(str(exc), param_hint="'--period'") from None
    statement = script(loaded, found, dialect, _tables(tables, list(loaded.records)), name,
                       _raters(raters, loaded), slots_table if slots else None)
    if slots:
        write_output(slots_csv(loaded, found), slots)
    write_output(statement, output)

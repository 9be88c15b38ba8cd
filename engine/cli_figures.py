"""``appraise figures``: the monthly data file worked out from the company's own records."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from . import cli_term
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

if TYPE_CHECKING:
    from .scoring import Result
    from .sources import Worked

RECORDS_HELP = ("The folder that holds the record files the scheme's records: section names "
                "(CSV, Parquet or Excel .xlsx), read in place.")


def figures_text(scheme_file: str, records: str, period: str) -> tuple[str, Worked]:
    """The scheme's name and the data file of ``period`` worked out from ``records``; every
    problem shown and exit 1 (nothing written) if it cannot be."""
    from . import AppraiseError, PeriodError, load_scheme
    from .sources import work_out

    try:
        name, content = read_input(scheme_file, "scheme")
        speak_as(scheme_file, content)
        scheme = load_scheme(name, content)
        speak_for(scheme.language)
        return name, work_out(scheme, records, period)
    except AppraiseError as exc:
        show_problems([*exc.diagnostics, *exc.warnings])
        sys.exit(EXIT_INVALID)
    except PeriodError as exc:
        raise click.BadParameter(str(exc), param_hint="'--period'") from None


@click.command()
@click.argument("scheme", type=click.Path(dir_okay=False))
@click.option("--records", required=True, type=click.Path(file_okay=False), help=RECORDS_HELP)
@click.option("--period", required=True, help="The month, quarter, half or year to work out "
              "(2026-03, 2026-Q1, 2026-H1, 2026): each month a row for each person.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write to this file (written whole or not at all, never over an input) "
              "instead of the screen; - is the screen.")
@cli_term.QUIET
@lang_option
def figures(scheme: str, records: str, period: str, output: str | None) -> None:
    """Work out the monthly data file from the company's records: for each person and
    month of --period, each field the scheme defines from records (from:), written as the
    data file that score reads. A bad record stops it, naming its file, row and column.

    \b
    Examples:
      appraise figures schemes/examples/records/cascade_records.yaml \\
          --records schemes/examples/records --period 2026-Q1 -o 2026-Q1.csv
    """
    never_over_an_input(output, (scheme, _("the scheme"), _("scheme")))
    _name, worked = figures_text(scheme, records, period)
    write_output([worked.content], output)
    show_problems(worked.warnings)


def records_behind(result: Result, records: str, person: str) -> str:
    """``explain --records``: under the explanation, the records behind each of the
    person's figures from records."""
    from .sources import is_database
    from .sources.explain import listing, made_of

    period = result.period
    if period is None:  # records come only with a calendar: the scheme is kept by month
        return ""
    if is_database(records):
        return "\n" + _("The records behind the figures are listed from record files only; "
                        "appraise sql prints the queries that work them out in the "
                        "database.") + "\n"
    return listing(made_of(result.scheme, records, period, person), records, period.id)


def with_records(text: str, result: Result, records: str, person: str) -> str:
    """``explain --format json --records``: the explanation with, under ``records``, the
    records behind each of the person's figures from records (the first 20 of each, their
    count and the DuckDB query that lists them all); null for records in a database, which
    are not listed."""
    import json

    from .sources import is_database
    from .sources.explain import made_of

    payload = json.loads(text)
    period = result.period
    if period is None or is_database(records):
        payload["records"] = None
    else:
        payload["records"] = {"folder": records, "period": period.id, "fields": [
            {"field": m.field, "count": m.count, "columns": list(m.columns),
             "rows": [list(row) for row in m.rows], "query": m.query}
            for m in made_of(result.scheme, records, period, person)]}
    return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"

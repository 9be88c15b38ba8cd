"""``appraise report SCHEME --data FILE -o report.html``: the period as one HTML page with
charts, for people who would rather look than read. Registered by :mod:`.cli`; loads the
engine, and plotly, only when run."""

from __future__ import annotations

import sys

import click

from . import cli_term
from .cli_io import (
    STDIO,
    lang_option,
    never_over_an_input,
    stdin_once,
    write_output,
)
from .i18n import _


@click.command()
@click.argument("scheme", type=click.Path(dir_okay=False))
@click.option("--data", "data_file", required=True, type=click.Path(dir_okay=False),
              help="The period's actuals: CSV with a header row, JSON, or an Excel workbook "
              "(.xlsx); - reads standard input (JSON when it starts with [ or {).")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="The HTML file to write (written whole or not at all, never over an "
              "input); - writes it to standard output, which must not be a terminal.")
@click.option("--period", help="Which period, when the data holds several; for a scheme kept "
              "by month, the month, quarter, half, year or year to date.")
@click.option("--strict", is_flag=True, help="Treat every warning about the data as an error "
              "(a person known only from the data, a column that is ignored, ...): exit 1 and "
              "write nothing.")
@click.option("--history", type=click.Path(dir_okay=False),
              help="Earlier months' rows, in the data's format, for formulas that read a "
              "field over earlier months (previous(revenue), last_year(revenue)).")
@click.option("--subjects", multiple=True, metavar="NAME=FILE",
              help="For a scheme that counts another scheme's subjects, the data of those "
              "subjects for the period, as NAME=FILE; once for each name.")
@cli_term.QUIET
@lang_option
def report(scheme: str, data_file: str, output: str | None, period: str | None,
           strict: bool, history: str | None,
           subjects: tuple[str, ...]) -> None:
    """Write the period as one HTML page that opens offline: the company's overview,
    charts of the grades, the units, the totals and the targets met, and each person's
    scorecard with every step of their score.

    \b
    Examples:
      appraise report schemes/examples/sales_company.yaml \\
          --data schemes/examples/2026-Q1.csv -o report.html
      appraise report schemes/examples/cascade_company.yaml \\
          --data schemes/examples/2026-months.csv --period 2026-Q1 --lang zh -o report.html
    """
    from .cli_scoring import score_period
    from .report.html_report import html_report

    if (output is None or output == STDIO) and sys.stdout.isatty():
        raise click.UsageError(_("the report is an HTML file, not text for the terminal: "
                                 "give the file to write with -o, e.g. -o report.html"))
    stdin_once(scheme, data_file)
    never_over_an_input(output, (scheme, _("the scheme"), _("scheme")),
                        (data_file, "--data", _("data")),
                        *([(history, "--history", _("history"))] if history else []),
                        *[(given.partition("=")[2].strip(), "--subjects", _("subjects' data"))
                          for given in subjects])
    with cli_term.progress():
        result = score_period(scheme, data_file, period, strict, history, subjects, output)
        cli_term.writing(output)  # the page is made as it is written
        write_output(html_report(result), output)


__all__ = ["report"]

"""``appraise report SCHEME --data FILE -o report.html``: the period as one HTML page with
charts, for people who would rather look than read. Registered by :mod:`.cli`; loads the
engine, and plotly, only when run."""

from __future__ import annotations

import sys

import click

from .cli_io import STDIO, never_over_an_input, speak_given, stdin_once, write_output
from .i18n import _


@click.command()
@click.argument("scheme", type=click.Path(dir_okay=False))
@click.option("--data", "data_file", required=True, type=click.Path(dir_okay=False),
              help="The period's actuals: CSV with a header row, or JSON; - reads standard "
              "input (JSON when it starts with [ or {).")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="The HTML file to write (written whole or not at all, never over an "
              "input); - writes it to standard output, which must not be a terminal.")
@click.option("--period", help="Which period, when the data holds several; for a scheme kept "
              "by month, the month, quarter, half, year or year to date.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default=None,
              help="The language of the page: en (English) or zh (中文); else APPRAISE_LANG, "
              "the scheme's language: or the locale's.")
@click.option("--strict", is_flag=True, help="Treat every warning about the data as an error "
              "(a person known only from the data, a column that is ignored, ...): exit 1 and "
              "write nothing.")
@click.option("--history", type=click.Path(dir_okay=False),
              help="Earlier months' rows, in the data's format, for formulas that read a "
              "field over earlier months (previous(revenue), last_year(revenue)).")
@click.option("--subjects", multiple=True, metavar="NAME=FILE",
              help="For a scheme that counts another scheme's subjects, the data of those "
              "subjects for the period, as NAME=FILE; once for each name.")
def report(scheme: str, data_file: str, output: str | None, period: str | None,
           lang: str | None, strict: bool, history: str | None,
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
    from . import i18n
    from .cli_scoring import score_period
    from .report.html_report import html_report

    speak_given(lang)  # until the scheme, which may name its language (--lang wins)
    if (output is None or output == STDIO) and sys.stdout.isatty():
        raise click.UsageError(_("the report is an HTML file, not text for the terminal: "
                                 "give the file to write with -o, e.g. -o report.html"))
    stdin_once(scheme, data_file)
    never_over_an_input(output, (scheme, "the scheme", "scheme"), (data_file, "--data", "data"),
                        *([(history, "--history", "history")] if history else []),
                        *[(given.partition("=")[2].strip(), "--subjects", "subjects' data")
                          for given in subjects])
    result = score_period(scheme, data_file, period, strict, history, subjects, output)
    i18n.set_language(i18n.choose(lang, result.scheme.language))
    write_output(html_report(result), output)


__all__ = ["report"]

"""``appraise template``: the data-entry workbook HR fills in for a period."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from .cli_io import (
    EXIT_INVALID,
    STDIO,
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
    from .model import Scheme


@click.command()
@click.argument("scheme", type=click.Path(dir_okay=False))
@click.option("--period", required=True, help="The period the figures are for: for a scheme "
              "kept by month (with a calendar) a month, quarter, half, the year or year to "
              "date (2026-03, 2026-Q1, 2026-H1, 2026, 2026-YTD-05), each month a row; else "
              "the period's name as the data gives it (2026-Q1).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The workbook to write, FILE.xlsx (written whole or not at all, never over "
              "the scheme); - writes it to standard output when that is not a terminal.")
@click.option("--raters", multiple=True, metavar="GROUP=N",
              help="How many raters of a group rate each person, for a field rated by "
              "several (peer=3 gives the columns teamwork@peer1 to teamwork@peer3); a group "
              "not named has one column. Once for each group.")
@lang_option
def template(scheme: str, period: str, output: str, raters: tuple[str, ...]) -> None:
    """Write the workbook HR fills in for a period: a row for each person (id, name, post,
    unit), a column for each field their scorecards read, each header with the field's
    counting rule as a comment, each cell checked as it is typed. Filled in and saved, it
    is scored as it is: appraise score SCHEME --data FILE.xlsx.

    \b
    Examples:
      appraise template schemes/examples/sales_company.yaml --period 2026-Q1 -o q1.xlsx
      appraise template schemes/examples/cascade_company.yaml --period 2026-Q1 \\
          --raters peer=3 --lang zh -o 2026-Q1.xlsx
    """
    from . import AppraiseError, PeriodError, load_scheme, parse_period
    if output == STDIO and _terminal():
        raise click.BadParameter(_("a workbook is not written to a terminal; give a file "
                                   "name, e.g. -o {example}").format(example="data.xlsx"),
                                 param_hint="'-o' / '--output'")
    if output != STDIO and not output.lower().endswith(".xlsx"):
        raise click.BadParameter(_("'{output}' does not end in .xlsx: the template is an "
                                   "Excel workbook; name it e.g. {example}").format(
                                       output=output, example="data.xlsx"),
                                 param_hint="'-o' / '--output'")
    never_over_an_input(output, (scheme, _("the scheme"), _("scheme")))
    try:
        name, content = read_input(scheme, "scheme")
        speak_as(scheme, content)
        loaded = load_scheme(name, content)
    except AppraiseError as exc:
        show_problems(list(exc.diagnostics))
        sys.exit(EXIT_INVALID)
    speak_for(loaded.language)
    counts = _raters(raters, loaded)
    months = None
    if loaded.calendar is not None:
        try:
            months = parse_period(period, loaded.calendar.year)
        except PeriodError as exc:
            raise click.BadParameter(str(exc), param_hint="'--period'") from None
    elif not period.strip() or not period.strip().isprintable():
        raise click.BadParameter(_("give the period's name, e.g. {example}").format(
            example="2026-Q1"), param_hint="'--period'")
    from .report.xlsx_template import plan, template_xlsx

    chosen = plan(loaded, months.id if months is not None else period.strip(), months, counts)
    name = "FILE.xlsx" if output == STDIO else os.path.basename(output)
    shown = scheme if scheme != STDIO else "SCHEME"
    write_output([template_xlsx(chosen, shown, name)], output)
    click.echo(_("{file}: {rows} rows for {period}, {columns} columns of figures to fill in; "
                 "then: appraise score {scheme} --data {file}{option}").format(
        file=output if output != STDIO else name, rows=len(chosen.rows), period=chosen.period,
        columns=len(chosen.columns), scheme=shown,
        option=f" --period {chosen.period}" if chosen.by_month else ""), err=output == STDIO)


def _terminal() -> bool:
    """Whether standard output is a terminal, where a workbook's bytes are no use."""
    return sys.stdout.isatty()


def _raters(given: tuple[str, ...], scheme: Scheme) -> dict[str, int]:
    """``--raters GROUP=N``, each group one of a field's rater groups."""
    groups = list(dict.fromkeys(g for f in scheme.fields.values() if f.raters is not None
                                for g in f.raters.weights))
    hint, out = "'--raters'", {}
    for text in given:
        group, equals, number = (part.strip() for part in text.partition("="))
        if not equals or not group or not number.isdigit() or not 1 <= int(number) <= 50:
            raise click.BadParameter(_("'{given}' is not GROUP=N with N from 1 to 50; write "
                                       "e.g. peer=3").format(given=text), param_hint=hint)
        if group not in groups:
            raise click.BadParameter(
                _("no field of the scheme is rated by '{group}'; its rater groups: "
                  "{groups}").format(group=group, groups=", ".join(groups) or _("none")),
                param_hint=hint)
        out[group] = int(number)
    return out

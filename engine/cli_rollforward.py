"""``appraise rollforward``: next year's scheme, targets grown and the year moved, every other
byte as HR wrote it."""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from .cli_io import (
    STDIO,
    lang_option,
    never_over_an_input,
    read_input,
    show_problems,
    speak_as,
    stdin_once,
    write_output,
)
from .i18n import _

EXIT_INVALID = 1


@click.command()
@click.argument("scheme", type=click.Path(dir_okay=False))
@click.option("--to", "to", required=True, type=click.IntRange(1900, 9999), metavar="YEAR",
              help="The new year, after the scheme's own (its calendar's, or the year its "
              "name or label writes).")
@click.option("--growth", multiple=True, metavar="PCT|INDICATOR=PCT",
              help="10% grows every target of a total that is better higher (revenue, "
              "customers, leads; not rates, scores or limits); revenue_achievement=12% sets "
              "one indicator's growth, any indicator's. Repeat for more indicators.")
@click.option("--from-actuals", "actuals", type=click.Path(dir_okay=False), metavar="DATA",
              help="Last year's figures (the scheme's year, in its data format): each person's "
              "new target is their figure times the growth (同期 +x%), written in their own "
              "targets; a scheme scored one period at a time.")
@click.option("--store", metavar="URL",
              help="Instead of --from-actuals: last year's figures as the history store keeps "
              "them (score --store), the latest version of --period.")
@click.option("--period", metavar="PERIOD",
              help="With --store: the kept period whose figures are last year's, e.g. 2026.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The new scheme's file (written whole or not at all, never over the "
              "scheme); - writes it to the screen, and the changes to standard error.")
@lang_option
def rollforward(scheme: str, to: int, growth: tuple[str, ...], actuals: str | None,
                store: str | None, period: str | None, output: str) -> None:
    """Roll a scheme forward to next year: targets grown, the year moved, the rest kept.

    Targets are grown and rounded to the places they are written with (half up, or as the
    scheme's rounding.mode says); the calendar's year, the year in the scheme's name and
    label and people's months move to the new year. Comments, order, quoting and layout
    are kept byte for byte. The new scheme is checked before anything is written; the
    command then lists each change and shows the diff.

    \b
    Examples:
      appraise rollforward schemes/examples/sales_company.yaml --to 2027 \\
          --growth 10% -o sales_company_2027.yaml
      appraise rollforward schemes/examples/sales_company.yaml --to 2027 \\
          --growth 10% --from-actuals schemes/examples/2026-Q1.csv -o sales_2027.yaml
    """
    from .diagnostics import AppraiseError
    from .rollforward import (
        ActualsError,
        NotValidAfter,
        RollForwardError,
        read_growth,
        roll_forward,
        shown,
    )

    if store is not None and actuals is not None:
        raise click.UsageError(_("give --from-actuals or --store, not both"))
    if (store is None) != (period is None):
        raise click.UsageError(_("--store and --period go together: the figures of one "
                                 "period kept in the store"))
    if actuals is not None:
        stdin_once(scheme, actuals)
    never_over_an_input(output, (scheme, _("the scheme"), _("scheme")),
                        *([(actuals, "--from-actuals", _("actuals"))] if actuals else []))
    try:
        wanted = read_growth(growth)
        name, content = read_input(scheme, "scheme")
        speak_as(scheme, content)
        data, figures = read_input(actuals, "data file") if actuals else \
            _stored(store, period) if store and period else (None, None)
        result = roll_forward(name, to, wanted, content, data, figures)
    except RollForwardError as exc:
        raise click.BadParameter(str(exc), param_hint=f"'{exc.option}'") from None
    except ActualsError as exc:
        click.echo(_("{file}: error: the actuals have errors, so the scheme is not rolled "
                     "forward (nothing is written):").format(file=actuals or data), err=True)
        _fail(exc)
    except NotValidAfter as exc:
        click.echo(_("{file}: error: rolled forward to {year}, the scheme would not be "
                     "valid (nothing is written):").format(file=scheme, year=to), err=True)
        _fail(exc)
    except AppraiseError as exc:
        click.echo(_("{file}: error: the scheme has errors, so it is not rolled forward "
                     "(nothing is written):").format(file=scheme), err=True)
        _fail(exc)
    write_output([result.new], output)
    click.echo(shown(result), nl=False, err=output == STDIO)


def _stored(store: str, period: str) -> tuple[str, bytes]:
    """A kept period's figures as a data file: its name in messages, and its bytes."""
    from .store import StoreError, kind_of, shown
    from .store.read import period_as_data, reading

    try:
        kind_of(store)
        with reading(store) as db:
            return f"{shown(store)} ({period})", period_as_data(db, period)
    except StoreError as exc:
        _fail(exc)
        raise  # _fail exits


def _fail(error: Exception) -> NoReturn:
    show_problems(getattr(error, "diagnostics", []))
    sys.exit(EXIT_INVALID)

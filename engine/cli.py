"""The ``appraise`` command: validate a KPI scheme, score a period, explain a score.

Thin by design: each command parses its options, calls one function of the
``engine`` library, hands the result to a reporter and chooses the exit code.
Exit codes: 0 success, 1 invalid scheme or data, 2 usage error.
"""

from __future__ import annotations

import gc
import os
import sys
import tempfile
from collections.abc import Iterable
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from .scoring import Result

EXIT_INVALID = 1


MAX_SHOWN = 200  # problems printed; the rest are counted, so a broken file stays readable


def _show(diagnostics: list[object]) -> None:
    for diagnostic in diagnostics[:MAX_SHOWN]:
        click.echo(str(diagnostic), err=True)
    if len(diagnostics) > MAX_SHOWN:
        click.echo(f"... and {len(diagnostics) - MAX_SHOWN} more problems not shown", err=True)


def _fail(diagnostics: list[object]) -> NoReturn:
    _show(diagnostics)
    sys.exit(EXIT_INVALID)


def _write(text: str | Iterable[str], output: str | None, bom: bool = False) -> None:
    """Write all of ``text`` or nothing: a temporary file beside the target, renamed into place.

    The target is followed through symbolic links and keeps its permissions; anything
    that is not a regular file (a folder, a device) is refused.
    """
    chunks = [text] if isinstance(text, str) else text
    if output is None:
        for chunk in chunks:
            click.echo(chunk, nl=False)
        return
    target = os.path.realpath(output)
    if os.path.exists(target) and not os.path.isfile(target):
        click.echo(f"{output}: error: not a regular file; give the path of a file to write",
                   err=True)
        sys.exit(EXIT_INVALID)
    temporary = None
    try:
        mode = os.stat(target).st_mode & 0o7777 if os.path.exists(target) else _default_mode()
        handle, temporary = tempfile.mkstemp(dir=os.path.dirname(target), prefix=".appraise-",
                                             suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8-sig" if bom else "utf-8",
                       newline="") as stream:
            for chunk in chunks:
                stream.write(chunk)
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as exc:
        _remove(temporary)
        click.echo(f"{output}: error: cannot write the output: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_INVALID)
    except BaseException:  # never leave a half-written file behind, whatever stopped us
        _remove(temporary)
        raise


def _remove(temporary: str | None) -> None:
    if temporary is not None and os.path.exists(temporary):
        os.unlink(temporary)


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _score(scheme_file: str, data_file: str, period: str | None) -> Result:
    """Load the scheme and score the period: the one engine call behind score and explain."""
    from . import AppraiseError, PeriodError, load_scheme, score_file
    from .year import PERIOD_FORMS, PeriodMissing

    try:
        result = score_file(load_scheme(scheme_file), data_file, period)
    except AppraiseError as exc:
        _fail([*exc.diagnostics, *exc.warnings])
    except PeriodMissing:
        raise click.UsageError(f"this scheme is kept by month: choose a period with --period "
                               f"({PERIOD_FORMS})") from None
    except PeriodError as exc:
        raise click.BadParameter(str(exc), param_hint="'--period'") from None
    _show(list(result.warnings))
    return result


def _write_what_the_screen_can_show() -> None:
    """A character the screen's encoding lacks (Chinese on a cp1252 console or pipe) is
    written as an escape (\\u5f20), not a traceback half-way through the output."""
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="appraise", prog_name="appraise")
def main() -> None:
    """Appraise: validate a KPI scheme and score a period's figures.

    \b
    Examples:
      appraise validate schemes/examples/sales_company.yaml
      appraise score schemes/examples/sales_company.yaml --data schemes/examples/2026-Q1.csv
      appraise explain schemes/examples/sales_company.yaml \\
          --data schemes/examples/2026-Q1.csv --person SR01
      appraise targets schemes/examples/cascade_company.yaml --period 2026-Q1

    Exit codes: 0 success, 1 invalid scheme or data, 2 usage error.
    """
    _write_what_the_screen_can_show()
    # A run builds hundreds of thousands of objects that live until it ends; collecting
    # the young ones every 700 allocations costs a 100,000-person period a third of its
    # time. A short-lived command can collect far less often.
    gc.set_threshold(100_000, 50, 1000)


@main.command()
@click.argument("schemes", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: one line per problem; json: the same as data.")
def validate(schemes: tuple[str, ...], fmt: str) -> None:
    """Check one or more scheme files and report every problem at once.

    Each problem is printed as FILE:LINE:COL: error: PATH: MESSAGE (HINT),
    sorted by file and position.

    \b
    Example:
      appraise validate schemes/examples/sales_company.yaml
    """
    from . import validate_scheme
    from .report import diagnostics_json, diagnostics_text

    results = {name: validate_scheme(name) for name in schemes}
    if fmt == "json":
        click.echo(diagnostics_json({n: r.diagnostics for n, r in results.items()}), nl=False)
    else:
        for name, result in results.items():
            shown = result.diagnostics[:MAX_SHOWN]
            click.echo(diagnostics_text(shown), nl=False, err=not result.ok)
            if len(result.diagnostics) > MAX_SHOWN:
                click.echo(f"... and {len(result.diagnostics) - MAX_SHOWN} more problems not "
                           "shown", err=True)
            if result.ok:
                count = len(result.diagnostics)
                extra = f" ({count} warning{'s' if count != 1 else ''})" if count else ""
                click.echo(f"{name}: valid{extra}")
    sys.exit(0 if all(r.ok for r in results.values()) else EXIT_INVALID)


@main.command()
@click.argument("scheme", type=click.Path(dir_okay=False))
@click.option("--data", "data_file", required=True, type=click.Path(dir_okay=False),
              help="The period's actuals: CSV with a header row, or JSON.")
@click.option("--period", help="Which period to score, when the data holds several. For a "
              "scheme kept by month (with a calendar): a month, quarter, half, the year or "
              "year to date (2026-03, 2026-Q1, 2026-H1, 2026, 2026-YTD-05, 2026-YTD).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write to this file (written whole or not at all) instead of the screen.")
def score(scheme: str, data_file: str, period: str | None, fmt: str,
          output: str | None) -> None:
    """Score a period: points, total, grade, coefficient, bonus and rank per person.

    For a scheme kept by month, the months of --period are rolled up, targets come
    from the cascade, units and their heads are scored, grades are calibrated and
    bonuses scaled to any pool.

    \b
    Examples:
      appraise score schemes/examples/sales_company.yaml \\
          --data schemes/examples/2026-Q1.csv --format json -o results.json
      appraise score schemes/examples/cascade_company.yaml \\
          --data schemes/examples/2026-months.csv --period 2026-Q1
    """
    from .report import SCORE_FORMATS

    result = _score(scheme, data_file, period)
    _write(SCORE_FORMATS[fmt](result), output, bom=fmt == "csv")


@main.command()
@click.argument("scheme", type=click.Path(dir_okay=False))
@click.option("--data", "data_file", required=True, type=click.Path(dir_okay=False),
              help="The period's actuals: CSV with a header row, or JSON.")
@click.option("--person", required=True, help="The person's id, as in the data file.")
@click.option("--period", help="Which period, when the data holds several; for a scheme kept "
              "by month, the month, quarter, half, year or year to date.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: the steps in words; json: the same as data.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True,
              help="The language of the words: en (English) or zh (中文).")
def explain(scheme: str, data_file: str, person: str, period: str | None, fmt: str,
            lang: str) -> None:
    """Show every step of one person's score: what HR shows an employee who asks "why?".

    \b
    Examples:
      appraise explain schemes/examples/sales_company.yaml \\
          --data schemes/examples/2026-Q1.csv --person SR01
      appraise explain schemes/examples/sales_company.yaml \\
          --data schemes/examples/2026-Q1.csv --person SR01 --lang zh
    """
    from . import AppraiseError
    from .report import EXPLAIN_FORMATS

    result = _score(scheme, data_file, period)
    try:
        chosen = result.person(person)
    except AppraiseError as exc:
        _fail(list(exc.diagnostics))
    click.echo(EXPLAIN_FORMATS[fmt](result, chosen, lang), nl=False)


@main.command()
@click.argument("scheme", type=click.Path(dir_okay=False))
@click.option("--period", help="Show the targets of this period (2026-03, 2026-Q1, 2026-H1, "
              "2026-YTD-05); the year when left out.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write to this file (written whole or not at all) instead of the screen.")
def targets(scheme: str, period: str | None, fmt: str, output: str | None) -> None:
    """Show the cascade of targets: each unit's target, its children's sum and the gap.

    \b
    Example:
      appraise targets schemes/examples/cascade_company.yaml --period 2026-Q1
    """
    from . import AppraiseError, PeriodError, load_scheme, parse_period
    from .report import TARGET_FORMATS

    try:
        loaded = load_scheme(scheme)
    except AppraiseError as exc:
        _fail(list(exc.diagnostics))
    if not loaded.cascades or loaded.calendar is None:
        click.echo(f"{scheme}: error: the scheme has no cascade of targets (add calendar: and "
                   "cascade:)", err=True)
        sys.exit(EXIT_INVALID)
    try:
        chosen = parse_period(period, loaded.calendar.year) if period is not None else None
    except PeriodError as exc:
        raise click.BadParameter(str(exc), param_hint="'--period'") from None
    _write(TARGET_FORMATS[fmt](loaded, chosen), output, bom=fmt == "csv")


if __name__ == "__main__":
    main()

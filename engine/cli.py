"""The ``appraise`` command: validate a KPI scheme, score a period, explain a score.

Thin by design: each command parses its options, calls one function of the
``engine`` library, hands the result to a reporter and chooses the exit code.
Exit codes: 0 success, 1 invalid scheme or data, 2 usage error.

``-`` for an input is standard input, and for ``-o`` standard output (:mod:`.cli_io`).
"""

from __future__ import annotations

import atexit
import gc
import sys
from typing import TYPE_CHECKING, NoReturn

import click

from . import cli_term
from .cli_diff import diff
from .cli_doc import doc
from .cli_figures import figures, records_behind, with_records
from .cli_help import HelpGroup
from .cli_history import history
from .cli_init import init, schema
from .cli_io import (
    MAX_SHOWN,
    STDIN,
    STDIO,
    headers_option,
    labelled,
    lang_option,
    never_over_an_input,
    read_input,
    show_problems,
    speak_as,
    speak_for,
    workbook_output,
    write_file,
    write_output,
    write_what_the_screen_can_show,
)
from .cli_report import report
from .cli_rollforward import rollforward
from .cli_schemetests import run_tests
from .cli_scoring import (
    Keeping,
    data_or_records,
    formula_targets_said,
    room_table,
    score_period,
    score_workbook,
)
from .cli_show import library, show
from .cli_sql import sql
from .cli_template import template
from .i18n import _

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from .build import Validation

EXIT_INVALID = 1


HISTORY_HELP = ("Earlier months' rows, in the data's format, for formulas that read a field "
                "over earlier months (previous(revenue), last_year(revenue)); the data file "
                "may hold the year before's months itself.")
SUBJECTS_HELP = ("For a scheme that counts another scheme's subjects (its subjects:), the data "
                 "of those subjects for the period, as NAME=FILE, e.g. "
                 "customers=customers-2026-Q1.csv; once for each name.")
SHEET_HELP = ("When --data is an Excel workbook: the sheet to read (by default the first). "
              "Its first row is the header.")
STRICT_HELP = ("Treat every warning about the data as an error (a person known only from "
               "the data, a column that is ignored, ...): exit 1 and write nothing.")


def _fail(diagnostics: list[object]) -> NoReturn:
    show_problems(diagnostics)
    sys.exit(EXIT_INVALID)


def _validation(path: str, content: bytes | None = None) -> Validation:
    """Check one scheme file (whose bytes may have been read already), or the scheme on
    standard input ('-')."""
    from . import AppraiseError, Validation, validate_scheme
    from .cli_schemetests import test_file_checked

    if (checked := test_file_checked(path)) is not None:
        return checked
    try:
        name, content = (path, content) if content is not None else read_input(path, "scheme")
        speak_as(path, content)
        return validate_scheme(name, content)
    except AppraiseError as exc:  # standard input that cannot be read, or far too large
        return Validation(STDIN, exc.diagnostics, None)


@click.group(cls=HelpGroup, context_settings={"help_option_names": ["--help", "-h"]})
@click.version_option(package_name="appraise", prog_name="appraise")
@lang_option
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
    write_what_the_screen_can_show()
    cli_term.set_quiet(False)  # until a command's --quiet says otherwise
    # A run builds hundreds of thousands of objects that live until it ends; collecting
    # the young ones every 700 allocations costs a 100,000-person period a third of its
    # time. A short-lived command can collect far less often.
    gc.set_threshold(100_000, 50, 1000)
    # As Python shuts down it collects once more, looking at every object still alive:
    # some 50 ms after the example (a fifth of its run), 100 ms after 100,000 people.
    # Frozen, they are not looked at; the system frees them all the same when the process
    # ends. Registered once, however often main runs in one process.
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)


@main.command()
@click.argument("schemes", nargs=-1, required=True, type=click.Path())
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: one line per problem; json: the same as data.")
@click.option("-v", "--verbose", is_flag=True,
              help="Name each YAML file below a folder that is skipped, and why.")
@cli_term.QUIET
@lang_option
def validate(schemes: tuple[str, ...], fmt: str, verbose: bool) -> None:
    """Check scheme files, or every scheme below a folder, and report every problem at once.

    Each problem is printed as FILE:LINE:COL: error: PATH: MESSAGE (HINT),
    sorted by file and position. A scheme given as - is read from standard input
    and called <stdin>. Below a folder, a scheme is a .yaml or .yml file whose top
    level has 'appraise: 1'; test files (*.tests.yaml), other YAML files and hidden
    folders (.git) are skipped. A test file given by name is checked as a test file
    (appraise test runs it).

    \b
    Examples:
      appraise validate schemes/examples/sales_company.yaml
      appraise validate schemes/
    """
    from .cli_schemetests import schemes_given
    from .report import diagnostics_json, diagnostics_text

    if schemes.count(STDIO) > 1:
        raise click.UsageError(_("standard input can be read only once: give '-' once"))
    given, problems = schemes_given(schemes, verbose, fmt == "json")
    results = {}
    with cli_term.progress():
        for done, (name, content) in enumerate(given):
            cli_term.step(_("Checking {file} ({done} of {total})").format(
                file=name, done=done + 1, total=len(given)))
            results[STDIN if name == STDIO else name] = _validation(name, content)
    if fmt == "json":  # a folder with no scheme is a file of the report, with its error
        click.echo(diagnostics_json({**{d.file: [d] for d in problems},
                                     **{n: r.diagnostics for n, r in results.items()}}),
                   nl=False)
    else:
        show_problems(list(problems))
        for name, result in results.items():
            told = [d for d in result.diagnostics if d.severity == "error"] \
                if cli_term.quiet() else result.diagnostics
            paint = cli_term.coloured(sys.stderr if not result.ok else sys.stdout)
            click.echo("".join(f"{cli_term.paint_severity(str(d), d.severity)}\n"
                               for d in told[:MAX_SHOWN]) if paint else
                       diagnostics_text(told[:MAX_SHOWN]), nl=False, err=not result.ok)
            if len(told) > MAX_SHOWN:
                click.echo(_("... and {count} more problems not shown").format(
                    count=len(told) - MAX_SHOWN), err=True)
            if result.ok:
                click.echo(_valid(name, len(result.diagnostics)))
    sys.exit(0 if all(r.ok for r in results.values()) and not problems else EXIT_INVALID)


def _valid(name: str, warnings: int) -> str:
    if not warnings:
        return _("{file}: valid").format(file=name)
    if warnings == 1:
        return _("{file}: valid (1 warning)").format(file=name)
    return _("{file}: valid ({count} warnings)").format(file=name, count=warnings)


@main.command()
@click.argument("scheme", type=click.Path(dir_okay=False))
@click.option("--data", "data_file", type=click.Path(dir_okay=False),
              help="The period's actuals: CSV with a header row, JSON, or an Excel workbook "
              "(.xlsx); - reads standard input (JSON when it starts with [ or {).")
@click.option("--records", type=click.Path(file_okay=False), help="Instead of --data: the "
              "folder of the company's records, worked out into the figures first (appraise "
              "figures).")
@click.option("--period", help="Which period to score, when the data holds several. For a "
              "scheme kept by month (with a calendar): a month, quarter, half, the year or "
              "year to date (2026-03, 2026-Q1, 2026-H1, 2026, 2026-YTD-05, 2026-YTD).")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "xlsx"]),
              default="table", show_default=True, help="xlsx: an Excel workbook (with -o): "
              "a summary, each unit's people, each person's steps.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write to this file (written whole or not at all, never over an input) "
              "instead of the screen; - is the screen.")
@click.option("--strict", is_flag=True, help=STRICT_HELP)
@click.option("--history", type=click.Path(dir_okay=False), help=HISTORY_HELP)
@click.option("--subjects", multiple=True, metavar="NAME=FILE", help=SUBJECTS_HELP)
@click.option("--sheet", metavar="NAME", help=SHEET_HELP)
@click.option("--store", metavar="URL", help="Keep the period in this history store: a SQLite "
              "file (made when missing) or postgresql://USER@HOST/DATABASE; appraise history "
              "reads it.")
@headers_option
@cli_term.QUIET
@lang_option
def score(scheme: str, data_file: str | None, records: str | None, period: str | None,
          fmt: str, output: str | None, strict: bool, history: str | None,
          subjects: tuple[str, ...], headers: str | None, sheet: str | None,
          store: str | None) -> None:
    """Score a period: points, total, grade, coefficient, bonus and rank per person.

    For a scheme kept by month, the months of --period are rolled up, targets come
    from the cascade, units and their heads are scored, grades are calibrated and
    bonuses scaled to any pool. The scheme or the data (not both) may be - for
    standard input.

    \b
    Examples:
      appraise score schemes/examples/sales_company.yaml \\
          --data schemes/examples/2026-Q1.csv --format json -o results.json
      appraise score schemes/examples/cascade_company.yaml \\
          --data schemes/examples/2026-months.csv --period 2026-Q1
      appraise score schemes/examples/sales_company.yaml \\
          --data schemes/examples/2026-Q1.csv --format xlsx -o results.xlsx
    """
    from .report import SCORE_FORMATS

    if fmt == "xlsx":
        workbook_output(output)
    labels = labelled(headers, fmt)
    data_file = data_or_records(scheme, data_file, records, period)
    never_over_an_input(output, (scheme, _("the scheme"), _("scheme")),
                        (data_file, "--data", _("data")),
                        *([(history, "--history", _("history"))] if history else []),
                        *[(given.partition("=")[2].strip(), "--subjects", _("subjects' data"))
                          for given in subjects])
    said: Sequence[object] = ()  # the workbook's notes, once the progress line is gone
    keeping = Keeping(store) if store is not None else None  # once the output is written
    with cli_term.progress():
        result = score_period(scheme, data_file, period, strict, history, subjects, output,
                              sheet, records, keeping)
        if fmt == "xlsx" and output is not None:
            said = score_workbook(result, output, labels, keeping)
        else:
            room = cli_term.table_width(output) if fmt == "table" else None
            formatted: str | Iterable[str] | Iterable[str | bytes]
            if labels:
                from .report.as_csv import score_csv_chunks

                formatted = score_csv_chunks(result, labels=True)
            else:  # csv: a generator, run as it is written
                formatted = SCORE_FORMATS[fmt](result) if room is None else \
                    room_table(result, room)
            cli_term.writing(output)
            write_output(formatted, output, bom=fmt == "csv", then=keeping)
    show_problems([*said, *(keeping.said if keeping is not None else ())])


@main.command()
@click.argument("scheme", type=click.Path(dir_okay=False))
@click.option("--data", "data_file", type=click.Path(dir_okay=False),
              help="The period's actuals: CSV with a header row, JSON, or an Excel workbook "
              "(.xlsx); - reads standard input (JSON when it starts with [ or {).")
@click.option("--records", type=click.Path(file_okay=False), help="Instead of --data: the "
              "folder of the company's records, worked out into the figures first; under "
              "each field from records, the records that made it.")
@click.option("--person", required=True, help="The person's id, as in the data file.")
@click.option("--period", help="Which period, when the data holds several; for a scheme kept "
              "by month, the month, quarter, half, year or year to date.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: the steps in words; json: the same as data.")
@click.option("--strict", is_flag=True, help=STRICT_HELP)
@click.option("--history", type=click.Path(dir_okay=False), help=HISTORY_HELP)
@click.option("--subjects", multiple=True, metavar="NAME=FILE", help=SUBJECTS_HELP)
@click.option("--sheet", metavar="NAME", help=SHEET_HELP)
@cli_term.QUIET
@lang_option
def explain(scheme: str, data_file: str | None, records: str | None, person: str,
            period: str | None, fmt: str, strict: bool, history: str | None,
            subjects: tuple[str, ...], sheet: str | None) -> None:
    """Show every step of one person's score: what HR shows an employee who asks "why?".

    The scheme or the data (not both) may be - for standard input.

    \b
    Examples:
      appraise explain schemes/examples/sales_company.yaml \\
          --data schemes/examples/2026-Q1.csv --person SR01
      appraise explain schemes/examples/sales_company.yaml \\
          --data schemes/examples/2026-Q1.csv --person SR01 --lang zh
    """
    from . import AppraiseError
    from .i18n import language
    from .report import EXPLAIN_FORMATS

    data_file = data_or_records(scheme, data_file, records, period)
    with cli_term.progress():
        result = score_period(scheme, data_file, period, strict, history, subjects,
                              sheet=sheet, records=records)
        try:
            chosen = result.person(person)
        except AppraiseError as exc:
            _fail(list(exc.diagnostics))
        cli_term.done()
        text = EXPLAIN_FORMATS[fmt](result, chosen, language())
        click.echo(text if records is None or fmt == "text" else with_records(
            text, result, records, person), nl=False)
        if records is not None and fmt == "text":
            click.echo(records_behind(result, records, person), nl=False)


@main.command()
@click.argument("scheme", type=click.Path(dir_okay=False))
@click.option("--period", help="Show the targets of this period (2026-03, 2026-Q1, 2026-H1, "
              "2026-YTD-05); the year when left out.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "xlsx"]),
              default="table", show_default=True, help="xlsx: an Excel workbook (with -o).")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write to this file (written whole or not at all, never over an input) "
              "instead of the screen; - is the screen.")
@headers_option
@cli_term.QUIET
@lang_option
def targets(scheme: str, period: str | None, fmt: str, output: str | None,
            headers: str | None) -> None:
    """Show the cascade of targets: each unit's target, its children's sum and the gap.

    The scheme may be - for standard input.

    \b
    Example:
      appraise targets schemes/examples/cascade_company.yaml --period 2026-Q1
    """
    from . import AppraiseError, PeriodError, load_scheme, parse_period
    from .report import TARGET_FORMATS
    from .report.targets import targets_csv  # the one reporter of targets, whatever --format

    if fmt == "xlsx":
        workbook_output(output)
    labels = labelled(headers, fmt)
    never_over_an_input(output, (scheme, _("the scheme"), _("scheme")))
    try:
        name, content = read_input(scheme, "scheme")
        speak_as(scheme, content)
        loaded = load_scheme(name, content)
    except AppraiseError as exc:
        _fail(list(exc.diagnostics))
    speak_for(loaded.language)
    if not loaded.cascades or loaded.calendar is None:
        click.echo(_("{file}: error: the scheme has no cascade of targets (add calendar: "
                     "and cascade:)").format(file=loaded.file) + formula_targets_said(loaded),
                   err=True)
        sys.exit(EXIT_INVALID)
    try:
        chosen = parse_period(period, loaded.calendar.year) if period is not None else None
    except PeriodError as exc:
        raise click.BadParameter(str(exc), param_hint="'--period'") from None
    with cli_term.progress():
        cli_term.step(_("Working out the targets"))
        if fmt == "xlsx" and output is not None:
            from .report.xlsx_targets import targets_xlsx

            cli_term.writing(output)
            write_file(lambda path: targets_xlsx(loaded, chosen, path,
                                                 labels=labels), output)
            return
        text = TARGET_FORMATS[fmt](loaded, chosen) if not labels else \
            targets_csv(loaded, chosen, labels=True)
        cli_term.writing(output)
        write_output(text, output, bom=fmt == "csv")


for command in (show, library, init, schema, rollforward, diff, run_tests, template, report, doc,
                figures, sql, history):  # each in a module of its own (cli_<name>.py)
    main.add_command(command)

if __name__ == "__main__":
    main()

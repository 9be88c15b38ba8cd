"""``appraise diff OLD NEW``: what changed between two schemes, and with ``--impact`` whom it
touches in a period's data. Registered by :mod:`.cli`; loads the engine only when run."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, NoReturn

import click

from .cli_io import (
    STDIN,
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
    from .report.scheme_impact import Impact
    from .scoring import Result

EXIT_INVALID = 1
EXIT_DIFFERENT = 3  # with --exit-code: the schemes differ (1 and 2 keep their meaning)


def _fail(diagnostics: list[object]) -> NoReturn:
    show_problems(diagnostics)  # a warning both runs give, once
    sys.exit(EXIT_INVALID)


def _schemes(old: str, new: str) -> tuple[Scheme, Scheme]:
    """Both schemes compiled; every error of either (with its file and line) else."""
    from . import AppraiseError, load_scheme

    loaded: list[Scheme] = []
    errors: list[object] = []
    for path in dict.fromkeys((old, new)):
        try:
            name, content = read_input(path, "scheme")
            speak_as(path, content)
            loaded.append(load_scheme(name, content))
        except AppraiseError as exc:
            errors += exc.diagnostics
    if errors:
        _fail(errors)
    speak_for(loaded[-1].language or loaded[0].language)
    return loaded[0], loaded[-1]


def _counted(schemes: tuple[Scheme, Scheme]) -> list[str]:
    """The files of the schemes whose subjects either counts (``subjects:``), in turn."""
    files: list[str] = []
    waiting = list(schemes)
    while waiting:
        for feed in waiting.pop().feeds.values():
            if feed.scheme.file not in files:
                files.append(feed.scheme.file)
                waiting.append(feed.scheme)
    return files


def _subjects(given: tuple[str, ...], schemes: tuple[Scheme, Scheme]) -> list[dict[str, str]]:
    """``--subjects NAME=FILE`` for each scheme: the names it counts (either may count)."""
    from .cli_scoring import subjects_given
    from .scoring.feeds import every_feed

    counted = [every_feed(scheme) for scheme in schemes]
    out = subjects_given(given, counted)
    return [{k: v for k, v in out.items() if k in names} for names in counted]


def _scored(scheme: Scheme, which: str, data: tuple[str, bytes | None], period: str | None,
            strict: bool, history: str | None, subjects: dict[str, str]) -> Result:
    """The period under one scheme; a problem with the data names the scheme it is for."""
    from . import AppraiseError, PeriodError, score_file
    from .year import PeriodMissing, period_forms

    try:
        if history is not None and not scheme.looked_back:
            history = None  # the other scheme reads earlier months; this one has no use for them
        return score_file(scheme, data[0], period, data[1], strict=strict, history=history,
                          subjects=subjects)
    except AppraiseError as exc:
        click.echo((_("{file}: error: the data cannot be scored under the old scheme:")
                    if which == "old" else
                    _("{file}: error: the data cannot be scored under the new scheme:")).format(
            file=scheme.file), err=True)
        _fail([*exc.diagnostics, *exc.warnings])
    except PeriodMissing:
        raise click.UsageError((_("the old scheme is kept by month: choose a period with "
                                  "--period ({forms})") if which == "old" else
                                _("the new scheme is kept by month: choose a period with "
                                  "--period ({forms})")).format(forms=period_forms())) from None
    except PeriodError as exc:
        raise click.BadParameter((_("the old scheme: {problem}") if which == "old" else
                                  _("the new scheme: {problem}")).format(problem=exc),
                                 param_hint="'--period'") from None


def _impact(schemes: tuple[Scheme, Scheme], data_file: str, period: str | None,
            strict: bool, history: str | None, subjects: tuple[str, ...]) -> Impact:
    """The period's data scored under both schemes (read once, for standard input), and
    whose result changes."""
    from . import AppraiseError
    from .report.scheme_impact import impact

    given = _subjects(subjects, schemes)
    try:
        data = read_input(data_file, "data file")
    except AppraiseError as exc:
        _fail(list(exc.diagnostics))
    results = [_scored(s, w, data, period, strict, history, g)
               for s, w, g in zip(schemes, ("old", "new"), given, strict=True)]
    show_problems([*results[0].warnings, *results[1].warnings])
    return impact(results[0], results[1])


@click.command()
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@click.option("--impact", is_flag=True, help="Also score a period's data (--data) under both "
              "schemes and list each person whose total, grade, rank or bonus changes.")
@click.option("--data", "data_file", type=click.Path(dir_okay=False),
              help="With --impact: the period's actuals, as for score; - reads standard input.")
@click.option("--period", help="With --impact: which period to score, as for score.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="text: the changes in words; json: the same as data.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write to this file (written whole or not at all, never over an input) "
              "instead of the screen; - is the screen.")
@click.option("--exit-code", is_flag=True, help=f"Exit {EXIT_DIFFERENT} when the schemes "
              "differ (0 when they mean the same), for scripts; without it, 0 either way.")
@click.option("--strict", is_flag=True, help="With --impact: every warning about the data is "
              "an error, as for score.")
@click.option("--history", type=click.Path(dir_okay=False), help="With --impact: earlier "
              "months' rows, for a scheme whose formulas read them, as for score.")
@click.option("--subjects", multiple=True, metavar="NAME=FILE", help="With --impact: the data "
              "of the subjects a scheme counts, as for score.")
@lang_option
def diff(old: str, new: str, impact: bool, data_file: str | None, period: str | None,
         fmt: str, output: str | None, exit_code: bool, strict: bool, history: str | None,
         subjects: tuple[str, ...]) -> None:
    """List what changed from scheme OLD to scheme NEW, in HR's terms.

    Indicators, fields, scales and grades added, removed or changed; weights, targets
    (with the change in percent), rules by their parts (bands, cap, floor), posts,
    units, people and bonus bases. Both schemes are compared as compiled: comments,
    order and layout are no change. With --impact, the period's data is scored
    under both, and each person whose total, grade, rank or bonus changes is listed,
    old → new and by how much. One of OLD, NEW and the data may be - (standard input).

    \b
    Examples:
      appraise diff schemes/examples/sales_company.yaml sales_company_2027.yaml
      appraise diff schemes/examples/sales_company.yaml sales_company_2027.yaml \\
          --impact --data schemes/examples/2026-Q1.csv

    Exit codes: 0 done (whether or not the schemes differ; with --exit-code, 3 when they
    differ), 1 invalid scheme or data, 2 usage error.
    """
    if impact and data_file is None:
        raise click.UsageError(_("--impact scores a period's data under both schemes: give "
                                 "the data with --data FILE"))
    if not impact and (data_file or period or history or subjects or strict):
        raise click.UsageError(_("--data, --period, --strict, --history and --subjects are "
                                 "for --impact: add --impact to score the data under both "
                                 "schemes"))
    if [*dict.fromkeys((old, new)), data_file].count(STDIO) > 1:
        raise click.UsageError(_("standard input can be read only once: give '-' once"))
    if history == STDIO:
        raise click.BadParameter(_("the history is read from a file, not standard input"),
                                 param_hint="'--history'")
    never_over_an_input(output, (old, "OLD", _("scheme")), (new, "NEW", _("scheme")),
                        *[(path, option, what) for path, option, what in (
                            (data_file, "--data", _("data")),
                            (history, "--history", _("history"))) if path],
                        *[(given.partition("=")[2].strip(), "--subjects", _("subjects' data"))
                          for given in subjects])
    from .report.scheme_diff import diff_data, diff_text, scheme_changes

    schemes = _schemes(old, new)
    never_over_an_input(output, *[(file, _("the counted scheme"), _("scheme"))
                                  for file in _counted(schemes)])
    names = [STDIN if path == STDIO else path for path in (old, new)]
    changes = scheme_changes(*schemes)
    found = None
    if data_file is not None:
        found = _impact(schemes, data_file, period, strict, history, subjects)
    if fmt == "json":
        import json

        out = diff_data(names[0], names[1], changes)
        if found is not None:
            from .report.scheme_impact import impact_data

            out["impact"] = impact_data(found)
        text = json.dumps(out, ensure_ascii=False, indent=2) + "\n"
    else:
        text = diff_text(names[0], names[1], changes)
        if found is not None:
            from .report.scheme_impact import impact_text

            text += "\n" + impact_text(found, names[0], names[1])
    write_output(text, output)
    sys.exit(EXIT_DIFFERENT if exit_code and changes else 0)

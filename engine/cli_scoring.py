"""What the commands that score a period share (score, explain, report): the scheme loaded,
``--subjects`` read, the period's data scored, and every problem on the way shown with the
exit code of invalid input or of a usage error."""

from __future__ import annotations

import sys
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, NoReturn

import click

from . import cli_term
from .cli_io import (
    STDIO,
    never_over_an_input,
    read_input,
    show_problems,
    speak_as,
    speak_for,
    stdin_once,
    write_file,
)
from .i18n import _

if TYPE_CHECKING:
    from .data.earlier import Earlier
    from .diagnostics import Diagnostic
    from .model import Scheme
    from .scoring import Result

EXIT_INVALID = 1


def _fail(diagnostics: list[object]) -> NoReturn:
    show_problems(diagnostics)
    sys.exit(EXIT_INVALID)


@dataclass
class Keeping:
    """A period scored for ``--store``, kept once its output is written (called as the last
    step of writing it, before the file is put in place): a run whose output cannot be
    written keeps nothing, and one that cannot keep writes no file."""

    store: str
    result: Result | None = None
    content: bytes | None = None
    name: str = ""
    said: tuple[Diagnostic, ...] = ()

    def __call__(self) -> None:
        from . import AppraiseError

        assert self.result is not None
        try:
            self.said = (_keep(self.store, self.result, self.content, self.name),)
        except AppraiseError as exc:
            _fail([*exc.diagnostics, *exc.warnings])


def _subjects(given: tuple[str, ...], scheme: Scheme) -> dict[str, str]:
    """``--subjects NAME=FILE``, each name one the scheme counts."""
    from .scoring.feeds import every_feed

    return subjects_given(given, [every_feed(scheme)])


def subjects_given(given: tuple[str, ...], counted: Sequence[Collection[str]]) -> dict[str, str]:
    """``--subjects NAME=FILE``, each name one that a scheme counts: ``counted`` holds the
    names each scheme of the run counts (one scheme for score, two for diff)."""
    out: dict[str, str] = {}
    hint, known = "'--subjects'", sorted({n for names in counted for n in names})
    for text in given:
        name, equals, file = (part.strip() for part in text.partition("="))
        if not equals or not name or not file:
            raise click.BadParameter(_("'{text}' is not NAME=FILE; write e.g. "
                                       "customers=customers-2026-Q1.csv").format(text=text),
                                     param_hint=hint)
        if name not in known:
            raise click.BadParameter(_unknown(name, known, one=len(counted) == 1),
                                     param_hint=hint)
        if name in out:
            raise click.BadParameter(_("'{name}' is given twice").format(name=name),
                                     param_hint=hint)
        if file == STDIO:
            raise click.BadParameter(_("the subjects' data is read from a file, not standard "
                                       "input"), param_hint=hint)
        out[name] = file
    return out


def _unknown(name: str, known: list[str], one: bool) -> str:
    if one:
        return _("the scheme counts no subjects called '{name}'; it counts: {names}").format(
            name=name, names=", ".join(known)) if known else \
            _("this scheme counts no other scheme's subjects (it has no subjects:)")
    return (_("neither scheme counts subjects called '{name}'; they count: {names}") if known
            else _("neither scheme counts subjects called '{name}' (neither has subjects:)")
            ).format(name=name, names=", ".join(known))


def data_or_records(scheme: str, data_file: str | None, records: str | None,
                    period: str | None) -> str:
    """The data file to score (``--records``' folder when the figures come from records):
    one of --data and --records, not both, and --period with --records."""
    if (data_file is None) == (records is None):
        raise click.UsageError(_("give the period's figures with --data FILE, or the records "
                                 "they are worked out from with --records DIR: one of the "
                                 "two") if data_file is None else _(
            "--data and --records both give the period's figures: give one of the two "
            "(appraise figures writes the records' figures to a file to compare)"))
    if records is not None and period is None:
        raise click.UsageError(_("with --records, say which period to work out: --period "
                                 "(e.g. 2026-Q1)"))
    if data_file is not None:
        stdin_once(scheme, data_file)
        return data_file
    return str(records)


def score_period(scheme_file: str, data_file: str, period: str | None, strict: bool,
           history: str | None = None, subjects: tuple[str, ...] = (),
           output: str | None = None, sheet: str | None = None,
           records: str | None = None, store: Keeping | None = None) -> Result:
    """Load the scheme and score the period: the one engine call behind score and explain;
    with ``records``, the figures are worked out of the records first; with ``store``, the
    earlier months come from the store and the period is made ready to keep there."""
    from . import AppraiseError, PeriodError, load_scheme, score_file
    from .year import PeriodMissing, period_forms

    if history == STDIO:
        raise click.BadParameter(_("the history is read from a file, not standard input"),
                                 param_hint="'--history'")
    try:
        scheme_name, scheme_content = read_input(scheme_file, "scheme")
        speak_as(scheme_file, scheme_content)
        cli_term.step(_("Reading the scheme {file}").format(file=scheme_name))
        scheme = load_scheme(scheme_name, scheme_content)
        speak_for(scheme.language)
        if history is not None and not scheme.looked_back:
            raise click.BadParameter(
                _("no formula of this scheme reads a field over earlier months (previous() "
                  "or last_year()), so it has no use for a history file"),
                param_hint="'--history'")
        if records is not None:
            from .sources import work_out

            cli_term.step(_("Working out the figures from {folder}").format(folder=records))
            data_name = _("{folder} (figures from records)").format(folder=records)
            worked = work_out(scheme, records, str(period))
            show_problems(worked.warnings)
            content: bytes | None = worked.content
        else:
            data_name, content = read_input(data_file, "data file")
        given = _subjects(subjects, scheme)
        if given:
            from .scoring.feeds import every_feed

            never_over_an_input(output, *[(f.scheme.file, _("the counted scheme"),
                                           _("scheme"))
                                          for fs in every_feed(scheme).values() for f in fs])
        cli_term.step(_("Reading and scoring {file}").format(file=data_name))
        earlier = _stored_earlier(store.store, scheme) if store is not None \
            and history is None and scheme.looked_back else history
        result = score_file(scheme, data_name, period, content, strict=strict,
                            history=earlier, subjects=given, sheet=sheet)
        if store is not None:
            store.result, store.content, store.name = result, scheme_content, scheme_name
    except AppraiseError as exc:
        _fail([*exc.diagnostics, *exc.warnings])
    except PeriodMissing:
        raise click.UsageError(_("this scheme is kept by month: choose a period with --period "
                                 "({forms})").format(forms=period_forms())) from None
    except PeriodError as exc:
        raise click.BadParameter(str(exc), param_hint="'--period'") from None
    show_problems(result.warnings)
    return result


def _stored_earlier(store: str, scheme: Scheme) -> Earlier | None:
    """Earlier months' figures kept in the store, for formulas that read them."""
    from .store.earlier import stored_earlier

    return stored_earlier(store, scheme)


def _keep(store: str, result: Result, content: bytes | None, name: str) -> Diagnostic:
    """Keep ``result`` in the store: what was done, as a note naming the store."""
    from pathlib import Path

    from .diagnostics import Diagnostic
    from .store import keep, shown

    text = (content if content is not None else Path(name).read_bytes()).decode(
        "utf-8", errors="replace")
    cli_term.step(_("Keeping {period} in {store}").format(period=result.period_id or "",
                                                          store=shown(store)))
    kept = keep(store, result, text)
    period, version, before = kept.period, kept.version, kept.version - 1
    if not kept.new:
        said = _("{period} is kept already as version {version}, scored with the same scheme "
                 "and data: nothing changed").format(period=period, version=version)
    elif not before:
        said = _("{period} kept as version 1").format(period=period)
    else:
        said = {"scheme": _("{period} kept as version {version}: the scheme differs from "
                            "version {before}'s"),
                "data": _("{period} kept as version {version}: the data differs from version "
                          "{before}'s"),
                "both": _("{period} kept as version {version}: the scheme and the data differ "
                          "from version {before}'s")}[kept.because].format(
            period=period, version=version, before=before)
    hint = _("appraise history --store {store} --period {period} --diff {before} {version} "
             "shows what changed").format(store=shown(store), period=period, before=before,
                                          version=version) if kept.new and before else ""
    return Diagnostic(shown(store), 0, 0, "note", "", said, hint)


def room_table(result: Result, room: int) -> str:
    """The score table made to fit a terminal of ``room`` columns."""
    from .report import score_table

    return score_table(result, room)


def score_workbook(result: Result, output: str, labels: bool,
                   then: Keeping | None = None) -> list[Diagnostic]:
    """``score --format xlsx``: the workbook of ``result`` written to ``output``, whole or
    not at all (exit 1 when an Excel sheet cannot hold its people); what a person should
    know of it, to show once the run's progress line is gone."""
    from .report.xlsx_results import notes, score_xlsx, too_large

    if (wrong := too_large(result)) is not None:
        _fail([wrong])
    cli_term.writing(output)

    def write(path: str) -> None:  # then kept, before the workbook is put in place or shown
        score_xlsx(result, path, labels=labels)
        if then is not None:
            then()

    write_file(write, output)
    return notes(result, output)


def formula_targets_said(scheme: Scheme) -> str:
    """What the targets command says of targets written as formulas, which no cascade
    holds: they are worked out for each person when a period is scored."""
    from .report.targets import formula_targets

    found = formula_targets(scheme)
    if not found:
        return ""
    return _("; its targets written as formulas are worked out from each person's figures "
             "when a period is scored (appraise explain shows them):") + "".join(
            f"\n  {line}" for line in found)

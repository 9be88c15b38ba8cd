"""``appraise test``: run a scheme's test cases; and the folders ``validate`` and ``test``
are given, expanded into the schemes and test files below them."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from .cli_io import STDIO, lang_option, show_problems
from .i18n import _

if TYPE_CHECKING:
    from .build import Validation
    from .diagnostics import Diagnostic

EXIT_INVALID = 1  # as the command's: a failed case, or a file that cannot be run


def schemes_given(paths: tuple[str, ...], verbose: bool, quiet_out: bool = False
                  ) -> tuple[list[tuple[str, bytes | None]], list[Diagnostic]]:
    """``validate``'s arguments: each file as given, each folder as the schemes below it
    (each with its bytes, read once), and a problem for a folder with none. ``verbose``
    names the YAML files skipped (on standard error when ``quiet_out``: the output is
    JSON)."""
    schemes: dict[str, bytes | None] = {}
    problems: list[Diagnostic] = []
    for path in paths:
        if path == STDIO or not os.path.isdir(path):
            schemes.setdefault(path, None)
            continue
        from .cases.found import nothing_found, schemes_below

        found = schemes_below(path)
        if verbose:
            for skipped, why in found.skipped:
                click.echo(_("{file}: skipped: {why}").format(file=skipped, why=why),
                           err=quiet_out)
        if not found.schemes:
            problems.append(nothing_found(path, "scheme", len(found.skipped)))
        for scheme, content in found.schemes:
            schemes.setdefault(scheme, content)
    return list(schemes.items()), problems


def test_file_checked(path: str) -> Validation | None:
    """A test file given to ``validate``, checked as a test file (its form, its scheme and
    data files there); None for any other file."""
    from .cases.found import is_tests

    if path == STDIO or not is_tests(path):
        return None
    from .build import Validation
    from .cases.suite import read_suite
    from .diagnostics import AppraiseError

    try:
        read_suite(path)
    except AppraiseError as exc:
        return Validation(path, exc.diagnostics, None)
    return Validation(path, [], None)


def _test_files(paths: tuple[str, ...], none_ok: bool = False
                ) -> tuple[list[str], list[Diagnostic]]:
    """Each path as the test files it stands for: a test file itself, a scheme's test
    files beside it, every test file below a folder."""
    from .cases.found import is_tests, nothing_found, tests_below, tests_of
    from .diagnostics import Diagnostic

    files: dict[str, None] = {}
    problems: list[Diagnostic] = []
    for path in paths:
        if os.path.isdir(path):
            found = tests_below(path)
            if not found and not none_ok:
                problems.append(nothing_found(path, "test file", 0))
        elif not os.path.exists(path):
            found = []
            problems.append(Diagnostic(path, 0, 0, "error", "", _("no such file or folder"),
                                       _("check the path")))
        elif is_tests(path):
            found = [path]
        else:
            found = tests_of(path)
            if not found:
                stem = os.path.splitext(os.path.basename(path))[0]
                problems.append(Diagnostic(
                    path, 0, 0, "error", "", _("no test file for this scheme"),
                    _("write its cases in {name}.tests.yaml beside it").format(name=stem)))
        files.update(dict.fromkeys(found))
    return list(files), problems


@click.command("test")
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=False))
@click.option("--none-ok", is_flag=True,
              help="A folder with no test file below it is not an error (for a repository's "
              "hook before its first tests are written).")
@lang_option
def run_tests(paths: tuple[str, ...], none_ok: bool) -> None:
    """Run the test cases of schemes: given these actuals, expect these results.

    Each PATH is a test file (NAME.tests.yaml), a scheme (its test files beside it are
    run) or a folder (every test file below it, outside hidden folders). Each case is
    one line, pass or FAIL; a failure shows what was expected against what the output
    shows, then the explain trace of each person concerned. Exit code 1 when any case
    fails or any file cannot be run.

    \b
    Examples:
      appraise test schemes/examples/sales_company.tests.yaml
      appraise test schemes/
    """
    from .cases.run import run_suite
    from .cases.shown import outcome_text, summary
    from .cases.suite import read_suite
    from .diagnostics import AppraiseError, Diagnostic

    if STDIO in paths:
        raise click.UsageError(_("test files are read from files, not standard input"))
    files, problems = _test_files(paths, none_ok)
    show_problems(problems)
    passed = failed = 0
    errors = len(problems)
    for file in files:
        try:
            suite = read_suite(file)
            outcomes = run_suite(suite)
        except AppraiseError as exc:
            show_problems(exc.diagnostics)
            if all(d.file != file for d in exc.diagnostics):  # its scheme's own problems
                show_problems([Diagnostic(file, 0, 0, "error", "", _(
                    "the scheme it tests has errors, so no case was run"),
                    _("appraise validate shows them"))])
            errors += 1
            continue
        for outcome in outcomes:
            click.echo(outcome_text(file, outcome), nl=False)
            shown = outcome.warnings if outcome.status != "pass" else []
            show_problems([*outcome.problems, *shown])
            passed += outcome.status == "pass"
            failed += outcome.status == "FAIL"
            errors += outcome.status == "error"
    click.echo(summary(passed, failed, errors, len(files)))
    sys.exit(EXIT_INVALID if failed or errors else 0)

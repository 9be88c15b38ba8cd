"""``appraise show``: a scheme as Appraise reads it, its base and library entries in it."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from .cli_io import (
    lang_option,
    never_over_an_input,
    read_input,
    show_problems,
    speak_as,
    write_output,
)
from .i18n import _

if TYPE_CHECKING:
    from .diagnostics import Diagnostic

EXIT_INVALID = 1


@click.command()
@click.argument("scheme", type=click.Path(dir_okay=False))
@click.option("--resolved", is_flag=True, default=True,
              help="The effective scheme: its base (extend:) merged in and its library "
              "entries (use:) resolved. This is what show prints.")
@click.option("--origins/--no-origins", default=True, show_default=True,
              help="Name, at the end of a line, the file and line a part inherited from a "
              "base or a library was written at.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write to this file (written whole or not at all, never over an input) "
              "instead of the screen; - is the screen.")
@lang_option
def show(scheme: str, resolved: bool, origins: bool, output: str | None) -> None:
    """Print the scheme as Appraise reads it, as YAML that is itself a valid scheme.

    A scheme that extends a base or uses library indicators is shown whole, with
    the file and line each inherited part came from. Problems of the resolved
    scheme are listed after it (exit 1).

    \b
    Example:
      appraise show client.yaml --resolved
    """
    from . import AppraiseError, validate_scheme
    from .load import compose, load_yaml
    from .report.resolved import resolved_yaml

    never_over_an_input(output, (scheme, _("the scheme"), _("scheme")))
    try:
        name, content = read_input(scheme, "scheme")
        speak_as(scheme, content)
        doc = compose(load_yaml(name, content))
    except AppraiseError as exc:
        show_problems(exc.diagnostics)
        sys.exit(EXIT_INVALID)
    if not origins:
        doc.origins = {}
    write_output(iter([resolved_yaml(doc)]), output)
    problems = validate_scheme(name, content).diagnostics
    show_problems(problems)
    if any(d.severity == "error" for d in problems):
        sys.exit(EXIT_INVALID)


@click.command()
@click.argument("library_file", required=False, type=click.Path(dir_okay=False))
@click.option("--path", "show_path", is_flag=True,
              help="Print where the standard library is installed, and nothing else.")
@lang_option
def library(library_file: str | None, show_path: bool) -> None:
    """List the indicators of a library: the standard one shipped with Appraise, or
    LIBRARY_FILE (a consultant's own). A scheme takes one with use: ID.

    \b
    Examples:
      appraise library
      appraise library --path
      appraise library my_indicators.yaml
    """
    from . import AppraiseError
    from .load import load_yaml
    from .load.libraries import STANDARD_NAME, load_library, standard_library
    from .report.resolved import library_table

    if show_path:
        if library_file is not None:
            raise click.UsageError(_("--path names the standard library: give no file with "
                                     "it"))
        click.echo(standard_library())
        return
    errors: list[Diagnostic] = []
    try:
        if library_file is None:
            with open(standard_library(), "rb") as file:
                doc = load_yaml(STANDARD_NAME, file.read())
        else:
            doc = load_yaml(library_file)
    except AppraiseError as exc:
        errors.extend(exc.diagnostics)
    else:
        found = load_library(doc, errors)
        if found is not None:
            click.echo(library_table(doc), nl=False)
            return
    show_problems(errors)
    sys.exit(EXIT_INVALID)

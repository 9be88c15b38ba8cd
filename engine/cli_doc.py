"""``appraise doc``: the scheme as the handbook HR publishes to employees (考核方案)."""

from __future__ import annotations

import sys

import click

from .cli_io import (
    lang_option,
    never_over_an_input,
    read_input,
    show_problems,
    speak_as,
    speak_for,
    write_output,
)
from .i18n import _

EXIT_INVALID = 1
FORMATS = ("md", "html")


def _format_of(fmt: str | None, output: str | None) -> str:
    """The format asked for, else the output file's (.html, .htm, .md), else Markdown."""
    if fmt is not None:
        return fmt
    if output is not None and output.lower().endswith((".html", ".htm")):
        return "html"
    return "md"


@click.command()
@click.argument("scheme", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="md (Markdown) or html (one self-contained page to print or save as PDF); "
              "by default the output file's extension says, else md.")
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write to this file (written whole or not at all, never over an input) "
              "instead of the screen; - is the screen.")
@lang_option
def doc(scheme: str, fmt: str | None, output: str | None) -> None:
    """Write the scheme as the handbook HR publishes to employees (考核方案): who is
    appraised and when, each post's indicators with their formulas in words, weights,
    targets and scoring rules, the grades and coefficients, gates, bonuses, calibration,
    awards, rounding and the cascade of targets.

    The scheme may be - for standard input. A scheme with errors gives no handbook:
    its problems are listed (exit 1).

    \b
    Examples:
      appraise doc schemes/examples/sales_company.yaml -o handbook.html
      appraise doc schemes/examples/sales_company.yaml --lang en --format md
    """
    from . import AppraiseError, load_scheme
    from .report.handbook import handbook_text

    never_over_an_input(output, (scheme, _("the scheme"), _("scheme")))
    chosen = _format_of(fmt, output)
    if chosen == "html" and output in (None, "-") and sys.stdout.isatty():
        click.echo(_("error: an HTML handbook is a file: give -o handbook.html, or "
                     "--format md to read it here"), err=True)
        sys.exit(2)
    try:
        name, content = read_input(scheme, "scheme")
        speak_as(scheme, content)
        loaded = load_scheme(name, content)
    except AppraiseError as exc:
        show_problems(exc.diagnostics)
        sys.exit(EXIT_INVALID)
    speak_for(loaded.language)
    write_output(handbook_text(loaded, chosen), output)

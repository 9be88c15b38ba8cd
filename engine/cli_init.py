"""``appraise init``: a new client's folder from a shipped template, and ``appraise schema``:
where the installed JSON Schema is.

A template is a scheme, NAME.yaml, and a period's figures for it, NAME.csv, installed in
the package (``appraise.templates``, the repository's schemes/templates/) and found through
the import system, so a wheel install has them as a checkout does. The folder ``init``
makes holds the two and a copy of the JSON Schema that the scheme's first lines name by a
relative path: the editor's completion keeps working wherever the folder is moved, copied
or shared, and whichever Appraise is installed on the machine that opens it.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import click

from .cli_io import EXIT_INVALID, _Stops, lang_option
from .i18n import _

_PACKAGE = __name__.rsplit(".", 1)[0]
TEMPLATES = _PACKAGE + ".templates"
SCHEMAS = _PACKAGE + ".schemas"
SCHEMA_NAME = "scheme.schema.json"
# The first line of every shipped template, which names the schema by its place in the
# repository; the copy names the one written beside it, for VS Code (yaml-language-server)
# and for JetBrains IDEs, which read a line of their own.
_REPOSITORY_LINK = re.compile(r"\A# yaml-language-server: \$schema=\S+\n")
_FOLDER_LINKS = (f"# yaml-language-server: $schema={SCHEMA_NAME}\n"
                 f"# $schema: {SCHEMA_NAME}\n")


@dataclass(frozen=True)
class Template:
    name: str
    scheme: Traversable
    data: Traversable


def templates() -> dict[str, Template]:
    """The installed templates by name: every NAME.yaml with its NAME.csv."""
    folder = resources.files(TEMPLATES)
    found = {}
    for entry in folder.iterdir():
        name, dot, ext = entry.name.rpartition(".")
        if dot and ext == "yaml" and folder.joinpath(f"{name}.csv").is_file():
            found[name] = Template(name, entry, folder.joinpath(f"{name}.csv"))
    return dict(sorted(found.items()))


def schema_file() -> Traversable:
    return resources.files(SCHEMAS).joinpath(SCHEMA_NAME)


def described(template: Template) -> tuple[str, str | None]:
    """The template's label, and the period to score its figures for: for a scheme kept by
    month, the latest month of its data (any earlier months are there for growth over
    them); for any other scheme, none (its data holds one period)."""
    import csv
    import io

    from . import load_scheme

    scheme = load_scheme(str(template.scheme), template.scheme.read_bytes())
    if scheme.calendar is None:
        return scheme.label, None
    rows = csv.DictReader(io.StringIO(template.data.read_text("utf-8-sig")))
    return scheme.label, max(row["period"] for row in rows)


def _unknown(name: str, known: dict[str, Template]) -> click.BadParameter:
    import difflib

    from .diagnostics import did_you_mean

    close = did_you_mean(name, known)
    listed = _("{names} ('appraise init --list' shows what each is)").format(
        names=", ".join(known))
    if difflib.get_close_matches(name, known, n=1, cutoff=0.6):  # as did_you_mean finds it
        return click.BadParameter(_("there is no template called '{name}'; {close} The "
                                    "templates are: {listed}").format(
            name=name, close=close, listed=listed), param_hint="'--template'")
    return click.BadParameter(_("there is no template called '{name}'; the templates are: "
                                "{listed}").format(name=name, listed=listed),
                              param_hint="'--template'")


def _refuse_folder(folder: str) -> None:
    """A folder that is there already must be empty: nothing of the user's is overwritten."""
    if not folder.strip() or folder == "-":  # an unset variable in a script, or a stray '-'
        raise click.BadParameter(_("'{folder}' is not a folder's name; give the path of a "
                                   "new folder to create").format(folder=folder),
                                 param_hint="'DIR'")
    if os.path.lexists(folder) and not os.path.isdir(folder):
        raise click.BadParameter(_("'{folder}' is a file, not a folder; give the path of a "
                                   "new folder to create").format(folder=folder),
                                 param_hint="'DIR'")
    if os.path.isdir(folder) and (held := os.listdir(folder)):
        count = _("1 entry") if len(held) == 1 else _("{count} entries").format(
            count=len(held))
        raise click.BadParameter(_("'{folder}' is not empty (it holds {count}); give a new or "
                                   "empty folder, so that no file of yours is overwritten")
                                 .format(folder=folder, count=count), param_hint="'DIR'")


def folder_files(template: Template) -> dict[str, bytes]:
    """What ``init`` writes into the folder, by file name."""
    scheme = template.scheme.read_text("utf-8")
    linked, found = _REPOSITORY_LINK.subn(lambda _: _FOLDER_LINKS, scheme, count=1)
    if not found:  # a template without the line still gets a working link
        linked = _FOLDER_LINKS + scheme
    return {f"{template.name}.yaml": linked.encode("utf-8"),
            f"{template.name}.csv": template.data.read_bytes(),
            SCHEMA_NAME: schema_file().read_bytes()}


def write_folder(folder: str, files: dict[str, bytes]) -> None:
    """Write every file or none: into a temporary folder beside ``folder``, moved into place
    at the end. Whatever stops it (an error, Ctrl-C, SIGTERM) removes what it wrote and the
    folders it made on the way, as :func:`.cli_io.write_output` does for a file."""
    target = Path(folder).absolute()
    missing = [p for p in [target.parent, *target.parent.parents] if not p.exists()]
    temporary: Path | None = None
    moved: list[Path] = []
    with _Stops() as stops:
        try:
            with stops.held():  # a folder made is a folder named, to be removed
                target.parent.mkdir(parents=True, exist_ok=True)
                temporary = Path(tempfile.mkdtemp(dir=target.parent, prefix=".appraise-init-"))
            for name, content in files.items():
                (temporary / name).write_bytes(content)
            with stops.held():
                if target.exists():  # empty, as checked: fill it, keeping the folder itself
                    for name in files:
                        os.replace(temporary / name, target / name)
                        moved.append(target / name)
                    temporary.rmdir()
                else:
                    temporary.rename(target)
                temporary = None
        except BaseException as exc:
            with stops.held():
                _undo(temporary, moved, missing)
            if not isinstance(exc, OSError):
                raise
            click.echo(_("{folder}: error: cannot create the folder: {reason}").format(
                folder=folder, reason=exc.strerror or exc), err=True)
            raise SystemExit(EXIT_INVALID) from None


def _undo(temporary: Path | None, moved: list[Path], missing: list[Path]) -> None:
    if temporary is not None:
        shutil.rmtree(temporary, ignore_errors=True)
    for path in moved:
        path.unlink(missing_ok=True)
    for made in missing:  # deepest first
        if made.is_dir() and not any(made.iterdir()):
            made.rmdir()


@click.command()
@click.argument("folder", metavar="DIR", required=False, type=click.Path())
@click.option("--template", "name", metavar="NAME",
              help="The template to start from; --list shows them.")
@click.option("--list", "listing", is_flag=True, help="List the templates and what each is.")
@lang_option
def init(folder: str | None, name: str | None, listing: bool) -> None:
    """Start a new scheme in a new folder DIR from a shipped template.

    DIR gets the scheme (NAME.yaml), a period's figures to replace with your own
    (NAME.csv) and a copy of the JSON Schema that the scheme's first line links to,
    for completion and hover help in VS Code and JetBrains IDEs wherever the folder
    is moved. DIR must be new or empty; nothing is written if anything is wrong.

    \b
    Examples:
      appraise init --list
      appraise init --template sales_team client_a
      appraise score client_a/sales_team.yaml --data client_a/sales_team.csv
    """
    known = templates()
    if listing:
        if name is not None or folder is not None:
            raise click.UsageError(_("--list takes no template and no folder"))
        width = max((len(n) for n in known), default=0)
        click.echo(_("Templates (appraise init --template NAME DIR):"))
        for template in known.values():
            click.echo(f"  {template.name:<{width}}  {described(template)[0]}")
        return
    if name is None:
        raise click.UsageError(_("choose a template with --template NAME (appraise init "
                                 "--list shows them)"))
    if folder is None:
        raise click.UsageError(_("give the folder to create: appraise init --template NAME "
                                 "DIR"))
    if name not in known:
        raise _unknown(name, known)
    _refuse_folder(folder)
    template = known[name]
    files = folder_files(template)
    label, period = described(template)
    write_folder(folder, files)
    scheme, data = (os.path.join(folder, n) for n in list(files)[:2])
    click.echo(_("Created {folder} from the template {name} ({label}):").format(
        folder=folder, name=name, label=label))
    width = max(len(os.path.join(folder, n)) for n in files)
    for file, what in zip(files, (_("the scheme"),
                                  _("a period's figures: replace them with yours"),
                                  _("the JSON Schema the scheme links to, for your editor")),
                          strict=True):
        click.echo(f"  {os.path.join(folder, file):<{width}}  {what}")
    click.echo(_("Next:"))
    click.echo(f"  appraise validate {scheme}")
    click.echo(f"  appraise score {scheme} --data {data}"
               + (f" --period {period}" if period else ""))


@click.command()
@click.option("--path", "show_path", is_flag=True,
              help="Print where the installed schema file is, rather than the schema.")
@lang_option
def schema(show_path: bool) -> None:
    """Print the JSON Schema of the scheme language, or with --path where it is installed.

    Point an editor at it to get completion and hover help in a scheme that
    was not made by 'appraise init' (which puts a copy beside the scheme).

    \b
    Examples:
      appraise schema --path
      appraise schema > scheme.schema.json
    """
    found = schema_file()
    if not show_path:
        click.echo(found.read_text("utf-8"), nl=False)
        return
    if not isinstance(found, Path):  # inside a zip file: there is no path to give
        click.echo(_("error: the schema is installed inside {place}, not as a file of its "
                     "own; write a copy with: appraise schema > scheme.schema.json").format(
            place=found), err=True)
        raise SystemExit(EXIT_INVALID)
    click.echo(str(found.resolve()))

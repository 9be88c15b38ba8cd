"""Finding the schemes and the test files below a folder, and the scheme a test file tests.

A scheme is a ``.yaml`` or ``.yml`` file whose top level is a mapping with the key
``appraise`` (every scheme starts ``appraise: 1``) or ``extend`` (a scheme built on a base
may leave ``appraise`` to the base); a library of indicators (``appraise_library: 1``) is
checked with them. A test file is named ``*.tests.yaml``
(or ``*.tests.yml``). Hidden folders (``.git``, ``.venv``, ...) are not looked in.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..diagnostics import AppraiseError, Diagnostic
from ..i18n import _
from ..load import MAX_SCHEME_BYTES, load_yaml, read_bytes

YAML_ENDINGS = (".yaml", ".yml")
TESTS_ENDINGS = (".tests.yaml", ".tests.yml")
CHECKED = ("appraise", "extend", "appraise_library")  # the keys of what validate checks


def is_tests(path: str) -> bool:
    """Whether ``path`` is named as a test file: ``*.tests.yaml`` or ``*.tests.yml``."""
    return path.lower().endswith(TESTS_ENDINGS)


def below(folder: str) -> list[str]:
    """Every YAML file below ``folder``, outside hidden folders, in a stable order."""
    out = []
    for top, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        out += [os.path.normpath(os.path.join(top, f)) for f in sorted(files)
                if f.lower().endswith(YAML_ENDINGS) and not f.startswith(".")]
    return out


@dataclass(frozen=True)
class Found:
    """The schemes below a folder (each with its bytes, read once) and the YAML files
    skipped, each with why."""

    schemes: list[tuple[str, bytes | None]]
    skipped: list[tuple[str, str]]


def schemes_below(folder: str) -> Found:
    """The schemes below ``folder``. A YAML file that cannot be read as YAML, or at all,
    counts as a scheme, so that validating it says what is wrong rather than skipping a
    scheme a typo broke."""
    schemes: list[tuple[str, bytes | None]] = []
    skipped: list[tuple[str, str]] = []
    for path in below(folder):
        if is_tests(path):
            skipped.append((path, _("a test file (appraise test runs it)")))
            continue
        try:
            content = read_bytes(path, MAX_SCHEME_BYTES, "scheme")
            data = load_yaml(path, content).data
        except AppraiseError:
            schemes.append((path, None))
            continue
        if isinstance(data, dict) and any(key in data for key in CHECKED):
            schemes.append((path, content))
        else:
            skipped.append((path, _("not a scheme: its top level has no 'appraise:' (nor "
                                    "'extend:')")))
    return Found(schemes, skipped)


def tests_below(folder: str) -> list[str]:
    """The test files below ``folder``."""
    return [path for path in below(folder) if is_tests(path)]


def default_scheme(test_file: str) -> str:
    """The scheme a test file tests when it names none: the file of the same name beside
    it, ``.yaml`` (or ``.yml`` when only that exists)."""
    for ending in TESTS_ENDINGS:
        if test_file.lower().endswith(ending):
            stem = test_file[:-len(ending)]
            break
    else:
        stem = os.path.splitext(test_file)[0]
    if not os.path.exists(stem + ".yaml") and os.path.exists(stem + ".yml"):
        return stem + ".yml"
    return stem + ".yaml"


def beside(test_file: str, written: str) -> str:
    """A path a test file writes (its scheme, a data file), relative to the test file's
    folder."""
    if os.path.isabs(written):
        return written
    return os.path.normpath(os.path.join(os.path.dirname(test_file), written))


def tests_of(scheme_file: str) -> list[str]:
    """The test files in a scheme's folder that test it: named after it, or naming it
    with ``scheme:``."""
    folder = os.path.dirname(scheme_file) or "."
    out = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name) if os.path.dirname(scheme_file) else name
        if not is_tests(name) or not os.path.isfile(path):
            continue
        if _same(scheme_of(path), scheme_file):
            out.append(path)
    return out


def scheme_of(test_file: str) -> str:
    """The scheme ``test_file`` names (or the default one); its own default when the file
    cannot be read (running it says why)."""
    try:
        data = load_yaml(test_file).data
    except AppraiseError:
        return default_scheme(test_file)
    if isinstance(data, dict) and isinstance(data.get("scheme"), str):
        return beside(test_file, data["scheme"])
    return default_scheme(test_file)


def _same(one: str, other: str) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def nothing_found(folder: str, what: str, skipped: int) -> Diagnostic:
    """The error for a folder with no scheme (or no test file) below it."""
    if what == "scheme":
        message = _("no scheme in this folder or below it")
        hint = _("a scheme is a .yaml or .yml file whose top level has 'appraise: 1'")
    else:
        message = _("no test file in this folder or below it")
        hint = _("a test file is named after its scheme, e.g. sales_company.tests.yaml")
    if skipped:
        hint += (_("; 1 other YAML file skipped (--verbose names it)") if skipped == 1 else
                 _("; {count} other YAML files skipped (--verbose names them)").format(
                     count=skipped))
    return Diagnostic(folder, 0, 0, "error", "", message, hint)

"""A test file of a scheme, read and checked against its JSON Schema
(``schemas/tests.schema.json``): the scheme it tests and its cases, with where each part
is written so that every problem names the file and line."""

from __future__ import annotations

import os
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..diagnostics import AppraiseError, Diagnostic, Path, excerpt
from ..i18n import _
from ..load import TESTS_SCHEMA_NAME, Document, check_schema, load_yaml
from .found import beside, default_scheme

#: What a person's expectation may name, in the order a failure lists them.
RESULTS = ("points", "total", "grade", "coefficient", "bonus", "rank")

Expected = Decimal | int | str


@dataclass(frozen=True)
class Expectation:
    """One thing a case expects of one person: ``what`` (one of :data:`RESULTS`, and for
    points the indicator), the value written and where it is written."""

    person: str
    what: str
    indicator: str | None
    value: Expected
    path: Path

    @property
    def named(self) -> str:
        """What it is, as a failure's table calls it: 'total', 'points revenue_achievement'."""
        return f"{self.what} {self.indicator}" if self.indicator else self.what


@dataclass(frozen=True)
class Case:
    """One case: its name, period, the actuals (inline, by person) or a data file, and
    what it expects."""

    name: str
    path: Path
    period: str | None
    actuals: dict[str, dict[str, Any]] | None
    data: str | None
    expected: tuple[Expectation, ...]


@dataclass(frozen=True)
class Suite:
    """A test file: the scheme it tests (and whether the file names it) and its cases."""

    doc: Document
    scheme: str
    named: bool
    cases: tuple[Case, ...]

    @property
    def file(self) -> str:
        return self.doc.file


def read_suite(file: str) -> Suite:
    """Read ``file``; raise :class:`AppraiseError` naming the file and line of every
    problem (the YAML, the schema of a test file, a scheme or data file that is not there,
    a case without actuals, two cases of one name)."""
    doc = load_yaml(file)
    problems = check_schema(doc, schema=TESTS_SCHEMA_NAME)[0]
    if problems:
        raise AppraiseError(problems)
    data: dict[str, Any] = doc.data
    named = "scheme" in data
    scheme = beside(file, data["scheme"]) if named else default_scheme(file)
    if not os.path.isfile(scheme):
        problems.append(_no_scheme(doc, scheme, named))
    cases: list[Case] = []
    first: dict[str, int] = {}
    for i, raw in enumerate(data["cases"]):
        path: Path = ("cases", i)
        name = raw["name"]
        if name in first:
            problems.append(doc.diagnostic(
                (*path, "name"), _("a case named '{name}' is already written on line "
                                   "{line}").format(name=excerpt(name), line=first[name]),
                _("give each case its own name")))
        first.setdefault(name, doc.position((*path, "name"))[0])
        if "actuals" not in raw and "data" not in raw:
            problems.append(doc.diagnostic(
                path, _("the case gives no actuals"), _(
                    "add 'actuals:', each person's field values, or 'data:', a data file "
                    "relative to this test file"), at_key=True))
        data_file = beside(file, raw["data"]) if "data" in raw else None
        if data_file is not None and not os.path.isfile(data_file):
            message = _("no data file '{file}' (looked for {path})") \
                if os.path.normpath(raw["data"]) != data_file else _("no data file '{file}'")
            problems.append(doc.diagnostic(
                (*path, "data"), message.format(file=excerpt(raw["data"], 80), path=data_file),
                _("write the path relative to this test file's folder")))
        period = raw.get("period")
        cases.append(Case(name, path, None if period is None else str(period),
                          raw.get("actuals"), data_file, tuple(_expected(raw["expect"], path))))
    if problems:
        raise AppraiseError(problems)
    return Suite(doc, scheme, named, tuple(cases))


def _no_scheme(doc: Document, scheme: str, named: bool) -> Diagnostic:
    if named:
        written = doc.data["scheme"]
        message = _("no scheme file '{file}' (looked for {path})") \
            if os.path.normpath(written) != scheme else _("no scheme file '{file}'")
        return doc.diagnostic(("scheme",), message.format(file=excerpt(written, 80),
                                                          path=scheme),
                              _("write the path relative to this test file's folder"))
    return Diagnostic(doc.file, 1, 1, "error", "", _(
        "no scheme {scheme} beside this test file").format(scheme=scheme), _(
        "name it with 'scheme:', relative to this test file, or name the test file after its "
        "scheme: <scheme>.tests.yaml"))


def _expected(expect: dict[str, dict[str, Any]], path: Path) -> list[Expectation]:
    out = []
    for person, results in expect.items():
        where: Path = (*path, "expect", person)
        for what in RESULTS:
            if what not in results:
                continue
            if what == "points":
                out += [Expectation(person, what, indicator, value,
                                    (*where, what, indicator))
                        for indicator, value in results[what].items()]
            else:
                out.append(Expectation(person, what, None, results[what], (*where, what)))
    return out

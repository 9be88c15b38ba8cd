"""Checking a library of indicators as a whole (``appraise validate LIBRARY``): each field
and indicator as a scheme would build it, and each indicator's ``fields:`` list against
what its formula reads, so a consultant finds a broken entry before a client's scheme
uses it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..diagnostics import Diagnostic
from ..i18n import _
from ..load import Document, check_schema
from ..load.libraries import load_library
from ..load.tree import Tree
from .context import Context

SECTIONS = ("fields", "indicators")


def library_problems(doc: Document, build: Callable[[Context], object]) -> list[Diagnostic]:
    """Every problem of the library ``doc`` (already loaded), sorted; ``build`` builds a
    scheme (the library's fields and indicators, as a scheme would build them)."""
    errors: list[Diagnostic] = []
    library = load_library(doc, errors)
    if library is None:
        return sorted(set(errors))
    tree = Tree(doc.file)
    # kept by month, so that formulas over earlier months (previous(), last_year()) stand
    data: dict[str, Any] = {"appraise": 1, "name": "library",
                            "calendar": {"year": 2000, "targets_per": "month"}}
    for section in ("scales", *SECTIONS):
        tree.place(doc, (section,), (section,))
        data[section] = {k: tree.copy(doc, (section, k), (section, k), _without_fields(v))
                         for k, v in library.entries(section).items()}
    scheme = tree.document(data, doc, {})
    found, broken = check_schema(scheme)
    ctx = Context(scheme, broken)
    build(ctx)
    problems = [d for d in found + ctx.diagnostics
                if d.path.split(".")[0] in ("scales", *SECTIONS)]
    problems += _listed_fields(doc, ctx, library.entries("indicators"), broken)
    return sorted(set(problems))


def _without_fields(entry: Any) -> Any:
    return {k: v for k, v in entry.items() if k != "fields"} if isinstance(entry, dict) \
        else entry


def _listed_fields(doc: Document, ctx: Context, indicators: dict[str, Any], broken: set[Any]
                   ) -> list[Diagnostic]:
    """An indicator's ``fields:`` must be what its formula reads: they come into a scheme
    with it, and no others do."""
    from ..formula import FormulaError, compile_formula

    fields = set(ctx.known("fields"))
    out = []
    for name, entry in indicators.items():
        formula = entry.get("formula")
        if ("indicators", name) in broken or not isinstance(formula, str):
            continue
        try:
            reads = compile_formula(formula, fields).names
        except FormulaError:
            continue  # the build has said what is wrong with the formula
        listed = set(entry["fields"])
        if reads != listed:
            unlisted = ", ".join(sorted(reads - listed))
            unread = ", ".join(sorted(listed - reads))
            said = _("the formula reads {unlisted} but does not list it; lists {unread} but "
                     "does not read it") if unlisted and unread else \
                _("the formula reads {unlisted} but does not list it") if unlisted else \
                _("the formula lists {unread} but does not read it")
            out.append(doc.diagnostic(
                ("indicators", name, "fields"), said.format(unlisted=unlisted, unread=unread),
                _("fields: lists exactly the fields the formula reads: {fields}").format(
                    fields=f"[{', '.join(sorted(reads))}]"), at_key=True))
    return out

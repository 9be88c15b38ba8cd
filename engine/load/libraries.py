"""Libraries of indicators: ``use: collection_rate`` in a scheme's indicator (or field)
takes the library's entry, and what the scheme writes beside ``use`` overrides it.

A library is a YAML file that starts ``appraise_library: 1`` and holds ``fields:`` and
``indicators:`` written as a scheme writes them; each indicator also lists the
``fields:`` its formula reads, which come into the scheme with it unless the scheme has
its own field of that name (or writes its own formula). A scheme names its own
libraries under ``libraries:`` (paths relative to its folder), searched in that order
(then its base's), and then the standard library shipped with Appraise; a ``use:``
written in a base is looked up in the base's libraries only.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ..diagnostics import AppraiseError, Diagnostic, Path, did_you_mean
from ..i18n import _
from .document import Document, load_yaml
from .tree import Libraries, Tree

STANDARD = "standard.yaml"
SECTIONS = ("fields", "indicators")
KEYS = frozenset({"appraise_library", "name", "label", "label_en", "description",
                  "description_en", "scales", *SECTIONS})


@dataclass
class Library:
    """One library file, loaded and checked."""

    doc: Document

    def entries(self, section: str) -> dict[str, Any]:
        found = self.doc.data.get(section)
        return found if isinstance(found, dict) else {}


STANDARD_NAME = "<standard library>"  # what messages and show call it


def standard_library() -> str:
    """Where the standard library shipped with Appraise is."""
    return str(resources.files("appraise.libraries").joinpath(STANDARD))


def _standard(named_in: Document, errors: list[Diagnostic]) -> Library | None:
    """The standard library, named as such in messages (its path is the installation's)."""
    try:
        content = resources.files("appraise.libraries").joinpath(STANDARD).read_bytes()
        doc = load_yaml(STANDARD_NAME, content)
    except (OSError, AppraiseError):
        errors.append(named_in.diagnostic((), _("the standard library of indicators is missing "
                                                "or damaged in this installation"),
                                          _("install Appraise again")))
        return None
    return load_library(doc, errors)


def _load(file: str, named_in: Document, at: Path, errors: list[Diagnostic]
          ) -> Library | None:
    """A library file loaded and its shape checked, or None with the problems filed."""
    if not os.path.isfile(file):
        errors.append(named_in.diagnostic(at, _("library '{file}' is not there").format(file=file),
                                          _("write the path of the library file relative to this "
                                            "scheme's folder")))
        return None
    try:
        doc = load_yaml(file)
    except AppraiseError as exc:
        errors.extend(exc.diagnostics)
        return None
    return load_library(doc, errors)


def load_library(doc: Document, errors: list[Diagnostic]) -> Library | None:
    """A loaded library with its shape checked, or None with the problems filed."""
    data = doc.data
    if not isinstance(data, dict) or data.get("appraise_library") != 1:
        errors.append(doc.diagnostic((), _("this is not a library of indicators"),
                                     _("a library starts with appraise_library: 1")))
        return None
    before = len(errors)
    for key in data:
        if key not in KEYS:
            errors.append(doc.diagnostic((key,), _("unknown key '{key}' in a library").format(
                                                     key=key),
                                         did_you_mean(key, KEYS), at_key=True))
    for section in (*SECTIONS, "scales"):
        if not isinstance(data.get(section, {}), dict):
            errors.append(doc.diagnostic((section,), _("expected the library's {section} as a "
                                                       "map of named entries").format(
                                                         section=section)))
    library = Library(doc)
    fields = library.entries("fields")
    for name, entry in library.entries("indicators").items():
        _check_indicator(doc, name, entry, fields, errors)
    for name, entry in fields.items():
        if not isinstance(entry, dict):
            errors.append(doc.diagnostic(("fields", name),
                _("expected a field: a map of label, unit, aggregate, ...")))
    return library if len(errors) == before else None


def _check_indicator(doc: Document, name: str, entry: Any, fields: dict[str, Any],
                     errors: list[Diagnostic]) -> None:
    path: Path = ("indicators", name)
    if not isinstance(entry, dict):
        errors.append(doc.diagnostic(path, _("expected an indicator: a map of label, formula, "
                                             "rule, fields, ...")))
        return
    if "use" in entry:
        errors.append(doc.diagnostic((*path, "use"), _("a library's indicator is written whole: "
                                                       "it cannot take another library's with "
                                                       "use:"),
                                     _("copy the other library's entry here instead"),
                                     at_key=True))
        return
    listed = entry.get("fields")
    if not isinstance(listed, list) or not all(isinstance(f, str) for f in listed):
        errors.append(doc.diagnostic((*path, "fields"),
            _("expected the list of the fields the indicator's formula reads"),
                                     _("e.g. fields: [cash_collected, revenue]"),
                                     at_key="fields" in entry))
        return
    for i, field in enumerate(listed):
        if field not in fields:
            errors.append(doc.diagnostic((*path, "fields", i),
                                         _("the library has no field '{field}'").format(
                                             field=field), did_you_mean(field, fields)))


class _Shelf:
    """The libraries a scheme may use: its own first, then the standard one, loaded only
    when an id is not found in the scheme's own.

    A ``use:`` is looked up in the libraries of the file that writes it and of that file's
    bases, never in those of a scheme built on it: a client's own library cannot change
    what its base's entries mean."""

    def __init__(self, doc: Document, named: Libraries, errors: list[Diagnostic],
                 files: list[str]) -> None:
        self.doc, self.errors, self.files = doc, errors, files
        self.libraries = [(library, named_in.file) for file, named_in, at in named
                          if (library := _load(file, named_in, at, errors)) is not None]
        self.standard: Library | None = None
        self.used: dict[str, Library] = {}

    def find(self, section: str, wanted: str, written_in: str) -> Library | None:
        seen = self.files[self.files.index(written_in):] if written_in in self.files \
            else self.files
        found = next((lib for lib, named_in in self.libraries
                      if named_in in seen and wanted in lib.entries(section)), None)
        if found is None and (standard := self._standard()) is not None \
                and wanted in standard.entries(section):
            found = standard
        if found is not None:
            self.used[found.doc.file] = found
        return found

    def known(self, section: str) -> set[str]:
        every = [*(lib for lib, _ in self.libraries),
                 *([self.standard] if self.standard else [])]
        return {name for lib in every for name in lib.entries(section)}

    def _standard(self) -> Library | None:
        if self.standard is None:
            self.standard = _standard(self.doc, self.errors)
        return self.standard


def resolve_uses(doc: Document, named: Libraries, errors: list[Diagnostic],
                 files: list[str]) -> Document:
    """``doc`` with each ``use:`` replaced by the library's entry it names; ``files``: the
    scheme's file and its bases', in that order."""
    data: dict[str, Any] = doc.data
    uses = [(section, name) for section in SECTIONS if isinstance(data.get(section), dict)
            for name, entry in data[section].items() if isinstance(entry, dict) and "use" in entry]
    shelf = _Shelf(doc, named, errors, files)  # each library named is read and checked
    if not uses:
        return doc
    tree = Tree.over(doc)  # only the entries taken from a library are placed anew
    out = {**data, **{section: dict(data[section]) for section in SECTIONS
                      if isinstance(data.get(section), dict)}}
    needed: dict[str, Library] = {}
    for section, name in uses:
        out[section][name] = _entry(tree, doc, (section, name), data[section][name], shelf,
                                    needed, errors)
    fields = out.setdefault("fields", {}) if needed else None
    for field, library in needed.items():
        if isinstance(fields, dict) and field not in fields:
            fields[field] = tree.copy(library.doc, ("fields", field), ("fields", field),
                                      library.entries("fields")[field])
    _scales(tree, out, shelf)
    drawn_on = dict(doc.drawn_on)
    for file, library in shelf.used.items():
        drawn_on[file] = library.doc.content
    return tree.document(out, doc, drawn_on)


def _entry(tree: Tree, doc: Document, path: Path, entry: Any, shelf: _Shelf,
           needed: dict[str, Library], errors: list[Diagnostic]) -> Any:
    """One entry of the scheme's fields or indicators, its ``use:`` resolved."""
    section = str(path[0])
    wanted = entry["use"]
    if not isinstance(wanted, str):
        errors.append(doc.diagnostic((*path, "use"), _("expected the id of a library indicator")
                                     if section == "indicators" else
                                     _("expected the id of a library field")))
        return None
    found = shelf.find(section, wanted, doc.origins.get((*path, "use"), doc.file))
    if found is None:
        errors.append(doc.diagnostic((*path, "use"), (
            _("no library has the indicator '{wanted}'") if section == "indicators" else
            _("no library has the field '{wanted}'")).format(wanted=wanted),
            did_you_mean(wanted, shelf.known(section))))
        return None
    given = found.entries(section)[wanted]
    base = {k: v for k, v in given.items() if k != "fields"} if section == "indicators" \
        else given
    written = {k: v for k, v in entry.items() if k != "use"}
    if section == "indicators" and "formula" not in written:
        for field in given["fields"]:
            needed.setdefault(field, found)
    return tree.merge(found.doc, (section, wanted), base, doc, path, written, path)


def _scales(tree: Tree, out: dict[str, Any], shelf: _Shelf) -> None:
    """The rating scales that fields and rules name and the scheme lacks, from the library
    that brought an entry naming them."""
    fields, indicators = out.get("fields"), out.get("indicators")
    named = [entry.get("scale") for entry in fields.values()
             if isinstance(entry, dict)] if isinstance(fields, dict) else []
    named += [entry["rule"].get("scale") for entry in indicators.values()
              if isinstance(entry, dict) and isinstance(entry.get("rule"), dict)] \
        if isinstance(indicators, dict) else []
    if "scales" in out and not isinstance(out["scales"], dict):
        return  # written wrong: the schema says how
    for scale in named:
        scales = out.get("scales") or {}
        if not isinstance(scale, str) or scale in scales:
            continue
        library = next((lib for lib in shelf.used.values() if scale in lib.entries("scales")),
                       None)
        if library is not None:
            out["scales"] = {**scales, scale: tree.copy(
                library.doc, ("scales", scale), ("scales", scale),
                library.entries("scales")[scale])}

"""A scheme built on others: it may ``extend:`` a base scheme (a consultant's template)
and ``use:`` the indicators and fields of a library.

What comes out is one :class:`Document`, as if the whole scheme had been written in
one file, except that each part remembers the file and line it was written at, so that
a problem in an inherited part is reported where it can be fixed.

How a scheme and its base combine (the README says the same to its users):

- maps combine key by key, at every depth: what the scheme writes wins, what it leaves
  out comes from the base, and new keys are added after the base's;
- a list, a number or a text replaces the base's whole (write the whole list);
- a ``rule`` whose ``kind`` changes replaces the base's rule whole, and an indicator or
  field the scheme takes from a library (``use:``) replaces the base's entry whole;
- ``remove:`` takes named entries out of the base first, e.g.
  ``remove: {indicators: [teamwork], people: [SR05]}``; an entry removed and written
  again is replaced whole rather than combined.
"""

from __future__ import annotations

import os
from typing import Any

from ..diagnostics import AppraiseError, Diagnostic, Path, did_you_mean, format_path
from ..i18n import _
from .document import Document, load_yaml
from .tree import STDIN, Libraries, Tree, beside

DIRECTIVES = ("extend", "remove", "libraries")
MAX_BASES = 16  # a chain of bases longer than this is a mistake, not a design


def composes(data: Any) -> bool:
    """Whether a scheme draws on other files (a base, a library): most do not."""
    if not isinstance(data, dict):
        return False
    if any(key in data for key in DIRECTIVES):
        return True
    return any(isinstance(section, dict) and any(
        isinstance(entry, dict) and "use" in entry for entry in section.values())
        for section in (data.get("indicators"), data.get("fields")))


def compose(doc: Document) -> Document:
    """The scheme ``doc`` with its base merged in and its library entries resolved, or
    :class:`AppraiseError` with every problem found (nothing is half-composed)."""
    if not composes(doc.data):
        return doc
    from .libraries import resolve_uses  # only a scheme that draws on other files

    errors: list[Diagnostic] = []
    layer = _layer(doc, (_real(doc.file),), errors)
    if layer is not None and not errors:
        merged, libraries, files = layer
        merged = resolve_uses(merged, libraries, errors, files)
        if not errors:
            return merged
    raise AppraiseError(sorted(set(errors)))


def _layer(doc: Document, chain: tuple[str, ...], errors: list[Diagnostic]
           ) -> tuple[Document, Libraries, list[str]] | None:
    """``doc`` with its chain of bases merged in, the libraries they name, and the files of
    the chain (the scheme first)."""
    data: dict[str, Any] = doc.data
    own = {k: v for k, v in data.items() if k not in DIRECTIVES}
    libraries = _libraries(doc, errors)
    if "extend" not in data:
        if "remove" in data:
            errors.append(doc.diagnostic(("remove",), _("there is no base scheme to remove "
                                                        "entries from"),
                                             _("remove: takes entries out of the scheme named by "
                                               "extend:; to drop an entry of this file, delete "
                                               "its lines"), at_key=True))
        alone = Document(doc.file, own, doc.content, doc.positions, doc.key_positions,
                         doc.origins, dict(doc.drawn_on), doc.added)
        return alone, libraries, [doc.file]
    base_doc = _base(doc, chain, errors)
    if base_doc is None:
        return None
    found = _layer(base_doc, (*chain, _real(base_doc.file)), errors)
    if found is None:
        return None
    base, more, files = found
    if "remove" in data:
        _remove(doc, data["remove"], ("remove",), base, (), errors)
    tree = Tree.laid(base, doc)
    tree.lay(base.data, own, ())  # the base's data is this layer's own, to change in place
    drawn_on = {**base.drawn_on, base.file: base.content}
    return tree.document(base.data, doc, drawn_on), libraries + more, [doc.file, *files]


def _libraries(doc: Document, errors: list[Diagnostic]) -> Libraries:
    """The library files a scheme's ``libraries:`` names, in order."""
    written = doc.data.get("libraries")
    if written is None:
        return []
    if not isinstance(written, list):
        written = [written]
        if not isinstance(written[0], str):
            errors.append(doc.diagnostic(("libraries",),
                _("expected a list of library files, relative to this scheme's folder"),
                                         _("e.g. libraries: [../library/indicators.yaml]")))
            return []
        at: list[Path] = [("libraries",)]
    else:
        at = [("libraries", i) for i in range(len(written))]
    found: Libraries = []
    for path, name in zip(at, written, strict=True):
        if not isinstance(name, str) or not name.strip():
            errors.append(doc.diagnostic(path, _("expected the path of a library file")))
        else:
            found.append((beside(doc, name), doc, path))
    return found


def _real(file: str) -> str:
    return file if file == STDIN else os.path.realpath(file)


def _base(doc: Document, chain: tuple[str, ...], errors: list[Diagnostic]) -> Document | None:
    """The base scheme ``doc`` extends, loaded, or None with the problem filed."""
    written = doc.data["extend"]
    path: Path = ("extend",)
    if not isinstance(written, str) or not written.strip():
        errors.append(doc.diagnostic(path, _("expected the path of the base scheme, relative to "
                                             "this scheme's folder"),
                                         _("e.g. extend: ../templates/sales_team.yaml")))
        return None
    file = beside(doc, written)
    if not os.path.isfile(file):
        errors.append(doc.diagnostic(path, _("base scheme '{written}' is not there (looked for "
                                             "{file})").format(written=written, file=file),
                                     _("write the path of the base scheme relative to this "
                                       "scheme's folder")))
        return None
    if _real(file) in chain:
        names = " → ".join(os.path.basename(f) for f in (*chain, file))
        errors.append(doc.diagnostic(path, _("base scheme '{written}' extends this scheme in "
                                             "turn ({names})").format(
                                               written=written, names=names),
                                         _("a scheme cannot be its own base, directly or through "
                                           "another: remove one of the extend: lines")))
        return None
    if len(chain) > MAX_BASES:
        errors.append(doc.diagnostic(path, _("more than {max_bases} schemes extend one another "
                                             "here").format(max_bases=MAX_BASES),
                                     _("extend a base that holds what the chain's middle "
                                       "schemes hold")))
        return None
    try:
        base = load_yaml(file)
    except AppraiseError as exc:
        errors.extend(exc.diagnostics)
        errors.append(doc.diagnostic(path, _("base scheme '{written}' cannot be read (its "
                                             "problems are listed with its name)").format(
                                               written=written),
                                     _("fix the base scheme first")))
        return None
    if not isinstance(base.data, dict):
        errors.append(doc.diagnostic(path,
            _("base scheme '{written}' is not a scheme (a scheme is a map of sections: appraise, "
              "name, fields, ...)").format(written=written), _("name a scheme file as the base")))
        return None
    return base


def _remove(doc: Document, spec: Any, path: Path, base: Document, at: Path,
            errors: list[Diagnostic]) -> None:
    """Take the entries ``spec`` names (written in ``doc`` at ``path``) out of ``base``
    (at ``at`` in its data)."""
    target: Any = base.data
    for key in at:
        target = target[key]
    where = format_path(at) or _("its top level")
    if isinstance(spec, dict):
        items: list[tuple[Path, Any, Any]] = [((*path, k), k, v) for k, v in spec.items()]
    elif isinstance(spec, list):
        items = [((*path, i), k, None) for i, k in enumerate(spec)]
    else:
        errors.append(doc.diagnostic(path, _("expected a list of the entries to take out of the "
                                             "base, or a map down to them"),
                                     _("e.g. remove: {indicators: [teamwork], people: [SR05]}")))
        return
    for place, key, deeper in items:
        if not isinstance(key, str):
            errors.append(doc.diagnostic(place, _("expected the name of an entry of the base")))
        elif not isinstance(target, dict):
            errors.append(doc.diagnostic(place, _("the base's {where} is a list, not named "
                                                  "entries").format(where=where),
                                         _("a list is replaced whole: write the whole list "
                                           "instead of removing from it")))
        elif key not in target:
            errors.append(doc.diagnostic(
                place, _("the base scheme has no '{key}' under {where}").format(
                           key=key, where=where),
                did_you_mean(key, target) if target else "", at_key=deeper is not None))
        elif deeper is None:
            del target[key]
        else:
            _remove(doc, deeper, place, base, (*at, key), errors)

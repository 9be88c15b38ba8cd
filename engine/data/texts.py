"""Text fields (得分依据, 备注): words read from the data as written, never a number.

A text field's column may be missing (then nobody has that text, and the file is warned
of once) and its cells may be blank (no text). Each text is kept stripped, one per row,
in the readers' object columns beside the ratings (None where a row has none); both
readers take them from here, so they read them alike."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

from ..i18n import _
from ..model import Scheme
from .header import Header


def text_columns(scheme: Scheme, header: Header) -> list[tuple[str, str]]:
    """Each text field shown as evidence whose column the file has, with that column."""
    return [(f, header.fields[f]) for f in scheme.texts if f in header.fields]


def missing_texts(scheme: Scheme, header: Header) -> list[tuple[str, str]]:
    """The message and hint for each text field shown as evidence that has no column."""
    out = []
    for name in scheme.texts:
        if name in header.fields:
            continue
        spec = scheme.fields[name]
        if spec.label != name:
            out.append((_("no column for the text field '{field}' ({label}): the items that "
                          "show it have no evidence").format(field=name, label=spec.label),
                        _("add a column headed '{field}' or '{label}' to show it").format(
                            field=name, label=spec.label)))
        else:
            out.append((_("no column for the text field '{field}': the items that show it "
                          "have no evidence").format(field=name),
                        _("add a column headed '{field}' to show it").format(field=name)))
    return out


def read_texts(columns: Sequence[tuple[str, Sequence[str]]], n: int
               ) -> dict[str, NDArray[np.object_]]:
    """Each text field's cells of ``n`` rows, stripped (None where blank)."""
    out = {}
    for name, cells in columns:
        column = np.full(n, None, dtype=object)
        written = [cell.strip() or None for cell in cells]
        column[:] = written
        out[name] = column
    return out


def row_texts(columns: Sequence[tuple[str, str]], cells: Mapping[str, str]
              ) -> dict[str, str]:
    """One row's texts, stripped, the blank ones left out."""
    found = {}
    for name, column in columns:
        text = cells.get(column, "").strip()
        if text:
            found[name] = text
    return found

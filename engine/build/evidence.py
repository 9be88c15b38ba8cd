"""Building the evidence of an item (得分依据 / 备注): text fields shown beside its score,
and the checks that keep text out of every figure (a formula or a target reading one)."""

from __future__ import annotations

from typing import Any

from ..diagnostics import Path
from ..model import Evidence, Field
from .context import Context


def evidence(ctx: Context, path: Path, raw: Any, fields: dict[str, Field]) -> Evidence | None:
    """``{basis: <text field>, note: <text field>}`` as written; each name checked to be a
    text field (None, and the problem filed, if one is not)."""
    if not isinstance(raw, dict):
        return None  # the schema says what is wrong
    sound = True
    for role in ("basis", "note"):
        name = raw.get(role)
        if name is None:
            continue
        if not ctx.refer((*path, role), name, "fields", "field"):
            sound = False
            continue
        found = fields.get(name)
        if found is not None and found.type != "text":
            ctx.error((*path, role), f"the {role} of an item is shown as text, but field "
                      f"'{name}' holds {'ratings' if found.type == 'rating' else 'numbers'}",
                      f"declare a field with type: text for the {_WORDS[role]} and name it "
                      "here")
            sound = False
    return Evidence(raw.get("basis"), raw.get("note")) if sound else None


_WORDS = {"basis": "grounds for the score (得分依据)", "note": "remark (备注)"}


def texts_read(ctx: Context, path: Path, names: frozenset[str], what: str) -> bool:
    """Whether ``what`` (a formula, a target) reads a text field: reported at ``path``."""
    written = ctx.data.get("fields")
    written = written if isinstance(written, dict) else {}
    texts = sorted(n for n in names if isinstance(written.get(n), dict)
                   and written[n].get("type") == "text")
    if texts:
        ctx.error(path, f"{what} reads '{texts[0]}', which holds text, not a number",
                  f"text is shown as evidence only: name '{texts[0]}' in the indicator's "
                  "evidence (basis: or note:), and read number fields here")
    return bool(texts)

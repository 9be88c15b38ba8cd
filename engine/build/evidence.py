"""Building the evidence of an item (得分依据 / 备注): text fields shown beside its score,
and the checks that keep text out of every figure (a formula or a target reading one)."""

from __future__ import annotations

from typing import Any

from ..diagnostics import Path
from ..i18n import _
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
            holds = _("the {role} of an item is shown as text, but field '{name}' holds "
                      "ratings") if found.type == "rating" else \
                _("the {role} of an item is shown as text, but field '{name}' holds numbers")
            ctx.error((*path, role), holds.format(role=role, name=name),
                      _("declare a field with type: text for the grounds for the score "
                        "(得分依据) and name it here") if role == "basis" else
                      _("declare a field with type: text for the remark (备注) and name it "
                        "here"))
            sound = False
    return Evidence(raw.get("basis"), raw.get("note")) if sound else None


def texts_read(ctx: Context, path: Path, names: frozenset[str], what: str) -> bool:
    """Whether ``what`` (a formula, a target) reads a text field: reported at ``path``."""
    written = ctx.data.get("fields")
    written = written if isinstance(written, dict) else {}
    texts = sorted(n for n in names if isinstance(written.get(n), dict)
                   and written[n].get("type") == "text")
    if texts:
        ctx.error(path, _("{what} reads '{field}', which holds text, not a number").format(
            what=what, field=texts[0]),
                  _("text is shown as evidence only: name '{field}' in the indicator's "
                    "evidence (basis: or note:), and read number fields here").format(
                        field=texts[0]))
    return bool(texts)

"""Building grades (等级): best to worst, falling minimums, coefficients."""

from __future__ import annotations

from decimal import Decimal

from ..diagnostics import Path
from ..i18n import _
from ..model import Grade, Subject
from ..numbers import show
from ..rules.base import number
from .context import Context


def grades(ctx: Context) -> tuple[Grade, ...]:
    raw = ctx.data.get("grades")
    if "grades" in ctx.broken_sections or not isinstance(raw, list) or \
            any(p[0] == "grades" for p in ctx.broken_paths if p):
        return ()
    grades = tuple(Grade(str(g["grade"]), g.get("label", str(g["grade"])), number(g, "min"),
                         Decimal(g["coefficient"]),
                         str(g["action"]) if "action" in g else None) for g in raw)
    seen: dict[str, int] = {}
    for i, grade in enumerate(grades):
        path: Path = ("grades", i)
        if grade.action is not None and not grade.action.strip():
            ctx.error((*path, "action"), _("the action of grade '{grade}' is blank").format(
                                             grade=grade.grade),
                      _("write what to do, e.g. 维持, 改进 or 终止, or remove 'action'"))
        if grade.grade in seen:
            ctx.error((*path, "grade"), _("grade '{grade}' is listed twice (grades[{first}] and "
                                          "grades[{i}])").format(
                grade=grade.grade, first=seen[grade.grade], i=i), _("remove one"))
        seen.setdefault(grade.grade, i)
        last = i == len(grades) - 1
        if last and grade.min is not None:
            ctx.error((*path, "min"), _("the lowest grade '{grade}' must not have a min").format(
                                          grade=grade.grade),
                       _("remove 'min' so that every total, however low, gets a grade"))
        if not last and grade.min is None:
            ctx.error(path, _("grade '{grade}' needs a min; only the lowest grade has none")
                      .format(grade=grade.grade), _("grades are listed from best to worst"),
                      at_key=True)
        if i and grade.min is not None and grades[i - 1].min is not None \
                and grade.min >= (grades[i - 1].min or 0):
            ctx.error((*path, "min"), _("grade '{grade}' starts at {min}, not below grade "
                                        "'{better}' ({better_min})").format(
                grade=grade.grade, min=show(grade.min), better=grades[i - 1].grade,
                better_min=show(grades[i - 1].min or 0)),
                _("list grades from best to worst with falling minimums"))
        if i and grade.coefficient > grades[i - 1].coefficient:
            ctx.error((*path, "coefficient"), _(
                "grade '{grade}' pays a higher coefficient ({coefficient}) than the better grade "
                "'{better}' ({better_coefficient})").format(
                grade=grade.grade, coefficient=grade.coefficient, better=grades[i - 1].grade,
                better_coefficient=grades[i - 1].coefficient),
                _("check the coefficients"), warning=True)
    return grades

# -- indicators and rules --------------------------------------------------------------


def subject(ctx: Context) -> Subject | None:
    """What the scheme appraises, when it says (``subject: {label: 客户, label_en: Customer}``);
    None for people, as every scheme without it."""
    raw = ctx.section("subject")
    if not isinstance(raw, dict) or any(p[:1] == ("subject",) for p in ctx.broken_paths):
        return None
    owner = raw.get("owner")
    found = Subject(str(raw["label"]).strip(), str(raw["label_en"]).strip(),
                    None if owner is None else str(owner))
    for key, example in (("label", "客户"), ("label_en", "Customer")):
        if not getattr(found, key):
            ctx.error(("subject", key), _("the subject's {key} is blank").format(key=key),
                      _("write what the scheme appraises, e.g. {key}: {example}").format(
                          key=key, example=example))
    if found.owner is not None and ctx.refer(("subject", "owner"), found.owner, "fields",
                                             "field"):
        spec = ctx.data["fields"][found.owner]
        if not isinstance(spec, dict) or spec.get("type") != "text":
            ctx.error(("subject", "owner"), _("the owner field '{owner}' holds figures, not the "
                                              "id of a person").format(owner=found.owner),
                          _("give field '{owner}' type: text, and fill in each subject's owner's "
                            "id in its column").format(owner=found.owner))
    return found

"""Building grades (等级): best to worst, falling minimums, coefficients."""

from __future__ import annotations

from decimal import Decimal

from ..diagnostics import Path
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
            ctx.error((*path, "action"), f"the action of grade '{grade.grade}' is blank",
                      "write what to do, e.g. 维持, 改进 or 终止, or remove 'action'")
        if grade.grade in seen:
            ctx.error((*path, "grade"), f"grade '{grade.grade}' is listed twice "
                       f"(grades[{seen[grade.grade]}] and grades[{i}])", "remove one")
        seen.setdefault(grade.grade, i)
        last = i == len(grades) - 1
        if last and grade.min is not None:
            ctx.error((*path, "min"), f"the lowest grade '{grade.grade}' must not have a min",
                       "remove 'min' so that every total, however low, gets a grade")
        if not last and grade.min is None:
            ctx.error(path, f"grade '{grade.grade}' needs a min; only the lowest grade "
                       "has none", "grades are listed from best to worst", at_key=True)
        if i and grade.min is not None and grades[i - 1].min is not None \
                and grade.min >= (grades[i - 1].min or 0):
            ctx.error((*path, "min"), f"grade '{grade.grade}' starts at {show(grade.min)}, "
                       f"not below grade '{grades[i - 1].grade}' "
                       f"({show(grades[i - 1].min or 0)})",
                       "list grades from best to worst with falling minimums")
        if i and grade.coefficient > grades[i - 1].coefficient:
            ctx.error((*path, "coefficient"), f"grade '{grade.grade}' pays a higher "
                       f"coefficient ({grade.coefficient}) than the better grade "
                       f"'{grades[i - 1].grade}' ({grades[i - 1].coefficient})",
                       "check the coefficients", warning=True)
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
            ctx.error(("subject", key), f"the subject's {key} is blank",
                      f"write what the scheme appraises, e.g. {key}: {example}")
    if found.owner is not None and ctx.refer(("subject", "owner"), found.owner, "fields",
                                             "field"):
        spec = ctx.data["fields"][found.owner]
        if not isinstance(spec, dict) or spec.get("type") != "text":
            ctx.error(("subject", "owner"), f"the owner field '{found.owner}' holds "
                      "figures, not the id of a person", f"give field '{found.owner}' type: "
                      "text, and fill in each subject's owner's id in its column")
    return found

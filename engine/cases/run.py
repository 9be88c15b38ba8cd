"""Running a scheme's test cases: each case's actuals scored under the scheme, and every
result it expects compared with the one the output shows, after the scheme's rounding."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any, Literal

from ..build import load_scheme
from ..diagnostics import AppraiseError, Diagnostic, Path, did_you_mean, excerpt, format_path
from ..i18n import _, language
from ..model import Scheme
from ..numbers import round_to
from ..report.explain import explain_text
from ..report.gates import without_bonus
from ..scoring import PersonResult, Result, score_file
from ..year import PeriodError
from .suite import Case, Expectation, Suite

Status = Literal["pass", "FAIL", "error"]
_SAID = frozenset({"name", "姓名", "post", "岗位"})  # what a row may say besides fields


@dataclass(frozen=True)
class Miss:
    """One expectation not met: whose, what, as written and as the output shows it."""

    person: str
    what: str
    expected: str
    actual: str


@dataclass
class Outcome:
    """How one case went: passed, failed (with what it missed and the explain trace of
    each person who missed) or could not run (with why, by file and line); with the
    warnings about its data, which may say why (shown for a case that did not pass)."""

    case: Case
    line: int
    status: Status = "pass"
    misses: list[Miss] = field(default_factory=list)
    traces: dict[str, str] = field(default_factory=dict)
    problems: list[Diagnostic] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)


def run_suite(suite: Suite) -> list[Outcome]:
    """Every case of ``suite``, run; raises :class:`AppraiseError` when its scheme cannot
    be loaded (no case can run)."""
    scheme = load_scheme(suite.scheme)
    return [_run(suite, scheme, case) for case in suite.cases]


def _run(suite: Suite, scheme: Scheme, case: Case) -> Outcome:
    doc = suite.doc
    out = Outcome(case, doc.position(case.path)[0])
    out.problems = _checked(suite, scheme, case)
    if not out.problems:
        try:
            result = _scored(suite, scheme, case)
        except AppraiseError as exc:
            out.problems = sorted(_rehomed(suite, case, d) for d in exc.diagnostics)
            out.warnings = sorted(_rehomed(suite, case, d) for d in exc.warnings)
        except PeriodError as exc:
            out.problems = [doc.diagnostic((*case.path, "period"), str(exc), "") if case.period
                            else doc.diagnostic(case.path, str(exc), _("add 'period:' to the case"),
                                                at_key=True)]
        else:
            out.warnings = sorted(_rehomed(suite, case, d) for d in result.warnings)
            _compare(suite, result, out)
    if out.problems:
        out.status = "error"
    elif out.misses:
        out.status = "FAIL"
    return out


def _scored(suite: Suite, scheme: Scheme, case: Case) -> Result:
    if case.data is not None:
        return score_file(scheme, case.data, case.period)
    assert case.actuals is not None  # the suite holds one or the other
    period = {} if case.period is None else {"period": case.period}
    rows = [{"id": person, **period, **values} for person, values in case.actuals.items()]
    # The people a case lists are the ones appraised: the scheme's others are not, this time.
    listed = replace(scheme, people={p: held for p, held in scheme.people.items()
                                     if p in case.actuals})
    return score_file(listed, suite.file, case.period, _json(rows).encode("utf-8"))


def _json(rows: list[dict[str, Any]]) -> str:
    """The rows as JSON, each number as written (``0.1`` stays 0.1)."""
    def text(value: Any) -> str:
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            return str(value)
        return json.dumps(value, ensure_ascii=False)

    return "[" + ",\n".join("{" + ", ".join(f"{json.dumps(k, ensure_ascii=False)}: {text(v)}"
                                             for k, v in row.items()) + "}"
                            for row in rows) + "]"


def _rehomed(suite: Suite, case: Case, found: Diagnostic) -> Diagnostic:
    """A problem the reader found in a case's actuals, at the line of the test file that
    holds them: the person's field, the person, or the case's actuals."""
    if found.file != suite.file or case.actuals is None:
        return found
    person, _dot, field_id = found.path.partition(".")
    where: Path = (*case.path, "actuals")
    if person in case.actuals:
        where = (*where, person)
        if field_id in case.actuals[person]:
            where = (*where, field_id)
    line, column = suite.doc.key_position(where)
    path = format_path(where) if person in case.actuals else found.path
    return Diagnostic(found.file, line, column, found.severity, path, found.message,
                      found.hint)


def _checked(suite: Suite, scheme: Scheme, case: Case) -> list[Diagnostic]:
    """What the case names that the scheme does not know, before anything is scored."""
    doc, out = suite.doc, []
    fields = {**{f: f for f in scheme.fields}, **{s.label: f for f, s in scheme.fields.items()}}
    for person, values in (case.actuals or {}).items():
        for key in values:
            if key not in fields and key not in _SAID and "@" not in key:
                out.append(doc.diagnostic(
                    (*case.path, "actuals", person, key),
                    _("unknown field '{field}'").format(field=excerpt(key)),
                    did_you_mean(key, [*scheme.fields, "name", "post"]), at_key=True))
        post = scheme.posts.get(str(values.get("post", "")))
        known = scheme.people.get(person)
        if post is None and known is not None:
            post = scheme.posts.get(known.post)
        if post is not None and scheme.calendar is None:
            given = {fields[k] for k in values if k in fields}
            plain = (f for f in scheme.fields_for(post) if scheme.fields[f].raters is None
                     and scheme.fields[f].count is None)  # the reader says the rest
            for missing in (f for f in plain if f not in given):
                label = scheme.fields[missing].label
                message = _("no value for field '{field}' ({label}), needed by post '{post}'") \
                    if label != missing else _("no value for field '{field}', needed by post "
                                               "'{post}'")
                out.append(doc.diagnostic(
                    (*case.path, "actuals", person),
                    message.format(field=missing, label=label, post=post.id),
                    _("add '{field}:' with its value; 0 if there were none").format(
                        field=missing), at_key=True))
    for expected in case.expected:
        out += _known(suite, scheme, case, expected)
    return out


def _known(suite: Suite, scheme: Scheme, case: Case, expected: Expectation) -> list[Diagnostic]:
    doc, path = suite.doc, expected.path
    if case.actuals is not None and expected.person not in case.actuals:
        return [doc.diagnostic(path[:-1] if expected.indicator is None else path[:-2],
                               _("person '{person}' has no actuals in this case").format(
                                   person=excerpt(expected.person)),
                               did_you_mean(expected.person, case.actuals),
                               at_key=True)]
    value = expected.value
    if expected.what == "points" and expected.indicator not in scheme.indicators:
        return [doc.diagnostic(path, _("unknown indicator '{indicator}'").format(
                                   indicator=excerpt(expected.indicator or "")),
                               did_you_mean(expected.indicator or "", scheme.indicators),
                               at_key=True)]
    if expected.what == "grade" and value not in {g.grade for g in scheme.grades}:
        return [doc.diagnostic(path, _("the scheme has no grade '{grade}'").format(
                                   grade=excerpt(str(value))),
                               did_you_mean(str(value), [g.grade for g in scheme.grades]))]
    places = {"points": scheme.rounding.points, "total": scheme.rounding.points,
              "bonus": scheme.rounding.money}.get(expected.what)
    if places is not None and isinstance(value, Decimal) \
            and value != value.quantize(Decimal(1).scaleb(-places)):
        setting = "money" if expected.what == "bonus" else "points"
        message = _("{value} has more decimals than the output shows: the scheme rounds "
                    "money to {places} (rounding.money)") if setting == "money" else \
            _("{value} has more decimals than the output shows: the scheme rounds points to "
              "{places} (rounding.points)")
        return [doc.diagnostic(path, message.format(value=value, places=places),
                               _("write the number as the output shows it, e.g. "
                                 "{number}").format(
                                   number=round_to(float(value), places, scheme.rounding.mode)))]
    return []


def _compare(suite: Suite, result: Result, out: Outcome) -> None:
    scheme, gated = result.scheme, without_bonus(result)
    for expected in out.case.expected:
        try:
            person = result.person(expected.person)
        except AppraiseError:
            out.problems.append(suite.doc.diagnostic(
                expected.path[:-1 if expected.indicator is None else -2],
                _("person '{person}' is not scored in this case").format(
                    person=excerpt(expected.person)),
                _("check the id against the data file and the case's period"), at_key=True))
            continue
        actual = _actual(suite, scheme, person, expected, gated, out)
        if actual is None:
            continue
        if not _same(expected.value, actual):
            out.misses.append(Miss(expected.person, expected.named, str(expected.value), actual))
            if expected.person not in out.traces:
                out.traces[expected.person] = explain_text(result, person, language())


def _actual(suite: Suite, scheme: Scheme, person: PersonResult, expected: Expectation,
            gated: set[int], out: Outcome) -> str | None:
    """The result ``expected`` names, as the output shows it; None (with the problem in
    ``out``) when the person has no such result."""
    places, mode = scheme.rounding.points, scheme.rounding.mode
    what = expected.what
    if what == "total":
        return str(round_to(person.total, places, mode))
    if what == "grade":
        return person.grade
    if what == "coefficient":
        return "0" if person.index in gated else str(person.coefficient)
    if what == "bonus":
        return "none" if person.bonus is None else str(person.bonus)
    if what == "rank":
        return str(person.rank)
    items = [i for i in person.items if i.indicator.id == expected.indicator]
    if len(items) == 1:
        return str(round_to(items[0].points, places, mode))
    card = ", ".join(dict.fromkeys(scheme.posts[s.post].label for s in person.segments))
    if not items:
        message = _("indicator '{indicator}' is not on the scorecard of '{person}' "
                    "({scorecard})").format(indicator=expected.indicator,
                                            person=excerpt(expected.person), scorecard=card)
        hint = _("expect the points of an indicator on that scorecard")
    else:
        message = _("indicator '{indicator}' is scored {count} times for '{person}' in this "
                    "period, once on each post held ({scorecard})").format(
                        indicator=expected.indicator, count=len(items),
                        person=excerpt(expected.person), scorecard=card)
        hint = _("expect its points in a case whose period has one post")
    out.problems.append(suite.doc.diagnostic(expected.path, message, hint, at_key=True))
    return None


def _same(expected: Decimal | int | str, actual: str) -> bool:
    if isinstance(expected, str):
        return expected == actual
    try:
        return Decimal(actual) == expected
    except ArithmeticError:  # 'none': no bonus
        return False

"""``appraise history``'s outputs: the records :mod:`.read` gives, as a table (in the run's
language), JSON or CSV. Numbers are shown as ``score`` shows them in a table (points and money
to the scheme's places), and as they were kept in JSON and CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from decimal import Decimal

from ..i18n import _, pgettext
from ..numbers import round_to
from ..report.layout import render_table
from .read import Record


def short(fingerprint: str) -> str:
    """A fingerprint as a table shows it: its first 12 hex digits."""
    return fingerprint.partition(":")[2][:12] or fingerprint[:12]


def points(text: str | None, run: Record) -> str:
    if text is None:
        return ""
    return str(round_to(float(text), int(run["points_places"]), run["rounding"]))


def money(text: str | None) -> str:
    return "" if text is None else f"{Decimal(text):,}"


def versions_table(records: Sequence[Record]) -> str:
    header = [_("Period"), _("Version"), _("Scored at"), pgettext("history", "By"),
              _("Scheme"),
              _("Scheme fingerprint"), _("Data fingerprint"), _("People")]
    rows = [[r["period"], r["version"], r["scored_at"], r["scored_by"], r["scheme_name"],
             short(r["scheme_fingerprint"]), short(r["data_fingerprint"]), r["people"]]
            for r in records]
    return render_table(header, rows, [False, True, False, False, False, False, False, True])


def person_table(person: str, name: str, records: Sequence[Record],
                 asked: Sequence[str]) -> str:
    header = [_("Period"), _("Version"), _("Scheme"), _("Scheme fingerprint"), _("Total"),
              _("Grade"), _("Coef."), _("Bonus"), *asked]
    rows = [[r["period"], r["version"], r["scheme_name"], short(r["scheme_fingerprint"]),
             points(r["total"], r), f"{r['grade']} {r['grade_label']}", r["coefficient"],
             money(r["bonus"]), *(_figure(r[a]) for a in asked)] for r in records]
    right = [False, True, False, False, True, False, True, True, *(True for _a in asked)]
    return f"{person} {name}\n\n" + render_table(header, rows, right)


def _figure(text: object) -> str:
    """A figure as kept, without a float's exponent or a whole number's '.0'."""
    if text is None:
        return ""
    try:
        shown = format(Decimal(str(text)), "f")
    except ArithmeticError:
        return str(text)  # a rating's level
    return shown.rstrip("0").rstrip(".") if "." in shown else shown


def period_table(run: Record, people: Sequence[Record], last: int) -> str:
    title = _("{label} — {period}, version {version} of {last} (scored {when} by {who}; "
              "scheme {scheme})").format(label=run["scheme_label"] or run["scheme_name"],
                                         period=run["period"], version=run["version"],
                                         last=last, when=run["scored_at"],
                                         who=run["scored_by"],
                                         scheme=short(run["scheme_fingerprint"]))
    header = [_("Rank"), _("Company"), _("Person"), _("Name"), _("Post"), _("Unit"),
              _("Weighted"), _("Adj."), _("Total"), _("Grade"), _("Coef."), _("Bonus")]
    ordered = sorted(people, key=lambda p: (p["company_rank"], p["person"]))
    veto = " " + _("veto")
    rows = []
    for p in ordered:
        adjust = Decimal(p["bonuses"]) - Decimal(p["deductions"])
        moved = "" if p["grade"] == p["grade_scored"] else \
            " " + _("(was {grade})").format(grade=p["grade_scored"])
        rows.append([f"{p['unit_rank']}/{p['unit_of']}", f"{p['company_rank']}/"
                     f"{p['company_of']}", p["person"], p["name"], p["post_label"] or p["post"],
                     p["unit_label"] or p["unit"],
                     points(p["weighted_sum"], run),
                     ("+" if adjust > 0 else "") + points(str(adjust), run) if adjust else "",
                     points(p["total"], run) + (veto if p["veto"] else ""),
                     f"{p['grade']} {p['grade_label']}{moved}", p["coefficient"],
                     money(p["bonus"])])
    right = [True, True, False, False, False, False, True, True, True, False, True, True]
    return f"{title}\n\n" + render_table(header, rows, right)


def what(name: str) -> str:
    """What a difference is in, in the run's language: a result's number, a field's figure,
    or an indicator's points (``#2``: on the second post held in the period)."""
    words = {"added": _("added"), "removed": _("removed"), "weighted_sum": _("Weighted"),
             "deductions": _("Deductions"), "bonuses": _("Bonus points"), "total": _("Total"),
             "veto": _("veto"), "grade_scored": _("Grade before calibration"),
             "grade": _("Grade"), "coefficient": _("Coef."), "bonus": _("Bonus"),
             "pool": _("Pool"), "unit_rank": _("Rank"), "unit_of": _("Ranked among"),
             "company_rank": _("Company rank"), "company_of": _("Ranked in the company")}
    if name in words:
        return words[name]
    if name.startswith("points:"):
        return _("points: {indicator}").format(indicator=name.removeprefix("points:"))
    return _("figure: {field}").format(field=name)


def differences_table(old: Record, new: Record, changes: Sequence[Record]) -> str:
    title = _("{period}: version {old} (scheme {old_scheme}, data {old_data}) to version "
              "{new} (scheme {new_scheme}, data {new_data})").format(
        period=old["period"], old=old["version"], new=new["version"],
        old_scheme=short(old["scheme_fingerprint"]), old_data=short(old["data_fingerprint"]),
        new_scheme=short(new["scheme_fingerprint"]), new_data=short(new["data_fingerprint"]))
    if not changes:
        return f"{title}\n\n" + _("No number differs.") + "\n"
    header = [_("Person"), _("Name"), _("What"), _("Version {version}").format(
        version=old["version"]), _("Version {version}").format(version=new["version"])]
    rows = [[c["person"], c["name"], what(c["what"]),
             _figure(c["old"]), _figure(c["new"])]
            for c in changes]
    people = len({c["person"] for c in changes})
    return f"{title}\n\n" + render_table(header, rows, [False, False, False, True, True]) + \
        "\n" + _("People changed: {people}").format(people=people) + "\n"


def as_json(found: object) -> str:
    return json.dumps(found, ensure_ascii=False) + "\n"


def as_csv(records: Sequence[Record]) -> str:
    if not records:
        return ""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(list(records[0]))
    writer.writerows([["" if v is None else v for v in r.values()] for r in records])
    return out.getvalue()

"""Loading and validating a scheme: YAML text to a compiled :class:`Scheme`.

    text --load--> Document --schema--> diagnostics --build--> Scheme + diagnostics

Every problem is reported at once. An entry that breaks the schema is left out
of the later checks, but its name stays known, so one typo does not cascade
into a page of "unknown indicator" errors.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path as FilePath
from typing import Any

from ..diagnostics import AppraiseError, Diagnostic, Path, did_you_mean, errors_in
from ..load.document import Document, load_yaml
from ..model.scheme import (
    Calendar,
    Conversion,
    Field,
    Grade,
    Indicator,
    Person,
    Post,
    Raters,
    Rounding,
    Scale,
    ScaleLevel,
    Scheme,
    Scorecard,
    ScorecardItem,
    Unit,
)
from ..build.year_checks import check_periodic
from ..rules.base import (
    WEIGHTLESS_KINDS,
    Band,
    BandsRule,
    CountRule,
    Direction,
    FormulaRule,
    LinearRule,
    LowerIsBetterRule,
    MembersRule,
    PiecewiseRule,
    RatingRule,
    RatioRule,
    Rule,
    Target,
    ThresholdRule,
    TwoLevelRule,
    VetoRule,
    show,
)
from ..formula.sandbox import FormulaError, compile_formula
from ..load.schema import check_schema
from ..build.year import YearSections

RULE_NAMES = ("value", "target", "stretch", "achievement")
SECTIONS = ("scales", "fields", "indicators", "scorecards", "units", "posts", "people")


@dataclass(frozen=True)
class Validation:
    """The outcome of validating one scheme file."""

    file: str
    diagnostics: list[Diagnostic]
    scheme: Scheme | None

    @property
    def ok(self) -> bool:
        return not errors_in(self.diagnostics)


def validate_scheme(file: str | FilePath, content: bytes | None = None) -> Validation:
    """Load and check a scheme; never raises for a bad scheme, returns its diagnostics."""
    name = str(file)
    try:
        doc = load_yaml(name, content)
    except AppraiseError as exc:
        return Validation(name, exc.diagnostics, None)
    diagnostics, broken = check_schema(doc)
    if not isinstance(doc.data, dict):
        return Validation(name, sorted(set(diagnostics)), None)
    builder = _Builder(doc, broken)
    scheme = builder.build()
    diagnostics = sorted(set(diagnostics + builder.diagnostics))
    return Validation(name, diagnostics, None if errors_in(diagnostics) else scheme)


def load_scheme(file: str | FilePath, content: bytes | None = None) -> Scheme:
    """A valid, compiled scheme, or :class:`AppraiseError` with every problem in it."""
    result = validate_scheme(file, content)
    if result.scheme is None:
        raise AppraiseError(errors_in(result.diagnostics))
    return result.scheme


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def _target(raw: Any) -> Target:
    if isinstance(raw, dict):
        return Target(float(raw["base"]), _num(raw.get("stretch")))
    return Target(float(raw))


class _Builder(YearSections):
    def __init__(self, doc: Document, broken: set[Path]) -> None:
        self.calendar: Calendar | None = None
        self._known: dict[str, set[str]] = {}
        self.doc = doc
        self.data: dict[str, Any] = doc.data
        self.diagnostics: list[Diagnostic] = []
        self.broken_sections = {p[0] for p in broken if len(p) == 1}
        self.broken_entries = {p[:2] for p in broken if len(p) >= 2}
        self.broken_paths = broken
        self.lines = doc.content.decode("utf-8-sig").splitlines()

    # -- helpers ---------------------------------------------------------------------------

    def error(self, path: Path, message: str, hint: str = "", *, at_key: bool = False,
              warning: bool = False) -> None:
        self.diagnostics.append(self.doc.diagnostic(
            path, message, hint, at_key=at_key, severity="warning" if warning else "error"))

    def known(self, section: str) -> set[str]:
        if section not in self._known:  # asked for once per reference: made once
            raw = self.data.get(section)
            self._known[section] = set(raw) if isinstance(raw, dict) else set()
        return self._known[section]

    def entries(self, section: str) -> Iterable[tuple[str, dict[str, Any]]]:
        """The entries of a section that passed the schema."""
        raw = self.data.get(section)
        if section in self.broken_sections or not isinstance(raw, dict):
            return []
        return [(k, v) for k, v in raw.items() if (section, k) not in self.broken_entries]

    def refer(self, path: Path, name: str, section: str, what: str) -> bool:
        """Check that ``name`` names an entry of ``section``; report it if not."""
        if name in self.known(section):
            return (section, name) not in self.broken_entries
        if section not in self.broken_sections:
            self.error(path, f"unknown {what} '{name}'", did_you_mean(name, self.known(section)))
        return False

    # -- the build -------------------------------------------------------------------------

    def build(self) -> Scheme:
        data = self.data
        rounding_raw = data.get("rounding") if "rounding" not in self.broken_sections else None
        rounding = Rounding(**(rounding_raw or {}))
        calendar_raw = data.get("calendar") if "calendar" not in self.broken_sections else None
        self.calendar = Calendar(**calendar_raw) if isinstance(calendar_raw, dict) else None
        scales = {k: self.scale(k, v) for k, v in self.entries("scales")}
        fields = {k: self.field(k, v) for k, v in self.entries("fields")}
        self.check_field_labels(fields)
        indicators: dict[str, Indicator] = {}
        for key, raw in self.entries("indicators"):
            indicator = self.indicator(key, raw, fields, scales)
            if indicator is not None:
                indicators[key] = indicator
        scorecards = {k: self.scorecard(k, v, indicators) for k, v in self.entries("scorecards")}
        units = {k: self.unit(k, v) for k, v in self.entries("units")}
        self.check_organisation(units)
        posts = {k: self.post(k, v, scorecards, indicators, units)
                 for k, v in self.entries("posts")}
        people = {k: self.person(k, v, posts, scorecards, indicators)
                  for k, v in self.entries("people")}
        bonus_base = data.get("bonus_base") if "bonus_base" not in self.broken_sections else None
        cascades = {k: c for k, v in self.entries("cascade")
                    if (c := self.cascade(k, v, units, indicators)) is not None}
        grades = self.grades()
        scheme = Scheme(
            file=self.doc.file,
            fingerprint="sha256:" + hashlib.sha256(self.doc.content).hexdigest(),
            name=str(data.get("name", "")),
            label=str(data.get("label", data.get("name", ""))),
            currency=str(data.get("currency", "CNY")),
            bonus_base=Decimal(bonus_base) if bonus_base is not None else None,
            rounding=rounding,
            scales=scales,
            grades=grades,
            fields=fields,
            indicators=indicators,
            scorecards=scorecards,
            units=units,
            posts=posts,
            people=people,
            calendar=self.calendar,
            cascades=cascades,
            calibration=self.calibration(grades),
            pools=self.pools(units),
        )
        organisation = {"units", "posts", "people"}
        sound = not any(d.severity == "error" and d.path.split(".")[0] in organisation
                        for d in self.diagnostics) and not any(
            p and p[0] in organisation for p in self.broken_paths)
        check_periodic(self, scheme, sound)
        return scheme

    def scale(self, key: str, raw: dict[str, Any]) -> Scale:
        levels = {
            str(level): ScaleLevel(float(v["points"]), v.get("label", ""), v.get("description", ""))
            for level, v in raw["levels"].items()
        }
        return Scale(key, raw.get("label", key), levels)

    def field(self, key: str, raw: dict[str, Any]) -> Field:
        scale = raw.get("scale")
        if scale is not None:
            self.refer(("fields", key, "scale"), scale, "scales", "scale")
        path: Path = ("fields", key)
        aggregate, weight = raw.get("aggregate", "sum"), raw.get("weight")
        if aggregate == "weighted_average" and weight is None:
            self.error((*path, "aggregate"), f"field '{key}' is a weighted average but names no "
                       "field to weigh it by", "add weight: <field>, e.g. the number of surveys")
        elif weight is not None and aggregate != "weighted_average":
            self.error((*path, "weight"), f"field '{key}' names a weight, but its aggregate is "
                       f"{aggregate}", "set aggregate: weighted_average, or remove 'weight'")
        elif weight is not None and self.refer((*path, "weight"), weight, "fields", "field"):
            other = self.data["fields"][weight]
            if weight == key or other.get("type", "number") != "number":
                self.error((*path, "weight"), f"field '{key}' cannot be weighed by "
                           f"'{weight}'", "name another field that holds a number")
        if raw.get("type") == "rating" and aggregate != "last" and "aggregate" in raw \
                and self.calendar is not None:  # without a calendar nothing is rolled up
            self.error((*path, "aggregate"), f"field '{key}' holds a rating; ratings cannot be "
                       f"combined by {aggregate}", "use aggregate: last")
        raters = None
        if "raters" in raw:
            raters = Raters({k: Decimal(v) for k, v in raw["raters"].items()},
                            bool(raw.get("drop_extremes", False)))
            total = sum(raters.weights.values(), Decimal(0))
            if total != 100:
                self.error((*path, "raters"), f"rater weights of field '{key}' add up to "
                           f"{_pct(total)}, expected 100%", "adjust the weights", at_key=True)
            if raw.get("type") == "rating":
                self.error((*path, "raters"), f"field '{key}' is a rating on a scale; several "
                           "raters give numbers", "remove type: rating, and use convert: to "
                           "change a 1-5 rating to points", at_key=True)
        elif "drop_extremes" in raw:
            self.error((*path, "drop_extremes"), f"field '{key}' has no raters to drop",
                       "add raters:, or remove drop_extremes")
        convert = None
        if "convert" in raw:
            (low, high), (to_low, to_high) = raw["convert"]["from"], raw["convert"]["to"]
            convert = Conversion(float(low), float(high), float(to_low), float(to_high))
            if convert.low >= convert.high:
                self.error((*path, "convert", "from"), f"the rating range {show(convert.low)} "
                           f"to {show(convert.high)} is empty", "write the lowest rating first")
        return Field(key, raw.get("label", key), raw.get("unit", ""), raw.get("definition", ""),
                     raw.get("type", "number"), scale, aggregate, weight,
                     raw.get("combine", "sum"), raters, convert)

    def check_field_labels(self, fields: dict[str, Field]) -> None:
        """Data files may head a column by a field's label, so a label names one field."""
        owner: dict[str, str] = {}
        for field in fields.values():
            for name in {field.label, field.id}:
                other = owner.setdefault(name, field.id)
                if other != field.id:
                    self.error(("fields", field.id, "label"), f"fields '{other}' and "
                               f"'{field.id}' are both called '{name}'; a data column headed "
                               f"'{name}' would be ambiguous", "give each field its own label")

    def grades(self) -> tuple[Grade, ...]:
        raw = self.data.get("grades")
        if "grades" in self.broken_sections or not isinstance(raw, list) or \
                any(p[0] == "grades" for p in self.broken_paths if p):
            return ()
        grades = tuple(Grade(str(g["grade"]), g.get("label", str(g["grade"])), _num(g.get("min")),
                             Decimal(g["coefficient"])) for g in raw)
        seen: dict[str, int] = {}
        for i, grade in enumerate(grades):
            path: Path = ("grades", i)
            if grade.grade in seen:
                self.error((*path, "grade"), f"grade '{grade.grade}' is listed twice "
                           f"(grades[{seen[grade.grade]}] and grades[{i}])", "remove one")
            seen.setdefault(grade.grade, i)
            last = i == len(grades) - 1
            if last and grade.min is not None:
                self.error((*path, "min"), f"the lowest grade '{grade.grade}' must not have a min",
                           "remove 'min' so that every total, however low, gets a grade")
            if not last and grade.min is None:
                self.error(path, f"grade '{grade.grade}' needs a min; only the lowest grade "
                           "has none", "grades are listed from best to worst", at_key=True)
            if i and grade.min is not None and grades[i - 1].min is not None \
                    and grade.min >= (grades[i - 1].min or 0):
                self.error((*path, "min"), f"grade '{grade.grade}' starts at {show(grade.min)}, "
                           f"not below grade '{grades[i - 1].grade}' "
                           f"({show(grades[i - 1].min or 0)})",
                           "list grades from best to worst with falling minimums")
            if i and grade.coefficient > grades[i - 1].coefficient:
                self.error((*path, "coefficient"), f"grade '{grade.grade}' pays a higher "
                           f"coefficient ({grade.coefficient}) than the better grade "
                           f"'{grades[i - 1].grade}' ({grades[i - 1].coefficient})",
                           "check the coefficients", warning=True)
        return grades

    # -- indicators and rules --------------------------------------------------------------

    def indicator(self, key: str, raw: dict[str, Any], fields: dict[str, Field],
                  scales: dict[str, Scale]) -> Indicator | None:
        path: Path = ("indicators", key)
        if "members" in raw:
            return self.members_indicator(path, key, raw)
        missing = [k for k in ("formula", "rule") if k not in raw]
        if missing:
            self.error(path, f"indicator '{key}' needs " + " and ".join(f"a {m}" for m in missing),
                       "every indicator has a formula and a rule, except a members "
                       "indicator", at_key=True)
            return None
        try:
            formula = compile_formula(str(raw["formula"]), self.known("fields"))
        except FormulaError as exc:
            self.formula_error((*path, "formula"), str(raw["formula"]), exc, "field")
            return None
        rule_raw: dict[str, Any] = raw["rule"]
        kind = rule_raw["kind"]
        direction: Direction = raw.get("direction") or \
            ("lower_is_better" if kind == "lower_is_better" else "higher_is_better")
        rule = self.rule((*path, "rule"), rule_raw, direction, scales)
        if rule is None:
            return None
        ratings = sorted(n for n in formula.names if n in fields and fields[n].type == "rating")
        if kind == "rating":
            self.check_rating(path, formula.names, fields, rule)
        elif ratings:
            self.error((*path, "formula"), f"'{ratings[0]}' holds a rating, not a number; it can "
                       "only be scored by a rating rule",
                       "use kind: rating with the field alone as the formula")
        if kind == "lower_is_better" and direction != "lower_is_better":
            self.error((*path, "direction"), f"direction is {direction}, but the rule is "
                       "lower_is_better", "remove 'direction' or set it to lower_is_better")
        if direction == "closest_to_target" and kind in {"ratio", "two_level", "threshold"}:
            self.error((*path, "rule", "kind"), f"a {kind} rule cannot score closest_to_target",
                       "use a linear rule, which takes points off both ways")
        if kind == "two_level" and direction != "higher_is_better":
            self.error((*path, "rule", "kind"), "a two_level rule scores higher_is_better only",
                       "remove 'direction'")
        target = _target(raw["target"]) if "target" in raw else None
        if target is not None:
            self.check_target((*path, "target"), key, rule, target, "")
        return Indicator(key, raw.get("label", key), raw.get("perspective"),
                         raw.get("type", "quantitative"), direction, raw.get("unit", ""),
                         formula, rule, target, raw.get("description", ""),
                         raw.get("scope", "own"))

    def members_indicator(self, path: Path, key: str, raw: dict[str, Any]) -> Indicator | None:
        extra = [k for k in ("formula", "rule", "target", "scope") if k in raw]
        if extra:
            self.error((*path, extra[0]), f"'{key}' is a members indicator: its points are the "
                       f"average total of the unit's members, so it takes no {extra[0]}",
                       f"remove '{extra[0]}'", at_key=True)
            return None
        return Indicator(key, raw.get("label", key), raw.get("perspective"), "quantitative",
                         "higher_is_better", "points", compile_formula("0", ()),
                         MembersRule("members", "higher_is_better"), None,
                         raw.get("description", ""), "own", raw["members"])

    def formula_error(self, path: Path, text: str, exc: FormulaError, names: str) -> None:
        line, col = self.doc.position(path)
        source = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        rest = source[col - 1:]
        offset = 0
        if rest.startswith(text):
            offset = exc.column - 1 if exc.column else 0
        elif rest[:1] in "'\"" and rest[1:].startswith(text):
            offset = exc.column if exc.column else 0
        where = f" (at character {exc.column} of the formula)" if exc.column > 1 else ""
        hint = exc.hint or f"formulas may use the scheme's {names} names"
        self.diagnostics.append(Diagnostic(
            self.doc.file, line, col + max(offset, 0), "error",
            ".".join(str(p) for p in path), exc.message + where, hint))

    def rule(self, path: Path, raw: dict[str, Any], direction: Any,
             scales: dict[str, Scale]) -> Rule | None:
        kind = raw["kind"]
        common: dict[str, Any] = {"kind": kind, "direction": direction}
        limits: dict[str, Any] = {"cap": _num(raw.get("cap")), "floor": _num(raw.get("floor"))}
        floor = limits["floor"] if kind != "lower_is_better" else _num(raw.get("floor", 0))
        if limits["cap"] is not None and floor is not None and limits["cap"] < floor:
            self.error((*path, "cap"), f"the cap {show(limits['cap'])} is below the floor "
                       f"{show(floor)}", "the cap is the most points the rule gives, the floor "
                       "the least: make the cap the higher one")
        if kind == "linear":
            return LinearRule(**common, above=float(raw["above"]), below=float(raw["below"]),
                              at_target=float(raw.get("at_target", 100)),
                              basis=raw.get("basis", "achievement"), **limits)
        if kind == "ratio":
            return RatioRule(**common, factor=float(raw.get("factor", 1)), **limits)
        if kind == "two_level":
            return TwoLevelRule(**common, base_points=float(raw["base_points"]),
                                stretch_points=float(raw["stretch_points"]),
                                above=float(raw.get("above", 0)), below=float(raw.get("below", 0)),
                                basis=raw.get("basis", "achievement"), **limits)
        if kind == "bands":
            return self.bands_rule(path, raw, common)
        if kind == "threshold":
            return ThresholdRule(**common, at_least=_num(raw.get("at_least")),
                                 at_most=_num(raw.get("at_most")),
                                 points=float(raw.get("points", 100)),
                                 otherwise=float(raw.get("otherwise", 0)),
                                 on=raw.get("on", "value"))
        if kind == "lower_is_better":
            floor = _num(raw.get("floor", 0))
            return LowerIsBetterRule(**common, per_unit_over=float(raw["per_unit_over"]),
                                     points=float(raw.get("points", 100)),
                                     basis=raw.get("basis", "value"), cap=_num(raw.get("cap")),
                                     floor=floor)
        if kind == "piecewise":
            return self.piecewise_rule(path, raw, common, limits)
        if kind in ("deduction", "bonus"):
            return CountRule(**common, per_event=float(raw["per_event"]),
                             max_points=_num(raw.get("max_points")))
        if kind == "veto":
            return VetoRule(**common, effect=raw.get("effect", "zero_total"))
        if kind == "rating":
            return self.rating_rule(path, raw, common, scales)
        try:
            formula = compile_formula(str(raw["points"]), RULE_NAMES)
        except FormulaError as exc:
            self.formula_error((*path, "points"), str(raw["points"]), exc, "rule")
            return None
        return FormulaRule(**common, formula=formula, **limits)

    def bands_rule(self, path: Path, raw: dict[str, Any], common: dict[str, Any]) -> Rule | None:
        bands = [Band(_num(b.get("min")), _num(b.get("max")), float(b["points"]),
                      b.get("label", "")) for b in raw["bands"]]
        order = sorted(range(len(bands)), key=lambda i: (
            bands[i].low is not None, bands[i].low or 0.0))
        closed = raw.get("closed", "lower")
        ok = True
        for i, band in enumerate(bands):
            if band.low is not None and band.high is not None and band.low >= band.high:
                self.error((*path, "bands", i), f"band min {show(band.low)} is not below its max "
                           f"{show(band.high)}", "swap them", at_key=True)
                ok = False
        if not ok:
            return None  # the order of bands that are themselves wrong says nothing

        def span(band: Band) -> str:  # a band as HR reads it, by its range rather than index
            return Band(band.low, band.high, band.points).describe(closed)

        # Walk the bands from the lowest min, comparing each with the band that reaches
        # highest so far, so that a band nested inside another is not taken for a gap.
        reach = order[0]
        for b in order[1:]:
            first, second = bands[reach], bands[b]
            if first.high is not None and (second.high is None or second.high > first.high):
                reach = b
            if first.high is None or second.low is None or first.high > second.low:
                low = show(second.low) if second.low is not None else "-∞"
                top = min((x for x in (first.high, second.high) if x is not None), default=None)
                high = show(top) if top is not None else "∞"
                self.error((*path, "bands", b), f"bands {span(first)} and {span(second)} overlap: "
                           f"a value from {low} to {high} is in both",
                           "make each band's max the next band's min")
                ok = False
            elif first.high < second.low:
                self.error((*path, "bands", b), f"bands {span(first)} and {span(second)} leave a "
                           f"gap: a value from {show(first.high)} to {show(second.low)} gets no "
                           "points", f"set the max of the lower band to {show(second.low)}, or "
                           f"the min of the upper band to {show(first.high)}")
                ok = False
        if not ok:
            return None
        lowest, highest = bands[order[0]], bands[order[-1]]
        if lowest.low is not None:
            self.error((*path, "bands", order[0]), f"a value below {show(lowest.low)} falls in "
                       "no band, and cannot be scored", "leave out the lowest band's min if "
                       "such values can occur", warning=True)
        if highest.high is not None:
            self.error((*path, "bands", order[-1]), f"a value above {show(highest.high)} falls in "
                       "no band, and cannot be scored", "leave out the highest band's max if "
                       "such values can occur", warning=True)
        return BandsRule(**common, bands=tuple(bands[i] for i in order),
                         on=raw.get("on", "value"), closed=raw.get("closed", "lower"))

    def piecewise_rule(self, path: Path, raw: dict[str, Any], common: dict[str, Any],
                       limits: dict[str, Any]) -> Rule | None:
        table = tuple((float(p["value"]), float(p["points"])) for p in raw["table"])
        for i in range(1, len(table)):
            if table[i][0] <= table[i - 1][0]:
                self.error((*path, "table", i, "value"), f"table values must rise: "
                           f"{show(table[i][0])} comes after {show(table[i - 1][0])}",
                           "list the rows from the lowest value to the highest")
                return None
        return PiecewiseRule(**common, table=table, on=raw.get("on", "value"), **limits)

    def rating_rule(self, path: Path, raw: dict[str, Any], common: dict[str, Any],
                    scales: dict[str, Scale]) -> Rule | None:
        name = raw["scale"]
        if not self.refer((*path, "scale"), name, "scales", "scale") or name not in scales:
            return None
        points = {level: spec.points for level, spec in scales[name].levels.items()}
        for level, value in (raw.get("points") or {}).items():
            if level not in points:
                self.error((*path, "points", level), f"rating '{level}' is not on the scale "
                           f"'{name}'", did_you_mean(level, points), at_key=True)
            points[level] = float(value)
        return RatingRule(**common, scale=name, points=tuple(points.items()))

    def check_rating(self, path: Path, names: frozenset[str], fields: dict[str, Field],
                     rule: Rule) -> None:
        if len(names) == 1 and ("fields", next(iter(names))) in self.broken_entries:
            return  # the field's own error says what is wrong
        field = fields.get(next(iter(names))) if len(names) == 1 else None
        formula = str(self.data["indicators"][path[1]]["formula"]).strip()
        if field is None or field.type != "rating" or formula != field.id:
            self.error((*path, "formula"), "a rating rule scores one rating field: the formula "
                       "must be just that field's name",
                       "declare the field with type: rating and a scale")
            return
        if isinstance(rule, RatingRule) and field.scale in self.known("scales") \
                and field.scale != rule.scale:
            self.error((*path, "rule", "scale"), f"field '{field.id}' is rated on scale "
                       f"'{field.scale}', but the rule uses scale '{rule.scale}'",
                       f"use scale: {field.scale}")

    def check_target(self, path: Path, indicator: str, rule: Rule, target: Target,
                     owner: str) -> None:
        if target.stretch is not None and target.stretch <= target.base:
            self.error(path, f"the stretch goal {show(target.stretch)} of '{indicator}' is not "
                       f"above its base {show(target.base)}", "stretch is the higher level")
        if rule.kind == "two_level" and target.stretch is None:
            self.error(path, f"'{indicator}' uses a two_level rule, so its target needs a "
                       "stretch goal", "write {base: ..., stretch: ...}")
        whose = f" for {owner}" if owner else ""
        if rule.divides_by_target and (target.base == 0 or target.stretch == 0):
            self.error(path, f"the target of '{indicator}'{whose} is 0, but its "
                       f"{rule.kind} rule divides by the target",
                       _ZERO_TARGET_HINTS.get(rule.kind, "set a non-zero target"))
        elif rule.divides_by_target and (target.base < 0 or (target.stretch or 0) < 0):
            self.error(path, f"the target of '{indicator}'{whose} is negative "
                       f"({target}), but its {rule.kind} rule measures achievement against it",
                       "check the sign; a target measured as achievement must be above 0")
        if isinstance(rule, FormulaRule) and rule.formula is not None \
                and "stretch" in rule.formula.names and target.stretch is None:
            self.error(path, f"the points formula of '{indicator}' uses 'stretch', but this "
                       "target has none", "write {base: ..., stretch: ...}")

    # -- scorecards and the organisation ---------------------------------------------------

    def scorecard(self, key: str, raw: dict[str, Any],
                  indicators: dict[str, Indicator]) -> Scorecard:
        path: Path = ("scorecards", key)
        items: list[ScorecardItem] = []
        seen: set[str] = set()
        total = Decimal(0)
        for i, item in enumerate(raw["items"]):
            name, weight = item["indicator"], item.get("weight")
            item_path: Path = (*path, "items", i)
            if name in seen:
                self.error((*item_path, "indicator"), f"indicator '{name}' is listed twice",
                           "remove one")
                # Often a copied line whose name was not changed: its weight still counts,
                # so the total says what the card as written adds up to.
                if weight is not None:
                    total += Decimal(weight)
                continue
            seen.add(name)
            weight = Decimal(weight) if weight is not None else None
            if self.refer((*item_path, "indicator"), name, "indicators", "indicator") \
                    and name in indicators:
                kind = indicators[name].rule.kind
                if kind in WEIGHTLESS_KINDS and weight is not None:
                    self.error((*item_path, "weight"), f"'{name}' is a {kind} item and takes no "
                               "weight", "remove 'weight': it adds or takes points directly")
                    weight = None  # reported here; not counted again in the total
                elif kind not in WEIGHTLESS_KINDS and weight is None:
                    self.error(item_path, f"'{name}' needs a weight", "add e.g. weight: 20",
                               at_key=True)
                items.append(ScorecardItem(name, weight))
            if weight is not None:
                total += weight
        weighted = any(item.weight is not None for item in items)
        if items and not weighted and len(items) == len(raw["items"]):
            self.error((*path, "items"), f"scorecard '{key}' has no weighted indicator",
                       "add at least one indicator with a weight; deduction, bonus and veto "
                       "items only adjust the total", at_key=True)
        # Perspectives are compared only on an otherwise sound card: a broken indicator,
        # a duplicate or a wrong total is reported already, and would only echo here.
        sound = all(item["indicator"] in indicators for item in raw["items"]) \
            and len(seen) == len(raw["items"]) and total == 100
        if raw.get("perspectives") and sound:
            self.check_perspectives(path, raw["perspectives"], items, indicators)
        if weighted and total != 100:
            gap = 100 - total
            missing = f"missing {_pct(gap)}" if gap > 0 else f"{_pct(-gap)} too many"
            hint = "weights are percentages: write 40, not 0.4" if total <= 1 \
                else "adjust the weights"
            self.error((*path, "items"), f"weights of scorecard '{key}' add up to {_pct(total)}, "
                       f"expected 100% ({missing})", hint, at_key=True)
        return Scorecard(key, raw.get("label", key), tuple(items))

    def check_perspectives(self, path: Path, wanted: dict[str, Any],
                           items: list[ScorecardItem],
                           indicators: dict[str, Indicator]) -> None:
        """Item weights per perspective must match the card's perspective weights."""
        sums: dict[str, Decimal] = {}
        for i, item in enumerate(items):
            if item.weight is None or item.indicator not in indicators:
                continue
            perspective: str | None = indicators[item.indicator].perspective
            if perspective is None or perspective not in wanted:
                self.error((*path, "items", i, "indicator"), f"'{item.indicator}' is in "
                           f"perspective '{perspective or 'none'}', which this card gives no "
                           "weight", "add the perspective under perspectives:, or set the "
                           "indicator's perspective")
                continue
            sums[perspective] = sums.get(perspective, Decimal(0)) + item.weight
        for name, weight in wanted.items():
            got = sums.get(name, Decimal(0))
            if got != Decimal(weight):
                self.error((*path, "perspectives", name), f"indicators in perspective "
                           f"'{name}' weigh {_pct(got)}, but the perspective weighs "
                           f"{_pct(Decimal(weight))}", "adjust the item weights or the "
                           "perspective weight", at_key=True)
        total = sum((Decimal(w) for w in wanted.values()), Decimal(0))
        if total != 100:
            self.error((*path, "perspectives"), f"perspective weights add up to {_pct(total)}, "
                       "expected 100%", "adjust the perspective weights", at_key=True)

    def unit(self, key: str, raw: dict[str, Any]) -> Unit:
        parent = raw.get("parent")
        if parent is not None:
            self.refer(("units", key, "parent"), parent, "units", "parent unit")
        head = raw.get("head")
        return Unit(key, raw.get("label", key), raw.get("kind"), parent, head)

    def check_organisation(self, units: dict[str, Unit]) -> None:
        roots = [u.id for u in units.values() if u.parent is None]
        if len(roots) > 1:
            for extra in roots[1:]:
                self.error(("units", extra), f"units '{roots[0]}' and '{extra}' both have no "
                           "parent; the organisation has one top unit",
                           f"give '{extra}' a parent", at_key=True)
        reported: set[str] = set()
        for start in units:
            chain, current = [start], units[start].parent
            while current in units and current not in chain:
                chain.append(current)
                current = units[current].parent
            if current == start and not reported & set(chain):
                reported |= set(chain)
                loop = " → ".join([*chain, start])
                self.error(("units", start, "parent"), f"units form a cycle: {loop}",
                           "one of them must have a parent outside the cycle")
        for unit in units.values():
            if unit.head is None:
                continue
            path: Path = ("units", unit.id, "head")
            if not self.refer(path, unit.head, "posts", "post"):
                continue
            post_unit = self.data["posts"][unit.head].get("unit")
            if post_unit != unit.id:
                self.error(path, f"head post '{unit.head}' belongs to unit '{post_unit}', not "
                           f"'{unit.id}'", f"set unit: {unit.id} on post '{unit.head}'")

    def post(self, key: str, raw: dict[str, Any], scorecards: dict[str, Scorecard],
             indicators: dict[str, Indicator], units: dict[str, Unit]) -> Post:
        path: Path = ("posts", key)
        self.refer((*path, "unit"), raw["unit"], "units", "unit")
        targets = {k: _target(v) for k, v in (raw.get("targets") or {}).items()}
        card_name = raw["scorecard"]
        if self.refer((*path, "scorecard"), card_name, "scorecards", "scorecard") \
                and card_name in scorecards:
            self.check_targets(path, f"post '{key}'", scorecards[card_name], indicators,
                               targets, None)
        return Post(key, raw.get("label", key), raw["unit"], card_name, targets,
                    _dec(raw.get("bonus_base")))

    def person(self, key: str, raw: dict[str, Any], posts: dict[str, Post],
               scorecards: dict[str, Scorecard], indicators: dict[str, Indicator]) -> Person:
        path: Path = ("people", key)
        targets = {k: _target(v) for k, v in (raw.get("targets") or {}).items()}
        assignments = self.assignments(path, key, raw)
        for i, assignment in enumerate(assignments):
            where: Path = (*path, "posts", i, "post") if "posts" in raw else (*path, "post")
            post = posts.get(assignment.post)
            if self.refer(where, assignment.post, "posts", "post") and post is not None \
                    and post.scorecard in scorecards:
                self.check_targets(path, f"person '{key}'", scorecards[post.scorecard],
                                   indicators, targets, post)
        latest = assignments[-1].post if assignments else ""
        return Person(key, str(raw.get("name", key)), latest, targets,
                      _dec(raw.get("bonus_base")), assignments if "posts" in raw else ())

    def check_targets(self, path: Path, owner: str, card: Scorecard,
                      indicators: dict[str, Indicator], targets: dict[str, Target],
                      post: Post | None) -> None:
        # Every indicator written on the card, also those left out for their own errors,
        # so that one broken indicator does not make its targets look misplaced.
        on_card = [str(item["indicator"]) for item in self.data["scorecards"][card.id]["items"]]
        for name, target in targets.items():
            target_path: Path = (*path, "targets", name)
            if name not in on_card:
                known = [n for n in on_card if n in self.known("indicators")]
                self.error(target_path, f"'{name}' is not on scorecard '{card.id}', so its "
                           "target is never used", did_you_mean(name, known), at_key=True)
            elif name in indicators:
                self.check_target(target_path, name, indicators[name].rule, target, owner)
        if post is not None:
            return  # people inherit whatever their post lacks; the post reports it
        for name in on_card:
            indicator = indicators.get(name)
            if indicator and indicator.rule.needs_target and name not in targets \
                    and indicator.target is None and name not in self.cascaded():
                self.error(path, f"{owner} has no target for '{name}', which its "
                           f"{indicator.rule.kind} rule needs",
                           f"add it under targets: {name}: <number>", at_key=True)


# What to do about a zero target, in the keys each rule kind actually has.
_ZERO_TARGET_HINTS = {
    "linear": "set a non-zero target, or use basis: value",
    "two_level": "set a non-zero target, or use basis: value",
    "lower_is_better": "set a non-zero target, or use basis: value",
    "bands": "set a non-zero target, or use on: value",
    "threshold": "set a non-zero target, or use on: value",
    "piecewise": "set a non-zero target, or use on: value",
    "ratio": "set a non-zero target; a ratio rule always divides by it",
    "formula": "set a non-zero target, or write the formula without dividing by the target",
}


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}%"


def _dec(value: Any) -> Decimal | None:
    return None if value is None else Decimal(value)


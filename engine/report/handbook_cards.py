"""A post's scorecard in the handbook: its indicators with their definitions, formulas in
words, weights, targets and scoring rules (and the tables the rules score by), its bonus
items, deductions and vetoes, its gates, its total scale and the people's own targets."""

from __future__ import annotations

from ..i18n import _, language, pgettext
from ..model import Indicator, Post, Scheme, Scorecard, ScorecardItem
from ..model.parts import PERSPECTIVE_LABELS
from ..numbers import add_weights, percent, written
from ..rules import Target
from .handbook_doc import Block, Heading, Paragraph, Table
from .handbook_formula import FormulaWords
from .handbook_rules import rule_text
from .handbook_year import Parts


def per_words(per: str) -> str:
    """The period a target is written for: a month (每月)."""
    return {"month": _("a month"), "quarter": _("a quarter"), "half": _("a half year"),
            "year": _("a year")}.get(per, per)


def perspective(scheme: Scheme, name: str | None) -> str:
    """A perspective in the reader's language: 财务 (Financial), or the scheme's own label."""
    if name is None:
        return ""
    if name in scheme.perspectives:
        return scheme.perspectives[name].label
    chinese, _space, english = PERSPECTIVE_LABELS.get(name, name).partition(" ")
    return chinese if language() == "zh" or not english else english


class Cards:
    """The scorecard of each post, as the handbook shows it."""

    def __init__(self, scheme: Scheme, words: FormulaWords, parts: Parts) -> None:
        self.scheme, self.words, self.parts = scheme, words, parts
        self.indicators = words.indicators

    def post_card(self, post: Post, card: Scorecard) -> list[Block]:
        scheme = self.scheme
        unit = scheme.units.get(post.unit)
        title = _("{post} ({unit})").format(post=post.label, unit=unit.label) \
            if unit is not None and unit.label != post.label else post.label
        out: list[Block] = [Heading(3, title), Paragraph(card.label, _("Scorecard: "))]
        weighted = [i for i in card.items if scheme.indicators[i.indicator].rule.role
                    == "weighted"]
        tables: list[Table] = []
        sections = {s.id: s for s in card.sections}
        for section in [*card.sections, None]:
            items = [i for i in weighted if i.section == (section.id if section else None)]
            if not items:
                continue
            if section is not None:
                out.append(Heading(4, _("{section} (weight {weight})").format(
                    section=section.label, weight=percent(section.weight))))
            out.append(self.card_table(post, items, tables))
        if sections:
            out.append(Paragraph(_("Within a section, the weights are shares of the "
                                   "section's weight.")))
        if shares := self.perspective_weights(weighted) if not sections else "":
            out.append(Paragraph(shares, _("Perspective weights: ")))
        out += tables
        extra = [i for i in card.items if i not in weighted]
        if extra:
            out.append(self.extra_table(extra))
        out += self.parts_of_card(post, card)
        return out

    def perspective_weights(self, items: list[ScorecardItem]) -> str:
        found: dict[str, list[object]] = {}
        for item in items:
            name = self.scheme.indicators[item.indicator].perspective
            if name is not None and item.weight is not None:
                found.setdefault(name, []).append(item.weight)
        parts = [f"{perspective(self.scheme, p)} {percent(add_weights(w))}"  # type: ignore[arg-type]
                 for p, w in found.items()]
        return pgettext("handbook", ", ").join(parts) if len(parts) > 1 else ""

    def formula(self, indicator: Indicator) -> str:
        if indicator.members is not None:
            if indicator.share is not None:
                return _("the percentage of the unit's members for whom {condition}").format(
                    condition=self.words(indicator.share.tree))
            if indicator.members == "bonus_base":
                return _("the average total of the unit's members, weighted by their bonus "
                         "bases")
            return _("the average total of the unit's members")
        said = self.words(indicator.formula.tree)
        if indicator.scope == "unit":
            return _("{formula}, over the holder's unit").format(formula=said)
        return said

    def definition(self, indicator: Indicator) -> str:
        if indicator.description:
            return indicator.description
        fields = sorted(indicator.formula.fields) if indicator.members is None else []
        if len(fields) == 1 and fields[0] in self.scheme.fields:
            return self.scheme.fields[fields[0]].definition
        return ""

    def card_table(self, post: Post, items: list[ScorecardItem], tables: list[Table]) -> Table:
        scheme, rows = self.scheme, []
        for item in items:
            indicator = scheme.indicators[item.indicator]
            said = rule_text(indicator, scheme, self.words)
            if said.table is not None:
                tables.append(Table(said.table.headers, said.table.rows, said.table.right,
                                    _("{indicator}: scoring table").format(
                                        indicator=indicator.named)))
            rows.append([perspective(scheme, indicator.perspective), indicator.named,
                         self.definition(indicator), self.formula(indicator),
                         percent(item.weight) if item.weight is not None else "",
                         self.target(post, indicator), said.words])
        weights = [i.weight for i in items if i.weight is not None]
        rows.append(["", _("Sum"), "", "", percent(add_weights(weights)), "", ""])
        headers = [_("Perspective"), pgettext("handbook", "Indicator"), _("Definition"),
                   _("Formula"), _("Weight"), pgettext("handbook", "Target"), _("Scoring rule")]
        if any(row[0] for row in rows):
            return Table(headers, rows, right=(4,))
        return Table(headers[1:], [row[1:] for row in rows], right=(3,))  # no perspectives

    def extra_table(self, items: list[ScorecardItem]) -> Table:
        kinds = {"deduction": _("Deduction"), "bonus": _("Bonus item"),
                 "veto": _("One-vote veto")}
        rows = []
        for item in items:
            indicator = self.scheme.indicators[item.indicator]
            rows.append([indicator.named, kinds.get(indicator.rule.role, ""),
                         self.definition(indicator), self.formula(indicator),
                         rule_text(indicator, self.scheme, self.words).words])
        return Table([_("Item"), pgettext("handbook", "Kind"), _("Definition"), _("Counted"),
                      _("Scoring rule")], rows, caption=_("Bonus items, deductions and vetoes"))

    def target(self, post: Post, indicator: Indicator) -> str:
        scheme = self.scheme
        if scheme.cascade_of(indicator.id) is not None and indicator.id not in post.targets:
            return _("set by the cascade of targets (see below)")
        goal = post.targets.get(indicator.id) or indicator.target
        own = any(indicator.id in p.targets for p in scheme.people.values()
                  if p.post == post.id)
        text = self.target_words(goal, indicator.unit) if goal is not None else ""
        if own:
            text = _("{target}; some people have their own (see below)").format(
                target=text) if text else _("each person's own (see below)")
        return text or "—"

    def target_words(self, goal: Target, unit: str) -> str:
        def one(value: float, formula: object) -> str:
            if formula is not None:
                return self.words(formula.tree)  # type: ignore[attr-defined]
            return written(value) + ("%" if unit == "%" else "")

        text = one(goal.base, goal.formula)
        if goal.stretch is not None or goal.stretch_formula is not None:
            text = _("base task {base}; stretch goal {stretch}").format(
                base=text, stretch=one(goal.stretch or 0.0, goal.stretch_formula))
        if goal.per is not None:
            text = _("{target} ({per})").format(target=text, per=per_words(goal.per))
        return text

    def parts_of_card(self, post: Post, card: Scorecard) -> list[Block]:
        """The card's gates, total scale and the people's own targets."""
        out: list[Block] = []
        if card.gates:
            out.append(Table([_("Gate"), _("Condition"), _("Then")],
                             [[g.label, self.words(g.when.tree), self.parts.gate_effect(
                                 g, self.indicators)] for g in card.gates],
                             caption=pgettext("handbook", "Gates")))
        if card.scale is not None:
            s = card.scale
            out.append(Paragraph(_("The total from {low} to {high} is moved in a straight line "
                                   "to {to_low} to {to_high}.").format(
                low=written(s.low), high=written(s.high), to_low=written(s.to_low),
                to_high=written(s.to_high)), _("Total scale: ")))
        rows = []
        for person in self.scheme.people.values():
            if person.post != post.id:
                continue
            for name, goal in person.targets.items():
                indicator = self.scheme.indicators.get(name)
                if indicator is not None:
                    rows.append([person.id, person.name, indicator.named,
                                 self.target_words(goal, indicator.unit)])
        if rows:
            out.append(Table([pgettext("handbook", "Id"), _("Full name"),
                              pgettext("handbook", "Indicator"), _("Own target")], rows,
                             caption=_("People's own targets")))
        return out

"""``appraise doc``: the scheme as the handbook HR publishes to employees (考核方案): who is
appraised and when, the data each figure comes from, each post's scorecard (indicators,
formulas in words, weights, targets, scoring rules and their tables), then grades and
coefficients, gates, bonuses, calibration, awards, rounding and the cascade
(:mod:`.handbook_year`), in the run's language.

The document is built as blocks (:mod:`.handbook_doc`) and rendered as Markdown or HTML.
"""

from __future__ import annotations

from ..i18n import _, language, pgettext
from ..model import Post, Scheme
from ..model.measure import in_chinese
from ..numbers import percent, written
from .handbook_cards import Cards, per_words
from .handbook_doc import Document, Heading, Paragraph, Table, as_html, markdown
from .handbook_formula import FormulaWords
from .handbook_year import Parts, year_parts

_NUMERALS = "一二三四五六七八九十"


def part_title(number: int, title: str) -> str:
    """A part's heading: '3. Scorecards' (中文：三、各岗位考核表)."""
    if language() == "zh" and number <= len(_NUMERALS):
        return f"{_NUMERALS[number - 1]}、{title}"
    return f"{number}. {title}"


class Handbook:
    """Builds the handbook of one scheme."""

    def __init__(self, scheme: Scheme) -> None:
        self.scheme = scheme
        english = language() == "en"
        fields = {k: (english and f.label_en) or f.label or k for k, f in scheme.fields.items()}
        self.indicators = {k: i.named or k for k, i in scheme.indicators.items()}
        self.words = FormulaWords(fields, self.indicators)
        self.doc = Document(scheme.label or scheme.name, language())
        self.parts = Parts(part_title)

    def build(self) -> Document:
        scheme, doc = self.scheme, self.doc
        doc.add(Heading(1, doc.title))
        if scheme.calendar is not None:
            doc.add(Paragraph(str(scheme.calendar.year), _("Year: ")))
        if scheme.description:
            doc.add(Paragraph(scheme.description.strip()))
        self.general()
        self.data_fields()
        self.scorecards()
        doc.add(*year_parts(scheme, self.parts, self.words))
        return doc

    # -- 1. general ---------------------------------------------------------------------------

    def general(self) -> None:
        scheme, doc = self.scheme, self.doc
        doc.add(Heading(2, self.parts.next(_("General"))))
        doc.add(Paragraph(_("This scheme sets out, for each post, the indicators it is "
                            "appraised on, how each is measured and scored, their weights and "
                            "targets, and how the total gives a grade and a performance "
                            "coefficient."), _("Purpose: ")))
        if scheme.subject is not None:
            doc.add(Paragraph(_("Each {subject} the data lists, on the scorecard below.").format(
                subject=scheme.subject.called(language())), _("Who is appraised: ")))
        else:
            doc.add(Paragraph(_("The people on the posts below."), _("Who is appraised: ")),
                    self.scope())
        if scheme.calendar is not None:
            period = _("The scheme is kept by month for {year}; a month, a quarter, a half year "
                       "or the whole year is scored from its months' figures, rolled up as "
                       "the data fields say.").format(year=scheme.calendar.year)
        else:
            period = _("Each period (a month, a quarter or a year) is scored from that "
                       "period's figures.")
        doc.add(Paragraph(period, _("Appraisal period: ")))
        per = scheme.calendar.targets_per if scheme.calendar is not None else None
        if per is not None:
            doc.add(Paragraph(_("Fixed targets and thresholds are written for {per}; a longer "
                                "period's are its months' added up.").format(
                                    per=per_words(per)), _("Targets: ")))

    def posts_in_order(self) -> list[Post]:
        """The posts, unit by unit down the organisation, as the scheme lists them."""
        scheme, order = self.scheme, []
        for root in scheme.tree.roots:
            order += scheme.subtree(root)
        rank = {unit: i for i, unit in enumerate(order)}
        posts = list(scheme.posts.values())
        return sorted(posts, key=lambda p: rank.get(p.unit, len(rank)))

    def holders(self, post: str) -> int:
        return sum(1 for p in self.scheme.people.values()
                   if p.post == post or any(a.post == post for a in p.assignments))

    def scope(self) -> Table:
        scheme, rows = self.scheme, []
        for post in self.posts_in_order():
            unit = scheme.units.get(post.unit)
            card = scheme.scorecards.get(post.scorecard)
            rows.append([unit.label if unit else post.unit, post.label,
                         card.label if card else post.scorecard, str(self.holders(post.id))])
        return Table([_("Unit"), _("Post"), _("Scorecard"), _("People")], rows, right=(3,))

    # -- 2. data fields -----------------------------------------------------------------------

    def data_fields(self) -> None:
        scheme = self.scheme
        if not scheme.fields:
            return
        monthly = scheme.calendar is not None
        headers = [_("Data field"), _("Unit of measure"), _("Definition and counting rule")]
        if monthly:
            headers.append(_("Over several months"))
        rows = []
        for key, field in scheme.fields.items():
            unit = in_chinese(field.unit) if field.unit and language() == "zh" else field.unit
            if field.type == "rating" and field.scale in scheme.scales:
                unit = scheme.scales[field.scale].label
            elif field.type == "text":
                unit = pgettext("handbook", "text")
            row = [self.words.names.get(key, key), unit, self.counted(key)]
            if monthly:
                row.append(self.rolled_up(key))
            rows.append(row)
        self.doc.add(Heading(2, self.parts.next(_("Data fields"))),
                     Paragraph(_("The figures each period's data gives, and how each is "
                                 "counted.")),
                     Table(headers, rows))

    def counted(self, key: str) -> str:
        """A field's definition, and how its raters' ratings and its scale are combined."""
        field = self.scheme.fields[key]
        definition = (language() == "en" and field.definition_en) or field.definition
        parts = [definition] if definition else []
        if field.raters is not None:
            raters = pgettext("handbook", ", ").join(
                f"{group} {percent(weight)}" for group, weight in field.raters.weights.items())
            parts.append(_("rated by several raters, weighted: {raters}").format(raters=raters))
            if field.raters.drop_extremes:
                parts.append(_("in a group of three or more, the highest and the lowest "
                               "rating are dropped"))
        if field.convert is not None:
            c = field.convert
            parts.append(_("moved in a straight line from {low} to {high} onto {to_low} to "
                           "{to_high}").format(low=written(c.low), high=written(c.high),
                                               to_low=written(c.to_low),
                                               to_high=written(c.to_high)))
        return _("; ").join(parts)

    def rolled_up(self, key: str) -> str:
        field = self.scheme.fields[key]
        if field.aggregate == "weighted_average" and field.weight:
            weight = self.scheme.fields.get(field.weight)
            return _("average weighted by {field}").format(
                field=weight.label if weight else field.weight)
        return {"sum": _("added up"), "average": _("averaged"), "first": _("the first month's"),
                "last": _("the last month's")}.get(field.aggregate, field.aggregate)

    # -- 3. scorecards ------------------------------------------------------------------------

    def scorecards(self) -> None:
        self.doc.add(Heading(2, self.parts.next(_("Scorecards by post"))))
        self.doc.add(Paragraph(_("Achievement is the actual value as a percentage of the "
                                 "target (for an indicator where lower is better, the target "
                                 "as a percentage of the actual value). Each indicator's "
                                 "points times its weight add up to the weighted sum; bonus "
                                 "items and deductions are then added to it or taken off.")))
        cards = Cards(self.scheme, self.words, self.parts)
        for post in self.posts_in_order():
            card = self.scheme.scorecards.get(post.scorecard)
            if card is not None:
                self.doc.add(*cards.post_card(post, card))

def handbook(scheme: Scheme) -> Document:
    """The handbook of ``scheme`` in the run's language."""
    return Handbook(scheme).build()


def handbook_text(scheme: Scheme, fmt: str) -> str:
    """The handbook as Markdown (``md``) or HTML (``html``)."""
    doc = handbook(scheme)
    return as_html(doc) if fmt == "html" else markdown(doc)


__all__ = ["handbook", "handbook_text", "per_words"]

"""The parts of a scheme that say what is measured and how: fields, scales,
indicators, scorecards, grades and rounding."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from ..formula import Formula
from ..formula.conditions import Condition
from ..i18n import _, language
from ..numbers import RoundingMode, Weight, written
from ..rules import Direction, Per, Rule, Target

Perspective = Literal["financial", "customer", "internal_process", "learning_and_growth"]
Aggregate = Literal["sum", "average", "first", "last", "weighted_average"]
Combine = Literal["sum", "average"]

PERSPECTIVE_LABELS: dict[str, str] = {
    "financial": "财务 Financial",
    "customer": "客户 Customer",
    "internal_process": "内部流程 Internal process",
    "learning_and_growth": "学习与成长 Learning and growth",
}


@dataclass(frozen=True)
class PerspectiveSpec:
    """A perspective (category) a scheme declares for itself under ``perspectives:``."""

    id: str
    label: str
    weight: Weight | None = None
    """The default weight of the perspective on every card whose items use it."""

    @property
    def named(self) -> str:
        """As a message names it: "'sales' (销售业绩)", or "'sales'" when unlabelled."""
        return f"'{self.id}'" if self.label == self.id else f"'{self.id}' ({self.label})"


@dataclass(frozen=True)
class Raters:
    """Several raters score one field; their ratings are combined with weights."""

    weights: dict[str, Decimal]  # rater group -> weight in percent
    drop_extremes: bool = False  # in a group of three or more, drop one highest and one lowest


@dataclass(frozen=True)
class Conversion:
    """A linear change of scale, e.g. a 1-5 rating to 0-100 points."""

    low: float
    high: float
    to_low: float
    to_high: float

    def of(self, value: float) -> float:
        """``value`` moved linearly from ``low``..``high`` to ``to_low``..``to_high``."""
        span = self.high - self.low
        return self.to_low + (value - self.low) * (self.to_high - self.to_low) / span


@dataclass(frozen=True)
class Count:
    """A field counted, not read (``count: {subjects: customers, grade: [VIP]}``): how many
    of the subjects another scheme appraises the person owns, of ``grades`` (all: None)."""

    subjects: str
    grades: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Field:
    id: str
    label: str
    unit: str = ""
    definition: str = ""
    type: Literal["number", "rating", "text"] = "number"
    scale: str | None = None
    aggregate: Aggregate = "sum"
    weight: str | None = None
    """The field whose monthly values weigh a weighted_average (e.g. surveys answered)."""
    combine: Combine = "sum"
    """How the members' figures make a unit's: summed (amounts) or averaged (scores)."""
    raters: Raters | None = None
    convert: Conversion | None = None
    """Each value (each rating, for a field with raters) moved to another scale."""
    min: float | None = None
    max: float | None = None
    integer: bool = False
    """The figures the data may hold (each rating, for a field with raters), as written:
    at least ``min``, at most ``max``, and whole numbers if ``integer``."""
    count: Count | None = None
    """Counted from another scheme's subjects (``count:``) rather than read from the data."""
    label_en: str = ""
    definition_en: str = ""
    description: str = ""
    """Words for people, never used in a calculation: the name and the counting rule in
    English (``label_en``, ``definition_en``) and a free description."""

    @property
    def as_written(self) -> bool:
        """A number taken as the data gives it: no raters to combine, no scale to convert,
        no range to check."""
        return self.type == "number" and self.raters is None and self.convert is None \
            and self.min is None and self.max is None and not self.integer

    @property
    def allowed(self) -> str:
        """The figures the field takes, in words: '0 to 100', 'whole numbers, 0 or more'."""
        low = None if self.min is None else written(self.min)
        high = None if self.max is None else written(self.max)
        if low is not None and high is not None:
            return (_("whole numbers from {low} to {high}") if self.integer else
                    _("{low} to {high}")).format(low=low, high=high)
        if low is not None:
            return (_("whole numbers, {low} or more") if self.integer else
                    _("{low} or more")).format(low=low)
        if high is not None:
            return (_("whole numbers, {high} or less") if self.integer else
                    _("{high} or less")).format(high=high)
        return _("whole numbers") if self.integer else _("any number")


@dataclass(frozen=True)
class Evidence:
    """The text fields that hold an item's grounds for its score (得分依据) and a remark
    (备注): shown beside the item, never scored."""

    basis: str | None = None
    note: str | None = None

    @property
    def fields(self) -> tuple[tuple[str, str], ...]:
        """(role, field) for each text the item shows: 'basis' before 'note'."""
        return tuple((role, name) for role, name in (("basis", self.basis),
                                                     ("note", self.note)) if name)


@dataclass(frozen=True)
class ScaleLevel:
    points: float
    label: str = ""
    description: str = ""


@dataclass(frozen=True)
class Scale:
    id: str
    label: str
    levels: dict[str, ScaleLevel]


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    perspective: str | None
    """One of the scheme's own perspectives when it declares them, else a
    :data:`Perspective` of the balanced scorecard."""
    type: Literal["quantitative", "qualitative"]
    direction: Direction
    unit: str
    formula: Formula
    rule: Rule
    target: Target | None = None
    description: str = ""
    scope: Literal["own", "unit"] = "own"
    """'unit': scored on the holder's unit, from its members' figures and the unit's target."""
    members: Literal["equal", "bonus_base", "share"] | None = None
    """Set: the value is the average total of the members of the holder's unit, or (share)
    the percentage of them for whom ``share`` holds."""
    sums_over_months: bool | None = False
    """The value is a total that grows with the months of a period (summed fields), so
    targets and thresholds written for a month follow the period; None: cannot be told."""
    rule_per: Per | None = None
    """The period the rule's numbers on the value's scale are written for, if said."""
    share: Condition | None = None
    """``members: {share: ...}``: the condition each member's own results are tested on."""
    evidence: Evidence | None = None
    """The text fields shown beside the item (a scorecard line may name others)."""
    label_en: str = ""
    """The indicator's name in English (``label_en``), for English outputs."""

    @property
    def named(self) -> str:
        """The indicator's name as a person reading the run's language sees it."""
        return self.name_in(language())

    def name_in(self, language: str) -> str:
        """Its English name in English when the scheme gives one, else its label."""
        return self.label_en if self.label_en and language == "en" else self.label

    @property
    def external(self) -> bool:
        """Scored from other people's figures or results, not the holder's own row."""
        return self.scope == "unit" or self.members is not None

    @property
    def rating_field(self) -> str | None:
        """The rating field a rating rule scores, or None for a numeric indicator."""
        return next(iter(self.formula.names)) if self.rule.scores_ratings else None


@dataclass(frozen=True)
class ScorecardItem:
    indicator: str
    weight: Weight | None
    section: str | None = None
    """The section the item is in; its weight is then its share of the section."""
    evidence: Evidence | None = None
    """This line's own evidence, or the indicator's (as the scheme is built)."""

    @property
    def shown(self) -> tuple[tuple[str, str], ...]:
        """(role, text field) of each text shown beside the line."""
        return self.evidence.fields if self.evidence is not None else ()


@dataclass(frozen=True)
class Section:
    """A weighted part of a scorecard (业绩目标 70, 行为能力 30): its items' weights add up
    to 100, and its score, Σ points × weight / 100, counts for its weight of the total."""

    id: str
    label: str
    weight: Weight


GateEffect = Literal["no_bonus", "zero_total", "lowest_grade"]


@dataclass(frozen=True)
class Gate:
    """A gate (门槛): when ``when`` holds on the person's own results, an effect on the
    whole result (no bonus, a total of 0, the lowest grade) or a cap, on one item's points
    (before weighting) or on the total."""

    label: str
    when: Condition
    effect: GateEffect | None = None
    cap_indicator: str | None = None
    cap_points: float | None = None
    cap_total: float | None = None


@dataclass(frozen=True)
class Scorecard:
    id: str
    label: str
    items: tuple[ScorecardItem, ...]
    """Every item: those of the sections first, section by section, then the card's own."""
    sections: tuple[Section, ...] = ()
    scale: Conversion | None = None
    """The total moved linearly to another scale (``total_scale``), the card's or the
    scheme's."""
    gates: tuple[Gate, ...] = ()
    """The card's own gates, then the scheme's (for every card), in order."""


def shown_texts(fields: dict[str, Field], cards: dict[str, Scorecard]) -> list[str]:
    """The text fields some scorecard line shows as evidence, in the scheme's order."""
    named = {name for card in cards.values() for item in card.items for _, name in item.shown}
    return [f for f in fields if f in named and fields[f].type == "text"]


@dataclass(frozen=True)
class Grade:
    grade: str
    label: str
    min: float | None
    coefficient: Decimal
    action: str | None = None
    """What to do about a subject with this grade (处理建议: 维持 / 改进 / 终止), if said."""

    @property
    def named(self) -> str:
        """As a table shows it: 'B 良好', or just 'B' when the label adds nothing."""
        return self.grade if self.label == self.grade else f"{self.grade} {self.label}"


def any_action(grades: Sequence[Grade]) -> bool:
    """Some grade says what to do (``action``): outputs then show each one's action."""
    return any(g.action is not None for g in grades)


@dataclass(frozen=True)
class Subject:
    """What a scheme appraises when it is not people (``subject:``), e.g. customers: the
    name outputs call each one by, in Chinese and in English."""

    label: str
    label_en: str
    owner: str | None = None
    """The text field naming the person who looks after each one, for a scheme that counts
    them (``subjects:``)."""

    def called(self, language: str = "en") -> str:
        return self.label_en if language == "en" else self.label


@dataclass(frozen=True)
class Rounding:
    points: int = 2
    money: int = 2
    mode: RoundingMode = "half_up"


def perspective_label(own: dict[str, PerspectiveSpec], perspective: str | None,
                      language: str = "en") -> str:
    """A perspective as a person reads it: the scheme's ``own`` label (销售业绩), or the
    balanced scorecard's ("财务 Financial"; in Chinese, "财务"); '' for none."""
    if perspective is None:
        return ""
    spec = own.get(perspective)
    if spec is not None:
        return spec.label
    label = PERSPECTIVE_LABELS.get(perspective, perspective)
    return label.split(" ")[0] if language != "en" else label

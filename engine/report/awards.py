"""Awards by rank in every output: a person's standing in words (explain, English or
Chinese), the awards' groups and winners as a table and as data, a person's awards as
cells of the score table and CSV."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..diagnostics import visible
from ..i18n import _, language
from ..model import Award, Scheme
from ..numbers import percent, show
from ..scoring import Result
from ..scoring.awards import AwardGroup, AwardResult, Standing
from .json_values import dumps
from .layout import Points, render_table
from .words import Language

_SAY: dict[Language, dict[str, str]] = {
    "en": {
        "line": "Award {label}: {place} of {of} in {group} by {by} {value}{tied}; {outcome}",
        "vetoed": "Award {label}: not ranked (a one-vote veto)",
        "company": "the company",
        "total": "total",
        "tied": ", tied with {others}",
        "other": "1 other",
        "others": "{n} others",
        "won": "won ({places})",
        "lost": "not won ({places})",
        "cut": "not won ({places}; {tied} tied at the cut, and ties: none gives it to none "
               "of them)",
        "top": "the top {top}",
        "share": "the top {share} of {size}: {top}, {rounding}",
        "half_up": "rounded half up", "down": "rounded down", "up": "rounded up",
    },
    "zh": {
        "line": "奖项 {label}：{group} {of} 人中第 {place} 名（按{by} {value}{tied}）；{outcome}",
        "vetoed": "奖项 {label}：因一票否决不参与排名",
        "company": "全公司",
        "total": "总分",
        "tied": "，{tied} 人并列",
        "won": "获奖（{places}）",
        "lost": "未获奖（{places}）",
        "cut": "未获奖（{places}；名额边界上 {tied} 人并列，按 ties: none 均不获奖）",
        "top": "前 {top} 名",
        "share": "前 {share}：{size} 人的 {share}，{rounding}为 {top} 人",
        "half_up": "四舍五入", "down": "向下取整", "up": "向上取整",
    },
}


def _say(language: Language) -> dict[str, str]:
    return _SAY.get(language, _SAY["en"])


def award_name(found: AwardResult, language: Language = "en") -> str:
    """An award by its label, with the month it was ranked on if it is given every month."""
    if found.month is None:
        return found.award.label
    return f"{found.award.label}（{found.month}）" if language == "zh" else \
        f"{found.award.label} ({found.month})"


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def group_name(scheme: Scheme, group: str, language: Language = "en") -> str:
    """An award's group as a person names it: the company, or the unit's label."""
    return _say(language)["company"] if not group else scheme.units[group].label


def value_text(scheme: Scheme, award: Award, value: float) -> str:
    """What an award ranked on, as shown: a total at the scheme's points, a value as in
    every explanation."""
    return str(Points(scheme)(value)) if award.on_total else show(value)


def places_text(award: Award, group: AwardGroup, language: Language = "en") -> str:
    """How many the award gives in ``group``: the top 1; the top 10% of 5: 1, rounded up."""
    say = _say(language)
    if award.top_percent is None:
        return say["top"].format(top=group.places)
    return say["share"].format(share=percent(award.top_percent), size=group.size,
                               top=group.places, rounding=say[award.rounding])


def explain_lines(result: Result, person: str, post: str, vetoed: bool,
                  language: Language = "en") -> list[str]:
    """Each award ``person`` was ranked in, in words; a veto keeps them out of the
    awards their post is for."""
    scheme, say = result.scheme, _say(language)
    lines = []
    for found in result.awards:
        award = found.award
        standing = found.standings.get(person)
        if standing is None:
            if vetoed and (award.posts is None or post in award.posts):
                lines.append(say["vetoed"].format(label=award_name(found, language)))
            continue
        lines.append(_line(scheme, found, standing, language))
    return lines


def _line(scheme: Scheme, found: AwardResult, standing: Standing, language: Language) -> str:
    say, award = _say(language), found.award
    group = next(g for g in found.groups if g.group == standing.group)
    places = places_text(award, group, language)
    if standing.won:
        outcome = say["won"].format(places=places)
    elif standing.place <= group.places:  # cut by ties: none
        outcome = say["cut"].format(places=places, tied=standing.tied)
    else:
        outcome = say["lost"].format(places=places)
    tied = ""
    if standing.tied > 1:
        others = say.get("other") if standing.tied == 2 else None
        others = others or say.get("others", "").format(n=standing.tied - 1)
        tied = say["tied"].format(others=others, tied=standing.tied)
    if language == "en":
        by = say["total"] if award.on_total else award.by
    else:
        by = say["total"] if award.on_total else scheme.indicators[award.by].name_in(language)
    return say["line"].format(
        label=award_name(found, language), place=ordinal(standing.place) if language == "en"
        else standing.place, of=standing.of, group=group_name(scheme, standing.group, language),
        by=by, value=value_text(scheme, award, standing.value), tied=tied, outcome=outcome)


def won_labels(result: Result) -> list[str]:
    """Each person's awards won, by label, as one cell of the score table."""
    won: dict[str, list[str]] = {}
    for found in result.awards:
        for group in found.groups:
            for person in group.winners:
                won.setdefault(person, []).append(award_name(found))
    return ["、".join(won.get(p, ())) for p in result.columns.person]


def column_name(found: AwardResult) -> str:
    """An award's CSV column: award:<id>, and :<month> for one given every month."""
    return f"award:{found.award.id}" + (f":{found.month}" if found.month else "")


def won_places(result: Result, found: AwardResult) -> list[str]:
    """Each person's place in ``found`` if they won it, else blank: a CSV column."""
    places = {p: str(s.place) for p, s in found.standings.items() if s.won}
    return [places.get(p, "") for p in result.columns.person]


def awards_table(result: Result) -> str:
    """The awards of the period under the score table: each group, its places and winners."""
    if not result.awards:
        return ""
    scheme, spoken = result.scheme, language()
    names = dict(zip(result.columns.person, result.columns.name, strict=True))
    rows = []
    for found in result.awards:
        award = found.award
        for group in found.groups:
            winners = ", ".join(
                f"{visible(p)} {visible(names[p])} "
                f"({value_text(scheme, award, found.standings[p].value)})"
                for p in group.winners) or _("nobody")
            rows.append([award_name(found, spoken), group_name(scheme, group.group, spoken),
                         str(group.size), places_text(award, group, spoken),
                         _("total") if award.on_total else award.by, winners])
    header = [_("Award"), _("Group"), _("Ranked"), _("Places"), _("By"), _("Winners")]
    return "\n" + _("Awards") + "\n\n" + render_table(
        header, rows, [False, False, True, False, False, False])


def awards_json(result: Result) -> list[dict[str, Any]]:
    """The awards of the period as data: each award's settings, groups and winners."""
    return [{"award": a.award.id, "month": a.month, "label": a.award.label, "by": a.award.by,
             "within": a.award.within, "top": a.award.top,
             "top_percent": float(a.award.top_percent) if a.award.top_percent is not None
             else None, "ties": a.award.ties,
             "groups": [{"group": g.group or None, "size": g.size, "places": g.places,
                         "winners": list(g.winners)} for g in a.groups]}
            for a in result.awards]


def standing_json(found: AwardResult, standing: Standing) -> dict[str, Any]:
    """A person's standing in an award, as data."""
    return {"award": found.award.id, "month": found.month, "group": standing.group or None,
            "place": standing.place, "of": standing.of, "value": standing.value,
            "won": standing.won}


def standings_json(result: Result, persons: Sequence[str]) -> list[list[dict[str, Any]]]:
    """Each person's standing in each award they were ranked in, as data."""
    return [[standing_json(a, s) for a, s in result.standings(p)] for p in persons]


class StandingTexts:
    """Each person's standings as JSON text, each award's written once for everybody."""

    def __init__(self, result: Result) -> None:
        self.written = [{p: dumps(standing_json(found, s)) for p, s in found.standings.items()}
                        for found in result.awards]

    def __call__(self, persons: Sequence[str]) -> list[str]:
        return ["[" + ", ".join(w[p] for w in self.written if p in w) + "]" for p in persons]

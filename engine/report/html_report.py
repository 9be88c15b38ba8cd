"""``appraise report``: the period as one self-contained HTML page that opens offline.

The company's overview (people, the average total, the grades, the bonuses paid, the
scheme and the data with their fingerprints), the charts of :mod:`.html_charts` (made
with plotly; plotly.js is put in the page once, so nothing is fetched), and a scorecard
for each person: the line a table would show, and when opened the very words
``appraise explain`` prints, in the run's language. The scorecards are data (JSON) that
a small script lists, searched by id or name, a page at a time, so a company of 20,000
stays quick to open; the explanations are included for up to :data:`TRACES` people (a
note says so above that).

Everything a scheme or a data file wrote (a name, a label, an id) reaches the page as
escaped HTML or as JSON read as text: none of it can be taken for markup or script.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape

from ..diagnostics import visible
from ..i18n import _, language
from ..numbers import money_text
from ..scoring import Result
from . import html_figures as figures
from .html_charts import Chart, charts
from .html_page import SCRIPT, STYLE, embedded, json_text
from .layout import Points, period_text

TRACES = 2_000  # people whose explanation the page holds; above, the list alone
_FINGERPRINT = ' class="fingerprint"'
PAGE = 100  # scorecards the page lists at once, and again for each "show more"


def html_report(result: Result, traces: int = TRACES) -> Iterator[str]:
    """The page, in pieces, in the run's language (:func:`~appraise.i18n.language`)."""
    from plotly.offline import get_plotlyjs  # type: ignore[import-untyped]

    scheme = result.scheme
    title = scheme.label + (f" — {when}" if (when := period_text(result, language())) else "")
    drawn = charts(result)
    heading = _h(_("Appraisal report"))
    yield (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if language() == "zh" else "en"}">\n'
           f'<head>\n<meta charset="utf-8">\n<meta name="viewport" '
           f'content="width=device-width, initial-scale=1">\n'
           f"<title>{heading}: {_h(title)}</title>\n"
           f'<meta name="generator" content="appraise">\n<style>{STYLE}</style>\n</head>\n'
           f"<body>\n<header>\n<h1>{heading}</h1>\n"
           f'<p class="subtitle">{_h(title)}</p>\n</header>\n')
    yield _contents()
    yield _overview(result)
    yield _charts(drawn)
    yield _people(result, traces)
    words = {"page": PAGE, "shown": _("{shown} of {found} shown")}
    yield (f'<script type="application/json" id="report-words">{embedded(words)}</script>\n'
           f"<script>{get_plotlyjs()}</script>\n<script>{SCRIPT}</script>\n"
           "</body>\n</html>\n")


def _h(text: object) -> str:
    """Text of the scheme, the data or the run, as HTML: escaped, control characters
    shown as escapes (as the other outputs show them)."""
    return escape(visible(str(text)), quote=True)


def _contents() -> str:
    parts = [("overview", _("Overview")), ("charts", _("Charts")),
             ("people", _("Scorecards"))]
    items = "".join(f'<li><a href="#{key}">{_h(name)}</a></li>' for key, name in parts)
    contents = _h(_("Contents"))
    return f'<nav aria-label="{contents}"><ol>{items}</ol></nav>\n'


def _overview(result: Result) -> str:
    scheme, shown = result.scheme, figures.overview(result)
    stats = [(_("People"), f"{shown.people:,}"), (_("Average total"), shown.average),
             (_("Total bonus"), f"{shown.bonus} {scheme.currency}")]
    cards = "".join(f'<div class="stat"><dt>{_h(k)}</dt><dd>{_h(v)}</dd></div>'
                    for k, v in stats)
    rows = "".join(f'<tr><td>{_h(grade)}</td><td class="n">{n}</td>'
                   f'<td class="n">{_share(n, shown.people)}</td></tr>'
                   for grade, n in shown.grades)
    about = [(_("Scheme"), f"{scheme.label} ({scheme.name})"),
             *([(_("Period"), when)] if (when := period_text(result, language())) else []),
             (_("Scheme file"), scheme.file), (_("Scheme fingerprint"), scheme.fingerprint),
             (_("Data file"), result.file), (_("Data fingerprint"), result.fingerprint)]
    fingerprints = (scheme.fingerprint, result.fingerprint)
    trace = "".join(f"<tr><th>{_h(k)}</th><td{_FINGERPRINT if v in fingerprints else ''}>"
                    f"{_h(v)}</td></tr>" for k, v in about)
    warned = ""
    if result.warnings:
        lines = "\n".join(dict.fromkeys(map(str, result.warnings)))
        head = _("Warnings about the data ({count})").format(count=len(result.warnings))
        warned = f"<details><summary>{_h(head)}</summary><pre>{_h(lines)}</pre></details>\n"
    head = "".join(f"<th>{_h(word)}</th>" for word in (_("Grade"), _("People"), _("Share")))
    overview_ = _h(_("Overview"))
    return (f'<section id="overview">\n<h2>{overview_}</h2>\n'
            f'<dl class="cards">{cards}</dl>\n'
            f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>\n"
            f'<table class="trace"><tbody>{trace}</tbody></table>\n{warned}</section>\n')


def _share(n: int, of: int) -> str:
    return f"{n / of * 100:.1f}%" if of else ""


def _charts(drawn: list[Chart]) -> str:
    heading, needed = _h(_("Charts")), _h(_("The charts and scorecards need JavaScript."))
    out = [f'<section id="charts">\n<h2>{heading}</h2>\n']
    for chart in drawn:
        note = f'<p class="note">{_h(chart.note)}</p>' if chart.note else ""
        out.append(f'<figure id="figure-{chart.id}">\n<h3>{_h(chart.title)}</h3>\n'
                   f'<div class="chart" id="chart-{chart.id}"></div>{note}\n'
                   f'<script type="application/json" class="chart-data" '
                   f'data-chart="chart-{chart.id}">{json_text(chart.figure)}</script>\n'
                   "</figure>\n")
    out.append(f"<noscript><p>{needed}</p>"
               "</noscript>\n</section>\n")
    return "".join(out)


def _people(result: Result, traces: int) -> str:
    """The list's records, one per person in the table's order: id, name, post and unit,
    total, grade, bonus, rank, and the explanation (null when left out)."""
    from .explain import explain_text

    scheme, people = result.scheme, result.columns
    count = len(people)
    order = _order(result)
    totals = Points(scheme).texts(people.total)
    places = scheme.rounding.money
    explained = count <= traces
    records = []
    for i in order:
        person = result.people[i]
        grade = scheme.grades[int(people.grade[i])].named
        paid = people.paid[i]
        records.append([
            visible(people.person[i]), visible(people.name[i]),
            _("{post}, {unit}").format(post=scheme.posts[people.post[i]].label,
                                       unit=scheme.units[people.unit[i]].label),
            totals[i] + (" " + _("veto") if people.veto[i] else ""), grade,
            "" if paid is None else f"{money_text(paid, places)} {scheme.currency}",
            _("rank {rank} of {of}").format(rank=int(people.rank[i]),
                                            of=int(people.rank_of[i])),
            explain_text(result, person, language()) if explained else None])
    note = _("Open a scorecard to see every step of the score, as appraise explain "
             "shows it.") if explained else _(
        "This period has {count} people: the page holds each one's explanation for up to "
        "{limit}. For anybody's, run appraise explain with --person.").format(
        count=f"{count:,}", limit=f"{traces:,}")
    heading, search, more = _h(_("Scorecards")), _h(_("Search by id or name")), _h(_("Show more"))
    return (f'<section id="people">\n<h2>{heading}</h2>\n'
            f'<p class="note">{_h(note)}</p>\n'
            f'<input type="search" id="search" placeholder="{search}" aria-label="{search}">\n'
            f'<p class="note" id="people-count"></p>\n<div id="people-list"></div>\n'
            f'<button type="button" id="more" hidden>{more}</button>\n'
            f'<script type="application/json" id="people-data">{embedded(records)}</script>\n'
            "</section>\n")


def _order(result: Result) -> list[int]:
    """People as the table lists them: by unit in the scheme's order, rank, then id."""
    people = result.columns
    unit_order = {u: i for i, u in enumerate(result.scheme.units)}
    units, ranks, persons = list(people.unit), people.rank.tolist(), list(people.person)
    return sorted(range(len(people)), key=lambda i: (unit_order[units[i]], ranks[i],
                                                     persons[i]))


__all__ = ["PAGE", "TRACES", "html_report"]

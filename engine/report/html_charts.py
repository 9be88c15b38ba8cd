"""The charts of the HTML report, made with plotly: each a figure checked by plotly's own
classes and written as JSON (never as script text), which the page hands to plotly.js.

The grades (a bar each), each unit's average total (a bar each, its people and their
range in the hover), the totals (a histogram) and each indicator's average achievement
with how many met the target. Words are the run's language (:func:`~appraise.i18n._`);
labels come from the scheme and are only ever data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..i18n import _
from ..scoring import Result
from . import html_figures as figures

FONTS = '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "Source Han Sans SC", ' \
    'sans-serif'
COLOUR = "#2f6f9f"
MET = "#3c8d5a"


@dataclass(frozen=True)
class Chart:
    id: str  # the element's id: chart-<id>
    title: str
    figure: str  # the figure as JSON, for Plotly.newPlot
    note: str = ""  # a line under the chart


def charts(result: Result) -> list[Chart]:
    """The report's charts, in the order the page shows them."""
    made = [_grades(result), _units(result), _totals(result)]
    found = figures.reached(result)
    if found:
        made.append(_reached(found))
    return made


def _figure(data: list[dict[str, Any]], layout: dict[str, Any]) -> str:
    """The figure as plotly's JSON, checked by plotly's classes (a wrong property raises)."""
    import plotly.graph_objects as go  # type: ignore[import-untyped]
    import plotly.io as pio  # type: ignore[import-untyped]

    base = {"font": {"family": FONTS, "size": 13}, "margin": {"l": 60, "r": 20, "t": 20,
                                                               "b": 60},
            "plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff", "bargap": 0.25,
            "height": 360, "showlegend": False}
    text: str = pio.to_json(go.Figure(data=data, layout={**base, **layout}), validate=False,
                            pretty=False, engine="json")
    return text


def _axis(title: str, **more: Any) -> dict[str, Any]:
    return {"title": {"text": title}, "automargin": True, "gridcolor": "#e5e5e5", **more}


def _grades(result: Result) -> Chart:
    shown = figures.overview(result).grades
    people = _("People")
    data = [{"type": "bar", "x": [_plain(g) for g, _n in shown], "y": [n for _g, n in shown],
             "text": [str(n) for _g, n in shown], "textposition": "outside",
             "marker": {"color": COLOUR}, "cliponaxis": False,
             "hovertemplate": "%{x}: %{y} " + _hover(people) + "<extra></extra>"}]
    layout = {"xaxis": _axis(_("Grade"), type="category"), "yaxis": _axis(people,
                                                                          rangemode="tozero")}
    return Chart("grades", _("Grade distribution"), _figure(data, layout))


def _units(result: Result) -> Chart:
    found = figures.units(result)
    data = [{"type": "bar", "orientation": "h", "y": [_plain(u.label) for u in found],
             "x": [u.average for u in found], "text": [u.shown for u in found],
             "textposition": "outside", "cliponaxis": False, "marker": {"color": COLOUR},
             "customdata": [[u.people, min(u.totals), max(u.totals)] for u in found],
             "hovertemplate": "%{y}<br>" + _hover(_("Average total")) + ": %{x}<br>"
             + _hover(_("People")) + ": %{customdata[0]}<br>" + _hover(_("Lowest")) +
             ": %{customdata[1]}<br>" + _hover(_("Highest")) + ": %{customdata[2]}"
             "<extra></extra>"}]
    layout = {"yaxis": _axis(_("Unit"), type="category", autorange="reversed"),
              "xaxis": _axis(_("Average total"), rangemode="tozero"),
              "height": _rows(len(found))}
    return Chart("units", _("Average total by unit"), _figure(data, layout))


def _rows(count: int) -> int:
    """The height of a chart with a bar a row: every label legible, however many."""
    return max(260, 26 * count + 110)


def _totals(result: Result) -> Chart:
    totals = [float(t) for t in figures.rounded_totals(result)]
    data = [{"type": "histogram", "x": totals, "marker": {"color": COLOUR},
             "hovertemplate": "%{x}: %{y} " + _hover(_("People")) + "<extra></extra>"}]
    layout = {"xaxis": _axis(_("Total")), "yaxis": _axis(_("People"))}
    return Chart("totals", _("Distribution of totals"), _figure(data, layout))


def _reached(found: list[figures.Reached]) -> Chart:
    data = [{"type": "bar", "orientation": "h", "y": [_plain(r.label) for r in found],
             "x": [r.average for r in found],
             "text": [f"{r.shown}% · " + _("{met} of {scored} met").format(
                 met=r.met, scored=r.scored) for r in found],
             "textposition": "outside", "cliponaxis": False,
             "marker": {"color": [MET if r.met * 2 >= r.scored else COLOUR for r in found]},
             "hovertemplate": "%{y}<br>%{text}<extra></extra>"}]
    layout = {"yaxis": _axis(_("Indicator"), type="category", autorange="reversed"),
              "xaxis": _axis(_("Average achievement (%)"), rangemode="tozero"),
              "height": _rows(len(found)), "margin": {"l": 60, "r": 230, "t": 20, "b": 60},
              "shapes": [{"type": "line", "yref": "paper", "y0": 0, "y1": 1, "x0": 100,
                          "x1": 100, "line": {"color": "#999999", "dash": "dash",
                                              "width": 1}}]}
    return Chart("achievement", _("Target achievement by indicator"), _figure(data, layout),
                 _("Achievement is the actual value as a percentage of the target; the dashed "
                   "line is 100%. Green: at least half met the target."))


def _plain(text: str) -> str:
    """Text shown by plotly as it is written: plotly reads a few HTML tags and entities in
    labels (<br>, <b>, &amp;), so these characters go in as entities, and a %{...} of a
    word is not taken for one of plotly's placeholders."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace("%{", "%&#123;")


_hover = _plain


__all__ = ["FONTS", "Chart", "charts"]

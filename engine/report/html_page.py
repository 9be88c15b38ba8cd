"""The fixed parts of the HTML report's page: its style (a font stack with Chinese fonts,
print-friendly) and its script (charts drawn by plotly.js from JSON; the scorecards listed,
searched by id or name and opened on demand, every text put in as text, never as HTML).
"""

from __future__ import annotations

import json

STYLE = """
:root { --ink: #1f2328; --soft: #57606a; --line: #d0d7de; --paper: #ffffff;
        --band: #f6f8fa; --accent: #2f6f9f; }
* { box-sizing: border-box; }
html { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC",
       "Source Han Sans SC", sans-serif; color: var(--ink); background: var(--paper); }
body { margin: 0 auto; max-width: 1120px; padding: 24px 28px 48px; line-height: 1.55; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 36px 0 12px; padding-bottom: 4px;
     border-bottom: 2px solid var(--accent); }
h3 { font-size: 16px; margin: 0 0 6px; }
.subtitle { color: var(--soft); margin: 0 0 16px; }
nav ol { display: flex; flex-wrap: wrap; gap: 4px 20px; padding: 0; margin: 0;
         list-style: none; }
nav a { color: var(--accent); text-decoration: none; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr));
         gap: 12px; margin: 0 0 16px; }
.stat { border: 1px solid var(--line); border-radius: 6px; padding: 10px 14px;
        background: var(--band); }
.stat dt { color: var(--soft); font-size: 13px; }
.stat dd { margin: 0; font-size: 22px; font-weight: 600; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; }
th, td { border: 1px solid var(--line); padding: 4px 10px; text-align: left; }
th { background: var(--band); font-weight: 600; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.trace dt { color: var(--soft); }
.fingerprint { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px;
               word-break: break-all; }
figure { margin: 0 0 28px; break-inside: avoid; page-break-inside: avoid; }
.chart { width: 100%; min-height: 260px; }
.note { color: var(--soft); font-size: 13px; margin: 4px 0; }
#search { font: inherit; padding: 6px 10px; width: min(420px, 100%);
          border: 1px solid var(--line); border-radius: 6px; }
#people-list { margin-top: 12px; }
details.person { border: 1px solid var(--line); border-radius: 6px; margin: 6px 0;
                 break-inside: avoid; page-break-inside: avoid; }
details.person > summary, div.person { padding: 6px 12px; cursor: pointer; }
div.person { border: 1px solid var(--line); border-radius: 6px; margin: 6px 0;
             cursor: default; }
details.person[open] > summary { background: var(--band); }
.person .who { font-weight: 600; }
.person .what { color: var(--soft); }
.person .score { float: right; font-variant-numeric: tabular-nums; }
details.person pre { margin: 0; padding: 8px 14px 12px; white-space: pre-wrap;
                     font-family: inherit; font-size: 14px; }
button#more { font: inherit; margin-top: 8px; padding: 4px 14px; }
@media print {
  body { max-width: none; padding: 0; }
  nav, #search, button#more, noscript { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  details.person > summary { list-style: none; }
  a { color: inherit; }
}
"""

SCRIPT = """
(function () {
  "use strict";
  function data(id) { return JSON.parse(document.getElementById(id).textContent); }
  var words = data("report-words");
  document.querySelectorAll("script.chart-data").forEach(function (element) {
    var figure = JSON.parse(element.textContent);
    var target = document.getElementById(element.getAttribute("data-chart"));
    Plotly.newPlot(target, figure.data, figure.layout,
                   {displayModeBar: false, responsive: true});
  });
  var people = data("people-data");
  var list = document.getElementById("people-list");
  var search = document.getElementById("search");
  var more = document.getElementById("more");
  var count = document.getElementById("people-count");
  var shown = 0, found = people;
  function span(kind, text) {
    var element = document.createElement("span");
    element.className = kind;
    element.textContent = text;
    return element;
  }
  function card(p) {
    var box = document.createElement(p[7] === null ? "div" : "details");
    box.className = "person";
    box.id = "person-" + p[0];
    var head = document.createElement(p[7] === null ? "span" : "summary");
    head.appendChild(span("who", p[0] + " " + p[1]));
    head.appendChild(span("what", " \\u2014 " + p[2]));
    head.appendChild(span("score", p[3] + " \\u00b7 " + p[4] +
                          (p[5] ? " \\u00b7 " + p[5] : "") + " \\u00b7 " + p[6]));
    box.appendChild(head);
    if (p[7] !== null) {
      var trace = document.createElement("pre");
      trace.textContent = p[7];
      box.appendChild(trace);
    }
    return box;
  }
  function page() {
    var end = Math.min(found.length, shown + words.page);
    var block = document.createDocumentFragment();
    for (var i = shown; i < end; i++) block.appendChild(card(found[i]));
    list.appendChild(block);
    shown = end;
    count.textContent = words.shown.replace("{shown}", shown).replace("{found}", found.length);
    more.hidden = shown >= found.length;
  }
  function filter() {
    var wanted = search.value.trim().toLowerCase();
    found = wanted ? people.filter(function (p) {
      return p[0].toLowerCase().indexOf(wanted) >= 0 ||
             p[1].toLowerCase().indexOf(wanted) >= 0;
    }) : people;
    list.textContent = "";
    shown = 0;
    page();
  }
  search.addEventListener("input", filter);
  more.addEventListener("click", page);
  window.addEventListener("beforeprint", function () {
    list.querySelectorAll("details.person").forEach(function (d) { d.open = true; });
  });
  page();
})();
"""


def embedded(value: object) -> str:
    """``value`` as JSON to put inside a <script type="application/json"> element: <, >
    and & written as escapes, so no text of a scheme or data file can close the element
    or open another."""
    return json_text(json.dumps(value, ensure_ascii=False, separators=(",", ":")))


def json_text(text: str) -> str:
    """JSON text made safe inside a script element (the escapes mean the same in JSON)."""
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


__all__ = ["SCRIPT", "STYLE", "embedded", "json_text"]

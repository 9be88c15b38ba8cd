"""The evidence of an item (得分依据 / 备注) in every output: the texts a data file gave,
which are not the engine's and are not trusted.

JSON keeps each text whole (JSON escapes what it must). The CSV keeps it whole too, every
cell through :func:`.spreadsheet.text`, so a text written as ``=HYPERLINK(...)`` is shown,
never run; a text with line breaks stays one quoted cell. The terminal (explain and the
table) shows each text on one line: line breaks, tabs and other control characters (an
escape sequence that would recolour or clear a terminal) become spaces, and a text longer
than :data:`SHOWN` characters is cut there, with "…", so one text cannot flood a page."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..scoring import Batch, Item, Result
from .words import EVIDENCE, Language

SHOWN = 200  # characters of a text shown on a terminal line
_BREAKS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\s]+")


def one_line(text: str) -> str:
    """``text`` on one terminal line: control characters and line breaks as single spaces,
    at most :data:`SHOWN` characters."""
    flat = _BREAKS.sub(" ", text).strip()
    return flat if len(flat) <= SHOWN else flat[:SHOWN - 1] + "…"


def evidence_lines(item: Item, language: Language) -> list[str]:
    """The lines explain adds under an item: each text its card shows, or that none was
    given."""
    if item.evidence is None:
        return []
    words = EVIDENCE.get(language, EVIDENCE["en"])
    out = []
    for role, _ in item.evidence.fields:
        text = getattr(item, role)
        out.append(words[role].format(text=one_line(text) if text else words["none"]))
    return out


def evidence_json(item: Item) -> dict[str, Any]:
    """The item's texts as JSON keys, for the roles its card shows (null: none given)."""
    if item.evidence is None:
        return {}
    return {role: getattr(item, role) for role, _ in item.evidence.fields}


def csv_columns(result: Result, indicators: Sequence[str]) -> list[tuple[str, list[str]]]:
    """The score CSV's evidence columns, ``<indicator>.basis`` and ``<indicator>.note``, for
    the roles some card shows: each person's text (blank: none, or several posts, whose
    texts are in the JSON and in explain), in the order of the people."""
    scheme = result.scheme
    if not scheme.texts:
        return []
    roles = {(item.indicator, role) for card in scheme.scorecards.values()
             for item in card.items for role, _ in item.shown}
    wanted = [(i, role) for i in indicators for role in ("basis", "note") if (i, role) in roles]
    out = {key: np.full(len(result.columns), "", dtype=object) for key in wanted}
    for batch, people in _people_of_rows(result):
        for (_, indicator), piece in batch.pieces.items():
            for role, name in piece.evidence.fields if piece.evidence is not None else ():
                person = people[piece.who]
                kept = person >= 0
                texts = batch.inputs[name][piece.who[kept]]
                out[(indicator, role)][person[kept]] = [t or "" for t in texts.tolist()]
    return [(f"{indicator}.{role}", out[(indicator, role)].tolist())
            for indicator, role in wanted]


def _people_of_rows(result: Result) -> list[tuple[Batch, np.ndarray]]:
    """Each batch with the person (a row of the result's columns) of each of its rows: -1
    for a row of somebody who held several posts."""
    if not result.by_month:  # one batch, one row per person, in order
        return [(batch, np.arange(len(batch))) for batch in result.batches]
    person_of_row = {id(b): np.full(len(b), -1, dtype=np.intp) for b in result.batches}
    for k, segments in enumerate(result.columns.segments):
        if len(segments) == 1:
            person_of_row[id(segments[0].batch)][segments[0].row] = k
    return [(batch, person_of_row[id(batch)]) for batch in result.batches]


def evidence_table(result: Result, order: Sequence[int]) -> list[list[str]]:
    """The rows of the table's evidence section, in the table's order of people: each item
    with a text given, its texts on one line each."""
    if not result.scheme.texts:
        return []
    rows = []
    people = result.people
    for i in order:
        person = people[i]
        for segment in person.segments:
            for item in segment.items:
                if item.basis or item.note:
                    rows.append([person.person, person.name, item.indicator.named,
                                 one_line(item.basis or ""), one_line(item.note or "")])
    return rows

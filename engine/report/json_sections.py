"""The JSON of a scorecard's sections (sub-scores): for each of a person's posts held, each
section's id, label, weight and score. Written only for a scheme with sections, so that
the JSON of every other scheme stays as it was."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..numbers import weight_number
from ..scoring import Batch
from .layout import Points


class SectionTexts:
    """Each person's sections as JSON text, the texts of a section made once."""

    def __init__(self, points: Points) -> None:
        self.points = points

    def of(self, held: Sequence[Sequence[tuple[Batch, int]]]) -> list[str]:
        """For each person, the sections of every (batch, row) they hold, in order."""
        out = []
        for rows in held:
            found = []
            for batch, row in rows:
                post = batch.rows[row].post
                for part in batch.sections(row):
                    section = part.section
                    found.append(json.dumps({
                        "post": post, "section": section.id, "label": section.label,
                        "weight": weight_number(section.weight),
                        "score": float(self.points(part.score)),
                        "weighted": float(self.points(part.weighted))}, ensure_ascii=False))
            out.append("[" + ", ".join(found) + "]")
        return out


__all__ = ["SectionTexts"]

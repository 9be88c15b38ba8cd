"""A document put together from parts of others (a scheme's base, a library's entries),
each part keeping the file and line it was written at."""

from __future__ import annotations

import os
from typing import Any

from ..diagnostics import Path
from .document import Added, Document

STDIN = "<stdin>"
# The sections of named entries, and what one entry is called.
NAMED = {"scales": "scale", "fields": "field", "indicators": "indicator",
         "scorecards": "scorecard", "units": "unit", "posts": "post", "people": "person"}
Libraries = list[tuple[str, Document, Path]]  # a library's file, who named it, and where


class Tree:
    """A document being put together from parts of others: its positions and origins."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.positions: dict[Path, tuple[int, int]] = {}
        self.key_positions: dict[Path, tuple[int, int]] = {}
        self.origins: dict[Path, str] = {}
        self.added: dict[Path, Added] = {}

    @classmethod
    def over(cls, doc: Document) -> Tree:
        """A tree that starts as ``doc`` is: its positions and origins, to add parts to."""
        tree = cls(doc.file)
        tree.positions, tree.key_positions = dict(doc.positions), dict(doc.key_positions)
        tree.origins = dict(doc.origins)
        return tree

    @classmethod
    def laid(cls, base: Document, over: Document) -> Tree:
        """The positions of ``over`` laid on those of ``base`` (whose parts keep their
        file): for ``over``'s data merged into ``base``'s at the same paths."""
        tree = cls(over.file)
        tree.positions = {**base.positions, **over.positions}
        tree.key_positions = {**base.key_positions, **over.key_positions}
        origins = dict.fromkeys(base.positions, base.file)
        origins.update(base.origins)
        for path in over.positions:
            origins.pop(path, None)
        tree.origins = origins  # what the base added to its own base is not this layer's
        return tree

    def lay(self, value: dict[str, Any], written: dict[str, Any], to: Path) -> None:
        """``written`` laid over ``value`` in place: maps combine key by key, anything else
        (and a rule of another kind, an entry taken from a library) replaces."""
        keys: list[str] | None = None  # the section's names, as each new one came
        for key, new in written.items():
            at = (*to, key)
            old = value.get(key)
            if key in value and isinstance(old, dict) and isinstance(new, dict) \
                    and not _new_kind(at, old, new) and not _used(at, new):
                self.lay(old, new, at)
                continue
            if key not in value and len(to) == 1 and to[0] in NAMED:
                keys = list(value) if keys is None else keys
                self.added[at] = Added(key, keys, len(keys))
                keys.append(key)
            value[key] = new

    def document(self, data: Any, like: Document, drawn_on: dict[str, bytes]) -> Document:
        return Document(self.file, data, like.content, self.positions, self.key_positions,
                        self.origins, drawn_on, {**like.added, **self.added})

    def place(self, source: Document, at: Path, to: Path) -> None:
        """``to`` was written where ``source`` has ``at``."""
        if at in source.positions:
            self.positions[to] = source.positions[at]
        if at in source.key_positions:
            self.key_positions[to] = source.key_positions[at]
        origin = source.origins.get(at, source.file)
        if origin != self.file:
            self.origins[to] = origin
        else:
            self.origins.pop(to, None)

    def copy(self, source: Document, at: Path, to: Path, value: Any) -> Any:
        """``value`` (``source``'s at ``at``) placed at ``to``."""
        self.place(source, at, to)
        if isinstance(value, dict):
            return {k: self.copy(source, (*at, k), (*to, k), v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.copy(source, (*at, i), (*to, i), v) for i, v in enumerate(value)]
        return value

    def merge(self, base: Document, at: Path, value: Any, over: Document, over_at: Path,
              written: Any, to: Path) -> Any:
        """``written`` (``over``'s at ``over_at``) laid over ``value`` (``base``'s at
        ``at``), placed at ``to``."""
        if not (isinstance(value, dict) and isinstance(written, dict)) \
                or _new_kind(to, value, written) or _used(to, written):
            return self.copy(over, over_at, to, written)
        self.place(over, over_at, to)
        out = {}
        for key, old in value.items():
            if key in written:
                out[key] = self.merge(base, (*at, key), old, over, (*over_at, key),
                                      written[key], (*to, key))
            else:
                out[key] = self.copy(base, (*at, key), (*to, key), old)
        for key, new in written.items():
            if key not in value:
                out[key] = self.copy(over, (*over_at, key), (*to, key), new)
        return out


def _used(path: Path, written: dict[str, Any]) -> bool:
    """An indicator or field the scheme takes from a library (``use:``) replaces the base's
    entry whole: it is the library's entry, not the base's with the library's filling in."""
    return len(path) == 2 and path[0] in ("indicators", "fields") and "use" in written


def _new_kind(path: Path, value: dict[str, Any], written: dict[str, Any]) -> bool:
    """A rule of another kind replaces the base's whole: its settings mean other things."""
    return bool(path) and path[-1] == "rule" and "kind" in written \
        and written["kind"] != value.get("kind")


def beside(doc: Document, written: str) -> str:
    """A file named in ``doc``, relative to ``doc``'s folder (standard input: here)."""
    folder = os.path.dirname(doc.file) if doc.file != STDIN else ""
    return os.path.normpath(os.path.join(folder, written))

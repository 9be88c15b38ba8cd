"""What every part of the builder shares: the document, what broke the schema, and one
way to file a diagnostic at the place a person wrote the key."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from ..diagnostics import Diagnostic, Path, did_you_mean, format_path
from ..formula import Formula, FormulaError, compile_formula
from ..i18n import _
from ..load import Document
from ..model import Calendar, Scale

if TYPE_CHECKING:
    from ..formula.conditions import Condition


class Context:
    """The scheme being built: its YAML, its diagnostics, and lookups by section.

    An entry that broke the schema is left out of the later checks, but its name stays
    known, so one typo does not cascade into a page of "unknown indicator" errors.
    """

    def __init__(self, doc: Document, broken: set[Path]) -> None:
        self.doc = doc
        self.data: dict[str, Any] = doc.data
        self.diagnostics: list[Diagnostic] = []
        self.broken_paths = broken
        self.broken_sections = {p[0] for p in broken if len(p) == 1}
        self.broken_entries = {p[:2] for p in broken if len(p) >= 2}
        self._lines: dict[str, list[str]] = {}
        self.calendar: Calendar | None = None
        self.scales: dict[str, Scale] = {}
        self._known: dict[str, set[str]] = {}

    def error(self, path: Path, message: str, hint: str = "", *, at_key: bool = False,
              warning: bool = False) -> None:
        self.diagnostics.append(self.doc.diagnostic(
            path, message, hint, at_key=at_key, severity="warning" if warning else "error"))

    def section(self, name: str) -> Any:
        """A top-level section as written, or None if it broke the schema."""
        return None if name in self.broken_sections else self.data.get(name)

    def known(self, section: str) -> set[str]:
        """The names of a section's entries, broken ones included."""
        if section not in self._known:  # asked for once per reference: made once
            raw = self.data.get(section)
            self._known[section] = set(raw) if isinstance(raw, dict) else set()
        return self._known[section]

    def entries(self, section: str) -> list[tuple[str, Any]]:
        """The entries of a section that passed the schema."""
        raw = self.data.get(section)
        if section in self.broken_sections or not isinstance(raw, dict):
            return []
        return [(k, v) for k, v in raw.items() if (section, k) not in self.broken_entries]

    def refer(self, path: Path, name: str, section: str, what: str) -> bool:
        """Check that ``name`` names an entry of ``section``; report it if not."""
        if name in self.known(section):
            return (section, name) not in self.broken_entries
        if section not in self.broken_sections:
            self.error(path, _("unknown {what} '{name}'").format(what=noun(what), name=name),
                       did_you_mean(name, self.known(section)))
        return False

    def scale_points(self, scale: str) -> dict[str, float] | None:
        """Each level's points on a built scale (a fresh table, for a rule to adjust)."""
        found = self.scales.get(scale)
        return {level: spec.points for level, spec in found.levels.items()} if found else None

    def formula(self, path: Path, text: str, names: Collection[str], what: str, *,
                team: bool = False, looks_back: bool = False) -> Formula | None:
        """``text`` compiled against ``names``; None, and the problem filed, if it cannot be.

        The problem is placed at its character in the file where the formula is written
        on the key's own line (plain or quoted), else at the key. ``looks_back``: the
        formula may read fields over earlier months (``previous(revenue)``)."""
        try:
            return compile_formula(text, names, team=team, looks_back=looks_back)
        except FormulaError as exc:
            self.formula_error(path, text, exc, _("formulas may use the scheme's {what} "
                                                  "names").format(what=noun(what)))
            return None

    def condition(self, path: Path, text: str, indicators: Collection[str]
                  ) -> Condition | None:
        """A condition on a person's results (a gate's, a team share's), compiled against
        the ``indicators`` it may read; None, and the problem filed, if it cannot be."""
        from ..formula.conditions import compile_condition  # a scheme with conditions

        try:
            return compile_condition(text, indicators)
        except FormulaError as exc:
            self.formula_error(path, text, exc, _("name an indicator of the scorecard"))
            return None

    def lines(self, file: str) -> list[str]:
        """The lines of the scheme's file, or of a file it draws on (a base, a library)."""
        if file not in self._lines:
            self._lines[file] = self.doc.text_of(file).decode("utf-8-sig").splitlines()
        return self._lines[file]

    def formula_error(self, path: Path, text: str, exc: FormulaError, hint: str) -> None:
        """``exc`` filed at its character (``exc.column``, 1-based; 0: the whole) where the
        text is written on the key's own line (plain or quoted), else at the key."""
        file, line, col = self.doc.place(path)
        lines = self.lines(file)
        source = lines[line - 1] if 0 < line <= len(lines) else ""
        rest = source[col - 1:]
        offset = 0
        if rest.startswith(text):
            offset = exc.column - 1 if exc.column else 0
        elif rest[:1] in "'\"" and rest[1:].startswith(text):
            offset = exc.column if exc.column else 0
        what = "condition" if type(exc).__name__ == "ConditionError" else "formula"
        message = exc.message
        if exc.column > 1:
            message = (_("{problem} (at character {column} of the condition)") if what ==
                       "condition" else _("{problem} (at character {column} of the formula)")
                       ).format(problem=message, column=exc.column)
        self.diagnostics.append(Diagnostic(
            file, line, col + max(offset, 0), "error",
            format_path(path) if what == "condition" else ".".join(str(p) for p in path),
            message, exc.hint or hint))


def noun(what: str) -> str:
    """What a scheme's entry is (``indicator``, ``parent unit``) as a message names it, in
    the run's language."""
    return {"scale": _("scale"), "field": _("field"), "indicator": _("indicator"),
            "scorecard": _("scorecard"), "unit": _("unit"), "post": _("post"),
            "person": _("person"), "parent unit": _("parent unit"),
            "subjects": _("subjects"),
            "record source": _("record source")}.get(what, what)

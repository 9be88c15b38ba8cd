"""What ``appraise test`` prints of a case: one line, and for a failure the table of what
was expected against what the output shows, then each such person's explain trace."""

from __future__ import annotations

from ..diagnostics import visible
from ..report.layout import render_table
from .run import Outcome

TRACE_INDENT = "    "


def outcome_text(file: str, outcome: Outcome) -> str:
    """The case's line (``FILE:LINE: pass: NAME``), and for a failure what it missed."""
    text = f"{file}:{outcome.line}: {outcome.status}: {visible(outcome.case.name)}\n"
    if outcome.status != "FAIL":
        return text
    rows = [(m.person, m.what, m.expected, m.actual) for m in outcome.misses]
    table = render_table(("person", "what", "expected", "actual"), rows,
                         (False, False, True, True))
    text += "".join(f"  {line}".rstrip() + "\n" for line in table.splitlines())
    for trace in outcome.traces.values():
        text += "\n" + "".join(f"{TRACE_INDENT}{line}".rstrip() + "\n"
                               for line in trace.splitlines()) + "\n"
    return text


def summary(passed: int, failed: int, errors: int, files: int) -> str:
    """'12 passed, 1 failed in 3 files' (with the errors, when any case or file had one)."""
    parts = [f"{passed} passed", f"{failed} failed"]
    if errors:
        parts.append(f"{errors} error{'s' if errors != 1 else ''}")
    return ", ".join(parts) + f" in {files} file{'s' if files != 1 else ''}"

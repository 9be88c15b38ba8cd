"""What ``appraise test`` prints of a case: one line, and for a failure the table of what
was expected against what the output shows, then each such person's explain trace."""

from __future__ import annotations

from ..diagnostics import visible
from ..i18n import _
from ..report.layout import render_table
from .run import Outcome

TRACE_INDENT = "    "


def outcome_text(file: str, outcome: Outcome) -> str:
    """The case's line (``FILE:LINE: pass: NAME``), and for a failure what it missed."""
    status = {"pass": _("pass"), "FAIL": _("FAIL"), "error": _("error")}.get(outcome.status,
                                                                             outcome.status)
    text = f"{file}:{outcome.line}: {status}: {visible(outcome.case.name)}\n"
    if outcome.status != "FAIL":
        return text
    rows = [(m.person, m.what, m.expected, m.actual) for m in outcome.misses]
    table = render_table((_("person"), _("what"), _("expected"), _("actual")), rows,
                         (False, False, True, True))
    text += "".join(f"  {line}".rstrip() + "\n" for line in table.splitlines())
    for trace in outcome.traces.values():
        text += "\n" + "".join(f"{TRACE_INDENT}{line}".rstrip() + "\n"
                               for line in trace.splitlines()) + "\n"
    return text


def summary(passed: int, failed: int, errors: int, files: int) -> str:
    """'12 passed, 1 failed in 3 files' (with the errors, when any case or file had one)."""
    parts = [_("{count} passed").format(count=passed), _("{count} failed").format(count=failed)]
    if errors:
        parts.append(_("1 error") if errors == 1 else _("{count} errors").format(count=errors))
    return (_("{outcomes} in 1 file") if files == 1 else _("{outcomes} in {count} files")).format(
        outcomes=_(", ").join(parts), count=files)

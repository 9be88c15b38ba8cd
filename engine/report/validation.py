"""``validate``: every problem, one line each (``file:line:col: error: path: message
(hint)``, the shape editors and CI read), or the same as JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..diagnostics import Diagnostic

FORMAT = 1  # of validate --format json


def diagnostics_text(diagnostics: Sequence[Diagnostic]) -> str:
    return "".join(f"{d}\n" for d in diagnostics)


def diagnostics_json(files: dict[str, list[Diagnostic]]) -> str:
    payload = {
        "format": FORMAT,
        "files": [
            {"file": name, "valid": not any(d.severity == "error" for d in found),
             "diagnostics": [d.as_dict() for d in found]}
            for name, found in files.items()
        ],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"

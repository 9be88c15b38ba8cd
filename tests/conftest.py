from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "schemes" / "examples"
SCHEME = EXAMPLES / "sales_company.yaml"
DATA = EXAMPLES / "2026-Q1.csv"


@pytest.fixture(autouse=True)
def _run_from_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Paths in messages are as a person types them: relative to the repository."""
    monkeypatch.chdir(ROOT)

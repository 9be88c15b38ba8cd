"""A company of a million people comes as a chain of scheme files that extend one another
(a scheme file holds at most 10 MiB): the people a layer adds are not compared name by name
with the base's (a misspelt change is looked for only when a message needs it)."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path
from typing import Any

import pytest

from appraise import load_scheme, validate_scheme


def _chain(tmp_path: Path, people: int) -> Path:
    shutil.copy("tests/records/company.yaml", tmp_path / "company.yaml")
    lines = ["appraise: 1", "extend: company.yaml", "people:"]
    lines += [f"  Q{i:05d}: {{name: Q{i}, post: rep}}" for i in range(people)]
    (tmp_path / "more.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    top = ["appraise: 1", "extend: more.yaml", "people:", "  Z1: {name: Z, post: rep}"]
    (tmp_path / "top.yaml").write_text("\n".join(top) + "\n", encoding="utf-8")
    return tmp_path / "top.yaml"


def test_named_people_added_by_layers_are_not_compared(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = difflib.get_close_matches

    def counted(*args: Any, **kwargs: Any) -> list[str]:
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(difflib, "get_close_matches", counted)
    scheme = load_scheme(_chain(tmp_path, 3000))
    assert (len(scheme.people), list(scheme.people)[:4], list(scheme.people)[-2:]) == (
        3004, ["P1", "P2", "P3", "Q00000"], ["Q02999", "Z1"])
    assert calls == []


def test_a_misspelt_change_in_a_long_chain_is_still_named(tmp_path: Path) -> None:
    """A person added without a name, close to one the base has: the warning names it."""
    top = _chain(tmp_path, 10)
    top.write_text(top.read_text(encoding="utf-8") + "  Q0001: {post: rep}\n",
                   encoding="utf-8")
    assert [str(d) for d in validate_scheme(top).diagnostics] == [
        f"{top}:5:3: warning: people.Q0001: 'Q0001' is a new person, not a change to the "
        "base's 'Q00001' (if a change to 'Q00001' was meant, correct the name)"]

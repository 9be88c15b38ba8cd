"""Record files loaded into a database as tables named as their sources (every column text,
a blank cell NULL), as a company's warehouse holds them: for the tests of ``--records URL``
and of ``appraise sql``."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from appraise.model import Scheme


def rows_of(folder: Path, file: str, columns: list[str]) -> list[list[str | None]]:
    with open(folder / file, encoding="utf-8", newline="") as handle:
        read = csv.DictReader(handle)
        return [[row.get(c) or None for c in columns] for row in read]


def load(con: Any, scheme: Scheme, folder: Path, placeholder: str = "?") -> None:
    """Each source's file into a table of the same name (``con`` a DB-API connection)."""
    for name, source in scheme.records.items():
        columns = list(source.columns)
        quoted = ", ".join(f'"{c}"' for c in columns)
        con.execute(f'DROP TABLE IF EXISTS "{name}"')
        con.execute(f'CREATE TABLE "{name}" ({", ".join(f"{q} TEXT" for q in quoted.split(", "))})')
        rows = rows_of(folder, source.file, columns)
        if rows:
            marks = ", ".join([placeholder] * len(columns))
            cursor = con.cursor()
            cursor.executemany(f'INSERT INTO "{name}" ({quoted}) VALUES ({marks})', rows)

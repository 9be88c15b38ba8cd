"""Time keeping a scored period in the history store (``score --store``): N synthetic sales
reps of the example scheme (``score_example.py``), scored once, then kept in a new SQLite file
and in a new PostgreSQL database, and kept again (the same scheme and data: nothing written).

    python bench/store.py [--sizes 10000,100000] [--postgresql URL]

Without ``--postgresql``, a throwaway server is started as the tests start theirs
(``tests/pg.py``: initdb into a temporary folder, a Unix socket, fsync off); with it, each
size gets a new database on that server (the URL's user must be allowed to create one).
Prints a Markdown table: seconds to keep the period, to find it unchanged, the rows written
and the store's size where it can be read.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from score_example import SCHEME, _without_people, synthetic_csv

from appraise import load_scheme, score_file
from appraise.store import keep

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--postgresql", metavar="URL")
    args = parser.parse_args()
    server = None
    if args.postgresql is None:
        sys.path.insert(0, str(ROOT / "tests"))
        from pg import start_server  # the tests' throwaway server

        server = start_server()
    scheme_text = _without_people(SCHEME.read_bytes())
    scheme = load_scheme(str(SCHEME), scheme_text)
    print("| people | store | keep: s | again (unchanged): s | rows | size MiB |")
    print("|---:|---|---:|---:|---:|---:|")
    try:
        with tempfile.TemporaryDirectory() as folder:
            for size in (int(s) for s in args.sizes.split(",")):
                print(f"scoring {size:,} people", file=sys.stderr)
                result = score_file(scheme, "reps.csv", "2026-Q1", synthetic_csv(size))
                stores = [("SQLite", str(Path(folder) / f"history-{size}.sqlite"))]
                stores.append(("PostgreSQL", server.new_database() if server is not None
                               else _new_database(args.postgresql, size)))
                for kind, url in stores:
                    first = time.perf_counter()
                    kept = keep(url, result, scheme_text.decode())
                    middle = time.perf_counter()
                    again = keep(url, result, scheme_text.decode())
                    end = time.perf_counter()
                    assert kept.new and not again.new
                    rows = _rows(url)
                    size_mib = f"{Path(url).stat().st_size / 2**20:.1f}" if kind == "SQLite" \
                        else "—"
                    print(f"| {size:,} | {kind} | {middle - first:.2f} | {end - middle:.3f} | "
                          f"{rows:,} | {size_mib} |", flush=True)
    finally:
        if server is not None:
            server.stop()


def _rows(url: str) -> int:
    from appraise.store import Database

    db = Database(url, writing=False)
    try:
        return sum(int(db.rows(f"SELECT count(*) FROM {table}")[0][0])
                   for table in ("runs", "results", "figures", "points"))
    finally:
        db.close()


def _new_database(url: str, size: int) -> str:
    import psycopg

    name = f"appraise_bench_{size}_{int(time.time())}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    base, _slash, rest = url.rpartition("/")
    query = rest.partition("?")[2]
    return f"{base}/{name}" + (f"?{query}" if query else "")


if __name__ == "__main__":
    main()

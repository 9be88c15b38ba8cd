"""bench/validate.py still runs against the library as it is (its timings are not tests)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"


def test_the_validate_benchmark_times_each_scheme_as_a_process() -> None:
    done = subprocess.run([sys.executable, str(BENCH / "validate.py"), "--people", "2100",
                           "--runs", "1", "--no-plain", "--extended"], capture_output=True,
                          text=True, check=True)
    lines = done.stdout.splitlines()
    assert lines[0] == ("| scheme | KiB | validate s (median, best) | peak MiB | load s | "
                        "schema s | build s |")
    assert lines[2].startswith("| by month, 211 posts, 2,111 people | ")
    assert lines[3].startswith("| by month, 211 posts, 2,111 people, extended by a client | ")
    assert len(lines) == 4 and len(lines[2].split("|")) == len(lines[3].split("|")) == 9

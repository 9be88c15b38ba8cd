"""Measuring: best-of timings, whole-process timings and peak memory of a child process."""

from __future__ import annotations

import gc
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def child_measure(script: str, python: str, *args: str) -> dict[str, Any]:
    """Run ``script --child ARGS`` (a benchmark's own measure, in a process of its own) and
    return what it printed last: a JSON object of seconds, peak memory and counts."""
    env = {**os.environ, "PYTHONPATH": str(HERE)}
    done = subprocess.run([python, str(Path(script).resolve()), "--child", *args],
                          capture_output=True, text=True, env=env, check=True)
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def median_cell(runs: Sequence[dict[str, Any]], every: bool = False) -> str:
    """The median seconds and (peak MiB) of ``runs`` as a table cell; each run's seconds
    in brackets too when ``every``."""
    seconds = statistics.median(float(r["seconds"]) for r in runs)
    peak = statistics.median(float(r["peak_mib"]) for r in runs)
    listed = " [" + ", ".join(f"{float(r['seconds']):.2f}" for r in runs) + "]" if every else ""
    return f"{seconds:.3f}{listed} ({peak:,.0f})"


def best_of(run: Callable[[], Any], repeat: int) -> float:
    """The fastest of ``repeat`` runs, in seconds, each after a full garbage collection
    (so no run pays for the garbage of the one before)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def process_seconds(command: Sequence[str], runs: int, cwd: Path | None = None
                    ) -> tuple[float, int]:
    """Median wall time of ``command`` as a whole process (after one warm-up run), and
    its exit code."""
    times = []
    for i in range(runs + 1):
        elapsed, _, code = process_peak(command, cwd)
        if code != 0:
            return elapsed, code
        if i:
            times.append(elapsed)
    return statistics.median(times), 0


# A small process that runs the command and reports its peak memory: started from this
# (large) benchmark process, the command itself would inherit our resident size.
_PEAK_WRAPPER = """
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    fd = os.open(os.devnull, os.O_WRONLY)
    os.dup2(fd, 1)
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def process_peak(command: Sequence[str], cwd: Path | None = None) -> tuple[float, float, int]:
    """Wall seconds, peak resident memory (MiB, from wait4's rusage) and exit code of
    ``command`` as a whole process."""
    done = subprocess.run([sys.executable, "-c", _PEAK_WRAPPER, *command], cwd=cwd,
                          capture_output=True, check=False)
    try:
        seconds, peak, status = done.stdout.decode().split()
        elapsed, peak_kib, code = float(seconds), int(peak), int(status)
    except ValueError:
        sys.stderr.write(done.stderr.decode(errors="replace")[-2000:])
        return 0.0, 0.0, done.returncode or 1
    if code:
        sys.stderr.write(done.stderr.decode(errors="replace")[-2000:])
    return elapsed, peak_kib / 1024, code


# -- peak memory of one method, in a child process -----------------------------------------


def status_kib(key: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)


def reset_peak() -> bool:
    """Reset the process's resident high-water mark (Linux: clear_refs 5)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


def memory_child(method: str, scheme_file: str, data_file: str, limit: int | None) -> None:
    """Run one method once after loading, then print its peak memory as JSON.

    ``whole``: the peak resident size of the process while the method ran (VmHWM,
    reset once the scheme and the data are loaded); ``added``: that peak minus the
    resident size just before the method started.
    """
    from methods import inputs, run_method

    loaded = inputs(scheme_file, data_file, limit)
    gc.collect()
    exact = reset_peak()
    before = status_kib("VmRSS")
    result = run_method(method, loaded)
    peak = status_kib("VmHWM")
    del result
    print(json.dumps({"whole": peak / 1024, "added": (peak - before) / 1024, "exact": exact}))


def method_memory(method: str, scheme_file: Path, data_file: Path,
                  limit: int | None) -> dict[str, Any]:
    command = [sys.executable, str(HERE / "run.py"), "--child-memory", method,
               "--scheme", str(scheme_file), "--data", str(data_file)]
    if limit is not None:
        command += ["--limit", str(limit)]
    done = subprocess.run(command, capture_output=True, check=False)
    if done.returncode:
        sys.stderr.write(done.stderr.decode(errors="replace")[-3000:])
        raise RuntimeError(f"memory measurement of method {method} failed")
    result: dict[str, Any] = json.loads(done.stdout.decode().strip().splitlines()[-1])
    return result


# -- the machine ----------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = "unknown"
    info = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    for line in info.splitlines():
        if line.lower().startswith(("model name", "hardware", "cpu model")):
            cpu = line.split(":", 1)[1].strip()
            break
    else:
        parts = [line.split(":", 1)[1].strip() for line in info.splitlines()
                 if line.startswith(("CPU implementer", "CPU part"))][:2]
        if parts:
            cpu = f"{platform.machine()} (implementer {parts[0]}, part {parts[1]})"
    details = {k.strip(): v.strip() for k, _, v in
               (line.partition(":") for line in info.split("\n\n")[0].splitlines())}
    if "cpu family" in details:
        cpu += f" (family {details['cpu family']}, model {details.get('model', '?')})"
    memory = "unknown"
    if Path("/proc/meminfo").exists():
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"

    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "not installed"

    return {
        "appraise commit": _commit(),
        "nproc": str(len(os.sched_getaffinity(0))),
        "cpu": cpu,
        "memory": memory,
        "os": f"{platform.system()} {platform.release()} ({platform.machine()})",
        "python": platform.python_version(),
        "numpy": version("numpy"),
        "zen-engine": version("zen-engine"),
        "simpleeval": version("simpleeval"),
        "pyyaml": version("pyyaml"),
        "appraise": version("appraise"),
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE", "(not set)"),
    }


def checkout_of(python: Path) -> str:
    """What the appraise next to ``python`` is, without naming the machine's folders: the
    commit of the checkout that holds its virtual environment (``.venv/bin/python``)."""
    root = Path(python).absolute().parent.parent.parent
    done = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True, check=False)
    if done.returncode:
        return "not a checkout's .venv"
    dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--", "engine",
                            "schemas"], capture_output=True, text=True, check=False).stdout
    return f"commit {done.stdout.strip()}" + (" plus uncommitted changes" if dirty.strip()
                                               else "")


def _commit() -> str:
    """The commit measured, and whether the library had uncommitted changes (read-only)."""
    root = HERE.parent
    try:
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--",
                                "engine", "cli.py", "schemas"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return head + (" plus uncommitted changes to the library" if dirty else "")

"""A private, throwaway PostgreSQL server for the test run: one server per run (initdb into a
temporary folder, started on a Unix socket in that folder, no TCP port), a fresh database for
each test that asks, stopped and removed at the end. PostgreSQL refuses to run as root: when the
tests run as root, the server's commands run as the ``postgres`` system user (runuser), in a
folder that user owns. A test that needs PostgreSQL fails (never skips) when no server can be
started, saying why; ``sh tests/setup.sh`` installs what it needs."""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

SUPERUSER = "appraise"


class NoServer(Exception):
    """Why a server could not be started: a sentence for the person running the tests."""


def server_binaries() -> Path:
    """The folder of the newest PostgreSQL's initdb and pg_ctl: Debian keeps them out of PATH,
    in /usr/lib/postgresql/VERSION/bin (APPRAISE_POSTGRESQL_VERSIONS names another folder of
    versions, as for tests/setup.sh); else the ones on PATH."""
    versions = os.environ.get("APPRAISE_POSTGRESQL_VERSIONS", "/usr/lib/postgresql")
    found = sorted(glob.glob(f"{glob.escape(versions)}/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name)
                   if Path(p).parent.parent.name.isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    raise NoServer("PostgreSQL's server programs (initdb, pg_ctl) are not installed: run "
                   "'sh tests/setup.sh' (it installs Debian's postgresql package), or install "
                   "PostgreSQL's server with this machine's package manager")


@dataclass
class Server:
    """A running server: connect by ``url(database)``."""

    folder: Path
    bin: Path
    run_as: Sequence[str]
    numbers: Iterator[int] = field(default_factory=itertools.count)

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@/{database}?host={self.folder}"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self.run_as, *args], capture_output=True, text=True,
                              check=False, cwd=self.folder, timeout=120)

    def start(self) -> None:
        made = self._run(str(self.bin / "initdb"), "-D", str(self.data), "-U", SUPERUSER,
                         "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync")
        if made.returncode != 0:
            raise NoServer(f"initdb failed: {made.stderr.strip() or made.stdout.strip()}")
        options = (f"-k {self.folder} -c listen_addresses='' -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off")
        started = self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l",
                            str(self.folder / "server.log"), "-o", options, "-w", "start")
        if started.returncode != 0:
            log = self.folder / "server.log"
            said = log.read_text(errors="replace").strip() if log.exists() else ""
            raise NoServer(f"pg_ctl start failed: {started.stderr.strip()} {said}".strip())

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                      "-w", "stop")
        shutil.rmtree(self.folder, ignore_errors=True)

    def new_database(self) -> str:
        """A fresh, empty database's URL."""
        import psycopg

        name = f"test_{next(self.numbers)}"
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def start_server() -> Server:
    """A started server, or :class:`NoServer` saying why not."""
    binaries = server_binaries()
    run_as: list[str] = []
    folder = Path(tempfile.mkdtemp(prefix="appraise-pg-"))
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(folder, ignore_errors=True)
            raise NoServer("the tests run as root, which PostgreSQL refuses, and there is no "
                           "'postgres' user to run it as: run 'sh tests/setup.sh' (Debian's "
                           "postgresql package makes that user), or run the tests as another "
                           "user") from None
        runuser = shutil.which("runuser") or shutil.which("su")
        if runuser is None:
            raise NoServer("the tests run as root, and neither runuser nor su is there to "
                           "run PostgreSQL as the 'postgres' user")
        os.chown(folder, user.pw_uid, user.pw_gid)
        run_as = [runuser, "-u", "postgres", "--"] if runuser.endswith("runuser") else \
            [runuser, "postgres", "-s", "/bin/sh", "-c", '"$0" "$@"']
    server = Server(folder, binaries, run_as)
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    return server

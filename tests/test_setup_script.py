"""tests/setup.sh, which the README's test command runs: quiet when the browser, the
Chinese fonts and PostgreSQL's server are there, installs what is missing with apt-get when
not, and says what to install on a machine without apt-get. Each run here on a PATH of
stand-ins, so nothing is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from conftest import ROOT

SCRIPT = ROOT / "tests" / "setup.sh"


def stand_in(folder: Path, name: str, body: str) -> None:
    tool = folder / name
    tool.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
    tool.chmod(0o755)


def run(folder: Path, postgresql: bool = False) -> subprocess.CompletedProcess[str]:
    """The script on a PATH of ``folder``'s stand-ins; PostgreSQL's server programs where
    Debian keeps them when ``postgresql``."""
    versions = folder / "postgresql"
    if postgresql:
        (versions / "15" / "bin").mkdir(parents=True)
        stand_in(versions / "15" / "bin", "initdb", "exit 0")
    for tool in ("grep", "env"):  # what the script uses from the system
        found = shutil.which(tool)
        assert found is not None
        (folder / tool).symlink_to(found)
    sh = shutil.which("sh")
    assert sh is not None
    return subprocess.run([sh, str(SCRIPT)], capture_output=True, text=True, timeout=60,
                          env={"PATH": str(folder),
                               "APPRAISE_POSTGRESQL_VERSIONS": str(versions)}, check=False)


AS_ROOT = 'if [ "$1" = -u ]; then echo 0; fi'  # id: root, and there is a postgres user


def test_with_everything_there_it_does_nothing(tmp_path: Path) -> None:
    stand_in(tmp_path, "chromium", "exit 0")
    stand_in(tmp_path, "fc-list", 'echo "Noto Sans CJK SC"')
    stand_in(tmp_path, "id", AS_ROOT)
    stand_in(tmp_path, "apt-get", f"echo \"$@\" >> {tmp_path / 'log'}")
    done = run(tmp_path, postgresql=True)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert not (tmp_path / "log").exists()


def test_without_postgresql_it_installs_it_with_apt_get(tmp_path: Path) -> None:
    stand_in(tmp_path, "chromium", "exit 0")
    stand_in(tmp_path, "fc-list", 'echo "Noto Sans CJK SC"')
    stand_in(tmp_path, "id", AS_ROOT)
    stand_in(tmp_path, "apt-get", f"echo \"$@\" >> {tmp_path / 'log'}")
    done = run(tmp_path)
    assert (tmp_path / "log").read_text(encoding="utf-8").splitlines() == [
        "update -q", "install -y -q --no-install-recommends postgresql"]
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "tests/setup.sh: installing postgresql with apt-get",
        f"tests/setup.sh: apt-get installed postgresql, but its initdb and pg_ctl are neither "
        f"in {tmp_path / 'postgresql'}/VERSION/bin nor on PATH, or there is no postgres user"]


def test_as_root_without_a_postgres_user_it_installs_postgresql(tmp_path: Path) -> None:
    stand_in(tmp_path, "chromium", "exit 0")
    stand_in(tmp_path, "fc-list", 'echo "Noto Sans CJK SC"')
    stand_in(tmp_path, "id", 'if [ "$1" = -u ]; then echo 0; else exit 1; fi')
    stand_in(tmp_path, "apt-get", f"echo \"$@\" >> {tmp_path / 'log'}")
    done = run(tmp_path, postgresql=True)
    assert (tmp_path / "log").read_text(encoding="utf-8").splitlines() == [
        "update -q", "install -y -q --no-install-recommends postgresql"]
    assert done.returncode == 1


def test_without_the_browser_it_installs_chromium_and_the_fonts_with_apt_get(
        tmp_path: Path) -> None:
    stand_in(tmp_path, "id", AS_ROOT)  # as root, as CI runs it
    stand_in(tmp_path, "apt-get", f"echo \"$@\" >> {tmp_path / 'log'}")
    done = run(tmp_path, postgresql=True)
    assert (tmp_path / "log").read_text(encoding="utf-8").splitlines() == [
        "update -q", "install -y -q --no-install-recommends chromium fonts-noto-cjk"]
    # the stand-in installed nothing, and the script says so
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "tests/setup.sh: installing chromium fonts-noto-cjk with apt-get",
        "tests/setup.sh: apt-get installed chromium, but neither chromium nor "
        "chromium-browser is on PATH"]


def test_without_apt_get_it_says_what_to_install_and_fails(tmp_path: Path) -> None:
    stand_in(tmp_path, "id", "echo 1000")
    done = run(tmp_path)
    assert done.returncode == 1
    assert done.stderr == (
        "tests/setup.sh: the tests need the Chromium browser (chromium or chromium-browser on "
        "PATH), a Chinese font (Noto Sans CJK SC, Debian's fonts-noto-cjk) and PostgreSQL's "
        "server (initdb and pg_ctl, Debian's postgresql); missing: chromium fonts-noto-cjk "
        "postgresql; this machine has no apt-get to install them: install them with its "
        "package manager and run the tests again\n")

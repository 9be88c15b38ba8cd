"""tests/setup.sh, which the README's test command runs: quiet when the browser and the
Chinese fonts are there, installs them with apt-get when not, and says what to install on a
machine without apt-get. Each run here on a PATH of stand-ins, so nothing is installed."""

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


def run(folder: Path) -> subprocess.CompletedProcess[str]:
    for tool in ("grep", "env"):  # what the script uses from the system
        found = shutil.which(tool)
        assert found is not None
        (folder / tool).symlink_to(found)
    sh = shutil.which("sh")
    assert sh is not None
    return subprocess.run([sh, str(SCRIPT)], capture_output=True, text=True, timeout=60,
                          env={"PATH": str(folder)}, check=False)


def test_with_the_browser_and_the_fonts_there_it_does_nothing(tmp_path: Path) -> None:
    stand_in(tmp_path, "chromium", "exit 0")
    stand_in(tmp_path, "fc-list", 'echo "Noto Sans CJK SC"')
    stand_in(tmp_path, "apt-get", f"echo \"$@\" >> {tmp_path / 'log'}")
    done = run(tmp_path)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert not (tmp_path / "log").exists()


def test_without_the_browser_it_installs_chromium_and_the_fonts_with_apt_get(
        tmp_path: Path) -> None:
    stand_in(tmp_path, "id", "echo 0")  # as root, as CI runs it
    stand_in(tmp_path, "apt-get", f"echo \"$@\" >> {tmp_path / 'log'}")
    done = run(tmp_path)
    assert (tmp_path / "log").read_text(encoding="utf-8").splitlines() == [
        "update -q", "install -y -q --no-install-recommends chromium fonts-noto-cjk"]
    # the stand-in installed nothing, and the script says so
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "tests/setup.sh: installing chromium and fonts-noto-cjk with apt-get",
        "tests/setup.sh: apt-get installed chromium, but neither chromium nor "
        "chromium-browser is on PATH"]


def test_without_apt_get_it_says_what_to_install_and_fails(tmp_path: Path) -> None:
    done = run(tmp_path)
    assert done.returncode == 1
    assert done.stderr == (
        "tests/setup.sh: the report's tests need the Chromium browser (chromium or "
        "chromium-browser on PATH) and a Chinese font (Noto Sans CJK SC, Debian's "
        "fonts-noto-cjk); this machine has no apt-get to install them: install both with its "
        "package manager and run the tests again\n")

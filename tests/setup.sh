#!/bin/sh
# What the tests need beyond Python's packages: a browser to open the HTML report in
# (tests/test_report_browser.py) and the fonts that show its Chinese. Quick when both are
# there; on a Debian or Ubuntu machine without them, installs Debian's chromium and
# fonts-noto-cjk with apt-get (as root, or with sudo); elsewhere says what to install and
# fails. Safe to run again.
set -eu

browser() {
    command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1
}

cjk_fonts() {
    # the report's first Chinese font; fc-list comes with fontconfig, which chromium needs
    command -v fc-list >/dev/null 2>&1 && fc-list "Noto Sans CJK SC" family | grep -q .
}

if browser && cjk_fonts; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "tests/setup.sh: the report's tests need the Chromium browser (chromium or" \
        "chromium-browser on PATH) and a Chinese font (Noto Sans CJK SC, Debian's" \
        "fonts-noto-cjk); this machine has no apt-get to install them: install both with" \
        "its package manager and run the tests again" >&2
    exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1; then
    as_root="sudo"
else
    echo "tests/setup.sh: installing chromium and fonts-noto-cjk needs root: run" \
        "'apt-get install chromium fonts-noto-cjk' as root, or install sudo" >&2
    exit 1
fi

echo "tests/setup.sh: installing chromium and fonts-noto-cjk with apt-get" >&2
$as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    chromium fonts-noto-cjk

if ! browser; then
    echo "tests/setup.sh: apt-get installed chromium, but neither chromium nor" \
        "chromium-browser is on PATH" >&2
    exit 1
fi

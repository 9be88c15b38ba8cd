#!/bin/sh
# What the tests need beyond Python's packages: a browser to open the HTML report in
# (tests/test_report_browser.py), the fonts that show its Chinese, and PostgreSQL's server
# programs, which tests/pg.py starts a throwaway server with (the history store's tests).
# Quick when all are there; on a Debian or Ubuntu machine without them, installs Debian's
# chromium, fonts-noto-cjk and postgresql with apt-get (as root, or with sudo); elsewhere
# says what to install and fails. Safe to run again.
set -eu

browser() {
    command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1
}

cjk_fonts() {
    # the report's first Chinese font; fc-list comes with fontconfig, which chromium needs
    command -v fc-list >/dev/null 2>&1 && fc-list "Noto Sans CJK SC" family | grep -q .
}

# Debian keeps initdb and pg_ctl out of PATH, in /usr/lib/postgresql/VERSION/bin
versions="${APPRAISE_POSTGRESQL_VERSIONS:-/usr/lib/postgresql}"

postgresql() {
    found=""
    for initdb in "$versions"/*/bin/initdb; do
        [ -x "$initdb" ] && found=yes
    done
    if [ -z "$found" ]; then
        command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 || return 1
    fi
    # as root, the server runs as the postgres user that Debian's package makes
    [ "$(id -u)" -ne 0 ] || id postgres >/dev/null 2>&1
}

missing=""
browser || missing="$missing chromium"
cjk_fonts || missing="$missing fonts-noto-cjk"
postgresql || missing="$missing postgresql"
if [ -z "$missing" ]; then
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "tests/setup.sh: the tests need the Chromium browser (chromium or chromium-browser" \
        "on PATH), a Chinese font (Noto Sans CJK SC, Debian's fonts-noto-cjk) and" \
        "PostgreSQL's server (initdb and pg_ctl, Debian's postgresql); missing:$missing;" \
        "this machine has no apt-get to install them: install them with its package" \
        "manager and run the tests again" >&2
    exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
    as_root=""
elif command -v sudo >/dev/null 2>&1; then
    as_root="sudo"
else
    echo "tests/setup.sh: installing$missing needs root: run" \
        "'apt-get install$missing' as root, or install sudo" >&2
    exit 1
fi

echo "tests/setup.sh: installing$missing with apt-get" >&2
$as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
# shellcheck disable=SC2086 # one word per package
$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    $missing

if ! browser; then
    echo "tests/setup.sh: apt-get installed chromium, but neither chromium nor" \
        "chromium-browser is on PATH" >&2
    exit 1
fi
if ! postgresql; then
    echo "tests/setup.sh: apt-get installed postgresql, but its initdb and pg_ctl are" \
        "neither in $versions/VERSION/bin nor on PATH, or there is no postgres user" >&2
    exit 1
fi

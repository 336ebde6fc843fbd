#!/usr/bin/env bash
# The test command (the README's second command): installs what the browser tests need when it is
# missing — Debian's chromium and chromium-driver, and playwright-core + axe-core from e2e/'s
# lockfile (no browser download) — then runs every test of the workspace.
#
# On SQLite by default; set AFTERCARE_TEST_DATABASE_URL=postgres://… to run the same suite on
# PostgreSQL (each test in its own schema). Extra arguments go to `cargo test`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

browser_ready=1
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
    sudo=""
    [[ $(id -u) -ne 0 ]] && command -v sudo >/dev/null 2>&1 && sudo="sudo -n"
    if command -v apt-get >/dev/null 2>&1 && { [[ $(id -u) -eq 0 ]] || [[ -n "$sudo" ]]; }; then
        echo "==> installing chromium and chromium-driver (for the browser tests)"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver >/dev/null
    else
        echo "!! chromium is not installed and cannot be installed here (needs apt-get as root)" >&2
        browser_ready=0
    fi
fi
if ! command -v node >/dev/null 2>&1; then
    echo "!! node is not installed: the browser tests need Node.js 18 or newer" >&2
    browser_ready=0
elif [[ ! -d e2e/node_modules/playwright-core || e2e/package-lock.json -nt e2e/node_modules ]]; then
    echo "==> npm ci in e2e/ (playwright-core, axe-core)"
    (cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

if [[ $browser_ready -eq 1 ]]; then
    export AFTERCARE_BROWSER_TESTS=1
fi
exec cargo test --workspace "$@"

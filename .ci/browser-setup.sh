#!/usr/bin/env bash
# Install what the browser tests (pytest -m browser) need from outside Python: Debian's
# Chromium at /usr/bin/chromium. Playwright (a test dependency) drives it; its own browser
# download is never used. Idempotent: does nothing when Chromium is already there.
set -euo pipefail

if [ ! -x /usr/bin/chromium ]; then
  SUDO=""
  if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update
  $SUDO apt-get install -y --no-install-recommends chromium
fi

/usr/bin/chromium --version 2>/dev/null || true

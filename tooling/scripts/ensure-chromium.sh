#!/usr/bin/env bash
# Makes sure the Chromium that the console's end-to-end tests drive (through playwright-core)
# is installed, and prints its version.
#
#   bash tooling/scripts/ensure-chromium.sh
#
# Looks for CHROMIUM_PATH, or Debian's /usr/bin/chromium when CHROMIUM_PATH is not set. When
# /usr/bin/chromium is missing and we run as root on a machine with apt-get, installs Debian's
# chromium (and a font, so pages render text in screenshots). Playwright's own browser
# download (`npx playwright install`) is not used: it cannot reach its servers here.
set -euo pipefail

log() { printf 'ensure-chromium: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

DEFAULT_PATH=/usr/bin/chromium
chromium=${CHROMIUM_PATH:-$DEFAULT_PATH}

if [ ! -x "$chromium" ]; then
  if [ -n "${CHROMIUM_PATH:-}" ] && [ "$CHROMIUM_PATH" != "$DEFAULT_PATH" ]; then
    die "CHROMIUM_PATH=$CHROMIUM_PATH is not an executable file; point it at a Chromium or Chrome binary, or unset it to use $DEFAULT_PATH"
  fi
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    log "$chromium not found: installing Debian's chromium with apt-get"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
    [ -x "$chromium" ] || die "apt-get installed chromium, but $chromium still does not exist"
  else
    why="not running as root"
    [ "$(id -u)" -eq 0 ] && why="apt-get is not available"
    die "$chromium not found and it cannot be installed here ($why). Install Chromium (Debian/Ubuntu: sudo apt-get install chromium fonts-dejavu-core), or set CHROMIUM_PATH to a Chromium or Chrome binary."
  fi
fi

# Debian's launcher script prints notes about /dev/shm on stderr; only the version matters.
if ! version=$("$chromium" --version 2>/dev/null) || [ -z "$version" ]; then
  die "$chromium --version failed; the installation looks broken (try: apt-get install --reinstall chromium)"
fi
printf 'ensure-chromium: %s (%s)\n' "$version" "$chromium"

# Shared by scripts/run and scripts/test: logging and installing what a fresh machine lacks.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# CI tests a clean clone every time. Cargo's fingerprints (sources, flags, toolchain) decide what
# is rebuilt, so a target directory kept outside the clone is safe to share between runs: CI keeps
# one under the user's cache and no longer compiles every dependency from scratch.
if [ "${CI:-}" = "true" ] && [ -z "${CARGO_TARGET_DIR:-}" ]; then
  export CARGO_TARGET_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/annex/target"
fi
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"

# Seconds are counted from the start of the outermost script, so the scripts it runs (the contract
# tests from scripts/test) go on with its clock.
export ANNEX_STARTED="${ANNEX_STARTED:-$(date +%s)}"
log() { printf '\n\033[1m==> %s\033[0m  (at %d s)\n' "$*" "$(($(date +%s) - ANNEX_STARTED))"; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# cargo and rustup are the one thing we cannot install for you.
require_rust() {
  command -v cargo >/dev/null || die "cargo is not installed: install Rust with rustup (https://rustup.rs), then run this again."
  command -v rustup >/dev/null || die "rustup is not installed: the wasm32 target is added with it (https://rustup.rs)."
}

# Node.js and npm fetch wasm-opt (binaryen) and the browser-test driver.
require_node() {
  command -v npm >/dev/null && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "Installing Node.js and npm (apt-get)"
    apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null
  else
    die "npm is not installed: install Node.js 18+ and npm (e.g. sudo apt-get install nodejs npm), then run this again."
  fi
}

# Debian's Chromium for the browser tests (Playwright must not download its own browser).
require_chromium() {
  [ -x "${CHROMIUM:-/usr/bin/chromium}" ] && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "Installing Chromium (apt-get)"
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
  else
    die "Chromium is not installed at /usr/bin/chromium: sudo apt-get install chromium (or set CHROMIUM to its path)."
  fi
}

# A free TCP port on the loopback interface.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Waits until the server at $1 answers /api/ready, for up to 60 s.
wait_ready() {
  for _ in $(seq 1 120); do
    if curl -fsS "$1/api/ready" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  return 1
}

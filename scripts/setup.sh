#!/usr/bin/env bash
# Installs what is missing, and only that: the wasm target, the wasm-bindgen
# CLI matching Cargo.lock, the npm packages, with --browser Debian's Chromium
# and its driver, and with --engines what the SQL tests run on (Java 17 from
# Debian, and DuckDB, PySpark and sqlglot in the venv target/sql-venv, for
# the tests only). Safe to run again: a second run is a few seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
BROWSER=""; ENGINES=""
for arg in "$@"; do
  case "$arg" in
    --browser) BROWSER=1 ;;
    --engines) ENGINES=1 ;;
    *) echo "setup.sh: unknown option $arg (--browser, --engines)" >&2; exit 2 ;;
  esac
done
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

want=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock 2>/dev/null || true)
want=${want:-0.2.130}
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (once, about 2.5 minutes)"
  # Not --locked: one of its locked dependencies is not on the registry.
  cargo install wasm-bindgen-cli --version "$want"
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund
fi

if [ -n "$BROWSER" ] && { [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; }; then
  say "installing Debian's chromium and chromium-driver"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver
fi

if [ -n "$ENGINES" ]; then
  if ! command -v java >/dev/null 2>&1; then
    say "installing Debian's openjdk-17-jre-headless (for Spark in the SQL tests)"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq openjdk-17-jre-headless
  fi
  VENV=target/sql-venv
  if ! "$VENV/bin/python" -c 'import duckdb, pyspark, sqlglot' 2>/dev/null; then
    say "installing duckdb, pyspark and sqlglot in $VENV (once, about a minute)"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check duckdb pyspark sqlglot
  fi
fi

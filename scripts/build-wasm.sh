#!/usr/bin/env bash
# Builds the release wasm into www/pkg/: cargo (profile `wasm`: the release
# profile optimised for size) → wasm-bindgen (--target web) → wasm-opt -Oz,
# twice: plain, and with wasm SIMD.
# --merge-similar-functions first: monomorphised copies that differ only in
# constants become one function (benches/README.md, "Wasm size");
# --low-memory-unused: Rust never uses the first KiB of memory (its data
# starts at 1 MiB), which lets wasm-opt fold more address offsets;
# --converge repeats the passes while they still shrink the module; the
# producers and target-features sections are not needed to run it.
# wasm-bindgen also writes www/pkg/cxmetrics.d.ts, the TypeScript
# declarations (types from src/wasm/page.rs).
#
# Then the warehouse module (the workspace crate cxmetrics-warehouse: the
# SQL generator and the result-table reader), plain only, into
# www/pkg/cxmetrics_warehouse*: the worker loads it only when the warehouse
# panel asks for a query or a dropped file is a result table, so it is not
# part of what the page loads before the first result (README "Size").
#
# scripts/build-wasm.sh --test builds instead the tests' module into
# target/pkg-test/: the cargo feature test-exports adds debug_panic and
# nps_from_counts, which the page's www/pkg/ never exports; the warehouse
# module beside it, and a copy of the release parts module.
set -euo pipefail
cd "$(dirname "$0")/.."
WASM_OPT=(node_modules/.bin/wasm-opt --merge-similar-functions -Oz --converge --low-memory-unused --enable-bulk-memory
  --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals
  --strip-producers --strip-target-features)

size() {
  local raw gz
  raw=$(stat -c %s "$1")
  gz=$(gzip -9 -c "$1" | wc -c)
  echo "wasm: $raw bytes, $gz bytes gzipped ($1)"
}

if [ "${1:-}" = "--test" ]; then
  # Its own target dir keeps the page build's cache; no wasm-opt (the tests
  # need the exports, not the size); the same wasm under both names the
  # worker may fetch.
  CARGO_TARGET_DIR=target/wasm-test \
    cargo build --quiet --profile wasm --target wasm32-unknown-unknown --lib --features test-exports
  rm -rf target/pkg-test
  wasm-bindgen --target web --out-dir target/pkg-test \
    target/wasm-test/wasm32-unknown-unknown/wasm/cxmetrics.wasm
  cp target/pkg-test/cxmetrics_bg.wasm target/pkg-test/cxmetrics_simd_bg.wasm
  CARGO_TARGET_DIR=target/wasm-test \
    cargo build --quiet --profile wasm --target wasm32-unknown-unknown -p cxmetrics-warehouse
  wasm-bindgen --target web --out-dir target/pkg-test \
    target/wasm-test/wasm32-unknown-unknown/wasm/cxmetrics_warehouse.wasm
  # The parts module as the release build made it (it has no test-only
  # exports): run scripts/build-wasm.sh first, as make test does.
  cp www/pkg/cxmetrics_parts.js www/pkg/cxmetrics_parts_bg.wasm www/pkg/cxmetrics_parts_simd_bg.wasm \
    www/pkg/cxmetrics_parts.d.ts target/pkg-test/
  echo "test wasm: target/pkg-test/"
  exit 0
fi

cargo build --quiet --profile wasm --target wasm32-unknown-unknown --lib
rm -f www/pkg/cxmetrics_warehouse*
wasm-bindgen --target web --out-dir www/pkg \
  target/wasm32-unknown-unknown/wasm/cxmetrics.wasm
"${WASM_OPT[@]}" www/pkg/cxmetrics_bg.wasm -o www/pkg/cxmetrics_bg.wasm
size www/pkg/cxmetrics_bg.wasm

# The simd128 build, next to the plain one: www/worker.js loads it where the
# browser validates a wasm SIMD probe (the record splitter scans 16 bytes at
# once). Its own target dir keeps the plain build's cache. wasm-bindgen must
# give it the plain build's glue, byte for byte, so one cxmetrics.js serves
# both; only its wasm is kept.
RUSTFLAGS="-C target-feature=+simd128" CARGO_TARGET_DIR=target/wasm-simd \
  cargo build --quiet --profile wasm --target wasm32-unknown-unknown --lib
simd_pkg=$(mktemp -d)
trap 'rm -rf "$simd_pkg"' EXIT
wasm-bindgen --target web --out-dir "$simd_pkg" \
  target/wasm-simd/wasm32-unknown-unknown/wasm/cxmetrics.wasm
if ! cmp -s "$simd_pkg/cxmetrics.js" www/pkg/cxmetrics.js; then
  echo "the simd128 build's glue differs from the plain build's" >&2
  exit 1
fi
"${WASM_OPT[@]}" --enable-simd "$simd_pkg/cxmetrics_bg.wasm" -o www/pkg/cxmetrics_simd_bg.wasm
size www/pkg/cxmetrics_simd_bg.wasm

# The parts module (feature parts, src/wasm/parts.rs): a large file read in
# ranges by several workers at once and merged (www/parallel.js); fetched
# only for such a file. Plain and simd128, one glue, like the page's.
parts_module() { # TARGET_DIR RUSTFLAGS OUT_WASM
  RUSTFLAGS="$2" CARGO_TARGET_DIR="$1" \
    cargo build --quiet --profile wasm --target wasm32-unknown-unknown --lib --no-default-features --features parts
}
parts_module target/wasm-parts ""
wasm-bindgen --target web --out-dir www/pkg --out-name cxmetrics_parts \
  target/wasm-parts/wasm32-unknown-unknown/wasm/cxmetrics.wasm
"${WASM_OPT[@]}" www/pkg/cxmetrics_parts_bg.wasm -o www/pkg/cxmetrics_parts_bg.wasm
size www/pkg/cxmetrics_parts_bg.wasm
parts_module target/wasm-parts-simd "-C target-feature=+simd128"
wasm-bindgen --target web --out-dir "$simd_pkg" --out-name cxmetrics_parts \
  target/wasm-parts-simd/wasm32-unknown-unknown/wasm/cxmetrics.wasm
if ! cmp -s "$simd_pkg/cxmetrics_parts.js" www/pkg/cxmetrics_parts.js; then
  echo "the parts module's simd128 glue differs from its plain glue" >&2
  exit 1
fi
"${WASM_OPT[@]}" --enable-simd "$simd_pkg/cxmetrics_parts_bg.wasm" -o www/pkg/cxmetrics_parts_simd_bg.wasm
size www/pkg/cxmetrics_parts_simd_bg.wasm

# The warehouse module: the core without the page's exports, plus the SQL
# generator and the result-table reader. Its own target dir: the core is
# built there without the feature page.
CARGO_TARGET_DIR=target/wasm-warehouse \
  cargo build --quiet --profile wasm --target wasm32-unknown-unknown -p cxmetrics-warehouse
wasm-bindgen --target web --out-dir www/pkg \
  target/wasm-warehouse/wasm32-unknown-unknown/wasm/cxmetrics_warehouse.wasm
"${WASM_OPT[@]}" www/pkg/cxmetrics_warehouse_bg.wasm -o www/pkg/cxmetrics_warehouse_bg.wasm
size www/pkg/cxmetrics_warehouse_bg.wasm

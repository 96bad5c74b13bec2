#!/usr/bin/env bash
# Builds the release wasm into www/pkg/: cargo → wasm-bindgen (--target web) → wasm-opt -Oz.
# --low-memory-unused: Rust never uses the first KiB of memory (its data
# starts at 1 MiB), which lets wasm-opt fold more address offsets;
# --converge repeats the passes while they still shrink the module; the
# producers and target-features sections are not needed to run it.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --release --target wasm32-unknown-unknown --lib
wasm-bindgen --target web --no-typescript --out-dir www/pkg \
  target/wasm32-unknown-unknown/release/cxmetrics.wasm
node_modules/.bin/wasm-opt -Oz --converge --low-memory-unused --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals \
  --strip-producers --strip-target-features \
  www/pkg/cxmetrics_bg.wasm -o www/pkg/cxmetrics_bg.wasm
raw=$(stat -c %s www/pkg/cxmetrics_bg.wasm)
gz=$(gzip -9 -c www/pkg/cxmetrics_bg.wasm | wc -c)
echo "wasm: $raw bytes, $gz bytes gzipped (www/pkg/cxmetrics_bg.wasm)"

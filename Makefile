# The two commands of the README:
#   make run   installs what is missing, builds, and serves the calculator
#   make test  installs what is missing and runs every test
.PHONY: run test build wasm cli check-rust test-browser clean
PORT ?= 8080

run: build
	node scripts/serve.mjs $(PORT)

build:
	scripts/setup.sh
	scripts/build-wasm.sh

test:
	scripts/setup.sh --browser
	$(MAKE) --no-print-directory check-rust
	scripts/build-wasm.sh
	scripts/build-wasm.sh --test
	$(MAKE) --no-print-directory test-browser

check-rust:
	cargo fmt --all -- --check
	cargo clippy --all-targets --all-features -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib -- -D warnings
	RUSTFLAGS="-C target-feature=+simd128" CARGO_TARGET_DIR=target/wasm-simd \
	  cargo clippy --target wasm32-unknown-unknown --lib -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --all-features --quiet
	cargo test --all-features

test-browser:
	npm test

cli:
	cargo build --release --features cli
	@echo "built target/release/cxmetrics"

clean:
	cargo clean
	rm -rf www/pkg

# The in-browser benchmark (README "Performance"): cxmetrics vs PapaParse vs
# DuckDB-WASM in Debian's Chromium, plus the native CLI; writes
# target/bench/results.json. A smoke run: make bench BENCH_ARGS=--quick
.PHONY: bench
bench:
	scripts/setup.sh --browser
	node benches/browser/run.mjs $(BENCH_ARGS)

# The two commands of the README:
#   make run   installs what is missing, builds, and serves the calculator
#   make test  installs what is missing and runs every test
.PHONY: run test build wasm cli check-rust test-browser test-sql test-sql-full clean
PORT ?= 8080

run: build
	node scripts/serve.mjs $(PORT)

build:
	scripts/setup.sh
	scripts/build-wasm.sh

test:
	scripts/setup.sh --browser --engines
	$(MAKE) --no-print-directory check-rust
	scripts/build-wasm.sh
	scripts/build-wasm.sh --test
	$(MAKE) --no-print-directory test-browser
	$(MAKE) --no-print-directory test-sql

check-rust:
	cargo fmt --all -- --check
	cargo clippy --all-targets --all-features -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --no-default-features -- -D warnings
	cargo clippy --target wasm32-unknown-unknown --lib --no-default-features --features parts -- -D warnings
	cargo clippy --target wasm32-unknown-unknown -p cxmetrics-warehouse -- -D warnings
	RUSTFLAGS="-C target-feature=+simd128" CARGO_TARGET_DIR=target/wasm-simd \
	  cargo clippy --target wasm32-unknown-unknown --lib -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --all-features --quiet
	cargo test --all-features

test-browser:
	npm test

# The SQL of `cxmetrics sql` run in DuckDB over every fixture and in Spark
# over one file of each kind (SQL_SPARK=--spark-sample), compared with the
# core's report; BigQuery, Snowflake and Postgres parsed (tests/sql/check.py).
# `make test-sql-full` runs Spark on every file too;
# SQL_ARGS=--quick skips the generated large files.
SQL_SPARK ?= --spark-sample
test-sql:
	scripts/setup.sh --engines
	target/sql-venv/bin/python tests/sql/check.py $(SQL_SPARK) $(SQL_ARGS)

test-sql-full:
	$(MAKE) --no-print-directory test-sql SQL_SPARK=

cli:
	cargo build --release --features cli
	@echo "built target/release/cxmetrics"

clean:
	cargo clean
	rm -rf www/pkg

# The in-browser benchmark (README "Performance"): cxmetrics vs PapaParse vs
# DuckDB-WASM in Debian's Chromium, plus the native CLI; writes
# target/bench/results.json. A smoke run: make bench BENCH_ARGS=--quick
.PHONY: bench bench-sql
bench:
	scripts/setup.sh --browser
	node benches/browser/run.mjs $(BENCH_ARGS)
	$(MAKE) --no-print-directory bench-sql

# The warehouse row (README "Performance"): generated tickets as Parquet,
# the DuckDB and Spark local[2] queries against the native CLI on the same
# rows as CSV, figures compared (benches/sql.py; SQL_BENCH_ARGS=--rows N).
bench-sql:
	scripts/setup.sh --engines
	target/sql-venv/bin/python benches/sql.py $(SQL_BENCH_ARGS)

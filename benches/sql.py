#!/usr/bin/env python3
"""The warehouse row of `make bench` (README "Performance", issue #16).

Generates N seeded Zendesk-shaped tickets (benches/generate.mjs), writes
the rows the core uses as a typed table (`cxmetrics typed`) and stores it
as Parquet with DuckDB; then times, on the same rows:

- the native CLI, `cxmetrics report --flat` on the generated CSV;
- DuckDB (the `duckdb` package, every core) running the query of
  `cxmetrics sql --kind tickets --dialect duckdb` over the Parquet file;
- Spark (PySpark, `local[2]`) running the Spark query over the same file;

and checks that both engines' rows equal the CLI's (relative 1e-9, counts
exact: tests/sql/check.py's comparison). Writes target/bench/sql.json and
prints the README row. Run by `make bench` (`make bench-sql`) in the venv
of `scripts/setup.sh --engines`.

Options: --rows N (default 5,000,000), --no-spark, --bin PATH (default:
a release build), --keep (keep the generated files for another run).
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
sys.path.insert(0, os.path.join(ROOT, "tests", "sql"))
import check  # noqa: E402  (the harness's comparison and result reader)


def timed(cmd, out_path=None):
    t0 = time.time()
    if out_path:
        with open(out_path, "w", encoding="utf-8") as f:
            r = subprocess.run(cmd, stdout=f, stderr=subprocess.PIPE, text=True)
    else:
        r = subprocess.run(cmd, capture_output=True, text=True)
    took = time.time() - t0
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed: {r.stderr.strip()[:500]}")
    return took, r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=5_000_000)
    ap.add_argument("--no-spark", action="store_true")
    ap.add_argument("--bin", default=os.environ.get("CXMETRICS_BIN"))
    ap.add_argument("--keep", action="store_true")
    args = ap.parse_args()
    n = args.rows
    binary = args.bin
    if not binary:
        print("==> cargo build --release --features cli", flush=True)
        if subprocess.run(["cargo", "build", "--quiet", "--release", "--features", "cli"],
                          cwd=ROOT).returncode != 0:
            sys.exit("cargo build failed")
        binary = os.path.join(ROOT, "target", "release", "cxmetrics")
    work = os.path.join(ROOT, "target", "bench", "sql")
    os.makedirs(work, exist_ok=True)
    csv_path = os.path.join(work, f"tickets_{n}.csv")
    typed_path = os.path.join(work, f"tickets_{n}.typed.csv")
    parquet_path = os.path.join(work, f"tickets_{n}.parquet")
    result = {"rows": n}

    if not os.path.exists(csv_path):
        print(f"==> generating {n:,} tickets", flush=True)
        took, _ = timed(["node", os.path.join(ROOT, "benches", "generate.mjs"), "tickets", str(n),
                         csv_path])
        print(f"    {took:.0f} s", flush=True)
    result["csv_bytes"] = os.path.getsize(csv_path)

    print("==> the native CLI: cxmetrics report --flat on the CSV", flush=True)
    took, r = timed([binary, "report", "--flat", csv_path])
    core = check.read_result_csv(r.stdout)
    result["cli_seconds"] = took
    print(f"    {took:.1f} s, {len(core)} rows", flush=True)

    columns = None
    if not os.path.exists(parquet_path):
        print("==> the typed table, as Parquet (cxmetrics typed, DuckDB COPY)", flush=True)
        took, _ = timed([binary, "typed", csv_path], typed_path)
        print(f"    typed CSV in {took:.0f} s", flush=True)
    _, schema = timed([binary, "typed", "--schema", csv_path])
    types = json.loads(schema.stdout)
    import duckdb
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    if not os.path.exists(parquet_path):
        with open(typed_path, encoding="utf-8") as f:
            columns = f.readline().strip().split(",")
        cols = ", ".join(f"'{c}': '{types[c]}'" for c in columns)
        t0 = time.time()
        con.execute(
            f"COPY (SELECT * FROM read_csv('{typed_path}', header = true, columns = {{{cols}}}, "
            f"auto_detect = false, quote = '\"', escape = '\"', "
            f"timestampformat = '%Y-%m-%dT%H:%M:%SZ')) TO '{parquet_path}' (FORMAT parquet)")
        print(f"    Parquet in {time.time() - t0:.0f} s", flush=True)
        os.remove(typed_path)
    result["parquet_bytes"] = os.path.getsize(parquet_path)
    # Columns named by field id, but the tags keep Zendesk's name `Tags`:
    # the core splits that column on spaces too, and so does the query of
    # a column named so (tests/sql/check.py does the same).
    maps = [a for c in types for a in ("--map", "category=Tags" if c == "category" else c)]

    problems = []
    print("==> DuckDB: the query over the Parquet file", flush=True)
    _, q = timed([binary, "sql", "--kind", "tickets", "--dialect", "duckdb", "--table", "t"] + maps)
    con.execute("CREATE VIEW t AS SELECT * EXCLUDE (category), category AS \"Tags\" "
                f"FROM read_parquet('{parquet_path}')")
    t0 = time.time()
    rows = con.execute(q.stdout).fetchall()
    result["duckdb_seconds"] = time.time() - t0
    result["duckdb_threads"] = con.execute("SELECT current_setting('threads')").fetchone()[0]
    seen = check.compare(rows, core, "duckdb", problems)
    result["duckdb_rows"] = len(seen)
    print(f"    {result['duckdb_seconds']:.1f} s, {len(seen)} rows", flush=True)
    con.close()

    if not args.no_spark:
        print("==> Spark local[2]: the query over the Parquet file", flush=True)
        _, q = timed([binary, "sql", "--kind", "tickets", "--dialect", "spark", "--table", "t"] + maps)
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        from pyspark.sql import SparkSession
        t0 = time.time()
        spark = (SparkSession.builder.master("local[2]").appName("cxmetrics-bench")
                 .config("spark.sql.session.timeZone", "UTC")
                 .config("spark.ui.enabled", "false")
                 .config("spark.ui.showConsoleProgress", "false")
                 .config("spark.driver.memory", "6g")
                 .getOrCreate())
        spark.sparkContext.setLogLevel("ERROR")
        result["spark_start_seconds"] = time.time() - t0
        (spark.read.parquet(parquet_path).withColumnRenamed("category", "Tags")
         .createOrReplaceTempView("t"))
        t0 = time.time()
        rows = [tuple(r) for r in spark.sql(q.stdout).collect()]
        result["spark_seconds"] = time.time() - t0
        spark.stop()
        seen = check.compare(rows, core, "spark", problems)
        result["spark_rows"] = len(seen)
        print(f"    {result['spark_seconds']:.1f} s, {len(seen)} rows", flush=True)

    result["equal"] = not problems
    with open(os.path.join(ROOT, "target", "bench", "sql.json"), "w") as f:
        json.dump(result, f, indent=2)
    spark = (f", Spark local[2] {result['spark_seconds']:.1f} s" if "spark_seconds" in result else "")
    print(f"\nWarehouse SQL, tickets: {n:,} rows ({result['csv_bytes'] / 1e9:.2f} GB CSV, "
          f"{result['parquet_bytes'] / 1e9:.2f} GB Parquet): native CLI on the CSV "
          f"{result['cli_seconds']:.1f} s, DuckDB on the Parquet {result['duckdb_seconds']:.1f} s"
          f"{spark}; every figure equal: {'yes' if not problems else 'NO'}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    if problems:
        print(f"\n{len(problems)} mismatches:")
        for p in problems[:50]:
            print("  " + p)
        sys.exit(1)


if __name__ == "__main__":
    main()

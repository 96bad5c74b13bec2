#!/usr/bin/env python3
"""The SQL of `cxmetrics sql`, proven equal to the core (issue #16).

For every fixture the core reads (tests/fixtures/{exports,real,notes} and
the kind fixtures) and a generated file of 100,000 tickets and one of
20,000 subscription rows (benches/generate.mjs), with the settings the core
decided from the data and again with further settings (`variants`):

1. `cxmetrics typed FILE` (and `--schema`): the rows the core used, typed;
2. `cxmetrics report --flat FILE`: the core's figures as the long table
   metric, path, value, reason (the grammar is src/figures.rs'). A typed
   table holds an unreadable cell as empty, which the core tells apart
   from an absent one in a few figures (a first reply dated before the
   ticket was created does not leave it "awaiting a reply"); so when the
   file has unreadable cells the reference is the core's report of the
   typed table itself (its kind, each column mapped to its field, the
   settings decided from the original), and the table says so;
3. that table is loaded into DuckDB and into one Spark session (local[2],
   started once) with explicit column types (TIMESTAMP, DOUBLE, VARCHAR,
   BOOLEAN), as the table `t`; its columns are named by field id, except
   that a Zendesk tags column keeps the name `Tags` (split on spaces too);
4. `cxmetrics sql --kind K --dialect duckdb|spark --table t --map F …`
   (every typed column; the settings the report decided from the data, such
   as a CSAT scale read from the answers, passed on) is run, and each row is
   checked against the core's: the path must be one of the report's, the
   value equal (relative 1e-9, which cannot hide a count off by one below
   10^9; an undefined figure must be undefined in both, with the same
   reason); and the engine's result, read back as the page reads it
   (`cxmetrics report --figures RESULT --json`), gives every undefined
   figure the code (and params) of the core's report;
5. every path of every figure docs/metrics.md lists as covered by the SQL
   of that kind must be in the SQL's result;
6. the bigquery, snowflake and postgres queries are parsed by sqlglot for
   that dialect, and transpiled to DuckDB and parsed again.

Prints a table of files x engines x figures compared; exits 1 listing
every mismatch. Run by `make test-sql` (and `make test`) in the venv
`target/sql-venv` that `scripts/setup.sh --engines` creates.

DuckDB runs every file's query; Spark (in one session for all of them)
every file's too, or with --spark-sample (what `make test` runs) the first
file of each kind only. Each file is also run with the settings a user sets
(`variants`), against the core's report under the same settings, by DuckDB
on every file and by Spark (seconds to plan each query) on the first
subscriptions file. Options: --spark-sample, --quick (no generated files),
--no-spark, --only SUBSTRING,
--bin PATH (a built cxmetrics; default: `cargo build --features cli`).
"""

import argparse
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")
FIXTURE_DIRS = ["exports", "real", "notes", "survey", "tickets", "subscriptions", "spend",
                "customers", "accounts"]
SQL_KINDS = ["survey", "tickets", "subscriptions", "spend", "customers"]
EXECUTED = ["duckdb", "spark"]
# The members that identify an element of a list (src/figures.rs, ID_MEMBERS).
ID_MEMBERS = ["month", "key", "category", "plan", "label", "name", "priority", "channel", "period"]
PARSED = ["bigquery", "snowflake", "postgres"]
REL = 1e-9
# Settings the core decides from the data and the SQL cannot: passed on.
DECIDED = {
    "csat_scale": {"1-5", "1-7", "1-10", "0-10", "good-bad"},
    "ces_scale": {"1-7", "1-5"},
    "tenure_unit": {"months", "years"},
}


def decided(report_settings):
    """The settings the core decided from the data that the SQL must be
    told: a CSAT or CES scale read from the answers (a ticket file's "good-bad
    and 1-7" reads words always and numbers on 1-7), a tenure unit."""
    out = {}
    for key, allowed in DECIDED.items():
        v = report_settings.get(key)
        if isinstance(v, str) and v.startswith("good-bad and "):
            v = v[len("good-bad and "):]
        if v in allowed:
            out[key] = v
    return out


def shift_month(month, by):
    """`YYYY-MM` moved by `by` months."""
    y, m = int(month[:4]), int(month[5:7])
    i = y * 12 + m - 1 + by
    return f"{i // 12:04d}-{i % 12 + 1:02d}"


def variants(kind, report_settings):
    """Further runs with the settings a user sets, each compared with the
    core's report under the same settings: (name, settings)."""
    out = []
    if kind == "subscriptions":
        out.append(("target", {"churn_target": 0.05, "gross_margin": 0.8}))
        first, last = report_settings.get("period_start"), report_settings.get("period_end")
        if first and last:
            out.append(("period", {"period_start": shift_month(first, -6), "period_end": last}))
        as_of = report_settings.get("as_of")
        if as_of:
            out.append(("as_of", {"as_of": shift_month(as_of[:7], -2) + "-15"}))
    elif kind == "tickets":
        out.append(("sla", {"sla_minutes": 30}))
    return out


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def build(args):
    if args.bin:
        return args.bin
    print("==> cargo build --features cli", flush=True)
    r = subprocess.run(["cargo", "build", "--quiet", "--features", "cli"], cwd=ROOT)
    if r.returncode != 0:
        sys.exit("cargo build failed")
    return os.path.join(ROOT, "target", "debug", "cxmetrics")


def fixtures(only):
    files = []
    for d in FIXTURE_DIRS:
        folder = os.path.join(FIXTURES, d)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            if name.endswith((".md", ".py", ".json")):
                continue
            rel = f"{d}/{name}"
            if only and only not in rel:
                continue
            files.append((rel, os.path.join(folder, name)))
    return files


def generated(tmp, only):
    out = []
    for kind, n in [("tickets", 100_000), ("subscriptions", 20_000)]:
        rel = f"generated/{kind}_{n}.csv"
        if only and only not in rel:
            continue
        path = os.path.join(tmp, f"{kind}_{n}.csv")
        r = run(["node", os.path.join(ROOT, "benches", "generate.mjs"), kind, str(n), path])
        if r.returncode != 0:
            sys.exit(f"benches/generate.mjs {kind} {n} failed: {r.stderr}")
        out.append((rel, path))
    return out


def covered_figures():
    """Figure ids per kind from docs/metrics.md's section on the SQL: the
    heading that names SQL, to the next heading of its level or above; on
    each line naming a kind (`tickets` or **tickets**), the backticked ids."""
    text = open(os.path.join(ROOT, "docs", "metrics.md"), encoding="utf-8").read()
    lines = text.splitlines()
    start = next((i for i, l in enumerate(lines)
                  if re.match(r"#+ ", l) and re.search(r"\bSQL\b", l)), None)
    if start is None:
        return None
    level = len(lines[start]) - len(lines[start].lstrip("#"))
    covered = {k: set() for k in SQL_KINDS}
    current = None
    for line in lines[start + 1:]:
        m = re.match(r"(#+) ", line)
        if m and len(m.group(1)) <= level:
            break
        named = [k for k in SQL_KINDS
                 if re.search(rf"(\*\*|`|^\|\s*|^-\s*){k}(\*\*|`|\s*\||:)", line.strip())]
        if named:
            current = named[0]
        elif not line.strip():
            current = None
        if current:
            for ident in re.findall(r"`([a-z][a-z0-9_]*)`", line):
                if ident not in SQL_KINDS:
                    covered[current].add(ident)
    return covered


def read_result_csv(text):
    """The rows of `cxmetrics report --flat` (always comma, quoted as RFC 4180)."""
    import csv
    import io
    rows = {}
    for r in csv.DictReader(io.StringIO(text)):
        v = r["value"]
        rows[r["path"]] = (r["metric"], None if v == "" else float(v), r["reason"] or None)
    return rows


class Duck:
    name = "duckdb"

    def __init__(self):
        import duckdb
        self.con = duckdb.connect()
        self.con.execute("SET TimeZone = 'UTC'")

    def load(self, csv_path, columns, types):
        self.con.execute("DROP TABLE IF EXISTS t")
        cols = ", ".join(f"'{c}': '{types[c]}'" for c in columns)
        self.con.execute(
            f"CREATE TABLE t AS SELECT * FROM read_csv('{csv_path}', header = true, "
            f"columns = {{{cols}}}, auto_detect = false, quote = '\"', escape = '\"', "
            f"timestampformat = '%Y-%m-%dT%H:%M:%SZ')")

    def query(self, sql):
        return self.con.execute(sql).fetchall()


class Spark:
    name = "spark"

    def __init__(self):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        from pyspark.sql import SparkSession
        self.spark = (SparkSession.builder.master("local[2]").appName("cxmetrics-sql")
                      .config("spark.sql.session.timeZone", "UTC")
                      .config("spark.ui.enabled", "false")
                      .config("spark.ui.showConsoleProgress", "false")
                      .config("spark.sql.shuffle.partitions", "1")
                      .config("spark.default.parallelism", "2")
                      # Small tables, long queries: planning and code
                      # generation dominate, so neither adaptive plans nor
                      # whole-stage code generation pay for themselves.
                      .config("spark.sql.adaptive.enabled", "false")
                      .config("spark.sql.codegen.wholeStage", "false")
                      .config("spark.driver.memory", "1g")
                      .getOrCreate())
        self.spark.sparkContext.setLogLevel("ERROR")

    def load(self, csv_path, columns, types):
        from pyspark.sql import types as T
        spark_type = {"VARCHAR": T.StringType(), "DOUBLE": T.DoubleType(),
                      "TIMESTAMP": T.TimestampType(), "BOOLEAN": T.BooleanType()}
        schema = T.StructType([T.StructField(c, spark_type[types[c]], True) for c in columns])
        df = (self.spark.read.option("header", True).option("quote", '"').option("escape", '"')
              .option("multiLine", True).option("mode", "FAILFAST")
              .option("timestampFormat", "yyyy-MM-dd'T'HH:mm:ss'Z'")
              .schema(schema).csv(csv_path)).cache()
        df.count()
        df.createOrReplaceTempView("t")

    def query(self, sql):
        return [tuple(r) for r in self.spark.sql(sql).collect()]

    def stop(self):
        self.spark.stop()


def undefined_codes(report):
    """Every undefined figure of a report JSON with its reason: its place
    (list elements by their identifying member, as the path grammar names
    them) -> (code, params)."""
    out = {}

    def walk(node, at):
        if isinstance(node, dict):
            if "value" in node and node["value"] is None and isinstance(node.get("reason"), str):
                out[at] = (node.get("code"), node.get("params"))
            for k, v in node.items():
                walk(v, f"{at}.{k}")
        elif isinstance(node, list):
            for i, e in enumerate(node):
                key = next((str(e[m]) for m in ID_MEMBERS if isinstance(e, dict) and m in e), str(i))
                walk(e, f"{at}[{key}]")

    walk(report.get("metrics", {}), "")
    return out


def compare_codes(engine_rows, core_codes, binary, result_csv, label, problems):
    """The engine's rows as a result table, read back by `cxmetrics report
    --figures`: every undefined figure must carry the code and params the
    core's report gives it."""
    import csv
    if core_codes is None:
        return
    with open(result_csv, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["metric", "path", "value", "reason"])
        for metric, path, value, reason in engine_rows:
            w.writerow([metric, path, "" if value is None else repr(float(value)), reason or ""])
    back = run([binary, "report", "--figures", result_csv, "--json"])
    if back.returncode != 0:
        problems.append(f"{label}: cxmetrics report --figures refuses the result: {back.stderr.strip()[:200]}")
        return
    for at, (code, params) in undefined_codes(json.loads(back.stdout)).items():
        if at not in core_codes:
            problems.append(f"{label}: {at} is undefined in the result, not in the report")
        elif core_codes[at] != (code, params):
            problems.append(f"{label}: {at} read back with code {code!r} {params or ''}, "
                            f"the report {core_codes[at][0]!r} {core_codes[at][1] or ''}")


def compare(engine_rows, core, label, problems):
    """Checks the engine's rows against the core's; the paths compared."""
    seen = set()
    for row in engine_rows:
        if len(row) != 4:
            problems.append(f"{label}: a row has {len(row)} columns, not 4: {row!r}")
            continue
        metric, path, value, reason = row
        if path in seen:
            problems.append(f"{label}: {path} appears twice")
            continue
        seen.add(path)
        if path not in core:
            problems.append(f"{label}: {path} = {value!r} is not in the report")
            continue
        c_metric, c_value, c_reason = core[path]
        if metric != c_metric:
            problems.append(f"{label}: {path} has metric {metric!r}, the report {c_metric!r}")
        if value is not None:
            value = float(value)
        if c_value is None or value is None:
            if c_value is not None or value is not None:
                problems.append(f"{label}: {path} = {value!r}, the report {c_value!r} ({c_reason})")
            elif (reason or None) != c_reason:
                problems.append(f"{label}: {path} undefined because {reason!r}, the report {c_reason!r}")
            continue
        if not math.isfinite(value):
            problems.append(f"{label}: {path} = {value!r} is not finite")
        elif abs(value - c_value) > REL * max(abs(value), abs(c_value)):
            problems.append(f"{label}: {path} = {value!r}, the report {c_value!r}")
    return seen


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="skip the generated large files")
    ap.add_argument("--no-spark", action="store_true")
    ap.add_argument("--spark-sample", action="store_true",
                    help="run Spark only on the first file of each kind (default: every file)")
    ap.add_argument("--only", default="", help="only files whose path contains this")
    ap.add_argument("--bin", default=os.environ.get("CXMETRICS_BIN"))
    args = ap.parse_args()
    started = time.time()
    binary = build(args)
    covered = covered_figures()
    problems = []
    if covered is None:
        problems.append("docs/metrics.md has no section on the SQL listing the figures each kind's query covers")
        covered = {k: set() for k in SQL_KINDS}
    import logging
    import sqlglot
    logging.getLogger("sqlglot").setLevel(logging.ERROR)
    parsed = {}
    parse_time = 0.0

    tmp = tempfile.mkdtemp(prefix="cxmetrics-sql-")
    files = fixtures(args.only) + ([] if args.quick else generated(tmp, args.only))
    engines = [Duck()]
    spark_started = None
    if not args.no_spark:
        t0 = time.time()
        engines.append(Spark())
        spark_started = time.time() - t0
    engine_time = {e.name: 0.0 for e in engines}
    table = []
    spark_kinds = set()
    for rel, path in files:
        report = run([binary, "report", "--json", path])
        if report.returncode != 0:
            table.append((rel, "-", "refused: " + report.stderr.strip().splitlines()[-1][:60], {}))
            continue
        as_json = json.loads(report.stdout)
        kind = as_json["kind"]
        if kind not in SQL_KINDS:
            table.append((rel, kind, "no SQL for this kind", {}))
            continue
        typed_csv = os.path.join(tmp, rel.replace("/", "__") + ".typed.csv")
        r = run([binary, "typed", path])
        if r.returncode != 0:
            problems.append(f"{rel}: cxmetrics typed failed: {r.stderr.strip()}")
            continue
        header, body = r.stdout.split("\n", 1)
        fields = header.split(",")
        # The table's columns are named by field id, except that a Zendesk
        # tags column keeps its name `Tags`: the core and the query split
        # such a category on spaces too, and a column named `category` is not.
        rename = {}
        category = as_json["settings"].get("mapping", {}).get("category")
        if kind == "tickets" and category and category.strip().lower() in ("tags", "tag"):
            rename["category"] = "Tags"
        columns = [rename.get(c, c) for c in fields]
        with open(typed_csv, "w", encoding="utf-8") as f:
            f.write(",".join(columns) + "\n" + body)
        types = {rename.get(k, k): v
                 for k, v in json.loads(run([binary, "typed", "--schema", path]).stdout).items()}
        mapping = dict(zip(fields, columns))
        settings = decided(as_json["settings"])
        unreadable = sum(c["count"] for c in as_json["unreadable_cells"])
        note = f"{unreadable} unreadable cells: vs the typed table's report" if unreadable else ""
        stem = os.path.join(tmp, rel.replace("/", "__"))

        def reference(extra, name):
            """The settings file for the SQL and the core's rows with those
            settings (of the typed table when the file has unreadable cells:
            an unreadable cell is empty there)."""
            merged = dict(settings, **extra)
            settings_file = f"{stem}.{name}.settings.json"
            with open(settings_file, "w") as f:
                json.dump(merged, f)
            if not unreadable:
                source = ["--settings", settings_file, path]
            else:
                typed_settings = f"{stem}.{name}.typed-settings.json"
                with open(typed_settings, "w") as f:
                    json.dump(dict(merged, kind=kind, mapping=mapping), f)
                source = ["--settings", typed_settings, typed_csv]
            flat = run([binary, "report", "--flat"] + source)
            if flat.returncode != 0:
                problems.append(f"{rel} ({name}): the core refuses: {flat.stderr.strip()[:200]}")
                return settings_file, None, None
            full = run([binary, "report", "--json"] + source)
            return settings_file, read_result_csv(flat.stdout), undefined_codes(json.loads(full.stdout))

        runs = [("data", *reference({}, "data"))]
        result_csv = f"{stem}.result.csv"
        for name, extra in variants(kind, as_json["settings"]):
            runs.append((name, *reference(extra, name)))
        settings_file = runs[0][1]
        maps = [a for f, c in mapping.items() for a in ("--map", f"{f}={c}")]
        counts = {}
        spark_here = not args.spark_sample or kind not in spark_kinds
        first_of_kind = kind not in spark_kinds
        spark_kinds.add(kind)
        for engine in engines:
            if isinstance(engine, Spark) and not spark_here:
                counts[engine.name] = "(DuckDB only)"
                continue
            t0 = time.time()
            try:
                engine.load(typed_csv, columns, types)
            except Exception as e:  # the engine's own message
                problems.append(f"{rel} [{engine.name}]: {type(e).__name__}: {str(e).splitlines()[0][:300]}")
                counts[engine.name] = "error"
                continue
            finally:
                engine_time[engine.name] += time.time() - t0
            compared = []
            for name, run_settings, core, core_codes in runs:
                if core is None:
                    continue
                # Spark (seconds to plan each query) runs the further
                # settings of the first subscriptions file only; DuckDB all.
                if (isinstance(engine, Spark) and name != "data"
                        and not (kind == "subscriptions" and first_of_kind)):
                    continue
                label = f"{rel} [{engine.name}]" + ("" if name == "data" else f" ({name})")
                q = run([binary, "sql", "--kind", kind, "--dialect", engine.name, "--table", "t",
                         "--settings", run_settings] + maps)
                if q.returncode != 0:
                    problems.append(f"{label}: cxmetrics sql failed: {q.stderr.strip()}")
                    continue
                t0 = time.time()
                try:
                    rows = engine.query(q.stdout)
                except Exception as e:  # the engine's own message
                    problems.append(f"{label}: {type(e).__name__}: {str(e).splitlines()[0][:300]}")
                    continue
                finally:
                    engine_time[engine.name] += time.time() - t0
                seen = compare(rows, core, label, problems)
                compare_codes(rows, core_codes, binary, result_csv, label, problems)
                wanted = [p for p, (m, _, _) in core.items() if m in covered[kind]]
                missing = [p for p in wanted if p not in seen]
                for p in missing[:20]:
                    problems.append(f"{label}: {p} (a figure the docs list as covered) is missing")
                if len(missing) > 20:
                    problems.append(f"{label}: … and {len(missing) - 20} more missing paths")
                compared.append(len(seen))
            counts[engine.name] = (f"{sum(compared)} rows, {len(compared)} runs" if compared
                                   else "error")
        for dialect in PARSED:
            q = run([binary, "sql", "--kind", kind, "--dialect", dialect, "--table", "analytics.t",
                     "--settings", settings_file] + maps)
            if q.returncode != 0:
                problems.append(f"{rel} [{dialect}]: cxmetrics sql failed: {q.stderr.strip()}")
                counts[dialect] = "no query"
                continue
            key = (dialect, q.stdout)
            if key not in parsed:
                t0 = time.time()
                try:
                    # Parsed, written back in the same dialect, parsed again.
                    tree = sqlglot.parse_one(q.stdout, read=dialect)
                    sqlglot.parse_one(tree.sql(dialect=dialect), read=dialect)
                    parsed[key] = None
                except Exception as e:
                    parsed[key] = str(e).splitlines()[0][:300]
                parse_time += time.time() - t0
            if parsed[key] is None:
                counts[dialect] = "parsed"
            else:
                problems.append(f"{rel} [{dialect}]: sqlglot: {parsed[key]}")
                counts[dialect] = "parse error"
        table.append((rel, kind, note, counts))
        print(f"  {rel}: {', '.join(f'{k} {v}' for k, v in counts.items())} "
              f"({time.time() - started:.0f} s)", flush=True)
    for e in engines:
        if isinstance(e, Spark):
            e.stop()

    names = [e.name for e in engines] + PARSED
    width = max([len(r[0]) for r in table] + [4])
    print(f"\n{'file':<{width}}  {'kind':<13}  " + "  ".join(f"{n:<22}" for n in names))
    for rel, kind, note, counts in table:
        if not counts:
            print(f"{rel:<{width}}  {kind:<13}  {note}")
        else:
            print(f"{rel:<{width}}  {kind:<13}  " + "  ".join(f"{counts.get(n, '-'):<22}" for n in names)
                  + f"  {note}")
    took = time.time() - started
    spark_note = f", Spark start {spark_started:.1f} s" if spark_started is not None else ""
    print(f"\n{len(table)} files; engine time: "
          + ", ".join(f"{k} {v:.1f} s" for k, v in engine_time.items())
          + f"{spark_note}; sqlglot {parse_time:.1f} s ({len(parsed)} distinct queries); total {took:.1f} s")
    if problems:
        print(f"\n{len(problems)} mismatches:")
        for p in problems:
            print("  " + p)
        sys.exit(1)
    print("every row equal to the core's")


if __name__ == "__main__":
    main()

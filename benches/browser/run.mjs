// The in-browser benchmark, one command: `make bench` (= `node
// benches/browser/run.mjs`).
//
//   1. generates the seeded workloads with benches/generate.mjs into
//      target/bench/data/ (kept between runs: the same seed gives the same
//      bytes): tickets 1,000,000 rows (≈ 166 MB), survey 1,000,000 scores,
//      subscriptions 200,000 rows;
//   2. builds the release wasm (scripts/build-wasm.sh) and the native CLI
//      (cargo build --release --features cli);
//   3. serves the repository with scripts/serve.mjs and opens
//      benches/browser/bench.html in Debian's Chromium (playwright-core);
//   4. on the tickets file, already in page memory, runs cxmetrics (one
//      module Worker + wasm, one pass), cxmetrics_workers (the page's real
//      path: www/engine.js's Engine on www/worker.js, which reads a file of
//      64 MiB or more in parts with workersFor(size) range workers and
//      merges them), PapaParse + plain JS, and DuckDB-WASM (one SQL query),
//      interleaved, 5 runs each (after one untimed warm-up each; the
//      cxmetrics worker, the Engine and the DuckDB database are started
//      once per workload, untimed, and live on between runs as the app's
//      worker does; the range workers start inside each timed run, as in
//      the page), and checks that every run of every implementation, and
//      the native CLI, gives the same figures (1e-9 relative): a
//      disagreement exits with status 1;
//   5. times the native CLI on the tickets file with --threads 1, --threads
//      2 and the default (every core), interleaved; the survey file through
//      all four (interleaved, checked equal: answers, NPS groups, NPS), the
//      subscriptions file through cxmetrics, the native CLI on each file,
//      and the first computed result after a cold load of www/index.html
//      (in a browser of its own);
//   6. prints a table and writes target/bench/results.json (and the README's
//      table, filled, to target/bench/results.md).
//
// Flags: --quick (400,000 ticket rows — 66.4 MB, over the 64 MiB from which
// the page reads in parts —, 100,000 survey rows, 20,000 subscriptions, 3
// runs), --rows N (ticket and survey rows; subscriptions
// N/5), --runs N (≥ 3), --warmup N, --no-build (use the built wasm and CLI
// as they are), --only tickets (skip the survey/subscriptions/page-load
// parts).
//
// Memory: the renderer's resident set is read from /proc/PID/status of the
// page's renderer process (found with the CDP SystemInfo.getProcessInfo
// call, then the renderer whose RSS grew by the loaded file). Before each
// timed run the kernel's peak-RSS mark is reset (`5` written to
// /proc/PID/clear_refs) and VmHWM read after it: the peak of the run. Where
// the reset is refused the runner polls VmRSS every 10 ms instead. Workers
// (cxmetrics's, the Engine's range workers and DuckDB's) live in the same
// renderer process. Memory
// that a run reserves stays reserved for the next (wasm memory never
// shrinks, V8 keeps heap pages), so the peaks reported are the largest over
// all runs of a workload, the warm-up (a first run) included.
import { chromium } from 'playwright-core';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { serve } from '../../scripts/serve.mjs';
import { write } from '../generate.mjs';
import { coldLoad } from './cold-load.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = path.join(ROOT, 'target', 'bench');
const DATA = path.join(OUT, 'data');
const IMPLS = ['cxmetrics', 'cxmetrics_workers', 'papaparse', 'duckdb'];
/** The CLI's thread counts timed on the tickets file: `all` is its default (every core). */
const NATIVE_THREADS = { 1: ['--threads', '1'], 2: ['--threads', '2'], all: [] };
const CORES = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
const MB = 1e6; // MB/s and MB are decimal megabytes (10^6 bytes).

// ---------------------------------------------------------------- options
function options(argv) {
  const o = { rows: 1_000_000, surveyRows: 1_000_000, subscriptionRows: 200_000, runs: 5, warmup: 1, build: true, only: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    if (a === '--quick') Object.assign(o, { rows: 400_000, surveyRows: 100_000, subscriptionRows: 20_000, runs: 3 });
    else if (a === '--rows') {
      const n = Number(next());
      if (!Number.isInteger(n) || n < 10) usage('--rows must be a whole number ≥ 10');
      Object.assign(o, { rows: n, surveyRows: n, subscriptionRows: Math.max(10, Math.round(n / 5)) });
    } else if (a === '--runs') {
      o.runs = Number(next());
      if (!Number.isInteger(o.runs) || o.runs < 3) usage('--runs must be a whole number ≥ 3');
    } else if (a === '--warmup') {
      o.warmup = Number(next());
      if (!Number.isInteger(o.warmup) || o.warmup < 0) usage('--warmup must be a whole number ≥ 0');
    } else if (a === '--no-build') o.build = false;
    else if (a === '--only') o.only = next();
    else if (a === '--help' || a === '-h') usage();
    else usage(`unknown argument ${a}`);
  }
  return o;
}

function usage(problem) {
  if (problem) console.error(problem);
  console.error('usage: node benches/browser/run.mjs [--quick] [--rows N] [--runs N] [--warmup N] [--no-build] [--only tickets]');
  process.exit(2);
}

// ---------------------------------------------------------------- helpers
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x, d = 1) => (x === null || x === undefined ? null : Math.round(x * 10 ** d) / 10 ** d);
const mb = (bytes) => bytes / MB;

function sh(cmd, args, what) {
  console.log(`==> ${what}`);
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) fail(`${what} failed (${cmd} ${args.join(' ')})`);
}

function fail(message) {
  console.error(`\nBENCH FAILED: ${message}`);
  process.exit(1);
}

async function workload(kind, rows) {
  fs.mkdirSync(DATA, { recursive: true });
  const file = path.join(DATA, `${kind}-${rows}.csv`);
  if (!fs.existsSync(file)) {
    const t0 = performance.now();
    const tmp = `${file}.part`;
    await write(kind, rows, tmp);
    fs.renameSync(tmp, file);
    console.log(`generated ${path.relative(ROOT, file)} (${mb(fs.statSync(file).size).toFixed(1)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return { kind, rows, file, bytes: fs.statSync(file).size, url: `/${path.relative(ROOT, file).split(path.sep).join('/')}` };
}

// ---------------------------------------------------------------- memory
function procStatus(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number((text.match(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm')) || [])[1] || 0) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null;
  }
}

class RendererMemory {
  constructor(pid) {
    this.pid = pid;
    this.canReset = this.reset();
    this.poll = null;
  }

  reset() {
    try {
      fs.writeFileSync(`/proc/${this.pid}/clear_refs`, '5');
      return true;
    } catch {
      return false;
    }
  }

  /** Starts a measurement; returns the resident set now. */
  start() {
    if (this.canReset) this.reset();
    const now = procStatus(this.pid);
    this.polled = now.rss;
    if (!this.canReset) {
      this.poll = setInterval(() => {
        const s = procStatus(this.pid);
        if (s && s.rss > this.polled) this.polled = s.rss;
      }, 10);
    }
    return now.rss;
  }

  /** The peak resident set since start(). */
  stop() {
    clearInterval(this.poll);
    const s = procStatus(this.pid);
    return this.canReset ? s.hwm : Math.max(this.polled, s.rss);
  }
}

// ---------------------------------------------------------------- figures
const FIELDS = ['rows', 'frt_median', 'frt_p90', 'res_median', 'res_p90', 'one_touch', 'csat'];

function close(a, b) {
  if (typeof a !== 'number' || typeof b !== 'number' || !Number.isFinite(a) || !Number.isFinite(b)) return false;
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
}

/** Differences between two figure sets, as sentences (empty when they agree). */
function differences(a, b) {
  const out = [];
  for (const k of FIELDS) if (!close(a[k], b[k])) out.push(`${k}: ${a[k]} vs ${b[k]}`);
  if (a.skipped !== 0 || b.skipped !== 0) out.push(`skipped rows: ${a.skipped} vs ${b.skipped}`);
  const ta = JSON.stringify(a.top5);
  const tb = JSON.stringify(b.top5);
  if (!Array.isArray(a.top5) || a.top5.length !== 5 || ta !== tb) out.push(`top5: ${ta} vs ${tb}`);
  return out;
}

function figuresFromCli(report) {
  const m = report.metrics;
  const top = Array.isArray(m.top_issues) ? m.top_issues : (m.top_issues.list || m.top_issues.value || []);
  return {
    rows: m.tickets.value,
    skipped: report.rows.skipped,
    frt_median: m.first_response_minutes.median,
    frt_p90: m.first_response_minutes.p90,
    res_median: m.resolution_minutes.median,
    res_p90: m.resolution_minutes.p90,
    one_touch: m.one_touch_rate.value,
    csat: m.ticket_csat.value,
    top5: top.slice(0, 5).map((t) => ({ tag: t.category, customers: t.customers, tickets: t.tickets })),
  };
}

// ---------------------------------------------------------------- native CLI
/**
 * Wall clock of `cxmetrics report FILE --json` with each variant's extra
 * arguments, the variants interleaved (rotating the order each round),
 * after one warm-up round; `{variant: {times, report}}`.
 */
function native(bin, w, runs, variants = { all: [] }) {
  const names = Object.keys(variants);
  const out = Object.fromEntries(names.map((n) => [n, { times: [], report: null }]));
  for (let i = 0; i < runs + 1; i++) {
    for (const name of names.map((_, j) => names[(j + i) % names.length])) {
      const args = ['report', w.file, '--json', ...variants[name]];
      const t0 = process.hrtime.bigint();
      const r = spawnSync(bin, args, { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      if (r.status !== 0) fail(`native CLI (${args.join(' ')}): exit ${r.status}: ${r.stderr}`);
      if (i > 0) out[name].times.push(ms); // the first round warms the page cache
      out[name].report = JSON.parse(r.stdout);
    }
  }
  return out;
}

/** Median, spread and rate of a list of times over `bytes`. */
function timing(times, bytes) {
  const ms = median(times);
  return {
    median_ms: round(ms, 1),
    min_ms: round(Math.min(...times), 1),
    max_ms: round(Math.max(...times), 1),
    mb_s: round(mb(bytes) / (ms / 1000), 1),
    runs_ms: times.map((t) => round(t, 1)),
  };
}

const workersName = (n) => `cxmetrics, ${n} worker${n === 1 ? '' : 's'} (the page's path)`;

// ---------------------------------------------------------------- markdown
/** The README's results table, filled from results.json. */
function markdown(r) {
  const t = r.workloads.tickets;
  const n = (x, d = 0) => (x === null || x === undefined ? '–' : Number(x).toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d }));
  const page = t.cxmetrics_workers;
  const rows = [
    [workersName(page.workers), page, `${n(page.peak_wasm_mb)} MB wasm memory (summed over its instances)`],
    ['cxmetrics, one worker (wasm in a worker, one pass)', t.cxmetrics, `${n(t.cxmetrics.peak_wasm_mb)} MB wasm memory`],
    ['PapaParse + JS aggregation', t.papaparse, `${n(t.papaparse.peak_js_heap_over_base_mb)} MB JS heap`],
    [`DuckDB-WASM ${t.duckdb.version ?? ''} (one SQL query)`, t.duckdb, ''],
  ];
  const nt = t.native_threads;
  const out = [
    `Tickets: ${n(t.rows)} rows, ${n(t.bytes / MB, 1)} MB; median of ${r.method.runs} interleaved runs; Chromium ${r.machine.chromium}, ${r.machine.cpus} × ${r.machine.cpu}.`,
    '',
    "| | median time | MB/s | the page's path is … × faster | peak renderer memory over idle | other peak |",
    '|---|---:|---:|---:|---:|---|',
    ...rows.map(([name, s, extra]) => `| ${name} | ${n(s.median_ms / 1000, 2)} s | ${n(s.mb_s, s.mb_s < 10 ? 1 : 0)} | ${s === page ? '1' : n(page.mb_s / s.mb_s, 1)} | ${n(s.peak_rss_over_base_mb)} MB | ${extra} |`),
    `| native CLI (\`cxmetrics report --json\`, every core, wall clock) | ${n(t.native.median_ms / 1000, 2)} s | ${n(t.native.mb_s)} | | | |`,
    '',
    `- Native CLI by thread count (\`--threads N\`, wall clock): 1: ${n(nt['1'].mb_s)} MB/s, 2: ${n(nt['2'].mb_s)} MB/s, all (${nt.all.count}): ${n(nt.all.mb_s)} MB/s.`,
  ];
  for (const kind of ['survey', 'subscriptions']) {
    const w = r.workloads[kind];
    if (!w) continue;
    const peers = [['papaparse', 'PapaParse'], ['duckdb', 'DuckDB-WASM']].filter(([i]) => w[i])
      .map(([i, name]) => `, ${name} ${n(w[i].mb_s)} MB/s (the page's path ${n(w[`ratio_vs_${i}`], 1)}× faster)`).join('');
    const cw = w.cxmetrics_workers;
    const inPage = cw
      ? `${n(cw.mb_s)} MB/s in the page's path (${cw.workers} worker${cw.workers === 1 ? '' : 's'}, wasm memory ${n(cw.peak_wasm_mb)} MB), ${n(w.cxmetrics.mb_s)} MB/s on one worker`
      : `${n(w.cxmetrics.mb_s)} MB/s in the page (wasm memory ${n(w.cxmetrics.peak_wasm_mb)} MB)`;
    out.push(`- ${kind}: ${n(w.rows)} rows, ${n(w.bytes / MB, 1)} MB: ${inPage}${peers}, ${n(w.native.mb_s)} MB/s native.`);
  }
  if (r.first_result_after_load) out.push(`- First computed result after a cold load of the page: ${n(r.first_result_after_load.median_ms)} ms.`);
  out.push(`- The wasm module: ${n(r.wasm_bytes)} bytes, ${n(r.wasm_gzip_bytes)} gzipped (the larger of the plain and simd128 builds).`);
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------- main
const opt = options(process.argv.slice(2));
fs.mkdirSync(OUT, { recursive: true });
const cliBin = path.join(ROOT, 'target', 'release', 'cxmetrics');

const tickets = await workload('tickets', opt.rows);
const others = opt.only === 'tickets' ? [] : [await workload('survey', opt.surveyRows), await workload('subscriptions', opt.subscriptionRows)];

if (opt.build) {
  sh('scripts/build-wasm.sh', [], 'building the release wasm');
  sh('cargo', ['build', '--quiet', '--release', '--features', 'cli'], 'building the native CLI');
}
for (const f of ['www/pkg/cxmetrics.js', 'www/pkg/cxmetrics_bg.wasm', 'www/pkg/cxmetrics_simd_bg.wasm', 'node_modules/papaparse/papaparse.min.js',
  'node_modules/@duckdb/duckdb-wasm/dist/duckdb-browser.mjs', 'node_modules/apache-arrow/Arrow.dom.mjs']) {
  if (!fs.existsSync(path.join(ROOT, f))) fail(`${f} is missing: run scripts/setup.sh and scripts/build-wasm.sh (or drop --no-build)`);
}
if (!fs.existsSync(cliBin)) fail('target/release/cxmetrics is missing: cargo build --release --features cli');
// The module a browser downloads: the simd128 build where wasm SIMD
// validates (Chromium), else the plain one; the larger of the two counts.
// Gzipped as scripts/build-wasm.sh counts it (gzip -9); zlib where gzip is absent.
const wasmSizes = ['www/pkg/cxmetrics_bg.wasm', 'www/pkg/cxmetrics_simd_bg.wasm'].map((f) => {
  const bytes = fs.readFileSync(path.join(ROOT, f));
  const gz = spawnSync('gzip', ['-9', '-c', path.join(ROOT, f)], { maxBuffer: 64 << 20 });
  return { file: f, bytes: bytes.length, gzip: gz.status === 0 ? gz.stdout.length : zlib.gzipSync(bytes, { level: 9 }).length };
});
const wasmBytes = Math.max(...wasmSizes.map((w) => w.bytes));
const wasmGzip = Math.max(...wasmSizes.map((w) => w.gzip));

const { server, url } = await serve({ port: 0, root: ROOT });
const origin = new URL(url).origin;
const launchOptions = {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--enable-precise-memory-info', '--js-flags=--expose-gc'],
};
const browser = await chromium.launch(launchOptions);
const errors = [];
const foreign = [];
const watch = (page) => {
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`HTTP ${r.status()} ${r.url()}`); });
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !/^(data|blob):/.test(u)) foreign.push(u);
  });
};

let exitCode = 0;
try {
  const cdp = await browser.newBrowserCDPSession();
  const renderers = async () => (await cdp.send('SystemInfo.getProcessInfo')).processInfo
    .filter((p) => p.type === 'renderer').map((p) => p.id);

  const page = await browser.newPage();
  watch(page);
  await page.goto(`${origin}/benches/browser/bench.html`);
  await page.waitForFunction(() => window.bench && window.bench.ready, null, { timeout: 60000 });

  const before = new Map((await renderers()).map((pid) => [pid, procStatus(pid)?.rss ?? 0]));
  const loaded = await page.evaluate((u) => window.bench.load(u), tickets.url);
  if (loaded !== tickets.bytes) fail(`the page loaded ${loaded} of ${tickets.bytes} bytes`);
  let pid = null;
  let grew = -Infinity;
  for (const p of await renderers()) {
    const g = (procStatus(p)?.rss ?? 0) - (before.get(p) ?? 0);
    if (g > grew) [pid, grew] = [p, g];
  }
  const memory = new RendererMemory(pid);
  console.log(`page renderer: pid ${pid} (grew ${mb(grew).toFixed(0)} MB on loading the file); peak RSS by ${memory.canReset ? 'VmHWM after clear_refs' : 'polling VmRSS every 10 ms'}`);

  /** One measured run of `impl` on the loaded file. */
  async function measure(impl) {
    const setup = await page.evaluate((i) => window.bench.setup(i), impl);
    const base = memory.start();
    const r = await page.evaluate((i) => window.bench.run(i), impl);
    const peak = memory.stop();
    await page.evaluate((i) => window.bench.teardown(i), impl);
    return { ...r, setup, rss_base: base, rss_peak: peak };
  }

  // ---- tickets: interleaved, rotating the order each round.
  const runs = Object.fromEntries(IMPLS.map((i) => [i, []]));
  const total = opt.warmup + opt.runs;
  for (let round = 0; round < total; round++) {
    const order = IMPLS.map((_, k) => IMPLS[(k + round) % IMPLS.length]);
    for (const impl of order) {
      const r = await measure(impl);
      const warm = round < opt.warmup;
      console.log(`  ${warm ? 'warm-up' : `run ${round - opt.warmup + 1}/${opt.runs}`}  ${impl.padEnd(17)} ${r.ms.toFixed(0).padStart(7)} ms  ${(mb(tickets.bytes) / (r.ms / 1000)).toFixed(1).padStart(7)} MB/s  peak RSS +${mb(r.rss_peak - r.rss_base).toFixed(0)} MB`);
      if (!warm) runs[impl].push(r);
      else runs[impl].warmup = r;
    }
  }

  // ---- agreement.
  const reference = runs.cxmetrics[0].figures;
  const problems = [];
  for (const impl of IMPLS) {
    for (const [k, r] of [...runs[impl], runs[impl].warmup].filter(Boolean).entries()) {
      for (const d of differences(reference, r.figures)) problems.push(`${impl} run ${k + 1} vs cxmetrics: ${d}`);
    }
  }
  const nativeByThreads = native(cliBin, tickets, opt.runs, NATIVE_THREADS);
  const nativeTickets = nativeByThreads.all;
  for (const [threads, { report }] of Object.entries(nativeByThreads)) {
    for (const d of differences(reference, figuresFromCli(report))) problems.push(`native CLI (threads ${threads}) vs cxmetrics wasm: ${d}`);
  }
  if (reference.rows !== opt.rows) problems.push(`rows: ${reference.rows}, expected ${opt.rows}`);

  // ---- tickets summary: times from the timed runs; memory peaks from
  // every run, the warm-up included (a first run shows the growth a later
  // one finds already reserved).
  const summary = {};
  const withWarmup = (impl) => [...runs[impl], runs[impl].warmup].filter(Boolean);
  for (const impl of IMPLS) {
    const rs = runs[impl];
    const all = withWarmup(impl);
    const ms = median(rs.map((r) => r.ms));
    summary[impl] = {
      median_ms: round(ms, 1),
      min_ms: round(Math.min(...rs.map((r) => r.ms)), 1),
      max_ms: round(Math.max(...rs.map((r) => r.ms)), 1),
      mb_s: round(mb(tickets.bytes) / (ms / 1000), 1),
      peak_rss_mb: round(mb(Math.max(...all.map((r) => r.rss_peak))), 1),
      peak_rss_over_base_mb: round(mb(Math.max(...all.map((r) => r.rss_peak - r.rss_base))), 1),
      peak_js_heap_over_base_mb: round(mb(Math.max(...all.map((r) => r.heap_peak - r.heap_base))), 1),
      runs_ms: rs.map((r) => round(r.ms, 1)),
    };
  }
  summary.cxmetrics.worker_median_ms = round(median(runs.cxmetrics.map((r) => r.worker_ms)), 1);
  summary.cxmetrics.peak_wasm_mb = round(mb(Math.max(...withWarmup('cxmetrics').map((r) => r.wasm_bytes))), 1);
  summary.cxmetrics.wasm_mb_at_start = round(mb(runs.cxmetrics[0].setup.wasm_bytes_at_start), 1);
  // The page's path: its wasm memory sums every instance (the Engine's
  // worker, the parts module beside it and each range worker).
  const pageRuns = withWarmup('cxmetrics_workers');
  summary.cxmetrics_workers.workers = runs.cxmetrics_workers[0].workers;
  summary.cxmetrics_workers.hardware_concurrency = runs.cxmetrics_workers[0].setup.cores;
  summary.cxmetrics_workers.peak_wasm_mb = round(mb(Math.max(...pageRuns.map((r) => r.wasm_bytes))), 1);
  summary.cxmetrics_workers.wasm_mb_at_start = round(mb(runs.cxmetrics_workers[0].setup.wasm_bytes_at_start), 1);
  if (pageRuns.some((r) => r.workers !== summary.cxmetrics_workers.workers)) problems.push('cxmetrics_workers: the runs used different numbers of workers');
  summary.parallel_speedup = round(summary.cxmetrics.median_ms / summary.cxmetrics_workers.median_ms, 2);
  for (const k of ['decode_ms', 'parse_ms', 'aggregate_ms']) summary.papaparse[`${k.replace('_ms', '')}_median_ms`] = round(median(runs.papaparse.map((r) => r[k])), 1);
  for (const k of ['register_ms', 'query_ms']) summary.duckdb[`${k.replace('_ms', '')}_median_ms`] = round(median(runs.duckdb.map((r) => r[k])), 1);
  summary.duckdb.bundle = runs.duckdb[0].setup.bundle;
  summary.duckdb.version = runs.duckdb[0].setup.version;
  summary.native = { ...timing(nativeTickets.times, tickets.bytes), threads: CORES };
  summary.native_threads = Object.fromEntries(Object.entries(nativeByThreads).map(([k, v]) => [k, timing(v.times, tickets.bytes)]));
  summary.native_threads.all.count = CORES;

  // ---- survey: all three, interleaved, checked equal (answers, NPS
  // groups, NPS); subscriptions: cxmetrics only (its MRR rules — intervals,
  // statuses, month snapshots — have no short equivalent in the others).
  // Both also through the native CLI.
  const more = {};
  for (const w of others) {
    const n = await page.evaluate(([u, k]) => window.bench.load(u, k), [w.url, w.kind]);
    if (n !== w.bytes) fail(`the page loaded ${n} of ${w.bytes} bytes of ${w.file}`);
    const names = w.kind === 'survey' ? IMPLS : ['cxmetrics'];
    const byImpl = Object.fromEntries(names.map((i) => [i, { rs: [], all: [] }]));
    for (let k = 0; k < opt.warmup + opt.runs; k++) {
      for (const impl of names.map((_, j) => names[(j + k) % names.length])) {
        const r = await measure(impl);
        byImpl[impl].all.push(r);
        if (k >= opt.warmup) byImpl[impl].rs.push(r);
      }
    }
    const { rs, all } = byImpl.cxmetrics;
    const f = rs[0].figures;
    for (const impl of names.filter((i) => i !== 'cxmetrics')) {
      for (const r of byImpl[impl].all) {
        for (const key of Object.keys(f)) {
          const same = typeof f[key] === 'number' ? close(f[key], r.figures[key]) : f[key] === r.figures[key];
          if (!same) problems.push(`${w.kind}: ${impl} ${key} ${r.figures[key]} vs cxmetrics ${f[key]}`);
        }
      }
    }
    if (f.kind !== w.kind || f.rows !== w.rows || f.skipped !== 0) problems.push(`${w.kind}: cxmetrics read ${JSON.stringify(f)}, expected ${w.rows} ${w.kind} rows and none skipped`);
    for (const r of rs) if (JSON.stringify(r.figures) !== JSON.stringify(f)) problems.push(`${w.kind}: runs disagree`);
    const ms = median(rs.map((r) => r.ms));
    const nat = native(cliBin, w, opt.runs).all;
    if (nat.report.rows.read !== w.rows) problems.push(`${w.kind}: native CLI read ${nat.report.rows.read} rows`);
    const nms = median(nat.times);
    more[w.kind] = {
      rows: w.rows, bytes: w.bytes,
      cxmetrics: {
        median_ms: round(ms, 1), mb_s: round(mb(w.bytes) / (ms / 1000), 1),
        peak_wasm_mb: round(mb(Math.max(...all.map((r) => r.wasm_bytes))), 1),
        peak_rss_over_base_mb: round(mb(Math.max(...all.map((r) => r.rss_peak - r.rss_base))), 1),
        runs_ms: rs.map((r) => round(r.ms, 1)),
      },
      native: { median_ms: round(nms, 1), mb_s: round(mb(w.bytes) / (nms / 1000), 1) },
    };
    // The peers' ratios are to the page's path (cxmetrics_workers), the
    // one-worker ratios kept beside them.
    const pageMs = byImpl.cxmetrics_workers ? median(byImpl.cxmetrics_workers.rs.map((r) => r.ms)) : null;
    for (const impl of names.filter((i) => i !== 'cxmetrics')) {
      const ims = median(byImpl[impl].rs.map((r) => r.ms));
      more[w.kind][impl] = {
        median_ms: round(ims, 1),
        min_ms: round(Math.min(...byImpl[impl].rs.map((r) => r.ms)), 1),
        max_ms: round(Math.max(...byImpl[impl].rs.map((r) => r.ms)), 1),
        mb_s: round(mb(w.bytes) / (ims / 1000), 1),
        peak_rss_over_base_mb: round(mb(Math.max(...byImpl[impl].all.map((r) => r.rss_peak - r.rss_base))), 1),
        runs_ms: byImpl[impl].rs.map((r) => round(r.ms, 1)),
      };
      if (impl === 'cxmetrics_workers') {
        Object.assign(more[w.kind][impl], {
          workers: byImpl[impl].rs[0].workers,
          peak_wasm_mb: round(mb(Math.max(...byImpl[impl].all.map((r) => r.wasm_bytes))), 1),
        });
        more[w.kind].parallel_speedup = round(ms / ims, 2);
        continue;
      }
      more[w.kind][`ratio_vs_${impl}`] = round(ims / (pageMs ?? ms), 2);
      if (pageMs !== null) more[w.kind][`one_worker_ratio_vs_${impl}`] = round(ims / ms, 2);
    }
  }
  await page.close();

  // ---- first computed result after a cold load of the page, in a browser
  // of its own (the throughput runs leave this one holding PapaParse's
  // gigabyte and DuckDB's buffers), at least 11 runs: a cold load varies by
  // tens of milliseconds from one run to the next.
  let firstResult = null;
  if (opt.only !== 'tickets') {
    const times = [];
    const fresh = await chromium.launch(launchOptions);
    try {
      for (let k = 0; k < opt.warmup + Math.max(opt.runs, 11); k++) {
        const at = await coldLoad(fresh, origin, { onPage: watch });
        if (at === null) problems.push('www/index.html: data-ready was not seen by the observer');
        else if (k >= opt.warmup) times.push(at);
      }
    } finally {
      await fresh.close();
    }
    if (times.length) firstResult = { median_ms: round(median(times), 1), runs_ms: times.map((t) => round(t, 1)) };
  }

  if (errors.length) problems.push(`page errors: ${errors.slice(0, 5).join(' | ')}`);
  if (foreign.length) problems.push(`requests left this machine: ${foreign.slice(0, 5).join(' ')}`);

  // ---- results.
  // The ratios to the peers are the page's path's (cxmetrics_workers);
  // cxmetrics_mb_s and the one_worker_ ratios are of one worker, one pass.
  const pagePath = summary.cxmetrics_workers;
  const results = {
    cxmetrics_mb_s: summary.cxmetrics.mb_s,
    cxmetrics_workers_mb_s: pagePath.mb_s,
    page_workers: pagePath.workers,
    parallel_speedup: summary.parallel_speedup,
    papaparse_mb_s: summary.papaparse.mb_s,
    duckdb_mb_s: summary.duckdb.mb_s,
    ratio_vs_papaparse: round(summary.papaparse.median_ms / pagePath.median_ms, 2),
    ratio_vs_duckdb: round(summary.duckdb.median_ms / pagePath.median_ms, 2),
    one_worker_ratio_vs_papaparse: round(summary.papaparse.median_ms / summary.cxmetrics.median_ms, 2),
    one_worker_ratio_vs_duckdb: round(summary.duckdb.median_ms / summary.cxmetrics.median_ms, 2),
    cxmetrics_peak_wasm_mb: summary.cxmetrics.peak_wasm_mb,
    cxmetrics_workers_peak_wasm_mb: pagePath.peak_wasm_mb,
    cxmetrics_workers_spread_ms: { min: pagePath.min_ms, max: pagePath.max_ms },
    wasm_gzip_bytes: wasmGzip,
    wasm_bytes: wasmBytes,
    native_mb_s: summary.native.mb_s,
    native_threads: {
      1: summary.native_threads['1'].mb_s,
      2: summary.native_threads['2'].mb_s,
      all: summary.native_threads.all.mb_s,
      all_count: CORES,
    },
    native_threads_spread_ms: Object.fromEntries(Object.entries(summary.native_threads)
      .map(([k, v]) => [k, { min: v.min_ms, max: v.max_ms }])),
    first_result_after_load_ms: firstResult?.median_ms ?? null,
    agree: problems.length === 0,
    workloads: {
      tickets: { rows: tickets.rows, bytes: tickets.bytes, figures: reference, ...summary },
      ...more,
    },
    first_result_after_load: firstResult,
    method: {
      runs: opt.runs, warmup: opt.warmup, interleaved: true,
      mb: '10^6 bytes',
      time: 'performance.now() in the page around the work, from the bytes in page memory to the figures; setup (worker start and wasm compile, the Engine started and its wasm compiled on the first lines of the file, DuckDB instantiate: once per workload; the copy of the bytes DuckDB takes: each run) not timed; the range workers of cxmetrics_workers start inside each timed run, as in the page',
      workers: "cxmetrics_workers: www/engine.js's Engine on www/worker.js, default workers (workersFor(size): 1 under 64 MiB, else min(hardwareConcurrency, 8, size / 8 MiB)); its wasm memory sums every instance",
      rss: memory.canReset ? 'renderer VmHWM after clear_refs=5 (/proc), page + its workers' : 'renderer VmRSS polled every 10 ms (/proc), page + its workers',
      js_heap: 'performance.memory.usedJSHeapSize of the page main thread (--enable-precise-memory-info), sampled every 5 ms and at phase boundaries',
      native: 'wall clock of `cxmetrics report FILE --json`, process start to exit, after one warm-up run; on the tickets file also with --threads 1 and --threads 2, the three interleaved (native_mb_s: the default, every core)',
    },
    machine: {
      cpus: os.cpus().length, cpu: os.cpus()[0]?.model, memory_gb: round(os.totalmem() / 2 ** 30, 1),
      load_average: os.loadavg().map((x) => round(x, 2)), node: process.version, chromium: browser.version(),
      papaparse: JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/papaparse/package.json'), 'utf8')).version,
      duckdb_wasm: JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/@duckdb/duckdb-wasm/package.json'), 'utf8')).version,
      date: new Date().toISOString(),
    },
  };
  if (problems.length) results.problems = problems;
  fs.writeFileSync(path.join(OUT, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(path.join(OUT, 'results.md'), markdown(results));

  // ---- table.
  const line = (cells, widths) => cells.map((c, i) => String(c ?? '–')[i ? 'padStart' : 'padEnd'](widths[i])).join('  ');
  const W = [32, 11, 9, 10, 13, 13, 11];
  console.log(`\ntickets: ${tickets.rows.toLocaleString('en')} rows, ${mb(tickets.bytes).toFixed(1)} MB, median of ${opt.runs} interleaved runs (load average ${os.loadavg()[0].toFixed(2)})`);
  console.log(line(['', 'median ms', 'MB/s', 'page ×', 'peak RSS +MB', 'JS heap +MB', 'wasm MB'], W));
  const cxRate = pagePath.mb_s;
  for (const [name, s, extra] of [
    [`cxmetrics, ${pagePath.workers} worker${pagePath.workers === 1 ? '' : 's'} (page's path)`, pagePath, pagePath.peak_wasm_mb],
    ['cxmetrics, one worker', summary.cxmetrics, summary.cxmetrics.peak_wasm_mb],
    ['PapaParse + JS', summary.papaparse],
    [`DuckDB-WASM ${summary.duckdb.version ?? ''}`.trim(), summary.duckdb],
  ]) {
    console.log(line([name, s.median_ms, s.mb_s, round(cxRate / s.mb_s, 2), s.peak_rss_over_base_mb, s.peak_js_heap_over_base_mb, extra], W));
  }
  console.log(line(['native CLI (wall clock)', summary.native.median_ms, summary.native.mb_s, round(cxRate / summary.native.mb_s, 2)], W));
  const nt = summary.native_threads;
  console.log(`native CLI by thread count: ${Object.entries(nt).map(([k, v]) => `${k === 'all' ? `all (${v.count})` : k}: ${v.mb_s} MB/s (${v.min_ms}–${v.max_ms} ms)`).join(', ')}`);
  const pw = `${pagePath.workers} worker${pagePath.workers === 1 ? '' : 's'}`;
  console.log(`parallel speedup in the page (one worker ÷ ${pw}, medians): ${summary.parallel_speedup}×; spread: ${pw} ${pagePath.min_ms}–${pagePath.max_ms} ms, one worker ${summary.cxmetrics.min_ms}–${summary.cxmetrics.max_ms} ms`);
  for (const [kind, m] of Object.entries(more)) {
    const peers = ['papaparse', 'duckdb'].filter((i) => m[i]).map((i) => `; ${i} ${m[i].median_ms} ms, ${m[i].mb_s} MB/s (page × ${m[`ratio_vs_${i}`]})`).join('');
    const cw = m.cxmetrics_workers;
    const page = cw ? `page's path (${cw.workers} worker${cw.workers === 1 ? '' : 's'}) ${cw.median_ms} ms, ${cw.mb_s} MB/s, wasm ${cw.peak_wasm_mb} MB; ` : '';
    console.log(`${kind}: ${m.rows.toLocaleString('en')} rows, ${mb(m.bytes).toFixed(1)} MB: ${page}cxmetrics${cw ? ' one worker' : ''} ${m.cxmetrics.median_ms} ms, ${m.cxmetrics.mb_s} MB/s, wasm ${m.cxmetrics.peak_wasm_mb} MB${peers}; native ${m.native.mb_s} MB/s`);
  }
  if (firstResult) console.log(`first computed result after a cold load of www/index.html: ${firstResult.median_ms} ms (median)`);
  for (const w of wasmSizes) console.log(`wasm: ${w.bytes} bytes, ${w.gzip} gzipped (${w.file})`);
  console.log(`wrote target/bench/results.json and target/bench/results.md`);

  if (problems.length) {
    console.error('\nBENCH FAILED: the implementations do not agree, or the run went wrong:');
    for (const p of problems) console.error(`  - ${p}`);
    exitCode = 1;
  } else {
    console.log(`\nall ${IMPLS.length} implementations and the native CLI agree on every figure (1e-9 relative): ${JSON.stringify(reference)}`);
  }
} catch (err) {
  console.error(`\nBENCH FAILED: ${err && err.stack || err}`);
  exitCode = 1;
} finally {
  await browser.close();
  server.close();
}
process.exit(exitCode);

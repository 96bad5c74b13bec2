// The page side of the in-browser benchmark. The runner (run.mjs) drives it
// through `window.bench`: `load(url)` fetches a workload ONCE into page
// memory (one ArrayBuffer, and one Blob made from it); then, per run,
// `setup(impl)` (not timed: the first time for a workload, start the
// cxmetrics worker (wasm compiled), start the page's Engine (www/engine.js,
// its wasm compiled) or instantiate DuckDB; every time, copy the bytes
// DuckDB's transfer will take), `run(impl)` (timed with
// performance.now() around the work, from the bytes in memory to the
// figures) and `teardown(impl)` (DuckDB drops the file). As in the app, the
// worker and the database live on between runs of one workload (the app's
// worker lives as long as the page); `load` ends them, so each workload
// starts from fresh ones and the wasm memory figure is that workload's.
// Every implementation computes the same figures:
//
//   rows, median and p90 of first reply minutes and of full resolution
//   minutes (solved/closed tickets), one-touch rate (replies < 2 among
//   solved/closed), CSAT = Good ÷ (Good + Bad), and the top 5 tags by
//   distinct requesters (ties: more tickets, then the name).
//
// Percentiles interpolate linearly between closest ranks (PERCENTILE.INC,
// DuckDB's quantile_cont), as the conventions of docs/metrics.md say.
import * as duckdb from '@duckdb/duckdb-wasm';
import { Engine } from '/www/engine.js';
import { workersFor } from '/www/parallel.js';

const status = document.getElementById('status');
const DUCK_DIST = '/node_modules/@duckdb/duckdb-wasm/dist/';
const BUNDLES = {
  mvp: { mainModule: `${DUCK_DIST}duckdb-mvp.wasm`, mainWorker: `${DUCK_DIST}duckdb-browser-mvp.worker.js` },
  eh: { mainModule: `${DUCK_DIST}duckdb-eh.wasm`, mainWorker: `${DUCK_DIST}duckdb-browser-eh.worker.js` },
};

const state = { bytes: null, blob: null, name: null, cx: null, page: null, duck: null };

// --- JS heap of this page (performance.memory, precise with
// --enable-precise-memory-info). Sampled every 5 ms while the main thread is
// free, and at each phase boundary of the synchronous work.
const heap = () => (performance.memory ? performance.memory.usedJSHeapSize : 0);
let heapPeak = 0;
const sample = () => { const h = heap(); if (h > heapPeak) heapPeak = h; };
let sampler = null;
function heapStart() {
  heapPeak = heap();
  const base = heapPeak;
  sampler = setInterval(sample, 5);
  return base;
}
function heapStop() {
  clearInterval(sampler);
  sample();
  return heapPeak;
}

// --- Figures.

/** PERCENTILE.INC on values sorted ascending: x[⌊h⌋] + f·(x[⌈h⌉] − x[⌊h⌋]), h = (n − 1)·q. */
function percentileSorted(sorted, q) {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const f = h - lo;
  const xlo = sorted[lo];
  const xhi = sorted[Math.min(lo + 1, sorted.length - 1)];
  return f === 0 || xlo === xhi ? xlo : xlo + f * (xhi - xlo);
}

const byCustomers = (a, b) =>
  b.customers - a.customers || b.tickets - a.tickets || (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0);

function figuresFromReport(report) {
  const m = report.metrics;
  const value = (f) => (f && f.value !== null && f.value !== undefined ? f.value : null);
  if (report.kind === 'survey') return surveyFigures(report);
  if (report.kind !== 'tickets') {
    return { kind: report.kind, rows: report.rows.read, used: report.rows.used, skipped: report.rows.skipped };
  }
  const top = Array.isArray(m.top_issues) ? m.top_issues : (m.top_issues.list || m.top_issues.value || []);
  return {
    rows: value(m.tickets),
    skipped: report.rows.skipped,
    frt_median: m.first_response_minutes.median ?? null,
    frt_p90: m.first_response_minutes.p90 ?? null,
    res_median: m.resolution_minutes.median ?? null,
    res_p90: m.resolution_minutes.p90 ?? null,
    one_touch: value(m.one_touch_rate),
    csat: value(m.ticket_csat),
    top5: top.slice(0, 5).map((t) => ({ tag: t.category, customers: t.customers, tickets: t.tickets })),
  };
}

// --- (a) cxmetrics: one module Worker running the wasm in one pass (the
// page's path for a file under 64 MiB; for a larger one, see (a′) below).

function cxWorker() {
  const worker = new Worker(new URL('./cx-worker.js', import.meta.url), { type: 'module' });
  const call = (message) => new Promise((resolve, reject) => {
    worker.onmessage = (e) => (e.data.type === 'error' ? reject(new Error(e.data.message)) : resolve(e.data));
    worker.onerror = (e) => { e.preventDefault(); reject(new Error(e.message || 'cx worker error')); };
    worker.postMessage(message);
  });
  return { worker, call };
}

const impls = {
  cxmetrics: {
    async setup() {
      if (!state.cx) {
        state.cx = cxWorker();
        state.cx.start = (await state.cx.call({ type: 'ready' })).wasmBytes;
      }
      return { wasm_bytes_at_start: state.cx.start };
    },
    async run() {
      const t0 = performance.now();
      const r = await state.cx.call({ type: 'ingest', blob: state.blob });
      const ms = performance.now() - t0;
      if (r.bytes !== state.bytes.length) throw new Error(`cxmetrics read ${r.bytes} of ${state.bytes.length} bytes`);
      return { ms, worker_ms: r.workerMs, wasm_bytes: r.wasmBytes, figures: figuresFromReport(r.report) };
    },
    teardown() {},
    close() {
      state.cx?.worker.terminate();
      state.cx = null;
    },
  },

  // --- (a′) cxmetrics_workers: the page's own path, www/engine.js's Engine
  // on www/worker.js, default settings and default workers: a file of
  // 64 MiB or more is read in parts by workersFor(size) range workers
  // (www/parallel.js) and merged; a smaller one in one pass. The Engine
  // is started once per workload (setup, untimed) and its wasm compiled by
  // reading the file's first lines; the range workers start inside each
  // ingest, as they do in the page, so their start is timed. wasm_bytes is
  // the summed wasm memory of every instance of the run.
  cxmetrics_workers: {
    async setup() {
      if (!state.page) {
        const engine = new Engine(new URL('/www/worker.js', location.origin));
        // The first whole lines (up to 64 KiB), one pass: the worker's wasm
        // and its parallel.js loaded before the timed runs.
        const head = state.bytes.subarray(0, 1 << 16);
        const end = head.lastIndexOf(10);
        try {
          await engine.ingest(new Blob([end > 0 ? head.subarray(0, end + 1) : head]));
        } catch (err) {
          if (err.name === 'StartError' || err.name === 'InternalError') throw err;
          // A head the core rejects still started the worker and its wasm.
        }
        state.page = { engine, start: engine.wasmMemory ?? 0 };
      }
      return { wasm_bytes_at_start: state.page.start, cores: navigator.hardwareConcurrency };
    },
    async run() {
      const { engine } = state.page;
      const t0 = performance.now();
      const report = await engine.ingest(state.blob);
      const ms = performance.now() - t0;
      return { ms, wasm_bytes: engine.wasmMemory, workers: workersFor(state.blob.size), figures: figuresFromReport(report) };
    },
    teardown() {},
    close() {
      state.page?.engine.worker.terminate();
      state.page = null;
    },
  },

  // --- (b) PapaParse 5, header: true, on the main thread, on the decoded
  // text, then plain JS aggregation.
  papaparse: {
    async setup() { return {}; },
    close() {},
    async run() {
      const t0 = performance.now();
      const text = new TextDecoder().decode(state.bytes);
      sample();
      const t1 = performance.now();
      const parsed = Papa.parse(text, { header: true, skipEmptyLines: true, worker: false });
      sample();
      const t2 = performance.now();
      if (parsed.errors.length) throw new Error(`PapaParse: ${JSON.stringify(parsed.errors.slice(0, 3))}`);
      const figures = state.kind === 'survey' ? aggregateSurvey(parsed.data) : aggregate(parsed.data);
      sample();
      const ms = performance.now() - t0;
      return { ms, decode_ms: t1 - t0, parse_ms: t2 - t1, aggregate_ms: performance.now() - t2, figures };
    },
    teardown() {},
  },

  // --- (c) DuckDB-WASM: registerFileBuffer + ONE SQL query. Instantiating
  // the database is setup, not timed.
  duckdb: {
    async setup() {
      if (!state.duck) {
        const bundle = await duckdb.selectBundle(BUNDLES);
        const worker = new Worker(bundle.mainWorker);
        const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
        await db.instantiate(bundle.mainModule, bundle.pthreadWorker);
        const conn = await db.connect();
        state.duck = { db, conn, worker, bundle: bundle.mainModule.split('/').pop(), version: await db.getVersion() };
      }
      // registerFileBuffer transfers its buffer to DuckDB's worker: give it
      // a copy made here, so the page's bytes stay for the other runs.
      state.duck.copy = state.bytes.slice();
      return { bundle: state.duck.bundle, version: state.duck.version };
    },
    async run() {
      const { db, conn } = state.duck;
      const t0 = performance.now();
      await db.registerFileBuffer('data.csv', state.duck.copy);
      state.duck.copy = null;
      const t1 = performance.now();
      const table = await conn.query(state.kind === 'survey' ? SURVEY_SQL : DUCK_SQL);
      const row = table.toArray()[0].toJSON();
      const ms = performance.now() - t0;
      const num = (x) => (x === null || x === undefined ? null : Number(x));
      if (state.kind === 'survey') {
        const figures = npsFigures(num(row.rows), num(row.promoters), num(row.passives), num(row.detractors));
        return { ms, register_ms: t1 - t0, query_ms: ms - (t1 - t0), figures };
      }
      const figures = {
        rows: num(row.rows),
        skipped: 0,
        frt_median: num(row.frt_median),
        frt_p90: num(row.frt_p90),
        res_median: num(row.res_median),
        res_p90: num(row.res_p90),
        one_touch: num(row.one_touch),
        csat: num(row.csat),
        // Tab-separated tag, customers, tickets; one line a tag (no JSON
        // extension needed, so nothing is loaded from the network).
        top5: String(row.top5 ?? '').split('\n').filter(Boolean).map((line) => {
          const [tag, customers, tickets] = line.split('\t');
          return { tag, customers: Number(customers), tickets: Number(tickets) };
        }),
      };
      return { ms, register_ms: t1 - t0, query_ms: ms - (t1 - t0), figures };
    },
    async teardown() {
      if (state.duck) await state.duck.db.dropFile('data.csv');
    },
    async close() {
      if (!state.duck) return;
      try {
        await state.duck.conn.close();
      } finally {
        await state.duck.db.terminate();
        state.duck = null;
      }
    },
  },
};

/** The survey figures every implementation gives: answers and NPS groups. */
function surveyFigures(report) {
  const nps = report.metrics.nps;
  return {
    kind: 'survey',
    rows: report.rows.read,
    skipped: report.rows.skipped,
    promoters: nps.promoters,
    passives: nps.passives,
    detractors: nps.detractors,
    nps: nps.value,
  };
}

/** NPS from the three group counts, as every implementation reports it. */
function npsFigures(rows, promoters, passives, detractors) {
  const n = promoters + passives + detractors;
  return { kind: 'survey', rows, skipped: rows - n, promoters, passives, detractors, nps: n ? ((promoters - detractors) / n) * 100 : null };
}

/** Plain JS aggregation of PapaParse's survey rows. */
function aggregateSurvey(rows) {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const row of rows) {
    const s = Number(row.Score);
    if (!Number.isInteger(s) || s < 0 || s > 10 || row.Score.trim() === '') continue;
    if (s >= 9) promoters++;
    else if (s >= 7) passives++;
    else detractors++;
  }
  return npsFigures(rows.length, promoters, passives, detractors);
}

const SURVEY_SQL = `
SELECT count(*)::DOUBLE AS rows,
  (count(*) FILTER (WHERE "Score" BETWEEN 9 AND 10))::DOUBLE AS promoters,
  (count(*) FILTER (WHERE "Score" BETWEEN 7 AND 8))::DOUBLE AS passives,
  (count(*) FILTER (WHERE "Score" BETWEEN 0 AND 6))::DOUBLE AS detractors
FROM read_csv('data.csv', header = true, delim = ',', quote = '"',
  types = {'Score': 'BIGINT'})`;

/** Plain JS aggregation of PapaParse's row objects. */
function aggregate(rows) {
  const frt = new Float64Array(rows.length);
  const res = new Float64Array(rows.length);
  let nf = 0;
  let nr = 0;
  let solved = 0;
  let oneTouch = 0;
  let good = 0;
  let bad = 0;
  const tags = new Map(); // tag → { customers: Set, tickets }
  for (const r of rows) {
    const isSolved = (() => { const s = r['Status'].trim().toLowerCase(); return s === 'solved' || s === 'closed'; })();
    const f = r['First reply time in minutes'].trim();
    if (f !== '') frt[nf++] = Number(f);
    if (isSolved) {
      solved++;
      const x = r['Full resolution time in minutes'].trim();
      if (x !== '') res[nr++] = Number(x);
      if (Number(r['Replies']) < 2) oneTouch++;
    }
    const sat = r['Satisfaction Score'].trim().toLowerCase();
    if (sat === 'good') good++;
    else if (sat === 'bad') bad++;
    const requester = r['Requester id'].trim();
    const seen = new Set();
    for (const tag of r['Tags'].split(' ')) {
      if (tag === '' || seen.has(tag)) continue;
      seen.add(tag);
      let t = tags.get(tag);
      if (!t) tags.set(tag, (t = { customers: new Set(), tickets: 0 }));
      t.tickets++;
      if (requester !== '') t.customers.add(requester);
    }
  }
  const f = frt.subarray(0, nf).sort();
  const s = res.subarray(0, nr).sort();
  const top5 = [...tags].map(([tag, t]) => ({ tag, customers: t.customers.size, tickets: t.tickets }))
    .sort(byCustomers).slice(0, 5);
  return {
    rows: rows.length,
    skipped: 0,
    frt_median: percentileSorted(f, 0.5),
    frt_p90: percentileSorted(f, 0.9),
    res_median: percentileSorted(s, 0.5),
    res_p90: percentileSorted(s, 0.9),
    one_touch: solved ? oneTouch / solved : null,
    csat: good + bad ? good / (good + bad) : null,
    top5,
  };
}

const DUCK_SQL = `
WITH t AS MATERIALIZED (
  SELECT "Requester id" AS requester,
         lower(trim("Status")) IN ('solved', 'closed') AS solved,
         "Tags" AS tags,
         "Replies" AS replies,
         lower(trim("Satisfaction Score")) AS sat,
         "First reply time in minutes" AS frt,
         "Full resolution time in minutes" AS res
  FROM read_csv('data.csv', header = true, delim = ',', quote = '"',
    types = {'Requester id': 'VARCHAR', 'Status': 'VARCHAR', 'Tags': 'VARCHAR', 'Replies': 'BIGINT',
             'Satisfaction Score': 'VARCHAR', 'First reply time in minutes': 'DOUBLE',
             'Full resolution time in minutes': 'DOUBLE'})
),
tag_counts AS (
  SELECT tag, count(DISTINCT nullif(trim(requester), '')) AS customers, count(*) AS tickets
  FROM (SELECT unnest(list_distinct(string_split(tags, ' '))) AS tag, requester FROM t)
  WHERE tag <> ''
  GROUP BY tag
),
top5 AS (SELECT * FROM tag_counts ORDER BY customers DESC, tickets DESC, tag LIMIT 5)
SELECT
  count(*)::DOUBLE AS rows,
  quantile_cont(frt, 0.5) AS frt_median,
  quantile_cont(frt, 0.9) AS frt_p90,
  quantile_cont(res, 0.5) FILTER (WHERE solved) AS res_median,
  quantile_cont(res, 0.9) FILTER (WHERE solved) AS res_p90,
  (count(*) FILTER (WHERE solved AND replies < 2))::DOUBLE / nullif(count(*) FILTER (WHERE solved), 0) AS one_touch,
  (count(*) FILTER (WHERE sat = 'good'))::DOUBLE / nullif(count(*) FILTER (WHERE sat IN ('good', 'bad')), 0) AS csat,
  (SELECT string_agg(concat_ws(chr(9), tag, customers, tickets), chr(10)
     ORDER BY customers DESC, tickets DESC, tag) FROM top5) AS top5
FROM t`;

function impl(name) {
  const i = impls[name];
  if (!i) throw new Error(`unknown implementation ${name}`);
  return i;
}

window.bench = {
  ready: true,
  sql: DUCK_SQL,
  /** Fetches a workload once into page memory; the previous one is dropped. */
  async load(url, kind = 'tickets') {
    state.kind = kind;
    for (const i of Object.values(impls)) await i.close();
    state.bytes = null;
    state.blob = null;
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    state.bytes = new Uint8Array(await response.arrayBuffer());
    state.blob = new Blob([state.bytes], { type: 'text/csv' });
    state.name = url;
    status.textContent = `loaded ${url}`;
    return state.bytes.length;
  },
  async setup(name) {
    if (typeof gc === 'function') gc();
    return impl(name).setup();
  },
  /** One timed run; the JS heap figures are of this page's main thread. */
  async run(name) {
    status.textContent = `running ${name} on ${state.name}`;
    const base = heapStart();
    let result;
    try {
      result = await impl(name).run();
    } finally {
      const peak = heapStop();
      if (result) Object.assign(result, { heap_base: base, heap_peak: peak });
    }
    status.textContent = 'idle';
    return result;
  },
  async teardown(name) {
    await impl(name).teardown();
    if (typeof gc === 'function') gc();
  },
};
status.textContent = 'ready';

// Owns the wasm module. The page posts work; this worker streams bytes into
// the Rust core and posts progress and the report back. The page never parses.

// Browsers with wasm SIMD get the simd128 build (same glue, a faster record
// splitter); the probe is a function using i8x16 instructions.
const SIMD = WebAssembly.validate(new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]));
// The wasm downloads and compiles as it streams in while the glue loads (a
// static import would fetch them one after the other, and the glue's own
// instantiateStreaming would start compiling only once the glue is in).
const wasmUrl = new URL(SIMD ? './pkg/cxmetrics_simd_bg.wasm' : './pkg/cxmetrics_bg.wasm', import.meta.url);
const wasm = fetch(wasmUrl).then(async (res) => {
  if (!res.ok) throw new Error(`failed to fetch Wasm: ${res.status} ${res.statusText} fetching '${res.url}'`);
  // Streaming compilation needs the application/wasm type; a server that
  // sends another gets the whole-buffer compile.
  if (res.headers.get('content-type') === 'application/wasm') return WebAssembly.compileStreaming(res);
  return WebAssembly.compile(await res.arrayBuffer());
});
wasm.catch(() => {}); // init reports it
const glue = import('./pkg/cxmetrics.js');
// debug_panic exists only in the tests' build (cargo feature test-exports).
let Ingest, calculate, field_ids, debug_panic;
const ready = glue.then((g) => {
  ({ Ingest, calculate, field_ids, debug_panic } = g);
  return g.default({ module_or_path: wasm });
});
// The result-table head check (plain JS, loaded beside the glue).
const resultHead = import('./result-head.js');
resultHead.catch(() => {}); // ingest reports it
// A glue that cannot load is a worker that cannot start, as a static import
// would be: an uncaught error before any answer, and the page gives up.
glue.catch((err) => setTimeout(() => { throw err; }));
// The wasm linear memory only grows: its size after a request is the peak so far.
const memoryBytes = async () => (await ready).memory.buffer.byteLength;
const KINDS = ['survey', 'tickets', 'subscriptions', 'spend', 'accounts', 'customers'];
const CHUNK = 1 << 20; // 1 MiB: large enough to amortise the boundary, small enough for smooth progress.
const PROGRESS_MS = 100;

// A trap (a Rust panic) leaves the module unusable: say so and let the page restart us.
function isTrap(err) {
  return err instanceof WebAssembly.RuntimeError;
}

// The panic hook prints the panic message on the console; keep the last one
// for the error report the page offers to copy.
let lastPanic = '';
const consoleError = console.error.bind(console);
console.error = (...args) => {
  const text = args.map(String).join(' ');
  if (text.startsWith('cxmetrics internal error')) lastPanic = text;
  consoleError(...args);
};

// The warehouse module (the SQL generator and the result-table reader,
// crate cxmetrics-warehouse) is a second wasm, fetched on first use only:
// when the warehouse panel asks for a query or a file is a result table.
// A failed load is tried again on the next use.
let warehouse = null;
function warehouseModule() {
  warehouse ??= import('./pkg/cxmetrics_warehouse.js').then(async (w) => {
    await w.default({ module_or_path: new URL('./pkg/cxmetrics_warehouse_bg.wasm', import.meta.url) });
    return w;
  });
  warehouse.catch(() => { warehouse = null; });
  return warehouse;
}

/** The report a result table describes (the warehouse module's reader). */
async function figures(source) {
  const { figures_report } = await warehouseModule();
  return JSON.parse(figures_report(await bytesOf(source)));
}

/** The bytes of a File or a string. */
async function bytesOf(source, length) {
  if (typeof source === 'string') return new TextEncoder().encode(length ? source.slice(0, length) : source);
  return new Uint8Array(await (length ? source.slice(0, length) : source).arrayBuffer());
}

// A large file is read in parts by several workers (www/parallel.js,
// imported on the first File; it fetches its wasm only for a large one).
let parallel = null;
function parallelModule() {
  parallel ??= import('./parallel.js');
  parallel.catch(() => { parallel = null; });
  return parallel;
}
// The wasm memory of the parts module and its range workers in the last
// parallel read (added to this worker's own in the answer).
let partsMemory = 0;

async function ingest(id, source, settings, workers) {
  // A result table of the warehouse query (metric,path,value,reason): the
  // report it describes, drawn by the same sections.
  const { looksLikeResult } = await resultHead;
  if (looksLikeResult(await bytesOf(source, 256))) return figures(source);
  if (typeof source !== 'string') {
    const { readInParts, workersFor } = await parallelModule();
    const count = workers ?? workersFor(source.size);
    if (count > 1) {
      const onProgress = (p) => postMessage({ id, type: 'progress', ...p });
      const read = await readInParts({ file: source, settings, count, simd: SIMD, onProgress });
      if (read) {
        partsMemory = read.memory;
        return read.report;
      }
    }
  }
  const ingest = new Ingest(settings ?? undefined);
  const total = typeof source === 'string' ? null : source.size;
  let bytes = 0;
  let last = 0;
  const progress = (force) => {
    const now = performance.now();
    if (force || now - last > PROGRESS_MS) {
      last = now;
      postMessage({ id, type: 'progress', bytes, total, rows: ingest.rows() });
    }
  };
  try {
    if (typeof source === 'string') {
      const data = new TextEncoder().encode(source);
      for (let at = 0; at < data.length; at += CHUNK) {
        const part = data.subarray(at, at + CHUNK);
        ingest.push(part);
        bytes += part.length;
      }
    } else {
      const reader = source.stream().getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        for (let at = 0; at < value.length; at += CHUNK) {
          const part = value.subarray(at, at + CHUNK);
          ingest.push(part);
          bytes += part.length;
        }
        progress(false);
      }
    }
    progress(true);
    return ingest.finish();
  } catch (err) {
    // The columns let the page offer to map them by hand when the kind or a
    // required column could not be recognised.
    if (!isTrap(err)) {
      try { err.columns = ingest.columns(); } catch { /* a trap leaves nothing to ask */ }
    }
    throw err;
  } finally {
    ingest.free();
  }
}

self.onmessage = async (event) => {
  const { id, type } = event.data;
  try { await glue; } catch { return; } // not started: no answer
  try {
    await ready;
    let result;
    if (type === 'ingest') {
      result = await ingest(id, event.data.source, event.data.settings, event.data.workers);
    } else if (type === 'calculate') {
      result = calculate(event.data.name, event.data.input ?? {});
    } else if (type === 'sql') {
      // The warehouse query (src/sql/): kind, dialect, table, mapping, settings.
      result = (await warehouseModule()).sql(event.data.request);
    } else if (type === 'figures') {
      // A result table of that query, whatever its first line looks like.
      result = await figures(event.data.source);
    } else if (type === 'debug_panic' && debug_panic) {
      debug_panic();
    } else {
      throw new Error(`Unknown request “${type}”.`);
    }
    postMessage({ id, type: 'result', result, memory: (await memoryBytes()) + partsMemory });
    partsMemory = 0;
  } catch (err) {
    if (isTrap(err)) {
      postMessage({ id, type: 'crashed', message: [lastPanic, String(err && err.stack || err)].filter(Boolean).join('\n') });
    } else {
      const columns = Array.isArray(err?.columns) && err.columns.length ? err.columns : undefined;
      const fields = columns ? Object.fromEntries(KINDS.map((k) => [k, field_ids(k)])) : undefined;
      const code = typeof err?.code === 'string' ? err.code : undefined;
      postMessage({ id, type: 'error', message: err instanceof Error ? err.message : String(err), code, columns, fields });
    }
  }
};

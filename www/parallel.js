// A large file read in parts by several workers at once: the page's side
// of `cxmetrics report --threads` (src/session/ranges.rs). The worker that
// owns the page's module (www/worker.js) runs this; it starts one range
// worker (www/range-worker.js) per range, each reading its own File.slice,
// and merges their parts in file order with the parts module's
// MergeIngest. The report is the one a single pass gives, to the byte.
//
// - The plan (format, header rows, kind, mapping) is made once from the
//   file's head and handed to every range as bytes.
// - Each range starts just past the first line feed after its cut. When a
//   range ends inside a quoted cell, that guess was wrong: the range and
//   the next are read again as one (src/session/ranges.rs says why that is
//   exact).
// - Line numbers are the file's: the line feeds before each range are
//   counted first, all ranges at once.
// - The page's own module stays the first thing loaded; the parts module
//   (a wasm of its own) is fetched only for a file this large.

/**
 * Files smaller than this are read in one pass. Starting the range workers,
 * counting the line feeds before each range and merging cost about 0.1 s;
 * on a 2-core machine two workers save a sixth of a one-pass read, so they
 * pay from about 70 MB (`make bench`: 0.67× on 20 MB, 0.9× on 37.5 MB,
 * 1.2× on 166 MB; benches/README.md, "Reading in parts").
 */
export const PARALLEL_MIN_BYTES = 64 << 20;
/** Each range at least this large. */
const MIN_RANGE_BYTES = 8 << 20;
/** At most this many range workers, whatever the cores. */
export const MAX_WORKERS = 8;
/** The head the plan is made from (the sample is 256 KiB). */
const HEAD_BYTES = 1 << 20;

/** How many workers read a file of `size` bytes: 1 means one pass. */
export function workersFor(size, cores = navigator.hardwareConcurrency || 1) {
  if (size < PARALLEL_MIN_BYTES) return 1;
  return Math.max(1, Math.min(cores, MAX_WORKERS, Math.floor(size / MIN_RANGE_BYTES)));
}

/** Compiles a wasm file as it streams in. */
async function compile(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`failed to fetch Wasm: ${res.status} ${res.statusText} fetching '${res.url}'`);
  if (res.headers.get('content-type') === 'application/wasm') return WebAssembly.compileStreaming(res);
  return WebAssembly.compile(await res.arrayBuffer());
}

// The parts module, compiled once: instantiated here for the plan and the
// merge, and posted to every range worker as a WebAssembly.Module. A failed
// load is tried again next time.
let parts = null;
function partsModule(simd) {
  parts ??= (async () => {
    const file = simd ? './pkg/cxmetrics_parts_simd_bg.wasm' : './pkg/cxmetrics_parts_bg.wasm';
    const [glue, module] = await Promise.all([
      import('./pkg/cxmetrics_parts.js'),
      compile(new URL(file, import.meta.url)),
    ]);
    const exports = await glue.default({ module_or_path: module });
    return { glue, module, exports };
  })();
  parts.catch(() => { parts = null; });
  return parts;
}

/** An error posted by a range worker, as this worker would throw it. */
function rebuilt(message) {
  if (message.type === 'crashed') return new WebAssembly.RuntimeError(message.message);
  const error = new Error(message.message);
  if (message.code) error.code = message.code;
  return error;
}

/** A range worker: requests are promises; `memory` is its wasm memory. */
class RangeWorker {
  constructor() {
    this.worker = new Worker(new URL('./range-worker.js', import.meta.url), { type: 'module' });
    this.nextId = 1;
    this.pending = new Map();
    this.memory = 0;
    this.worker.onmessage = ({ data }) => {
      const entry = this.pending.get(data.id);
      if (!entry) return;
      if (data.type === 'progress') return entry.onProgress?.(data);
      this.pending.delete(data.id);
      if (data.type === 'result') {
        this.memory = Math.max(this.memory, data.memory || 0);
        entry.resolve(data.result);
      } else entry.reject(rebuilt(data));
    };
    this.worker.onerror = (event) => {
      event.preventDefault();
      const error = new Error(`A range worker stopped: ${event.message || 'it could not start'}.`);
      for (const { reject } of this.pending.values()) reject(error);
      this.pending.clear();
    };
  }

  call(type, payload, onProgress) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      this.worker.postMessage({ id, type, ...payload });
    });
  }

  terminate() {
    this.worker.terminate();
  }
}

/** Where the range cut at `cut` starts: past the first line feed at or after `cut - 1`; null when none. */
async function recordStart(file, cut) {
  for (let from = cut - 1, window = 64 << 10; from < file.size; from += window, window *= 2) {
    const bytes = new Uint8Array(await file.slice(from, from + window).arrayBuffer());
    const at = bytes.indexOf(10);
    if (at !== -1) return from + at + 1;
  }
  return null;
}

/** A promise's outcome as a value, so an error waits its turn. */
const settle = (promise) => promise.then((value) => ({ value }), (error) => ({ error }));

/**
 * The report of `file` read in `count` ranges at once, or null when it
 * should be read in one pass instead (it cannot be cut, or its head does
 * not decide a plan: one pass then gives the same decisions or the error
 * with the columns to map). `onProgress({bytes, total, rows})`.
 * Resolves to `{report, memory}`: memory sums every instance's wasm memory.
 */
export async function readInParts({ file, settings, count, simd, onProgress }) {
  const { glue, module, exports } = await partsModule(simd);
  const head = new Uint8Array(await file.slice(0, HEAD_BYTES).arrayBuffer());
  let plan;
  let headLen;
  try {
    const planner = new glue.RangeIngest(settings ?? undefined, head);
    try {
      if (!planner.splittable()) return null;
      plan = planner.plan();
      headLen = planner.head_len();
    } finally {
      try { planner.free(); } catch { /* as for the merge below */ }
    }
  } catch (err) {
    if (err instanceof WebAssembly.RuntimeError) throw err;
    return null;
  }
  const starts = [0];
  for (let k = 1; k < count; k++) {
    const cut = Math.floor((k * file.size) / count);
    if (cut <= headLen) continue;
    const start = await recordStart(file, cut);
    if (start !== null && start < file.size && start > starts[starts.length - 1]) starts.push(start);
  }
  if (starts.length < 2) return null;
  const spans = starts.map((start, i) => [start, starts[i + 1] ?? file.size]);
  const pool = spans.map(() => new RangeWorker());
  try {
    await Promise.all(pool.map((w) => w.call('init', { module })));
    // The line each range starts on: the line feeds before it. The bytes
    // before the last range are cut at the range starts and into one even
    // share per worker, every worker counting its share at once.
    const before = spans[spans.length - 1][0];
    const cuts = new Set(starts);
    for (let k = 1; k < pool.length; k++) cuts.add(Math.floor((k * before) / pool.length));
    const edges = [...cuts].filter((c) => c < before).sort((a, b) => a - b).concat(before);
    const pieces = edges.slice(0, -1).map((start, p) => [start, edges[p + 1]]);
    const counts = await Promise.all(pieces.map(([start, end]) => {
      const share = Math.min(pool.length - 1, Math.floor((start * pool.length) / before));
      return pool[share].call('count', { file, start, end });
    }));
    const firstLine = new Map([[0, 0]]);
    let line = 1;
    pieces.forEach(([, end], p) => {
      line += counts[p];
      if (starts.includes(end)) firstLine.set(end, line);
    });
    const done = spans.map(() => ({ bytes: 0, rows: 0 }));
    const progress = () => onProgress?.({
      bytes: Math.min(file.size, done.reduce((s, d) => s + d.bytes, 0)),
      total: file.size,
      rows: done.reduce((s, d) => s + d.rows, 0),
    });
    const read = (i, start, end) => pool[i].call(
      'read', { file, settings, plan, start, end, firstLine: firstLine.get(start) },
      (p) => { done[i] = p; progress(); },
    );
    const results = spans.map(([start, end], i) => settle(read(i, start, end)));
    const merge = new glue.MergeIngest(settings ?? undefined, plan);
    try {
      let [start] = spans[0];
      let pending = await results[0];
      for (let i = 1; i < spans.length; i++) {
        if (pending.error) throw pending.error;
        const next = await results[i];
        if (pending.value.endsInQuotes) {
          // The cut fell in a quoted cell: this range and the next as one.
          done[i] = { bytes: 0, rows: 0 };
          pending = await settle(read(i, start, spans[i][1]));
          continue;
        }
        merge.add(pending.value.part);
        pending = next;
        [start] = spans[i];
      }
      if (pending.error) throw pending.error;
      merge.add(pending.value.part);
      // The last word on progress: every byte, every row (the ranges'
      // own reports are throttled).
      onProgress?.({ bytes: file.size, total: file.size, rows: merge.rows() });
      const report = merge.finish();
      const memory = exports.memory.buffer.byteLength + pool.reduce((s, w) => s + w.memory, 0);
      return { report, memory };
    } finally {
      // After a trap the object stays borrowed and free() would throw over
      // the trap's own error.
      try { merge.free(); } catch { /* the trap is the error to report */ }
    }
  } finally {
    for (const w of pool) w.terminate();
  }
}

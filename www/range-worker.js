// One range worker of a file read in parts (www/parallel.js): it counts the
// line feeds of a piece of the file, or reads its range with the parts module's
// RangeIngest and posts the part back as bytes. Each request reads its own
// File.slice: no bytes pass through another thread.

const CHUNK = 1 << 20;
const PROGRESS_MS = 100;
let glue = null;
let exports = null;

// A panic prints its message through the hook before the trap: keep it for
// the report the page offers to copy.
let lastPanic = '';
const consoleError = console.error.bind(console);
console.error = (...args) => {
  const text = args.map(String).join(' ');
  if (text.startsWith('cxmetrics internal error')) lastPanic = text;
  consoleError(...args);
};

/** Calls `use(bytes)` for each chunk of `blob`, at most CHUNK bytes each. */
async function eachChunk(blob, use) {
  const reader = blob.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    for (let at = 0; at < value.length; at += CHUNK) use(value.subarray(at, at + CHUNK));
  }
}

/** Line feeds in `blob`, counted by the parts module. */
async function countLineFeeds(blob) {
  let n = 0;
  await eachChunk(blob, (bytes) => { n += glue.RangeIngest.countLineFeeds(bytes); });
  return n;
}

async function readRange(id, { file, settings, plan, start, end, firstLine }) {
  const range = glue.RangeIngest.fromPlan(settings ?? undefined, plan);
  try {
    range.begin(firstLine);
    let bytes = 0;
    let last = 0;
    await eachChunk(file.slice(start, end), (chunk) => {
      range.push(chunk);
      bytes += chunk.length;
      const now = performance.now();
      if (now - last > PROGRESS_MS) {
        last = now;
        postMessage({ id, type: 'progress', bytes, rows: range.rows() });
      }
    });
    const rows = range.rows();
    const part = range.finish();
    return { part, rows, endsInQuotes: range.ends_in_quotes() };
  } finally {
    // After a trap the object stays borrowed: free() would hide the trap.
    try { range.free(); } catch { /* the trap is reported */ }
  }
}

self.onmessage = async (event) => {
  const { id, type } = event.data;
  try {
    let result;
    let transfer = [];
    if (type === 'init') {
      glue = await import('./pkg/cxmetrics_parts.js');
      exports = await glue.default({ module_or_path: event.data.module });
      result = true;
    } else if (type === 'count') {
      result = await countLineFeeds(event.data.file.slice(event.data.start, event.data.end));
    } else if (type === 'read') {
      result = await readRange(id, event.data);
      transfer = [result.part.buffer];
    } else {
      throw new Error(`Unknown request “${type}”.`);
    }
    // Wasm memory only grows: its size now is this worker's peak.
    const memory = exports ? exports.memory.buffer.byteLength : 0;
    postMessage({ id, type: 'result', result, memory }, transfer);
  } catch (err) {
    if (err instanceof WebAssembly.RuntimeError) {
      postMessage({ id, type: 'crashed', message: [lastPanic, String(err && err.stack || err)].filter(Boolean).join('\n') });
    } else {
      const code = typeof err?.code === 'string' ? err.code : undefined;
      postMessage({ id, type: 'error', message: err instanceof Error ? err.message : String(err), code });
    }
  }
};

// The cxmetrics side of the benchmark: the same path as www/worker.js (a
// module Worker that owns the release wasm — the simd128 build where wasm
// SIMD validates, as the page picks it — reads the Blob with
// `blob.stream()` and pushes 1 MiB pieces into `Ingest.push`, then
// `finish()`), plus the size of the wasm memory, which only grows, so its
// size after `finish()` is the peak of the run.
import init, { Ingest } from '/www/pkg/cxmetrics.js';

const CHUNK = 1 << 20; // as www/worker.js
let wasm = null;
// The page's probe (www/worker.js): a function using i8x16 instructions.
const SIMD = WebAssembly.validate(new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]));
const WASM = SIMD ? '/www/pkg/cxmetrics_simd_bg.wasm' : '/www/pkg/cxmetrics_bg.wasm';
const ready = init({ module_or_path: WASM }).then((exports) => {
  wasm = exports;
});

async function ingest(blob) {
  const ingest = new Ingest(undefined);
  let bytes = 0;
  try {
    const reader = blob.stream().getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      for (let at = 0; at < value.length; at += CHUNK) {
        const part = value.subarray(at, at + CHUNK);
        ingest.push(part);
        bytes += part.length;
      }
    }
    return { report: ingest.finish(), bytes };
  } finally {
    ingest.free();
  }
}

self.onmessage = async (event) => {
  try {
    await ready;
    if (event.data.type === 'ready') {
      postMessage({ type: 'ready', wasmBytes: wasm.memory.buffer.byteLength, wasmFile: WASM });
      return;
    }
    const t0 = performance.now();
    const { report, bytes } = await ingest(event.data.blob);
    const workerMs = performance.now() - t0;
    postMessage({ type: 'result', report, bytes, workerMs, wasmBytes: wasm.memory.buffer.byteLength });
  } catch (err) {
    postMessage({ type: 'error', message: String(err && err.stack || err) });
  }
};

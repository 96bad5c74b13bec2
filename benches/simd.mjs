// The plain wasm against the simd128 build, in Node, on the same bytes:
//
//   scripts/build-wasm.sh
//   node benches/generate.mjs tickets 1000000 /tmp/t1m.csv
//   node benches/simd.mjs /tmp/t1m.csv [RUNS [PLAIN_WASM SIMD_WASM]]
//
// By default the two modules are www/pkg/cxmetrics_bg.wasm and
// www/pkg/cxmetrics_simd_bg.wasm, each under its own instance of the one
// glue (www/pkg/cxmetrics.js). The file is read into memory once; each run
// pushes it through a new `Ingest` in 1 MiB chunks (as www/worker.js does)
// and calls `finish`. Runs alternate plain/simd after one untimed warm-up
// each, so a busy shared machine slows both alike; the medians of the same
// run are printed, wall clock and the process's CPU time (less sensitive to
// other processes taking the cores, GC threads included). Every run's report must equal the first plain one byte
// for byte (exit status 1 otherwise).
//
// `--once WASM FILE RUNS` runs one module RUNS times and prints nothing: for
// instruction counts, which a busy machine does not blur. Under
//   valgrind --tool=callgrind --smc-check=all-non-file node benches/simd.mjs --once …
// the count of 3 runs less that of 1 is two warm runs (start-up and
// compilation cancel out).
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const PKG = path.join(ROOT, 'www', 'pkg');
const args = process.argv.slice(2);
const once = args[0] === '--once' ? args.splice(0, 2)[1] : null;
const [file, runsArg = '7', plainWasm = path.join(PKG, 'cxmetrics_bg.wasm'), simdWasm = path.join(PKG, 'cxmetrics_simd_bg.wasm')] =
  args;
if (!file || (once && !fs.existsSync(once))) {
  console.error('usage: node benches/simd.mjs FILE [RUNS [PLAIN_WASM SIMD_WASM]]\n' +
    '       node benches/simd.mjs --once WASM FILE RUNS');
  process.exit(2);
}
const RUNS = Number(runsArg);
const CHUNK = 1 << 20;

// One glue module instance per build: the query makes them distinct modules.
async function load(name, wasm) {
  const glue = await import(`${pathToFileURL(path.join(PKG, 'cxmetrics.js')).href}?${name}`);
  glue.initSync({ module: fs.readFileSync(wasm) });
  return glue;
}

const data = new Uint8Array(fs.readFileSync(file));
if (once) {
  const glue = await load('once', once);
  for (let i = 0; i < RUNS; i++) run(glue);
  process.exit(0);
}
const builds = { plain: await load('plain', plainWasm), simd: await load('simd', simdWasm) };

function run(glue) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const ingest = new glue.Ingest(undefined);
  for (let at = 0; at < data.length; at += CHUNK) ingest.push(data.subarray(at, at + CHUNK));
  const object = ingest.finish();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // finish() returns the report object: runs compare its JSON text.
  return { ms, cpuMs: (cpu.user + cpu.system) / 1e3, report: JSON.stringify(object) };
}

const reference = run(builds.plain).report;
const times = { plain: [], simd: [] };
const cpuTimes = { plain: [], simd: [] };
let same = run(builds.simd).report === reference;
for (let i = 0; i < RUNS; i++) {
  for (const name of i % 2 ? ['simd', 'plain'] : ['plain', 'simd']) {
    const { ms, cpuMs, report } = run(builds[name]);
    same &&= report === reference;
    times[name].push(ms);
    cpuTimes[name].push(cpuMs);
  }
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mb = data.length / 1e6;
const line = (name) => {
  const m = median(times[name]);
  const c = median(cpuTimes[name]);
  return `${name.padEnd(5)} median ${m.toFixed(0)} ms wall (${(mb / (m / 1e3)).toFixed(0)} MB/s), ${c.toFixed(0)} ms CPU; wall runs ${times[name].map((t) => t.toFixed(0)).join(' ')}`;
};
console.log(`${path.basename(file)}: ${mb.toFixed(1)} MB, ${RUNS} runs each, alternating`);
console.log(line('plain'));
console.log(line('simd'));
const ratio = (t) => (median(t.simd) / median(t.plain)).toFixed(3);
console.log(`simd/plain: ${ratio(times)} wall, ${ratio(cpuTimes)} CPU; reports ${same ? 'identical' : 'DIFFER'}`);
if (!same) process.exit(1);

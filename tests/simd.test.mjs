// The simd128 build (www/pkg/cxmetrics_simd_bg.wasm, loaded by www/worker.js
// where the browser has wasm SIMD) against the plain build: the same glue
// drives both, and every report (or error) is the same byte for byte on
// every fixture, generated exports and mangled ones, in large and tiny
// chunks. Native tests cannot run the simd128 record splitter; this does.
// Needs `scripts/build-wasm.sh` first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { rng, tickets, survey, subscriptions } from '../benches/generate.mjs';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const PKG = path.join(ROOT, 'www', 'pkg');
const GLUE = pathToFileURL(path.join(PKG, 'cxmetrics.js')).href;

// One glue module instance per build: the query makes them distinct modules.
async function load(wasm) {
  const glue = await import(`${GLUE}?${wasm}`);
  glue.initSync({ module: fs.readFileSync(path.join(PKG, wasm)) });
  return glue;
}
const plain = await load('cxmetrics_bg.wasm');
const simd = await load('cxmetrics_simd_bg.wasm');

/** The report of `bytes` pushed in `chunk`-byte parts, or the error's text. */
function report(build, bytes, chunk) {
  try {
    const ingest = new build.Ingest(undefined);
    for (let at = 0; at < bytes.length; at += chunk) ingest.push(bytes.subarray(at, at + chunk));
    return JSON.stringify(ingest.finish());
  } catch (err) {
    return `error: ${err instanceof Error ? err.message : String(err)}`;
  }
}

function same(name, bytes, chunks = [1 << 20, 4096, 7, 1]) {
  for (const chunk of chunks) {
    assert.equal(report(simd, bytes, chunk), report(plain, bytes, chunk), `${name}, ${chunk}-byte chunks`);
  }
}

const text = (lines) => new TextEncoder().encode([...lines].join('\n') + '\n');

/** `bytes` with seeded insertions of the bytes the splitter stops at or must pass. */
function mangle(bytes, seed, count) {
  const r = rng(seed);
  const bits = [',', ';', '"', '""', '\r', '\n', '\r\n', '\t', '\x0b', '\x0e', 'é', '\xff'].map((s) =>
    s === '\xff' ? new Uint8Array([0xff]) : new TextEncoder().encode(s));
  const at = Array.from({ length: count }, () => Math.floor(r() * bytes.length)).sort((a, b) => a - b);
  const parts = [];
  let from = 0;
  for (const i of at) {
    parts.push(bytes.subarray(from, i), bits[Math.floor(r() * bits.length)]);
    from = i;
  }
  parts.push(bytes.subarray(from));
  return Buffer.concat(parts);
}

test('the two builds are interchangeable under one glue', () => {
  const shape = (file) => {
    const m = new WebAssembly.Module(fs.readFileSync(path.join(PKG, file)));
    return JSON.stringify([WebAssembly.Module.imports(m), WebAssembly.Module.exports(m)]);
  };
  assert.equal(shape('cxmetrics_simd_bg.wasm'), shape('cxmetrics_bg.wasm'));
});

test('simd128 and plain builds give the same reports on every fixture', () => {
  const files = (dir) => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.(csv|bin)$/.test(e.name) ? [p] : [];
  });
  const all = files(path.join(ROOT, 'tests', 'fixtures'));
  assert.ok(all.length > 30);
  for (const f of all) same(path.relative(ROOT, f), fs.readFileSync(f));
});

test('simd128 and plain builds give the same reports on generated and mangled exports', () => {
  const sets = {
    tickets: text(tickets(20_000)),
    survey: text(survey(20_000)),
    subscriptions: text(subscriptions(5_000)),
    'tickets, semicolons': text([...tickets(3_000)].map((l) => l.replaceAll(',', ';'))),
    'tickets, CRLF': text([...tickets(3_000)].map((l) => l + '\r')),
  };
  for (const [name, bytes] of Object.entries(sets)) same(name, bytes, [1 << 20, 4093]);
  const small = text(tickets(500));
  for (let seed = 1; seed <= 20; seed++) same(`tickets, mangled (seed ${seed})`, mangle(small, seed, 40), [1 << 20, 61]);
});

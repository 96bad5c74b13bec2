// A large file read in parts by 4 workers at once (www/parallel.js) gives
// the report of one pass, to the byte: generated tickets and survey
// answers, and a file whose quoted cells hold line breaks (so most cuts
// fall inside quotes and ranges are read again as one). The parts module
// is fetched once, only for such a file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, ready } from './harness.mjs';
import { write } from '../../benches/generate.mjs';

let h;
const files = {};
before(async () => {
  h = await start();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cxmetrics-parallel-'));
  files.survey = path.join(dir, 'survey.csv');
  await write('survey', 500_000, files.survey);
  // Quoted line breaks, CRLF, accents and unreadable scores in every block.
  const block = '9,"muito bom\r\nSão Paulo",2024-03-04\r\n3,"ruim, ""mesmo""",2024-03-05\r\nabc,x,2024-13-01\r\n10,ok,\r\n';
  files.quoted = path.join(dir, 'quoted.csv');
  fs.writeFileSync(files.quoted, 'Score,Comment,Date\r\n' + block.repeat(Math.ceil((18 << 20) / block.length)));
  files.tickets = path.join(dir, 'tickets.csv');
  await write('tickets', 120_000, files.tickets);
});
after(async () => { await h?.close(); });

/** The report of `file` read by `workers` workers, as JSON text, and the wasm memory reported. */
async function reportOf(page, file, workers) {
  await page.setInputFiles('#test-source', file);
  return page.evaluate(async (workers) => {
    const source = document.getElementById('test-source').files[0];
    const report = await window.cxmetrics.engine.ingest(source, {}, null, { workers });
    return { json: JSON.stringify(report), memory: window.cxmetrics.engine.wasmMemory };
  }, workers);
}

test('4 workers give the one-pass report of tickets, survey answers and quoted line breaks', async () => {
  const page = await h.newPage();
  await ready(page, h.url);
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'test-source';
    document.body.append(input);
  });
  const partsFetches = () => h.requests.filter((u) => /cxmetrics_parts/.test(u));
  assert.equal(partsFetches().length, 0, 'the parts module is not fetched before a large file');
  for (const [name, file] of Object.entries(files)) {
    // Over 16 MiB: 4 ranges of several MiB, past the head the plan is made from.
    assert.ok(fs.statSync(file).size > 16 << 20, `${name} is large enough for 4 ranges`);
    const one = await reportOf(page, file, 1);
    const four = await reportOf(page, file, 4);
    const report = JSON.parse(four.json);
    assert.ok(report.rows.read > 100_000, `${name}: ${report.rows.read} rows`);
    assert.equal(four.json, one.json, `${name}: 4 workers and one pass differ`);
    assert.ok(four.memory > one.memory, `${name}: the range workers' memory is counted`);
  }
  const quoted = JSON.parse((await reportOf(page, files.quoted, 3)).json);
  // Every block: 9 and 10 promoters, 3 a detractor, abc skipped.
  assert.equal(quoted.rows.skipped * 3, quoted.rows.used);
  // The first `abc` row starts on line 5 (the header, then a record over
  // lines 2–3, then line 4).
  assert.equal(quoted.skipped[0].line, 5);
  // The wasm once (plain or simd128), however many reads: it is compiled
  // once and handed to every range worker as a module; each worker imports
  // the glue (from the cache after the first).
  const fetched = partsFetches().map((u) => new URL(u).pathname.split('/').pop());
  assert.equal(fetched.filter((n) => n.endsWith('.wasm')).length, 1, fetched.join(', '));
  for (const n of fetched) assert.match(n, /^cxmetrics_parts(_simd)?(_bg\.wasm|\.js)$/);
  assert.ok(h.requests.some((u) => u.endsWith('/range-worker.js')));
  assert.deepEqual(h.consoleErrors, []);
  await page.close();
});

// Big files: a 50 MB export streams through the worker with a progress bar
// (percent, rows, rows/s) while the page stays responsive; Cancel stops the
// worker and the page keeps working.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, ready, text } from './harness.mjs';
import { write } from '../../benches/generate.mjs';

let h;
let file;
before(async () => {
  h = await start();
  file = path.join(os.tmpdir(), 'cxmetrics-tickets-300k.csv');
  if (!fs.existsSync(file) || fs.statSync(file).size < 45e6) await write('tickets', 300_000, file);
});
after(async () => { await h?.close(); });

/** Records every progress text and the main thread's longest pause. */
async function watch(page) {
  await page.evaluate(() => {
    window.__progress = [];
    new MutationObserver(() => window.__progress.push(document.getElementById('progress-text').textContent))
      .observe(document.getElementById('progress-text'), { childList: true, characterData: true, subtree: true });
    window.__maxGap = 0;
    let last = performance.now();
    window.__ticker = setInterval(() => {
      const now = performance.now();
      window.__maxGap = Math.max(window.__maxGap, now - last);
      last = now;
    }, 20);
  });
}

test('a 50 MB export shows progress and the page stays responsive', async () => {
  assert.ok(fs.statSync(file).size > 45e6);
  const page = await h.newPage();
  await ready(page, h.url);
  await watch(page);
  await page.setInputFiles('#file', file);
  await page.waitForSelector('.dataset[data-kind=tickets]', { timeout: 120_000 });
  const { progress, maxGap } = await page.evaluate(() => ({ progress: window.__progress, maxGap: window.__maxGap }));
  assert.ok(progress.length > 0, 'progress was shown');
  for (const p of progress) assert.match(p, /^\d+ % · [\d,]+ rows · [\d,]+ rows\/s$/);
  assert.ok(progress.some((p) => /^100 % · 300,000 rows/.test(p)), progress.join(' | '));
  // The work runs in the worker: the page's own timer never stalls for long.
  assert.ok(maxGap < 2000, `main thread paused ${maxGap} ms`);
  assert.match(await text(page, '.dataset[data-kind=tickets] summary'), /300,000 of 300,000 rows used/);
  // Streaming: the wasm memory stays far below the file's 50 MB (it holds
  // the statistics — durations for the percentiles, customer and category
  // tallies — never the file).
  const wasmMemory = await page.evaluate(() => window.cxmetrics.engine.wasmMemory);
  assert.ok(wasmMemory > 0 && wasmMemory < 40 * 1024 * 1024, `wasm memory ${wasmMemory}`);
  assert.equal(await page.isVisible('#progress'), false);
  await page.close();
});

test('cancel stops the worker, changes nothing, and the page keeps computing', async () => {
  const page = await h.newPage();
  await ready(page, h.url);
  // 8 × 50 MB as one File built from the same bytes (no copy): long enough
  // to still be running when Cancel is pressed.
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.id = 'test-source';
    document.body.append(input);
  });
  await page.setInputFiles('#test-source', file);
  await page.evaluate(() => {
    const part = document.getElementById('test-source').files[0];
    const big = new File(Array(8).fill(part), 'huge.csv', { type: 'text/csv' });
    const dt = new DataTransfer();
    dt.items.add(big);
    window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
  });
  await page.waitForSelector('#progress:not([hidden])');
  await page.click('#cancel');
  await page.waitForFunction(() => document.getElementById('status').textContent === 'Cancelled. Nothing was changed.');
  assert.equal(await page.isVisible('#progress'), false);
  assert.equal(await page.$('.dataset[data-kind=tickets]'), null);
  // A fresh worker computes the next request.
  const inputs = await page.$$('#calc-nps input[type=number]');
  await inputs[2].fill('5');
  await page.waitForFunction(() => document.querySelector('#calc-nps .big')?.textContent === '61.1');
  await page.close();
});

test('no console errors and no request outside the page origin', () => {
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.foreignRequests(), []);
});

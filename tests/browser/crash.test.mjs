// A panic inside the wasm (forced with debug_panic, exported by the tests'
// build only: scripts/build-wasm.sh --test) shows
// "Internal error" with a report to copy, restarts the worker, and the page
// keeps working: the next file computes normally.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, ROOT, ready, text } from './harness.mjs';

let h;
before(async () => { h = await start({ testExports: true }); });
after(async () => { await h?.close(); });

test('a panic in the core is reported, the worker restarts, the page keeps working', async () => {
  const page = await h.newPage();
  await ready(page, h.url);
  const outcome = await page.evaluate(() => window.cxmetrics.engine.request('debug_panic', {}).then(() => 'ok', (e) => e.name));
  assert.equal(outcome, 'InternalError');
  await page.waitForSelector('#notice:not([hidden]) #copy-crash');
  assert.match(await text(page, '#notice'), /^Internal error\. The calculator stopped unexpectedly and was restarted/);
  const report = await text(page, '#notice .crash-report pre');
  assert.match(report, /debug_panic was called to test the page's recovery/);
  // The expected panic message and the trap are on the console; nothing else.
  h.consoleErrors.length = 0;
  // The next file computes normally in the restarted worker.
  await page.setInputFiles('#file', path.join(ROOT, 'tests/fixtures/survey/delighted_nps.csv'));
  await page.waitForFunction(() => /delighted_nps\.csv/.test(document.querySelector('.dataset[data-kind=survey] summary')?.textContent || ''));
  assert.equal(await text(page, '#data-nps .big'), '25.0');
  const inputs = await page.$$('#calc-nps input[type=number]');
  await inputs[2].fill('5');
  await page.waitForFunction(() => document.querySelector('#calc-nps .big')?.textContent === '61.1');
  await page.close();
});

test('no other console errors and no request outside the page origin', () => {
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.foreignRequests(), []);
});

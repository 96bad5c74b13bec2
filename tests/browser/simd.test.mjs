// The worker's choice of wasm in Debian's Chromium: the simd128 build where
// the browser has wasm SIMD (Chromium does), the plain build where the probe
// fails (forced here by serving worker.js with the probe turned off), and
// the same page figures from both.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, ROOT, show, settle } from './harness.mjs';

let h;
before(async () => { h = await start(); });
after(async () => { await h?.close(); });

const PLAIN = 'pkg/cxmetrics_bg.wasm';
const SIMD = 'pkg/cxmetrics_simd_bg.wasm';

/** The wasm files the page requested and the tickets KPIs of the Zendesk fixture. */
async function kpis({ probe }) {
  const page = await h.newPage();
  const seen = [];
  page.on('request', (r) => seen.push(r.url()));
  if (!probe) {
    await page.route('**/worker.js', async (route) => {
      const response = await route.fetch();
      const source = await response.text();
      const body = source.replace('WebAssembly.validate(', '!1 && WebAssembly.validate(');
      assert.notEqual(body, source);
      await route.fulfill({ response, body });
    });
  }
  await page.goto(h.url);
  await page.waitForSelector('body[data-ready=true]');
  await show(page, 'tickets');
  await settle(page, 'tickets', () => page.setInputFiles('#file', path.join(ROOT, 'tests/fixtures/exports/zendesk_tickets.csv')));
  const figures = await page.$$eval('#tickets-kpis [data-metric]', (cards) => cards.map((c) => c.textContent));
  await page.close();
  return { wasm: seen.filter((u) => u.endsWith('.wasm')).map((u) => u.slice(h.url.length)), figures };
}

test('the worker loads the simd128 build where wasm SIMD validates, the plain one elsewhere: same figures', async () => {
  const simd = await kpis({ probe: true });
  const plain = await kpis({ probe: false });
  assert.deepEqual(simd.wasm, [SIMD]);
  assert.deepEqual(plain.wasm, [PLAIN]);
  assert.ok(simd.figures.length > 5, simd.figures.join('\n'));
  assert.deepEqual(simd.figures, plain.figures);
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.foreignRequests(), []);
});

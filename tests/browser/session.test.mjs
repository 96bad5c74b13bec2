// One whole session — load, paste, upload, what-if, a share link opened in a
// fresh page, the embed page — with every request recorded: none leaves the
// page's origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, ROOT, ready } from './harness.mjs';

let h;
before(async () => { h = await start(); });
after(async () => { await h?.close(); });

test('a full session makes no request outside the page origin', async () => {
  const page = await h.newPage();
  await ready(page, h.url);
  await page.click('#paste-toggle');
  await page.fill('#paste', 'Score\n10\n9\n3\n');
  await page.click('#paste-go');
  await page.waitForFunction(() => document.querySelector('#data-nps .big')?.textContent === '33.3');
  for (const f of ['exports/zendesk_tickets.csv', 'exports/stripe_subscriptions.csv', 'exports/spend_channels.csv', 'exports/id_akun.csv']) {
    await page.setInputFiles('#file', path.join(ROOT, 'tests/fixtures', f));
    await page.waitForFunction((name) => [...document.querySelectorAll('.dataset summary')].some((s) => s.textContent.includes(name)), path.basename(f));
  }
  for (const tab of ['tickets', 'churn', 'value', 'success', 'whatif']) {
    await page.click(`#tab-${tab}`);
    await page.waitForTimeout(150);
  }
  const preset = await page.$('#section-whatif button');
  if (preset) await preset.click();
  await page.waitForTimeout(700); // the fragment is written 250 ms after the last change
  const link = page.url();
  assert.match(link, /#s=/);
  const fresh = await h.newPage(390, 800);
  await ready(fresh, link);
  await fresh.goto(new URL('embed.html', h.url).href);
  await fresh.waitForFunction(() => document.querySelectorAll('cx-metric').length > 1);
  await fresh.waitForTimeout(800);
  const origins = [...new Set(h.requests.map((u) => new URL(u).origin))];
  assert.deepEqual(origins, [h.origin]);
  assert.deepEqual(h.foreignRequests(), []);
  assert.ok(h.requests.some((u) => u.endsWith('.wasm')));
  assert.deepEqual(h.consoleErrors, []);
});

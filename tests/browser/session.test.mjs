// One whole session — load, paste, upload, what-if, a share link opened in a
// fresh page, the embed page — with every request recorded: none leaves the
// page's origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, ROOT, ready, settle, show, linkHolds } from './harness.mjs';

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
    await settle(page, 'data', () => page.setInputFiles('#file', path.join(ROOT, 'tests/fixtures', f)));
    assert.ok(await page.$$eval('.dataset summary', (all, name) => all.some((s) => s.textContent.includes(name)), path.basename(f)));
  }
  for (const tab of ['tickets', 'churn', 'value', 'success', 'whatif']) await show(page, tab);
  await settle(page, 'whatif', () => page.click('#whatif-presets button[data-preset=success_team]'));
  const link = await linkHolds(page, { tab: 'whatif', inputs: { whatif: { changes: { 0: { input: 'annual_nrr', change: 'absolute', amount: 10 } } } } });
  assert.match(link, /#s=/);
  const fresh = await h.newPage(390, 800);
  await ready(fresh, link);
  await fresh.goto(new URL('embed.html', h.url).href);
  // Every element computed: the wasm and everything it needs came in.
  await fresh.waitForFunction(() => {
    const all = [...document.querySelectorAll('cx-metric')];
    return all.length > 1 && all.every((e) => e.shadowRoot?.querySelector('.out .figure'));
  });
  const origins = [...new Set(h.requests.map((u) => new URL(u).origin))];
  assert.deepEqual(origins, [h.origin]);
  assert.deepEqual(h.foreignRequests(), []);
  assert.ok(h.requests.some((u) => u.endsWith('.wasm')));
  assert.deepEqual(h.consoleErrors, []);
});

// The NPS calculator end to end in Debian's Chromium: typed counts, pasted
// scores with bad rows, an uploaded export; no console errors, no request
// leaving the page's origin, the CSP in force; screenshots for review.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, npsText, ROOT, SHOTS } from './harness.mjs';

let h;
before(async () => { h = await start(); });
after(async () => { await h?.close(); });

test('first load shows a computed sample', async () => {
  const page = await h.newPage();
  await page.goto(h.url);
  assert.equal(await npsText(page), '45');
  assert.match(await page.textContent('#nps-ci'), /95 % CI 29 to 58/);
  assert.match(await page.textContent('#source'), /Sample data/);
  await page.close();
});

test('typed counts 60/25/15 give NPS 45 with its interval', async () => {
  const page = await h.newPage();
  await page.goto(h.url);
  await npsText(page);
  await page.click('#tab-counts');
  for (const [id, v] of [['promoters', '60'], ['passives', '25'], ['detractors', '15']]) await page.fill(`#${id}`, v);
  await page.fill('#detractors', '5'); // change, then back: the page follows the typing
  await page.waitForFunction(() => document.getElementById('nps-value').textContent === '61.1');
  await page.fill('#detractors', '15');
  await page.waitForFunction(() => document.getElementById('nps-value').textContent === '45');
  const ci = await page.textContent('#nps-ci');
  assert.match(ci, /95 % CI 29 to 58/);
  assert.match(ci, /±14\.5/);
  assert.equal(await page.textContent('#pro-s'), '60.0%');
  await page.close();
});

test('pasted scores: two invalid rows are skipped and listed', async () => {
  const page = await h.newPage();
  await page.goto(h.url);
  await npsText(page);
  // 3 promoters, 1 passive, 1 detractor → (3 − 1) / 5 = 40.0; "11" and "nine" are rejected.
  await page.fill('#paste', 'Score\n10\n9\n11\n8\nnine\n10\n2\n');
  await page.click('#paste-go');
  await page.waitForFunction(() => document.getElementById('nps-value').textContent === '40.0');
  assert.equal(await page.isVisible('#skipped'), true);
  const rows = await page.$$eval('#skipped-rows tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  assert.deepEqual(rows, [
    ['4', 'Score', '11', 'an NPS score must be a whole number from 0 to 10'],
    ['6', 'Score', 'nine', 'an NPS score must be a whole number from 0 to 10'],
  ]);
  assert.match(await page.textContent('#skipped-summary'), /^2 of 7 rows skipped/);
  await page.screenshot({ path: path.join(SHOTS, 'nps-paste-skipped-1280.png'), fullPage: true });
  await page.close();
});

test('an uploaded Delighted export gives its NPS', async () => {
  const page = await h.newPage();
  await page.goto(h.url);
  await npsText(page);
  await page.click('#tab-file');
  // 12 answers: promoters 10,9,10,9,10,9 = 6; passives 7,8,8 = 3; detractors 3,6,0 = 3 → (6 − 3) / 12 = 25.0
  await page.setInputFiles('#file', path.join(ROOT, 'tests/fixtures/survey/delighted_nps.csv'));
  await page.waitForFunction(() => /delighted_nps\.csv/.test(document.getElementById('source').textContent));
  assert.equal(await page.textContent('#nps-value'), '25.0');
  assert.equal(await page.isVisible('#skipped'), false);
  await page.close();
});

test('an unreadable file gets one clear sentence', async () => {
  const page = await h.newPage();
  await page.goto(h.url);
  await npsText(page);
  await page.click('#tab-file');
  await page.setInputFiles('#file', { name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') });
  await page.waitForFunction(() => document.getElementById('status').classList.contains('error'));
  assert.match(await page.textContent('#status'), /^This is a PNG image, not a CSV/);
  await page.close();
});

test('screenshots at desktop and phone width', async () => {
  for (const width of [1280, 390]) {
    const page = await h.newPage(width, 900);
    await page.goto(h.url);
    await npsText(page);
    await page.screenshot({ path: path.join(SHOTS, `nps-${width}.png`), fullPage: true });
    await page.close();
  }
});

test('the CSP blocks a request to another origin', async () => {
  const page = await h.newPage();
  await page.goto(h.url);
  await npsText(page);
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp, /default-src 'none'/);
  const outcome = await page.evaluate(async () => {
    const violation = new Promise((resolve) => document.addEventListener('securitypolicyviolation',
      (e) => resolve({ directive: e.effectiveDirective, blocked: e.blockedURI }), { once: true }));
    const fetched = await fetch('http://example.invalid/collect').then(() => 'sent', (e) => e.name);
    return { fetched, violation: await violation };
  });
  assert.deepEqual(outcome, { fetched: 'TypeError', violation: { directive: 'connect-src', blocked: 'http://example.invalid/collect' } });
  h.consoleErrors.length = 0; // the CSP violation report above is the expected one
  await page.close();
});

test('no console errors and no request outside the page origin', () => {
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.foreignRequests(), []);
});

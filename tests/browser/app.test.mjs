// The page shell and the NPS path end to end in Debian's Chromium: the
// first-load sample, typed counts, pasted scores with bad rows, an uploaded
// export, unreadable and unrecognised files, the data panel's controls,
// CSP, no console errors, no request leaving the page's origin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, ROOT, SHOTS, ready, text } from './harness.mjs';

let h;
before(async () => { h = await start(); });
after(async () => { await h?.close(); });

const fixture = (name) => path.join(ROOT, 'tests/fixtures', name);

test('first load shows a computed sample', async () => {
  const page = await h.newPage();
  await ready(page, h.url);
  // The sample's NPS comes from the core: 132 promoters, 39 detractors of 240.
  assert.equal(await text(page, '#data-nps .big'), '39');
  assert.match(await text(page, '#data-nps .ci'), /^95 % CI 29 to 48 · margin of error ±9\.5 points · 240 answers$/);
  assert.match(await text(page, '.dataset summary'), /Sample survey/);
  await page.close();
});

test('typed counts 60/25/15 give NPS 45 with its interval', async () => {
  const page = await h.newPage();
  await ready(page, h.url);
  const calc = '#calc-nps';
  const inputs = await page.$$(`${calc} input[type=number]`);
  await inputs[2].fill('5');
  await page.waitForFunction((c) => document.querySelector(`${c} .big`)?.textContent === '61.1', calc);
  await inputs[2].fill('15');
  await page.waitForFunction((c) => document.querySelector(`${c} .big`)?.textContent === '45', calc);
  assert.equal(await text(page, `${calc} .ci`), '95 % CI 29 to 58 · margin of error ±14.5 points · 100 answers');
  await page.close();
});

test('pasted scores: two invalid rows are skipped and listed', async () => {
  const page = await h.newPage();
  await ready(page, h.url);
  await page.click('#paste-toggle');
  // 3 promoters, 1 passive, 1 detractor → (3 − 1) / 5 = 40.0; "11" and "nine" are rejected.
  await page.fill('#paste', 'Score\n10\n9\n11\n8\nnine\n10\n2\n');
  await page.click('#paste-go');
  await page.waitForFunction(() => document.querySelector('#data-nps .big')?.textContent === '40.0');
  await page.click('.dataset[data-kind=survey] summary');
  const rows = await page.$$eval('.dataset[data-kind=survey] .ds-skipped tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  assert.deepEqual(rows, [
    ['4', 'Score', '11', 'an NPS score must be a whole number from 0 to 10'],
    ['6', 'Score', 'nine', 'an NPS score must be a whole number from 0 to 10'],
  ]);
  assert.match(await text(page, '.dataset[data-kind=survey] .ds-skipped p'), /^2 of 7 rows were skipped/);
  await page.screenshot({ path: path.join(SHOTS, 'app-paste-skipped-1280.png'), fullPage: true });
  await page.close();
});

test('an uploaded Delighted export gives its NPS', async () => {
  const page = await h.newPage();
  await ready(page, h.url);
  // 12 answers: promoters 6, passives 3, detractors 3 → (6 − 3) / 12 = 25.0
  await page.setInputFiles('#file', fixture('survey/delighted_nps.csv'));
  await page.waitForFunction(() => /delighted_nps\.csv/.test(document.querySelector('.dataset[data-kind=survey] summary')?.textContent));
  assert.equal(await text(page, '#data-nps .big'), '25.0');
  assert.equal(await page.$('.dataset[data-kind=survey] .chip.warn'), null);
  await page.close();
});

test('an unreadable file gets one clear sentence', async () => {
  const page = await h.newPage();
  await ready(page, h.url);
  await page.setInputFiles('#file', { name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') });
  await page.waitForFunction(() => document.getElementById('status').classList.contains('error'));
  assert.equal(await text(page, '#status'), 'logo.png: This is a PNG image, not a CSV: export the data from its source as CSV and drop that file.');
  await page.close();
});

test('an unrecognised file can be mapped by hand', async () => {
  const page = await h.newPage();
  await ready(page, h.url);
  // Column names that say nothing: the user says it is a survey and Q2 is the score.
  await page.setInputFiles('#file', { name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from('Q1;Q2\nabc;10\ndef;6\nghi;9\n') });
  await page.waitForSelector('#unmapped-kind');
  await page.selectOption('#unmapped-kind', 'survey');
  await page.selectOption('#unmapped-score', 'Q2');
  await page.click('#unmapped-go');
  // promoters 2, detractors 1 of 3 → 33.3
  await page.waitForFunction(() => document.querySelector('#data-nps .big')?.textContent === '33.3');
  assert.equal(await page.$('#unmapped-kind'), null);
  await page.close();
});

test('changing the mapping and the delimiter in the data panel re-reads the data', async () => {
  const page = await h.newPage();
  await ready(page, h.url);
  await page.click('#paste-toggle');
  // Two score-like columns; the header "Score" is picked, the user switches to "Score 2".
  await page.fill('#paste', 'Score;Score 2\n10;0\n10;0\n');
  await page.click('#paste-go');
  await page.waitForFunction(() => document.querySelector('#data-nps .big')?.textContent === '100.0');
  await page.click('.dataset[data-kind=survey] summary');
  await page.selectOption('#map-survey-score', 'Score 2');
  await page.waitForFunction(() => document.querySelector('#data-nps .big')?.textContent === '-100.0');
  // Forcing a wrong delimiter leaves one column named "Score;Score 2": the
  // mapping to "Score 2" no longer fits, and the page asks for the columns.
  await page.click('.dataset[data-kind=survey] summary');
  await page.selectOption('#ds-survey-delimiter', ',');
  await page.waitForSelector('#unmapped-kind');
  const notice = await text(page, '#unmapped .ds-notice');
  assert.match(notice, /Score 2/);
  console.log(notice);
  await page.close();
});

test('screenshots at desktop and phone width', async () => {
  for (const width of [1280, 390]) {
    const page = await h.newPage(width, 900);
    await ready(page, h.url);
    await page.screenshot({ path: path.join(SHOTS, `surveys-${width}.png`), fullPage: true });
    await page.close();
  }
});

test('the CSP blocks a request to another origin', async () => {
  const page = await h.newPage();
  await ready(page, h.url);
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.equal(csp, "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data: blob:");
  const outcome = await page.evaluate(async () => {
    const violation = new Promise((resolve) => document.addEventListener('securitypolicyviolation',
      (e) => resolve({ directive: e.effectiveDirective, blocked: e.blockedURI }), { once: true }));
    const fetched = await fetch('http://example.invalid/collect').then(() => 'sent', (e) => e.name);
    return { fetched, violation: await violation };
  });
  assert.deepEqual(outcome, { fetched: 'TypeError', violation: { directive: 'connect-src', blocked: 'http://example.invalid/collect' } });
  h.consoleErrors.length = 0; // the CSP report of the blocked fetch above is the expected one
  await page.close();
});

test('no console errors and no request outside the page origin', () => {
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.foreignRequests(), []);
});

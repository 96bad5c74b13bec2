// Share links: the state rides in the URL fragment and reproduces the
// numbers in a fresh page; damaged and hostile fragments fall back to the
// defaults with a notice; uploaded files never ride along. And user text
// with markup renders as text.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import zlib from 'node:zlib';
import { start, ROOT, ready, text, idle, linkHolds } from './harness.mjs';

let h;
before(async () => { h = await start(); });
after(async () => { await h?.close(); });

const b64url = (buf) => buf.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const linkOf = (state) => '#s=' + b64url(zlib.deflateRawSync(Buffer.from(JSON.stringify(state))));

test('a share link reproduces pasted data and typed numbers in a fresh page', async () => {
  const page = await h.newPage();
  await ready(page, h.url);
  await page.click('#paste-toggle');
  // promoters 2 (10, 9), detractor 1 (2) → 33.3
  await page.fill('#paste', 'Score\n10\n9\n2\n');
  await page.click('#paste-go');
  await page.waitForFunction(() => document.querySelector('#data-nps .big')?.textContent === '33.3');
  const inputs = await page.$$('#calc-nps input[type=number]');
  await inputs[0].fill('10');
  await inputs[1].fill('5');
  await inputs[2].fill('5');
  await page.waitForFunction(() => document.querySelector('#calc-nps .big')?.textContent === '25.0');
  const url = await linkHolds(page, {
    data: { survey: { paste: 'Score\n10\n9\n2\n' } },
    inputs: { surveys: { nps: { promoters: 10, passives: 5, detractors: 5 } } },
  });
  assert.match(url, /#s=[A-Za-z0-9_-]+$/);
  await page.close();

  const fresh = await h.newPage(390, 800);
  await ready(fresh, url);
  await idle(fresh, 'surveys');
  assert.equal(await text(fresh, '#data-nps .big'), '33.3');
  assert.equal(await text(fresh, '#calc-nps .big'), '25.0');
  assert.equal(await fresh.inputValue('#calc-nps input[type=number] >> nth=0'), '10');
  assert.match(await text(fresh, '.dataset summary'), /Pasted data/);
  assert.equal(await fresh.isVisible('#notice'), false);
  await fresh.close();
});

test('a link opens on the section it was made on', async () => {
  const page = await h.newPage();
  await ready(page, h.url);
  await page.click('#tab-value');
  const url = await linkHolds(page, { tab: 'value' });
  await page.close();
  const fresh = await h.newPage();
  await ready(fresh, url);
  assert.equal(await fresh.getAttribute('#tab-value', 'aria-selected'), 'true');
  assert.equal(await fresh.isVisible('#section-value'), true);
  await fresh.close();
});

test('a damaged link falls back to the defaults with a notice', async () => {
  const page = await h.newPage();
  await ready(page, h.url + '#s=not*base64');
  await idle(page, 'surveys');
  assert.equal(await text(page, '#notice'), 'This link is damaged or incomplete, so the defaults are shown.');
  assert.equal(await text(page, '#calc-nps .big'), '45');
  await page.close();
  // A fresh page: going to another fragment of the same page would not load it again.
  const cut = await h.newPage();
  const valid = linkOf({ v: 1 }).slice(0, 12); // cut short: not a complete deflate stream
  await ready(cut, h.url + valid + 'x');
  assert.equal(await text(cut, '#notice'), 'This link is damaged or incomplete, so the defaults are shown.');
  await cut.close();
});

test('a link that inflates past the cap is refused (zip-bomb guard)', async () => {
  // 4 MB of JSON string compresses to a few KB; the cap is 256 KB.
  const bomb = linkOf({ v: 1, inputs: { surveys: { nps: { promoters: 'x'.repeat(4 * 1024 * 1024) } } } });
  assert.ok(bomb.length < 20_000);
  const page = await h.newPage();
  await ready(page, h.url + bomb);
  await idle(page, 'surveys');
  assert.equal(await text(page, '#notice'), 'This link holds more data than cxmetrics accepts, so it was ignored and the defaults are shown.');
  assert.equal(await text(page, '#calc-nps .big'), '45');
  await page.close();
});

test('uploaded files never ride in a link', async () => {
  const page = await h.newPage();
  await ready(page, h.url);
  await page.setInputFiles('#file', path.join(ROOT, 'tests/fixtures/survey/delighted_nps.csv'));
  await page.waitForFunction(() => document.querySelector('#data-nps .big')?.textContent === '25.0');
  const url = await linkHolds(page, { data: { survey: { name: 'delighted_nps.csv' } } });
  const fragment = decodeURIComponent(url.split('#s=')[1]);
  const state = JSON.parse(zlib.inflateRawSync(Buffer.from(fragment.replace(/-/g, '+').replace(/_/g, '/'), 'base64')).toString());
  assert.equal(state.data.survey.name, 'delighted_nps.csv');
  assert.equal(state.data.survey.paste, undefined);
  assert.ok(!JSON.stringify(state).includes('r_1001'), 'no row of the file is in the link');
  await page.close();
  const fresh = await h.newPage();
  await ready(fresh, url);
  assert.equal(await text(fresh, '#notice'), 'This link was made with an uploaded file, which links never carry: drop the same file to see its figures.');
  assert.equal(await fresh.$('.dataset'), null);
  await fresh.close();
});

test('markup in user data renders as text and runs nothing', async () => {
  const page = await h.newPage();
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs++; d.dismiss(); });
  await ready(page, h.url);
  const evil = '<img src=x onerror=alert(1)>';
  await page.click('#paste-toggle');
  await page.fill('#paste', `"${evil}",Comment\n10,"<script>alert(2)</script>"\n<b>9</b>,x\n`);
  await page.click('#paste-go');
  // Neither header names a score: the page asks, listing the headers as text.
  await page.waitForSelector('#unmapped-kind');
  await page.selectOption('#unmapped-kind', 'survey');
  const options = await page.$$eval('#unmapped-score option', (os) => os.map((o) => o.textContent));
  assert.ok(options.includes(evil));
  await page.selectOption('#unmapped-score', evil);
  await page.click('#unmapped-go');
  await page.waitForFunction(() => document.querySelector('#data-nps .big')?.textContent === '100.0');
  await page.click('.dataset[data-kind=survey] summary');
  assert.equal(await text(page, '.dataset[data-kind=survey] .ds-skipped tbody td:nth-child(3)'), '<b>9</b>');
  assert.equal(await text(page, '.dataset[data-kind=survey] .map-row.mapped select option:checked'), evil);
  assert.equal(await page.$('img[src=x]'), null);
  assert.equal(await page.$('.ds-skipped b'), null);
  assert.equal(dialogs, 0);
  await page.close();
});

test('no console errors and no request outside the page origin', () => {
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.foreignRequests(), []);
});

// Hostile text in data: a category that is markup renders as text and runs
// nothing; cells that a spreadsheet would run as formulas are neutralised
// in every CSV the page exports.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { start, ready, settle } from './harness.mjs';

let h;
before(async () => { h = await start(); });
after(async () => { await h?.close(); });

const XSS = '<img src=x onerror=alert(1)>';
const TICKETS = [
  'Id,Requester id,Status,Category,Created at,Solved at,Replies',
  `1,101,solved,"${XSS}",2024-03-01 09:00:00,2024-03-01 10:00:00,1`,
  `2,102,solved,"${XSS}",2024-03-01 09:30:00,2024-03-01 12:00:00,2`,
  '3,103,open,=HYPERLINK("http://x.invalid"),2024-03-02 09:00:00,,0',
  '4,104,solved,@SUM(A1),2024-03-02 10:00:00,2024-03-02 11:00:00,1',
].join('\n') + '\n';

async function upload(page, name, text) {
  await page.setInputFiles('#file', { name, mimeType: 'text/csv', buffer: Buffer.from(text) });
}

test('a category that is markup shows as text and opens no dialog', async () => {
  const page = await h.newPage();
  let dialogs = 0;
  page.on('dialog', (d) => { dialogs++; d.dismiss(); });
  await ready(page, h.url);
  await settle(page, 'tickets', () => upload(page, 'xss-tickets.csv', TICKETS));
  assert.equal(await page.isVisible('#section-tickets'), true);
  assert.ok((await page.textContent('#section-tickets')).includes(XSS));
  // Shown as text in the top-issues chart and table, never as an element.
  const cells = await page.$$eval('#section-tickets td', (tds) => tds.map((td) => td.textContent));
  assert.ok(cells.includes(XSS), cells.join(' | '));
  assert.equal(await page.$('img[src=x]'), null);
  assert.equal(await page.$('#section-tickets img'), null);
  // Not a wait for a state: a window in which a dialog, were one coming, would open.
  await page.waitForTimeout(300);
  assert.equal(dialogs, 0);
  await page.close();
});

test('exported CSVs neutralise formula-leading cells', async () => {
  const page = await h.newPage();
  await ready(page, h.url);
  await settle(page, 'data', () => upload(page, 'formulas.csv', TICKETS));
  const card = '.dataset[data-kind=tickets]';
  await page.click(`${card} summary`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`${card} .actions button:nth-child(3)`)]);
  const csv = fs.readFileSync(await download.path(), 'utf8');
  // The categories come back in top_issues; each formula-looking cell starts with '.
  assert.match(csv, /,"'=HYPERLINK\(""http:\/\/x\.invalid""\)"\r\n/);
  assert.match(csv, /,'@SUM\(A1\)\r\n/);
  for (const line of csv.split('\r\n')) {
    for (const cell of line.split(',')) assert.ok(!/^"?[=+@]/.test(cell) || /^"?'/.test(cell), `unsafe cell: ${cell}`);
  }

  // Skipped rows: a score "=1+1" comes back as text.
  await page.click('#paste-toggle');
  await page.fill('#paste', 'Score\n=1+1\n-2+3\n10\n');
  await settle(page, 'data', () => page.click('#paste-go'));
  const survey = '.dataset[data-kind=survey]';
  assert.match(await page.textContent(`${survey} summary`), /Pasted data.*2 skipped/);
  await page.click(`${survey} summary`);
  const [skipped] = await Promise.all([page.waitForEvent('download'), page.click(`${survey} .ds-skipped .actions button`)]);
  const rows = fs.readFileSync(await skipped.path(), 'utf8').trim().split('\r\n');
  assert.deepEqual(rows, [
    'line,column,value,reason',
    "2,Score,'=1+1,an NPS score must be a whole number from 0 to 10",
    "3,Score,'-2+3,an NPS score must be a whole number from 0 to 10",
  ]);
  await page.close();
});

test('no console errors and no request outside the page origin', () => {
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.foreignRequests(), []);
});

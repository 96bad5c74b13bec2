// "Run this in your warehouse" (issue #16): a loaded dataset's card offers
// the SQL query for its kind, mapping and settings in the dialect chosen,
// and copies it; a result table of that query (metric,path,value,reason, as
// DuckDB wrote it for the Zendesk export: tests/browser/data/) dropped on the
// page is drawn by the tickets section like the export itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, ready, settle, show, textIs, ROOT, SHOTS } from './harness.mjs';

let h;
before(async () => { h = await start(); });
after(async () => { await h?.close(); });

const RESULT = path.join(ROOT, 'tests', 'browser', 'data', 'zendesk_tickets.duckdb-result.csv');
const panel = '.dataset[data-kind=survey] .warehouse';
const query = `${panel} .wh-query code`;

test('the survey card gives the query for its mapping in the dialect chosen, and copies it', async () => {
  await h.context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await h.newPage(1280, 900);
  await ready(page, h.url);
  await page.click('.dataset[data-kind=survey] > summary');
  await page.click(`${panel} > summary`);
  const duck = await textIs(page, query, /^-- cxmetrics/);
  // The sample's own columns, quoted as DuckDB quotes them, from the table named after the kind.
  assert.match(duck, /"Score"/);
  assert.match(duck, /"Submitted at"/);
  assert.match(duck, /FROM "survey"/);
  assert.match(duck, /metric/);

  await page.selectOption(`${panel} select`, 'bigquery');
  const bq = await textIs(page, query, /`Score`/);
  assert.notEqual(bq, duck);
  await page.fill(`${panel} input`, 'analytics.nps_answers');
  await page.press(`${panel} input`, 'Enter');
  const named = await textIs(page, query, /`analytics`\.`nps_answers`|`analytics\.nps_answers`/);

  await page.click(`${panel} .wh-copy`);
  await textIs(page, `${panel} .wh-status`, 'Query copied.');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), named);
  await page.screenshot({ path: path.join(SHOTS, 'warehouse-query.png'), fullPage: true });
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.foreignRequests(), []);
});

test('a result table dropped on the page is drawn by the same sections', async () => {
  const page = await h.newPage(1280, 900);
  await ready(page, h.url);
  await settle(page, 'data', () => page.setInputFiles('#file', RESULT));
  await show(page, 'tickets');
  const kpi = (id) => page.$eval(`#tickets-kpis [data-metric="${id}"] .kpi-value`, (e) => e.textContent);
  // The figures of the Zendesk export (tests/browser/tickets.test.mjs), computed by DuckDB.
  assert.equal(await kpi('tickets'), '14');
  assert.equal(await kpi('one_touch_rate'), '60.0%');
  assert.equal(await kpi('backlog'), '4');
  assert.equal(await kpi('awaiting_first_reply'), '2');
  // The data panel says where the figures came from, and offers no query of them.
  const card = '.dataset[data-kind=tickets][data-source=figures]';
  assert.equal(await textIs(page, `${card} .ds-rows`, '112 figures from a result table'), '112 figures from a result table');
  assert.equal(await page.$(`${card} .warehouse`), null);
  await page.screenshot({ path: path.join(SHOTS, 'warehouse-result.png'), fullPage: true });
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.foreignRequests(), []);
});

test('a broken result table is refused with the sentence of the core', async () => {
  const page = await h.newPage(1280, 900);
  await ready(page, h.url);
  await page.setInputFiles('#file', { name: 'result.csv', mimeType: 'text/csv', buffer: Buffer.from('metric,path,value,reason\nnps,nps.value,lots,\n') });
  await textIs(page, '#status', /result\.csv: Line 2 of the result table: the value “lots” of nps\.value is not a number\./);
  assert.deepEqual(h.foreignRequests(), []);
});

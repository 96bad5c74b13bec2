// "Run this in your warehouse" (issue #16): a loaded dataset's card offers
// the SQL query for its kind, mapping and settings in the dialect chosen,
// and copies it; a result table of that query (metric,path,value,reason, as
// DuckDB wrote it for the Zendesk export: tests/browser/data/) dropped on the
// page is drawn by the tickets section like the export itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, ready, settle, show, textIs, ROOT, SHOTS } from './harness.mjs';

let h;
before(async () => { h = await start(); });
after(async () => { await h?.close(); });

const RESULT = path.join(ROOT, 'tests', 'browser', 'data', 'zendesk_tickets.duckdb-result.csv');
const panel = '.dataset[data-kind=survey] .warehouse';
const query = `${panel} .wh-query code`;

/** The files of the warehouse module among the requests from `from` on, as paths. */
const warehouseFiles = (from) => h.requests.slice(from)
  .map((u) => new URL(u).pathname).filter((p) => p.includes('cxmetrics_warehouse')).sort();

test('the warehouse module is fetched only when the panel asks for a query, not to compute reports', async () => {
  const from = h.requests.length;
  const page = await h.newPage(1280, 900);
  await ready(page, h.url); // the sample's report drawn
  await settle(page, 'data', () => page.setInputFiles('#file', path.join(ROOT, 'tests', 'fixtures', 'exports', 'zendesk_tickets.csv')));
  await show(page, 'tickets');
  assert.equal(await page.textContent('#tickets-kpis [data-metric="tickets"] .kpi-value'), '14');
  const paths = h.requests.slice(from).map((u) => new URL(u).pathname);
  assert.ok(paths.some((p) => /^\/pkg\/cxmetrics(_simd)?_bg\.wasm$/.test(p)), paths.join('\n'));
  assert.ok(paths.includes('/result-head.js'));
  assert.deepEqual(warehouseFiles(from), []);
  // Opening the panel asks for the query: the module comes then, once.
  await page.click('.dataset[data-kind=survey] > summary');
  await page.click(`${panel} > summary`);
  await textIs(page, query, /^-- cxmetrics/);
  assert.deepEqual(warehouseFiles(from), ['/pkg/cxmetrics_warehouse.js', '/pkg/cxmetrics_warehouse_bg.wasm']);
  await page.selectOption(`${panel} select`, 'spark');
  await textIs(page, query, /`Score`/);
  assert.equal(warehouseFiles(from).length, 2);
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.foreignRequests(), []);
});

test('the JS API: sql and figures are async and load the warehouse module on first use', async () => {
  const page = await h.newPage(1280, 900);
  await ready(page, h.url);
  const from = h.requests.length;
  const out = await page.evaluate(async () => {
    const { Engine } = await import('./engine.js');
    const engine = new Engine();
    const report = await engine.ingest(await (await fetch('./samples/survey.csv')).text());
    const before = performance.getEntriesByType('resource').filter((e) => e.name.includes('cxmetrics_warehouse')).length;
    const figures = await engine.figures('metric,path,value,reason\nnps,nps.value,,no survey responses\ncsat,csat.value,,a sentence of someone else\n');
    const sql = await engine.sql({ kind: 'survey', dialect: 'duckdb', table: 't' });
    let refused;
    try { await engine.sql({ kind: 'accounts', dialect: 'duckdb', table: 't' }); } catch (err) { refused = { message: err.message, code: err.code }; }
    return { nps: report.metrics.nps.value, before, figures, sql: sql.slice(0, 12), refused };
  });
  assert.equal(typeof out.nps, 'number');
  assert.equal(out.before, 0);
  // The code of a sentence the SQL writes comes back with it; another sentence stays as it is.
  assert.deepEqual(out.figures.metrics.nps, { value: null, reason: 'no survey responses', code: 'no_survey_responses' });
  assert.deepEqual(out.figures.metrics.csat, { value: null, reason: 'a sentence of someone else' });
  assert.equal(out.figures.source, 'figures');
  assert.equal(out.sql, '-- cxmetrics');
  assert.equal(typeof out.refused.code, 'string');
  assert.match(out.refused.message, /accounts/);
  assert.deepEqual(warehouseFiles(from), ['/pkg/cxmetrics_warehouse.js', '/pkg/cxmetrics_warehouse_bg.wasm']);
  assert.deepEqual(h.foreignRequests(), []);
});

test('an undefined figure of a result table is translated by the code of its reason', async () => {
  // The Zendesk result with "awaiting a first reply" undefined as the SQL
  // writes it without a reply column: the French page shows the French
  // reason, which only the code gives (the sentence has no translation of its own).
  const fr = JSON.parse(fs.readFileSync(path.join(ROOT, 'www', 'i18n', 'fr.json'), 'utf8'));
  const sentence = 'the file has no first reply time (neither a first reply time stamp nor a first reply duration), so whether a ticket was answered is unknown';
  assert.equal(fr.sentences[sentence], undefined);
  const rows = fs.readFileSync(RESULT, 'utf8').split('\n')
    .map((l) => (l.startsWith('awaiting_first_reply,awaiting_first_reply.value,') ? `awaiting_first_reply,awaiting_first_reply.value,,"${sentence}"` : l));
  const page = await h.newPage(1280, 900);
  await ready(page, h.url);
  await settle(page, 'data', () => page.setInputFiles('#file', { name: 'result.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) }));
  await page.selectOption('#lang', 'fr');
  await page.waitForFunction(() => document.documentElement.lang === 'fr');
  await show(page, 'tickets');
  const reason = await page.textContent('#tickets-kpis [data-metric="awaiting_first_reply"] .kpi-reason');
  assert.ok(reason.includes(fr.reasons.no_reply_column), reason);
  assert.deepEqual(h.consoleErrors, []);
});

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
  // The query as shown (trimmed by text()), with its closing newline.
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), `${named}\n`);
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
  // 14 figures (metric ids) in its 112 rows.
  assert.equal(await textIs(page, `${card} .ds-rows`, '14 figures from a result table'), '14 figures from a result table');
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

// The Stripe export's subscriptions query as DuckDB ran it over the core's
// typed table (tests/browser/data/): stripe_subscriptions.expected.md's
// figures, default period 2023-11 … 2024-02.
const SUBS_RESULT = path.join(ROOT, 'tests', 'browser', 'data', 'stripe_subscriptions.duckdb-result.csv');

test('a subscriptions card gives its query, and its result is drawn by the churn section', async () => {
  const page = await h.newPage(1280, 900);
  await ready(page, h.url);
  await settle(page, 'data', () => page.setInputFiles('#file', path.join(ROOT, 'tests', 'fixtures', 'exports', 'stripe_subscriptions.csv')));
  const subs = '.dataset[data-kind=subscriptions] .warehouse';
  await page.click('.dataset[data-kind=subscriptions] > summary');
  await page.click(`${subs} > summary`);
  const q = await textIs(page, `${subs} .wh-query code`, /^-- cxmetrics subscriptions figures \(duckdb\)/);
  // The export's own columns, and the figures of the query.
  assert.match(q, /"Customer ID"/);
  assert.match(q, /'customers_start\.value'/);
  assert.match(q, /'mrr_months\.months\['/);

  const result = await h.newPage(1280, 900);
  await ready(result, h.url);
  await settle(result, 'data', () => result.setInputFiles('#file', SUBS_RESULT));
  await show(result, 'churn');
  const kpi = (id) => result.textContent(`#churn-kpis [data-metric="${id}"] .kpi-value`);
  assert.equal(await kpi('customers_start'), '1');
  assert.equal(await kpi('customers_end'), '7');
  assert.equal(await kpi('customer_churn'), '15.4%');
  assert.equal(await kpi('annual_churn'), '86.5%');
  assert.match(await kpi('mrr_start'), /148\.00/);
  assert.match(await kpi('mrr_end'), /640\.00/);
  assert.match(await kpi('arpa'), /91\.43/);
  assert.match(await result.textContent('#churn-kpis [data-metric=customer_churn] .kpi-detail'), /2 lost ÷ 13/);
  const card = '.dataset[data-kind=subscriptions][data-source=figures]';
  // 17 figures (metric ids) in its 105 rows: every subscriptions figure but the cohorts.
  assert.equal(await textIs(result, `${card} .ds-rows`, '17 figures from a result table'), '17 figures from a result table');
  await result.screenshot({ path: path.join(SHOTS, 'warehouse-subscriptions-result.png'), fullPage: true });
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.foreignRequests(), []);
});

// The Business hours panel of the Support tickets section (issue 17) in
// Debian's Chromium: a timestamp-only export, a schedule typed in the weekly
// editor (Paris, Mon–Fri 09:00–18:00, Easter Monday and Labour Day off) and
// SLA targets per priority give the figures worked out by hand in
// docs/metrics.md §4.12; the page's report equals `cxmetrics report` with the
// same flags; the schedule rides in the share link; screenshots of the panel
// at 1280 and 390 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { start, ROOT, SHOTS, show, settle, ready, idle, linkHolds, openSection, buildCli } from './harness.mjs';

const FILE = path.join(ROOT, 'tests/fixtures/tickets/business_hours.csv');
const POLICY = path.join(ROOT, 'tests/fixtures/tickets/business_hours.policy.json');

let h;
let cli;
before(async () => {
  cli = buildCli();
  h = await start();
});
after(async () => { await h?.close(); });

const open = (width = 1280) => openSection(h, 'tickets', { width });

const recompute = (page, change) => settle(page, 'tickets', change);

/** Types the schedule and the policy of the fixture's worked example, and applies them. */
async function typeSchedule(page) {
  const card = '#tickets-hours-card';
  await page.selectOption(`${card} select[name=hours_preset]`, 'custom');
  for (const day of ['mon', 'tue', 'wed', 'thu', 'fri']) await page.fill(`${card} input[name=day_${day}]`, '09:00-18:00');
  for (const day of ['sat', 'sun']) await page.fill(`${card} input[name=day_${day}]`, '');
  await page.fill(`${card} input[name=time_zone]`, 'Europe/Paris');
  await page.fill(`${card} input[name=holidays]`, '2024-04-01, 2024-05-01');
  await page.selectOption(`${card} select[name=first_reply_clock]`, 'business');
  await page.selectOption(`${card} select[name=resolution_clock]`, 'calendar');
  const cell = (priority, col) => `#hours-policy tr[data-priority="${priority}"] td:nth-of-type(${col}) input`;
  await page.fill(cell('Urgent', 1), '1');
  await page.fill(cell('High', 1), '2');
  await page.fill(cell('Normal', 1), '4');
  await page.fill(cell('', 2), '48');
  await page.fill(cell('Urgent', 2), '24');
  await recompute(page, () => page.click('#hours-apply'));
}

const rows = (page, sel) => page.$$eval(`${sel} tbody tr`, (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));

test('a timestamp-only export with a typed schedule: business medians, SLA per priority, breaches; equal to the CLI', async () => {
  const page = await open();
  await settle(page, 'tickets', () => page.setInputFiles('#file', FILE));
  // Without a schedule, a timestamp-only export has no business-hours figure.
  assert.equal(await page.$('#tickets-kpis [data-metric="first_response_minutes_business"]'), null);
  await typeSchedule(page);
  const tile = (id) => page.textContent(`#tickets-kpis [data-metric="${id}"] .kpi-value`);
  assert.equal(await tile('first_response_minutes_business'), '75 min');
  assert.equal(await tile('resolution_minutes_business'), '8 h');
  assert.match(await page.textContent('#hours-in-use'), /Europe\/Paris, 2 holiday entries/);
  assert.equal(await page.textContent('#hours-first_reply_sla .hours-value'), '50.0%');
  assert.equal(await page.textContent('#hours-resolution_sla .hours-value'), '40.0%');
  assert.deepEqual(await rows(page, '#hours-first_reply_sla > .table-wrap'), [
    ['High', '2 h', '100.0%', '1', '0'],
    ['Normal', '4 h', '100.0%', '1', '0'],
    ['Urgent', '60 min', '0.0%', '0', '2'],
  ]);
  assert.match(await page.textContent('#hours-first_reply_sla'), /1 ticket \(16\.7%\) has no target/);
  await page.click('#hours-first_reply_sla details.hours-breaches summary');
  const breaches = await page.$$eval('#hours-first_reply_sla details.hours-breaches tbody tr', (trs) => trs.map((tr) => tr.children[0].textContent));
  assert.deepEqual(breaches, ['T-1', 'T-5']);

  // The page's report (its JSON download) is the CLI's with the same schedule and policy.
  const expected = JSON.parse(execFileSync(cli, ['report', FILE, '--json', '--hours', 'Mon 09:00-18:00; Tue 09:00-18:00; Wed 09:00-18:00; Thu 09:00-18:00; Fri 09:00-18:00',
    '--time-zone', 'Europe/Paris', '--holidays', '2024-04-01,2024-05-01', '--sla-policy', POLICY], { encoding: 'utf8' }));
  const card = '.dataset[data-kind=tickets]';
  await page.click(`${card} summary`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`${card} .actions button:nth-child(2)`)]);
  const saved = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  // The page writes the policy from its table: the same targets, with an unset default as null.
  for (const r of [saved, expected]) delete r.settings.sla_policy;
  assert.deepEqual(saved.metrics, expected.metrics);
  assert.deepEqual(saved.settings, expected.settings);
  assert.doesNotMatch(await page.textContent('#section-tickets'), /NaN|Infinity|undefined/);
  await page.close();
});

test('any zone of the browser\'s tz database, beyond the suggestions: Helsinki across its spring clock change equals the CLI', async () => {
  const page = await open();
  await settle(page, 'tickets', () => page.setInputFiles('#file', FILE));
  const card = '#tickets-hours-card';
  const suggested = await page.$$eval(`${card} datalist option`, (os) => os.map((o) => o.value));
  assert.ok(suggested.includes('Europe/Paris') && !suggested.includes('Europe/Helsinki'));
  await page.selectOption(`${card} select[name=hours_preset]`, '24/7');
  await page.fill(`${card} input[name=time_zone]`, 'europe/helsinki');
  await recompute(page, () => page.click('#hours-apply'));
  // 24/7 in Helsinki: T-1 (Fri 17:00 → Tue 09:30, local readings) and T-2
  // (Sat 10:00 → Tue 09:10) each lose the hour skipped on 2024-03-31, so
  // their business minutes are the calendar's − 60; the others are equal.
  const expected = JSON.parse(execFileSync(cli, ['report', FILE, '--json', '--hours', '24/7', '--time-zone', 'Europe/Helsinki'], { encoding: 'utf8' }));
  const cardData = '.dataset[data-kind=tickets]';
  await page.click(`${cardData} summary`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`${cardData} .actions button:nth-child(2)`)]);
  const saved = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  assert.deepEqual(saved.metrics, expected.metrics);
  assert.deepEqual(saved.settings, expected.settings);
  assert.equal(saved.settings.schedule.time_zone, 'Europe/Helsinki');
  const business = saved.metrics.first_response_minutes_business;
  const calendar = saved.metrics.first_response_minutes;
  assert.equal(business.n, calendar.n);
  assert.equal(business.mean * business.n, calendar.mean * calendar.n - 120);
  await page.close();
});

test('a zone the browser does not know, or an offset, is refused with the core\'s sentence', async () => {
  const page = await open();
  await settle(page, 'tickets', () => page.setInputFiles('#file', FILE));
  for (const bad of ['Mars/Olympus', '+01:00']) {
    await page.fill('#tickets-hours-card input[name=time_zone]', bad);
    await page.click('#hours-apply');
    // The dataset card says why the change was not applied.
    await page.waitForFunction((b) => [...document.querySelectorAll('.ds-notice')].some((p) => p.textContent.includes(`“${b}” is not known`)), bad);
    assert.match(await page.textContent('.ds-notice'), /IANA name/);
  }
  await page.close();
});

test("Zendesk's own business-hours columns beside the schedule's, with the tickets that differ; equal to the CLI", async () => {
  const zendesk = path.join(ROOT, 'tests/fixtures/exports/zendesk_tickets.csv');
  const cliReport = JSON.parse(execFileSync(cli, ['report', zendesk, '--json', '--hours', 'mon-fri-9-17', '--time-zone', 'UTC'], { encoding: 'utf8' }));
  const check = cliReport.metrics.business_hours_check;
  assert.ok(check.differing > 0 && check.examples.length > 0, 'the fixture has tickets that differ');
  const page = await open();
  await settle(page, 'tickets', () => page.setInputFiles('#file', zendesk));
  const card = '#tickets-hours-card';
  await page.selectOption(`${card} select[name=hours_preset]`, 'mon-fri-9-17');
  await page.fill(`${card} input[name=time_zone]`, 'UTC');
  await recompute(page, () => page.click('#hours-apply'));
  // Each row: the median from the time stamps, then the export's — the CLI's figures, in the page's format.
  const m = cliReport.metrics;
  const figures = [m.first_response_minutes_business.median, m.first_response_minutes_business_export.median,
    m.resolution_minutes_business.median, m.resolution_minutes_business_export.median,
    ...check.examples.flatMap((e) => [e.computed, e.exported])];
  const text = await page.evaluate(async (xs) => {
    const { formatter } = await import(new URL('format.js', document.baseURI).href);
    const f = formatter('en');
    return xs.map((x) => f.minutes(x));
  }, figures);
  assert.deepEqual(await rows(page, '#hours-check-table'), [
    ['First reply', text[0], text[1]],
    ['Resolution', text[2], text[3]],
  ]);
  assert.match(await page.textContent('#hours-check'), new RegExp(`${check.differing} of ${check.compared} tickets differ`));
  await page.click('#hours-check-examples summary');
  const label = { first_response_minutes_business: 'First reply', resolution_minutes_business: 'Resolution' };
  assert.deepEqual(await rows(page, '#hours-check-examples'),
    check.examples.map((e, i) => [String(e.id), label[e.figure], text[4 + 2 * i], text[5 + 2 * i]]));
  await page.close();
});

test('the schedule rides in the share link with pasted data', async () => {
  const page = await open();
  await page.click('#paste-toggle');
  await page.fill('#paste', fs.readFileSync(FILE, 'utf8'));
  await settle(page, 'tickets', () => page.click('#paste-go'));
  await show(page, 'tickets');
  await typeSchedule(page);
  const url = await linkHolds(page, { data: { tickets: { settings: { schedule: { time_zone: 'Europe/Paris', holidays: ['2024-04-01', '2024-05-01'] } } } } });
  await page.close();
  const fresh = await h.newPage(390, 800);
  await ready(fresh, url);
  await idle(fresh, 'tickets');
  await show(fresh, 'tickets');
  await fresh.waitForSelector('#hours-first_reply_sla .hours-value');
  assert.equal(await fresh.textContent('#hours-first_reply_sla .hours-value'), '50.0%');
  assert.equal(await fresh.inputValue('#tickets-hours-card input[name=time_zone]'), 'Europe/Paris');
  assert.equal(await fresh.inputValue('#tickets-hours-card input[name=day_mon]'), '09:00-18:00');
  // Removing the schedule and targets brings back the plain report.
  await settle(fresh, 'tickets', () => fresh.click('#hours-remove'));
  assert.equal(await fresh.$('#hours-first_reply_sla'), null);
  await fresh.close();
});

test('a bad target is refused with a sentence before anything is applied', async () => {
  const page = await open();
  await settle(page, 'tickets', () => page.setInputFiles('#file', FILE));
  await page.fill('#hours-policy tr[data-priority="Urgent"] td:nth-of-type(1) input', 'soon');
  await page.click('#hours-apply');
  assert.match(await page.textContent('#tickets-hours-card .form-error'), /“soon” is not a number of hours/);
  await page.close();
});

test('panel screenshots at 1280 and 390 px; no overflow, no console errors, no foreign requests', async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const width of [1280, 390]) {
    const page = await open(width);
    await settle(page, 'tickets', () => page.setInputFiles('#file', FILE));
    await typeSchedule(page);
    await page.selectOption('#tickets-hours-card select[name=hours_preset]', 'custom');
    await page.click('#hours-first_reply_sla details.hours-breaches summary');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the ${width}px viewport`);
    const panel = await page.$('#tickets-hours-card');
    await panel.screenshot({ path: path.join(SHOTS, `hours-${width}.png`) });
    await page.close();
  }
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.foreignRequests(), []);
});

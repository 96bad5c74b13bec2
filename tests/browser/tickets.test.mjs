// The Support tickets section end to end in Debian's Chromium: the typed-in
// calculators (SLA, one-touch, durations), the Zendesk, Intercom and Spanish
// fixtures with the figures of their .expected.md, the dataset settings
// (SLA target, as-of), no console errors, no request leaving the origin, and
// screenshots at 1280 and 390 px for review.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, ROOT, SHOTS, settle, openSection } from './harness.mjs';

let h;
before(async () => { h = await start(); });
after(async () => { await h?.close(); });

const fixture = (name) => path.join(ROOT, 'tests/fixtures/exports', name);

const open = (width = 1280) => openSection(h, 'tickets', { width });

/** Does `change` and waits until the section shows what it computes. */
const recompute = (page, change) => settle(page, 'tickets', change);

async function load(page, name) {
  await recompute(page, () => page.setInputFiles('#file', fixture(name)));
  assert.ok((await page.textContent('#tickets-data .area-title')).includes(name));
}

/** The value text of a KPI tile, or its undefined reason. */
async function kpi(page, id) {
  return page.$eval(`#tickets-kpis [data-metric="${id}"]`, (card) => ({
    value: card.querySelector('.kpi-value')?.textContent,
    title: card.querySelector('.kpi-value span')?.getAttribute('title') || null,
    detail: [...card.querySelectorAll('.kpi-detail')].map((p) => p.textContent).join(' | '),
    reason: card.querySelector('.kpi-reason')?.textContent || null,
    how: card.querySelector('details.how p')?.textContent || '',
  }));
}

const rows = (page, sel) => page.$$eval(`${sel} tbody tr`, (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
const calcText = (page, id) => page.textContent(`#calc-${id} .calc-out .headline`);

test('typed counts: SLA 9 of 12 replied + 2 overdue = 64.3 %, one-touch 6 of 10 = 60.0 %', async () => {
  const page = await open();
  assert.match(await calcText(page, 'sla'), /^64\.3%/);
  assert.match(await calcText(page, 'sla'), /9 met the target · 12 replied \+ 2 overdue without a reply/);
  assert.match(await calcText(page, 'one_touch'), /^60\.0%/);
  // Typing follows: 45 within target of 50 replied with 10 overdue → 45 / 60 = 75.0 %.
  const sla = page.locator('#calc-sla input[type=number]');
  await sla.nth(0).fill('45');
  await sla.nth(1).fill('50');
  await recompute(page, () => sla.nth(2).fill('10'));
  assert.match(await calcText(page, 'sla'), /^75\.0%/);
  // No solved tickets: undefined with the core's reason, never NaN.
  const touch = page.locator('#calc-one_touch input[type=number]');
  await touch.nth(0).fill('0');
  await recompute(page, () => touch.nth(1).fill('0'));
  assert.match(await page.textContent('#calc-one_touch .calc-out'), /Not defined: no solved tickets\./);
  // More one-touch than solved is an input error named by the core.
  await touch.nth(0).fill('5');
  await recompute(page, () => touch.nth(1).fill('3'));
  assert.equal(await page.$('#calc-one_touch .headline'), null);
  assert.ok(await page.$('#calc-one_touch .calc-error'));
  assert.doesNotMatch(await page.textContent('#section-tickets'), /NaN|Infinity|undefined/);
  await page.close();
});

test('durations: the Zendesk first response times give median 32.5, p90 93, p95 133.25; words are ignored', async () => {
  const page = await open();
  const stats = Object.fromEntries((await rows(page, '#calc-durations')).map(([k, m, d]) => [k, [m, d]]));
  assert.deepEqual(stats, {
    Values: ['12', ''],
    Mean: ['46.33', '46 min'],
    Median: ['32.5', '33 min'],
    '90th percentile': ['93', '1.6 h'],
    '95th percentile': ['133.25', '2.2 h'],
  });
  assert.match(await calcText(page, 'durations'), /^33 min/);
  assert.equal(await page.$('#durations-ignored'), null);
  // Split on spaces, new lines, commas and semicolons; "abc" and "5min" are not numbers.
  await recompute(page, () => page.fill('#calc-durations textarea', '10\n20, abc;30 5min 40'));
  assert.match(await page.textContent('#durations-ignored'), /Ignored \(not a number\): abc, 5min/);
  const after = Object.fromEntries((await rows(page, '#calc-durations')).map(([k, m]) => [k, m]));
  assert.equal(after.Values, '4');
  assert.equal(after.Median, '25');
  assert.equal(after['90th percentile'], '37');
  // A negative duration is refused by the core with a sentence.
  await recompute(page, () => page.fill('#calc-durations textarea', '10 -5'));
  assert.equal(await page.textContent('#calc-durations .calc-error'), '“values[1]” must be a number of 0 or more, not -5.');
  // Nothing typed: undefined with a reason.
  await recompute(page, () => page.fill('#calc-durations textarea', 'none'));
  assert.match(await page.textContent('#calc-durations .calc-out'), /Not defined/);
  await page.close();
});

test('Zendesk export: the figures of zendesk_tickets.expected.md', async () => {
  const page = await open();
  await load(page, 'zendesk_tickets.csv');
  assert.equal((await kpi(page, 'tickets')).value, '14');
  assert.match((await kpi(page, 'tickets')).detail, /10 solved/);
  const frt = await kpi(page, 'first_response_median');
  assert.equal(frt.value, '33 min');
  assert.equal(frt.title, '32.5 min');
  assert.match(frt.detail, /12 replied tickets/);
  assert.match(frt.how, /PERCENTILE\.INC/);
  assert.match(frt.how, /Awaiting first reply/);
  assert.equal((await kpi(page, 'first_response_p90')).title, '93 min');
  assert.equal((await kpi(page, 'resolution_median')).title, '96.5 min');
  assert.equal((await kpi(page, 'resolution_p90')).title, '2,022 min');
  const sla = await kpi(page, 'sla_attainment');
  assert.equal(sla.value, '64.3%');
  assert.match(sla.detail, /9 of 12 replies within 60 min · 2 unreplied past the target/);
  assert.match(sla.detail, /as of Mar 11, 2024, 10:20 AM \(the latest time in the file\)/);
  assert.match(sla.how, /replied tickets \+ unreplied tickets already older than the target at the as-of time/);
  assert.equal((await kpi(page, 'one_touch_rate')).value, '60.0%');
  assert.equal((await kpi(page, 'backlog')).value, '4');
  assert.equal((await kpi(page, 'awaiting_first_reply')).value, '2');
  const csat = await kpi(page, 'ticket_csat');
  assert.equal(csat.value, '75.0%');
  assert.match(csat.detail, /95 % CI 40\.9% to 92\.9% · 6 satisfied of 8 rated/);
  const first = await kpi(page, 'first_ticket_resolution');
  assert.equal(first.title, '771.5 min');
  assert.match(first.detail, /90th percentile 40\.5 h/);
  assert.match(first.detail, /6 customers' first tickets · 3 first tickets still open/);
  assert.ok(await page.$('#tickets-kpis [data-metric="first_response_minutes_business"]'));
  // Every KPI says how it is computed.
  const tiles = await page.$$eval('#tickets-kpis .kpi', (cs) => cs.map((c) => Boolean(c.querySelector('details.how'))));
  assert.ok(tiles.length >= 12 && tiles.every(Boolean));

  // FRT histogram: buckets from the edges, the SLA target marked.
  const frtBars = await page.$$eval('#frt-histogram svg text.tick', (ts) => ts.map((x) => x.textContent));
  assert.deepEqual(frtBars, ['< 5 min', '5–15 min', '15–30 min', '30–60 min', '60 min–2 h', '2–4 h']);
  const frtCounts = await page.$$eval('#frt-histogram svg text.value', (ts) => ts.map((x) => x.textContent));
  assert.deepEqual(frtCounts, ['3', '1', '1', '4', '2', '1']);
  assert.equal(await page.textContent('#frt-histogram svg .target-label'), 'target 60 min');
  const classes = await page.$$eval('#frt-histogram svg rect', (rs) => rs.map((r) => r.getAttribute('class')));
  assert.deepEqual(classes, ['pro', 'pro', 'pro', 'pro', 'det', 'det']);
  assert.match(await page.textContent('#frt-histogram .visually-hidden'), /< 5 min: 3, 5–15 min: 1/);
  const resBars = await page.$$eval('#res-histogram svg text.tick', (ts) => ts.map((x) => x.textContent));
  assert.deepEqual(resBars.slice(-3), ['8–24 h', '24 h–2 d', '2–3 d']);

  // Top issues: sorted by distinct customers.
  assert.deepEqual(await rows(page, '#tickets-top-issues'), [
    ['billing', '4', '5'], ['login', '4', '4'], ['api', '2', '3'], ['feature_request', '2', '2'],
  ]);
  assert.match(await page.textContent('#tickets-top-issues details.how'), /Sorted by customers affected/);
  assert.deepEqual(await rows(page, '#tickets-by-channel'), [['Mail', '7'], ['Web form', '4'], ['Chat', '2'], ['Phone call (incoming)', '1']]);
  assert.deepEqual(await rows(page, '#tickets-by-priority'), [['Normal', '7'], ['High', '3'], ['Low', '3'], ['Urgent', '1']]);
  // Volume: one month and two weeks → per day by default; switching to weeks.
  assert.equal(await page.$eval('#tickets-volume select', (s) => s.value), 'day');
  await page.selectOption('#tickets-volume select', 'week');
  const weeks = await page.$$eval('#tickets-volume svg text.tick', (ts) => ts.map((x) => x.textContent));
  assert.deepEqual(weeks, ['2024-W10', '2024-W11']);
  assert.doesNotMatch(await page.textContent('#section-tickets'), /NaN|Infinity|undefined/);
  await page.close();
});

test('Intercom export: one-touch is undefined and says why', async () => {
  const page = await open();
  await load(page, 'intercom_conversations.csv');
  const touch = await kpi(page, 'one_touch_rate');
  assert.equal(touch.value, '–');
  assert.equal(touch.reason, 'Not defined: no replies or first-contact column.');
  assert.equal((await kpi(page, 'sla_attainment')).value, '72.7%');
  assert.equal((await kpi(page, 'first_response_median')).value, '15 min');
  assert.equal((await kpi(page, 'ticket_csat')).value, '62.5%');
  assert.equal(await page.$('#tickets-kpis [data-metric="first_response_minutes_business"]'), null);
  assert.match(await page.textContent('#tickets-by-priority'), /No priority column/);
  await page.close();
});

test('Spanish export: categories as written, figures from es_tickets.expected.md', async () => {
  const page = await open();
  await load(page, 'es_tickets.csv');
  assert.deepEqual(await rows(page, '#tickets-top-issues'), [
    ['Facturación', '4', '5'], ['Acceso', '3', '4'], ['Integraciones', '3', '3'],
  ]);
  assert.equal((await kpi(page, 'one_touch_rate')).value, '62.5%');
  assert.equal((await kpi(page, 'first_response_median')).value, '25 min');
  await page.close();
});

test('settings: SLA target and as-of re-read the data', async (t) => {
  const page = await open();
  await load(page, 'zendesk_tickets.csv');
  if (await page.$eval('#tickets-settings button[type=submit]', (b) => b.disabled)) {
    assert.match(await page.textContent('#tickets-settings-card'), /not available/);
    t.skip('the section context does not offer reingest yet');
    await page.close();
    return;
  }
  await page.fill('#tickets-settings input[name=sla_minutes]', '30');
  await page.fill('#tickets-settings input[name=as_of]', '2024-03-08T12:00');
  await recompute(page, () => page.click('#tickets-settings button[type=submit]'));
  // Expected from the CLI: report --sla-minutes 30 --as-of 2024-03-08T12:00 → 4 / (10 + 1) = 36.4 %.
  assert.equal((await kpi(page, 'sla_attainment')).value, '36.4%');
  const sla = await kpi(page, 'sla_attainment');
  assert.match(sla.detail, /4 of 10 replies within 30 min · 1 unreplied past the target/);
  assert.match(sla.detail, /as of Mar 8, 2024, 12:00 PM \(set by you\)/);
  assert.equal(await page.textContent('#frt-histogram svg .target-label'), 'target 30 min');
  // Back to the latest time in the file; the target stays.
  await recompute(page, () => page.click('#tickets-as-of-latest'));
  const latest = await kpi(page, 'sla_attainment');
  assert.match(latest.detail, /as of Mar 11, 2024, 10:20 AM \(the latest time in the file\)/);
  assert.match(latest.detail, /within 30 min/);
  await page.close();
});

test('no console errors, no foreign requests; screenshots at 1280 and 390', async () => {
  for (const width of [1280, 390]) {
    const page = await open(width);
    await load(page, 'zendesk_tickets.csv');
    assert.ok(await page.$('#calc-durations table'));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the ${width}px viewport`);
    await page.screenshot({ path: path.join(SHOTS, `tickets-${width}.png`), fullPage: true });
    await page.close();
  }
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.foreignRequests(), []);
});

// The Churn & revenue section in Debian's Chromium: the typed-in
// calculators reproduce docs/metrics.md §2's worked examples, a Stripe export and a
// Brazilian export give the figures of their .expected.md, the churn target
// is judged by the core, the cohort table switches view; no console errors,
// no request leaving the page's origin; screenshots for review.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, ROOT, SHOTS, show, settle, openSection } from './harness.mjs';

let h;
before(async () => { h = await start(); });
after(async () => { await h?.close(); });

const FIXTURES = path.join(ROOT, 'tests/fixtures/exports');

const open = (width = 1280) => openSection(h, 'churn', { width });

/** Does `change` and waits until the section shows what it computes. */
const recompute = (page, change) => settle(page, 'churn', change);

async function load(page, file) {
  await recompute(page, () => page.setInputFiles('#file', path.join(FIXTURES, file)));
  await show(page, 'churn');
}

const kpiValue = (page, id) => page.textContent(`#churn-kpis [data-metric="${id}"] .kpi-value`);

test('churn calculator: S 200, L 10 → 5.0 %; S 200, N 30, E 220 → retention 95.0 %', async () => {
  const page = await open();
  const card = page.locator('#calc-churn');
  await card.getByLabel('Customers at start').fill('200');
  await card.getByLabel('New customers').fill('30');
  await card.getByLabel('Lost customers').fill('10');
  await recompute(page, () => card.getByLabel('Customers at end').fill('220'));
  assert.equal(await page.textContent('#calc-churn .big'), '5.0%');
  assert.match(await page.textContent('#calc-churn [data-fact=retention]'), /Customer retention: 95\.0%/);
  assert.match(await page.textContent('#calc-churn [data-fact=net_change]'), /\+20 started the period with 200 customers and ended with 220/);
  assert.match(await page.textContent('#calc-churn [data-fact=annual]'), /46\.0%/);
  assert.equal(await page.textContent('#calc-churn [data-fact=target]'), 'Target met: 5.0% against a target of 5.0% (gap 0.0 points).');
  // A higher loss misses the target by the gap in points.
  await recompute(page, () => card.getByLabel('Lost customers').fill('14'));
  assert.equal(await page.textContent('#calc-churn [data-fact=target]'), 'Target missed: 7.0% against a target of 5.0% (gap +2.0 points).');
  // Lost among more customers than there were: the core's sentence, no number.
  await recompute(page, () => card.getByLabel('Lost customers').fill('300'));
  assert.equal(await page.$('#calc-churn .big'), null);
  assert.match(await page.textContent('#calc-churn .calc-error'), /“lost”/);
  await page.close();
});

test('monthly ↔ annual: 5 % a month is 46.0 % a year, and back', async () => {
  const page = await open();
  const card = page.locator('#calc-churn_convert');
  await recompute(page, () => card.getByLabel('Churn rate').fill('5'));
  assert.equal(await page.textContent('#calc-churn_convert .big'), '46.0%');
  assert.match(await page.textContent('#calc-churn_convert .ci'), /5\.0% a month is 46\.0% a year/);
  assert.match(await page.textContent('#calc-churn_convert [data-fact=never12]'), /Never multiply a monthly rate by 12/);
  await card.getByLabel('Convert').selectOption('annual');
  await recompute(page, () => card.getByLabel('Churn rate').fill('46'));
  assert.match(await page.textContent('#calc-churn_convert .ci'), /46\.0% a year is 5\.0% a month/);
  await page.close();
});

test('pooled churn, revenue retention and renewal rate from typed numbers', async () => {
  const page = await open();
  // (10 + 12 + 9) ÷ (200 + 210 + 215) = 31 ÷ 625 = 4.96 %; a fourth month left empty is skipped.
  assert.equal(await page.textContent('#calc-pooled_churn .big'), '5.0%');
  assert.match(await page.textContent('#calc-pooled_churn .ci'), /31 lost ÷ 625/);
  // stripe_subscriptions.expected.md, March 2024: 640 start, +99 expansion, −49 contraction, −99 churned, 1 of 7 expanded.
  assert.equal(await page.textContent('#calc-revenue .big'), '92.3%');
  assert.match(await page.textContent('#calc-revenue [data-fact=grr]'), /76\.9%/);
  assert.match(await page.textContent('#calc-revenue [data-fact=gross_mrr_churn]'), /23\.1%/);
  assert.match(await page.textContent('#calc-revenue [data-fact=expansion_rate]'), /14\.3%/);
  assert.equal(await page.textContent('#calc-renewal_rate .big'), '90.0%');
  await page.close();
});

test('a Stripe export: KPIs, target, monthly table, MRR movements, cohorts, LTV', async () => {
  const page = await open();
  await load(page, 'stripe_subscriptions.csv');
  // stripe_subscriptions.expected.md, default period 2023-11 … 2024-02.
  assert.equal(await page.textContent('#churn-net-change'), 'Started the period with 1 customer and ended with 7 (+6).');
  assert.match(await page.textContent('#churn-period'), /Nov 2023 to Feb 2024/);
  assert.equal(await kpiValue(page, 'customers_start'), '1');
  assert.equal(await kpiValue(page, 'customers_end'), '7');
  assert.equal(await kpiValue(page, 'customer_churn'), '15.4%');
  assert.equal(await kpiValue(page, 'annual_churn'), '86.5%');
  assert.equal(await kpiValue(page, 'mrr_start'), '$148.00');
  assert.equal(await kpiValue(page, 'mrr_end'), '$640.00');
  assert.equal(await kpiValue(page, 'arpa'), '$91.43');
  assert.match(await page.textContent('#churn-kpis [data-metric=customer_churn] .kpi-detail'), /2 lost ÷ 13/);
  assert.match(await page.textContent('#churn-kpis [data-metric=new_customers] .kpi-detail'), /2 new and lost/);
  // The default 5 % target, judged by the core.
  assert.equal(await page.textContent('#churn-target-status'), 'Target missed: 15.4% against a target of 5.0% (gap +10.4 points).');
  await recompute(page, () => page.fill('#churn-target', '20'));
  assert.match(await page.textContent('#churn-target-status'), /^Target met: 15\.4% against a target of 20\.0% \(gap -4\.6 points\)\.$/);
  assert.equal(await page.locator('#churn-monthly svg line.target').count(), 1);
  assert.match(await page.textContent('#churn-monthly svg .target-label'), /Target 20\.0%/);
  const monthly = await page.$$eval('#churn-monthly tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  assert.deepEqual(monthly, [
    ['Nov 2023', '1', '1', '0', '0', '2', '0.0%'],
    ['Dec 2023', '2', '2', '0', '0', '4', '0.0%'],
    ['Jan 2024', '4', '3', '0', '1', '6', '25.0%'],
    ['Feb 2024', '6', '2', '0', '1', '7', '16.7%'],
  ]);
  const mrr = await page.$$eval('#churn-mrr tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  assert.deepEqual(mrr[3], ['Feb 2024', '$591.00', '$148.00', '$0.00', '$0.00', '$99.00', '$0.00', '$640.00', '83.2%']);
  // Cohorts: February 2024's 3 customers, 2 still paying a month later; by MRR 59.9 %.
  const febRow = () => page.$$eval('#churn-cohort-table tbody tr', (trs) => [...trs[3].children].map((c) => c.textContent));
  assert.deepEqual(await febRow(), ['Feb 2024', '3', '100%', '67%', '', '', '']);
  await page.click('#churn-cohorts button[data-view=mrr]');
  await page.waitForSelector('#churn-cohort-table[data-view=mrr]');
  assert.deepEqual(await febRow(), ['Feb 2024', '$247.00', '100%', '60%', '', '', '']);
  assert.equal(await page.getAttribute('#churn-cohorts button[data-view=mrr]', 'aria-pressed'), 'true');
  // LTV from the data: 91.43 ÷ (2/13), gross margin assumed and said so.
  assert.equal(await page.textContent('#churn-ltv .big'), '$594.29');
  assert.match(await page.textContent('#churn-ltv'), /Gross margin is assumed to be 100%/);
  assert.match(await page.textContent('#churn-ltv'), /Expected lifetime: 6\.5 months/);
  await page.close();
});

test('a Brazilian export (semicolons, R$ 1.234,56, day-first dates) in reais', async () => {
  const page = await open();
  await load(page, 'br_assinaturas.csv');
  await recompute(page, () => page.locator('.section-settings').first().getByLabel('Currency').selectOption('BRL'));
  // br_assinaturas.expected.md, default period: pooled 1 ÷ 16 = 6.25 %.
  assert.equal(await kpiValue(page, 'mrr_start'), 'R$998.00');
  assert.equal(await kpiValue(page, 'customer_churn'), '6.3%');
  assert.equal(await kpiValue(page, 'mrr_end'), 'R$4,130.36');
  assert.equal(await kpiValue(page, 'customers_start'), '2');
  assert.equal(await kpiValue(page, 'customers_end'), '6');
  assert.match(await page.textContent('#churn-kpis [data-metric=new_customers] .kpi-detail'), /1 new and lost/);
  await page.close();
});

test('screenshots at desktop and phone width, no sideways scrolling', async () => {
  for (const width of [1280, 390]) {
    const page = await open(width);
    await load(page, 'stripe_subscriptions.csv');
    assert.equal(await page.textContent('#churn-target-status'), 'Target missed: 15.4% against a target of 5.0% (gap +10.4 points).');
    assert.equal(await page.textContent('#calc-renewal_rate .big'), '90.0%');
    const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(scroll <= inner, `page is ${scroll} px wide in a ${inner} px window`);
    await page.screenshot({ path: path.join(SHOTS, `churn-${width}.png`), fullPage: true });
    await page.close();
  }
});

test('no console errors and no request outside the page origin', () => {
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.foreignRequests(), []);
});

// The Value section in Debian's Chromium: the value calculator reproduces
// docs/metrics.md §1's worked examples, says when gross margin is assumed and when LTV
// is capped, takes ARPA, churn and CAC from loaded data, keeps its inputs in
// the share link; CAC per channel from a spend export; no console errors,
// no request leaving the page's origin; screenshots for review.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, ROOT, SHOTS, show, settle, linkHolds, openSection } from './harness.mjs';

let h;
before(async () => { h = await start(); });
after(async () => { await h?.close(); });

const FIXTURES = path.join(ROOT, 'tests/fixtures/exports');

const open = (width = 1280, url = h.url) => openSection(h, 'value', { width, url });

/** Does `change` and waits until the section shows what it computes. */
const recompute = (page, change) => settle(page, 'value', change);

const tile = (id, part = 'kpi-value') => `#calc-value [data-metric="${id}"] .${part}`;

test('CAC 1,200, ARPA 100, gross margin assumed 100 %, churn 3 % → payback 12, 30.6 % lost before payback', async () => {
  const page = await open();
  await page.fill('#value-cac', '1200');
  await page.fill('#value-arpa', '100');
  await recompute(page, () => page.fill('#value-monthly-churn', '3'));
  assert.equal(await page.textContent(tile('payback_months')), '12 months');
  assert.equal(await page.textContent(tile('lost_before_payback')), '30.6%');
  assert.equal(await page.textContent(tile('lost_before_payback', 'kpi-detail')),
    '30.6% of new customers are expected to cancel before they pay back their CAC.');
  // LTV = 100 × 1 ÷ 0.03; LTV : CAC = 3,333.33 ÷ 1,200.
  assert.equal(await page.textContent('#value-ltv .big'), '$3,333.33');
  assert.equal(await page.textContent(tile('ltv_cac')), '2.8 : 1');
  assert.equal(await page.textContent(tile('ltv_cac', 'kpi-detail')), '3 : 1 is a common healthy reference, not a rule.');
  // The gross margin is not typed: the page says it is assumed.
  assert.equal(await page.inputValue('#value-gross-margin'), '');
  assert.match(await page.textContent('#value-gm-note'), /Gross margin not entered: 100% is assumed/);
  // With churn, break-even comes later than the plain payback: marked on the curve.
  assert.match(await page.textContent('#value-break-even'), /month 15\./);
  assert.equal(await page.locator('#calc-value svg line.marker').count(), 1);
  // A typed margin is used, and no longer called assumed: 1,200 ÷ (100 × 0.5) = 24 months.
  await recompute(page, () => page.fill('#value-gross-margin', '50'));
  assert.equal(await page.textContent(tile('payback_months')), '24 months');
  assert.equal(await page.textContent('#value-gm-note'), 'Gross margin: 50.0%.');
  await page.close();
});

test('no churn: LTV not defined, the capped value shown and labelled', async () => {
  const page = await open();
  await page.fill('#value-monthly-churn', '0');
  await recompute(page, () => page.fill('#value-lifetime-cap-months', '60'));
  assert.match(await page.textContent('#value-ltv .reason'), /Not defined: no churn observed/);
  // 100 × 1 × 60 months.
  assert.match(await page.textContent('#value-ltv-capped'), /Capped at 60 months: \$6,000.00 \(a capped value/);
  assert.equal(await page.textContent(tile('lost_before_payback')), '0.0%');
  await page.close();
});

test('CAC from spend: 10,000 ÷ 5 → 2,000, and into the value calculator', async () => {
  const page = await open();
  const card = page.locator('#calc-cac');
  await card.getByLabel('Acquisition spend').fill('10000');
  await recompute(page, () => card.getByLabel('New customers').fill('5'));
  assert.equal(await page.textContent('#calc-cac .big'), '$2,000.00');
  await recompute(page, () => page.click('#value-use-typed-cac'));
  assert.equal(await page.inputValue('#value-cac'), '2000');
  // ARPA 100, gm 100 % → 20 months.
  assert.equal(await page.textContent(tile('payback_months')), '20 months');
  await recompute(page, () => card.getByLabel('New customers').fill('0'));
  assert.match(await page.textContent('#calc-cac .reason'), /Not defined: no new customers in the period/);
  await page.close();
});

test('a spend export: CAC in total and per channel, undefined channels with their reason', async () => {
  const page = await open();
  await recompute(page, () => page.setInputFiles('#file', path.join(FIXTURES, 'spend_channels.csv')));
  assert.equal(await page.isVisible('#value-data'), true);
  // spend_channels.expected.md: 29,200 ÷ 34.
  assert.equal(await page.textContent('#value-spend-kpis [data-metric=cac] .kpi-value'), '$858.82');
  assert.equal(await page.textContent('#value-spend-kpis [data-metric=spend] .kpi-value'), '$29,200.00');
  assert.equal(await page.textContent('#value-spend-kpis [data-metric=new_customers] .kpi-value'), '34');
  const rows = await page.$$eval('#value-channels tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  assert.deepEqual(rows, [
    ['Google Ads', '$12,600.00', '18', '$700.00'],
    ['LinkedIn Ads', '$8,000.00', '4', '$2,000.00'],
    ['Content & SEO', '$3,600.00', '9', '$400.00'],
    ['Events', '$5,000.00', '0', 'not defined: no new customers in the period'],
    ['Referral', '$0.00', '3', '$0.00'],
  ]);
  assert.match(await page.textContent('#value-channels-missing'), /Events \(no new customers in the period\)/);
  assert.equal(await page.locator('#value-channels svg rect').count(), 4);
  await page.close();
});

test('ARPA and churn from subscriptions, CAC from spend, kept in the share link', async () => {
  const page = await open();
  assert.equal(await page.isVisible('#value-use-subscriptions'), false);
  await recompute(page, () => page.setInputFiles('#file', [path.join(FIXTURES, 'stripe_subscriptions.csv'), path.join(FIXTURES, 'spend_channels.csv')]));
  await show(page, 'value');
  assert.match(await page.textContent('#value-from-data'), /ARPA \$91\.43 and monthly churn 15\.4% from stripe_subscriptions\.csv/);
  await recompute(page, () => page.click('#value-use-subscriptions'));
  await recompute(page, () => page.click('#value-use-spend'));
  assert.equal(await page.inputValue('#value-arpa'), '91.4286');
  assert.equal(await page.inputValue('#value-monthly-churn'), '15.3846');
  assert.equal(await page.inputValue('#value-cac'), '858.82');
  // 858.82 ÷ 91.4286 = 9.39 months; LTV 91.4286 ÷ 0.153846 = 594.29, as in the report.
  assert.equal(await page.textContent(tile('payback_months')), '9.4 months');
  assert.equal(await page.textContent('#value-ltv .big'), '$594.29');
  // The link carries the typed inputs: a fresh page opened from it shows them.
  const link = await linkHolds(page, { inputs: { value: { value: { arpa: 91.4286, monthly_churn: 15.3846, cac: 858.82 } } } });
  await page.close();
  const again = await open(1280, link);
  assert.equal(await again.inputValue('#value-cac'), '858.82');
  assert.equal(await again.inputValue('#value-arpa'), '91.4286');
  assert.equal(await again.textContent(tile('payback_months')), '9.4 months');
  await again.close();
});

test('screenshots at desktop and phone width, no sideways scrolling', async () => {
  for (const width of [1280, 390]) {
    const page = await open(width);
    await recompute(page, () => page.setInputFiles('#file', path.join(FIXTURES, 'spend_channels.csv')));
    await show(page, 'value');
    assert.equal(await page.isVisible('#value-channels'), true);
    assert.ok(await page.locator('#calc-value svg').count() > 0);
    const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
    assert.ok(scroll <= inner, `page is ${scroll} px wide in a ${inner} px window`);
    await page.screenshot({ path: path.join(SHOTS, `value-${width}.png`), fullPage: true });
    await page.close();
  }
});

test('no console errors and no request outside the page origin', () => {
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.foreignRequests(), []);
});

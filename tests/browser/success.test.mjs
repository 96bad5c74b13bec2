// The Success ops section end to end in Debian's Chromium: the bottom-up CSM
// capacity calculator (docs/metrics.md §5 worked example), the other typed-in
// calculators, an accounts export (tests/fixtures/exports/id_akun.csv, whose
// expected figures are in id_akun.expected.md), no console errors, no
// request leaving the page's origin, no sideways scrolling on a phone;
// screenshots for review.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, ROOT, SHOTS, show, settle, textIs } from './harness.mjs';

let h;
before(async () => { h = await start(); });
after(async () => { await h?.close(); });

async function open(width = 1280, { file } = {}) {
  const page = await h.newPage(width, 900);
  await page.goto(h.url);
  await page.waitForSelector('body[data-ready=true]');
  if (file) await recompute(page, () => page.setInputFiles('#file', path.join(ROOT, file)));
  await show(page, 'success');
  return page;
}

/** Does `change` and waits until the section shows what it computes. */
const recompute = (page, change) => settle(page, 'success', change);

test('CSM capacity: QBR 3 h × 4 a year for 100 accounts is 1,200 hours (docs/metrics.md §5)', async () => {
  const page = await open();
  const card = page.locator('#calc-csm_capacity');
  // The example activities: QBR 3 h × 4, check-in 1 h × 12, renewal 2 h × 1 → 26 h per account.
  assert.match(await page.textContent('#csm-hours'), /^2,600 hours of work a year for 100 accounts, at 1,400 productive hours per CSM\.$/);
  assert.equal(await card.locator('.calc-out .big').textContent(), '1.86');
  assert.match(await card.locator('.calc-out .ci').textContent(), /hire 2 \(rounded up\)/);
  assert.match(await card.locator('figure.chart p.visually-hidden').textContent(), /QBR \(1 h prep \+ 1 h present \+ 1 h follow-up\): 1,200 h; Monthly check-in: 1,200 h; Renewal preparation: 200 h/);

  // Keep only the QBR: remove the two other activities.
  await recompute(page, () => page.click('[aria-label="Remove activity 3"]'));
  await recompute(page, () => page.click('[aria-label="Remove activity 2"]'));
  assert.equal(await card.locator('.edit-row').count(), 1);
  assert.equal(await page.inputValue('[aria-label="Activity 1: hours each time"]'), '3');
  assert.equal(await page.inputValue('[aria-label="Activity 1: times a year per account"]'), '4');
  assert.match(await page.textContent('#csm-hours'), /^1,200 hours of work a year for 100 accounts/);
  assert.equal(await card.locator('.calc-out .big').textContent(), '0.86');
  assert.match(await card.locator('.calc-out .ci').textContent(), /hire 1 \(rounded up\)/);

  // Add an activity by hand: onboarding call, 2 h once a year → 3 × 4 + 2 = 14 h × 100 = 1,400 h = exactly 1 CSM.
  await recompute(page, () => page.click('#csm-add'));
  await page.fill('[aria-label="Activity 2: name"]', 'Onboarding call');
  await page.fill('[aria-label="Activity 2: hours each time"]', '2');
  await recompute(page, () => page.fill('[aria-label="Activity 2: times a year per account"]', '1'));
  assert.match(await page.textContent('#csm-hours'), /^1,400 hours/);
  assert.equal(await card.locator('.calc-out .big').textContent(), '1.00');
  assert.match(await card.locator('.calc-out .ci').textContent(), /hire 1 \(rounded up\)/);

  // Productive hours 0 is refused with a sentence, not a number.
  await recompute(page, () => card.getByLabel('Productive hours per CSM per year').fill('0'));
  assert.equal(await page.$('#csm-hours'), null);
  const refused = await page.textContent('#calc-csm_capacity .calc-error');
  assert.match(refused, /productive_hours_per_csm/);
  assert.match(refused, /greater than 0/);
  await page.close();
});

test('typed-in onboarding, email, engagement, adoption and upsell calculators', async () => {
  const page = await open();
  // Onboarding: the fixture's nine finished accounts (id_akun.expected.md): median 21, p90 35.4, 7 of 9 within 30 days.
  const onboarding = page.locator('#calc-onboarding');
  assert.equal(await onboarding.locator('.big').textContent(), '21 days');
  assert.equal(await onboarding.locator('.ci').textContent(), '90th percentile 35.4 days · 9 accounts onboarded');
  assert.equal(await page.textContent('#onboarding-within'), '77.8% finished within 30 days (7 of 9); 3 accounts still onboarding are counted apart.');
  // A list with words is refused by the page itself, before the core is asked:
  // nothing is computed, so the wait is for the sentence.
  await page.fill('#onboarding-days', '10 20 x');
  await textIs(page, '#calc-onboarding .calc-error', /These are not numbers of days: x\./);
  await recompute(page, () => page.fill('#onboarding-days', '10, 20; 40'));
  assert.match(await page.textContent('#onboarding-within'), /\(2 of 3\)/);
  assert.equal(await onboarding.locator('.big').textContent(), '20 days');

  // Email open rate 49 / 73 = 67.1 %; engagement 10 / 12 = 83.3 %.
  assert.equal(await page.textContent('#calc-email_open_rate .big'), '67.1%');
  assert.equal(await page.textContent('#calc-engagement .big'), '83.3%');
  await page.locator('#calc-engagement').getByLabel('Accounts', { exact: true }).fill('0');
  await recompute(page, () => page.locator('#calc-engagement').getByLabel('Accounts with ≥ 1 session').fill('0'));
  assert.equal(await page.textContent('#calc-engagement .reason'), 'Not defined: no accounts.');

  // Adoption: 10/12, 6/12, 3/12, 9/10, 1/8 → mean 52.2 %; bands bad 2, good 1, excellent 2.
  const adoption = page.locator('#calc-adoption');
  assert.equal(await page.textContent('#calc-adoption .big'), '52.2%');
  assert.deepEqual(await adoption.locator('.bands dd b').allTextContents(), ['2', '1', '2']);
  assert.equal(await adoption.locator('[data-band="good"] small').textContent(), '30%–70%');
  // Excellent above 85 %: 10/12 (83.3 %) moves to good, 9/10 stays excellent.
  await recompute(page, () => adoption.getByLabel('Excellent above').fill('85'));
  assert.deepEqual(await adoption.locator('.bands dd b').allTextContents(), ['2', '2', '1']);

  // Upsell: ready by default; a late payer never is, whatever the adoption.
  const upsell = page.locator('#calc-upsell');
  assert.equal(await page.textContent('#upsell-verdict'), 'Ready for an upsell conversation.');
  await recompute(page, () => upsell.getByLabel('Paid up').selectOption('no'));
  assert.equal(await page.textContent('#upsell-verdict'), 'Not upsell-ready:');
  assert.deepEqual(await upsell.locator('#upsell-why li').allTextContents(), ['the account is not paid up: late payers are never upsell targets']);
  await recompute(page, () => upsell.getByLabel('Customer for (months)').fill('3'));
  const why = await upsell.locator('#upsell-why li').allTextContents();
  assert.equal(why.length, 2);
  assert.equal(why[0], 'the account is not paid up: late payers are never upsell targets');
  assert.match(why[1], /tenure 3 months is below the minimum 6 months/);
  await page.close();
});

test('an Indonesian accounts export gives its figures (id_akun.expected.md)', async () => {
  const page = await open(1280, { file: 'tests/fixtures/exports/id_akun.csv' });
  const tile = async (id) => {
    const t = page.locator(`#success-kpis [data-metric="${id}"]`);
    return [await t.locator('.kpi-value').textContent(), await t.locator('.kpi-detail').textContent()];
  };
  assert.deepEqual(await tile('time_to_onboard_days'), ['21 days', '90th percentile 35.4 days · 9 accounts onboarded']);
  assert.deepEqual(await tile('onboarded_within_target'), ['77.8%', '7 of 9 onboarded accounts · 3 still onboarding']);
  assert.equal(await page.textContent('#success-kpis [data-metric="onboarded_within_target"] .kpi-label'), 'Onboarded within 30 days');
  assert.deepEqual(await tile('email_open_rate'), ['67.1%', '49 opened of 73 sent']);
  assert.deepEqual(await tile('sessions'), ['8', 'Mean 10.1 · 12 accounts']);
  assert.deepEqual(await tile('engaged_accounts'), ['83.3%', '10 of 12 accounts had at least one session']);
  assert.deepEqual(await tile('renewal_rate'), ['75.0%', '3 renewed of 4 up for renewal']);

  // Adoption 59 / 144 = 41.0 %, bands 5 / 5 / 2 with the thresholds.
  assert.equal(await page.textContent('#data-adoption .big'), '41.0%');
  assert.deepEqual(await page.locator('#data-adoption .bands dd b').allTextContents(), ['5', '5', '2']);
  assert.deepEqual(await page.locator('#data-adoption .bands small').allTextContents(), ['below 30%', '30%–70%', 'above 70%']);

  // Upsell-ready: A01, A03, A06 (A05 pays late).
  assert.equal(await page.textContent('#data-upsell .big'), '3');
  assert.deepEqual(await page.locator('#data-upsell .upsell-list li').allTextContents(), ['A01', 'A03', 'A06']);
  assert.match(await page.textContent('#data-upsell'), /Late payers are never upsell targets/);

  // CSMs: 26 h × 12 accounts = 312 h ÷ 1,400 = 0.22, whole 1; the assumed activities are listed.
  assert.equal(await page.textContent('#data-csm .big'), '0.22');
  assert.match(await page.textContent('#data-csm .ci'), /^1 when rounded up · 312 hours of work a year for 12 accounts at 1,400 productive hours per CSM$/);
  assert.match(await page.textContent('#data-csm caption'), /Activities assumed/);
  assert.equal(await page.locator('#data-csm tbody tr').count(), 3);
  // Every figure has its "how is this computed" disclosure.
  assert.equal(await page.locator('#success-data .kpi details.how').count(), 6);

  // The activities move into the calculator with the account count.
  await recompute(page, () => page.click('#csm-use-data'));
  assert.match(await page.textContent('#csm-hours'), /^312 hours of work a year for 12 accounts/);
  assert.equal(await page.inputValue('[aria-label="Activity 2: name"]'), 'monthly check-in');
  await page.close();
});

test('screenshots at desktop and phone width, nothing wider than the phone', async () => {
  for (const width of [1280, 390]) {
    const page = await open(width, { file: 'tests/fixtures/exports/id_akun.csv' });
    assert.match(await page.textContent('#csm-hours'), /^2,600 hours/);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), width);
    await page.screenshot({ path: path.join(SHOTS, `success-${width}.png`), fullPage: true });
    await page.close();
  }
});

test('no console errors and no request outside the page origin', () => {
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.foreignRequests(), []);
});

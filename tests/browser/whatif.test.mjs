// The What-if section end to end in Debian's Chromium: the default baseline
// with the premium-support change, the presets, relative vs absolute changes
// (and the reason when a change pushes churn below 0), prefill from the
// Value section's saved inputs through a share link; no console errors, no
// request leaving the page's origin, no sideways scrolling on a phone;
// screenshots for review.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, SHOTS, settle, text, textIs, openSection } from './harness.mjs';

let h;
before(async () => { h = await start(); });
after(async () => { await h?.close(); });

const open = (width = 1280, hash = '') => openSection(h, 'whatif', { width, url: h.url + hash });

/** The side-by-side table as { row id: [baseline, scenario, change] }. */
async function figures(page) {
  return page.$$eval('#whatif-table tr[data-row]', (trs) => Object.fromEntries(trs.map((tr) =>
    [tr.dataset.row, [...tr.querySelectorAll('td')].map((td) => td.textContent)])));
}

const words = (page) => text(page, '#whatif-words');
/** Does `change` and waits until the section shows the scenario it computes. */
const recompute = (page, change) => settle(page, 'whatif', change);

test('defaults: ARPA 100, margin 80 %, churn 3 %, CAC 1,200 with churn −4 % relative', async () => {
  const page = await open();
  assert.equal(await words(page), 'Scenario: monthly churn −4 % relative.');
  // LTV 100 × 0.8 ÷ 0.03 = 2,666.67 → 100 × 0.8 ÷ 0.0288 = 2,777.78; payback 1,200 ÷ 80 = 15 months;
  // lost before payback 1 − 0.97^15 = 36.7 % → 1 − 0.9712^15 = 35.5 %; 500 × 0.97^12 = 346.9 → 500 × 0.9712^12 = 352.1.
  assert.deepEqual(await figures(page), {
    ltv: ['$2,666.67', '$2,777.78', '+$111.11'],
    ltv_cac: ['2.22 : 1', '2.31 : 1', '+0.09'],
    payback_months: ['15 months', '15 months', '0 months'],
    lost_before_payback: ['36.7%', '35.5%', '−1.2 pts'],
    customers_after_12_months: ['346.9', '352.1', '+5.2'],
    mrr_after_12_months: ['$50,000.00', '$50,000.00', '$0.00'],
  });
  assert.equal(await page.textContent('#whatif-inputs'), 'Monthly customer churn: 3.00 % → 2.88 %');
  // The control says what kind of change it is.
  const row = page.locator('[data-change="0"]');
  assert.equal(await row.locator('select[data-role=mode] option:checked').textContent(), 'Relative: % of the current rate');
  assert.equal(await row.locator('[data-role=words]').textContent(), '−4 % of the rate (relative)');
  assert.match(await row.textContent(), /Change, as a % of the current rate/);
  await page.close();
});

test('presets: success team NRR +10 points, CAC −15 %, premium support', async () => {
  const page = await open();
  const labels = await page.locator('#whatif-presets button').allTextContents();
  assert.deepEqual(labels, ['Premium 1-hour support: churn −4 % relative', 'Success team: NRR +10 points', 'CAC −15 %']);

  await recompute(page, () => page.click('[data-preset=success_team]'));
  assert.equal(await words(page), 'Scenario: annual NRR +10 points.');
  let f = await figures(page);
  assert.deepEqual(f.mrr_after_12_months, ['$50,000.00', '$55,000.00', '+$5,000.00']);
  assert.deepEqual(f.ltv, ['$2,666.67', '$2,666.67', '$0.00']);
  const row = page.locator('[data-change="0"]');
  assert.equal(await row.locator('select[data-role=mode] option:checked').textContent(), 'Absolute: percentage points');
  assert.equal(await row.locator('[data-role=words]').textContent(), '+10 points (absolute)');
  assert.equal(await row.locator('input[data-role=amount]').inputValue(), '10');

  await recompute(page, () => page.click('[data-preset=lower_cac]'));
  assert.equal(await words(page), 'Scenario: CAC −15 % relative.');
  f = await figures(page);
  // CAC 1,200 × 0.85 = 1,020 → payback 1,020 ÷ 80 = 12.75 months; LTV : CAC 2,666.67 ÷ 1,020 = 2.61.
  assert.deepEqual(f.payback_months, ['15 months', '12.8 months', '−2.3 months']);
  assert.deepEqual(f.ltv_cac, ['2.22 : 1', '2.61 : 1', '+0.39']);
  assert.equal(await page.textContent('#whatif-inputs'), 'CAC (cost to acquire a customer): $1,200.00 → $1,020.00');

  await recompute(page, () => page.click('[data-preset=premium_support]'));
  assert.equal(await words(page), 'Scenario: monthly churn −4 % relative.');
  await page.close();
});

test('relative vs absolute: −4 % of the rate is 2.88 %, −4 points is below zero and says why', async () => {
  const page = await open();
  assert.equal(await words(page), 'Scenario: monthly churn −4 % relative.');
  // Two changes, each with its own debounced computation: the wait is for the last one's,
  // whether or not the first one's is still on its way (issue 18).
  await page.locator('[data-change="0"] select[data-role=mode]').selectOption('absolute');
  await recompute(page, () => page.locator('[data-change="0"] input[data-role=amount]').fill('-4'));
  assert.equal(await words(page), 'Scenario: monthly churn −4 points.');
  assert.equal(await page.locator('[data-change="0"] [data-role=words]').textContent(), '−4 points (absolute)');
  assert.match(await page.locator('[data-change="0"]').textContent(), /Change, in percentage points/);
  assert.equal(await page.textContent('#whatif-undefined'),
    'This scenario cannot be computed: this makes monthly churn -1.00 %; it must be between 0 % and 100 %. Change the amount so the input stays in range.');
  const f = await figures(page);
  assert.deepEqual(f.ltv, ['$2,666.67', '–', '–']);
  assert.deepEqual(f.payback_months, ['15 months', '–', '–']);

  // −1 point: churn 2 % → LTV 80 ÷ 0.02 = 4,000.
  await recompute(page, () => page.locator('[data-change="0"] input[data-role=amount]').fill('-1'));
  assert.equal(await words(page), 'Scenario: monthly churn −1 point.');
  assert.deepEqual((await figures(page)).ltv, ['$2,666.67', '$4,000.00', '+$1,333.33']);
  assert.equal(await page.isVisible('#whatif-undefined'), false);

  // Set to 0 %: no churn, the LTV is undefined with its reason and the capped value shown.
  await page.locator('[data-change="0"] select[data-role=mode]').selectOption('set');
  await recompute(page, () => page.locator('[data-change="0"] input[data-role=amount]').fill('0'));
  assert.equal(await words(page), 'Scenario: monthly churn set to 0 %.');
  const cellText = await page.locator('#whatif-table tr[data-row=ltv] td').nth(1).textContent();
  assert.match(cellText, /^–Not defined: .+\.capped at 60 months: \$4,800.00$/);
  await page.close();
});

test('the section counts as computed only once the last typed input is drawn (issue 18)', async () => {
  const page = await open();
  // Hold the scenario answers until the test lets each one through.
  await page.evaluate(() => {
    const engine = window.cxmetrics.engine;
    const calculate = engine.calculate.bind(engine);
    window.held = [];
    engine.calculate = (name, input) => (name !== 'scenario' ? calculate(name, input)
      : new Promise((resolve, reject) => window.held.push(() => calculate(name, input).then(resolve, reject))));
  });
  const counts = () => page.$eval('#section-whatif', (e) => [Number(e.dataset.requested), Number(e.dataset.computed)]);
  // The mode's own computation (amount reset to 0) is asked for and held.
  await page.locator('[data-change="0"] select[data-role=mode]').selectOption('absolute');
  await page.waitForFunction(() => window.held.length === 1);
  // -4 is typed, and in the same task the held answer goes through: it is
  // drawn while -4 waits for its debounce (or for its own answer).
  await page.evaluate(() => {
    const amount = document.querySelector('[data-change="0"] input[data-role=amount]');
    amount.value = '-4';
    amount.dispatchEvent(new Event('input', { bubbles: true }));
    window.held.shift()();
  });
  await textIs(page, '#whatif-words', 'Scenario: monthly churn +0 points.');
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve))); // the page's count is checked a task after an answer
  const [asked, drawn] = await counts();
  assert.ok(drawn < asked, `data-computed ${drawn} must stay below data-requested ${asked} while -4 is not drawn`);
  // -4's own answer: now the count catches up, on the text of the last input.
  await page.waitForFunction(() => window.held.length === 1);
  await page.evaluate(() => window.held.shift()());
  await page.waitForFunction(() => {
    const e = document.querySelector('#section-whatif');
    return e.dataset.computed === e.dataset.requested;
  });
  assert.equal(await text(page, '#whatif-words'), 'Scenario: monthly churn −4 points.');
  const [askedAfter, drawnAfter] = await counts();
  // -4's computation may have been asked for before the reading above, or after it.
  assert.ok(drawnAfter >= asked, `${drawnAfter} >= ${asked}`);
  assert.equal(drawnAfter, askedAfter);
  await page.close();
});

test('baseline prefilled from the Value section, edits override it', async () => {
  const probe = await h.newPage();
  await probe.goto(h.url);
  await probe.waitForSelector('body[data-ready=true]');
  const hash = await probe.evaluate(async () => {
    const { encodeState } = await import('./share.js');
    return encodeState({ v: 1, lang: 'en', tab: 'whatif', data: {},
      inputs: { value: { value: { arpa: 200, gross_margin: 50, monthly_churn: 5, cac: 2000, discount_rate: 0, lifetime_cap_months: 60 } } } });
  });
  await probe.close();
  const page = await open(1280, hash);
  assert.equal(await page.inputValue('#whatif-baseline input[name=arpa]'), '200');
  assert.equal(await page.inputValue('#whatif-baseline input[name=monthly_churn]'), '5');
  assert.match(await page.textContent('#whatif-baseline-source'), /Prefilled from the Value section/);
  assert.equal(await words(page), 'Scenario: monthly churn −4 % relative.');
  // LTV 200 × 0.5 ÷ 0.05 = 2,000; payback 2,000 ÷ 100 = 20 months.
  let f = await figures(page);
  assert.equal(f.ltv[0], '$2,000.00');
  assert.equal(f.payback_months[0], '20 months');
  // An edit here wins over the Value section.
  await recompute(page, () => page.fill('#whatif-baseline input[name=arpa]', '100'));
  f = await figures(page);
  assert.equal(f.ltv[0], '$1,000.00');
  // A missing required input is named, not guessed.
  await recompute(page, () => page.fill('#whatif-baseline input[name=cac]', ''));
  assert.equal(await page.$('#whatif-table'), null);
  assert.match(await page.textContent('#whatif-out .calc-error'), /baseline\.cac/);
  await page.close();
});

test('screenshots at desktop and phone width, nothing wider than the phone', async () => {
  for (const width of [1280, 390]) {
    const page = await open(width);
    assert.equal(await words(page), 'Scenario: monthly churn −4 % relative.');
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), width);
    await page.screenshot({ path: path.join(SHOTS, `whatif-${width}.png`), fullPage: true });
    await page.close();
  }
});

test('no console errors and no request outside the page origin', () => {
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.foreignRequests(), []);
});

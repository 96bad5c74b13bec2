// A customer table whose tenure column names no unit and never passes 12
// (the bank churn data set's `Tenure`, in years): the tenure figures wait,
// the data panel says why beside a tenure-unit select, and choosing years
// re-reads the file with `tenure_unit` and gives the figures in months.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, ready, settle, show, textIs, ROOT, SHOTS } from './harness.mjs';

let h;
before(async () => { h = await start(); });
after(async () => { await h?.close(); });

const FILE = path.join(ROOT, 'target', 'bank_tenure_sample.csv');
fs.mkdirSync(path.dirname(FILE), { recursive: true });
// Tenure 2, 4, 6, 8 (years: 24, 48, 72, 96 months, mean 60); 2 of 4 left.
fs.writeFileSync(FILE, 'CustomerId,Tenure,MonthlyCharges,Exited\na,2,50,1\nb,4,30,0\nc,6,40,0\nd,8,20,1\n');

const kpi = (id) => `#churn-snapshot-kpis [data-metric="${id}"] .kpi-value`;

test('an unclear tenure unit waits for the user, and years gives the tenure in months', async () => {
  const page = await h.newPage(1280, 900);
  await ready(page, h.url);
  await settle(page, 'data', () => page.setInputFiles('#file', FILE));
  const guess = '.dataset[data-kind=customers] .ds-guess[data-code=tenure_unit_unclear]';
  await textIs(page, `${guess} p.fig-note`, /“Tenure” does not say whether tenure is in months or years, and every value is at most 8: /);
  await show(page, 'churn');
  assert.equal(await page.textContent(kpi('average_tenure_months')), '–');
  assert.equal(await page.textContent(kpi('monthly_churn_estimate')), '–');
  // The churn over the snapshot does not need the tenure.
  assert.equal(await page.textContent(kpi('customer_churn')), '50.0%');

  await page.click('.dataset[data-kind=customers] > summary');
  await settle(page, 'churn', () => page.selectOption(`${guess} select`, 'years'));
  assert.equal(await textIs(page, kpi('average_tenure_months'), '60 months'), '60 months');
  // 2 churned over 240 customer-months.
  assert.equal(await page.textContent(kpi('monthly_churn_estimate')), '0.8%');
  assert.equal(await page.$(guess), null, 'the guess is gone once the unit is set');
  await page.screenshot({ path: path.join(SHOTS, 'tenure-unit-years.png'), fullPage: true });
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.foreignRequests(), []);
});

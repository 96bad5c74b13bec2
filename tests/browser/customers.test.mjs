// A customer table (one row per customer with a churn flag, the Telco churn
// data set's shape) dropped on the page: the Churn & revenue section shows
// the snapshot's churn, retention, ARPA, tenure, monthly estimate and LTV
// with its definition, and the Value section offers its ARPA and monthly
// churn to the calculator. Figures worked out by hand (see
// tests/integration/customers.rs); no console errors, no foreign request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, ROOT, SHOTS, ready, show, settle } from './harness.mjs';

let h;
before(async () => { h = await start(); });
after(async () => { await h?.close(); });

const FILE = path.join(ROOT, 'target', 'telco_churn_sample.csv');
fs.mkdirSync(path.dirname(FILE), { recursive: true });
fs.writeFileSync(FILE, [
  'customerID,gender,SeniorCitizen,Partner,Dependents,tenure,PhoneService,MultipleLines,InternetService,OnlineSecurity,OnlineBackup,DeviceProtection,TechSupport,StreamingTV,StreamingMovies,Contract,PaperlessBilling,PaymentMethod,MonthlyCharges,TotalCharges,Churn',
  '7590-VHVEG,Female,0,Yes,No,1,No,No phone service,DSL,No,Yes,No,No,No,No,Month-to-month,Yes,Electronic check,29.85,29.85,No',
  '5575-GNVDE,Male,0,No,No,34,Yes,No,DSL,Yes,No,Yes,No,No,No,One year,No,Mailed check,56.95,1889.5,No',
  '3668-QPYBK,Male,0,No,No,2,Yes,No,DSL,Yes,Yes,No,No,No,No,Month-to-month,Yes,Mailed check,53.85,108.15,Yes',
  '7795-CFOCW,Male,0,No,No,45,No,No phone service,DSL,Yes,No,Yes,Yes,No,No,One year,No,Bank transfer (automatic),42.3,1840.75,No',
  '9237-HQITU,Female,0,No,No,2,Yes,No,Fiber optic,No,No,No,No,No,No,Month-to-month,Yes,Electronic check,70.7,151.65,Yes',
  '4472-LVYGI,Female,0,Yes,Yes,0,No,No phone service,DSL,Yes,No,Yes,Yes,Yes,No,Two year,Yes,Bank transfer (automatic),52.55, ,No',
].join('\n') + '\n');

const kpi = (page, box, id) => page.textContent(`${box} [data-metric="${id}"] .kpi-value`);

test('a Telco-shaped customer table gives the snapshot figures in Churn & revenue and Value', async () => {
  const page = await h.newPage(1280, 900);
  await ready(page, h.url);
  // A customer table is shown in Churn & revenue: wait until it has drawn it.
  await settle(page, 'churn', () => page.setInputFiles('#file', FILE));
  assert.equal(await page.getAttribute('#tab-churn', 'aria-selected'), 'true');
  assert.equal(await page.isVisible('#churn-snapshot'), true);
  const box = '#churn-snapshot-kpis';
  assert.equal(await kpi(page, box, 'customers'), '6');
  assert.equal(await kpi(page, box, 'churned'), '2');
  // 2 ÷ 6 over the snapshot's (unknown) period; retention 4 ÷ 6.
  assert.equal(await kpi(page, box, 'customer_churn'), '33.3%');
  assert.equal(await kpi(page, box, 'retention_rate'), '66.7%');
  // ARPA 306.20 ÷ 6; tenure 84 ÷ 6; monthly 2 ÷ 84; LTV 51.0333 × 42.
  assert.equal(await kpi(page, box, 'arpa'), '$51.03');
  assert.equal(await kpi(page, box, 'average_tenure_months'), '14 months');
  assert.equal(await kpi(page, box, 'monthly_churn_estimate'), '2.4%');
  assert.equal(await kpi(page, box, 'ltv'), '$2,143.40');
  assert.match(await page.textContent('#churn-snapshot-definition'), /not in the file/);
  const plans = await page.locator('#churn-snapshot-plans tbody tr').allTextContents();
  assert.equal(plans.length, 3);
  assert.match(plans[0], /Month-to-month/);
  // The subscriptions area stays hidden: this is not subscriptions data.
  assert.equal(await page.isVisible('#churn-data'), false);
  await page.screenshot({ path: path.join(SHOTS, 'churn-customers-snapshot.png'), fullPage: true });

  await show(page, 'value');
  assert.equal(await page.isVisible('#value-snapshot'), true);
  assert.equal(await kpi(page, '#value-snapshot-kpis', 'ltv'), '$2,143.40');
  assert.equal(await kpi(page, '#value-snapshot-kpis', 'expected_lifetime_months'), '42 months');
  await settle(page, 'value', () => page.click('#value-use-customers'));
  assert.equal(await page.inputValue('#value-arpa'), '51.0333');
  assert.equal(await page.inputValue('#value-monthly-churn'), '2.381');
  await page.screenshot({ path: path.join(SHOTS, 'value-customers-snapshot.png'), fullPage: true });
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.foreignRequests(), []);
  await page.close();
});

// An undefined figure says why in the page's language, translated by its
// stable code (`reasons.<code>` in www/i18n/), and an error of the core by
// its code (`errors.<code>`); English shows the core's own sentences.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, ready, settle, show, textIs, ROOT, SHOTS } from './harness.mjs';

let h;
before(async () => { h = await start({ locale: 'fr-FR' }); });
after(async () => { await h?.close(); });

const FILE = path.join(ROOT, 'target', 'reasons_tenure_sample.csv');
fs.mkdirSync(path.dirname(FILE), { recursive: true });
// Tenure 2…8 with no unit in the header: the tenure figures are undefined
// (code tenure_unit_unclear) until the unit is chosen.
fs.writeFileSync(FILE, 'CustomerId,Tenure,MonthlyCharges,Exited\na,2,50,1\nb,4,30,0\nc,6,40,0\nd,8,20,1\n');
const EMPTY = path.join(ROOT, 'target', 'reasons_empty.csv');
fs.writeFileSync(EMPTY, '\n');

const reason = (id) => `#churn-snapshot-kpis [data-metric="${id}"] .kpi-reason`;

test('in French, an undefined figure gives its reason translated by code', async () => {
  const page = await h.newPage(1280, 900);
  await ready(page, h.url);
  assert.equal(await page.getAttribute('html', 'lang'), 'fr');
  await settle(page, 'data', () => page.setInputFiles('#file', FILE));
  await show(page, 'churn');
  const text = await page.textContent(reason('average_tenure_months'));
  assert.match(text, /l’en-tête de la colonne d’ancienneté n’indique pas d’unité/);
  assert.doesNotMatch(text, /header names no unit/);
  await page.locator('#churn-snapshot-kpis').screenshot({ path: path.join(SHOTS, 'reasons-fr-churn.png') });

  // An error of the core, translated by its code.
  await page.setInputFiles('#file', EMPTY);
  await textIs(page, '#status', /Le fichier est vide/);
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.foreignRequests(), []);
  await page.close();
});

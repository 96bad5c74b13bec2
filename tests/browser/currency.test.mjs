// Money in the file's currency (issue 13 point 7), in Debian's Chromium: an
// English page that loads a spend export in R$ shows its CAC in R$, a
// subscriptions export in R$ gives its ARPA in R$, and a currency the user
// chose wins over the data's and is kept in the share link.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, ROOT, show, settle, linkHolds, openSection } from './harness.mjs';

let h;
before(async () => { h = await start(); });
after(async () => { await h?.close(); });

// 4.000,00 + 1.234,56 + 765,44 = 6.000,00 for 4 new customers: CAC 1.500,00.
const SPEND_BRL = 'Mês;Canal;Investimento;Novos clientes\n'
  + '2024-01;Google;R$ 4.000,00;2\n'
  + '2024-02;Google;R$ 1.234,56;1\n'
  + '2024-02;Eventos;R$ 765,44;1\n';
const spendFile = { name: 'gastos.csv', mimeType: 'text/csv', buffer: Buffer.from(SPEND_BRL) };
const tile = (id) => `#value-spend-kpis [data-metric=${id}] .kpi-value`;

const open = (url = h.url) => openSection(h, 'value', { url });

/** Does `change` and waits until the Value section shows what it computes. */
const recompute = (page, change) => settle(page, 'value', change);

/** Switches the page's language and waits until the shown section is drawn in it. */
async function language(page, lang, section) {
  await page.selectOption('#lang', lang);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  await show(page, section);
}

const currencyOf = (page, section) => page.$eval(`#section-${section} .currency-field select`, (s) => s.value);

test('a spend export in R$ shows R$ amounts in the Value section of an English page', async () => {
  const page = await open();
  assert.equal(await currencyOf(page, 'value'), 'USD');
  await recompute(page, () => page.setInputFiles('#file', spendFile));
  assert.equal(await page.isVisible('#value-data'), true);
  assert.equal(await page.textContent(tile('cac')), 'R$1,500.00');
  assert.equal(await page.textContent(tile('spend')), 'R$6,000.00');
  const rows = await page.$$eval('#value-channels tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  assert.deepEqual(rows, [
    ['Google', 'R$5,234.56', '3', 'R$1,744.85'],
    ['Eventos', 'R$765.44', '1', 'R$765.44'],
  ]);
  // The select says so, with where it came from, and the typed calculators follow it.
  assert.equal(await currencyOf(page, 'value'), 'BRL');
  assert.equal(await page.textContent('#section-value .currency-note'), 'As written in the data');
  assert.match(await page.textContent('#value-use-spend + small'), /R\$1,500\.00/);
  assert.match(await page.textContent('#value-ltv .big'), /^R\$/);
  await page.close();
});

test('a bare $ is shown as a guess, in the page’s language', async () => {
  const page = await open();
  await language(page, 'es', 'value');
  await recompute(page, () => page.setInputFiles('#file', path.join(ROOT, 'tests/fixtures/exports/spend_channels.csv')));
  assert.equal(await page.isVisible('#value-data'), true);
  assert.equal(await currencyOf(page, 'value'), 'USD');
  assert.equal(await page.textContent('#section-value .currency-note'),
    'Deducida de «$» en los datos: elige la moneda si es otra');
  await page.close();
});

test('a subscriptions export in R$ gives its ARPA in R$', async () => {
  const page = await open();
  await recompute(page, () => page.setInputFiles('#file', path.join(ROOT, 'tests/fixtures/exports/br_assinaturas.csv')));
  await show(page, 'value');
  assert.equal(await page.isVisible('#value-use-subscriptions'), true);
  assert.match(await page.textContent('#value-from-data'), /ARPA R\$[\d,.]+ and monthly churn/);
  await show(page, 'churn');
  assert.equal(await currencyOf(page, 'churn'), 'BRL');
  await page.close();
});

test('a file in two currencies says so, in the page’s language', async () => {
  const page = await open();
  await language(page, 'pt-BR', 'value');
  const mixed = 'Mês;Investimento;Novos clientes\n2024-01;R$ 4.000,00;2\n2024-02;US$ 1.000,00;1\n2024-03;R$ 500,00;1\n';
  await settle(page, 'data', () => page.setInputFiles('#file', { name: 'misto.csv', mimeType: 'text/csv', buffer: Buffer.from(mixed) }));
  const notices = await page.$$eval('.dataset[data-kind=spend] .ds-notice', (ps) => ps.map((p) => p.textContent));
  assert.ok(notices.includes('os valores estão em mais de uma moeda, e os números que os somam os misturam sem conversão: exporte uma moeda por arquivo ou filtre as linhas'), notices.join(' | '));
  await show(page, 'value');
  assert.equal(await currencyOf(page, 'value'), 'BRL');
  await page.close();
});

test('the user’s currency wins over the data’s, and the share link keeps it', async () => {
  const page = await open();
  await recompute(page, () => page.selectOption('#section-value .currency-field select', 'EUR'));
  await recompute(page, () => page.setInputFiles('#file', spendFile));
  assert.equal(await page.isVisible('#value-data'), true);
  assert.equal(await page.textContent(tile('cac')), '€1,500.00');
  assert.equal(await currencyOf(page, 'value'), 'EUR');
  assert.equal(await page.isVisible('#section-value .currency-note'), false);
  // The link carries the chosen currency: a fresh page opened from it shows it.
  const link = await linkHolds(page, { inputs: { value: { currency: 'EUR', currency_chosen: true } } });
  await page.close();
  const again = await open(link);
  assert.equal(await currencyOf(again, 'value'), 'EUR');
  assert.match(await again.textContent('#value-ltv .big'), /^€/);
  await again.close();
});

test('no console errors and no request outside the page origin', () => {
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.foreignRequests(), []);
});

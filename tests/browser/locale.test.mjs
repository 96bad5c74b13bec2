// Languages in Debian's Chromium: switching the language select translates
// the page (tabs, data panel, figures formatted the language's way, core
// sentences translated), the currency follows the language, the language
// rides in the share link, and the browser's own language is used on a first
// visit. Screenshots of the Portuguese and Indonesian pages for review.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, SHOTS, ready, text, settle, idle, linkHolds } from './harness.mjs';

let h;
before(async () => { h = await start(); });
after(async () => { await h?.close(); });

/** Text with no-break and narrow no-break spaces as plain spaces. */
const plain = (s) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ').trim();

/** The text of `selector` with plain spaces. */
const shown = async (page, selector) => plain(await page.textContent(selector));

/** Switches the language; the page is redrawn in it in the same task that sets <html lang>. */
async function switchTo(page, lang) {
  await page.selectOption('#lang', lang);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

/** Types spend and new customers into the Value section's CAC calculator and waits for its answer. */
async function cac(page, spend, customers) {
  await page.click('#tab-value');
  const inputs = page.locator('#calc-cac input[type=number]');
  await inputs.nth(0).fill(String(spend));
  await settle(page, 'value', () => inputs.nth(1).fill(String(customers)));
}

test('pt-BR: the page is translated, numbers formatted the Brazilian way, core sentences translated, the link keeps the language', async () => {
  const page = await h.newPage(1280, 900);
  await ready(page, h.url);
  assert.equal(await text(page, '#tab-surveys'), 'Surveys');
  await switchTo(page, 'pt-BR');

  // Navigation and the data panel.
  assert.equal(await text(page, '#tab-surveys'), 'Pesquisas');
  assert.equal(await text(page, '#tab-tickets'), 'Tickets de suporte');
  assert.equal(await text(page, '#tab-churn'), 'Churn e receita');
  assert.equal(await text(page, '#tab-value'), 'Valor');
  assert.equal(await text(page, '#tab-whatif'), 'Simulação');
  assert.equal(await text(page, '#import-title'), 'Seus dados');
  assert.equal(await text(page, '#paste-toggle'), 'Colar dados');
  assert.equal(await text(page, '#share'), 'Copiar link de compartilhamento');
  assert.equal(await shown(page, '.ds-rows'), '240 de 240 linhas usadas');
  assert.match(plain(await page.textContent('#section-surveys')), /Net Promoter Score/);
  assert.match(plain(await page.textContent('#section-surveys')), /IC 95% de .+ · margem de erro ±.+ pontos · 240 respostas/);

  // The Value section: CAC 10,000 ÷ 5 formatted the Portuguese way, and a
  // sentence from the core (no new customers) shown in Portuguese.
  await cac(page, 10000, 5);
  assert.match(await shown(page, '#calc-cac .big'), /\$ 2\.000,00$/);
  await cac(page, 10000, 0);
  assert.match(await shown(page, '#calc-cac .headline'), /Não definido: nenhum cliente novo no período\./);
  await cac(page, 10000, 1);
  assert.match(await shown(page, '#calc-cac .headline .ci'), /10\.000,00 investidos ÷ 1 novo cliente$/);

  // The share link carries the language.
  const url = await linkHolds(page, { lang: 'pt-BR' });
  assert.match(url, /#s=/);
  await page.close();
  const fresh = await h.newPage(1280, 900);
  await ready(fresh, url);
  assert.equal(await fresh.evaluate(() => document.documentElement.lang), 'pt-BR');
  assert.equal(await fresh.inputValue('#lang'), 'pt-BR');
  assert.equal(await text(fresh, '#tab-surveys'), 'Pesquisas');
  assert.equal(await text(fresh, '#import-title'), 'Seus dados');
  await fresh.close();
});

test('id: Indonesian tab names and numbers grouped with "."', async () => {
  const page = await h.newPage(1280, 900);
  await ready(page, h.url);
  await switchTo(page, 'id');
  assert.equal(await text(page, '#tab-surveys'), 'Survei');
  assert.equal(await text(page, '#tab-tickets'), 'Tiket dukungan');
  assert.equal(await text(page, '#tab-churn'), 'Churn & pendapatan');
  assert.equal(await text(page, '#tab-value'), 'Nilai');
  assert.equal(await text(page, '#import-title'), 'Data Anda');
  await cac(page, 10000, 5);
  assert.match(await shown(page, '#calc-cac .big'), /2\.000,00$/);
  assert.match(await shown(page, '#calc-cac .headline .ci'), /10\.000,00 dibelanjakan ÷ 5 pelanggan baru$/);
  await page.close();
});

test('screenshots of the pt-BR and id pages at 1280 and 390', async () => {
  for (const lang of ['pt-BR', 'id']) {
    for (const width of [1280, 390]) {
      const page = await h.newPage(width, 900);
      await ready(page, h.url);
      await switchTo(page, lang);
      await idle(page, 'surveys');
      await page.screenshot({ path: path.join(SHOTS, `locale-${lang}-${width}.png`), fullPage: true });
      // Nothing wider than the viewport on a phone.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${lang} at ${width}px overflows by ${overflow}px`);
      await page.close();
    }
  }
});

test('no console errors and no request leaving the page', () => {
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.foreignRequests(), []);
});

/** A fresh browser whose language is `locale`, on a first visit. */
async function firstVisit(locale, fn) {
  const b = await start({ locale });
  try {
    const page = await b.newPage(1280, 900);
    await ready(page, b.url);
    await fn(page);
    await page.close();
    assert.deepEqual(b.consoleErrors, []);
    assert.deepEqual(b.foreignRequests(), []);
  } finally {
    await b.close();
  }
}

test('a pt-BR browser gets Portuguese and reais: CAC 10,000 ÷ 5 = R$ 2.000', async () => {
  await firstVisit('pt-BR', async (page) => {
    assert.equal(await page.inputValue('#lang'), 'pt-BR');
    assert.equal(await text(page, '#tab-surveys'), 'Pesquisas');
    await cac(page, 10000, 5);
    assert.equal(await shown(page, '#calc-cac .big'), 'R$ 2.000,00');
    assert.equal(await shown(page, '#calc-cac .headline .ci'), 'R$ 10.000,00 investidos ÷ 5 novos clientes');
  });
});

test('an Indonesian browser gets rupiah grouped with "."', async () => {
  await firstVisit('id-ID', async (page) => {
    assert.equal(await page.inputValue('#lang'), 'id');
    assert.equal(await text(page, '#tab-surveys'), 'Survei');
    await cac(page, 10000, 5);
    assert.match(await shown(page, '#calc-cac .big'), /^Rp 2\.000,00$/);
  });
});

test('switching to pt-BR after an English visit also defaults the currency to BRL', async () => {
  const page = await h.newPage(1280, 900);
  try {
    await ready(page, h.url);
    await switchTo(page, 'pt-BR');
    await cac(page, 10000, 5);
    assert.equal(await shown(page, '#calc-cac .big'), 'R$ 2.000,00');
  } finally {
    await page.close();
  }
});

test('the browser language is used on a first visit (fr-FR → French)', async () => {
  const fr = await start({ locale: 'fr-FR' });
  try {
    const page = await fr.newPage(1280, 900);
    await ready(page, fr.url);
    assert.equal(await page.evaluate(() => navigator.language), 'fr-FR');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
    assert.equal(await page.inputValue('#lang'), 'fr');
    assert.equal(await text(page, '#tab-surveys'), 'Enquêtes');
    assert.equal(await text(page, '#import-title'), 'Vos données');
    assert.equal(plain(await page.textContent('.ds-rows')), '240 lignes utilisées sur 240');
    await page.close();
    assert.deepEqual(fr.consoleErrors, []);
  } finally {
    await fr.close();
  }
});

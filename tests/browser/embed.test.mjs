// The embeddable calculator <cx-metric> in Debian's Chromium: the docs page
// embed.html with several elements computing side by side, typing into one
// element, attributes, locales, a host page in another folder of the site
// with its own CSS (nothing leaks either way), no console errors, no request
// leaving the page's origin; screenshots for review.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { start, ROOT, SHOTS } from './harness.mjs';
import { serve } from '../../scripts/serve.mjs';

/** The page's own words (www/i18n/<lang>.json), which the element shares. */
const words = (lang) => JSON.parse(fs.readFileSync(path.join(ROOT, 'www', 'i18n', `${lang}.json`), 'utf8'));
const EN = words('en');

let h;
before(async () => { h = await start(); });
after(async () => { await h?.close(); });

/** Intl writes narrow/no-break spaces; compare with plain ones. */
const plain = (s) => s.replace(/[\u00a0\u202f]/g, ' ');

/** Waits until every <cx-metric> of the page shows a figure. */
async function allComputed(page) {
  await page.waitForFunction(() => {
    const all = [...document.querySelectorAll('cx-metric')];
    return all.length > 0 && all.every((e) => e.shadowRoot && e.shadowRoot.querySelector('.out .figure'));
  });
}

/** The figure and the line under it of the element matching `sel`. */
async function shown(page, sel) {
  return page.$eval(sel, (e) => {
    const r = e.shadowRoot;
    const text = (q) => r.querySelector(q)?.textContent ?? null;
    return { figure: text('.out .figure'), detail: text('.out .detail'), reason: text('.out .reason'), title: text('.title'), how: text('.how p'),
      more: [...r.querySelectorAll('.out .detail')].slice(1).map((p) => p.textContent) };
  }).then((x) => Object.fromEntries(Object.entries(x).map(([k, v]) => [k, v === null ? v : Array.isArray(v) ? v.map(plain) : plain(v)])));
}

/** Waits for the element's figure to read `want`. */
async function figureIs(page, sel, want) {
  await page.waitForFunction(([s, w]) => {
    const f = document.querySelector(s)?.shadowRoot?.querySelector('.out .figure');
    return f && f.textContent.replace(/[\u00a0\u202f]/g, ' ') === w;
  }, [sel, want]);
}

test('embed.html: every element computes through the core', async () => {
  const page = await h.newPage();
  await page.goto(h.url + 'embed.html');
  await allComputed(page);
  const count = await page.$$eval('cx-metric', (all) => all.length);
  assert.ok(count >= 8, `live examples plus one per kind, got ${count}`);

  // docs/metrics.md §3: 60 / 25 / 15 → NPS 45 (95 % CI 29.3 to 58.0); margin of error
  // 1.96 × √((0.60 + 0.15 − 0.45²) ÷ 100) = 14.5 points.
  assert.deepEqual(await shown(page, '#example-nps'), {
    figure: '45', detail: '95 % CI 29 to 58 · margin of error ±14.5 points · 100 answers', reason: null, title: 'Net Promoter Score',
    how: EN.surveys.nps_how, more: [],
  });
  // The formula is the Surveys section's, behind the page's own disclosure.
  assert.equal(await page.$eval('#example-nps', (e) => e.shadowRoot.querySelector('details.how summary').textContent), EN.common.how);
  assert.equal(await page.$eval('#example-nps', (e) => e.shadowRoot.querySelector('details.how').open), false);
  // LTV = 100 × 0.8 ÷ 0.05 = 1,600; lifetime 1 ÷ 0.05 = 20 months.
  const ltv = await shown(page, '#kind-ltv cx-metric');
  assert.equal(ltv.figure, '$1,600.00');
  assert.equal(ltv.detail, 'Expected lifetime: 20 months (1 ÷ monthly churn).');
  assert.equal(ltv.title, 'Customer lifetime value (LTV)');
  // docs/metrics.md §1: CAC 1,200, ARPA 100, gm 100 % → 12 months; c = 3 % → 30.6 % lost before payback.
  const payback = await shown(page, '#kind-payback cx-metric');
  assert.equal(payback.figure, '12 months');
  assert.equal(payback.detail, '30.6% of new customers are expected to cancel before they pay back their CAC.');
  assert.equal(payback.how, `${EN.value.how_payback} ${EN.value.how_lost}`);
  // docs/metrics.md §2: S 200, L 10 → 5.0 %; annual 46.0 %; retention (E − N) ÷ S = 95.0 %.
  const churn = await shown(page, '#kind-churn cx-metric');
  assert.equal(churn.figure, '5.0%');
  assert.equal(churn.detail, 'Annual 46.0% · retention 95.0%');
  assert.equal(churn.title, 'Customer churn for a period');
  // docs/metrics.md §5: 3 h × 4 a year × 100 accounts = 1,200 h; ÷ 1,400 h = 0.86 CSM.
  const capacity = await shown(page, '#kind-capacity cx-metric');
  assert.equal(capacity.figure, '0.86 CSMs');
  assert.equal(capacity.detail, 'CSMs needed; hire 1 (rounded up)');
  assert.deepEqual(capacity.more, ['1,200 hours of work a year for 100 accounts, at 1,400 productive hours per CSM.']);
  // CSAT 74 of 107 = 69.2 % (Wilson 59.9 % to 77.1 %).
  const csat = await shown(page, '#kind-csat cx-metric');
  assert.equal(csat.figure, '69.2%');
  assert.equal(csat.detail, '95 % CI 59.9% to 77.1% · 74 satisfied of 107');
  // Labels are the calculators' own, with the page's hints under them.
  const labels = (sel) => page.$eval(sel, (e) => [...e.shadowRoot.querySelectorAll('.field')].map((f) => [f.querySelector('label').textContent, f.querySelector('.hint')?.textContent ?? null]));
  assert.deepEqual(await labels('#example-nps'), [['Promoters', '9–10'], ['Passives', '7–8'], ['Detractors', '0–6']]);
  assert.deepEqual(await labels('#kind-payback cx-metric'), [['CAC', EN.value.f_cac_hint], ['ARPA', EN.value.f_arpa_hint], ['Gross margin', null], ['Monthly customer churn', null]]);
  assert.equal(await page.$eval('#example-nps', (e) => e.shadowRoot.querySelector('input[name=promoters]').getAttribute('aria-describedby')),
    await page.$eval('#example-nps', (e) => e.shadowRoot.querySelector('.hint').id));

  // Styles are a constructed sheet inside each shadow root (no <style>, CSP-safe).
  const sheets = await page.$$eval('cx-metric', (all) => all.map((e) => [e.shadowRoot.adoptedStyleSheets.length, e.shadowRoot.querySelectorAll('style').length]));
  assert.ok(sheets.every(([a, s]) => a === 1 && s === 0), JSON.stringify(sheets));
  // The "cxmetrics" link goes back to the full page, next to embed.js.
  const href = await page.$eval('#example-nps', (e) => e.shadowRoot.querySelector('.foot a').href);
  assert.equal(href, h.url + 'index.html');
  // Labels name every input.
  const unlabelled = await page.$$eval('cx-metric', (all) => all.flatMap((e) => [...e.shadowRoot.querySelectorAll('input')]
    .filter((i) => !i.labels || i.labels.length !== 1 || !i.labels[0].textContent.trim()).map((i) => i.name)));
  assert.deepEqual(unlabelled, []);
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.foreignRequests(), []);
  await page.close();
});

test('typing into one element recomputes that element only', async () => {
  const page = await h.newPage();
  await page.goto(h.url + 'embed.html');
  await allComputed(page);
  await page.evaluate(() => {
    window.computedCounts = new Map();
    for (const e of document.querySelectorAll('cx-metric')) {
      window.computedCounts.set(e, 0);
      e.addEventListener('cx-computed', () => window.computedCounts.set(e, window.computedCounts.get(e) + 1));
    }
  });
  const before = await page.$$eval('cx-metric', (all) => all.map((e) => e.shadowRoot.querySelector('.out').textContent));
  // 60 / 25 / 5: n = 90 → (60 − 5) ÷ 90 = 61.1 points, one decimal below 100 answers.
  // Adjusted Wald by hand: n' = 93, p' = 60.75 / 93, d' = 5.75 / 93, centre 59.14,
  // half-width 1.96 × √((p' + d' − (p' − d')²) / 93) = 12.28 → 46.9 to 71.4.
  await page.fill('#example-nps input[name=detractors]', '5');
  await figureIs(page, '#example-nps', '61.1');
  // Margin of error 1.96 × √((0.667 + 0.056 − 0.611²) ÷ 90) = 12.2 points.
  assert.equal((await shown(page, '#example-nps')).detail, '95 % CI 46.9 to 71.4 · margin of error ±12.2 points · 90 answers');
  const counts = await page.evaluate(() => [...document.querySelectorAll('cx-metric')].map((e) => [e.id || e.closest('[id]').id, window.computedCounts.get(e)]));
  for (const [id, n] of counts) assert.equal(n, id === 'example-nps' ? 1 : 0, `${id} recomputed ${n} times`);
  const after = await page.$$eval('cx-metric', (all) => all.map((e) => e.shadowRoot.querySelector('.out').textContent));
  assert.deepEqual(after.slice(1), before.slice(1));
  // The same kind elsewhere on the page keeps its own numbers.
  assert.equal((await shown(page, '#kind-nps cx-metric')).figure, '45');

  // Back to 15: 45 again.
  await page.fill('#example-nps input[name=detractors]', '15');
  await figureIs(page, '#example-nps', '45');

  // A refused value: the core's sentence, the input marked.
  await page.fill('#example-nps input[name=promoters]', '-1');
  await page.waitForFunction(() => document.querySelector('#example-nps').shadowRoot.querySelector('.out .reason'));
  assert.equal((await shown(page, '#example-nps')).reason, '“promoters” must be a whole number of 0 or more, not -1.');
  assert.equal(await page.$eval('#example-nps', (e) => e.shadowRoot.querySelector('input[name=promoters]').getAttribute('aria-invalid')), 'true');
  // Nothing to compute: undefined with its reason, never a blank or NaN.
  for (const name of ['promoters', 'passives', 'detractors']) await page.fill(`#example-nps input[name=${name}]`, '0');
  await page.waitForFunction(() => /no survey responses/.test(document.querySelector('#example-nps').shadowRoot.querySelector('.out').textContent));
  assert.deepEqual(await shown(page, '#example-nps').then((x) => [x.figure, x.reason]), ['–', 'Not defined: no survey responses.']);
  assert.equal(await page.$eval('#example-nps', (e) => e.shadowRoot.querySelector('input[name=promoters]').hasAttribute('aria-invalid')), false);
  // An emptied field: the core names it.
  await page.fill('#kind-churn cx-metric input[name=start]', '');
  await page.waitForFunction(() => document.querySelector('#kind-churn cx-metric').shadowRoot.querySelector('.out .reason'));
  assert.equal((await shown(page, '#kind-churn cx-metric')).reason, '“start” is missing: it must be a whole number of 0 or more.');
  // Percentages are typed in %: LTV with 0 % churn is undefined, with the capped value.
  await page.fill('#kind-ltv cx-metric input[name=monthly-churn]', '0');
  await figureIs(page, '#kind-ltv cx-metric', '–');
  const capped = await shown(page, '#kind-ltv cx-metric');
  assert.equal(capped.reason, 'Not defined: no churn observed.');
  assert.equal(capped.detail, 'Capped at 60 months: $4,800.00 (a capped value, because no churn was observed).');
  assert.deepEqual(h.consoleErrors, []);
  await page.close();
});

test('attributes set the starting values, and later changes follow', async () => {
  const page = await h.newPage();
  await page.goto(h.url + 'embed.html');
  await allComputed(page);
  const values = (sel) => page.$eval(sel, (e) => [...e.shadowRoot.querySelectorAll('input')].map((i) => [i.name, i.value]));
  assert.deepEqual(await values('#example-ltv-pt'), [['arpa', '249.9'], ['monthly-churn', '3.5'], ['gross-margin', '75']]);
  assert.deepEqual(await values('#example-csat-es'), [['satisfied', '74'], ['responses', '107']]);
  // Without attributes: the documented defaults.
  assert.deepEqual(await values('#kind-capacity cx-metric'), [['hours', '3'], ['per-year', '4'], ['accounts', '100'], ['productive-hours', '1400']]);

  // An element added by script, attributes first.
  await page.evaluate(() => {
    const e = document.createElement('cx-metric');
    e.id = 'added';
    e.setAttribute('kind', 'churn');
    e.setAttribute('start', '400');
    e.setAttribute('new', '10');
    e.setAttribute('lost', '30');
    document.getElementById('examples').append(e);
  });
  await figureIs(page, '#added', '7.5%');
  // A changed attribute updates the input and the figure.
  await page.$eval('#added', (e) => e.setAttribute('lost', '40'));
  await figureIs(page, '#added', '10.0%');
  assert.deepEqual(await values('#added'), [['start', '400'], ['new', '10'], ['lost', '40']]);
  // A changed kind rebuilds the element.
  await page.$eval('#added', (e) => e.setAttribute('kind', 'nps'));
  await figureIs(page, '#added', '45');

  // Attribute text is shown as text, never parsed as markup.
  await page.evaluate(() => {
    const e = document.createElement('cx-metric');
    e.id = 'hostile';
    e.setAttribute('kind', '<img src=x onerror="window.pwned=1">');
    e.setAttribute('promoters', '"><b>1</b>');
    document.getElementById('examples').append(e);
  });
  await page.waitForFunction(() => document.querySelector('#hostile').shadowRoot.querySelector('.reason'));
  const hostile = await page.$eval('#hostile', (e) => ({ text: e.shadowRoot.textContent, imgs: e.shadowRoot.querySelectorAll('img, b').length }));
  assert.equal(hostile.imgs, 0);
  assert.match(hostile.text, /Unknown kind “<img src=x onerror="window.pwned=1">”: use nps, csat, ltv, payback, churn, capacity\./);
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.deepEqual(h.consoleErrors, []);
  await page.close();
});

test('lang="pt-BR" and other languages format the local way', async () => {
  const page = await h.newPage();
  await page.goto(h.url + 'embed.html');
  await allComputed(page);
  // 249.9 × 0.75 ÷ 0.035 = 5,355.0; lifetime 1 ÷ 0.035 = 28.6 months.
  const pt = await shown(page, '#example-ltv-pt');
  assert.equal(pt.figure, 'R$ 5.355,00');
  assert.equal(pt.detail, 'Tempo de vida esperado: 28,6 meses (1 ÷ churn mensal).');
  assert.equal(pt.title, 'Valor do tempo de vida do cliente (LTV)');
  const es = await shown(page, '#example-csat-es');
  assert.equal(es.figure, '69,2 %');
  assert.equal(es.detail, 'IC 95 % de 59,9 % a 77,1 % · 74 satisfechos de 107');
  assert.equal(es.title, 'Satisfacción del cliente (CSAT)');
  // The language of an ancestor counts; an undefined figure's reason is translated.
  await page.evaluate(() => {
    const wrap = document.createElement('div');
    wrap.setAttribute('lang', 'fr');
    wrap.innerHTML = '<cx-metric id="fr" kind="churn" start="0" new="5" lost="0"></cx-metric><cx-metric id="pt" kind="churn" lang="pt-BR" start="1200" new="30" lost="25"></cx-metric><cx-metric id="idn" kind="payback" lang="id" currency="IDR"></cx-metric>';
    document.getElementById('examples').append(wrap);
  });
  await figureIs(page, '#fr', '–');
  assert.equal((await shown(page, '#fr')).reason, 'Non défini : aucun client au début.');
  // 25 ÷ 1,200 = 2.1 %; annual 1 − (1 − 0.0208)^12 = 22.3 %.
  await figureIs(page, '#pt', '2,1%');
  assert.equal((await shown(page, '#pt')).detail, 'Anual 22,3% · retenção 97,9%');
  assert.equal(await page.$eval('#pt', (e) => e.shadowRoot.querySelector('label').textContent), 'Clientes no início');
  await figureIs(page, '#idn', '12 bulan');
  assert.equal(await page.$eval('#idn', (e) => e.shadowRoot.querySelector('.unit').textContent), 'IDR');
  assert.deepEqual(h.consoleErrors, []);
  await page.close();
});

test('an undefined figure is translated by its code, with the words of i18n/<lang>.json', async () => {
  // No string table of its own: no English reason sentences in embed.js.
  const source = fs.readFileSync(path.join(ROOT, 'www', 'embed.js'), 'utf8');
  assert.doesNotMatch(source, /no customers at the start|no survey responses|no churn observed/);
  const FR = words('fr');
  const page = await h.newPage();
  // The French file with one reason reworded: the element must show that
  // wording, found by the figure's code (the core's English sentence is not
  // a key anywhere in the file).
  const marked = structuredClone(FR);
  marked.reasons.no_customers_at_start = 'personne au début (par le code)';
  await page.route(h.url + 'i18n/fr.json', (route) => route.fulfill({ contentType: 'application/json', body: JSON.stringify(marked) }));
  await page.goto(h.url + 'embed.html');
  await allComputed(page);
  await page.evaluate(() => {
    const wrap = document.createElement('div');
    wrap.setAttribute('lang', 'fr');
    wrap.innerHTML = '<cx-metric id="fr-churn" kind="churn" start="0" new="5" lost="0"></cx-metric><cx-metric id="fr-payback" kind="payback" gross-margin="0"></cx-metric>';
    document.getElementById('examples').append(wrap);
  });
  await figureIs(page, '#fr-churn', '–');
  await figureIs(page, '#fr-payback', '–');
  assert.equal((await shown(page, '#fr-churn')).reason, 'Non défini : personne au début (par le code).');
  // CAC ÷ (ARPA × 0 % margin): never paid back; the reason in the file's own French.
  assert.equal((await shown(page, '#fr-payback')).reason, plain(FR.common.undefined.replace('{reason}', FR.reasons.no_monthly_margin_to_pay_back_cac)));
  assert.equal((await shown(page, '#fr-payback')).title, FR.value.payback);
  assert.equal(await page.$eval('#fr-payback', (e) => e.shadowRoot.querySelector('details.how summary').textContent), FR.common.how);
  // A language the files do not have: English words, the locale's numbers.
  await page.evaluate(() => {
    const e = document.createElement('cx-metric');
    e.id = 'de';
    e.setAttribute('lang', 'de');
    e.setAttribute('kind', 'churn');
    document.getElementById('examples').append(e);
  });
  await figureIs(page, '#de', '5,0 %');
  assert.equal((await shown(page, '#de')).detail, 'Annual 46,0 % · retention 95,0 %');
  assert.deepEqual(h.consoleErrors, []);
  await page.close();

  // Language files that cannot be read: the element says so, once, instead of drawing a calculator without words.
  const blocked = await h.newPage();
  await blocked.route(h.url + 'i18n/*.json', (route) => route.abort());
  await blocked.goto(h.url + 'embed.html');
  await blocked.waitForFunction(() => [...document.querySelectorAll('cx-metric')].every((e) => e.shadowRoot.querySelector('[role=alert]')));
  const alerts = await blocked.$$eval('cx-metric', (all) => all.map((e) => [e.shadowRoot.querySelectorAll('input').length, e.shadowRoot.textContent]));
  assert.ok(alerts.every(([inputs, text]) => inputs === 0 && /^The calculator could not load its texts \(i18n\/\*\.json next to embed\.js\)/.test(text)), JSON.stringify(alerts));
  assert.ok(h.consoleErrors.every((e) => /Failed to load resource/.test(e)), h.consoleErrors.join('\n'));
  h.consoleErrors.length = 0;
  await blocked.close();
});

test('a host page elsewhere on the site, with its own CSS: works from a subdirectory, no CSS leaks', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cxmetrics-embed-'));
  fs.cpSync(path.join(ROOT, 'www'), path.join(tmp, 'sub'), { recursive: true });
  const docs = path.join(tmp, 'docs', 'guide');
  fs.mkdirSync(docs, { recursive: true });
  // The host's own rules: they must not reach into the element, and the
  // element's rules (.figure, p, input) must not reach the host's elements.
  fs.writeFileSync(path.join(docs, 'host.css'), [
    'body { color: rgb(255, 0, 0); font: 30px/2 serif; }',
    'p { color: rgb(255, 0, 0); margin: 40px; }',
    'input { border: 5px dashed rgb(255, 0, 0); }',
    '#themed { --cx-accent: rgb(109, 40, 217); --cx-radius: 0px; }',
  ].join('\n'));
  fs.writeFileSync(path.join(docs, 'host.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data: blob:">
<link rel="stylesheet" href="host.css"><link rel="icon" href="data:,">
<script type="module" src="../../sub/embed.js"></script></head>
<body><p class="figure" id="host-p">Host paragraph</p><input id="host-input" class="field">
<cx-metric id="plain" kind="nps"></cx-metric>
<cx-metric id="themed" kind="ltv" currency="BRL"></cx-metric>
</body></html>`);
  const { server, url } = await serve({ port: 0, root: tmp });
  const origin = new URL(url).origin;
  const seen = [];
  const page = await h.newPage();
  page.on('request', (r) => seen.push(r.url()));
  try {
    await page.goto(url + 'docs/guide/host.html');
    await allComputed(page);
    assert.equal((await shown(page, '#plain')).figure, '45');
    assert.equal((await shown(page, '#themed')).figure, 'R$1,600.00');
    // worker and wasm came from next to embed.js; nothing from elsewhere.
    assert.ok(seen.includes(url + 'sub/worker.js'), seen.join('\n'));
    assert.ok(seen.includes(url + 'sub/pkg/cxmetrics_simd_bg.wasm'), seen.join('\n'));
    assert.deepEqual(seen.filter((u) => !u.startsWith(origin)), []);
    // Nothing but the host page's own files and those of embed.js's folder;
    // the words once, from the i18n folder next to embed.js (English: the page's lang).
    assert.deepEqual(seen.filter((u) => !u.startsWith(url + 'docs/guide/') && !u.startsWith(url + 'sub/')), []);
    assert.deepEqual(seen.filter((u) => u.includes('/i18n/')), [url + 'sub/i18n/en.json']);
    assert.equal(await page.$eval('#plain', (e) => e.shadowRoot.querySelector('.foot a').href), url + 'sub/index.html');

    const styles = await page.evaluate(() => {
      const cs = (n) => getComputedStyle(n);
      const r = document.getElementById('plain').shadowRoot;
      const t = document.getElementById('themed').shadowRoot;
      return {
        innerP: cs(r.querySelector('.detail')).color,
        innerPMargin: cs(r.querySelector('.detail')).marginLeft,
        innerTitle: cs(r.querySelector('.title')).color,
        innerFont: cs(r.querySelector('.title')).fontFamily,
        innerSize: cs(r.querySelector('.detail')).fontSize,
        innerInput: cs(r.querySelector('input')).borderTopStyle,
        innerFigure: cs(r.querySelector('.figure')).color,
        themedFigure: cs(t.querySelector('.figure')).color,
        themedRadius: cs(t.querySelector('.box')).borderTopLeftRadius,
        hostP: cs(document.getElementById('host-p')).color,
        hostPSize: cs(document.getElementById('host-p')).fontSize,
        hostInput: cs(document.getElementById('host-input')).borderTopStyle,
      };
    });
    assert.deepEqual(styles, {
      innerP: 'rgb(86, 99, 111)', innerPMargin: '0px', innerTitle: 'rgb(22, 33, 43)',
      innerFont: styles.innerFont, innerSize: '14px', innerInput: 'solid',
      innerFigure: 'rgb(15, 92, 77)', themedFigure: 'rgb(109, 40, 217)', themedRadius: '0px',
      hostP: 'rgb(255, 0, 0)', hostPSize: '30px', hostInput: 'dashed',
    });
    assert.doesNotMatch(styles.innerFont, /^serif$/);
    await page.fill('#themed input[name=arpa]', '200');
    await figureIs(page, '#themed', 'R$3,200.00');
    assert.equal((await shown(page, '#plain')).figure, '45');
    assert.deepEqual(h.consoleErrors, []);
  } finally {
    await page.close();
    server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('screenshots at 1280 and 390, no sideways scrolling on a phone', async () => {
  const from = h.requests.length; // the subdirectory test used a second server
  for (const width of [1280, 390]) {
    const page = await h.newPage(width, 900);
    await page.goto(h.url + 'embed.html');
    await allComputed(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(overflow, 0, `page wider than ${width} px by ${overflow} px`);
    const narrow = await page.$$eval('cx-metric', (all) => all.filter((e) => e.shadowRoot.querySelector('.box').scrollWidth > e.shadowRoot.querySelector('.box').clientWidth + 1).length);
    assert.equal(narrow, 0);
    await page.screenshot({ path: path.join(SHOTS, `embed-${width}.png`), fullPage: true });
    await page.close();
  }
  // The Copy button copies the snippet's text.
  await h.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.origin });
  const page = await h.newPage();
  await page.goto(h.url + 'embed.html');
  await allComputed(page);
  await page.click('button[data-cx-copy="code-nps"]');
  await page.waitForFunction(() => document.querySelector('button[data-cx-copy="code-nps"]').textContent === 'Copied');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, '<cx-metric kind="nps"\n  promoters="60"\n  passives="25"\n  detractors="15">\n</cx-metric>');
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.requests.slice(from).filter((u) => !u.startsWith(h.origin) && !/^(data|blob):/.test(u)), []);
  await page.close();
});

test('the ES-module snippet on embed.html runs as written', async () => {
  const page = await h.newPage();
  await page.goto(h.url + 'embed.html');
  await allComputed(page);
  const code = await page.textContent('#snippet-esm');
  assert.match(code, /^import init, \{ calculate, Ingest \} from '\.\/pkg\/cxmetrics\.js';$/m);
  // Run the snippet's own text (its static import turned into a dynamic one)
  // and hand back what it logs.
  const logged = await page.evaluate(async (source) => {
    const body = source
      .replace(/^import init, \{ calculate, Ingest \} from '(.+)';$/m, "const { default: init, calculate, Ingest } = await import(new URL('$1', location.href).href);")
      .replace(/console\.log\(([^;]*)\);/g, 'out.push([$1]);');
    const out = [];
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;
    await new AsyncFunction('out', body + '\nout.push(report.kind, report.metrics.nps.value);')(out);
    return out;
  }, code);
  assert.equal(logged[0][0], 45);
  assert.ok(Math.abs(logged[0][1] - 29.343) < 1e-3 && Math.abs(logged[0][2] - 58.036) < 1e-3, JSON.stringify(logged));
  // 10, 9 promoters; 7 passive; 3 detractor → (2 − 1) ÷ 4 = 25.
  assert.deepEqual(logged.slice(1), ['survey', 25]);
  assert.deepEqual(h.consoleErrors, []);
  await page.close();
});

test('embed.js served from another origin (with CORS) starts its worker from a blob: module', async () => {
  // The calculator's origin: www/ with CORS headers.
  const cors = http.createServer((req, res) => {
    const file = path.join(ROOT, 'www', path.normalize(new URL(req.url, 'http://x').pathname));
    if (!file.startsWith(path.join(ROOT, 'www') + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    const type = { '.js': 'text/javascript', '.wasm': 'application/wasm', '.html': 'text/html' }[path.extname(file)] || 'application/octet-stream';
    res.writeHead(200, { 'content-type': type, 'access-control-allow-origin': '*' });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((resolve) => cors.listen(0, '127.0.0.1', resolve));
  const other = `http://127.0.0.1:${cors.address().port}`;
  // Host pages on their own origin, with a CSP that names the calculator's
  // origin: module workers load their imports under worker-src, so a policy
  // with only blob: there cannot start the worker, and says so once.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cxmetrics-host-'));
  const host = (workerSrc) => `<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><link rel="icon" href="data:,">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' ${other} 'wasm-unsafe-eval'; worker-src ${workerSrc}; connect-src ${other}; style-src 'self'">
<script type="module" src="${other}/embed.js"></script></head>
<body><cx-metric id="far" kind="churn"></cx-metric><cx-metric id="far2" kind="nps"></cx-metric></body></html>`;
  fs.writeFileSync(path.join(tmp, 'index.html'), host(`blob: ${other}`));
  fs.writeFileSync(path.join(tmp, 'blocked.html'), host('blob:'));
  const { server, url } = await serve({ port: 0, root: tmp });
  const page = await h.newPage();
  const seen = [];
  page.on('request', (r) => seen.push(r.url()));
  try {
    await page.goto(url);
    await allComputed(page);
    assert.equal((await shown(page, '#far')).reason, null, JSON.stringify(await shown(page, '#far')));
    assert.deepEqual(await shown(page, '#far').then((x) => [x.figure, x.detail]), ['5,0 %', 'Annuelle 46,0 % · rétention 95,0 %']);
    assert.equal((await shown(page, '#far2')).figure, '45');
    assert.equal(await page.$eval('#far', (e) => e.shadowRoot.querySelector('.foot a').href), `${other}/index.html`);
    assert.deepEqual(h.consoleErrors, []);

    seen.length = 0;
    await page.goto(url + 'blocked.html');
    await page.waitForFunction(() => [...document.querySelectorAll('cx-metric')].every((e) => e.shadowRoot.querySelector('.out .reason')));
    assert.match((await shown(page, '#far')).reason, /^Le calculateur n’a pas pu démarrer dans cette page/);
    // Not a wait for a state: a window in which an endless restart loop would fetch worker.js again.
    await page.waitForTimeout(300);
    assert.equal(seen.filter((u) => u === `${other}/worker.js`).length, 1, seen.join('\n'));
    // The blocked import is reported in the worker's console, if anywhere in the page's.
    assert.ok(h.consoleErrors.every((e) => /Content Security Policy/.test(e)), h.consoleErrors.join('\n'));
    h.consoleErrors.length = 0;
  } finally {
    await page.close();
    server.close();
    cors.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

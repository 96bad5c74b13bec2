// Warnings, guesses and unreadable cells on the page, in Debian's Chromium:
// a warning naming a figure sits under that figure, a warning naming none
// at the top of the data panel, each translated by its code (English and
// French), an unknown code in the core's English sentence; the guesses are
// listed beside the mapping with the control that overrides them; the
// unreadable cells have their box with counts, examples and a download.
// Screenshots at 1280 and 390 px go to target/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, ROOT, SHOTS, ready, show, settle } from './harness.mjs';

let h;
before(async () => { h = await start(); });
after(async () => { await h?.close(); });

const fixture = (...p) => path.join(ROOT, 'tests/fixtures', ...p);

async function open({ width = 1280, lang } = {}) {
  const page = await h.newPage(width, 900);
  await ready(page, h.url);
  if (lang) await language(page, lang);
  return page;
}

/** Switches the page's language and waits until the surveys are drawn in it. */
async function language(page, lang) {
  await page.selectOption('#lang', lang);
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  await show(page, 'surveys');
}

/**
 * Adds `notes` (warnings, inferences, unreadable_cells) to every report the
 * core gives from now on: the page's side of codes and shapes the core may
 * not produce for any file yet (an unknown code, a missing parameter).
 */
async function addNotes(page, notes) {
  await page.evaluate((extra) => {
    const engine = window.cxmetrics.engine;
    const ingest = engine.ingest.bind(engine);
    window.seenSettings = [];
    engine.ingest = (source, settings, progress) => {
      window.seenSettings.push(settings);
      return ingest(source, settings, progress).then((r) => ({ ...r, ...extra }));
    };
  }, notes);
}

/** Loads `file` and waits until `section`, where it shows, has drawn it. */
async function load(page, file, section) {
  await settle(page, section, () => page.setInputFiles('#file', file));
  assert.equal(await page.getAttribute(`#tab-${section}`, 'aria-selected'), 'true');
  const title = await page.textContent(`#${section}-data .area-title`);
  assert.ok(title.includes(path.basename(file)), title);
}

const texts = (page, sel) => page.$$eval(sel, (els) => els.map((e) => e.textContent.trim()));

const NOTES = {
  warnings: [
    { code: 'figure_partial', message: 'rests on 9 of 12 answers (75.0 %): the others lack a readable value for it.',
      figures: ['csat'], params: { used: 9, eligible: 12, what: 'answers' } },
    { code: 'cells_unreadable', message: '“Satisfaction” could not be read in 3 of 12 rows (25.0 %); those rows count for every figure that does not need it.',
      figures: [], params: { field: 'csat', column: 'Satisfaction', count: 3, read: 12 } },
    { code: 'not_a_code_yet', message: 'An English sentence for a code this page does not know.', figures: ['nps'], params: { n: 3 } },
    { code: 'column_is_timestamp', message: 'English fallback: never shown while a shorter translation fits.', figures: [], params: { field: 'date', column: 'When' } },
    { code: 'currency_mixed', message: 'adds amounts in more than one currency (BRL in 3 cells, USD in 1 cell) without converting them.',
      figures: [], params: { currency: 'BRL', currencies: [{ currency: 'BRL', cells: 3 }, { currency: 'USD', cells: 1 }] } },
    { code: 'figure_partial', message: 'rests on 2 of 3 accounts: a figure this section does not show.', figures: ['upsell_ready'], params: { used: 2, eligible: 3, what: 'accounts' } },
  ],
  inferences: [
    { code: 'scale_inferred', message: 'The scale of “Satisfaction” was read from its values: 1-5.', figures: ['csat'], params: { field: 'csat', column: 'Satisfaction', scale: '1-5' } },
    { code: 'mapping_refused', message: '“Comment” was not mapped as a segment.', figures: [], params: { field: 'segment', column: 'Comment', share: 0.8 } },
    { code: 'currency_guessed', message: 'amounts are written with “$” and no currency code: read as USD.', figures: [],
      params: { sign: '$', currency: 'USD', candidates: ['MXN', 'ARS', 'CLP'] } },
  ],
  unreadable_cells: [{ field: 'csat', column: 'Satisfaction', count: 3, examples: [
    { line: 4, column: 'Satisfaction', value: 'lots', reason: 'not a number' },
    { line: 7, column: 'Satisfaction', value: '<b>n/a</b>', reason: 'not a number' },
    { line: 11, column: 'Satisfaction', value: '=1+1', reason: 'not a number' },
  ] }],
};

test('a survey whose CSAT column has unreadable cells: the core\'s warning under CSAT, its cells in the data panel, in English and Spanish', async () => {
  // survey_bad_csat.csv: 12 answers, “lots” and “??” in Satisfaction (lines 4 and 9).
  const file = fixture('notes', 'survey_bad_csat.csv');
  const card = '#datasets details.dataset[data-kind=survey]';
  const page = await open();
  await load(page, file, 'surveys');
  // Every row counts for NPS; CSAT rests on 10 of the 12.
  assert.match(await page.textContent('#data-nps .ci'), /12 answers/);
  assert.equal(await page.textContent('#data-csat .big'), '70.0%');
  assert.deepEqual(await texts(page, '#data-csat .fig-note'),
    ['Warning: Rests on 10 of 12 rows with a CSAT answer (83.3%): the others lack a readable value for it.']);
  assert.deepEqual(await texts(page, '#data-nps .fig-note'), []);
  assert.deepEqual(await texts(page, '#datasets .data-notes .fig-note'),
    ['Warning: “Satisfaction” could not be read in 2 of 12 rows (16.7%); those rows still count for every figure that does not need it.']);
  await page.click(`${card} > summary`);
  assert.equal(await page.textContent(`${card} [data-chip=unreadable]`), '2 unreadable cells');
  assert.deepEqual(await page.$$eval(`${card} .ds-unreadable .examples tbody tr`, (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent))),
    [['4', 'Satisfaction', 'lots', 'not a number'], ['9', 'Satisfaction', '??', 'not a number']]);
  assert.deepEqual(await texts(page, `${card} .ds-guess .fig-note`),
    ['Guess: “Satisfaction” is read on the 1–5 scale, from its answers; set the scale if it is another.']);
  await page.screenshot({ path: path.join(SHOTS, 'warnings-core-en-1280.png'), fullPage: true });

  // The same report in Spanish: translated by code, numbers in Spanish.
  await language(page, 'es');
  const pct = (x) => new Intl.NumberFormat('es', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x);
  assert.deepEqual(await texts(page, '#data-csat .fig-note'),
    [`Aviso: Se basa en 10 de 12 filas con una respuesta de CSAT (${pct(10 / 12)}): a los demás les falta un valor legible para esta cifra.`]);
  assert.deepEqual(await texts(page, '#datasets .data-notes .fig-note'),
    [`Aviso: No se pudo leer «Satisfaction» en 2 de 12 filas (${pct(2 / 12)}); esas filas siguen contando para toda cifra que no la necesita.`]);
  await page.click(`${card} > summary`);
  assert.equal(await page.textContent(`${card} [data-chip=unreadable]`), '2 celdas ilegibles');
  assert.equal(await page.textContent(`${card} .ds-unreadable h3`), 'Celdas ilegibles');
  assert.deepEqual(await page.$$eval(`${card} .ds-unreadable .examples tbody tr`, (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent))),
    [['4', 'Satisfaction', 'lots', 'no es un número'], ['9', 'Satisfaction', '??', 'no es un número']]);
  await page.screenshot({ path: path.join(SHOTS, 'warnings-core-es-1280.png'), fullPage: true });

  // A phone: the section with its warning and the data panel.
  const phone = await open({ width: 390 });
  await load(phone, file, 'surveys');
  // The section first: a screenshot taller than the window resizes it, and
  // the section redraws on resize.
  await phone.locator('#data-csat').screenshot({ path: path.join(SHOTS, 'warnings-core-csat-390.png') });
  await phone.click(`${card} > summary`);
  await phone.locator('#datasets').screenshot({ path: path.join(SHOTS, 'warnings-core-data-390.png') });
  assert.deepEqual(h.consoleErrors, []);
  await page.close();
  await phone.close();
});

test('tickets whose duration columns hold timestamps: the guesses with the column select for each field', async () => {
  const page = await open();
  await load(page, fixture('notes', 'tickets_timestamps.csv'), 'tickets');
  const card = '#datasets details.dataset[data-kind=tickets]';
  await page.click(`${card} > summary`);
  assert.deepEqual(await texts(page, `${card} .ds-guess .fig-note`), [
    'Guess: “First Response Time” holds dates and times, not durations: it is read as First reply at instead of First reply (minutes).',
    'Guess: “Time to Resolution” holds dates and times, not durations: it is read as Solved at instead of Resolution (minutes).',
    'Guess: “Customer Satisfaction Rating” is read on the 1–5 scale, from its answers; set the scale if it is another.',
  ]);
  assert.deepEqual(await texts(page, `${card} .ds-guess label`), ['Column for First reply (minutes)', 'Column for Resolution (minutes)', 'CSAT scale']);
  // No created time: first response is undefined with its reason, and no warning repeats it.
  for (const id of ['first_response_median', 'first_response_p90']) {
    assert.match(await page.textContent(`#tickets-kpis [data-metric=${id}] .kpi-reason`), /no created time/);
    assert.deepEqual(await texts(page, `#tickets-kpis [data-metric=${id}] .fig-note`), []);
  }
  // Reading the column as minutes anyway is one choice away: the guess goes,
  // the mapping follows, and its timestamps become unreadable cells.
  await settle(page, 'data', () => page.selectOption(`${card} .ds-guess select >> nth=0`, 'First Response Time'));
  assert.equal(await page.locator(`${card} .ds-guess`).count(), 2);
  assert.equal(await page.inputValue('#map-tickets-first_reply_minutes'), 'First Response Time');
  // The sample survey is loaded too: the warning names its dataset.
  assert.deepEqual(await texts(page, '#datasets .data-notes .fig-note'),
    ['Warning: tickets_timestamps.csv: “First Response Time” could not be read in 4 of 6 rows (66.7%); those rows still count for every figure that does not need it.']);
  assert.deepEqual(h.consoleErrors, []);
  await page.close();
});

test('English: each warning under its figure, the others atop the data panel, the guesses with their controls, the unreadable cells', async () => {
  const page = await open();
  await addNotes(page, NOTES);
  await load(page, fixture('notes', 'survey_clean.csv'), 'surveys');

  // Under the CSAT card, translated by its code with Intl numbers.
  assert.deepEqual(await texts(page, '#data-csat .fig-note'), ['Warning: Rests on 9 of 12 answers (75.0%): the others lack a readable value for it.']);
  // An unknown code: the core's English sentence, under NPS.
  assert.deepEqual(await texts(page, '#data-nps .fig-note'), ['Warning: An English sentence for a code this page does not know.']);
  assert.equal(await page.getAttribute('#data-nps .fig-note', 'data-code'), 'not_a_code_yet');
  // A figure the section does not show: at the top of its data, named.
  assert.deepEqual(await texts(page, '#surveys-data .fig-notes.unplaced .fig-note'), ['Warning: Upsell-ready accounts: Rests on 2 of 3 accounts (66.7%): the others lack a readable value for it.']);

  // Warnings with no figure: at the top of the data panel.
  assert.deepEqual(await texts(page, '#datasets .data-notes .fig-note'), [
    'Warning: “Satisfaction” could not be read in 3 of 12 rows (25.0%); those rows still count for every figure that does not need it.',
    // No `mapped_to`: the shorter sentence, not the English fallback.
    'Warning: “When” holds dates and times, not durations: it is not used as Date.',
    // Currencies seen, each with its cells, as a list in the page's language.
    'Warning: Adds amounts in more than one currency (BRL in 3 cells and USD in 1 cell) without converting them; they are shown as BRL.',
  ]);

  // The summary says there are unreadable cells; the box lists them.
  const card = '#datasets details.dataset[data-kind=survey]';
  assert.equal(await page.textContent(`${card} [data-chip=unreadable]`), '3 unreadable cells');
  await page.click(`${card} > summary`);
  assert.match(await page.textContent(`${card} .ds-unreadable p`), /^3 cells could not be read in rows that were still used \(12 rows read\)/);
  const rows = (sel) => page.$$eval(`${sel} tbody tr`, (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  assert.deepEqual(await rows(`${card} .ds-unreadable .table-wrap:not(.examples *)`), [['Satisfaction', 'Satisfaction rating', '3']]);
  assert.deepEqual(await rows(`${card} .ds-unreadable .examples`), [
    ['4', 'Satisfaction', 'lots', 'not a number'],
    ['7', 'Satisfaction', '<b>n/a</b>', 'not a number'],
    ['11', 'Satisfaction', '=1+1', 'not a number'],
  ]);
  // User text stays text.
  assert.equal(await page.$(`${card} .ds-unreadable b`), null);

  // The download: one row per example, a formula kept as text.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`${card} .ds-unreadable button`)]);
  assert.equal(download.suggestedFilename(), 'survey_clean-unreadable-cells.csv');
  const csv = fs.readFileSync(await download.path(), 'utf8');
  assert.equal(csv, 'field,column,cells_unreadable,line,value,reason\r\ncsat,Satisfaction,3,4,lots,not a number\r\n'
    + 'csat,Satisfaction,3,7,<b>n/a</b>,not a number\r\ncsat,Satisfaction,3,11,\'=1+1,not a number\r\n');

  // The guesses, each with its control: the scale select, the field's column select.
  assert.deepEqual(await texts(page, `${card} .ds-guess .fig-note`), [
    'Guess: “Satisfaction” is read on the 1–5 scale, from its answers; set the scale if it is another.',
    'Guess: “Comment” was not used as Segment: 80.0% of its values do not read as one; map it by hand to use it anyway.',
    'Guess: Amounts are written with “$” and no currency code: read as USD; “$” is also written for MXN, ARS, and CLP. Set the currency if it is another.',
  ]);
  assert.deepEqual(await texts(page, `${card} .ds-guess label`), ['CSAT scale', 'Column for Segment']);
  assert.equal(await page.textContent(`${card} .ds-guess[data-code=currency_guessed] button`), 'Choose the currency');
  assert.equal(await page.inputValue(`${card} .ds-guess select[data-setting=csat_scale]`), '');
  // The scale is also among the dataset's settings, beside the format.
  assert.equal(await page.textContent(`${card} .ds-format select[data-setting=csat_scale] option:checked`), 'Automatic (1–5)');

  await page.screenshot({ path: path.join(SHOTS, 'warnings-en-1280.png'), fullPage: true });
  // The currency is chosen beside the figures: the button goes there.
  await show(page, 'value');
  await page.click(`${card} .ds-guess[data-code=currency_guessed] button`);
  assert.equal(await page.getAttribute('#tab-surveys', 'aria-selected'), 'true');
  assert.deepEqual(h.consoleErrors, []);
  await page.close();
});

test('the guess controls override: a scale chosen re-reads with csat_scale, a column chosen with the mapping', async () => {
  const page = await open();
  await addNotes(page, NOTES);
  await load(page, fixture('notes', 'survey_clean.csv'), 'surveys');
  const card = '#datasets details.dataset[data-kind=survey]';
  await page.click(`${card} > summary`);
  await settle(page, 'surveys', () => page.selectOption(`${card} .ds-guess select[data-setting=csat_scale]`, '1-10'));
  assert.match(await page.textContent('#data-csat'), /Scale 1-10/);
  assert.equal((await page.evaluate(() => window.seenSettings.at(-1))).csat_scale, '1-10');
  // Re-drawn with the choice shown in both places.
  await page.click(`${card} > summary`);
  assert.equal(await page.inputValue(`${card} .ds-format select[data-setting=csat_scale]`), '1-10');
  assert.equal(await page.inputValue(`${card} .ds-guess select[data-setting=csat_scale]`), '1-10');
  // The file's 1–5 answers read on 1–10: none is 8 or more.
  assert.equal(await page.textContent('#data-csat .big'), '0.0%');

  await settle(page, 'data', () => page.selectOption(`${card} .ds-guess select:not([data-setting])`, 'Comment'));
  const settings = await page.evaluate(() => window.seenSettings.at(-1));
  assert.equal(settings.mapping?.segment, 'Comment');
  assert.equal(settings.csat_scale, '1-10');
  assert.deepEqual(h.consoleErrors, []);
  await page.close();
});

test('French: the same notes translated by code, numbers in French', async () => {
  const page = await open({ lang: 'fr' });
  await addNotes(page, NOTES);
  await load(page, fixture('notes', 'survey_clean.csv'), 'surveys');
  const nnbsp = '\u202f';
  // Percentages as the browser's Intl writes them in French.
  const pct = (x) => new Intl.NumberFormat('fr', { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x);
  assert.deepEqual(await texts(page, '#data-csat .fig-note'),
    [`Avertissement${nnbsp}: Repose sur 9 réponses sur 12 (${pct(0.75)})${nnbsp}: les autres n’ont pas de valeur lisible pour ce chiffre.`]);
  assert.deepEqual(await texts(page, '#data-nps .fig-note'), [`Avertissement${nnbsp}: An English sentence for a code this page does not know.`]);
  const top = await texts(page, '#datasets .data-notes .fig-note');
  assert.equal(top[0], `Avertissement${nnbsp}: «${nnbsp}Satisfaction${nnbsp}» n’a pas pu être lu dans 3 lignes sur 12 (${pct(0.25)})${nnbsp}; ces lignes comptent toujours pour chaque chiffre qui n’en a pas besoin.`);
  const card = '#datasets details.dataset[data-kind=survey]';
  assert.equal(await page.textContent(`${card} [data-chip=unreadable]`), '3 cellules illisibles');
  await page.click(`${card} > summary`);
  assert.deepEqual(await texts(page, `${card} .ds-guess .fig-note`), [
    `Supposition${nnbsp}: «${nnbsp}Satisfaction${nnbsp}» est lue sur l’échelle 1–5, d’après ses réponses${nnbsp}; indiquez l’échelle si c’en est une autre.`,
    `Supposition${nnbsp}: «${nnbsp}Comment${nnbsp}» n’a pas été utilisée comme Segment${nnbsp}: ${pct(0.8)} de ses valeurs ne se lisent pas ainsi${nnbsp}; associez-la à la main pour l’utiliser quand même.`,
    `Supposition${nnbsp}: Les montants sont écrits avec «${nnbsp}$${nnbsp}» sans code de devise${nnbsp}: lus en USD${nnbsp}; «${nnbsp}$${nnbsp}» s’écrit aussi pour MXN, ARS et CLP. Indiquez la devise si c’en est une autre.`,
  ]);
  assert.equal(await page.textContent(`${card} .ds-unreadable h3`), 'Cellules illisibles');
  await page.screenshot({ path: path.join(SHOTS, 'warnings-fr-1280.png'), fullPage: true });
  assert.deepEqual(h.consoleErrors, []);
  await page.close();
});

test('a phone-wide page (390 px): the notes wrap inside their cards', async () => {
  const page = await open({ width: 390 });
  await addNotes(page, NOTES);
  await load(page, fixture('notes', 'survey_clean.csv'), 'surveys');
  await page.click('#datasets details.dataset[data-kind=survey] > summary');
  const overflow = await page.evaluate(() => [...document.querySelectorAll('.fig-note, .ds-guess, .ds-unreadable')]
    .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5).map((el) => el.className));
  assert.deepEqual(overflow, []);
  // The section before the taller data panel (see above).
  await page.locator('#surveys-data').screenshot({ path: path.join(SHOTS, 'warnings-surveys-390.png') });
  await page.locator('#datasets').screenshot({ path: path.join(SHOTS, 'warnings-data-390.png') });
  await page.close();
});

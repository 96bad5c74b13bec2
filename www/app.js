// UI state and rendering. No metric math here: every figure comes from the
// Rust core through the worker; this file only formats and draws.
import { Engine, CancelledError, InternalError } from './engine.js';
import { barChart } from './chart.js';

const $ = (id) => document.getElementById(id);
const engine = new Engine();
const locale = navigator.language || 'en';
const fmt = {
  int: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }),
  one: new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
  pct: new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }),
};

// A sample survey of 100 answers (60 promoters, 25 passives, 15 detractors),
// so a first-time visitor sees a computed result at once.
const SAMPLE_COUNTS = [1, 0, 1, 2, 2, 4, 5, 10, 15, 22, 38];
function sampleText() {
  const scores = [];
  SAMPLE_COUNTS.forEach((n, score) => { for (let i = 0; i < n; i++) scores.push(score); });
  // A fixed shuffle so the sample reads like a real export.
  for (let i = scores.length - 1, seed = 7; i > 0; i--) {
    seed = (seed * 48271) % 2147483647;
    const j = seed % (i + 1);
    [scores[i], scores[j]] = [scores[j], scores[i]];
  }
  return 'Score\n' + scores.join('\n') + '\n';
}

// ---------- tabs ----------
const tabs = [...document.querySelectorAll('[role=tab]')];
function selectTab(tab, focus = false) {
  for (const t of tabs) {
    const on = t === tab;
    t.setAttribute('aria-selected', String(on));
    t.tabIndex = on ? 0 : -1;
    $(t.getAttribute('aria-controls')).hidden = !on;
  }
  if (focus) tab.focus();
}
tabs.forEach((tab, i) => {
  tab.addEventListener('click', () => selectTab(tab));
  tab.addEventListener('keydown', (e) => {
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step) { e.preventDefault(); selectTab(tabs[(i + step + tabs.length) % tabs.length], true); }
  });
});

// ---------- status and progress ----------
function setStatus(text, kind = '') {
  const s = $('status');
  s.textContent = text;
  s.className = 'status' + (kind ? ' ' + kind : '');
}

function showProgress(p) {
  $('progress').hidden = false;
  const share = p.total ? p.bytes / p.total : 0;
  $('progress-bar').style.width = `${(share * 100).toFixed(1)}%`;
  const elapsed = (performance.now() - showProgress.started) / 1000;
  const rate = elapsed > 0 ? p.rows / elapsed : 0;
  $('progress-text').textContent = p.total
    ? `${fmt.int.format(share * 100)} % · ${fmt.int.format(p.rows)} rows · ${fmt.int.format(rate)} rows/s`
    : `${fmt.int.format(p.rows)} rows`;
}
$('cancel').addEventListener('click', () => engine.cancel());

// ---------- rendering ----------
function npsText(value, n) {
  // SPEC: integer points, one decimal below 100 answers.
  return n < 100 ? fmt.one.format(value) : fmt.int.format(value);
}

let lastRender = null;
function render(figure, source) {
  lastRender = [figure, source];
  $('source').textContent = source;
  const defined = figure.value !== null && figure.value !== undefined;
  $('nps-reason').hidden = defined;
  $('nps-reason').textContent = defined ? '' : `Not defined: ${figure.reason}.`;
  $('nps-value').textContent = defined ? npsText(figure.value, figure.n) : '–';
  $('nps-ci').textContent = defined
    ? `95 % CI ${npsText(figure.ci95_low, figure.n)} to ${npsText(figure.ci95_high, figure.n)} · margin of error ±${fmt.one.format(figure.margin_of_error)} points · ${fmt.int.format(figure.n)} answers`
    : '';
  const n = figure.n || 0;
  const groups = [['pro', figure.promoters], ['pas', figure.passives], ['det', figure.detractors]];
  for (const [key, count] of groups) {
    $(`${key}-n`).textContent = n ? fmt.int.format(count) : '–';
    $(`${key}-s`).textContent = n ? fmt.pct.format(count / n) : '';
    $('stack').querySelector('.' + key).style.flexGrow = n ? String(count) : '0';
  }
  const chart = $('dist-chart');
  chart.replaceChildren();
  const dist = figure.distribution;
  $('dist-figure').hidden = !dist;
  if (dist) {
    const bars = dist.map((count, score) => ({
      label: String(score), value: count, valueLabel: fmt.int.format(count),
      className: score >= 9 ? 'pro' : score >= 7 ? 'pas' : 'det',
    }));
    chart.append(barChart(bars, { title: 'Answers by score, 0 to 10', width: Math.max(280, chart.clientWidth || 440) }));
    $('dist-alt').textContent = 'Answers by score: ' + dist.map((c, s) => `${s}: ${fmt.int.format(c)}`).join(', ') + '.';
  }
}

function renderSkipped(report) {
  const box = $('skipped');
  const count = report ? report.rows.skipped : 0;
  box.hidden = count === 0;
  if (!count) return;
  const listed = report.skipped.length;
  $('skipped-summary').textContent =
    `${fmt.int.format(count)} of ${fmt.int.format(report.rows.read)} rows skipped and left out of the figures` +
    (listed < count ? ` (the first ${fmt.int.format(listed)} are listed).` : '.');
  const body = $('skipped-rows');
  body.replaceChildren();
  for (const row of report.skipped) {
    const tr = document.createElement('tr');
    for (const cell of [fmt.int.format(row.line), row.column, row.value, row.reason]) {
      const td = document.createElement('td');
      td.textContent = cell;
      tr.append(td);
    }
    body.append(tr);
  }
}

function describe(report, what) {
  const s = report.settings;
  const parts = [`${what}: ${fmt.int.format(report.rows.used)} answers`];
  if (s.mapping && s.mapping.score) parts.push(`score column “${s.mapping.score}”`);
  return parts.join(' · ');
}

function fail(err) {
  if (err instanceof CancelledError) { setStatus('Cancelled.'); return; }
  if (err instanceof InternalError) console.warn(err.detail);
  setStatus(err.message, 'error');
}

// ---------- inputs ----------
let generation = 0; // the latest request wins; older answers are dropped

async function fromCounts() {
  const ids = ['promoters', 'passives', 'detractors'];
  const values = ids.map((id) => $(id).value.trim() === '' ? 0 : Number($(id).value));
  const mine = ++generation;
  try {
    const figure = await engine.npsFromCounts(...values);
    if (mine !== generation) return;
    setStatus('');
    render(figure, 'From the counts you typed');
    renderSkipped(null);
  } catch (err) { if (mine === generation) fail(err); }
}

async function fromData(source, what) {
  const mine = ++generation;
  showProgress.started = performance.now();
  const big = typeof source !== 'string' && source.size > 4 * 1024 * 1024;
  setStatus(typeof source === 'string' ? 'Computing…' : `Reading ${source.name}…`);
  try {
    const report = await engine.ingest(source, null, big ? showProgress : undefined);
    if (mine !== generation) return;
    $('progress').hidden = true;
    const kind = report.kind;
    if (kind !== 'survey') {
      setStatus(`This looks like ${kind} data, not survey answers.`, 'error');
      return;
    }
    setStatus('');
    render(report.metrics.nps, describe(report, what));
    renderSkipped(report);
  } catch (err) {
    $('progress').hidden = true;
    if (mine === generation) fail(err);
  }
}

let typingTimer;
for (const id of ['promoters', 'passives', 'detractors']) {
  $(id).addEventListener('input', () => { clearTimeout(typingTimer); typingTimer = setTimeout(fromCounts, 120); });
}
$('panel-counts').addEventListener('submit', (e) => { e.preventDefault(); fromCounts(); });
$('panel-paste').addEventListener('submit', (e) => { e.preventDefault(); fromData($('paste').value, 'Pasted data'); });
$('paste-clear').addEventListener('click', () => { $('paste').value = ''; $('paste').focus(); });
$('file').addEventListener('change', () => {
  const file = $('file').files[0];
  if (file) fromData(file, file.name);
});
const drop = $('drop');
for (const type of ['dragenter', 'dragover']) drop.addEventListener(type, (e) => { e.preventDefault(); drop.classList.add('over'); });
for (const type of ['dragleave', 'drop']) drop.addEventListener(type, () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  const file = e.dataTransfer.files[0];
  if (file) fromData(file, file.name);
});

// First load: the sample, computed by the core like any paste.
selectTab($('tab-paste'));
$('paste').value = sampleText();
fromData($('paste').value, 'Sample data (replace it with yours)');

let resizeTimer;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => { if (lastRender) render(...lastRender); }, 150);
});

// The page shell: state, language, share link, data import, sections.
// No metric math here: figures come from the Rust core in the worker.
import { Engine, CancelledError, InternalError } from './engine.js';
import { errorText } from './sections/common.js';

// The worker starts, and the sample is fetched, before the rest of the
// page's modules are in: they load meanwhile (index.html preloads them all),
// so the wasm download and compile overlap them.
const engine = new Engine();
// A handle for debugging from the console (and for the page's own tests).
window.cxmetrics = { engine };
const SAMPLE = new URL('./samples/survey.csv', import.meta.url);
// Sent to the core as soon as it arrives, whatever the page is doing then:
// ahead of the calculators the sections ask for.
const sample = location.hash ? null : fetch(SAMPLE).then((r) => r.text()).then((text) => {
  const report = engine.ingest(text, {});
  report.catch(() => {}); // ingest() reports a failure
  return { text, report };
});
// The locale's number and month data load into the process on first use,
// tens of ms: here, while the modules and the worker's script are on their
// way, rather than when the first figures are drawn or (in the worker) in
// the way of the core. The browser's locale: any one loads most of what the
// others need.
setTimeout(() => {
  new Intl.NumberFormat().format(1);
  new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(0);
});

const [
  { translator, preferredLanguage, LANGUAGES, applyStatic },
  { formatter },
  { encodeState, decodeState, compressedSize, MAX_PASTE_IN_LINK },
  { h, fill },
  { renderDatasets, renderUnmapped },
  ...sections
] = await Promise.all([
  import('./i18n.js'), import('./format.js'), import('./share.js'), import('./ui.js'), import('./data.js'),
  import('./sections/surveys.js'), import('./sections/tickets.js'), import('./sections/churn.js'),
  import('./sections/value.js'), import('./sections/success.js'), import('./sections/whatif.js'),
]);

const SECTIONS = sections.map((m) => m.default);
/** Which section shows each kind of data. */
export const KIND_SECTION = { survey: 'surveys', tickets: 'tickets', subscriptions: 'churn', spend: 'value', accounts: 'success', customers: 'churn' };
const BIG_FILE = 4 * 1024 * 1024;

const $ = (id) => document.getElementById(id);

/** Everything a share link reproduces. */
let state = { v: 1, lang: 'en', tab: 'surveys', inputs: {}, data: {} };
/** What a link does not carry: loaded sources and their reports. */
const runtime = { t: null, fmt: null, reports: {}, sources: {}, mounted: {}, booting: true, first: null };

// ---------- state ⇄ link ----------
let saveTimer;
function changed() {
  if (runtime.booting) return;
  clearTimeout(saveTimer);
  saveTimer = setTimeout(async () => {
    history.replaceState(null, '', await encodeState(state));
  }, 250);
}

function notice(text, kind = 'info') {
  const n = $('notice');
  n.hidden = !text;
  n.textContent = text || '';
  n.className = 'notice ' + kind;
}

/** A crash inside the core: say so, offer the report to copy. */
function crashed(error) {
  const { t } = runtime;
  if (!t) { runtime.crash = error; return; } // said once the language is in
  const n = $('notice');
  n.hidden = false;
  n.className = 'notice warn';
  const report = [error.detail || '', `page: ${location.origin}${location.pathname}`, `browser: ${navigator.userAgent}`].join('\n');
  const copy = h('button', { type: 'button', class: 'ghost small', id: 'copy-crash' }, t('app.copy_report'));
  copy.addEventListener('click', async () => {
    try { await navigator.clipboard.writeText(report); copy.textContent = t('app.copied'); } catch { /* the text is shown below */ }
  });
  fill(n, h('strong', {}, t('app.internal_error')), ' ', t('app.internal_error_detail'), ' ', copy,
    h('details', { class: 'crash-report' }, h('summary', {}, t('app.show_report')), h('pre', {}, report)));
}
engine.onCrash = crashed;

// ---------- status and progress ----------
function setStatus(text, kind = '') {
  const s = $('status');
  s.textContent = text;
  s.className = 'status' + (kind ? ' ' + kind : '');
}

function progress(p) {
  const { t, fmt } = runtime;
  $('progress').hidden = false;
  const share = p.total ? p.bytes / p.total : 0;
  $('progress-bar').style.width = `${(share * 100).toFixed(1)}%`;
  $('progress-bar-wrap').setAttribute('aria-valuenow', String(Math.round(share * 100)));
  const elapsed = (performance.now() - progress.started) / 1000;
  const rate = elapsed > 0 ? p.rows / elapsed : 0;
  $('progress-text').textContent = t('import.progress', {
    percent: fmt.int(share * 100), rows: fmt.int(p.rows), rate: fmt.int(rate),
  });
}

// ---------- settled computations ----------
// Each section's panel and the data panel (#datasets) say how much of what
// was asked of the core is on screen, for the page's tests (and any tool
// that drives the page) to wait for the exact state they check rather than
// for a guess at it: data-requested counts the computations asked for and
// the inputs typed (whose computation a debounce delays); data-computed is
// set to data-requested once every one of them has been answered and drawn.
// A read of data counts for every section: each draws the report. So after
// reading data-requested = n and changing something, data-computed > n
// means the result of that change is on screen. An input that asks for no
// computation (a chart's day/week switch) leaves data-requested ahead until
// the next one.
const counts = {};
const countOf = (where) => (counts[where] ||= { requested: 0, computed: 0, running: 0, typed: false });
function showCount(where) {
  const c = countOf(where);
  const node = where === 'data' ? $('datasets') : $(`section-${where}`);
  if (node) Object.assign(node.dataset, { requested: c.requested, computed: c.computed });
}
/** A computation for `where` starts; the function returned says it ended. */
function started(where) {
  const c = countOf(where);
  c.requested += 1;
  c.running += 1;
  c.typed = false;
  showCount(where);
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    c.running -= 1;
    // A task later: the answer's own continuation has drawn it by then,
    // and asked for the next computation if it needs one.
    setTimeout(() => {
      if (c.running || c.typed || c.computed === c.requested) return;
      c.computed = c.requested;
      showCount(where);
    });
  };
}
function typed(where) {
  const c = countOf(where);
  c.requested += 1;
  c.typed = true;
  showCount(where);
}

// ---------- data ----------
/**
 * Streams a File or pasted text through the core and files the report
 * under its kind. `settings` are the user's overrides; `pending`, the
 * report of a read already asked for; `drawn`, called once its figures are
 * on screen (before whether the text fits in a link is known).
 */
function ingest(source, options) {
  const ended = ['data', ...SECTIONS.map((s) => s.id)].map(started);
  return read(source, options).finally(() => { for (const end of ended) end(); });
}
async function read(source, { name, settings = {}, replaceKind, quiet = false, sample = false, pending, drawn } = {}) {
  const { t } = runtime;
  // Reads during boot do not rewrite the link (changed() is a no-op then).
  const { booting } = runtime;
  const mine = (ingest.generation = (ingest.generation || 0) + 1);
  progress.started = performance.now();
  const big = typeof source !== 'string' && source.size > BIG_FILE;
  if (big) progress({ bytes: 0, total: source.size, rows: 0 });
  setStatus(typeof source === 'string' ? t('import.computing') : t('import.reading', { name }));
  // Whether pasted text fits in a link is measured while the core reads it.
  const packed = typeof source === 'string' ? compressedSize(source) : null;
  packed?.catch(() => {}); // awaited below, after the report
  try {
    const report = await (pending || engine.ingest(source, settings, big ? progress : undefined));
    if (mine !== ingest.generation) return null;
    $('progress').hidden = true;
    setStatus('');
    const kind = report.kind;
    if (replaceKind && replaceKind !== kind) {
      delete runtime.reports[replaceKind];
      delete runtime.sources[replaceKind];
      delete state.data[replaceKind];
    }
    fill($('unmapped'));
    runtime.reports[kind] = report;
    runtime.sources[kind] = { source, name, sample };
    const entry = { name, settings };
    // The built-in sample is named in the page's language, whatever it was loaded in.
    if (sample) entry.sample = true;
    state.data[kind] = entry;
    renderAll();
    if (!quiet) selectTab(KIND_SECTION[kind]);
    drawn?.();
    if (packed && (await packed) <= MAX_PASTE_IN_LINK) entry.paste = source;
    if (!booting) changed();
    return report;
  } catch (err) {
    $('progress').hidden = true;
    if (mine !== ingest.generation) return null;
    if (err instanceof CancelledError) setStatus(t('import.cancelled'));
    else if (err.columns && err.fields) {
      setStatus('');
      renderUnmapped($('unmapped'), {
        t, name, message: err.message, columns: err.columns, fields: err.fields, settings,
        retry: (next) => { fill($('unmapped')); ingest(source, { name, settings: next, replaceKind }); },
        dismiss: () => fill($('unmapped')),
      });
    } else {
      if (err instanceof InternalError) console.warn(err.detail);
      setStatus(name ? `${name}: ${errorText(t, err)}` : errorText(t, err), 'error');
    }
    return null;
  }
}

/** Re-reads a loaded dataset with changed settings. */
function reingest(kind, settings) {
  const src = runtime.sources[kind];
  if (!src) return;
  ingest(src.source, { name: src.name, settings, replaceKind: kind, sample: src.sample });
}

function removeDataset(kind) {
  delete runtime.reports[kind];
  delete runtime.sources[kind];
  delete state.data[kind];
  renderAll();
  changed();
}

function wireImport() {
  const file = $('file');
  file.addEventListener('change', async () => {
    for (const f of file.files) await ingest(f, { name: f.name });
    file.value = '';
  });
  $('paste-toggle').addEventListener('click', () => {
    const box = $('paste-box');
    box.hidden = !box.hidden;
    $('paste-toggle').setAttribute('aria-expanded', String(!box.hidden));
    if (!box.hidden) $('paste').focus();
  });
  $('paste-box').addEventListener('submit', (e) => {
    e.preventDefault();
    const text = $('paste').value;
    if (text.trim()) ingest(text, { name: runtime.t('import.pasted') });
  });
  $('cancel').addEventListener('click', () => engine.cancel());
  // Drop anywhere on the page.
  const overlay = $('drop-overlay');
  let depth = 0;
  const hasFiles = (e) => [...(e.dataTransfer?.types || [])].includes('Files');
  window.addEventListener('dragenter', (e) => { if (hasFiles(e)) { depth++; overlay.hidden = false; } });
  window.addEventListener('dragleave', () => { if (--depth <= 0) { depth = 0; overlay.hidden = true; } });
  window.addEventListener('dragover', (e) => { if (hasFiles(e)) e.preventDefault(); });
  window.addEventListener('drop', async (e) => {
    if (!hasFiles(e)) return;
    e.preventDefault();
    depth = 0;
    overlay.hidden = true;
    for (const f of e.dataTransfer.files) await ingest(f, { name: f.name });
  });
}

// ---------- sections ----------
function sectionContext(section, root) {
  const inputs = (state.inputs[section.id] ||= {});
  return {
    root,
    t: runtime.t,
    fmt: runtime.fmt,
    inputs,
    changed,
    calc: (name, input) => {
      const ended = started(section.id);
      const answer = runtime.first ? runtime.first.then(() => engine.calculate(name, input)) : engine.calculate(name, input);
      answer.then(ended, ended);
      return answer;
    },
    report: (kind) => runtime.reports[kind] || null,
    dataName: (kind) => datasetName(kind),
    reports: () => runtime.reports,
    /** Values other sections expose (e.g. ARPA and churn from subscriptions). */
    shared: () => ({ inputs: state.inputs, reports: runtime.reports }),
    selectTab,
    /** Re-reads a loaded dataset with `patch` merged into its settings. */
    reingest: (kind, patch) => {
      const entry = state.data[kind];
      if (entry) reingest(kind, { ...(entry.settings || {}), ...patch });
    },
  };
}

function mountSections() {
  const { t } = runtime;
  const tabs = $('tabs');
  const host = $('sections');
  fill(tabs);
  fill(host);
  runtime.mounted = {};
  for (const section of SECTIONS) {
    const tab = h('button', { role: 'tab', id: `tab-${section.id}`, 'aria-controls': `section-${section.id}`,
      'aria-selected': 'false', tabindex: '-1' }, t(`nav.${section.id}`));
    tab.addEventListener('click', () => selectTab(section.id, true));
    tabs.append(tab);
    host.append(h('section', { id: `section-${section.id}`, role: 'tabpanel', class: 'section', 'aria-labelledby': `tab-${section.id}`, hidden: true }));
    showCount(section.id);
  }
  // While the page boots, the sections after the shown one wait until its
  // first figures are on screen (boot mounts them next).
  mountUpTo(runtime.booting ? shownTab(state.tab) : SECTIONS.at(-1).id);
  tabs.addEventListener('keydown', (e) => {
    const ids = SECTIONS.map((s) => s.id);
    const at = ids.indexOf(state.tab);
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step) { e.preventDefault(); selectTab(ids[(at + step + ids.length) % ids.length], true, true); }
  });
  selectTab(state.tab);
}

/**
 * Mounts, in page order, the sections up to `id` not mounted yet: a section
 * may read the inputs of those before it (value reads churn's currency).
 */
function mountUpTo(id) {
  for (const section of SECTIONS) {
    if (!runtime.mounted[section.id]) {
      const root = $(`section-${section.id}`);
      try {
        runtime.mounted[section.id] = section.mount(sectionContext(section, root)) || {};
      } catch (err) {
        console.error(err);
        runtime.mounted[section.id] = {};
        fill(root, h('p', { class: 'status error' }, String(err.message || err)));
      }
    }
    if (section.id === id) break;
  }
}

/** `id` if it names a section, else the first section's. */
const shownTab = (id) => (SECTIONS.some((s) => s.id === id) ? id : SECTIONS[0].id);

function selectTab(id, userAction = false, focus = false) {
  id = shownTab(id);
  mountUpTo(id);
  state.tab = id;
  for (const section of SECTIONS) {
    const on = section.id === id;
    const tab = $(`tab-${section.id}`);
    tab.setAttribute('aria-selected', String(on));
    tab.tabIndex = on ? 0 : -1;
    $(`section-${section.id}`).hidden = !on;
    if (on && focus) tab.focus();
  }
  runtime.mounted[id]?.shown?.();
  if (userAction) changed();
}

let resizeTimer;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(() => runtime.mounted[state.tab]?.shown?.(), 150);
});



/** A dataset's name as shown: the file's, or the sample's in the page's language. */
function datasetName(kind) {
  const src = runtime.sources[kind];
  if (src?.sample || state.data[kind]?.sample) return runtime.t('import.sample');
  return src?.name || state.data[kind]?.name || '';
}

function renderAll() {
  // The sections first: their charts read the page's width, which costs a
  // layout of everything changed before (here, nothing yet).
  for (const section of SECTIONS) runtime.mounted[section.id]?.update?.();
  renderDatasets($('datasets'), {
    t: runtime.t, fmt: runtime.fmt, reports: runtime.reports, sources: runtime.sources, data: state.data, name: datasetName,
    reingest, remove: removeDataset, show: (kind) => selectTab(KIND_SECTION[kind], true),
    sql: (request) => engine.sql(request),
  });
}

// ---------- language ----------
async function setLanguage(lang) {
  state.lang = lang;
  runtime.t = await translator(lang);
  runtime.fmt = formatter(lang);
  document.documentElement.lang = lang;
  applyStatic(document, runtime.t);
  document.title = runtime.t('app.title');
  mountSections();
  renderAll();
}

function wireHeader() {
  const select = $('lang');
  fill(select, LANGUAGES.map(([code, name]) => h('option', { value: code }, name)));
  select.value = state.lang;
  select.addEventListener('change', async () => { await setLanguage(select.value); changed(); });
  $('share').addEventListener('click', async () => {
    clearTimeout(saveTimer);
    history.replaceState(null, '', await encodeState(state));
    const uploaded = Object.values(state.data).some((d) => !d.paste);
    try {
      await navigator.clipboard.writeText(location.href);
      notice(runtime.t(uploaded ? 'share.copied_without_files' : 'share.copied'));
    } catch {
      notice(runtime.t('share.copy_failed'));
    }
  });
  $('print').addEventListener('click', () => window.print());
}

// ---------- boot ----------
async function boot() {
  // The page's script is async: it may run before the document is parsed.
  if (document.readyState === 'loading') await new Promise((done) => document.addEventListener('DOMContentLoaded', done, { once: true }));
  // The calculators ask once the sample's report is in, so that its figures
  // are drawn first, before theirs.
  if (sample) runtime.first = sample.then(({ report }) => report).then(() => {}, () => {});
  const { state: linked, error } = await decodeState(location.hash);
  if (linked) state = { ...state, ...linked, inputs: linked.inputs || {}, data: linked.data || {} };
  if (!linked || !LANGUAGES.some(([c]) => c === state.lang)) state.lang = preferredLanguage();
  await setLanguage(state.lang);
  if (runtime.crash) crashed(runtime.crash);
  wireHeader();
  wireImport();
  $('sections').addEventListener('input', (e) => {
    const panel = e.target.closest?.('[role=tabpanel]');
    if (panel) typed(panel.id.slice('section-'.length));
  }, true);
  $('datasets').addEventListener('input', () => typed('data'), true);
  showCount('data');
  if (error) notice(runtime.t(error === 'too-large' ? 'share.too_large' : 'share.damaged'), 'warn');
  if (linked) {
    const uploaded = Object.values(state.data).some((entry) => typeof entry?.paste !== 'string');
    for (const [kind, entry] of Object.entries(state.data)) {
      if (typeof entry?.paste === 'string') await ingest(entry.paste, { name: entry.name, settings: entry.settings || {}, quiet: true, sample: Boolean(entry.sample) });
      else delete state.data[kind];
    }
    if (uploaded) notice(runtime.t('share.files_not_in_link'), 'info');
  } else if (!error) {
    const { text, report } = await (sample || fetch(SAMPLE).then((r) => r.text()).then((t) => ({ text: t })));
    // Boot goes on once the figures are drawn.
    await new Promise((drawn) => {
      ingest(text, { name: runtime.t('import.sample'), quiet: true, sample: true, pending: report, drawn }).then(drawn);
    });
  }
  // Shown once more now that its data is in, unless showing it only updates
  // it, which each render of data since it was shown has done (the surveys).
  const visible = runtime.mounted[state.tab];
  if (visible?.shown !== visible?.update) selectTab(state.tab);
  runtime.booting = false;
  runtime.first = null;
  document.body.dataset.ready = 'true';
  // The other sections, once the first figures are on screen.
  setTimeout(() => mountUpTo(SECTIONS.at(-1).id));
}

boot();

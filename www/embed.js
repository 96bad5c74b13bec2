// <cx-metric kind="nps"> — one typed-in cxmetrics calculator for any docs
// page. Load it with
//   <script type="module" src="https://…/embed.js"></script>
// and write
//   <cx-metric kind="nps" promoters="60" passives="25" detractors="15"></cx-metric>
// Kinds: nps, csat, ltv, payback, churn, capacity (see KINDS below and
// embed.html for the attributes of each).
//
// Every number comes from the Rust core (the `calculate` of
// src/calculators/) running in a Worker of its own, created from the
// worker.js next to this file; this file only formats (Intl) and draws.
// Everything lives in an open shadow root: no page CSS reaches in, none of
// ours leaks out. Styles are a constructed stylesheet (adoptedStyleSheets),
// which a Content-Security-Policy of `style-src 'self'` allows, where a
// <style> element would need 'unsafe-inline'. Theme through the CSS custom
// properties --cx-accent, --cx-font, --cx-radius, --cx-bg, --cx-ink,
// --cx-muted, --cx-border, --cx-error. Typed values reach the DOM only as
// text.
//
// The words are the full page's: titles, labels, formulas and the reasons
// of undefined figures come from i18n/<lang>.json next to this file
// (through i18n.js, the same keys as the sections' calculators, plus the
// `embed` group for the few the page does not have), and undefined figures
// are translated by their stable code (sections/common.js). So the embed
// needs nothing but this folder: embed.js, its modules, i18n/, worker.js
// (and the result-table check it imports, result-head.js)
// and pkg/.
import { Engine } from './engine.js';
import { h, fill, defined } from './ui.js';
import { formatter } from './format.js';
import { translator, preferredLanguage } from './i18n.js';
import { undefinedText, errorText, how } from './sections/common.js';

const BASE = import.meta.url;

/** One translate function per language, shared by every element (i18n.js caches the files). */
const translators = {};
function translatorFor(lang) {
  if (!translators[lang]) {
    const t = translator(lang);
    translators[lang] = t;
    // A failed load is tried afresh by the next element that asks.
    t.catch(() => { if (translators[lang] === t) delete translators[lang]; });
  }
  return translators[lang];
}

/** Shown when the language files cannot be read, so there are no words to show anything else in. */
const NO_TEXTS = 'The calculator could not load its texts (i18n/*.json next to embed.js): see the page’s Content-Security-Policy, connect-src.';

// ---------------------------------------------------------------------------
// Kinds: fields (attribute name, calculator input key, default, typed in %
// or money, the i18n key of its label and of a hint under it), the core
// calculator, the i18n keys of the title and the formula, and how its
// answer is shown. `show(r, t, fmt, currency, v)` gets the core's answer,
// the translate function, the number formatter and the typed values.

/** docs/metrics.md, Conventions: NPS in whole points, one decimal below 100 answers (as surveys.js). */
const npsText = (fmt, x, n) => (n < 100 ? fmt.fixed(x, 1) : fmt.int(x));

export const KINDS = {
  nps: {
    calculator: 'nps',
    title: 'surveys.nps_title',
    how: ['surveys.nps_how'],
    fields: [
      { attr: 'promoters', key: 'promoters', label: 'surveys.promoters', range: '9–10', value: 60, step: 1 },
      { attr: 'passives', key: 'passives', label: 'surveys.passives', range: '7–8', value: 25, step: 1 },
      { attr: 'detractors', key: 'detractors', label: 'surveys.detractors', range: '0–6', value: 15, step: 1 },
    ],
    input: (v) => ({ promoters: v.promoters, passives: v.passives, detractors: v.detractors }),
    // docs/metrics.md §3: the adjusted Wald interval and the margin of error, as the Surveys section shows them.
    show: (r, t, fmt) => {
      const f = r.nps;
      return { figure: f, text: defined(f) && npsText(fmt, f.value, f.n),
        detail: defined(f) && t('surveys.nps_detail', { low: npsText(fmt, f.ci95_low, f.n), high: npsText(fmt, f.ci95_high, f.n),
          moe: fmt.fixed(f.margin_of_error, 1), n: fmt.int(f.n), count: f.n }) };
    },
  },
  csat: {
    calculator: 'csat',
    title: 'surveys.csat_title',
    how: ['surveys.csat_how'],
    fields: [
      { attr: 'satisfied', key: 'satisfied', label: 'surveys.satisfied', value: 74, step: 1 },
      { attr: 'responses', key: 'responses', label: 'surveys.responses', value: 107, step: 1 },
    ],
    input: (v) => ({ satisfied: v.satisfied, responses: v.responses }),
    show: (r, t, fmt) => {
      const f = r.csat;
      return { figure: f, text: defined(f) && fmt.pct(f.value),
        detail: defined(f) && t('surveys.csat_detail', { low: fmt.pct(f.ci95_low), high: fmt.pct(f.ci95_high), satisfied: fmt.int(f.satisfied), n: fmt.int(f.n) }) };
    },
  },
  ltv: {
    calculator: 'value',
    title: 'value.ltv',
    how: ['embed.how_ltv'],
    fields: [
      { attr: 'arpa', key: 'arpa', label: 'value.f_arpa', hint: 'value.f_arpa_hint', value: 100, money: true },
      { attr: 'monthly-churn', key: 'monthly_churn', label: 'value.f_monthly_churn', value: 5, percent: true },
      { attr: 'gross-margin', key: 'gross_margin', label: 'value.f_gross_margin', value: 80, percent: true },
    ],
    input: (v) => ({ arpa: v.arpa, monthly_churn: v.monthly_churn, gross_margin: v.gross_margin }),
    // docs/metrics.md §1: with no churn the LTV is undefined and the value capped at the lifetime cap is shown beside the reason.
    show: (r, t, fmt, currency) => {
      const f = r.ltv;
      const life = r.expected_lifetime_months;
      let detail = defined(f) && defined(life) && t('churn.expected_lifetime', { months: fmt.months(life.value), count: life.value });
      if (!defined(f) && f && f.capped) detail = t('value.ltv_capped', { months: fmt.int(f.capped.months), value: fmt.money(f.capped.value, currency) });
      return { figure: f, text: defined(f) && fmt.money(f.value, currency), detail };
    },
  },
  payback: {
    calculator: 'value',
    title: 'value.payback',
    how: ['value.how_payback', 'value.how_lost'],
    fields: [
      { attr: 'cac', key: 'cac', label: 'value.f_cac', hint: 'value.f_cac_hint', value: 1200, money: true },
      { attr: 'arpa', key: 'arpa', label: 'value.f_arpa', hint: 'value.f_arpa_hint', value: 100, money: true },
      { attr: 'gross-margin', key: 'gross_margin', label: 'value.f_gross_margin', value: 100, percent: true },
      { attr: 'monthly-churn', key: 'monthly_churn', label: 'value.f_monthly_churn', value: 3, percent: true },
    ],
    input: (v) => ({ cac: v.cac, arpa: v.arpa, gross_margin: v.gross_margin, monthly_churn: v.monthly_churn }),
    show: (r, t, fmt) => {
      const f = r.payback_months;
      const lost = r.lost_before_payback;
      return { figure: f, text: defined(f) && t('value.months', { months: fmt.months(f.value), count: f.value }),
        detail: defined(f) && defined(lost) && t('value.lost_sentence', { share: fmt.pct(lost.value) }) };
    },
  },
  churn: {
    calculator: 'churn',
    title: 'churn.calc_churn',
    how: ['embed.how_churn'],
    fields: [
      { attr: 'start', key: 'start', label: 'churn.f_start', value: 200, step: 1 },
      { attr: 'new', key: 'new', label: 'churn.f_new', value: 30, step: 1 },
      { attr: 'lost', key: 'lost', label: 'churn.f_lost', value: 10, step: 1 },
    ],
    input: (v) => ({ start: v.start, new: v.new, lost: v.lost }),
    show: (r, t, fmt) => {
      const f = r.customer_churn;
      const annual = r.annual_churn;
      const retention = r.retention_rate;
      return { figure: f, text: defined(f) && fmt.pct(f.value),
        detail: defined(f) && defined(annual) && defined(retention) && t('embed.churn_detail', { annual: fmt.pct(annual.value), retention: fmt.pct(retention.value) }) };
    },
  },
  capacity: {
    calculator: 'csm_capacity',
    title: 'success.calc_csm',
    how: ['success.csm_calc_how'],
    fields: [
      { attr: 'hours', key: 'hours', label: 'success.hours_per', value: 3 },
      { attr: 'per-year', key: 'per_year', label: 'embed.per_year', value: 4 },
      { attr: 'accounts', key: 'accounts', label: 'success.accounts', value: 100, step: 1 },
      { attr: 'productive-hours', key: 'productive_hours', label: 'success.productive_hours', hint: 'success.productive_hint', value: 1400 },
    ],
    input: (v) => ({
      activities: [{ name: 'activity', hours_per_occurrence: v.hours, occurrences_per_year: v.per_year }],
      accounts: v.accounts, productive_hours_per_csm: v.productive_hours,
    }),
    // The core names nested fields by path; map them back to our inputs.
    paths: { 'activities[0].hours_per_occurrence': 'hours', 'activities[0].occurrences_per_year': 'per_year', productive_hours_per_csm: 'productive_hours' },
    // docs/metrics.md §5: CSMs = hours ÷ productive hours, hired as the whole number above.
    show: (r, t, fmt, currency, v) => {
      const f = r.csm_needed;
      const hours = r.hours_needed;
      return { figure: f, text: defined(f) && t('embed.csms', { x: fmt.num(f.value, 2), count: f.value }),
        detail: defined(f) && defined(hours) && [
          t('success.csm_whole', { whole: fmt.int(f.whole) }),
          t('success.hours_needed', { hours: fmt.int(hours.value), accounts: fmt.int(v.accounts), per: fmt.int(v.productive_hours) }),
        ] };
    },
  },
};

const CURRENCIES = /^[A-Z]{3}$/;

// ---------------------------------------------------------------------------
// Styles: one constructed sheet shared by every element of the page.

const CSS = `
:host { all: initial; display: block; min-width: 0; max-width: 34em;
  font-family: var(--cx-font, system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Ubuntu, sans-serif);
  color: var(--cx-ink, #16212b); font-size: 16px; line-height: 1.45; }
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.box { background: var(--cx-bg, #ffffff); border: 1px solid var(--cx-border, #dde3e8); border-radius: var(--cx-radius, 12px);
  padding: 1em 1.1em .8em; }
.title { margin: 0 0 .7em; font-size: 1em; font-weight: 700; line-height: 1.3; color: var(--cx-ink, #16212b); }
.fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 9em), 1fr)); gap: .6em .7em; margin: 0; }
.field { display: grid; gap: .2em; align-content: end; min-width: 0; }
label { font-size: .8em; font-weight: 600; color: var(--cx-muted, #56636f); line-height: 1.25; }
.hint { font-size: .72em; color: var(--cx-muted, #56636f); line-height: 1.25; margin-top: -.15em; }
.row { display: flex; align-items: center; gap: .35em; min-width: 0; }
input { font: inherit; font-size: .95em; width: 100%; min-width: 0; padding: .4em .5em; color: var(--cx-ink, #16212b);
  background: var(--cx-bg, #ffffff); border: 1px solid var(--cx-border, #c5cdd5); border-radius: calc(var(--cx-radius, 12px) * .6);
  font-variant-numeric: tabular-nums; }
input:focus-visible, a:focus-visible { outline: 3px solid var(--cx-accent, #0f5c4d); outline-offset: 1px; }
input[aria-invalid=true] { border-color: var(--cx-error, #a4262c); }
.unit { font-size: .85em; color: var(--cx-muted, #56636f); white-space: nowrap; }
.out { display: block; margin-top: .85em; padding-top: .7em; border-top: 1px solid var(--cx-border, #dde3e8); min-height: 3.6em; }
.figure { margin: 0; font-size: 2.2em; font-weight: 750; line-height: 1.1; letter-spacing: -.02em; color: var(--cx-accent, #0f5c4d);
  font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.figure.undefined { color: var(--cx-muted, #56636f); }
.detail { margin: .25em 0 0; font-size: .875em; color: var(--cx-muted, #56636f); }
.reason { margin: .25em 0 0; font-size: .875em; font-weight: 600; color: var(--cx-error, #a4262c); }
.how { margin: .6em 0 0; font-size: .8em; color: var(--cx-muted, #56636f); }
.how summary { cursor: pointer; font-weight: 600; color: var(--cx-ink, #16212b); width: fit-content; }
.how summary:focus-visible { outline: 3px solid var(--cx-accent, #0f5c4d); outline-offset: 1px; }
.how p { margin: .35em 0 0; }
.foot { margin: .55em 0 0; font-size: .75em; color: var(--cx-muted, #56636f); text-align: right; }
a { color: var(--cx-accent, #0f5c4d); font-weight: 600; }
`;

let sheet = null;
function styleSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

function applyStyles(root) {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    root.adoptedStyleSheets = [styleSheet()];
  } else {
    // Older browsers: a <style> element (needs style-src 'unsafe-inline' under a CSP).
    const style = document.createElement('style');
    style.textContent = CSS;
    root.append(style);
  }
}

// ---------------------------------------------------------------------------
// The engine: one Worker for every <cx-metric> of the page, started on first
// use. A worker script from another origin cannot be started directly; it is
// then imported by a same-origin blob: module (the host must serve embed.js's
// folder with CORS and allow worker-src blob:).

let engine = null;
function sharedEngine() {
  if (!engine) {
    const url = new URL('./worker.js', BASE);
    let workerUrl = url;
    if (url.origin !== location.origin) {
      const source = `import ${JSON.stringify(url.href)};`;
      workerUrl = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    }
    engine = new Engine(workerUrl);
  }
  return engine;
}

// ---------------------------------------------------------------------------
// The element.

const FIELD_ATTRS = [...new Set(Object.values(KINDS).flatMap((k) => k.fields.map((f) => f.attr)))];
let uid = 0;

export class CxMetric extends HTMLElement {
  static get observedAttributes() {
    return ['kind', 'lang', 'currency', ...FIELD_ATTRS];
  }

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    applyStyles(this.shadowRoot);
    this.inputs = {};
    this.generation = 0;
    this.timer = 0;
    this.built = false;
  }

  connectedCallback() {
    if (!this.built) this.build();
  }

  disconnectedCallback() {
    clearTimeout(this.timer);
  }

  attributeChangedCallback(name, old, value) {
    if (!this.built || old === value) return;
    const field = this.spec && this.spec.fields.find((f) => f.attr === name);
    if (field) {
      // While the texts load there are no inputs yet: the build reads the attribute when it draws them.
      const input = this.inputs[field.key];
      if (!input) return;
      input.value = value ?? String(field.value);
      this.compute();
    } else if (name === 'kind' || name === 'lang' || name === 'currency') {
      this.build();
    }
  }

  /** The language tag in force: this element's lang, else the nearest ancestor's. */
  get locale() {
    const tag = (this.closest('[lang]')?.getAttribute('lang') || '').trim();
    try {
      if (tag && Intl.NumberFormat.supportedLocalesOf([tag]).length) return tag;
    } catch { /* not a language tag */ }
    return preferredLanguage([tag]);
  }

  get currency() {
    const c = (this.getAttribute('currency') || 'USD').trim().toUpperCase();
    return CURRENCIES.test(c) ? c : 'USD';
  }

  /**
   * Draws the element afresh: loads the words of its language (English
   * labels for a locale without its own file), then the title, one input per
   * field, the output and the formula. A newer build or attribute change
   * while the words load wins.
   */
  async build() {
    this.built = true;
    clearTimeout(this.timer);
    const mine = ++this.generation;
    this.spec = null;
    this.inputs = {};
    const locale = this.locale;
    const lang = preferredLanguage([locale]);
    let t;
    try {
      t = await translatorFor(lang);
    } catch {
      if (mine === this.generation) {
        this.clear();
        this.shadowRoot.append(h('div', { class: 'box', part: 'box' }, h('p', { class: 'reason', role: 'alert' }, NO_TEXTS)));
      }
      return;
    }
    if (mine !== this.generation) return;
    this.clear();
    const root = this.shadowRoot;
    this.t = t;
    this.fmt = formatter(locale);
    const kind = (this.getAttribute('kind') || 'nps').trim().toLowerCase();
    const spec = KINDS[kind];
    const id = `cx${++uid}`;
    if (!spec) {
      root.append(h('div', { class: 'box', part: 'box', lang },
        h('p', { class: 'reason', role: 'alert' }, t('embed.unknown_kind', { kind, kinds: Object.keys(KINDS).join(', ') }))));
      return;
    }
    this.spec = spec;
    const currency = this.currency;
    const fields = spec.fields.map((f) => {
      const inputId = `${id}-${f.key}`;
      const start = this.getAttribute(f.attr);
      const hint = f.range || (f.hint && t(f.hint));
      const hintId = hint ? `${inputId}-hint` : null;
      const input = h('input', { id: inputId, type: 'number', inputmode: 'decimal', min: 0, max: f.percent ? 100 : null,
        step: f.step || 'any', name: f.attr, 'aria-describedby': hintId });
      input.value = start ?? String(f.value);
      input.addEventListener('input', () => this.schedule());
      this.inputs[f.key] = input;
      const unit = f.percent ? '%' : f.money ? currency : null;
      return h('div', { class: 'field' },
        h('label', { for: inputId }, t(f.label)),
        hint && h('span', { class: 'hint', id: hintId }, hint),
        h('div', { class: 'row' }, input, unit && h('span', { class: 'unit', 'aria-hidden': 'true' }, unit)));
    });
    this.out = h('output', { class: 'out', 'aria-live': 'polite', for: Object.values(this.inputs).map((i) => i.id).join(' ') },
      h('p', { class: 'detail' }, t('embed.computing')));
    const form = h('form', { class: 'fields', novalidate: true }, ...fields);
    form.addEventListener('submit', (e) => { e.preventDefault(); this.compute(); });
    root.append(h('section', { class: 'box', part: 'box', lang, 'aria-labelledby': `${id}-title`, 'data-kind': kind },
      h('p', { class: 'title', id: `${id}-title` }, t(spec.title)),
      form,
      this.out,
      how(t, spec.how.map((key) => t(key)).join(' ')),
      h('p', { class: 'foot' }, t('embed.foot'), ' ', h('a', { href: new URL('./index.html', BASE).href, target: '_blank', rel: 'noopener' }, 'cxmetrics'))));
    this.compute();
  }

  /** Removes what a previous build drew (a fallback <style> stays). */
  clear() {
    for (const node of [...this.shadowRoot.childNodes]) if (node.nodeName !== 'STYLE') node.remove();
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.compute(), 120);
  }

  /** The typed values: numbers, percentages as fractions, empty as missing. */
  values() {
    const v = {};
    for (const f of this.spec.fields) {
      const raw = this.inputs[f.key].value;
      if (raw === '') { v[f.key] = null; continue; }
      const x = Number(raw);
      v[f.key] = f.percent ? x / 100 : x;
    }
    return v;
  }

  async compute() {
    if (!this.spec) return;
    const mine = ++this.generation;
    const { spec, t } = this;
    const values = this.values();
    const input = spec.input(values);
    for (const k of Object.keys(input)) if (input[k] === null) delete input[k];
    let result;
    try {
      result = await sharedEngine().calculate(spec.calculator, input);
    } catch (err) {
      if (mine !== this.generation) return;
      if (err && err.name === 'StartError') fill(this.out, h('p', { class: 'figure undefined' }, '–'), h('p', { class: 'reason', role: 'alert' }, t('embed.failed')));
      else this.showError(err);
      return;
    }
    if (mine !== this.generation) return;
    for (const el of Object.values(this.inputs)) el.removeAttribute('aria-invalid');
    const shown = spec.show(result, t, this.fmt, this.currency, values);
    const f = shown.figure;
    const details = [shown.detail].flat().filter(Boolean).map((line) => h('p', { class: 'detail' }, line));
    if (defined(f)) fill(this.out, h('p', { class: 'figure' }, shown.text), details);
    else fill(this.out, h('p', { class: 'figure undefined' }, '–'), h('p', { class: 'reason' }, undefinedText(t, f, this.fmt)), details);
    this.dispatchEvent(new CustomEvent('cx-computed', { detail: result }));
  }

  /** An input the core refused: its sentence (by its code when translated), and the field it names marked invalid. */
  showError(err) {
    const sentence = err instanceof Error ? err.message : String(err);
    const named = /^“([^”]+)”/.exec(sentence)?.[1];
    const key = (named && this.spec.paths?.[named]) || named;
    for (const [k, input] of Object.entries(this.inputs)) {
      if (k === key) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
    fill(this.out, h('p', { class: 'figure undefined' }, '–'), h('p', { class: 'reason', role: 'alert' }, errorText(this.t, err)));
  }
}

if (!customElements.get('cx-metric')) customElements.define('cx-metric', CxMetric);

// ---------------------------------------------------------------------------
// Documentation pages only: <button data-cx-copy="id"> copies the text of the
// element with that id. A page without such buttons is not touched.

function wireCopyButtons() {
  for (const button of document.querySelectorAll('button[data-cx-copy]')) {
    const label = button.textContent;
    button.addEventListener('click', async () => {
      const source = document.getElementById(button.getAttribute('data-cx-copy'));
      if (!source) return;
      let ok = true;
      try {
        await navigator.clipboard.writeText(source.textContent);
      } catch {
        ok = false;
        const range = document.createRange();
        range.selectNodeContents(source);
        const sel = getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
      }
      button.textContent = ok ? 'Copied' : 'Selected: press Ctrl+C';
      setTimeout(() => { button.textContent = label; }, 1600);
    });
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', wireCopyButtons, { once: true });
else wireCopyButtons();

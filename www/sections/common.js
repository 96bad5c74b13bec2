// What the reader of a figure must know, beside the figure: the report's
// warnings (a figure resting on part of the data, a column that lost cells,
// mixed currencies…) and inferences (guesses made from the data), each
// translated by its stable `code` with its `params`, numbers through Intl.
// An unknown code shows the core's English `message`. All text goes in as
// text (ui.js `h`).
import { h, defined } from '../ui.js';

/** A report figure id → the key of its name in the sections' tables. */
const FIGURE_NAMES = {
  nps: 'surveys.nps_title', csat: 'surveys.csat_title', ces: 'surveys.ces_title', nps_by_month: 'surveys.by_month',
  tickets: 'tickets.k_tickets', first_response_minutes: 'tickets.k_frt_median', resolution_minutes: 'tickets.k_res_median',
  sla_attainment: 'tickets.k_sla', one_touch_rate: 'tickets.k_one_touch', backlog: 'tickets.k_backlog',
  awaiting_first_reply: 'tickets.k_awaiting', ticket_csat: 'tickets.k_csat', first_ticket_resolution_minutes: 'tickets.k_first_ticket',
  first_response_minutes_business: 'tickets.k_frt_business', resolution_minutes_business: 'tickets.k_res_business',
  first_response_histogram: 'tickets.frt_hist_title', resolution_histogram: 'tickets.res_hist_title',
  top_issues: 'tickets.top_title', volume: 'tickets.volume_title',
  customers_start: 'churn.customers_start', customers_end: 'churn.customers_end', new_customers: 'churn.new_customers',
  lost_customers: 'churn.lost_customers', customer_churn: 'churn.customer_churn', retention_rate: 'churn.retention_rate',
  annual_churn: 'churn.annual_churn', mrr_start: 'churn.mrr_start', mrr_end: 'churn.mrr_end', arpa: 'churn.arpa',
  nrr: 'churn.nrr', grr: 'churn.grr', gross_mrr_churn: 'churn.gross_mrr_churn', expansion_rate: 'churn.expansion_rate',
  mrr_months: 'churn.mrr_title', cohorts: 'churn.cohort_title', ltv: 'value.ltv',
  cac: 'value.cac', spend: 'value.spend', ltv_cac: 'value.ltv_cac', payback_months: 'value.payback',
  time_to_onboard_days: 'success.tto', engaged_accounts: 'success.engagement', email_open_rate: 'success.email', sessions: 'success.sessions', renewal_rate: 'success.renewal',
  adoption: 'success.adoption', upsell_ready: 'success.upsell', csm_needed: 'success.csm_needed',
};

/** The name of report figure `id` in the page's language (the id itself when unknown). */
export function figureName(t, id) {
  return FIGURE_NAMES[id] ? t(FIGURE_NAMES[id]) : String(id);
}

/** `t(key)`, or `fallback` when no language has the key. */
export function tOr(t, key, fallback) {
  const s = t(key);
  return s === key ? fallback : s;
}

/** A fraction 0…1 (or a percentage above 1) as a percentage. */
function share(fmt, x) {
  return fmt.pct(x > 1 ? x / 100 : x);
}

/**
 * The values a note's sentence quotes, as text in the page's language:
 * counts and numbers through Intl, field ids as the field's name, nouns
 * (`what`) and scales by their own tables, lists as a localised list, plus
 * `share` (used ÷ eligible, count ÷ read) when the params allow it.
 */
export function noteVars(t, fmt, params = {}) {
  const vars = {};
  const list = (items) => {
    try {
      return new Intl.ListFormat(fmt.locale, { type: 'conjunction' }).format(items);
    } catch {
      return items.join(', ');
    }
  };
  const text = (v) => {
    if (typeof v === 'number') return Number.isInteger(v) ? fmt.int(v) : fmt.num(v, 2);
    if (Array.isArray(v)) {
      const items = v.map(text).filter((x) => x !== '');
      return items.length ? list(items) : '';
    }
    if (v === null || v === undefined) return '';
    if (typeof v === 'object') return '';
    return String(v);
  };
  for (const [k, v] of Object.entries(params || {})) vars[k] = text(v);
  // The field a column went to instead: `mapped_to` (or `to`).
  const mappedTo = typeof params.mapped_to === 'string' ? params.mapped_to : params.to;
  if (typeof params.field === 'string') vars.field = tOr(t, `fields.${params.field}`, params.field);
  vars.mapped_to = typeof mappedTo === 'string' ? tOr(t, `fields.${mappedTo}`, mappedTo) : '';
  // Currencies seen: [{currency, cells}] → “BRL in 3 cells, USD in 1 cell”.
  if (Array.isArray(params.currencies) && params.currencies.some((c) => c && typeof c === 'object')) {
    vars.currencies = list(params.currencies.filter((c) => c && typeof c.currency === 'string').map((c) => (typeof c.cells === 'number'
      ? t('notes.currency_cells', { currency: c.currency, n: fmt.int(c.cells), count: c.cells }) : c.currency)));
  }
  if (typeof params.what === 'string') vars.what = tOr(t, `notes.what.${params.what}`, params.what);
  if (typeof params.scale === 'string') vars.scale = scaleName(t, params.scale);
  const num = (k) => (typeof params[k] === 'number' && Number.isFinite(params[k]) ? params[k] : null);
  if (num('share') !== null) vars.share = share(fmt, num('share'));
  else if (num('used') !== null && num('eligible')) vars.share = fmt.pct(num('used') / num('eligible'));
  else if (num('count') !== null && num('read')) vars.share = fmt.pct(num('count') / num('read'));
  return vars;
}

/** A scale id (`1-5`, `good-bad`) as shown: from `notes.scales`, else with an en dash. */
export function scaleName(t, scale) {
  return tOr(t, `notes.scales.${scale}`, String(scale).replace(/^(\d+)-(\d+)$/, '$1–$2'));
}

/**
 * The sentence of a warning or inference in the page's language: the
 * translation of its `code` (`notes.codes.<code>`, else its shorter form
 * `<code>_short`) whose every quoted value is in `params`, else the core's
 * English `message`.
 */
export function noteText(t, fmt, note) {
  if (!note?.code) return note?.message || '';
  const vars = noteVars(t, fmt, note.params);
  for (const key of [`notes.codes.${note.code}`, `notes.codes.${note.code}_short`]) {
    const template = t(key);
    if (template === key) continue;
    const wanted = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
    if (wanted.every((name) => typeof vars[name] === 'string' && vars[name] !== '')) return t(key, vars);
  }
  return note.message || '';
}

/**
 * One note: its sentence (after `about`, what it concerns, when given),
 * marked with its code for styling and tests.
 */
export function noteNode(t, fmt, note, kind = 'warning', about = null) {
  return h('p', { class: `fig-note ${kind}`, 'data-code': note.code || '' },
    h('span', { class: 'visually-hidden' }, t(kind === 'warning' ? 'notes.warning' : 'notes.guess'), ' '),
    about ? [h('b', {}, t('notes.about', { name: about })), ' '] : null,
    noteText(t, fmt, note));
}

/** The warnings of `report` that name figure `id`. */
export function warningsFor(report, id) {
  return (report?.warnings || []).filter((w) => Array.isArray(w.figures) && w.figures.includes(id));
}

/** The warnings for figure `id` as a block to put under its value, or null. */
export function figureWarnings(ctx, report, id) {
  const mine = warningsFor(report, id);
  if (!mine.length) return null;
  return h('div', { class: 'fig-notes', 'data-figure-notes': id }, mine.map((w) => noteNode(ctx.t, ctx.fmt, w)));
}

/**
 * Puts each warning of `report` that names figures under every element of
 * `box` showing one of them (`data-figure`, else `data-metric`: the report's
 * metric id), before its "how is this computed" disclosure. Warnings whose
 * figures are shown nowhere in `box` are listed once at its top, so none is
 * lost. Call after the box is drawn.
 */
export function attachWarnings(ctx, report, box) {
  const warnings = (report?.warnings || []).filter((w) => Array.isArray(w.figures) && w.figures.length);
  if (!warnings.length || !box) return;
  const placed = new Set();
  for (const el of box.querySelectorAll('[data-figure], [data-metric]')) {
    const id = el.dataset.figure || el.dataset.metric;
    const block = figureWarnings(ctx, report, id);
    if (!block) continue;
    for (const w of warningsFor(report, id)) placed.add(w);
    // Under the figure's value: after its headline, else before its "how".
    const headline = el.querySelector('.headline');
    const how = [...el.children].find((c) => c.matches('details.how'));
    if (headline) headline.after(block);
    else el.insertBefore(block, how || null);
  }
  const rest = warnings.filter((w) => !placed.has(w));
  if (!rest.length) return;
  const { t, fmt } = ctx;
  const block = h('div', { class: 'fig-notes unplaced', 'data-figure-notes': '' },
    rest.map((w) => noteNode(t, fmt, w, 'warning', w.figures.map((f) => figureName(t, f)).join(', '))));
  const title = box.querySelector(':scope > .area-title');
  if (title) title.after(block);
  else box.prepend(block);
}

/**
 * Why `figure` is undefined, in the page's language: the translation of its
 * `code` (`reasons.<code>`) with its `params` filled in, prefixed with its
 * `context` (before, after, baseline) when it has one; else the core's
 * English `reason`. English shows the core's sentence itself.
 */
export function reasonText(t, figure, fmt = null) {
  const reason = figure?.reason || '';
  const code = typeof figure?.code === 'string' ? figure.code : '';
  const template = code ? t.own?.(`reasons.${code}`) : undefined;
  if (template === undefined) return t.reason(reason);
  const params = figure.params && typeof figure.params === 'object' ? figure.params : {};
  const vars = fmt ? noteVars(t, fmt, params) : plainVars(t, params);
  const wanted = [...template.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
  if (!wanted.every((name) => typeof vars[name] === 'string' && vars[name] !== '')) return t.reason(reason);
  const text = t(`reasons.${code}`, vars);
  const context = typeof params.context === 'string' ? tOr(t, `contexts.${params.context}`, params.context) : '';
  return context ? `${context}: ${text}` : text;
}

/** `params` as text without a number formatter: numbers in the page's locale. */
function plainVars(t, params) {
  const vars = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === 'number') vars[k] = new Intl.NumberFormat(t.lang || 'en', { maximumFractionDigits: 2 }).format(v);
    else if (typeof v === 'string') vars[k] = v;
  }
  return vars;
}

/** The text shown for an undefined figure: “undefined: <why>”. */
export function undefinedText(t, figure, fmt = null) {
  return t('common.undefined', { reason: reasonText(t, figure, fmt) });
}

/** An error of the core in the page's language: `errors.<code>`, else its sentence. */
export function errorText(t, err) {
  const own = typeof err?.code === 'string' ? t.own?.(`errors.${err.code}`) : undefined;
  return own ?? t.reason(String(err?.message ?? err ?? ''));
}

/** The “how is this computed” disclosure under a figure. */
export function how(t, text) {
  return h('details', { class: 'how' }, h('summary', {}, t('common.how')), h('p', {}, text));
}

/**
 * A KPI tile: label, value (or “–” and why it is undefined), detail lines,
 * and how it is computed. The value is `value` when given (null: undefined),
 * else `text` (a function of the figure, or text) when `figure` is defined;
 * `detail` is text, a list, or a function of the figure. `heading` is the
 * label's element; `figureId`, the report figure it shows (for warnings).
 */
export function kpi(t, { id, label, figure, value, text, detail, howText, heading = 'h4', tag = 'article', figureId }) {
  const given = value !== undefined;
  const ok = given ? value !== null : defined(figure);
  const shown = !ok ? null : given ? value : typeof text === 'function' ? text(figure) : text;
  const card = h(tag, { class: 'kpi', 'data-metric': id, 'data-figure': figureId },
    h(heading, { class: 'kpi-label' }, label));
  if (!ok) {
    card.append(h('p', { class: 'kpi-value undefined' }, '–'), h('p', { class: 'kpi-reason' }, undefinedText(t, figure)));
  } else {
    card.append(h('p', { class: 'kpi-value' }, shown));
    const lines = typeof detail === 'function' ? detail(figure) : detail;
    for (const line of [lines].flat()) if (line) card.append(h('p', { class: 'kpi-detail' }, line));
  }
  if (howText) card.append(how(t, howText));
  return card;
}

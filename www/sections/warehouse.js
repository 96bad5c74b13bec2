// "Run this in your warehouse" (issue #16): beside a loaded dataset, the SQL
// query that computes the same figures where the data lives — for the
// dataset's kind, its column mapping and its settings — in the dialect
// chosen, ready to copy. The query comes from the Rust core (src/sql/, the
// `sql` export of the warehouse module, which the worker fetches when a
// panel first asks). Its result (rows metric, path, value, reason), saved
// as CSV and dropped on the page, is drawn by the same sections: the worker
// recognises the header (www/result-head.js) and rebuilds the report with
// the warehouse module (src/figures.rs); `figuresCard` is its entry in the
// data panel.
import { h } from '../ui.js';

/** The kinds the generator writes a query for. */
export const SQL_KINDS = ['survey', 'tickets', 'subscriptions', 'spend', 'customers'];
/** The dialects, as the generator names them, with their names on screen. */
export const DIALECTS = [
  ['duckdb', 'DuckDB'], ['spark', 'Spark SQL'], ['bigquery', 'BigQuery'], ['snowflake', 'Snowflake'], ['postgres', 'PostgreSQL'],
];
/** Settings that change figures, passed on to the query as the page has them. */
const FIGURE_SETTINGS = ['as_of', 'sla_minutes', 'sla_minutes_by_priority', 'csat_scale', 'ces_scale', 'churn_target',
  'gross_margin', 'tenure_unit', 'period_start', 'period_end'];
/** Decided values the query can take (a scale read from the answers, a unit). */
const DECIDED = { csat_scale: ['1-5', '1-7', '1-10', '0-10', 'good-bad'], ces_scale: ['1-7', '1-5'], tenure_unit: ['months', 'years'] };

/** The dialect last chosen, for every panel. */
let chosen = 'duckdb';

/**
 * The request for the query of `kind`: the report's column mapping (the
 * warehouse table's columns are the file's), the user's settings that change
 * figures, and what the core decided from the data (a ticket file's "good-bad
 * and 1-7" reads words always and numbers on 1-7).
 */
export function sqlRequest(kind, report, userSettings, dialect, table) {
  const decided = report.settings || {};
  const settings = {};
  for (const [key, allowed] of Object.entries(DECIDED)) {
    let v = decided[key];
    if (typeof v === 'string' && v.startsWith('good-bad and ')) v = v.slice('good-bad and '.length);
    if (allowed.includes(v)) settings[key] = v;
  }
  for (const key of FIGURE_SETTINGS) {
    const v = userSettings?.[key];
    if (v !== undefined && v !== null && v !== '') settings[key] = v;
  }
  const mapping = { ...(decided.mapping || {}) };
  return { kind, dialect, table, mapping, settings };
}

/** The panel for a loaded dataset of `kind`; null for kinds without SQL. */
export function warehousePanel(kind, report, entry, ctx) {
  const { t } = ctx;
  if (!SQL_KINDS.includes(kind) || !ctx.sql || report.source === 'figures') return null;
  const dialectId = `wh-${kind}-dialect`;
  const tableId = `wh-${kind}-table`;
  const dialect = h('select', { id: dialectId }, DIALECTS.map(([v, name]) => h('option', { value: v }, name)));
  dialect.value = chosen;
  const table = h('input', { id: tableId, type: 'text', value: kind, spellcheck: 'false', autocomplete: 'off' });
  const code = h('code', {});
  const pre = h('pre', { class: 'wh-query', tabindex: '0' }, code);
  const status = h('p', { class: 'wh-status', role: 'status' });
  const copy = h('button', { type: 'button', class: 'ghost small wh-copy', disabled: true }, t('warehouse.copy'));
  let query = '';
  let asked = 0;
  const refresh = async () => {
    const mine = ++asked;
    copy.disabled = true;
    status.textContent = '';
    status.className = 'wh-status';
    const request = sqlRequest(kind, report, entry?.settings, dialect.value, table.value.trim() || kind);
    try {
      const text = await ctx.sql(request);
      if (mine !== asked) return;
      query = text;
      code.textContent = text;
      copy.disabled = false;
    } catch (err) {
      if (mine !== asked) return;
      query = '';
      code.textContent = '';
      status.className = 'wh-status error';
      status.textContent = t.reason(err.message || String(err));
    }
  };
  dialect.addEventListener('change', () => { chosen = dialect.value; refresh(); });
  table.addEventListener('change', refresh);
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(query);
      status.textContent = t('warehouse.copied');
    } catch {
      // The query is on screen to select by hand.
      status.textContent = t('warehouse.copy_failed');
    }
  });
  const panel = h('details', { class: 'warehouse', 'data-kind': kind },
    h('summary', {}, t('warehouse.title')),
    h('p', { class: 'ds-facts' }, t('warehouse.lede')),
    h('div', { class: 'wh-controls' },
      h('div', { class: 'field' }, h('label', { for: dialectId }, t('warehouse.dialect')), dialect),
      h('div', { class: 'field' }, h('label', { for: tableId }, t('warehouse.table')), table),
      h('div', { class: 'actions' }, copy)),
    status, pre,
    h('p', { class: 'ds-facts' }, t('warehouse.columns')),
    h('p', { class: 'ds-facts' }, t('warehouse.result')));
  // Written when first opened, then on every change.
  panel.addEventListener('toggle', () => { if (panel.open && !query) refresh(); });
  return panel;
}

/** The data panel's entry for a report rebuilt from a result table. */
export function figuresCard(kind, report, ctx, name) {
  const { t, fmt } = ctx;
  const figures = Object.keys(report.metrics || {}).length;
  return h('details', { class: 'dataset figures', 'data-kind': kind, 'data-source': 'figures' },
    h('summary', {},
      h('span', { class: 'ds-name' }, name),
      h('span', { class: 'chip' }, t(`kinds.${kind}`)),
      h('span', { class: 'ds-rows' }, t('warehouse.figures_count', { n: fmt.int(figures), count: figures }))),
    h('div', { class: 'ds-body' },
      h('p', { class: 'ds-facts' }, t('warehouse.figures_lede')),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'ghost small', onclick: () => ctx.show(kind) }, t('data.show_results')),
        h('button', { type: 'button', class: 'ghost small danger', onclick: () => ctx.remove(kind) }, t('data.remove')))));
}

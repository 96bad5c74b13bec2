// The "Your data" panel: each loaded dataset with what was decided about
// it (kind, format, column mapping) and the controls to change it, plus its
// skipped rows, downloadable. Changing a control re-reads the data.
import { h, fill, table, download, toCsv } from './ui.js';

const KINDS = ['survey', 'tickets', 'subscriptions', 'spend', 'accounts', 'customers'];
const SKIPPED_SHOWN = 200;

export function renderDatasets(container, ctx) {
  const { t, reports } = ctx;
  fill(container);
  for (const kind of KINDS) {
    const report = reports[kind];
    if (report) container.append(datasetCard(kind, report, ctx));
  }
}

function datasetCard(kind, report, ctx) {
  const { t, fmt, data, sources } = ctx;
  const entry = data[kind] || { settings: {} };
  const settings = entry.settings || {};
  const s = report.settings;
  const name = ctx.name?.(kind) || sources[kind]?.name || entry.name || kind;
  const rows = report.rows;
  const summary = h('summary', {},
    h('span', { class: 'ds-name' }, name),
    h('span', { class: 'chip' }, t(`kinds.${kind}`)),
    h('span', { class: 'ds-rows' }, t('data.rows', { read: fmt.int(rows.read), used: fmt.int(rows.used), count: rows.read })),
    rows.skipped ? h('span', { class: 'chip warn' }, t('data.skipped_count', { n: fmt.int(rows.skipped), count: rows.skipped })) : null);

  const change = (patch) => ctx.reingest(kind, { ...settings, ...patch });
  const select = (label, key, options, current) => {
    const id = `ds-${kind}-${key}`;
    const el = h('select', { id }, options.map(([v, text]) => h('option', { value: v }, text)));
    el.value = current;
    el.addEventListener('change', () => change({ [key]: el.value === '' ? undefined : (key === 'header_rows' ? Number(el.value) : el.value) }));
    return h('div', { class: 'field' }, h('label', { for: id }, label), el);
  };
  const auto = (decided) => `${t('data.auto')} (${decided})`;
  const format = h('div', { class: 'ds-format' },
    select(t('data.kind'), 'kind', [['', auto(t(`kinds.${kind}`))], ...KINDS.map((k) => [k, t(`kinds.${k}`)])], settings.kind || ''),
    select(t('data.delimiter'), 'delimiter', [['', auto(t(`data.delim_${s.delimiter}`))], [',', t('data.delim_comma')], [';', t('data.delim_semicolon')], ['tab', t('data.delim_tab')], ['|', t('data.delim_pipe')]], settings.delimiter || ''),
    select(t('data.header_rows'), 'header_rows', [['', auto(String(s.header_rows))], ['0', '0'], ['1', '1'], ['2', '2']], settings.header_rows ?? ''),
    select(t('data.number_style'), 'number_style', [['', auto(t(`data.number_${s.number_style}`))], ['dot', t('data.number_dot')], ['comma', t('data.number_comma')]], settings.number_style || ''),
    select(t('data.date_order'), 'date_order', [['', t('data.auto')], ['day-first', t('data.day_first')], ['month-first', t('data.month_first')]], settings.date_order || ''));

  // Mapping: every field of the kind, each with a column (or none).
  const columns = s.columns || [];
  const mapping = s.mapping || {};
  const mapRows = (s.fields || Object.keys(mapping)).map((field) => {
    const id = `map-${kind}-${field}`;
    const el = h('select', { id }, h('option', { value: '' }, t('data.not_mapped')), columns.map((c) => h('option', { value: c }, c)));
    el.value = mapping[field] || '';
    el.addEventListener('change', () => change({ mapping: { ...(settings.mapping || {}), [field]: el.value } }));
    return h('div', { class: 'map-row' + (mapping[field] ? ' mapped' : '') }, h('label', { for: id }, t(`fields.${field}`)), el);
  });

  const notices = (s.notices || []).map((n) => h('p', { class: 'ds-notice' }, t.reason(n)));
  const headerLines = Array.isArray(s.header_lines)
    ? ' ' + (s.header_lines.length ? t('data.header_lines', { lines: s.header_lines.map(fmt.int).join(', ') }) : t('data.no_header'))
    : '';
  const facts = h('p', { class: 'ds-facts' }, t('data.facts', { encoding: s.encoding, header_rows: s.header_rows }) + headerLines);

  const skipped = report.skipped || [];
  const skippedBox = rows.skipped ? h('div', { class: 'ds-skipped' },
    h('h3', {}, t('data.skipped_title')),
    h('p', {}, t(skipped.length < rows.skipped ? 'data.skipped_listed' : 'data.skipped_all', { n: fmt.int(rows.skipped), listed: fmt.int(skipped.length), read: fmt.int(rows.read) })),
    table([t('data.col_line'), t('data.col_column'), t('data.col_value'), t('data.col_reason')],
      skipped.slice(0, SKIPPED_SHOWN).map((r) => [fmt.int(r.line), r.column, r.value, t.reason(r.reason)]), { numeric: [0] }),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'ghost small', onclick: () => download(`${baseName(name)}-skipped.csv`,
        toCsv([['line', 'column', 'value', 'reason'], ...skipped.map((r) => [r.line, r.column, r.value, r.reason])]), 'text/csv') }, t('data.download_skipped')))) : null;

  const actions = h('div', { class: 'actions' },
    h('button', { type: 'button', class: 'ghost small', onclick: () => ctx.show(kind) }, t('data.show_results')),
    h('button', { type: 'button', class: 'ghost small', onclick: () => download(`${baseName(name)}-report.json`, JSON.stringify(report, null, 2), 'application/json') }, t('data.download_json')),
    h('button', { type: 'button', class: 'ghost small', onclick: () => download(`${baseName(name)}-report.csv`, reportCsv(report), 'text/csv') }, t('data.download_csv')),
    h('button', { type: 'button', class: 'ghost small danger', onclick: () => ctx.remove(kind) }, t('data.remove')));

  return h('details', { class: 'dataset', 'data-kind': kind },
    summary,
    h('div', { class: 'ds-body' },
      notices, facts, format,
      h('h3', {}, t('data.mapping')),
      h('div', { class: 'map-grid' }, mapRows),
      skippedBox, actions));
}

function baseName(name) {
  return String(name).replace(/\.[^.]+$/, '').replace(/[^\p{L}\p{N}_-]+/gu, '-').slice(0, 60) || 'data';
}

/** The report's figures flattened to metric, field, value rows. */
function reportCsv(report) {
  const rows = [['metric', 'field', 'value']];
  const walk = (id, field, v) => {
    if (v === null || typeof v !== 'object') rows.push([id, field, v ?? '']);
    else if (Array.isArray(v)) v.forEach((x, i) => walk(id, `${field}[${i}]`, x));
    else for (const [k, x] of Object.entries(v)) walk(id, field ? `${field}.${k}` : k, x);
  };
  for (const [id, figure] of Object.entries(report.metrics)) walk(id, '', figure);
  return toCsv(rows);
}

/**
 * When the data was read but its kind or a required column was not
 * recognised: the sentence, then a form to choose the kind and map the
 * columns by hand. `retry(settings)` reads the data again with them.
 */
export function renderUnmapped(container, { t, name, message, columns, fields, settings = {}, retry, dismiss }) {
  let kind = settings.kind || '';
  const mapping = { ...(settings.mapping || {}) };
  const body = h('div', { class: 'map-grid' });
  const kindSelect = h('select', { id: 'unmapped-kind' },
    h('option', { value: '' }, t('data.choose_kind')),
    KINDS.map((k) => h('option', { value: k }, t(`kinds.${k}`))));
  kindSelect.value = kind;
  const drawFields = () => {
    fill(body);
    if (!kind) return;
    for (const field of fields[kind] || []) {
      const id = `unmapped-${field}`;
      const el = h('select', { id }, h('option', { value: '' }, t('data.not_mapped')), columns.map((c) => h('option', { value: c }, c)));
      el.value = mapping[field] || '';
      el.addEventListener('change', () => { if (el.value) mapping[field] = el.value; else delete mapping[field]; });
      body.append(h('div', { class: 'map-row' }, h('label', { for: id }, t(`fields.${field}`)), el));
    }
  };
  kindSelect.addEventListener('change', () => {
    kind = kindSelect.value;
    for (const k of Object.keys(mapping)) if (!(fields[kind] || []).includes(k)) delete mapping[k];
    drawFields();
  });
  drawFields();
  fill(container, h('div', { class: 'dataset unmapped', role: 'group', 'aria-labelledby': 'unmapped-title' },
    h('div', { class: 'ds-body' },
      h('h3', { id: 'unmapped-title' }, t('data.unmapped_title', { name })),
      h('p', { class: 'ds-notice' }, t.reason(message)),
      h('p', { class: 'ds-facts' }, t('data.unmapped_help')),
      h('div', { class: 'ds-format' }, h('div', { class: 'field' }, h('label', { for: 'unmapped-kind' }, t('data.kind')), kindSelect)),
      body,
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'primary', id: 'unmapped-go', onclick: () => kind && retry({ ...settings, kind, mapping: { ...mapping } }) }, t('data.read_again')),
        h('button', { type: 'button', class: 'ghost', onclick: dismiss }, t('data.dismiss'))))));
}

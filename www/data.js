// The "Your data" panel: each loaded dataset with what was decided about
// it (kind, format, column mapping) and the controls to change it, plus its
// skipped rows and unreadable cells, downloadable; above them, the warnings
// that concern a whole dataset, and beside the mapping, the guesses made
// from the data with the control that overrides each. Changing a control
// re-reads the data.
import { h, fill, table, download, toCsv } from './ui.js';
import { noteNode, scaleName } from './sections/common.js';
import { warehousePanel, figuresCard } from './sections/warehouse.js';

const KINDS = ['survey', 'tickets', 'subscriptions', 'spend', 'accounts', 'customers'];
const SKIPPED_SHOWN = 200;
/** The scales the core accepts for each scale setting (the decided one is added when new). */
const SCALES = { csat_scale: ['1-5', '1-7', '1-10', '0-10', 'good-bad'], ces_scale: ['1-7', '1-5'], tenure_unit: ['months', 'years'] };
/** Decided values that are not choices (the core could not decide). */
const UNDECIDED = ['unclear'];
/** The scale setting of a field whose scale can be inferred. */
const SCALE_SETTING = { csat: 'csat_scale', satisfaction: 'csat_scale', ces: 'ces_scale' };

export function renderDatasets(container, ctx) {
  const { reports } = ctx;
  fill(container);
  const loaded = KINDS.filter((kind) => reports[kind]);
  // Warnings about a whole dataset (no figure named): first, where they are seen.
  const general = loaded.flatMap((kind) => (reports[kind].warnings || [])
    .filter((w) => !Array.isArray(w.figures) || !w.figures.length).map((w) => [kind, w]));
  if (general.length) {
    container.append(h('div', { class: 'data-notes' }, general.map(([kind, w]) => {
      return noteNode(ctx.t, ctx.fmt, w, 'warning', loaded.length > 1 ? datasetName(kind, ctx) : null);
    })));
  }
  for (const kind of loaded) container.append(datasetCard(kind, reports[kind], ctx));
}

function datasetName(kind, { name, sources, data }) {
  return name?.(kind) || sources[kind]?.name || data[kind]?.name || kind;
}

function datasetCard(kind, report, ctx) {
  // Figures computed elsewhere (a warehouse query's result): no rows to show.
  if (report.source === 'figures') return figuresCard(kind, report, ctx, datasetName(kind, ctx));
  const { t, fmt, data } = ctx;
  const entry = data[kind] || { settings: {} };
  const settings = entry.settings || {};
  const s = report.settings;
  const name = datasetName(kind, ctx);
  const rows = report.rows;
  const cells = report.unreadable_cells || [];
  const unreadable = cells.reduce((sum, c) => sum + (c.count || 0), 0);
  const summary = h('summary', {},
    h('span', { class: 'ds-name' }, name),
    h('span', { class: 'chip' }, t(`kinds.${kind}`)),
    h('span', { class: 'ds-rows' }, t('data.rows', { read: fmt.int(rows.read), used: fmt.int(rows.used), count: rows.read })),
    rows.skipped ? h('span', { class: 'chip warn' }, t('data.skipped_count', { n: fmt.int(rows.skipped), count: rows.skipped })) : null,
    unreadable ? h('span', { class: 'chip warn', 'data-chip': 'unreadable' }, t('notes.unreadable_count', { n: fmt.int(unreadable), count: unreadable })) : null);

  const change = (patch) => ctx.reingest(kind, { ...settings, ...patch });
  const select = (label, key, options, current) => {
    const id = `ds-${kind}-${key}`;
    const el = h('select', { id }, options.map(([v, text]) => h('option', { value: v }, text)));
    el.value = current;
    el.addEventListener('change', () => change({ [key]: el.value === '' ? undefined : (key === 'header_rows' ? Number(el.value) : el.value) }));
    return h('div', { class: 'field' }, h('label', { for: id }, label), el);
  };
  const auto = (decided) => `${t('data.auto')} (${decided})`;
  // A scale setting (csat_scale, ces_scale): automatic (the decided scale) or one chosen.
  const scaleSelect = (key, idSuffix = '') => {
    const decided = s[key];
    const known = [...SCALES[key]];
    for (const v of [decided, settings[key]]) if (v && !known.includes(v) && !UNDECIDED.includes(v)) known.push(v);
    const id = `ds-${kind}-${key}${idSuffix}`;
    const el = h('select', { id, 'data-setting': key },
      h('option', { value: '' }, decided ? auto(scaleName(t, decided)) : t('data.auto')),
      known.map((v) => h('option', { value: v }, scaleName(t, v))));
    el.value = settings[key] || '';
    el.addEventListener('change', () => change({ [key]: el.value || undefined }));
    return h('div', { class: 'field' }, h('label', { for: id }, t(`notes.${key}`)), el);
  };
  const format = h('div', { class: 'ds-format' },
    select(t('data.kind'), 'kind', [['', auto(t(`kinds.${kind}`))], ...KINDS.map((k) => [k, t(`kinds.${k}`)])], settings.kind || ''),
    select(t('data.delimiter'), 'delimiter', [['', auto(t(`data.delim_${s.delimiter}`))], [',', t('data.delim_comma')], [';', t('data.delim_semicolon')], ['tab', t('data.delim_tab')], ['|', t('data.delim_pipe')]], settings.delimiter || ''),
    select(t('data.header_rows'), 'header_rows', [['', auto(String(s.header_rows))], ['0', '0'], ['1', '1'], ['2', '2']], settings.header_rows ?? ''),
    select(t('data.number_style'), 'number_style', [['', auto(t(`data.number_${s.number_style}`))], ['dot', t('data.number_dot')], ['comma', t('data.number_comma')]], settings.number_style || ''),
    select(t('data.date_order'), 'date_order', [['', t('data.auto')], ['day-first', t('data.day_first')], ['month-first', t('data.month_first')]], settings.date_order || ''),
    Object.keys(SCALES).filter((key) => s[key] || settings[key]).map((key) => scaleSelect(key)));

  // Mapping: every field of the kind, each with a column (or none).
  const columns = s.columns || [];
  const mapping = s.mapping || {};
  const fields = s.fields || Object.keys(mapping);
  const mapSelect = (field, id) => {
    const el = h('select', { id }, h('option', { value: '' }, t('data.not_mapped')), columns.map((c) => h('option', { value: c }, c)));
    el.value = mapping[field] || '';
    el.addEventListener('change', () => change({ mapping: { ...(settings.mapping || {}), [field]: el.value } }));
    return el;
  };
  const mapRows = fields.map((field) => {
    const id = `map-${kind}-${field}`;
    return h('div', { class: 'map-row' + (mapping[field] ? ' mapped' : '') }, h('label', { for: id }, t(`fields.${field}`)), mapSelect(field, id));
  });

  // Guesses made from the data, each with the control that overrides it:
  // the scale select for a scale, the field's column select for a mapping.
  const inferences = (report.inferences || []).map((note, i) => {
    const p = note.params || {};
    const setting = note.code === 'scale_inferred' ? (typeof p.setting === 'string' && SCALES[p.setting] ? p.setting : SCALE_SETTING[p.field])
      : note.code === 'tenure_unit_unclear' ? 'tenure_unit' : null;
    let control = null;
    if (setting) control = scaleSelect(setting, `-guess-${i}`);
    else if (note.code === 'currency_guessed') {
      // The currency money is shown in is chosen in the section beside the figures.
      control = h('div', { class: 'field' }, h('button', { type: 'button', class: 'ghost small', onclick: () => {
        ctx.show(kind);
        document.querySelector('.section:not([hidden]) .currency-field select')?.focus();
      } }, t('notes.choose_currency')));
    } else if (typeof p.field === 'string' && fields.includes(p.field)) {
      const id = `guess-${kind}-${i}`;
      control = h('div', { class: 'field' }, h('label', { for: id }, t('notes.column_for', { field: t(`fields.${p.field}`) })), mapSelect(p.field, id));
    }
    return h('li', { class: 'ds-guess', 'data-code': note.code || '' }, noteNode(t, fmt, note, 'guess'), control);
  });
  const guesses = inferences.length ? h('div', { class: 'ds-guesses' },
    h('h3', {}, t('notes.guesses_title')),
    h('p', { class: 'ds-facts' }, t('notes.guesses_lede')),
    h('ul', {}, inferences)) : null;

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

  // Cells that could not be read in rows still used: count per column, first examples.
  const examples = cells.flatMap((c) => (c.examples || []).map((e) => ({ ...e, field: c.field })));
  const cellsBox = unreadable ? h('div', { class: 'ds-unreadable' },
    h('h3', {}, t('notes.unreadable_title')),
    h('p', {}, t('notes.unreadable_intro', { n: fmt.int(unreadable), count: unreadable, read: fmt.int(rows.read) })),
    table([t('data.col_column'), t('notes.col_field'), t('notes.col_cells')],
      cells.map((c) => [c.column, t(`fields.${c.field}`), fmt.int(c.count)]), { numeric: [2], caption: t('notes.unreadable_by_column') }),
    examples.length ? h('div', { class: 'examples' }, table([t('data.col_line'), t('data.col_column'), t('data.col_value'), t('data.col_reason')],
      examples.map((e) => [fmt.int(e.line), e.column, e.value, t.reason(e.reason)]), { numeric: [0], caption: t('notes.unreadable_examples') })) : null,
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'ghost small', onclick: () => download(`${baseName(name)}-unreadable-cells.csv`,
        toCsv([['field', 'column', 'cells_unreadable', 'line', 'value', 'reason'],
          ...cells.flatMap((c) => ((c.examples || []).length ? c.examples : [{}]).map((e) => [c.field, c.column, c.count, e.line ?? '', e.value ?? '', e.reason ?? '']))]),
        'text/csv') }, t('notes.download_unreadable')))) : null;

  const actions = h('div', { class: 'actions' },
    h('button', { type: 'button', class: 'ghost small', onclick: () => ctx.show(kind) }, t('data.show_results')),
    h('button', { type: 'button', class: 'ghost small', onclick: () => download(`${baseName(name)}-report.json`, JSON.stringify(report, null, 2), 'application/json') }, t('data.download_json')),
    h('button', { type: 'button', class: 'ghost small', onclick: () => download(`${baseName(name)}-report.csv`, reportCsv(report), 'text/csv') }, t('data.download_csv')),
    h('button', { type: 'button', class: 'ghost small danger', onclick: () => ctx.remove(kind) }, t('data.remove')));

  return h('details', { class: 'dataset', 'data-kind': kind },
    summary,
    h('div', { class: 'ds-body' },
      notices, facts, format,
      guesses,
      h('h3', {}, t('data.mapping')),
      h('div', { class: 'map-grid' }, mapRows),
      skippedBox, cellsBox, warehousePanel(kind, report, entry, ctx), actions));
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

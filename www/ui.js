// DOM helpers. Every string goes in as text (textContent or attributes):
// nothing here parses markup, so user text (column names, categories,
// comments) can never become HTML.

/** Creates an element: h('p', { class: 'x' }, 'text', child, …). */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'dataset') Object.assign(node.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else if (k === 'hidden') node.hidden = Boolean(v);
    else if (k === 'value') node.value = v;
    else if (k === 'checked') node.checked = Boolean(v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces a node's children. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

let uid = 0;
/** A unique id for label/input pairs. */
export function nextId(prefix = 'f') {
  uid += 1;
  return `${prefix}-${uid}`;
}

/** Whether a figure (docs/metrics.md §8) has a value. */
export function defined(figure) {
  return figure && figure.value !== null && figure.value !== undefined;
}

/**
 * A metric card: label, big value (or the reason it is undefined), a detail
 * line, and a "how is this computed" disclosure.
 */
export function metricCard({ label, value, detail, reason, how, tone, id }) {
  const card = h('article', { class: 'metric' + (tone ? ' ' + tone : ''), 'data-metric': id });
  card.append(h('h3', { class: 'metric-label' }, label));
  if (reason) {
    card.append(h('p', { class: 'metric-value undefined' }, '–'));
    card.append(h('p', { class: 'metric-reason' }, reason));
  } else {
    card.append(h('p', { class: 'metric-value' }, value));
    if (detail) card.append(h('p', { class: 'metric-detail' }, detail));
  }
  if (how) card.append(h('details', { class: 'how' }, h('summary', {}, how.summary), h('p', {}, how.text)));
  return card;
}

/**
 * A labelled number input with an optional slider bound to it.
 * Returns { node, input, get(), set(v) }.
 */
export function numberField({ label, value, min, max, rangeMax, step = 'any', slider = false, suffix, hint, onInput, name }) {
  const id = nextId('n');
  const input = h('input', { id, type: 'number', inputmode: 'decimal', step, min, max, value, name });
  const top = rangeMax ?? max;
  const range = slider ? h('input', { type: 'range', min, max: top, step: step === 'any' ? (top - min) / 200 : step, value, 'aria-label': label, tabindex: '-1' }) : null;
  const node = h('div', { class: 'field' + (slider ? ' with-slider' : '') },
    h('label', { for: id }, label, hint ? h('small', {}, hint) : null),
    h('div', { class: 'input-row' }, input, suffix ? h('span', { class: 'suffix' }, suffix) : null),
    range);
  const emit = () => onInput?.();
  input.addEventListener('input', () => { if (range) range.value = input.value; emit(); });
  range?.addEventListener('input', () => { input.value = range.value; emit(); });
  return {
    node, input,
    get: () => (input.value.trim() === '' ? null : Number(input.value)),
    set: (v) => { input.value = v ?? ''; if (range) range.value = v ?? ''; },
  };
}

/** A <select> with a label. options: [[value, text], …]. */
export function selectField({ label, options, value, onChange, hint }) {
  const id = nextId('s');
  const select = h('select', { id }, options.map(([v, text]) => h('option', { value: v }, text)));
  select.value = value ?? options[0]?.[0] ?? '';
  select.addEventListener('change', () => onChange?.(select.value));
  const node = h('div', { class: 'field' }, h('label', { for: id }, label, hint ? h('small', {}, hint) : null), select);
  return { node, select, get: () => select.value, set: (v) => { select.value = v; } };
}

/** A table from a header row and body rows of plain values. */
export function table(headers, rows, { caption, numeric = [] } = {}) {
  return h('div', { class: 'table-wrap' }, h('table', {},
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, headers.map((t, i) => h('th', { scope: 'col', class: numeric.includes(i) ? 'num' : null }, t)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c, i) => h('td', { class: numeric.includes(i) ? 'num' : null }, c)))))));
}

/** Offers a text file for download (object URL, nothing leaves the page). */
export function download(name, text, type = 'text/plain') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * CSV text from rows; cells that a spreadsheet would run as a formula
 * (starting with = + - @, tab or CR) are prefixed with ' so they stay text.
 */
export function toCsv(rows) {
  const cell = (v) => {
    let s = v === null || v === undefined ? '' : String(v);
    if (/^[=+\-@\t\r]/.test(s) && !/^[+-]?\d+([.,]\d+)?$/.test(s)) s = "'" + s;
    return /[",\n\r;]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  };
  return rows.map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

// Small SVG charts built with DOM calls: every label is set as text, never
// parsed as markup. Layout only; the numbers come from the report. Each
// chart takes the pixel width it will be shown at, so text stays readable
// on a 390 px phone.

const SVG = 'http://www.w3.org/2000/svg';

function el(name, attrs = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

function frame(width, height, title) {
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: 'chart-svg' });
  if (title) svg.append(el('title', {}, title));
  return svg;
}

/** Round numbers for an axis from lo to hi. */
function ticks(lo, hi, count = 4) {
  if (lo === hi) { hi = lo + 1; }
  const span = hi - lo;
  const step0 = span / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => span / s <= count + 0.5) || mag * 10;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toFixed(10));
  return out;
}

/**
 * Vertical bars. bars: [{ label, value, className, valueLabel }].
 * Negative values hang below the zero line.
 */
export function barChart(bars, { title, width = 440, height = 190, labelEvery = 1 } = {}) {
  const top = 20, bottom = 24, side = 6;
  const inner = height - top - bottom;
  const max = Math.max(0, ...bars.map((b) => b.value));
  const min = Math.min(0, ...bars.map((b) => b.value));
  const span = max - min || 1;
  const y = (v) => top + ((max - v) / span) * inner;
  const slot = (width - 2 * side) / Math.max(1, bars.length);
  const barWidth = Math.max(3, Math.min(48, slot * 0.72));
  const svg = frame(width, height, title);
  const zero = y(0);
  svg.append(el('line', { x1: side, x2: width - side, y1: zero + 0.5, y2: zero + 0.5, class: 'axis' }));
  const showValues = slot >= 18;
  bars.forEach((b, i) => {
    const x = side + i * slot + (slot - barWidth) / 2;
    const y0 = Math.min(y(b.value), zero);
    const hgt = Math.max(b.value === 0 ? 0 : 1.5, Math.abs(y(b.value) - zero));
    svg.append(el('rect', { x: x.toFixed(1), y: y0.toFixed(1), width: barWidth.toFixed(1), height: hgt.toFixed(1), rx: 2, class: b.className || 'bar' }));
    if (showValues) {
      const ty = b.value >= 0 ? y0 - 5 : y0 + hgt + 12;
      svg.append(el('text', { x: (x + barWidth / 2).toFixed(1), y: ty.toFixed(1), class: 'value', 'text-anchor': 'middle' }, b.valueLabel ?? String(b.value)));
    }
    if (i % labelEvery === 0) svg.append(el('text', { x: (x + barWidth / 2).toFixed(1), y: height - 7, class: 'tick', 'text-anchor': 'middle' }, b.label));
  });
  return svg;
}

/**
 * Horizontal bars with labels on the left: [{ label, value, valueLabel }].
 */
export function hbarChart(bars, { title, width = 440, rowHeight = 26 } = {}) {
  const labelWidth = Math.min(180, Math.max(90, width * 0.38));
  const valueWidth = 64;
  const height = bars.length * rowHeight + 8;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const svg = frame(width, height, title);
  bars.forEach((b, i) => {
    const y = 4 + i * rowHeight;
    const w = ((width - labelWidth - valueWidth) * b.value) / max;
    const label = el('text', { x: labelWidth - 8, y: y + rowHeight / 2 + 4, class: 'tick', 'text-anchor': 'end' }, clip(b.label, Math.floor(labelWidth / 7)));
    label.append(el('title', {}, b.label));
    svg.append(label);
    svg.append(el('rect', { x: labelWidth, y: y + 4, width: Math.max(1.5, w).toFixed(1), height: rowHeight - 8, rx: 2, class: b.className || 'bar' }));
    svg.append(el('text', { x: (labelWidth + w + 6).toFixed(1), y: y + rowHeight / 2 + 4, class: 'value' }, b.valueLabel ?? String(b.value)));
  });
  return svg;
}

function clip(text, n) {
  const s = String(text);
  return s.length > n ? s.slice(0, Math.max(1, n - 1)) + '…' : s;
}

/**
 * Lines over labelled x positions. series: [{ values: [number|null], className, label }].
 * options: target { value, label } draws a dashed line; marker { index, label } a vertical rule;
 * yFormat formats axis labels.
 */
export function lineChart(labels, series, { title, width = 440, height = 220, target, marker, yFormat = String, zero = false, labelEvery } = {}) {
  const left = 46, right = 12, top = 14, bottom = 26;
  const all = series.flatMap((s) => s.values).filter((v) => v !== null && Number.isFinite(v));
  if (target) all.push(target.value);
  let lo = Math.min(...all), hi = Math.max(...all);
  if (zero) { lo = Math.min(0, lo); hi = Math.max(0, hi); }
  if (!all.length) { lo = 0; hi = 1; }
  const axis = ticks(lo, hi);
  lo = Math.min(lo, axis[0]);
  hi = Math.max(hi, axis[axis.length - 1]);
  const span = hi - lo || 1;
  const n = Math.max(2, labels.length);
  const x = (i) => left + (i / (n - 1)) * (width - left - right);
  const y = (v) => top + ((hi - v) / span) * (height - top - bottom);
  const svg = frame(width, height, title);
  for (const v of axis) {
    svg.append(el('line', { x1: left, x2: width - right, y1: y(v).toFixed(1), y2: y(v).toFixed(1), class: v === 0 ? 'axis' : 'grid' }));
    svg.append(el('text', { x: left - 6, y: (y(v) + 4).toFixed(1), class: 'tick', 'text-anchor': 'end' }, yFormat(v)));
  }
  const every = labelEvery || Math.max(1, Math.ceil(labels.length / Math.floor((width - left) / 54)));
  labels.forEach((l, i) => {
    if (i % every === 0) svg.append(el('text', { x: x(i).toFixed(1), y: height - 7, class: 'tick', 'text-anchor': 'middle' }, l));
  });
  if (target) {
    svg.append(el('line', { x1: left, x2: width - right, y1: y(target.value).toFixed(1), y2: y(target.value).toFixed(1), class: 'target' }));
    if (target.label) svg.append(el('text', { x: width - right, y: (y(target.value) - 5).toFixed(1), class: 'target-label', 'text-anchor': 'end' }, target.label));
  }
  if (marker && marker.index >= 0 && marker.index < labels.length) {
    svg.append(el('line', { x1: x(marker.index).toFixed(1), x2: x(marker.index).toFixed(1), y1: top, y2: height - bottom, class: 'marker' }));
    if (marker.label) svg.append(el('text', { x: (x(marker.index) + 4).toFixed(1), y: top + 10, class: 'marker-label' }, marker.label));
  }
  for (const s of series) {
    let d = '';
    s.values.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) return;
      d += `${d && s.values[i - 1] !== null ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    });
    svg.append(el('path', { d, class: 'line ' + (s.className || '') }));
    if (s.values.length <= 36) s.values.forEach((v, i) => {
      if (v !== null && Number.isFinite(v)) svg.append(el('circle', { cx: x(i).toFixed(1), cy: y(v).toFixed(1), r: 2.5, class: 'dot ' + (s.className || '') }));
    });
  }
  return svg;
}

/** A figure wrapper: caption, the chart, and its text alternative. */
export function chartFigure(doc, caption, svg, alt) {
  const fig = doc.createElement('figure');
  fig.className = 'chart';
  const cap = doc.createElement('figcaption');
  cap.textContent = caption;
  const wrap = doc.createElement('div');
  wrap.className = 'chart-wrap';
  wrap.append(svg);
  const p = doc.createElement('p');
  p.className = 'visually-hidden';
  p.textContent = alt;
  fig.append(cap, wrap, p);
  return fig;
}

/** The width a chart should be drawn at inside `container`. */
export function chartWidth(container, fallback = 440) {
  const w = container?.clientWidth || 0;
  return Math.max(260, Math.min(900, w || fallback));
}

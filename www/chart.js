// Small SVG charts built with DOM calls: every label is set as text, never
// parsed as markup. Layout only; the numbers come from the report.

const SVG = 'http://www.w3.org/2000/svg';

function el(name, attrs = {}, text) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * A vertical bar chart.
 * bars: [{ label, value, className, valueLabel }]
 */
export function barChart(bars, { title, width = 440, height = 180 } = {}) {
  const top = 22, bottom = 26, side = 6;
  const inner = height - top - bottom;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const slot = (width - 2 * side) / bars.length;
  const barWidth = Math.max(6, slot * 0.72);
  const svg = el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'bars', preserveAspectRatio: 'xMidYMid meet' });
  if (title) svg.append(el('title', {}, title));
  svg.append(el('line', { x1: side, x2: width - side, y1: top + inner + 0.5, y2: top + inner + 0.5, class: 'axis' }));
  bars.forEach((b, i) => {
    const h = b.value > 0 ? Math.max(1.5, (b.value / max) * inner) : 0;
    const x = side + i * slot + (slot - barWidth) / 2;
    const y = top + inner - h;
    svg.append(el('rect', { x: x.toFixed(1), y: y.toFixed(1), width: barWidth.toFixed(1), height: h.toFixed(1), rx: 2, class: b.className || '' }));
    svg.append(el('text', { x: (x + barWidth / 2).toFixed(1), y: (y - 5).toFixed(1), class: 'value', 'text-anchor': 'middle' }, b.valueLabel ?? String(b.value)));
    svg.append(el('text', { x: (x + barWidth / 2).toFixed(1), y: height - 8, class: 'tick', 'text-anchor': 'middle' }, b.label));
  });
  return svg;
}

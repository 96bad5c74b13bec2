// Support tickets (docs/metrics.md §4): volume, first response and resolution times,
// SLA attainment, one-touch resolution, backlog, ticket CSAT, first-ticket
// resolution and top issues from a loaded tickets dataset, plus the typed-in
// calculators (SLA, one-touch, durations). Every number comes from the core;
// this file only formats and draws.
import { h, fill, defined, table, nextId, numberField } from '../ui.js';
import { calculator, headline } from '../calc.js';
import { barChart, hbarChart, chartFigure, chartWidth } from '../chart.js';
import { attachWarnings, undefinedText, errorText, kpi, how } from './common.js';
import { hoursCard } from './hours.js';

const SVG = 'http://www.w3.org/2000/svg';

/** First response times of the Zendesk fixture: a worked example (median 32.5, p90 93). */
const DEFAULT_DURATIONS = '35 95 12 48 20 180 2 75 30 55 1 3';

/** A plain decimal number as typed: 12, 3.5, .5, -4, 1e3 (no hex, no Infinity). */
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const IGNORED_SHOWN = 20;

/**
 * Splits typed or pasted text on whitespace, commas and semicolons; tokens
 * that are plain numbers become values, the rest are returned as ignored.
 * No statistic here: the core computes them.
 */
export function parseDurations(text) {
  const values = [];
  const ignored = [];
  for (const token of String(text ?? '').split(/[\s,;]+/)) {
    if (!token) continue;
    if (NUMBER.test(token)) values.push(Number(token));
    else ignored.push(token);
  }
  return { values, ignored };
}

/** "< 5 min", "5–15 min", "60 min–2 h", "> 30 d": bucket labels from the edges. */
export function bucketLabels(t, fmt, edges, above) {
  const labels = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    labels.push(i === 0 && edges[0] === 0
      ? t('tickets.bucket_under', { to: fmt.minutes(edges[1]) })
      : range(fmt, edges[i], edges[i + 1]));
  }
  if (above) labels.push(t('tickets.bucket_over', { from: fmt.minutes(edges[edges.length - 1]) }));
  return labels;
}

function range(fmt, a, b) {
  const fa = fmt.minutes(a);
  const fb = fmt.minutes(b);
  const ia = fa.lastIndexOf(' ');
  const ib = fb.lastIndexOf(' ');
  if (ia > 0 && ib > 0 && fa.slice(ia) === fb.slice(ib)) return `${fa.slice(0, ia)}–${fb}`;
  return `${fa}–${fb}`;
}



/** A date-time from the report ("2024-03-11T10:20:00", the file's own clock) as local text. */
function dateTime(fmt, iso) {
  if (!iso) return '';
  const s = String(iso);
  const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : s + 'Z');
  if (Number.isNaN(d.getTime())) return s;
  return new Intl.DateTimeFormat(fmt.locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(d);
}

/** Minutes as a duration, with the exact minutes in a tooltip for spreadsheet checks. */
function minutesNode(fmt, m) {
  return h('span', { title: `${fmt.num(m, 2)} min` }, fmt.minutes(m));
}

/** The report figure a tile shows, where the tile's id is not the figure's (its warnings go under it). */
const REPORT_FIGURE = {
  first_response_median: 'first_response_minutes', first_response_p90: 'first_response_minutes',
  resolution_median: 'resolution_minutes', resolution_p90: 'resolution_minutes',
  first_ticket_resolution: 'first_ticket_resolution_minutes',
};

/**
 * A KPI tile: label, value (or the reason it is undefined), detail lines,
 * and the "how is this computed" text.
 */
/** A tickets KPI tile (common.js `kpi`): h3 label, the report figure it shows. */
function ticketKpi(t, { id, ...rest }) {
  return kpi(t, { id, ...rest, heading: 'h3', figureId: REPORT_FIGURE[id] || id });
}

function sourceText(t, source) {
  return t(`tickets.source_${String(source || 'none').replace(/ /g, '_')}`);
}

function asOfText(t, fmt, s) {
  if (!s.as_of) return t('tickets.as_of_none');
  return t(s.as_of_source === 'setting' ? 'tickets.as_of_set' : 'tickets.as_of_latest', { as_of: dateTime(fmt, s.as_of) });
}

function targetsText(t, fmt, s) {
  const by = Object.entries(s.sla_minutes_by_priority || {});
  const base = t('tickets.target_all', { target: fmt.minutes(s.sla_minutes) });
  if (!by.length) return base;
  return t('tickets.target_by_priority', { target: fmt.minutes(s.sla_minutes), list: by.map(([p, m]) => `${p} ${fmt.minutes(m)}`).join(', ') });
}

// ---------- KPI grid ----------

function kpis(ctx, report) {
  const { t, fmt } = ctx;
  const m = report.metrics;
  const s = report.settings;
  const asOf = asOfText(t, fmt, s);
  const cards = [];
  const tickets = m.tickets || {};
  cards.push(ticketKpi(t, {
    id: 'tickets', label: t('tickets.k_tickets'), figure: tickets,
    value: defined(tickets) ? fmt.int(tickets.value) : null,
    detail: [t('tickets.k_tickets_detail', { solved: fmt.int(tickets.solved ?? 0) }),
      tickets.solved_without_time ? t('tickets.solved_without_time', { n: fmt.int(tickets.solved_without_time), count: tickets.solved_without_time }) : null],
    howText: t('tickets.how_tickets'),
  }));

  const frt = m.first_response_minutes;
  const frtSource = sourceText(t, s.first_response_source);
  const awaiting = m.awaiting_first_reply;
  if (frt) {
    cards.push(ticketKpi(t, {
      id: 'first_response_median', label: t('tickets.k_frt_median'), figure: frt,
      value: defined(frt) ? minutesNode(fmt, frt.value) : null,
      detail: t('tickets.duration_detail', { mean: fmt.minutes(frt.mean ?? 0), n: fmt.int(frt.n ?? 0), what: t('tickets.replied_tickets') }),
      howText: t('tickets.how_frt', { source: frtSource }),
    }));
    cards.push(ticketKpi(t, {
      id: 'first_response_p90', label: t('tickets.k_frt_p90'), figure: frt,
      value: frt.p90 !== null && frt.p90 !== undefined ? minutesNode(fmt, frt.p90) : null,
      detail: frt.p95 !== null && frt.p95 !== undefined ? t('tickets.p95_detail', { p95: fmt.minutes(frt.p95) }) : null,
      howText: t('tickets.how_p90', { what: t('tickets.how_p90_frt') }),
    }));
  }
  const res = m.resolution_minutes;
  const resSource = sourceText(t, s.resolution_source);
  if (res) {
    cards.push(ticketKpi(t, {
      id: 'resolution_median', label: t('tickets.k_res_median'), figure: res,
      value: defined(res) ? minutesNode(fmt, res.value) : null,
      detail: t('tickets.duration_detail', { mean: fmt.minutes(res.mean ?? 0), n: fmt.int(res.n ?? 0), what: t('tickets.solved_tickets') }),
      howText: t('tickets.how_resolution', { source: resSource }),
    }));
    cards.push(ticketKpi(t, {
      id: 'resolution_p90', label: t('tickets.k_res_p90'), figure: res,
      value: res.p90 !== null && res.p90 !== undefined ? minutesNode(fmt, res.p90) : null,
      detail: res.p95 !== null && res.p95 !== undefined ? t('tickets.p95_detail', { p95: fmt.minutes(res.p95) }) : null,
      howText: t('tickets.how_p90', { what: t('tickets.how_p90_res') }),
    }));
  }

  const sla = m.sla_attainment;
  if (sla) {
    const target = fmt.minutes(sla.target_minutes ?? s.sla_minutes);
    cards.push(ticketKpi(t, {
      id: 'sla_attainment', label: t('tickets.k_sla'), figure: sla,
      value: defined(sla) ? fmt.pct(sla.value) : null,
      detail: defined(sla) ? [
        t('tickets.sla_detail', { met: fmt.int(sla.met), replied: fmt.int(sla.replied), overdue: fmt.int(sla.overdue_unreplied), target }),
        sla.unreplied_unknown_age ? t('tickets.sla_unknown_age', { n: fmt.int(sla.unreplied_unknown_age), count: sla.unreplied_unknown_age }) : null,
        t('tickets.target_and_as_of', { target: targetsText(t, fmt, s), as_of: asOf }),
      ] : null,
      howText: t('tickets.how_sla', { targets: targetsText(t, fmt, s), as_of: asOf }),
    }));
  }

  const touch = m.one_touch_rate;
  if (touch) {
    cards.push(ticketKpi(t, {
      id: 'one_touch_rate', label: t('tickets.k_one_touch'), figure: touch,
      value: defined(touch) ? fmt.pct(touch.value) : null,
      detail: defined(touch) ? t('tickets.one_touch_detail', { one_touch: fmt.int(touch.one_touch), solved: fmt.int(touch.solved) }) : null,
      howText: t('tickets.how_one_touch'),
    }));
  }

  const backlog = m.backlog;
  if (backlog) {
    cards.push(ticketKpi(t, {
      id: 'backlog', label: t('tickets.k_backlog'), figure: backlog,
      value: defined(backlog) ? fmt.int(backlog.value) : null,
      detail: t('tickets.backlog_detail', { as_of: asOf }),
      howText: t('tickets.how_backlog', { as_of: asOf }),
    }));
  }
  if (awaiting) {
    cards.push(ticketKpi(t, {
      id: 'awaiting_first_reply', label: t('tickets.k_awaiting'), figure: awaiting,
      value: defined(awaiting) ? fmt.int(awaiting.value) : null,
      detail: t('tickets.awaiting_detail'),
      howText: t('tickets.how_awaiting'),
    }));
  }

  const csat = m.ticket_csat;
  if (csat) {
    cards.push(ticketKpi(t, {
      id: 'ticket_csat', label: t('tickets.k_csat'), figure: csat,
      value: defined(csat) ? fmt.pct(csat.value) : null,
      detail: defined(csat) ? [
        t('tickets.csat_detail', { low: fmt.pct(csat.ci95_low), high: fmt.pct(csat.ci95_high), satisfied: fmt.int(csat.satisfied), n: fmt.int(csat.n) }),
        csat.not_answered ? t('tickets.csat_not_answered', { n: fmt.int(csat.not_answered) }) : null,
      ] : null,
      howText: t('tickets.how_csat', { scale: s.csat_scale || '1-5' }),
    }));
  }

  const first = m.first_ticket_resolution_minutes;
  if (first) {
    cards.push(ticketKpi(t, {
      id: 'first_ticket_resolution', label: t('tickets.k_first_ticket'), figure: first,
      value: defined(first) ? minutesNode(fmt, first.value) : null,
      detail: defined(first) ? [
        t('tickets.p90_detail', { p90: fmt.minutes(first.p90) }),
        t('tickets.first_ticket_detail', { n: fmt.int(first.n), unresolved: fmt.int(first.unresolved ?? 0) }),
      ] : (first.unresolved ? t('tickets.first_ticket_unresolved', { n: fmt.int(first.unresolved) }) : null),
      howText: t('tickets.how_first_ticket'),
    }));
  }

  for (const [key, label] of [['first_response_minutes_business', 'tickets.k_frt_business'], ['resolution_minutes_business', 'tickets.k_res_business']]) {
    const f = m[key];
    if (!f) continue;
    cards.push(ticketKpi(t, {
      id: key, label: t(label), figure: f,
      value: defined(f) ? minutesNode(fmt, f.value) : null,
      detail: defined(f) ? t('tickets.business_detail', { p90: fmt.minutes(f.p90), n: fmt.int(f.n), count: f.n }) : null,
      howText: t('tickets.how_business'),
    }));
  }
  return h('div', { class: 'kpis', id: 'tickets-kpis' }, cards);
}

// ---------- histograms ----------

/** Where `target` falls on the bucket axis, in buckets from the left (fractional). */
function targetPosition(edges, buckets, target) {
  for (let i = 0; i + 1 < edges.length; i++) {
    if (target < edges[i + 1]) return i + Math.max(0, (target - edges[i]) / (edges[i + 1] - edges[i]));
  }
  return buckets > edges.length - 1 ? edges.length - 1 + 0.5 : edges.length - 1;
}

function svgEl(name, attrs, text) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Draws the SLA target as a dashed rule across the bucket axis of a chart from chart.js. */
function markTarget(svg, { vertical, width, height, buckets, pos, label }) {
  if (vertical) {
    // barChart's layout: 6 px sides, equal slots, 20 px top, 24 px bottom.
    const x = 6 + ((width - 12) / buckets) * pos;
    svg.append(svgEl('line', { x1: x.toFixed(1), x2: x.toFixed(1), y1: 4, y2: height - 24, class: 'target' }));
    const right = x > width * 0.7;
    // A halo in the card's colour keeps the label legible over a bar's value.
    svg.append(svgEl('text', { x: (right ? x - 4 : x + 4).toFixed(1), y: 12, class: 'target-label', 'text-anchor': right ? 'end' : 'start',
      stroke: '#fff', 'stroke-width': 3, 'paint-order': 'stroke' }, label));
  } else {
    // hbarChart's layout: rows of 26 px from y = 4, labels in the left 38 %.
    const y = 4 + 26 * pos;
    const left = Math.min(180, Math.max(90, width * 0.38));
    // No room for a label between the rows: the legend under the chart names the line.
    svg.append(svgEl('line', { x1: left - 4, x2: width, y1: y.toFixed(1), y2: y.toFixed(1), class: 'target' }));
  }
}

function histogram(ctx, fig, { id, caption, altIntro, width, target }) {
  const { t, fmt } = ctx;
  if (!fig || !Array.isArray(fig.counts) || !Array.isArray(fig.edges)) {
    return h('div', { class: 'histogram', id }, h('p', { class: 'kpi-reason' }, undefinedText(t, fig)));
  }
  const edges = fig.edges;
  const labels = bucketLabels(t, fmt, edges, fig.above);
  const counts = fig.above ? [...fig.counts, fig.above] : fig.counts;
  const hasTarget = typeof target === 'number' && Number.isFinite(target);
  const cls = (i) => {
    if (!hasTarget) return 'bar';
    const lo = edges[i];
    const hi = i + 1 < edges.length ? edges[i + 1] : Infinity;
    return hi <= target ? 'pro' : lo >= target ? 'det' : 'pas';
  };
  const bars = counts.map((c, i) => ({ label: labels[i] ?? '', value: c, valueLabel: fmt.int(c), className: cls(i) }));
  const vertical = width / Math.max(1, bars.length) >= 66;
  const height = 210;
  const svg = vertical ? barChart(bars, { title: caption, width, height }) : hbarChart(bars, { title: caption, width });
  if (hasTarget) {
    markTarget(svg, { vertical, width, height, buckets: bars.length, pos: targetPosition(edges, bars.length, target), label: t('tickets.target_mark', { target: fmt.minutes(target) }) });
  }
  const alt = `${altIntro} ${bars.map((b) => `${b.label}: ${b.valueLabel}`).join(', ')}.`;
  return h('div', { class: 'histogram', id },
    chartFigure(document, caption, svg, alt),
    hasTarget ? h('p', { class: 'assumption' }, t('tickets.histogram_legend', { target: fmt.minutes(target) })) : null);
}

// ---------- volume ----------

function volumeLabel(fmt, by, key) {
  if (by === 'month') return fmt.month(key);
  if (by === 'day') {
    const d = new Date(`${key}T00:00:00Z`);
    return Number.isNaN(d.getTime()) ? key : new Intl.DateTimeFormat(fmt.locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(d);
  }
  return key;
}

function volumeCard(ctx, volume, width) {
  const { t, fmt } = ctx;
  const lists = [['month', volume.by_month], ['week', volume.by_week], ['day', volume.by_day]].filter(([, l]) => Array.isArray(l) && l.length);
  const body = h('div', { class: 'volume-chart' });
  const card = h('article', { class: 'card result wide', id: 'tickets-volume' }, h('h3', { class: 'label' }, t('tickets.volume_title')));
  if (!lists.length) {
    card.append(h('p', { class: 'kpi-reason' }, t('tickets.volume_none')));
  } else {
    const auto = (lists.find(([, l]) => l.length >= 3) || lists[0])[0];
    let by = lists.some(([k]) => k === ctx.inputs.volume_by) ? ctx.inputs.volume_by : auto;
    const selectId = nextId('vol');
    const select = h('select', { id: selectId }, lists.map(([k]) => h('option', { value: k }, t(`tickets.by_${k}`))));
    select.value = by;
    const draw = () => {
      const list = lists.find(([k]) => k === by)[1];
      const bars = list.map((x) => ({ label: volumeLabel(fmt, by, x.key), value: x.tickets, valueLabel: fmt.int(x.tickets) }));
      const every = Math.max(1, Math.ceil((bars.length * 64) / width));
      const caption = t('tickets.volume_caption', { by: t(`tickets.by_${by}`) });
      const alt = `${caption}: ${bars.map((b) => `${b.label} ${b.valueLabel}`).join(', ')}.`;
      fill(body, chartFigure(document, caption, barChart(bars, { title: caption, width, height: 200, labelEvery: every }), alt));
    };
    select.addEventListener('change', () => { by = select.value; ctx.inputs.volume_by = by; ctx.changed(); draw(); });
    card.append(h('div', { class: 'field volume-by' }, h('label', { for: selectId }, t('tickets.volume_by')), select), body);
    draw();
  }
  if (volume.undated) card.append(h('p', { class: 'assumption' }, t('tickets.undated', { n: fmt.int(volume.undated), count: volume.undated })));
  card.append(how(t, t('tickets.how_volume')));
  return card;
}

function breakdownCard(ctx, volume, key, id) {
  const { t, fmt } = ctx;
  const list = volume[`by_${key}`] || [];
  const others = volume[`by_${key}_others`];
  const card = h('article', { class: 'card result', id }, h('h3', { class: 'label' }, t(`tickets.by_${key}_title`)));
  if (!list.length) {
    card.append(h('p', { class: 'assumption' }, t(`tickets.no_${key}`)));
    return card;
  }
  const rows = list.map((x) => [x.key, fmt.int(x.tickets)]);
  if (others) rows.push([t('tickets.others'), fmt.int(others)]);
  card.append(table([t(`tickets.col_${key}`), t('tickets.col_tickets')], rows, { numeric: [1] }));
  return card;
}

// ---------- top issues ----------

function topIssuesCard(ctx, issues, volume, width) {
  const { t, fmt } = ctx;
  const card = h('article', { class: 'card result wide', id: 'tickets-top-issues' }, h('h3', { class: 'label' }, t('tickets.top_title')));
  if (!Array.isArray(issues) || !issues.length) {
    card.append(h('p', { class: 'assumption' }, t('tickets.top_none')));
  } else {
    const bars = issues.map((x) => ({ label: x.category, value: x.customers, valueLabel: fmt.int(x.customers) }));
    const caption = t('tickets.top_caption');
    const alt = `${caption}: ${issues.map((x) => t('tickets.top_alt_item', { category: x.category, customers: fmt.int(x.customers), tickets: fmt.int(x.tickets) })).join('; ')}.`;
    card.append(chartFigure(document, caption, hbarChart(bars, { title: caption, width }), alt),
      table([t('tickets.col_category'), t('tickets.col_customers'), t('tickets.col_tickets')],
        issues.map((x) => [x.category, fmt.int(x.customers), fmt.int(x.tickets)]), { numeric: [1, 2] }));
  }
  if (volume?.uncategorised) card.append(h('p', { class: 'assumption' }, t('tickets.uncategorised', { n: fmt.int(volume.uncategorised), count: volume.uncategorised })));
  card.append(how(t, t('tickets.how_top')));
  return card;
}

// ---------- settings of the loaded data ----------

function settingsCard(ctx, report) {
  const { t, fmt } = ctx;
  const s = report.settings;
  const canApply = typeof ctx.reingest === 'function';
  const sla = numberField({ label: t('tickets.set_sla'), value: s.sla_minutes ?? 60, min: 0, step: 1, suffix: t('tickets.minutes_suffix'), name: 'sla_minutes' });
  const asOfId = nextId('asof');
  const asOf = h('input', { id: asOfId, type: 'datetime-local', step: 60, name: 'as_of', value: s.as_of ? String(s.as_of).slice(0, 16) : '' });
  const asOfField = h('div', { class: 'field' },
    h('label', { for: asOfId }, t('tickets.set_as_of'), h('small', {}, t('tickets.set_as_of_hint'))), asOf);
  const apply = (patch) => ctx.reingest?.('tickets', patch);
  const form = h('form', { id: 'tickets-settings', novalidate: true, onsubmit: (e) => {
    e.preventDefault();
    const minutes = sla.get();
    const typed = asOf.value.trim();
    // The as-of is only a setting when the user changed it: otherwise the latest time in the file stays in charge.
    const keepAuto = s.as_of_source !== 'setting' && s.as_of && typed === String(s.as_of).slice(0, 16);
    apply({ sla_minutes: minutes === null ? undefined : minutes, as_of: typed && !keepAuto ? typed : undefined });
  } },
  h('div', { class: 'map-grid settings-fields' }, sla.node, asOfField),
  h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'primary small', disabled: !canApply }, t('tickets.set_apply')),
    h('button', { type: 'button', class: 'ghost small', id: 'tickets-as-of-latest', disabled: !canApply || s.as_of_source !== 'setting',
      onclick: () => apply({ as_of: undefined }) }, t('tickets.set_latest'))));
  return h('article', { class: 'card calc wide', id: 'tickets-settings-card' },
    h('h3', {}, t('tickets.settings_title')),
    h('p', { class: 'calc-lede' }, t('tickets.settings_lede', { as_of: asOfText(t, fmt, s), target: targetsText(t, fmt, s) })),
    form,
    canApply ? null : h('p', { class: 'assumption' }, t('tickets.settings_unavailable')));
}

// ---------- the loaded data ----------

function fromData(ctx, report, box) {
  const { t } = ctx;
  const m = report.metrics;
  const width = Math.min(chartWidth(box, 560) - 44, 900);
  const target = m.sla_attainment?.target_minutes ?? report.settings.sla_minutes;
  fill(box,
    h('h2', { class: 'area-title' }, t('common.from_data', { name: ctx.dataName('tickets') || '' })),
    kpis(ctx, report),
    h('div', { class: 'result-grid tickets-charts' },
      h('article', { class: 'card result wide', id: 'tickets-frt-histogram' },
        h('h3', { class: 'label' }, t('tickets.frt_hist_title')),
        histogram(ctx, m.first_response_histogram, { id: 'frt-histogram', caption: t('tickets.frt_hist_caption'), altIntro: t('tickets.frt_hist_alt'), width, target }),
        how(t, t('tickets.how_hist_frt'))),
      h('article', { class: 'card result wide', id: 'tickets-res-histogram' },
        h('h3', { class: 'label' }, t('tickets.res_hist_title')),
        histogram(ctx, m.resolution_histogram, { id: 'res-histogram', caption: t('tickets.res_hist_caption'), altIntro: t('tickets.res_hist_alt'), width }),
        how(t, t('tickets.how_hist_res'))),
      topIssuesCard(ctx, m.top_issues, m.volume, width),
      m.volume ? volumeCard(ctx, m.volume, width) : null,
      m.volume ? breakdownCard(ctx, m.volume, 'channel', 'tickets-by-channel') : null,
      m.volume ? breakdownCard(ctx, m.volume, 'priority', 'tickets-by-priority') : null,
      settingsCard(ctx, report),
      hoursCard(ctx, report)));
  attachWarnings(ctx, report, box);
}

// ---------- typed-in calculators ----------

function durationsCard(ctx) {
  const { t, fmt } = ctx;
  const saved = (ctx.inputs.durations ||= {});
  const id = nextId('dur');
  const area = h('textarea', { id, rows: 4, spellcheck: 'false', autocomplete: 'off' });
  area.value = typeof saved.text === 'string' ? saved.text : DEFAULT_DURATIONS;
  const out = h('div', { class: 'calc-out', 'aria-live': 'polite' });
  let generation = 0;
  let timer;
  const compute = async () => {
    const mine = ++generation;
    const { values, ignored } = parseDurations(area.value);
    const note = ignored.length ? h('p', { class: 'assumption', id: 'durations-ignored' },
      t('tickets.ignored', { list: ignored.slice(0, IGNORED_SHOWN).join(', ') }),
      ignored.length > IGNORED_SHOWN ? ' ' + t('tickets.ignored_more', { n: fmt.int(ignored.length - IGNORED_SHOWN) }) : '') : null;
    try {
      const r = await ctx.calc('durations', { values });
      if (mine !== generation) return;
      const f = r.durations;
      const stat = (key, label) => [label, f[key] === null || f[key] === undefined ? '–' : fmt.num(f[key], 2), f[key] === null || f[key] === undefined ? '–' : fmt.minutes(f[key])];
      fill(out,
        headline(t, f, defined(f) ? fmt.minutes(f.value) : '', defined(f) ? t('tickets.durations_detail', { n: fmt.int(f.n), count: f.n }) : ''),
        defined(f) ? table([t('tickets.col_statistic'), t('tickets.col_minutes'), t('tickets.col_duration')], [
          [t('tickets.stat_n'), fmt.int(f.n), ''],
          stat('mean', t('tickets.stat_mean')),
          stat('median', t('tickets.stat_median')),
          stat('p90', t('tickets.stat_p90')),
          stat('p95', t('tickets.stat_p95')),
        ], { numeric: [1, 2] }) : null,
        note);
    } catch (err) {
      if (mine === generation) fill(out, h('p', { class: 'calc-error' }, errorText(ctx.t, err)), note);
    }
  };
  area.addEventListener('input', () => {
    saved.text = area.value;
    ctx.changed();
    clearTimeout(timer);
    timer = setTimeout(compute, 150);
  });
  compute();
  return h('article', { class: 'card calc', id: 'calc-durations', 'data-calc': 'durations' },
    h('h3', {}, t('tickets.calc_durations')),
    h('p', { class: 'calc-lede' }, t('tickets.calc_durations_lede')),
    h('div', { class: 'field' }, h('label', { for: id }, t('tickets.durations_label'), h('small', {}, t('tickets.durations_hint'))), area),
    out,
    how(t, t('tickets.how_durations')));
}

export default {
  id: 'tickets',
  kinds: ['tickets'],
  mount(ctx) {
    const { t, fmt } = ctx;
    const dataBox = h('div', { class: 'data-area', id: 'tickets-data' });
    const empty = h('p', { class: 'lede', id: 'tickets-empty' }, t('tickets.empty'));
    const sla = calculator(ctx, {
      id: 'sla', name: 'sla', title: t('tickets.calc_sla'), lede: t('tickets.calc_sla_lede'),
      fields: [
        { key: 'met', label: t('tickets.f_met'), value: 9, min: 0, step: 1 },
        { key: 'replied', label: t('tickets.f_replied'), value: 12, min: 0, step: 1 },
        { key: 'overdue_unreplied', label: t('tickets.f_overdue'), value: 2, min: 0, step: 1 },
      ],
      input: (v) => ({ met: v.met ?? 0, replied: v.replied ?? 0, overdue_unreplied: v.overdue_unreplied ?? 0 }),
      render: (out, r) => {
        const f = r.sla_attainment;
        fill(out, headline(t, f, defined(f) ? fmt.pct(f.value) : '',
          defined(f) ? t('tickets.sla_calc_detail', { met: fmt.int(f.met), replied: fmt.int(f.replied), overdue: fmt.int(f.overdue_unreplied) }) : ''),
        how(t, t('tickets.how_sla_calc')));
      },
    });
    const touch = calculator(ctx, {
      id: 'one_touch', name: 'one_touch', title: t('tickets.calc_one_touch'), lede: t('tickets.calc_one_touch_lede'),
      fields: [
        { key: 'one_touch', label: t('tickets.f_one_touch'), value: 6, min: 0, step: 1 },
        { key: 'solved', label: t('tickets.f_solved'), value: 10, min: 0, step: 1 },
      ],
      input: (v) => ({ one_touch: v.one_touch ?? 0, solved: v.solved ?? 0 }),
      render: (out, r) => {
        const f = r.one_touch_rate;
        fill(out, headline(t, f, defined(f) ? fmt.pct(f.value) : '',
          defined(f) ? t('tickets.one_touch_detail', { one_touch: fmt.int(f.one_touch), solved: fmt.int(f.solved) }) : ''),
        how(t, t('tickets.how_one_touch')));
      },
    });
    fill(ctx.root,
      h('header', { class: 'section-head' }, h('h2', {}, t('tickets.title')), h('p', { class: 'lede' }, t('tickets.lede'))),
      empty,
      dataBox,
      h('h2', { class: 'area-title' }, t('common.calculators')),
      h('div', { class: 'calc-grid' }, sla.node, touch.node, durationsCard(ctx)));
    const update = () => {
      const report = ctx.report('tickets');
      dataBox.hidden = !report;
      empty.hidden = Boolean(report);
      if (report) fromData(ctx, report, dataBox);
    };
    update();
    return { update, shown: update };
  },
};

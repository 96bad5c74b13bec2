// Surveys: NPS, CSAT, CES from survey data, and their typed-in calculators.
import { h, fill, defined } from '../ui.js';
import { calculator, headline } from '../calc.js';
import { barChart, lineChart, chartFigure, chartWidth } from '../chart.js';
import { attachWarnings, undefinedText, how } from './common.js';

/** docs/metrics.md, Conventions: NPS in whole points, one decimal below 100 answers. */
export function npsText(fmt, value, n) {
  return n < 100 ? fmt.fixed(value, 1) : fmt.int(value);
}

function npsDetail(t, fmt, f) {
  return t('surveys.nps_detail', {
    low: npsText(fmt, f.ci95_low, f.n), high: npsText(fmt, f.ci95_high, f.n),
    moe: fmt.fixed(f.margin_of_error, 1), n: fmt.int(f.n), count: f.n,
  });
}

/** The NPS block: headline, groups, and the 0–10 distribution when known. */
export function npsBlock(ctx, f, { width } = {}) {
  const { t, fmt } = ctx;
  const block = h('div', { class: 'nps-block' });
  block.append(headline(t, f, defined(f) ? npsText(fmt, f.value, f.n) : '', defined(f) ? npsDetail(t, fmt, f) : ''));
  if (!f || !f.n) return block;
  const groups = [['pro', f.promoters, 'surveys.promoters', '9–10'], ['pas', f.passives, 'surveys.passives', '7–8'], ['det', f.detractors, 'surveys.detractors', '0–6']];
  const stack = h('div', { class: 'stack', 'aria-hidden': 'true' },
    groups.slice().reverse().map(([k, c]) => h('span', { class: k, style: null, dataset: { grow: String(c) } })));
  for (const span of stack.children) span.style.flexGrow = span.dataset.grow;
  block.append(stack, h('dl', { class: 'group-list' }, groups.map(([k, c, label, range]) =>
    h('div', { class: `g ${k}` }, h('dt', {}, t(label), ' ', h('small', {}, range)),
      h('dd', {}, h('b', {}, fmt.int(c)), ' ', h('span', {}, fmt.pct(c / f.n)))))));
  if (f.distribution) {
    const bars = f.distribution.map((count, score) => ({
      label: String(score), value: count, valueLabel: fmt.int(count),
      className: score >= 9 ? 'pro' : score >= 7 ? 'pas' : 'det',
    }));
    const alt = t('surveys.distribution_alt') + ' ' + f.distribution.map((c, s) => `${s}: ${fmt.int(c)}`).join(', ') + '.';
    block.append(chartFigure(document, t('surveys.distribution'), barChart(bars, { title: t('surveys.distribution'), width: width || 440 }), alt));
  }
  return block;
}

function fromData(ctx, report, box) {
  const { t, fmt } = ctx;
  const m = report.metrics;
  const width = chartWidth(box, 560);
  const cards = [];
  if (m.nps) {
    cards.push(h('article', { class: 'card result wide', id: 'data-nps', 'data-figure': 'nps' },
      h('h3', { class: 'label' }, t('surveys.nps_title')),
      npsBlock(ctx, m.nps, { width: Math.min(width - 44, 900) }),
      how(t, t('surveys.nps_how'))));
  }
  if (m.csat) {
    const f = m.csat;
    cards.push(h('article', { class: 'card result', id: 'data-csat', 'data-figure': 'csat' },
      h('h3', { class: 'label' }, t('surveys.csat_title')),
      headline(t, f, defined(f) ? fmt.pct(f.value) : '', defined(f) ? t('surveys.csat_detail', { low: fmt.pct(f.ci95_low), high: fmt.pct(f.ci95_high), satisfied: fmt.int(f.satisfied), n: fmt.int(f.n) }) : ''),
      h('p', { class: 'assumption' }, t('surveys.csat_scale', { scale: report.settings.csat_scale })),
      how(t, t('surveys.csat_how'))));
  }
  if (m.ces) {
    const f = m.ces;
    cards.push(h('article', { class: 'card result', id: 'data-ces', 'data-figure': 'ces' },
      h('h3', { class: 'label' }, t('surveys.ces_title')),
      headline(t, f, defined(f) ? fmt.fixed(f.value, 2) : '', defined(f) ? t('surveys.ces_detail', { share: fmt.pct(f.share_low_effort), n: fmt.int(f.n), count: f.n, scale: report.settings.ces_scale }) : ''),
      how(t, t('surveys.ces_how'))));
  }
  if (m.nps_by_month && m.nps_by_month.length > 1) {
    const months = m.nps_by_month;
    const labels = months.map((x) => fmt.month(x.month));
    const values = months.map((x) => x.value);
    const alt = months.map((x) => `${fmt.month(x.month)}: ${x.value === null ? '–' : npsText(fmt, x.value, x.n)} (${fmt.int(x.n)})`).join(', ');
    const change = m.nps_change;
    cards.push(h('article', { class: 'card result wide', id: 'data-nps-months', 'data-figure': 'nps_by_month' },
      h('h3', { class: 'label' }, t('surveys.by_month')),
      chartFigure(document, t('surveys.by_month_caption'), lineChart(labels, [{ values, className: 'primary' }], { title: t('surveys.by_month'), width: Math.min(width - 44, 900), yFormat: (v) => fmt.int(v) }), alt),
      change ? h('p', { class: 'change' }, defined(change)
        ? t('surveys.change_sentence', { from: fmt.month(change.from), to: fmt.month(change.to), delta: fmt.signed(change.value, 1),
            low: fmt.signed(change.ci95_low, 1), high: fmt.signed(change.ci95_high, 1), verdict: t(`surveys.verdict_${change.verdict}`) })
        : undefinedText(t, change)) : null));
  }
  fill(box,
    h('h2', { class: 'area-title' }, t('common.from_data', { name: ctx.dataName('survey') || '' })),
    h('div', { class: 'result-grid' }, cards));
  attachWarnings(ctx, report, box);
}


export default {
  id: 'surveys',
  kinds: ['survey'],
  mount(ctx) {
    const { t, fmt } = ctx;
    const dataBox = h('div', { class: 'data-area', id: 'surveys-data' });
    const nps = calculator(ctx, {
      id: 'nps', name: 'nps', title: t('surveys.calc_nps'), lede: t('surveys.calc_nps_lede'),
      fields: [
        { key: 'promoters', label: t('surveys.promoters'), hint: '9–10', value: 60, min: 0, step: 1 },
        { key: 'passives', label: t('surveys.passives'), hint: '7–8', value: 25, min: 0, step: 1 },
        { key: 'detractors', label: t('surveys.detractors'), hint: '0–6', value: 15, min: 0, step: 1 },
      ],
      input: (v) => ({ promoters: v.promoters ?? 0, passives: v.passives ?? 0, detractors: v.detractors ?? 0 }),
      render: (out, r) => fill(out, npsBlock(ctx, r.nps)),
    });
    const change = calculator(ctx, {
      id: 'nps_change', name: 'nps_change', title: t('surveys.calc_change'), lede: t('surveys.calc_change_lede'),
      fields: [
        { key: 'p1', label: t('surveys.before_promoters'), value: 60, min: 0, step: 1 },
        { key: 'a1', label: t('surveys.before_passives'), value: 25, min: 0, step: 1 },
        { key: 'd1', label: t('surveys.before_detractors'), value: 15, min: 0, step: 1 },
        { key: 'p2', label: t('surveys.after_promoters'), value: 70, min: 0, step: 1 },
        { key: 'a2', label: t('surveys.after_passives'), value: 20, min: 0, step: 1 },
        { key: 'd2', label: t('surveys.after_detractors'), value: 10, min: 0, step: 1 },
      ],
      input: (v) => ({ before: { promoters: v.p1 ?? 0, passives: v.a1 ?? 0, detractors: v.d1 ?? 0 },
        after: { promoters: v.p2 ?? 0, passives: v.a2 ?? 0, detractors: v.d2 ?? 0 } }),
      render: (out, r) => {
        const f = r.nps_change;
        fill(out, headline(t, f, defined(f) ? fmt.signed(f.value, 1) : '',
          defined(f) ? t('surveys.change_detail', { low: fmt.signed(f.ci95_low, 1), high: fmt.signed(f.ci95_high, 1) }) : ''),
        defined(f) ? h('p', { class: 'verdict' }, t(`surveys.verdict_${f.verdict}`)) : null);
      },
    });
    const csat = calculator(ctx, {
      id: 'csat', name: 'csat', title: t('surveys.calc_csat'), lede: t('surveys.calc_csat_lede'),
      fields: [
        { key: 'satisfied', label: t('surveys.satisfied'), value: 74, min: 0, step: 1 },
        { key: 'responses', label: t('surveys.responses'), value: 107, min: 0, step: 1 },
      ],
      input: (v) => ({ satisfied: v.satisfied ?? 0, responses: v.responses ?? 0 }),
      render: (out, r) => {
        const f = r.csat;
        fill(out, headline(t, f, defined(f) ? fmt.pct(f.value) : '', defined(f) ? t('surveys.ci', { low: fmt.pct(f.ci95_low), high: fmt.pct(f.ci95_high) }) : ''));
      },
    });
    const ces = calculator(ctx, {
      id: 'ces', name: 'ces', title: t('surveys.calc_ces'), lede: t('surveys.calc_ces_lede'),
      fields: [1, 2, 3, 4, 5, 6, 7].map((s) => ({ key: `s${s}`, label: t('surveys.answered', { score: s }), value: [2, 3, 5, 10, 20, 30, 30][s - 1], min: 0, step: 1 })),
      input: (v) => ({ scale: '1-7', counts: [1, 2, 3, 4, 5, 6, 7].map((s) => v[`s${s}`] ?? 0) }),
      render: (out, r) => {
        const f = r.ces;
        fill(out, headline(t, f, defined(f) ? fmt.fixed(f.value, 2) : '', defined(f) ? t('surveys.ces_share', { share: fmt.pct(f.share_low_effort) }) : ''));
      },
    });
    fill(ctx.root,
      h('header', { class: 'section-head' }, h('h2', {}, t('surveys.title')), h('p', { class: 'lede' }, t('surveys.lede'))),
      dataBox,
      h('h2', { class: 'area-title' }, t('common.calculators')),
      h('div', { class: 'calc-grid' }, nps.node, change.node, csat.node, ces.node));
    const update = () => {
      const report = ctx.report('survey');
      dataBox.hidden = !report;
      if (report) fromData(ctx, report, dataBox);
    };
    update();
    return { update, shown: update };
  },
};

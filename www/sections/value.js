// Customer value (docs/metrics.md §1): CAC from spend data, and the typed-in value
// calculator (LTV, LTV : CAC, payback, share lost before payback, payback
// curve). Every number comes from the core; this file formats and draws.
// The value inputs are saved under inputs.value.value (typed percentages),
// where the What-if section reads its baseline.
import { attachWarnings, undefinedText, reasonText, kpi, how } from './common.js';
import { h, fill, defined, table } from '../ui.js';
import { calculator, headline } from '../calc.js';
import { hbarChart, lineChart, chartFigure, chartWidth } from '../chart.js';
import { currencySelect, padChart } from './churn.js';
import { reportCurrency } from '../format.js';

/** Rounds a figure for a typed field: 4 decimals keep LTV equal to the report's to the cent. */
const typed = (x, d) => Number(Number(x).toFixed(d));

function spendData(ctx, report, box) {
  const { t, fmt } = ctx;
  const m = report.metrics;
  const cur = ctx.inputs.currency;
  const width = Math.min(chartWidth(box, 560) - 44, 900);
  const cac = m.cac;
  const tiles = h('div', { class: 'kpis', id: 'value-spend-kpis' },
    kpi(t, { id: 'cac', label: t('value.cac_total'), figure: cac, text: (f) => fmt.money(f.value, cur),
      detail: (f) => t('value.cac_detail', { spend: fmt.money(f.spend ?? 0, cur), n: fmt.int(f.new_customers ?? 0), count: f.new_customers ?? 0 }), howText: t('value.how_cac') }),
    kpi(t, { id: 'spend', label: t('value.spend'), figure: m.spend, text: (f) => fmt.money(f.value, cur) }),
    kpi(t, { id: 'new_customers', label: t('value.new_customers'), figure: m.new_customers, text: (f) => fmt.int(f.value) }));
  const parts = [h('article', { class: 'card result wide' }, tiles)];
  const channels = cac?.by_channel || [];
  if (channels.length) {
    const cacText = (c) => (defined(c.cac) ? fmt.money(c.cac.value, cur) : undefinedText(t, c.cac));
    const cell = (c) => (defined(c.cac) ? fmt.money(c.cac.value, cur) : t('value.cac_cell_undefined', { reason: reasonText(t, c.cac) }));
    const rows = channels.map((c) => [c.channel, c.spend === null || c.spend === undefined ? '–' : fmt.money(c.spend, cur), fmt.int(c.new_customers ?? 0), cell(c)]);
    const drawn = channels.filter((c) => defined(c.cac));
    const bars = drawn.map((c) => ({ label: c.channel, value: c.cac.value, valueLabel: fmt.money(c.cac.value, cur) }));
    const alt = t('value.channels_alt') + ' ' + channels.map((c) => `${c.channel}: ${cacText(c)}`).join('; ') + '.';
    const missing = channels.filter((c) => !defined(c.cac));
    parts.push(h('article', { class: 'card result wide', id: 'value-channels' },
      h('h3', { class: 'label' }, t('value.channels_title')),
      bars.length ? chartFigure(document, t('value.channels_caption'), padChart(hbarChart(bars, { title: t('value.channels_title'), width: width - 48 })), alt) : null,
      missing.length ? h('p', { class: 'assumption', id: 'value-channels-missing' }, t('value.channels_missing', { list: missing.map((c) => `${c.channel} (${reasonText(t, c.cac)})`).join(', ') })) : null,
      table([t('value.channel'), t('value.spend'), t('value.new_customers'), t('value.cac')], rows, { caption: t('value.channels_table'), numeric: [1, 2, 3] }),
      how(t, t('value.how_cac'))));
  }
  const months = cac?.by_month || [];
  if (months.length) {
    parts.push(h('article', { class: 'card result wide', id: 'value-months' },
      h('h3', { class: 'label' }, t('value.months_title')),
      table([t('value.month'), t('value.spend'), t('value.new_customers'), t('value.cac')],
        months.map((x) => [fmt.month(x.month), fmt.money(x.spend ?? 0, cur), fmt.int(x.new_customers ?? 0), defined(x.cac) ? fmt.money(x.cac.value, cur) : undefinedText(t, x.cac)]),
        { numeric: [1, 2, 3] })));
  }
  fill(box,
    h('h2', { class: 'area-title' }, t('common.from_data', { name: ctx.dataName('spend') || '' })),
    h('div', { class: 'result-grid' }, parts));
  attachWarnings(ctx, report, box);
}

/** A customer table's value figures: LTV from ARPA and the monthly churn estimated from tenure. */
function snapshotValue(ctx, report, box) {
  const { t, fmt } = ctx;
  const m = report.metrics;
  const cur = ctx.inputs.currency;
  const money = (f) => fmt.money(f.value, cur);
  const tiles = h('div', { class: 'kpis', id: 'value-snapshot-kpis' },
    kpi(t, { id: 'ltv', label: t('value.snapshot_ltv'), figure: m.ltv, text: money,
      detail: (f) => t('value.snapshot_ltv_detail', { arpa: fmt.money(f.arpa ?? 0, cur), margin: fmt.pct(f.gross_margin ?? 1), churn: fmt.pct(f.monthly_churn ?? 0) }),
      howText: t('churn.how_snapshot_ltv') }),
    kpi(t, { id: 'arpa', label: t('churn.arpa'), figure: m.arpa, text: money, howText: t('churn.how_snapshot_arpa') }),
    kpi(t, { id: 'monthly_churn_estimate', label: t('churn.snapshot_monthly'), figure: m.monthly_churn_estimate, text: (f) => fmt.pct(f.value),
      howText: t('churn.how_snapshot_monthly') }),
    kpi(t, { id: 'expected_lifetime_months', label: t('value.snapshot_lifetime'), figure: m.expected_lifetime_months,
      text: (f) => t('churn.snapshot_months', { n: fmt.num(f.value, 1) }) }),
    kpi(t, { id: 'average_total_charges', label: t('value.snapshot_total'), figure: m.average_total_charges, text: money,
      howText: t('value.how_snapshot_total') }));
  fill(box,
    h('h2', { class: 'area-title' }, t('common.from_data', { name: ctx.dataName('customers') || '' })),
    h('div', { class: 'result-grid' }, h('article', { class: 'card result wide' }, tiles)));
}

/** The payback curve chart: cumulative margin − CAC per month, break-even marked. */
function paybackChart(ctx, curve, width) {
  const { t, fmt } = ctx;
  const cur = ctx.inputs.currency;
  const points = curve.points || [];
  if (!points.length) return null;
  const labels = points.map((p) => fmt.int(p.month));
  const values = points.map((p) => p.value);
  const be = curve.break_even_month;
  const inside = be !== null && be !== undefined && points.some((p) => p.month === be);
  const index = inside ? points.findIndex((p) => p.month === be) : -1;
  // The marker's label is drawn to the right of the rule: short when near the right edge.
  const marker = inside ? { index, label: index < points.length * 0.6 ? t('value.break_even_marker', { month: fmt.int(be) }) : fmt.int(be) } : undefined;
  const first = points[0], last = points[points.length - 1];
  const alt = t('value.curve_alt', {
    start: fmt.money(first.value, cur), end: fmt.money(last.value, cur), last: fmt.int(last.month),
    breakeven: be === null || be === undefined ? undefinedText(t, curve) : t('value.break_even', { month: fmt.int(be) }),
  });
  return chartFigure(document, t('value.curve_caption', { currency: cur }),
    padChart(lineChart(labels, [{ values, className: 'primary' }], { title: t('value.curve_title'), width: width - 24, marker, zero: true, yFormat: (v) => fmt.num(v, 0) }), 12), alt);
}

function renderValue(ctx, out, r) {
  const { t, fmt } = ctx;
  const cur = ctx.inputs.currency;
  const s = r.settings || {};
  const ltv = r.ltv;
  const capped = ltv?.capped;
  const ratio = r.ltv_cac;
  const payback = r.payback_months;
  const lost = r.lost_before_payback;
  const curve = r.payback_curve;
  const width = Math.min(chartWidth(out, 440) - 4, 900);
  fill(out,
    h('div', { class: 'value-ltv', id: 'value-ltv' },
      h('h4', { class: 'metric-label' }, t('value.ltv')),
      headline(t, ltv, defined(ltv) ? fmt.money(ltv.value, cur) : '',
        defined(r.expected_lifetime_months) ? t('value.lifetime', { months: fmt.months(r.expected_lifetime_months.value), count: r.expected_lifetime_months.value }) : ''),
      capped && defined(capped) ? h('p', { class: 'verdict', id: 'value-ltv-capped' }, t('value.ltv_capped', { value: fmt.money(capped.value, cur), months: fmt.int(capped.months) })) : null),
    h('p', { class: 'assumption', id: 'value-gm-note' }, s.gross_margin_assumed
      ? t('value.gm_assumed', { gm: fmt.pct(s.gross_margin ?? 1, 0) })
      : t('value.gm_given', { gm: fmt.pct(s.gross_margin ?? 1) })),
    h('div', { class: 'kpis' },
      kpi(t, { id: 'ltv_cac', label: t('value.ltv_cac'), figure: ratio, text: (f) => t('value.ratio', { x: fmt.num(f.value, 1) }),
        detail: (f) => t('value.reference', { x: fmt.int(f.reference ?? 3) }), howText: t('value.how_ltv_cac') }),
      kpi(t, { id: 'payback_months', label: t('value.payback'), figure: payback, text: (f) => t('value.months', { months: fmt.months(f.value), count: f.value }),
        detail: () => t('value.payback_detail'), howText: t('value.how_payback') }),
      kpi(t, { id: 'lost_before_payback', label: t('value.lost_before_payback'), figure: lost, text: (f) => fmt.pct(f.value),
        detail: (f) => t('value.lost_sentence', { share: fmt.pct(f.value) }), howText: t('value.how_lost') })),
    ratio && !defined(ratio) && ratio.capped ? h('p', { class: 'verdict' }, t('value.ratio_capped', { x: fmt.num(ratio.capped.value, 1), months: fmt.int(ratio.capped.months) })) : null,
    h('h4', { class: 'metric-label value-curve-title' }, t('value.curve_title')),
    defined(curve)
      ? h('p', { class: 'verdict', id: 'value-break-even' }, t(curve.points?.some((p) => p.month === curve.value) ? 'value.break_even' : 'value.break_even_beyond', { month: fmt.int(curve.value) }))
      : h('p', { class: 'verdict', id: 'value-break-even' }, undefinedText(t, curve)),
    curve ? paybackChart(ctx, curve, width) : null,
    how(t, t('value.how_ltv', { cap: fmt.int(s.lifetime_cap_months ?? 60), discount: fmt.pct(s.discount_rate ?? 0, 2) })));
}

export default {
  id: 'value',
  kinds: ['spend', 'customers'],
  mount(ctx) {
    const { t, fmt } = ctx;
    const dataBox = h('div', { class: 'data-area', id: 'value-data' });
    const snapshotBox = h('div', { class: 'data-area', id: 'value-snapshot' });
    // The user's choice here, else in Churn & revenue, else the data's.
    const currency = currencySelect(ctx, () => { update(); valueCalc.compute(); cacCalc.compute(); }, () => [
      ctx.shared().inputs.churn?.currency_chosen ? ctx.shared().inputs.churn.currency : undefined,
      reportCurrency(ctx.report('spend')), reportCurrency(ctx.report('subscriptions')), reportCurrency(ctx.report('customers'))], ['spend', 'subscriptions', 'customers']);

    const valueCalc = calculator(ctx, {
      id: 'value', name: 'value', title: t('value.calc_value'), lede: t('value.calc_value_lede'),
      fields: [
        { key: 'cac', label: t('value.f_cac'), hint: t('value.f_cac_hint'), value: 1200, min: 0, max: 20000, step: 10, slider: true },
        { key: 'arpa', label: t('value.f_arpa'), hint: t('value.f_arpa_hint'), value: 100, min: 0, max: 2000, step: 1, slider: true },
        { key: 'gross_margin', label: t('value.f_gross_margin'), hint: t('value.f_gross_margin_hint'), value: null, min: 0, max: 100, step: 1, slider: true, percent: true, suffix: '%' },
        { key: 'monthly_churn', label: t('value.f_monthly_churn'), hint: t('value.f_monthly_churn_hint'), value: 3, min: 0, max: 30, step: 0.1, slider: true, percent: true, suffix: '%' },
        { key: 'discount_rate', label: t('value.f_discount_rate'), hint: t('value.f_discount_rate_hint'), value: 0, min: 0, max: 5, step: 0.1, slider: true, percent: true, suffix: '%' },
        { key: 'lifetime_cap_months', label: t('value.f_lifetime_cap'), hint: t('value.f_lifetime_cap_hint'), value: 60, min: 1, max: 240, step: 1, slider: true, suffix: t('value.months_suffix') },
      ],
      input: (v) => ({
        arpa: v.arpa, monthly_churn: v.monthly_churn, cac: v.cac, gross_margin: v.gross_margin,
        discount_rate: v.discount_rate, lifetime_cap_months: v.lifetime_cap_months,
      }),
      render: (out, r) => renderValue(ctx, out, r),
    });
    // Gross margin left empty means "assumed 100 %": say so in the field too.
    const gm = valueCalc.controls.gross_margin;
    gm.input.placeholder = '100';
    const gmRange = gm.node.querySelector('input[type=range]');
    const gmRangeDefault = () => { if (gm.input.value.trim() === '' && gmRange) gmRange.value = '100'; };
    gmRangeDefault();
    gm.input.addEventListener('input', gmRangeDefault);
    // Stable ids (value-arpa, value-monthly-churn, …) for links and tests.
    for (const [key, c] of Object.entries(valueCalc.controls)) {
      c.input.id = `value-${key.replace(/_/g, '-')}`;
      c.node.querySelector('label')?.setAttribute('for', c.input.id);
    }

    // Inputs beside the results on a wide screen, above them on a phone.
    const form = valueCalc.node.querySelector('.calc-form');
    const body = h('div', { class: 'value-body' });
    body.style.display = 'grid';
    body.style.gridTemplateColumns = 'repeat(auto-fit, minmax(min(100%, 340px), 1fr))';
    body.style.gap = '0 2rem';
    body.style.alignItems = 'start';
    form.before(body);
    body.append(form, valueCalc.node.querySelector('.calc-out'));
    // Figures from loaded data, copied into the fields on request.
    const fromData = h('div', { class: 'value-from-data', id: 'value-from-data' });
    fromData.style.marginBottom = '.9rem';
    body.before(fromData);

    let lastCac = null;
    const cacCalc = calculator(ctx, {
      id: 'cac', name: 'cac', title: t('value.calc_cac'), lede: t('value.calc_cac_lede'),
      fields: [
        { key: 'spend', label: t('value.f_spend'), value: 10000, min: 0 },
        { key: 'new_customers', label: t('value.f_new_customers'), value: 5, min: 0, step: 1 },
      ],
      input: (v) => v,
      render: (out, r) => {
        const f = r.cac;
        lastCac = defined(f) ? f.value : null;
        fill(out,
          headline(t, f, defined(f) ? fmt.money(f.value, ctx.inputs.currency) : '', defined(f) ? t('value.cac_detail', { spend: fmt.money(f.spend, ctx.inputs.currency), n: fmt.int(f.new_customers), count: f.new_customers }) : ''),
          defined(f) ? h('p', { class: 'actions' }, h('button', { type: 'button', class: 'ghost small', id: 'value-use-typed-cac',
            onclick: () => { if (lastCac !== null) valueCalc.set('cac', typed(lastCac, 2)); } }, t('value.use_typed_cac'))) : null,
          how(t, t('value.how_cac')));
      },
    });

    const wide = h('div', { class: 'result-grid value-main' }, valueCalc.node);
    valueCalc.node.classList.add('wide');
    fill(ctx.root,
      h('header', { class: 'section-head' }, h('h2', {}, t('value.title')), h('p', { class: 'lede' }, t('value.lede'))),
      h('div', { class: 'calc-form section-settings' }, currency.node),
      wide,
      snapshotBox,
      dataBox,
      h('h2', { class: 'area-title' }, t('common.calculators')),
      h('div', { class: 'calc-grid' }, cacCalc.node));

    function updateButtons() {
      const subs = ctx.report('subscriptions');
      const spend = ctx.report('spend');
      const buttons = [];
      const cur = ctx.inputs.currency;
      if (subs) {
        const arpa = subs.metrics.arpa, churn = subs.metrics.customer_churn;
        const ok = defined(arpa) && defined(churn);
        buttons.push(h('p', { class: 'actions' }, h('button', { type: 'button', class: 'ghost small', id: 'value-use-subscriptions', disabled: !ok,
          onclick: () => {
            valueCalc.set('arpa', typed(arpa.value, 4));
            valueCalc.set('monthly_churn', typed(churn.value * 100, 4));
            if (subs.settings && subs.settings.gross_margin_assumed === false) valueCalc.set('gross_margin', typed(subs.settings.gross_margin * 100, 4));
          } }, t('value.use_subscriptions')),
        h('small', { class: 'assumption' }, ok
          ? t('value.use_subscriptions_detail', { arpa: fmt.money(arpa.value, cur), churn: fmt.pct(churn.value), name: ctx.dataName('subscriptions') })
          : undefinedText(t, defined(arpa) ? churn : arpa))));
      }
      const snap = ctx.report('customers');
      if (snap) {
        const arpa = snap.metrics.arpa, churn = snap.metrics.monthly_churn_estimate;
        const ok = defined(arpa) && defined(churn);
        buttons.push(h('p', { class: 'actions' }, h('button', { type: 'button', class: 'ghost small', id: 'value-use-customers', disabled: !ok,
          onclick: () => {
            valueCalc.set('arpa', typed(arpa.value, 4));
            valueCalc.set('monthly_churn', typed(churn.value * 100, 4));
            if (snap.settings && snap.settings.gross_margin_assumed === false) valueCalc.set('gross_margin', typed(snap.settings.gross_margin * 100, 4));
          } }, t('value.use_customers')),
        h('small', { class: 'assumption' }, ok
          ? t('value.use_customers_detail', { arpa: fmt.money(arpa.value, cur), churn: fmt.pct(churn.value), name: ctx.dataName('customers') })
          : undefinedText(t, defined(arpa) ? churn : arpa))));
      }
      if (spend) {
        const cac = spend.metrics.cac;
        buttons.push(h('p', { class: 'actions' }, h('button', { type: 'button', class: 'ghost small', id: 'value-use-spend', disabled: !defined(cac),
          onclick: () => valueCalc.set('cac', typed(cac.value, 2)) }, t('value.use_spend')),
        h('small', { class: 'assumption' }, defined(cac)
          ? t('value.use_spend_detail', { cac: fmt.money(cac.value, cur), name: ctx.dataName('spend') })
          : undefinedText(t, cac))));
      }
      fill(fromData, buttons);
      fromData.hidden = !buttons.length;
    }

    function update() {
      if (currency.refresh()) { valueCalc.compute(); cacCalc.compute(); }
      updateButtons();
      const snap = ctx.report('customers');
      snapshotBox.hidden = !snap;
      if (snap) snapshotValue(ctx, snap, snapshotBox);
      const report = ctx.report('spend');
      dataBox.hidden = !report;
      if (report) spendData(ctx, report, dataBox);
    }
    update();
    return {
      update,
      shown: () => { update(); valueCalc.compute(); },
    };
  },
};

// Churn & revenue (docs/metrics.md §2): customer churn, retention, MRR movements and
// cohorts from a subscriptions dataset, and the typed-in churn calculators.
// Every number comes from the core (the dataset's report or a calculator);
// this file only formats and draws.
import { attachWarnings, undefinedText, kpi, how } from './common.js';
import { h, fill, defined, numberField, selectField, table } from '../ui.js';
import { calculator, headline } from '../calc.js';
import { lineChart, chartFigure, chartWidth } from '../chart.js';
import { CURRENCIES, pickCurrency, reportCurrency } from '../format.js';

export { CURRENCIES };

/**
 * The currency a section starts with: the user's choice, else the
 * `fallbacks` in order (another section's choice, the data's currency),
 * else the one the language suggests. Only a choice the user made is kept
 * (`currency_chosen`), so switching the language or loading a file still
 * moves an untouched page to that language's or that file's currency.
 */
export function defaultCurrency(ctx, ...fallbacks) {
  const chosen = ctx.inputs.currency_chosen ? ctx.inputs.currency : undefined;
  return pickCurrency(ctx.t.lang, chosen, ...fallbacks);
}

/**
 * A currency select saved in the section's inputs. `fallbacks()` gives the
 * currencies to use, in order, when the user chose none here; `refresh()`
 * applies them again (data came in) and says whether the currency changed.
 * When the currency shown is the one the data of `kinds` names, a note
 * under the select says so, and says when it is a guess (a bare `$`).
 */
export function currencySelect(ctx, onChange, fallbacks = () => [], kinds = []) {
  const { t } = ctx;
  ctx.inputs.currency = defaultCurrency(ctx, ...fallbacks());
  const offered = (c) => (CURRENCIES.includes(c) ? CURRENCIES : [...CURRENCIES, c]);
  const field = selectField({
    label: t('churn.currency'),
    options: offered(ctx.inputs.currency).map((c) => [c, c]), value: ctx.inputs.currency,
    onChange: (v) => { ctx.inputs.currency = v; ctx.inputs.currency_chosen = true; explain(); ctx.changed(); onChange(); },
  });
  field.node.classList.add('currency-field');
  const note = h('small', { class: 'assumption currency-note' });
  field.node.append(note);
  const explain = () => {
    const report = ctx.inputs.currency_chosen ? null
      : kinds.map((k) => ctx.report(k)).find((r) => reportCurrency(r) === ctx.inputs.currency && r.settings.currency_source === 'data');
    const guess = report?.inferences?.find((i) => i.code === 'currency_guessed');
    note.textContent = !report ? '' : report.settings.currency_guessed
      ? t('churn.currency_guessed', { sign: guess?.params?.sign || '$' }) : t('churn.currency_from_data');
    note.hidden = !report;
  };
  explain();
  field.refresh = () => {
    const c = defaultCurrency(ctx, ...fallbacks());
    const changed = c !== ctx.inputs.currency;
    if (changed) {
      ctx.inputs.currency = c;
      if (![...field.select.options].some((o) => o.value === c)) field.select.append(h('option', { value: c }, c));
      field.set(c);
    }
    explain();
    return changed;
  };
  return field;
}


/** A "How is this computed?" disclosure. */

/** A label: value line inside a calculator's result, with an optional plain note. */
export function fact(label, value, id, note) {
  return h('p', { class: 'verdict', 'data-fact': id }, h('span', {}, label, ': '), h('b', {}, value), note ? h('span', {}, ' ', note) : null);
}

/** Widens a chart's drawing box so the first and last axis labels are not cut. */
export function padChart(svg, px = 24) {
  const [x, y, w, hgt] = (svg.getAttribute('viewBox') || '').split(' ').map(Number);
  if (![x, y, w, hgt].every(Number.isFinite)) return svg;
  svg.setAttribute('viewBox', `${x - px} ${y} ${w + 2 * px} ${hgt}`);
  svg.setAttribute('width', String(w + 2 * px));
  return svg;
}

/** Makes a calculator field take a whole row of its form. */
export function fullRow(field) {
  field.node.style.gridColumn = '1 / -1';
}

/** The churn-target sentence for a `churn_target` figure. */
function targetText(t, fmt, f) {
  if (!defined(f)) return undefinedText(t, f);
  return t(f.met ? 'churn.target_met' : 'churn.target_missed', {
    rate: fmt.pct(f.rate), target: fmt.pct(f.value), gap: fmt.points(f.gap_points),
  });
}

/** Heat colour for a retained share (0 … 1): pale to the brand green. */
function heat(share) {
  const s = Math.max(0, Math.min(1, Number(share) || 0));
  return { bg: `hsl(166 ${Math.round(30 + 40 * s)}% ${Math.round(96 - 62 * s)}%)`, ink: s > 0.62 ? '#ffffff' : '#16212b' };
}

function cohortTable(ctx, cohorts, view) {
  const { t, fmt } = ctx;
  const rows = cohorts.rows || [];
  const span = rows.reduce((n, r) => Math.max(n, (r.customers_retained || []).length), 0);
  const key = view === 'mrr' ? 'mrr_retained' : 'customers_retained';
  const head = h('tr', {},
    h('th', { scope: 'col' }, t('churn.cohort_month')),
    h('th', { scope: 'col', class: 'num' }, view === 'mrr' ? t('churn.cohort_starting_mrr') : t('churn.cohort_customers')),
    Array.from({ length: span }, (_, i) => h('th', { scope: 'col', class: 'num' }, fmt.int(i))));
  const body = rows.map((r) => {
    const cells = (r[key] || []).map((share) => {
      const td = h('td', { class: 'num heat' }, share === null || share === undefined ? '–' : fmt.pct(share, 0));
      if (share !== null && share !== undefined) {
        const c = heat(share);
        td.style.backgroundColor = c.bg;
        td.style.color = c.ink;
      }
      return td;
    });
    while (cells.length < span) cells.push(h('td', {}, ''));
    return h('tr', {},
      h('th', { scope: 'row' }, fmt.month(r.month)),
      h('td', { class: 'num' }, view === 'mrr' ? fmt.money(r.starting_mrr, ctx.inputs.currency) : fmt.int(r.customers)),
      cells);
  });
  return h('div', { class: 'table-wrap' }, h('table', { class: 'cohort-table', id: 'churn-cohort-table', dataset: { view } },
    h('caption', {}, t(view === 'mrr' ? 'churn.cohort_caption_mrr' : 'churn.cohort_caption_customers')),
    h('thead', {}, head), h('tbody', {}, body)));
}

/**
 * A customer table (one row per customer with a churned flag): the
 * snapshot's churn over its own, unknown period, retention, ARPA, tenure,
 * the monthly churn estimated from tenure, LTV, and churn by plan.
 */
export function snapshotData(ctx, report, box) {
  const { t, fmt } = ctx;
  const m = report.metrics;
  const cur = ctx.inputs.currency;
  const money = (f) => fmt.money(f.value, cur);
  const pct = (f) => fmt.pct(f.value);
  const int = (f) => fmt.int(f.value);
  const months = (f) => t('churn.snapshot_months', { n: fmt.num(f.value, 1) });
  const tiles = h('div', { class: 'kpis', id: 'churn-snapshot-kpis' },
    kpi(t, { id: 'customers', label: t('churn.snapshot_customers'), figure: m.customers, text: int }),
    kpi(t, { id: 'churned', label: t('churn.snapshot_churned'), figure: m.churned, text: int }),
    kpi(t, { id: 'customer_churn', label: t('churn.snapshot_churn'), figure: m.customer_churn, text: pct,
      detail: (f) => t('churn.snapshot_churn_detail', { churned: fmt.int(f.churned ?? 0), customers: fmt.int(f.customers ?? 0) }),
      howText: t('churn.how_snapshot_churn') }),
    kpi(t, { id: 'retention_rate', label: t('churn.retention_rate'), figure: m.retention_rate, text: pct,
      detail: () => t('churn.snapshot_period_unknown'), howText: t('churn.how_snapshot_churn') }),
    kpi(t, { id: 'monthly_churn_estimate', label: t('churn.snapshot_monthly'), figure: m.monthly_churn_estimate, text: pct,
      detail: (f) => t('churn.snapshot_monthly_detail', { churned: fmt.int(f.churned ?? 0), months: fmt.int(f.customer_months ?? 0) }),
      howText: t('churn.how_snapshot_monthly') }),
    kpi(t, { id: 'arpa', label: t('churn.arpa'), figure: m.arpa, text: money,
      detail: (f) => t('churn.snapshot_arpa_detail', { customers: fmt.int(f.customers ?? 0) }), howText: t('churn.how_snapshot_arpa') }),
    kpi(t, { id: 'average_tenure_months', label: t('churn.snapshot_tenure'), figure: m.average_tenure_months, text: months,
      detail: (f) => t('churn.snapshot_tenure_detail', {
        churned: f.churned_mean == null ? '–' : fmt.num(f.churned_mean, 1), active: f.active_mean == null ? '–' : fmt.num(f.active_mean, 1) }),
      howText: t('churn.how_snapshot_tenure') }),
    kpi(t, { id: 'ltv', label: t('churn.snapshot_ltv'), figure: m.ltv, text: money,
      detail: (f) => t('churn.snapshot_ltv_detail', { months: f.expected_lifetime_months == null ? '–' : fmt.num(f.expected_lifetime_months, 1) }),
      howText: t('churn.how_snapshot_ltv') }));
  const parts = [h('article', { class: 'card result wide' },
    h('p', { class: 'assumption', id: 'churn-snapshot-definition' }, t('churn.snapshot_definition')), tiles)];
  const plans = m.churn_by_plan?.plans || [];
  if (plans.length) {
    parts.push(h('article', { class: 'card result wide', id: 'churn-snapshot-plans' },
      h('h3', { class: 'label' }, t('churn.snapshot_plans_title')),
      table([t('churn.snapshot_plan'), t('churn.snapshot_customers'), t('churn.snapshot_churned'), t('churn.snapshot_churn')],
        plans.map((p) => [p.others ? t('churn.snapshot_other_plans') : p.plan, fmt.int(p.customers ?? 0), fmt.int(p.churned ?? 0),
          p.rate === null || p.rate === undefined ? '–' : fmt.pct(p.rate)]),
        { caption: t('churn.snapshot_plans_title'), numeric: [1, 2, 3] })));
  }
  fill(box,
    h('h2', { class: 'area-title' }, t('common.from_data', { name: ctx.dataName('customers') || '' })),
    h('div', { class: 'result-grid' }, parts));
}

function fromData(ctx, report, box, targetFigure) {
  const { t, fmt } = ctx;
  const m = report.metrics;
  const s = report.settings || {};
  const cur = ctx.inputs.currency;
  const money = (f) => fmt.money(f.value, cur);
  const pct = (f) => fmt.pct(f.value);
  const int = (f) => fmt.int(f.value);
  const width = Math.min(chartWidth(box, 560) - 44, 900);
  const period = { start: fmt.month(s.period_start), end: fmt.month(s.period_end) };
  const parts = [];

  const start = m.customers_start, end = m.customers_end;
  const netChange = defined(start) && defined(end)
    ? h('p', { class: 'change', id: 'churn-net-change' }, t('churn.net_change_sentence', {
      start: fmt.int(start.value), end: fmt.int(end.value), change: fmt.signed(end.net_change ?? 0), count: start.value,
    }))
    : null;

  const churnFig = m.customer_churn;
  const tiles = [
    kpi(t, { id: 'customers_start', label: t('churn.customers_start'), figure: start, text: int,
      detail: () => t('churn.on_date', { month: period.start }), howText: t('churn.how_customers_start') }),
    kpi(t, { id: 'customers_end', label: t('churn.customers_end'), figure: end, text: int,
      detail: (f) => t('churn.net_change', { change: fmt.signed(f.net_change ?? 0) }), howText: t('churn.how_customers_end') }),
    kpi(t, { id: 'new_customers', label: t('churn.new_customers'), figure: m.new_customers, text: int,
      detail: (f) => t('churn.new_detail', { new_and_lost: fmt.int(f.new_and_lost ?? 0), reactivated: fmt.int(f.reactivated ?? 0) }),
      howText: t('churn.how_new') }),
    kpi(t, { id: 'lost_customers', label: t('churn.lost_customers'), figure: m.lost_customers, text: int,
      detail: () => t('churn.lost_detail'), howText: t('churn.how_lost') }),
    kpi(t, { id: 'customer_churn', label: t('churn.customer_churn'), figure: churnFig, text: pct,
      detail: (f) => t('churn.pooled_detail', { lost: fmt.int(f.lost ?? 0), exposure: fmt.int(f.exposure ?? 0) })
        + (targetFigure ? ' ' + targetText(t, fmt, targetFigure) : ''),
      howText: t('churn.how_pooled') }),
    kpi(t, { id: 'retention_rate', label: t('churn.retention_rate'), figure: m.retention_rate, text: pct,
      detail: () => t('churn.retention_detail'), howText: t('churn.how_retention') }),
    kpi(t, { id: 'annual_churn', label: t('churn.annual_churn'), figure: m.annual_churn, text: pct,
      detail: () => t('churn.annual_detail'), howText: t('churn.how_annual') }),
    kpi(t, { id: 'mrr_start', label: t('churn.mrr_start'), figure: m.mrr_start, text: money,
      detail: (f) => t('churn.mrr_customers', { customers: fmt.int(f.customers ?? 0), month: period.start }), howText: t('churn.how_mrr') }),
    kpi(t, { id: 'mrr_end', label: t('churn.mrr_end'), figure: m.mrr_end, text: money,
      detail: (f) => t('churn.mrr_end_detail', { customers: fmt.int(f.customers ?? 0) }), howText: t('churn.how_mrr') }),
    kpi(t, { id: 'arpa', label: t('churn.arpa'), figure: m.arpa, text: money,
      detail: (f) => t('churn.arpa_detail', { mrr: fmt.money(f.mrr ?? 0, cur), customers: fmt.int(f.customers ?? 0) }), howText: t('churn.how_arpa') }),
    kpi(t, { id: 'nrr', label: t('churn.nrr'), figure: m.nrr, text: pct, detail: () => t('churn.nrr_detail'), howText: t('churn.how_nrr') }),
    kpi(t, { id: 'grr', label: t('churn.grr'), figure: m.grr, text: pct, detail: () => t('churn.grr_detail'), howText: t('churn.how_grr') }),
    kpi(t, { id: 'gross_mrr_churn', label: t('churn.gross_mrr_churn'), figure: m.gross_mrr_churn, text: pct,
      detail: (f) => t('churn.gross_mrr_churn_detail', { churned: fmt.money(f.churned ?? 0, cur), contraction: fmt.money(f.contraction ?? 0, cur) }),
      howText: t('churn.how_gross_mrr_churn') }),
    kpi(t, { id: 'expansion_rate', label: t('churn.expansion_rate'), figure: m.expansion_rate, text: pct,
      detail: (f) => t('churn.expansion_detail', { expanded: fmt.int(f.expanded_customers ?? 0), customers: fmt.int(f.customers_start ?? 0) }),
      howText: t('churn.how_expansion') }),
  ];
  const kpis = h('div', { class: 'kpis', id: 'churn-kpis' }, tiles);
  // Fourteen tiles: two per row on a phone rather than one.
  kpis.style.gridTemplateColumns = 'repeat(auto-fill, minmax(min(100%, 145px), 1fr))';

  // Monthly churn with the target.
  const months = churnFig?.months || [];
  if (months.length) {
    const labels = months.map((x) => fmt.month(x.month));
    const values = months.map((x) => (x.rate === null || x.rate === undefined ? null : x.rate));
    const target = defined(targetFigure) ? { value: targetFigure.value, label: t('churn.target_label', { target: fmt.pct(targetFigure.value) }) } : undefined;
    const alt = t('churn.monthly_alt') + ' ' + months.map((x) => t('churn.monthly_alt_item', {
      month: fmt.month(x.month), rate: x.rate === null || x.rate === undefined ? '–' : fmt.pct(x.rate), lost: fmt.int(x.lost ?? 0), start: fmt.int(x.start ?? 0),
    })).join('; ') + '.' + (target ? ' ' + target.label + '.' : '');
    parts.push(h('article', { class: 'card result wide', id: 'churn-monthly' },
      h('h3', { class: 'label' }, t('churn.monthly_title')),
      chartFigure(document, t('churn.monthly_caption'),
        padChart(lineChart(labels, [{ values, className: 'primary' }], { title: t('churn.monthly_title'), width: width - 48, target, zero: true, yFormat: (v) => fmt.pct(v, 0) })), alt),
      targetFigure ? h('p', { class: 'verdict', id: 'churn-target-status' }, targetText(t, fmt, targetFigure)) : null,
      table([t('churn.month'), t('churn.col_start'), t('churn.col_new'), t('churn.col_new_and_lost'), t('churn.col_lost'), t('churn.col_end'), t('churn.col_rate')],
        months.map((x) => [fmt.month(x.month), fmt.int(x.start ?? 0), fmt.int(x.new ?? 0), fmt.int(x.new_and_lost ?? 0), fmt.int(x.lost ?? 0), fmt.int(x.end ?? 0),
          x.rate === null || x.rate === undefined ? t('churn.no_start') : fmt.pct(x.rate)]),
        { caption: t('churn.monthly_table_caption'), numeric: [1, 2, 3, 4, 5, 6] }),
      how(t, t('churn.how_monthly'))));
  }

  // MRR movements.
  const mm = m.mrr_months?.months || [];
  if (mm.length) {
    parts.push(h('article', { class: 'card result wide', id: 'churn-mrr' },
      h('h3', { class: 'label' }, t('churn.mrr_title')),
      table([t('churn.month'), t('churn.mrr_col_start'), t('churn.mrr_col_new'), t('churn.mrr_col_expansion'), t('churn.mrr_col_contraction'),
        t('churn.mrr_col_churned'), t('churn.mrr_col_reactivation'), t('churn.mrr_col_end'), t('churn.mrr_col_nrr')],
      mm.map((x) => [fmt.month(x.month), fmt.money(x.mrr, cur), fmt.money(x.new, cur), fmt.money(x.expansion, cur), fmt.money(x.contraction, cur),
        fmt.money(x.churned, cur), fmt.money(x.reactivation, cur), fmt.money(x.mrr_end, cur), x.nrr === null || x.nrr === undefined ? '–' : fmt.pct(x.nrr)]),
      { caption: t('churn.mrr_caption'), numeric: [1, 2, 3, 4, 5, 6, 7, 8] }),
      how(t, t('churn.how_movements'))));
  }

  // Cohorts.
  const cohorts = m.cohorts;
  if (cohorts && (cohorts.rows || []).length) {
    const view = ctx.inputs.cohort_view === 'mrr' ? 'mrr' : 'customers';
    const holder = h('div', { class: 'cohort-holder' });
    const buttons = [['customers', t('churn.cohort_view_customers')], ['mrr', t('churn.cohort_view_mrr')]].map(([v, label]) =>
      h('button', { type: 'button', class: (v === view ? 'primary' : 'ghost') + ' small', 'data-view': v, 'aria-pressed': String(v === view),
        onclick: () => {
          ctx.inputs.cohort_view = v;
          ctx.changed();
          for (const b of buttons) {
            b.setAttribute('aria-pressed', String(b.dataset.view === v));
            b.className = (b.dataset.view === v ? 'primary' : 'ghost') + ' small';
          }
          fill(holder, cohortTable(ctx, cohorts, v));
        } }, label));
    fill(holder, cohortTable(ctx, cohorts, view));
    parts.push(h('article', { class: 'card result wide', id: 'churn-cohorts' },
      h('h3', { class: 'label' }, t('churn.cohort_title')),
      h('div', { class: 'actions', role: 'group', 'aria-label': t('churn.cohort_view') }, buttons),
      holder,
      h('p', { class: 'assumption' }, t('churn.cohort_legend')),
      cohorts.customers_before_range ? h('p', { class: 'assumption' }, t('churn.cohort_before', { n: fmt.int(cohorts.customers_before_range), count: cohorts.customers_before_range })) : null,
      how(t, t('churn.how_cohorts'))));
  }

  // LTV from the data.
  const ltv = m.ltv;
  if (ltv) {
    const capped = ltv.capped;
    parts.push(h('article', { class: 'card result', id: 'churn-ltv', 'data-figure': 'ltv' },
      h('h3', { class: 'label' }, t('churn.ltv_title')),
      headline(t, ltv, defined(ltv) ? fmt.money(ltv.value, cur) : '', defined(ltv)
        ? t('churn.ltv_detail', { arpa: fmt.money(ltv.arpa ?? 0, cur), churn: fmt.pct(ltv.monthly_churn ?? 0), gm: fmt.pct(ltv.gross_margin ?? 1, 0) }) : ''),
      capped && defined(capped) ? h('p', { class: 'verdict' }, t('churn.ltv_capped', { value: fmt.money(capped.value, cur), months: fmt.int(capped.months) })) : null,
      defined(m.expected_lifetime_months) ? h('p', { class: 'verdict' }, t('churn.expected_lifetime', { months: fmt.months(m.expected_lifetime_months.value), count: m.expected_lifetime_months.value })) : null,
      h('p', { class: 'assumption' }, s.gross_margin_assumed ? t('churn.gm_assumed', { gm: fmt.pct(s.gross_margin ?? 1, 0) }) : t('churn.gm_given', { gm: fmt.pct(s.gross_margin ?? 1, 0) })),
      h('p', { class: 'actions' }, h('button', { type: 'button', class: 'ghost small', onclick: () => ctx.selectTab('value', true) }, t('churn.to_value'))),
      how(t, t('churn.how_ltv', { cap: fmt.int(s.lifetime_cap_months ?? 60) }))));
  }

  fill(box,
    h('h2', { class: 'area-title' }, t('common.from_data', { name: ctx.dataName('subscriptions') || '' })),
    h('p', { class: 'assumption', id: 'churn-period' }, t('churn.period', {
      ...period,
      period_from: s.period_from ? ` (${t.reason(s.period_from)})` : '',
      as_of: s.as_of ? fmt.date(String(s.as_of).slice(0, 10)) : '–',
      as_of_from: s.as_of_from ? ` (${t.reason(s.as_of_from)})` : '',
    })),
    box.controls,
    h('div', { class: 'result-grid churn-results' },
      h('article', { class: 'card result wide', id: 'churn-summary' }, netChange, kpis), parts));
  attachWarnings(ctx, report, box);
}

export default {
  id: 'churn',
  kinds: ['subscriptions', 'customers'],
  mount(ctx) {
    const { t, fmt } = ctx;
    const dataBox = h('div', { class: 'data-area', id: 'churn-data' });
    const snapshotBox = h('div', { class: 'data-area', id: 'churn-snapshot' });
    const calcs = [];
    const currency = currencySelect(ctx, () => { update(); for (const c of calcs) c.compute(); }, () => [reportCurrency(ctx.report('subscriptions'))], ['subscriptions']);

    // The churn target for the data: typed here, judged by the core.
    if (ctx.inputs.churn_target === undefined) ctx.inputs.churn_target = 5;
    const targetField = numberField({
      label: t('churn.target_field'), value: ctx.inputs.churn_target ?? '', min: 0, max: 100, step: 0.1, suffix: '%',
      onInput: () => { ctx.inputs.churn_target = targetField.get(); ctx.changed(); clearTimeout(targetTimer); targetTimer = setTimeout(update, 150); },
    });
    targetField.input.id = 'churn-target';
    let targetTimer;
    dataBox.controls = h('div', { class: 'calc-form data-controls' }, targetField.node);

    const churnCalc = calculator(ctx, {
      id: 'churn', name: 'churn', title: t('churn.calc_churn'), lede: t('churn.calc_churn_lede'),
      fields: [
        { key: 'start', label: t('churn.f_start'), hint: 'S', value: 200, min: 0, step: 1 },
        { key: 'new', label: t('churn.f_new'), hint: 'N', value: 30, min: 0, step: 1 },
        { key: 'lost', label: t('churn.f_lost'), hint: 'L', value: 10, min: 0, step: 1 },
        { key: 'end', label: t('churn.f_end'), hint: 'E', value: 220, min: 0, step: 1 },
        { key: 'new_and_lost', label: t('churn.f_new_and_lost'), hint: t('churn.f_optional'), value: 0, min: 0, step: 1 },
        { key: 'target', label: t('churn.f_target'), hint: t('churn.f_optional'), value: 5, min: 0, max: 100, step: 0.1, percent: true, suffix: '%' },
      ],
      input: (v) => ({ start: v.start, new: v.new, lost: v.lost, end: v.end, new_and_lost: v.new_and_lost, target: v.target }),
      render: (out, r) => {
        const f = r.customer_churn;
        const net = r.net_change;
        const same = defined(r.retention_rate) && defined(r.retention_rate_literal) && r.retention_rate.value === r.retention_rate_literal.value;
        fill(out,
          headline(t, f, defined(f) ? fmt.pct(f.value) : '', defined(f) ? t('churn.churn_detail', { lost: fmt.int(f.lost), start: fmt.int(f.start) }) : ''),
          fact(t('churn.retention_rate'), defined(r.retention_rate) ? fmt.pct(r.retention_rate.value) : undefinedText(t, r.retention_rate), 'retention'),
          same || !r.retention_rate_literal ? null : fact(t('churn.retention_literal'), defined(r.retention_rate_literal) ? fmt.pct(r.retention_rate_literal.value) : undefinedText(t, r.retention_rate_literal), 'retention_literal'),
          fact(t('churn.net_change_label'), defined(net) ? fmt.signed(net.value) : undefinedText(t, net), 'net_change',
            defined(net) ? t('churn.net_change_calc', { start: fmt.int(net.start), end: fmt.int(net.end) }) : null),
          fact(t('churn.annual_churn'), defined(r.annual_churn) ? fmt.pct(r.annual_churn.value) : undefinedText(t, r.annual_churn), 'annual',
            defined(r.annual_churn) ? t('churn.annual_if_monthly') : null),
          r.churn_target ? h('p', { class: 'verdict', 'data-fact': 'target' }, targetText(t, fmt, r.churn_target)) : null,
          r.settings?.end_assumed ? h('p', { class: 'assumption' }, t('churn.end_assumed', { end: fmt.int(r.settings.end) })) : null,
          how(t, t('churn.how_calc_churn')));
      },
    });

    const convert = calculator(ctx, {
      id: 'churn_convert', name: 'churn_convert', title: t('churn.calc_convert'), lede: t('churn.calc_convert_lede'),
      fields: [
        { key: 'direction', label: t('churn.f_direction'), options: [['monthly', t('churn.monthly_to_annual')], ['annual', t('churn.annual_to_monthly')]], value: 'monthly' },
        { key: 'rate', label: t('churn.f_rate'), value: 5, min: 0, max: 100, step: 0.1, percent: true, suffix: '%' },
      ],
      input: (v) => (v.direction === 'annual' ? { annual: v.rate } : { monthly: v.rate }),
      render: (out, r, v) => {
        const toAnnual = v.direction !== 'annual';
        const f = toAnnual ? r.annual_churn : r.monthly_churn;
        const from = toAnnual ? r.monthly_churn : r.annual_churn;
        fill(out,
          headline(t, f, defined(f) ? fmt.pct(f.value) : '', defined(f) && defined(from)
            ? t(toAnnual ? 'churn.convert_to_annual' : 'churn.convert_to_monthly', { from: fmt.pct(from.value), to: fmt.pct(f.value) }) : ''),
          h('p', { class: 'assumption', 'data-fact': 'never12' }, t('churn.never_12')),
          how(t, t('churn.how_convert')));
      },
    });

    fullRow(convert.controls.direction);

    const pooledMonths = [[200, 10], [210, 12], [215, 9], [null, null]];
    const pooled = calculator(ctx, {
      id: 'pooled_churn', name: 'pooled_churn', title: t('churn.calc_pooled'), lede: t('churn.calc_pooled_lede'),
      fields: pooledMonths.flatMap(([s, l], i) => [
        { key: `s${i + 1}`, label: t('churn.f_month_start', { n: i + 1 }), value: s, min: 0, step: 1 },
        { key: `l${i + 1}`, label: t('churn.f_month_lost', { n: i + 1 }), value: l, min: 0, step: 1 },
      ]),
      input: (v) => ({
        months: pooledMonths.map((_, i) => ({ start: v[`s${i + 1}`], lost: v[`l${i + 1}`] }))
          .filter((x) => x.start !== null || x.lost !== null),
      }),
      render: (out, r) => {
        const f = r.customer_churn;
        fill(out,
          headline(t, f, defined(f) ? fmt.pct(f.value) : '', defined(f) ? t('churn.pooled_calc_detail', { lost: fmt.int(f.lost), start: fmt.int(f.start) }) : ''),
          f?.months?.length ? h('p', { class: 'assumption' }, t('churn.pooled_months', {
            list: f.months.map((x, i) => `${fmt.int(i + 1)}: ${defined(x) ? fmt.pct(x.value) : '–'}`).join(' · '),
          })) : null,
          fact(t('churn.annual_churn'), defined(r.annual_churn) ? fmt.pct(r.annual_churn.value) : undefinedText(t, r.annual_churn), 'annual'),
          how(t, t('churn.how_pooled')));
      },
    });

    const cur = () => ctx.inputs.currency;
    const revenue = calculator(ctx, {
      id: 'revenue', name: 'revenue', title: t('churn.calc_revenue'), lede: t('churn.calc_revenue_lede'),
      fields: [
        { key: 'mrr_start', label: t('churn.f_mrr_start'), value: 640, min: 0 },
        { key: 'expansion', label: t('churn.f_expansion'), value: 99, min: 0 },
        { key: 'contraction', label: t('churn.f_contraction'), value: 49, min: 0 },
        { key: 'churned', label: t('churn.f_churned'), value: 99, min: 0 },
        { key: 'customers_start', label: t('churn.f_customers_start'), hint: t('churn.f_optional'), value: 7, min: 0, step: 1 },
        { key: 'customers_expanded', label: t('churn.f_customers_expanded'), hint: t('churn.f_optional'), value: 1, min: 0, step: 1 },
      ],
      input: (v) => v,
      render: (out, r) => {
        const line = (id, label, f, text) => fact(label, defined(f) ? text(f) : undefinedText(t, f), id);
        fill(out,
          headline(t, r.nrr, defined(r.nrr) ? fmt.pct(r.nrr.value) : '', t('churn.nrr')),
          line('grr', t('churn.grr'), r.grr, (f) => fmt.pct(f.value)),
          line('gross_mrr_churn', t('churn.gross_mrr_churn'), r.gross_mrr_churn, (f) => fmt.pct(f.value)),
          line('expansion_rate', t('churn.expansion_rate'), r.expansion_rate, (f) => fmt.pct(f.value)),
          line('mrr_end', t('churn.mrr_end_kept'), r.mrr_end, (f) => fmt.money(f.value, cur())),
          how(t, `${t('churn.how_nrr')} ${t('churn.how_grr')} ${t('churn.how_gross_mrr_churn')}`));
      },
    });

    const renewal = calculator(ctx, {
      id: 'renewal_rate', name: 'renewal_rate', title: t('churn.calc_renewal'), lede: t('churn.calc_renewal_lede'),
      fields: [
        { key: 'renewed', label: t('churn.f_renewed'), value: 45, min: 0, step: 1 },
        { key: 'up_for_renewal', label: t('churn.f_up_for_renewal'), value: 50, min: 0, step: 1 },
      ],
      input: (v) => v,
      render: (out, r) => {
        const f = r.renewal_rate;
        fill(out, headline(t, f, defined(f) ? fmt.pct(f.value) : '', defined(f) ? t('churn.renewal_detail', { renewed: fmt.int(f.renewed), up: fmt.int(f.up_for_renewal) }) : ''),
          how(t, t('churn.how_renewal')));
      },
    });
    calcs.push(churnCalc, convert, pooled, revenue, renewal);

    fill(ctx.root,
      h('header', { class: 'section-head' }, h('h2', {}, t('churn.title')), h('p', { class: 'lede' }, t('churn.lede'))),
      h('div', { class: 'calc-form section-settings' }, currency.node),
      dataBox,
      snapshotBox,
      h('h2', { class: 'area-title' }, t('common.calculators')),
      h('div', { class: 'calc-grid' }, calcs.map((c) => c.node)));

    let generation = 0;
    async function update() {
      // Money in the file's currency unless the user chose one.
      if (currency.refresh()) for (const c of calcs) c.compute();
      const snapshot = ctx.report('customers');
      snapshotBox.hidden = !snapshot;
      if (snapshot) snapshotData(ctx, snapshot, snapshotBox);
      const report = ctx.report('subscriptions');
      dataBox.hidden = !report;
      if (!report) return;
      const mine = ++generation;
      let targetFigure = report.metrics.churn_target || null;
      const typed = targetField.get();
      const pooledFig = report.metrics.customer_churn;
      if (!targetFigure && typed !== null && pooledFig) {
        // The pooled rate is Σ lost ÷ Σ customers at the start of each month:
        // the core's churn calculator judges it against the typed target.
        try {
          const r = await ctx.calc('churn', { start: pooledFig.exposure ?? 0, new: 0, lost: pooledFig.lost ?? 0, target: typed / 100 });
          targetFigure = r.churn_target || null;
        } catch (err) {
          targetFigure = { value: null, reason: err.message };
        }
      }
      if (mine !== generation) return;
      const active = document.activeElement;
      fromData(ctx, report, dataBox, targetFigure);
      if (active === targetField.input) targetField.input.focus();
    }
    update();
    return { update, shown: update };
  },
};

// Customer success operations (docs/metrics.md §5): onboarding, email opens, sessions,
// engagement, adoption bands, upsell-ready accounts, renewal rate and the
// bottom-up CSM capacity, from an accounts dataset and as typed-in
// calculators. Every number comes from the Rust core; this file only
// formats and lays out.
import { h, fill, defined, numberField, table } from '../ui.js';
import { calculator, headline } from '../calc.js';
import { hbarChart, chartFigure, chartWidth } from '../chart.js';
import { attachWarnings, undefinedText, errorText, kpi, how } from './common.js';

/** Account names listed under the upsell count before "and N more". */
const UPSELL_SHOWN = 60;


function spaced(node) {
  node.style.marginTop = '.9rem';
  return node;
}


/** Minimal looks for a text input (the stylesheet styles number inputs only). */
function textLook(input) {
  Object.assign(input.style, { font: 'inherit', padding: '.5rem .6rem', border: '1px solid #c5cdd5', borderRadius: '8px', width: '100%', minWidth: '0', background: '#fff', color: 'inherit' });
  return input;
}

/** A wrapping row laid out through the CSSOM (the page's CSP forbids style attributes). */
function flexRow(...cells) {
  const row = h('div', { class: 'edit-row' }, ...cells);
  Object.assign(row.style, { display: 'flex', flexWrap: 'wrap', gap: '.4rem .6rem', alignItems: 'center', padding: '.5rem 0', borderBottom: '1px solid var(--line)' });
  return row;
}

function flexCell(flex, ...children) {
  const cell = h('div', { class: 'edit-cell' }, ...children);
  Object.assign(cell.style, { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: '.4rem', flex, minWidth: '0' });
  return cell;
}

function spacer() {
  const s = h('span', { 'aria-hidden': 'true' });
  s.style.flex = '1 1 0';
  return s;
}

/** A short number input for a row (5 rem wide). */
function smallNumber(value, label, field) {
  const input = h('input', { type: 'number', inputmode: 'decimal', min: 0, step: 'any', value: value ?? '', 'aria-label': label, 'data-field': field });
  Object.assign(input.style, { width: '5.2rem', flex: '0 0 5.2rem' });
  return input;
}

/** Adoption band stack (bad | good | excellent) with the thresholds in words. */
function bandsBlock(t, fmt, bands, good, excellent) {
  const total = (bands.bad || 0) + (bands.good || 0) + (bands.excellent || 0);
  const groups = [
    ['det', 'bad', t('success.band_bad'), t('success.band_bad_range', { good: fmt.pct(good, 0) })],
    ['pas', 'good', t('success.band_good'), t('success.band_good_range', { good: fmt.pct(good, 0), excellent: fmt.pct(excellent, 0) })],
    ['pro', 'excellent', t('success.band_excellent'), t('success.band_excellent_range', { excellent: fmt.pct(excellent, 0) })],
  ];
  const stack = h('div', { class: 'stack', 'aria-hidden': 'true' }, groups.map(([cls, key]) => h('span', { class: cls, dataset: { band: key } })));
  [...stack.children].forEach((span, i) => { span.style.flexGrow = String(bands[groups[i][1]] || 0); });
  const list = h('dl', { class: 'group-list bands' }, groups.map(([cls, key, label, range]) =>
    h('div', { class: `g ${cls}`, 'data-band': key },
      h('dt', {}, label, ' ', h('small', {}, range)),
      h('dd', {}, h('b', {}, fmt.int(bands[key] || 0)), ' ', total ? h('span', {}, fmt.pct((bands[key] || 0) / total)) : null))));
  return h('div', { class: 'bands-block' }, stack, list);
}

// ---------------------------------------------------------------------------
// From an accounts dataset.

function fromData(ctx, report, box, api) {
  const { t, fmt } = ctx;
  const m = report.metrics || {};
  const s = report.settings || {};
  const good = s.adoption_good ?? 0.3;
  const excellent = s.adoption_excellent ?? 0.7;
  const target = s.onboarding_target_days ?? 30;
  const asOf = s.as_of ? fmt.date(s.as_of) : '';
  const tiles = [];

  const tto = m.time_to_onboard_days;
  if (tto) tiles.push(kpi(t, {
    id: 'time_to_onboard_days', label: t('success.tto'), figure: tto,
    text: t('success.days', { n: fmt.num(tto.median ?? tto.value, 1), count: tto.median ?? tto.value }),
    detail: t('success.tto_detail', { p90: fmt.num(tto.p90, 1), n: fmt.int(tto.n ?? tto.done ?? 0) }),
    howText: t('success.tto_how'),
  }));
  const within = m.onboarded_within_target;
  if (within) tiles.push(kpi(t, {
    id: 'onboarded_within_target', label: t('success.within', { days: fmt.num(within.target_days ?? target, 0) }), figure: within,
    text: fmt.pct(within.value),
    detail: t('success.within_detail', { within: fmt.int(within.within_target ?? 0), done: fmt.int(within.done ?? 0), onboarding: fmt.int(within.in_onboarding ?? 0) }),
    howText: t('success.within_how', { days: fmt.num(within.target_days ?? target, 0) }),
  }));
  const email = m.email_open_rate;
  if (email) tiles.push(kpi(t, {
    id: 'email_open_rate', label: t('success.email'), figure: email, text: fmt.pct(email.value),
    detail: t('success.email_detail', { opened: fmt.int(email.opened ?? 0), sent: fmt.int(email.sent ?? 0) }),
    howText: t('success.email_how'),
  }));
  const sessions = m.sessions;
  if (sessions) tiles.push(kpi(t, {
    id: 'sessions', label: t('success.sessions'), figure: sessions, text: fmt.num(sessions.median ?? sessions.value, 1),
    detail: t('success.sessions_detail', { mean: fmt.num(sessions.mean, 1), n: fmt.int(sessions.n ?? 0), count: sessions.n ?? 0 }),
    howText: t('success.sessions_how'),
  }));
  const engaged = m.engaged_accounts;
  if (engaged) tiles.push(kpi(t, {
    id: 'engaged_accounts', label: t('success.engagement'), figure: engaged, text: fmt.pct(engaged.value),
    detail: t('success.engagement_detail', { active: fmt.int(engaged.active ?? 0), accounts: fmt.int(engaged.accounts ?? 0) }),
    howText: t('success.engagement_how'),
  }));
  const renewal = m.renewal_rate;
  if (renewal) tiles.push(kpi(t, {
    id: 'renewal_rate', label: t('success.renewal'), figure: renewal, text: fmt.pct(renewal.value),
    detail: t('success.renewal_detail', { renewed: fmt.int(renewal.renewed ?? 0), due: fmt.int(renewal.up_for_renewal ?? 0) }),
    howText: t('success.renewal_how'),
  }));

  const cards = [];
  if (tiles.length) {
    const grid = h('div', { class: 'kpis' }, tiles);
    grid.style.gridTemplateColumns = 'repeat(auto-fill, minmax(min(100%, 150px), 1fr))';
    grid.style.marginTop = '.6rem';
    cards.push(h('article', { class: 'card result wide', id: 'success-kpis' }, h('h3', { class: 'label' }, t('success.kpis')), grid));
  }

  const adoption = m.adoption;
  if (adoption) {
    cards.push(h('article', { class: 'card result', id: 'data-adoption', 'data-metric': 'adoption' },
      h('h3', { class: 'label' }, t('success.adoption')),
      headline(t, adoption, defined(adoption) ? fmt.pct(adoption.value) : '',
        defined(adoption) ? t('success.adoption_detail', { median: adoption.median == null ? '–' : fmt.pct(adoption.median), n: fmt.int(adoption.accounts ?? 0), count: adoption.accounts ?? 0 }) : ''),
      adoption.bands ? bandsBlock(t, fmt, adoption.bands, good, excellent) : null,
      how(t, t('success.adoption_how', { good: fmt.pct(good, 0), excellent: fmt.pct(excellent, 0) }))));
  }

  const upsell = m.upsell_ready;
  if (upsell) {
    const names = Array.isArray(upsell.accounts) ? upsell.accounts : [];
    const shown = names.slice(0, UPSELL_SHOWN);
    const tenure = s.upsell_min_tenure_months ?? 6;
    cards.push(h('article', { class: 'card result', id: 'data-upsell', 'data-metric': 'upsell_ready' },
      h('h3', { class: 'label' }, t('success.upsell')),
      headline(t, upsell, defined(upsell) ? fmt.int(upsell.value) : '',
        defined(upsell) && upsell.considered != null ? t('success.upsell_detail', { n: fmt.int(upsell.considered), share: upsell.share == null ? '–' : fmt.pct(upsell.share) }) : ''),
      shown.length ? h('ul', { class: 'upsell-list' }, shown.map((name) => h('li', {}, String(name)))) : null,
      names.length > shown.length ? h('p', { class: 'assumption' }, t('success.and_more', { n: fmt.int(names.length - shown.length), count: names.length - shown.length })) : null,
      h('p', { class: 'assumption' }, t('success.upsell_rule', { good: fmt.pct(good, 0), months: fmt.num(tenure, 1), as_of: asOf })),
      how(t, t('success.upsell_how', { good: fmt.pct(good, 0), months: fmt.num(tenure, 1), as_of: asOf }))));
  }

  const csm = m.csm_needed;
  if (csm) {
    const acts = Array.isArray(s.csm_activities) ? s.csm_activities : [];
    const hoursPer = s.csm_productive_hours ?? 1400;
    cards.push(h('article', { class: 'card result', id: 'data-csm', 'data-metric': 'csm_needed' },
      h('h3', { class: 'label' }, t('success.csm_needed')),
      headline(t, csm, defined(csm) ? fmt.fixed(csm.value, 2) : '',
        defined(csm) ? t('success.csm_detail', { whole: fmt.int(csm.whole ?? 0), hours: fmt.int(csm.hours_per_year ?? 0), accounts: fmt.int(csm.accounts ?? 0), per: fmt.int(hoursPer) }) : ''),
      acts.length ? spaced(table([t('success.activity'), t('success.hours_per'), t('success.per_year')],
        acts.map((a) => [String(a.name ?? ''), fmt.num(a.hours_per_occurrence, 2), fmt.num(a.occurrences_per_year, 2)]),
        { caption: s.csm_activities_assumed ? t('success.activities_assumed') : t('success.activities_used'), numeric: [1, 2] })) : null,
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'ghost small', id: 'csm-use-data',
        onclick: () => api.useInCalculator(acts, csm.accounts ?? null, hoursPer) }, t('success.use_in_calc'))),
      how(t, t('success.csm_how', { per: fmt.int(hoursPer) }))));
  }

  fill(box,
    h('h2', { class: 'area-title' }, t('common.from_data', { name: ctx.dataName('accounts') || '' })),
    asOf ? h('p', { class: 'assumption' }, t('success.as_of', { date: asOf })) : null,
    h('div', { class: 'result-grid' }, cards));
  attachWarnings(ctx, report, box);
}

// ---------------------------------------------------------------------------
// CSM capacity: an editable list of activities (bottom-up work).

function defaultActivities(t) {
  return [
    { name: t('success.act_qbr'), hours: 3, per_year: 4 },
    { name: t('success.act_checkin'), hours: 1, per_year: 12 },
    { name: t('success.act_renewal'), hours: 2, per_year: 1 },
  ];
}

function csmCapacity(ctx) {
  const { t, fmt } = ctx;
  const saved = (ctx.inputs.csm_capacity ||= {});
  if (!Array.isArray(saved.activities)) saved.activities = defaultActivities(t);
  if (saved.accounts === undefined) saved.accounts = 100;
  if (saved.productive_hours === undefined) saved.productive_hours = 1400;
  const rowsBox = h('div', { class: 'activities', id: 'csm-activities' });
  const out = h('div', { class: 'calc-out', 'aria-live': 'polite' });
  let last = null;
  let timer;
  let generation = 0;

  const num = (x) => (x === '' || x === null || x === undefined || !Number.isFinite(Number(x)) ? null : Number(x));
  const compute = async () => {
    const mine = ++generation;
    const input = {
      activities: saved.activities.map((a, i) => {
        const o = { name: String(a.name || '').trim() || t('success.activity_n', { n: i + 1 }) };
        if (num(a.hours) !== null) o.hours_per_occurrence = num(a.hours);
        if (num(a.per_year) !== null) o.occurrences_per_year = num(a.per_year);
        return o;
      }),
    };
    if (num(saved.accounts) !== null) input.accounts = num(saved.accounts);
    if (num(saved.productive_hours) !== null) input.productive_hours_per_csm = num(saved.productive_hours);
    try {
      const r = await ctx.calc('csm_capacity', input);
      if (mine === generation) { last = r; render(); }
    } catch (err) {
      if (mine === generation) { last = null; fill(out, h('p', { class: 'calc-error' }, errorText(t, err))); }
    }
  };
  const changed = () => {
    ctx.changed();
    clearTimeout(timer);
    timer = setTimeout(compute, 120);
  };

  const render = () => {
    if (!last) return;
    const r = last;
    const need = r.csm_needed;
    const hours = r.hours_needed;
    const parts = [
      headline(t, need, defined(need) ? fmt.fixed(need.value, 2) : '',
        defined(need) ? t('success.csm_whole', { whole: fmt.int(need.whole ?? 0) }) : ''),
      defined(hours) ? h('p', { class: 'verdict', id: 'csm-hours' }, t('success.hours_needed', {
        hours: fmt.num(hours.value, 1), accounts: fmt.int(hours.accounts ?? 0), per: fmt.int(r.settings?.productive_hours_per_csm ?? 0) })) : null,
    ];
    const by = defined(hours) && Array.isArray(hours.by_activity) ? hours.by_activity : [];
    if (by.length) {
      const width = Math.min(chartWidth(out, 520) - 4, 760);
      // Shorten long names to what the chart's label column holds (the full names are in the text alternative).
      const room = Math.max(8, Math.floor(Math.min(180, Math.max(90, width * 0.38)) / 7.5));
      const short = (s) => (s.length > room ? s.slice(0, room - 1) + '…' : s);
      const bars = by.map((a) => ({ label: short(String(a.name)), value: a.hours_per_year, valueLabel: t('success.hours_short', { n: fmt.num(a.hours_per_year, 1) }) }));
      const alt = by.map((a) => `${a.name}: ${t('success.hours_short', { n: fmt.num(a.hours_per_year, 1) })}`).join('; ');
      parts.push(chartFigure(document, t('success.by_activity'), hbarChart(bars, { title: t('success.by_activity'), width }), alt));
    }
    fill(out, parts);
  };

  const rows = () => {
    const body = saved.activities.map((a, i) => {
      const name = textLook(h('input', { type: 'text', value: a.name ?? '', 'aria-label': t('success.activity_label', { n: i + 1 }), 'data-field': 'name', maxlength: '120', placeholder: t('success.activity_n', { n: i + 1 }) }));
      name.addEventListener('input', () => { a.name = name.value; changed(); });
      const hours = smallNumber(a.hours, t('success.hours_label', { n: i + 1 }), 'hours');
      hours.addEventListener('input', () => { a.hours = hours.value.trim() === '' ? null : Number(hours.value); changed(); });
      const per = smallNumber(a.per_year, t('success.per_year_label', { n: i + 1 }), 'per_year');
      per.addEventListener('input', () => { a.per_year = per.value.trim() === '' ? null : Number(per.value); changed(); });
      const remove = h('button', { type: 'button', class: 'ghost small', 'aria-label': t('success.remove_label', { n: i + 1 }), title: t('success.remove') }, '×');
      remove.addEventListener('click', () => { saved.activities.splice(i, 1); rows(); changed(); });
      return flexRow(
        flexCell('1 1 15rem', name),
        flexCell('1 1 15rem', hours, h('span', { class: 'suffix' }, t('success.hours_times')), per, h('span', { class: 'suffix' }, t('success.a_year')), spacer(), remove));
    });
    fill(rowsBox, h('p', { class: 'assumption' }, t('success.activities_help')), body);
  };

  const accounts = numberField({ label: t('success.accounts'), value: saved.accounts ?? '', min: 0, step: 1,
    onInput: () => { saved.accounts = accounts.get(); changed(); } });
  const productive = numberField({ label: t('success.productive_hours'), hint: t('success.productive_hint'), value: saved.productive_hours ?? '', min: 1, step: 1,
    onInput: () => { saved.productive_hours = productive.get(); changed(); } });
  const add = h('button', { type: 'button', class: 'ghost small', id: 'csm-add' }, t('success.add_activity'));
  add.addEventListener('click', () => {
    saved.activities.push({ name: '', hours: 1, per_year: 1 });
    rows();
    changed();
    rowsBox.querySelector('.edit-row:last-child input')?.focus();
  });
  const reset = h('button', { type: 'button', class: 'ghost small' }, t('success.reset_activities'));
  reset.addEventListener('click', () => { saved.activities = defaultActivities(t); rows(); changed(); });

  rows();
  const form = h('form', { class: 'calc-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); compute(); } }, accounts.node, productive.node);
  form.style.gridTemplateColumns = 'repeat(auto-fill, minmax(min(100%, 15rem), 1fr))';
  form.style.marginTop = '.9rem';
  const card = h('article', { class: 'card calc', id: 'calc-csm_capacity', 'data-calc': 'csm_capacity' },
    h('h3', {}, t('success.calc_csm')),
    h('p', { class: 'calc-lede' }, t('success.calc_csm_lede')),
    rowsBox,
    h('div', { class: 'actions' }, add, reset),
    form,
    out,
    how(t, t('success.csm_calc_how')));
  compute();
  return {
    node: card,
    shown: render,
    /** Copies a dataset's activities (and account count) into the calculator. */
    load(acts, accountCount, hoursPer) {
      if (acts.length) saved.activities = acts.map((a) => ({ name: String(a.name ?? ''), hours: a.hours_per_occurrence, per_year: a.occurrences_per_year }));
      if (accountCount !== null) { saved.accounts = accountCount; accounts.set(accountCount); }
      if (hoursPer) { saved.productive_hours = hoursPer; productive.set(hoursPer); }
      rows();
      changed();
      card.scrollIntoView({ behavior: 'smooth', block: 'start' });
    },
  };
}

// ---------------------------------------------------------------------------
// Adoption over a few typed-in accounts.

function adoptionCalc(ctx) {
  const { t, fmt } = ctx;
  const saved = (ctx.inputs.adoption ||= {});
  if (!Array.isArray(saved.accounts)) saved.accounts = [[10, 12], [6, 12], [3, 12], [9, 10], [1, 8]];
  if (saved.good === undefined) saved.good = 30;
  if (saved.excellent === undefined) saved.excellent = 70;
  const rowsBox = h('div', { class: 'activities', id: 'adoption-accounts' });
  const out = h('div', { class: 'calc-out', 'aria-live': 'polite' });
  let timer;
  let generation = 0;
  const num = (x) => (x === '' || x === null || x === undefined || !Number.isFinite(Number(x)) ? null : Number(x));
  const compute = async () => {
    const mine = ++generation;
    const input = { accounts: saved.accounts.map(([u, a]) => {
      const o = {};
      if (num(u) !== null) o.features_used = num(u);
      if (num(a) !== null) o.features_available = num(a);
      return o;
    }) };
    if (num(saved.good) !== null) input.good = num(saved.good) / 100;
    if (num(saved.excellent) !== null) input.excellent = num(saved.excellent) / 100;
    try {
      const r = await ctx.calc('adoption', input);
      if (mine !== generation) return;
      const f = r.adoption;
      const g = r.settings?.good ?? 0.3;
      const e = r.settings?.excellent ?? 0.7;
      fill(out,
        headline(t, f, defined(f) ? fmt.pct(f.value) : '', defined(f) ? t('success.adoption_detail', { median: f.median == null ? '–' : fmt.pct(f.median), n: fmt.int(f.accounts ?? 0), count: f.accounts ?? 0 }) : ''),
        defined(f) && f.bands ? bandsBlock(t, fmt, f.bands, g, e) : null);
    } catch (err) {
      if (mine === generation) fill(out, h('p', { class: 'calc-error' }, errorText(t, err)));
    }
  };
  const changed = () => { ctx.changed(); clearTimeout(timer); timer = setTimeout(compute, 120); };
  const rows = () => {
    const body = saved.accounts.map((pair, i) => {
      const field = (k, labelKey) => {
        const el = smallNumber(pair[k], t(labelKey, { n: i + 1 }), k ? 'available' : 'used');
        el.step = '1';
        Object.assign(el.style, { width: '4.4rem', flex: '0 0 4.4rem' });
        el.addEventListener('input', () => { pair[k] = el.value.trim() === '' ? null : Number(el.value); changed(); });
        return el;
      };
      const remove = h('button', { type: 'button', class: 'ghost small', 'aria-label': t('success.remove_account', { n: i + 1 }), title: t('success.remove') }, '×');
      remove.addEventListener('click', () => { saved.accounts.splice(i, 1); rows(); changed(); });
      const label = h('span', { class: 'field-label' }, t('success.account_n', { n: i + 1 }));
      label.style.minWidth = '2rem';
      return flexRow(flexCell('1 1 auto', label, field(0, 'success.used_label'), h('span', { class: 'suffix' }, t('success.used_of')),
        field(1, 'success.available_label'), h('span', { class: 'suffix' }, t('success.features')), spacer(), remove));
    });
    fill(rowsBox, body);
  };
  const add = h('button', { type: 'button', class: 'ghost small' }, t('success.add_account'));
  add.addEventListener('click', () => { saved.accounts.push([0, 10]); rows(); changed(); });
  const goodF = numberField({ label: t('success.good_from'), suffix: '%', value: saved.good ?? '', min: 0, max: 100, step: 1, onInput: () => { saved.good = goodF.get(); changed(); } });
  const excF = numberField({ label: t('success.excellent_above'), suffix: '%', value: saved.excellent ?? '', min: 0, max: 100, step: 1, onInput: () => { saved.excellent = excF.get(); changed(); } });
  rows();
  compute();
  return h('article', { class: 'card calc', id: 'calc-adoption', 'data-calc': 'adoption' },
    h('h3', {}, t('success.calc_adoption')),
    h('p', { class: 'calc-lede' }, t('success.calc_adoption_lede')),
    rowsBox,
    h('div', { class: 'actions' }, add),
    h('form', { class: 'calc-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); compute(); } }, goodF.node, excF.node),
    out);
}

// ---------------------------------------------------------------------------
// Onboarding from a typed list of days.

/** Splits "14, 35; 21 7" into numbers; returns the tokens that are not numbers. */
export function parseDays(text) {
  const tokens = String(text || '').split(/[\s,;]+/).filter(Boolean);
  const days = [];
  const bad = [];
  for (const tok of tokens) {
    const x = Number(tok);
    if (tok.trim() !== '' && Number.isFinite(x)) days.push(x);
    else bad.push(tok);
  }
  return { days, bad };
}

function onboardingCalc(ctx) {
  const { t, fmt } = ctx;
  const saved = (ctx.inputs.onboarding ||= {});
  if (saved.days === undefined) saved.days = '14, 35, 21, 14, 37, 14, 21, 7, 21';
  const id = 'onboarding-days';
  const area = h('textarea', { id, rows: 2, spellcheck: 'false' });
  area.value = saved.days;
  Object.assign(area.style, { fontFamily: 'inherit', fontSize: '1rem' });
  let recompute = () => {};
  area.addEventListener('input', () => { saved.days = area.value; ctx.changed(); recompute(); });
  const daysField = h('div', { class: 'field' }, h('label', { for: id }, t('success.days_list'), h('small', {}, t('success.days_list_hint'))), area);
  const calc = calculator(ctx, {
    id: 'onboarding', name: 'onboarding', title: t('success.calc_onboarding'), lede: t('success.calc_onboarding_lede'),
    fields: [
      { key: 'in_onboarding', label: t('success.in_onboarding'), value: 3, min: 0, step: 1 },
      { key: 'target_days', label: t('success.target_days'), value: 30, min: 0, step: 1 },
    ],
    input: (v) => {
      const { days, bad } = parseDays(saved.days);
      if (bad.length) throw new Error(t('success.days_bad', { tokens: bad.slice(0, 5).join(' ') }));
      const o = { days };
      if (v.in_onboarding !== null) o.in_onboarding = v.in_onboarding;
      if (v.target_days !== null) o.target_days = v.target_days;
      return o;
    },
    render: (out, r) => {
      const d = r.time_to_onboard_days;
      const w = r.onboarded_within_target;
      fill(out,
        headline(t, d, defined(d) ? t('success.days', { n: fmt.num(d.median ?? d.value, 1), count: d.median ?? d.value }) : '',
          defined(d) ? t('success.tto_detail', { p90: fmt.num(d.p90, 1), n: fmt.int(d.n ?? d.done ?? 0) }) : ''),
        h('p', { class: 'verdict', id: 'onboarding-within' }, defined(w)
          ? t('success.within_sentence', { share: fmt.pct(w.value), within: fmt.int(w.accounts_within_target ?? 0), done: fmt.int(w.done ?? 0), days: fmt.num(w.target_days, 1), onboarding: fmt.int(d?.in_onboarding ?? 0) })
          : undefinedText(t, w)));
    },
  });
  // The days list goes first in the form, before the number fields.
  const form = calc.node.querySelector('.calc-form');
  daysField.style.gridColumn = '1 / -1';
  form.prepend(daysField);
  let timer;
  recompute = () => { clearTimeout(timer); timer = setTimeout(calc.compute, 120); };
  return calc.node;
}

// ---------------------------------------------------------------------------

export default {
  id: 'success',
  kinds: ['accounts'],
  mount(ctx) {
    const { t, fmt } = ctx;
    const dataBox = h('div', { class: 'data-area', id: 'success-data' });
    const csm = csmCapacity(ctx);
    const email = calculator(ctx, {
      id: 'email_open_rate', name: 'email_open_rate', title: t('success.calc_email'), lede: t('success.calc_email_lede'),
      fields: [
        { key: 'opened', label: t('success.opened'), value: 49, min: 0, step: 1 },
        { key: 'sent', label: t('success.sent'), value: 73, min: 0, step: 1 },
      ],
      input: (v) => ({ opened: v.opened ?? 0, sent: v.sent ?? 0 }),
      render: (out, r) => {
        const f = r.email_open_rate;
        fill(out, headline(t, f, defined(f) ? fmt.pct(f.value) : '', defined(f) ? t('success.email_detail', { opened: fmt.int(f.opened), sent: fmt.int(f.sent) }) : ''));
      },
    });
    const engagement = calculator(ctx, {
      id: 'engagement', name: 'engagement', title: t('success.calc_engagement'), lede: t('success.calc_engagement_lede'),
      fields: [
        { key: 'active', label: t('success.active'), value: 10, min: 0, step: 1 },
        { key: 'accounts', label: t('success.accounts'), value: 12, min: 0, step: 1 },
      ],
      input: (v) => ({ active: v.active ?? 0, accounts: v.accounts ?? 0 }),
      render: (out, r) => {
        const f = r.engaged_accounts;
        fill(out, headline(t, f, defined(f) ? fmt.pct(f.value) : '', defined(f) ? t('success.engagement_detail', { active: fmt.int(f.active), accounts: fmt.int(f.accounts) }) : ''));
      },
    });
    const upsell = calculator(ctx, {
      id: 'upsell', name: 'upsell', title: t('success.calc_upsell'), lede: t('success.calc_upsell_lede'),
      fields: [
        { key: 'paid_up', label: t('success.paid_up'), value: 'yes', options: [['yes', t('success.paid_yes')], ['no', t('success.paid_no')]] },
        { key: 'adoption', label: t('success.adoption_pct'), value: 55, min: 0, max: 100, step: 1, suffix: '%', percent: true },
        { key: 'tenure_months', label: t('success.tenure'), value: 14, min: 0, step: 1 },
        { key: 'min_tenure_months', label: t('success.min_tenure'), value: 6, min: 0, step: 1 },
        { key: 'good', label: t('success.good_from'), value: 30, min: 0, max: 100, step: 1, suffix: '%', percent: true },
      ],
      input: (v) => {
        const o = { paid_up: v.paid_up !== 'no' };
        for (const k of ['adoption', 'tenure_months', 'min_tenure_months', 'good']) if (v[k] !== null) o[k] = v[k];
        return o;
      },
      render: (out, r) => {
        const f = r.upsell_ready;
        const ready = Boolean(f?.ready);
        const why = Array.isArray(f?.why_not) ? f.why_not : [];
        fill(out,
          h('p', { class: 'upsell-verdict', id: 'upsell-verdict' }, h('b', {}, ready ? t('success.ready') : t('success.not_ready'))),
          why.length ? h('ul', { class: 'why-not', id: 'upsell-why' }, why.map((s) => h('li', {}, t.reason(s)))) : null,
          h('p', { class: 'assumption' }, t('success.late_never')));
      },
    });
    fill(ctx.root,
      h('header', { class: 'section-head' }, h('h2', {}, t('success.title')), h('p', { class: 'lede' }, t('success.lede'))),
      dataBox,
      h('h2', { class: 'area-title' }, t('common.calculators')),
      csm.node,
      h('div', { class: 'calc-grid', id: 'success-calcs' }, onboardingCalc(ctx), email.node, engagement.node, adoptionCalc(ctx), upsell.node));
    // Keep the centrepiece apart from the grid below it.
    csm.node.style.marginBottom = '1rem';
    const api = { useInCalculator: (acts, n, per) => csm.load(acts, n, per) };
    const update = () => {
      const report = ctx.report('accounts');
      dataBox.hidden = !report;
      if (report) fromData(ctx, report, dataBox, api);
      else fill(dataBox);
    };
    update();
    return { update, shown: () => { update(); csm.shown(); } };
  },
};

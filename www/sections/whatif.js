// What-if (docs/metrics.md §6): baseline inputs, explicit changes (relative % of the
// value, absolute points or amounts, or set to a value), presets, and the
// `scenario` calculator's baseline | scenario | change side by side. The
// Rust core applies the changes and computes every figure; this file
// converts typed percentages to fractions and lays out the answer.
import { h, fill, defined, numberField, selectField } from '../ui.js';
import { undefinedText, reasonText, errorText } from './common.js';

const CURRENCIES = ['USD', 'EUR', 'BRL', 'MXN', 'COP', 'ARS', 'CLP', 'IDR', 'GBP'];

/**
 * The baseline inputs, as typed. `unit`: money (in the currency), rate (typed
 * in %, sent as a fraction, 0–100), nrr (typed in %, may pass 100), months,
 * count.
 */
const INPUTS = [
  // `slider` is the slider's upper end; the number field takes any value.
  { key: 'arpa', unit: 'money', value: 100, slider: 2000 },
  { key: 'gross_margin', unit: 'rate', value: 80, slider: 100 },
  { key: 'monthly_churn', unit: 'rate', value: 3, slider: 20 },
  { key: 'cac', unit: 'money', value: 1200, slider: 20000 },
  { key: 'discount_rate', unit: 'rate', value: 0, slider: 5 },
  { key: 'lifetime_cap_months', unit: 'months', value: 60, slider: 240 },
  { key: 'starting_customers', unit: 'count', value: 500, slider: 10000 },
  { key: 'starting_mrr', unit: 'money', value: 50000, slider: 1000000 },
  { key: 'annual_nrr', unit: 'nrr', value: 100, slider: 200 },
];
const BY_KEY = Object.fromEntries(INPUTS.map((i) => [i.key, i]));
/** The Value section's calculator fields this section starts from, when saved. */
const FROM_VALUE = ['arpa', 'gross_margin', 'monthly_churn', 'cac', 'discount_rate', 'lifetime_cap_months'];
const MODES = ['relative', 'absolute', 'set'];
const OUTPUTS = ['ltv', 'ltv_cac', 'payback_months', 'lost_before_payback', 'customers_after_12_months', 'mrr_after_12_months'];

const isPct = (unit) => unit === 'rate' || unit === 'nrr';
/** A real minus sign instead of the hyphen Intl writes in some languages. */
const minus = (s) => String(s).replace(/^-/, '−').replace(/([\s(])-(?=\d)/g, '$1−');
const num = (x) => (x === '' || x === null || x === undefined || !Number.isFinite(Number(x)) ? null : Number(x));

/** A typed change → the core's change (percentages and points become fractions). */
export function toCoreChange(c) {
  const unit = BY_KEY[c.input]?.unit;
  const amount = num(c.amount);
  if (amount === null) return null;
  const scaled = c.change === 'relative' || isPct(unit) ? amount / 100 : amount;
  return { input: c.input, change: c.change, amount: scaled };
}

/** A core change (fractions) → typed form, for the presets. */
export function fromCoreChange(c) {
  const unit = BY_KEY[c.input]?.unit;
  const typed = c.change === 'relative' || isPct(unit) ? c.amount * 100 : c.amount;
  return { input: c.input, change: c.change, amount: +typed.toFixed(6) };
}

function how(t, text) {
  return h('details', { class: 'how' }, h('summary', {}, t('common.how')), h('p', {}, text));
}

/** Slider bounds for a change row, from its mode and the baseline value. */
function sliderRange(unit, mode, base) {
  const b = Math.abs(num(base) ?? 0);
  if (mode === 'relative') return { min: -50, max: 50, step: 1 };
  if (mode === 'absolute') {
    if (unit === 'rate') return b >= 20 ? { min: -20, max: 20, step: 1 } : { min: -5, max: 5, step: 0.1 };
    if (unit === 'nrr') return { min: -30, max: 30, step: 1 };
    if (unit === 'months') return { min: -60, max: 60, step: 1 };
    const span = b > 0 ? b : 100;
    return { min: -span, max: span, step: unit === 'count' ? 1 : 'any' };
  }
  if (unit === 'rate') return { min: 0, max: 100, step: 0.1 };
  if (unit === 'nrr') return { min: 0, max: 200, step: 1 };
  if (unit === 'months') return { min: 0, max: 240, step: 1 };
  const top = b > 0 ? 2 * b : 100;
  return { min: 0, max: top, step: unit === 'count' ? 1 : 'any' };
}

export default {
  id: 'whatif',
  kinds: [],
  mount(ctx) {
    const { t, fmt } = ctx;
    const saved = ctx.inputs;
    saved.baseline ||= {};
    if (!Array.isArray(saved.changes)) saved.changes = [{ input: 'monthly_churn', change: 'relative', amount: -4 }];
    let presets = [];
    let last = null;
    let timer;
    let generation = 0;

    const currency = () => saved.currency || 'USD';
    const valueInputs = () => {
      const v = ctx.shared().inputs?.value?.value;
      return v && typeof v === 'object' ? v : null;
    };
    /** The typed baseline: saved edits, else the Value section's inputs, else defaults. */
    const typedBaseline = () => {
      const from = valueInputs();
      const out = {};
      for (const i of INPUTS) {
        let v = saved.baseline[i.key];
        if (v === undefined && from && FROM_VALUE.includes(i.key) && num(from[i.key]) !== null) v = num(from[i.key]);
        if (v === undefined) v = i.value;
        out[i.key] = v;
      }
      return out;
    };
    const usesValue = () => {
      const from = valueInputs();
      return Boolean(from) && FROM_VALUE.some((k) => saved.baseline[k] === undefined && num(from[k]) !== null);
    };

    const unitSuffix = (unit) => ({ money: currency(), rate: '%', nrr: '%', months: t('whatif.unit_months'), count: t('whatif.unit_customers') }[unit]);
    const inputLabel = (key) => t(`whatif.in_${key}`);

    // ---------- baseline ----------
    const baseControls = {};
    const baseForm = h('form', { class: 'calc-form', novalidate: true, id: 'whatif-baseline', onsubmit: (e) => { e.preventDefault(); compute(); } });
    const baseNote = h('p', { class: 'assumption', id: 'whatif-baseline-source' });
    const renderBaseNote = () => fill(baseNote, usesValue() ? t('whatif.from_value') : t('whatif.defaults_note'));
    const typed = typedBaseline();
    for (const i of INPUTS) {
      const c = numberField({
        label: inputLabel(i.key), value: typed[i.key], min: 0, max: i.unit === 'rate' ? 100 : undefined, rangeMax: i.slider, slider: true,
        step: i.unit === 'money' ? 'any' : i.unit === 'count' || i.unit === 'months' ? 1 : 0.1,
        suffix: unitSuffix(i.unit), hint: i.key === 'gross_margin' || i.key === 'discount_rate' ? t(`whatif.hint_${i.key}`) : undefined,
        onInput: () => { saved.baseline[i.key] = c.get(); renderBaseNote(); changed(true); },
      });
      c.input.name = i.key;
      c.node.style.alignContent = 'end';
      baseControls[i.key] = c;
      baseForm.append(c.node);
    }
    const currencySelect = selectField({
      label: t('whatif.currency'), options: CURRENCIES.map((c) => [c, c]), value: currency(),
      onChange: (v) => {
        saved.currency = v;
        for (const i of INPUTS) if (i.unit === 'money') baseControls[i.key].node.querySelector('.suffix').textContent = v;
        renderChanges();
        changed(false);
      },
    });
    baseForm.append(currencySelect.node);
    const refreshBaseline = () => {
      const v = typedBaseline();
      for (const i of INPUTS) if (saved.baseline[i.key] === undefined) baseControls[i.key].set(v[i.key]);
      renderBaseNote();
    };
    const resetBaseline = h('button', { type: 'button', class: 'ghost small', id: 'whatif-reset-baseline' }, t('whatif.reset_baseline'));
    resetBaseline.addEventListener('click', () => { saved.baseline = {}; refreshBaseline(); changed(true); });

    // ---------- changes ----------
    const changesBox = h('div', { class: 'changes', id: 'whatif-changes' });
    const presetBox = h('div', { class: 'actions', id: 'whatif-presets' });
    const modeText = (unit, mode) => t(`whatif.mode_${mode}_${isPct(unit) ? 'rate' : 'value'}`);
    /** The amount in words: "−4 % of the rate", "−4 points", "set to 2.5 %". */
    const amountWords = (c) => minus(amountWordsRaw(c));
    const amountWordsRaw = (c) => {
      const unit = BY_KEY[c.input]?.unit;
      const a = num(c.amount);
      if (a === null) return '';
      if (c.change === 'relative') return t(isPct(unit) ? 'whatif.words_relative_rate' : 'whatif.words_relative_value', { amount: fmt.signed(a, 2) });
      if (c.change === 'absolute') {
        if (isPct(unit)) return t(Math.abs(a) === 1 ? 'whatif.words_point' : 'whatif.words_points', { amount: fmt.signed(a, 2) });
        if (unit === 'money') return t('whatif.words_add', { amount: (a > 0 ? '+' : '') + fmt.money(a, currency()) });
        return t('whatif.words_add', { amount: `${fmt.signed(a, 2)} ${unitSuffix(unit)}` });
      }
      if (isPct(unit)) return t('whatif.words_set', { amount: `${fmt.num(a, 2)} %` });
      if (unit === 'money') return t('whatif.words_set', { amount: fmt.money(a, currency()) });
      return t('whatif.words_set', { amount: `${fmt.num(a, 2)} ${unitSuffix(unit)}` });
    };
    const amountLabel = (unit, mode) => {
      if (mode === 'relative') return t(isPct(unit) ? 'whatif.amount_relative_rate' : 'whatif.amount_relative_value');
      if (mode === 'absolute') return t(isPct(unit) ? 'whatif.amount_points' : 'whatif.amount_add', { unit: unitSuffix(unit) });
      return t('whatif.amount_set', { unit: unitSuffix(unit) });
    };
    const amountSuffix = (unit, mode) => (mode === 'relative' ? t('whatif.suffix_of_value') : mode === 'absolute' && isPct(unit) ? t('whatif.suffix_points') : unitSuffix(unit));

    function renderChanges() {
      const base = typedBaseline();
      const rows = saved.changes.map((c, i) => {
        const unit = BY_KEY[c.input]?.unit || 'money';
        const inputSel = selectField({ label: t('whatif.change_input'), options: INPUTS.map((x) => [x.key, inputLabel(x.key)]), value: c.input,
          onChange: (v) => { c.input = v; c.amount = c.change === 'set' ? base[v] : 0; renderChanges(); changed(false); } });
        const modeSel = selectField({ label: t('whatif.change_mode'), options: MODES.map((m) => [m, modeText(unit, m)]), value: c.change,
          onChange: (v) => { c.change = v; c.amount = v === 'set' ? base[c.input] : 0; renderChanges(); changed(false); } });
        for (const f of [inputSel, modeSel]) { f.node.style.minWidth = '0'; f.select.style.width = '100%'; }
        modeSel.select.dataset.role = 'mode';
        inputSel.select.dataset.role = 'input';
        const range = sliderRange(unit, c.change, base[c.input]);
        const words = h('p', { class: 'change-words', 'data-role': 'words' }, amountWords(c));
        Object.assign(words.style, { margin: '0', fontWeight: '600', gridColumn: '1 / -1' });
        const amount = numberField({ label: amountLabel(unit, c.change), value: c.amount ?? '', min: range.min, max: range.max, step: range.step, slider: true,
          suffix: amountSuffix(unit, c.change),
          onInput: () => { c.amount = amount.get(); fill(words, amountWords(c)); changed(false); } });
        amount.input.removeAttribute('min');
        amount.input.removeAttribute('max');
        amount.input.dataset.role = 'amount';
        const remove = h('button', { type: 'button', class: 'ghost small danger', 'aria-label': t('whatif.remove_change_n', { n: i + 1 }) }, t('whatif.remove_change'));
        remove.addEventListener('click', () => { saved.changes.splice(i, 1); renderChanges(); changed(false); });
        const grid = h('div', { class: 'calc-form' }, inputSel.node, modeSel.node, amount.node, words);
        grid.style.gridTemplateColumns = 'minmax(0, 1fr)';
        const row = h('fieldset', { class: 'change-row', 'data-change': String(i) },
          h('legend', {}, t('whatif.change_n', { n: i + 1 })), grid, h('div', { class: 'actions' }, remove));
        Object.assign(row.style, { border: '1px solid var(--line)', borderRadius: '10px', padding: '.4rem .9rem .8rem', margin: '0 0 .8rem', minWidth: '0' });
        return row;
      });
      const add = h('button', { type: 'button', class: 'ghost small', id: 'whatif-add' }, t('whatif.add_change'));
      add.addEventListener('click', () => { saved.changes.push({ input: 'cac', change: 'relative', amount: 0 }); renderChanges(); changed(false); });
      const clear = h('button', { type: 'button', class: 'ghost small', id: 'whatif-clear' }, t('whatif.clear_changes'));
      clear.addEventListener('click', () => { saved.changes = []; renderChanges(); changed(false); });
      fill(changesBox, rows.length ? rows : h('p', { class: 'assumption' }, t('whatif.no_changes')), h('div', { class: 'actions' }, add, clear));
    }

    const renderPresets = () => {
      fill(presetBox, h('span', { class: 'field-label' }, t('whatif.presets')), presets.map((p) => {
        const label = t(`whatif.preset_${p.id}`) === `whatif.preset_${p.id}` ? t.reason(p.name) : t(`whatif.preset_${p.id}`);
        const b = h('button', { type: 'button', class: 'ghost small', 'data-preset': p.id }, label);
        b.addEventListener('click', () => {
          saved.changes = (p.changes || []).map(fromCoreChange);
          renderChanges();
          changed(false);
        });
        return b;
      }));
      presetBox.style.alignItems = 'center';
    };

    // ---------- results ----------
    const out = h('div', { class: 'whatif-out', 'aria-live': 'polite', id: 'whatif-out' });

    const formatValue = (key, x) => {
      switch (key) {
        case 'ltv': case 'mrr_after_12_months': return fmt.money(x, currency());
        case 'ltv_cac': return t('whatif.ratio', { x: fmt.fixed(x, 2) });
        case 'payback_months': return t('whatif.months', { x: fmt.months(x), count: x });
        case 'lost_before_payback': return fmt.pct(x);
        default: return fmt.num(x, 1);
      }
    };
    const formatDelta = (key, x) => {
      switch (key) {
        case 'ltv': case 'mrr_after_12_months': return (x > 0 ? '+' : '') + fmt.money(x, currency());
        case 'ltv_cac': return fmt.signed(x, 2);
        case 'payback_months': return t('whatif.months', { x: fmt.signed(x, 1) });
        case 'lost_before_payback': return t('whatif.points', { x: fmt.points(x * 100) });
        default: return fmt.signed(x, 1);
      }
    };
    const cell = (f, text, { skipReason = false } = {}) => {
      if (defined(f)) return h('span', { class: 'cell-value' }, text(f.value));
      const node = h('span', { class: 'cell-undefined' }, '–');
      const parts = [node];
      if (!skipReason && f?.reason) {
        const r = h('small', { class: 'reason' }, undefinedText(t, f));
        Object.assign(r.style, { display: 'block', fontWeight: '400', fontSize: '.78rem' });
        parts.push(r);
      }
      if (f?.capped && defined(f.capped)) {
        const cap = h('small', { class: 'capped' }, t('whatif.capped', { value: formatValue('ltv', f.capped.value), months: fmt.int(f.capped.months) }));
        cap.style.display = 'block';
        parts.push(cap);
      }
      return h('span', {}, parts);
    };

    const render = () => {
      if (!last) return;
      const r = last;
      const whole = r.scenario_inputs && r.scenario_inputs.value === null && r.scenario_inputs.reason;
      const cells = OUTPUTS.map((key) => [
        cell(r.baseline?.[key], (x) => formatValue(key, x)),
        cell(r.scenario?.[key], (x) => formatValue(key, x), { skipReason: Boolean(whole) }),
        cell(r.delta?.[key], (x) => minus(formatDelta(key, x)), { skipReason: true }),
      ]);
      // On a narrow screen each figure's name gets its own line above its three values.
      const narrow = (out.clientWidth || ctx.root.clientWidth || 1000) < 560;
      const headers = [t('whatif.col_baseline'), t('whatif.col_scenario'), t('whatif.col_delta')];
      const grid = h('table', { id: 'whatif-table', class: narrow ? 'narrow' : null },
        h('thead', {}, h('tr', {}, narrow ? null : h('th', { scope: 'col' }, t('whatif.col_figure')), headers.map((x) => h('th', { scope: 'col', class: 'num' }, x)))),
        h('tbody', {}, OUTPUTS.flatMap((key, i) => {
          const label = t(`whatif.out_${key}`);
          const values = cells[i].map((c) => h('td', { class: 'num' }, c));
          if (!narrow) return [h('tr', { 'data-row': key }, h('th', { scope: 'row' }, label), values)];
          const head = h('tr', { class: 'row-label' }, h('th', { scope: 'rowgroup', colspan: '3' }, label));
          head.firstChild.style.borderBottom = '0';
          head.firstChild.style.paddingBottom = '0';
          head.firstChild.style.color = 'var(--ink)';
          return [head, h('tr', { 'data-row': key }, values)];
        })));
      const words = (r.changes || []).map((c) => t.reason(c.description));
      const s = r.settings || {};
      const assumptions = [
        s.gross_margin_assumed ? t('whatif.gm_assumed') : null,
        s.annual_nrr_assumed ? t('whatif.nrr_assumed') : null,
      ].filter(Boolean);
      fill(out,
        h('h3', {}, t('whatif.results')),
        h('p', { class: 'change', id: 'whatif-words' }, words.length ? t('whatif.scenario_is', { changes: words.join('; ') }) : t('whatif.no_changes')),
        whole ? h('p', { class: 'reason', id: 'whatif-undefined' }, t('whatif.scenario_undefined', { reason: reasonText(t, r.scenario_inputs) })) : null,
        h('div', { class: 'table-wrap' }, grid),
        scenarioInputsLine(r),
        assumptions.length ? h('p', { class: 'assumption' }, assumptions.join(' ')) : null,
        how(t, t('whatif.how', { cap: fmt.int(s.lifetime_cap_months ?? 60) })));
    };

    /** "monthly churn 3.00 % → 2.88 %" for each changed input, from the core's scenario inputs. */
    const scenarioInputsLine = (r) => {
      const si = r.scenario_inputs;
      if (!si || si.value === null || typeof si !== 'object') return null;
      const base = typedBaseline();
      const changedKeys = [...new Set((r.changes || []).map((c) => c.input))].filter((k) => BY_KEY[k]);
      if (!changedKeys.length) return null;
      const show = (k, v) => {
        const unit = BY_KEY[k].unit;
        if (isPct(unit)) return `${fmt.fixed(v * 100, 2)} %`;
        if (unit === 'money') return fmt.money(v, currency());
        return `${fmt.num(v, 2)} ${unitSuffix(unit)}`;
      };
      const parts = changedKeys.filter((k) => num(si[k]) !== null).map((k) => {
        const b = num(base[k]);
        const before = b === null ? '–' : show(k, isPct(BY_KEY[k].unit) ? b / 100 : b);
        return t('whatif.input_from_to', { input: inputLabel(k), from: before, to: show(k, si[k]) });
      });
      return parts.length ? h('p', { class: 'assumption', id: 'whatif-inputs' }, parts.join(' · ')) : null;
    };

    const compute = async () => {
      const mine = ++generation;
      const b = typedBaseline();
      const baseline = {};
      for (const i of INPUTS) {
        const v = num(b[i.key]);
        if (v === null) continue;
        baseline[i.key] = isPct(i.unit) ? v / 100 : v;
      }
      const changes = saved.changes.map(toCoreChange).filter(Boolean);
      try {
        const r = await ctx.calc('scenario', { baseline, changes });
        if (mine === generation) { last = r; render(); }
      } catch (err) {
        if (mine === generation) { last = null; fill(out, h('p', { class: 'calc-error' }, errorText(t, err))); }
      }
    };
    function changed(baselineChanged) {
      ctx.changed();
      if (baselineChanged) {
        // The change rows' slider ranges and words follow the baseline.
        clearTimeout(changed.rows);
        changed.rows = setTimeout(renderChanges, 400);
      }
      clearTimeout(timer);
      timer = setTimeout(compute, 120);
    }

    renderBaseNote();
    renderChanges();
    fill(ctx.root,
      h('header', { class: 'section-head' }, h('h2', {}, t('whatif.title')), h('p', { class: 'lede' }, t('whatif.lede'))),
      h('div', { class: 'calc-grid' },
        h('article', { class: 'card calc', id: 'calc-whatif-baseline' },
          h('h3', {}, t('whatif.baseline')), h('p', { class: 'calc-lede' }, t('whatif.baseline_lede')),
          baseForm, baseNote, h('div', { class: 'actions' }, resetBaseline)),
        h('article', { class: 'card calc', id: 'calc-whatif-changes' },
          h('h3', {}, t('whatif.changes')), h('p', { class: 'calc-lede' }, t('whatif.changes_lede')),
          presetBox, changesBox)),
      h('article', { class: 'card result', id: 'whatif-result' }, out));
    ctx.root.querySelector('#whatif-result').style.marginTop = '1rem';
    ctx.root.querySelector('.calc-grid').style.gridTemplateColumns = 'repeat(auto-fit, minmax(min(100%, 400px), 1fr))';
    ctx.calc('scenario_presets', {}).then((r) => { presets = Array.isArray(r.presets) ? r.presets : []; renderPresets(); }, () => {});
    compute();
    return {
      update: () => {},
      shown: () => { refreshBaseline(); renderChanges(); if (last) render(); compute(); },
    };
  },
};

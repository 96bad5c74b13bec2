// A typed-in calculator card: number fields bound to the section's saved
// inputs (so a share link reproduces them), recomputed by the Rust core as
// the user types.
import { h, fill, numberField, selectField } from './ui.js';
import { undefinedText, errorText } from './sections/common.js';

/**
 * ctx: the section context. spec: {
 *   id, name (calculator name in the core), title, lede,
 *   fields: [{ key, label, value, min, max, step, slider, suffix, hint, percent, options }],
 *   input: (values) => object sent to the core,
 *   render: (out, result, values) => void,
 * }
 * A field with `percent: true` is typed as a percentage and sent as a fraction.
 * A field with `options` is a select.
 */
export function calculator(ctx, spec) {
  const saved = (ctx.inputs[spec.id] ||= {});
  const out = h('div', { class: 'calc-out', 'aria-live': 'polite' });
  const controls = {};
  let timer;
  let generation = 0;
  const values = () => {
    const v = {};
    for (const f of spec.fields) {
      const c = controls[f.key];
      let x = c.get();
      if (f.options) { v[f.key] = x; continue; }
      if (x !== null && f.percent) x = x / 100;
      v[f.key] = x;
    }
    return v;
  };
  const compute = async () => {
    const mine = ++generation;
    const v = values();
    try {
      const result = await ctx.calc(spec.name, spec.input ? spec.input(v) : v);
      if (mine === generation) spec.render(out, result, v);
    } catch (err) {
      if (mine === generation) fill(out, h('p', { class: 'calc-error' }, errorText(ctx.t, err)));
    }
  };
  const onInput = () => {
    for (const f of spec.fields) {
      const raw = controls[f.key].get();
      saved[f.key] = raw;
    }
    ctx.changed();
    clearTimeout(timer);
    timer = setTimeout(compute, 120);
  };
  const fields = spec.fields.map((f) => {
    const start = saved[f.key] !== undefined ? saved[f.key] : f.value;
    const c = f.options
      ? selectField({ label: f.label, options: f.options, value: start, onChange: onInput, hint: f.hint })
      : numberField({ label: f.label, value: start ?? '', min: f.min, max: f.max, step: f.step, slider: f.slider, suffix: f.suffix, hint: f.hint, onInput });
    controls[f.key] = c;
    return c.node;
  });
  const card = h('article', { class: 'card calc', id: `calc-${spec.id}`, 'data-calc': spec.id },
    h('h3', {}, spec.title),
    spec.lede ? h('p', { class: 'calc-lede' }, spec.lede) : null,
    h('form', { class: 'calc-form', novalidate: true, onsubmit: (e) => { e.preventDefault(); compute(); } }, fields),
    out);
  compute();
  return { node: card, compute, controls, set: (key, v) => { controls[key].set(v); onInput(); } };
}

/** A big figure with a one-line detail, or the reason it is undefined. */
export function headline(t, figure, text, detail) {
  if (!figure || figure.value === null || figure.value === undefined) {
    return h('div', { class: 'headline' }, h('span', { class: 'big undefined' }, '–'),
      h('span', { class: 'reason' }, undefinedText(t, figure)));
  }
  return h('div', { class: 'headline' }, h('span', { class: 'big' }, text), detail ? h('span', { class: 'ci' }, detail) : null);
}

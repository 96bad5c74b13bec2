// The JavaScript door (src/wasm.rs): JS values become JSON values on the way
// in (settings, calculator inputs) and JSON values become plain JS objects on
// the way out, the way serde reads and writes JSON. Needs
// `scripts/build-wasm.sh` first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const PKG = path.join(ROOT, 'www', 'pkg');
const glue = await import(pathToFileURL(path.join(PKG, 'cxmetrics.js')).href);
glue.initSync({ module: fs.readFileSync(path.join(PKG, 'cxmetrics_bg.wasm')) });
const { calculate, nps_from_counts, Ingest } = glue;

const message = (f) => {
  try {
    f();
  } catch (err) {
    return err.message;
  }
  assert.fail('no error');
};

test('results are plain objects of numbers, text, booleans, nulls and arrays', () => {
  const out = calculate('nps', { promoters: 60, passives: 25, detractors: 15 });
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
  assert.equal(Object.getPrototypeOf(out.nps), Object.prototype);
  assert.equal(out.nps.value, 45);
  assert.equal(out.nps.n, 100);
  // The JSON text of the result is what serde_json writes for it: the same
  // keys in the same order, numbers that read back to the same doubles.
  const again = JSON.parse(JSON.stringify(out));
  assert.deepEqual(again, out);
  assert.deepEqual(Object.keys(out.nps), [...Object.keys(out.nps)].sort());
  assert.deepEqual(nps_from_counts(60, 25, 15), out.nps);
  const curve = calculate('value', { arpa: 100, monthly_churn: 0.03, cac: 1200 });
  assert.equal(curve.payback_months.value, 12);
  const presets = calculate('scenario_presets', {}).presets;
  assert.ok(Array.isArray(presets) && presets.length > 0);
});

test('whole numbers arrive as integers, others as floats, NaN and infinities as null', () => {
  // A count must be whole: 60 passes, 60.5 is named in the sentence.
  assert.match(message(() => calculate('nps', { promoters: 60.5, passives: 25, detractors: 15 })), /60\.5/);
  assert.equal(calculate('nps', { promoters: 60, passives: 25, detractors: -0 }).nps.n, 85);
  assert.match(message(() => calculate('nps', { promoters: NaN, passives: 25, detractors: 15 })), /“promoters” is missing/);
  assert.match(message(() => calculate('nps', { promoters: Infinity, passives: 25, detractors: 15 })), /“promoters” is missing/);
  // Beyond 2^53 − 1 a number is not a safe integer: it is read as a float.
  assert.match(message(() => calculate('nps', { promoters: 2 ** 53 + 2, passives: 0, detractors: 0 })), /too large/);
});

test('undefined and null inputs are empty; other non-objects are named', () => {
  assert.deepEqual(calculate('scenario_presets', undefined), calculate('scenario_presets', {}));
  assert.deepEqual(calculate('scenario_presets', null), calculate('scenario_presets', {}));
  assert.match(message(() => calculate('nps', 5)), /must be an object of named values, not 5/);
  assert.match(message(() => calculate('nps', [1])), /must be an object of named values/);
});

test('a Map is read as an object; values JSON has no room for are refused with a sentence', () => {
  const counts = new Map([['promoters', 60], ['passives', 25], ['detractors', 15]]);
  assert.equal(calculate('nps', counts).nps.value, 45);
  const refused = [
    [() => {}, /^The input is not valid: a function is not a JSON value\.$/],
    [Symbol('x'), /a symbol is not a JSON value/],
    [10n, /a BigInt is not a JSON value/],
    [new Uint8Array(3), /a byte array is not a JSON value/],
    [new Set([1]), /a list that is not an array/],
  ];
  for (const [value, sentence] of refused) {
    assert.match(message(() => calculate('nps', { promoters: value, passives: 1, detractors: 1 })), sentence);
  }
  let deep = 1;
  for (let i = 0; i < 200; i++) deep = [deep];
  assert.match(message(() => calculate('durations', { values: deep })), /nests more than 64 levels deep/);
});

test('an integer result beyond 2^53 − 1 is refused, not rounded', () => {
  const big = 2 ** 53 - 1;
  assert.equal(
    message(() => calculate('nps', { promoters: big, passives: 1, detractors: 1 })),
    'The result 9007199254740993 is too large to be given exactly as a JavaScript number: use smaller counts.',
  );
});

test('settings are read the same way: an object, a Map, or nothing', () => {
  const csv = new TextEncoder().encode('score\n9\n10\n3\n');
  const kindOf = (settings) => {
    const ingest = new Ingest(settings);
    ingest.push(csv);
    return JSON.parse(ingest.finish()).kind;
  };
  assert.equal(kindOf(undefined), 'survey');
  assert.equal(kindOf(null), 'survey');
  assert.equal(kindOf({ kind: 'survey', header_rows: 1 }), 'survey');
  assert.equal(kindOf(new Map([['kind', 'survey']])), 'survey');
  assert.match(message(() => new Ingest({ header_rows: 1.5 })), /^The settings are not valid: /);
  assert.match(message(() => new Ingest({ kind: () => {} })), /a function is not a JSON value/);
  assert.match(message(() => new Ingest({ sla: 30 })), /unknown field `sla`/);
});

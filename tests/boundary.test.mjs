// The JavaScript door (src/wasm.rs): JS values are read with
// serde-wasm-bindgen into serde types (settings, calculator inputs) and
// results come back as plain JS objects; errors are Errors with a stable
// `code`. Needs `scripts/build-wasm.sh` (www/pkg/) and
// `scripts/build-wasm.sh --test` (target/pkg-test/, with the test-only
// exports) first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const PKG = path.join(ROOT, 'www', 'pkg');
const TEST_PKG = path.join(ROOT, 'target', 'pkg-test');
const glue = await import(pathToFileURL(path.join(PKG, 'cxmetrics.js')).href);
glue.initSync({ module: fs.readFileSync(path.join(PKG, 'cxmetrics_bg.wasm')) });
const { calculate, Ingest } = glue;
const testGlue = await import(pathToFileURL(path.join(TEST_PKG, 'cxmetrics.js')).href);
testGlue.initSync({ module: fs.readFileSync(path.join(TEST_PKG, 'cxmetrics_bg.wasm')) });

const thrown = (f) => {
  try {
    f();
  } catch (err) {
    return err;
  }
  assert.fail('no error');
};
const message = (f) => thrown(f).message;

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
  assert.deepEqual(testGlue.nps_from_counts(60, 25, 15), out.nps);
  const curve = calculate('value', { arpa: 100, monthly_churn: 0.03, cac: 1200 });
  assert.equal(curve.payback_months.value, 12);
  const presets = calculate('scenario_presets', {}).presets;
  assert.ok(Array.isArray(presets) && presets.length > 0);
});

test('the report is an object, the same as the JSON the command line prints', () => {
  const ingest = new Ingest(undefined);
  ingest.push(new TextEncoder().encode('score\n9\n10\n3\n'));
  const report = ingest.finish();
  assert.equal(Object.getPrototypeOf(report), Object.prototype);
  assert.equal(report.kind, 'survey');
  assert.deepEqual(report.rows, { read: 3, used: 3, skipped: 0 });
  assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
});

test('whole numbers arrive as integers, others as floats, NaN and infinities as null', () => {
  // A count must be whole: 60 passes, 60.5 is named in the sentence.
  assert.match(message(() => calculate('nps', { promoters: 60.5, passives: 25, detractors: 15 })), /60\.5/);
  assert.equal(calculate('nps', { promoters: 60, passives: 25, detractors: -0 }).nps.n, 85);
  assert.match(message(() => calculate('nps', { promoters: NaN, passives: 25, detractors: 15 })), /“promoters” is missing/);
  assert.match(message(() => calculate('nps', { promoters: Infinity, passives: 25, detractors: 15 })), /“promoters” is missing/);
  // Beyond 2^53 − 1 a number is not a safe integer: it is read as a float.
  assert.match(message(() => calculate('nps', { promoters: 2 ** 53 + 2, passives: 0, detractors: 0 })), /too large/);
  // A BigInt is an integer.
  assert.equal(calculate('nps', { promoters: 60n, passives: 25n, detractors: 15n }).nps.value, 45);
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
  for (const value of [() => {}, Symbol('x'), new Uint8Array(3), new Set([1])]) {
    const err = thrown(() => calculate('nps', { promoters: value, passives: 1, detractors: 1 }));
    assert.match(err.message, /^The input is not valid: invalid type: .+, expected a JSON value\.$/);
    assert.equal(err.code, 'input');
  }
  let deep = 1;
  for (let i = 0; i < 200; i++) deep = [deep];
  assert.match(message(() => calculate('durations', { values: deep })), /nests more than 64 levels deep/);
  // Far deeper still is refused the same way, not a crash.
  for (let i = 0; i < 100000; i++) deep = [deep];
  assert.match(message(() => calculate('durations', { values: deep })), /nests more than 64 levels deep/);
});

test('an integer result beyond 2^53 − 1 is refused, not rounded', () => {
  const big = 2 ** 53 - 1;
  const err = thrown(() => calculate('nps', { promoters: big, passives: 1, detractors: 1 }));
  assert.equal(err.message, "The result is not valid: 9007199254740993 can't be represented as a JavaScript number: use smaller counts.");
  assert.equal(err.code, 'result_too_large');
});

test('settings are read the same way: an object, a Map, or nothing', () => {
  const csv = new TextEncoder().encode('score\n9\n10\n3\n');
  const kindOf = (settings) => {
    const ingest = new Ingest(settings);
    ingest.push(csv);
    return ingest.finish().kind;
  };
  assert.equal(kindOf(undefined), 'survey');
  assert.equal(kindOf(null), 'survey');
  assert.equal(kindOf({ kind: 'survey', header_rows: 1 }), 'survey');
  assert.equal(kindOf({ kind: 'auto' }), 'survey');
  assert.equal(kindOf(new Map([['kind', 'survey']])), 'survey');
  assert.match(message(() => new Ingest({ header_rows: 1.5 })), /^The settings are not valid: /);
  assert.match(message(() => new Ingest({ kind: () => {} })), /^The settings are not valid: invalid type/);
  assert.match(message(() => new Ingest({ sla: 30 })), /unknown field `sla`/);
  // A value outside a closed set is refused at once, naming the setting.
  const err = thrown(() => new Ingest({ number_style: 'space' }));
  assert.equal(err.message, 'The settings are not valid: the number style “space” is not dot or comma.');
  assert.equal(err.code, 'settings');
  assert.match(message(() => new Ingest({ csat_scale: '1-3' })), /the CSAT scale “1-3” is not 1-5/);
  assert.match(message(() => new Ingest({ tenure_unit: 'weeks' })), /the tenure unit “weeks” is not known/);
});

test('errors of the core carry their stable code', () => {
  const empty = new Ingest(undefined);
  empty.push(new Uint8Array(0));
  const err = thrown(() => empty.finish());
  assert.ok(err instanceof Error);
  assert.equal(err.code, 'empty_file');
  assert.match(err.message, /^The file is empty/);
  assert.equal(thrown(() => calculate('nope', {})).code, 'settings');
});

test('the page build has no test-only export; the tests build has them', () => {
  for (const name of ['debug_panic', 'nps_from_counts']) {
    assert.equal(glue[name], undefined, name);
    assert.equal(typeof testGlue[name], 'function', name);
  }
  assert.throws(() => testGlue.debug_panic(), WebAssembly.RuntimeError);
});

test('the TypeScript declarations type the results and settings, not any', () => {
  const dts = fs.readFileSync(path.join(PKG, 'cxmetrics.d.ts'), 'utf8');
  for (const name of ['interface Report', 'interface Figure', 'interface Settings', 'interface Warning', 'type Figures', 'interface CxError']) {
    assert.ok(dts.includes(`export ${name}`), name);
  }
  assert.match(dts, /export class Ingest\b/);
  assert.match(dts, /constructor\(settings: Settings \| null \| undefined\)/);
  assert.match(dts, /finish\(\): Report;/);
  assert.match(dts, /export function calculate\(name: string, input: [^)]+\): Figures;/);
  assert.match(dts, /export function field_ids\(kind: string\): string\[\];/);
  assert.doesNotMatch(dts, /debug_panic|nps_from_counts/);
  // Every exported function and class of the glue is declared.
  for (const name of Object.keys(glue).filter((k) => k !== 'default' && k !== 'initSync')) {
    assert.match(dts, new RegExp(`export (function|class) ${name}\\b`), name);
  }
  // The closed settings sets match what the core accepts.
  for (const bad of ['"kind?"', 'any;']) assert.ok(!dts.includes(bad), bad);
});

test('the page module has none of the warehouse exports; the warehouse module has only its own', async () => {
  const warehouse = await import(pathToFileURL(path.join(PKG, 'cxmetrics_warehouse.js')).href);
  warehouse.initSync({ module: fs.readFileSync(path.join(PKG, 'cxmetrics_warehouse_bg.wasm')) });
  const exported = (g) => Object.keys(g).filter((k) => k !== 'default' && k !== 'initSync').sort();
  for (const name of ['sql', 'figures_report', 'is_figures']) assert.equal(glue[name], undefined, name);
  assert.deepEqual(exported(warehouse), ['figures_report', 'is_figures', 'sql', 'start']);
  // And in the wasm itself, past the glue.
  const wasmExports = (file) => WebAssembly.Module.exports(new WebAssembly.Module(fs.readFileSync(path.join(PKG, file))))
    .map((e) => e.name).filter((n) => !n.startsWith('__'));
  assert.ok(!wasmExports('cxmetrics_bg.wasm').some((n) => /sql|figures/.test(n)));
  assert.deepEqual(wasmExports('cxmetrics_warehouse_bg.wasm').sort(), ['figures_report', 'is_figures', 'memory', 'sql', 'start']);
  // Its errors cross as the page module's do: a sentence and a code.
  const err = thrown(() => warehouse.sql({ kind: 'survey', dialect: 'cobol', table: 't' }));
  assert.equal(err.code, 'settings');
  assert.match(err.message, /^The SQL request is not valid: /);
  assert.equal(thrown(() => warehouse.figures_report(new TextEncoder().encode('metric,path,value,reason\n'))).code, 'unreadable');
  const dts = fs.readFileSync(path.join(PKG, 'cxmetrics_warehouse.d.ts'), 'utf8');
  assert.match(dts, /export function sql\(request: SqlRequest\): string;/);
  assert.match(dts, /export interface SqlRequest/);
});

test('the parts module reads ranges and merges them; the page module has none of it', async () => {
  const parts = await import(pathToFileURL(path.join(PKG, 'cxmetrics_parts.js')).href);
  parts.initSync({ module: fs.readFileSync(path.join(PKG, 'cxmetrics_parts_bg.wasm')) });
  const exported = (g) => Object.keys(g).filter((k) => k !== 'default' && k !== 'initSync').sort();
  assert.deepEqual(exported(parts), ['MergeIngest', 'RangeIngest', 'start']);
  for (const name of ['RangeIngest', 'MergeIngest']) assert.equal(glue[name], undefined, name);
  assert.equal(parts.Ingest, undefined);
  assert.equal(parts.calculate, undefined);
  // A file cut in two at a line feed, read as two ranges and merged: the
  // report one pass gives. The cut falls in a quoted line break first, so
  // the first range ends inside quotes and the two are read as one.
  const text = 'Score,Comment\n' + '9,"a\nb"\n3,ok\n'.repeat(40_000);
  const bytes = new TextEncoder().encode(text);
  const one = new Ingest(undefined);
  one.push(bytes);
  const expected = one.finish();
  const planner = new parts.RangeIngest(undefined, bytes.subarray(0, 1 << 20));
  assert.equal(planner.splittable(), true);
  const plan = planner.plan();
  const read = (start, end, firstLine) => {
    const range = parts.RangeIngest.fromPlan(undefined, plan);
    range.begin(firstLine);
    range.push(bytes.subarray(start, end));
    const part = range.finish();
    return { part, endsInQuotes: range.ends_in_quotes() };
  };
  const lineFeeds = (end) => bytes.subarray(0, end).reduce((n, b) => n + (b === 10), 0);
  const inQuotes = text.indexOf('a\nb', 300_000) + 2; // just past the quoted line feed
  assert.equal(read(0, inQuotes, 0).endsInQuotes, true);
  const cut = text.indexOf('\n3,ok', 300_000) + 1;
  const first = read(0, cut, 0);
  assert.equal(first.endsInQuotes, false);
  const second = read(cut, bytes.length, 1 + lineFeeds(cut));
  const merge = new parts.MergeIngest(undefined, plan);
  merge.add(first.part);
  merge.add(second.part);
  assert.deepEqual(merge.finish(), expected);
  // Bytes that are not a part are refused with a sentence and a code.
  const refused = thrown(() => new parts.MergeIngest(undefined, plan).add(new Uint8Array([1, 2, 3])));
  assert.equal(refused.code, 'unreadable');
  assert.match(refused.message, /could not be read back/);
  assert.equal(thrown(() => new parts.RangeIngest(undefined, new TextEncoder().encode('Score\n9'))).code, 'head_too_short');
});

// The page decides in JS whether a dropped file is a result table of the
// warehouse query (www/result-head.js), so that its main wasm module does
// not carry the check; the core's own check is `figures::looks_like_result`
// (src/figures.rs), exported by the warehouse module as `is_figures`. The
// two must agree on every first line: whitespace as Rust trims it (U+0085
// yes, U+FEFF no), quotes and backticks, ASCII-only lower-casing, the four
// delimiters, a byte-order mark, invalid or cut UTF-8. Needs
// `scripts/build-wasm.sh` (www/pkg/) first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { looksLikeResult } from '../www/result-head.js';

const PKG = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', 'www', 'pkg');
const warehouse = await import(pathToFileURL(path.join(PKG, 'cxmetrics_warehouse.js')).href);
warehouse.initSync({ module: fs.readFileSync(path.join(PKG, 'cxmetrics_warehouse_bg.wasm')) });
const { is_figures } = warehouse;

const utf8 = (s) => new TextEncoder().encode(s);
const BOM = [0xef, 0xbb, 0xbf];

test('the JS head check gives the core\'s answer on chosen first lines', () => {
  const cases = [
    ['metric,path,value,reason\nnps,nps.value,1,', true],
    ['METRIC,Path,VALUE,Reason\r\n', true],
    ['"metric","path","value","reason"\n', true],
    ['`metric`\t`path`\t`value`\t`reason`', true],
    ['metric;path;value;reason', true],
    ['metric|path|value|reason', true],
    ['  metric , path ,\u00a0value , reason\u3000\n', true],
    ['\u0085metric,path,value,reason\u0085', true],
    [' \ufeffmetric,path,value,reason', false],
    ['metric,path,value,reason\ufeff', false],
    ['metric,path,value', false],
    ['metric,path,value,reason,extra', false],
    ['metric,path;value,reason', false],
    ['\u212aetric,path,value,reason', false],
    ['metr\u0130c,path,value,reason', false],
    ['metric,pa"th,value,reason', true],
    ['\nmetric,path,value,reason', false],
    ['', false],
    ['score,date\n10,2024-03-04', false],
  ];
  for (const [text, expected] of cases) {
    for (const bytes of [utf8(text), new Uint8Array([...BOM, ...utf8(text)])]) {
      assert.equal(is_figures(bytes), expected, JSON.stringify(text));
      assert.equal(looksLikeResult(bytes), expected, JSON.stringify(text));
    }
  }
  // Invalid UTF-8 in the first line, or a character cut at the end of the head.
  for (const bytes of [new Uint8Array([...utf8('metric,path,value,reason'), 0xff]),
    new Uint8Array([...utf8('metric,path,value,reaso'), 0xc3]),
    new Uint8Array([0xed, 0xa0, 0x80, ...utf8(',metric,path,value,reason')])]) {
    assert.equal(is_figures(bytes), false);
    assert.equal(looksLikeResult(bytes), false);
  }
  // Invalid bytes after the first line do not matter.
  const after = new Uint8Array([...utf8('metric,path,value,reason\n'), 0xff, 0xfe]);
  assert.equal(is_figures(after), true);
  assert.equal(looksLikeResult(after), true);
});

test('the JS head check gives the core\'s answer on 20,000 generated first lines', () => {
  // A seeded generator (xorshift32), so a failure can be replayed.
  let seed = 0x2545f491;
  const next = (n) => {
    seed ^= seed << 13; seed >>>= 0;
    seed ^= seed >>> 17;
    seed ^= seed << 5; seed >>>= 0;
    return seed % n;
  };
  const pieces = ['metric', 'path', 'value', 'reason', 'METRIC', 'Path', 'VaLuE', 'REASON', 'm\u0130tric', '\u212a',
    ',', ',', '\t', ';', '|', ' ', '  ', '"', '`', '\u00a0', '\u0085', '\ufeff', '\u2028', '\u3000', '\r', '\n',
    'x', 'é', '\u{1F600}', '', 'metric,path,value,reason'];
  const names = ['metric', 'path', 'value', 'reason', 'METRIC', 'Path', 'VaLuE', 'REASON', 'metr\u0130c', '\u212a'];
  let agreed = 0;
  let yes = 0;
  for (let i = 0; i < 20000; i++) {
    const parts = [];
    if (next(2) === 0) {
      // Shaped like a header: names padded, a delimiter (now and then another).
      const pad = () => ['', '', '', '', ' ', '"', '`', '\u00a0', '\u0085', '\ufeff', '\t', 'x'][next(12)];
      const d = [',', '\t', ';', '|'][next(4)];
      const n = [4, 4, 4, 3, 5][next(5)];
      parts.push(pad());
      for (let c = 0; c < n; c++) {
        if (c) parts.push(next(10) === 0 ? [',', ';'][next(2)] : d);
        const right = ['metric', 'path', 'value', 'reason'][c % 4];
        const name = [right, right, right.toUpperCase(), right[0].toUpperCase() + right.slice(1),
          names[next(names.length)]][next(5)];
        parts.push(pad(), name, pad());
      }
      parts.push(pad(), ['\n', '\r\n', '', '\nrest'][next(4)]);
    } else {
      for (let k = next(12); k >= 0; k--) parts.push(pieces[next(pieces.length)]);
    }
    let bytes = utf8(parts.join(''));
    if (next(8) === 0) bytes = new Uint8Array([...BOM, ...bytes]);
    if (next(8) === 0) bytes = bytes.subarray(0, next(bytes.length + 1)); // a head cut anywhere
    if (next(16) === 0 && bytes.length) { bytes = bytes.slice(); bytes[next(bytes.length)] = 0x80 + next(128); }
    const core = is_figures(bytes);
    assert.equal(looksLikeResult(bytes), core, JSON.stringify([...bytes]));
    agreed++;
    if (core) yes++;
  }
  assert.equal(agreed, 20000);
  // Not vacuous: many of them are result-table headers.
  assert.ok(yes > 200, `${yes} headers`);
});

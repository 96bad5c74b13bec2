// Fuzzes the share-link decoder (www/share.js) in Node, which has the same
// CompressionStream, atob and TextDecoder as the browser: mutated valid
// links, random text, random deflate streams and deflate bombs. decodeState
// must never throw, and must return {}, { state: object } or { error }.
// The normal test run does a bounded number of cases; a long run:
//   FUZZ_SECONDS=600 node --test tests/fuzz/share.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { encodeState, decodeState, MAX_STATE_BYTES, FRAGMENT_PREFIX } from '../../www/share.js';
import { rng } from '../../benches/generate.mjs';

const seconds = Number(process.env.FUZZ_SECONDS || 0);
const minCases = 1500;

const b64url = (buf) => Buffer.from(buf).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/#%* \n';

async function seeds() {
  return [
    await encodeState({ v: 1, lang: 'pt-BR', tab: 'value', inputs: { value: { value: { arpa: 100 } } }, data: {} }),
    await encodeState({ v: 1, data: { survey: { name: 'x', paste: 'Score\n10\n9\n', settings: { delimiter: ';' } } } }),
    FRAGMENT_PREFIX + b64url(zlib.deflateRawSync(Buffer.from('[1,2,3]'))),
    FRAGMENT_PREFIX + b64url(zlib.deflateRawSync(Buffer.from('"just a string"'))),
    FRAGMENT_PREFIX + b64url(zlib.deflateRawSync(Buffer.alloc(MAX_STATE_BYTES + 1, 32))),
    FRAGMENT_PREFIX + b64url(zlib.deflateRawSync(Buffer.from([0xff, 0xfe, 0x00, 0x7b]))),
    FRAGMENT_PREFIX,
    '#other',
    '',
  ];
}

function mutate(s, r) {
  const pick = () => ALPHABET[Math.floor(r() * ALPHABET.length)];
  const at = Math.floor(r() * (s.length + 1));
  switch (Math.floor(r() * 6)) {
    case 0: return s.slice(0, at) + pick() + s.slice(at + 1);
    case 1: return s.slice(0, at) + pick() + s.slice(at);
    case 2: return s.slice(0, at) + s.slice(at + 1 + Math.floor(r() * 8));
    case 3: return s.slice(0, at);
    case 4: return FRAGMENT_PREFIX + b64url(Uint8Array.from({ length: Math.floor(r() * 200) }, () => Math.floor(r() * 256)));
    default: {
      const bytes = Uint8Array.from({ length: Math.floor(r() * 300) }, () => Math.floor(r() * 256));
      return FRAGMENT_PREFIX + b64url(zlib.deflateRawSync(bytes));
    }
  }
}

test('the share-link decoder survives mutated, random and hostile links', async () => {
  const r = rng(20261125);
  const pool = await seeds();
  const started = Date.now();
  let cases = 0;
  const outcomes = { none: 0, state: 0, damaged: 0, 'too-large': 0 };
  while (cases < minCases || Date.now() - started < seconds * 1000) {
    const base = pool[Math.floor(r() * pool.length)];
    let link = base;
    const rounds = 1 + Math.floor(r() * 4);
    for (let i = 0; i < rounds; i++) link = mutate(link, r);
    const out = await decodeState(link);
    assert.equal(typeof out, 'object');
    if (out.state !== undefined) {
      assert.ok(out.state && typeof out.state === 'object' && !Array.isArray(out.state));
      outcomes.state++;
    } else if (out.error !== undefined) {
      assert.ok(out.error === 'damaged' || out.error === 'too-large', out.error);
      outcomes[out.error]++;
    } else {
      assert.deepEqual(out, {});
      outcomes.none++;
    }
    cases++;
  }
  // The seeds themselves decode as expected.
  assert.deepEqual((await decodeState(pool[0])).state.lang, 'pt-BR');
  assert.equal((await decodeState(pool[4])).error, 'too-large');
  assert.equal((await decodeState(pool[2])).error, 'damaged');
  assert.ok(outcomes.damaged > 0 && outcomes.state > 0, JSON.stringify(outcomes));
  console.log(`share-link fuzz: ${cases} cases in ${Date.now() - started} ms`, outcomes);
});

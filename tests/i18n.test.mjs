// Translation files: same keys and placeholders as English, no empty strings;
// every code of an undefined figure in the Rust sources has its translation
// (`reasons.<code>`) in every language, and every translated core sentence
// without a code (`sentences`) still exists in the Rust sources (so a
// reworded sentence in src/ is caught here).
// Run: node --test tests/i18n.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const LANGS = ['es', 'pt-BR', 'fr', 'id'];
const load = (lang) => JSON.parse(readFileSync(join(root, 'www', 'i18n', `${lang}.json`), 'utf8'));

/** Flattens nested string tables to {"section.key": text}; `reasons` and `sentences` are kept apart. */
function flatten(obj, prefix = '', out = {}) {
  for (const [k, v] of Object.entries(obj)) {
    if (prefix === '' && (k === 'reasons' || k === 'sentences')) continue;
    if (v !== null && typeof v === 'object') flatten(v, `${prefix}${k}.`, out);
    else out[`${prefix}${k}`] = v;
  }
  return out;
}
const placeholders = (s) => [...String(s).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

function rustFiles(dir) {
  const out = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...rustFiles(p));
    else if (p.endsWith('.rs')) out.push(p);
  }
  return out;
}

/** Every string literal of the Rust sources (comments skipped, escapes resolved). */
function rustLiterals() {
  const found = new Set();
  const unescape = (body) => body.replace(/\\(\r?\n\s*|u\{([0-9a-fA-F]+)\}|x([0-9a-fA-F]{2})|.)/g, (m, c, u, x) => {
    if (u) return String.fromCodePoint(parseInt(u, 16));
    if (x) return String.fromCharCode(parseInt(x, 16));
    if (c[0] === '\n' || c[0] === '\r') return '';
    return { n: '\n', t: '\t', r: '\r', 0: '\0' }[c] ?? c;
  });
  for (const file of rustFiles(join(root, 'src'))) {
    const src = readFileSync(file, 'utf8');
    let i = 0;
    while (i < src.length) {
      const c = src[i];
      if (c === '/' && src[i + 1] === '/') { while (i < src.length && src[i] !== '\n') i++; continue; }
      if (c === '/' && src[i + 1] === '*') { const e = src.indexOf('*/', i + 2); i = e < 0 ? src.length : e + 2; continue; }
      const raw = /^b?r(#*)"/.exec(src.slice(i, i + 10));
      if (raw && !/\w/.test(src[i - 1] || '')) {
        const close = `"${raw[1]}`;
        const start = i + raw[0].length;
        const e = src.indexOf(close, start);
        found.add(src.slice(start, e));
        i = e + close.length;
        continue;
      }
      if (c === '"') {
        let j = i + 1;
        while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
        found.add(unescape(src.slice(i + 1, j)));
        i = j + 1;
        continue;
      }
      if (c === "'" && src[i + 1] === '\\') { i = src.indexOf("'", i + 3) + 1; continue; }
      if (c === "'" && src[i + 2] === "'") { i += 3; continue; }
      i++;
    }
  }
  return found;
}

const english = flatten(load('en'));

for (const lang of LANGS) {
  test(`${lang}: exactly the English key set`, () => {
    const table = flatten(load(lang));
    const missing = Object.keys(english).filter((k) => !(k in table));
    const extra = Object.keys(table).filter((k) => !(k in english));
    assert.deepEqual({ missing, extra }, { missing: [], extra: [] },
      `${lang}.json: ${missing.length} missing key(s): ${missing.join(', ')}; ${extra.length} extra key(s): ${extra.join(', ')}`);
  });

  test(`${lang}: same {placeholders} as English, no empty or non-string values`, () => {
    const table = flatten(load(lang));
    const problems = [];
    for (const [key, en] of Object.entries(english)) {
      if (!(key in table)) continue;
      const v = table[key];
      if (typeof v !== 'string' || v.trim() === '') { problems.push(`${key}: empty or not a string`); continue; }
      if (placeholders(v).join() !== placeholders(en).join()) problems.push(`${key}: {${placeholders(v)}} instead of {${placeholders(en)}}`);
    }
    assert.deepEqual(problems, [], `${lang}.json:\n${problems.join('\n')}`);
  });
}

test('plural forms: every key_one has its key_other and base key, in English and every language', () => {
  const problems = [];
  for (const lang of ['en', ...LANGS]) {
    const table = flatten(load(lang));
    for (const key of Object.keys(table)) {
      const m = /^(.*)_(one|other)$/.exec(key);
      if (!m) continue;
      if (!(m[1] in table)) problems.push(`${lang}: ${key} without ${m[1]}`);
      if (!(`${m[1]}_one` in table) || !(`${m[1]}_other` in table)) problems.push(`${lang}: ${m[1]} lacks _one or _other`);
    }
  }
  assert.deepEqual(problems, []);
});

test('English needs no reasons or sentences mapping: it shows the core\'s own sentences', () => {
  assert.deepEqual(load('en').reasons, {});
  assert.deepEqual(load('en').sentences, {});
});

const literals = rustLiterals();
const lowerFirst = (s) => s.charAt(0).toLowerCase() + s.slice(1);

/** The codes of undefined figures in the Rust sources: `Why::new("code", …)`, `Undefined::new("code", …)`. */
function undefinedCodes() {
  const codes = new Set();
  for (const file of rustFiles(join(root, 'src'))) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\b(?:Why|Undefined)::new\(\s*"([a-z0-9_]+)"/g)) codes.add(m[1]);
  }
  return codes;
}
const codes = undefinedCodes();

test('the Rust sources declare the codes of undefined figures', () => {
  assert.ok(codes.size >= 80, `only ${codes.size} codes found`);
});

test('docs/metrics.md §7.7 lists every code of an undefined figure, and only those', () => {
  const docs = readFileSync(join(root, 'docs', 'metrics.md'), 'utf8');
  const listed = new Set([...docs.matchAll(/^\| `([a-z0-9_]+)` \|/gm)].map((m) => m[1]));
  assert.deepEqual([...codes].filter((c) => !listed.has(c)).sort(), [], 'codes missing from the table');
  assert.deepEqual([...listed].filter((c) => !codes.has(c)).sort(), [], 'codes in the table no longer in src/');
});

for (const lang of LANGS) {
  test(`${lang}: every code of an undefined figure is translated, and only those`, () => {
    const reasons = load(lang).reasons;
    const missing = [...codes].filter((c) => typeof reasons[c] !== 'string' || reasons[c].trim() === '');
    assert.deepEqual(missing, [], `${lang}.json: reasons.<code> missing`);
    const unknown = Object.keys(reasons).filter((c) => !codes.has(c));
    assert.deepEqual(unknown, [], `${lang}.json: reasons for codes no longer in src/`);
  });

  test(`${lang}: every sentences key is a sentence of the Rust sources, translated`, () => {
    const sentences = load(lang).sentences;
    assert.equal(typeof sentences, 'object');
    // Error sentences reach the page with their first letter upper-cased.
    const unknown = Object.keys(sentences).filter((k) => !literals.has(k) && !literals.has(lowerFirst(k)));
    assert.deepEqual(unknown, [], `${lang}.json sentences not found in src/ (renamed or removed there?):\n${unknown.join('\n')}`);
    const empty = Object.entries(sentences).filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k);
    assert.deepEqual(empty, [], `${lang}.json: empty sentence translations`);
    const untranslated = Object.entries(sentences).filter(([k, v]) => k === v).map(([k]) => k);
    assert.deepEqual(untranslated, [], `${lang}.json: sentences left in English`);
  });
}

test('the error codes translated are the core\'s causes', () => {
  const rs = readFileSync(join(root, 'src', 'error.rs'), 'utf8');
  const causes = [...rs.matchAll(/^\s*\(\s*"([a-z0-9_]+)",/gm)].map((m) => m[1]).sort();
  assert.ok(causes.length >= 5, causes.join());
  for (const lang of ['en', ...LANGS]) assert.deepEqual(Object.keys(load(lang).errors).sort(), causes, lang);
});

test('the sentences of all languages are the same', () => {
  const sets = LANGS.map((l) => Object.keys(load(l).sentences).sort().join('\n'));
  for (let i = 1; i < sets.length; i++) assert.equal(sets[i], sets[0], `${LANGS[i]} and ${LANGS[0]} translate different sentences`);
});

test('French uses a narrow no-break space before : ; ? ! and %', () => {
  const fr = load('fr');
  const all = [...Object.entries(flatten(fr)), ...['reasons', 'sentences'].flatMap((b) => Object.entries(fr[b]).map(([k, v]) => [`${b}[${k}]`, v]))];
  const bad = all.filter(([, v]) => / [:;?!%]/.test(v) || /\S[;?!]/.test(v.replace(/[a-z]+:\/\/\S+/g, ''))).map(([k, v]) => `${k}: ${v}`);
  assert.deepEqual(bad, []);
});

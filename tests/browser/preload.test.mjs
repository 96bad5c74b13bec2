// index.html preloads the page's module graph so that it downloads at once
// rather than one import level at a time. Nothing ties that list to the
// imports: this check (static, no browser) fails when a module the page
// imports is missing from it, when it names a file that does not exist, or
// when it names a module the page no longer imports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const WWW = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'www');
const html = fs.readFileSync(path.join(WWW, 'index.html'), 'utf8');

/** Paths relative to www/, as posix, for the page's `attr` of tags matching `tag`. */
function listed(tag, attr) {
  return [...html.matchAll(new RegExp(`<${tag}\\b[^>]*>`, 'g'))]
    .map((m) => m[0].match(new RegExp(`\\b${attr}="([^"]+)"`))?.[1])
    .filter(Boolean)
    .map((href) => path.posix.normalize(href));
}

/** Relative specifiers a module imports, statically, re-exports or with import(). */
function imports(source) {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found = [];
  for (const re of [
    /(?:^|[;\s])(?:import|export)\s[^'"`;]*?\bfrom\s*['"](\.{1,2}\/[^'"]+)['"]/g,
    /(?:^|[;\s])import\s*['"](\.{1,2}\/[^'"]+)['"]/g,
    /\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g,
  ]) for (const m of code.matchAll(re)) found.push(m[1]);
  return found;
}

/** Every module reachable from the page's module scripts, relative to www/. */
function moduleGraph(entries) {
  const seen = new Set();
  const todo = [...entries];
  while (todo.length) {
    const file = todo.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const source = fs.readFileSync(path.join(WWW, file), 'utf8');
    for (const spec of imports(source)) todo.push(path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)));
  }
  return seen;
}

const scripts = listed('script', 'src');
const preloads = [...html.matchAll(/<link\b[^>]*>/g)]
  .map((m) => m[0])
  .filter((tag) => /\brel="modulepreload"/.test(tag))
  .map((tag) => path.posix.normalize(tag.match(/\bhref="([^"]+)"/)[1]));

test('the import scan sees static, re-exported and dynamic imports', () => {
  assert.deepEqual(imports([
    "import { a } from './a.js';",
    "import {\n  b,\n} from '../b.js';",
    "export { c } from './c.js';",
    "import './d.js';",
    "const [e] = await Promise.all([import('./e.js')]);",
    '// import { x } from \'./commented.js\';',
    "const u = new URL('./worker.js', import.meta.url);",
  ].join('\n')), ['./a.js', '../b.js', './c.js', './d.js', './e.js']);
});

test('every modulepreload in index.html names an existing file', () => {
  assert.ok(preloads.length > 0, 'index.html has no modulepreload list');
  const missing = preloads.filter((file) => !fs.existsSync(path.join(WWW, file)));
  assert.deepEqual(missing, [], 'modulepreload names files that do not exist');
  assert.equal(new Set(preloads).size, preloads.length, 'a module is preloaded twice');
});

test('the modulepreload list is the page\'s module graph', () => {
  assert.deepEqual(scripts, ['app.js'], 'the page loads one module script');
  const graph = moduleGraph(scripts);
  // The entry script itself is fetched by its own tag.
  const needed = [...graph].filter((file) => !scripts.includes(file)).sort();
  assert.deepEqual(needed.filter((file) => !preloads.includes(file)), [], 'modules the page imports but index.html does not preload');
  assert.deepEqual(preloads.filter((file) => !graph.has(file)), [], 'modules index.html preloads but the page does not import');
});

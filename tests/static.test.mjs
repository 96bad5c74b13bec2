// Checks on the site's source: user text can only reach the DOM as text,
// the page names no outside origin, and every page carries the CSP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const WWW = path.join(ROOT, 'www');
const CSP = "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'; style-src 'self'; img-src 'self' data: blob:";

function files(dir, ext) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'pkg' ? [] : files(p, ext);
    return ext.some((x) => e.name.endsWith(x)) ? [p] : [];
  });
}

test('no markup sinks in the site code: user text reaches the DOM only as text', () => {
  const sinks = /\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write(ln)?|createContextualFragment|srcdoc)\b|\beval\s*\(|new\s+Function\s*\(|setTimeout\s*\(\s*['"`]/;
  const found = [];
  for (const f of files(WWW, ['.js', '.mjs', '.html'])) {
    fs.readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
      if (sinks.test(line)) found.push(`${path.relative(ROOT, f)}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(found, []);
});

test('the site names no outside origin', () => {
  const found = [];
  for (const f of files(WWW, ['.js', '.mjs', '.html', '.css', '.json'])) {
    fs.readFileSync(f, 'utf8').split('\n').forEach((line, i) => {
      for (const m of line.matchAll(/\b(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/gi)) {
        // The SVG namespace is a name, not a request; `.example` (RFC 2606)
        // only appears in snippets shown as text.
        if (m[0].endsWith('www.w3.org') || m[0].endsWith('.example')) continue;
        found.push(`${path.relative(ROOT, f)}:${i + 1}: ${m[0]}`);
      }
    });
  }
  assert.deepEqual(found, []);
});

test('every page carries the same Content-Security-Policy and loads scripts as modules', () => {
  for (const f of files(WWW, ['.html'])) {
    const html = fs.readFileSync(f, 'utf8');
    const csp = html.match(/http-equiv="Content-Security-Policy" content="([^"]+)"/);
    assert.ok(csp, `${f}: no CSP meta`);
    assert.equal(csp[1], CSP, f);
    assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>\s*\S/.test(html), `${f}: inline script`);
    assert.ok(!/\sstyle="/.test(html), `${f}: inline style attribute`);
    assert.ok(!/\son[a-z]+="/.test(html), `${f}: inline event handler`);
  }
});

test('the time zones the page suggests are the ones the core tests natively (docs/metrics.md §4.12)', () => {
  const quoted = (text) => [...text.matchAll(/['"]([A-Za-z_]+(?:\/[A-Za-z_]+)*)['"]/g)].map((m) => m[1]);
  const between = (text, start, end) => {
    const i = text.indexOf(start);
    assert.ok(i >= 0, `${start} not found`);
    return text.slice(i + start.length, text.indexOf(end, i + start.length));
  };
  const page = quoted(between(fs.readFileSync(path.join(WWW, 'sections/hours.js'), 'utf8'), 'export const ZONES = [', '];'));
  const core = quoted(between(fs.readFileSync(path.join(ROOT, 'src/schedule.rs'), 'utf8'), 'const USER_ZONES: &[&str] = &[', '];'));
  assert.ok(page.length > 40, `only ${page.length} zones read from hours.js`);
  assert.deepEqual([...page].sort(), [...core].sort());
});

// Shared set-up for the browser tests: the project's own server on a free
// port and Debian's Chromium driven by playwright-core (no browser download).
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { serve } from '../../scripts/serve.mjs';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
export const SHOTS = path.join(ROOT, 'target', 'screenshots');
fs.mkdirSync(SHOTS, { recursive: true });

/**
 * `locale` (e.g. 'fr-FR') sets the browser language of the whole context;
 * `testExports` serves the tests' wasm (target/pkg-test/, with debug_panic:
 * `scripts/build-wasm.sh --test`) in place of www/pkg/.
 */
export async function start({ locale, testExports = false } = {}) {
  const pkg = testExports ? path.join(ROOT, 'target', 'pkg-test') : null;
  const { server, url } = await serve({ port: 0, pkg });
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cxmetrics-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    ...(locale ? { locale } : {}),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const origin = new URL(url).origin;
  const requests = [];
  const consoleErrors = [];
  context.on('request', (r) => requests.push(r.url()));
  const close = async () => {
    await context.close();
    server.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  async function newPage(width = 1280, height = 900) {
    const page = await context.newPage();
    await page.setViewportSize({ width, height });
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    return page;
  }
  /** Requests that left the page's origin (data: and blob: are local). */
  const foreignRequests = () => requests.filter((u) => !u.startsWith(origin) && !/^(data|blob):/.test(u));
  return { url, origin, context, newPage, close, requests, consoleErrors, foreignRequests };
}

/** Opens `url` and waits until the page has booted (sample computed). */
export async function ready(page, url) {
  await page.goto(url);
  await page.waitForSelector('body[data-ready=true]', { timeout: 20000 });
}

/**
 * A new page of `h` at `width`, booted at `url`, with section `id` shown
 * (none when `id` is empty).
 */
export async function openSection(h, id, { width = 1280, url = h.url } = {}) {
  const page = await h.newPage(width, 900);
  await ready(page, url);
  if (id) await show(page, id);
  return page;
}

/** Builds the command line (debug, feature `cli`) and returns its path. */
export function buildCli() {
  execFileSync('cargo', ['build', '--quiet', '--features', 'cli'], { cwd: ROOT, stdio: 'inherit' });
  return path.join(ROOT, 'target', 'debug', 'cxmetrics');
}

/** The trimmed text of the first element matching `selector`. */
export async function text(page, selector) {
  const t = await page.textContent(selector);
  return t === null ? null : t.trim();
}

// ---------- waiting for the state a test checks ----------
// The page's section panels (#section-<id>) and its data panel (#datasets)
// carry data-requested (computations asked for, and inputs typed) and
// data-computed (set to data-requested once every one of them is answered
// and drawn): see "settled computations" in www/app.js. A test waits on
// those, or on the exact text it then checks, never on a looser pattern
// that an intermediate state also matches, nor on a fixed delay.

/** The element that carries the counts of `where`: a section's id ('whatif') or 'data'. */
const counted = (where) => (where === 'data' ? '#datasets' : `#section-${where}`);

/** How many computations `where` has asked for so far (inputs typed included). */
export async function requested(page, where) {
  return page.$eval(counted(where), (e) => Number(e.dataset.requested || 0));
}

/**
 * Waits until `where` has drawn everything it asked for, something asked
 * after the `requested(page, where)` reading `since` included.
 */
export async function settled(page, where, since, options) {
  await page.waitForFunction(([sel, n]) => Number(document.querySelector(sel)?.dataset.computed) > n, [counted(where), since], options);
}

/**
 * Does `change` (typing, choosing, clicking, loading data: one action) and
 * waits until `where` shows what it computes, and nothing else is pending.
 * Returns what `change` returned. Inputs typed or chosen just before need
 * no wait of their own: the page holds the count back until the typed
 * input's debounced computation is drawn (so wrap the last of several
 * fields only). A click has no such hold: settle each click that computes.
 * An action that computes nothing (a view switch, a list the page refuses
 * before asking the core) never settles: wait for its exact text instead.
 */
export async function settle(page, where, change, options) {
  const before = await requested(page, where);
  const out = await change();
  // A typed input counts at once, so what it asks for is counted by now; a
  // computation that finished before it (one debounced from an earlier
  // input) is not enough. A click may count only after a debounce: one more
  // than before, at least.
  const after = await requested(page, where);
  await settled(page, where, Math.max(after - 1, before), options);
  return out;
}

/**
 * Waits until section `id` is mounted and has drawn everything asked of it
 * so far (its first figures, when it was just shown).
 */
export async function idle(page, id, options) {
  await page.waitForFunction((sel) => {
    const e = document.querySelector(sel);
    return Boolean(e && e.childElementCount && e.dataset.requested && e.dataset.computed === e.dataset.requested);
  }, counted(id), options);
}

/** Clicks section `id`'s tab and waits until its figures are drawn. */
export async function show(page, id) {
  await page.click(`#tab-${id}`);
  await idle(page, id);
}

/**
 * Waits until the text of `selector` is `want` (a string, compared
 * trimmed) or matches it (a RegExp), and returns the text; on a timeout,
 * fails with the text it had, as assert does.
 */
export async function textIs(page, selector, want, { timeout = 30000 } = {}) {
  const [src, flags] = want instanceof RegExp ? [want.source, want.flags] : [null, null];
  try {
    await page.waitForFunction(([s, w, re, f]) => {
      const t = document.querySelector(s)?.textContent?.trim();
      return t !== undefined && (re === null ? t === w : new RegExp(re, f).test(t));
    }, [selector, want instanceof RegExp ? null : want, src, flags], { timeout });
  } catch (err) {
    if (!/Timeout/i.test(String(err))) throw err;
    const have = await text(page, selector).catch(() => null);
    if (want instanceof RegExp) assert.match(have ?? '', want, `${selector} after ${timeout} ms`);
    else assert.equal(have, want, `${selector} after ${timeout} ms`);
    throw err;
  }
  return text(page, selector);
}

/**
 * Waits until the page's share link (its URL fragment, written a moment
 * after each change) holds `want`: every key of `want`, recursively, with
 * the same value. Returns the page's URL then.
 */
export async function linkHolds(page, want) {
  await page.waitForFunction((w) => {
    const seen = (window.__cxLinkSeen ||= { hash: null, state: undefined });
    if (seen.hash !== location.hash) {
      const hash = location.hash;
      Object.assign(seen, { hash, state: undefined });
      import('./share.js').then(({ decodeState }) => decodeState(hash))
        .then((r) => { if (seen.hash === hash) seen.state = r.state ?? null; }, () => { if (seen.hash === hash) seen.state = null; });
      return false;
    }
    const holds = (have, x) => (x !== null && typeof x === 'object'
      ? have !== null && typeof have === 'object' && Object.keys(x).every((k) => holds(have[k], x[k]))
      : Object.is(have, x));
    return Boolean(seen.state) && holds(seen.state, w);
  }, want);
  return page.url();
}

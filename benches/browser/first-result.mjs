// The first computed result after a cold load of www/index.html, alone:
// `node benches/browser/first-result.mjs [--runs N] [--breakdown] [--against DIR]`.
//
// Builds nothing (run scripts/build-wasm.sh first). Measures exactly as
// benches/browser/run.mjs does: a fresh browser context per load (empty
// HTTP and code caches), the time from navigation start to
// `document.body.dataset.ready === 'true'` seen by a MutationObserver.
// Prints each run, the median, and the fastest run and first quartile (on a
// busy machine less swayed by other processes than the median). With --breakdown it also prints, for the
// last run, when each file of the page and of its worker was requested and
// received (Resource Timing, in ms from navigation start), so one can see
// where the time goes. With --against DIR (another checkout, its wasm
// built; served by its own scripts/serve.mjs if it has one) the runs
// alternate between the two pages, so that a busy machine slows both alike,
// and both medians are printed.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serve } from '../../scripts/serve.mjs';
import { coldLoad } from './cold-load.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const argv = process.argv.slice(2);
const runs = Number(argv[argv.indexOf('--runs') + 1]) || 7;
const breakdown = argv.includes('--breakdown');
const against = argv.includes('--against') ? path.resolve(argv[argv.indexOf('--against') + 1]) : null;

const sites = [];
for (const [label, root] of [['this', ROOT], ...(against ? [['against', against]] : [])]) {
  // Each checkout is served by its own scripts/serve.mjs when it has one.
  const own = path.join(root, 'scripts', 'serve.mjs');
  const start = root !== ROOT && fs.existsSync(own) ? (await import(pathToFileURL(own).href)).serve : serve;
  const { server, url } = await start({ port: 0, root });
  sites.push({ label, server, origin: new URL(url).origin, times: [] });
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const entries = () => ({
  origin: performance.timeOrigin,
  list: performance.getEntries()
    .filter((e) => ['resource', 'mark', 'measure', 'paint', 'navigation'].includes(e.entryType))
    .map((e) => ({ type: e.entryType, name: e.name.replace(location.origin, ''), start: e.startTime,
      end: e.responseEnd || e.startTime + e.duration, dcl: e.domContentLoadedEventEnd })),
});

let exitCode = 0;
try {
  let last = null;
  for (let k = 0; k < runs * sites.length; k++) {
    const site = sites[k % sites.length];
    const workers = [];
    const at = await coldLoad(browser, site.origin, {
      onPage: (page) => {
        page.on('worker', (w) => workers.push(w));
        page.on('pageerror', (e) => { console.error(String(e)); exitCode = 1; });
      },
      inspect: async (page, at) => {
        if (!breakdown || k !== (runs - 1) * sites.length) return;
        const main = await page.evaluate(entries);
        const rows = main.list;
        for (const w of workers) {
          const inner = await w.evaluate(entries).catch(() => null);
          if (!inner) continue;
          const shift = inner.origin - main.origin;
          for (const e of inner.list) rows.push({ ...e, name: `[worker] ${e.name}`, start: e.start + shift, end: e.end + shift });
        }
        last = { at, rows: rows.sort((a, b) => a.start - b.start) };
      },
    });
    if (at === null) { console.error('data-ready was not seen by the observer'); exitCode = 1; }
    else site.times.push(at);
  }
  for (const { label, times } of sites) {
    const name = against ? ` (${label === 'this' ? ROOT : against})` : '';
    const sorted = [...times].sort((a, b) => a - b);
    const quarter = sorted[Math.floor((sorted.length - 1) / 4)];
    console.log(`first result after a cold load${name}: median ${median(times).toFixed(1)} ms (fastest ${sorted[0].toFixed(0)}, first quartile ${quarter.toFixed(0)}); runs ${times.map((t) => t.toFixed(0)).join(' ')}`);
  }
  if (last) {
    console.log('\nlast run (ms from navigation start):');
    for (const e of last.rows) {
      const extra = e.type === 'navigation' ? `  DOMContentLoaded ${e.dcl.toFixed(0)}` : '';
      console.log(`${e.start.toFixed(0).padStart(6)} → ${e.end.toFixed(0).padStart(6)}  ${e.type.padEnd(8)} ${e.name}${extra}`);
    }
    console.log(`${last.at.toFixed(0).padStart(6)}            ready`);
  }
} finally {
  await browser.close();
  for (const site of sites) site.server.close();
}
process.exit(exitCode);

// The same fixture uploaded in the page and read by the command line gives
// the same report: the page's "Report (JSON)" download against
// `cxmetrics report FILE --json`, for every kind of data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { start, ROOT, ready, buildCli } from './harness.mjs';

const FIXTURES = [
  ['exports/delighted_nps.csv', 'survey'],
  ['exports/fr_enquete.csv', 'survey'],
  ['exports/surveymonkey_nps.csv', 'survey'],
  ['exports/zendesk_tickets.csv', 'tickets'],
  ['exports/es_tickets.csv', 'tickets'],
  ['exports/stripe_subscriptions.csv', 'subscriptions'],
  ['exports/br_assinaturas.csv', 'subscriptions'],
  ['exports/spend_channels.csv', 'spend'],
  ['exports/id_akun.csv', 'accounts'],
  ['tickets/bad_rows.csv', 'tickets'],
];

let h;
let cli;
before(async () => {
  cli = buildCli();
  h = await start();
});
after(async () => { await h?.close(); });

for (const [name, kind] of FIXTURES) {
  test(`${name}: page and command line agree`, async () => {
    const file = path.join(ROOT, 'tests/fixtures', name);
    const expected = JSON.parse(execFileSync(cli, ['report', file, '--json'], { encoding: 'utf8' }));
    const page = await h.newPage();
    await ready(page, h.url);
    await page.setInputFiles('#file', file);
    const card = `.dataset[data-kind=${kind}]`;
    await page.waitForFunction(([sel, base]) => document.querySelector(sel)?.textContent.includes(base), [card, path.basename(name)]);
    await page.click(`${card} summary`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click(`${card} .actions button:nth-child(2)`),
    ]);
    const saved = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    assert.deepEqual(saved, expected);
    await page.close();
  });
}

test('no console errors and no request outside the page origin', () => {
  assert.deepEqual(h.consoleErrors, []);
  assert.deepEqual(h.foreignRequests(), []);
});

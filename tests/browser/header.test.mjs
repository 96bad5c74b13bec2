// The data panel says which lines were taken as header: one line, two
// (SurveyMonkey's answer-label row), or none (pasted scores).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, ready, text, settle } from './harness.mjs';

let h;
before(async () => { h = await start(); });
after(async () => { await h?.close(); });

async function facts(csv) {
  const page = await h.newPage();
  await ready(page, h.url);
  await page.click('#paste-toggle');
  await page.fill('#paste', csv);
  await settle(page, 'data', () => page.click('#paste-go'));
  // Every paste below has the scores 10 and 9 (the sample's NPS is 39).
  assert.equal(await page.textContent('#data-nps .big'), '100.0');
  await page.click('.dataset[data-kind=survey] summary');
  const said = await text(page, '.dataset[data-kind=survey] .ds-facts');
  await page.close();
  return said;
}

test('the data panel names the header lines', async () => {
  assert.match(await facts('Name,Score\nAna,10\n,9\n'), /with 1 header row\(s\)\. Header line\(s\): 1\.$/);
  assert.match(await facts('Respondent ID,Score\n,Response\n7,10\n8,9\n'), /Header line\(s\): 1, 2\.$/);
  assert.match(await facts('10\n9\n'), /No header line: the first line is data\.$/);
});

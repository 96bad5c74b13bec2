// Shared set-up for the browser tests: the project's own server on a free
// port and Debian's Chromium driven by playwright-core (no browser download).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve } from '../../scripts/serve.mjs';

export const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
export const SHOTS = path.join(ROOT, 'target', 'screenshots');
fs.mkdirSync(SHOTS, { recursive: true });

/** `locale` (e.g. 'fr-FR') sets the browser language of the whole context. */
export async function start({ locale } = {}) {
  const { server, url } = await serve({ port: 0 });
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

/** Waits until the NPS headline shows a number other than the placeholder. */
export async function npsText(page) {
  await page.waitForFunction(() => {
    const t = document.getElementById('nps-value').textContent;
    return t && t !== '–';
  });
  return page.textContent('#nps-value');
}

/** Opens `url` and waits until the page has booted (sample computed). */
export async function ready(page, url) {
  await page.goto(url);
  await page.waitForSelector('body[data-ready=true]', { timeout: 20000 });
}

/** The trimmed text of the first element matching `selector`. */
export async function text(page, selector) {
  const t = await page.textContent(selector);
  return t === null ? null : t.trim();
}

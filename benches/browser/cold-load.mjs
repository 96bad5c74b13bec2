// One cold load of the calculator page, shared by run.mjs and
// first-result.mjs: a fresh browser context (empty HTTP and code caches),
// navigation to www/index.html, and the time from navigation start to
// `body[data-ready=true]` (the sample's figures on screen), seen by a
// MutationObserver inside the page.

/**
 * Opens the page cold; `onPage(page)` runs before navigation (listeners),
 * `inspect(page, at)` after the page is ready and before the context closes.
 * Returns the time to ready in ms, or null when the observer missed it.
 */
export async function coldLoad(browser, origin, { onPage = () => {}, inspect = async () => {} } = {}) {
  const context = await browser.newContext();
  try {
    await context.addInitScript(() => {
      new MutationObserver((_, obs) => {
        if (document.body && document.body.dataset.ready === 'true') {
          window.__readyAt = performance.now();
          obs.disconnect();
        }
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-ready'] });
    });
    const page = await context.newPage();
    onPage(page);
    await page.goto(`${origin}/www/index.html`);
    await page.waitForSelector('body[data-ready=true]', { timeout: 60000 });
    const at = await page.evaluate(() => window.__readyAt ?? null);
    await inspect(page, at);
    return at;
  } finally {
    await context.close();
  }
}

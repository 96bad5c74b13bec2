// Translations: one JSON per language under i18n/, nested by section.
// t('surveys.nps_title') looks a key up; {name} placeholders are filled as
// text. Missing keys fall back to English, then to the key itself. The core's
// texts are translated by their stable code: `reasons.<code>` (an undefined
// figure), `errors.<code>` (an error), `notes.codes.<code>` (a warning);
// `sentences` holds the few that have no code, by their English text.

export const LANGUAGES = [
  ['en', 'English'],
  ['es', 'Español'],
  ['pt-BR', 'Português (Brasil)'],
  ['fr', 'Français'],
  ['id', 'Bahasa Indonesia'],
];

/** Each language's table, as a promise: a second ask while the first is on
 * its way (English as itself and as the fallback) shares its fetch. */
const tables = {};

function load(lang) {
  if (!tables[lang]) {
    const table = fetch(new URL(`./i18n/${lang}.json`, import.meta.url)).then((res) => {
      if (!res.ok) throw new Error(`i18n/${lang}.json: ${res.status}`);
      return res.json();
    });
    tables[lang] = table;
    // A failed load is tried afresh next time.
    table.catch(() => { if (tables[lang] === table) delete tables[lang]; });
  }
  return tables[lang];
}

/** The best supported language for the browser's preferences. */
export function preferredLanguage(candidates = navigator.languages || [navigator.language]) {
  const codes = LANGUAGES.map(([c]) => c);
  for (const cand of candidates) {
    if (!cand) continue;
    const exact = codes.find((c) => c.toLowerCase() === cand.toLowerCase());
    if (exact) return exact;
    const base = cand.split('-')[0].toLowerCase();
    const byBase = codes.find((c) => c.split('-')[0].toLowerCase() === base);
    if (byBase) return byBase;
  }
  return 'en';
}

function lookup(table, key) {
  let node = table;
  for (const part of key.split('.')) {
    if (node === undefined || node === null) return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Loads `lang` (and English as fallback) and returns its translate function. */
export async function translator(lang) {
  const [table, english] = await Promise.all([load(lang), load('en')]);
  const plural = new Intl.PluralRules(lang);
  const t = (key, vars) => {
    // Plural forms: with a numeric `count`, `key_one` / `key_other` … are
    // preferred when the language has them (Intl.PluralRules categories).
    let s;
    if (vars && typeof vars.count === 'number') {
      const form = `${key}_${plural.select(vars.count)}`;
      s = lookup(table, form) ?? lookup(english, form);
    }
    s = s ?? lookup(table, key) ?? lookup(english, key) ?? key;
    if (vars) s = s.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
    return s;
  };
  /**
   * Translates a sentence of the Rust core that has no code (a skipped
   * row's reason, a notice), when a translation exists (`sentences`).
   */
  t.reason = (sentence) => {
    if (!sentence) return sentence;
    const sentences = table.sentences || {};
    return sentences[sentence] ?? sentence;
  };
  /** `key` in this language's own table (no English fallback), or undefined. */
  t.own = (key) => lookup(table, key);
  t.lang = lang;
  return t;
}

/** Fills [data-i18n], [data-i18n-placeholder], [data-i18n-aria-label], [data-i18n-title]. */
export function applyStatic(root, t) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.setAttribute('placeholder', t(el.dataset.i18nPlaceholder));
  for (const el of root.querySelectorAll('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel));
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.setAttribute('title', t(el.dataset.i18nTitle));
}

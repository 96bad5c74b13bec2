// Locale-aware formatting through Intl. No metric math: values arrive
// computed; this file only turns them into text.

/** Currencies offered when the data does not say which one it is in. */
export const CURRENCIES = ['USD', 'EUR', 'BRL', 'MXN', 'COP', 'ARS', 'CLP', 'IDR', 'GBP'];
const LANGUAGE_CURRENCY = { 'pt-BR': 'BRL', fr: 'EUR', id: 'IDR' };
const ISO_CODE = /^[A-Z]{3}$/;

/**
 * The currency money is shown in: the first of `choices` that is an ISO
 * 4217 code (the user's choice first, then the data's), else the one the
 * language `lang` suggests, else USD.
 */
export function pickCurrency(lang, ...choices) {
  for (const c of choices) if (typeof c === 'string' && ISO_CODE.test(c)) return c;
  return LANGUAGE_CURRENCY[lang] || 'USD';
}

/**
 * The currency a report's money is in, when the data or its settings named
 * one (`report.settings.currency`), else undefined.
 */
export function reportCurrency(report) {
  const c = report?.settings?.currency;
  return typeof c === 'string' && ISO_CODE.test(c) ? c : undefined;
}

export function formatter(locale) {
  const cache = new Map();
  const nf = (opts) => {
    const key = JSON.stringify(opts);
    if (!cache.has(key)) cache.set(key, new Intl.NumberFormat(locale, opts));
    return cache.get(key);
  };
  const f = {
    locale,
    /** A count: 1,234. */
    int: (x) => nf({ maximumFractionDigits: 0 }).format(x),
    /** A number with up to `d` decimals. */
    num: (x, d = 2) => nf({ maximumFractionDigits: d }).format(x),
    /** A number with exactly `d` decimals. */
    fixed: (x, d = 1) => nf({ minimumFractionDigits: d, maximumFractionDigits: d }).format(x),
    /** A fraction as a percentage with one decimal: 0.05 → 5.0 %. */
    pct: (x, d = 1) => nf({ style: 'percent', minimumFractionDigits: d, maximumFractionDigits: d }).format(x),
    /** Percentage points with a sign: +2.5 pts. */
    points: (x, d = 1) => nf({ minimumFractionDigits: d, maximumFractionDigits: d, signDisplay: 'exceptZero' }).format(x),
    /** A signed number. */
    signed: (x, d = 0) => nf({ maximumFractionDigits: d, signDisplay: 'exceptZero' }).format(x),
    /** Money in `currency` (ISO code): cents below 100,000 (R$ 2.000,00), none above. */
    money: (x, currency = 'USD') => {
      try {
        const big = Math.abs(x) >= 100000;
        return nf({ style: 'currency', currency, maximumFractionDigits: big ? 0 : 2, minimumFractionDigits: big ? 0 : 2 }).format(x);
      } catch {
        return nf({ maximumFractionDigits: 2 }).format(x);
      }
    },
    /** Minutes as a human duration: 42 min, 3.5 h, 2.1 days. */
    minutes: (m) => {
      if (m < 1) return `${nf({ maximumFractionDigits: 1 }).format(m * 60)} s`;
      if (m < 90) return `${nf({ maximumFractionDigits: m < 10 ? 1 : 0 }).format(m)} min`;
      if (m < 48 * 60) return `${nf({ maximumFractionDigits: 1 }).format(m / 60)} h`;
      return `${nf({ maximumFractionDigits: 1 }).format(m / 1440)} d`;
    },
    /** Months: 12.3 months. */
    months: (x) => nf({ maximumFractionDigits: 1 }).format(x),
    /** An ISO date-time as a short local date. */
    date: (iso) => {
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? String(iso) : new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
    },
    /** "2024-03" as a short month name. */
    month: (ym) => {
      const [y, m] = String(ym).split('-').map(Number);
      if (!y || !m) return String(ym);
      return new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, 1));
    },
  };
  return f;
}

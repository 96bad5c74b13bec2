// <cx-metric kind="nps"> — one typed-in cxmetrics calculator for any docs
// page. Load it with
//   <script type="module" src="https://…/embed.js"></script>
// and write
//   <cx-metric kind="nps" promoters="60" passives="25" detractors="15"></cx-metric>
// Kinds: nps, csat, ltv, payback, churn, capacity (see KINDS below and
// embed.html for the attributes of each).
//
// Every number comes from the Rust core (the `calculate` of
// src/calculators.rs) running in a Worker of its own, created from the
// worker.js next to this file; this file only formats (Intl) and draws.
// Everything lives in an open shadow root: no page CSS reaches in, none of
// ours leaks out. Styles are a constructed stylesheet (adoptedStyleSheets),
// which a Content-Security-Policy of `style-src 'self'` allows, where a
// <style> element would need 'unsafe-inline'. Theme through the CSS custom
// properties --cx-accent, --cx-font, --cx-radius, --cx-bg, --cx-ink,
// --cx-muted, --cx-border, --cx-error. Typed values reach the DOM only as
// text. The few strings live here, in five languages, so the embed needs
// nothing but this folder's embed.js, engine.js, format.js, ui.js, worker.js and pkg/.
import { Engine } from './engine.js';
import { h, defined } from './ui.js';
import { formatter } from './format.js';

const BASE = import.meta.url;

// ---------------------------------------------------------------------------
// Strings: en, es, pt-BR, fr, id. {name} placeholders are filled as text.

const STRINGS = {
  en: {
    title: { nps: 'Net Promoter Score', csat: 'Customer satisfaction (CSAT)', ltv: 'Customer lifetime value (LTV)', payback: 'CAC payback', churn: 'Customer churn', capacity: 'CSM capacity' },
    field: {
      promoters: 'Promoters (9–10)', passives: 'Passives (7–8)', detractors: 'Detractors (0–6)',
      satisfied: 'Satisfied answers', responses: 'All answers',
      arpa: 'Monthly revenue per account', monthly_churn: 'Monthly churn', gross_margin: 'Gross margin', cac: 'Cost to acquire a customer',
      start: 'Customers at the start', new: 'New customers', lost: 'Customers lost',
      hours: 'Hours per activity', per_year: 'Times per year per account', accounts: 'Accounts', productive_hours: 'Productive hours per CSM a year',
    },
    detail: {
      nps: '95 % CI {low} to {high} · {n} answers',
      csat: '95 % CI {low} to {high} · {satisfied} of {n} satisfied',
      ltv: 'Expected lifetime {months} months',
      ltv_capped: 'Capped at {months} months: {value}',
      payback: '{share} of new customers cancel before paying it back',
      churn: 'Annual {annual} · retention {retention}',
      capacity: '{hours} hours a year · whole people: {whole}',
    },
    value: { months: '{x} months', csms: '{x} CSMs' },
    how: {
      nps: 'NPS = % promoters − % detractors, in points; 95 % adjusted Wald interval.',
      csat: 'CSAT = satisfied answers ÷ all answers; 95 % Wilson interval.',
      ltv: 'LTV = monthly revenue per account × gross margin ÷ monthly churn.',
      payback: 'Payback = CAC ÷ (monthly revenue per account × gross margin); lost before payback = 1 − (1 − churn)^months.',
      churn: 'Churn = customers lost ÷ customers at the start; annual = 1 − (1 − monthly)^12, the period taken as one month.',
      capacity: 'Hours = hours per activity × times per year × accounts; CSMs = hours ÷ productive hours per CSM.',
    },
    how_label: 'How:',
    undefined: 'Not defined: {reason}.',
    unknown_kind: 'Unknown kind “{kind}”: use {kinds}.',
    computing: 'Computing…',
    failed: 'The calculator could not start in this page: its worker did not load (see the page’s Content-Security-Policy: worker-src, script-src, connect-src).',
    foot: 'Computed in your browser by',
    reasons: {},
  },
  es: {
    title: { nps: 'Net Promoter Score', csat: 'Satisfacción del cliente (CSAT)', ltv: 'Valor de vida del cliente (LTV)', payback: 'Recuperación del CAC', churn: 'Churn de clientes', capacity: 'Capacidad de CSM' },
    field: {
      promoters: 'Promotores (9–10)', passives: 'Pasivos (7–8)', detractors: 'Detractores (0–6)',
      satisfied: 'Respuestas satisfechas', responses: 'Todas las respuestas',
      arpa: 'Ingreso mensual por cuenta', monthly_churn: 'Churn mensual', gross_margin: 'Margen bruto', cac: 'Costo de adquirir un cliente',
      start: 'Clientes al inicio', new: 'Clientes nuevos', lost: 'Clientes perdidos',
      hours: 'Horas por actividad', per_year: 'Veces al año por cuenta', accounts: 'Cuentas', productive_hours: 'Horas productivas por CSM al año',
    },
    detail: {
      nps: 'IC 95 % de {low} a {high} · {n} respuestas',
      csat: 'IC 95 % de {low} a {high} · {satisfied} de {n} satisfechos',
      ltv: 'Vida esperada {months} meses',
      ltv_capped: 'Limitado a {months} meses: {value}',
      payback: '{share} de los clientes nuevos cancela antes de recuperarlo',
      churn: 'Anual {annual} · retención {retention}',
      capacity: '{hours} horas al año · personas enteras: {whole}',
    },
    value: { months: '{x} meses', csms: '{x} CSM' },
    how: {
      nps: 'NPS = % promotores − % detractores, en puntos; intervalo de Wald ajustado al 95 %.',
      csat: 'CSAT = respuestas satisfechas ÷ todas las respuestas; intervalo de Wilson al 95 %.',
      ltv: 'LTV = ingreso mensual por cuenta × margen bruto ÷ churn mensual.',
      payback: 'Recuperación = CAC ÷ (ingreso mensual por cuenta × margen bruto); perdidos antes = 1 − (1 − churn)^meses.',
      churn: 'Churn = clientes perdidos ÷ clientes al inicio; anual = 1 − (1 − mensual)^12, el periodo tomado como un mes.',
      capacity: 'Horas = horas por actividad × veces al año × cuentas; CSM = horas ÷ horas productivas por CSM.',
    },
    how_label: 'Cálculo:',
    undefined: 'No definido: {reason}.',
    unknown_kind: 'Tipo desconocido «{kind}»: use {kinds}.',
    computing: 'Calculando…',
    failed: 'La calculadora no pudo iniciarse en esta página: su worker no se cargó (revise la Content-Security-Policy de la página: worker-src, script-src, connect-src).',
    foot: 'Calculado en su navegador por',
    reasons: {
      'no survey responses': 'no hay respuestas de la encuesta',
      'no CSAT responses': 'no hay respuestas de CSAT',
      'no churn observed': 'no se observó churn',
      'no customers at the start': 'no hay clientes al inicio',
      'no monthly margin to pay back CAC': 'no hay margen mensual para recuperar el CAC',
    },
  },
  'pt-BR': {
    title: { nps: 'Net Promoter Score', csat: 'Satisfação do cliente (CSAT)', ltv: 'Valor do tempo de vida do cliente (LTV)', payback: 'Payback do CAC', churn: 'Churn de clientes', capacity: 'Capacidade de CSM' },
    field: {
      promoters: 'Promotores (9–10)', passives: 'Neutros (7–8)', detractors: 'Detratores (0–6)',
      satisfied: 'Respostas satisfeitas', responses: 'Todas as respostas',
      arpa: 'Receita mensal por conta', monthly_churn: 'Churn mensal', gross_margin: 'Margem bruta', cac: 'Custo de aquisição por cliente',
      start: 'Clientes no início', new: 'Clientes novos', lost: 'Clientes perdidos',
      hours: 'Horas por atividade', per_year: 'Vezes por ano por conta', accounts: 'Contas', productive_hours: 'Horas produtivas por CSM ao ano',
    },
    detail: {
      nps: 'IC 95 % de {low} a {high} · {n} respostas',
      csat: 'IC 95 % de {low} a {high} · {satisfied} de {n} satisfeitos',
      ltv: 'Tempo de vida esperado {months} meses',
      ltv_capped: 'Limitado a {months} meses: {value}',
      payback: '{share} dos clientes novos cancelam antes de pagá-lo',
      churn: 'Anual {annual} · retenção {retention}',
      capacity: '{hours} horas por ano · pessoas inteiras: {whole}',
    },
    value: { months: '{x} meses', csms: '{x} CSMs' },
    how: {
      nps: 'NPS = % promotores − % detratores, em pontos; intervalo de Wald ajustado de 95 %.',
      csat: 'CSAT = respostas satisfeitas ÷ todas as respostas; intervalo de Wilson de 95 %.',
      ltv: 'LTV = receita mensal por conta × margem bruta ÷ churn mensal.',
      payback: 'Payback = CAC ÷ (receita mensal por conta × margem bruta); perdidos antes = 1 − (1 − churn)^meses.',
      churn: 'Churn = clientes perdidos ÷ clientes no início; anual = 1 − (1 − mensal)^12, com o período tomado como um mês.',
      capacity: 'Horas = horas por atividade × vezes por ano × contas; CSMs = horas ÷ horas produtivas por CSM.',
    },
    how_label: 'Cálculo:',
    undefined: 'Não definido: {reason}.',
    unknown_kind: 'Tipo desconhecido “{kind}”: use {kinds}.',
    computing: 'Calculando…',
    failed: 'A calculadora não pôde iniciar nesta página: o worker não carregou (veja a Content-Security-Policy da página: worker-src, script-src, connect-src).',
    foot: 'Calculado no seu navegador por',
    reasons: {
      'no survey responses': 'nenhuma resposta da pesquisa',
      'no CSAT responses': 'nenhuma resposta de CSAT',
      'no churn observed': 'nenhum churn observado',
      'no customers at the start': 'nenhum cliente no início',
      'no monthly margin to pay back CAC': 'não há margem mensal para pagar o CAC',
    },
  },
  fr: {
    title: { nps: 'Net Promoter Score', csat: 'Satisfaction client (CSAT)', ltv: 'Valeur vie client (LTV)', payback: 'Retour sur le CAC', churn: 'Attrition client', capacity: 'Capacité des CSM' },
    field: {
      promoters: 'Promoteurs (9–10)', passives: 'Passifs (7–8)', detractors: 'Détracteurs (0–6)',
      satisfied: 'Réponses satisfaites', responses: 'Toutes les réponses',
      arpa: 'Revenu mensuel par compte', monthly_churn: 'Attrition mensuelle', gross_margin: 'Marge brute', cac: 'Coût d’acquisition d’un client',
      start: 'Clients au début', new: 'Nouveaux clients', lost: 'Clients perdus',
      hours: 'Heures par activité', per_year: 'Fois par an et par compte', accounts: 'Comptes', productive_hours: 'Heures productives par CSM et par an',
    },
    detail: {
      nps: 'IC à 95 % de {low} à {high} · {n} réponses',
      csat: 'IC à 95 % de {low} à {high} · {satisfied} satisfaits sur {n}',
      ltv: 'Durée de vie attendue {months} mois',
      ltv_capped: 'Plafonnée à {months} mois : {value}',
      payback: '{share} des nouveaux clients partent avant de l’avoir remboursé',
      churn: 'Annuelle {annual} · rétention {retention}',
      capacity: '{hours} heures par an · personnes entières : {whole}',
    },
    value: { months: '{x} mois', csms: '{x} CSM' },
    how: {
      nps: 'NPS = % promoteurs − % détracteurs, en points ; intervalle de Wald ajusté à 95 %.',
      csat: 'CSAT = réponses satisfaites ÷ toutes les réponses ; intervalle de Wilson à 95 %.',
      ltv: 'LTV = revenu mensuel par compte × marge brute ÷ attrition mensuelle.',
      payback: 'Retour = CAC ÷ (revenu mensuel par compte × marge brute) ; perdus avant = 1 − (1 − attrition)^mois.',
      churn: 'Attrition = clients perdus ÷ clients au début ; annuelle = 1 − (1 − mensuelle)^12, la période valant un mois.',
      capacity: 'Heures = heures par activité × fois par an × comptes ; CSM = heures ÷ heures productives par CSM.',
    },
    how_label: 'Calcul :',
    undefined: 'Non défini : {reason}.',
    unknown_kind: 'Type inconnu « {kind} » : utilisez {kinds}.',
    computing: 'Calcul…',
    failed: 'Le calculateur n’a pas pu démarrer dans cette page : son worker ne s’est pas chargé (voir la Content-Security-Policy de la page : worker-src, script-src, connect-src).',
    foot: 'Calculé dans votre navigateur par',
    reasons: {
      'no survey responses': 'aucune réponse à l’enquête',
      'no CSAT responses': 'aucune réponse CSAT',
      'no churn observed': 'aucune attrition observée',
      'no customers at the start': 'aucun client au début',
      'no monthly margin to pay back CAC': 'aucune marge mensuelle pour rembourser le CAC',
    },
  },
  id: {
    title: { nps: 'Net Promoter Score', csat: 'Kepuasan pelanggan (CSAT)', ltv: 'Nilai seumur hidup pelanggan (LTV)', payback: 'Pengembalian CAC', churn: 'Churn pelanggan', capacity: 'Kapasitas CSM' },
    field: {
      promoters: 'Promotor (9–10)', passives: 'Pasif (7–8)', detractors: 'Detraktor (0–6)',
      satisfied: 'Jawaban puas', responses: 'Semua jawaban',
      arpa: 'Pendapatan bulanan per akun', monthly_churn: 'Churn bulanan', gross_margin: 'Margin kotor', cac: 'Biaya akuisisi pelanggan',
      start: 'Pelanggan di awal', new: 'Pelanggan baru', lost: 'Pelanggan hilang',
      hours: 'Jam per aktivitas', per_year: 'Kali per tahun per akun', accounts: 'Akun', productive_hours: 'Jam produktif per CSM setahun',
    },
    detail: {
      nps: 'IK 95 % {low} hingga {high} · {n} jawaban',
      csat: 'IK 95 % {low} hingga {high} · {satisfied} dari {n} puas',
      ltv: 'Perkiraan masa hidup {months} bulan',
      ltv_capped: 'Dibatasi {months} bulan: {value}',
      payback: '{share} pelanggan baru berhenti sebelum biayanya kembali',
      churn: 'Tahunan {annual} · retensi {retention}',
      capacity: '{hours} jam setahun · dibulatkan: {whole} orang',
    },
    value: { months: '{x} bulan', csms: '{x} CSM' },
    how: {
      nps: 'NPS = % promotor − % detraktor, dalam poin; interval Wald yang disesuaikan 95 %.',
      csat: 'CSAT = jawaban puas ÷ semua jawaban; interval Wilson 95 %.',
      ltv: 'LTV = pendapatan bulanan per akun × margin kotor ÷ churn bulanan.',
      payback: 'Pengembalian = CAC ÷ (pendapatan bulanan per akun × margin kotor); hilang sebelumnya = 1 − (1 − churn)^bulan.',
      churn: 'Churn = pelanggan hilang ÷ pelanggan di awal; tahunan = 1 − (1 − bulanan)^12, periode dianggap satu bulan.',
      capacity: 'Jam = jam per aktivitas × kali per tahun × akun; CSM = jam ÷ jam produktif per CSM.',
    },
    how_label: 'Cara hitung:',
    undefined: 'Tidak terdefinisi: {reason}.',
    unknown_kind: 'Jenis “{kind}” tidak dikenal: gunakan {kinds}.',
    computing: 'Menghitung…',
    failed: 'Kalkulator tidak dapat dimulai di halaman ini: worker-nya tidak termuat (periksa Content-Security-Policy halaman: worker-src, script-src, connect-src).',
    foot: 'Dihitung di browser Anda oleh',
    reasons: {
      'no survey responses': 'tidak ada jawaban survei',
      'no CSAT responses': 'tidak ada jawaban CSAT',
      'no churn observed': 'tidak ada churn yang teramati',
      'no customers at the start': 'tidak ada pelanggan di awal',
      'no monthly margin to pay back CAC': 'tidak ada margin bulanan untuk mengembalikan CAC',
    },
  },
};

/** The string table for a language tag: exact, then by base language, then English. */
export function stringsFor(tag) {
  const codes = Object.keys(STRINGS);
  const want = String(tag || '').toLowerCase();
  const exact = codes.find((c) => c.toLowerCase() === want);
  if (exact) return exact;
  const base = want.split('-')[0];
  return codes.find((c) => c.split('-')[0].toLowerCase() === base) || 'en';
}

function fillIn(s, vars) {
  return vars ? s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m)) : s;
}

// ---------------------------------------------------------------------------
// Kinds: fields (attribute name, calculator input key, default, typed in %
// or money), the core calculator, and how its answer is shown.

/** docs/metrics.md, Conventions: NPS in whole points, one decimal below 100 answers (as surveys.js). */
const npsText = (fmt, x, n) => (n < 100 ? fmt.fixed(x, 1) : fmt.int(x));

export const KINDS = {
  nps: {
    calculator: 'nps',
    fields: [
      { attr: 'promoters', key: 'promoters', value: 60, step: 1 },
      { attr: 'passives', key: 'passives', value: 25, step: 1 },
      { attr: 'detractors', key: 'detractors', value: 15, step: 1 },
    ],
    input: (v) => ({ promoters: v.promoters, passives: v.passives, detractors: v.detractors }),
    show: (r, s, fmt) => {
      const f = r.nps;
      return { figure: f, text: defined(f) && npsText(fmt, f.value, f.n),
        detail: defined(f) && fillIn(s.detail.nps, { low: npsText(fmt, f.ci95_low, f.n), high: npsText(fmt, f.ci95_high, f.n), n: fmt.int(f.n) }) };
    },
  },
  csat: {
    calculator: 'csat',
    fields: [
      { attr: 'satisfied', key: 'satisfied', value: 74, step: 1 },
      { attr: 'responses', key: 'responses', value: 107, step: 1 },
    ],
    input: (v) => ({ satisfied: v.satisfied, responses: v.responses }),
    show: (r, s, fmt) => {
      const f = r.csat;
      return { figure: f, text: defined(f) && fmt.pct(f.value),
        detail: defined(f) && fillIn(s.detail.csat, { low: fmt.pct(f.ci95_low), high: fmt.pct(f.ci95_high), satisfied: fmt.int(f.satisfied), n: fmt.int(f.n) }) };
    },
  },
  ltv: {
    calculator: 'value',
    fields: [
      { attr: 'arpa', key: 'arpa', value: 100, money: true },
      { attr: 'monthly-churn', key: 'monthly_churn', value: 5, percent: true },
      { attr: 'gross-margin', key: 'gross_margin', value: 80, percent: true },
    ],
    input: (v) => ({ arpa: v.arpa, monthly_churn: v.monthly_churn, gross_margin: v.gross_margin }),
    show: (r, s, fmt, currency) => {
      const f = r.ltv;
      const life = r.expected_lifetime_months;
      let detail = defined(f) && defined(life) && fillIn(s.detail.ltv, { months: fmt.months(life.value) });
      if (!defined(f) && f && f.capped) detail = fillIn(s.detail.ltv_capped, { months: fmt.int(f.capped.months), value: fmt.money(f.capped.value, currency) });
      return { figure: f, text: defined(f) && fmt.money(f.value, currency), detail };
    },
  },
  payback: {
    calculator: 'value',
    fields: [
      { attr: 'cac', key: 'cac', value: 1200, money: true },
      { attr: 'arpa', key: 'arpa', value: 100, money: true },
      { attr: 'gross-margin', key: 'gross_margin', value: 100, percent: true },
      { attr: 'monthly-churn', key: 'monthly_churn', value: 3, percent: true },
    ],
    input: (v) => ({ cac: v.cac, arpa: v.arpa, gross_margin: v.gross_margin, monthly_churn: v.monthly_churn }),
    show: (r, s, fmt) => {
      const f = r.payback_months;
      const lost = r.lost_before_payback;
      return { figure: f, text: defined(f) && fillIn(s.value.months, { x: fmt.months(f.value) }),
        detail: defined(f) && defined(lost) && fillIn(s.detail.payback, { share: fmt.pct(lost.value) }) };
    },
  },
  churn: {
    calculator: 'churn',
    fields: [
      { attr: 'start', key: 'start', value: 200, step: 1 },
      { attr: 'new', key: 'new', value: 30, step: 1 },
      { attr: 'lost', key: 'lost', value: 10, step: 1 },
    ],
    input: (v) => ({ start: v.start, new: v.new, lost: v.lost }),
    show: (r, s, fmt) => {
      const f = r.customer_churn;
      const annual = r.annual_churn;
      const retention = r.retention_rate;
      return { figure: f, text: defined(f) && fmt.pct(f.value),
        detail: defined(f) && defined(annual) && defined(retention) && fillIn(s.detail.churn, { annual: fmt.pct(annual.value), retention: fmt.pct(retention.value) }) };
    },
  },
  capacity: {
    calculator: 'csm_capacity',
    fields: [
      { attr: 'hours', key: 'hours', value: 3 },
      { attr: 'per-year', key: 'per_year', value: 4 },
      { attr: 'accounts', key: 'accounts', value: 100, step: 1 },
      { attr: 'productive-hours', key: 'productive_hours', value: 1400 },
    ],
    input: (v) => ({
      activities: [{ name: 'activity', hours_per_occurrence: v.hours, occurrences_per_year: v.per_year }],
      accounts: v.accounts, productive_hours_per_csm: v.productive_hours,
    }),
    // The core names nested fields by path; map them back to our inputs.
    paths: { 'activities[0].hours_per_occurrence': 'hours', 'activities[0].occurrences_per_year': 'per_year', productive_hours_per_csm: 'productive_hours' },
    show: (r, s, fmt) => {
      const f = r.csm_needed;
      const hours = r.hours_needed;
      return { figure: f, text: defined(f) && fillIn(s.value.csms, { x: fmt.num(f.value, 2) }),
        detail: defined(f) && defined(hours) && fillIn(s.detail.capacity, { hours: fmt.int(hours.value), whole: fmt.int(f.whole) }) };
    },
  },
};

const CURRENCIES = /^[A-Z]{3}$/;

// ---------------------------------------------------------------------------
// Styles: one constructed sheet shared by every element of the page.

const CSS = `
:host { all: initial; display: block; min-width: 0; max-width: 34em;
  font-family: var(--cx-font, system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", Ubuntu, sans-serif);
  color: var(--cx-ink, #16212b); font-size: 16px; line-height: 1.45; }
:host([hidden]) { display: none; }
* { box-sizing: border-box; }
.box { background: var(--cx-bg, #ffffff); border: 1px solid var(--cx-border, #dde3e8); border-radius: var(--cx-radius, 12px);
  padding: 1em 1.1em .8em; }
.title { margin: 0 0 .7em; font-size: 1em; font-weight: 700; line-height: 1.3; color: var(--cx-ink, #16212b); }
.fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 9em), 1fr)); gap: .6em .7em; margin: 0; }
.field { display: grid; gap: .2em; align-content: end; min-width: 0; }
label { font-size: .8em; font-weight: 600; color: var(--cx-muted, #56636f); line-height: 1.25; }
.row { display: flex; align-items: center; gap: .35em; min-width: 0; }
input { font: inherit; font-size: .95em; width: 100%; min-width: 0; padding: .4em .5em; color: var(--cx-ink, #16212b);
  background: var(--cx-bg, #ffffff); border: 1px solid var(--cx-border, #c5cdd5); border-radius: calc(var(--cx-radius, 12px) * .6);
  font-variant-numeric: tabular-nums; }
input:focus-visible, a:focus-visible { outline: 3px solid var(--cx-accent, #0f5c4d); outline-offset: 1px; }
input[aria-invalid=true] { border-color: var(--cx-error, #a4262c); }
.unit { font-size: .85em; color: var(--cx-muted, #56636f); white-space: nowrap; }
.out { display: block; margin-top: .85em; padding-top: .7em; border-top: 1px solid var(--cx-border, #dde3e8); min-height: 3.6em; }
.figure { margin: 0; font-size: 2.2em; font-weight: 750; line-height: 1.1; letter-spacing: -.02em; color: var(--cx-accent, #0f5c4d);
  font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.figure.undefined { color: var(--cx-muted, #56636f); }
.detail { margin: .25em 0 0; font-size: .875em; color: var(--cx-muted, #56636f); }
.reason { margin: .25em 0 0; font-size: .875em; font-weight: 600; color: var(--cx-error, #a4262c); }
.how { margin: .6em 0 0; font-size: .8em; color: var(--cx-muted, #56636f); }
.how b { font-weight: 600; color: var(--cx-ink, #16212b); }
.foot { margin: .55em 0 0; font-size: .75em; color: var(--cx-muted, #56636f); text-align: right; }
a { color: var(--cx-accent, #0f5c4d); font-weight: 600; }
`;

let sheet = null;
function styleSheet() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

function applyStyles(root) {
  if ('adoptedStyleSheets' in root && typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype) {
    root.adoptedStyleSheets = [styleSheet()];
  } else {
    // Older browsers: a <style> element (needs style-src 'unsafe-inline' under a CSP).
    const style = document.createElement('style');
    style.textContent = CSS;
    root.append(style);
  }
}

// ---------------------------------------------------------------------------
// The engine: one Worker for every <cx-metric> of the page, started on first
// use. A worker script from another origin cannot be started directly; it is
// then imported by a same-origin blob: module (the host must serve embed.js's
// folder with CORS and allow worker-src blob:).

let engine = null;
function sharedEngine() {
  if (!engine) {
    const url = new URL('./worker.js', BASE);
    let workerUrl = url;
    if (url.origin !== location.origin) {
      const source = `import ${JSON.stringify(url.href)};`;
      workerUrl = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    }
    engine = new Engine(workerUrl);
  }
  return engine;
}

// ---------------------------------------------------------------------------


const FIELD_ATTRS = [...new Set(Object.values(KINDS).flatMap((k) => k.fields.map((f) => f.attr)))];
let uid = 0;

export class CxMetric extends HTMLElement {
  static get observedAttributes() {
    return ['kind', 'lang', 'currency', ...FIELD_ATTRS];
  }

  constructor() {
    super();
    this.attachShadow({ mode: 'open' });
    applyStyles(this.shadowRoot);
    this.inputs = {};
    this.generation = 0;
    this.timer = 0;
    this.built = false;
  }

  connectedCallback() {
    if (!this.built) this.build();
  }

  disconnectedCallback() {
    clearTimeout(this.timer);
  }

  attributeChangedCallback(name, old, value) {
    if (!this.built || old === value) return;
    const field = this.spec && this.spec.fields.find((f) => f.attr === name);
    if (field) {
      this.inputs[field.key].value = value ?? String(field.value);
      this.compute();
    } else if (name === 'kind' || name === 'lang' || name === 'currency') {
      this.build();
    }
  }

  /** The language tag in force: this element's lang, else the nearest ancestor's. */
  get locale() {
    const tag = (this.closest('[lang]')?.getAttribute('lang') || '').trim();
    try {
      if (tag && Intl.NumberFormat.supportedLocalesOf([tag]).length) return tag;
    } catch { /* not a language tag */ }
    return stringsFor(tag);
  }

  get currency() {
    const c = (this.getAttribute('currency') || 'USD').trim().toUpperCase();
    return CURRENCIES.test(c) ? c : 'USD';
  }

  build() {
    this.built = true;
    clearTimeout(this.timer);
    this.generation += 1;
    const root = this.shadowRoot;
    for (const node of [...root.childNodes]) if (node.nodeName !== 'STYLE') node.remove();
    const locale = this.locale;
    const lang = stringsFor(locale);
    const s = STRINGS[lang];
    this.s = s;
    this.fmt = formatter(locale);
    const kind = (this.getAttribute('kind') || 'nps').trim().toLowerCase();
    this.spec = KINDS[kind];
    this.inputs = {};
    const id = `cx${++uid}`;
    if (!this.spec) {
      root.append(h('div', { class: 'box', part: 'box', lang },
        h('p', { class: 'reason', role: 'alert' }, fillIn(s.unknown_kind, { kind, kinds: Object.keys(KINDS).join(', ') }))));
      return;
    }
    const currency = this.currency;
    const fields = this.spec.fields.map((f) => {
      const inputId = `${id}-${f.key}`;
      const start = this.getAttribute(f.attr);
      const input = h('input', { id: inputId, type: 'number', inputmode: 'decimal', min: 0, max: f.percent ? 100 : null, step: f.step || 'any', name: f.attr });
      input.value = start ?? String(f.value);
      input.addEventListener('input', () => this.schedule());
      this.inputs[f.key] = input;
      const unit = f.percent ? '%' : f.money ? currency : null;
      return h('div', { class: 'field' }, h('label', { for: inputId }, s.field[f.key]),
        h('div', { class: 'row' }, input, unit && h('span', { class: 'unit', 'aria-hidden': 'true' }, unit)));
    });
    this.out = h('output', { class: 'out', 'aria-live': 'polite', for: Object.values(this.inputs).map((i) => i.id).join(' ') },
      h('p', { class: 'detail' }, s.computing));
    const form = h('form', { class: 'fields', novalidate: true }, ...fields);
    form.addEventListener('submit', (e) => { e.preventDefault(); this.compute(); });
    root.append(h('section', { class: 'box', part: 'box', lang, 'aria-labelledby': `${id}-title`, 'data-kind': kind },
      h('p', { class: 'title', id: `${id}-title` }, s.title[kind]),
      form,
      this.out,
      h('p', { class: 'how' }, h('b', {}, s.how_label), ' ', s.how[kind]),
      h('p', { class: 'foot' }, s.foot, ' ', h('a', { href: new URL('./index.html', BASE).href, target: '_blank', rel: 'noopener' }, 'cxmetrics'))));
    this.compute();
  }

  schedule() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.compute(), 120);
  }

  /** The typed values: numbers, percentages as fractions, empty as missing. */
  values() {
    const v = {};
    for (const f of this.spec.fields) {
      const raw = this.inputs[f.key].value;
      if (raw === '') { v[f.key] = null; continue; }
      const x = Number(raw);
      v[f.key] = f.percent ? x / 100 : x;
    }
    return v;
  }

  async compute() {
    if (!this.spec) return;
    const mine = ++this.generation;
    const spec = this.spec;
    const s = this.s;
    const input = spec.input(this.values());
    for (const k of Object.keys(input)) if (input[k] === null) delete input[k];
    let result;
    try {
      result = await sharedEngine().calculate(spec.calculator, input);
    } catch (err) {
      if (mine !== this.generation) return;
      if (err && err.name === 'StartError') this.fill(h('p', { class: 'figure undefined' }, '–'), h('p', { class: 'reason', role: 'alert' }, s.failed));
      else this.showError(err instanceof Error ? err.message : String(err));
      return;
    }
    if (mine !== this.generation) return;
    for (const input of Object.values(this.inputs)) input.removeAttribute('aria-invalid');
    const shown = spec.show(result, s, this.fmt, this.currency);
    const f = shown.figure;
    if (defined(f)) {
      this.fill(h('p', { class: 'figure' }, shown.text), shown.detail ? h('p', { class: 'detail' }, shown.detail) : null);
    } else {
      const reason = f?.reason ? (s.reasons[f.reason] || f.reason) : '';
      this.fill(h('p', { class: 'figure undefined' }, '–'),
        h('p', { class: 'reason' }, fillIn(s.undefined, { reason })),
        shown.detail ? h('p', { class: 'detail' }, shown.detail) : null);
    }
    this.dispatchEvent(new CustomEvent('cx-computed', { detail: result }));
  }

  /** An input the core refused: its sentence, and the field it names marked invalid. */
  showError(sentence) {
    const named = /^“([^”]+)”/.exec(sentence)?.[1];
    const key = (named && this.spec.paths?.[named]) || named;
    for (const [k, input] of Object.entries(this.inputs)) {
      if (k === key) input.setAttribute('aria-invalid', 'true');
      else input.removeAttribute('aria-invalid');
    }
    this.fill(h('p', { class: 'figure undefined' }, '–'), h('p', { class: 'reason', role: 'alert' }, sentence));
  }

  fill(...children) {
    this.out.replaceChildren(...children.filter(Boolean));
  }
}

if (!customElements.get('cx-metric')) customElements.define('cx-metric', CxMetric);

// ---------------------------------------------------------------------------
// Documentation pages only: <button data-cx-copy="id"> copies the text of the
// element with that id. A page without such buttons is not touched.

function wireCopyButtons() {
  for (const button of document.querySelectorAll('button[data-cx-copy]')) {
    const label = button.textContent;
    button.addEventListener('click', async () => {
      const source = document.getElementById(button.getAttribute('data-cx-copy'));
      if (!source) return;
      let ok = true;
      try {
        await navigator.clipboard.writeText(source.textContent);
      } catch {
        ok = false;
        const range = document.createRange();
        range.selectNodeContents(source);
        const sel = getSelection();
        sel.removeAllRanges();
        sel.addRange(range);
      }
      button.textContent = ok ? 'Copied' : 'Selected: press Ctrl+C';
      setTimeout(() => { button.textContent = label; }, 1600);
    });
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', wireCopyButtons, { once: true });
else wireCopyButtons();

// Seeded generators of real-shaped exports for benchmarks and big-file
// tests. `node benches/generate.mjs tickets 1000000 out.csv` writes a
// Zendesk-shaped ticket export (19 columns); also `survey N` and
// `subscriptions N`. The same seed gives the same bytes.
import fs from 'node:fs';

/** A small, fast, seeded PRNG (mulberry32). */
export function rng(seed = 42) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n, w = 2) => String(n).padStart(w, '0');
function stamp(ms) {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

const TICKET_HEADER = ['Id', 'Requester id', 'Assignee', 'Group', 'Subject', 'Status', 'Priority', 'Via', 'Tags',
  'Created at', 'Updated at', 'Solved at', 'Replies', 'Reopens', 'Satisfaction Score',
  'First reply time in minutes', 'First reply time in minutes within business hours',
  'Full resolution time in minutes', 'Full resolution time in minutes within business hours'];
const TAGS = ['billing', 'login', 'api', 'export', 'feature_request', 'bug', 'onboarding', 'sso', 'invoice', 'mobile',
  'integration', 'performance', 'refund', 'permissions', 'notifications'];
const SUBJECTS = ['Cannot log in', 'Invoice question', 'API returns 500', 'How do I export?', 'Feature idea', 'App is slow',
  'Refund request', 'SSO setup', 'Mobile crash', 'Change plan'];

/** Yields CSV lines of a Zendesk-shaped ticket export. */
export function* tickets(rows, seed = 42) {
  const r = rng(seed);
  yield TICKET_HEADER.join(',');
  const t0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < rows; i++) {
    const created = t0 + Math.floor(r() * 365 * 86400) * 1000;
    const frt = Math.floor(-Math.log(1 - r()) * 90); // minutes, exponential
    const status = r() < 0.82 ? (r() < 0.5 ? 'solved' : 'closed') : (r() < 0.5 ? 'open' : 'pending');
    const solved = status === 'solved' || status === 'closed';
    const res = frt + Math.floor(-Math.log(1 - r()) * 1400);
    const replies = Math.floor(-Math.log(1 - r()) * 1.6);
    const csat = r();
    const score = csat < 0.5 ? (r() < 0.6 ? 'Offered' : 'Not Offered') : (csat < 0.88 ? 'Good' : 'Bad');
    const ntags = 1 + Math.floor(r() * 3);
    const tags = [];
    for (let k = 0; k < ntags; k++) tags.push(TAGS[Math.floor(r() * r() * TAGS.length)]);
    const priority = ['Low', 'Normal', 'Normal', 'High', 'Urgent'][Math.floor(r() * 5)];
    const via = ['Mail', 'Web form', 'Chat', 'Phone call (incoming)', 'API'][Math.floor(r() * 5)];
    yield [100000 + i, 3000000 + Math.floor(r() * 60000), `Agent ${1 + Math.floor(r() * 40)}`, ['Support', 'Billing', 'Tier 2'][Math.floor(r() * 3)],
      `"${SUBJECTS[Math.floor(r() * SUBJECTS.length)]}"`, status, priority, via, tags.join(' '),
      stamp(created), stamp(created + (res + 30) * 60000), solved ? stamp(created + res * 60000) : '',
      replies, Math.floor(r() * 1.2), score, replies === 0 && !solved ? '' : frt, Math.floor(frt * 0.7),
      solved ? res : '', solved ? Math.floor(res * 0.6) : ''].join(',');
  }
}

/** Yields CSV lines of NPS survey answers. */
export function* survey(rows, seed = 7) {
  const r = rng(seed);
  yield 'Response ID,Score,Comment,Created At';
  const t0 = Date.UTC(2024, 0, 1);
  for (let i = 0; i < rows; i++) {
    const x = r();
    const score = x < 0.5 ? 9 + Math.floor(r() * 2) : x < 0.75 ? 7 + Math.floor(r() * 2) : Math.floor(r() * 7);
    yield `r_${i},${score},${r() < 0.2 ? '"Good support, slow export"' : ''},${stamp(t0 + Math.floor(r() * 365 * 86400) * 1000)}`;
  }
}

/** Yields CSV lines of a Stripe-shaped subscriptions export. */
export function* subscriptions(rows, seed = 9) {
  const r = rng(seed);
  yield 'id,Customer ID,Status,Amount,Interval,Quantity,Created (UTC),Start (UTC),Canceled At (UTC),Ended At (UTC)';
  const t0 = Date.UTC(2022, 0, 1);
  for (let i = 0; i < rows; i++) {
    const start = t0 + Math.floor(r() * 900 * 86400) * 1000;
    const yearly = r() < 0.2;
    const amount = yearly ? [990, 2990, 9900][Math.floor(r() * 3)] : [29, 99, 299][Math.floor(r() * 3)];
    const churned = r() < 0.35;
    const end = churned ? start + Math.floor(30 + r() * 600) * 86400000 : null;
    const status = churned ? 'canceled' : 'active';
    yield [`sub_${i}`, `cus_${Math.floor(r() * rows * 0.8)}`, status, amount.toFixed(2), yearly ? 'year' : 'month', 1,
      stamp(start), stamp(start), end ? stamp(end) : '', end ? stamp(end) : ''].join(',');
  }
}

/** Writes a generated export to `file`, streaming; returns its size in bytes. */
export async function write(kind, rows, file) {
  const gen = { tickets, survey, subscriptions }[kind];
  if (!gen) throw new Error(`unknown kind ${kind}`);
  const out = fs.createWriteStream(file);
  let batch = [];
  for (const line of gen(rows)) {
    batch.push(line);
    if (batch.length === 5000) {
      if (!out.write(batch.join('\n') + '\n')) await new Promise((res) => out.once('drain', res));
      batch = [];
    }
  }
  out.write(batch.length ? batch.join('\n') + '\n' : '');
  await new Promise((res) => out.end(res));
  return fs.statSync(file).size;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const [kind, rows, file] = process.argv.slice(2);
  if (!kind || !rows || !file) {
    console.error('usage: node benches/generate.mjs tickets|survey|subscriptions ROWS FILE');
    process.exit(2);
  }
  const size = await write(kind, Number(rows), file);
  console.log(`${file}: ${rows} rows, ${(size / 1e6).toFixed(1)} MB`);
}

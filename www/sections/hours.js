// Business hours and SLA policies (docs/metrics.md §4.12): the panel of the
// Support tickets section that sets the schedule (preset or a weekly editor,
// time zone, holidays) and the SLA targets per priority, then shows the
// attainment per priority and the breaches the core computed. The schedule
// and policy are the tickets dataset's settings, so they ride in the share
// link with it. Every number comes from the core; this file only builds the
// settings and formats.
import { h, defined, table, nextId } from '../ui.js';

/** The preset ids the core knows (src/schedule.rs PRESETS). */
export const PRESETS = ['mon-fri-9-17', 'mon-fri-8-20', '24/7'];

/**
 * The zones suggested in the time-zone field (src/schedule.rs tests the same
 * list natively); any other IANA name the browser's tz database knows is
 * accepted too: the core reads the zone rules through Intl.DateTimeFormat.
 */
export const ZONES = [
  'UTC', 'America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix',
  'America/Los_Angeles', 'America/Anchorage', 'America/Toronto', 'America/Vancouver', 'America/Edmonton',
  'America/Winnipeg', 'America/Halifax', 'America/St_Johns', 'America/Mexico_City', 'America/Tijuana',
  'America/Cancun', 'America/Bogota', 'America/Lima', 'America/Santiago', 'America/Argentina/Buenos_Aires',
  'America/Sao_Paulo', 'America/Manaus', 'America/Cuiaba',
  'Europe/London', 'Europe/Dublin', 'Europe/Lisbon', 'Europe/Madrid', 'Europe/Paris',
  'Europe/Berlin', 'Europe/Brussels', 'Europe/Amsterdam', 'Europe/Rome', 'Atlantic/Azores',
  'Atlantic/Madeira', 'Atlantic/Canary', 'Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura',
  'Asia/Kolkata', 'Australia/Perth', 'Australia/Darwin', 'Australia/Adelaide', 'Australia/Brisbane',
  'Australia/Sydney', 'Australia/Melbourne', 'Australia/Hobart', 'Pacific/Honolulu', 'Pacific/Auckland',
];

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const BREACHES_SHOWN = 20;

/** The `hours` text of the weekly editor's seven rows (Monday first); empty rows are closed days. */
export function hoursText(rows) {
  return DAYS.map((d, i) => (rows[i] || '').trim() ? `${d} ${rows[i].trim()}` : '').filter(Boolean).join('; ');
}

/**
 * The editor's seven rows for an `hours` text written as `DAYS INTERVALS`
 * groups (a preset id is expanded first). Only to prefill the editor: the
 * core reads the text itself and says what does not read.
 */
export function rowsOf(hours) {
  const presets = { 'mon-fri-9-17': 'Mon-Fri 09:00-17:00', 'mon-fri-8-20': 'Mon-Fri 08:00-20:00', '24/7': 'Mon-Sun 00:00-24:00' };
  const text = presets[String(hours || '').trim().toLowerCase()] ?? String(hours || '');
  const rows = ['', '', '', '', '', '', ''];
  const day = (name) => DAYS.findIndex((d) => name.trim().toLowerCase().startsWith(d.toLowerCase()));
  for (const group of text.split(/[;\n]/)) {
    const at = group.search(/\d/);
    if (at < 0) continue;
    const times = group.slice(at).trim();
    for (const part of group.slice(0, at).split(',')) {
      const [a, b] = part.replace(/[–—]/g, '-').split('-');
      const from = day(a || '');
      const to = b === undefined ? from : day(b);
      if (from < 0 || to < 0) continue;
      for (let d = from; ; d = (d + 1) % 7) {
        rows[d] = rows[d] ? `${rows[d]}, ${times}` : times;
        if (d === to) break;
      }
    }
  }
  return rows;
}

/** The zone the browser is in; else UTC. */
function browserZone() {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Weekday names in the page's language, Monday first (2024-01-01 was a Monday). */
function weekdayNames(locale) {
  const f = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
  return DAYS.map((_, i) => f.format(new Date(Date.UTC(2024, 0, 1 + i))));
}

function field(id, label, hint, control) {
  return h('div', { class: 'field' }, h('label', { for: id }, label, hint ? h('small', {}, hint) : null), control);
}

function select(id, name, options, value) {
  const s = h('select', { id, name }, options.map(([v, text]) => h('option', { value: v }, text)));
  s.value = value;
  return s;
}

/** Hours typed in a target cell → minutes; '' → undefined; anything else → NaN (refused before applying). */
function minutesOf(text) {
  const s = String(text ?? '').trim().replace(',', '.');
  if (!s) return undefined;
  const x = Number(s);
  return Number.isFinite(x) && x >= 0 ? Math.round(x * 60 * 100) / 100 : NaN;
}

function hoursOf(minutes) {
  return minutes === null || minutes === undefined ? '' : String(Math.round((minutes / 60) * 100) / 100);
}

/** The priorities of the loaded tickets, then those the policy names. */
function priorities(report) {
  const seen = new Map();
  const add = (p) => { if (p && !seen.has(p.toLowerCase())) seen.set(p.toLowerCase(), p); };
  for (const c of report.metrics.volume?.by_priority || []) add(String(c.key ?? ''));
  const pol = report.settings.sla_policy || {};
  for (const m of [pol.first_reply, pol.resolution]) for (const p of Object.keys(m?.by_priority || {})) add(p);
  return [...seen.values()].filter((p) => p && p !== '(none)');
}

/** The figure of one SLA measure: attainment, per priority, no target, breaches. */
function measureBlock(ctx, id, title, f) {
  const { t, fmt } = ctx;
  const block = h('div', { class: 'hours-measure', id: `hours-${id}`, 'data-figure': id },
    h('h4', {}, title));
  if (!f) return null;
  if (!defined(f)) {
    block.append(h('p', { class: 'kpi-reason' }, t('common.undefined', { reason: t.reason(f.reason || '') })));
    return block;
  }
  block.append(h('p', { class: 'hours-value' }, fmt.pct(f.value)),
    h('p', { class: 'kpi-detail' }, t('hours.attainment_detail', {
      met: fmt.int(f.met), breached: fmt.int(f.breached + f.overdue_open), open: fmt.int(f.overdue_open),
      clock: t(`hours.clock_${f.clock}`),
    })));
  if (f.no_target) {
    block.append(h('p', { class: 'assumption' }, t('hours.no_target', { n: fmt.int(f.no_target), count: f.no_target, share: fmt.pct(f.no_target_share ?? 0) })));
  }
  const rows = (f.by_priority || []).map((g) => [
    g.priority ?? t('hours.no_priority'),
    g.target_minutes === null || g.target_minutes === undefined ? '–' : fmt.minutes(g.target_minutes),
    defined(g) ? fmt.pct(g.value) : '–',
    fmt.int(g.met), fmt.int((g.breached || 0) + (g.overdue_open || 0)),
  ]);
  if (rows.length) {
    block.append(table([t('hours.priority'), t('hours.target'), t('hours.attainment'), t('hours.met'), t('hours.breached')], rows,
      { caption: t('hours.by_priority_caption'), numeric: [1, 2, 3, 4] }));
  }
  const breaches = f.breaches || [];
  if (breaches.length) {
    const shown = breaches.slice(0, BREACHES_SHOWN).map((b) => [
      b.id ?? t('hours.line', { line: fmt.int(b.line) }),
      b.priority ?? t('hours.no_priority'),
      fmt.minutes(b.target_minutes),
      b.open ? t('hours.open_for', { time: fmt.minutes(b.actual_minutes) }) : fmt.minutes(b.actual_minutes),
    ]);
    block.append(h('details', { class: 'hours-breaches' },
      h('summary', {}, t('hours.breaches', { n: fmt.int(f.breach_count ?? breaches.length), count: f.breach_count ?? breaches.length })),
      table([t('hours.ticket'), t('hours.priority'), t('hours.target'), t('hours.actual')], shown, { numeric: [2, 3] }),
      (f.breach_count ?? 0) > shown.length ? h('p', { class: 'assumption' }, t('hours.breaches_more', { n: fmt.int(f.breach_count - shown.length) })) : null));
  }
  return block;
}

/**
 * The "Business hours" card for a tickets report: the form (applied through
 * `ctx.reingest`, so the settings join the dataset's and the share link) and
 * the results the report holds.
 */
export function hoursCard(ctx, report) {
  const { t, fmt } = ctx;
  const s = report.settings || {};
  const m = report.metrics || {};
  const schedule = s.schedule || null;
  const policy = s.sla_policy || {};
  const canApply = typeof ctx.reingest === 'function';

  const presetId = nextId('hp');
  const current = schedule ? (PRESETS.includes(String(schedule.hours).toLowerCase()) ? String(schedule.hours).toLowerCase() : 'custom') : PRESETS[0];
  const preset = select(presetId, 'hours_preset', [...PRESETS.map((p) => [p, t(`hours.preset_${p.replace('/', '')}`)]), ['custom', t('hours.custom')]], current);
  const zoneId = nextId('hz');
  const zoneList = nextId('hzl');
  const zone = h('input', { id: zoneId, name: 'time_zone', type: 'text', list: zoneList, autocomplete: 'off',
    spellcheck: 'false', value: schedule?.time_zone || browserZone() });
  const zoneSuggestions = h('datalist', { id: zoneList }, ZONES.map((z) => h('option', { value: z })));
  const holidaysId = nextId('hh');
  const holidays = h('input', { id: holidaysId, name: 'holidays', type: 'text', autocomplete: 'off', spellcheck: 'false',
    placeholder: '2024-05-01, 2024-12-24..2024-12-26', value: (schedule?.holidays || []).join(', ') });

  const names = weekdayNames(fmt.locale);
  const rows = rowsOf(schedule?.hours || PRESETS[0]);
  const dayInputs = names.map((name, i) => {
    const id = nextId('hd');
    const input = h('input', { id, type: 'text', name: `day_${DAYS[i].toLowerCase()}`, autocomplete: 'off', spellcheck: 'false',
      inputmode: 'text', placeholder: t('hours.closed'), value: rows[i] });
    return { input, node: h('div', { class: 'hours-day' }, h('label', { for: id }, name), input) };
  });
  const week = h('fieldset', { class: 'hours-week', id: 'hours-week', hidden: current !== 'custom' },
    h('legend', {}, t('hours.week')), h('p', { class: 'assumption' }, t('hours.week_hint')),
    dayInputs.map((d) => d.node));
  preset.addEventListener('change', () => {
    if (preset.value === 'custom') {
      week.hidden = false;
    } else {
      const r = rowsOf(preset.value);
      dayInputs.forEach((d, i) => { d.input.value = r[i]; });
      week.hidden = true;
    }
  });

  // SLA targets per priority, in hours; an empty cell is no target.
  const clock = (name, value) => {
    const id = nextId('hc');
    return { id, node: select(id, name, [['business', t('hours.clock_business')], ['calendar', t('hours.clock_calendar')]], value || 'business') };
  };
  const frClock = clock('first_reply_clock', policy.first_reply?.clock);
  const resClock = clock('resolution_clock', policy.resolution?.clock);
  const targetInput = (label, value) => h('input', { type: 'text', inputmode: 'decimal', autocomplete: 'off', class: 'hours-target',
    'aria-label': label, value: hoursOf(value) });
  const lookup = (by, p) => {
    const k = Object.keys(by || {}).find((x) => x.trim().toLowerCase() === p.trim().toLowerCase());
    return k === undefined ? undefined : by[k];
  };
  const policyRows = [{ key: null, name: t('hours.default_priority') }, ...priorities(report).map((p) => ({ key: p, name: p }))].map((r) => {
    const fr = r.key === null ? policy.first_reply?.default_minutes : lookup(policy.first_reply?.by_priority, r.key);
    const res = r.key === null ? policy.resolution?.default_minutes : lookup(policy.resolution?.by_priority, r.key);
    return { ...r, fr: targetInput(`${t('hours.first_reply_target')} · ${r.name}`, fr), res: targetInput(`${t('hours.resolution_target')} · ${r.name}`, res) };
  });
  const policyTable = h('div', { class: 'table-wrap' }, h('table', { id: 'hours-policy' },
    h('caption', {}, t('hours.policy_caption')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('hours.priority')),
      h('th', { scope: 'col' }, t('hours.first_reply_target')), h('th', { scope: 'col' }, t('hours.resolution_target')))),
    h('tbody', {}, policyRows.map((r) => h('tr', { 'data-priority': r.key ?? '' },
      h('th', { scope: 'row' }, r.name), h('td', {}, r.fr), h('td', {}, r.res))))));

  const error = h('p', { class: 'form-error', role: 'alert', hidden: true });
  const build = () => {
    const hours = preset.value === 'custom' ? hoursText(dayInputs.map((d) => d.input.value)) : preset.value;
    const out = {
      schedule: {
        time_zone: zone.value.trim(),
        hours,
        holidays: holidays.value.split(/[,;\s]+/).map((x) => x.trim()).filter(Boolean),
      },
    };
    const targets = (get, clockValue) => {
      const by = {};
      let def;
      let any = false;
      for (const r of policyRows) {
        const v = minutesOf(get(r).value);
        if (Number.isNaN(v)) throw new Error(t('hours.bad_target', { text: get(r).value }));
        if (v === undefined) continue;
        any = true;
        if (r.key === null) def = v; else by[r.key] = v;
      }
      return any ? { clock: clockValue, default_minutes: def, by_priority: by } : undefined;
    };
    const first = targets((r) => r.fr, frClock.node.value);
    const res = targets((r) => r.res, resClock.node.value);
    out.sla_policy = first || res ? { first_reply: first, resolution: res } : undefined;
    return out;
  };
  const form = h('form', { id: 'hours-form', novalidate: true, onsubmit: (e) => {
    e.preventDefault();
    try {
      const patch = build();
      if (preset.value === 'custom' && !patch.schedule.hours) throw new Error(t('hours.custom_empty'));
      error.hidden = true;
      ctx.reingest?.('tickets', patch);
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
    }
  } },
  h('div', { class: 'map-grid settings-fields' },
    field(presetId, t('hours.preset'), null, preset),
    field(zoneId, t('hours.zone'), t('hours.zone_hint'), [zone, zoneSuggestions]),
    field(holidaysId, t('hours.holidays'), t('hours.holidays_hint'), holidays)),
  week,
  h('div', { class: 'map-grid settings-fields' },
    field(frClock.id, t('hours.first_reply_clock'), null, frClock.node),
    field(resClock.id, t('hours.resolution_clock'), null, resClock.node)),
  policyTable,
  error,
  h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'primary small', id: 'hours-apply', disabled: !canApply }, t('hours.apply')),
    h('button', { type: 'button', class: 'ghost small', id: 'hours-remove', disabled: !canApply || (!schedule && !s.sla_policy),
      onclick: () => ctx.reingest?.('tickets', { schedule: undefined, sla_policy: undefined }) }, t('hours.remove'))));

  const results = [];
  const check = m.business_hours_check;
  if (schedule) {
    results.push(h('p', { class: 'calc-lede', id: 'hours-in-use' }, t('hours.in_use', {
      hours: PRESETS.includes(String(schedule.hours).toLowerCase()) ? t(`hours.preset_${String(schedule.hours).toLowerCase().replace('/', '')}`) : schedule.hours,
      zone: schedule.time_zone, n: fmt.int((schedule.holidays || []).length), count: (schedule.holidays || []).length,
    })));
  }
  if (check) {
    results.push(h('p', { class: 'assumption', id: 'hours-check' }, t('hours.check', {
      compared: fmt.int(check.compared), differing: fmt.int(check.differing), largest: fmt.minutes(check.largest_difference_minutes ?? 0),
    })));
    // The help desk's own columns beside the schedule's figures, and the tickets where they differ.
    const median = (f) => (f && defined(f) && f.median !== null && f.median !== undefined ? fmt.minutes(f.median) : '–');
    const figures = [['first_response_minutes_business', 'hours.fig_first_reply'], ['resolution_minutes_business', 'hours.fig_resolution']];
    const side = h('div', { id: 'hours-check-table' }, table([t('hours.figure'), t('hours.ours'), t('hours.theirs')],
      figures.filter(([id]) => m[`${id}_export`]).map(([id, label]) => [t(label), median(m[id]), median(m[`${id}_export`])]),
      { caption: t('hours.check_caption'), numeric: [1, 2] }));
    results.push(side);
    const examples = check.examples || [];
    if (examples.length) {
      const label = Object.fromEntries(figures);
      results.push(h('details', { class: 'hours-breaches', id: 'hours-check-examples' },
        h('summary', {}, t('hours.check_examples', { n: fmt.int(examples.length), count: examples.length })),
        table([t('hours.ticket'), t('hours.figure'), t('hours.ours_short'), t('hours.theirs_short')], examples.map((e) => [
          e.id ?? t('hours.line', { line: fmt.int(e.line) }),
          label[e.figure] ? t(label[e.figure]) : String(e.figure),
          fmt.minutes(e.computed), fmt.minutes(e.exported),
        ]), { numeric: [2, 3] })));
    }
  }
  const fr = measureBlock(ctx, 'first_reply_sla', t('hours.first_reply_sla'), m.first_reply_sla);
  const res = measureBlock(ctx, 'resolution_sla', t('hours.resolution_sla'), m.resolution_sla);
  if (fr || res) results.push(h('div', { class: 'hours-results' }, fr, res));

  return h('article', { class: 'card calc wide', id: 'tickets-hours-card' },
    h('h3', {}, t('hours.title')),
    h('p', { class: 'calc-lede' }, t('hours.lede')),
    results,
    form,
    canApply ? null : h('p', { class: 'assumption' }, t('tickets.settings_unavailable')));
}

// PoG dashboard: what PM knows, live over SSE, and loud when PM itself cannot be reached.
// Rule: never show a stale "Healthy". While PM is unreachable every badge reads "Unknown" and every number is greyed.

import { PmLink } from './link.js';
import { Control, forgetToken, hasToken } from './control.js';
import { EquityChart } from './chart.js';
import { AlertsPanel } from './alerts.js';
import {
  age, clock, duration, el, fmtMoney, fmtPrice, fmtSigned, isKnown, put, signClass, stamp, sum,
} from './format.js';

const SERVICES_POLL_MS = 2000;   // SSE carries state changes; ages (last good check) need a fresh read
const PORTFOLIO_POLL_MS = 5000;
const EVENTS_KEPT = 300;
const LIFE_KEPT = 2000;
const DAY = 86_400_000;

const LABELS = {
  HEALTHY: 'Healthy', DEGRADED: 'Degraded', HALTED: 'Halted', PAUSED: 'Paused', HELD: 'Held', DOWN: 'Down', UNKNOWN: 'Unknown',
  STARTING: 'Starting', CONFLICT: 'Conflict', STOPPED: 'Stopped', CRASH_LOOP: 'Crash loop', FAILED: 'Failed',
};
const ANSWERING = new Set(['HEALTHY', 'DEGRADED', 'HALTED', 'PAUSED', 'HELD', 'STARTING']);
const DECIDED = new Set(['STOPPED', 'FAILED', 'CRASH_LOOP']);

const S = {
  services: null,        // PM's views, in configured order; null until PM's first answer says what they are
  portfolio: null,
  events: [],            // newest first
  eventIds: new Set(),
  lastEventId: 0,
  pmInstance: null,      // PM's process instance id, from /api/status
  life: [],              // adopt, instance and state events, oldest first: what uptime is derived from
  upSince: new Map(),    // service id -> {t, exact, pid}
};

const $ = id => document.getElementById(id);
const TITLE = document.title;

const link = new PmLink({
  services: v => { S.services = v; renderServices(); },
  service: v => { upsertService(v); renderServices(); },
  portfolio: v => { if (takePortfolio(v)) renderPortfolio(); },
  event: e => { addEvents([e]); renderEvents(); renderServices(); },
  heartbeat: () => {},
});
const control = new Control({ tokenChanged: () => { $('forget-token').hidden = !hasToken(); } });
const chart = new EquityChart(link);
new AlertsPanel(link, control, (text, error) => notice(text, error));

// ---------------------------------------------------------------- link state

link.addEventListener('down', e => {
  document.body.classList.remove('pm-connecting');
  document.body.classList.add('pm-down');
  $('banner').hidden = false;
  // a background tab says it too
  document.title = '⚠ PM UNREACHABLE · PoG';
  $('banner-detail').textContent = `Everything below is the last data seen, not live (${e.detail.reason}). `
    + 'Retrying every second.';
  renderAll();
});

link.addEventListener('up', () => {
  document.body.classList.remove('pm-down', 'pm-connecting');
  $('banner').hidden = true;
  document.title = TITLE;
  refresh();
  renderAll();
});

/** Snapshots after (re)connecting: the stream sends services and portfolio, the rest is fetched. */
async function refresh() {
  const since = link.now() - DAY;
  // taken before anything is awaited: the reopened stream may deliver newer events before the fetch returns
  let after = S.lastEventId;
  try {
    const [status, services, portfolio] = await Promise.all([
      link.get('/api/status'), link.get('/api/services'), link.get('/api/portfolio')]);
    S.services = services;
    takePortfolio(portfolio);
    if (S.pmInstance && S.pmInstance !== status.instance) {
      // another PM process: its event ids need not continue ours (a new data dir), so read the log afresh
      S.events = [];
      S.eventIds.clear();
      S.lastEventId = 0;
      S.life = [];
      S.upSince.clear();
      after = 0;
    }
    S.pmInstance = status.instance;
    // events: everything since the last one we have (first time: the last day), page by page
    for (let i = 0; i < 20; i++) {
      const q = after > 0 ? `after=${after}` : `since=${since}`;
      const page = await link.get(`/api/events?${q}&limit=1000`);
      addEvents(page);
      if (page.length < 1000) break;
      after = page[page.length - 1].id;
    }
    renderAll();
    chart.load();
  } catch (e) {
    // counted by the link; the banner says what matters
  }
}

function renderAll() {
  renderServices();
  renderPortfolio();
  renderEvents();
  renderClock();
}

// ---------------------------------------------------------------- services

function upsertService(v) {
  // one service's change says nothing about the others: until the whole list is known, wait for it
  if (!S.services) return;
  const i = S.services.findIndex(s => s.id === v.id);
  if (i >= 0) S.services[i] = v; else S.services.push(v);
}

const rows = new Map();

function serviceRow(s) {
  let r = rows.get(s.id);
  if (r) return r;
  const c = {};
  const td = (key, label, cls) => (c[key] = el('td', { 'data-label': label, class: cls }));
  const tr = el('tr', { 'data-service': s.id },
    td('name', 'Service'), td('state', 'State'), td('origin', 'Origin'), td('pid', 'PID', 'r num'),
    td('uptime', 'Uptime', 'r num'), td('lastOk', 'Last good check', 'r num'), td('restarts', 'Restarts', 'r num'),
    td('detail', 'Detail', 'detail'), td('actions', 'Actions', 'actions'));
  c.nameText = el('span', { class: 'svc-name' });
  c.idText = el('span', { class: 'svc-id' });
  c.hostText = el('span', { class: 'svc-host', 'data-role': 'host' });
  c.name.append(c.nameText, c.idText, c.hostText);
  c.badge = el('span', { class: 'badge', 'data-role': 'state' });
  c.state.append(c.badge);
  const act = (label, action) => el('button', {
    type: 'button', 'data-action': action, text: label,
    onclick: () => serviceAction(s.id, action),
  });
  c.start = act('Start', 'start');
  c.stop = act('Stop', 'stop');
  c.restart = act('Restart', 'restart');
  c.actions.append(c.start, c.stop, c.restart);
  r = { tr, c };
  rows.set(s.id, r);
  return r;
}

// A host is unreachable when every trader PM watches there stopped answering (PM's own fact, from its checks):
// the banner names the host and how many traders it leaves Unknown.
function renderHosts(up) {
  const cut = new Map();
  const all = new Map();
  for (const s of S.services || []) {
    if (!s.remote) continue;
    all.set(s.host, (all.get(s.host) || 0) + 1);
    if (s.unreachableSince) {
      const h = cut.get(s.host) || { since: s.unreachableSince, n: 0 };
      h.since = Math.min(h.since, s.unreachableSince);
      h.n += 1;
      cut.set(s.host, h);
    }
  }
  const lines = [];
  for (const [host, h] of cut) {
    if (h.n !== all.get(host)) continue;
    lines.push(`host ${host} unreachable since ${stamp(h.since)}: its ${h.n === 1 ? 'trader' : `${h.n} traders`} Unknown`);
  }
  const banner = $('host-banner');
  if (!banner) return;
  banner.hidden = !up || lines.length === 0;
  put($('host-banner-detail'), lines.join(' · '));
}

function renderServices() {
  const body = $('services');
  const up = link.isUp();
  const now = link.now();
  const known = S.services !== null;
  const empty = $('services-empty');
  // never "No services configured." before PM said so: until its first answer nobody knows
  put(empty, known ? 'No services configured.'
    : link.state === 'down' ? 'PM unreachable: its services are not known yet.' : 'Connecting…');
  empty.hidden = known && S.services.length > 0;
  const seen = new Set();
  (S.services || []).forEach((s, i) => {
    const { tr, c } = serviceRow(s);
    seen.add(s.id);
    if (body.children[i] !== tr) body.insertBefore(tr, body.children[i] || null);
    // what PM last said is only believed while PM answers
    const state = up ? s.state : 'UNKNOWN';
    put(c.nameText, s.name || s.id);
    put(c.idText, s.name && s.name !== s.id ? s.id : '');
    put(c.hostText, s.host ? `@${s.host}` : '', 'svc-host', s.remote ? 'on another host: PM watches it, never starts it' : '');
    put(c.badge, LABELS[state] || state, 'badge', !up ? 'PM is unreachable: the state is not known'
      : Number.isInteger(s.exitCode) ? `exit code ${s.exitCode}` : '');
    c.badge.dataset.state = state;
    put(c.origin, s.origin || '–', undefined, s.launcher ? `launcher: ${s.launcher}` : '');
    put(c.pid, s.pid ? String(s.pid) : '–');
    const since = ANSWERING.has(s.state) ? uptime(s) : null;
    // while PM is away nobody knows whether it still runs: the uptime stops at the last thing PM said
    const upTo = up ? now : link.lastUpdate + link.offset;
    put(c.uptime, since ? `${since.exact ? '' : '≥ '}${duration(upTo - since.t)}` : '–', undefined,
      since ? `${since.exact ? 'since' : 'at least since'} ${stamp(since.t)}` : '');
    put(c.lastOk, s.lastOkAt ? age(now - s.lastOkAt) : 'never', undefined,
      s.lastOkAt ? stamp(s.lastOkAt) : '');
    put(c.restarts, String(s.restarts ?? 0));
    let detail = s.detail || '';
    // a decision (stopped, failed, crash loop) is not news each check: nothing is expected to answer there
    if (s.consecutiveFailures > 0 && !DECIDED.has(s.state)) {
      detail = `${detail}${detail ? ' · ' : ''}${s.consecutiveFailures} failed check${s.consecutiveFailures > 1 ? 's' : ''}`;
    }
    if (s.nextRestartAt) detail = `${detail}${detail ? ' · ' : ''}restart in ${duration(s.nextRestartAt - now)}`;
    put(c.detail, detail || '–');
    const external = s.origin === 'external' || s.launcher === 'external';
    c.start.disabled = !up || external || ANSWERING.has(s.state);
    c.stop.disabled = !up || external || s.state === 'STOPPED';
    c.restart.disabled = !up || external;
    const why = external ? 'external: PM only watches it' : !up ? 'PM is unreachable' : '';
    for (const b of [c.start, c.stop, c.restart]) b.title = b.disabled ? why : '';
    c.start.setAttribute('aria-label', `Start ${s.name || s.id}`);
    c.stop.setAttribute('aria-label', `Stop ${s.name || s.id}`);
    c.restart.setAttribute('aria-label', `Restart ${s.name || s.id}`);
  });
  renderHosts(up);
  for (const [id, r] of rows) {
    if (!seen.has(id)) {
      r.tr.remove();
      rows.delete(id);
    }
  }
  $('stop-all').disabled = !up || !known;
}

/** When the current life of a trader began: its start time if PM reports it, else PM's start/adopt events. */
function uptime(s) {
  if (Number.isFinite(s.startedAt)) return { t: s.startedAt, exact: true };
  return S.upSince.get(s.id) || null;
}

// ---------------------------------------------------------------- portfolio

/**
 * Keeps the newest portfolio PM has sent. The stream's pushes, the fetch after (re)connecting and the periodic poll
 * race one another, and an answer that was computed earlier may arrive later: taking it would put back positions as
 * they were before (a position that had just appeared would vanish for a second). A view more than 10 s older than
 * the one held is taken anyway: that is PM's clock stepping back, not a late answer.
 */
function takePortfolio(v) {
  const held = S.portfolio;
  if (!v || (held && v.time < held.time && held.time - v.time <= 10_000)) return false;
  S.portfolio = v;
  return true;
}

function renderPortfolio() {
  const p = S.portfolio;
  const now = link.now();
  if (!p) return;
  const total = p.total || {};
  const totalEl = $('total-equity');
  const complete = total.complete && isKnown(total.equity);
  put(totalEl, complete ? fmtMoney(total.equity) : 'unknown', complete ? 'num big' : 'num big stale');
  const missing = (total.unknownServices || []).join(', ');
  put($('total-note'), complete ? `as of ${age(now - p.time)}`
    : `known part ${fmtMoney(total.knownEquity)}; not seen: ${missing || '?'} · ${age(now - p.time)}`);

  const positions = p.positions || [];
  const fresh = positions.filter(x => !x.stale && isKnown(x.unrealizedPnl));
  const anyStale = positions.some(x => x.stale);
  const upnl = fresh.length ? sum(fresh.map(x => x.unrealizedPnl)) : (positions.length ? null : '0');
  put($('total-upnl'), upnl === null ? 'unknown' : fmtSigned(upnl),
    `num big ${upnl === null ? 'stale' : signClass(upnl)}`);
  put($('upnl-note'), anyStale ? 'some positions are stale and not included' : `as of ${age(now - p.time)}`);

  const unprotected = p.unprotectedPositions || 0;
  const oldest = Math.max(0, ...positions.filter(x => x.protection && x.protection.unprotected)
    .map(x => now - x.protection.unprotectedSince));
  put($('protection'), positions.length === 0 ? 'no open positions'
    : unprotected > 0 ? `⚠ ${unprotected} position${unprotected > 1 ? 's' : ''} UNPROTECTED (oldest ${duration(oldest)})`
      : `✓ all ${positions.length} protected${anyStale || !link.isUp() ? ' (as last seen)' : ''}`,
    unprotected > 0 ? 'protection bad' : 'protection');

  const traders = $('traders');
  traders.replaceChildren(...(p.traders || []).map(t => {
    const known = !t.stale && isKnown(t.equity);
    const equity = known ? fmtMoney(t.equity)
      : isKnown(t.lastKnownEquity) ? `unknown (last ${fmtMoney(t.lastKnownEquity)})` : 'unknown';
    const seenAt = known ? t.observedAt : t.lastKnownAt;
    return el('tr', { class: known ? '' : 'stale', 'data-trader': t.service },
      el('td', { 'data-label': 'Trader', text: t.name || t.service }),
      el('td', { 'data-label': 'Venue', text: t.venue || '–' }),
      el('td', { 'data-label': 'Equity', class: `r num${known ? '' : ' stale'}`, text: equity }),
      el('td', { 'data-label': 'Margin used', class: 'r num', text: known ? fmtMoney(t.marginUsed) : '–' }),
      el('td', { 'data-label': 'Available', class: 'r num', text: known ? fmtMoney(t.available) : '–' }),
      el('td', { 'data-label': 'Age', class: 'r age', text: seenAt ? age(now - seenAt) : 'never', title: seenAt ? stamp(seenAt) : '' }));
  }));

  $('positions-empty').hidden = positions.length > 0;
  $('positions').replaceChildren(...positions.map(x => {
    const prot = protectionCell(x, now);
    const cls = [x.stale ? 'stale' : '', prot.unprotected ? 'unprotected' : ''].filter(Boolean).join(' ');
    return el('tr', { class: cls, 'data-position': `${x.service}/${x.symbol}`, 'data-protection': prot.state },
      el('td', { 'data-label': 'Trader', class: 'nowrap', text: x.service }),
      el('td', { 'data-label': 'Symbol', text: x.symbol }),
      el('td', { 'data-label': 'Side', text: x.side }),
      el('td', { 'data-label': 'Size', class: 'r num', text: String(x.size) }),
      el('td', { 'data-label': 'Entry', class: 'r num', text: fmtPrice(x.entryPrice) }),
      el('td', { 'data-label': 'Mark', class: 'r num', text: fmtPrice(x.markPrice) }),
      el('td', { 'data-label': 'Unrealized PnL', class: `r num ${signClass(x.unrealizedPnl)}`, text: fmtSigned(x.unrealizedPnl) }),
      el('td', { 'data-label': 'Protection' }, ...prot.nodes),
      el('td', { 'data-label': 'Age', class: 'r age', text: `${x.stale ? 'stale · ' : ''}${age(now - x.observedAt)}`, title: stamp(x.observedAt) }));
  }));
}

const NOT_COVERED = { missing: 'no stop on the venue', size_mismatch: 'the stop covers less than the position' };

/**
 * A position's protection in words. Rule, as for the badges: only a fresh report from a PM that answers may say
 * "Protected"; a stale one says "last seen protected" with its age. A position without a verified stop is loud and
 * stays loud when stale (PM never assumes a stop came back that it did not see); a pending stop is shown as pending
 * until PM's 2 s bound, then as unprotected.
 */
function protectionCell(x, now) {
  const p = x.protection || {
    state: x.protected ? 'verified' : 'missing', unprotected: !x.protected, verifiedAt: x.protected ? x.observedAt : null,
    unprotectedSince: x.protected ? null : x.observedAt, triggerPrice: x.stopPrice,
  };
  const stop = isKnown(p.triggerPrice)
    ? el('span', { class: 'stop-detail', text: ` Stop ${fmtPrice(p.triggerPrice)}`, title: p.stopOrderId ? `order ${p.stopOrderId}` : '' })
    : null;
  const withStop = badge => stop ? [badge, stop] : [badge];
  if (p.unprotected) {
    const since = p.unprotectedSince ?? x.observedAt;
    const why = p.state === 'pending' ? `stop pending for ${duration(now - since)}`
      : NOT_COVERED[p.state] || `protection state "${p.state}"`;
    const last = x.stale || !link.isUp() ? ' (as last seen)' : '';
    return { state: p.state, unprotected: true, nodes: withStop(el('span', {
      class: 'badge unprotected', text: `⚠ UNPROTECTED ${duration(now - since)}${last}`,
      title: `${why}; since ${stamp(since)}`,
    })) };
  }
  if (p.state === 'pending') {
    return { state: p.state, unprotected: false, nodes: withStop(el('span', {
      class: 'badge pending', text: '… Stop pending', title: 'the stop request awaits the venue\'s answer',
    })) };
  }
  const verified = Number.isFinite(p.verifiedAt) ? `verified ${age(now - p.verifiedAt)}` : 'never verified';
  if (x.stale || !link.isUp()) {
    return { state: 'stale', unprotected: false, nodes: withStop(el('span', {
      class: 'badge last-seen', text: `? Last seen protected, ${verified}`,
      title: 'PM cannot vouch for this now: the report is stale',
    })) };
  }
  return { state: p.state, unprotected: false, nodes: withStop(el('span', {
    class: 'badge protected', text: `✓ Protected, ${verified}`,
    title: p.verifiedAt ? `the venue showed the stop covering the whole position at ${stamp(p.verifiedAt)}` : '',
  })) };
}

// ---------------------------------------------------------------- events

/** Adds events from any source in any order (a snapshot page and the stream can overlap or interleave). */
function addEvents(list) {
  let added = false;
  let life = false;
  for (const e of list) {
    if (S.eventIds.has(e.id)) continue;
    S.eventIds.add(e.id);
    S.events.push(e);
    added = true;
    if (e.id > S.lastEventId) S.lastEventId = e.id;
    if (e.service && (e.kind === 'adopt' || e.kind === 'instance' || e.kind === 'state')) {
      S.life.push(e);
      life = true;
    }
  }
  if (!added) return;
  S.events.sort((a, b) => b.id - a.id);
  for (const e of S.events.splice(EVENTS_KEPT)) S.eventIds.delete(e.id);
  if (life) {
    S.life.sort((a, b) => a.id - b.id);
    S.life.splice(0, Math.max(0, S.life.length - LIFE_KEPT));
    S.upSince.clear();
    for (const e of S.life) trackUptime(e);
  }
}

/**
 * Uptime from PM's own words, replayed oldest first: a launch is exact; an adoption of the process PM launched
 * keeps that; an adoption of any other process (or a new instance) only says "at least since then".
 */
function trackUptime(e) {
  const pid = /\bpid (\d+)/.exec(e.detail || '')?.[1];
  const cur = S.upSince.get(e.service);
  if (e.kind === 'adopt' && e.outcome === 'START') {
    S.upSince.set(e.service, { t: e.time, exact: true, pid });
  } else if (e.kind === 'adopt' && e.outcome === 'ADOPT') {
    if (!cur || !pid || cur.pid !== pid) S.upSince.set(e.service, { t: e.time, exact: false, pid });
  } else if (e.kind === 'instance') {
    S.upSince.set(e.service, { t: e.time, exact: false });
  } else if (e.kind === 'state' && ['DOWN', 'STOPPED', 'CRASH_LOOP', 'CONFLICT', 'FAILED'].includes(e.outcome)) {
    S.upSince.delete(e.service);
  }
}

function eventItem(e) {
  return el('li', { 'data-id': String(e.id) },
    el('span', { class: 'ev-time', text: clock(e.time), title: stamp(e.time) }),
    el('span', { class: 'ev-kind', 'data-kind': e.kind, text: e.kind }),
    el('span', { class: 'ev-service', text: e.service || 'pm' }),
    el('span', { class: 'ev-text' },
      el('span', { text: [e.action, e.outcome ? `(${e.outcome})` : ''].filter(Boolean).join(' ') }),
      e.detail ? el('span', { class: 'ev-detail', text: ` — ${e.detail}` }) : null,
      e.remote ? el('span', { class: 'ev-detail', text: ` · from ${e.remote}` }) : null));
}

/** Newest first; items are kept across renders (and so is the list's scroll position). */
function renderEvents() {
  const list = $('events');
  $('events-empty').hidden = S.events.length > 0;
  const have = new Map([...list.children].map(li => [li.dataset.id, li]));
  S.events.forEach((e, i) => {
    const li = have.get(String(e.id)) || eventItem(e);
    have.delete(String(e.id));
    if (list.children[i] !== li) list.insertBefore(li, list.children[i] || null);
  });
  for (const li of have.values()) li.remove();
}

// ---------------------------------------------------------------- control

function notice(text, error) {
  const n = $('notice');
  n.textContent = text;
  n.className = error ? 'notice error' : 'notice';
  n.hidden = !text;
}

function describe(s) {
  const state = link.isUp() ? (LABELS[s.state] || s.state) : 'Unknown';
  return `${s.name || s.id}${s.name && s.name !== s.id ? ` (${s.id})` : ''} — ${state}${s.pid ? `, pid ${s.pid}` : ''}`;
}

async function stopAll() {
  const all = S.services || [];
  const external = all.filter(s => s.origin === 'external' || s.launcher === 'external');
  const stopped = all.filter(s => !external.includes(s) && s.state === 'STOPPED');
  const targets = all.filter(s => !external.includes(s) && !stopped.includes(s));
  const lines = targets.map(describe);
  for (const s of stopped) lines.push(`${s.name || s.id} — already stopped`);
  for (const s of external) lines.push(`${s.name || s.id} — not stopped: external, PM only watches it`);
  const { confirmed, flatten } = await control.confirm({
    title: `Stop all traders (${targets.length})?`,
    intro: targets.length
      ? 'These traders will be told to shut down and PM will not restart them until you start them:'
      : 'No trader is running that PM could stop.',
    lines,
    ok: `Stop ${targets.length} trader${targets.length === 1 ? '' : 's'}`,
    flatten: true,
  });
  if (!confirmed) {
    notice('Stop All cancelled: nothing was sent.');
    return;
  }
  $('stop-all').disabled = true;
  try {
    const r = await control.post('/api/services/stop-all', { flatten }, () => notice(
      `Stopping ${targets.length} trader${targets.length === 1 ? '' : 's'}${flatten ? ' after closing their positions' : ''}…`));
    if (r.cancelled) {
      notice('Stop All not sent: no control token was given.', true);
      return;
    }
    if (r.status !== 200) {
      notice(`Stop All refused: ${r.body?.error || r.status}${r.body?.detail ? ` — ${r.body.detail}` : ''}`, true);
      return;
    }
    const parts = (r.body.results || []).map(x => `${x.id}: ${x.outcome}${x.method ? ` (${x.method})` : ''}`
      + `${x.clean === true ? ' CLEAN' : x.clean === false ? ' NOT CLEAN' : ''}`
      + `${x.leftBehind ? ` (${x.leftBehind})` : ''}${x.detail ? ` — ${x.detail}` : ''}`);
    // what the traders left on their venues, in total: the answer to "is it really flat?"
    const total = r.body.summary ? ` ${r.body.summary}.` : '';
    notice(`Stop All: ${r.body.allStopped ? 'every trader stopped' : 'NOT every trader stopped'}.${total} ${parts.join('; ')}`,
      !r.body.allStopped || r.body.clean === false);
  } finally {
    $('stop-all').disabled = !link.isUp();
    pollServices();
  }
}

async function serviceAction(id, action) {
  const s = (S.services || []).find(x => x.id === id);
  if (!s) return;
  let flatten = false;
  if (action !== 'start') {
    const res = await control.confirm({
      title: `${action === 'stop' ? 'Stop' : 'Restart'} ${s.name || s.id}?`,
      intro: action === 'stop'
        ? 'This trader will be told to shut down; PM will not restart it until you start it:'
        : 'This trader will be stopped (positions and their stops stay) and started again:',
      lines: [describe(s)],
      ok: action === 'stop' ? 'Stop' : 'Restart',
      flatten: action === 'stop',
    });
    if (!res.confirmed) {
      notice(`${action} ${id} cancelled: nothing was sent.`);
      return;
    }
    flatten = res.flatten;
  }
  const r = await control.post(`/api/services/${encodeURIComponent(id)}/${action}`,
    action === 'stop' ? { flatten } : {}, () => notice(`${action} ${id}…`));
  if (r.cancelled) {
    notice(`${action} ${id} not sent: no control token was given.`, true);
  } else if (r.status === 200) {
    const b = r.body || {};
    notice(`${action} ${id}: ${b.outcome || 'done'}${b.method ? ` (${b.method})` : ''}${b.detail ? ` — ${b.detail}` : ''}`);
  } else {
    notice(`${action} ${id} refused: ${r.body?.error || r.status}${r.body?.detail ? ` — ${r.body.detail}` : ''}`, true);
  }
  pollServices();
}

$('stop-all').addEventListener('click', stopAll);
$('forget-token').addEventListener('click', () => {
  forgetToken();
  $('forget-token').hidden = true;
  notice('Control token forgotten for this tab.');
});
$('forget-token').hidden = !hasToken();

// ---------------------------------------------------------------- clocks and polls

function renderClock() {
  const state = $('link-state');
  // "Live" only once PM has said what it watches: an open stream without its first snapshot is still connecting
  const st = link.state === 'up' && S.services === null ? 'connecting' : link.state;
  state.dataset.link = st;
  put(state, st === 'up' ? 'Live' : st === 'down' ? 'PM unreachable' : 'Connecting…');
  const last = link.lastUpdate;
  put($('last-update'), last
    ? `Last update: ${clock(last)} (${Math.max(0, Math.floor((Date.now() - last) / 1000))} s ago)`
    : 'Last update: never');
}

async function pollServices() {
  if (!link.isUp()) return;
  try {
    S.services = await link.get('/api/services');
    renderServices();
  } catch (e) {
    // counted by the link
  }
}

async function pollPortfolio() {
  if (!link.isUp()) return;
  try {
    if (takePortfolio(await link.get('/api/portfolio'))) renderPortfolio();
  } catch (e) {
    // counted by the link
  }
}

// the "N s ago" of the last update must never lag behind a real second
setInterval(renderClock, 250);
setInterval(() => {
  renderServices();
  renderPortfolio();
}, 1000);
setInterval(pollServices, SERVICES_POLL_MS);
setInterval(pollPortfolio, PORTFOLIO_POLL_MS);

link.start();
chart.init();
renderClock();

// Formatting and a tiny DOM helper. Money arrives as decimal strings (or "unknown") and is only ever displayed.

const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const price = new Intl.NumberFormat('en-US', { maximumFractionDigits: 8 });

const pad = n => String(n).padStart(2, '0');

/** HH:MM:SS in the browser's time zone. */
export function clock(ms) {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** "YYYY-MM-DD HH:MM:SS" for tooltips. */
export function stamp(ms) {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clock(ms)}`;
}

/** A duration in words a person reads at a glance: "4 s", "2 min 5 s", "3 h 12 min", "2 d 4 h". */
export function duration(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export function age(ms) {
  return `${duration(ms)} ago`;
}

export function isKnown(v) {
  return v !== null && v !== undefined && v !== '' && v !== 'unknown' && Number.isFinite(Number(v));
}

export function fmtMoney(v) {
  return isKnown(v) ? money.format(Number(v)) : 'unknown';
}

export function fmtPrice(v) {
  return isKnown(v) ? price.format(Number(v)) : '–';
}

/** A signed amount: the sign is written out, so gain and loss never depend on colour alone. */
export function fmtSigned(v) {
  if (!isKnown(v)) return 'unknown';
  const n = Number(v);
  return (n > 0 ? '+' : n < 0 ? '−' : '') + money.format(Math.abs(n));
}

export function signClass(v) {
  if (!isKnown(v)) return '';
  const n = Number(v);
  return n > 0 ? 'pos' : n < 0 ? 'neg' : '';
}

/** Sums decimal strings exactly enough for display (cents), never trusting a float for more than that. */
export function sum(values) {
  let cents = 0n;
  for (const v of values) {
    cents += BigInt(Math.round(Number(v) * 100));
  }
  const neg = cents < 0n;
  const abs = neg ? -cents : cents;
  return `${neg ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** document.createElement with attributes (class, data-*, aria-*, text) and children. */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') e.textContent = v;
    else if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) {
    if (c !== null && c !== undefined) e.append(c);
  }
  return e;
}

/** Sets text (and optionally class and title) only when it changed, so focus and selection survive ticks. */
export function put(node, text, cls, title) {
  if (node.textContent !== text) node.textContent = text;
  if (cls !== undefined && node.className !== cls) node.className = cls;
  if (title !== undefined && node.title !== title) node.title = title;
}

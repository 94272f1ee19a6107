// The page's own view of PM's health. PM sends a heartbeat every second on /api/stream; the page counts a failure
// for every failed request, every broken stream and every heartbeat that is more than a beat late, and after
// FAILURES_TO_DOWN consecutive failures declares PM unreachable. Any answer from PM resets the count.

export const HEARTBEAT_MS = 1000;
export const FAILURES_TO_DOWN = 2;
/** How late a heartbeat may be before it counts as missed (timer jitter, GC pauses). */
export const LATE_MS = 250;
/** Every request PM does not answer within this counts as failed. */
export const REQUEST_TIMEOUT_MS = 1500;
/** The probe that follows a broken stream or a missed beat: short, so a dead PM is declared within ~2 s. */
export const PROBE_TIMEOUT_MS = 600;
export const RETRY_MS = 1000;

/** A failed fetch in words: fetch itself only says "Failed to fetch" for a refused or dropped connection. */
function why(e) {
  if (e.name === 'TimeoutError') return 'no answer in time';
  if (e instanceof TypeError) return 'connection refused or dropped';
  return e.message;
}

export class PmLink extends EventTarget {
  constructor(streamHandlers) {
    super();
    this.handlers = streamHandlers;
    this.state = 'connecting';
    this.failures = 0;
    this.lastUpdate = 0;      // local time of the last answer of any kind from PM
    this.offset = 0;          // PM's clock minus ours, from heartbeats: ages are measured on PM's clock
    this.source = null;
    this.lastBeat = 0;
    this.missed = 0;
    this.probing = false;
    this.lastProbe = 0;
    this.lastReason = '';
  }

  start() {
    this.open();
    setInterval(() => this.watch(), 100);
  }

  /** PM's clock, as best known. */
  now() {
    return Date.now() + this.offset;
  }

  isUp() {
    return this.state === 'up';
  }

  open() {
    if (this.source) return;
    const es = new EventSource('/api/stream');
    this.source = es;
    this.lastBeat = Date.now();
    this.missed = 0;
    es.addEventListener('open', () => this.heard());
    for (const [name, handler] of Object.entries(this.handlers)) {
      es.addEventListener(name, e => {
        if (this.source !== es) return;
        this.heard();
        let data;
        try {
          data = JSON.parse(e.data);
        } catch (err) {
          console.error('bad SSE data', name, err);
          return;
        }
        if (name === 'heartbeat' && Number.isFinite(data.time)) {
          this.offset = data.time - Date.now();
        }
        handler(data);
      });
    }
    es.addEventListener('error', () => {
      if (this.source !== es) return;
      // the browser would retry on its own schedule (seconds); we decide ourselves, starting with a probe now
      this.closeStream();
      this.fail('event stream closed');
      // at most one probe a second, so a stream that keeps failing while PM answers cannot spin
      if (Date.now() - this.lastProbe >= RETRY_MS) this.probe();
    });
  }

  closeStream() {
    if (this.source) {
      this.source.close();
      this.source = null;
    }
  }

  heard() {
    this.lastBeat = Date.now();
    this.missed = 0;
    this.ok();
  }

  ok() {
    this.failures = 0;
    this.lastUpdate = Date.now();
    if (this.state !== 'up') {
      const was = this.state;
      this.state = 'up';
      this.dispatchEvent(new CustomEvent('up', { detail: { was } }));
    }
    if (!this.source) this.open();
  }

  fail(reason) {
    this.failures++;
    this.lastReason = reason;
    if (this.failures >= FAILURES_TO_DOWN && this.state !== 'down') {
      this.state = 'down';
      this.closeStream();
      this.dispatchEvent(new CustomEvent('down', { detail: { reason } }));
    }
  }

  /** Runs every 100 ms: counts late heartbeats, and keeps probing while PM is away. */
  watch() {
    const now = Date.now();
    if (this.source && now - this.lastBeat > HEARTBEAT_MS * (this.missed + 1) + LATE_MS) {
      this.missed++;
      this.fail(`no heartbeat for ${Math.round((now - this.lastBeat) / 100) / 10} s`);
      // a stream silent for two beats is dead even if PM answers the probe: drop it, ok() opens a new one
      if (this.missed >= FAILURES_TO_DOWN) this.closeStream();
      this.probe();
    }
    if (!this.source && now - this.lastProbe >= RETRY_MS) {
      this.probe();
    }
  }

  /** GET /api/status: an answer means PM is back (ok() then reopens the stream); no answer is one more failure. */
  async probe() {
    if (this.probing) return;
    this.probing = true;
    this.lastProbe = Date.now();
    try {
      const r = await fetch('/api/status', { cache: 'no-store', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      const status = await r.json();
      if (Number.isFinite(status.time)) this.offset = status.time - Date.now();
      this.ok();
    } catch (e) {
      this.fail(`GET /api/status: ${why(e)}`);
    } finally {
      this.probing = false;
      this.lastProbe = Date.now();
    }
  }

  /** A GET of PM's JSON API that counts towards the link's health either way. */
  async get(path) {
    let r;
    try {
      r = await fetch(path, { cache: 'no-store', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (e) {
      this.fail(`GET ${path}: ${why(e)}`);
      throw e;
    }
    if (r.status >= 500) {
      this.fail(`GET ${path}: HTTP ${r.status}`);
      throw new Error(`HTTP ${r.status}`);
    }
    this.ok();
    if (!r.ok) throw new Error(`GET ${path}: HTTP ${r.status}`);
    return r.json();
  }
}

// The Alerts panel: what PoG told (or tried to tell) a person, per channel; acknowledge; send a test message.
// Read from GET /api/alerts every few seconds; ack and test are control requests (the token, as for Stop).

import { age, el, put, stamp } from './format.js';

const POLL_MS = 3000;
const SHOWN = 50;
const STATE_LABELS = { open: 'Open', acked: 'Acknowledged', resolved: 'Resolved' };

export class AlertsPanel {
  constructor(link, control, notice) {
    this.link = link;
    this.control = control;
    this.notice = notice;
    this.list = document.getElementById('alerts');
    this.empty = document.getElementById('alerts-empty');
    this.summary = document.getElementById('alerts-summary');
    this.alerts = null;
    document.getElementById('alerts-test').addEventListener('click', () => this.test());
    this.poll();
    setInterval(() => this.poll(), POLL_MS);
  }

  async poll() {
    try {
      this.alerts = await this.link.get(`/api/alerts?limit=${SHOWN}`);
    } catch (e) {
      // the link's banner says PM is unreachable; the list keeps the last answer, greyed by the page's pm-down class
    }
    this.render();
  }

  render() {
    if (this.alerts === null) return;
    const now = Date.now();
    const key = JSON.stringify(this.alerts);
    if (key === this.rendered) {
      // same alerts: only the ages move, so focus, hover and a half-read tooltip survive the poll
      for (const t of this.list.querySelectorAll('time[data-t]')) put(t, age(now - Number(t.dataset.t)));
      return;
    }
    this.rendered = key;
    const open = this.alerts.filter(a => a.state === 'open');
    const failing = this.alerts.filter(a => a.source === 'alerts' && a.state !== 'resolved');
    put(this.summary, open.length === 0 ? 'nothing open' : `${open.length} open`,
      open.length === 0 ? 'sub' : 'sub alerts-open');
    this.empty.hidden = this.alerts.length > 0;
    this.empty.textContent = 'No alerts yet.';
    this.list.replaceChildren(...this.alerts.map(a => this.row(a, now)));
    document.getElementById('alerts-channel-failing').hidden = failing.length === 0;
    put(document.getElementById('alerts-channel-failing'), failing.map(a => a.title).join('; '));
  }

  row(a, now) {
    const deliveries = a.deliveries.length === 0
      ? el('span', { class: 'delivery none', text: a.note || 'not sent to any channel' })
      : el('span', { class: 'deliveries' }, ...a.deliveries.map(d => el('span', {
        class: `delivery ${d.ok ? 'ok' : 'failed'}`, title: d.detail,
        'data-channel': d.channel, text: `${d.ok ? '✓' : '✗'} ${d.channel}`,
      })));
    const ack = a.state === 'open'
      ? el('button', { type: 'button', class: 'quiet', text: 'Acknowledge', onclick: () => this.ack(a) })
      : null;
    return el('li', { class: `alert sev-${a.severity} st-${a.state}`, 'data-alert': a.id },
      el('span', { class: 'badge sev', 'data-severity': a.severity, text: a.severity }),
      el('span', { class: 'alert-title', text: a.title + (a.count > 1 ? ` ×${a.count}` : '') }),
      el('span', { class: 'alert-state', text: STATE_LABELS[a.state] || a.state }),
      el('time', { class: 'age', title: stamp(a.time), 'data-t': a.time, text: age(now - a.time) }),
      el('div', { class: 'alert-detail', text: `${a.happened || ''}${a.action ? ' — ' + a.action : ''}` }),
      deliveries, ack);
  }

  async ack(a) {
    const r = await this.control.post(`/api/alerts/${encodeURIComponent(a.id)}/ack`, {});
    if (r.cancelled) {
      this.notice('Acknowledge cancelled: nothing was sent.');
      return;
    }
    if (r.status !== 200) {
      this.notice(`Acknowledge refused: ${r.body?.error || r.status}${r.body?.detail ? ` — ${r.body.detail}` : ''}`, true);
      return;
    }
    this.poll();
  }

  async test() {
    const r = await this.control.post('/api/alerts/test', {}, () => this.notice('Sending a test alert…'));
    if (r.cancelled) {
      this.notice('Test alert not sent: no control token was given.', true);
      return;
    }
    if (r.status !== 200) {
      this.notice(`Test alert refused: ${r.body?.error || r.status}${r.body?.detail ? ` — ${r.body.detail}` : ''}`, true);
      return;
    }
    const results = r.body.results || [];
    if (results.length === 0) {
      this.notice('No alert channel is configured (alerts.channels in pm.yaml; see docs/alerts.md).', true);
    } else {
      this.notice(`Test alert: ${results.map(t => `${t.channel} ${t.ok ? 'delivered' : 'FAILED: ' + t.detail}`)
        .join('; ')}`, !r.body.delivered);
    }
    this.poll();
  }
}

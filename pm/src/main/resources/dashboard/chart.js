// Equity over time from /api/equity/history, drawn with uPlot (served by PM from its WebJar; no CDN).
// A range is either relative ("the last hour", refreshed while PM answers) or fixed (typed in, or dragged on the
// chart). If the chart library cannot load, the rest of the page works and says so here.

import { clock, fmtMoney, stamp } from './format.js';

const COLORS = ['#79c0ff', '#d2a8ff', '#56d364', '#f0b72f', '#ff9bce', '#a5d6ff', '#ffa657'];
const REFRESH_MS = 5000;
const POINTS = 500;

export class EquityChart {
  constructor(link) {
    this.link = link;
    this.box = document.getElementById('chart');
    this.caption = document.getElementById('chart-caption');
    this.empty = document.getElementById('chart-empty');
    this.range = { relative: 3_600_000 };
    this.plot = null;
    this.seriesKey = '';
    this.uPlot = null;
    this.loading = false;
    this.lastLoad = 0;
    this.wire();
  }

  async init() {
    try {
      this.uPlot = (await import('/dashboard/vendor/uPlot.esm.js')).default;
    } catch (e) {
      this.showEmpty('The chart library (uPlot) could not be loaded from PM; the numbers above are unaffected.');
      console.error(e);
    }
    new ResizeObserver(() => this.resize()).observe(this.box);
    setInterval(() => {
      if (this.range.relative && this.link.isUp() && Date.now() - this.lastLoad >= REFRESH_MS) this.load();
    }, 1000);
    await this.load();
  }

  wire() {
    for (const b of document.querySelectorAll('.ranges button')) {
      b.addEventListener('click', () => {
        this.range = { relative: Number(b.dataset.range) };
        this.load();
      });
    }
    document.getElementById('range-form').addEventListener('submit', e => {
      e.preventDefault();
      const from = Date.parse(document.getElementById('range-from').value);
      const to = Date.parse(document.getElementById('range-to').value);
      if (!Number.isFinite(from) || !Number.isFinite(to) || to <= from) {
        this.caption.textContent = 'Pick a start before the end.';
        return;
      }
      this.range = { from, to };
      this.load();
    });
    document.getElementById('range-reset').addEventListener('click', () => {
      this.range = { relative: 3_600_000 };
      this.load();
    });
  }

  window() {
    if (this.range.relative) {
      const to = this.link.now();
      return { from: to - this.range.relative, to };
    }
    return { from: Math.round(this.range.from), to: Math.round(this.range.to) };
  }

  markRange() {
    for (const b of document.querySelectorAll('.ranges button')) {
      b.setAttribute('aria-pressed', String(Number(b.dataset.range) === this.range.relative));
    }
    document.getElementById('range-reset').hidden = !!this.range.relative;
    const { from, to } = this.window();
    const toLocal = ms => {
      const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60000);
      return d.toISOString().slice(0, 16);
    };
    const f = document.getElementById('range-from');
    const t = document.getElementById('range-to');
    if (document.activeElement !== f) f.value = toLocal(from);
    if (document.activeElement !== t) t.value = toLocal(to);
    this.caption.textContent = this.range.relative
      ? 'Live. Drag across the chart to zoom into a range.'
      : `Fixed range ${stamp(from)} – ${stamp(to)}. Drag to zoom further.`;
  }

  async load() {
    if (this.loading) return;
    this.loading = true;
    this.lastLoad = Date.now();
    this.markRange();
    const { from, to } = this.window();
    const step = Math.max(1000, Math.round((to - from) / POINTS));
    try {
      const series = await this.link.get(`/api/equity/history?from=${from}&to=${to}&step=${step}`);
      this.draw(series, from, to);
    } catch (e) {
      // the link shows PM's state; the chart keeps what it had, greyed by the page
    } finally {
      this.loading = false;
    }
  }

  showEmpty(text) {
    this.empty.textContent = text;
    this.empty.hidden = !text;
  }

  draw(series, from, to) {
    const points = series.points || [];
    const ids = [];
    for (const p of points) {
      for (const id of Object.keys(p.services || {})) if (!ids.includes(id)) ids.push(id);
    }
    this.showEmpty(points.length === 0 ? 'No equity samples in this range yet.' : '');
    if (!this.uPlot) return;
    const xs = points.map(p => p.t / 1000);
    const num = v => (v === null || v === undefined ? null : Number(v));
    const data = [xs, points.map(p => num(p.total)), ...ids.map(id => points.map(p => num(p.services?.[id])))];
    const key = ids.join('|');
    if (!this.plot || key !== this.seriesKey) {
      this.seriesKey = key;
      this.build(ids, data);
    } else {
      this.plot.setData(data, false);
    }
    this.plot.setScale('x', { min: from / 1000, max: to / 1000 });
    this.showLatest();
  }

  /** With the pointer off the chart the legend shows the newest sample rather than dashes. */
  showLatest() {
    const u = this.plot;
    if (u && u.cursor.idx == null && u.data[0].length > 0) u.setLegend({ idx: u.data[0].length - 1 });
  }

  build(ids, data) {
    if (this.plot) this.plot.destroy();
    const axis = {
      stroke: '#9ea7b3',
      grid: { stroke: '#30363d', width: 1 },
      ticks: { stroke: '#30363d', width: 1 },
    };
    const moneyValue = (u, v) => (v === null || v === undefined ? '–' : fmtMoney(v));
    const opts = {
      width: this.width(),
      height: this.height(),
      scales: { x: { time: true } },
      cursor: { drag: { x: true, y: false, setScale: false } },
      legend: { live: true },
      series: [
        { label: 'Time', value: (u, v) => (v === null || v === undefined ? '–' : clock(v * 1000)) },
        { label: 'Total', stroke: '#e6edf3', width: 2, value: moneyValue },
        ...ids.map((id, i) => ({ label: id, stroke: COLORS[i % COLORS.length], width: 1.5, value: moneyValue })),
      ],
      axes: [
        { ...axis },
        { ...axis, size: 80, values: (u, vals) => vals.map(v => fmtMoney(v)) },
      ],
      hooks: {
        setCursor: [() => this.showLatest()],
        setSelect: [u => {
          if (u.select.width < 4) return;
          const a = u.posToVal(u.select.left, 'x');
          const b = u.posToVal(u.select.left + u.select.width, 'x');
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          this.range = { from: a * 1000, to: b * 1000 };
          this.load();
        }],
      },
    };
    this.box.replaceChildren();
    this.plot = new this.uPlot(opts, data, this.box);
  }

  width() {
    return Math.max(260, this.box.clientWidth || 600);
  }

  height() {
    return window.matchMedia('(max-width: 720px)').matches ? 200 : 260;
  }

  resize() {
    if (this.plot) this.plot.setSize({ width: this.width(), height: this.height() });
  }
}

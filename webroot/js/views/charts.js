// Small SVG charts for the Monitor page: time-series lines with hover and click, and sparklines.
// Values are arrays aligned with `times` (epoch ms); null is a gap.
import { h, niceTicks } from '../util.js';

const W = 640;
const H = 200;
const PAD = { l: 48, r: 12, t: 10, b: 24 };

function extent(series) {
  let hi = 0;
  for (const s of series) for (const v of s.values) if (v != null && v > hi) hi = v;
  return hi > 0 ? hi * 1.1 : 1;
}

function clock(ms, spanMs) {
  const d = new Date(ms);
  const hm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
  return spanMs > 36 * 3600e3 ? `${d.getMonth() + 1}/${d.getDate()} ${hm}` : hm;
}

function path(values, x, y) {
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v == null) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`;
    pen = true;
  });
  return d;
}

/**
 * A line chart. opts: {title, times, series: [{name, color, values}], format(v) -> text,
 * onPoint(index, event)} ; a lone point of a series is drawn as a dot so it shows.
 */
export function lineChart({ title, times, series, format = (v) => v.toFixed(2), onPoint }) {
  const hi = extent(series);
  const n = times.length;
  const x = (i) => PAD.l + (n <= 1 ? 0 : (i / (n - 1)) * (W - PAD.l - PAD.r));
  const y = (v) => H - PAD.b - (v / hi) * (H - PAD.t - PAD.b);
  const grid = niceTicks(0, hi, 4).map((v) => h('svg:g', { class: 'mc-tick' },
    h('svg:line', { x1: PAD.l, x2: W - PAD.r, y1: y(v), y2: y(v) }),
    h('svg:text', { x: PAD.l - 6, y: y(v) + 4, 'text-anchor': 'end' }, format(v))));
  const span = n > 1 ? times[n - 1] - times[0] : 0;
  const labels = [];
  const every = Math.max(1, Math.ceil(n / 6));
  for (let i = 0; i < n; i += every) {
    labels.push(h('svg:text', { class: 'mc-x', x: x(i), y: H - 6, 'text-anchor': 'middle' }, clock(times[i], span)));
  }
  const lines = series.map((s) => h('svg:g', { class: 'mc-series', dataset: { name: s.name } },
    h('svg:path', { class: 'mc-line', d: path(s.values, x, y), stroke: s.color }),
    s.values.map((v, i) => (v != null && (s.values[i - 1] == null && s.values[i + 1] == null))
      ? h('svg:circle', { class: 'mc-dot', cx: x(i), cy: y(v), r: 2.5, fill: s.color }) : null)));
  const cursor = h('svg:line', { class: 'mc-cursor', y1: PAD.t, y2: H - PAD.b, visibility: 'hidden' });
  const svg = h('svg:svg', { class: 'mc-svg', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title },
    grid, labels, lines, cursor);
  const tip = h('div', { class: 'mc-tip', hidden: true });
  const legend = h('div', { class: 'mc-legend' }, series.map((s) => h('span', { class: 'mc-key' },
    h('span', { class: 'swatch', style: { background: s.color } }), s.name)));
  const box = h('div', { class: 'mc-chart card', dataset: { chart: title } },
    h('div', { class: 'mc-title' }, title), legend, h('div', { class: 'mc-plot' }, svg, tip));

  const indexAt = (ev) => {
    const r = svg.getBoundingClientRect();
    const px = ((ev.clientX - r.left) / r.width) * W;
    return Math.max(0, Math.min(n - 1, Math.round(((px - PAD.l) / (W - PAD.l - PAD.r)) * (n - 1))));
  };
  svg.addEventListener('pointermove', (ev) => {
    if (!n) return;
    const i = indexAt(ev);
    cursor.setAttribute('x1', x(i));
    cursor.setAttribute('x2', x(i));
    cursor.setAttribute('visibility', 'visible');
    tip.hidden = false;
    tip.replaceChildren(h('div', { class: 'mc-tip-time' }, new Date(times[i]).toLocaleString()),
      ...series.map((s) => h('div', null, h('span', { class: 'swatch', style: { background: s.color } }), ` ${s.name}: `,
        h('b', null, s.values[i] == null ? '–' : format(s.values[i])))),
      onPoint ? h('div', { class: 'mc-tip-hint faint' }, 'Click for the traces behind this point') : null);
    const left = (x(i) / W) * 100;
    tip.style.left = left > 60 ? '' : `${left + 2}%`;
    tip.style.right = left > 60 ? `${102 - left}%` : '';
  });
  svg.addEventListener('pointerleave', () => {
    cursor.setAttribute('visibility', 'hidden');
    tip.hidden = true;
  });
  if (onPoint) {
    svg.classList.add('clickable');
    svg.addEventListener('click', (ev) => n && onPoint(indexAt(ev), ev));
  }
  return box;
}

/** A tiny line of `values` (null gaps), scaled to its own maximum. */
export function sparkline(values, { color = 'var(--accent)', label = '' } = {}) {
  const w = 120;
  const ht = 28;
  const hi = Math.max(1e-12, ...values.filter((v) => v != null));
  const x = (i) => (values.length <= 1 ? w : (i / (values.length - 1)) * w);
  const y = (v) => ht - 2 - (v / hi) * (ht - 4);
  return h('svg:svg', { class: 'mc-spark', viewBox: `0 0 ${w} ${ht}`, width: w, height: ht, role: 'img', 'aria-label': label },
    h('svg:path', { d: path(values, x, y), stroke: color, fill: 'none', 'stroke-width': 1.5 }));
}

// Duration-over-time scatter plot (SVG) of search results; each point links to its trace.
import { h, fmtDuration, fmtDateTime, niceTicks, plural } from '../util.js';
import { traceUrl } from '../router.js';

const M = { top: 12, right: 18, bottom: 24, left: 58 };
const HEIGHT = 170;
const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800].map((s) => s * 1000);

function timeTicks(lo, hi, count) {
  const raw = (hi - lo) / count;
  const step = TIME_STEPS.find((s) => s >= raw) || TIME_STEPS[TIME_STEPS.length - 1];
  const offset = new Date(lo).getTimezoneOffset() * 60000; // align to local clock
  const out = [];
  for (let v = Math.ceil((lo - offset) / step) * step + offset; v <= hi; v += step) out.push({ v, step });
  return out;
}

function timeLabel(ms, step, spanMs) {
  const d = new Date(ms);
  const p = (n) => String(n).padStart(2, '0');
  const hm = `${p(d.getHours())}:${p(d.getMinutes())}`;
  if (spanMs > 2 * 86400000) return `${d.getMonth() + 1}/${d.getDate()} ${hm}`;
  return step < 60000 ? `${hm}:${p(d.getSeconds())}` : hm;
}

/** Renders into container; returns {highlight(traceID|null), destroy()}. */
export function scatterPlot(container, summaries, { onHover } = {}) {
  const wrap = h('div', { class: 'scatter' });
  container.append(wrap);
  let points = new Map();

  const draw = () => {
    const width = Math.max(280, wrap.clientWidth || 600);
    const w = width - M.left - M.right;
    const hh = HEIGHT - M.top - M.bottom;
    const starts = summaries.map((s) => s.start / 1000);
    let t0 = Math.min(...starts);
    let t1 = Math.max(...starts);
    if (t1 - t0 < 2000) {
      t0 -= 30000;
      t1 += 30000;
    }
    const pad = (t1 - t0) * 0.03;
    t0 -= pad;
    t1 += pad;
    const dMax = Math.max(1, ...summaries.map((s) => s.duration)) * 1.12;
    const x = (ms) => M.left + ((ms - t0) / (t1 - t0)) * w;
    const y = (us) => M.top + hh - (us / dMax) * hh;
    const maxSpans = Math.max(...summaries.map((s) => s.spanCount));
    const r = (n) => 3.5 + 6 * Math.sqrt(n / Math.max(1, maxSpans));

    const svg = h('svg:svg', { width, height: HEIGHT, viewBox: `0 0 ${width} ${HEIGHT}`, role: 'img', 'aria-label': `Trace durations over time, ${plural(summaries.length, 'trace')}` });
    const grid = h('svg:g', { class: 'sc-grid' });
    for (const v of niceTicks(0, dMax, 4)) {
      grid.append(h('svg:line', { x1: M.left, x2: M.left + w, y1: y(v), y2: y(v) }),
        h('svg:text', { x: M.left - 8, y: y(v) + 4, 'text-anchor': 'end' }, v === 0 ? '0' : fmtDuration(v)));
    }
    const ticks = timeTicks(t0, t1, Math.max(2, Math.floor(w / 110)));
    for (const { v, step } of ticks) {
      grid.append(h('svg:line', { class: 'sc-xtick', x1: x(v), x2: x(v), y1: M.top + hh, y2: M.top + hh + 4 }),
        h('svg:text', { x: x(v), y: HEIGHT - 6, 'text-anchor': 'middle' }, timeLabel(v, step, t1 - t0)));
    }
    grid.append(h('svg:line', { class: 'sc-axis', x1: M.left, x2: M.left + w, y1: M.top + hh, y2: M.top + hh }));
    svg.append(grid);

    const dots = h('svg:g', { class: 'sc-points' });
    points = new Map();
    // big points first so small ones stay clickable
    const ordered = [...summaries].sort((a, b) => b.spanCount - a.spanCount);
    for (const s of ordered) {
      const c = h('svg:circle', { cx: x(s.start / 1000), cy: y(s.duration), r: r(s.spanCount), class: s.errors ? 'sc-pt sc-err' : 'sc-pt' },
        h('svg:title', null, `${s.rootService}: ${s.rootOperation}\n${fmtDuration(s.duration)} · ${plural(s.spanCount, 'span')}${s.errors ? ` · ${plural(s.errors, 'error')}` : ''}\n${fmtDateTime(s.start)}`));
      const a = h('svg:a', { href: traceUrl(s.traceID), 'aria-label': `${s.rootService} ${s.rootOperation} ${fmtDuration(s.duration)}`,
        onmouseenter: () => onHover?.(s.traceID), onmouseleave: () => onHover?.(null) }, c);
      points.set(s.traceID, c);
      dots.append(a);
    }
    svg.append(dots);
    wrap.replaceChildren(svg);
  };

  draw();
  const ro = new ResizeObserver(() => {
    if (Math.abs((wrap.firstChild?.getAttribute('width') | 0) - wrap.clientWidth) > 2) draw();
  });
  ro.observe(wrap);
  return {
    highlight(id) {
      for (const [tid, c] of points) c.classList.toggle('sc-hot', tid === id);
    },
    destroy() {
      ro.disconnect();
      wrap.remove();
    },
  };
}

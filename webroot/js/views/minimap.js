// Trace minimap: every span drawn on a canvas (fast for 10,000 spans); drag to select the time
// range shown in the timeline, click to move the window, double-click to reset.
import { h, fmtDuration, niceTicks, serviceColor, clamp } from '../util.js';

const HEIGHT = 54;

export function createMinimap(container, model, { onRange }) {
  const total = Math.max(1, model.duration);
  let vs = 0;
  let ve = total;
  let matches = null;
  const canvas = h('canvas', { class: 'mm-canvas', 'aria-hidden': 'true' });
  const shadeL = h('div', { class: 'mm-shade' });
  const shadeR = h('div', { class: 'mm-shade' });
  const win = h('div', { class: 'mm-window' });
  const sel = h('div', { class: 'mm-sel', hidden: true });
  const area = h('div', { class: 'mm-area', title: 'Drag to zoom · click to move · double-click to reset' }, canvas, shadeL, shadeR, win, sel);
  const ticks = h('div', { class: 'mm-ticks' });
  const root = h('div', { class: 'minimap', role: 'group', 'aria-label': 'Trace overview; drag to zoom' }, area, ticks);
  container.append(root);

  // Precompute per-service batches once.
  const batches = new Map();
  const n = model.spans.length;
  for (let r = 0; r < n; r++) {
    const sp = model.spans[model.order[r]];
    const c = serviceColor(sp.service);
    let b = batches.get(c);
    if (!b) batches.set(c, (b = []));
    b.push(r, sp.rel, sp.duration);
  }

  function draw() {
    const w = area.clientWidth;
    if (!w) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = Math.round(w * dpr);
    canvas.height = Math.round(HEIGHT * dpr);
    canvas.style.width = `${w}px`;
    canvas.style.height = `${HEIGHT}px`;
    const ctx = canvas.getContext('2d');
    const W = canvas.width;
    const H = canvas.height;
    ctx.clearRect(0, 0, W, H);
    const rowH = Math.max(1, H / Math.max(n, 1));
    const barH = Math.max(1, Math.min(rowH - (rowH > 3 ? 1 : 0), 6 * dpr));
    for (const [color, b] of batches) {
      ctx.fillStyle = color;
      ctx.beginPath();
      for (let k = 0; k < b.length; k += 3) {
        const y = (b[k] / n) * H;
        const x = (b[k + 1] / total) * W;
        ctx.rect(x, y, Math.max(dpr, (b[k + 2] / total) * W), barH);
      }
      ctx.fill();
    }
    if (matches?.size) {
      ctx.fillStyle = 'rgba(245, 180, 0, .9)';
      for (const i of matches) {
        const sp = model.spans[i];
        ctx.fillRect((sp.rel / total) * W, (sp.row / n) * H, Math.max(2 * dpr, (sp.duration / total) * W), Math.max(2 * dpr, barH));
      }
    }
    let th = '';
    for (const t of niceTicks(0, total, Math.max(2, Math.floor(w / 120)))) {
      const pct = (t / total) * 100;
      th += `<span class="${pct > 94 ? 'end' : ''}" style="left:${pct}%">${t === 0 ? '0' : fmtDuration(t)}</span>`;
    }
    ticks.innerHTML = th;
    place();
  }

  function place() {
    const l = (vs / total) * 100;
    const r = (ve / total) * 100;
    shadeL.style.left = '0';
    shadeL.style.width = `${l}%`;
    shadeR.style.left = `${r}%`;
    shadeR.style.right = '0';
    win.style.left = `${l}%`;
    win.style.width = `${r - l}%`;
    const zoomed = vs > 0 || ve < total;
    win.hidden = !zoomed;
    shadeL.hidden = shadeR.hidden = !zoomed;
  }

  area.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    const rect = area.getBoundingClientRect();
    const x0 = clamp(e.clientX - rect.left, 0, rect.width);
    let moved = false;
    area.setPointerCapture(e.pointerId);
    const show = (x1) => {
      sel.hidden = false;
      sel.style.left = `${Math.min(x0, x1)}px`;
      sel.style.width = `${Math.abs(x1 - x0)}px`;
    };
    const move = (ev) => {
      const x1 = clamp(ev.clientX - rect.left, 0, rect.width);
      if (Math.abs(x1 - x0) > 3) moved = true;
      if (moved) show(x1);
    };
    const up = (ev) => {
      area.removeEventListener('pointermove', move);
      area.removeEventListener('pointerup', up);
      sel.hidden = true;
      const x1 = clamp(ev.clientX - rect.left, 0, rect.width);
      const toT = (x) => (x / rect.width) * total;
      if (moved) {
        onRange(toT(Math.min(x0, x1)), toT(Math.max(x0, x1)));
      } else if (vs > 0 || ve < total) {
        const half = (ve - vs) / 2;
        const c = clamp(toT(x0), half, total - half);
        onRange(c - half, c + half);
      }
    };
    area.addEventListener('pointermove', move);
    area.addEventListener('pointerup', up);
  });
  area.addEventListener('dblclick', () => onRange(0, total));

  const ro = new ResizeObserver(() => draw());
  ro.observe(area);
  draw();

  return {
    setRange(a, b) {
      vs = a;
      ve = b;
      place();
    },
    setMatches(set) {
      matches = set;
      draw();
    },
    destroy() {
      ro.disconnect();
      root.remove();
    },
  };
}

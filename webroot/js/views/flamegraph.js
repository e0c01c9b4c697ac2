// Flame graph of a trace: each span a bar under its parent, across its time; click to zoom into
// a span, the breadcrumb or Esc to zoom out, double-click (or "Open in timeline") to see a span's
// details. Spans narrower than a pixel are left out; matched spans (TraceQL or find) stay marked.
import { h, setChildren, fmtDuration, serviceColor, plural } from '../util.js';

const ROW_H = 20;

/** opts: {onSelect(i)}. Returns {setMatches(set), select(i), destroy()}. */
export function createFlameGraph(container, model, opts) {
  const { spans } = model;
  let focus = -1; // zoomed-into span, -1: the whole trace
  let matches = null;
  let selected = -1;
  const crumbs = h('div', { class: 'fg-crumbs' });
  const canvas = h('div', { class: 'fg-canvas', role: 'tree', 'aria-label': 'Flame graph' });
  const note = h('div', { class: 'fg-note faint' });
  const open = h('button', { class: 'btn btn-sm fg-open', type: 'button', hidden: true, onclick: () => opts.onSelect?.(selected) },
    'Open in timeline');
  const root = h('div', { class: 'flamegraph' }, h('div', { class: 'fg-bar' }, crumbs, note, open), canvas);
  container.append(root);

  function range() {
    if (focus < 0) return [model.start, model.end];
    const sp = spans[focus];
    return [sp.startTime, sp.startTime + sp.duration];
  }

  function draw() {
    const [t0, t1] = range();
    const span = Math.max(1, t1 - t0);
    const width = canvas.clientWidth || 1000;
    const frag = document.createDocumentFragment();
    let maxDepth = 0;
    let hidden = 0;
    const base = focus < 0 ? 0 : spans[focus].depth;
    for (const sp of spans) {
      const a = Math.max(sp.startTime, t0);
      const b = Math.min(sp.startTime + sp.duration, t1);
      if (b < a || (focus >= 0 && !inside(sp.i, focus))) continue;
      const px = ((b - a) / span) * width;
      if (px < 1 && sp.duration > 0) {
        hidden++;
        continue;
      }
      const depth = sp.depth - base;
      maxDepth = Math.max(maxDepth, depth);
      const el = h('div', {
        class: `fg-frame${sp.hasError ? ' err' : ''}${matches?.has(sp.i) ? ' match' : ''}${sp.i === selected ? ' sel' : ''}`,
        role: 'treeitem', tabindex: -1,
        dataset: { i: sp.i, span: sp.spanID },
        title: `${sp.service}: ${sp.operationName}\n${fmtDuration(sp.duration)} (self ${fmtDuration(sp.self)})`,
        style: {
          left: `${((a - t0) / span) * 100}%`,
          width: `max(1px, ${((b - a) / span) * 100}%)`,
          top: `${depth * ROW_H}px`,
          background: serviceColor(sp.service),
        },
      }, px > 40 ? `${sp.operationName} · ${fmtDuration(sp.duration)}` : '');
      frag.append(el);
    }
    canvas.style.height = `${(maxDepth + 1) * ROW_H + 4}px`;
    setChildren(canvas, frag);
    note.textContent = hidden ? `${plural(hidden, 'span')} narrower than a pixel not drawn` : '';
    drawCrumbs();
  }

  /** Whether span i is the focus or below it. */
  function inside(i, top) {
    for (let p = i, steps = 0; p >= 0 && steps <= spans.length; p = spans[p].parent, steps++) {
      if (p === top) return true;
    }
    return false;
  }

  function drawCrumbs() {
    const path = [];
    for (let p = focus, steps = 0; p >= 0 && steps <= spans.length; p = spans[p].parent, steps++) path.unshift(p);
    setChildren(crumbs,
      h('button', { class: 'linklike', type: 'button', onclick: () => zoom(-1) }, 'Whole trace'),
      path.map((i) => [h('span', { class: 'faint' }, ' › '),
        h('button', { class: 'linklike', type: 'button', onclick: () => zoom(i) }, `${spans[i].service}: ${spans[i].operationName}`)]));
  }

  function zoom(i) {
    focus = i;
    draw();
  }

  canvas.addEventListener('click', (e) => {
    const f = e.target.closest('.fg-frame');
    if (!f) return;
    const i = Number(f.dataset.i);
    selected = i;
    open.hidden = false;
    zoom(spans[i].children.length ? i : focus);
  });
  canvas.addEventListener('dblclick', (e) => {
    const f = e.target.closest('.fg-frame');
    if (f) opts.onSelect?.(Number(f.dataset.i));
  });
  root.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && focus >= 0) {
      e.preventDefault();
      zoom(spans[focus].parent);
    }
  });
  const ro = new ResizeObserver(() => draw());
  ro.observe(canvas);
  draw();
  return {
    setMatches(set) {
      matches = set;
      draw();
    },
    select(i) {
      selected = i;
      draw();
    },
    destroy() {
      ro.disconnect();
      root.remove();
    },
  };
}

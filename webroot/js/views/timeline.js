// Gantt timeline of a trace: virtualised rows (span tree with collapsible subtrees), time ruler with
// drag-to-zoom, grid lines, bars coloured per service, errors, critical path and search matches.
import { h, fmtDuration, niceTicks, serviceColor, clamp } from '../util.js';
import { VirtualList } from './virtual-list.js';

const ROW_H = 24;
const INDENT = 14;
const NAME_W_KEY = 'weft.nameWidth';

/**
 * opts: {onSelect(spanIndex), onRangeChange(vs, ve), onDrawn()}
 * Returns an API object; see the bottom of this function.
 */
export function createTimeline(container, model, opts) {
  const { spans, order, subtreeEnd } = model;
  const n = spans.length;
  const total = Math.max(1, model.duration);
  let vs = 0;
  let ve = total;
  let collapsed = new Set();
  let visible = new Int32Array(0); // span index per visible row
  let rowOf = new Int32Array(n).fill(-1); // visible row per span index
  let selected = -1;
  let focusRow = 0;
  let matches = null; // Set of span indices
  let currentMatch = -1;
  let showCritical = true;
  let nameW = clamp(Number(localStorage.getItem(NAME_W_KEY)) || 380, 160, 900);

  // ---- DOM
  const rulerTicks = h('div', { class: 'tl-ticks' });
  const rulerSel = h('div', { class: 'tl-drag-sel', hidden: true });
  const ruler = h('div', { class: 'tl-ruler', title: 'Drag to zoom into a time range' }, rulerTicks, rulerSel);
  const splitter = h('div', { class: 'tl-splitter', role: 'separator', 'aria-orientation': 'vertical', 'aria-label': 'Resize name column', tabindex: 0 });
  const header = h('div', { class: 'tl-header' },
    h('div', { class: 'tl-head-name' }, h('span', null, 'Service & operation'), h('span', { class: 'faint tl-count' })),
    ruler, splitter);
  const grid = h('div', { class: 'tl-grid', 'aria-hidden': 'true' });
  const scroller = h('div', { class: 'tl-scroll', role: 'tree', 'aria-label': 'Span timeline', 'aria-multiselectable': 'false' });
  const root = h('div', { class: 'timeline' }, header, h('div', { class: 'tl-body' }, grid, scroller));
  container.append(root);
  const setNameWidth = (w) => {
    nameW = clamp(w, 160, Math.max(200, root.clientWidth * 0.75));
    root.style.setProperty('--name-w', `${nameW}px`);
  };
  setNameWidth(nameW);

  const createRow = () => {
    const el = h('div', { class: 'tl-row', role: 'treeitem', tabindex: -1 });
    el.innerHTML = '<div class="tl-name"><button class="tl-tog" tabindex="-1" aria-hidden="true"></button><span class="tl-sw"></span><span class="tl-svc"></span><span class="tl-op"></span><span class="tl-flag"></span><span class="tl-link"></span></div><div class="tl-bars"><div class="tl-bar"></div><span class="tl-lbl"></span></div>';
    const nm = el.firstChild;
    el._r = { name: nm, tog: nm.children[0], sw: nm.children[1], svc: nm.children[2], op: nm.children[3], flag: nm.children[4], link: nm.children[5], bar: el.lastChild.firstChild, lbl: el.lastChild.lastChild };
    el._span = -1;
    return el;
  };

  const renderRow = (el, rowIdx) => {
    const i = visible[rowIdx];
    const sp = spans[i];
    const r = el._r;
    if (el._span !== i) {
      el._span = i;
      r.name.style.paddingLeft = `min(${sp.depth * INDENT + 4}px, calc(var(--name-w) - 150px))`;
      const color = serviceColor(sp.service);
      r.sw.style.background = color;
      r.svc.textContent = sp.service;
      r.op.textContent = sp.operationName;
      r.bar.style.background = color;
      r.lbl.textContent = fmtDuration(sp.duration);
      el.title = `${sp.service}: ${sp.operationName} (${fmtDuration(sp.duration)})`;
      r.flag.textContent = sp.hasError ? '!' : sp.warnings.length ? '⚠' : '';
      r.flag.className = sp.hasError ? 'tl-flag tl-flag-err' : sp.warnings.length ? 'tl-flag tl-flag-warn' : 'tl-flag';
      r.link.textContent = sp.links.length ? '⇢' : '';
      r.link.title = sp.links.length ? `${sp.links.length} link${sp.links.length > 1 ? 's' : ''} to other spans` : '';
      el.setAttribute('aria-level', sp.depth + 1);
    }
    const hasKids = sp.children.length > 0;
    const isCollapsed = hasKids && collapsed.has(i);
    r.tog.textContent = hasKids ? (isCollapsed ? '▸' : '▾') : '';
    r.tog.style.visibility = hasKids ? '' : 'hidden';
    if (hasKids) el.setAttribute('aria-expanded', String(!isCollapsed));
    else el.removeAttribute('aria-expanded');
    if (isCollapsed) r.op.dataset.hidden = `+${countDescendants(sp.row)}`;
    else delete r.op.dataset.hidden;

    // bar position inside the zoomed range
    const span = ve - vs;
    const left = ((sp.rel - vs) / span) * 100;
    const width = Math.max((sp.duration / span) * 100, 0.08);
    r.bar.style.left = `${left}%`;
    r.bar.style.width = `${width}%`;
    const right = left + width;
    let inside = false;
    if (right < 82) {
      r.lbl.style.left = `calc(${Math.max(right, 0)}% + 5px)`;
      r.lbl.style.right = '';
    } else if (left > 18) {
      r.lbl.style.left = '';
      r.lbl.style.right = `calc(${100 - left}% + 5px)`;
    } else {
      // wide bar: label inside its visible right end
      inside = true;
      r.lbl.style.left = '';
      r.lbl.style.right = `calc(${Math.max(0, 100 - right)}% + 5px)`;
    }
    r.lbl.style.visibility = right < 0 || left > 100 ? 'hidden' : '';
    if (inside !== el._inside) {
      el._inside = inside;
      r.lbl.className = inside ? 'tl-lbl inside' : 'tl-lbl';
    }
    // critical path segments
    const segs = showCritical ? model.critical.segments.get(i) : null;
    if (segs) {
      let html = '';
      for (const [a, b] of segs) {
        const l = sp.duration ? ((a - sp.rel) / sp.duration) * 100 : 0;
        const w = sp.duration ? ((b - a) / sp.duration) * 100 : 100;
        html += `<i class="tl-cp" style="left:${l}%;width:${w}%"></i>`;
      }
      r.bar.innerHTML = html;
    } else if (r.bar.firstChild) {
      r.bar.textContent = '';
    }
    const isMatch = matches ? matches.has(i) : false;
    el.className = `tl-row${i === selected ? ' selected' : ''}${sp.hasError ? ' error' : ''}${isMatch ? ' match' : ''}${matches && !isMatch ? ' dim' : ''}${i === currentMatch ? ' current-match' : ''}`;
    el.tabIndex = rowIdx === focusRow ? 0 : -1;
    el.setAttribute('aria-selected', String(i === selected));
  };

  const list = new VirtualList(scroller, { rowHeight: ROW_H, createRow, renderRow, overscan: 10 });

  function countDescendants(row) {
    return subtreeEnd[row] - row - 1;
  }

  function recomputeVisible() {
    const out = new Int32Array(n);
    rowOf.fill(-1);
    let k = 0;
    for (let r = 0; r < n;) {
      const i = order[r];
      rowOf[i] = k;
      out[k++] = i;
      r = collapsed.has(i) ? subtreeEnd[r] : r + 1;
    }
    visible = out.subarray(0, k);
    focusRow = clamp(focusRow, 0, Math.max(0, k - 1));
    header.querySelector('.tl-count').textContent = k === n ? `${n.toLocaleString()} spans` : `${k.toLocaleString()} of ${n.toLocaleString()} spans shown`;
    list.setCount(k);
  }

  // ---- ruler and grid
  function drawTicks() {
    const width = ruler.clientWidth || 600;
    const ticks = niceTicks(vs, ve, Math.max(2, Math.floor(width / 110)));
    const span = ve - vs;
    let rh = '';
    let gh = '';
    for (const t of ticks) {
      const pct = ((t - vs) / span) * 100;
      if (pct < 0 || pct > 100.01) continue;
      const anchor = pct > 94 ? ' end' : '';
      rh += `<span class="tl-tick${anchor}" style="left:${pct}%">${t === 0 ? '0' : fmtDuration(t)}</span>`;
      gh += `<i style="left:${pct}%"></i>`;
    }
    rulerTicks.innerHTML = rh;
    grid.innerHTML = gh;
    grid.style.right = `${scroller.offsetWidth - scroller.clientWidth}px`;
    header.style.paddingRight = `${scroller.offsetWidth - scroller.clientWidth}px`;
  }

  // ---- drag to zoom on the ruler
  ruler.addEventListener('pointerdown', (e) => {
    if (e.button !== 0) return;
    const rect = ruler.getBoundingClientRect();
    const x0 = clamp(e.clientX - rect.left, 0, rect.width);
    ruler.setPointerCapture(e.pointerId);
    rulerSel.hidden = false;
    const show = (x1) => {
      rulerSel.style.left = `${Math.min(x0, x1)}px`;
      rulerSel.style.width = `${Math.abs(x1 - x0)}px`;
    };
    show(x0);
    const move = (ev) => show(clamp(ev.clientX - rect.left, 0, rect.width));
    const up = (ev) => {
      ruler.removeEventListener('pointermove', move);
      ruler.removeEventListener('pointerup', up);
      rulerSel.hidden = true;
      const x1 = clamp(ev.clientX - rect.left, 0, rect.width);
      if (Math.abs(x1 - x0) < 4) return;
      const toT = (x) => vs + (x / rect.width) * (ve - vs);
      api.setRange(toT(Math.min(x0, x1)), toT(Math.max(x0, x1)));
    };
    ruler.addEventListener('pointermove', move);
    ruler.addEventListener('pointerup', up);
  });

  // ---- splitter
  splitter.addEventListener('pointerdown', (e) => {
    const startX = e.clientX;
    const startW = nameW;
    splitter.setPointerCapture(e.pointerId);
    const move = (ev) => {
      setNameWidth(startW + ev.clientX - startX);
      drawTicks();
    };
    const up = () => {
      splitter.removeEventListener('pointermove', move);
      splitter.removeEventListener('pointerup', up);
      localStorage.setItem(NAME_W_KEY, String(Math.round(nameW)));
    };
    splitter.addEventListener('pointermove', move);
    splitter.addEventListener('pointerup', up);
  });
  splitter.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      setNameWidth(nameW + (e.key === 'ArrowLeft' ? -20 : 20));
      drawTicks();
      localStorage.setItem(NAME_W_KEY, String(Math.round(nameW)));
    }
  });

  // ---- mouse
  scroller.addEventListener('click', (e) => {
    const el = e.target.closest('.tl-row');
    if (!el) return;
    const rowIdx = Number(el.dataset.index);
    const i = visible[rowIdx];
    focusRow = rowIdx;
    if (e.target.closest('.tl-tog')) {
      toggle(i);
      return;
    }
    opts.onSelect?.(i === selected ? -1 : i);
  });

  // ---- keyboard
  scroller.addEventListener('keydown', (e) => {
    if (!visible.length) return;
    const i = visible[focusRow];
    const sp = spans[i];
    const page = Math.max(1, Math.floor(scroller.clientHeight / ROW_H) - 1);
    let target = null;
    switch (e.key) {
      case 'ArrowDown': target = focusRow + 1; break;
      case 'ArrowUp': target = focusRow - 1; break;
      case 'PageDown': target = focusRow + page; break;
      case 'PageUp': target = focusRow - page; break;
      case 'Home': target = 0; break;
      case 'End': target = visible.length - 1; break;
      case 'ArrowRight':
        if (sp.children.length && collapsed.has(i)) toggle(i);
        else if (sp.children.length) target = focusRow + 1;
        break;
      case 'ArrowLeft':
        if (sp.children.length && !collapsed.has(i)) toggle(i);
        else if (sp.parent >= 0 && rowOf[sp.parent] >= 0) target = rowOf[sp.parent];
        break;
      case 'Enter':
      case ' ':
        opts.onSelect?.(i === selected && e.key === ' ' ? -1 : i);
        break;
      case 'Escape':
        if (selected >= 0) opts.onSelect?.(-1);
        else return;
        break;
      default:
        return;
    }
    e.preventDefault();
    if (target != null) focusOn(clamp(target, 0, visible.length - 1));
  });

  function focusOn(rowIdx) {
    focusRow = rowIdx;
    list.scrollToIndex(rowIdx);
    list.refresh();
    list.elementAt(rowIdx)?.focus({ preventScroll: true });
  }

  function toggle(i) {
    if (collapsed.has(i)) collapsed.delete(i);
    else collapsed.add(i);
    const keep = visible[focusRow];
    recomputeVisible();
    if (rowOf[keep] >= 0) focusRow = rowOf[keep];
    list.refresh();
    list.elementAt(focusRow)?.focus({ preventScroll: true });
  }

  /** Expands every collapsed ancestor of span i. */
  function reveal(i) {
    let changed = false;
    for (let p = spans[i].parent; p >= 0; p = spans[p].parent) {
      if (collapsed.delete(p)) changed = true;
    }
    if (changed) recomputeVisible();
  }

  const ro = new ResizeObserver(() => drawTicks());
  ro.observe(ruler);
  recomputeVisible();
  drawTicks();

  const api = {
    root,
    get range() {
      return [vs, ve];
    },
    setRange(a, b, silent = false) {
      a = clamp(a, 0, total);
      b = clamp(b, 0, total);
      if (b - a < total * 1e-6 || b - a < 0.001) {
        a = 0;
        b = total;
      }
      vs = a;
      ve = b;
      drawTicks();
      list.refresh();
      if (!silent) opts.onRangeChange?.(vs, ve);
    },
    resetRange() {
      api.setRange(0, total);
    },
    get zoomed() {
      return vs > 0 || ve < total;
    },
    select(i, { scroll = false } = {}) {
      selected = i;
      if (i >= 0) {
        reveal(i);
        focusRow = rowOf[i];
        if (scroll) list.scrollToIndex(focusRow, 'center');
      }
      list.refresh();
    },
    setMatches(set) {
      matches = set || null;
      currentMatch = -1;
      list.refresh();
    },
    /** Moves to the next (dir 1) or previous (-1) match in display order; returns its position. */
    gotoMatch(dir) {
      if (!matches || !matches.size) return -1;
      const rows = [...matches].map((i) => spans[i].row).sort((a, b) => a - b);
      const curRow = currentMatch >= 0 ? spans[currentMatch].row : dir > 0 ? -1 : n;
      let k = dir > 0 ? rows.findIndex((r) => r > curRow) : rows.length - 1 - [...rows].reverse().findIndex((r) => r < curRow);
      if (k < 0 || k >= rows.length) k = dir > 0 ? 0 : rows.length - 1;
      currentMatch = order[rows[k]];
      reveal(currentMatch);
      focusRow = rowOf[currentMatch];
      list.scrollToIndex(focusRow, 'center');
      list.refresh();
      return k;
    },
    setCritical(on) {
      showCritical = on;
      list.refresh();
    },
    expandAll() {
      collapsed = new Set();
      recomputeVisible();
    },
    collapseAll() {
      collapsed = new Set(spans.filter((s) => s.children.length).map((s) => s.i));
      recomputeVisible();
    },
    /** Shows the first `levels` levels of the tree. */
    expandToDepth(levels) {
      collapsed = new Set(spans.filter((s) => s.children.length && s.depth >= levels - 1).map((s) => s.i));
      recomputeVisible();
    },
    focus() {
      focusOn(focusRow);
    },
    get visibleCount() {
      return visible.length;
    },
    destroy() {
      ro.disconnect();
      list.destroy();
      root.remove();
    },
  };
  return api;
}

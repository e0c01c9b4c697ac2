// Compare two traces: a merged tree where spans are matched by their service+operation path.
// Nodes only in A, only in B, or in both (with count and duration differences) are coloured.
import { h, setChildren, fmtDuration, fmtDateTime, serviceColor, primeColors, plural, clamp } from '../util.js';
import { getTrace, normalizeId } from '../store.js';
import { buildTrace } from '../trace-model.js';
import { compareUrl, traceUrl } from '../router.js';
import { loadingState, errorState, infoState, isAbort } from '../states.js';
import { VirtualList } from './virtual-list.js';

const ROW_H = 26;

/** Merges two trace models into a flat DFS list of diff nodes. */
export function buildDiff(ma, mb) {
  const top = { children: new Map(), depth: -1 };
  const mk = (sp, depth) => ({
    service: sp.service, operation: sp.operationName, depth, children: new Map(), first: Infinity,
    a: { count: 0, total: 0, errors: 0, ids: [] }, b: { count: 0, total: 0, errors: 0, ids: [] },
  });
  const add = (model, side) => {
    const stack = model.roots.map((i) => [i, top]).reverse();
    while (stack.length) {
      const [i, parent] = stack.pop();
      const sp = model.spans[i];
      const key = `${sp.service}\u0000${sp.operationName}`;
      let node = parent.children.get(key);
      if (!node) parent.children.set(key, (node = mk(sp, parent.depth + 1)));
      const s = node[side];
      s.count++;
      s.total += sp.duration;
      if (sp.hasError) s.errors++;
      if (s.ids.length < 1) s.ids.push(sp.spanID);
      node.first = Math.min(node.first, sp.rel);
      for (let k = sp.children.length - 1; k >= 0; k--) stack.push([sp.children[k], node]);
    }
  };
  add(ma, 'a');
  add(mb, 'b');
  const rows = [];
  const stack = [top];
  while (stack.length) {
    const item = stack.pop();
    if (item.exitOf) {
      item.exitOf.end = rows.length;
      continue;
    }
    if (item !== top) {
      item.status = item.a.count && item.b.count ? 'both' : item.a.count ? 'a' : 'b';
      item.delta = item.b.total - item.a.total;
      item.row = rows.length;
      rows.push(item);
      stack.push({ exitOf: item });
    }
    const kids = [...item.children.values()].sort((x, y) => x.first - y.first);
    for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]);
  }
  for (let r = rows.length - 1; r >= 0; r--) {
    const c = rows[r];
    const own = c.status !== 'both' || c.a.count !== c.b.count || significant(c) || c.a.errors !== c.b.errors;
    c.changed = own;
    c.subtreeChanged = own || [...c.children.values()].some((k) => k.subtreeChanged);
  }
  return rows;
}

function significant(c) {
  if (c.status !== 'both') return false;
  return Math.abs(c.delta) > Math.max(1000, 0.1 * c.a.total);
}

export function mount(el, route, ctx) {
  document.title = 'Compare · Weft';
  const a0 = normalizeId(route.params[0]);
  const b0 = normalizeId(route.params[1]);
  let vlist = null;
  const inA = h('input', { type: 'text', class: 'mono', placeholder: 'Trace A ID', value: a0, 'aria-label': 'Trace A ID', 'data-search-focus': true, spellcheck: 'false' });
  const inB = h('input', { type: 'text', class: 'mono', placeholder: 'Trace B ID', value: b0, 'aria-label': 'Trace B ID', spellcheck: 'false' });
  const form = h('form', { class: 'compare-form', onsubmit: (e) => {
    e.preventDefault();
    ctx.navigate(compareUrl(normalizeId(inA.value), normalizeId(inB.value)));
  } },
  h('span', { class: 'cmp-tag cmp-a' }, 'A'), inA,
  h('button', { class: 'btn btn-sm btn-ghost', type: 'button', title: 'Swap A and B', 'aria-label': 'Swap A and B', onclick: () => {
    ctx.navigate(compareUrl(normalizeId(inB.value), normalizeId(inA.value)));
  } }, '⇄'),
  h('span', { class: 'cmp-tag cmp-b' }, 'B'), inB,
  h('button', { class: 'btn btn-primary btn-sm', type: 'submit' }, 'Compare'));
  const body = h('div', { class: 'compare-body' });
  const page = h('div', { class: 'compare-page' },
    h('div', { class: 'compare-head' }, h('h1', null, 'Compare traces'), form), body);
  el.append(page);

  async function load() {
    if (!a0 || !b0) {
      setChildren(body, infoState('Choose two traces',
        'Enter two trace IDs above, select two traces in the search results, or type two IDs separated by a space in the top bar.'));
      (a0 ? inB : inA).focus();
      return;
    }
    setChildren(body, loadingState('Loading both traces…'));
    const [ra, rb] = await Promise.allSettled([getTrace(a0, { signal: ctx.signal }), getTrace(b0, { signal: ctx.signal })]);
    if (ctx.signal.aborted) return;
    const failed = [[ra, 'A', a0], [rb, 'B', b0]].filter(([r]) => r.status === 'rejected');
    if (failed.length) {
      if (failed.some(([r]) => isAbort(r.reason))) return;
      setChildren(body, ...failed.map(([r, side, id]) => errorState(r.reason, load,
        r.reason.status === 404 ? `Trace ${side} (${id.slice(0, 16)}) not found` : `Could not load trace ${side}`)));
      return;
    }
    const ma = buildTrace(ra.value);
    const mb = buildTrace(rb.value);
    primeColors([...ma.services, ...mb.services].map((s) => s.name));
    render(ma, mb, buildDiff(ma, mb));
  }

  function summary(side, m) {
    return h('div', { class: `cmp-card cmp-card-${side.toLowerCase()}` },
      h('span', { class: `cmp-tag cmp-${side.toLowerCase()}` }, side),
      h('div', { class: 'cmp-card-main' },
        h('a', { class: 'cmp-title', href: traceUrl(m.traceID) }, h('b', null, m.rootService), `: ${m.rootOperation}`),
        h('div', { class: 'subtle' }, h('code', null, m.traceID.slice(0, 16)), ` · ${fmtDateTime(m.start)}`)),
      h('div', { class: 'cmp-card-stats' },
        h('div', null, h('b', null, fmtDuration(m.duration)), h('span', { class: 'subtle' }, ' duration')),
        h('div', null, h('b', null, m.spans.length.toLocaleString()), h('span', { class: 'subtle' }, ' spans')),
        m.errorCount ? h('div', { class: 'badge badge-error' }, plural(m.errorCount, 'error')) : null));
  }

  function render(ma, mb, rows) {
    const dd = mb.duration - ma.duration;
    const counts = { a: 0, b: 0, both: 0, changed: 0 };
    for (const r of rows) {
      counts[r.status]++;
      if (r.status === 'both' && r.changed) counts.changed++;
    }
    let onlyDiff = false;
    let collapsed = new Set();
    let visible = [];
    const diffToggle = h('input', { type: 'checkbox', onchange: () => { onlyDiff = diffToggle.checked; recompute(); } });
    const scroller = h('div', { class: 'cmp-scroll', role: 'tree', 'aria-label': 'Merged span tree', tabindex: 0 });
    const countEl = h('span', { class: 'faint' });
    setChildren(body,
      h('div', { class: 'cmp-cards' }, summary('A', ma),
        h('div', { class: `cmp-delta ${dd > 0 ? 'slower' : dd < 0 ? 'faster' : ''}` }, h('div', { class: 'subtle' }, 'B − A'),
          h('b', null, `${dd > 0 ? '+' : ''}${fmtDuration(dd)}`),
          h('div', { class: 'subtle' }, `${mb.spans.length - ma.spans.length >= 0 ? '+' : ''}${mb.spans.length - ma.spans.length} spans`)),
        summary('B', mb)),
      h('div', { class: 'cmp-toolbar' },
        h('div', { class: 'cmp-legend' },
          h('span', { class: 'lg lg-a' }, `Only in A (${counts.a})`),
          h('span', { class: 'lg lg-b' }, `Only in B (${counts.b})`),
          h('span', { class: 'lg lg-both' }, `In both (${counts.both})`),
          h('span', { class: 'lg lg-slower' }, 'slower in B'),
          h('span', { class: 'lg lg-faster' }, 'faster in B')),
        h('span', { class: 'spacer' }),
        h('label', { class: 'check' }, diffToggle, 'Only differences'),
        h('div', { class: 'btn-group' },
          h('button', { class: 'btn btn-sm', type: 'button', onclick: () => { collapsed = new Set(); recompute(); } }, 'Expand all'),
          h('button', { class: 'btn btn-sm', type: 'button', onclick: () => { collapsed = new Set(rows.filter((r) => r.depth >= 1 && r.children.size).map((r) => r.row)); recompute(); } }, 'Collapse'))),
      h('div', { class: 'cmp-table' },
        h('div', { class: 'cmp-row cmp-header' },
          h('div', { class: 'c-name' }, 'Service & operation ', countEl),
          h('div', { class: 'c-num' }, 'A spans'), h('div', { class: 'c-num' }, 'B spans'),
          h('div', { class: 'c-num' }, 'A time'), h('div', { class: 'c-num' }, 'B time'), h('div', { class: 'c-num c-delta' }, 'Δ B − A')),
        h('div', { class: 'cmp-body' }, scroller)));

    const createRow = () => {
      const r = h('div', { class: 'cmp-row', role: 'treeitem' });
      r.innerHTML = '<div class="c-name"><button class="tl-tog" tabindex="-1" aria-hidden="true"></button><span class="tl-sw"></span><span class="tl-svc"></span><span class="tl-op"></span><span class="c-badge"></span></div><div class="c-num"></div><div class="c-num"></div><div class="c-num"></div><div class="c-num"></div><div class="c-num c-delta"></div>';
      return r;
    };
    const renderRow = (elRow, k) => {
      const node = visible[k];
      const c = elRow.children;
      const name = c[0];
      name.style.paddingLeft = `${Math.min(node.depth * 14, 320) + 4}px`;
      const tog = name.children[0];
      tog.textContent = node.children.size ? (collapsed.has(node.row) ? '▸' : '▾') : '';
      tog.style.visibility = node.children.size ? '' : 'hidden';
      name.children[1].style.background = serviceColor(node.service);
      name.children[2].textContent = node.service;
      name.children[3].textContent = node.operation;
      const badge = name.children[4];
      badge.textContent = node.status === 'a' ? 'A only' : node.status === 'b' ? 'B only' : node.a.count !== node.b.count ? `${node.a.count} → ${node.b.count}` : '';
      badge.className = `c-badge${badge.textContent ? ` c-badge-${node.status === 'both' ? 'count' : node.status}` : ''}`;
      c[1].textContent = node.a.count || '–';
      c[2].textContent = node.b.count || '–';
      c[3].textContent = node.a.count ? fmtDuration(node.a.total) : '–';
      c[4].textContent = node.b.count ? fmtDuration(node.b.total) : '–';
      c[1].classList.toggle('err', node.a.errors > 0);
      c[2].classList.toggle('err', node.b.errors > 0);
      const sig = significant(node);
      if (node.status === 'both' && node.delta === 0) {
        c[5].textContent = '=';
      } else if (node.status === 'both') {
        const pct = node.a.total ? ` (${node.delta > 0 ? '+' : ''}${Math.round((100 * node.delta) / node.a.total)}%)` : '';
        c[5].textContent = `${node.delta > 0 ? '+' : ''}${fmtDuration(node.delta)}${pct}`;
      } else {
        c[5].textContent = node.status === 'a' ? `−${fmtDuration(node.a.total)}` : `+${fmtDuration(node.b.total)}`;
      }
      c[5].className = `c-num c-delta${sig ? (node.delta > 0 ? ' slower' : ' faster') : node.delta === 0 ? ' same' : ''}`;
      elRow.className = `cmp-row st-${node.status}${node.changed ? ' changed' : ''}`;
      elRow.setAttribute('aria-level', node.depth + 1);
      elRow.dataset.row = node.row;
      elRow.title = node.a.ids[0] || node.b.ids[0] ? 'Double-click to open this span' : '';
    };
    vlist?.destroy();
    vlist = new VirtualList(scroller, { rowHeight: ROW_H, createRow, renderRow });

    function recompute() {
      visible = [];
      for (let r = 0; r < rows.length;) {
        const node = rows[r];
        if (onlyDiff && !node.subtreeChanged) {
          r = node.end;
          continue;
        }
        visible.push(node);
        r = collapsed.has(r) ? node.end : r + 1;
      }
      countEl.textContent = `${visible.length.toLocaleString()} of ${plural(rows.length, 'node')}`;
      vlist.setCount(visible.length);
      if (!visible.length) scroller.setAttribute('data-empty', 'No differences');
      else scroller.removeAttribute('data-empty');
    }

    scroller.addEventListener('click', (e) => {
      const rowEl = e.target.closest('.cmp-row');
      if (!rowEl) return;
      const r = Number(rowEl.dataset.row);
      if (e.target.closest('.tl-tog')) {
        if (collapsed.has(r)) collapsed.delete(r);
        else collapsed.add(r);
        recompute();
      }
    });
    scroller.addEventListener('dblclick', (e) => {
      const rowEl = e.target.closest('.cmp-row');
      if (!rowEl) return;
      const node = rows[Number(rowEl.dataset.row)];
      if (node.b.ids[0]) ctx.navigate(traceUrl(mb.traceID, node.b.ids[0]));
      else if (node.a.ids[0]) ctx.navigate(traceUrl(ma.traceID, node.a.ids[0]));
    });
    scroller.addEventListener('keydown', (e) => {
      const step = { ArrowDown: ROW_H, ArrowUp: -ROW_H, PageDown: scroller.clientHeight, PageUp: -scroller.clientHeight }[e.key];
      if (step) {
        e.preventDefault();
        scroller.scrollTop = clamp(scroller.scrollTop + step, 0, scroller.scrollHeight);
      }
    });
    recompute();
  }

  load();
  return {
    update(r) {
      return normalizeId(r.params[0]) === a0 && normalizeId(r.params[1]) === b0;
    },
    unmount() {
      vlist?.destroy();
    },
  };
}

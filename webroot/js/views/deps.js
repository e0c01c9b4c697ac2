// Service dependency graph: services as nodes, calls as edges with counts, laid out as a DAG
// by dagre (vendored), drawn as SVG with pan and zoom. Click a service to search its traces.
// With span metrics, an edge also shows its request rate (its width), error rate (red) and p95.
import { h, setChildren, toLocalInput, lookbackMs, serviceColor, primeColors, plural, clamp, fmtDuration } from '../util.js';
import { api } from '../api.js';
import { searchUrl, replaceUrl } from '../router.js';
import { loadingState, errorState, emptyState, isAbort } from '../states.js';
import { loadDagre } from '../dagre-loader.js';
import * as spanMetrics from '../metrics-api.js';

/** Smallest on-screen size, in pixels, of service names, whatever the zoom. */
const MIN_LABEL_PX = 11;

const LOOKBACKS = [['1h', 'Last hour'], ['6h', 'Last 6 hours'], ['12h', 'Last 12 hours'], ['24h', 'Last 24 hours'], ['2d', 'Last 2 days'], ['7d', 'Last 7 days']];

let measureCtx = null;
function textWidth(text, font) {
  measureCtx ||= document.createElement('canvas').getContext('2d');
  measureCtx.font = font;
  return measureCtx.measureText(text).width;
}

function pathD(pts) {
  let d = `M${pts[0].x},${pts[0].y}`;
  if (pts.length === 2) return `${d}L${pts[1].x},${pts[1].y}`;
  for (let i = 1; i < pts.length - 1; i++) {
    const last = i === pts.length - 2;
    const ex = last ? pts[i + 1].x : (pts[i].x + pts[i + 1].x) / 2;
    const ey = last ? pts[i + 1].y : (pts[i].y + pts[i + 1].y) / 2;
    d += `Q${pts[i].x},${pts[i].y} ${ex},${ey}`;
  }
  return d;
}

/** Links restricted to services upstream or downstream of `focus`. */
function focusLinks(links, focus) {
  if (!focus) return links;
  const down = new Set([focus]);
  const up = new Set([focus]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const l of links) {
      if (down.has(l.parent) && !down.has(l.child)) { down.add(l.child); grew = true; }
      if (up.has(l.child) && !up.has(l.parent)) { up.add(l.parent); grew = true; }
    }
  }
  return links.filter((l) => (down.has(l.parent) && down.has(l.child)) || (up.has(l.parent) && up.has(l.child)));
}

const fmtRate = (v) => (v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toPrecision(2));
const fmtPct = (v) => (v == null ? '–' : `${(v * 100).toFixed(1)}%`);

/** Request rate, error rate and p95 of an edge from span metrics (blank without them). */
function edgeCells(m) {
  if (!m) return [h('td', { class: 'num faint' }, '–'), h('td', { class: 'num faint' }, '–'), h('td', { class: 'num faint' }, '–')];
  return [h('td', { class: 'num' }, fmtRate(m.callRate)), h('td', { class: `num${m.errorRatio > 0 ? ' mon-err' : ''}` }, fmtPct(m.errorRatio)),
    h('td', { class: 'num' }, m.p95 == null ? '–' : fmtDuration(m.p95 * 1000))];
}

export function mount(el, route, ctx) {
  document.title = 'Dependencies · Weft';
  const q = route.query;
  const state = {
    lookback: LOOKBACKS.some(([v]) => v === q.get('lookback')) ? q.get('lookback') : '24h',
    end: Number(q.get('end')) || 0, // ms; 0 = now
    dir: q.get('dir') === 'TB' ? 'TB' : 'LR',
    focus: q.get('focus') || '',
  };
  let links = [];
  let edgeStats = new Map(); // "parent\0child" -> {callRate, errorRatio, p95} from span metrics
  let cleanup = () => {};

  const lookSel = h('select', { 'aria-label': 'Time range', onchange: () => { state.lookback = lookSel.value; sync(); load(); } },
    LOOKBACKS.map(([v, l]) => h('option', { value: v, selected: v === state.lookback }, l)));
  const endIn = h('input', { type: 'datetime-local', 'aria-label': 'End time', value: state.end ? toLocalInput(state.end * 1000) : '', onchange: () => {
    state.end = endIn.value ? new Date(endIn.value).getTime() : 0;
    sync();
    load();
  } });
  const dirBtns = ['LR', 'TB'].map((d) => h('button', { class: `btn btn-sm${state.dir === d ? ' on' : ''}`, type: 'button', onclick: () => {
    state.dir = d;
    dirBtns.forEach((b, k) => b.classList.toggle('on', ['LR', 'TB'][k] === d));
    sync();
    draw();
  } }, d === 'LR' ? 'Left → right' : 'Top → bottom'));
  const focusSel = h('select', { 'aria-label': 'Focus on a service', 'data-search-focus': true, onchange: () => { state.focus = focusSel.value; sync(); draw(); } });
  const controls = h('div', { class: 'deps-controls' },
    h('label', { class: 'inline-field' }, h('span', null, 'Range'), lookSel),
    h('label', { class: 'inline-field' }, h('span', null, 'Ending'), endIn,
      h('button', { class: 'btn btn-sm btn-ghost', type: 'button', title: 'End now', onclick: () => { endIn.value = ''; state.end = 0; sync(); load(); } }, 'Now')),
    h('label', { class: 'inline-field' }, h('span', null, 'Focus'), focusSel),
    h('div', { class: 'btn-group' }, dirBtns),
    h('button', { class: 'btn btn-sm', type: 'button', onclick: () => load() }, 'Refresh'));
  const graphBox = h('div', { class: 'deps-graph card' });
  const tableBox = h('div', { class: 'deps-table' });
  el.append(h('div', { class: 'page deps-page' },
    h('div', { class: 'page-head' }, h('h1', null, 'Service dependencies'), h('span', { class: 'spacer' }), controls),
    graphBox, tableBox));

  function sync() {
    const p = new URLSearchParams();
    p.set('lookback', state.lookback);
    if (state.end) p.set('end', String(state.end));
    if (state.dir !== 'LR') p.set('dir', state.dir);
    if (state.focus) p.set('focus', state.focus);
    replaceUrl(`/dependencies?${p}`);
  }

  async function load() {
    cleanup();
    setChildren(graphBox, loadingState('Loading dependencies…'));
    setChildren(tableBox);
    const endTs = state.end || Date.now();
    try {
      const [data, edges] = await Promise.all([api.dependencies(endTs, lookbackMs(state.lookback), { signal: ctx.signal }),
        spanMetrics.edges({ endTs, lookback: lookbackMs(state.lookback) }, { signal: ctx.signal }).catch(() => []), loadDagre()]);
      links = data.filter((l) => l && l.parent && l.child);
      edgeStats = new Map();
      for (const e of edges) {
        const k = `${e.client}\0${e.server}`;
        const o = edgeStats.get(k);
        // Direct calls and messaging between the same two services add up; latency of the busier kind.
        if (!o || e.callRate > o.callRate) edgeStats.set(k, { ...e, callRate: e.callRate + (o?.callRate || 0) });
        else o.callRate += e.callRate;
      }
    } catch (err) {
      if (isAbort(err)) return;
      setChildren(graphBox, errorState(err, load));
      return;
    }
    const names = [...new Set(links.flatMap((l) => [l.parent, l.child]))].sort();
    primeColors(names);
    if (state.focus && !names.includes(state.focus)) names.unshift(state.focus);
    setChildren(focusSel, h('option', { value: '' }, 'All services'), names.map((n) => h('option', { value: n, selected: n === state.focus }, n)));
    draw();
  }

  function draw() {
    cleanup();
    const shown = focusLinks(links, state.focus);
    if (!shown.length) {
      setChildren(graphBox, emptyState('No dependencies in this time range',
        links.length ? `No calls involve ${state.focus}.` : 'Dependencies are derived from traces whose spans cross services. Pick a longer range, or send traces.'));
      setChildren(tableBox);
      return;
    }
    const g = new window.dagre.graphlib.Graph({ multigraph: false });
    g.setGraph({ rankdir: state.dir, nodesep: 36, ranksep: 90, edgesep: 16, marginx: 20, marginy: 20 });
    g.setDefaultEdgeLabel(() => ({}));
    const stats = new Map();
    const stat = (n) => stats.get(n) || stats.set(n, { in: 0, out: 0 }).get(n);
    for (const l of shown) {
      stat(l.parent).out += l.callCount;
      stat(l.child).in += l.callCount;
    }
    const font = '600 13px system-ui, sans-serif';
    for (const [name, s] of stats) {
      const sub = `${s.in.toLocaleString()} in · ${s.out.toLocaleString()} out`;
      const w = Math.max(textWidth(name, font), textWidth(sub, '11px system-ui, sans-serif')) + 30;
      g.setNode(name, { label: name, sub, width: Math.ceil(w), height: 44 });
    }
    const maxCalls = Math.max(...shown.map((l) => l.callCount));
    const statOf = (l) => edgeStats.get(`${l.parent}\0${l.child}`);
    const maxRate = Math.max(0, ...shown.map((l) => statOf(l)?.callRate || 0));
    for (const l of shown) {
      const m = statOf(l);
      const label = m ? `${fmtRate(m.callRate)}/s${m.errorRatio > 0 ? ` · ${fmtPct(m.errorRatio)} err` : ''}${m.p95 != null ? ` · p95 ${fmtDuration(m.p95 * 1000)}` : ''}`
        : l.callCount.toLocaleString();
      g.setEdge(l.parent, l.child, { count: l.callCount, m, label, width: textWidth(label, '11px system-ui') + 12, height: 16, labelpos: 'c' });
    }
    window.dagre.layout(g);
    const gw = g.graph().width;
    const gh = g.graph().height;

    const edgesG = h('svg:g', { class: 'dg-edges' });
    const labelsG = h('svg:g', { class: 'dg-labels' });
    const nodesG = h('svg:g', { class: 'dg-nodes' });
    const edgeEls = [];
    for (const e of g.edges()) {
      const ed = g.edge(e);
      const sw = ed.m && maxRate > 0 ? 1.2 + 4.8 * Math.sqrt(ed.m.callRate / maxRate)
        : 1.2 + 2.8 * (Math.log10(ed.count + 1) / Math.log10(maxCalls + 1 || 2));
      const err = ed.m?.errorRatio || 0;
      const path = h('svg:path', { d: pathD(ed.points), 'stroke-width': sw.toFixed(2), 'marker-end': 'url(#dg-arrow)',
        class: `dg-edge${err > 0 ? ' dg-err' : ''}`, style: err > 0 ? { stroke: `color-mix(in srgb, var(--danger) ${Math.round(35 + 65 * Math.min(1, err * 5))}%, var(--border-strong))` } : null,
        'data-parent': e.v, 'data-child': e.w, 'data-calls': ed.count, 'data-rate': ed.m ? ed.m.callRate : null, 'data-error-ratio': ed.m ? err : null },
        h('svg:title', null, `${e.v} → ${e.w}: ${plural(ed.count, 'call')}${ed.m ? `\n${fmtRate(ed.m.callRate)} requests/s, ${fmtPct(err)} errors, p50 ${fmtDuration(ed.m.p50 * 1000)}, p95 ${fmtDuration(ed.m.p95 * 1000)}, p99 ${fmtDuration(ed.m.p99 * 1000)}` : ''}`));
      const lab = h('svg:g', { class: 'dg-label', transform: `translate(${ed.x},${ed.y})` },
        h('svg:rect', { x: -ed.width / 2, y: -8, width: ed.width, height: 16, rx: 8 }),
        h('svg:text', { y: 4, 'text-anchor': 'middle' }, ed.label));
      edgesG.append(path);
      labelsG.append(lab);
      edgeEls.push({ v: e.v, w: e.w, path, lab });
    }
    for (const name of g.nodes()) {
      const nd = g.node(name);
      const color = serviceColor(name);
      const node = h('svg:g', { class: 'dg-node', transform: `translate(${nd.x - nd.width / 2},${nd.y - nd.height / 2})`, tabindex: 0, role: 'link',
        'aria-label': `${name}: ${nd.sub}. Open search for ${name}`, dataset: { service: name } },
      h('svg:rect', { width: nd.width, height: nd.height, rx: 6 }),
      h('svg:rect', { class: 'dg-stripe', width: 4, height: nd.height, rx: 2, fill: color }),
      h('svg:g', { class: 'dg-name-g', transform: 'translate(14,19)' }, h('svg:text', { class: 'dg-name' }, name)),
      h('svg:text', { class: 'dg-sub', x: 14, y: 34 }, nd.sub),
      h('svg:title', null, `${name}\n${nd.sub}\nClick to search traces of ${name}`));
      nodesG.append(node);
    }
    const viewport = h('svg:g', { class: 'dg-viewport' }, edgesG, labelsG, nodesG);
    const svg = h('svg:svg', { class: 'dg-svg', role: 'img', 'aria-label': `Dependency graph of ${plural(stats.size, 'service')}` },
      h('svg:defs', null, h('svg:marker', { id: 'dg-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, orient: 'auto-start-reverse', markerUnits: 'userSpaceOnUse' },
        h('svg:path', { d: 'M0,0L10,5L0,10z', class: 'dg-arrowhead' }))),
      viewport);
    const fitBtn = h('button', { class: 'btn btn-sm', type: 'button', onclick: () => fit() }, 'Fit');
    const zoomIn = h('button', { class: 'btn btn-sm', type: 'button', 'aria-label': 'Zoom in', onclick: () => zoomBy(1.25) }, '+');
    const zoomOut = h('button', { class: 'btn btn-sm', type: 'button', 'aria-label': 'Zoom out', onclick: () => zoomBy(0.8) }, '−');
    setChildren(graphBox, svg, h('div', { class: 'dg-tools' }, h('div', { class: 'btn-group' }, zoomOut, fitBtn, zoomIn)),
      h('div', { class: 'dg-hint faint' }, 'Scroll to zoom · drag to pan · click a service to search it'));

    // pan & zoom
    let k = 1;
    let tx = 0;
    let ty = 0;
    // Zoomed out (a fitted big graph), service names keep a readable size on screen: they are
    // scaled up against the zoom; second lines and call counts (in the table below) are hidden.
    const nameGs = [...nodesG.querySelectorAll('.dg-name-g')];
    const apply = () => {
      viewport.setAttribute('transform', `translate(${tx},${ty}) scale(${k})`);
      const grow = Math.max(1, MIN_LABEL_PX / (13 * k));
      svg.classList.toggle('dg-far', grow > 1);
      for (const g of nameGs) g.setAttribute('transform', `translate(14,19) scale(${grow})`);
    };
    const fit = () => {
      const W = svg.clientWidth || 800;
      const H = svg.clientHeight || 500;
      k = clamp(Math.min(W / gw, H / gh), 0.2, 1.4);
      tx = (W - gw * k) / 2;
      ty = (H - gh * k) / 2;
      apply();
    };
    const zoomBy = (f, cx = (svg.clientWidth || 800) / 2, cy = (svg.clientHeight || 500) / 2) => {
      const nk = clamp(k * f, 0.1, 4);
      tx = cx - ((cx - tx) * nk) / k;
      ty = cy - ((cy - ty) * nk) / k;
      k = nk;
      apply();
    };
    svg.addEventListener('wheel', (e) => {
      e.preventDefault();
      const r = svg.getBoundingClientRect();
      zoomBy(Math.exp(-e.deltaY * 0.0015), e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });
    let drag = null;
    svg.addEventListener('pointerdown', (e) => {
      if (e.target.closest('.dg-node') || e.button !== 0) return;
      drag = { x: e.clientX, y: e.clientY, tx, ty };
      svg.setPointerCapture(e.pointerId);
      svg.classList.add('panning');
    });
    svg.addEventListener('pointermove', (e) => {
      if (!drag) return;
      tx = drag.tx + e.clientX - drag.x;
      ty = drag.ty + e.clientY - drag.y;
      apply();
    });
    svg.addEventListener('pointerup', () => {
      drag = null;
      svg.classList.remove('panning');
    });

    // hover highlighting, click and keyboard
    const hot = (name) => {
      svg.classList.toggle('has-hot', !!name);
      for (const ed of edgeEls) {
        const on = name && (ed.v === name || ed.w === name);
        ed.path.classList.toggle('hot', !!on);
        ed.lab.classList.toggle('hot', !!on);
      }
      nodesG.querySelectorAll('.dg-node').forEach((n) => {
        const s = n.dataset.service;
        n.classList.toggle('hot', !!name && (s === name || edgeEls.some((ed) => (ed.v === name && ed.w === s) || (ed.w === name && ed.v === s))));
      });
    };
    nodesG.addEventListener('pointerover', (e) => hot(e.target.closest('.dg-node')?.dataset.service));
    nodesG.addEventListener('pointerout', () => hot(null));
    nodesG.addEventListener('focusin', (e) => hot(e.target.closest('.dg-node')?.dataset.service));
    nodesG.addEventListener('focusout', () => hot(null));
    const open = (name) => ctx.navigate(searchUrl({ service: name, lookback: '1h', limit: 20 }));
    nodesG.addEventListener('click', (e) => {
      const n = e.target.closest('.dg-node');
      if (n) open(n.dataset.service);
    });
    nodesG.addEventListener('keydown', (e) => {
      const n = e.target.closest('.dg-node');
      if (n && (e.key === 'Enter' || e.key === ' ')) {
        e.preventDefault();
        open(n.dataset.service);
      }
    });
    requestAnimationFrame(fit);
    const ro = new ResizeObserver(() => fit());
    ro.observe(svg);
    cleanup = () => ro.disconnect();

    // table of edges (also the accessible view)
    const sorted = [...shown].sort((a, b) => b.callCount - a.callCount);
    setChildren(tableBox, h('details', { class: 'card deps-details', open: sorted.length <= 12 },
      h('summary', null, `${plural(sorted.length, 'edge')} between ${plural(stats.size, 'service')}`),
      h('table', { class: 'table' },
        h('thead', null, h('tr', null, h('th', null, 'Caller'), h('th', null, 'Callee'), h('th', { class: 'num' }, 'Calls'),
          h('th', { class: 'num' }, 'Requests/s'), h('th', { class: 'num' }, 'Errors'), h('th', { class: 'num' }, 'p95'))),
        h('tbody', null, sorted.map((l) => h('tr', null,
          h('td', null, h('a', { href: searchUrl({ service: l.parent, lookback: '1h', limit: 20 }) }, h('span', { class: 'swatch', style: { background: serviceColor(l.parent) } }), ' ', l.parent)),
          h('td', null, h('a', { href: searchUrl({ service: l.child, lookback: '1h', limit: 20 }) }, h('span', { class: 'swatch', style: { background: serviceColor(l.child) } }), ' ', l.child)),
          h('td', { class: 'num' }, l.callCount.toLocaleString()),
          ...edgeCells(statOf(l))))))));
  }

  load();
  return {
    update(r) {
      return r.name === 'dependencies';
    },
    unmount() {
      cleanup();
    },
  };
}

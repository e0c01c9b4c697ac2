// Trace graph: the trace's spans grouped by service and operation, drawn as a directed graph
// (parent group → child group, with call counts) laid out by dagre; each node shows its spans,
// errors, total and self time, shaded by its share of the trace's self time.
import { h, setChildren, fmtDuration, serviceColor, plural, clamp } from '../util.js';
import { loadDagre } from '../dagre-loader.js';
import { errorState } from '../states.js';

/** Groups spans by service and operation: nodes, and edges with call counts. */
export function traceGraph(model) {
  const nodes = new Map();
  const keyOf = (sp) => `${sp.service}\u0000${sp.operationName}`;
  for (const sp of model.spans) {
    const k = keyOf(sp);
    let n = nodes.get(k);
    if (!n) nodes.set(k, (n = { key: k, service: sp.service, operation: sp.operationName, count: 0, errors: 0, total: 0, self: 0, spans: [] }));
    n.count++;
    if (sp.hasError) n.errors++;
    n.total += sp.duration;
    n.self += sp.self;
    n.spans.push(sp.i);
  }
  const edges = new Map();
  for (const sp of model.spans) {
    if (sp.parent < 0) continue;
    const k = `${keyOf(model.spans[sp.parent])}\u0001${keyOf(sp)}`;
    const e = edges.get(k) || { from: keyOf(model.spans[sp.parent]), to: keyOf(sp), calls: 0 };
    e.calls++;
    edges.set(k, e);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

/** opts: {onSelect(i)}. Returns {setMatches(set), destroy()}. */
export function createTraceGraph(container, model, opts) {
  const root = h('div', { class: 'trace-graph' }, h('div', { class: 'state' }, 'Laying out the graph…'));
  container.append(root);
  let nodeEls = [];
  let matches = null;
  const graph = traceGraph(model);
  const selfSum = Math.max(1, graph.nodes.reduce((s, n) => s + n.self, 0));
  let ro = null;

  loadDagre().then((dagre) => draw(dagre), (err) => setChildren(root, errorState(err)));

  function draw(dagre) {
    const g = new dagre.graphlib.Graph();
    g.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 44, marginx: 16, marginy: 16 });
    g.setDefaultEdgeLabel(() => ({}));
    for (const n of graph.nodes) g.setNode(n.key, { width: Math.min(320, Math.max(150, 7.2 * Math.max(n.operation.length, n.service.length) + 24)), height: 58 });
    for (const e of graph.edges) g.setEdge(e.from, e.to, { calls: e.calls });
    dagre.layout(g);
    const byKey = new Map(graph.nodes.map((n) => [n.key, n]));
    const edgesG = h('svg:g', { class: 'tg-edges' });
    for (const e of g.edges()) {
      const ed = g.edge(e);
      const pts = ed.points.map((p) => `${p.x},${p.y}`).join(' L');
      edgesG.append(h('svg:path', { d: `M${pts}`, class: 'tg-edge', 'marker-end': 'url(#tg-arrow)' }),
        h('svg:text', { class: 'tg-calls', x: ed.points[1]?.x ?? 0, y: ed.points[1]?.y ?? 0, dx: 6 }, `${ed.calls}×`));
    }
    const nodesG = h('svg:g', { class: 'tg-nodes' });
    nodeEls = [];
    for (const key of g.nodes()) {
      const nd = g.node(key);
      const n = byKey.get(key);
      const share = n.self / selfSum;
      const el = h('svg:g', { class: `tg-node${n.errors ? ' err' : ''}`, transform: `translate(${nd.x - nd.width / 2},${nd.y - nd.height / 2})`,
        tabindex: 0, role: 'button', dataset: { service: n.service, operation: n.operation },
        'aria-label': `${n.service} ${n.operation}: ${plural(n.count, 'span')}, self ${fmtDuration(n.self)}` },
      h('svg:rect', { class: 'tg-box', width: nd.width, height: nd.height, rx: 6 }),
      h('svg:rect', { class: 'tg-heat', width: nd.width, height: nd.height, rx: 6, style: `fill-opacity:${(0.05 + 0.45 * share).toFixed(3)}` }),
      h('svg:rect', { width: 4, height: nd.height, rx: 2, fill: serviceColor(n.service) }),
      h('svg:text', { class: 'tg-svc', x: 12, y: 16 }, n.service),
      h('svg:text', { class: 'tg-op', x: 12, y: 32 }, n.operation),
      h('svg:text', { class: 'tg-sub', x: 12, y: 48 },
        `${n.count}× · self ${fmtDuration(n.self)} (${(share * 100).toFixed(1)}%) · total ${fmtDuration(n.total)}${n.errors ? ` · ${n.errors} err` : ''}`),
      h('svg:title', null, `${n.service}: ${n.operation}\n${plural(n.count, 'span')}, ${plural(n.errors, 'error')}\nself time ${fmtDuration(n.self)}, total ${fmtDuration(n.total)}`));
      el.addEventListener('click', () => opts.onSelect?.(n.spans[0]));
      el.addEventListener('keydown', (e) => {
        if (e.key === 'Enter') opts.onSelect?.(n.spans[0]);
      });
      nodeEls.push({ el, n });
      nodesG.append(el);
    }
    const gw = g.graph().width;
    const gh = g.graph().height;
    const viewport = h('svg:g', null, edgesG, nodesG);
    const svg = h('svg:svg', { class: 'tg-svg', role: 'img', 'aria-label': `Trace graph of ${plural(graph.nodes.length, 'operation')}` },
      h('svg:defs', null, h('svg:marker', { id: 'tg-arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 8, markerHeight: 8, orient: 'auto-start-reverse', markerUnits: 'userSpaceOnUse' },
        h('svg:path', { d: 'M0,0L10,5L0,10z', class: 'tg-arrowhead' }))), viewport);
    setChildren(root, h('div', { class: 'tg-legend faint' }, `${plural(graph.nodes.length, 'service + operation')} · shade: share of the trace's self time · click a node to see its first span`), svg);
    const fit = () => {
      const W = svg.clientWidth || 800;
      const k = clamp(W / gw, 0.3, 1);
      svg.style.height = `${Math.max(200, gh * k)}px`;
      viewport.setAttribute('transform', `translate(${(W - gw * k) / 2},0) scale(${k})`);
    };
    fit();
    ro = new ResizeObserver(fit);
    ro.observe(root);
    mark();
  }

  function mark() {
    for (const { el, n } of nodeEls) el.classList.toggle('match', !!matches && n.spans.some((i) => matches.has(i)));
  }

  return {
    setMatches(set) {
      matches = set;
      mark();
    },
    destroy() {
      ro?.disconnect();
      root.remove();
    },
  };
}

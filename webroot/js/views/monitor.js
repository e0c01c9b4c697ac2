// Monitor: request rate, errors and latency per service and operation from Weft's span metrics.
// /monitor: services at a glance; /monitor?service=S[&op=O]: RED charts and the operations by impact.
// Clicking a chart point opens the traces behind it (that window; errors only; or slower than the point).
import { h, setChildren, fmtDuration, plural } from '../util.js';
import { searchUrl, replaceUrl } from '../router.js';
import { loadingState, errorState, emptyState, isAbort } from '../states.js';
import { lineChart, sparkline } from './charts.js';
import * as metrics from '../metrics-api.js';

const RANGES = [['15m', 'Last 15 minutes', 15], ['1h', 'Last hour', 60], ['3h', 'Last 3 hours', 180],
  ['6h', 'Last 6 hours', 360], ['12h', 'Last 12 hours', 720], ['24h', 'Last 24 hours', 1440]];
const KINDS = [['server', 'Server'], ['client', 'Client'], ['producer', 'Producer'], ['consumer', 'Consumer'],
  ['internal', 'Internal'], ['all', 'All kinds']];
const ALL_KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const QUANTILES = [[0.5, 'p50', '#3b82f6'], [0.75, 'p75', '#14b8a6'], [0.95, 'p95', '#f59e0b'], [0.99, 'p99', '#dc2626']];

const ms = (v) => (v == null ? '–' : fmtDuration(v * 1000));
const pct = (v) => (v == null ? '–' : `${(v * 100).toFixed(v > 0 && v < 0.001 ? 3 : 1)}%`);
const rate = (v) => (v == null ? '–' : v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v.toPrecision(2));

export function mount(el, route, ctx) {
  const state = {};
  let popover = null;
  const head = h('div', { class: 'page-head' });
  const body = h('div', { class: 'monitor-body' });
  el.append(h('div', { class: 'page monitor-page' }, head, body));
  document.addEventListener('click', closePopover, true);

  function read(q) {
    state.range = RANGES.some(([v]) => v === q.get('range')) ? q.get('range') : '1h';
    state.kind = KINDS.some(([v]) => v === q.get('kind')) ? q.get('kind') : 'server';
    state.service = q.get('service') || '';
    state.op = q.get('op') || '';
  }

  function sync() {
    const p = new URLSearchParams();
    if (state.service) p.set('service', state.service);
    if (state.op) p.set('op', state.op);
    if (state.range !== '1h') p.set('range', state.range);
    if (state.kind !== 'server') p.set('kind', state.kind);
    replaceUrl(`/monitor${p.size ? `?${p}` : ''}`);
  }

  const kinds = () => (state.kind === 'all' ? ALL_KINDS : [state.kind]);
  const lookback = () => RANGES.find(([v]) => v === state.range)[2] * 60_000;

  function controls() {
    const rangeSel = h('select', { 'aria-label': 'Time range', onchange: () => { state.range = rangeSel.value; sync(); load(); } },
      RANGES.map(([v, l]) => h('option', { value: v, selected: v === state.range }, l)));
    const kindSel = h('select', { 'aria-label': 'Span kind', onchange: () => { state.kind = kindSel.value; sync(); load(); } },
      KINDS.map(([v, l]) => h('option', { value: v, selected: v === state.kind }, l)));
    return h('div', { class: 'deps-controls' },
      h('label', { class: 'inline-field' }, h('span', null, 'Range'), rangeSel),
      h('label', { class: 'inline-field' }, h('span', null, 'Span kind'), kindSel),
      h('button', { class: 'btn btn-sm', type: 'button', onclick: () => load() }, 'Refresh'));
  }

  async function load() {
    closePopover();
    const title = state.service ? [h('a', { href: '/monitor', class: 'mon-back' }, 'All services'), ' › ', state.service] : 'Monitor';
    document.title = `${state.service ? `${state.service} · ` : ''}Monitor · Weft`;
    setChildren(head, h('h1', null, title), h('span', { class: 'spacer' }), controls());
    setChildren(body, loadingState('Loading span metrics…'));
    try {
      if (state.service) await serviceView();
      else await overview();
    } catch (err) {
      if (!isAbort(err)) setChildren(body, errorState(err, load));
    }
  }

  // ---------------------------------------------------------------- services at a glance

  async function overview() {
    const list = await metrics.services({ endTs: Date.now(), lookback: lookback(), points: 30 }, kinds(), { signal: ctx.signal });
    if (!list.length) {
      setChildren(body, emptyState('No span metrics in this range',
        'Span metrics count every span Weft accepts. Send spans, pick a longer range, or another span kind.'));
      return;
    }
    const rows = list.map((s) => h('tr', { class: 'mon-row', dataset: { service: s.service } },
      h('td', null, h('a', { href: `/monitor?service=${encodeURIComponent(s.service)}${state.range !== '1h' ? `&range=${state.range}` : ''}${state.kind !== 'server' ? `&kind=${state.kind}` : ''}` }, s.service)),
      h('td', { class: 'num' }, rate(s.callRate)),
      h('td', { class: `num${s.errorRatio > 0 ? ' mon-err' : ''}` }, pct(s.errorRatio)),
      h('td', { class: 'num' }, ms(s.p95)),
      h('td', null, sparkline(s.sparkline?.p95 || [], { color: '#f59e0b', label: `${s.service} p95 latency` })),
      h('td', null, sparkline(s.sparkline?.callRate || [], { label: `${s.service} request rate` }))));
    setChildren(body, h('div', { class: 'card mon-table' }, h('table', { class: 'table' },
      h('thead', null, h('tr', null, h('th', null, 'Service'), h('th', { class: 'num' }, 'Requests/s'),
        h('th', { class: 'num' }, 'Errors'), h('th', { class: 'num' }, 'p95'), h('th', null, 'p95 over time'),
        h('th', null, 'Requests over time'))),
      h('tbody', null, rows))),
    h('div', { class: 'faint mon-note' }, `${plural(list.length, 'service')} with ${state.kind === 'all' ? 'spans' : `${state.kind} spans`} in the range. Rates are per second over the whole range; head-sampled spans count for the spans they stand for.`));
  }

  // ---------------------------------------------------------------- one service

  async function serviceView() {
    const opts = { signal: ctx.signal };
    const bucket = await metrics.minStep(opts);
    const lb = lookback();
    const step = Math.max(bucket, Math.ceil(lb / 60 / bucket) * bucket);
    const endTs = Math.floor(Date.now() / step) * step;
    const base = { service: state.service, endTs, lookback: lb, step, ratePer: step, spanKind: kinds(), groupByOperation: state.op ? 'true' : '' };
    const pick = (fam) => metrics.series(fam).get(state.op || state.service) || { times: [], values: [] };
    const [calls, errors, ...lats] = await Promise.all([
      metrics.family('calls', base, opts), metrics.family('errors', base, opts),
      ...QUANTILES.map(([q]) => metrics.family('latencies', { ...base, quantile: q }, opts))]);
    const ops = await metrics.operations({ service: state.service, endTs, lookback: lb }, kinds(), opts);
    const c = pick(calls);
    const times = c.times.length ? c.times : pick(lats[2]).times;
    const latSeries = QUANTILES.map(([, name, color], i) => ({ name, color, values: pick(lats[i]).values }));
    const errSeries = [{ name: 'errors', color: '#dc2626', values: pick(errors).values.map((v) => (v == null ? null : v * 100)) }];
    const onPoint = (i, ev) => openPopover(ev, times[i], step, latSeries.map((s) => ({ name: s.name, value: s.values[i] })));
    const charts = times.length ? h('div', { class: 'mon-charts' },
      lineChart({ title: 'Latency', times, series: latSeries, format: ms, onPoint }),
      lineChart({ title: 'Error rate (%)', times, series: errSeries, format: (v) => `${v.toFixed(v < 10 ? 1 : 0)}%`, onPoint }),
      lineChart({ title: 'Request rate (req/s)', times, series: [{ name: 'requests', color: '#2f6fde', values: c.values }], format: rate, onPoint }))
      : emptyState(`No ${state.kind === 'all' ? '' : `${state.kind} `}spans of ${state.service}${state.op ? ` · ${state.op}` : ''} in this range`);
    const opSel = h('select', { 'aria-label': 'Operation', onchange: () => { state.op = opSel.value; sync(); load(); } },
      h('option', { value: '' }, 'All operations'),
      ops.map((o) => h('option', { value: o.operation, selected: o.operation === state.op }, o.operation)));
    setChildren(body, h('div', { class: 'mon-subhead' }, h('label', { class: 'inline-field' }, h('span', null, 'Operation'), opSel),
      h('span', { class: 'faint' }, `One point per ${fmtDuration(step * 1000)}; click a point for its traces.`)),
    charts, operationsTable(ops));
  }

  function operationsTable(ops) {
    if (!ops.length) return null;
    const max = Math.max(...ops.map((o) => o.impact));
    return h('div', { class: 'card mon-table mon-ops' }, h('table', { class: 'table' },
      h('thead', null, h('tr', null, h('th', null, 'Operation'), h('th', { class: 'num' }, 'Requests/s'),
        h('th', { class: 'num' }, 'Errors'), h('th', { class: 'num' }, 'p50'), h('th', { class: 'num' }, 'p95'),
        h('th', { class: 'num' }, 'p99'), h('th', { title: 'Share of the time the service spent in this operation' }, 'Impact'))),
      h('tbody', null, ops.map((o) => h('tr', { class: `mon-op${o.operation === state.op ? ' on' : ''}`, dataset: { op: o.operation } },
        h('td', null, h('a', { href: '#', onclick: (e) => { e.preventDefault(); state.op = o.operation; sync(); load(); } }, o.operation)),
        h('td', { class: 'num' }, rate(o.callRate)),
        h('td', { class: `num${o.errorRatio > 0 ? ' mon-err' : ''}` }, pct(o.errorRatio)),
        h('td', { class: 'num' }, ms(o.p50)), h('td', { class: 'num' }, ms(o.p95)), h('td', { class: 'num' }, ms(o.p99)),
        h('td', null, h('div', { class: 'mon-impact', title: pct(o.impact) },
          h('div', { style: { width: `${max > 0 ? (o.impact / max) * 100 : 0}%` } }))))))));
  }

  // ---------------------------------------------------------------- from a point to its traces

  function openPopover(ev, t, step, lat) {
    closePopover();
    const common = { service: state.service, operation: state.op, lookback: 'custom', start: (t - step) * 1000, end: t * 1000, limit: 20 };
    const links = [
      h('a', { href: searchUrl(common) }, 'All traces in this window'),
      h('a', { href: searchUrl({ ...common, tags: JSON.stringify({ error: 'true' }) }) }, 'Errors only'),
      ...lat.filter((l) => l.value != null).map((l) => h('a', { href: searchUrl({ ...common, minDuration: `${Math.floor(l.value * 1000)}us` }) },
        `Slower than ${l.name} (${ms(l.value)})`)),
    ];
    popover = h('div', { class: 'mon-pop card', role: 'dialog', 'aria-label': 'Traces behind this point' },
      h('div', { class: 'mon-pop-title' }, `${new Date(t - step).toLocaleTimeString()} – ${new Date(t).toLocaleTimeString()}`), links);
    popover.style.left = `${Math.min(ev.clientX, window.innerWidth - 260)}px`;
    popover.style.top = `${ev.clientY + window.scrollY + 8}px`;
    document.body.append(popover);
  }

  function closePopover(e) {
    if (popover && (!e || !popover.contains(e.target))) {
      if (e && e.target.closest && e.target.closest('.mc-svg')) return;
      popover.remove();
      popover = null;
    }
  }

  read(route.query);
  load();
  return {
    update(r) {
      if (r.name !== 'monitor') return false;
      read(r.query);
      load();
      return true;
    },
    unmount() {
      closePopover();
      document.removeEventListener('click', closePopover, true);
    },
  };
}

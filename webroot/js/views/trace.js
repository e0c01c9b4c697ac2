// Trace page: header, toolbar (find, critical path, expand/collapse, zoom), minimap, timeline,
// span details and statistics. URL: /trace/{id}?span={spanId}&view=stats
import { h, setChildren, fmtDuration, fmtDateTime, fmtAgo, serviceColor, primeColors, plural, download, debounce } from '../util.js';
import { getTrace, isLocal, forget, normalizeId } from '../store.js';
import { api } from '../api.js';
import { buildTrace, findSpans } from '../trace-model.js';
import { replaceUrl, traceUrl, compareUrl } from '../router.js';
import { loadingState, errorState, toast, isAbort, icon } from '../states.js';
import { createTimeline } from './timeline.js';
import { createMinimap } from './minimap.js';
import { spanDetail } from './span-detail.js';
import { createStats } from './trace-stats.js';
import { createFlameGraph } from './flamegraph.js';
import { createTraceGraph } from './trace-graph.js';
import { createSpansTable } from './spans-table.js';
import { createEventsList } from './trace-events.js';

/** The trace's views beside the timeline: tab label and how to draw it into a pane. */
const VIEWS = {
  timeline: ['Timeline', null],
  flame: ['Flame graph', createFlameGraph],
  graph: ['Trace graph', createTraceGraph],
  spans: ['Spans', createSpansTable],
  events: ['Events', createEventsList],
  stats: ['Statistics', createStats],
};
const viewOf = (q) => (VIEWS[q.get('view')] ? q.get('view') : 'timeline');

function recordDrawTime(routeMark) {
  requestAnimationFrame(() => {
    performance.clearMarks('weft-timeline-drawn');
    performance.clearMeasures('weft-timeline-draw');
    performance.clearMeasures('weft-timeline-draw-route');
    performance.mark('weft-timeline-drawn');
    // from navigation start (time origin) and from the in-app route change
    const m = performance.measure('weft-timeline-draw', { start: 0, end: 'weft-timeline-drawn' });
    performance.measure('weft-timeline-draw-route', routeMark, 'weft-timeline-drawn');
    document.documentElement.dataset.timelineDrawnMs = String(Math.round(m?.duration ?? performance.now()));
  });
}

/** Archive: a copy in the archive store, found by its id after the primary store has expired the trace. */
function archiveButton(traceID) {
  const btn = h('button', { class: 'btn btn-sm', type: 'button', 'data-action': 'archive',
    title: 'Keep a copy in the archive store, beyond the retention of stored spans' }, 'Archive');
  btn.addEventListener('click', async () => {
    btn.disabled = true;
    btn.textContent = 'Archiving…';
    try {
      await api.archive(traceID);
      btn.textContent = 'Archived';
      toast('Trace archived: it stays available by its ID after the store has expired it.');
    } catch (err) {
      btn.disabled = false;
      btn.textContent = 'Archive';
      toast(err.status === 501 ? 'This node has no archive storage.' : `Archiving failed: ${err.message}`, 'error');
    }
  });
  return btn;
}

export function mount(el, route, ctx) {
  const id = normalizeId(route.params[0]);
  performance.clearMarks('weft-trace-route');
  performance.mark('weft-trace-route');
  document.title = `Trace ${id.slice(0, 7)} · Weft`;
  let model = null;
  let timeline = null;
  let minimap = null;
  let panes = {}; // view name -> {pane, instance}
  let selected = -1;
  let view = viewOf(route.query);
  let matches = null;
  let qlMatches = null; // spans a TraceQL query matched (?q=&match=)
  const page = h('div', { class: 'trace-page' });
  el.append(page);

  async function load() {
    setChildren(page, loadingState(`Loading trace ${id.slice(0, 16)}…`));
    let raw;
    try {
      raw = await getTrace(id, { signal: ctx.signal });
    } catch (err) {
      if (isAbort(err)) return;
      const notFound = err.status === 404;
      const box = errorState(err, notFound ? null : () => load(), notFound ? 'Trace not found' : null);
      if (notFound) {
        box.querySelector('.state-detail').textContent = `No trace with ID ${id} is stored on this node. It may have expired, not been flushed yet, or been opened from a JSON file in another session.`;
        box.append(h('div', { class: 'state-actions' },
          h('a', { class: 'btn', href: '/search' }, 'Back to search'),
          h('button', { class: 'btn', onclick: () => document.getElementById('open-file')?.click() }, 'Open JSON file')));
      }
      setChildren(page, box);
      return;
    }
    model = buildTrace(raw);
    primeColors(model.services.map((s) => s.name));
    render();
  }

  function render() {
    timeline?.destroy();
    minimap?.destroy();
    for (const p of Object.values(panes)) p.instance?.destroy?.();
    panes = {};
    selected = -1;
    const routeQuery = new URLSearchParams(location.search);
    const matchIds = (routeQuery.get('match') || '').split(',').filter(Boolean);
    qlMatches = matchIds.length ? new Set(matchIds.map((m) => model.byId.get(m)).filter((i) => i != null)) : null;
    const wantSpan = new URLSearchParams(location.search).get('span');
    document.title = `${model.rootService}: ${model.rootOperation} · Weft`;
    const local = isLocal(id);
    const meta = (label, value, cls = '') => h('div', { class: `th-m ${cls}` }, h('dt', null, label), h('dd', null, value));
    const header = h('header', { class: 'trace-header' },
      h('div', { class: 'th-row' },
        h('h1', { class: 'th-title' },
          h('span', { class: 'swatch', style: { background: serviceColor(model.rootService) } }),
          h('span', { class: 'th-svc' }, model.rootService), h('span', { class: 'th-sep' }, ': '),
          h('span', { class: 'th-op' }, model.rootOperation)),
        h('code', { class: 'th-id', title: 'Trace ID' }, model.traceID),
        local ? h('span', { class: 'badge badge-accent', title: 'Opened from a JSON file, not from the server' }, 'From file') : null,
        h('span', { class: 'spacer' }),
        h('div', { class: 'th-actions' },
          local ? null : h('button', { class: 'btn btn-sm', type: 'button', title: 'Fetch the trace again', onclick: () => { forget(id); load(); } }, 'Refresh'),
          local ? null : archiveButton(model.traceID),
          h('a', { class: 'btn btn-sm', href: compareUrl(model.traceID, ''), title: 'Compare this trace with another' }, 'Compare…'),
          h('button', { class: 'btn btn-sm', type: 'button', title: 'Download as Jaeger JSON', onclick: () =>
            download(`trace-${model.traceID}.json`, JSON.stringify({ data: [model.raw] }, null, 1)) }, 'Download JSON'))),
      h('dl', { class: 'th-meta' },
        meta('Trace start', h('span', { title: fmtAgo(model.start) }, fmtDateTime(model.start))),
        meta('Duration', fmtDuration(model.duration)),
        meta('Services', String(model.services.length)),
        meta('Depth', String(model.depth)),
        meta('Total spans', model.spans.length.toLocaleString()),
        meta('Errors', model.errorCount ? h('span', { class: 'badge badge-error' }, model.errorCount) : '0'),
        model.warningCount ? meta('Warnings', h('span', { class: 'badge badge-warn', title: 'Spans with warnings such as clock-skew adjustments' }, model.warningCount)) : null),
      h('div', { class: 'th-services' }, model.services.map((s) => h('span', { class: `chip${s.errors ? ' error-chip' : ''}`, title: `${plural(s.count, 'span')}${s.errors ? `, ${plural(s.errors, 'error')}` : ''}` },
        h('span', { class: 'swatch', style: { background: serviceColor(s.name) } }), s.name, h('span', { class: 'count' }, s.count)))));

    // toolbar
    const tabs = Object.fromEntries(Object.entries(VIEWS).map(([name, [label]]) =>
      [name, h('button', { class: 'tab', type: 'button', role: 'tab', dataset: { view: name }, onclick: () => setView(name) }, label)]));
    const findIn = h('input', { type: 'search', class: 'find-input', placeholder: 'Find in trace…', 'aria-label': 'Find spans in this trace', 'data-search-focus': true, spellcheck: 'false' });
    const findCount = h('span', { class: 'find-count', 'aria-live': 'polite' });
    const prevBtn = h('button', { class: 'btn btn-sm btn-ghost', type: 'button', title: 'Previous match (Shift+Enter)', 'aria-label': 'Previous match', onclick: () => goto(-1) }, '↑');
    const nextBtn = h('button', { class: 'btn btn-sm btn-ghost', type: 'button', title: 'Next match (Enter)', 'aria-label': 'Next match', onclick: () => goto(1) }, '↓');
    const cpToggle = h('input', { type: 'checkbox', checked: true, onchange: () => timeline.setCritical(cpToggle.checked) });
    const resetZoom = h('button', { class: 'btn btn-sm', type: 'button', hidden: true, onclick: () => timeline.resetRange() }, 'Reset zoom');
    const tlTools = h('div', { class: 'tb-group' },
      h('label', { class: 'check', title: 'Highlight the critical path (what the trace waited on)' }, cpToggle, h('span', { class: 'cp-key' }), 'Critical path'),
      h('div', { class: 'btn-group' },
        h('button', { class: 'btn btn-sm', type: 'button', onclick: () => timeline.expandAll() }, 'Expand all'),
        h('button', { class: 'btn btn-sm', type: 'button', title: 'Show only the root spans and their children', onclick: () => timeline.expandToDepth(2) }, 'Collapse')),
      resetZoom);
    const toolbar = h('div', { class: 'trace-toolbar' },
      h('div', { class: 'tabs', role: 'tablist' }, Object.values(tabs)),
      h('div', { class: 'find' }, icon('search', 14), findIn, findCount, prevBtn, nextBtn),
      tlTools);

    const detailSlot = h('div', { class: 'detail-slot' });
    const tlHost = h('div', { class: 'tl-host' });
    const mmHost = h('div', { class: 'mm-host' });
    const timelinePane = h('div', { class: 'timeline-pane' }, mmHost, h('div', { class: 'tl-split' }, tlHost, detailSlot));
    const viewPanes = Object.keys(VIEWS).filter((v) => v !== 'timeline').map((v) => {
      const pane = h('div', { class: `stats-pane view-pane pane-${v}`, hidden: true });
      panes[v] = { pane, instance: null };
      return pane;
    });
    const qlBanner = routeQuery.get('q') ? h('div', { class: 'banner banner-info ql-banner' }, icon('search', 16),
      h('span', null, qlMatches?.size ? `${plural(qlMatches.size, 'span')} matched by ` : 'No span here matched ',
        h('code', { class: 'ql-text' }, routeQuery.get('q'))),
      h('span', { class: 'spacer' }),
      h('a', { class: 'btn btn-sm', href: `/search?${new URLSearchParams({ q: routeQuery.get('q') })}` }, 'Back to results')) : null;
    setChildren(page, header, qlBanner, toolbar, timelinePane, ...viewPanes);

    timeline = createTimeline(tlHost, model, {
      onSelect: (i) => select(i, { updateUrl: true }),
      onRangeChange: (a, b) => {
        minimap.setRange(a, b);
        resetZoom.hidden = !timeline.zoomed;
      },
    });
    minimap = createMinimap(mmHost, model, { onRange: (a, b) => timeline.setRange(a, b) });

    // find in trace
    const runFind = () => {
      const q = findIn.value.trim();
      matches = q ? findSpans(model, q) : qlMatches;
      timeline.setMatches(matches);
      minimap.setMatches(matches);
      for (const p of Object.values(panes)) p.instance?.setMatches?.(matches);
      findCount.textContent = matches ? (matches.size ? plural(matches.size, 'match', 'matches') : 'No matches') : '';
      findCount.classList.toggle('none', !!matches && !matches.size);
    };
    runFind();
    const goto = (dir) => {
      if (!matches?.size) return;
      const k = timeline.gotoMatch(dir);
      findCount.textContent = `${k + 1} / ${matches.size}`;
    };
    findIn.addEventListener('input', debounce(runFind, 120));
    findIn.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        runFind();
        goto(e.shiftKey ? -1 : 1);
      } else if (e.key === 'Escape') {
        findIn.value = '';
        runFind();
        timeline.focus();
      }
    });

    function setView(v) {
      view = v;
      for (const [name, tab] of Object.entries(tabs)) {
        tab.classList.toggle('active', name === v);
        tab.setAttribute('aria-selected', String(name === v));
      }
      timelinePane.hidden = v !== 'timeline';
      for (const [name, p] of Object.entries(panes)) p.pane.hidden = name !== v;
      tlTools.hidden = v !== 'timeline';
      toolbar.querySelector('.find').hidden = v === 'stats';
      const p = panes[v];
      if (p && !p.instance) {
        // Another view opens a span in the timeline, with its details.
        p.instance = VIEWS[v][1](p.pane, model, { onSelect: (i) => {
          setView('timeline');
          select(i, { updateUrl: true, scroll: true });
        } });
        p.instance?.setMatches?.(matches);
      }
      syncUrl();
    }

    function select(i, { updateUrl = false, scroll = false } = {}) {
      selected = i;
      timeline.select(i, { scroll });
      if (i < 0) {
        setChildren(detailSlot);
        timelinePane.classList.remove('with-detail');
      } else {
        setChildren(detailSlot, spanDetail(model, i, {
          onClose: () => {
            select(-1, { updateUrl: true });
            timeline.focus();
          },
          onSelectSpan: (j) => select(j, { updateUrl: true, scroll: true }),
        }));
        timelinePane.classList.add('with-detail');
      }
      if (updateUrl) syncUrl();
    }
    api.select = select;
    api.setView = setView;

    detailSlot.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        select(-1, { updateUrl: true });
        timeline.focus();
      }
    });

    setView(view);
    applySpanParam(wantSpan);
    recordDrawTime('weft-trace-route');
  }

  function syncUrl() {
    const q = new URLSearchParams();
    const current = new URLSearchParams(location.search);
    if (selected >= 0) q.set('span', model.spans[selected].spanID);
    if (view !== 'timeline') q.set('view', view);
    for (const k of ['q', 'match']) if (current.get(k)) q.set(k, current.get(k));
    const s = q.toString();
    const url = `${traceUrl(id)}${s ? `?${s}` : ''}`;
    if (url !== location.pathname + location.search) replaceUrl(url);
  }

  function applySpanParam(spanId) {
    if (!spanId) {
      if (selected >= 0) api.select(-1);
      return;
    }
    const i = model.byId.get(spanId);
    if (i == null) {
      toast(`Span ${spanId} is not in this trace`, 'error');
      return;
    }
    if (i !== selected) api.select(i, { scroll: true, updateUrl: true });
  }

  const api = { select: () => {}, setView: () => {} };
  load();

  return {
    update(r) {
      if (normalizeId(r.params[0]) !== id) return false;
      if (!model || !timeline) return true;
      const v = viewOf(r.query);
      if (v !== view) api.setView(v);
      applySpanParam(r.query.get('span'));
      return true;
    },
    unmount() {
      timeline?.destroy();
      minimap?.destroy();
      for (const p of Object.values(panes)) p.instance?.destroy?.();
    },
  };
}

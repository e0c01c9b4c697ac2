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
  let stats = null;
  let selected = -1;
  let view = route.query.get('view') === 'stats' ? 'stats' : 'timeline';
  let matches = null;
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
    stats?.destroy();
    stats = null;
    selected = -1;
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
    const tabTimeline = h('button', { class: 'tab', type: 'button', role: 'tab', onclick: () => setView('timeline') }, 'Timeline');
    const tabStats = h('button', { class: 'tab', type: 'button', role: 'tab', onclick: () => setView('stats') }, 'Statistics');
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
      h('div', { class: 'tabs', role: 'tablist' }, tabTimeline, tabStats),
      h('div', { class: 'find' }, icon('search', 14), findIn, findCount, prevBtn, nextBtn),
      tlTools);

    const detailSlot = h('div', { class: 'detail-slot' });
    const tlHost = h('div', { class: 'tl-host' });
    const mmHost = h('div', { class: 'mm-host' });
    const timelinePane = h('div', { class: 'timeline-pane' }, mmHost, h('div', { class: 'tl-split' }, tlHost, detailSlot));
    const statsPane = h('div', { class: 'stats-pane', hidden: true });
    setChildren(page, header, toolbar, timelinePane, statsPane);

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
      matches = q ? findSpans(model, q) : null;
      timeline.setMatches(matches);
      minimap.setMatches(matches);
      findCount.textContent = matches ? (matches.size ? plural(matches.size, 'match', 'matches') : 'No matches') : '';
      findCount.classList.toggle('none', !!matches && !matches.size);
    };
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
      tabTimeline.classList.toggle('active', v === 'timeline');
      tabStats.classList.toggle('active', v === 'stats');
      tabTimeline.setAttribute('aria-selected', String(v === 'timeline'));
      tabStats.setAttribute('aria-selected', String(v === 'stats'));
      timelinePane.hidden = v !== 'timeline';
      statsPane.hidden = v !== 'stats';
      tlTools.hidden = v !== 'timeline';
      toolbar.querySelector('.find').hidden = v !== 'timeline';
      if (v === 'stats' && !stats) stats = createStats(statsPane, model);
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
    if (selected >= 0) q.set('span', model.spans[selected].spanID);
    if (view === 'stats') q.set('view', 'stats');
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
      const v = r.query.get('view') === 'stats' ? 'stats' : 'timeline';
      if (v !== view) api.setView(v);
      applySpanParam(r.query.get('span'));
      return true;
    },
    unmount() {
      timeline?.destroy();
      minimap?.destroy();
      stats?.destroy();
    },
  };
}

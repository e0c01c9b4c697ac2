// Search page: the query form (left), scatter plot and results (right). The URL holds the query.
import { h, setChildren, parseTags, formatTags, parseDuration, lookbackMs, toLocalInput, primeColors, plural } from '../util.js';
import { api } from '../api.js';
import { searchUrl, traceUrl } from '../router.js';
import { summarizeTrace } from '../trace-model.js';
import { localTraces } from '../store.js';
import { loadingState, emptyState, errorState, infoState, isAbort, icon } from '../states.js';
import { scatterPlot } from './scatter.js';
import { resultsList, SORTS } from './results.js';
import { traceQlPanel, traceQlSummaries, SPANS_PER_SET } from './traceql-search.js';

const LOOKBACKS = [
  ['5m', 'Last 5 minutes'], ['15m', 'Last 15 minutes'], ['30m', 'Last 30 minutes'], ['1h', 'Last hour'],
  ['2h', 'Last 2 hours'], ['3h', 'Last 3 hours'], ['6h', 'Last 6 hours'], ['12h', 'Last 12 hours'],
  ['24h', 'Last 24 hours'], ['2d', 'Last 2 days'], ['7d', 'Last 7 days'], ['custom', 'Custom time range'],
];
const API_LOOKBACK = { '2d': '48h', '7d': '168h' };
const SEARCH_KEYS = ['service', 'operation', 'tags', 'lookback', 'start', 'end', 'minDuration', 'maxDuration', 'limit', 'source', 'q'];
const LAST_SERVICE = 'weft.lastService';
// The service select's value for a search over every service: the URL then has no service.
const ALL_SERVICES = '';

/** Whether the URL asks for a search: a service, or (all services) a time range. */
function isSearch(q) {
  return !!(q.get('service') || q.get('lookback') || q.get('start'));
}

function queryKey(q) {
  return SEARCH_KEYS.map((k) => `${k}=${q.get(k) || ''}`).join('&');
}

function tagsFromUrl(v) {
  if (!v) return '';
  try {
    return formatTags(JSON.parse(v));
  } catch {
    return v; // already logfmt
  }
}

export function mount(el, route, ctx) {
  document.title = 'Search · Weft';
  let services = null;
  let searchAbort = null;
  let lastKey = null;
  let lastResults = null; // {summaries, warnings, local}
  let plot = null;
  let list = null;
  const opsCache = new Map();

  // ---- form
  const serviceSel = h('select', { id: 'f-service', name: 'service', 'data-search-focus': true, disabled: true, onchange: () => loadOps(serviceSel.value, '') },
    h('option', { value: ALL_SERVICES }, 'Loading services…'));
  // Many services: a filter narrows the picker as you type, and picks the first that matches.
  const serviceFilter = h('input', { id: 'f-service-filter', class: 'service-filter', type: 'search', placeholder: 'Filter services…',
    'aria-label': 'Filter services', autocomplete: 'off', spellcheck: 'false', oninput: () => filterServices() });
  const opSel = h('select', { id: 'f-operation', name: 'operation', disabled: true }, h('option', { value: '' }, 'All operations'));
  const tagsIn = h('input', { id: 'f-tags', name: 'tags', type: 'text', placeholder: 'error=true http.status_code=500', spellcheck: 'false', autocomplete: 'off' });
  const tagsErr = h('div', { class: 'field-error', hidden: true });
  const lookSel = h('select', { id: 'f-lookback', name: 'lookback', onchange: () => toggleCustom() },
    LOOKBACKS.map(([v, label]) => h('option', { value: v }, label)));
  const startIn = h('input', { id: 'f-start', type: 'datetime-local', 'aria-label': 'Start time' });
  const endIn = h('input', { id: 'f-end', type: 'datetime-local', 'aria-label': 'End time' });
  const customBox = h('div', { class: 'field-row custom-range', hidden: true },
    h('div', { class: 'field' }, h('label', { for: 'f-start' }, 'Start'), startIn),
    h('div', { class: 'field' }, h('label', { for: 'f-end' }, 'End'), endIn));
  const minIn = h('input', { id: 'f-min', name: 'minDuration', type: 'text', placeholder: 'e.g. 150ms', autocomplete: 'off' });
  const maxIn = h('input', { id: 'f-max', name: 'maxDuration', type: 'text', placeholder: 'e.g. 2s', autocomplete: 'off' });
  const durErr = h('div', { class: 'field-error', hidden: true });
  const limitIn = h('input', { id: 'f-limit', name: 'limit', type: 'number', min: 1, max: 1500, value: '20' });
  const serviceErr = h('div', { class: 'field-error', hidden: true });
  const submit = h('button', { class: 'btn btn-primary find-btn', type: 'submit' }, icon('search', 15), 'Find Traces');

  const form = h('form', { class: 'search-form', novalidate: true, 'aria-label': 'Find traces', onsubmit: (e) => {
    e.preventDefault();
    onSubmit();
  } },
  h('h2', { class: 'form-title' }, 'Search'),
  h('div', { class: 'field' }, h('label', { for: 'f-service' }, 'Service'), serviceFilter, serviceSel, serviceErr),
  h('div', { class: 'field' }, h('label', { for: 'f-operation' }, 'Operation'), opSel),
  h('div', { class: 'field' }, h('label', { for: 'f-tags' }, 'Tags'), tagsIn, tagsErr,
    h('div', { class: 'field-help' }, 'logfmt: key=value pairs separated by spaces; quote values with spaces')),
  h('div', { class: 'field' }, h('label', { for: 'f-lookback' }, 'Lookback'), lookSel),
  customBox,
  h('div', { class: 'field-row' },
    h('div', { class: 'field' }, h('label', { for: 'f-min' }, 'Min duration'), minIn),
    h('div', { class: 'field' }, h('label', { for: 'f-max' }, 'Max duration'), maxIn)),
  durErr,
  h('div', { class: 'field' }, h('label', { for: 'f-limit' }, 'Limit results'), limitIn),
  submit);

  // ---- TraceQL: a second way to search, beside the form (which stays)
  const qlLook = h('select', { id: 'f-ql-lookback', 'aria-label': 'TraceQL time range', onchange: () => ql.editor.reset() },
    LOOKBACKS.filter(([v]) => v !== 'custom').map(([v, label]) => h('option', { value: v }, label)));
  const qlLimit = h('input', { id: 'f-ql-limit', type: 'number', min: 1, max: 1500, value: '20', 'aria-label': 'Limit TraceQL results' });
  const ql = traceQlPanel({
    value: route.query.get('q') || '',
    signal: ctx.signal,
    range: () => qlRange(qlLook.value),
    onRun: (text) => {
      const params = { q: text, lookback: qlLook.value, limit: Math.max(1, Math.min(1500, Number(qlLimit.value) || 20)),
        sort: currentQuery().get('sort') || '' };
      if (searchUrl(params) === location.pathname + location.search) lastKey = null;
      ctx.navigate(searchUrl(params));
    },
    extra: [h('div', { class: 'field-row' },
      h('div', { class: 'field' }, h('label', { for: 'f-ql-lookback' }, 'Lookback'), qlLook),
      h('div', { class: 'field' }, h('label', { for: 'f-ql-limit' }, 'Limit'), qlLimit))],
  });
  const tabForm = h('button', { class: 'tab', type: 'button', role: 'tab', id: 'tab-form', onclick: () => setMode('form') }, 'Form');
  const tabQl = h('button', { class: 'tab', type: 'button', role: 'tab', id: 'tab-traceql', onclick: () => setMode('traceql') }, 'TraceQL');
  const side = h('div', { class: 'search-side card' }, h('div', { class: 'tabs search-tabs', role: 'tablist' }, tabForm, tabQl),
    form, ql.el);
  function setMode(mode) {
    form.hidden = mode !== 'form';
    ql.el.hidden = mode !== 'traceql';
    tabForm.classList.toggle('active', mode === 'form');
    tabQl.classList.toggle('active', mode === 'traceql');
    tabForm.setAttribute('aria-selected', String(mode === 'form'));
    tabQl.setAttribute('aria-selected', String(mode === 'traceql'));
    page.classList.toggle('ql-mode', mode === 'traceql');
  }

  const results = h('section', { class: 'search-main', 'aria-live': 'polite' });
  const page = h('div', { class: 'search-page' }, side, results);
  qlLook.value = '1h';
  setMode(route.query.get('q') ? 'traceql' : 'form');
  el.append(page);

  function toggleCustom() {
    const custom = lookSel.value === 'custom';
    customBox.hidden = !custom;
    if (custom && !startIn.value) {
      const now = Date.now() * 1000;
      endIn.value = toLocalInput(now);
      startIn.value = toLocalInput(now - 3600e6);
    }
  }

  /** A lookback as Tempo's start and end (Unix seconds). */
  function qlRange(lb) {
    const end = Math.ceil(Date.now() / 1000);
    return { start: end - Math.round((lookbackMs(lb) || 3600e3) / 1000), end };
  }

  function fillForm(q) {
    if (q.get('q')) {
      setMode('traceql');
      ql.editor.setValue(q.get('q'));
      qlLook.value = LOOKBACKS.some(([v]) => v === q.get('lookback') && v !== 'custom') ? q.get('lookback') : '1h';
      qlLimit.value = q.get('limit') || '20';
    }
    const svc = q.get('service') || (q.get('source') || isSearch(q) ? ALL_SERVICES : localStorage.getItem(LAST_SERVICE) || ALL_SERVICES);
    setService(svc);
    tagsIn.value = tagsFromUrl(q.get('tags'));
    const lb = q.get('lookback') || (q.get('start') && q.get('end') ? 'custom' : '1h');
    lookSel.value = LOOKBACKS.some(([v]) => v === lb) ? lb : '1h';
    if (lb === 'custom' && q.get('start') && q.get('end')) {
      startIn.value = toLocalInput(Number(q.get('start')));
      endIn.value = toLocalInput(Number(q.get('end')));
    }
    toggleCustom();
    minIn.value = q.get('minDuration') || '';
    maxIn.value = q.get('maxDuration') || '';
    limitIn.value = q.get('limit') || '20';
    loadOps(serviceSel.value, q.get('operation') || '');
  }

  function filterServices() {
    const t = serviceFilter.value.trim().toLowerCase();
    let first = null;
    for (const o of serviceSel.options) {
      if (!o.value) continue;
      const hit = !t || o.value.toLowerCase().includes(t);
      o.hidden = !hit;
      if (hit && !first) first = o;
    }
    if (t && first && (!serviceSel.value || serviceSel.selectedOptions[0]?.hidden)) {
      serviceSel.value = first.value;
      loadOps(first.value, '');
    }
    serviceFilter.classList.toggle('invalid', !!t && !first);
  }

  function setService(svc) {
    if (!services) {
      serviceSel.dataset.pending = svc;
      return;
    }
    if (svc && !services.includes(svc)) {
      serviceSel.append(h('option', { value: svc }, `${svc} (no recent data)`));
    }
    serviceSel.value = svc || ALL_SERVICES;
  }

  async function loadServices() {
    try {
      services = await api.services({ signal: ctx.signal });
    } catch (err) {
      if (isAbort(err)) return;
      setChildren(serviceSel, h('option', { value: '' }, 'Services unavailable'));
      serviceErr.hidden = false;
      serviceErr.textContent = err.unreachable ? 'Cannot reach the query API.' : `Could not load services: ${err.message}`;
      if (!lastResults && !searchAbort) setChildren(results, errorState(err, () => retryServices()));
      return;
    }
    primeColors(services);
    serviceErr.hidden = true;
    setChildren(serviceSel, h('option', { value: ALL_SERVICES }, services.length ? 'All services' : 'No services yet'),
      services.map((s) => h('option', { value: s }, s)));
    serviceSel.disabled = false;
    const pending = serviceSel.dataset.pending;
    delete serviceSel.dataset.pending;
    setService(pending || '');
    loadOps(serviceSel.value, opSel.dataset.pending || '');
    if (!services.length && !lastResults && !searchAbort) {
      setChildren(results, emptyState('No services have reported traces yet',
        'Send spans to this Weft node (OTLP gRPC/HTTP, Jaeger or Zipkin) and they will show up here. You can also open a Jaeger JSON file.',
        h('button', { class: 'btn', onclick: () => document.getElementById('open-file')?.click() }, 'Open JSON file')));
    }
  }

  function retryServices(showResults = true) {
    if (showResults) setChildren(results, loadingState('Loading services…'));
    setChildren(serviceSel, h('option', { value: '' }, 'Loading services…'));
    serviceErr.hidden = true;
    serviceSel.dataset.pending = serviceSel.dataset.pending || routeQuery.get('service') || '';
    opSel.dataset.pending = routeQuery.get('operation') || '';
    return loadServices().then(() => {
      if (showResults && services && !lastResults && !searchAbort) showIntro();
    });
  }

  async function loadOps(svc, selectOp) {
    if (!services) {
      opSel.dataset.pending = selectOp;
      return;
    }
    const fill = (ops) => {
      const names = [...new Set(ops.map((o) => o.name))].sort((a, b) => a.localeCompare(b));
      if (selectOp && !names.includes(selectOp)) names.unshift(selectOp);
      setChildren(opSel, h('option', { value: '' }, 'All operations'), names.map((n) => h('option', { value: n }, n)));
      opSel.value = selectOp || '';
      opSel.disabled = false;
    };
    if (!svc) {
      // Operations are listed per service; over all services only one already asked for is offered.
      setChildren(opSel, h('option', { value: '' }, 'All operations'), selectOp ? h('option', { value: selectOp }, selectOp) : null);
      opSel.value = selectOp || '';
      opSel.disabled = !selectOp;
      return;
    }
    if (opsCache.has(svc)) return fill(opsCache.get(svc));
    opSel.disabled = true;
    setChildren(opSel, h('option', { value: '' }, 'Loading operations…'));
    try {
      const ops = await api.operations(svc, { signal: ctx.signal });
      opsCache.set(svc, ops);
      if (serviceSel.value === svc) fill(ops);
    } catch (err) {
      if (isAbort(err)) return;
      setChildren(opSel, h('option', { value: '' }, 'All operations'));
      if (selectOp) opSel.append(h('option', { value: selectOp, selected: true }, selectOp));
      opSel.disabled = false;
    }
  }

  function showFieldError(box, input, msg) {
    box.hidden = !msg;
    box.textContent = msg || '';
    input?.classList.toggle('invalid', !!msg);
  }

  function onSubmit() {
    let ok = true;
    const service = serviceSel.value;
    showFieldError(serviceErr, serviceSel, '');
    const { tags, error } = parseTags(tagsIn.value);
    showFieldError(tagsErr, tagsIn, error);
    if (error) ok = false;
    const minUs = minIn.value.trim() ? parseDuration(minIn.value) : 0;
    const maxUs = maxIn.value.trim() ? parseDuration(maxIn.value) : 0;
    let durMsg = '';
    if (minUs == null || maxUs == null) durMsg = 'Durations look like 150ms, 1.5s, 300us, 2m.';
    else if (minUs && maxUs && minUs > maxUs) durMsg = 'Min duration is greater than max duration.';
    showFieldError(durErr, null, durMsg);
    minIn.classList.toggle('invalid', minUs == null);
    maxIn.classList.toggle('invalid', maxUs == null);
    if (durMsg) ok = false;
    const params = {
      service,
      operation: opSel.value,
      tags: Object.keys(tags).length ? JSON.stringify(tags) : '',
      lookback: lookSel.value,
      minDuration: minIn.value.trim(),
      maxDuration: maxIn.value.trim(),
      limit: Math.max(1, Math.min(1500, Number(limitIn.value) || 20)),
      sort: currentQuery().get('sort') || '',
    };
    if (lookSel.value === 'custom') {
      const s = new Date(startIn.value).getTime();
      const e = new Date(endIn.value).getTime();
      if (!(s < e)) {
        ok = false;
        startIn.classList.add('invalid');
        endIn.classList.add('invalid');
      } else {
        startIn.classList.remove('invalid');
        endIn.classList.remove('invalid');
        params.start = s * 1000;
        params.end = e * 1000;
      }
    }
    if (!ok) return;
    localStorage.setItem(LAST_SERVICE, service);
    // a repeated search with the same URL still refreshes
    if (searchUrl(params) === location.pathname + location.search) lastKey = null;
    ctx.navigate(searchUrl(params));
  }

  let routeQuery = route.query;
  const currentQuery = () => routeQuery;

  // ---- results
  function showIntro() {
    if (services && !services.length) return;
    setChildren(results, infoState('Find traces',
      h('span', null, 'Choose a service, or search all services, and press ', h('b', null, 'Find Traces'), '. Narrow by operation, tags such as ',
        h('code', null, 'error=true'), ', time range and duration. Press ', h('kbd', null, '/'), ' to jump to the form, or open a Jaeger JSON file. ',
        'For OR, NOT, regular expressions, events and structure, write a query in the ', h('b', null, 'TraceQL'), ' tab.'),
      h('button', { class: 'btn', onclick: () => document.getElementById('open-file')?.click() }, 'Open JSON file')));
  }

  function renderResults() {
    plot?.destroy();
    list?.destroy();
    plot = list = null;
    const { summaries, warnings, local } = lastResults;
    const out = [];
    if (local) {
      out.push(h('div', { class: 'banner banner-info' }, icon('info', 16),
        `Showing ${plural(summaries.length, 'trace')} opened from ${local || 'a file'} (not from the server).`));
    }
    for (const w of warnings || []) out.push(h('div', { class: 'banner' }, icon('error', 16), `Partial results: ${w.msg || w}`));
    setChildren(results, out);
    if (!summaries.length) {
      results.append(emptyState('No traces found', lastResults.query
        ? 'No trace in the selected time range matches this query. Try a longer lookback or fewer conditions.'
        : 'Nothing matches these filters in the selected time range. Try a longer lookback, another operation, or fewer tags.'));
      return;
    }
    const sort = SORTS[routeQuery.get('sort')] ? routeQuery.get('sort') : 'recent';
    const plotCard = h('div', { class: 'card plot-card' });
    results.append(plotCard);
    plot = scatterPlot(plotCard, summaries, { onHover: (id) => list?.highlight(id) });
    const query = lastResults.query;
    list = resultsList(results, summaries, {
      sort,
      traceLink: query ? (s) => `${traceUrl(s.traceID)}?${new URLSearchParams({ q: query,
        match: s.matches.spans.map((m) => m.spanID).join(',') })}` : null,
      navigate: ctx.navigate,
      onHover: (id) => plot?.highlight(id),
      onSort: (key) => {
        const q = new URLSearchParams(routeQuery);
        q.set('sort', key);
        ctx.navigate(`/search?${q}`, { replace: true });
      },
    });
  }

  async function runSearch(q) {
    const key = queryKey(q);
    if (key === lastKey && lastResults) {
      renderResults(); // only the sort changed
      return;
    }
    lastKey = key;
    searchAbort?.abort();
    searchAbort = null;
    if (q.get('source') === 'file') {
      const { fileName, traces } = localTraces();
      if (!traces.length) {
        lastResults = null;
        setChildren(results, emptyState('No file is open', 'Open a Jaeger JSON file to see its traces here.',
          h('button', { class: 'btn', onclick: () => document.getElementById('open-file')?.click() }, 'Open JSON file')));
        return;
      }
      lastResults = { summaries: traces.map(summarizeTrace), warnings: [], local: fileName || 'a file' };
      renderResults();
      return;
    }
    if (q.get('q')) {
      runTraceQl(q);
      return;
    }
    if (!isSearch(q)) {
      lastResults = null;
      showIntro();
      return;
    }
    const lb = q.get('lookback') || '1h';
    const params = {
      service: q.get('service'),
      operation: q.get('operation'),
      tags: q.get('tags'),
      minDuration: q.get('minDuration'),
      maxDuration: q.get('maxDuration'),
      limit: q.get('limit') || 20,
    };
    if (lb === 'custom' || (!q.get('lookback') && q.get('start'))) {
      params.start = q.get('start');
      params.end = q.get('end');
    } else {
      const end = Date.now() * 1000;
      params.end = end;
      params.start = end - (lookbackMs(lb) || 3600e3) * 1000;
      params.lookback = API_LOOKBACK[lb] || lb;
    }
    const abort = new AbortController();
    searchAbort = abort;
    ctx.signal.addEventListener('abort', () => abort.abort(), { once: true });
    plot?.destroy();
    list?.destroy();
    plot = list = null;
    setChildren(results, loadingState('Searching traces…'));
    submit.disabled = true;
    try {
      const env = await api.findTraces(params, { signal: abort.signal });
      const traces = Array.isArray(env.data) ? env.data : [];
      const summaries = traces.filter((t) => t?.spans?.length).map(summarizeTrace);
      lastResults = { summaries, warnings: env.errors || [], local: '' };
      renderResults();
    } catch (err) {
      if (isAbort(err)) return;
      lastResults = null;
      lastKey = null;
      setChildren(results, errorState(err, () => {
        if (!services) retryServices(false);
        runSearch(routeQuery);
      }, err.unreachable ? null : 'Search failed'));
    } finally {
      if (searchAbort === abort) {
        searchAbort = null;
        submit.disabled = false;
      }
    }
  }

  async function runTraceQl(q) {
    const range = q.get('start') && q.get('end')
      ? { start: Math.floor(Number(q.get('start')) / 1e6), end: Math.ceil(Number(q.get('end')) / 1e6) }
      : qlRange(q.get('lookback') || '1h');
    const abort = new AbortController();
    searchAbort = abort;
    ctx.signal.addEventListener('abort', () => abort.abort(), { once: true });
    plot?.destroy();
    list?.destroy();
    plot = list = null;
    setChildren(results, loadingState('Running the query…'));
    try {
      const body = await api.traceQl({ q: q.get('q'), ...range, limit: q.get('limit') || 20, spss: SPANS_PER_SET },
        { signal: abort.signal });
      lastResults = { summaries: traceQlSummaries(body), warnings: body.partial ? [body.partialReason] : [], local: '',
        query: q.get('q') };
      renderResults();
    } catch (err) {
      if (isAbort(err)) return;
      lastResults = null;
      lastKey = null;
      if (err.body?.line) ql.editor.check();
      setChildren(results, errorState(err, () => runTraceQl(routeQuery), err.status === 400 ? 'The query is not valid' : 'Search failed'));
    } finally {
      if (searchAbort === abort) searchAbort = null;
    }
  }

  fillForm(route.query);
  loadServices().then(() => {
    if (!lastResults && !searchAbort && services?.length && !isSearch(route.query) && route.query.get('source') !== 'file') showIntro();
  });
  runSearch(route.query);

  return {
    update(r) {
      routeQuery = r.query;
      if (queryKey(r.query) !== lastKey) fillForm(r.query);
      runSearch(r.query);
      return true;
    },
    unmount() {
      searchAbort?.abort();
      plot?.destroy();
      list?.destroy();
    },
  };
}

// App shell: navigation, link interception, global shortcuts, opening JSON files, view mounting.
import { installAuth } from './auth.js';
import { installTenant } from './tenant.js';
import { navigate, onRouteChange, parseLocation, traceUrl } from './router.js';
import { addLocalTraces, parseTraceFile } from './store.js';
import { isTyping } from './util.js';
import { toast, emptyState } from './states.js';
import * as searchView from './views/search.js';
import * as traceView from './views/trace.js';
import * as compareView from './views/compare.js';
import * as depsView from './views/deps.js';
import * as monitorView from './views/monitor.js';
import * as clusterView from './views/cluster.js';
import * as liveView from './views/live.js';

const VIEWS = {
  search: searchView,
  trace: traceView,
  compare: compareView,
  dependencies: depsView,
  monitor: monitorView,
  live: liveView,
  cluster: clusterView,
};
const NAV_FOR = { search: 'search', trace: 'search', compare: 'compare', dependencies: 'dependencies', monitor: 'monitor', live: 'live', cluster: 'cluster' };

installAuth(); // before any view calls the API
installTenant(); // over installAuth: a tenant is chosen once the server says who may call

const app = document.getElementById('app');
let current = null; // {name, view, instance, abort}

function render(route) {
  document.querySelectorAll('[data-nav]').forEach((a) => {
    const on = a.dataset.nav === NAV_FOR[route.name];
    a.classList.toggle('active', on);
    if (on) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  if (current && current.name === route.name && current.instance?.update && current.instance.update(route) !== false) {
    return;
  }
  if (current) {
    current.abort.abort();
    current.instance?.unmount?.();
  }
  app.textContent = '';
  app.className = `view view-${route.name}`;
  const abort = new AbortController();
  const module = VIEWS[route.name];
  if (!module) {
    document.title = 'Not found · Weft';
    app.append(emptyState('Page not found', `There is no page at ${route.path}.`,
      Object.assign(document.createElement('a'), { href: '/search', className: 'btn', textContent: 'Go to search' })));
    current = { name: route.name, instance: null, abort };
    return;
  }
  const instance = module.mount(app, route, { navigate, signal: abort.signal });
  current = { name: route.name, instance, abort };
}

// Same-origin links navigate through the router (modifier clicks keep browser behaviour).
document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target.closest('a');
  if (!a || a.hasAttribute('download') || a.target === '_blank') return;
  const href = a.getAttribute('href') || a.getAttribute('xlink:href');
  if (!href || !href.startsWith('/') || href.startsWith('//') || href.startsWith('/api/')) return;
  e.preventDefault();
  navigate(href);
});

// "/" focuses the page's search field; Escape leaves a field.
document.addEventListener('keydown', (e) => {
  if (e.key === '/' && !isTyping(document.activeElement) && !e.ctrlKey && !e.metaKey && !e.altKey) {
    const target = app.querySelector('[data-search-focus]') || document.getElementById('trace-lookup');
    if (target) {
      e.preventDefault();
      target.focus();
      target.select?.();
    }
  } else if (e.key === 'Escape' && isTyping(document.activeElement) && document.activeElement.id === 'trace-lookup') {
    document.activeElement.blur();
  }
});

// Trace ID lookup in the top bar.
document.getElementById('lookup-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const input = document.getElementById('trace-lookup');
  const id = input.value.trim();
  if (!id) return;
  const ids = id.split(/[\s,]+/).filter(Boolean);
  input.value = '';
  input.blur();
  navigate(ids.length >= 2 ? `/compare/${ids[0]}...${ids[1]}` : traceUrl(ids[0]));
});

// Opening Jaeger JSON files: button and drag-and-drop, no server round trip.
const fileInput = document.getElementById('file-input');
document.getElementById('open-file').addEventListener('click', () => fileInput.click());
fileInput.addEventListener('change', () => {
  if (fileInput.files[0]) openFile(fileInput.files[0]);
  fileInput.value = '';
});

export async function openFile(file) {
  let traces;
  try {
    traces = parseTraceFile(await file.text());
  } catch (err) {
    toast(`Could not open ${file.name}: ${err.message}`, 'error');
    return;
  }
  addLocalTraces(traces, file.name);
  toast(`Opened ${traces.length === 1 ? 'a trace' : `${traces.length} traces`} from ${file.name}`);
  navigate(traces.length === 1 ? traceUrl(traces[0].traceID) : '/search?source=file');
}

let dragDepth = 0;
const dropZone = document.getElementById('drop-overlay');
const hasFiles = (e) => [...(e.dataTransfer?.types || [])].includes('Files');
window.addEventListener('dragenter', (e) => {
  if (!hasFiles(e)) return;
  dragDepth++;
  dropZone.hidden = false;
});
window.addEventListener('dragleave', () => {
  if (--dragDepth <= 0) {
    dragDepth = 0;
    dropZone.hidden = true;
  }
});
window.addEventListener('dragover', (e) => {
  if (hasFiles(e)) e.preventDefault();
});
window.addEventListener('drop', (e) => {
  if (!hasFiles(e)) return;
  e.preventDefault();
  dragDepth = 0;
  dropZone.hidden = true;
  const f = e.dataTransfer.files[0];
  if (f) openFile(f);
});

onRouteChange(render);
render(parseLocation());

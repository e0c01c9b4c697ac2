// History API router. Paths:
//   / and /search?...      search
//   /trace/{id}[?span=]    trace view
//   /compare/{a}...{b}     compare two traces
//   /dependencies          service graph
//   /monitor[?service=]    span metrics (RED) per service and operation
//   /live, /cluster        cluster-feature pages

const ROUTES = [
  ['search', /^\/(?:search\/?)?$/],
  ['trace', /^\/trace\/([^/]+)\/?$/],
  ['compare', /^\/compare(?:\/([^/]*?)(?:\.\.\.([^/]*))?)?\/?$/],
  ['dependencies', /^\/dependencies\/?$/],
  ['monitor', /^\/monitor\/?$/],
  ['live', /^\/live\/?$/],
  ['cluster', /^\/cluster\/?$/],
];

export function parseLocation(loc = window.location) {
  const path = loc.pathname;
  const query = new URLSearchParams(loc.search);
  for (const [name, re] of ROUTES) {
    const m = re.exec(path);
    if (m) {
      const params = m.slice(1).map((p) => (p ? decodeURIComponent(p) : ''));
      return { name, params, query, path, href: path + loc.search };
    }
  }
  return { name: 'notfound', params: [], query, path, href: path + loc.search };
}

let listener = () => {};

export function onRouteChange(fn) {
  listener = fn;
  window.addEventListener('popstate', () => listener(parseLocation(), { pop: true }));
}

/** Pushes (or replaces) a history entry and renders it. */
export function navigate(url, { replace = false, state = null } = {}) {
  const cur = window.location.pathname + window.location.search;
  if (url === cur && !replace) replace = true;
  if (replace) history.replaceState(state, '', url);
  else history.pushState(state, '', url);
  listener(parseLocation(), { pop: false });
}

/** Changes the URL without rendering (view already shows that state). */
export function replaceUrl(url) {
  history.replaceState(history.state, '', url);
}

export function searchUrl(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `/search?${s}` : '/search';
}

export const traceUrl = (id, spanId) => `/trace/${encodeURIComponent(id)}${spanId ? `?span=${encodeURIComponent(spanId)}` : ''}`;
export const compareUrl = (a, b) => `/compare/${encodeURIComponent(a || '')}...${encodeURIComponent(b || '')}`;

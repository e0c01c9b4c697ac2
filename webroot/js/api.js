// Client for Weft's Jaeger-compatible query API (same origin).
// Every response is the classic envelope {data, total, limit, offset, errors:[{code,msg}]}.

export class ApiError extends Error {
  constructor(message, { status = 0, errors = [], unreachable = false, url = '' } = {}) {
    super(message);
    this.status = status;
    this.errors = errors;
    this.unreachable = unreachable;
    this.url = url;
  }
}

const TIMEOUT_MS = 60000;

function buildUrl(path, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v != null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

/** GETs an API path and returns the whole envelope; throws ApiError. */
export function apiGet(path, params, opts) {
  return apiCall('GET', path, params, opts);
}

/** Calls an API path with any method and returns the whole envelope; throws ApiError. */
export async function apiCall(method, path, params, { signal } = {}) {
  const url = buildUrl(path, params);
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(new DOMException('timeout', 'TimeoutError')), TIMEOUT_MS);
  const onAbort = () => ctl.abort(signal.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let res;
  try {
    res = await fetch(url, { method, signal: ctl.signal, headers: { Accept: 'application/json' } });
  } catch (e) {
    if (signal?.aborted) throw e; // navigation cancelled the request: callers ignore AbortError
    if (ctl.signal.aborted) {
      throw new ApiError(`The query API did not answer within ${TIMEOUT_MS / 1000}s.`, { unreachable: true, url });
    }
    throw new ApiError('Cannot reach the Weft query API. Is the query node running?', { unreachable: true, url });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  let body = null;
  const type = res.headers.get('content-type') || '';
  if (type.includes('json')) {
    try {
      body = await res.json();
    } catch {
      body = null;
    }
  }
  const errors = Array.isArray(body?.errors) ? body.errors : [];
  if (!res.ok) {
    const msg = errors.map((e) => e.msg).filter(Boolean).join('; ') || `${res.status} ${res.statusText}`.trim();
    throw new ApiError(msg, { status: res.status, errors, url, unreachable: res.status === 502 || res.status === 503 || res.status === 504 });
  }
  if (!body || typeof body !== 'object') {
    throw new ApiError('The server answered with something that is not the query API (no JSON envelope).', { status: res.status, url });
  }
  if (body.data == null && errors.length) {
    throw new ApiError(errors.map((e) => e.msg).join('; '), { status: res.status, errors, url });
  }
  return body;
}

/** GETs a Tempo-style path (no envelope): the JSON body; an error carries the server's JSON as body. */
export async function tempoGet(path, params, { signal } = {}) {
  const url = buildUrl(path, params);
  let res;
  try {
    res = await fetch(url, { signal, headers: { Accept: 'application/json' } });
  } catch (e) {
    if (signal?.aborted) throw e;
    throw new ApiError('Cannot reach the Weft query API. Is the query node running?', { unreachable: true, url });
  }
  let body = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (!res.ok) {
    const err = new ApiError(body?.error || `${res.status} ${res.statusText}`.trim(), { status: res.status, url });
    err.body = body;
    throw err;
  }
  return body;
}

export const api = {
  async services(opts) {
    const env = await apiGet('/api/services', null, opts);
    return (env.data || []).slice().sort((a, b) => a.localeCompare(b));
  },

  /** [{name, spanKind}] for a service; falls back to the older /api/services/S/operations. */
  async operations(service, opts) {
    try {
      const env = await apiGet('/api/operations', { service, spanKind: '' }, opts);
      return (env.data || []).map((o) => (typeof o === 'string' ? { name: o, spanKind: '' } : o));
    } catch (e) {
      if (e.status !== 404) throw e;
      const env = await apiGet(`/api/services/${encodeURIComponent(service)}/operations`, null, opts);
      return (env.data || []).map((name) => ({ name, spanKind: '' }));
    }
  },

  /** Returns the envelope: data is the list of traces, errors may hold partial failures. */
  findTraces(params, opts) {
    return apiGet('/api/traces', params, opts);
  },

  async trace(id, opts) {
    const env = await apiGet(`/api/traces/${encodeURIComponent(id)}`, null, opts);
    const t = Array.isArray(env.data) ? env.data[0] : env.data;
    if (!t) throw new ApiError(`Trace ${id} was not found.`, { status: 404 });
    return t;
  },

  /** Copies the trace into the archive store, which keeps it after the primary store has expired it. */
  archive(id, opts) {
    return apiCall('POST', `/api/archive/${encodeURIComponent(id)}`, null, opts);
  },

  async dependencies(endTs, lookback, opts) {
    const env = await apiGet('/api/dependencies', { endTs, lookback }, opts);
    return env.data || [];
  },

  /** TraceQL search (Tempo's /api/search): {traces: [...], metrics, partial?, partialReason?}. */
  traceQl(params, opts) {
    return tempoGet('/api/search', params, opts);
  },

  /** Resolves when the query parses; else throws with body {line, column, expected, found}. */
  checkTraceQl(q, opts) {
    return tempoGet('/api/traceql/check', { q }, opts);
  },

  /** {scope: [attribute names]} from /api/v2/search/tags. */
  async tagNames(range, opts) {
    const body = await tempoGet('/api/v2/search/tags', range, opts);
    const out = {};
    for (const s of body.scopes || []) out[s.name] = s.tags || [];
    return out;
  },

  /** [{type, value}] of a field ({@code resource.service.name}), narrowed by a query when it parses. */
  async tagValues(field, q, range, opts) {
    const body = await tempoGet(`/api/v2/search/tag/${encodeURIComponent(field)}/values`, { q, ...range }, opts);
    return body.tagValues || [];
  },

  /** The cluster admin endpoint; a 404 means this node has no cluster feature. */
  cluster(opts) {
    return apiGet('/api/admin/cluster', null, opts);
  },
};

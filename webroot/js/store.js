// Traces opened from JSON files (kept in memory and, when small enough, in sessionStorage so a
// reload of /trace/{id} still works) and a small cache of traces fetched from the API.
import { api } from './api.js';

const local = new Map(); // traceID -> raw trace (from a file)
const cache = new Map(); // traceID -> raw trace (from the API), LRU
const CACHE_MAX = 6;
const SESSION_KEY = 'weft.localTraces';
const SESSION_MAX_CHARS = 3_000_000;
let localFileName = '';

restoreSession();

function restoreSession() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(SESSION_KEY) || 'null');
    if (saved?.traces) {
      for (const t of saved.traces) local.set(t.traceID, t);
      localFileName = saved.fileName || '';
    }
  } catch {
    /* storage unavailable or corrupt: ignore */
  }
}

function saveSession() {
  try {
    const text = JSON.stringify({ fileName: localFileName, traces: [...local.values()] });
    if (text.length <= SESSION_MAX_CHARS) sessionStorage.setItem(SESSION_KEY, text);
    else sessionStorage.removeItem(SESSION_KEY);
  } catch {
    /* quota: the traces stay in memory only */
  }
}

export function isLocal(id) {
  return local.has(normalizeId(id));
}

export function localTraces() {
  return { fileName: localFileName, traces: [...local.values()] };
}

export function normalizeId(id) {
  return String(id || '').trim().toLowerCase();
}

/** Gets a trace: from a loaded file, the cache, or the API. */
export async function getTrace(id, opts) {
  const key = normalizeId(id);
  if (local.has(key)) return local.get(key);
  if (cache.has(key)) {
    const t = cache.get(key);
    cache.delete(key);
    cache.set(key, t);
    return t;
  }
  const t = await api.trace(key, opts);
  cache.set(key, t);
  while (cache.size > CACHE_MAX) cache.delete(cache.keys().next().value);
  return t;
}

/** Drops a cached API trace so the next getTrace refetches it. */
export function forget(id) {
  cache.delete(normalizeId(id));
}

/**
 * Parses the text of a Jaeger JSON file: {"data":[trace,...]}, {"data":trace}, a bare trace or an
 * array of traces. Returns the traces; throws Error with a readable message.
 */
export function parseTraceFile(text) {
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`The file is not valid JSON (${e.message}).`);
  }
  let list;
  if (Array.isArray(json)) list = json;
  else if (json && Array.isArray(json.data)) list = json.data;
  else if (json && json.data && typeof json.data === 'object') list = [json.data];
  else list = [json];
  const traces = [];
  list.forEach((t, i) => {
    if (!t || !Array.isArray(t.spans)) {
      throw new Error(`Entry ${i + 1} is not a Jaeger trace (it has no "spans" array). Expected {"data":[trace]} or a trace with traceID, spans and processes.`);
    }
    if (!t.spans.length) throw new Error(`Trace ${i + 1} has no spans.`);
    const traceID = normalizeId(t.traceID || t.spans[0].traceID);
    if (!traceID) throw new Error(`Trace ${i + 1} has no traceID.`);
    t.spans.forEach((s, j) => {
      if (!s || !s.spanID || typeof s.startTime !== 'number' || typeof s.duration !== 'number') {
        throw new Error(`Span ${j + 1} of trace ${traceID} lacks spanID, startTime or duration (numbers in µs).`);
      }
    });
    traces.push({ ...t, traceID, processes: t.processes || {} });
  });
  if (!traces.length) throw new Error('The file holds no traces.');
  return traces;
}

/** Stores traces read from a file; replaces any previously loaded file. */
export function addLocalTraces(traces, fileName) {
  local.clear();
  localFileName = fileName || '';
  for (const t of traces) local.set(t.traceID, t);
  saveSession();
}

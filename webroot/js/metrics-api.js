// Span metrics: Jaeger's metrics API (a MetricFamily per call) and Weft's summaries (the usual envelope).
import { apiGet } from './api.js';

/** Bucket width of the stored span metrics, ms (Jaeger's /api/metrics/minstep). */
export async function minStep(opts) {
  return (await apiGet('/api/metrics/minstep', null, opts)).data;
}

/** Jaeger's /api/metrics/{kind}: the MetricFamily. params: service, endTs, lookback, step, ratePer, spanKind[], quantile, groupByOperation. */
export function family(kind, params, opts) {
  const { spanKind = [], ...rest } = params;
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(rest)) if (v != null && v !== '') q.set(k, String(v));
  for (const k of spanKind) q.append('spanKind', k);
  return apiGet(`/api/metrics/${kind}?${q}`, null, opts);
}

function withKinds(path, params, kinds) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== '') q.set(k, String(v));
  for (const k of kinds || []) q.append('spanKind', k);
  return `${path}?${q}`;
}

export async function services(params, kinds, opts) {
  return (await apiGet(withKinds('/api/spanmetrics/services', params, kinds), null, opts)).data || [];
}

export async function operations(params, kinds, opts) {
  return (await apiGet(withKinds('/api/spanmetrics/operations', params, kinds), null, opts)).data || [];
}

export async function edges(params, opts) {
  return (await apiGet(withKinds('/api/spanmetrics/edges', params, []), null, opts)).data || [];
}

/** A family's points as numbers (jsonpb writes NaN as "NaN": null here), keyed by operation or service. */
export function series(fam) {
  const out = new Map();
  for (const m of fam.metrics || []) {
    const labels = Object.fromEntries((m.labels || []).map((l) => [l.name, l.value]));
    const points = m.metricPoints || [];
    out.set(labels.operation ?? labels.service_name, {
      times: points.map((p) => Date.parse(p.timestamp)),
      values: points.map((p) => (typeof p.gaugeValue?.doubleValue === 'number' ? p.gaugeValue.doubleValue : null)),
    });
  }
  return out;
}

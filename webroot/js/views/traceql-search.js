// TraceQL on the search page: the query panel beside the form, and Tempo's search answers as the
// summaries the results list and scatter plot draw (with each trace's matched spans).
import { h } from '../util.js';
import { createQueryEditor } from './query-editor.js';

/** Spans shown per matched spanset: the trace page highlights every one of them. */
export const SPANS_PER_SET = 100;

/** Tempo's /api/search answer as result summaries; each carries its matched spans. */
export function traceQlSummaries(body) {
  return (body.traces || []).map((t) => {
    const stats = Object.entries(t.serviceStats || {}).map(([name, s]) => ({ name, count: s.spanCount || 0, errors: s.errorCount || 0 }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
    const sets = t.spanSets || (t.spanSet ? [t.spanSet] : []);
    const spans = [];
    let matched = 0;
    for (const set of sets) {
      matched += set.matched || 0;
      for (const s of set.spans || []) {
        if (!spans.some((x) => x.spanID === s.spanID)) {
          spans.push({
            spanID: s.spanID,
            name: s.name || '',
            duration: Number(s.durationNanos || 0) / 1000,
            attributes: (s.attributes || []).map((a) => `${a.key}=${attributeText(a.value)}`),
          });
        }
      }
    }
    return {
      traceID: t.traceID,
      rootService: t.rootServiceName || '',
      rootOperation: t.rootTraceName || '',
      start: Number(t.startTimeUnixNano || 0) / 1000,
      duration: (t.durationMs || 0) * 1000,
      spanCount: stats.reduce((n, s) => n + s.count, 0),
      errors: stats.reduce((n, s) => n + s.errors, 0),
      services: stats,
      matches: { matched, spans, groups: sets.map((s) => (s.attributes || []).map((a) => `${a.key}=${attributeText(a.value)}`)) },
    };
  });
}

function attributeText(v) {
  if (!v) return '';
  if ('stringValue' in v) return v.stringValue;
  if ('intValue' in v) return String(v.intValue);
  if ('doubleValue' in v) return String(v.doubleValue);
  if ('boolValue' in v) return String(v.boolValue);
  return JSON.stringify(v);
}

/**
 * The TraceQL panel: editor, run button and help. opts: {value, onRun(text), range(), signal, extra: [fields]}.
 */
export function traceQlPanel(opts) {
  const editor = createQueryEditor({ value: opts.value, onRun: (t) => run(t), range: opts.range, signal: opts.signal });
  const runBtn = h('button', { class: 'btn btn-primary find-btn', type: 'button', onclick: () => run(editor.value()) }, 'Run query');
  async function run(text) {
    if (!text.trim()) return;
    if (await editor.check()) opts.onRun(text);
  }
  const el = h('div', { class: 'traceql-panel' },
    h('div', { class: 'field' }, h('label', { for: 'f-traceql' }, 'TraceQL'), editor.el,
      h('div', { class: 'field-help' }, h('kbd', null, 'Ctrl'), '+', h('kbd', null, 'Enter'), ' runs · ',
        h('kbd', null, 'Ctrl'), '+', h('kbd', null, 'Space'), ' suggests · e.g. ',
        h('code', null, '{ status = error } >> { duration > 200ms }'))),
    ...(opts.extra || []),
    runBtn);
  return { el, editor, run: () => run(editor.value()) };
}

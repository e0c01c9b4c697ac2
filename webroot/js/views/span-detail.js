// Span details panel: tags, process, logs (times relative to trace start), references, warnings.
import { h, fmtDuration, fmtDateTime, serviceColor, valueText, copyText, plural } from '../util.js';
import { isErrorTag } from '../trace-model.js';
import { traceUrl } from '../router.js';
import { toast } from '../states.js';

function kvTable(items, { errorKeys = false } = {}) {
  if (!items?.length) return h('div', { class: 'sd-none' }, 'None');
  return h('table', { class: 'kv' }, h('tbody', null, items.map((t) =>
    h('tr', { class: errorKeys && isErrorTag(t) ? 'error-tag' : '' }, h('td', null, t.key), h('td', null, valueText(t.value))))));
}

function section(title, count, body, open = true, cls = '') {
  return h('details', { class: `sd-section ${cls}`, open },
    h('summary', null, title, count != null ? h('span', { class: 'sd-count' }, count) : null), body);
}

/**
 * Builds the panel for span i. opts: {onClose(), onSelectSpan(i), traceId, local}
 */
export function spanDetail(model, i, opts) {
  const sp = model.spans[i];
  const color = serviceColor(sp.service);
  const parent = sp.parent >= 0 ? model.spans[sp.parent] : null;
  const pct = (v) => `${(v / Math.max(1, model.duration)) * 100}%`;
  const spanLink = `${location.origin}${traceUrl(model.traceID, sp.spanID)}`;

  const refs = sp.references.map((r) => {
    const j = r.traceID === model.traceID || !r.traceID ? model.byId.get(r.spanID) : undefined;
    const target = j != null
      ? h('button', { class: 'linklike', type: 'button', onclick: () => opts.onSelectSpan(j) },
        `${model.spans[j].service}: ${model.spans[j].operationName}`)
      : h('a', { href: traceUrl(r.traceID || model.traceID, r.spanID) }, r.traceID && r.traceID !== model.traceID ? 'span in another trace' : 'span not in this trace');
    return h('tr', null, h('td', null, r.refType || 'CHILD_OF'), h('td', null, target, h('div', { class: 'faint mono' }, `${r.traceID ? `${r.traceID.slice(0, 16)}… / ` : ''}${r.spanID}`)));
  });

  // Links: followable to the span, here or in its own trace.
  const links = sp.links.map((r) => {
    const here = !r.traceID || r.traceID === model.traceID;
    const j = here ? model.byId.get(r.spanID) : undefined;
    const target = j != null
      ? h('button', { class: 'linklike sd-link', type: 'button', onclick: () => opts.onSelectSpan(j) },
        `${model.spans[j].service}: ${model.spans[j].operationName}`)
      : h('a', { class: 'sd-link', href: traceUrl(r.traceID || model.traceID, r.spanID) },
        here ? 'span not in this trace' : `span in trace ${r.traceID.slice(0, 16)}…`);
    return h('tr', null, h('td', null, (r.refType || 'CHILD_OF').toLowerCase().replace('_', ' ')),
      h('td', null, target, h('div', { class: 'faint mono' }, `${here ? '' : `${r.traceID} / `}${r.spanID}`)));
  });

  const logs = sp.logs.map((l) => h('div', { class: 'sd-log' },
    h('div', { class: 'sd-log-time' },
      h('b', null, `+${fmtDuration(l.timestamp - model.start)}`),
      h('span', { class: 'faint' }, ` (span +${fmtDuration(l.timestamp - sp.startTime)}) · ${fmtDateTime(l.timestamp)}`)),
    kvTable(l.fields, { errorKeys: true })));

  const warnings = [...sp.warnings];
  if (model.orphans.includes(i)) warnings.push('The parent span referenced by this span is not in the trace.');
  if (parent && (sp.startTime < parent.startTime || sp.startTime + sp.duration > parent.startTime + parent.duration) && sp.parentRef === 'CHILD_OF') {
    warnings.push('This span is not contained in its parent span\u2019s time range (clock skew or async work).');
  }

  const closeBtn = h('button', { class: 'btn btn-ghost btn-sm sd-close', type: 'button', 'aria-label': 'Close span details', title: 'Close (Esc)', onclick: () => opts.onClose() }, '✕');
  const panel = h('aside', { class: 'span-detail', 'aria-label': 'Span details', tabindex: -1 },
    h('div', { class: 'sd-head', style: { borderTopColor: color } },
      h('div', { class: 'sd-svc' }, h('span', { class: 'swatch', style: { background: color } }), sp.service,
        sp.hasError ? h('span', { class: 'badge badge-error' }, 'Error') : null,
        sp.kind ? h('span', { class: 'badge' }, sp.kind) : null),
      h('h2', { class: 'sd-op' }, sp.operationName || '(no operation name)'),
      closeBtn),
    h('div', { class: 'sd-meta' },
      meta('Duration', fmtDuration(sp.duration)),
      meta('Start', `+${fmtDuration(sp.rel)}`),
      meta('Self time', fmtDuration(sp.self)),
      meta('Critical', model.critical.onPath[i] ? 'on path' : '—'),
      meta('Depth', String(sp.depth)),
      meta('Children', String(sp.children.length))),
    h('div', { class: 'sd-track', title: 'Position in the trace' },
      h('div', { style: { left: pct(sp.rel), width: `max(2px, ${pct(sp.duration)})`, background: color } })),
    h('div', { class: 'sd-ids' },
      h('span', { class: 'faint' }, 'Span ID '), h('code', null, sp.spanID),
      parent ? [h('span', { class: 'faint' }, ' · parent '), h('button', { class: 'linklike mono', type: 'button', onclick: () => opts.onSelectSpan(parent.i) }, parent.spanID)] : null,
      h('button', { class: 'btn btn-sm', type: 'button', title: 'Copy a link to this span', onclick: async () => {
        toast((await copyText(spanLink)) ? 'Link to span copied' : spanLink);
      } }, 'Copy link')),
    warnings.length ? section('Warnings', warnings.length, h('ul', { class: 'sd-warnings' }, warnings.map((w) => h('li', null, w))), true, 'sd-warn') : null,
    section('Tags', sp.tags.length, kvTable(sp.tags, { errorKeys: true })),
    section('Process', (sp.process.tags || []).length, kvTable([{ key: 'service.name', value: sp.process.serviceName || sp.service }, ...(sp.process.tags || [])]), false),
    links.length ? section('Links', links.length, h('table', { class: 'kv refs sd-links' }, h('tbody', null, links)), true) : null,
    section('Logs', sp.logs.length, logs.length ? h('div', { class: 'sd-logs' }, logs) : h('div', { class: 'sd-none' }, 'None'), sp.logs.length > 0),
    section('References', sp.references.length, refs.length ? h('table', { class: 'kv refs' }, h('tbody', null, refs)) : h('div', { class: 'sd-none' }, 'Root span (no references)'), false),
    h('div', { class: 'sd-foot faint' }, `${plural(sp.tags.length, 'tag')} · started ${fmtDateTime(sp.startTime)}`));
  return panel;
}

function meta(label, value) {
  return h('div', { class: 'sd-m' }, h('div', { class: 'sd-m-l' }, label), h('div', { class: 'sd-m-v' }, value));
}

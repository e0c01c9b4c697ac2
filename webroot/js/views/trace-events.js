// All span events (logs) of a trace on one list, in time order: when, which span, the event's
// name and fields. Filter as you type; click to open the span.
import { h, setChildren, fmtDuration, serviceColor, valueText, plural } from '../util.js';

const NAME_KEYS = ['event', 'message', 'msg'];

/** Every log of every span, earliest first: {span, time, name, fields}. */
export function traceEvents(model) {
  const out = [];
  for (const sp of model.spans) {
    for (const l of sp.logs) {
      const fields = l.fields || [];
      const named = fields.find((f) => NAME_KEYS.includes(f.key));
      out.push({ span: sp, time: l.timestamp, name: named ? valueText(named.value) : '', fields: fields.filter((f) => f !== named) });
    }
  }
  return out.sort((a, b) => a.time - b.time);
}

/** opts: {onSelect(i)}. Returns {destroy()}. */
export function createEventsList(container, model, opts) {
  const events = traceEvents(model);
  const filter = h('input', { type: 'search', class: 'st-filter', placeholder: 'Filter events…', 'aria-label': 'Filter events', spellcheck: 'false' });
  const count = h('span', { class: 'faint st-count' });
  const list = h('div', { class: 'ev-list', role: 'list' });
  const root = h('div', { class: 'trace-events' }, h('div', { class: 'stats-bar' }, filter, count), list);
  container.append(root);
  filter.addEventListener('input', () => draw());

  function draw() {
    const terms = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    const shown = events.filter((e) => {
      if (!terms.length) return true;
      const text = [e.span.service, e.span.operationName, e.name, ...e.fields.map((f) => `${f.key}=${valueText(f.value)}`)].join('\n').toLowerCase();
      return terms.every((t) => text.includes(t));
    });
    count.textContent = shown.length === events.length ? plural(events.length, 'event') : `${shown.length} of ${plural(events.length, 'event')}`;
    if (!events.length) {
      setChildren(list, h('div', { class: 'sd-none' }, 'No span in this trace has events or logs.'));
      return;
    }
    setChildren(list, shown.map((e) => h('div', { class: 'ev', role: 'listitem', tabindex: 0, dataset: { span: e.span.spanID },
      onclick: () => opts.onSelect?.(e.span.i), onkeydown: (k) => { if (k.key === 'Enter') opts.onSelect?.(e.span.i); } },
    h('div', { class: 'ev-time' }, h('b', null, `+${fmtDuration(e.time - model.start)}`)),
    h('div', { class: 'ev-span' }, h('span', { class: 'swatch', style: { background: serviceColor(e.span.service) } }),
      ` ${e.span.service}: `, h('span', { class: 'ev-op' }, e.span.operationName)),
    h('div', { class: 'ev-name' }, e.name || h('span', { class: 'faint' }, '(log)')),
    h('div', { class: 'ev-fields mono' }, e.fields.map((f) => h('span', { class: 'ev-field' }, `${f.key}=${valueText(f.value)}`))))));
  }

  draw();
  return { destroy: () => root.remove() };
}

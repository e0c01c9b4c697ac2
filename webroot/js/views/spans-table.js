// Every span of a trace in a table: sort by any column, filter as you type, click to open a span.
import { h, setChildren, fmtDuration, serviceColor, plural } from '../util.js';

const MAX_ROWS = 1000;
const COLS = [
  ['service', 'Service', false, (sp) => sp.service],
  ['operation', 'Operation', false, (sp) => sp.operationName],
  ['start', 'Start', true, (sp) => sp.rel],
  ['duration', 'Duration', true, (sp) => sp.duration],
  ['self', 'Self time', true, (sp) => sp.self],
  ['kind', 'Kind', false, (sp) => sp.kind],
  ['children', 'Children', true, (sp) => sp.children.length],
  ['error', 'Error', false, (sp) => (sp.hasError ? 'error' : '')],
  ['spanID', 'Span ID', false, (sp) => sp.spanID],
];

/** opts: {onSelect(i)}. Returns {setMatches(set), destroy()}. */
export function createSpansTable(container, model, opts) {
  let sortKey = 'start';
  let asc = true;
  let matches = null;
  const filter = h('input', { type: 'search', class: 'st-filter', placeholder: 'Filter spans…', 'aria-label': 'Filter spans', spellcheck: 'false' });
  const count = h('span', { class: 'faint st-count' });
  const body = h('div', { class: 'st-wrap' });
  const root = h('div', { class: 'spans-table' }, h('div', { class: 'stats-bar' }, filter, count), body);
  container.append(root);
  filter.addEventListener('input', () => draw());

  function draw() {
    const terms = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    const col = COLS.find((c) => c[0] === sortKey);
    let rows = model.spans.filter((sp) => {
      if (!terms.length) return true;
      const text = `${sp.service}\n${sp.operationName}\n${sp.spanID}\n${sp.kind}`.toLowerCase();
      return terms.every((t) => text.includes(t));
    });
    rows.sort((a, b) => {
      const x = col[3](a);
      const y = col[3](b);
      const d = typeof x === 'string' ? x.localeCompare(y) : x - y;
      return asc ? d : -d;
    });
    const total = rows.length;
    rows = rows.slice(0, MAX_ROWS);
    count.textContent = total > MAX_ROWS ? `showing ${MAX_ROWS.toLocaleString()} of ${plural(total, 'span')}; sort or filter to see others` : plural(total, 'span');
    const table = h('table', { class: 'table spans' },
      h('thead', null, h('tr', null, COLS.map(([k, label, num]) => h('th', {
        class: `sortable${num ? ' num' : ''}${k === sortKey ? ` sorted${asc ? ' asc' : ''}` : ''}`, tabindex: 0, dataset: { col: k },
        'aria-sort': k === sortKey ? (asc ? 'ascending' : 'descending') : 'none',
        onclick: () => sortBy(k, num),
        onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sortBy(k, num); } },
      }, label)))),
      h('tbody', null, rows.map((sp) => h('tr', { class: `${sp.hasError ? 'err' : ''}${matches?.has(sp.i) ? ' match' : ''}`, tabindex: 0,
        dataset: { span: sp.spanID }, onclick: () => opts.onSelect?.(sp.i),
        onkeydown: (e) => { if (e.key === 'Enter') opts.onSelect?.(sp.i); } },
      h('td', null, h('span', { class: 'swatch', style: { background: serviceColor(sp.service) } }), ' ', sp.service),
      h('td', null, sp.operationName),
      h('td', { class: 'num' }, `+${fmtDuration(sp.rel)}`),
      h('td', { class: 'num' }, fmtDuration(sp.duration)),
      h('td', { class: 'num' }, fmtDuration(sp.self)),
      h('td', null, sp.kind),
      h('td', { class: 'num' }, String(sp.children.length)),
      h('td', null, sp.hasError ? h('span', { class: 'badge badge-error' }, 'error') : ''),
      h('td', { class: 'mono' }, sp.spanID)))));
    setChildren(body, table);
  }

  function sortBy(k, num) {
    if (sortKey === k) asc = !asc;
    else {
      sortKey = k;
      asc = !num;
    }
    draw();
  }

  draw();
  return {
    setMatches(set) {
      matches = set;
      draw();
    },
    destroy: () => root.remove(),
  };
}

// Trace statistics: per service / operation count, errors, total, avg, min, max and self time.
import { h, setChildren, fmtDuration, serviceColor } from '../util.js';
import { traceStats } from '../trace-model.js';

const COLS = [
  ['service', 'Service', false],
  ['operation', 'Operation', false],
  ['count', 'Spans', true],
  ['errors', 'Errors', true],
  ['total', 'Total', true],
  ['avg', 'Avg', true],
  ['min', 'Min', true],
  ['max', 'Max', true],
  ['selfTotal', 'Self total', true],
  ['selfAvg', 'Self avg', true],
  ['selfPct', 'Self % of trace', true],
];

export function createStats(container, model) {
  let byOp = true;
  let sortKey = 'selfTotal';
  let asc = false;
  const body = h('div', { class: 'stats-table-wrap' });
  const opBtn = h('button', { class: 'btn btn-sm on', type: 'button', onclick: () => { byOp = true; draw(); } }, 'Service + operation');
  const svcBtn = h('button', { class: 'btn btn-sm', type: 'button', onclick: () => { byOp = false; draw(); } }, 'Service');
  const root = h('div', { class: 'trace-stats' },
    h('div', { class: 'stats-bar' }, h('span', { class: 'subtle' }, 'Group by'), h('div', { class: 'btn-group' }, opBtn, svcBtn),
      h('span', { class: 'faint' }, 'Self time is a span\u2019s duration not covered by its children.')),
    body);
  container.append(root);

  function draw() {
    opBtn.classList.toggle('on', byOp);
    svcBtn.classList.toggle('on', !byOp);
    const rows = traceStats(model, byOp);
    const cols = byOp ? COLS : COLS.filter((c) => c[0] !== 'operation');
    rows.sort((a, b) => {
      const x = a[sortKey];
      const y = b[sortKey];
      const d = typeof x === 'string' ? x.localeCompare(y) : x - y;
      return asc ? d : -d;
    });
    const maxSelf = Math.max(...rows.map((r) => r.selfPct), 1);
    const fmt = (k, r) => {
      const v = r[k];
      if (k === 'service') return [h('span', { class: 'swatch', style: { background: serviceColor(v) } }), ' ', v];
      if (k === 'operation') return v;
      if (k === 'count') return v.toLocaleString();
      if (k === 'errors') return v ? h('span', { class: 'badge badge-error' }, v) : h('span', { class: 'faint' }, '0');
      if (k === 'selfPct') return h('span', { class: 'pct' }, h('i', { style: { width: `${(v / maxSelf) * 100}%` } }), `${v.toFixed(1)}%`);
      return fmtDuration(v);
    };
    const table = h('table', { class: 'table stats-table' },
      h('thead', null, h('tr', null, cols.map(([k, label, num]) => h('th', {
        class: `sortable${num ? ' num' : ''}${k === sortKey ? ` sorted${asc ? ' asc' : ''}` : ''}`,
        tabindex: 0,
        'aria-sort': k === sortKey ? (asc ? 'ascending' : 'descending') : 'none',
        onclick: () => sortBy(k, num),
        onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sortBy(k, num); } },
      }, label)))),
      h('tbody', null, rows.map((r) => h('tr', null, cols.map(([k, , num]) => h('td', { class: num ? 'num' : '' }, fmt(k, r)))))));
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
  return { destroy: () => root.remove() };
}

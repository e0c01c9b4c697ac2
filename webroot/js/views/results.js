// Search results: sortable list of trace summaries, selection for comparison, keyboard navigation.
import { h, fmtDuration, fmtClock, fmtDateTime, fmtAgo, plural, serviceColor } from '../util.js';
import { traceUrl, compareUrl } from '../router.js';

export const SORTS = {
  recent: ['Most recent', (a, b) => b.start - a.start],
  longest: ['Longest first', (a, b) => b.duration - a.duration],
  shortest: ['Shortest first', (a, b) => a.duration - b.duration],
  spans: ['Most spans', (a, b) => b.spanCount - a.spanCount || b.start - a.start],
  errors: ['Most errors', (a, b) => b.errors - a.errors || b.start - a.start],
};

function when(us) {
  const d = new Date(us / 1000);
  const today = new Date();
  const sameDay = d.toDateString() === today.toDateString();
  return sameDay ? `Today ${fmtClock(us).slice(0, 8)}` : fmtDateTime(us).slice(0, 19);
}

/** The spans a TraceQL query matched in a trace: the first few, and how many there are. */
function matchedSpans(s) {
  const { matched, spans, groups } = s.matches;
  const shown = spans.slice(0, 3);
  return h('div', { class: 'result-matches' },
    h('span', { class: 'badge badge-accent' }, `${matched} matched`),
    groups.filter((g) => g.length).map((g) => h('span', { class: 'chip match-group' }, g.join(' '))),
    shown.map((m) => h('span', { class: 'match', title: m.attributes.join('\n') },
      h('span', { class: 'match-name' }, m.name || m.spanID), h('span', { class: 'faint' }, ` ${fmtDuration(m.duration)}`),
      m.attributes.length ? h('span', { class: 'match-attrs mono' }, ` ${m.attributes.slice(0, 3).join(' ')}`) : null)),
    matched > shown.length ? h('span', { class: 'subtle' }, `+${matched - shown.length} more`) : null);
}

/**
 * Renders the list into container. opts: {sort, onSort(key), navigate, onHover(id), traceLink(summary)}.
 * Returns {highlight(id), destroy()}.
 */
export function resultsList(container, summaries, opts) {
  const selected = [];
  const maxDur = Math.max(1, ...summaries.map((s) => s.duration));
  const root = h('section', { class: 'results', 'aria-label': 'Search results' });
  const compareBtn = h('button', { class: 'btn btn-sm', type: 'button', disabled: true, onclick: () => {
    if (selected.length === 2) opts.navigate(compareUrl(selected[0], selected[1]));
  } }, 'Compare');
  const sortSel = h('select', { class: 'sort-select', 'aria-label': 'Sort results', onchange: () => opts.onSort(sortSel.value) },
    Object.entries(SORTS).map(([k, [label]]) => h('option', { value: k, selected: k === opts.sort }, label)));
  const head = h('div', { class: 'results-head' },
    h('h2', null, plural(summaries.length, 'Trace')),
    h('span', { class: 'spacer' }),
    h('span', { class: 'subtle compare-hint' }, 'Select two to compare'),
    compareBtn,
    h('label', { class: 'sort-label' }, h('span', { class: 'subtle' }, 'Sort'), sortSel));
  const list = h('div', { class: 'result-list', role: 'list' });
  root.append(head, list);

  const rows = new Map();
  const updateSelection = () => {
    compareBtn.disabled = selected.length !== 2;
    compareBtn.textContent = selected.length ? `Compare (${selected.length}/2)` : 'Compare';
    for (const [id, el] of rows) {
      const on = selected.includes(id);
      el.classList.toggle('picked', on);
      el.querySelector('input[type=checkbox]').checked = on;
    }
  };

  const sorted = [...summaries].sort(SORTS[opts.sort]?.[1] || SORTS.recent[1]);
  const linkOf = (s) => opts.traceLink?.(s) || traceUrl(s.traceID);
  for (const s of sorted) {
    const check = h('input', { type: 'checkbox', 'aria-label': `Select trace ${s.traceID.slice(0, 7)} for comparison`, onclick: (e) => e.stopPropagation(), onchange: (e) => {
      const i = selected.indexOf(s.traceID);
      if (e.target.checked && i < 0) {
        selected.push(s.traceID);
        if (selected.length > 2) selected.shift();
      } else if (!e.target.checked && i >= 0) {
        selected.splice(i, 1);
      }
      updateSelection();
    } });
    const row = h('div', { class: 'result', role: 'listitem', tabindex: 0, dataset: { id: s.traceID },
      onmouseenter: () => opts.onHover?.(s.traceID), onmouseleave: () => opts.onHover?.(null),
      onclick: (e) => {
        if (e.target.closest('a, input, button')) return;
        opts.navigate(linkOf(s));
      } },
    h('div', { class: 'result-top' },
      check,
      h('a', { class: 'result-title', href: linkOf(s) },
        h('span', { class: 'swatch', style: { background: serviceColor(s.rootService) } }),
        h('span', { class: 'rt-svc' }, s.rootService), h('span', { class: 'rt-sep' }, ': '),
        h('span', { class: 'rt-op' }, s.rootOperation)),
      h('span', { class: 'result-id mono' }, s.traceID.slice(0, 7)),
      h('span', { class: 'spacer' }),
      h('span', { class: 'result-time', title: fmtDateTime(s.start) }, when(s.start), h('span', { class: 'faint' }, ` · ${fmtAgo(s.start)}`)),
      h('span', { class: 'result-dur' }, fmtDuration(s.duration))),
    h('div', { class: 'result-bar', 'aria-hidden': 'true' },
      h('div', { class: s.errors ? 'err' : '', style: { width: `${Math.max(0.5, (100 * s.duration) / maxDur)}%` } })),
    h('div', { class: 'result-meta' },
      h('span', { class: 'badge' }, plural(s.spanCount, 'Span')),
      s.errors ? h('span', { class: 'badge badge-error' }, plural(s.errors, 'Error')) : null,
      h('span', { class: 'result-services' }, s.services.slice(0, 8).map((sv) =>
        h('span', { class: `chip${sv.errors ? ' error-chip' : ''}`, title: `${sv.name}: ${plural(sv.count, 'span')}${sv.errors ? `, ${plural(sv.errors, 'error')}` : ''}` },
          h('span', { class: 'swatch', style: { background: serviceColor(sv.name) } }), sv.name, h('span', { class: 'count' }, sv.count))),
      s.services.length > 8 ? h('span', { class: 'subtle' }, `+${s.services.length - 8} more`) : null),
    s.matches ? matchedSpans(s) : null));
    row.dataset.link = linkOf(s);
    rows.set(s.traceID, row);
    list.append(row);
  }

  list.addEventListener('keydown', (e) => {
    const row = e.target.closest('.result');
    if (!row || e.target !== row) return;
    let next = null;
    if (e.key === 'ArrowDown') next = row.nextElementSibling;
    else if (e.key === 'ArrowUp') next = row.previousElementSibling;
    else if (e.key === 'Home') next = list.firstElementChild;
    else if (e.key === 'End') next = list.lastElementChild;
    else if (e.key === 'Enter') {
      e.preventDefault();
      opts.navigate(row.dataset.link);
      return;
    } else if (e.key === ' ') {
      e.preventDefault();
      row.querySelector('input[type=checkbox]').click();
      return;
    }
    if (next) {
      e.preventDefault();
      next.focus();
    }
  });
  container.append(root);
  updateSelection();
  return {
    highlight(id) {
      for (const [tid, el] of rows) el.classList.toggle('hot', tid === id);
    },
    destroy() {
      root.remove();
    },
  };
}

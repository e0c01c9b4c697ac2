// "Live" and "Cluster" pages. Both need the cluster/event-bus feature; this node reports it through
// GET /api/admin/cluster. A 404 means the feature is not on this node: say so, show no fake data.
import { h, setChildren, valueText } from '../util.js';
import { api } from '../api.js';
import { loadingState, errorState, infoState, isAbort } from '../states.js';

const TEXT = {
  live: {
    title: 'Live',
    what: 'Live shows spans as they arrive, streamed from the collectors over the cluster event bus.',
  },
  cluster: {
    title: 'Cluster',
    what: 'Cluster shows the Weft nodes in this cluster, their roles and their health.',
  },
};

/** Renders any JSON value as nested tables (no assumptions about its shape). */
function jsonView(v) {
  if (Array.isArray(v)) {
    if (v.length && v.every((x) => x && typeof x === 'object' && !Array.isArray(x))) {
      const cols = [...new Set(v.flatMap((x) => Object.keys(x)))];
      return h('table', { class: 'table' }, h('thead', null, h('tr', null, cols.map((c) => h('th', null, c)))),
        h('tbody', null, v.map((x) => h('tr', null, cols.map((c) => h('td', null, x[c] != null && typeof x[c] === 'object' ? jsonView(x[c]) : valueText(x[c])))))));
    }
    return h('ul', null, v.map((x) => h('li', null, typeof x === 'object' ? jsonView(x) : valueText(x))));
  }
  if (v && typeof v === 'object') {
    return h('table', { class: 'kv' }, h('tbody', null, Object.entries(v).map(([k, x]) =>
      h('tr', null, h('td', null, k), h('td', null, x && typeof x === 'object' ? jsonView(x) : valueText(x))))));
  }
  return h('span', null, valueText(v));
}

export function mount(el, route, ctx) {
  const kind = route.name === 'live' ? 'live' : 'cluster';
  const t = TEXT[kind];
  document.title = `${t.title} · Weft`;
  const body = h('div', { class: 'cluster-body' });
  el.append(h('div', { class: 'page cluster-page' }, h('div', { class: 'page-head' }, h('h1', null, t.title)), body));

  async function load() {
    setChildren(body, loadingState('Checking the cluster API…'));
    let env;
    try {
      env = await api.cluster({ signal: ctx.signal });
    } catch (err) {
      if (isAbort(err)) return;
      if (err.status === 404) {
        setChildren(body, infoState('Not available on this node',
          h('span', null, t.what, ' This node does not run the cluster feature: ', h('code', null, 'GET /api/admin/cluster'),
            ' answered 404. Start Weft with clustering enabled to use this page.'),
          h('a', { class: 'btn', href: '/search' }, 'Go to search'),
          h('button', { class: 'btn', type: 'button', onclick: load }, 'Check again')));
        body.firstChild.classList.add('state-unavailable');
        return;
      }
      setChildren(body, errorState(err, load));
      return;
    }
    const data = env.data ?? env;
    if (kind === 'live') {
      setChildren(body, infoState('Cluster API found',
        'This node answers the cluster API, but live span streaming is not part of this version of the UI yet. The cluster status reported by the node is shown below.'),
      h('div', { class: 'card cluster-json' }, jsonView(data)));
    } else {
      setChildren(body, h('p', { class: 'subtle' }, 'As reported by GET /api/admin/cluster:'), h('div', { class: 'card cluster-json' }, jsonView(data)));
    }
  }

  load();
  return { unmount() {} };
}

// Cluster page: the members of a Weft cluster, the roles each runs (pinned, assigned by the
// cluster, running now) and the desired count per role, refreshed every few seconds. When the node
// allows it (--query.admin-enabled) the counts can be changed here. A 404 from
// GET /api/admin/cluster means the node is not clustered: say so, show no fake data.
import { h, setChildren, plural } from '../util.js';
import { api } from '../api.js';
import { loadingState, errorState, infoState, isAbort, toast } from '../states.js';

const REFRESH_MS = 3000;

function badges(list, kind) {
  return list?.length ? list.map((r) => h('span', { class: `badge ${kind}` }, r)) : h('span', { class: 'subtle' }, '–');
}

function statusBadge(m) {
  if (!m.reachable) return h('span', { class: 'badge badge-error' }, 'unreachable');
  if (m.leaving) return h('span', { class: 'badge badge-warn' }, 'leaving');
  return h('span', { class: `badge ${m.status === 'ready' ? 'badge-ok' : 'badge-warn'}` }, m.status);
}

function rolesTable(view, edits) {
  const names = Object.keys(view.roles || {}).sort();
  for (const r of view.available || []) if (!names.includes(r)) names.push(r);
  return h('table', { class: 'table cluster-roles' },
    h('thead', null, h('tr', null, ['Role', 'Desired', 'Pinned', 'Planned', 'Running', 'Unmet'].map((c, i) =>
      h('th', { class: i ? 'num' : null }, c)))),
    h('tbody', null, names.map((r) => {
      const x = view.roles?.[r] || { pinned: 0, planned: 0, running: 0, unmet: 0 };
      const desired = view.adminEnabled && (view.available || []).includes(r)
        ? h('input', { type: 'number', min: 0, max: 1000, class: 'role-count', 'aria-label': `Desired ${r} count`,
          dataset: { role: r }, value: edits[r] ?? (x.desired ?? ''), oninput: (e) => { edits[r] = e.target.value; } })
        : (x.desired ?? '–');
      return h('tr', { dataset: { role: r } }, h('td', null, r), h('td', { class: 'num' }, desired),
        h('td', { class: 'num' }, x.pinned), h('td', { class: 'num' }, x.planned),
        h('td', { class: `num${x.running < x.planned ? ' warn' : ''}` }, x.running),
        h('td', { class: 'num' }, x.unmet ? h('span', { class: 'badge badge-warn' }, x.unmet) : 0));
    })));
}

function membersTable(view) {
  return h('table', { class: 'table cluster-members' },
    h('thead', null, h('tr', null, ['Member', 'Cluster address', 'Admin', 'Pinned', 'Assigned', 'Running', 'Status']
      .map((c) => h('th', null, c)))),
    h('tbody', null, (view.members || []).map((m) => h('tr', { dataset: { member: m.id } },
      h('td', { title: m.id }, h('code', null, m.id.slice(0, 8)), m.self ? h('span', { class: 'subtle' }, ' (this node)') : null),
      h('td', null, m.address), h('td', null, m.admin),
      h('td', null, badges(m.pinned, ''), m.eligible ? h('span', { class: 'subtle' }, ' +any') : null),
      h('td', null, badges(m.assigned, 'badge-accent')),
      h('td', null, badges(m.running, 'badge-ok'),
        Object.entries(m.failed || {}).map(([r, why]) => h('span', { class: 'badge badge-error', title: why }, `${r} failed`))),
      h('td', null, statusBadge(m))))));
}

export function mount(el, route, ctx) {
  document.title = 'Cluster · Weft';
  const body = h('div', { class: 'cluster-body' });
  el.append(h('div', { class: 'page cluster-page' }, h('div', { class: 'page-head' }, h('h1', null, 'Cluster')), body));
  const edits = {};
  let timer = null;
  let stopped = false;

  async function apply() {
    const counts = {};
    for (const [r, v] of Object.entries(edits)) {
      if (v === '') continue;
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) { toast(`The count of ${r} must be a whole number`, 'error'); return; }
      counts[r] = n;
    }
    if (!Object.keys(counts).length) return;
    const res = await fetch('/api/admin/roles', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(counts) });
    const answer = await res.json().catch(() => ({}));
    if (!res.ok) { toast(answer.error || `HTTP ${res.status}`, 'error'); return; }
    for (const k of Object.keys(edits)) delete edits[k];
    toast('Role counts set; the cluster is arranging itself');
    load(false);
  }

  function render(view) {
    const counts = view.members?.length ?? 0;
    const editing = document.activeElement?.classList?.contains('role-count');
    if (editing) return; // do not redraw under the user's cursor
    setChildren(body,
      h('p', { class: 'subtle' }, `${plural(counts, 'member')} · refreshed every ${REFRESH_MS / 1000} s from GET /api/admin/cluster`),
      h('div', { class: 'card cluster-card' }, h('h2', null, 'Roles'), rolesTable(view, edits),
        view.adminEnabled
          ? h('div', { class: 'cluster-actions' }, h('button', { class: 'btn btn-primary', type: 'button', onclick: apply }, 'Apply counts'))
          : h('p', { class: 'subtle' }, 'Read-only: start a node with --query.admin-enabled=true to change counts here, or use `weft roles`.')),
      h('div', { class: 'card cluster-card' }, h('h2', null, 'Members'), membersTable(view)));
  }

  async function load(first) {
    clearTimeout(timer);
    if (first) setChildren(body, loadingState('Checking the cluster API…'));
    let env;
    try {
      env = await api.cluster({ signal: ctx.signal });
    } catch (err) {
      if (isAbort(err) || stopped) return;
      if (err.status === 404) {
        setChildren(body, infoState('Not available on this node',
          h('span', null, 'Cluster shows the Weft nodes in this cluster, their roles and their health. This node does not run the cluster feature: ',
            h('code', null, 'GET /api/admin/cluster'), ' answered 404. Start Weft with --cluster to use this page.'),
          h('a', { class: 'btn', href: '/search' }, 'Go to search'),
          h('button', { class: 'btn', type: 'button', onclick: () => load(true) }, 'Check again')));
        body.firstChild.classList.add('state-unavailable');
        return;
      }
      setChildren(body, errorState(err, () => load(true)));
      return;
    }
    if (stopped) return;
    render(env.data ?? env);
    timer = setTimeout(() => load(false), REFRESH_MS);
  }

  load(true);
  return { unmount() { stopped = true; clearTimeout(timer); } };
}

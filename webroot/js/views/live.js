// Live page: spans of a chosen service as collectors store them, streamed over the event bus
// (the query port's SockJS bridge, used here as a plain WebSocket at /eventbus/websocket:
// frames are JSON {type, address, body}). Pausable: while paused, new spans wait (up to a limit).
import { h, setChildren, fmtDuration, fmtClock, serviceColor, plural } from '../util.js';
import { api } from '../api.js';
import { isAbort } from '../states.js';
import { askForToken, frameHeaders } from '../auth.js';
import { tenant, liveAddress, busQuery } from '../tenant.js';

const MAX_ROWS = 500;
const PING_MS = 5000;
const LIVE = 'weft.spans.live';

/** Rows from a live message body: {service, data: [trace {spans, processes}]}. */
function rowsOf(body) {
  const rows = [];
  for (const t of body?.data || []) {
    for (const s of t.spans || []) {
      const p = t.processes?.[s.processID] || {};
      const error = (s.tags || []).some((x) => x.key === 'error' && (x.value === true || x.value === 'true'));
      rows.push({ traceID: s.traceID, spanID: s.spanID, service: p.serviceName || '', op: s.operationName, start: s.startTime, duration: s.duration, error });
    }
  }
  return rows;
}

export function mount(el, route, ctx) {
  document.title = 'Live · Weft';
  const select = h('select', { 'aria-label': 'Service', class: 'live-service' }, h('option', { value: '' }, 'All services'));
  const pauseBtn = h('button', { class: 'btn', type: 'button', 'aria-pressed': 'false' }, 'Pause');
  const clearBtn = h('button', { class: 'btn', type: 'button' }, 'Clear');
  const status = h('span', { class: 'subtle live-status', role: 'status' }, 'Connecting…');
  const tbody = h('tbody');
  const table = h('table', { class: 'table live-table' },
    h('thead', null, h('tr', null, ['Time', 'Service', 'Operation', 'Duration', 'Trace'].map((c, i) => h('th', { class: i === 3 ? 'num' : null }, c)))),
    tbody);
  el.append(h('div', { class: 'page live-page' },
    h('div', { class: 'page-head' }, h('h1', null, 'Live'), select, pauseBtn, clearBtn, h('span', { class: 'spacer' }), status),
    h('div', { class: 'card live-card' }, table)));

  let ws = null;
  let address = LIVE;
  let paused = false;
  let pending = [];
  let received = 0;
  let closed = false;
  let retryMs = 500;
  let ping = null;

  function show(rows) {
    for (const r of rows) {
      const tr = h('tr', { class: r.error ? 'live-row error' : 'live-row', dataset: { span: r.spanID } },
        h('td', null, fmtClock(r.start)),
        h('td', null, h('span', { class: 'svc-dot', style: { background: serviceColor(r.service) } }), ' ', r.service),
        h('td', null, r.op, r.error ? h('span', { class: 'badge badge-error' }, 'error') : null),
        h('td', { class: 'num' }, fmtDuration(r.duration)),
        h('td', null, h('a', { href: `/trace/${r.traceID}?span=${r.spanID}` }, h('code', null, r.traceID.slice(0, 12)))));
      tbody.prepend(tr);
    }
    while (tbody.childElementCount > MAX_ROWS) tbody.lastElementChild.remove();
  }

  function updateStatus(text) {
    const state = text || (ws?.readyState === WebSocket.OPEN ? 'Streaming' : 'Connecting…');
    status.textContent = `${state} · ${plural(received, 'span')} received${paused ? ` · ${plural(pending.length, 'span')} waiting` : ''}`;
  }

  function send(frame) {
    const headers = frameHeaders();
    if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify(headers ? { ...frame, headers } : frame));
  }

  function connect() {
    if (closed) return;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/eventbus/websocket${busQuery()}`;
    ws = new WebSocket(url);
    ws.binaryType = 'arraybuffer'; // the bridge sends its JSON frames as binary messages
    ws.onopen = () => {
      retryMs = 500;
      send({ type: 'register', address });
      clearInterval(ping);
      ping = setInterval(() => send({ type: 'ping' }), PING_MS);
      updateStatus();
    };
    ws.onmessage = (e) => {
      let frame;
      try {
        frame = JSON.parse(typeof e.data === 'string' ? e.data : new TextDecoder().decode(e.data));
      } catch {
        return;
      }
      if (frame.type === 'err' && /^unauthenticated:/.test(frame.message || '')) {
        updateStatus(`Refused: ${frame.message}`);
        askForToken(frame.message).then((t) => { if (t) send({ type: 'register', address }); });
        return;
      }
      if (frame.type === 'err') { updateStatus(`Refused: ${frame.message}`); return; }
      if (frame.address !== address) return;
      const rows = rowsOf(frame.body);
      received += rows.length;
      if (paused) {
        pending.push(...rows);
        if (pending.length > MAX_ROWS) pending = pending.slice(-MAX_ROWS);
      } else {
        show(rows);
      }
      updateStatus();
    };
    ws.onclose = () => {
      clearInterval(ping);
      if (closed) return;
      updateStatus(`Disconnected; retrying in ${Math.round(retryMs / 1000)} s`);
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 10000);
    };
  }

  select.addEventListener('change', () => {
    send({ type: 'unregister', address });
    address = liveAddress(LIVE, select.value);
    send({ type: 'register', address });
    setChildren(tbody);
    pending = [];
    updateStatus();
  });
  pauseBtn.addEventListener('click', () => {
    paused = !paused;
    pauseBtn.textContent = paused ? 'Resume' : 'Pause';
    pauseBtn.setAttribute('aria-pressed', String(paused));
    pauseBtn.classList.toggle('on', paused);
    if (!paused) { show(pending); pending = []; }
    updateStatus();
  });
  clearBtn.addEventListener('click', () => { setChildren(tbody); pending = []; received = 0; updateStatus(); });

  api.services({ signal: ctx.signal }).then((names) => {
    for (const n of names) select.append(h('option', { value: n }, n));
    const want = new URLSearchParams(location.search).get('service');
    if (want && names.includes(want)) { select.value = want; select.dispatchEvent(new Event('change')); }
  }).catch((err) => { if (!isAbort(err)) updateStatus(`Services unavailable: ${err.message}`); });
  // Under tenancy the bus connection names the tenant and watches its addresses: wait until one is chosen.
  tenant().then(() => {
    address = liveAddress(LIVE, select.value);
    connect();
  });

  return {
    unmount() {
      closed = true;
      clearInterval(ping);
      ws?.close();
    },
  };
}

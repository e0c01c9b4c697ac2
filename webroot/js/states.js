// Shared blocks for loading, empty and error states.
import { h } from './util.js';

const ICONS = {
  empty: 'M3 7h18M6 7v11a2 2 0 0 0 2 2h8a2 2 0 0 0 2-2V7M9 11h6',
  error: 'M12 8v5M12 16.5v.5M10.3 3.9 1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z',
  offline: 'M2 8.8a15 15 0 0 1 20 0M5 12.5a10 10 0 0 1 14 0M8.5 16a5 5 0 0 1 7 0M12 20h.01M3 3l18 18',
  info: 'M12 16v-4M12 8h.01M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20z',
  search: 'M11 19a8 8 0 1 0 0-16 8 8 0 0 0 0 16zM21 21l-4.3-4.3',
};

export function icon(name, size = 20) {
  return h('svg:svg', { class: 'icon', width: size, height: size, viewBox: '0 0 24 24', 'aria-hidden': 'true' },
    h('svg:path', { d: ICONS[name] || ICONS.info, fill: 'none', stroke: 'currentColor', 'stroke-width': 2, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' }));
}

export function loadingState(text = 'Loading…') {
  return h('div', { class: 'state state-loading', role: 'status', 'aria-live': 'polite' },
    h('div', { class: 'spinner', 'aria-hidden': 'true' }), h('div', { class: 'state-title' }, text));
}

export function emptyState(title, detail, ...actions) {
  return h('div', { class: 'state state-empty' }, icon('empty', 32),
    h('div', { class: 'state-title' }, title),
    detail && h('div', { class: 'state-detail' }, detail),
    actions.length ? h('div', { class: 'state-actions' }, actions) : null);
}

/** Error block; unreachable API errors get their own wording. */
export function errorState(err, retry, title) {
  const unreachable = err?.unreachable;
  return h('div', { class: `state state-error${unreachable ? ' state-offline' : ''}`, role: 'alert' },
    icon(unreachable ? 'offline' : 'error', 32),
    h('div', { class: 'state-title' }, title || (unreachable ? 'Query API unreachable' : 'Something went wrong')),
    h('div', { class: 'state-detail' }, err?.message || String(err)),
    err?.status ? h('div', { class: 'state-meta' }, `HTTP ${err.status}${err.url ? ` · ${err.url}` : ''}`) : null,
    retry ? h('div', { class: 'state-actions' }, h('button', { class: 'btn', onclick: retry }, 'Retry')) : null);
}

export function infoState(title, detail, ...actions) {
  return h('div', { class: 'state state-info' }, icon('info', 32),
    h('div', { class: 'state-title' }, title),
    detail && h('div', { class: 'state-detail' }, detail),
    actions.length ? h('div', { class: 'state-actions' }, actions) : null);
}

let toastTimer;
export function toast(text, kind = 'info') {
  const el = document.getElementById('toast');
  if (!el) return;
  el.textContent = text;
  el.className = `toast show toast-${kind}`;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { el.className = 'toast'; }, 3500);
}

export const isAbort = (e) => e?.name === 'AbortError';

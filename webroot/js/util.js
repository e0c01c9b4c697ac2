// Small DOM and formatting helpers shared by every view.

/** Builds an element: h('div', {class: 'x', onclick: fn}, 'text', child, [more]). */
export function h(tag, attrs, ...children) {
  const svg = tag.startsWith('svg:');
  const el = svg
    ? document.createElementNS('http://www.w3.org/2000/svg', tag.slice(4))
    : document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v == null || v === false) continue;
      if (k.startsWith('on') && typeof v === 'function') {
        el.addEventListener(k.slice(2), v);
      } else if (k === 'style' && typeof v === 'object') {
        Object.assign(el.style, v);
      } else if (k === 'dataset') {
        Object.assign(el.dataset, v);
      } else if (k === 'class' && !svg) {
        el.className = v;
      } else if ((k === 'value' || k === 'checked' || k === 'selected') && !svg) {
        el[k] = v;
      } else {
        el.setAttribute(k, v === true ? '' : String(v));
      }
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** Replaces the children of el. */
export function setChildren(el, ...children) {
  el.textContent = '';
  append(el, children);
  return el;
}

export function clamp(v, lo, hi) {
  return v < lo ? lo : v > hi ? hi : v;
}

export function debounce(fn, ms) {
  let t;
  return (...a) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...a), ms);
  };
}

// ---------------------------------------------------------------- durations and times

/** Formats microseconds as a compact duration: 850µs, 12.35ms, 1.24s, 2m 5s, 1h 3m. */
export function fmtDuration(us) {
  if (us == null || !isFinite(us)) return '–';
  const neg = us < 0;
  const a = Math.abs(us);
  let s;
  if (a < 1000) s = `${round(a, a < 10 ? 2 : a < 100 ? 1 : 0)}µs`;
  else if (a < 1e6) s = `${round(a / 1e3, a < 1e4 ? 2 : a < 1e5 ? 1 : 0)}ms`;
  else if (a < 6e7) s = `${round(a / 1e6, 2)}s`;
  else if (a < 3.6e9) s = `${Math.floor(a / 6e7)}m ${Math.round((a % 6e7) / 1e6)}s`;
  else s = `${Math.floor(a / 3.6e9)}h ${Math.round((a % 3.6e9) / 6e7)}m`;
  return neg ? `-${s}` : s;
}

function round(v, digits) {
  const f = 10 ** digits;
  return String(Math.round(v * f) / f);
}

const DUR_UNITS = { us: 1, µs: 1, ms: 1e3, s: 1e6, m: 6e7, h: 3.6e9 };

/** Parses "150ms", "1.5s", "200us" (Jaeger's duration syntax) into microseconds, or null. */
export function parseDuration(text) {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(us|µs|ms|s|m|h)\s*$/.exec(text || '');
  return m ? Number(m[1]) * DUR_UNITS[m[2]] : null;
}

const pad = (n, w = 2) => String(n).padStart(w, '0');

/** Local wall-clock time of a µs epoch: "2024-05-01 12:34:56.789". */
export function fmtDateTime(us) {
  const d = new Date(us / 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${fmtClock(us)}`;
}

/** "12:34:56.789" */
export function fmtClock(us) {
  const d = new Date(us / 1000);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** "5 minutes ago" relative to now. */
export function fmtAgo(us, nowMs = Date.now()) {
  const s = Math.round((nowMs - us / 1000) / 1000);
  if (s < 0) return 'in the future';
  if (s < 45) return 'just now';
  const units = [[60, 'minute'], [3600, 'hour'], [86400, 'day'], [2592000, 'month'], [31536000, 'year']];
  let label = `${Math.round(s / 60)} minutes`;
  for (let i = units.length - 1; i >= 0; i--) {
    const [secs, name] = units[i];
    if (s >= secs * 0.9) {
      const n = Math.max(1, Math.round(s / secs));
      label = `${n} ${name}${n === 1 ? '' : 's'}`;
      break;
    }
  }
  return `${label} ago`;
}

/** Value for an <input type="datetime-local"> from µs epoch. */
export function toLocalInput(us) {
  const d = new Date(us / 1000);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "1h" → ms, used for lookbacks. */
export function lookbackMs(text) {
  const us = parseDuration(text === '2d' ? '48h' : text === '7d' ? '168h' : text);
  return us == null ? null : us / 1000;
}

/** About `count` evenly spaced "nice" tick values covering [lo, hi]. */
export function niceTicks(lo, hi, count = 5) {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) || 10 * mag;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(v);
  return out;
}

// ---------------------------------------------------------------- tags (logfmt-like)

/**
 * Parses `error=true http.status_code=500 msg="two words"` into an object.
 * Returns {tags, error}; error is a message for the first malformed token.
 */
export function parseTags(text) {
  const tags = {};
  const re = /\s*([^\s=]+)=("((?:[^"\\]|\\.)*)"|[^\s"]*)\s*/y;
  const src = (text || '').trim();
  let pos = 0;
  while (pos < src.length) {
    re.lastIndex = pos;
    const m = re.exec(src);
    if (!m) {
      const bad = src.slice(pos).split(/\s+/)[0];
      return { tags, error: `"${bad}" is not key=value (quote values with spaces)` };
    }
    tags[m[1]] = m[3] != null ? m[3].replace(/\\(.)/g, '$1') : m[2];
    pos = re.lastIndex;
  }
  return { tags, error: null };
}

export function formatTags(obj) {
  return Object.entries(obj || {})
    .map(([k, v]) => (/[\s"=]/.test(v) || v === '' ? `${k}="${String(v).replace(/(["\\])/g, '\\$1')}"` : `${k}=${v}`))
    .join(' ');
}

// ---------------------------------------------------------------- colours per service

const PALETTE = [
  '#3b82f6', '#f97316', '#10b981', '#8b5cf6', '#eab308', '#06b6d4', '#ec4899', '#84cc16', '#6366f1', '#f59e0b',
  '#14b8a6', '#a855f7', '#0ea5e9', '#22c55e', '#d946ef', '#78716c', '#b45309', '#0f766e', '#4d7c0f', '#be185d',
];
const colorMap = new Map();
const usedSlots = new Map(); // palette index -> service

function hash(str) {
  let x = 2166136261;
  for (let i = 0; i < str.length; i++) {
    x ^= str.charCodeAt(i);
    x = Math.imul(x, 16777619);
  }
  return x >>> 0;
}

/**
 * A colour per service: chosen by a hash of the name so it is the same on every page and
 * reload; on a collision within this session the next free palette slot is used.
 */
export function serviceColor(name) {
  let c = colorMap.get(name);
  if (!c) {
    let slot = hash(name) % PALETTE.length;
    for (let k = 0; k < PALETTE.length && usedSlots.has(slot); k++) slot = (slot + 1) % PALETTE.length;
    if (!usedSlots.has(slot)) usedSlots.set(slot, name);
    c = PALETTE[slot];
    colorMap.set(name, c);
  }
  return c;
}

/** Assigns colours in sorted name order so collisions resolve the same way on each page. */
export function primeColors(names) {
  [...names].sort().forEach(serviceColor);
}

// ---------------------------------------------------------------- misc

export function download(filename, text, type = 'application/json') {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: filename, style: { display: 'none' } });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const ta = h('textarea', { style: { position: 'fixed', opacity: '0' } }, text);
    document.body.append(ta);
    ta.select();
    const ok = document.execCommand('copy');
    ta.remove();
    return ok;
  }
}

export function plural(n, word, pluralWord = `${word}s`) {
  return `${n.toLocaleString()} ${n === 1 ? word : pluralWord}`;
}

/** Renders a tag/field value for display. */
export function valueText(v) {
  if (v == null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** True for elements where typing should not trigger global shortcuts. */
export function isTyping(el) {
  if (!el) return false;
  const t = el.tagName;
  return t === 'INPUT' || t === 'TEXTAREA' || t === 'SELECT' || el.isContentEditable;
}

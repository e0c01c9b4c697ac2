// The TraceQL editor: a textarea over a highlighted copy of its text, suggestions of attribute
// names and values from the tag endpoints, and inline errors from the server's parser.
import { h, setChildren, debounce } from '../util.js';
import { tokenize, contextAt, offsetOf, OPERATORS } from '../traceql.js';
import { api } from '../api.js';

const MAX_SUGGESTIONS = 50;

/**
 * opts: {value, onRun(text), range(): {start, end} in Unix seconds, signal}.
 * Returns {el, value(), setValue(text), focus(), check(): Promise<boolean>}.
 */
export function createQueryEditor(opts) {
  const input = h('textarea', { class: 'qe-input', id: 'f-traceql', rows: 3, spellcheck: 'false', autocomplete: 'off',
    autocapitalize: 'off', 'aria-label': 'TraceQL query', 'data-search-focus': true, 'aria-autocomplete': 'list',
    'aria-controls': 'qe-suggest', placeholder: '{ resource.service.name = "checkout" && status = error }' });
  const code = h('code', null);
  const hl = h('pre', { class: 'qe-hl', 'aria-hidden': 'true' }, code);
  const list = h('ul', { class: 'qe-suggest', id: 'qe-suggest', role: 'listbox', hidden: true });
  const error = h('div', { class: 'qe-error', role: 'alert', hidden: true });
  const el = h('div', { class: 'qe' }, h('div', { class: 'qe-box' }, hl, input), list, error);
  let errorAt = null; // {from, to}
  let items = [];
  let active = -1;
  let ctxNow = null;
  let names = null; // {scope: [names]}
  let checkSeq = 0;
  const valuesCache = new Map();

  input.value = opts.value || '';
  paint();

  function paint() {
    const src = input.value;
    const parts = [];
    for (const t of tokenize(src)) {
      const inErr = errorAt && t.end > errorAt.from && t.start < errorAt.to;
      const span = t.type === 'space' ? t.text : h('span', { class: `tq-${t.type}` }, t.text);
      parts.push(inErr && t.type !== 'space' ? h('mark', { class: 'tq-err' }, span) : span);
    }
    if (errorAt && errorAt.from >= src.length) parts.push(h('mark', { class: 'tq-err tq-eof' }, ' '));
    parts.push('\n'); // keeps the last line's height when the text ends with a newline
    setChildren(code, parts);
    hl.scrollTop = input.scrollTop;
    hl.scrollLeft = input.scrollLeft;
  }

  const runCheck = debounce(() => check(), 300);

  /** Asks the server whether the query parses; shows where it does not. Resolves true when it does. */
  async function check() {
    const src = input.value;
    const seq = ++checkSeq;
    if (!src.trim()) {
      showError(null);
      return false;
    }
    try {
      await api.checkTraceQl(src, { signal: opts.signal });
      if (seq === checkSeq) showError(null);
      return true;
    } catch (err) {
      if (seq !== checkSeq || err.name === 'AbortError') return false;
      showError(err.body?.line ? err.body : { error: err.message });
      return false;
    }
  }

  function showError(e) {
    if (!e) {
      errorAt = null;
      error.hidden = true;
      input.removeAttribute('aria-invalid');
    } else {
      const src = input.value;
      if (e.line) {
        const from = offsetOf(src, e.line, e.column);
        const tok = tokenize(src).find((t) => t.start <= from && from < t.end && t.type !== 'space');
        errorAt = { from, to: tok ? tok.end : from + 1 };
        setChildren(error, h('b', null, `Line ${e.line}, column ${e.column}: `), `expected ${e.expected}, found ${e.found}`);
      } else {
        errorAt = null;
        error.textContent = e.error || 'The query does not parse.';
      }
      error.hidden = false;
      input.setAttribute('aria-invalid', 'true');
    }
    paint();
  }

  // ---- suggestions
  const suggest = debounce(() => refreshSuggestions(), 120);

  async function refreshSuggestions() {
    const caret = input.selectionStart;
    if (caret !== input.selectionEnd) return close();
    const c = contextAt(input.value, caret);
    ctxNow = c;
    let options = [];
    if (c.kind === 'field') {
      options = await fieldNames();
      const p = c.prefix.toLowerCase();
      options = options.filter((o) => o.text.toLowerCase().startsWith(p) || o.text.toLowerCase().includes(`.${p}`) || !p);
    } else if (c.kind === 'value') {
      options = await fieldValues(c.field, c.q);
      const p = c.prefix.replace(/^"/, '').toLowerCase();
      options = options.filter((o) => o.label.toLowerCase().includes(p));
    } else if (c.kind === 'operator') {
      options = OPERATORS.map((op) => ({ text: `${op} `, label: op, detail: 'operator' }));
    }
    if (ctxNow !== c) return;
    if (!options.length || document.activeElement !== input) return close();
    items = options.slice(0, MAX_SUGGESTIONS);
    active = 0;
    setChildren(list, items.map((o, k) => h('li', { role: 'option', id: `qe-opt-${k}`, class: 'qe-opt', dataset: { k },
      onmousedown: (e) => {
        e.preventDefault();
        accept(k);
      } }, h('span', { class: 'qe-opt-label' }, o.label), o.detail ? h('span', { class: 'qe-opt-detail' }, o.detail) : null)));
    list.hidden = false;
    mark();
  }

  async function fieldNames() {
    if (!names) {
      try {
        const r = opts.range();
        names = await api.tagNames(r, { signal: opts.signal });
      } catch {
        names = {};
      }
    }
    const out = [];
    for (const [scope, tags] of Object.entries(names)) {
      for (const t of tags) {
        if (scope === 'intrinsic') out.push({ text: t, label: t, detail: 'intrinsic' });
        else out.push({ text: `${scope}.${t}`, label: `${scope}.${t}`, detail: scope });
      }
    }
    return out;
  }

  async function fieldValues(field, q) {
    const key = `${field}\u0000${q}`;
    if (!valuesCache.has(key)) {
      try {
        valuesCache.set(key, await api.tagValues(field, q, opts.range(), { signal: opts.signal }));
      } catch {
        valuesCache.set(key, []);
      }
    }
    return valuesCache.get(key).map((v) => ({
      text: v.type === 'string' ? JSON.stringify(v.value) : v.value,
      label: v.value,
      detail: v.type,
    }));
  }

  function mark() {
    [...list.children].forEach((li, k) => li.classList.toggle('active', k === active));
    input.setAttribute('aria-activedescendant', active >= 0 ? `qe-opt-${active}` : '');
    list.children[active]?.scrollIntoView({ block: 'nearest' });
  }

  function accept(k) {
    const o = items[k];
    const c = ctxNow;
    if (!o || !c || c.kind === 'none') return;
    const src = input.value;
    let text = o.text;
    if (c.kind === 'field') text += ' ';
    else if (c.kind === 'value') text += ' ';
    input.value = src.slice(0, c.from) + text + src.slice(c.to);
    const caret = c.from + text.length;
    input.setSelectionRange(caret, caret);
    close();
    paint();
    runCheck();
    input.focus();
    suggest();
  }

  function close() {
    items = [];
    active = -1;
    list.hidden = true;
    input.removeAttribute('aria-activedescendant');
  }

  input.addEventListener('input', () => {
    paint();
    runCheck();
    suggest();
  });
  input.addEventListener('scroll', () => {
    hl.scrollTop = input.scrollTop;
    hl.scrollLeft = input.scrollLeft;
  });
  input.addEventListener('click', suggest);
  input.addEventListener('focus', suggest);
  input.addEventListener('blur', () => setTimeout(close, 100));
  input.addEventListener('keydown', (e) => {
    const open = !list.hidden && items.length;
    if (open && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      active = (active + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
      mark();
    } else if (open && (e.key === 'Enter' || e.key === 'Tab') && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      accept(active);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      e.stopPropagation();
      close();
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      close();
      opts.onRun(input.value);
    } else if (e.key === ' ' && e.ctrlKey) {
      e.preventDefault();
      refreshSuggestions();
    }
  });
  input.addEventListener('keyup', (e) => {
    if (['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key)) suggest();
  });

  if (input.value) runCheck();
  return {
    el,
    value: () => input.value,
    setValue(text) {
      input.value = text || '';
      paint();
      if (text) runCheck();
    },
    focus: () => input.focus(),
    check,
    /** Forget cached names and values (the time range changed). */
    reset() {
      names = null;
      valuesCache.clear();
    },
  };
}

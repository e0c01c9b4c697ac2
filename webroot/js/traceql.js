// TraceQL in the browser: a forgiving tokenizer for syntax highlighting, and what the caret is
// on for suggestions. The server parses for real (GET /api/traceql/check gives errors with positions).

const SCOPES = ['span', 'resource', 'event', 'link', 'instrumentation'];
const INTRINSIC_SCOPES = ['span', 'trace', 'event', 'link', 'instrumentation'];
export const KEYWORDS = new Set(['true', 'false', 'nil', 'ok', 'error', 'unset', 'unspecified', 'internal', 'server',
  'client', 'producer', 'consumer', 'minInt', 'maxInt']);
export const FUNCTIONS = new Set(['count', 'avg', 'min', 'max', 'sum', 'by', 'select', 'coalesce', 'with']);
export const INTRINSICS = new Set(['name', 'status', 'statusMessage', 'kind', 'duration', 'rootName',
  'rootServiceName', 'traceDuration']);
export const OPERATORS = ['=', '!=', '>', '>=', '<', '<=', '=~', '!~'];
const OPS = ['!>>', '!<<', '&>>', '&<<', '!=', '=~', '!~', '>=', '<=', '&&', '||', '>>', '<<', '!>', '!<', '&>', '&<',
  '&~', '{', '}', '(', ')', ',', '=', '>', '<', '+', '-', '*', '/', '%', '^', '!', '|', '~'];
const COMPARISONS = new Set(OPERATORS);
const isAttrChar = (c) => c && !/\s/.test(c) && !'{}()=~!<>&|^,'.includes(c);
const isWordChar = (c) => c && /[A-Za-z0-9_]/.test(c);

/** Tokens {type, text, start, end}; types: space string number duration keyword func intrinsic attr op brace punct word bad. */
export function tokenize(src) {
  const out = [];
  let i = 0;
  const push = (type, start) => out.push({ type, text: src.slice(start, i), start, end: i });
  while (i < src.length) {
    const c = src[i];
    const start = i;
    if (/\s/.test(c)) {
      while (i < src.length && /\s/.test(src[i])) i++;
      push('space', start);
    } else if (c === '"' || c === '`') {
      i++;
      while (i < src.length && src[i] !== c) i += src[i] === '\\' && c === '"' ? 2 : 1;
      i = Math.min(src.length, i + 1);
      push('string', start);
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] || ''))) {
      while (i < src.length && /[0-9.eE]/.test(src[i])) i++;
      const numEnd = i;
      while (i < src.length && /[0-9.nsuµmhdwy]/.test(src[i])) i++;
      if (i === numEnd) push('number', start);
      else push('duration', start);
    } else if (c === '.') {
      i++;
      attrName();
      push('attr', start);
    } else if (/[A-Za-z_]/.test(c)) {
      while (isWordChar(src[i])) i++;
      const w = src.slice(start, i);
      if (src[i] === '.' && SCOPES.includes(w)) {
        i++;
        attrName();
        push('attr', start);
      } else if (src[i] === ':' && INTRINSIC_SCOPES.includes(w)) {
        i++;
        while (isWordChar(src[i])) i++;
        push('intrinsic', start);
      } else {
        push(KEYWORDS.has(w) ? 'keyword' : FUNCTIONS.has(w) ? 'func' : INTRINSICS.has(w) ? 'intrinsic' : 'word', start);
      }
    } else {
      const op = OPS.find((o) => src.startsWith(o, i));
      if (op) {
        i += op.length;
        push('{}()'.includes(op) ? 'brace' : op === ',' ? 'punct' : 'op', start);
      } else {
        i++;
        push('bad', start);
      }
    }
  }
  return out;

  function attrName() {
    while (i < src.length) {
      if (src[i] === '"') {
        i++;
        while (i < src.length && src[i] !== '"') i += src[i] === '\\' ? 2 : 1;
        i = Math.min(src.length, i + 1);
      } else if (isAttrChar(src[i])) {
        i++;
      } else {
        break;
      }
    }
  }
}

/** The character offset of a 1-based line and column (columns count code points, as the server does). */
export function offsetOf(src, line, column) {
  let off = 0;
  for (let l = 1; l < line; l++) {
    const nl = src.indexOf('\n', off);
    if (nl < 0) return src.length;
    off = nl + 1;
  }
  const rest = [...src.slice(off)];
  return off + rest.slice(0, Math.max(0, column - 1)).join('').length;
}

/**
 * What the caret is on, for suggestions:
 *   {kind: 'field', prefix, from, to}               a field name is being typed (inside braces)
 *   {kind: 'value', field, prefix, from, to, q}     a value after `field op`
 *   {kind: 'operator', field, from, to}             after a complete field
 *   {kind: 'none'}
 * from/to: the range a chosen suggestion replaces. q: the query so far without this condition.
 */
export function contextAt(src, caret) {
  const toks = tokenize(src.slice(0, caret)).filter((t) => t.type !== 'space');
  let depth = 0;
  for (const t of toks) {
    if (t.text === '{') depth++;
    else if (t.text === '}') depth = Math.max(0, depth - 1);
  }
  if (depth === 0) return { kind: 'none' };
  const last = toks[toks.length - 1];
  const typing = last && last.end === caret && ['attr', 'intrinsic', 'word', 'keyword', 'string', 'number', 'duration', 'func'].includes(last.type);
  const prev = typing ? toks[toks.length - 2] : last;
  const before = typing ? toks[toks.length - 3] : toks[toks.length - 2];
  const prefix = typing ? last.text : '';
  const from = typing ? last.start : caret;
  if (prev && prev.type === 'op' && COMPARISONS.has(prev.text) && before && (before.type === 'attr' || before.type === 'intrinsic')) {
    return { kind: 'value', field: before.text, prefix, from, to: caret, q: withoutCondition(src, before.start) };
  }
  if (!typing && prev && (prev.type === 'attr' || prev.type === 'intrinsic')) {
    return { kind: 'operator', field: prev.text, from: caret, to: caret };
  }
  if (!prev || prev.text === '{' || prev.text === '(' || prev.text === '&&' || prev.text === '||' || prev.text === '!') {
    return { kind: 'field', prefix, from, to: caret };
  }
  return { kind: 'none' };
}

/** The query up to a condition, closed, so the server can narrow suggestions to what the rest matches. */
function withoutCondition(src, start) {
  const head = src.slice(0, start).replace(/(&&|\|\|)\s*$/, '').trimEnd();
  if (/\{\s*$/.test(head)) return '';
  return `${head} }`;
}

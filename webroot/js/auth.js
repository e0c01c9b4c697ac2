// A Weft with authentication on wants a bearer token on every API call. The token is kept for this
// browser tab (sessionStorage), added to every same-origin fetch and every event-bus frame; a call
// answered 401 with a Bearer challenge opens one dialog asking for a token (with the server's reason) and
// is retried with it (a 401 without one is tenancy's: no tenant named).

const KEY = 'weft.token';
const plainFetch = window.fetch.bind(window);
let asking = null; // one dialog for all the calls refused together

export function token() {
  try {
    return sessionStorage.getItem(KEY) || '';
  } catch {
    return '';
  }
}

function setToken(t) {
  try {
    if (t) sessionStorage.setItem(KEY, t);
    else sessionStorage.removeItem(KEY);
  } catch {
    // storage off: the token lives until the page is left
  }
  memory = t;
  showSignOut();
}

let memory = '';

function current() {
  return token() || memory;
}

/** Frame headers for the event-bus bridge: {authorization} when a token is held. */
export function frameHeaders() {
  const t = current();
  return t ? { authorization: `Bearer ${t}` } : undefined;
}

/** Opens the token dialog; resolves with the token entered, or '' when cancelled. */
export function askForToken(reason) {
  if (asking) return asking;
  asking = new Promise((resolve) => {
    const dialog = document.createElement('dialog');
    dialog.className = 'token-dialog';
    dialog.id = 'token-dialog';
    const form = document.createElement('form');
    form.method = 'dialog';
    const title = Object.assign(document.createElement('h2'), { textContent: 'Sign in to Weft' });
    const why = Object.assign(document.createElement('p'), { className: 'token-reason', textContent: reason });
    const label = Object.assign(document.createElement('label'), { textContent: 'Bearer token' });
    const input = Object.assign(document.createElement('input'), {
      type: 'password', id: 'token-input', name: 'token', autocomplete: 'off', required: true, spellcheck: false,
    });
    label.append(input);
    const actions = Object.assign(document.createElement('div'), { className: 'token-actions' });
    const cancel = Object.assign(document.createElement('button'), { type: 'button', className: 'btn', textContent: 'Cancel', id: 'token-cancel' });
    const ok = Object.assign(document.createElement('button'), { type: 'submit', className: 'btn btn-primary', textContent: 'Sign in', id: 'token-submit', value: 'ok' });
    actions.append(cancel, ok);
    form.append(title, why, label, actions);
    dialog.append(form);
    cancel.addEventListener('click', () => dialog.close(''));
    dialog.addEventListener('close', () => {
      const value = dialog.returnValue === 'ok' ? input.value.trim() : '';
      dialog.remove();
      asking = null;
      if (value) setToken(value);
      resolve(value);
    });
    document.body.append(dialog);
    dialog.showModal();
    input.focus();
  });
  return asking;
}

async function reasonOf(res) {
  try {
    const body = await res.clone().json();
    return body?.errors?.[0]?.msg || body?.error || `${res.status}`;
  } catch {
    return `${res.status} ${res.statusText}`.trim();
  }
}

function sameOrigin(input) {
  try {
    return new URL(typeof input === 'string' ? input : input.url, location.href).origin === location.origin;
  } catch {
    return false;
  }
}

function showSignOut() {
  const b = document.getElementById('sign-out');
  if (b) b.hidden = !current();
}

/** Wraps window.fetch: same-origin calls carry the token; a 401 asks for one and retries (twice at most). */
export function installAuth() {
  window.fetch = async (input, init = {}) => {
    if (!sameOrigin(input)) return plainFetch(input, init);
    const call = () => {
      const headers = new Headers(init.headers || (input instanceof Request ? input.headers : undefined));
      const t = current();
      if (t) headers.set('authorization', `Bearer ${t}`);
      return plainFetch(input, { ...init, headers });
    };
    let res = await call();
    for (let tries = 0; res.status === 401 && res.headers.has('www-authenticate') && tries < 2; tries++) {
      const reason = await reasonOf(res);
      const had = current();
      const t = await askForToken(had ? `The token was refused: ${reason}`
        : 'This Weft asks who you are: paste a bearer token that may read traces.');
      if (!t) return res;
      res = await call();
    }
    return res;
  };
  const b = document.getElementById('sign-out');
  b?.addEventListener('click', () => {
    setToken('');
    location.reload();
  });
  showSignOut();
}

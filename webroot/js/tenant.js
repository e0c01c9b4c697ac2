// A Weft with tenancy on wants every API call to name a tenant, in the header the server names
// (GET /api/tenancy, answered without a tenant). The tenant is chosen once in a dialog (from the
// allowed list, or typed when any may be named), remembered in localStorage, sent on every
// same-origin fetch and on the live view's bus connection, and changed from the top bar. A token
// that names a tenant decides instead: the UI shows it and offers no choice.

const KEY = 'weft.tenant';
const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
let info = { enabled: false };
let chosen = '';
let ready = Promise.resolve();

function stored() {
  try {
    return localStorage.getItem(KEY) || '';
  } catch {
    return '';
  }
}

function remember(t) {
  try {
    localStorage.setItem(KEY, t);
  } catch {
    // storage off: the tenant lives until the page is left
  }
}

function allowed(t) {
  return !!t && NAME.test(t) && (!info.tenants?.length || info.tenants.includes(t));
}

/** The tenant API calls name ('' without tenancy); resolves once one is chosen. */
export async function tenant() {
  await ready;
  return info.enabled ? chosen : '';
}

/** The live spans' address of the chosen tenant (Weft's event-bus addresses carry it under tenancy). */
export function liveAddress(base, service) {
  const root = info.enabled && chosen ? `weft.tenant.${chosen}.spans.live` : base;
  return service ? `${root}.${service}` : root;
}

/** ?tenant=... for the bus's WebSocket, which cannot carry a header ('' without tenancy). */
export function busQuery() {
  return info.enabled && chosen ? `?tenant=${encodeURIComponent(chosen)}` : '';
}

/** Opens the tenant dialog; resolves with the tenant chosen ('' when cancelled, where cancelling is allowed). */
export function askForTenant(reason, cancellable) {
  return new Promise((resolve) => {
    const dialog = document.createElement('dialog');
    dialog.className = 'token-dialog';
    dialog.id = 'tenant-dialog';
    const form = document.createElement('form');
    form.method = 'dialog';
    const title = Object.assign(document.createElement('h2'), { textContent: 'Choose a tenant' });
    const why = Object.assign(document.createElement('p'), { className: 'token-reason', textContent: reason });
    const label = Object.assign(document.createElement('label'), { textContent: 'Tenant' });
    let field;
    if (info.tenants?.length) {
      field = Object.assign(document.createElement('select'), { id: 'tenant-select', name: 'tenant', required: true });
      for (const t of info.tenants) field.append(Object.assign(document.createElement('option'), { value: t, textContent: t }));
      field.value = allowed(chosen) ? chosen : (info.default && allowed(info.default) ? info.default : info.tenants[0]);
    } else {
      field = Object.assign(document.createElement('input'), {
        type: 'text', id: 'tenant-input', name: 'tenant', required: true, spellcheck: false, autocomplete: 'off',
        pattern: NAME.source.slice(1, -1), value: chosen || info.default || '',
      });
      field.title = 'letters, digits, _ and -, up to 64';
    }
    label.append(field);
    const actions = Object.assign(document.createElement('div'), { className: 'token-actions' });
    const ok = Object.assign(document.createElement('button'), { type: 'submit', className: 'btn btn-primary', textContent: 'Use this tenant', id: 'tenant-submit', value: 'ok' });
    if (cancellable) {
      const cancel = Object.assign(document.createElement('button'), { type: 'button', className: 'btn', textContent: 'Cancel', id: 'tenant-cancel' });
      cancel.addEventListener('click', () => dialog.close(''));
      actions.append(cancel);
    } else {
      dialog.addEventListener('cancel', (e) => e.preventDefault()); // Escape: no call can be made without one
    }
    actions.append(ok);
    form.append(title, why, label, actions);
    dialog.append(form);
    dialog.addEventListener('close', () => {
      const value = dialog.returnValue === 'ok' ? field.value.trim() : '';
      dialog.remove();
      resolve(allowed(value) ? value : '');
    });
    document.body.append(dialog);
    dialog.showModal();
    field.focus();
  });
}

function showSwitch() {
  const b = document.getElementById('tenant-switch');
  if (!b) return;
  b.hidden = !info.enabled;
  b.textContent = `Tenant: ${chosen}`;
  b.disabled = !!info.token;
  b.title = info.token ? 'The tenant of your token' : 'Choose another tenant';
}

async function choose() {
  if (info.token) return info.token;
  const kept = stored();
  if (allowed(kept)) return kept;
  if (info.default && allowed(info.default) && !kept) return info.default;
  let t = '';
  while (!t) {
    t = await askForTenant(kept ? `'${kept}' is not a tenant of this Weft; choose one.`
      : 'This Weft keeps teams\u2019 traces apart: choose the tenant whose traces to show.', false);
  }
  remember(t);
  return t;
}

function sameOrigin(input) {
  try {
    return new URL(typeof input === 'string' ? input : input.url, location.href).origin === location.origin;
  } catch {
    return false;
  }
}

/** Wraps window.fetch (after installAuth): same-origin calls wait for the tenant and name it. */
export function installTenant() {
  const inner = window.fetch;
  ready = inner('/api/tenancy', { headers: { accept: 'application/json' } })
    .then((r) => (r.ok ? r.json() : { enabled: false }))
    .catch(() => ({ enabled: false }))
    .then(async (i) => {
      info = i && i.enabled ? i : { enabled: false };
      if (!info.enabled) return;
      chosen = await choose();
      showSwitch();
    });
  window.fetch = async (input, init = {}) => {
    if (!sameOrigin(input)) return inner(input, init);
    await ready;
    if (!info.enabled || !chosen) return inner(input, init);
    const headers = new Headers(init.headers || (input instanceof Request ? input.headers : undefined));
    headers.set(info.header, chosen);
    return inner(input, { ...init, headers });
  };
  document.getElementById('tenant-switch')?.addEventListener('click', async () => {
    const t = await askForTenant(`Traces shown are ${chosen}\u2019s. Choose another tenant:`, true);
    if (t && t !== chosen) {
      remember(t);
      location.reload();
    }
  });
}

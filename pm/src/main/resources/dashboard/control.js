// Explicit control: a confirmation for every stop, the control token asked for once per tab and sent only as an
// Authorization header. The token lives in sessionStorage (this tab, this origin, gone when the tab closes): never
// in a URL, never in a cookie.

import { el } from './format.js';

const KEY = 'pog.controlToken';

export function hasToken() {
  return !!sessionStorage.getItem(KEY);
}

export function forgetToken() {
  sessionStorage.removeItem(KEY);
}

/** Keeps Tab and Shift+Tab inside an open modal dialog (the browser makes the page inert; this closes the loop). */
function trapFocus(dialog) {
  dialog.addEventListener('keydown', e => {
    if (e.key !== 'Tab') return;
    const items = [...dialog.querySelectorAll('button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])')]
      .filter(x => !x.disabled && x.offsetParent !== null);
    if (items.length === 0) return;
    const first = items[0];
    const last = items[items.length - 1];
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  });
}

/** Opens a modal dialog and resolves with its returnValue once it closes (Esc closes it with ""). */
function show(dialog, focus) {
  return new Promise(resolve => {
    const opener = document.activeElement;
    dialog.returnValue = '';
    dialog.addEventListener('close', () => {
      if (opener && opener.isConnected && typeof opener.focus === 'function') opener.focus();
      resolve(dialog.returnValue);
    }, { once: true });
    dialog.showModal();
    if (focus) focus.focus();
  });
}

export class Control {
  constructor(notify) {
    this.notify = notify;
    this.confirmDialog = document.getElementById('confirm-dialog');
    this.tokenDialog = document.getElementById('token-dialog');
    trapFocus(this.confirmDialog);
    trapFocus(this.tokenDialog);
    const form = document.getElementById('token-form');
    form.addEventListener('submit', e => {
      // the token leaves the form only through the dialog's return path, never as a submitted form
      e.preventDefault();
      const v = document.getElementById('token-input').value.trim();
      if (v) this.tokenDialog.close('ok');
    });
    document.getElementById('token-cancel').addEventListener('click', () => this.tokenDialog.close('cancel'));
  }

  /**
   * Asks for confirmation. {title, lines: [text | Node], ok: button text, flatten: offer the flatten option}.
   * Resolves {confirmed, flatten}.
   */
  async confirm({ title, intro, lines, ok, flatten }) {
    document.getElementById('confirm-title').textContent = title;
    const body = document.getElementById('confirm-body');
    body.replaceChildren();
    if (intro) body.append(el('p', { text: intro }));
    if (lines && lines.length) body.append(el('ul', {}, ...lines.map(l => el('li', {}, l))));
    document.getElementById('confirm-ok').textContent = ok;
    document.getElementById('confirm-flatten-row').hidden = !flatten;
    const box = document.getElementById('confirm-flatten');
    box.checked = false;
    const v = await show(this.confirmDialog, document.getElementById('confirm-cancel'));
    return { confirmed: v === 'ok', flatten: !!flatten && box.checked };
  }

  /** The stored token, or asks for one; null when the person cancels. */
  async token(refused) {
    const stored = sessionStorage.getItem(KEY);
    if (stored && !refused) return stored;
    document.getElementById('token-error').hidden = !refused;
    const input = document.getElementById('token-input');
    input.value = '';
    const v = await show(this.tokenDialog, input);
    const token = input.value.trim();
    input.value = '';
    if (v !== 'ok' || !token) return null;
    sessionStorage.setItem(KEY, token);
    this.notify.tokenChanged();
    return token;
  }

  /**
   * POSTs a control request with the token. A 401 forgets the token and asks again (nothing happened on PM's side);
   * cancelling the prompt sends nothing. `sending` is called right before each request leaves.
   * Resolves {status, body} or {cancelled: true}.
   */
  async post(path, body, sending) {
    let refused = false;
    for (;;) {
      const token = await this.token(refused);
      if (!token) return { cancelled: true };
      if (sending) sending();
      let r;
      try {
        r = await fetch(path, {
          method: 'POST',
          cache: 'no-store',
          credentials: 'omit',
          headers: { 'Authorization': `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body ?? {}),
        });
      } catch (e) {
        return { status: 0, body: { error: 'PM did not answer', detail: e.message } };
      }
      let json = null;
      try {
        json = await r.json();
      } catch (e) {
        json = { error: `HTTP ${r.status}` };
      }
      if (r.status === 401) {
        forgetToken();
        this.notify.tokenChanged();
        refused = true;
        continue;
      }
      return { status: r.status, body: json };
    }
  }
}

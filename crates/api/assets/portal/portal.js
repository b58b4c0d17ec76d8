'use strict';
// What every portal page shares: calls to the partner API with the session cookie, the
// header (who is signed in, sign out), small DOM helpers, formatting.
const PH = (() => {
  const API = '/app/partners/api/v1';
  const labels = JSON.parse(document.getElementById('labels').textContent);
  const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
  const count = new Intl.NumberFormat('en-US');
  const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

  class SignedOut extends Error {}

  function toSignIn() {
    const next = encodeURIComponent(location.pathname + location.search);
    location.assign(`/app/partners/login?next=${next}`);
  }

  // A path under the API (`leads?page=2`) or an absolute one (`/app/partners/session`).
  async function api(path, { method = 'GET', body, signedOutIsError = false } = {}) {
    const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (body !== undefined) {
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path.startsWith('/') ? path : `${API}/${path}`, init);
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (_) { data = null; }
    if (response.status === 401 && !signedOutIsError) {
      toSignIn();
      throw new SignedOut();
    }
    if (!response.ok) {
      const error = new Error((data && data.error) || `The server answered ${response.status}`);
      error.status = response.status;
      error.body = data;
      throw error;
    }
    return data;
  }

  function $(id) { return document.getElementById(id); }

  // An element with attributes and children (text is always text, never HTML).
  function el(tag, attributes = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes)) {
      if (value === undefined || value === null || value === false) continue;
      if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else if (name === 'dataset') Object.assign(node.dataset, value);
      else node.setAttribute(name, value === true ? '' : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function rows(tbody, items, makeRow) {
    tbody.replaceChildren(...items.map(makeRow));
  }

  function show(node, yes = true) { node.hidden = !yes; }

  function say(message, kind = 'ok') {
    const notice = $('notice');
    notice.textContent = message;
    notice.dataset.kind = kind;
    show(notice);
  }

  function failure(node, error) {
    node.textContent = error.message;
    show(node);
  }

  // Runs a page's work; a failure is shown on the page instead of being left uncaught.
  function run(work) {
    Promise.resolve().then(work).catch((error) => {
      if (error instanceof SignedOut) return;
      say(error.message, 'error');
    });
  }

  async function copy(input, button) {
    try {
      await navigator.clipboard.writeText(input.value);
    } catch (_) {
      input.select();
      document.execCommand('copy');
    }
    button.textContent = 'Copied';
    setTimeout(() => { button.textContent = 'Copy'; }, 2000);
  }

  function header() {
    const who = $('user-email');
    if (!who) return;
    run(async () => {
      const session = await api('/app/partners/session');
      who.textContent = session.user.email;
    });
    $('sign-out').addEventListener('click', () => run(async () => {
      await api('/app/partners/session', { method: 'DELETE' });
      location.assign('/app/partners/login');
    }));
  }

  document.addEventListener('click', (event) => {
    const button = event.target.closest('[data-copy]');
    if (button) copy($(button.dataset.copy), button);
  });
  header();

  return {
    api, $, el, rows, show, say, failure, run,
    stageLabel: (stage) => labels.stages[stage] || stage,
    stages: () => Object.entries(labels.stages),
    handlingLabel: (choice) => labels.lead_handling[choice] || choice,
    money: (amount) => money.format(amount),
    wholeDollars: (amount) => dollars.format(amount),
    count: (n) => count.format(n),
    percent: (rate) => `${(rate * 100).toFixed(1)}%`,
    query: () => new URLSearchParams(location.search),
  };
})();

'use strict';
PH.run(async () => {
  // The API key: two steps, since the current key stops at once.
  PH.$('rotate-key').addEventListener('click', () => PH.show(PH.$('rotate-confirm')));
  PH.$('rotate-key-cancel').addEventListener('click', () => PH.show(PH.$('rotate-confirm'), false));
  PH.$('rotate-key-confirm').addEventListener('click', () => PH.run(async () => {
    const answer = await PH.api('account/api-key', { method: 'POST' });
    PH.show(PH.$('rotate-confirm'), false);
    PH.$('new-key-value').value = answer.api_key;
    PH.show(PH.$('new-key'));
    PH.say('A new API key is active; the old one no longer works.');
  }));
  PH.$('issue-test-key').addEventListener('click', () => PH.run(async () => {
    const answer = await PH.api('account/api-key', { method: 'POST', body: { mode: 'test' } });
    PH.$('new-test-key-value').value = answer.api_key;
    PH.show(PH.$('new-test-key'));
    PH.say('A new test key is active; your live key is unchanged.');
  }));

  const form = PH.$('webhook-form');
  const formError = PH.$('webhook-error');
  let shown = null; // the webhook whose deliveries are listed

  const showSecret = (url, secret) => {
    PH.$('new-secret-for').textContent = url;
    PH.$('new-secret-value').value = secret;
    PH.show(PH.$('new-secret'));
  };

  function edit(webhook) {
    PH.$('webhook-id').value = webhook ? webhook.id : '';
    PH.$('webhook-url').value = webhook ? webhook.url : '';
    PH.$('webhook-description').value = webhook ? webhook.description || '' : '';
    for (const box of form.querySelectorAll('input[name="events"]')) {
      box.checked = webhook ? webhook.events.includes(box.value) : true;
    }
    PH.$('webhook-form-title').textContent = webhook ? 'Edit the webhook' : 'Add a webhook';
    PH.$('save-webhook').textContent = webhook ? 'Save changes' : 'Add webhook';
    PH.show(PH.$('cancel-edit'), Boolean(webhook));
    PH.show(formError, false);
    if (webhook) form.scrollIntoView({ block: 'nearest' });
  }

  function actions(webhook) {
    const act = (label, work, extra = {}) => PH.el('button', {
      type: 'button', class: 'secondary small', dataset: { action: extra.action || label.toLowerCase() },
      onclick: (event) => PH.run(() => work(event.currentTarget)),
    }, label);
    return [
      act('Edit', async () => edit(webhook)),
      act(webhook.enabled ? 'Disable' : 'Enable', async () => {
        await PH.api(`webhooks/${webhook.id}`, { method: 'PATCH', body: { enabled: !webhook.enabled } });
        await list();
      }, { action: 'toggle' }),
      act('Rotate secret', async () => {
        const answer = await PH.api(`webhooks/${webhook.id}/rotate-secret`, { method: 'POST' });
        showSecret(webhook.url, answer.secret);
        PH.say('New secret made; the old one keeps signing for 24 hours.');
      }, { action: 'rotate' }),
      act('Send test', async () => {
        await PH.api(`webhooks/${webhook.id}/test`, { method: 'POST' });
        PH.say(`A test event is on its way to ${webhook.url}.`);
        await deliveries(webhook, 10);
      }, { action: 'test' }),
      act('Deliveries', async () => deliveries(webhook), { action: 'deliveries' }),
      act('Delete', async (button) => {
        if (button.dataset.armed !== 'yes') {
          button.dataset.armed = 'yes';
          button.textContent = 'Confirm delete';
          return;
        }
        await PH.api(`webhooks/${webhook.id}`, { method: 'DELETE' });
        if (shown && shown.id === webhook.id) PH.show(PH.$('deliveries'), false);
        await list();
      }),
    ];
  }

  async function list() {
    const webhooks = (await PH.api('webhooks')).webhooks;
    PH.rows(PH.$('webhook-rows'), webhooks, (webhook) => PH.el('tr', { dataset: { webhook: webhook.id } },
      PH.el('td', { class: 'wrap' }, webhook.url, webhook.description ? PH.el('div', { class: 'muted' }, webhook.description) : null),
      PH.el('td', {}, webhook.events.join(', ')),
      PH.el('td', {}, webhook.enabled ? 'Enabled' : `Disabled${webhook.disabled_reason ? ` (${webhook.disabled_reason})` : ''}`),
      PH.el('td', {}, PH.el('div', { class: 'actions' }, actions(webhook)))));
    PH.show(PH.$('no-webhooks'), webhooks.length === 0);
  }

  // Lists the webhook's deliveries; `polls` more times a second apart while any is pending.
  async function deliveries(webhook, polls = 0) {
    shown = webhook;
    PH.$('deliveries-for').textContent = webhook.url;
    PH.show(PH.$('deliveries'));
    const answer = await PH.api(`webhooks/${webhook.id}/deliveries?per_page=25`);
    PH.rows(PH.$('delivery-rows'), answer.deliveries, (delivery) => PH.el('tr', { dataset: { delivery: delivery.id, status: delivery.status } },
      PH.el('td', {}, delivery.event),
      PH.el('td', {}, delivery.status),
      PH.el('td', {}, PH.el('ul', { class: 'attempts' }, delivery.attempts.map((attempt) => PH.el('li', {},
        `${attempt.attempted_at} · ${attempt.status}`,
        attempt.response_status ? ` · HTTP ${attempt.response_status}` : '',
        ` · ${attempt.latency_ms} ms`,
        attempt.error ? ` · ${attempt.error}` : '')))),
      PH.el('td', {}, delivery.created_at),
      PH.el('td', {}, PH.el('button', {
        type: 'button', class: 'secondary small', dataset: { action: 'resend' },
        onclick: () => PH.run(async () => {
          await PH.api(`webhooks/deliveries/${delivery.id}/resend`, { method: 'POST' });
          await deliveries(webhook, 10);
        }),
      }, 'Resend'))));
    PH.show(PH.$('no-deliveries'), answer.deliveries.length === 0);
    const pending = answer.deliveries.some((delivery) => delivery.status === 'pending');
    if (pending && polls > 0 && shown === webhook) {
      setTimeout(() => PH.run(() => deliveries(webhook, polls - 1)), 1000);
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    PH.show(formError, false);
    const id = PH.$('webhook-id').value;
    const events = [...form.querySelectorAll('input[name="events"]:checked')].map((box) => box.value);
    const body = { url: PH.$('webhook-url').value.trim(), events };
    const description = PH.$('webhook-description').value.trim();
    if (description || id) body.description = description || null;
    PH.run(async () => {
      try {
        if (id) {
          await PH.api(`webhooks/${id}`, { method: 'PATCH', body });
          PH.say('Webhook saved.');
        } else {
          const answer = await PH.api('webhooks', { method: 'POST', body });
          showSecret(answer.webhook.url, answer.secret);
          PH.say('Webhook added. Verify its signature with the secret below.');
        }
        edit(null);
        await list();
      } catch (failure) {
        PH.failure(formError, failure);
      }
    });
  });
  PH.$('cancel-edit').addEventListener('click', () => edit(null));
  PH.$('refresh-deliveries').addEventListener('click', () => PH.run(() => shown && deliveries(shown)));
  await list();
});

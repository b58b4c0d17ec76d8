'use strict';
PH.run(async () => {
  for (const label of document.querySelectorAll('[data-label]')) {
    label.textContent = PH.handlingLabel(label.dataset.label);
  }
  const show = (account) => {
    for (const radio of document.querySelectorAll('input[name="lead_handling"]')) {
      radio.checked = radio.value === account.lead_handling;
    }
    PH.$('landing_url').value = account.landing_url || '';
    PH.$('tracking-url').textContent = account.tracking_url;
    const details = [
      ['Partner', account.name], ['Email', account.email], ['Status', account.status],
      ['Referral code', account.referral_code],
      ['Requests per hour', PH.count(account.rate_limit_per_hour)],
    ];
    PH.$('account').replaceChildren(...details.flatMap(([name, value]) => [
      PH.el('dt', {}, name), PH.el('dd', {}, value)]));
  };
  show((await PH.api('account')).account);

  const save = (form, error, changes, message) => {
    PH.show(error, false);
    PH.run(async () => {
      try {
        show((await PH.api('account', { method: 'PATCH', body: changes() })).account);
        PH.say(message);
      } catch (failure) {
        PH.failure(error, failure);
      }
    });
  };
  PH.$('lead-handling').addEventListener('submit', (event) => {
    event.preventDefault();
    const chosen = document.querySelector('input[name="lead_handling"]:checked');
    if (!chosen) {
      PH.failure(PH.$('handling-error'), new Error('Choose one of the two.'));
      return;
    }
    save(event.target, PH.$('handling-error'), () => ({ lead_handling: chosen.value }),
      'Saved. Your next lead submission follows it.');
  });
  PH.$('landing').addEventListener('submit', (event) => {
    event.preventDefault();
    const url = PH.$('landing_url').value.trim();
    save(event.target, PH.$('landing-error'), () => ({ landing_url: url || null }),
      'Saved. Your tracking link lands there now.');
  });
});

'use strict';
PH.run(() => {
  const open = PH.$('invitation').hasAttribute('data-open');
  const form = PH.$('choose-password');
  PH.show(form, open);
  PH.show(PH.$('invitation-closed'), !open);
  if (!open) return;
  const error = PH.$('password-error');
  const token = location.pathname.split('/').pop();
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    PH.show(error, false);
    const password = PH.$('password').value;
    if (password.length < 12) {
      PH.failure(error, new Error('The password needs at least 12 characters.'));
      return;
    }
    if (password !== PH.$('password-again').value) {
      PH.failure(error, new Error('The two passwords differ.'));
      return;
    }
    PH.run(async () => {
      try {
        await PH.api(`/app/partners/invitations/${token}`, { method: 'POST', body: { password } });
        const email = encodeURIComponent(PH.$('invited-email').textContent);
        location.assign(`/app/partners/login?welcome=1&email=${email}`);
      } catch (failure) {
        PH.failure(error, failure);
      }
    });
  });
});

'use strict';
PH.run(() => {
  const form = PH.$('sign-in');
  const error = PH.$('sign-in-error');
  const params = PH.query();
  if (params.get('email')) form.email.value = params.get('email');
  if (params.get('welcome')) PH.say('Your password is set. Sign in with it.');
  // Only a page of the portal itself is a place to go on to.
  const next = params.get('next') || '';
  const onward = next.startsWith('/app/partners') && !next.startsWith('//') ? next : '/app/partners';
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    PH.show(error, false);
    PH.run(async () => {
      try {
        await PH.api('/app/partners/session', {
          method: 'POST',
          body: { email: form.email.value, password: form.password.value },
          signedOutIsError: true,
        });
        location.assign(onward);
      } catch (failure) {
        PH.failure(error, failure);
      }
    });
  });
});

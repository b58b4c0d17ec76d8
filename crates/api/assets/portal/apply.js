'use strict';
PH.run(() => {
  const form = PH.$('application');
  const error = PH.$('application-error');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    PH.show(error, false);
    const value = (id) => PH.$(id).value.trim() || undefined;
    const body = {
      name: value('name'),
      email: value('email'),
      company_name: value('company_name'),
      website: value('website'),
      message: value('message'),
    };
    PH.run(async () => {
      try {
        await PH.api('applications', { method: 'POST', body, signedOutIsError: true });
        PH.$('received-email').textContent = body.email;
        PH.show(form, false);
        PH.show(PH.$('application-received'));
      } catch (failure) {
        PH.failure(error, failure);
      }
    });
  });
});

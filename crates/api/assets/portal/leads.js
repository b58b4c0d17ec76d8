'use strict';
PH.run(async () => {
  const form = PH.$('filters');
  const stageSelect = PH.$('effective_status');
  for (const [stage, label] of PH.stages()) stageSelect.append(PH.el('option', { value: stage }, label));
  const FILTERS = ['start_date', 'end_date', 'status', 'effective_status'];
  const params = PH.query();
  for (const name of [...FILTERS, 'per_page']) {
    if (params.get(name)) form.elements[name].value = params.get(name);
  }
  let page = Number(params.get('page')) || 1;

  const filters = () => {
    const chosen = new URLSearchParams();
    for (const name of FILTERS) if (form.elements[name].value) chosen.set(name, form.elements[name].value);
    return chosen;
  };

  async function load() {
    const chosen = filters();
    PH.$('export').href = `/app/partners/api/v1/leads/export.csv?${chosen}`;
    chosen.set('per_page', form.elements.per_page.value);
    chosen.set('page', String(page));
    history.replaceState(null, '', `?${chosen}`);
    const answer = await PH.api(`leads?${chosen}`);
    PH.rows(PH.$('lead-rows'), answer.leads, (lead) => PH.el('tr', {},
      PH.el('td', { class: 'nowrap' }, PH.el('button', {
        type: 'button', class: 'link', dataset: { lead: lead.reference_id },
        onclick: () => PH.run(() => detail(lead.reference_id)),
      }, lead.reference_id)),
      PH.el('td', {}, `${lead.first_name} ${lead.last_name}`),
      PH.el('td', {}, lead.email || ''),
      PH.el('td', {}, lead.phone || ''),
      PH.el('td', {}, PH.stageLabel(lead.effective_status)),
      PH.el('td', {}, lead.created_at)));
    const { total, total_pages: pages } = answer.pagination;
    PH.$('summary').textContent = `${PH.count(total)} lead${total === 1 ? '' : 's'}`;
    PH.$('page-of').textContent = `Page ${page} of ${Math.max(pages, 1)}`;
    PH.$('previous').disabled = page <= 1;
    PH.$('next').disabled = page >= pages;
  }

  async function detail(reference) {
    const answer = await PH.api(`leads/${encodeURIComponent(reference)}`);
    const lead = answer.lead;
    PH.$('lead-title').textContent = `${lead.first_name} ${lead.last_name} · ${lead.reference_id}`;
    const fields = [
      ['Stage', PH.stageLabel(lead.effective_status)],
      ['Email', lead.email], ['Phone', lead.phone], ['Company', lead.company_name],
      ['Street', lead.residential_street], ['City', lead.residential_city],
      ['State', lead.residential_state], ['ZIP', lead.residential_zip],
      ['Funding type', lead.funding_type], ['Created (UTC)', lead.created_at],
      ['Updated (UTC)', lead.updated_at],
    ].filter(([, value]) => value);
    PH.$('lead-fields').replaceChildren(...fields.flatMap(([name, value]) => [
      PH.el('dt', {}, name), PH.el('dd', {}, value)]));
    const quotes = answer.quotes || [];
    PH.show(PH.$('quotes'), quotes.length > 0);
    PH.show(PH.$('no-quotes'), quotes.length === 0);
    PH.rows(PH.$('quote-rows'), quotes, (quote) => PH.el('tr', {},
      PH.el('td', {}, quote.quote_type),
      PH.el('td', {}, quote.amount === null ? 'Pending' : PH.money(quote.amount)),
      PH.el('td', {}, quote.status),
      PH.el('td', {}, quote.quote_group_status || '')));
    PH.show(PH.$('lead-detail'));
    PH.$('lead-detail').scrollIntoView({ block: 'nearest' });
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    page = 1;
    PH.run(load);
  });
  PH.$('previous').addEventListener('click', () => { page -= 1; PH.run(load); });
  PH.$('next').addEventListener('click', () => { page += 1; PH.run(load); });
  PH.$('close-detail').addEventListener('click', () => PH.show(PH.$('lead-detail'), false));
  await load();
  if (params.get('lead')) await detail(params.get('lead'));
});

'use strict';
PH.run(async () => {
  const [referrals, earnings] = await Promise.all([
    PH.api('referrals/stats'),
    PH.api('referrer/stats'),
  ]);
  for (const name of ['total_referrals', 'total_clicks', 'total_leads', 'total_applications', 'total_funded']) {
    PH.$(`stat-${name}`).textContent = PH.count(referrals.stats[name]);
  }
  PH.$('stat-conversion_rate').textContent = PH.percent(referrals.stats.conversion_rate);
  for (const name of ['total_earnings', 'pending_earnings', 'paid_earnings']) {
    PH.$(`stat-${name}`).textContent = PH.money(earnings.stats[name]);
  }

  const chart = async (interval) => {
    const answer = await PH.api(`referrals/stats/timeseries?interval=${interval}`);
    const days = answer.series.map((point) => point.period_start);
    const series = [
      ['Referrals', 'referrals'], ['Clicks', 'clicks'], ['Leads', 'leads'],
      ['Applications', 'applications'], ['Funded', 'funded'],
    ].map(([label, key]) => ({ label, values: answer.series.map((point) => point[key]) }));
    PHCharts.draw(PH.$('referrals-chart'), days, series);
    PHCharts.table(PH.$('referrals-table'), days, series);
  };
  await chart(PHCharts.intervals(PH.$('interval'), chart));

  const funnel = await PH.api('referrals/stats/stages');
  const most = Math.max(1, ...funnel.stages.map((stage) => stage.count));
  PH.rows(PH.$('funnel'), funnel.stages, (stage) => {
    const bar = PH.el('span', { class: 'bar' });
    bar.style.width = `${(100 * stage.count) / most}%`;
    return PH.el('li', { dataset: { stage: stage.stage } },
      PH.el('span', { class: 'stage' }, stage.label),
      PH.el('span', { class: 'track' }, bar),
      PH.el('span', { class: 'count' }, PH.count(stage.count)));
  });

  const latest = await PH.api('leads?per_page=10');
  PH.rows(PH.$('latest-leads'), latest.leads, (lead) => PH.el('tr', {},
    PH.el('td', { class: 'nowrap' }, PH.el('a', { href: `/app/partners/leads?lead=${lead.reference_id}` }, lead.reference_id)),
    PH.el('td', {}, `${lead.first_name} ${lead.last_name}`),
    PH.el('td', {}, PH.stageLabel(lead.effective_status)),
    PH.el('td', {}, lead.created_at)));
});

'use strict';
PH.run(async () => {
  const stats = (await PH.api('referrer/stats')).stats;
  for (const name of ['total_earnings', 'pending_earnings', 'paid_earnings']) {
    PH.$(`stat-${name}`).textContent = PH.money(stats[name]);
  }

  const chart = async (interval) => {
    const answer = await PH.api(`referrer/earnings/timeseries?interval=${interval}`);
    const days = answer.series.map((point) => point.period_start);
    const series = [
      { label: 'Earned', values: answer.series.map((point) => point.earned) },
      { label: 'Paid', values: answer.series.map((point) => point.paid) },
    ];
    PHCharts.draw(PH.$('earnings-chart'), days, series, { money: true });
    PHCharts.table(PH.$('earnings-table'), days, series, { money: true });
  };
  await chart(PHCharts.intervals(PH.$('interval'), chart));

  let page = 1;
  async function commissions() {
    const answer = await PH.api(`referrer/commissions?per_page=25&page=${page}`);
    PH.rows(PH.$('plan-rows'), answer.commissions, (level) => PH.el('tr', {},
      PH.el('td', {}, level.level), PH.el('td', {}, `${level.percentage}%`),
      PH.el('td', {}, level.description)));
    PH.rows(PH.$('commission-rows'), answer.history, (row) => PH.el('tr', {},
      PH.el('td', { class: 'nowrap' }, row.referral_reference_id), PH.el('td', {}, row.level),
      PH.el('td', {}, `${row.percentage}%`), PH.el('td', {}, PH.money(row.funded_amount)),
      PH.el('td', {}, PH.money(row.amount)), PH.el('td', {}, row.status),
      PH.el('td', {}, row.created_at)));
    PH.show(PH.$('no-commissions'), answer.history.length === 0);
    const pages = Math.max(answer.pagination.total_pages, 1);
    PH.$('page-of').textContent = `Page ${page} of ${pages}`;
    PH.$('previous').disabled = page <= 1;
    PH.$('next').disabled = page >= pages;
  }
  PH.$('previous').addEventListener('click', () => { page -= 1; PH.run(commissions); });
  PH.$('next').addEventListener('click', () => { page += 1; PH.run(commissions); });
  await commissions();

  const payouts = (await PH.api('referrer/payouts')).payouts;
  PH.rows(PH.$('payout-rows'), payouts, (payout) => PH.el('tr', {},
    PH.el('td', {}, `#${payout.id}`), PH.el('td', {}, PH.money(payout.amount)),
    PH.el('td', {}, payout.status), PH.el('td', {}, payout.processed_at || '')));
  PH.show(PH.$('no-payouts'), payouts.length === 0);

  const downline = (await PH.api('referrer/downline')).downline;
  PH.rows(PH.$('downline-rows'), downline, (member) => PH.el('tr', {},
    PH.el('td', {}, member.name), PH.el('td', {}, member.level),
    PH.el('td', {}, member.status), PH.el('td', {}, PH.count(member.total_referrals))));
  PH.show(PH.$('no-downline'), downline.length === 0);
});

'use strict';
// Time series drawn with uPlot (vendored), and the same numbers as a table beside them.
const PHCharts = (() => {
  const palette = ['#1f4fd1', '#8a8f98', '#e08a00', '#7b3fc4', '#138a4b'];
  const utc = (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC');
  const seconds = (day) => Date.parse(`${day}T00:00:00Z`) / 1000;

  // series: [{ label, values }], one value per point of `days`.
  function draw(container, days, series, { money = false } = {}) {
    if (typeof uPlot === 'undefined') return;
    container.replaceChildren();
    const format = money ? PH.money : PH.count;
    const tick = money ? PH.wholeDollars : PH.count;
    const valueAxis = { values: (_, ticks) => ticks.map(tick), size: money ? 80 : 50 };
    // Counts are whole: no tick between two of them.
    if (!money) valueAxis.incrs = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 100000];
    const options = {
      width: Math.max(container.clientWidth, 280),
      height: 260,
      tzDate: utc,
      scales: { x: { time: true } },
      legend: { live: false },
      axes: [{}, valueAxis],
      series: [{}, ...series.map((line, index) => ({
        label: line.label,
        stroke: palette[index % palette.length],
        width: 2,
        points: { show: days.length <= 40 },
        value: (_, value) => (value === null ? '' : format(value)),
      }))],
    };
    const data = [days.map(seconds), ...series.map((line) => line.values)];
    const chart = new uPlot(options, data, container);
    new ResizeObserver(() => {
      chart.setSize({ width: Math.max(container.clientWidth, 280), height: 260 });
    }).observe(container);
  }

  // The points as rows: the period, then each series' value.
  function table(tbody, days, series, { money = false } = {}) {
    const format = money ? PH.money : PH.count;
    PH.rows(tbody, days, (day, index) => PH.el('tr', {},
      PH.el('td', {}, day),
      series.map((line) => PH.el('td', {}, format(line.values[index])))));
  }

  // Day / week / month buttons: calls `load(interval)` on a change.
  function intervals(group, load) {
    group.addEventListener('click', (event) => {
      const button = event.target.closest('[data-interval]');
      if (!button) return;
      for (const other of group.querySelectorAll('[data-interval]')) {
        other.setAttribute('aria-pressed', String(other === button));
      }
      PH.run(() => load(button.dataset.interval));
    });
    const pressed = group.querySelector('[aria-pressed="true"]');
    return pressed ? pressed.dataset.interval : 'day';
  }

  return { draw, table, intervals };
})();

// The Overview's charts. The data comes server-rendered in <script type="application/json" id="chart-data">;
// no inline script, so the pages' Content-Security-Policy can forbid it.
(function () {
  var el = document.getElementById('chart-data');
  if (!el || typeof Chart === 'undefined') {
    return;
  }
  var data = JSON.parse(el.textContent);
  var palette = ['#2563eb', '#16a34a', '#d97706', '#9333ea', '#dc2626', '#0891b2', '#4b5563', '#db2777'];
  var sales = document.getElementById('sales-chart');
  if (sales) {
    var branches = Object.keys(data.sales);
    new Chart(sales, {
      type: 'bar',
      data: {
        labels: data.days,
        datasets: branches.map(function (b, i) {
          return { label: 'branch ' + b, data: data.sales[b], backgroundColor: palette[i % palette.length] };
        })
      },
      options: { animation: false, responsive: true,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
  var anomalies = document.getElementById('anomaly-chart');
  if (anomalies) {
    var severities = Object.keys(data.openBySeverity);
    new Chart(anomalies, {
      type: 'bar',
      data: {
        labels: severities,
        datasets: [{ label: 'open anomalies', data: severities.map(function (s) { return data.openBySeverity[s]; }),
          backgroundColor: ['#7f1d1d', '#dc2626', '#d97706', '#6b7280'] }]
      },
      options: { animation: false, responsive: true, plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
})();

// Supervisors' charts, drawn from the analytics API (/api/v1/analytics/) into a given element, usually
// <section id="charts"> of /console/supervisor.html. Chart.js comes from the gateway (vendored from its
// WebJar), never a CDN. Every text from the server (category names, appeal and question texts) is put in
// with textContent or drawn on a canvas; nothing is parsed as HTML.
//
//   import { mountCharts } from './charts.js';
//   const charts = await mountCharts(document.getElementById('charts'), { token });   // token optional
//   charts.refresh();
//
// Requests carry the page's cookies (a supervisor's session) and, when given, `Authorization: Bearer <token>`.
import '../vendor/chart.js/chart.umd.js';

const Chart = globalThis.Chart;
const API = new URL('../api/v1/analytics/', import.meta.url);
const PALETTE = ['#0b57d0', '#e8710a', '#188038', '#d93025', '#9334e6', '#12b5cb', '#f9ab00', '#5f6368', '#b31412', '#1e8e3e'];
const OTHER_COLOR = '#9aa0a6';
const MAX_SERIES = 8;

/** An element with a class and text (text only: never HTML). */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/** The date in the browser's time zone (the supervisor's, usually the city's: see SWIFTLINE_TIME_ZONE). */
function isoDay(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function percent(rate) {
  return rate === null || rate === undefined ? '–' : `${(rate * 100).toFixed(1)}%`;
}

function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  if (seconds < 86400 * 2) return `${(seconds / 3600).toFixed(1)} h`;
  return `${(seconds / 86400).toFixed(1)} d`;
}

function growth(value) {
  if (value === null || value === undefined) return 'new';
  const sign = value > 0 ? '+' : '';
  return `${sign}${Math.round(value * 100)}%`;
}

/** A panel: a titled figure with a body for a chart or a table and a line of totals. */
function panel(parent, id, title) {
  const figure = el('figure', 'sl-chart');
  figure.id = `sl-chart-${id}`;
  const caption = el('figcaption', 'sl-chart-title', title);
  const summary = el('p', 'sl-chart-summary');
  const body = el('div', 'sl-chart-body');
  figure.append(caption, summary, body);
  parent.append(figure);
  return { figure, summary, body };
}

function canvasIn(body, label) {
  body.replaceChildren();
  const canvas = el('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', label);
  body.append(canvas);
  return canvas;
}

function table(headers, rows) {
  const t = el('table', 'sl-table');
  const head = el('tr');
  headers.forEach((h) => head.append(el('th', null, h)));
  const thead = el('thead');
  thead.append(head);
  const tbody = el('tbody');
  rows.forEach((cells) => {
    const tr = el('tr');
    cells.forEach((c) => tr.append(c instanceof Node ? wrap(c) : el('td', null, c)));
    tbody.append(tr);
  });
  t.append(thead, tbody);
  return t;
}

function wrap(node) {
  const td = el('td');
  td.append(node);
  return td;
}

/**
 * Draws the charts into `section` and returns `{ refresh, setPeriod, destroy }`.
 * options: `token` (bearer token), `from`, `to` (ISO dates; default the last 30 days), `lang` (names).
 */
export async function mountCharts(section, options = {}) {
  if (!Chart) throw new Error('Chart.js did not load');
  const state = {
    token: options.token || null,
    lang: options.lang || 'en',
    to: options.to || isoDay(new Date()),
    from: options.from || isoDay(new Date(Date.now() - 29 * 86400000)),
  };
  const charts = new Map();
  section.classList.add('sl-charts');
  section.replaceChildren();

  // The period and the export.
  const controls = el('form', 'sl-charts-controls');
  const fromInput = el('input');
  fromInput.type = 'date';
  fromInput.name = 'from';
  fromInput.value = state.from;
  const toInput = el('input');
  toInput.type = 'date';
  toInput.name = 'to';
  toInput.value = state.to;
  const fromLabel = el('label', null, 'From ');
  fromLabel.append(fromInput);
  const toLabel = el('label', null, 'To ');
  toLabel.append(toInput);
  const apply = el('button', null, 'Show');
  apply.type = 'submit';
  const exportButton = el('button', 'sl-secondary', 'Export CSV');
  exportButton.type = 'button';
  const status = el('p', 'sl-charts-status');
  status.setAttribute('role', 'status');
  controls.append(fromLabel, toLabel, apply, exportButton);
  section.append(controls, status);

  const grid = el('div', 'sl-charts-grid');
  section.append(grid);
  const perDay = panel(grid, 'per-day', 'Appeals per day by category');
  const rates = panel(grid, 'rates', 'Resolution and satisfaction rates');
  const times = panel(grid, 'response-times', 'Time to first response and to resolution (daily median)');
  const pain = panel(grid, 'pain-points', 'Top pain points, with growth against the previous period');
  const gaps = panel(grid, 'knowledge-gaps', 'Knowledge-base gaps: questions the bot could not answer');

  async function get(path, params = {}) {
    const url = new URL(path, API);
    url.searchParams.set('from', state.from);
    url.searchParams.set('to', state.to);
    url.searchParams.set('lang', state.lang);
    Object.entries(params).forEach(([k, v]) => url.searchParams.set(k, v));
    const headers = state.token ? { Authorization: `Bearer ${state.token}` } : {};
    const response = await fetch(url, { credentials: 'same-origin', headers });
    if (!response.ok) {
      let message = `${response.status}`;
      try {
        message = (await response.json()).error || message;
      } catch (ignored) {
        // not JSON
      }
      const error = new Error(message);
      error.status = response.status;
      throw error;
    }
    return path.endsWith('.csv') ? response.blob() : response.json();
  }

  function draw(id, canvas, config) {
    if (charts.has(id)) charts.get(id).destroy();
    config.options = Object.assign({ responsive: true, maintainAspectRatio: false, animation: false }, config.options);
    charts.set(id, new Chart(canvas, config));
  }

  function drawPerDay(data) {
    perDay.summary.textContent = `${data.total} appeals from ${data.from} to ${data.to}`;
    const series = data.categories.slice(0, MAX_SERIES).map((c, i) => ({
      label: c.name || c.category || 'Not classified',
      data: c.counts,
      backgroundColor: PALETTE[i % PALETTE.length],
      stack: 'appeals',
    }));
    const rest = data.categories.slice(MAX_SERIES);
    if (rest.length > 0) {
      const other = data.days.map((_, d) => rest.reduce((sum, c) => sum + c.counts[d], 0));
      series.push({ label: `Other (${rest.length})`, data: other, backgroundColor: OTHER_COLOR, stack: 'appeals' });
    }
    draw('per-day', canvasIn(perDay.body, 'Appeals per day by category'), {
      type: 'bar',
      data: { labels: data.days, datasets: series },
      options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
    });
  }

  function drawRates(data) {
    const t = data.total;
    rates.summary.textContent = `Resolution rate ${percent(t.resolutionRate)} (${t.solved} of ${t.verdicts} answers) · `
      + `satisfaction rate ${percent(t.satisfactionRate)} (${t.satisfied} of ${t.ratings} ratings of 4 or 5; mean `
      + `${t.meanSatisfaction === null ? '–' : t.meanSatisfaction.toFixed(2)} of 5)`;
    const asPercent = (r) => (r === null ? null : Math.round(r * 1000) / 10);
    draw('rates', canvasIn(rates.body, 'Resolution and satisfaction rates per day'), {
      type: 'line',
      data: {
        labels: data.days.map((d) => d.day),
        datasets: [
          { label: 'Resolution rate (%)', data: data.days.map((d) => asPercent(d.resolutionRate)), borderColor: PALETTE[2], backgroundColor: PALETTE[2], spanGaps: true },
          { label: 'Satisfaction rate (%)', data: data.days.map((d) => asPercent(d.satisfactionRate)), borderColor: PALETTE[1], backgroundColor: PALETTE[1], spanGaps: true },
        ],
      },
      options: { scales: { y: { min: 0, max: 100 } } },
    });
  }

  function drawTimes(data) {
    const f = data.firstResponse;
    const r = data.resolution;
    times.summary.textContent = `First response: median ${duration(f.medianSeconds)}, 90% within ${duration(f.p90Seconds)} `
      + `(${f.count} appeals) · resolution: median ${duration(r.medianSeconds)}, 90% within ${duration(r.p90Seconds)} (${r.count})`;
    const hours = (s) => (s === null ? null : Math.round(s / 36) / 100);
    draw('response-times', canvasIn(times.body, 'Daily median time to first response and to resolution, in hours'), {
      type: 'line',
      data: {
        labels: data.days.map((d) => d.day),
        datasets: [
          { label: 'First response (hours)', data: data.days.map((d) => hours(d.firstResponseMedianSeconds)), borderColor: PALETTE[0], backgroundColor: PALETTE[0], spanGaps: true },
          { label: 'Resolution (hours)', data: data.days.map((d) => hours(d.resolutionMedianSeconds)), borderColor: PALETTE[3], backgroundColor: PALETTE[3], spanGaps: true },
        ],
      },
      options: { scales: { y: { beginAtZero: true } } },
    });
  }

  function drawPain(data) {
    pain.summary.textContent = `Compared with ${data.previousFrom} to ${data.previousTo}`;
    pain.body.replaceChildren();
    const canvasBox = el('div', 'sl-chart-canvas');
    pain.body.append(canvasBox);
    const labels = data.places.map((p) => `${p.categoryName || p.category || 'Not classified'} · ${p.districtName || p.district || 'district unknown'}`);
    draw('pain-points', canvasIn(canvasBox, 'Appeals by category and district, this period and the previous one'), {
      type: 'bar',
      data: {
        labels,
        datasets: [
          { label: 'This period', data: data.places.map((p) => p.count), backgroundColor: PALETTE[3] },
          { label: 'Previous period', data: data.places.map((p) => p.previous), backgroundColor: OTHER_COLOR },
        ],
      },
      options: { indexAxis: 'y', scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
    pain.body.append(table(['Category', 'District', 'Appeals', 'Before', 'Growth'], data.places.map((p) => [
      p.categoryName || p.category || 'Not classified', p.districtName || p.district || '–', p.count, p.previous, growth(p.growth),
    ])));
    const heading = el('h3', 'sl-subtitle', 'Many people report the same thing');
    pain.body.append(heading);
    if (data.clusters.length === 0) {
      pain.body.append(el('p', 'sl-empty', 'No group of similar appeals in this period.'));
      return;
    }
    pain.body.append(table(['Reported', 'Category', 'Districts', 'People', 'Open', 'Growth'], data.clusters.map((c) => [
      c.what || c.cluster, c.categoryName || c.category || '–', c.districts.map((d) => d.name || d.district).join(', ') || '–',
      `${c.count} (${c.size} in all)`, c.open, growth(c.growth),
    ])));
  }

  function drawGaps(data) {
    gaps.summary.textContent = `${data.questions} unanswered questions${data.truncated ? ' (the newest only)' : ''}, `
      + `${data.groups.length} groups shown`;
    gaps.body.replaceChildren();
    if (data.groups.length === 0) {
      gaps.body.append(el('p', 'sl-empty', 'The bot answered every question in this period.'));
      return;
    }
    gaps.body.append(table(['Question', 'Asked', 'Languages', 'Also asked as', 'Last asked'], data.groups.map((g) => {
      const examples = el('ul', 'sl-examples');
      g.examples.forEach((e) => examples.append(el('li', null, e)));
      return [g.question, g.count, Object.entries(g.languages).map(([l, n]) => `${l} ${n}`).join(', '), examples,
        g.lastAsked.slice(0, 16).replace('T', ' ')];
    })));
  }

  async function refresh() {
    status.textContent = 'Loading…';
    section.setAttribute('aria-busy', 'true');
    try {
      const [a, b, c, d, e] = await Promise.all([
        get('appeals-per-day'), get('rates'), get('response-times'), get('pain-points', { limit: 10 }),
        get('knowledge-gaps', { limit: 15 }),
      ]);
      drawPerDay(a);
      drawRates(b);
      drawTimes(c);
      drawPain(d);
      drawGaps(e);
      status.textContent = `Updated ${new Date().toLocaleTimeString()}`;
      section.dataset.updated = String(Date.now());
    } catch (error) {
      status.textContent = error.status === 401 || error.status === 403
        ? `Not allowed: ${error.message}` : `Could not load the figures: ${error.message}`;
      section.dispatchEvent(new CustomEvent('swiftline:charts-error', { detail: { status: error.status, message: error.message } }));
    } finally {
      section.removeAttribute('aria-busy');
    }
  }

  async function exportCsv() {
    try {
      const blob = await get('appeals.csv');
      const link = el('a');
      link.href = URL.createObjectURL(blob);
      link.download = `appeals-${state.from}-${state.to}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10000);
    } catch (error) {
      status.textContent = `Could not export: ${error.message}`;
    }
  }

  controls.addEventListener('submit', (event) => {
    event.preventDefault();
    state.from = fromInput.value || state.from;
    state.to = toInput.value || state.to;
    refresh();
  });
  exportButton.addEventListener('click', exportCsv);

  await refresh();
  return {
    refresh,
    setToken(token) {
      state.token = token || null;
    },
    setPeriod(from, to) {
      state.from = from;
      state.to = to;
      fromInput.value = from;
      toInput.value = to;
      return refresh();
    },
    destroy() {
      charts.forEach((c) => c.destroy());
      charts.clear();
      section.replaceChildren();
    },
  };
}

// The standalone analytics page: asks for the admin token (kept for this browser tab only, in
// sessionStorage), then draws the supervisors' charts with charts.js. A supervisor signed in to the
// console needs no token: the page first tries the session cookie.
import { mountCharts } from './charts.js';

const KEY = 'swiftline.analytics.token';
const form = document.getElementById('sign-in');
const input = document.getElementById('token');
const status = document.getElementById('sign-in-status');
const section = document.getElementById('charts');
let charts = null;

async function show(token) {
  status.textContent = '';
  if (charts) {
    charts.setToken(token);
    await charts.refresh();
  } else {
    charts = await mountCharts(section, { token });
  }
}

section.addEventListener('swiftline:charts-error', (event) => {
  if (event.detail.status === 401 || event.detail.status === 403) {
    sessionStorage.removeItem(KEY);
    form.hidden = false;
    status.textContent = event.detail.message;
  }
});

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const token = input.value.trim();
  input.value = '';
  sessionStorage.setItem(KEY, token);
  form.hidden = true;
  await show(token);
});

const saved = sessionStorage.getItem(KEY);
form.hidden = true;
show(saved);

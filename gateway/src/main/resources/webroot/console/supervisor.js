// The supervisor's live view (README "Operator console"): queue length per language, the longest wait,
// the operators on duty and their load. Refreshed at once on every queue or assignment event of the
// operators WebSocket, and every few seconds besides (duty and sign-ins send no event). Below, the
// analytics charts (charts.js), drawn from the analytics API and redrawn every minute and, at most every
// ten seconds, after an escalation is claimed or released (an appeal may have been filed).

import { LiveEvents, api } from './api.js';
import { $, el, translate } from './dom.js';
import { PERSON_LANGUAGES, STRINGS, clock, duration, initialLanguage, rememberLanguage, t } from './i18n.js';

const REFRESH_MS = 5_000;
const CHARTS_REFRESH_MS = 60_000;
const CHARTS_MIN_GAP_MS = 10_000;

let lang = initialLanguage();
const tr = (key, values) => t(lang, key, values);
const label = (group, code) => {
  const text = tr(`${group}.${code}`);
  return text === `${group}.${code}` ? String(code ?? '') : text;
};
const state = { me: null, live: null, receivedAt: 0, connection: 'offline', refreshing: null, again: false, charts: null, chartsAt: 0 };

const live = new LiveEvents({
  onEvent: (event) => {
    if (['queue', 'claimed', 'released', 'transferred'].includes(event.type)) refresh();
    if (['claimed', 'released', 'closed'].includes(event.type)) refreshCharts(false);
  },
  onOpen: () => refresh(),
  onStatus: (status) => {
    state.connection = status;
    $('connection').dataset.status = status;
    $('connection').textContent = tr(`connection.${status}`);
  },
  checkSession: () => api('GET', 'operators/me').then(() => true, (e) => {
    if (e.status === 401) signedOut('sessionEnded');
    return e.status !== 401;
  }),
});

function start() {
  const select = $('ui-language');
  for (const [code, strings] of Object.entries(STRINGS)) select.append(el('option', { value: code, lang: code, text: strings.name }));
  select.addEventListener('change', () => {
    lang = select.value;
    rememberLanguage(lang);
    applyLanguage();
  });
  $('sign-out').addEventListener('click', async () => {
    try {
      await api('DELETE', 'operators/session');
    } catch {
      // signed out anyway
    }
    signedOut('sessionEnded');
  });
  applyLanguage();
  api('GET', 'operators/me').then((me) => {
    state.me = me;
    $('who').textContent = `${me.name} · ${label('roles', me.role)}`;
    $('sign-out').hidden = false;
    if (me.role !== 'supervisor' && me.role !== 'admin') {
      showNotice('needSupervisor', false);
      return;
    }
    $('live-view').hidden = false;
    $('connection').hidden = false;
    live.start();
    refresh();
    setInterval(refresh, REFRESH_MS);
    setInterval(tick, 1000);
    mountAnalytics();
  }, () => signedOut(null));
  window.swiftlineSupervisor = { state, refresh }; // for the browser tests and debugging
}

/** Draws the analytics charts below the live view; a failure there leaves the live view working. */
async function mountAnalytics() {
  const section = $('charts');
  try {
    const { mountCharts } = await import('./charts.js');
    section.hidden = false;
    state.charts = await mountCharts(section, { lang });
    state.chartsAt = Date.now();
    setInterval(() => refreshCharts(true), CHARTS_REFRESH_MS);
  } catch (e) {
    section.hidden = false;
    section.replaceChildren(el('p', { class: 'empty', text: String(e.message || e) }));
  }
}

function refreshCharts(force) {
  if (!state.charts || (!force && Date.now() - state.chartsAt < CHARTS_MIN_GAP_MS)) return;
  state.chartsAt = Date.now();
  state.charts.refresh();
}

function applyLanguage() {
  document.documentElement.lang = lang;
  $('ui-language').value = lang;
  document.title = `${tr('supervisorTitle')} · Swiftline`;
  translate(document, tr);
  if (state.me) $('who').textContent = `${state.me.name} · ${label('roles', state.me.role)}`;
  $('connection').textContent = tr(`connection.${state.connection}`);
  if (state.live) render();
}

function signedOut(reason) {
  live.stop();
  state.me = null;
  $('who').textContent = '';
  $('sign-out').hidden = true;
  showNotice(reason, true);
}

function showNotice(key, linkToSignIn) {
  $('live-view').hidden = true;
  $('connection').hidden = true;
  $('signed-out').hidden = false;
  $('signed-out-text').textContent = key ? tr(key) : '';
  $('signed-out-text').hidden = !key;
  $('sign-in-link').hidden = !linkToSignIn;
}

/** Fetches the live figures; calls that arrive while one is under way make one more afterwards. */
function refresh() {
  if (!state.me) return;
  if (state.refreshing) {
    state.again = true;
    return;
  }
  state.refreshing = api('GET', 'supervisor/live', undefined, { onSignedOut: () => signedOut('sessionEnded') })
    .then((figures) => {
      state.live = figures;
      state.receivedAt = Date.now();
      render();
    }, (e) => {
      if (e.status === 403) showNotice('needSupervisor', false);
    })
    .finally(() => {
      state.refreshing = null;
      if (state.again) {
        state.again = false;
        refresh();
      }
    });
}

const waiting = () => Object.values(state.live?.queueByLanguage ?? {}).reduce((sum, n) => sum + (Number(n) || 0), 0);
const longest = () => (waiting() > 0 ? (state.live?.longestWaitSeconds ?? 0) + (Date.now() - state.receivedAt) / 1000 : 0);

function render() {
  const figures = state.live;
  const byLanguage = Object.entries(figures.queueByLanguage ?? {}).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  const most = Math.max(1, ...byLanguage.map(([, n]) => n));
  $('by-language').replaceChildren(...byLanguage.map(([code, n]) => el('tr', { dataset: { language: code } },
    el('th', { scope: 'row', lang: code, text: `${PERSON_LANGUAGES[code] ?? code} (${code})` }),
    el('td', { className: 'bar-cell' }, bar((100 * n) / most)),
    el('td', { className: 'count-cell', text: String(n) }))));
  $('by-language-empty').hidden = byLanguage.length > 0;

  const operators = [...(figures.operators ?? [])].sort((a, b) => (b.onDuty - a.onDuty) || (b.load - a.load)
    || String(a.name).localeCompare(String(b.name)));
  $('operators').replaceChildren(...operators.map((operator) => el('tr', { dataset: { operator: operator.name } },
    el('td', { text: operator.name }),
    el('td', { text: (operator.languages ?? []).join(', ') }),
    el('td', { className: operator.onDuty ? 'on' : 'off', text: operator.onDuty ? tr('onDuty') : tr('offDuty') }),
    el('td', { className: 'load', text: String(operator.load ?? 0) }))));
  $('operators-empty').hidden = operators.length > 0;

  $('total-waiting').textContent = String(waiting());
  $('on-duty').textContent = String(operators.filter((o) => o.onDuty).length);
  $('updated').textContent = tr('updated', { time: clock(lang, new Date(state.receivedAt).toISOString()) });
  tick();
}

/** A bar of `percent` width; set through the CSSOM, which the Content-Security-Policy allows (style attributes it does not). */
function bar(percent) {
  const node = el('div', { className: 'bar', 'aria-hidden': 'true' });
  node.style.width = `${Math.round(percent)}%`;
  return node;
}

function tick() {
  if (state.live) $('longest-wait').textContent = duration(longest());
}

start();

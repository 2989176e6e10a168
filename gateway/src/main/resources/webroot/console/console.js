// The operator console (README "Operator console"): sign-in, the queue, the conversations the operator
// holds with their live transcripts, the agent-assist panel, appeals, and account administration.
//
// Live updates come over the operators WebSocket; after every (re)connect the console asks to resume each
// conversation it holds after the last entry it shows, and entries are kept by `seq`, so nothing is lost
// or shown twice. Everything a person, an article or an operator wrote is put into the page with
// textContent (dom.js), never parsed as HTML.

import { LiveEvents, api, seg } from './api.js';
import { $, el, translate } from './dom.js';
import { PERSON_LANGUAGES, STRINGS, clock, duration, initialLanguage, rememberLanguage, t } from './i18n.js';

const ACTIVE_KEY = 'swiftline:console:active';

let lang = initialLanguage();
const tr = (key, values) => t(lang, key, values);
/** The name of a reason, channel, status or role in the interface language; the code itself when unknown. */
const label = (group, code) => {
  const text = tr(`${group}.${code}`);
  return text === `${group}.${code}` ? String(code ?? '') : text;
};

const state = {
  me: null, // {name, role, languages, expiresAt, onDuty}
  queue: [], // the last queue from the server, each with `receivedAt` (ms) for the ticking wait
  conversations: new Map(), // id -> Conversation (the ones held, or opened read-only by a supervisor)
  activeId: null,
  connection: 'offline',
  llm: { translate: false, summary: false }, // the model's features this gateway offers (README "LLM features")
};

const live = new LiveEvents({
  onEvent: (event) => handleEvent(event),
  onOpen: () => resumeAll(),
  onStatus: (status) => showConnection(status),
  checkSession: () => api('GET', 'operators/me').then(() => true, (e) => {
    if (e.status === 401) signedOut(true);
    return e.status !== 401;
  }),
});

const call = (method, path, body) => api(method, path, body, { onSignedOut: () => signedOut(true) });

// ---- start -------------------------------------------------------------------------------------------

function start() {
  const select = $('ui-language');
  for (const [code, strings] of Object.entries(STRINGS)) select.append(el('option', { value: code, lang: code, text: strings.name }));
  select.addEventListener('change', () => {
    lang = select.value;
    rememberLanguage(lang);
    applyLanguage();
  });
  for (const [code, name] of Object.entries(PERSON_LANGUAGES)) {
    $('transfer-language').append(el('option', { value: code, lang: code, text: `${name} (${code})` }));
  }
  wireSignIn();
  wireWork();
  wireDialogs();
  applyLanguage();
  setInterval(tick, 1000);
  api('GET', 'operators/me').then(signedIn, () => showSignIn());
  window.swiftlineConsole = { state, live, drop: () => live.drop() }; // for the browser tests and debugging
}

function applyLanguage() {
  document.documentElement.lang = lang;
  $('ui-language').value = lang;
  document.title = `${tr('appTitle')} · Swiftline`;
  translate(document, tr);
  $('who').textContent = state.me ? `${state.me.name} · ${label('roles', state.me.role)}` : '';
  showDuty();
  showConnection(state.connection);
  renderQueue();
  renderMine();
  for (const conversation of state.conversations.values()) {
    for (const entry of conversation.entries.values()) {
      const node = entryNode(conversation, entry);
      entry.node.replaceWith(node);
      entry.node = node;
    }
  }
  const active = state.conversations.get(state.activeId);
  if (active) {
    renderHead(active);
    renderAssist(active);
  }
}

// ---- signing in and out ------------------------------------------------------------------------------

function wireSignIn() {
  $('sign-in-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = $('sign-in-name').value.trim();
    const password = $('sign-in-password').value;
    if (!name) return $('sign-in-name').focus();
    if (!password) return $('sign-in-password').focus();
    const button = $('sign-in-submit');
    button.disabled = true;
    $('sign-in-error').hidden = true;
    button.textContent = tr('signingIn');
    try {
      const me = await api('POST', 'operators/session', { name, password });
      $('sign-in-password').value = '';
      const next = new URLSearchParams(location.search).get('next');
      if (next === 'supervisor.html' && (me.role === 'supervisor' || me.role === 'admin')) {
        location.assign('/console/supervisor.html');
        return;
      }
      signedIn(me);
    } catch (e) {
      let message;
      if (e.status === 401) message = tr('wrongPassword');
      else if (e.status === 429) {
        const minutes = /(\d+)\s*minute/.exec(e.message);
        message = tr('lockedOut', { detail: minutes ? tr('tryAgainIn', { n: minutes[1] }) : '' }).trim();
      } else message = tr('error', { error: e.message });
      showError('sign-in-error', message);
      $('sign-in-password').select();
      $('sign-in-password').focus();
    } finally {
      button.disabled = false;
      button.textContent = tr('signIn');
    }
  });
  $('sign-out').addEventListener('click', async () => {
    try {
      await api('DELETE', 'operators/session');
    } catch {
      // signed out anyway below
    }
    signedOut(false);
  });
}

function showSignIn(message) {
  $('work-view').hidden = true;
  $('user-tools').hidden = true;
  $('connection').hidden = true;
  $('sign-in-view').hidden = false;
  if (message) showError('sign-in-error', message);
  else $('sign-in-error').hidden = true;
  $('sign-in-name').focus();
}

function signedIn(me) {
  state.me = { ...me, onDuty: me.onDuty ?? true };
  $('sign-in-view').hidden = true;
  $('sign-in-error').hidden = true;
  $('work-view').hidden = false;
  $('user-tools').hidden = false;
  $('connection').hidden = false;
  const higher = me.role === 'supervisor' || me.role === 'admin';
  $('supervisor-link').hidden = !higher;
  $('accounts-button').hidden = me.role !== 'admin';
  applyLanguage();
  live.start();
  // what the model offers decides how held conversations are drawn, so it is asked first
  api('GET', 'llm/status').then((status) => {
    const features = status?.features ?? [];
    state.llm = { translate: features.includes('translate'), summary: features.includes('summary') };
  }, () => {
    state.llm = { translate: false, summary: false };
  }).then(() => refreshQueue()).then(() => {
    const remembered = sessionStorage.getItem(ACTIVE_KEY);
    if (remembered && state.conversations.has(remembered)) activate(remembered);
    else if (!state.activeId && state.conversations.size) activate(state.conversations.keys().next().value);
  });
}

function signedOut(expired) {
  if (!state.me) return;
  live.stop();
  state.me = null;
  state.queue = [];
  for (const conversation of state.conversations.values()) clearTimeout(conversation.assistTimer);
  state.conversations.clear();
  state.activeId = null;
  sessionStorage.removeItem(ACTIVE_KEY);
  for (const id of ['queue', 'mine', 'transcript', 'assist-articles', 'assist-canned']) $(id).replaceChildren();
  $('conversation-view').hidden = true;
  $('conversation-empty').hidden = false;
  for (const dialog of document.querySelectorAll('dialog[open]')) dialog.close();
  showSignIn(expired ? tr('sessionEnded') : null);
}

// ---- duty and connection -----------------------------------------------------------------------------

function showDuty() {
  const on = state.me?.onDuty ?? true;
  $('duty').setAttribute('aria-pressed', String(on));
  $('duty-label').textContent = on ? tr('onDuty') : tr('offDuty');
}

function showConnection(status) {
  state.connection = status;
  const node = $('connection');
  node.dataset.status = status;
  node.textContent = tr(`connection.${status}`);
}

// ---- the queue ---------------------------------------------------------------------------------------

async function refreshQueue() {
  try {
    setQueue(await call('GET', 'operators/queue'));
  } catch (e) {
    if (e.status !== 401) toast(tr('error', { error: e.message }));
  }
}

function setQueue(queue) {
  const now = Date.now();
  state.queue = (Array.isArray(queue) ? queue : []).map((item) => ({ ...item, receivedAt: now }));
  // Conversations the queue says this operator holds (after a reload, or a transfer to them).
  for (const item of state.queue) {
    if (item.claimedBy && state.me && item.claimedBy === state.me.name && !state.conversations.has(item.conversationId)) {
      loadConversation(item.conversationId);
    }
  }
  renderQueue();
}

const waitingNow = (item) => (item.waitingSeconds ?? 0) + (Date.now() - item.receivedAt) / 1000;

function renderQueue() {
  const list = $('queue');
  const waiting = state.queue.filter((item) => !item.claimedBy || item.claimedBy !== state.me?.name);
  waiting.sort((a, b) => (a.claimedBy ? 1 : 0) - (b.claimedBy ? 1 : 0) || waitingNow(b) - waitingNow(a));
  const unclaimed = waiting.filter((item) => !item.claimedBy).length;
  $('queue-count').textContent = String(unclaimed);
  // The tab's title shows who waits, for an operator working in another window.
  document.title = `${unclaimed ? `(${unclaimed}) ` : ''}${tr('appTitle')} · Swiftline`;
  $('queue-empty').hidden = waiting.length > 0;
  const focused = document.activeElement?.closest?.('#queue li')?.dataset.id;
  list.replaceChildren(...waiting.map(queueItem));
  if (focused) list.querySelector(`li[data-id="${CSS.escape(focused)}"] button`)?.focus();
}

function queueItem(item) {
  const id = item.conversationId;
  const canRead = state.me && (state.me.role === 'supervisor' || state.me.role === 'admin');
  const button = item.claimedBy
    ? (canRead ? el('button', { type: 'button', className: 'quiet small', text: tr('open'), on: { click: () => openReadOnly(id) } }) : null)
    : el('button', { type: 'button', className: 'primary small', text: tr('claim'), 'aria-describedby': `q-${id}-reason`,
      on: { click: () => claim(id) } });
  return el('li', { className: `queue-item reason-${item.reason}${item.claimedBy ? ' is-claimed' : ''}`, dataset: { id } },
    el('div', { className: 'queue-top' },
      el('span', { className: 'reason', id: `q-${id}-reason`, text: label('reasons', item.reason) }),
      el('span', { className: 'wait', dataset: { wait: id }, text: tr('waiting', { time: duration(waitingNow(item)) }) })),
    el('div', { className: 'queue-meta' },
      el('span', { className: 'tag', lang: item.language, text: PERSON_LANGUAGES[item.language] ?? item.language ?? '?' }),
      el('span', { className: 'tag', text: label('channels', item.channel) }),
      item.group && item.group !== item.language
        ? el('span', { className: 'tag', text: tr('forGroup', { language: PERSON_LANGUAGES[item.group] ?? item.group }) }) : null,
      item.offeredTo === 'everyone' ? el('span', { className: 'tag soft', text: tr('offeredEveryone') }) : null,
      item.claimedBy ? el('span', { className: 'tag soft', text: tr('claimedBy', { name: item.claimedBy }) }) : null),
    item.preview ? el('p', { className: 'preview', dir: 'auto', text: item.preview }) : null,
    button);
}

function tick() {
  for (const node of document.querySelectorAll('[data-wait]')) {
    const item = state.queue.find((q) => q.conversationId === node.dataset.wait);
    if (item) node.textContent = tr('waiting', { time: duration(waitingNow(item)) });
  }
}

async function claim(id) {
  try {
    const view = await call('POST', `operators/conversations/${seg(id)}/claim`);
    const conversation = addConversation(view);
    activate(conversation.id);
    $('composer-input').focus();
    refreshQueue();
  } catch (e) {
    if (e.status === 409) toast(tr('claimedByOther', { error: e.message }));
    else if (e.status !== 401) toast(tr('error', { error: e.message }));
    refreshQueue();
  }
}

// ---- conversations -----------------------------------------------------------------------------------

/** One conversation shown in the console: its view from the server and its entries by seq. */
function newConversation(view) {
  return {
    id: view.conversationId,
    view,
    entries: new Map(), // seq -> entry with its `node`
    lastSeq: 0,
    unread: 0,
    assist: null,
    assistTimer: null,
  };
}

const holds = (conversation) => state.me && conversation.view.claimedBy === state.me.name;

function addConversation(view) {
  let conversation = state.conversations.get(view.conversationId);
  if (!conversation) {
    conversation = newConversation(view);
    state.conversations.set(conversation.id, conversation);
  }
  conversation.view = view;
  for (const entry of view.transcript ?? []) addEntry(conversation, entry, false);
  renderMine();
  if (state.activeId === conversation.id) renderHead(conversation);
  // Ask the socket for anything after what the view held (it may have been sent meanwhile).
  if (holds(conversation)) live.send({ type: 'resume', conversationId: conversation.id, after: conversation.lastSeq });
  return conversation;
}

async function loadConversation(id, { read = false } = {}) {
  try {
    const view = await call('GET', `operators/conversations/${seg(id)}`);
    if (!state.me) return null;
    if (view.claimedBy !== state.me.name && state.activeId !== id && !read) {
      dropConversation(id);
      return null;
    }
    const conversation = addConversation(view);
    if (!state.activeId) activate(id);
    return conversation;
  } catch (e) {
    if (e.status === 404 || e.status === 403) dropConversation(id);
    return null;
  }
}

/** A supervisor reads a chat someone else holds: its transcript, then its new entries live (resume). */
function openReadOnly(id) {
  loadConversation(id, { read: true }).then((conversation) => {
    if (!conversation) return;
    for (const other of [...state.conversations.values()]) {
      if (other.id !== id && !holds(other)) dropConversation(other.id);
    }
    activate(id);
    live.send({ type: 'resume', conversationId: id, after: conversation.lastSeq });
  });
}

function dropConversation(id) {
  const conversation = state.conversations.get(id);
  if (!conversation) return;
  clearTimeout(conversation.assistTimer);
  state.conversations.delete(id);
  if (state.activeId === id) {
    state.activeId = null;
    sessionStorage.removeItem(ACTIVE_KEY);
    const next = [...state.conversations.values()].find(holds);
    if (next) activate(next.id);
    else {
      $('conversation-view').hidden = true;
      $('conversation-empty').hidden = false;
      $('assist-articles').replaceChildren();
      $('assist-canned').replaceChildren();
    }
  }
  renderMine();
  renderQueue();
}

/** Every entry of every conversation shown after the last one shown: asked after each (re)connect. */
function resumeAll() {
  for (const conversation of state.conversations.values()) {
    if (holds(conversation) || conversation.id === state.activeId) live.send({ type: 'resume', conversationId: conversation.id, after: conversation.lastSeq });
  }
  if (state.me) refreshQueue();
}

function handleEvent(event) {
  if (!state.me) return;
  switch (event.type) {
    case 'queue':
      setQueue(event.queue);
      break;
    case 'entry': {
      const conversation = state.conversations.get(event.conversationId);
      if (conversation) addEntry(conversation, event.entry, true);
      else loadConversation(event.conversationId); // transferred to this operator, for instance
      break;
    }
    case 'claimed':
    case 'released':
    case 'transferred':
    case 'closed':
      // Who holds it now is the server's to say: check the conversations this console shows.
      if (event.by !== state.me.name && (state.conversations.has(event.conversationId) || event.type === 'transferred')) {
        loadConversation(event.conversationId);
      }
      break;
    default:
      break;
  }
}

/** Adds an entry unless its seq is shown already; a gap in the seqs fetches the conversation again. */
function addEntry(conversation, entry, liveEntry) {
  if (!entry || !Number.isInteger(entry.seq) || conversation.entries.has(entry.seq)) return;
  const gap = liveEntry && conversation.lastSeq > 0 && entry.seq > conversation.lastSeq + 1;
  const stored = { ...entry };
  stored.node = entryNode(conversation, stored);
  conversation.entries.set(entry.seq, stored);
  conversation.lastSeq = Math.max(conversation.lastSeq, entry.seq);
  if (state.activeId === conversation.id) {
    insertNode($('transcript'), stored);
    if (liveEntry) scrollToEnd();
  }
  if (liveEntry && entry.author === 'user') {
    if (state.activeId === conversation.id && !document.hidden) {
      $('live-announcer').textContent = `${tr('authors.user')}: ${entry.text}`;
    } else {
      conversation.unread++;
      renderMine();
    }
    scheduleAssist(conversation);
  }
  if (gap) {
    // An entry was missed (the socket dropped between two events): fetch the whole view; seqs dedupe.
    call('GET', `operators/conversations/${seg(conversation.id)}`).then((view) => addConversation(view), () => {});
  }
}

function insertNode(list, entry) {
  let before = null;
  for (const node of list.children) {
    if (Number(node.dataset.seq) > entry.seq) {
      before = node;
      break;
    }
  }
  list.insertBefore(entry.node, before);
}

function entryNode(conversation, entry) {
  const author = ['user', 'bot', 'operator', 'system'].includes(entry.author) ? entry.author : 'system';
  const meta = el('div', { className: 'entry-meta' },
    el('span', { className: 'entry-author', text: tr(`authors.${author}`) }),
    el('time', { datetime: entry.at ?? false, text: clock(lang, entry.at) }),
    entry.articleId ? el('span', { className: 'entry-article', text: tr('fromArticle', { id: entry.articleId }) }) : null);
  // The bot writes Markdown for the widget; here its markers would only be noise.
  const text = author === 'bot' ? plain(entry.text) : entry.text ?? '';
  const body = el('div', { className: 'entry-text', dir: 'auto', lang: entry.language || false, text });
  const quick = Array.isArray(entry.quickReplies) && entry.quickReplies.length
    ? el('p', { className: 'entry-quick', text: tr('suggestedReplies', { list: entry.quickReplies.map((q) => q.title ?? q).join(' · ') }) })
    : null;
  const translation = author === 'user' && needsTranslation(entry.language)
    ? translated(el('div', { className: 'entry-translation', lang: ownLanguage() }), text, entry.language, ownLanguage())
    : null;
  return el('li', { className: `entry entry--${author}`, dataset: { seq: String(entry.seq) } }, meta, body, translation, quick);
}

// ---- the model's help (README "LLM features"): translations and the hand-off summary --------------------

/** The operator's first language: what translations are made into. */
const ownLanguage = () => state.me?.languages?.[0] ?? 'en';

/** Whether a message in `language` needs translating for this operator (and the model can). */
function needsTranslation(language) {
  return state.llm.translate && !!language && !(state.me?.languages ?? []).includes(language);
}

/** Fills `node` with the translation of `text`, once it comes; says so when it cannot. */
function translated(node, text, from, to) {
  node.textContent = tr('translating');
  api('POST', 'llm/translate', { text, from, to }).then(
    (t) => { node.textContent = tr('translation', { language: to, text: t.text }); },
    () => { node.textContent = tr('translationFailed'); });
  return node;
}

/** Shows the model's short summary of the conversation above the transcript, once per conversation. */
function summarise(conversation) {
  if (!state.llm.summary || conversation.summary || conversation.summarising) return;
  conversation.summarising = true;
  api('POST', 'llm/summary', { conversationId: conversation.id, language: ownLanguage() }).then((s) => {
    conversation.summary = s.summary;
    if (state.activeId === conversation.id) renderHead(conversation);
  }, () => {
    conversation.summarising = false;
  });
}

function scrollToEnd() {
  const list = $('transcript');
  list.scrollTop = list.scrollHeight;
}

function renderMine() {
  const mine = [...state.conversations.values()].filter(holds);
  $('mine-empty').hidden = mine.length > 0;
  $('mine').replaceChildren(...mine.map((conversation) => {
    const view = conversation.view;
    const active = conversation.id === state.activeId;
    const where = `${PERSON_LANGUAGES[view.language] ?? view.language ?? ''} · ${label('channels', view.channel)}`;
    const last = [...conversation.entries.values()].filter((e) => e.author === 'user').sort((a, b) => b.seq - a.seq)[0];
    return el('li', {},
      el('button', { type: 'button', className: `mine-item${active ? ' is-active' : ''}`, 'aria-current': active ? 'true' : false,
        on: { click: () => activate(conversation.id) } },
      el('span', { className: 'mine-reason', text: label('reasons', view.reason) }),
      el('span', { className: 'mine-label', text: where }),
      last ? el('span', { className: 'mine-preview', dir: 'auto', text: last.text }) : null,
      conversation.unread ? el('span', { className: 'badge', text: String(conversation.unread) }) : null));
  }));
}

function activate(id) {
  const conversation = state.conversations.get(id);
  if (!conversation) return;
  state.activeId = id;
  sessionStorage.setItem(ACTIVE_KEY, id);
  conversation.unread = 0;
  $('conversation-empty').hidden = true;
  $('conversation-view').hidden = false;
  $('composer-error').hidden = true;
  renderHead(conversation);
  summarise(conversation);
  const list = $('transcript');
  list.replaceChildren(...[...conversation.entries.values()].sort((a, b) => a.seq - b.seq).map((entry) => entry.node));
  scrollToEnd();
  renderMine();
  if (conversation.assist) renderAssist(conversation);
  else scheduleAssist(conversation, 0);
}

function renderHead(conversation) {
  const view = conversation.view;
  $('conversation-title').textContent = `${tr('authors.user')} · ${view.conversationId}`;
  const appeals = (view.appeals ?? []).map((a) => `${a.number} (${label('statuses', a.status)})`).join(', ') || tr('noAppeals');
  const facts = [
    ['conversationLanguage', `${PERSON_LANGUAGES[view.language] ?? view.language} (${view.language})`],
    ['conversationChannel', label('channels', view.channel)],
    ['conversationReason', label('reasons', view.reason)],
    ['earlierAppeals', appeals],
  ];
  if (conversation.summary) facts.push(['summary', conversation.summary]);
  $('conversation-facts').replaceChildren(...facts.map(([key, value]) => el('div', {},
    el('dt', { text: tr(key) }), el('dd', { dataset: { fact: key }, text: value }))));
  const mine = holds(conversation);
  for (const id of ['action-appeal', 'action-resolve', 'action-handback', 'action-transfer', 'action-release']) {
    $(id).hidden = !mine;
  }
  $('composer').hidden = !mine;
  $('read-only').hidden = mine;
  $('read-only').textContent = mine ? '' : tr('readOnly', { name: view.claimedBy ?? '—' });
}

// ---- writing, and the conversation's actions ---------------------------------------------------------

function wireWork() {
  const input = $('composer-input');
  $('composer').addEventListener('submit', (event) => {
    event.preventDefault();
    send();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      send();
    }
  });
  $('duty').addEventListener('click', async () => {
    const onDuty = !(state.me?.onDuty ?? true);
    try {
      const me = await call('PUT', 'operators/me/duty', { onDuty });
      state.me = { ...state.me, ...me, onDuty: me?.onDuty ?? onDuty };
      showDuty();
    } catch (e) {
      if (e.status !== 401) toast(tr('error', { error: e.message }));
    }
  });
  $('action-release').addEventListener('click', () => finish('release', tr('released')));
  $('action-resolve').addEventListener('click', () => finish('resolve', tr('resolved')));
  $('action-handback').addEventListener('click', () => finish('handback', tr('handedBack')));
  $('action-transfer').addEventListener('click', () => openTransfer());
  $('action-appeal').addEventListener('click', () => openAppeal());
  $('accounts-button').addEventListener('click', () => openAccounts());
  document.addEventListener('keydown', (event) => {
    // Alt+Q: the queue; Alt+R: the reply box; Alt+A: the assist panel.
    if (!event.altKey || event.ctrlKey || event.metaKey || !state.me) return;
    const targets = { q: ['#queue button', '#queue-title'], r: ['#composer-input'], a: ['#assist button', '#assist-title'] }[event.key.toLowerCase()];
    if (!targets) return;
    const node = targets.map((selector) => document.querySelector(selector)).find((n) => n && n.offsetParent !== null);
    if (node) {
      event.preventDefault();
      if (!node.matches('button, textarea')) node.setAttribute('tabindex', '-1');
      node.focus();
    }
  });
}

async function send() {
  const conversation = state.conversations.get(state.activeId);
  const input = $('composer-input');
  const text = input.value.trim();
  if (!conversation || !text) return;
  const button = $('composer-send');
  button.disabled = true;
  $('composer-error').hidden = true;
  try {
    // In a language the operator does not speak, the reply goes out translated, with the original below it.
    let outgoing = text;
    const theirs = conversation.view.language;
    if (needsTranslation(theirs)) {
      try {
        const t = await api('POST', 'llm/translate', { text, from: ownLanguage(), to: theirs });
        outgoing = `${t.text}\n\n(${ownLanguage()}) ${text}`;
      } catch {
        toast(tr('sentUntranslated'));
      }
    }
    const entry = await call('POST', `operators/conversations/${seg(conversation.id)}/messages`, { text: outgoing });
    if (input.value.trim() === text) input.value = '';
    addEntry(conversation, entry, true);
    scrollToEnd();
  } catch (e) {
    if (e.status !== 401) showError('composer-error', tr('notSent', { error: e.message }));
    if (e.status === 403) loadConversation(conversation.id);
  } finally {
    button.disabled = false;
    input.focus();
  }
}

async function finish(action, done) {
  const id = state.activeId;
  if (!id) return;
  try {
    await call('POST', `operators/conversations/${seg(id)}/${action}`);
    dropConversation(id);
    toast(done);
    refreshQueue();
    (document.querySelector('#mine button') ?? document.querySelector('#queue button'))?.focus();
  } catch (e) {
    if (e.status !== 401) toast(tr('error', { error: e.message }));
  }
}

function insertIntoComposer(text) {
  const input = $('composer-input');
  if ($('composer').hidden) return;
  const start = input.selectionStart ?? input.value.length;
  const end = input.selectionEnd ?? input.value.length;
  const before = input.value.slice(0, start);
  const after = input.value.slice(end);
  const glue = before && !/\s$/.test(before) ? ' ' : '';
  input.value = `${before}${glue}${text}${after}`.slice(0, 4000);
  const caret = Math.min(input.value.length, before.length + glue.length + text.length);
  input.focus();
  input.setSelectionRange(caret, caret);
}

// ---- agent assist ------------------------------------------------------------------------------------

function scheduleAssist(conversation, delay = 400) {
  clearTimeout(conversation.assistTimer);
  conversation.assistTimer = setTimeout(async () => {
    try {
      conversation.assist = await call('GET', `operators/conversations/${seg(conversation.id)}/assist`);
    } catch {
      conversation.assist = { articles: [], canned: [] };
    }
    if (state.activeId === conversation.id) renderAssist(conversation);
  }, delay);
}

/** Article text without the Markdown markers, as an operator would type it. */
const plain = (markdown) => String(markdown ?? '').replace(/\*\*|__|`/g, '').replace(/^#+\s*/gm, '').trim();

function renderAssist(conversation) {
  const assist = conversation.assist ?? { articles: [], canned: [] };
  const articles = assist.articles ?? [];
  const canned = assist.canned ?? [];
  const empty = () => el('li', { className: 'empty', text: tr('assistNone') });
  $('assist-articles').replaceChildren(...(articles.length ? articles.map((article) => {
    const text = plain(article.text);
    return el('li', { className: 'assist-item', lang: article.language || false },
      el('div', { className: 'assist-title' },
        el('strong', { dir: 'auto', text: article.title ?? article.articleId }),
        el('span', { className: 'tag', text: article.language ?? '' })),
      el('p', { className: 'assist-text', dir: 'auto', text }),
      el('button', { type: 'button', className: 'small', title: tr('insertTitle'), text: tr('insert'),
        'aria-label': `${tr('insert')}: ${article.title ?? article.articleId}`, on: { click: () => insertIntoComposer(text) } }));
  }) : [empty()]));
  $('assist-canned').replaceChildren(...(canned.length ? canned.map((reply) => el('li', { className: 'assist-item', lang: reply.language || false },
    el('p', { className: 'assist-text', dir: 'auto', text: reply.text }),
    el('div', { className: 'assist-row' },
      el('span', { className: 'tag', text: reply.language ?? '' }),
      el('button', { type: 'button', className: 'small', title: tr('insertTitle'), text: tr('insert'),
        'aria-label': `${tr('insert')}: ${String(reply.text ?? '').slice(0, 60)}`, on: { click: () => insertIntoComposer(reply.text ?? '') } }))))
    : [empty()]));
}

// ---- dialogs: appeal, transfer, accounts -------------------------------------------------------------

function wireDialogs() {
  for (const button of document.querySelectorAll('dialog [data-close]')) {
    button.addEventListener('click', () => button.closest('dialog').close());
  }
  $('appeal-form').addEventListener('submit', (event) => {
    event.preventDefault();
    fileAppeal();
  });
  $('transfer-form').addEventListener('submit', (event) => {
    event.preventDefault();
    transfer();
  });
  for (const radio of document.querySelectorAll('#transfer-form input[name="target"]')) {
    radio.addEventListener('change', () => {
      const toLanguage = document.querySelector('#transfer-form input[name="target"]:checked').value === 'language';
      $('transfer-name').disabled = toLanguage;
      $('transfer-language').disabled = !toLanguage;
    });
  }
  $('account-form').addEventListener('submit', (event) => {
    event.preventDefault();
    createAccount();
  });
}

const APPEAL_FIELDS = ['what', 'where', 'district', 'when', 'phone'];

async function openAppeal() {
  const id = state.activeId;
  if (!id) return;
  $('appeal-error').hidden = true;
  for (const field of APPEAL_FIELDS) $(`appeal-${field}`).value = '';
  try {
    const draft = await call('GET', `operators/conversations/${seg(id)}/appeal-draft`);
    for (const field of APPEAL_FIELDS) $(`appeal-${field}`).value = draft?.[field] ?? '';
  } catch (e) {
    if (e.status === 401) return;
    // No draft: the operator fills the form.
  }
  $('appeal-dialog').dataset.conversation = id;
  $('appeal-dialog').showModal();
  const firstEmpty = APPEAL_FIELDS.slice(0, 4).map((f) => $(`appeal-${f}`)).find((input) => !input.value.trim());
  (firstEmpty ?? $('appeal-submit')).focus();
}

async function fileAppeal() {
  const dialog = $('appeal-dialog');
  const id = dialog.dataset.conversation;
  const body = {};
  for (const field of APPEAL_FIELDS) body[field] = $(`appeal-${field}`).value.trim();
  if (!body.what) {
    $('appeal-what').focus();
    showError('appeal-error', `${tr('appealWhat')}?`);
    return;
  }
  for (const field of APPEAL_FIELDS) if (!body[field]) delete body[field];
  const submit = $('appeal-submit');
  submit.disabled = true;
  try {
    const filed = await call('POST', `operators/conversations/${seg(id)}/appeal`, body);
    dialog.close();
    toast(tr('appealFiled', { number: filed.number }));
    const conversation = state.conversations.get(id);
    if (conversation) loadConversation(id);
    $('composer-input').focus();
  } catch (e) {
    if (e.status !== 401) showError('appeal-error', tr('error', { error: e.message }));
  } finally {
    submit.disabled = false;
  }
}

function openTransfer() {
  if (!state.activeId) return;
  $('transfer-error').hidden = true;
  $('transfer-name').value = '';
  const view = state.conversations.get(state.activeId)?.view;
  if (view?.language && PERSON_LANGUAGES[view.language]) $('transfer-language').value = view.language;
  $('transfer-dialog').dataset.conversation = state.activeId;
  $('transfer-dialog').showModal();
  (document.querySelector('#transfer-form input[name="target"]:checked').value === 'language'
    ? $('transfer-language') : $('transfer-name')).focus();
}

async function transfer() {
  const dialog = $('transfer-dialog');
  const id = dialog.dataset.conversation;
  const toLanguage = document.querySelector('#transfer-form input[name="target"]:checked').value === 'language';
  const body = toLanguage ? { language: $('transfer-language').value } : { to: $('transfer-name').value.trim() };
  if (!toLanguage && !body.to) {
    $('transfer-name').focus();
    return;
  }
  try {
    await call('POST', `operators/conversations/${seg(id)}/transfer`, body);
    dialog.close();
    dropConversation(id);
    toast(tr('transferred'));
    refreshQueue();
  } catch (e) {
    if (e.status !== 401) showError('transfer-error', tr('error', { error: e.message }));
  }
}

async function openAccounts() {
  $('accounts-error').hidden = true;
  $('accounts-dialog').showModal();
  $('account-name').focus(); // now, not after the list loads: focus must not move while someone types
  await renderAccounts();
}

async function renderAccounts() {
  let accounts = [];
  try {
    accounts = await call('GET', 'operators/accounts');
  } catch (e) {
    if (e.status !== 401) showError('accounts-error', tr('error', { error: e.message }));
  }
  $('accounts-rows').replaceChildren(...(accounts ?? []).map((account) => el('tr', {},
    el('td', { text: account.name }),
    el('td', { text: label('roles', account.role) }),
    el('td', { text: (account.languages ?? []).join(', ') }),
    el('td', { text: account.disabled ? tr('disabled') : '' }),
    el('td', {}, account.name === state.me?.name ? null : el('button', { type: 'button', className: 'small quiet',
      text: account.disabled ? tr('enable') : tr('disable'),
      on: { click: () => setDisabled(account.name, !account.disabled) } })))));
}

async function setDisabled(name, disabled) {
  try {
    await call('PATCH', `operators/accounts/${seg(name)}`, { disabled });
  } catch (e) {
    if (e.status !== 401) showError('accounts-error', tr('error', { error: e.message }));
  }
  renderAccounts();
}

async function createAccount() {
  const name = $('account-name').value.trim();
  const password = $('account-password').value;
  const languages = $('account-languages').value.split(/[\s,，]+/).map((l) => l.trim().toLowerCase()).filter(Boolean);
  if (!name) return $('account-name').focus();
  if (password.length < 12) {
    showError('accounts-error', tr('passwordHint'));
    return $('account-password').focus();
  }
  try {
    await call('POST', 'operators/accounts', { name, password, role: $('account-role').value, languages });
    $('account-name').value = '';
    $('account-password').value = '';
    $('accounts-error').hidden = true;
    toast(tr('accountCreated', { name }));
    $('account-name').focus();
    await renderAccounts();
  } catch (e) {
    if (e.status !== 401) showError('accounts-error', tr('error', { error: e.message }));
  }
}

// ---- small things ------------------------------------------------------------------------------------

function showError(id, message) {
  const node = $(id);
  node.textContent = message;
  node.hidden = false;
}

let toastTimer = null;
function toast(message) {
  const node = $('toast');
  node.textContent = message;
  node.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (node.hidden = true), 6000);
}

start();

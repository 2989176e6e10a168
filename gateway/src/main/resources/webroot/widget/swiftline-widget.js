// Swiftline web chat widget. Embed with one tag (README "Web chat widget"):
//
//   <script type="module" src="https://gateway.example/widget/swiftline-widget.js"
//           data-gateway="https://gateway.example/" data-title="City hotline 12345"
//           data-color="#0b57d0" data-language="en" data-position="right"></script>
//
// Every text that comes from a person, an article or an operator is put into the page as text nodes
// (see markdown.js); nothing is parsed as HTML. The widget lives in a shadow root so that the host
// page's styles and its own do not meet. A page can open it with
// document.dispatchEvent(new CustomEvent('swiftline:open')).

import { ChatConnection } from './connection.js';
import { LANGUAGES, STRINGS, isRtl, pickLanguage, supported, t } from './i18n.js';
import { plainText, renderMarkdown } from './markdown.js';

const SVG = 'http://www.w3.org/2000/svg';
const MAX_TEXT = 4000;
const MAX_CACHED = 300;
const ICONS = {
  chat: 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z',
  close: 'M6 6l12 12M18 6L6 18',
  plus: 'M12 5v14M5 12h14',
  download: 'M12 4v11M7 10l5 5 5-5M5 20h14',
  send: 'M3 20l18-8L3 4v6l12 2-12 2z',
};

function findScript() {
  const self = import.meta.url.split(/[?#]/)[0];
  for (const s of document.querySelectorAll('script[src]')) {
    if (new URL(s.getAttribute('src'), document.baseURI).href.split(/[?#]/)[0] === self) return s;
  }
  return document.querySelector('script[src*="swiftline-widget.js"]');
}

function readConfig(script) {
  const data = script?.dataset ?? {};
  let gateway;
  try {
    gateway = new URL(data.gateway || new URL('../', import.meta.url).href, document.baseURI);
  } catch {
    gateway = new URL('../', import.meta.url);
  }
  if (!gateway.pathname.endsWith('/')) gateway.pathname += '/';
  gateway.search = '';
  gateway.hash = '';
  const color = data.color && globalThis.CSS?.supports?.('color', data.color) ? data.color : null;
  return {
    gateway,
    title: data.title?.trim() || null,
    color,
    language: supported(data.language),
    position: data.position === 'left' ? 'left' : 'right',
  };
}

/** localStorage or sessionStorage under one prefix; a store that throws (private mode) acts empty. */
function storage(area, prefix) {
  const memory = new Map();
  const get = (key) => {
    try {
      return area.getItem(prefix + key);
    } catch {
      return memory.get(key) ?? null;
    }
  };
  const set = (key, value) => {
    try {
      if (value === null || value === undefined) area.removeItem(prefix + key);
      else area.setItem(prefix + key, String(value));
    } catch {
      if (value === null || value === undefined) memory.delete(key);
      else memory.set(key, String(value));
    }
  };
  return { get, set };
}

function randomId() {
  if (globalThis.crypto?.randomUUID) return crypto.randomUUID().replace(/-/g, '');
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === 'className') node.className = value;
    else if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function icon(name) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.classList.add('sl-svg', `sl-svg--${name}`);
  const path = document.createElementNS(SVG, 'path');
  path.setAttribute('d', ICONS[name]);
  svg.append(path);
  return svg;
}

/** Black or white, whichever reads better on the colour (WCAG relative luminance). */
function textColourOn(colour, probe) {
  probe.style.color = colour;
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(getComputedStyle(probe).color);
  probe.style.color = '';
  if (!m) return '#ffffff';
  const [r, g, b] = m.slice(1, 4).map((v) => {
    const c = Number(v) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return (1.05 / (luminance + 0.05)) >= ((luminance + 0.05) / 0.05) ? '#ffffff' : '#111111';
}

class Widget {
  constructor(config) {
    this.config = config;
    const prefix = `swiftline:${config.gateway.origin}${config.gateway.pathname}:`;
    this.local = storage(globalThis.localStorage, prefix);
    this.session = storage(globalThis.sessionStorage, prefix);
    this.userId = this.local.get('userId');
    if (!this.userId) {
      this.userId = `web-${randomId()}`;
      this.local.set('userId', this.userId);
    }
    this.explicitLanguage = supported(this.local.get('language'));
    this.lang = this.explicitLanguage ?? pickLanguage(navigator.languages ?? [navigator.language], config.language);
    this.conversationId = this.local.get('conversationId');
    this.readSeq = Number(this.local.get('readSeq')) || 0;
    this.entries = new Map(); // seq -> {seq, author, text, quickReplies, language, at, node}
    this.pendingBubbles = []; // user messages sent and not yet numbered, oldest first
    this.waiting = 0;
    this.status = 'idle';
    this.build();
    this.connection = new ChatConnection({
      gateway: config.gateway,
      userId: this.userId,
      onMessage: (entry) => this.addEntry(entry, { live: true }),
      onStatus: (status) => this.setStatus(status),
      onConversationLost: () => this.reset({ announce: false }),
    });
    this.restore();
  }

  // ---- building the interface -------------------------------------------------------------------

  build() {
    this.host = el('div', { id: 'swiftline-widget' });
    const shadow = this.host.attachShadow({ mode: 'open' });
    this.shadow = shadow;
    const css = el('link', { rel: 'stylesheet', href: new URL('swiftline-widget.css', import.meta.url).href });
    this.root = el('div', { className: 'sl-root', 'data-position': this.config.position, hidden: true });
    css.addEventListener('load', () => (this.root.hidden = false));
    css.addEventListener('error', () => (this.root.hidden = false));

    this.badge = el('span', { className: 'sl-badge', 'aria-hidden': 'true', hidden: true });
    this.launcher = el('button', { type: 'button', className: 'sl-launcher', 'aria-expanded': 'false',
      'aria-controls': 'sl-panel' }, icon('chat'), this.badge);
    this.launcher.addEventListener('click', () => (this.isOpen() ? this.close() : this.open()));

    this.titleNode = el('h2', { id: 'sl-title', className: 'sl-title', dir: 'auto' });
    this.subtitleNode = el('p', { className: 'sl-subtitle' });
    this.languageSelect = el('select', { className: 'sl-language' });
    for (const code of LANGUAGES) {
      this.languageSelect.append(el('option', { value: code, lang: code, text: STRINGS[code].name }));
    }
    this.languageSelect.addEventListener('change', () => this.setLanguage(this.languageSelect.value, true));
    this.newButton = el('button', { type: 'button', className: 'sl-icon' }, icon('plus'));
    this.newButton.addEventListener('click', () => this.reset({ announce: true }));
    this.downloadButton = el('button', { type: 'button', className: 'sl-icon' }, icon('download'));
    this.downloadButton.addEventListener('click', () => this.download());
    this.closeButton = el('button', { type: 'button', className: 'sl-icon sl-close' }, icon('close'));
    this.closeButton.addEventListener('click', () => this.close());
    const header = el('header', { className: 'sl-header' },
      el('div', { className: 'sl-heading' }, this.titleNode, this.subtitleNode),
      el('div', { className: 'sl-tools' }, this.languageSelect, this.newButton, this.downloadButton,
        this.closeButton));

    this.statusNode = el('div', { className: 'sl-status', role: 'status', hidden: true });
    this.list = el('ol', { className: 'sl-messages', tabindex: '0' });
    this.welcome = el('li', { className: 'sl-msg sl-msg--bot sl-welcome' },
      el('div', { className: 'sl-bubble', dir: 'auto' }));
    this.typing = el('li', { className: 'sl-typing', hidden: true },
      el('span', { className: 'sl-dot' }), el('span', { className: 'sl-dot' }), el('span', { className: 'sl-dot' }),
      el('span', { className: 'sl-sr-only' }));
    this.list.append(this.welcome, this.typing);
    this.live = el('div', { className: 'sl-sr-only', 'aria-live': 'polite', 'aria-atomic': 'true' });

    this.input = el('textarea', { id: 'sl-input', className: 'sl-input', rows: '1', maxlength: String(MAX_TEXT),
      autocomplete: 'off', dir: 'auto' });
    this.inputLabel = el('label', { for: 'sl-input', className: 'sl-sr-only' });
    this.sendButton = el('button', { type: 'submit', className: 'sl-send' }, icon('send'));
    this.form = el('form', { className: 'sl-composer' }, this.inputLabel, this.input, this.sendButton);
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submitInput();
    });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        this.submitInput();
      }
    });
    this.input.addEventListener('input', () => this.autosize());

    this.panel = el('section', { id: 'sl-panel', className: 'sl-panel', role: 'dialog', 'aria-modal': 'false',
      'aria-labelledby': 'sl-title', hidden: true },
    header, this.statusNode, this.list, this.live, this.form);
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && event.target !== this.languageSelect) {
        event.preventDefault();
        this.close();
      }
    });
    this.root.append(this.panel, this.launcher);
    shadow.append(css, this.root);
    document.body.append(this.host);

    if (this.config.color) {
      this.host.style.setProperty('--sl-accent', this.config.color);
      this.host.style.setProperty('--sl-on-accent', textColourOn(this.config.color, this.root));
    }
    this.applyLanguage();
    document.addEventListener('swiftline:open', () => this.open());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible' && this.isOpen()) this.markRead();
    });
  }

  applyLanguage() {
    const lang = this.lang;
    const s = (key, values) => t(lang, key, values);
    this.root.lang = lang;
    this.root.dir = isRtl(lang) ? 'rtl' : 'ltr';
    this.titleNode.textContent = this.config.title ?? s('title');
    this.subtitleNode.textContent = s('subtitle');
    this.languageSelect.value = lang;
    this.languageSelect.setAttribute('aria-label', s('language'));
    this.languageSelect.title = s('language');
    for (const [button, key] of [[this.newButton, 'newConversation'], [this.downloadButton, 'download'],
      [this.closeButton, 'closeChat'], [this.sendButton, 'send']]) {
      button.setAttribute('aria-label', s(key));
      button.title = s(key);
    }
    this.list.setAttribute('aria-label', s('conversation'));
    this.inputLabel.textContent = s('messageLabel');
    this.input.placeholder = s('placeholder');
    this.welcome.querySelector('.sl-bubble').textContent = s('welcome');
    this.typing.querySelector('.sl-sr-only').textContent = s('typing');
    this.typing.setAttribute('aria-label', s('typing'));
    for (const group of this.list.querySelectorAll('.sl-quick')) group.setAttribute('aria-label', s('suggestions'));
    for (const entry of this.entries.values()) this.labelEntry(entry);
    for (const bubble of this.pendingBubbles) this.labelEntry(bubble);
    this.updateLauncher();
    this.setStatus(this.status);
  }

  setLanguage(lang, explicit) {
    const chosen = supported(lang);
    if (!chosen) return;
    if (explicit) {
      this.explicitLanguage = chosen;
      this.local.set('language', chosen);
    }
    if (chosen === this.lang) return;
    this.lang = chosen;
    this.applyLanguage();
  }

  // ---- opening, closing, unread ------------------------------------------------------------------

  isOpen() {
    return !this.panel.hidden;
  }

  open() {
    if (this.isOpen()) {
      this.input.focus();
      return;
    }
    this.panel.hidden = false;
    this.root.classList.add('sl-open');
    this.launcher.setAttribute('aria-expanded', 'true');
    this.session.set('open', '1');
    this.markRead();
    this.scrollToEnd();
    this.input.focus({ preventScroll: true });
  }

  close() {
    if (!this.isOpen()) return;
    this.panel.hidden = true;
    this.root.classList.remove('sl-open');
    this.launcher.setAttribute('aria-expanded', 'false');
    this.session.set('open', null);
    this.launcher.focus();
  }

  unreadCount() {
    let n = 0;
    for (const entry of this.entries.values()) if (entry.author !== 'user' && entry.seq > this.readSeq) n++;
    return n;
  }

  markRead() {
    const last = this.lastSeq();
    if (last > this.readSeq) {
      this.readSeq = last;
      this.local.set('readSeq', last);
    }
    this.updateLauncher();
  }

  updateLauncher() {
    const n = this.isOpen() ? 0 : this.unreadCount();
    this.badge.hidden = n === 0;
    this.badge.textContent = n > 9 ? '9+' : String(n);
    const label = t(this.lang, this.isOpen() ? 'closeChat' : 'openChat');
    this.launcher.setAttribute('aria-label', n ? `${label} (${t(this.lang, 'unread', { n })})` : label);
    this.launcher.title = label;
  }

  setStatus(status) {
    this.status = status;
    // Only say so when the gateway cannot be reached at all; while the socket reconnects, the REST
    // fallback keeps the conversation going and a banner would only worry.
    const offline = status === 'reconnecting' && globalThis.navigator?.onLine === false;
    this.statusNode.hidden = !offline;
    this.statusNode.textContent = offline ? t(this.lang, 'reconnecting') : '';
    this.root.dataset.connection = status;
  }

  // ---- messages ---------------------------------------------------------------------------------

  lastSeq() {
    let last = 0;
    for (const seq of this.entries.keys()) if (seq > last) last = seq;
    return last;
  }

  restore() {
    if (this.session.get('open')) this.open();
    if (!this.conversationId) {
      this.connection.follow(null);
      return;
    }
    // This tab's copy of the transcript shows at once; the socket then asks only for what is newer.
    let cached = null;
    try {
      cached = JSON.parse(this.session.get('transcript') ?? 'null');
    } catch {
      cached = null;
    }
    if (cached?.conversationId === this.conversationId && Array.isArray(cached.entries)) {
      for (const entry of cached.entries) this.addEntry(entry, { live: false });
    }
    this.connection.follow(this.conversationId, this.lastSeq());
  }

  saveTranscript() {
    const entries = [...this.entries.values()]
      .sort((a, b) => a.seq - b.seq)
      .slice(-MAX_CACHED)
      .map(({ seq, author, text, quickReplies, language, at }) => ({ seq, author, text, quickReplies, language, at }));
    this.session.set('transcript', JSON.stringify({ conversationId: this.conversationId, entries }));
    const last = this.lastSeq();
    if (last > (Number(this.local.get('lastSeq')) || 0)) this.local.set('lastSeq', last);
  }

  /** Shows one transcript entry once, in order of seq; `live` ones are announced and may be unread. */
  addEntry(raw, { live }) {
    const seq = Number(raw?.seq);
    if (!Number.isInteger(seq) || seq < 1 || this.entries.has(seq) || typeof raw.text !== 'string') return;
    const entry = {
      seq,
      author: ['user', 'bot', 'operator', 'system'].includes(raw.author) ? raw.author : 'system',
      text: raw.text,
      quickReplies: Array.isArray(raw.quickReplies) ? raw.quickReplies.filter(
        (q) => q && typeof q.title === 'string' && typeof q.payload === 'string') : [],
      language: supported(raw.language) ?? (typeof raw.language === 'string' ? raw.language : null),
      at: typeof raw.at === 'string' ? raw.at : new Date().toISOString(),
    };
    const pending = entry.author === 'user' ? this.pendingBubbles.find((b) => b.text === entry.text) : null;
    if (pending) {
      // A message this tab sent, numbered now (its turn was lost with the socket, or came by catch-up).
      this.pendingBubbles = this.pendingBubbles.filter((b) => b !== pending);
      Object.assign(pending, { seq, at: entry.at });
      pending.node.dataset.seq = String(seq);
      pending.node.classList.remove('sl-failed', 'sl-pending');
      pending.node.querySelector('.sl-failure')?.remove();
      this.entries.set(seq, pending);
      this.place(pending.node, seq);
    } else {
      entry.node = this.renderEntry(entry);
      this.entries.set(seq, entry);
      this.place(entry.node, seq);
    }
    this.welcome.hidden = true;
    this.connection?.seen(seq);
    this.refreshQuickReplies();
    if (live && entry.author !== 'user') {
      this.announce(entry);
      if (this.isOpen() && document.visibilityState !== 'hidden') this.markRead();
    }
    this.updateLauncher();
    this.saveTranscript();
    this.newest = this.entries.get(seq);
    if (this.isOpen()) this.scrollToEntry(this.newest);
  }

  place(node, seq) {
    for (const other of this.list.children) {
      const otherSeq = Number(other.dataset.seq);
      if ((otherSeq && otherSeq > seq) || other.classList.contains('sl-pending') || other === this.typing) {
        this.list.insertBefore(node, other);
        return;
      }
    }
    this.list.append(node);
  }

  renderEntry(entry) {
    const bubble = el('div', { className: 'sl-bubble', dir: 'auto' });
    if (entry.language) bubble.lang = entry.language;
    if (entry.author === 'user') bubble.textContent = entry.text;
    else bubble.append(renderMarkdown(entry.text));
    const who = el('span', { className: entry.author === 'operator' || entry.author === 'system'
      ? 'sl-author' : 'sl-sr-only' });
    const time = el('time', { className: 'sl-time', datetime: entry.at });
    const node = el('li', { className: `sl-msg sl-msg--${entry.author}`, 'data-seq': entry.seq ?? false },
      who, bubble);
    if (entry.quickReplies?.length) {
      const group = el('div', { className: 'sl-quick', role: 'group' });
      for (const q of entry.quickReplies) {
        const button = el('button', { type: 'button', className: 'sl-choice', dir: 'auto', text: q.title });
        button.addEventListener('click', () => this.submit(q.title, q.payload));
        group.append(button);
      }
      node.append(group);
    }
    node.append(time);
    entry.node = node;
    this.labelEntry(entry);
    return node;
  }

  labelEntry(entry) {
    const node = entry.node;
    if (!node) return;
    node.querySelector('.sl-author, .sl-sr-only').textContent = `${t(this.lang, entry.author)}:`;
    node.querySelector('.sl-quick')?.setAttribute('aria-label', t(this.lang, 'suggestions'));
    const time = node.querySelector('.sl-time');
    const at = new Date(entry.at);
    time.textContent = Number.isNaN(at.getTime()) ? ''
      : new Intl.DateTimeFormat(this.lang, { hour: '2-digit', minute: '2-digit' }).format(at);
    const failure = node.querySelector('.sl-failure');
    if (failure) {
      failure.querySelector('.sl-failure-text').textContent = t(this.lang, 'notDelivered');
      failure.querySelector('button').textContent = t(this.lang, 'retry');
    }
  }

  /** Only the newest message's quick replies can be chosen, and only when the person has not answered. */
  refreshQuickReplies() {
    const messages = [...this.list.querySelectorAll('.sl-msg:not(.sl-welcome)')];
    const last = messages[messages.length - 1];
    for (const group of this.list.querySelectorAll('.sl-quick')) {
      group.hidden = !(last && group.parentElement === last && this.waiting === 0);
    }
  }

  announce(entry) {
    this.live.textContent = `${t(this.lang, entry.author)}: ${plainText(entry.text)}`;
  }

  scrollToEntry(entry) {
    if (!entry?.node) return;
    const list = this.list;
    if (entry.author !== 'user' && entry.node.offsetHeight > list.clientHeight * 0.8) {
      list.scrollTop = entry.node.offsetTop - list.offsetTop - 8;
    } else {
      this.scrollToEnd();
    }
  }

  scrollToEnd() {
    this.list.scrollTop = this.list.scrollHeight;
  }

  autosize() {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, 140)}px`;
  }

  // ---- sending ----------------------------------------------------------------------------------

  submitInput() {
    const text = this.input.value.trim();
    if (!text) return;
    this.input.value = '';
    this.autosize();
    this.submit(text, null);
  }

  async submit(text, payload, bubble = null, retried = false) {
    text = text.slice(0, MAX_TEXT);
    if (!bubble) {
      bubble = { seq: null, author: 'user', text, quickReplies: [], language: null, at: new Date().toISOString() };
      bubble.node = this.renderEntry(bubble);
      bubble.node.classList.add('sl-pending');
      this.pendingBubbles.push(bubble);
      this.list.insertBefore(bubble.node, this.typing);
      this.welcome.hidden = true;
    }
    this.waiting++;
    this.typing.hidden = false;
    this.refreshQuickReplies();
    this.scrollToEnd();
    // A chosen quick reply or retry button is about to disappear: the person continues in the input.
    if (this.shadow.activeElement?.matches('.sl-choice, .sl-retry')) this.input.focus({ preventScroll: true });
    try {
      const turn = await this.connection.send({ text, payload, language: this.lang });
      this.applyTurn(turn, bubble);
    } catch (error) {
      if (error.status === 404 && !retried && !this.conversationId) {
        // The gateway no longer knows the conversation (onConversationLost has cleared it): the message
        // starts a new one instead.
        this.pendingBubbles.push(bubble);
        this.list.insertBefore(bubble.node, this.typing);
        this.welcome.hidden = true;
        this.submit(text, payload, bubble, true);
      } else if (bubble.seq === null) {
        this.markFailed(bubble, payload);
      }
    } finally {
      this.waiting--;
      this.typing.hidden = this.waiting === 0;
      this.refreshQuickReplies(); // the answer's quick replies show now: bring them into view
      if (this.newest) this.scrollToEntry(this.newest);
    }
  }

  applyTurn(turn, bubble) {
    if (!turn || typeof turn.conversationId !== 'string' || !Array.isArray(turn.replies)) return;
    const fresh = turn.conversationId !== this.conversationId;
    if (fresh) {
      this.conversationId = turn.conversationId;
      this.local.set('conversationId', turn.conversationId);
    }
    const lastSeq = Number(turn.lastSeq);
    const firstReply = lastSeq - turn.replies.length + 1;
    if (bubble.seq === null && !this.entries.has(firstReply - 1)) {
      this.addEntry({ seq: firstReply - 1, author: 'user', text: bubble.text, at: bubble.at,
        language: turn.language }, { live: false });
    }
    turn.replies.forEach((reply, i) => this.addEntry({
      seq: firstReply + i, author: 'bot', text: reply.text, quickReplies: reply.quickReplies,
      language: turn.language, at: new Date().toISOString(),
    }, { live: true }));
    if (!this.explicitLanguage && supported(turn.language)) this.setLanguage(turn.language, false);
    if (fresh) this.connection.follow(this.conversationId, this.lastSeq());
  }

  markFailed(bubble, payload) {
    const node = bubble.node;
    node.classList.add('sl-failed');
    if (node.querySelector('.sl-failure')) return;
    const retry = el('button', { type: 'button', className: 'sl-retry' });
    retry.addEventListener('click', () => {
      node.classList.remove('sl-failed');
      failure.remove();
      this.submit(bubble.text, payload, bubble);
    });
    const failure = el('p', { className: 'sl-failure', role: 'alert' },
      el('span', { className: 'sl-failure-text' }), document.createTextNode(' '), retry);
    node.append(failure);
    this.labelEntry(bubble);
  }

  // ---- new conversation and transcript ----------------------------------------------------------

  reset({ announce }) {
    this.connection.follow(null);
    this.conversationId = null;
    for (const key of ['conversationId', 'lastSeq', 'readSeq']) this.local.set(key, null);
    this.session.set('transcript', null);
    this.readSeq = 0;
    this.entries.clear();
    this.pendingBubbles = [];
    for (const node of [...this.list.querySelectorAll('.sl-msg:not(.sl-welcome)')]) node.remove();
    this.welcome.hidden = false;
    this.updateLauncher();
    if (announce) {
      this.live.textContent = t(this.lang, 'started');
      this.input.focus();
    }
  }

  async download() {
    let entries = [...this.entries.values()].sort((a, b) => a.seq - b.seq);
    if (this.conversationId) {
      // The gateway's transcript is complete even when this tab shows only part of it.
      try {
        const url = new URL(`api/v1/chat/${encodeURIComponent(this.conversationId)}/messages`, this.config.gateway);
        url.searchParams.set('userId', this.userId);
        url.searchParams.set('after', '0');
        const response = await fetch(url, { cache: 'no-store' });
        if (response.ok) entries = (await response.json()).messages ?? entries;
      } catch {
        // keep what is shown
      }
    }
    const lines = [
      `${this.config.title ?? t(this.lang, 'title')}: ${t(this.lang, 'transcriptHeader')}`,
      `${t(this.lang, 'conversation')}: ${this.conversationId ?? '-'}`,
      new Date().toISOString(),
      '',
    ];
    for (const entry of entries) {
      lines.push(`[${entry.at}] ${t(this.lang, entry.author) || entry.author}:`);
      lines.push(plainText(entry.text), '');
    }
    const blob = new Blob([lines.join('\n')], { type: 'text/plain;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: `swiftline-conversation-${this.conversationId ?? 'new'}.txt` });
    this.shadow.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

function start() {
  if (document.getElementById('swiftline-widget')) return;
  const widget = new Widget(readConfig(findScript()));
  // For tests and the host page's own code: read-only facts, no way to inject content.
  Object.defineProperty(widget.host, 'swiftline', {
    value: Object.freeze({
      open: () => widget.open(),
      close: () => widget.close(),
      state: () => ({ userId: widget.userId, conversationId: widget.conversationId, lastSeq: widget.lastSeq(),
        language: widget.lang, connection: widget.status }),
    }),
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();

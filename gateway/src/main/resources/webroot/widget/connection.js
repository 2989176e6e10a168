// The widget's link to the gateway's web chat API (README "Chat API"): a WebSocket that reconnects with
// growing pauses and asks for every transcript entry after the last one it saw, and the REST API as
// fallback, for sending when the socket is down and for polling until it is back.

const PING_EVERY_MS = 25_000;
const PONG_WITHIN_MS = 10_000;
const TURN_WITHIN_MS = 60_000;
const MAX_BACKOFF_MS = 30_000;
const POLL_OPEN_MS = 3_000;
const POLL_HIDDEN_MS = 15_000;

/** A request the gateway refused or could not answer; `status` is the HTTP status, 0 for network. */
export class ChatError extends Error {
  constructor(message, status = 0, lost = false) {
    super(message);
    this.status = status;
    this.lost = lost; // the socket closed before the answer came: the message may or may not have arrived
  }
}

export class ChatConnection {
  /**
   * @param {object} options
   * @param {URL} options.gateway the gateway's base URL
   * @param {string} options.userId
   * @param {(entry: object) => void} options.onMessage a transcript entry (catch-up, live push or poll)
   * @param {(status: string) => void} options.onStatus 'idle', 'connecting', 'open', 'reconnecting'
   * @param {() => void} options.onConversationLost the gateway does not know the conversation
   */
  constructor({ gateway, userId, onMessage, onStatus, onConversationLost }) {
    this.gateway = gateway;
    this.userId = userId;
    this.onMessage = onMessage;
    this.onStatus = onStatus;
    this.onConversationLost = onConversationLost;
    this.conversationId = null;
    this.lastSeq = 0;
    this.socket = null;
    this.status = 'idle';
    this.pending = []; // turns awaited over the socket, oldest first
    this.failures = 0;
    this.timers = {};
    this.visible = () => typeof document === 'undefined' || document.visibilityState !== 'hidden';
    this.wake = () => {
      if (this.conversationId && this.status !== 'open') this.reconnectNow();
    };
    if (typeof window !== 'undefined') {
      window.addEventListener('online', this.wake);
      document.addEventListener('visibilitychange', this.wake);
    }
  }

  /** Follows a conversation from `lastSeq` on (0: its whole transcript); null stops following. */
  follow(conversationId, lastSeq = 0) {
    this.stop();
    this.conversationId = conversationId;
    this.lastSeq = lastSeq;
    this.failures = 0;
    if (conversationId) this.connect();
    else this.setStatus('idle');
  }

  /** Records that entries up to `seq` are shown, so that a reconnect asks only for later ones. */
  seen(seq) {
    if (Number.isInteger(seq) && seq > this.lastSeq) this.lastSeq = seq;
  }

  /**
   * Sends a message and succeeds with the turn ({conversationId, language, outcome, replies, lastSeq}),
   * or fails with a ChatError. Uses the socket when it is open, else the REST API.
   */
  send({ text, payload, language }) {
    const body = { text };
    if (payload) body.payload = payload;
    if (language) body.language = language;
    if (this.socket && this.socket.readyState === WebSocket.OPEN && this.conversationId) {
      return new Promise((resolve, reject) => {
        const waiter = { resolve, reject };
        waiter.timer = setTimeout(() => {
          this.pending = this.pending.filter((w) => w !== waiter);
          reject(new ChatError('timeout', 0, true));
          this.socket?.close(4000, 'turn timeout');
        }, TURN_WITHIN_MS);
        this.pending.push(waiter);
        this.socket.send(JSON.stringify(body));
      });
    }
    return this.post({ ...body, userId: this.userId, conversationId: this.conversationId ?? undefined });
  }

  async post(body) {
    let response;
    try {
      response = await fetch(new URL('api/v1/chat', this.gateway), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
    } catch (e) {
      throw new ChatError('network', 0);
    }
    const json = await response.json().catch(() => ({}));
    if (!response.ok) {
      if (response.status === 404 && body.conversationId) this.onConversationLost();
      throw new ChatError(json.error || `HTTP ${response.status}`, response.status);
    }
    return json;
  }

  /** Fetches transcript entries after `lastSeq` over REST and passes each to onMessage. */
  async poll() {
    const id = this.conversationId;
    if (!id) return;
    const url = new URL(`api/v1/chat/${encodeURIComponent(id)}/messages`, this.gateway);
    url.searchParams.set('userId', this.userId);
    url.searchParams.set('after', String(this.lastSeq));
    let response;
    try {
      response = await fetch(url, { cache: 'no-store' });
    } catch {
      return; // offline: the next poll or reconnect tries again
    }
    if (id !== this.conversationId) return;
    if (response.status === 404) {
      this.onConversationLost();
      return;
    }
    if (!response.ok) return;
    const json = await response.json().catch(() => null);
    for (const entry of json?.messages ?? []) {
      if (id !== this.conversationId) return;
      this.onMessage(entry);
    }
  }

  connect() {
    if (!this.conversationId) return;
    if (typeof WebSocket === 'undefined') {
      this.setStatus('reconnecting');
      this.schedulePoll();
      return;
    }
    const url = new URL('api/v1/chat/ws', this.gateway);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.searchParams.set('userId', this.userId);
    url.searchParams.set('conversationId', this.conversationId);
    url.searchParams.set('after', String(this.lastSeq));
    this.setStatus(this.failures === 0 ? 'connecting' : 'reconnecting');
    const socket = new WebSocket(url);
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      if (socket !== this.socket) return;
      opened = true;
      this.failures = 0;
      clearTimeout(this.timers.poll);
      this.setStatus('open');
      this.heartbeat();
    };
    socket.onmessage = (event) => {
      if (socket !== this.socket) return;
      this.heartbeat();
      let data;
      try {
        data = JSON.parse(event.data);
      } catch {
        return;
      }
      if (data.type === 'message') {
        this.onMessage(data);
      } else if (data.type === 'turn') {
        const waiter = this.pending.shift();
        if (waiter) {
          clearTimeout(waiter.timer);
          waiter.resolve(data);
        }
      } else if (data.type === 'error') {
        const waiter = this.pending.shift();
        if (waiter) {
          clearTimeout(waiter.timer);
          waiter.reject(new ChatError(data.error || 'error', 400));
        }
      }
    };
    socket.onclose = () => {
      if (socket !== this.socket) return;
      this.socket = null;
      clearTimeout(this.timers.ping);
      clearTimeout(this.timers.pong);
      for (const waiter of this.pending.splice(0)) {
        clearTimeout(waiter.timer);
        waiter.reject(new ChatError('connection lost', 0, true));
      }
      if (!opened) this.failures++;
      else this.failures = 1;
      this.setStatus('reconnecting');
      // Poll at once when the socket never opened (blocked, or the conversation is unknown: the poll
      // tells), then keep polling until a reconnect succeeds.
      this.schedulePoll(opened ? POLL_OPEN_MS : 0);
      const backoff = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.min(this.failures - 1, 5));
      this.timers.reconnect = setTimeout(() => this.connect(), backoff * (0.8 + Math.random() * 0.4));
    };
  }

  reconnectNow() {
    clearTimeout(this.timers.reconnect);
    if (this.socket) return;
    this.connect();
  }

  heartbeat() {
    clearTimeout(this.timers.ping);
    clearTimeout(this.timers.pong);
    this.timers.ping = setTimeout(() => {
      if (this.socket?.readyState !== WebSocket.OPEN) return;
      this.socket.send(JSON.stringify({ type: 'ping' }));
      this.timers.pong = setTimeout(() => this.socket?.close(4001, 'no pong'), PONG_WITHIN_MS);
    }, PING_EVERY_MS);
  }

  schedulePoll(delay) {
    clearTimeout(this.timers.poll);
    const wait = delay ?? (this.visible() ? POLL_OPEN_MS : POLL_HIDDEN_MS);
    this.timers.poll = setTimeout(async () => {
      if (this.status === 'open' || !this.conversationId) return;
      await this.poll();
      if (this.status !== 'open' && this.conversationId) this.schedulePoll();
    }, wait);
  }

  setStatus(status) {
    if (status === this.status) return;
    this.status = status;
    this.onStatus(status);
  }

  /** Closes the socket and stops every timer; follow() starts again. */
  stop() {
    for (const timer of Object.values(this.timers)) clearTimeout(timer);
    this.timers = {};
    const socket = this.socket;
    this.socket = null;
    for (const waiter of this.pending.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(new ChatError('connection closed', 0, true));
    }
    if (socket) socket.close(1000, 'bye');
  }
}

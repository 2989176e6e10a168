// The operators API (README "Operators"): JSON over fetch with the session cookie, and the live events
// socket. Both are shared by the console and the supervisor view.

/** A refused or failed request: `status` is the HTTP status (0: no answer), `message` the server's error. */
export class ApiError extends Error {
  constructor(message, status) {
    super(message);
    this.status = status;
  }
}

const BASE = '/api/v1/';

/**
 * Calls `method path` with an optional JSON body; succeeds with the parsed JSON (null for 204), fails
 * with an ApiError. `onSignedOut` runs on any 401 (the session ended).
 */
export function api(method, path, body, { onSignedOut } = {}) {
  const init = { method, credentials: 'same-origin', cache: 'no-store', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  return fetch(BASE + path, init).then(
    async (response) => {
      const text = await response.text();
      let json = null;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = null;
      }
      if (!response.ok) {
        if (response.status === 401 && onSignedOut && !path.startsWith('operators/session')) onSignedOut();
        throw new ApiError(json?.error || `HTTP ${response.status}`, response.status);
      }
      return json;
    },
    () => {
      throw new ApiError('the gateway cannot be reached', 0);
    });
}

/** Percent-encodes one path segment (conversation ids, account names). */
export const seg = (value) => encodeURIComponent(String(value));

const MAX_BACKOFF_MS = 15_000;
const PING_EVERY_MS = 25_000;
const PONG_WITHIN_MS = 10_000;
const SESSION_ENDED = 4401; // the server closes with this code when the session expired or was ended

/**
 * The live events socket `/api/v1/operators/ws`. Reconnects with growing pauses; after each (re)connect
 * it calls `onOpen`, where the console asks to resume each conversation it holds from the last entry it
 * shows. `onEvent` gets each parsed event; `onStatus` 'connecting', 'open', 'reconnecting', 'offline';
 * `checkSession` is asked after a failed connect and resolves false when the session has ended (then
 * the socket stops trying).
 */
export class LiveEvents {
  constructor({ onEvent, onOpen, onStatus, checkSession }) {
    this.onEvent = onEvent;
    this.onOpen = onOpen;
    this.onStatus = onStatus;
    this.checkSession = checkSession;
    this.socket = null;
    this.failures = 0;
    this.stopped = true;
    this.timer = null;
    this.wake = () => {
      if (!this.stopped && !this.socket) this.reconnectNow();
    };
    window.addEventListener('online', this.wake);
  }

  start() {
    this.stopped = false;
    this.failures = 0;
    this.connect();
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearTimeout(this.pingTimer);
    clearTimeout(this.pongTimer);
    const socket = this.socket;
    this.socket = null;
    if (socket) socket.close(1000, 'bye');
    this.onStatus('offline');
  }

  /** Sends an event when the socket is open; returns whether it went out. */
  send(event) {
    if (this.socket?.readyState !== WebSocket.OPEN) return false;
    this.socket.send(JSON.stringify(event));
    return true;
  }

  connect() {
    if (this.stopped) return;
    const url = new URL(`${BASE}operators/ws`, location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    this.onStatus(this.failures === 0 ? 'connecting' : 'reconnecting');
    const socket = new WebSocket(url);
    this.socket = socket;
    let opened = false;
    socket.onopen = () => {
      if (socket !== this.socket) return;
      opened = true;
      this.failures = 0;
      this.onStatus('open');
      this.heartbeat();
      this.onOpen();
    };
    socket.onmessage = (message) => {
      if (socket !== this.socket) return;
      this.heartbeat();
      let event;
      try {
        event = JSON.parse(message.data);
      } catch {
        return;
      }
      if (event && typeof event.type === 'string' && event.type !== 'pong') this.onEvent(event);
    };
    socket.onclose = async (close) => {
      if (socket !== this.socket) return;
      this.socket = null;
      clearTimeout(this.pingTimer);
      clearTimeout(this.pongTimer);
      if (this.stopped) return;
      this.failures = opened ? 1 : this.failures + 1;
      this.onStatus('reconnecting');
      if ((!opened || close.code === SESSION_ENDED) && !(await this.checkSession())) {
        this.stop();
        return;
      }
      const backoff = Math.min(MAX_BACKOFF_MS, 500 * 2 ** Math.min(this.failures - 1, 5));
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.connect(), backoff * (0.8 + Math.random() * 0.4));
    };
  }

  /** Pings after a quiet while; no answer in time closes the socket, which reconnects. */
  heartbeat() {
    clearTimeout(this.pingTimer);
    clearTimeout(this.pongTimer);
    this.pingTimer = setTimeout(() => {
      if (!this.send({ type: 'ping' })) return;
      this.pongTimer = setTimeout(() => this.socket?.close(4000, 'no pong'), PONG_WITHIN_MS);
    }, PING_EVERY_MS);
  }

  reconnectNow() {
    clearTimeout(this.timer);
    if (!this.socket) this.connect();
  }

  /** Closes the socket as a network drop would (the console then reconnects and resumes). */
  drop() {
    this.socket?.close(4000, 'dropped');
  }
}

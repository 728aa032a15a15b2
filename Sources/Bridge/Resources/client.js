/*!
 * LiveUpdates — browser client of the ICT help-desk realtime bridge.
 * One dependency-free classic script: <script src="http://bridge:8080/client.js"></script>
 * defines the global `LiveUpdates`. See docs/client.md.
 *
 *   new LiveUpdates({apiEndpoint, csrfToken, useWebSocket, websocketUrl, onSuccess,   // old form
 *                    token, tokenUrl, onMessage, types, lang, httpUrl, onStatus})     // additions
 */
(function (global) {
  'use strict';

  if (global.LiveUpdates && global.LiveUpdates.version) return; // loaded twice: keep the first

  const VERSION = '2.0.0';
  const POLL_WAIT = 25;             // seconds the bridge may hold a /messages request
  const FALLBACK_AFTER_MS = 8000;   // no live WebSocket this long → long-poll meanwhile
  const CONNECT_TIMEOUT_MS = 8000;  // a socket not welcomed by then is abandoned
  const RETRY_BASE_MS = 500;
  const RETRY_CAP_MS = 5000;        // keeps "connected again within 25 s of a restart"
  const PROBE_CAP_MS = 12000;       // WebSocket probes while long-polling works
  const REFUSED_RETRY_MS = 60000;   // 4000–4099 other than 4001/4003
  const PING_EVERY_MS = 30000;
  const PONG_TIMEOUT_MS = 10000;
  const TOAST_MS = 5000;
  const MAX_TOASTS = 5;
  const DEBOUNCE_MS = 250;
  const DEBOUNCE_MAX_MS = 1000;

  // ---------------------------------------------------------------- texts

  const STATUS_RU = {
    open: 'открыта', new: 'новая', in_progress: 'в работе', pending: 'ожидает', resolved: 'решена',
    closed: 'закрыта', active: 'активен', inactive: 'неактивен', blocked: 'заблокирован',
    disabled: 'отключён', available: 'доступно', in_use: 'используется', maintenance: 'на обслуживании',
    repair: 'в ремонте', broken: 'неисправно', retired: 'списано', decommissioned: 'списано'
  };

  const get = (obj, path) => path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);
  const str = (v) => (v == null ? '' : String(v));
  const quoted = (lang, s) => (s ? (lang === 'ru' ? ' «' + s + '»' : ' "' + s + '"') : '');
  const status = (lang, s) => (lang === 'ru' ? STATUS_RU[s] || str(s) : str(s).replace(/_/g, ' '));
  const change = (lang, d) => status(lang, d.old_status) + ' → ' + status(lang, d.new_status);
  const userName = (d) => str(get(d, 'user.name')) || '#' + str(get(d, 'user.id'));
  const equipmentName = (d) => str(get(d, 'equipment.name') || get(d, 'equipment.inventory_number')) ||
    '#' + str(get(d, 'equipment.id'));
  const ticketRef = (lang, d) => '#' + str(get(d, 'ticket.id')) + quoted(lang, str(get(d, 'ticket.title')));

  /** [title, body] for each of the eleven types of docs/protocol.md#who-receives-what, in Russian and English. */
  const TEXTS = {
    ru: {
      ticket_created: (d) => ['Новая заявка', 'Заявка ' + ticketRef('ru', d)],
      ticket_status_changed: (d) => ['Статус заявки изменён', 'Заявка ' + ticketRef('ru', d) + ': ' + change('ru', d)],
      ticket_assigned: (d) => ['Заявка назначена', 'Заявка ' + ticketRef('ru', d) + ' назначена' +
        (get(d, 'ticket.assignee.name') ? ': ' + get(d, 'ticket.assignee.name') : ' исполнителю')],
      ticket_comment_created: (d) => ['Новый комментарий', 'Комментарий к заявке ' + ticketRef('ru', d) +
        (get(d, 'comment.author_name') ? ' от ' + get(d, 'comment.author_name') : '')],
      user_created: (d) => ['Новый пользователь', 'Создан пользователь ' + userName(d)],
      user_status_changed: (d) => ['Статус пользователя изменён', 'Пользователь ' + userName(d) + ': ' + change('ru', d)],
      equipment_status_changed: (d) => ['Статус оборудования изменён', 'Оборудование ' + equipmentName(d) + ': ' + change('ru', d)],
      equipment_location_changed: (d) => ['Оборудование перемещено', 'Оборудование ' + equipmentName(d) + ': ' +
        str(d.old_location) + ' → ' + str(d.new_location)],
      knowledge_article_created: (d) => ['Новая статья', 'В базе знаний новая статья' + quoted('ru', str(get(d, 'article.title')))],
      knowledge_article_updated: (d) => ['Статья обновлена', 'В базе знаний обновлена статья' + quoted('ru', str(get(d, 'article.title')))],
      system_notification_created: (d) => ['Системное уведомление', str(get(d, 'notification.title')) +
        (get(d, 'notification.message') ? ': ' + get(d, 'notification.message') : '')],
      generic: (d, type) => ['Обновление', 'Событие: ' + type]
    },
    en: {
      ticket_created: (d) => ['New ticket', 'Ticket ' + ticketRef('en', d)],
      ticket_status_changed: (d) => ['Ticket status changed', 'Ticket ' + ticketRef('en', d) + ': ' + change('en', d)],
      ticket_assigned: (d) => ['Ticket assigned', 'Ticket ' + ticketRef('en', d) + ' was assigned' +
        (get(d, 'ticket.assignee.name') ? ' to ' + get(d, 'ticket.assignee.name') : '')],
      ticket_comment_created: (d) => ['New comment', 'Comment on ticket ' + ticketRef('en', d) +
        (get(d, 'comment.author_name') ? ' by ' + get(d, 'comment.author_name') : '')],
      user_created: (d) => ['New user', 'User ' + userName(d) + ' was created'],
      user_status_changed: (d) => ['User status changed', 'User ' + userName(d) + ': ' + change('en', d)],
      equipment_status_changed: (d) => ['Equipment status changed', 'Equipment ' + equipmentName(d) + ': ' + change('en', d)],
      equipment_location_changed: (d) => ['Equipment moved', 'Equipment ' + equipmentName(d) + ': ' +
        str(d.old_location) + ' → ' + str(d.new_location)],
      knowledge_article_created: (d) => ['New article', 'New knowledge-base article' + quoted('en', str(get(d, 'article.title')))],
      knowledge_article_updated: (d) => ['Article updated', 'Knowledge-base article updated' + quoted('en', str(get(d, 'article.title')))],
      system_notification_created: (d) => ['System notification', str(get(d, 'notification.title')) +
        (get(d, 'notification.message') ? ': ' + get(d, 'notification.message') : '')],
      generic: (d, type) => ['Update', 'Event: ' + type]
    }
  };

  const UI = {
    ru: { region: 'Уведомления', close: 'Закрыть' },
    en: { region: 'Notifications', close: 'Close' }
  };

  // ---------------------------------------------------------------- helpers

  const nativeFetch = global.fetch ? global.fetch.bind(global) : null;
  const now = () => Date.now();
  const jitter = (ms) => Math.round(ms / 2 + Math.random() * ms / 2);

  function sameOrigin(url) {
    try {
      const u = new URL(String(url), global.document ? global.document.baseURI : global.location.href);
      return global.location.origin !== 'null' && u.origin === global.location.origin;
    } catch (e) {
      return false;
    }
  }

  /** `exp` of a JWT in ms, or null. The payload is read only to schedule a refresh. */
  function jwtExpiry(token) {
    try {
      const part = String(token).split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      const exp = JSON.parse(atob(part + '==='.slice((part.length + 3) % 4))).exp;
      return typeof exp === 'number' ? exp * 1000 : null;
    } catch (e) {
      return null;
    }
  }

  /** Ids are the log's "<ms>-<n>": newer means a larger ms, or the same ms and a larger n. */
  function isNewer(id, than) {
    if (!than) return true;
    const a = String(id).split('-'), b = String(than).split('-');
    if (a.length !== 2 || b.length !== 2) return String(id) !== String(than);
    const ams = Number(a[0]), bms = Number(b[0]);
    return ams !== bms ? ams > bms : Number(a[1]) > Number(b[1]);
  }

  function meta(name) {
    const el = global.document && global.document.querySelector('meta[name="' + name + '"]');
    return el ? el.getAttribute('content') : null;
  }

  // ---------------------------------------------------------------- X-Socket-ID on the page's requests

  let currentSocketId = null;
  const page = { leader: null };   // the instance holding this page's connection
  const shownToasts = [];          // event ids already toasted on this page

  function patchRequests() {
    if (global.__liveUpdatesPatched) return;
    global.__liveUpdatesPatched = true;

    if (global.fetch) {
      const pageFetch = global.fetch;
      global.fetch = function (input, init) {
        try {
          const id = currentSocketId;
          const url = typeof input === 'string' ? input : input && (input.url || String(input));
          if (id && sameOrigin(url)) {
            const source = init && init.headers ? init.headers
              : (typeof Request !== 'undefined' && input instanceof Request ? input.headers : undefined);
            const headers = new Headers(source);
            if (!headers.has('X-Socket-ID')) {
              headers.set('X-Socket-ID', id);
              init = Object.assign({}, init, { headers: headers });
            }
          }
        } catch (e) { /* never break the page's request */ }
        return pageFetch.call(global, input, init);
      };
    }

    const XHR = global.XMLHttpRequest;
    if (XHR && XHR.prototype) {
      const open = XHR.prototype.open, send = XHR.prototype.send, setHeader = XHR.prototype.setRequestHeader;
      XHR.prototype.open = function (method, url) {
        this.__luUrl = url;
        this.__luHasSocketId = false;
        return open.apply(this, arguments);
      };
      XHR.prototype.setRequestHeader = function (name) {
        if (String(name).toLowerCase() === 'x-socket-id') this.__luHasSocketId = true;
        return setHeader.apply(this, arguments);
      };
      XHR.prototype.send = function () {
        try {
          if (currentSocketId && !this.__luHasSocketId && sameOrigin(this.__luUrl)) {
            setHeader.call(this, 'X-Socket-ID', currentSocketId);
          }
        } catch (e) { /* never break the page's request */ }
        return send.apply(this, arguments);
      };
    }
  }

  // ---------------------------------------------------------------- toasts

  function ensureStyle() {
    if (document.getElementById('live-updates-style')) return;
    const style = document.createElement('style');
    style.id = 'live-updates-style';
    style.textContent =
      '.lu-toasts{position:fixed;top:16px;right:16px;z-index:2147483000;display:flex;flex-direction:column;' +
      'gap:8px;width:min(360px,calc(100vw - 32px));pointer-events:none;font:14px/1.4 system-ui,-apple-system,' +
      '"Segoe UI",Roboto,sans-serif}' +
      '.lu-toast{pointer-events:auto;position:relative;background:#fff;color:#1f2933;border-radius:8px;' +
      'border-left:4px solid #2f80ed;box-shadow:0 6px 20px rgba(0,0,0,.18);padding:10px 34px 10px 12px;' +
      'animation:lu-in .18s ease-out;transition:opacity .3s,transform .3s}' +
      '.lu-toast.lu-out{opacity:0;transform:translateX(24px)}' +
      '.lu-toast-title{font-weight:600;margin:0 0 2px}' +
      '.lu-toast-body{margin:0;word-wrap:break-word}' +
      '.lu-toast-close{position:absolute;top:6px;right:8px;border:0;background:none;font-size:18px;' +
      'line-height:1;color:#7b8794;cursor:pointer;padding:2px}' +
      '.lu-toast[data-group="ticket"]{border-left-color:#2f80ed}' +
      '.lu-toast[data-group="user"]{border-left-color:#9b51e0}' +
      '.lu-toast[data-group="equipment"]{border-left-color:#f2994a}' +
      '.lu-toast[data-group="knowledge"]{border-left-color:#27ae60}' +
      '.lu-toast[data-group="system"]{border-left-color:#eb5757}' +
      '@keyframes lu-in{from{opacity:0;transform:translateX(24px)}to{opacity:1;transform:none}}' +
      '@media (prefers-reduced-motion:reduce){.lu-toast{animation:none;transition:none}}';
    (document.head || document.documentElement).appendChild(style);
  }

  function toastContainer(lang) {
    let box = document.getElementById('live-updates-toasts');
    if (!box) {
      ensureStyle();
      box = document.createElement('div');
      box.id = 'live-updates-toasts';
      box.className = 'lu-toasts';
      box.setAttribute('role', 'status');
      box.setAttribute('aria-live', 'polite');
      box.setAttribute('aria-relevant', 'additions');
      box.setAttribute('aria-label', UI[lang].region);
      document.body.appendChild(box);
    }
    return box;
  }

  /** Text of a toast for an event: {title, body}. Unknown types get the generic text. */
  function toastText(type, data, lang) {
    const texts = TEXTS[lang] || TEXTS.ru;
    const make = texts[type] || texts.generic;
    let parts;
    try {
      parts = make(data || {}, type);
    } catch (e) {
      parts = texts.generic(data || {}, type);
    }
    return { title: parts[0], body: parts[1] };
  }

  function showToast(type, data, lang, id) {
    if (!global.document || !document.body) return null;
    if (id) {
      if (shownToasts.indexOf(id) !== -1) return null;  // two clients on one page: one toast
      shownToasts.push(id);
      if (shownToasts.length > 200) shownToasts.shift();
    }
    const box = toastContainer(lang);
    const text = toastText(type, data, lang);
    const toast = document.createElement('div');
    toast.className = 'lu-toast';
    toast.setAttribute('data-type', type);
    toast.setAttribute('data-group', String(type).split('_')[0]);
    if (id) toast.setAttribute('data-id', id);
    const title = document.createElement('p');
    title.className = 'lu-toast-title';
    title.textContent = text.title;
    const body = document.createElement('p');
    body.className = 'lu-toast-body';
    body.textContent = text.body;
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'lu-toast-close';
    close.setAttribute('aria-label', UI[lang].close);
    close.textContent = '×';
    toast.append(title, body, close);

    let gone = false;
    const remove = () => {
      if (gone) return;
      gone = true;
      toast.classList.add('lu-out');
      setTimeout(() => toast.remove(), 300);
    };
    close.addEventListener('click', remove);
    setTimeout(remove, TOAST_MS - 300); // fully gone at 5 s
    box.appendChild(toast);
    while (box.children.length > MAX_TOASTS) box.firstElementChild.remove();
    return toast;
  }

  // ---------------------------------------------------------------- the client

  function LiveUpdates(options) {
    if (!(this instanceof LiveUpdates)) return new LiveUpdates(options);
    // php-listener's @liveUpdates prints window.liveUpdatesConfig: its connection settings are
    // the defaults of every client on the page (the old constructor form names none of them).
    const pageConfig = global.liveUpdatesConfig && typeof global.liveUpdatesConfig === 'object' ? global.liveUpdatesConfig : {};
    const o = Object.assign({}, options);
    ['token', 'tokenUrl', 'websocketUrl', 'httpUrl', 'csrfToken', 'lang'].forEach((k) => {
      if (o[k] == null && pageConfig[k] != null) o[k] = pageConfig[k];
    });
    const loc = global.location;
    const wsDefault = (loc.protocol === 'https:' ? 'wss://' : 'ws://') + (loc.hostname || 'localhost') + ':8080';

    this.options = o;
    this.apiEndpoint = o.apiEndpoint || null;
    this.csrfToken = o.csrfToken || meta('csrf-token') || null;
    this.useWebSocket = o.useWebSocket !== false && typeof global.WebSocket !== 'undefined';
    this.websocketUrl = o.websocketUrl || null;
    this.httpUrl = o.httpUrl || null;
    this.lang = o.lang === 'en' ? 'en' : 'ru';
    this.types = Array.isArray(o.types) ? o.types.slice() : null;   // null = every type refreshes
    this.showToasts = o.toasts !== false;
    this.debug = !!o.debug;
    this._wsDefault = wsDefault;
    this._tokenUrl = o.tokenUrl || meta('bridge-token-url');
    this._staticToken = o.token || meta('bridge-token');

    this.state = 'idle';
    this.transport = null;      // 'websocket' | 'polling' | null
    this.sessionId = null;
    this.lastId = null;
    this.token = null;
    this._tokenExpiresAt = null;
    this._ws = null;
    this._wsFailures = 0;
    this._authFailures = 0;
    this._stopped = true;
    this._timers = {};
    this._seen = [];
    this._poll = null;
    this._pollFailures = 0;
    this._refresh = { timer: null, first: 0, running: false, again: false };
    this._leader = null;        // set while this client uses another client's connection
    this._followers = [];       // clients using this one's connection

    patchRequests();
    if (o.autoStart !== false) this.start();
  }

  LiveUpdates.version = VERSION;
  LiveUpdates.texts = TEXTS;
  LiveUpdates.toastText = toastText;

  const P = LiveUpdates.prototype;

  P._log = function () {
    if (this.debug && global.console) console.log.apply(console, ['[LiveUpdates]'].concat([].slice.call(arguments)));
  };

  P._timer = function (name, ms, fn) {
    clearTimeout(this._timers[name]);
    this._timers[name] = setTimeout(() => { delete this._timers[name]; fn.call(this); }, ms);
  };

  P._clear = function (name) {
    clearTimeout(this._timers[name]);
    delete this._timers[name];
  };

  P._setState = function (state, info) {
    if (this.state === state && !info) return;
    this.state = state;
    this._log('state', state, info || '');
    if (typeof this.options.onStatus === 'function') {
      try {
        this.options.onStatus(state, Object.assign({ transport: this.transport, sessionId: this.sessionId }, info));
      } catch (e) { console.error(e); }
    }
    this._followers.forEach((f) => {
      f.transport = this.transport;
      f.sessionId = this.sessionId;
      f.lastId = this.lastId;
      f._setState(state, info);
    });
  };

  /** This client and the clients sharing its connection. */
  P._all = function () {
    return [this].concat(this._followers);
  };

  /** Starts (or restarts after stop()) the connection. Called by the constructor.
   *  One page, one connection: while another client runs, this one shares its connection
   *  (keeping its own apiEndpoint, onSuccess, onMessage, onStatus and types) unless shared: false. */
  P.start = function () {
    if (!this._stopped) return this;
    this._stopped = false;
    const shared = this.options.shared !== false;
    if (shared && page.leader && page.leader !== this && !page.leader._stopped) {
      this._leader = page.leader;
      this._leader._followers.push(this);
      this.transport = this._leader.transport;
      this.sessionId = this._leader.sessionId;
      this.lastId = this._leader.lastId;
      this._setState(this._leader.state, { shared: true });
      return this;
    }
    if (shared && !page.leader) page.leader = this;
    this._startedAt = now();
    this._setState('connecting');
    const begin = () => {
      if (this.useWebSocket) {
        this._connectWebSocket();
        this._timer('fallback', FALLBACK_AFTER_MS, this._fallbackCheck);
      } else {
        this._startPolling();
      }
    };
    if (global.document && document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', () => { if (!this._stopped) begin(); }, { once: true });
    } else {
      begin();
    }
    if (!this._onOnline) {
      this._onOnline = () => { if (!this._stopped && this.transport !== 'websocket' && this.useWebSocket) this._connectWebSocket(); };
      global.addEventListener('online', this._onOnline);
    }
    return this;
  };

  /** Closes everything; start() resumes from the last id. */
  P.stop = function () {
    if (this._stopped) return this;
    if (this._leader) {
      const list = this._leader._followers;
      if (list.indexOf(this) !== -1) list.splice(list.indexOf(this), 1);
      this._leader = null;
      this._stopped = true;
      this.transport = null;
      this._setState('stopped');
      return this;
    }
    this._stopped = true;
    Object.keys(this._timers).forEach((k) => this._clear(k));
    this._closeSocket(1000);
    this._stopPolling();
    if (this._onOnline) global.removeEventListener('online', this._onOnline);
    this._onOnline = null;
    this.transport = null;
    if (currentSocketId === this.sessionId) currentSocketId = null;
    const followers = this._followers;
    this._followers = [];
    if (page.leader === this) page.leader = null;
    this._setState('stopped');
    followers.forEach((f) => { // the next client takes the connection over, from the same last id
      f._leader = null;
      f._stopped = true;
      if (!f.lastId) f.lastId = this.lastId;
      f.start();
    });
    return this;
  };

  // Names the old client had.
  P.connect = P.start;
  P.disconnect = P.stop;
  P.destroy = P.stop;

  // ------------------------------------------------ tokens

  P._wsBase = function () {
    return this.websocketUrl || this._tokenWsUrl || this._wsDefault;
  };

  P._httpBase = function () {
    if (this.httpUrl) return this.httpUrl.replace(/\/+$/, '');
    const u = new URL(this._wsBase());
    return (u.protocol === 'wss:' ? 'https://' : 'http://') + u.host;
  };

  /** Resolves to the current token (fetching it when needed, or always with force). */
  P._getToken = function (force) {
    if (this.token && !force && (!this._tokenExpiresAt || this._tokenExpiresAt - now() > 5000)) {
      return Promise.resolve(this.token);
    }
    if (this._tokenPromise) return this._tokenPromise;
    const t = this._staticToken;
    let p;
    if (typeof t === 'function') {
      p = Promise.resolve(t()).then((v) => (typeof v === 'string' ? { token: v } : v));
    } else if (t && !force && !this._staticUsed) {
      this._staticUsed = true;
      p = Promise.resolve({ token: t });
    } else if (this._tokenUrl) {
      this._staticUsed = true;
      p = nativeFetch(this._tokenUrl, {
        credentials: 'same-origin',
        headers: Object.assign({ Accept: 'application/json' }, this.csrfToken ? { 'X-CSRF-TOKEN': this.csrfToken } : {})
      }).then((r) => {
        if (!r.ok) throw new Error('tokenUrl answered HTTP ' + r.status);
        return r.json();
      });
    } else if (t) { // a fixed token cannot be refreshed
      p = Promise.resolve({ token: t });
    } else {
      p = Promise.reject(new Error('no token: pass token or tokenUrl, or add <meta name="bridge-token-url">'));
    }
    this._tokenPromise = p.then((answer) => {
      if (!answer || !answer.token) throw new Error('token answer has no "token"');
      this.token = String(answer.token);
      if (answer.url && !this.websocketUrl) this._tokenWsUrl = answer.url;
      const exp = answer.expires_at ? Date.parse(answer.expires_at) : jwtExpiry(this.token);
      this._tokenExpiresAt = isNaN(exp) ? jwtExpiry(this.token) : exp;
      this._scheduleTokenRefresh();
      return this.token;
    }).finally(() => { this._tokenPromise = null; });
    return this._tokenPromise;
  };

  P._canRefreshToken = function () {
    return !!this._tokenUrl || typeof this._staticToken === 'function';
  };

  /** Fetches a fresh token before `exp` and hands it to the live socket in-band. */
  P._scheduleTokenRefresh = function () {
    this._clear('token');
    if (!this._tokenExpiresAt || !this._canRefreshToken()) return;
    const left = this._tokenExpiresAt - now();
    const ahead = Math.min(60000, Math.max(2000, left * 0.2));
    this._timer('token', Math.max(1000, left - ahead), function () {
      if (this._stopped) return;
      this._getToken(true).then((token) => {
        const ws = this._ws;
        if (ws && ws.readyState === 1 && this.sessionId) ws.send(JSON.stringify({ type: 'bridge:auth', token: token }));
      }).catch((e) => {
        this._log('token refresh failed', e);
        this._timer('token', 5000, this._scheduleTokenRefresh);
      });
    });
  };

  // ------------------------------------------------ WebSocket

  P._connectWebSocket = function () {
    if (this._stopped || !this.useWebSocket) return;
    if (this._ws && this._ws.readyState <= 1) return;
    this._clear('ws');
    if (this.transport !== 'polling') this._setState(this._everConnected ? 'reconnecting' : 'connecting');
    this._getToken(false).then((token) => {
      if (this._stopped || (this._ws && this._ws.readyState <= 1)) return;
      this._openSocket(token);
    }).catch((e) => {
      this._log('no token', e);
      console.warn('[LiveUpdates] ' + e.message);
      if (!this._canRefreshToken()) return this._setState('unauthorized', { reason: e.message });
      this._wsFailed(null);
    });
  };

  P._openSocket = function (token) {
    let url;
    try {
      const u = new URL(this._wsBase(), global.location.href);
      if (this.lastId) u.searchParams.set('last_id', this.lastId);
      url = u.toString();
    } catch (e) {
      url = this._wsBase();
    }
    let ws;
    try {
      ws = new WebSocket(url);
    } catch (e) { // blocked (CSP, a page that replaced WebSocket, bad URL)
      this._log('WebSocket constructor failed', e);
      this._wsFailures += 2;
      return this._wsFailed(null);
    }
    this._ws = ws;
    let welcomed = false;
    this._timer('connect', CONNECT_TIMEOUT_MS, () => {
      if (this._ws === ws && !welcomed) this._abandonSocket(ws);
    });
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: 'bridge:auth', token: token }));
    };
    ws.onmessage = (ev) => {
      let msg;
      try {
        msg = JSON.parse(ev.data);
      } catch (e) {
        return;
      }
      if (!msg || typeof msg.type !== 'string') return;
      this._lastFrameAt = now();
      if (msg.type === 'bridge:welcome') {
        welcomed = true;
        this._clear('connect');
        this._onWelcome(ws, msg);
      } else if (msg.type === 'bridge:pong') {
        this._clear('pong');
      } else if (msg.type === 'bridge:resync') {
        this._log('resync');
        this._all().forEach((c) => c.refresh());
      } else if (msg.type === 'bridge:resumed') {
        this._log('resumed, missed', msg.missed);
      } else if (msg.type === 'bridge:error') {
        this._log('bridge error', msg.code, msg.message);
      } else if (msg.type.indexOf('bridge:') !== 0) {
        this._handleEvent(msg);
      }
    };
    ws.onerror = () => { /* onclose follows and decides */ };
    ws.onclose = (ev) => {
      if (this._ws !== ws) return;
      this._ws = null;
      this._clear('connect');
      this._clear('ping');
      this._clear('pong');
      this._onSocketClosed(ev.code, welcomed);
    };
  };

  P._onWelcome = function (ws, msg) {
    this.sessionId = msg.session_id || null;
    currentSocketId = this.sessionId;
    this._wsFailures = 0;
    this._authFailures = 0;
    this._everConnected = true;
    this._clear('fallback');
    this._stopPolling();
    this.transport = 'websocket';
    this._setState('connected', { transport: 'websocket', sessionId: this.sessionId, userId: msg.user_id });
    this._schedulePing(ws);
  };

  P._schedulePing = function (ws) {
    this._timer('ping', PING_EVERY_MS, function () {
      if (this._ws !== ws || ws.readyState !== 1) return;
      ws.send(JSON.stringify({ type: 'bridge:ping' }));
      this._timer('pong', PONG_TIMEOUT_MS, () => { if (this._ws === ws) this._abandonSocket(ws); });
      this._schedulePing(ws);
    });
  };

  /** Gives up on a socket that hangs (no welcome, no pong) and reconnects. */
  P._abandonSocket = function (ws) {
    ws.onclose = ws.onmessage = ws.onopen = null;
    try { ws.close(4000, 'client timeout'); } catch (e) { /* already closed */ }
    if (this._ws === ws) this._ws = null;
    this._clear('ping');
    this._clear('pong');
    this._onSocketClosed(1006, false);
  };

  P._closeSocket = function (code) {
    const ws = this._ws;
    this._ws = null;
    if (ws) {
      ws.onclose = ws.onmessage = ws.onopen = ws.onerror = null;
      try { ws.close(code); } catch (e) { /* ignore */ }
    }
  };

  /** Decides what to do after a close, by the Pusher ranges of docs/protocol.md#frames. */
  P._onSocketClosed = function (code, wasWelcomed) {
    if (this._stopped) return;
    if (this.transport === 'websocket') this.transport = null;
    if (currentSocketId === this.sessionId) currentSocketId = null;
    this._log('socket closed', code);

    if (code === 4001) { // token missing/invalid/expired: fetch a fresh one, then retry
      this._authFailures += 1;
      if (!this._canRefreshToken()) {
        this._setState('unauthorized', { code: code });
        return;
      }
      this.token = null;
      const delay = this._authFailures <= 2 ? jitter(1000) : jitter(Math.min(60000, 5000 * this._authFailures));
      this._setState('reconnecting', { code: code, retryIn: delay });
      this._getToken(true).catch((e) => this._log('token refetch failed', e));
      return this._timer('ws', delay, this._connectWebSocket);
    }
    if (code === 4003) { // user blocked
      this._stopPolling();
      this._clear('fallback');
      this.transport = null;
      this._setState('blocked', { code: code });
      return;
    }
    if (code >= 4000 && code <= 4099) { // refused as is (e.g. 4004 too many connections)
      this._setState('refused', { code: code, retryIn: REFUSED_RETRY_MS });
      return this._timer('ws', jitter(REFUSED_RETRY_MS), this._connectWebSocket);
    }
    if (code >= 4200 && code <= 4299) { // restart, no pong: at once
      this._wsFailures = 0;
      this._setState(this.transport === 'polling' ? 'polling' : 'reconnecting', { code: code });
      return this._timer('ws', Math.round(Math.random() * 300), this._connectWebSocket);
    }
    this._wsFailed(code, wasWelcomed);
  };

  /** A failed or dropped socket: back off (jittered), and long-poll meanwhile if it keeps failing. */
  P._wsFailed = function (code, wasWelcomed) {
    if (this._stopped) return;
    if (!wasWelcomed) this._wsFailures += 1;
    const n = Math.max(0, this._wsFailures - 1);
    const cap = this.transport === 'polling' ? PROBE_CAP_MS : RETRY_CAP_MS;
    const delay = wasWelcomed ? jitter(RETRY_BASE_MS) : jitter(Math.min(cap, RETRY_BASE_MS * Math.pow(2, n)));
    if (this.transport !== 'polling') this._setState('reconnecting', { code: code, retryIn: delay });
    if (this._wsFailures >= 2) this._fallbackCheck();
    else if (!this._timers.fallback) this._timer('fallback', FALLBACK_AFTER_MS, this._fallbackCheck);
    this._timer('ws', delay, this._connectWebSocket);
  };

  P._fallbackCheck = function () {
    if (this._stopped || this.transport === 'websocket' || this._poll) return;
    if (!this.token && !this._staticToken && !this._tokenUrl) return;
    this._log('WebSocket unavailable: long-polling');
    this._startPolling();
  };

  // ------------------------------------------------ long-polling

  P._startPolling = function () {
    if (this._poll || this._stopped) return;
    this._poll = { controller: null };
    this._pollFailures = 0;
    this._pollLoop(this._poll);
  };

  P._stopPolling = function () {
    const poll = this._poll;
    this._poll = null;
    this._clear('poll');
    if (poll && poll.controller) poll.controller.abort();
    if (this.transport === 'polling') this.transport = null;
  };

  P._pollLoop = function (poll) {
    if (this._poll !== poll || this._stopped) return;
    this._getToken(false).then((token) => {
      if (this._poll !== poll) return null;
      const first = !this.lastId;
      const params = new URLSearchParams();
      if (this.lastId) params.set('since', this.lastId);
      params.set('wait', first ? '0' : String(POLL_WAIT));
      poll.controller = typeof AbortController !== 'undefined' ? new AbortController() : null;
      const timeout = setTimeout(() => poll.controller && poll.controller.abort(), (POLL_WAIT + 10) * 1000);
      return nativeFetch(this._httpBase() + '/messages?' + params.toString(), {
        headers: { Authorization: 'Bearer ' + token, Accept: 'application/json' },
        cache: 'no-store',
        signal: poll.controller ? poll.controller.signal : undefined
      }).then((r) => {
        clearTimeout(timeout);
        if (r.status === 401) {
          const err = new Error('401');
          err.unauthorized = true;
          throw err;
        }
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.json();
      }).then((body) => {
        if (this._poll !== poll) return;
        this._onPollAnswer(body, first);
      }, (e) => {
        clearTimeout(timeout);
        throw e;
      });
    }).then(() => {
      if (this._poll !== poll) return;
      this._pollFailures = 0;
      this._timer('poll', 0, () => this._pollLoop(poll));
    }).catch((e) => {
      if (this._poll !== poll) return;
      this._pollFailures += 1;
      if (e && e.unauthorized) this.token = null;
      if (e && e.unauthorized && !this._canRefreshToken()) return this._setState('unauthorized', { code: 401 });
      const delay = jitter(Math.min(RETRY_CAP_MS, RETRY_BASE_MS * Math.pow(2, this._pollFailures - 1)));
      this._log('poll failed', e && e.message, 'retry in', delay);
      if (this.transport === 'polling') {
        this.transport = null;
        this._setState('reconnecting', { transport: 'polling', retryIn: delay });
      }
      this._timer('poll', delay, () => this._pollLoop(poll));
    });
  };

  P._onPollAnswer = function (body, first) {
    const wasLive = this._everConnected;
    if (this.transport !== 'polling' && this.transport !== 'websocket') {
      this.transport = 'polling';
      this._everConnected = true;
      this._setState('polling', { transport: 'polling' });
    }
    const messages = Array.isArray(body && body.messages) ? body.messages : [];
    if (body && body.resync) {
      this.lastId = body.last_id || null;
      this._all().forEach((c) => c.refresh());
      return;
    }
    if (first) { // a cursor only: the page already shows the current state…
      if (body && body.last_id) this.lastId = body.last_id;
      if (wasLive) this._all().forEach((c) => c.refresh()); // …unless a connection with no event yet just dropped
      return;
    }
    messages.forEach((m) => this._handleEvent(m));
    if (body && body.last_id && isNewer(body.last_id, this.lastId)) this.lastId = body.last_id;
  };

  // ------------------------------------------------ events

  P._handleEvent = function (msg) {
    if (!msg || typeof msg.type !== 'string' || msg.type.indexOf('bridge:') === 0) return;
    if (msg.id) {
      if (this._seen.indexOf(msg.id) !== -1) return;      // arrived twice (WebSocket + polling)
      if (this.lastId && !isNewer(msg.id, this.lastId)) return;
      this._seen.push(msg.id);
      if (this._seen.length > 200) this._seen.shift();
      this.lastId = msg.id;
    }
    const data = msg.data == null ? {} : msg.data;
    const clients = this._all();
    clients.forEach((c) => {
      c.lastId = this.lastId;
      if (typeof c.options.onMessage === 'function') {
        try { c.options.onMessage(msg.type, data, msg); } catch (e) { console.error(e); }
      }
    });
    const toasting = clients.filter((c) => c.showToasts)[0];
    if (toasting) showToast(msg.type, data, toasting.lang, msg.id);
    clients.forEach((c) => {
      if (!c.types || c.types.indexOf(msg.type) !== -1) c._scheduleRefresh();
    });
  };

  /** Debounced per burst: one refetch after the burst settles (at most DEBOUNCE_MAX_MS late). */
  P._scheduleRefresh = function () {
    const r = this._refresh;
    if (!r.first) r.first = now();
    const wait = Math.max(0, Math.min(DEBOUNCE_MS, r.first + DEBOUNCE_MAX_MS - now()));
    this._timer('refresh', wait, () => { r.first = 0; this.refresh(); });
  };

  /** Refetches apiEndpoint (with the CSRF token) and calls onSuccess(data). */
  P.refresh = function () {
    const r = this._refresh;
    const onSuccess = this.options.onSuccess;
    if (!this.apiEndpoint) return Promise.resolve(null);
    if (r.running) {
      r.again = true;
      return r.running;
    }
    const headers = { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
    if (this.csrfToken) headers['X-CSRF-TOKEN'] = this.csrfToken;
    r.running = global.fetch(this.apiEndpoint, { credentials: 'same-origin', headers: headers, cache: 'no-store' })
      .then((res) => {
        if (!res.ok) throw new Error('apiEndpoint answered HTTP ' + res.status);
        return res.json();
      })
      .then((data) => {
        if (typeof onSuccess === 'function') onSuccess(data);
        return data;
      })
      .catch((e) => {
        console.warn('[LiveUpdates] refresh failed:', e && e.message);
        if (typeof this.options.onError === 'function') try { this.options.onError(e); } catch (x) { /* */ }
        return null;
      })
      .finally(() => {
        r.running = false;
        if (r.again) {
          r.again = false;
          this.refresh();
        }
      });
    return r.running;
  };

  /** Shows a toast as an event of `type` would (for the page's own notices). */
  P.showToast = function (type, data) {
    return showToast(type, data || {}, this.lang, null);
  };

  P.getStatus = function () {
    return { state: this.state, transport: this.transport, sessionId: this.sessionId, lastId: this.lastId };
  };

  global.LiveUpdates = LiveUpdates;
})(typeof window !== 'undefined' ? window : this);

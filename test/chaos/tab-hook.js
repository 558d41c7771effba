// Loaded as a classic script before the widget in each chaos "tab" (scripts/chaos.mjs,
// --tabs 2): records every WebSocket the tab opens, so that the scenario can tell which tab
// is the leader (the one holding the socket) and kill that one.
(() => {
  const Native = window.WebSocket;
  /** @type {WebSocket[]} */
  const sockets = [];
  Object.defineProperty(window, 'chaosSockets', { value: sockets });
  class HookedWebSocket extends Native {
    /** @param {ConstructorParameters<typeof WebSocket>} args */
    constructor(...args) {
      super(...args);
      sockets.push(this);
      if (sockets.length > 20) sockets.splice(0, sockets.length - 20);
    }
  }
  window.WebSocket = HookedWebSocket;
  // Same-origin iframes share their page's sessionStorage; real tabs each have their own (and
  // the widget keeps a tab's own things there: a follower's outbox, texts sent before a
  // session). Each chaos tab gets a sessionStorage of its own, as a new tab has.
  /** @type {Map<string, string>} */
  const own = new Map();
  const storage = {
    get length() {
      return own.size;
    },
    key: (/** @type {number} */ i) => [...own.keys()][i] ?? null,
    getItem: (/** @type {string} */ k) => (own.has(String(k)) ? own.get(String(k)) : null),
    setItem: (/** @type {string} */ k, /** @type {string} */ v) => void own.set(String(k), String(v)),
    removeItem: (/** @type {string} */ k) => void own.delete(String(k)),
    clear: () => own.clear(),
  };
  Object.defineProperty(window, 'sessionStorage', { value: storage, configurable: true });
  // Each tab's log lines name it (scripts/chaos.mjs prints them with CHAOS_VERBOSE=1).
  const name = `tab-${Math.random().toString(36).slice(2, 6)}`;
  const warn = console.warn.bind(console);
  console.warn = (...args) => warn(`${name} ${Date.now() % 1e6}:`, ...args);
})();

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
})();

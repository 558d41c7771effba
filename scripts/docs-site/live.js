// The docs site's one script (a file, so the pages keep a strict CSP). Served by `npm start`
// (the simulator answers /__sim/deployments), it puts the built widget on the page, talking
// to the simulator as the demo does, and lets each runnable example run on the page: an
// `html` example's <genesys-chat> replaces the page's widget (its attributes kept, pointed at
// the simulator's demo deployment), a `css` example is applied as a constructed stylesheet.
// Hosted as plain files, it only says where the widget runs live.
(() => {
  const status = document.getElementById('live-status');
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const socketUrl = `${scheme}//${location.host}/v1`;
  const DEPLOYMENT = 'demo-deployment';
  /** Attributes an example may not choose: where it connects is the simulator. */
  const WIRING = new Set(['deployment-id', 'region', 'socket-url', 'api-url', 'config-url']);

  function widget(from) {
    const chat = document.createElement('genesys-chat');
    for (const { name, value } of from ? [...from.attributes] : []) if (!WIRING.has(name)) chat.setAttribute(name, value);
    chat.setAttribute('deployment-id', DEPLOYMENT);
    chat.setAttribute('socket-url', socketUrl);
    if (!chat.hasAttribute('heading')) chat.setAttribute('heading', 'Docs: the simulator answers');
    chat.customAttributes = { page: location.pathname, docs: 'true' };
    return chat;
  }

  function run(example) {
    const code = example.querySelector('code').textContent;
    if (example.dataset.example === 'css') {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(code);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    } else {
      // Parsed inert (DOMParser runs no script); only the element's attributes are used.
      const parsed = new DOMParser().parseFromString(code, 'text/html').querySelector('genesys-chat');
      const next = widget(parsed);
      document.querySelector('body > genesys-chat')?.remove();
      document.body.append(next);
      customElements.whenDefined('genesys-chat').then(() => next.show());
    }
    status.textContent = 'Example applied to the chat on this page';
  }

  async function live() {
    let ok = false;
    try {
      ok = (await fetch('/__sim/deployments', { cache: 'no-store' })).ok;
    } catch {
      ok = false;
    }
    if (!ok) {
      status.textContent = 'The widget runs live on these pages when npm start serves them';
      return;
    }
    document.body.append(widget());
    const script = document.createElement('script');
    script.src = '/dist/genesys-chat.min.js';
    script.onerror = () => (status.textContent = 'The widget is not built: run npm run build');
    document.head.append(script);
    status.textContent = 'Live: the chat in the corner talks to the local simulator';
    for (const example of document.querySelectorAll('.example')) {
      const button = example.querySelector('button.run');
      button.hidden = false;
      button.addEventListener('click', () => run(example));
    }
  }
  void live();
})();
